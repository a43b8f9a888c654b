"""The plain-text reader on the samples we ship (corpus/samples) and on small texts."""
from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from ocr import read_document
from ocr.readers.plain import parse_text

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "corpus" / "samples"


def test_sample_nota_has_the_house_structure() -> None:
    doc = read_document(SAMPLES / "nota_voorbeeld.txt")
    assert doc.metadata["Datum"] == "12 maart 2026"
    assert doc.metadata["Onze referentie"] == "2026-0000187342"
    assert doc.metadata["Aan"] == "Minister van SZW"
    assert doc.metadata["Bijlage(n)"] == "2"
    order = []
    for b in doc.blocks:
        if b.section and b.section not in order:
            order.append(b.section)
    assert order == ["Aanleiding", "Geadviseerd besluit", "Kernpunten", "1 Wachttijden voor de brede intake",
                     "2 Taalcoaching naast het werk", "3 Examencapaciteit bij DUO", "Toelichting", "Bijlagen"]
    body = doc.text()
    # what the commitments demo needs: toezeggingen, a motie with member, Kamerstuk and deadline
    assert body.count("toegezegd") >= 2
    assert re.search(r"motie van het lid El Idrissi \(D66\).*Kamerstuk 32 824, nr\. 418.*uiterlijk 1 juli 2026", body)
    table = next(b for b in doc.blocks if b.kind == "table")
    assert table.text.splitlines()[0] == "Volgnummer\tNaam\tActie\tInformatie"
    # re-flow: the wrapped bullet is one list item
    motie = next(b for b in doc.blocks if "El Idrissi" in b.text)
    assert motie.kind == "list_item" and motie.text.endswith("start.")


def test_sample_brief_has_numbered_sections_and_footnotes() -> None:
    doc = read_document(SAMPLES / "brief_voorbeeld.txt")
    assert doc.metadata["Datum"] == "20 maart 2026"
    assert doc.metadata["Betreft"] == "Voortgang taalcoaching op de werkvloer"
    assert [b.section for b in doc.blocks if b.kind == "heading"] == [
        "1 Inleiding", "2 Resultaten van de pilot", "2.1 Deelname", "2.2 Ervaringen van werkgevers", "3 Vervolg"]
    assert [b.text for b in doc.blocks if b.kind == "footnote"] == ["1 Kamerstuk 32 824, nr. 418.",
                                                                     "2 Kamerstuk 32 824, nr. 421."]
    assert "werkgevers wil de coaching" in doc.text()  # "werk-" + "gevers" rejoined


def test_samples_do_not_copy_seed_sentences() -> None:
    from conftest import SEEDS

    seed_sentences = set()
    for path in SEEDS:
        text = " ".join(path.read_text(encoding="utf-8").split())
        seed_sentences |= {s.strip() for s in re.split(r"(?<=[.!?])\s", text) if len(s.split()) >= 8}
    for sample in SAMPLES.glob("*.txt"):
        text = " ".join(sample.read_text(encoding="utf-8").split())
        for sentence in seed_sentences:
            assert sentence not in text, (sample.name, sentence)


