"""Scanned pages: real Tesseract on pages that tests/synth.py draws, with handwriting in the margins."""
from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from ocr.pipeline import Settings, plan, process_document

import synth

pytestmark = pytest.mark.slow


def _norm(text: str) -> str:
    return " ".join(text.replace("ﬁ", "fi").split())


@pytest.fixture(scope="module")
def scanned(tmp_path_factory) -> tuple[synth.SynthPage, Path, object]:
    folder = tmp_path_factory.mktemp("scan")
    page = synth.make_page()
    path = synth.save_pages([page], folder / "nota.png")
    return page, folder, process_document(path, Settings(), folder)


def test_body_is_clean_of_handwriting(scanned):
    page, _, doc = scanned
    body = _norm(doc.text())
    assert doc.pages[0].method == "ocr"
    for note in page.notes:
        for word in note.text.split():
            assert word.upper().strip("?") not in body.upper().split(), f"note word {word!r} leaked into the body"
    from rapidfuzz.distance import Levenshtein

    expected = _norm(page.body_text())
    assert Levenshtein.distance(expected, body) / len(expected) < 0.02


def test_notes_become_anchored_annotations(scanned):
    page, folder, doc = scanned
    paragraph_text = {i: p.text for i, p in enumerate(page.paragraphs)}
    for truth in page.notes:
        hits = [a for a in doc.annotations if _overlap(a.bbox, truth.bbox)]
        assert hits, f"{truth.kind} {truth.text!r} not found"
        if truth.kind == "note":
            assert any(a.kind == "note" for a in hits)
        anchored = doc.block(hits[0].anchor)
        assert anchored is not None and anchored.text[:25] in _norm(paragraph_text[truth.paragraph])
    for a in doc.annotations:
        assert a.image and (folder / a.image).is_file()
        assert 0.0 <= a.confidence <= 1.0
    kinds = {a.kind for a in doc.annotations}
    assert {"note", "tick", "underline"} <= kinds
    eens = [a for a in doc.annotations if a.kind == "note" and "eens" in a.text.lower()]
    assert eens, [a.text for a in doc.annotations]


def test_side_column_becomes_metadata(scanned):
    page, _, doc = scanned
    assert doc.metadata.get("Datum") == "3 maart 2026"
    assert doc.metadata.get("Onze referentie") == "2026-0000417"
    assert "Onze referentie" not in doc.text()
    numbers = [b for b in doc.blocks if b.kind == "page_number"]
    assert [b.text for b in numbers] == ["Pagina 1 van 2"]


def test_multipage_tiff_with_black_ink(tmp_path):
    pages = [synth.make_page(ink=synth.BLACK_INK, seed=1),
             synth.make_page(synth.NOTA_TEXT[4:], [("note", "Prima zo", 1, "right")], footer="Pagina 2 van 2",
                             side_column=None, seed=2)]
    path = synth.save_pages(pages, tmp_path / "nota.tif")
    tasks = plan(path)
    assert len(tasks) == 2 and tasks[0].column is not None
    doc = process_document(path, Settings(), tmp_path)
    assert [p.method for p in doc.pages] == ["ocr", "ocr"]
    second = [a for a in doc.annotations if a.page == 2 and a.kind == "note"]
    assert second and "prima" in second[0].text.lower()
    assert "PRIMA" not in doc.text().upper()


def _overlap(a, b, pad: float = 6.0) -> bool:
    return not (a[2] + pad < b[0] or b[2] + pad < a[0] or a[3] + pad < b[1] or b[3] + pad < a[1])


def test_mixed_pdf_reads_text_page_and_ocrs_scanned_page(tmp_path):
    scan = synth.make_page(synth.NOTA_TEXT[:4], [("note", "Eens", 3, "right")], footer="Pagina 2 van 2",
                           side_column=None, seed=3)
    path = tmp_path / "gemengd.pdf"
    truth = synth.make_mixed_pdf(path, scan)
    doc = process_document(path, Settings(), tmp_path)
    assert [p.method for p in doc.pages] == ["text", "ocr"]
    assert doc.metadata["Onze referentie"] == truth["metadata"]["Onze referentie"]
    notes = [a for a in doc.annotations if a.kind == "note"]
    assert [a.page for a in notes] == [2] and "eens" in notes[0].text.lower()
    second = " ".join(b.text for b in doc.blocks if b.page == 2 and b.kind == "paragraph")
    assert "Gemeenten melden dat de wachttijd" in second and "EENS" not in second.upper().split()


def test_stages_are_picklable_and_assemble_equals_process_document(scanned, tmp_path):
    import pickle

    from ocr.pipeline import assemble, process_page

    page, folder, doc = scanned
    path = folder / "nota.png"
    tasks = [pickle.loads(pickle.dumps(t)) for t in plan(path)]
    results = [pickle.loads(pickle.dumps(process_page(t, tmp_path))) for t in tasks]
    again = assemble(path, results, Settings(), tmp_path)
    assert again.to_dict()["blocks"] == doc.to_dict()["blocks"]
    assert [a.text for a in again.annotations] == [a.text for a in doc.annotations]
    assert all((tmp_path / a.image).is_file() for a in again.annotations)


def test_slanted_scan_is_straightened_and_boxes_stay_on_the_scanned_page(tmp_path):
    from rapidfuzz.distance import Levenshtein

    from ocr.handwriting import unrotate_box

    page = synth.make_page(seed=4)
    angle = 1.5  # degrees, counter-clockwise: a sheet fed in crooked
    page.image = page.image.rotate(angle, fillcolor=(255, 255, 255), resample=Image.Resampling.BICUBIC)
    doc = process_document(synth.save_pages([page], tmp_path / "scheef.png"), Settings(), tmp_path)
    body = _norm(" ".join(b.text for b in doc.blocks if b.kind in ("heading", "paragraph")))
    expected = _norm(page.body_text())
    assert Levenshtein.distance(expected, body) / len(expected) < 0.02
    for truth in page.notes:
        where = unrotate_box(truth.bbox, angle, page.size_pt)  # where the note is on the slanted scan
        hits = [a for a in doc.annotations if _overlap(a.bbox, where)]
        assert hits, truth
        assert doc.block(hits[0].anchor).text[:25] in _norm(page.paragraphs[truth.paragraph].text)
