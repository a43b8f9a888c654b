"""Layout and handwriting rules on small real inputs (no Tesseract): column, paragraphs, side column, anchors."""
from __future__ import annotations

import pytest

from ocr import handwriting, layout
from ocr.model import Block
from ocr.words import has_wordlist

import synth


def test_body_column_and_pen_ink_from_a_drawn_page():
    page = synth.make_page()
    ink = handwriting.ink_map(page.image, page.dpi)
    left, right = handwriting.body_column(ink)
    body_right = max(p.bbox[2] for p in page.paragraphs)
    assert abs(left - synth.BODY_LEFT) < 2
    assert body_right - 2 < right < 430  # the tick at 432 pt stays outside
    assert ink.pen.any() and handwriting.pen_fraction(ink, page.notes[0].bbox) > 0.5
    assert handwriting.pen_fraction(ink, page.paragraphs[2].bbox) < 0.1


def test_underline_found_under_its_line_and_not_the_text_itself():
    page = synth.make_page()
    ink = handwriting.ink_map(page.image, page.dpi)
    found = handwriting.underlines(ink, handwriting.body_column(ink))
    truth = next(n for n in page.notes if n.kind == "underline")
    assert len(found) == 1
    assert abs(found[0][1] - truth.bbox[1]) < 4 and found[0][2] - found[0][0] > 0.8 * (truth.bbox[2] - truth.bbox[0])


def test_margin_regions_hold_notes_tick_and_side_column_but_not_body():
    page = synth.make_page()
    ink = handwriting.ink_map(page.image, page.dpi)
    regions = handwriting.margin_regions(ink, handwriting.body_column(ink))
    for note in page.notes:
        if note.kind != "underline":
            touching = [r for r in regions if _inside(r, note.bbox, pad=6.0)]
            assert touching and _inside(note.bbox, handwriting.union(touching)), note
    assert all(r[2] < synth.BODY_LEFT or r[0] > 425 for r in regions)


def _line(text, box, zone="right", conf=90.0, pen=False):
    return {"text": text, "bbox": box, "zone": zone, "conf": conf, "pen": pen, "size": box[3] - box[1]}


def test_remark_pieces_are_grouped_by_row_and_stack_and_ink():
    pieces = [
        _line("SNEL", (461, 100, 490, 114)), _line("OPPAKKEN", (461, 120, 520, 134)),
        _line("AUB", (525, 121, 545, 134)),
        _line("TERMIJN?", (461, 141, 515, 155), pen=True),  # right below, other pen: another remark
        _line("EENS", (461, 300, 490, 314)), _line("HELDER", (10, 120, 60, 134), zone="left"),
    ]
    groups = handwriting.group_remarks(pieces)
    texts = sorted(" ".join(l["text"] for l in g) for g in groups)
    assert texts == ["EENS", "HELDER", "SNEL OPPAKKEN AUB", "TERMIJN?"]


def test_ticks_are_not_words_of_a_note():
    assert handwriting.is_tick(_line("/", (430, 100, 446, 116), conf=80))
    assert handwriting.is_tick(_line("V", (430, 100, 446, 116), conf=80))
    assert not handwriting.is_tick(_line("zo", (470, 100, 486, 116), conf=80))
    assert not handwriting.is_tick(_line("/", (430, 100, 500, 116), conf=80))  # a long stroke is a mark


def test_print_in_the_margin_is_told_from_pen_writing():
    body_height = 10.0
    assert not handwriting.is_handwritten(_line("Onze referentie", (460, 100, 510, 106.5)), body_height, 0.0)
    assert not handwriting.is_handwritten(_line("Pagina 2 van 4", (460, 780, 510, 787), conf=50), body_height, 0.0)
    assert handwriting.is_handwritten(_line("EENS", (460, 100, 490, 114)), body_height, 0.0)
    assert handwriting.is_handwritten(_line("ok", (460, 100, 470, 106)), body_height, 1.0)


def test_sentence_case_of_block_capitals():
    assert handwriting.sentence_case("GRAAG TOELICHTEN") == "Graag toelichten"
    assert handwriting.sentence_case("Wat kost dit?") == "Wat kost dit?"


@pytest.mark.skipif(not has_wordlist(), reason="needs the Dutch word list (wdutch)")
def test_transcription_repaired_with_the_word_list():
    assert handwriting.correct_remark("Snel opp pkken") == "Snel oppakken"
    assert handwriting.correct_remark("Goeà zo") == "Goed zo"
    assert handwriting.correct_remark("Wat kost dit?") == "Wat kost dit?"
    assert handwriting.correct_remark("Hoe zit dit met COA?") == "Hoe zit dit met COA?"


def test_side_column_pairs_first_value_wins():
    lines = ["Directie Samenleving", "en Integratie", "", "Datum", "3 maart 2026", "",
             "Onze referentie", "2026-0000417", "", "Bijlage(n)", "2"]
    meta = layout.parse_side_column(lines)
    assert meta["Datum"] == "3 maart 2026" and meta["Onze referentie"] == "2026-0000417"


def _body_line(top, text="tekst " * 8, x1=400.0):
    return {"text": text, "bbox": (93.6, top, x1, top + 9.0), "zone": "body", "conf": 95.0, "size": 9.0}


def test_paragraphs_break_where_the_pitch_jumps_even_without_descenders():
    lines = [_body_line(100), _body_line(114.5), _body_line(131, x1=300), _body_line(160), _body_line(174.5)]
    lines[1]["bbox"] = (93.6, 116.5, 400.0, 121.5)  # a line without ascenders or descenders
    paras = layout._paragraphs(lines, layout._pitch(lines))
    assert [len(p) for p in paras] == [3, 2]


