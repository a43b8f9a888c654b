"""Short and unusual pages: real Tesseract on drawn pages whose body column is easy to misjudge.

Why: a nota's last page often holds a few paragraphs beside the full side
column; the side column then has as many lines as the body, and once it was
taken for the body the real paragraphs came out as handwritten "notes".
"""
from __future__ import annotations

import pytest
from PIL import Image, ImageChops, ImageDraw, ImageFont
from rapidfuzz.distance import Levenshtein

from ocr.model import Document
from ocr.pipeline import Settings, plan, process_document

import synth

pytestmark = pytest.mark.slow

SHORT_TEXT = synth.NOTA_TEXT[4:]  # heading and two paragraphs


def _norm(text: str) -> str:
    return " ".join(text.replace("ﬁ", "fi").split())


def _overlap(a, b, pad: float = 6.0) -> bool:
    return not (a[2] + pad < b[0] or b[2] + pad < a[0] or a[3] + pad < b[1] or b[3] + pad < a[1])


def _check_page(doc: Document, page: synth.SynthPage, number: int) -> None:
    """Body text right, the page's one note an anchored annotation, no body sentence among the annotations."""
    body = _norm(" ".join(b.text for b in doc.body() if b.page == number))
    expected = _norm(page.body_text())
    assert Levenshtein.distance(expected, body) / len(expected) < 0.02, body
    assert "Onze referentie" not in doc.text() and "Directie" not in doc.text()
    notes = [a for a in doc.annotations if a.page == number and a.kind == "note"]
    truths = [n for n in page.notes if n.kind == "note"]
    assert len(notes) == len(truths), [a.text for a in notes]
    for truth in truths:
        hit = next(a for a in notes if _overlap(a.bbox, truth.bbox))
        anchored = doc.block(hit.anchor)
        assert anchored is not None and anchored.page == number
        assert anchored.text[:25] in _norm(page.paragraphs[truth.paragraph].text)
    for a in doc.annotations:
        assert len(a.text.split()) < 5, f"a body sentence became an annotation: {a.text!r}"


def test_two_page_pdf_with_a_short_last_page(tmp_path):
    first = synth.make_page(seed=3)
    last = synth.make_page(SHORT_TEXT, [("note", "Prima zo", 1, "right")], footer="Pagina 2 van 2", seed=2)
    path = synth.save_pages([first, last], tmp_path / "nota.pdf")
    tasks = plan(path)
    assert abs(tasks[0].column[0] - synth.BODY_LEFT) < 3 and tasks[0].column[1] < synth.SIDE_LEFT
    doc = process_document(path, Settings(), tmp_path)
    _check_page(doc, first, 1)
    _check_page(doc, last, 2)
    assert doc.metadata.get("Datum") == "3 maart 2026"
    assert doc.metadata.get("Onze referentie") == "2026-0000417"
    assert [b.text for b in doc.blocks if b.kind == "page_number"] == ["Pagina 1 van 2", "Pagina 2 van 2"]


@pytest.mark.parametrize("text, notes", [
    (SHORT_TEXT, [("note", "Prima zo", 1, "left")]),  # a short last page alone
    (SHORT_TEXT[:2], [("note", "Eens", 1, "left")]),  # only a heading and one paragraph
], ids=["short-page", "heading-and-one-paragraph"])
def test_short_page_alone_keeps_body_side_column_and_note_apart(tmp_path, text, notes):
    page = synth.make_page(text, notes, footer="Pagina 2 van 2", seed=2)
    doc = process_document(synth.save_pages([page], tmp_path / "kort.png"), Settings(), tmp_path)
    _check_page(doc, page, 1)
    assert doc.metadata.get("Onze referentie") == "2026-0000417"
    assert doc.metadata.get("Bijlage(n)") == "2"


def test_page_without_side_column(tmp_path):
    page = synth.make_page(SHORT_TEXT, [("note", "Prima zo", 1, "right")], side_column=None, seed=4)
    doc = process_document(synth.save_pages([page], tmp_path / "zonder.png"), Settings(), tmp_path)
    _check_page(doc, page, 1)
    assert "Onze referentie" not in doc.metadata


def test_full_width_letter_page(tmp_path):
    page = synth.make_page(synth.NOTA_TEXT[:4], [("note", "Waarom?", 3, "left")], side_column=None,
                           body_width=420.0, seed=5)
    assert max(p.bbox[2] for p in page.paragraphs) > 480  # the body really runs to the right margin
    doc = process_document(synth.save_pages([page], tmp_path / "brief.png"), Settings(), tmp_path)
    _check_page(doc, page, 1)


def test_multipage_tiff_reads_both_pages(tmp_path):
    first = synth.make_page(seed=3)
    last = synth.make_page(SHORT_TEXT, [("note", "Prima zo", 1, "left")], footer="Pagina 2 van 2", seed=2)
    path = synth.save_pages([first, last], tmp_path / "nota.tif")
    doc = process_document(path, Settings(), tmp_path)
    assert len(doc.pages) == 2 and [p.method for p in doc.pages] == ["ocr", "ocr"]
    _check_page(doc, first, 1)
    _check_page(doc, last, 2)


def test_nota_page_and_full_width_page_each_keep_their_own_column(tmp_path):
    """A nota page beside an annex written across the width: one document column cannot serve both."""
    nota = synth.make_page(seed=3)
    wide = synth.make_page(synth.NOTA_TEXT[:4], [("note", "Waarom?", 3, "left")], side_column=None,
                           body_width=420.0, footer="Pagina 2 van 2", seed=5)
    assert max(p.bbox[2] for p in wide.paragraphs) > 480  # the annex body really runs past the side column's place
    path = synth.save_pages([nota, wide], tmp_path / "gemengd.pdf")
    tasks = plan(path)
    assert tasks[0].column[1] < synth.SIDE_LEFT < tasks[1].column[1]
    doc = process_document(path, Settings(), tmp_path)
    _check_page(doc, nota, 1)
    _check_page(doc, wide, 2)
    assert doc.metadata.get("Datum") == "3 maart 2026"


@pytest.mark.parametrize("remark", ["Te laat", "Akkoord"])
def test_note_written_across_the_side_column_leaves_its_date(tmp_path, remark):
    """A blue note across 'Datum / 3 maart 2026': the date is read from the print, the note from the pen alone.

    The pen is laid on by multiplying, as translucent ink lies on toner in a
    real scan; 200 dpi as the devset scans.
    """
    page = synth.make_page(synth.NOTA_TEXT, [], dpi=200, seed=7)
    scale = page.dpi / 72
    pen = Image.new("RGB", page.image.size, (255, 255, 255))
    draw = ImageDraw.Draw(pen)
    hand = ImageFont.truetype(str(synth.HAND_FONT), round(13 * scale))
    draw.text((469 * scale, 140 * scale), remark.upper(), font=hand, fill=synth.BLUE)
    box = tuple(v / scale for v in draw.textbbox((469 * scale, 140 * scale), remark.upper(), font=hand))
    assert box[1] < 145 < 150 < box[3]  # across both the label and the date
    page.image = ImageChops.multiply(page.image, pen)
    doc = process_document(synth.save_pages([page], tmp_path / "datum.pdf"), Settings(), tmp_path)
    assert doc.metadata.get("Datum") == "3 maart 2026"
    assert doc.metadata.get("Onze referentie") == "2026-0000417"
    notes = [a for a in doc.annotations if a.kind == "note"]
    assert [a.text for a in notes] == [remark] and _overlap(notes[0].bbox, box)
