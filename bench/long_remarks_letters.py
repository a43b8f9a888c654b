"""Our own seven letters (tests/house_style_texts.py) with long remarks of our own, in the evaluation fonts: how
anchors and recall hold when a remark runs over four or five lines.  A module in the shape ``house_style_bench.py
--blind`` reads (it is not blind: it is ours, and tuned on since session 4):

    .venv/bin/python bench/house_style_bench.py --blind bench/long_remarks_letters.py --jobs 2
"""
import sys
from pathlib import Path
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
import house_style_texts as t
import house_style as h
MINISTRIES = getattr(t, "MINISTRIES", {})
LETTERS = t.LETTERS
FONTS = h.EVALUATION_FONTS
REMARKS = ("Dit moet beter onderbouwd worden met cijfers van DUO", "Graag eerst afstemmen met de directie Financiën",
           "Is dit al met de VNG besproken? Graag nagaan", "Deze passage kan korter en moet duidelijker",
           "Eerder hebben we hier iets anders over gezegd", "Zorg dat dit klopt met de begroting van volgend jaar",
           "Termijn lijkt me te krap, overleg met uitvoering", "Kunnen we hier een voorbeeld uit de praktijk noemen",
           "Nagaan of de Kamer dit al eerder heeft gevraagd", "Formulering is te stellig, graag afzwakken",
           "Hier ontbreekt de reactie op het advies van de Raad", "Graag een tabel met de ontwikkeling per jaar",
           "Toelichten waarom dit niet eerder is gedaan", "Let op de samenhang met de brief van vorige maand",
           "Check of dit getal nog actueel is", "Wat betekent dit voor de gemeenten?")