def test_anchor_is_the_block_beside_the_first_line_then_overlap_then_nearest():
    blocks = [Block("b1", 1, "heading", "Kernpunten", (93, 100, 160, 112)),
              Block("b2", 1, "paragraph", "Eerste alinea", (93, 120, 420, 200)),
              Block("b3", 1, "paragraph", "Tweede alinea", (93, 215, 420, 300))]
    # a remark starts where its passage starts and may run on below it
    assert layout.anchor_for((460, 190, 520, 290), blocks) == "b2"  # begins beside b2's last line
    assert layout.anchor_for((460, 216, 520, 330), blocks) == "b3"  # begins at b3, runs past its end
    assert layout.anchor_for((460, 205, 520, 260), blocks) == "b3"  # begins between: overlaps b3
    assert layout.anchor_for((460, 202, 520, 212), blocks) == "b2"  # between: nearest
    assert layout.anchor_for((460, 98, 520, 110), blocks) == "b1"  # beside a heading only: the heading
    assert layout.anchor_for((460, 105, 520, 125), blocks) == "b2"  # heading and paragraph: the paragraph
    assert layout.anchor_for((460, 500, 520, 520), []) is None


def _inside(inner, outer, pad=4.0):
    return (inner[0] >= outer[0] - pad and inner[1] >= outer[1] - pad
            and inner[2] <= outer[2] + pad and inner[3] <= outer[3] + pad)


@pytest.mark.parametrize("text", [synth.NOTA_TEXT[4:], synth.NOTA_TEXT[4:6]], ids=["short-page", "one-paragraph"])
def test_body_column_of_a_short_page_is_the_wide_column_not_the_side_column(text):
    page = synth.make_page(text, [], footer="Pagina 2 van 2")
    left, right, lines = handwriting.column_estimate(handwriting.ink_map(page.image, page.dpi, factor=1))
    assert abs(left - synth.BODY_LEFT) < 2 and lines >= 3
    assert max(p.bbox[2] for p in page.paragraphs) - 3 < right < synth.SIDE_LEFT


def test_document_column_follows_the_pages_with_most_typed_text():
    full, misread_short = (93.8, 421.6, 14), (460.5, 531.1, 6)
    assert handwriting.document_column([full, misread_short])[0] == 93.8
    assert handwriting.document_column([misread_short, full, (94.2, 420.0, 5)])[0] == pytest.approx(94.0, abs=0.5)


def test_a_page_keeps_the_document_column_unless_it_clearly_has_its_own():
    nota, letter = (93.6, 425.0), (93.6, 515.0)
    assert handwriting.page_column((94.8, 423.2, 30), nota) == nota  # scan jitter
    assert handwriting.page_column((93.2, 514.0, 12), nota) == (93.2, 514.0)  # an annex across the width
    assert handwriting.page_column((93.2, 424.0, 20), letter) == (93.2, 424.0)  # a nota page in a letter
    assert handwriting.page_column((93.2, 514.0, 4), nota) == nota  # too few lines to trust
    assert handwriting.page_column((460.5, 531.1, 6), nota) == nota  # its side column misread as body
    assert handwriting.page_column((93.2, 514.0, 12), None) == (93.2, 514.0)
    assert handwriting.page_column(None, nota) == nota


def test_a_wide_confident_dutch_sentence_is_print_whatever_its_height():
    if not has_wordlist():
        pytest.skip("no Dutch word list")
    sentence = _line("U wordt geadviseerd in te stemmen met de brief", (95, 138, 414, 147), conf=95)
    assert not handwriting.is_handwritten(sentence, body_height=6.5, pen=0.0)
    assert handwriting.is_handwritten(_line("Eens", (10, 141, 41, 150), conf=95), body_height=9.0, pen=0.0)


def test_a_remark_beside_a_table_caption_is_about_the_caption():
    """'Tabel 1: …' and 'Bron: …' print like headings, but a remark written beside them is about them."""
    blocks = [Block("b1", 1, "heading", "Tabel 1: Doorlooptijd in dagen", (79, 513, 216, 522)),
              Block("b2", 1, "table", "Zaaksoort 2023 2024\nStrafbeschikking 96 91", (85, 533, 369, 588)),
              Block("b3", 1, "heading", "Bron: CBS, 2025", (80, 592, 200, 599)),
              Block("b4", 1, "heading", "Maatregelen", (80, 610, 143, 619))]
    assert layout.anchor_for((6, 514, 73, 595), blocks) == "b1"
    assert layout.anchor_for((460, 593, 520, 640), blocks) == "b3"
    assert layout.anchor_for((460, 609, 520, 660), blocks) == "b4"  # a section title alone: the title


def test_lines_of_one_stretch_of_ink_in_one_pen_are_one_remark():
    """Tesseract missed the second line of a long remark: the first and third are still one remark, whose
    box is the whole stretch of ink; a remark in another pen in the same stretch stays apart."""
    from ocr.pipeline import _by_region

    top, bottom = _line("Graag eerst", (9, 544, 71, 556), zone="left"), _line("Financiën", (10, 612, 54, 622), zone="left")
    region = (6, 543, 74, 623)
    [(group, box)] = _by_region(handwriting.group_remarks([top, bottom]), [region])
    assert [l["text"] for l in group] == ["Graag eerst", "Financiën"] and box == region
    other = _line("Nee", (10, 630, 40, 640), zone="left", pen=True)
    groups = _by_region(handwriting.group_remarks([top, bottom, other]), [(6, 543, 74, 641)])
    assert sorted(" ".join(l["text"] for l in g) for g, _ in groups) == ["Graag eerst Financiën", "Nee"]
    assert all(b is None for _, b in groups)  # two pens share the stretch: each keeps its own lines' box
