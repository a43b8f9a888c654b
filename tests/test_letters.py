"""Letters are records, and a June 2024 draft after the December 2023 one is true at its own date (issue 9)."""
from __future__ import annotations

import re
import shutil
import zipfile
from datetime import date
from pathlib import Path

from docx import Document

from drafter.cli import cli
from drafter.commitments.register import SEED_ORDER
from drafter.commitments.registerview import due_for_letter
from drafter.commitments.tracker import Tracker, database_url
from drafter.drafting.commitment_prose import as_clause, moment, paragraph
from drafter.drafting.spec import CommitmentStub
from drafter.figures.check import check_document
from drafter.figures.store import DEFAULT_STORE, FigureStore
from drafter.letters import LetterRecord, footnote, shipped_letters

from conftest import ROOT, SHARED

DECEMBER = ROOT / "corpus" / "specs" / "uitvoeringsbrief-2023-12.yaml"
SEEDS = [SHARED / "seeds" / f"{stem}.txt" for stem, _, _ in SEED_ORDER]
ELIP = "elip-minstens-9500-geleend-per-cohort-asielmigranten"
JUNE = """\
date: 20 juni 2024
kenmerk: 2024-0000000002
onderwerp: Stand van zaken uitvoering inburgering juni 2024
signatory: {title: De Minister van Sociale Zaken en Werkgelegenheid, name: C.E.G. van Gennip}
figures:
  elip: {series: elip-minstens-9500-geleend-per-cohort-asielmigranten, peildata: [2023-07-01, 2024-01-01]}
sections:
  - inleiding
  - eerdere_stelsels: {elip: {figures: elip}}
  - toezeggingen
  - ten_slotte
nota: {titel: Nota uitvoeringsbrief inburgering juni 2024, figures: elip, datum: 10 juni 2024}
"""


def ok(runner, *args: str):
    result = runner.invoke(cli, list(args))
    assert result.exit_code == 0, result.output
    return result


def one_line(runner, *args: str) -> str:
    result = runner.invoke(cli, list(args))
    assert result.exit_code == 2, result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and "Traceback" not in result.output, result.output
    return lines[0]


def text_of(path: Path) -> str:
    return "\n".join(p.text for p in Document(str(path)).paragraphs)


def footnotes_of(path: Path) -> str:
    with zipfile.ZipFile(path) as package:
        return re.sub(r"<[^>]+>", "", package.read("word/footnotes.xml").decode())


def test_letters_list_and_add(cli_runner, tmp_path: Path) -> None:
    db = str(tmp_path / "register.sqlite")
    listed = ok(cli_runner, "letters", "list", "--db", db).output
    assert "2023-07-13  kamerbrief" in listed and "Kamerstuk 32 824, nr. 390" in listed  # seeded from letters.csv
    assert len(listed.splitlines()) == len(shipped_letters())
    ok(cli_runner, "letters", "add", "--date", "15 december 2023", "--kenmerk", "2023-1", "--title",
       "Uitvoeringsbrief inburgering", "--reeks", "uitvoeringsbrief", "--db", db)
    out = ok(cli_runner, "letters", "add", "--date", "2023-12-15", "--kenmerk", "2023-1", "--title", "Uitvoeringsbrief inburgering",
             "--kamerstuk", "Kamerstuk 32 824, nr. 399.", "--db", db).output
    assert out.startswith("updated letter") and "(Kamerstuk 32 824, nr. 399)" in out
    assert "2023-12-15  kamerbrief  2023-1" in ok(cli_runner, "letters", "list", "--db", db).output
    assert "3 juli" in one_line(cli_runner, "letters", "add", "--date", "3 juli", "--title", "x", "--db", db)
    assert "--db" in one_line(cli_runner, "draft", str(DECEMBER), "-o", str(tmp_path / "b.docx"), "--sent",
                              "--db", "")
    assert not (tmp_path / "b.docx").exists()


def test_one_footnote_form_from_a_spec_and_from_the_register() -> None:
    forms = ["32 824, nr. 386", "Kamerstuk 32 824, nr. 386", "Kamerstuk 32 824, nr. 386.", "kamerstuk 32 824, nr. 386."]
    assert {footnote(f) for f in forms} == {"Kamerstuk 32 824, nr. 386."}


def _stub(**fields) -> CommitmentStub:
    return CommitmentStub(**{"kind": "toezegging", "subject": "Ontwikkelingen in de uitvoering", **fields})