def test_letters_index_is_well_formed() -> None:
    with (ROOT / "corpus" / "letters.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) >= 10
    dates = [r["date"] for r in rows]
    assert dates == sorted(dates)
    for r in rows:
        assert r["kind"] in {"kamerbrief", "nota"}
        assert r["precision"] == {10: "day", 7: "month", 4: "year"}[len(r["date"])]
        assert not r["kamerstuk"] or re.fullmatch(r"\d{2} \d{3}(?: [A-Z]+)?, nr\. \d+", r["kamerstuk"])
        assert r["title"] and r["source"]


def test_empty_and_whitespace_only_text() -> None:
    doc = parse_text("Aanleiding\n\n\n   \n")
    assert [(b.kind, b.text) for b in doc.blocks] == [("heading", "Aanleiding")]


def test_windows_line_ends_byte_order_mark_and_addresses(tmp_path: Path) -> None:
    path = tmp_path / "nota.txt"
    text = ("Aanleiding\r\n\r\nVragen aan info@szw.example.nl, pers@szw.example.nl of\r\n"
            "kijk op https://www.example.nl/inburgering en mail beleid@szw.example.nl.\r\n")
    path.write_bytes("\ufeff".encode() + text.encode("utf-8"))
    doc = read_document(path)
    assert [b.text for b in doc.blocks] == [
        "Aanleiding",
        "Vragen aan info@szw.example.nl, pers@szw.example.nl of kijk op https://www.example.nl/inburgering "
        "en mail beleid@szw.example.nl."]
    assert doc.annotations == []


def test_ocr_noise_is_kept_as_marks_on_own_text() -> None:
    text = ("Aanleiding\n\nDe gemeenten melden dat de wachttijd voor de brede intake is gedaald naar W‘Ut\n"
            "vijf weken. Dat is sneller dan in het vorige halfjaar en |smmn\n%\n"
            "ruim binnen de wettelijke termijn van tien weken. ) W(/L rf\n")
    doc = parse_text(text)
    para = doc.blocks[1]
    assert para.text == ("De gemeenten melden dat de wachttijd voor de brede intake is gedaald naar vijf weken. "
                         "Dat is sneller dan in het vorige halfjaar en ruim binnen de wettelijke termijn van tien weken.")
    assert [a.text for a in doc.annotations] == ["W‘Ut", "|smmn", "%", ") W(/L rf"]
    assert all(a.kind == "mark" and a.anchor == para.id for a in doc.annotations)


def test_form_feeds_are_page_breaks_and_paragraphs_run_on() -> None:
    doc = parse_text("1. Inleiding\n\nDe pilot loopt in vier regio's en de eerste\n\fresultaten zijn positief.\n\f"
                     "2. Vervolg\n\nIk breid de pilot uit.\n")
    assert [(b.page, b.kind, b.text) for b in doc.blocks] == [
        (1, "heading", "1. Inleiding"),
        (1, "paragraph", "De pilot loopt in vier regio's en de eerste resultaten zijn positief."),
        (3, "heading", "2. Vervolg"),
        (3, "paragraph", "Ik breid de pilot uit."),
    ]
    assert len(doc.pages) == 3


def test_markdown_headings_lists_links_and_emphasis(tmp_path: Path) -> None:
    path = tmp_path / "brief.md"
    path.write_text("# Voortgang taalcoaching\n\n## 1. Inleiding\n\nDe pilot is **geslaagd**, zie het "
                    "[rapport](https://example.nl/rapport.pdf).\n\n- eerste punt\n- tweede punt\n\n"
                    "## 2. Vervolg\n\nIk breid de pilot uit.\n", encoding="utf-8")
    doc = read_document(path)
    assert [(b.kind, b.section, b.text) for b in doc.blocks] == [
        ("heading", None, "Voortgang taalcoaching"),
        ("heading", "1 Inleiding", "1. Inleiding"),
        ("paragraph", "1 Inleiding", "De pilot is geslaagd, zie het rapport."),
        ("list_item", "1 Inleiding", "• eerste punt"),
        ("list_item", "1 Inleiding", "• tweede punt"),
        ("heading", "2 Vervolg", "2. Vervolg"),
        ("paragraph", "2 Vervolg", "Ik breid de pilot uit."),
    ]


def test_a_saved_document_reads_back_and_a_foreign_json_is_refused(tmp_path: Path) -> None:
    import pytest

    from ocr.errors import ReadError

    doc = read_document(SAMPLES / "brief_voorbeeld.txt")
    saved = tmp_path / "brief.json"
    saved.write_text(doc.to_json(), encoding="utf-8")
    assert read_document(saved).to_dict() == doc.to_dict()
    other = tmp_path / "ander.json"
    other.write_text('{"naam": "geen document"}', encoding="utf-8")
    with pytest.raises(ReadError, match="not a drafter document"):
        read_document(other)
    broken = tmp_path / "kapot.json"
    broken.write_text('{"source": ', encoding="utf-8")
    with pytest.raises(ReadError, match="invalid JSON"):
        read_document(broken)


def test_list_items_render_with_one_bullet(tmp_path: Path) -> None:
    """Readers keep '•' in a list item's text; Markdown and Word draw their own bullet."""
    import docx

    from ocr.output import write_outputs
    from ocr.output.markdown import render_markdown

    doc = read_document(SAMPLES / "nota_voorbeeld.txt")
    markdown = render_markdown(doc)
    assert "- De gemiddelde wachttijd" in markdown and "- •" not in markdown
    paths = write_outputs(doc, tmp_path, "nota", ["docx"])
    items = [p.text for p in docx.Document(str(paths["docx"])).paragraphs if p.style.name == "List Bullet"]
    assert items and not any(t.startswith("•") for t in items)


@pytest.mark.parametrize("encoding, recorded", [
    ("utf-16", "utf-16"),        # Word's 'Unicode text': UTF-16 with a byte-order mark
    ("cp1252", "windows-1252"),  # Word's and Notepad's older default
    ("utf-8-sig", "utf-8"),
])
def test_text_files_as_people_save_them(tmp_path: Path, encoding: str, recorded: str) -> None:
    """Not refused: read, with the encoding kept in the metadata."""
    from ocr import read_document

    text = "Datum 3 juli 2024\n\nDe financiële positie van gemeenten – ideeën voor 2025 – is € 12 miljoen.\n"
    path = tmp_path / "brief.txt"
    path.write_bytes(text.encode(encoding))
    doc = read_document(path)
    assert doc.metadata["encoding"] == recorded
    body = " ".join(b.text for b in doc.blocks)
    assert "financiële positie van gemeenten – ideeën voor 2025 – is € 12 miljoen" in body


def test_a_binary_file_named_txt_is_refused_in_words(tmp_path: Path) -> None:
    from ocr import read_document
    from ocr.errors import ReadError

    path = tmp_path / "image.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(ReadError, match="binary data"):
        read_document(path)
