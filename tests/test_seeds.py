"""The five real documents in ../shared/seeds read into documents an officer recognises.

The seeds are read from ../shared (never copied into the project).  Each test
names the structure a policy officer sees in the document: its sections, its
footnotes, its header fields, and for OCR'd nota's the minister's marks kept
apart from the body.
"""
from __future__ import annotations

import re

import pytest

from ocr import read_document
from ocr.model import Document

from conftest import SEEDS

pytestmark = pytest.mark.skipif(len(SEEDS) < 5, reason="../shared/seeds not found")


def seed(prefix: str) -> Document:
    path = next(p for p in SEEDS if p.name.startswith(prefix))
    return read_document(path)


def headings(doc: Document) -> list[str]:
    return [b.text for b in doc.blocks if b.kind == "heading"]


def sections(doc: Document) -> list[str]:
    seen: list[str] = []
    for b in doc.blocks:
        if b.section and b.section not in seen:
            seen.append(b.section)
    return seen


@pytest.mark.parametrize("index", range(5))
def test_every_seed_reads_into_a_sensible_document(index: int) -> None:
    doc = read_document(SEEDS[index])
    body = list(doc.body())
    assert len(body) >= 10
    assert sum(b.kind == "heading" for b in body) >= 3
    assert all(b.text.strip() for b in doc.blocks)
    # every body block but the opening lines and the signature sits in a section
    in_section = [b for b in body if b.section]
    assert len(in_section) >= 0.8 * len(body)
    # ids are unique and annotations point at real blocks
    ids = [b.id for b in doc.blocks]
    assert len(ids) == len(set(ids))
    assert all(doc.block(a.anchor) is not None for a in doc.annotations)
    Document.from_json(doc.to_json())  # round-trips


def test_kamerbrief_002_numbered_sections_and_footnotes() -> None:
    doc = seed("002")
    secs = sections(doc)
    for label in ("1 Inleiding", "1.1 Leeswijzer", "2 Wet inburgering 2021", "2.1 Vroege start",
                  "2.4 Financieel ontzorgen", "2.8 Vertraging kennisgeving inburgeringsplicht",
                  "3 Eerdere stelsels", "3.1 Einde lening en inburgeringsplichtig (ELIP)",
                  "4.2 Procedure aanvraag BSN statushouders in de opvang", "Ten slotte"):
        assert label in secs, label
    # order of the numbered sections is the document's order
    assert secs.index("2.1 Vroege start") < secs.index("2.5 Marktmonitor") < secs.index("3.4 Fraude urenverklaringen")
    # unnumbered sub-headings stay inside their numbered section
    vervolg = next(b for b in doc.blocks if b.text == "Vervolg")
    assert vervolg.kind == "heading" and vervolg.section == "2.5 Marktmonitor"
    # all 14 footnotes, numbered 1..14, as footnotes, none inside body text
    notes = [b for b in doc.blocks if b.kind == "footnote"]
    assert [int(b.text.split()[0]) for b in notes] == list(range(1, 15))
    assert notes[0].text == "1 Kamerstuk 32 824, nr. 390."
    for b in doc.body():
        if b.kind != "footnote":
            assert not re.search(r"\b\d{1,2} Kamerstuk 32 824, nr\. \d+\.", b.text), b.text
    # the paragraph that runs on across footnotes and a page break is one paragraph
    run_on = next(b for b in doc.blocks if "cursusaanbod de inburgeringstermijn te verlengen" in b.text)
    assert run_on.kind == "paragraph"
    # hyphenated line ends are rejoined
    assert "Nederlandse taal" in doc.text() and "Neder-" not in doc.text()
    # lists: bullets and a) .. f)
    items = [b for b in doc.blocks if b.kind == "list_item"]
    assert sum(b.text.startswith("•") for b in items) >= 8
    assert [b.text[:2] for b in items if re.match(r"[a-f]\)", b.text)] == ["a)", "b)", "c)", "d)", "e)", "f)"]
    # the ELIP table is one table block, not paragraphs of numbers
    table = next(b for b in doc.blocks if b.kind == "table")
    assert table.text.startswith("Tabel 1") and "2.341" in table.text and "Bron: DUO" in table.text
    assert not any(b.kind == "paragraph" and b.text.startswith("01-05-2022") for b in doc.blocks)
    assert len(doc.pages) == 15
    assert doc.metadata["Afzender"] == "De Minister van Sociale Zaken en Werkgelegenheid"
    assert doc.metadata["Ondertekenaar"] == "C.E.G. van Gennip"