def test_commitment_paragraphs_are_written_in_the_new_letters_time() -> None:
    letters = shipped_letters()
    said = dict(due="in december van dit jaar", due_date=date(2023, 12, 31), said_on=date(2023, 9, 20))
    december = paragraph(_stub(**said), date(2023, 12, 15), letters)
    june = paragraph(_stub(**said), date(2024, 6, 20), letters)
    assert december == "In mijn brief van september 2023 heb ik uw Kamer toegezegd hierop in december 2023 terug te komen."
    assert june.startswith("In mijn brief van september 2023 heb ik uw Kamer toegezegd hierop in december 2023")
    assert "van dit jaar" not in june and "later dan toegezegd" in june
    debate = _stub(subject="u te informeren over de doorstroom", member="Podt", debate="commissiedebat inburgering",
                   date=date(2023, 9, 27), kamerstuk="Kamerstuk 32 824, nr. 392.")
    assert paragraph(debate, date(2023, 12, 15), letters) == (
        "Tijdens het commissiedebat inburgering van 27 september jl. heb ik het lid Podt toegezegd u te informeren "
        "over de doorstroom^[Kamerstuk 32 824, nr. 392.].")
    assert "27 september 2023" in paragraph(debate, date(2024, 6, 20), letters)
    motie = _stub(kind="motie", subject="te monitoren hoe gemeenten de praktijkervaring invullen", member="Becker",
                  debate="commissiedebat inburgering", date=date(2023, 9, 27))
    assert paragraph(motie, date(2023, 12, 15), letters).startswith(
        "De motie van het lid Becker, ingediend tijdens het commissiedebat inburgering van 27 september jl., "
        "verzoekt de regering te monitoren")
    assert as_clause("Met VNG spreken over doorlooptijden") == "met VNG te spreken over doorlooptijden"
    assert as_clause("Borging van de onderwijsroute") is None
    # 'the next uitvoeringsbrief': this one, unless one was sent since
    assert moment("in de volgende uitvoeringsbrief", None, date(2023, 9, 20), date(2023, 12, 15), letters) == \
        ("in deze brief", False)
    later = [*letters, LetterRecord("2023-12-15", reeks="uitvoeringsbrief", title="Uitvoeringsbrief")]
    assert moment("in de volgende uitvoeringsbrief", None, date(2023, 9, 20), date(2024, 6, 20), later) == \
        ("in mijn uitvoeringsbrief van 15 december 2023", True)


def test_june_2024_after_december_2023_is_true_at_its_own_date(cli_runner, tmp_path: Path) -> None:
    """Done-when of issue 9: December marked sent, a delivery imported into a copy of the store, the officer's
    set-status, then June 2024: no sentence contradicts a published figure, every commitment paragraph is true at
    the new date, the previous letter is named right, and the officer's set-status shows."""
    store = tmp_path / "store"
    shutil.copytree(DEFAULT_STORE, store)
    db = str(tmp_path / "register.sqlite")
    ok(cli_runner, "commitments", "import", *map(str, SEEDS[:4]), "--db", db)
    due_december = due_for_letter(database_url(db), date(2023, 12, 15))
    assert due_december

    out = ok(cli_runner, "draft", str(DECEMBER), "-o", str(tmp_path / "dec.docx"), "--db", db, "--store", str(store),
             "--sent", "--kamerstuk", "32 824, nr. 399").output
    assert f"{len(due_december)} commitments marked fulfilled" in out
    # what December published: 2.436 for 1 juli 2023 (the correction) now supersedes September's 2.341
    assert FigureStore(store).latest_published(ELIP, date(2023, 7, 1), "totaal").value == 2436
    ok(cli_runner, "figures", "import", str(DEFAULT_STORE / "voorbeeld-levering-duo.csv"), "--series", ELIP,
       "--store", str(store))
    reopened = due_december[0]
    ok(cli_runner, "commitments", "set-status", str(reopened.id), "open", "--db", db,
       "--why", "nog niet afgerond; in juni opnieuw")

    spec = tmp_path / "juni.yaml"
    spec.write_text(JUNE, encoding="utf-8")
    ok(cli_runner, "draft", str(spec), "-o", str(tmp_path / "juni.docx"), "--nota", str(tmp_path / "nota.docx"),
       "--db", db, "--store", str(store))
    letter, nota = text_of(tmp_path / "juni.docx"), text_of(tmp_path / "nota.docx")

    # the previous letter: December, by its date, with its Kamerstuk as footnote
    assert "Deze brief volgt op mijn uitvoeringsbrief van 15 december 2023" in letter
    assert "Kamerstuk 32 824, nr. 399." in footnotes_of(tmp_path / "juni.docx")
    assert "de vorige dateert van 15 december 2023" in nota and "Datum\n10 juni 2024" in nota
    # figures: what the letter says agrees with its table and with what December published
    assert "Op 1 januari 2024 ging het om 2.308" in letter and "gedaald van 2.436 naar 2.308" in letter
    assert check_document(tmp_path / "juni.docx") == (1, [])
    assert "2.341" not in letter and "noemde ik" not in letter  # nothing left to correct
    # commitments: only the one the officer reopened, written at the June date
    assert letter.count("hoe deze brief aan de") == 1 and f"nr. {reopened.id} in het register" in letter
    section = letter[letter.index("Toezeggingen en moties"):letter.index("Ten slotte")]
    for stale in ("van dit jaar", "jl.", "a.s.", "volgende uitvoeringsbrief", "in deze brief terug"):
        assert stale not in section, stale
    assert ("Toezegging uit het commissiedebat\nTijdens het commissiedebat van april 2023 heb ik uw Kamer "
            "toegezegd in gesprek te gaan met de VNG") in section
    assert "Ik zegde toe hierop na het zomerreces van 2023 terug te komen. Dat is later dan toegezegd" in section
    # what June answers is fulfilled once June is marked sent
    ok(cli_runner, "letters", "add", "--from-spec", str(spec), "--db", db, "--store", str(store))
    assert Tracker(db).get(reopened.id)["record"]["status"] == "fulfilled"
    assert "2024-06-20  kamerbrief  2024-0000000002" in ok(cli_runner, "letters", "list", "--db", db).output
