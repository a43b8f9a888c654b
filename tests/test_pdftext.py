"""Born-digital PDFs are read from their text layer, never OCR'd."""
from __future__ import annotations

import pytest

from ocr.pipeline import process_document

import synth


@pytest.fixture(scope="module")
def letter(tmp_path_factory):
    folder = tmp_path_factory.mktemp("letter")
    path = folder / "brief.pdf"
    truth = synth.make_text_pdf(path, pages=2)
    return truth, process_document(path, workdir=folder)


def test_text_layer_pages_are_not_ocrd(letter):
    _, doc = letter
    assert [p.method for p in doc.pages] == ["text", "text"]


def test_side_column_footnotes_and_page_numbers_get_their_kinds(letter):
    truth, doc = letter
    assert doc.metadata["Datum"] == truth["metadata"]["Datum"]
    assert doc.metadata["Onze referentie"] == truth["metadata"]["Onze referentie"]
    footnotes = [b.text for b in doc.blocks if b.kind == "footnote"]
    assert len(footnotes) == len(truth["footnotes"])
    assert footnotes[0].endswith(truth["footnotes"][0])
    assert [b.text for b in doc.blocks if b.kind == "page_number"] == ["Pagina 1 van 2", "Pagina 2 van 2"]
    body = " ".join(b.text for b in doc.blocks if b.kind in ("heading", "paragraph"))
    assert "Onze referentie" not in body and "Kamerstuk" not in body and "Pagina" not in body


def test_body_text_in_reading_order(letter):
    truth, doc = letter
    body = [b for b in doc.blocks if b.kind in ("heading", "paragraph")]
    assert [b.text for b in body] == truth["body"]
    assert [b.kind for b in body[:2]] == ["heading", "paragraph"]


def test_letterhead_retouradres_and_footer_are_not_body(tmp_path):
    synth.make_text_pdf(tmp_path / "brief.pdf", pages=1, letterhead=True)
    doc = process_document(tmp_path / "brief.pdf", workdir=tmp_path)
    kinds = {b.text: b.kind for b in doc.blocks}
    assert kinds[synth.LETTERHEAD] == "header"
    assert kinds[synth.RETOURADRES] == "header"
    assert kinds[synth.FOOTER] == "footer"
    assert doc.blocks[[b.kind for b in doc.blocks].index("heading")].text == "1. Stand van zaken"
