"""Section and kind rules on small texts of our own (the seeds are in test_seeds.py)."""
from __future__ import annotations

from ocr.model import Block, Document
from ocr.readers.plain import parse_text
from ocr.sections import assign_sections, numbered_heading, parse_metadata

LETTER = """\
1. Inleiding

Met deze brief informeer ik uw Kamer over de voortgang van de pilot
taalcoaching in de regio Twente.1 De pilot startte in het voorjaar.

2. Uitvoering

2.1 Eerste ervaringen

Deelnemers zijn tevreden over de begeleiding door hun taalcoach. Enkele
gemeenten melden dat de inzet van vrijwilligers meer tijd vraagt dan
voorzien, omdat de werving van coa-

1 Kamerstuk 32 824, nr. 401.
 ches moeizaam op gang kwam.

Gemeenten vragen daarom om een langere looptijd.

Nadere afspraken

Ik maak met de VNG afspraken over de verlenging:
1. De pilot loopt door tot 1 juli 2027;
2. De regio rapporteert elk half jaar.

Ten slotte

Ik informeer uw Kamer in de volgende brief.
"""


def by_text(doc: Document, start: str) -> Block:
    return next(b for b in doc.blocks if b.text.startswith(start))


def test_letter_sections_footnotes_and_lists() -> None:
    doc = parse_text(LETTER)
    assert by_text(doc, "1. Inleiding").kind == "heading"
    assert by_text(doc, "Met deze brief").section == "1 Inleiding"
    assert by_text(doc, "2.1 Eerste").section == "2.1 Eerste ervaringen"
    # the paragraph runs on over the footnote and the page break
    para = by_text(doc, "Deelnemers")
    assert para.text.endswith("omdat de werving van coaches moeizaam op gang kwam.")
    assert by_text(doc, "Gemeenten vragen").page == 2
    note = by_text(doc, "1 Kamerstuk")
    assert note.kind == "footnote" and note.section == "2.1 Eerste ervaringen"
    assert "Kamerstuk" not in para.text
    # an unnumbered sub-heading stays in its numbered section; a closing heading does not
    assert by_text(doc, "Nadere afspraken").kind == "heading"
    assert by_text(doc, "Nadere afspraken").section == "2.1 Eerste ervaringen"
    items = [b for b in doc.blocks if b.kind == "list_item"]
    assert [b.text[:2] for b in items] == ["1.", "2."]
    assert by_text(doc, "Ik informeer").section == "Ten slotte"
    assert len(doc.pages) == 2


def test_hyphenation_is_undone_but_compounds_keep_their_hyphen() -> None:
    doc = parse_text("De Neder-\nlandse taal en de MBO-\nRaad, de wet-\nen regelgeving en het azc.\n")
    assert doc.blocks[0].text == "De Nederlandse taal en de MBO-Raad, de wet- en regelgeving en het azc."


def test_numbered_heading_shape() -> None:
    assert numbered_heading("2.3 Vroege start") == ("2.3", "Vroege start")
    assert numbered_heading("2.8. Vertraging kennisgeving") == ("2.8", "Vertraging kennisgeving")
    assert numbered_heading("3.5 Piek in termijnen en achterstanden bij de boeteoplegging.") is not None
    assert numbered_heading("1. De IND heeft aanpassingen doorgevoerd waardoor de gegevens weer volledig zijn en "
                            "daarnaast zal zij haar processen aanscherpen.") is None
    assert numbered_heading("3. Herstelactie: U informeert de Kamer over een uitspraak") is None
    assert numbered_heading("2.341 inburgeraars") is None


def test_parse_metadata_side_column() -> None:
    lines = ["Directie Samenleving en Integratie", "Datum", "Inburgering is belangrijk", "3 maart 2026",
             "Onze referentie", "2026-0000123456", "Bijlage(n)", "2", "Betreft: Voortgang inburgering",
             "Datum", "4 maart 2026"]
    meta = parse_metadata(lines)
    assert meta["Datum"] == "3 maart 2026"  # a stray line is no date; a repeated field keeps the first
    assert meta["Onze referentie"] == "2026-0000123456"
    assert meta["Bijlage(n)"] == "2"
    assert meta["Betreft"] == "Voortgang inburgering"
    assert parse_metadata(["Den Haag, 17 december 2021"]) == {"Datum": "17 december 2021"}
    assert parse_metadata(["Onze referentie", "Inburgeringsonderwijs"]) == {}
    # a side column read as one line per field, one space between label and value
    assert parse_metadata(["Datum 3 maart 2026", "Onze referentie 2026-0000417", "Bijlage(n) 1",
                           "Van Gennip"]) == {"Datum": "3 maart 2026", "Onze referentie": "2026-0000417",
                                              "Bijlage(n)": "1"}


def test_assign_sections_on_blocks_from_another_reader() -> None:
    """The PDF/OCR pipeline hands over blocks; kinds and sections come from here."""
    texts = ["nota", "Voortgang taalcoaching", "Aanleiding", "De pilot loopt een jaar.",
             "Geadviseerd besluit:", "In te stemmen met verlenging.", "Kernpunten",
             "1. Deelnemers", "Deelnemers zijn tevreden.", "2. Gemeenten", "Gemeenten vragen meer tijd.",
             "3 Kamerstuk 32 824, nr. 401.", "Toelichting", "• Eerste punt", "Bijlage(n)"]
    doc = Document(source="x", blocks=[Block(f"b{i}", 1, "paragraph", t) for i, t in enumerate(texts)])
    assign_sections(doc)
    kinds = {b.text: (b.kind, b.section) for b in doc.blocks}
    assert kinds["nota"] == ("heading", None)
    assert kinds["Voortgang taalcoaching"] == ("heading", None)
    assert kinds["De pilot loopt een jaar."] == ("paragraph", "Aanleiding")
    assert kinds["Geadviseerd besluit:"] == ("heading", "Geadviseerd besluit")
    assert kinds["1. Deelnemers"] == ("heading", "1 Deelnemers")
    assert kinds["Gemeenten vragen meer tijd."] == ("paragraph", "2 Gemeenten")
    assert kinds["3 Kamerstuk 32 824, nr. 401."][0] == "footnote"
    assert kinds["• Eerste punt"] == ("list_item", "Toelichting")
    assert kinds["Bijlage(n)"] == ("heading", "Bijlagen")