def test_kamerbrief_003_unnumbered_sections_and_header() -> None:
    doc = seed("003")
    assert doc.metadata["Datum"] == "17 december 2021"
    assert doc.blocks[0].kind == "heading" and doc.blocks[0].section is None
    for label in ("Opzet", "Corona", "Leningen", "Motie Van Meenen/Paternotte inzake ELIP", "Tenslotte"):
        assert label in sections(doc), label
    notes = [b for b in doc.blocks if b.kind == "footnote"]
    assert [int(b.text.split()[0]) for b in notes] == list(range(1, 10))
    assert sum(b.kind == "table" for b in doc.blocks) == 4


def test_nota_004_house_structure_and_kernpunten_list() -> None:
    doc = seed("004")
    secs = sections(doc)
    assert secs[:5] == ["Aanleiding", "Geadviseerd besluit", "Kernpunten", "Inhoud brief", "Toelichting"]
    themes = [b for b in doc.blocks if b.section == "Kernpunten" and re.match(r"\d\. ", b.text)]
    assert [b.kind for b in themes] == ["list_item"] * 5
    # double-spaced lines are re-flowed into whole paragraphs
    advice = next(b for b in doc.blocks if b.section == "Geadviseerd besluit" and b.kind == "paragraph")
    assert advice.text.startswith("U wordt geadviseerd") and advice.text.endswith("Tweede Kamer.")


GARBAGE = ["M./(’”", "W‘Ut", "|smmn", "Oﬂ_j", "W(/L", "wém", "gglcgzr", "Wgw_e"]


def test_ocrd_nota_001_noise_becomes_marks_and_side_column_metadata() -> None:
    doc = seed("001")
    body = doc.text()
    for token in GARBAGE:
        assert token not in body, token
    assert not any(b.text.strip() in {"%", "|", "i"} for b in doc.blocks)
    assert doc.metadata["Datum"] == "22 november 2023"
    assert "Datum" not in body.split() and "22 november 2023" not in body
    # the noise is kept, as marks anchored to the paragraph it sat in
    marks = [a for a in doc.annotations if a.kind == "mark"]
    assert len(marks) >= 10
    kept = " ".join(a.text for a in marks)
    for token in ("M./(’”", "W‘Ut", "|smmn"):
        assert token in kept
    vroege = next(b for b in doc.blocks if b.text.startswith("Vroege start."))
    assert any(a.anchor == vroege.id and "M./(’”" in a.text for a in marks)
    assert "ten opzichte van andere kwesties" in vroege.text
    assert ["Aanleiding", "Geadviseerd besluit", "Kernpunten"] == sections(doc)[:3]
    assert "6 Overige onderwerpen" in sections(doc)


def test_markdown_nota_000_remarks_and_side_column() -> None:
    doc = seed("000")
    assert doc.metadata["Datum"] == "24 november 2022"
    assert doc.metadata["Aan"] == "Minister van SZW"
    assert doc.metadata["Bijlage(n)"] == "1"
    for label in ("Aanleiding", "Geadviseerd besluit", "Kernpunten", "1 Wet inburgering 2021",
                  "2 Wet inburgering 2013", "Bijlagen"):
        assert label in sections(doc), label
    body = doc.text()
    assert "zoals?" not in body and "onwettige" not in body and "12/12/21" not in body
    kinds = {a.kind for a in doc.annotations}
    assert {"note", "tick"} <= kinds
    remark = next(a for a in doc.annotations if "zoals?" in a.text)
    anchor = doc.block(remark.anchor)
    assert anchor is not None and anchor.kind == "list_item" and anchor.section == "1 Wet inburgering 2021"
    footnote = next(b for b in doc.blocks if b.kind == "footnote")
    assert footnote.text.startswith("1 In eerste instantie")
    assert "312¹" in body
    assert next(b for b in doc.blocks if b.kind == "table").section == "Bijlagen"


def test_letters_index_agrees_with_the_seeds() -> None:
    """corpus/letters.csv: every seed listed once, with the date the reader finds in it."""
    import csv
    from pathlib import Path

    from ocr.sections import MONTHS

    index = Path(__file__).resolve().parent.parent / "corpus" / "letters.csv"
    with index.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    by_seed = {r["seed"]: r for r in rows if r["seed"]}
    assert sorted(by_seed) == sorted(p.stem for p in SEEDS)
    for path in SEEDS:
        doc = read_document(path)
        date = doc.metadata.get("Datum")
        if date:
            day, month, year = date.split()
            iso = f"{year}-{MONTHS.index(month) + 1:02d}-{int(day):02d}"
            assert by_seed[path.stem]["date"] == iso, path.name
    # every Kamerstuk of the index that a seed cites, the seed does cite
    cited = " ".join(b.text for p in SEEDS for b in read_document(p).blocks if b.kind in {"footnote", "paragraph"})
    for r in rows:
        if r["kamerstuk"]:
            dossier, nr = r["kamerstuk"].split(", nr. ")
            assert re.search(rf"{dossier},? nr\. {nr}\b", cited), r["kamerstuk"]
