"""The figures check reads a letter the same way whether it comes as text, PDF or OCR JSON."""
from __future__ import annotations

from pathlib import Path

import pytest

from drafter.figures.check import check_letter

from conftest import SHARED

SEEDS = [SHARED / "seeds" / "003_46b2f2c4559ad58e.txt", SHARED / "seeds" / "002_d303424e999e6978.txt"]


def letter_pdf(source: Path, target: Path) -> Path:
    """A born-digital PDF of the letter, one text line per line, as a printed letter has it."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(TTFont("DejaVu", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"))
    page = canvas.Canvas(str(target), pagesize=A4)
    y = 800
    for line in source.read_text(encoding="utf-8").splitlines():
        if y < 60:
            page.showPage()
            y = 800
        page.setFont("DejaVu", 9)
        page.drawString(60, y, line.rstrip())
        y -= 12
    page.save()
    return target


def _found(path: Path) -> set[tuple[str, str, str, str, str]]:
    return {(f.table, f.row, f.column, f.stated, f.computed) for f in check_letter(path)}


@pytest.mark.slow  # reads PDFs through the OCR pipeline
@pytest.mark.parametrize("seed", SEEDS, ids=["dec2021", "sep2023"])
def test_pdf_and_ocr_json_give_the_same_findings_as_text(seed: Path, tmp_path: Path) -> None:
    from ocr import read_document

    expected = _found(seed)
    assert expected
    pdf = letter_pdf(seed, tmp_path / "letter.pdf")
    assert _found(pdf) == expected
    as_json = tmp_path / "letter.json"
    as_json.write_text(read_document(pdf).to_json(), encoding="utf-8")
    assert _found(as_json) == expected


def test_our_own_drafted_letter_checks_clean(tmp_path: Path) -> None:
    """A letter drafted by drafter, read back from .docx, has no contradiction (equal cells stay cells)."""
    from drafter.drafting.compose import draft_files

    from conftest import ROOT

    draft_files(ROOT / "corpus" / "specs" / "uitvoeringsbrief-2023-12.yaml", tmp_path / "brief.docx")
    assert check_letter(tmp_path / "brief.docx") == []


def test_a_drafted_table_imports_back_to_the_same_counts(tmp_path: Path) -> None:
    """Round trip: corpus -> drafted .docx (with an 'n.v.t.' Verschil) -> figures import -> the same counts."""
    from datetime import date

    import yaml

    from drafter.drafting.compose import draft_files
    from drafter.figures.importers import import_file
    from drafter.figures.letter_tables import letter_text, parse_tables
    from drafter.figures.store import DEFAULT_STORE, FigureStore

    from conftest import ROOT

    series = "elip-minstens-9500-geleend-per-cohort-asielmigranten"
    data = yaml.safe_load((ROOT / "corpus" / "specs" / "uitvoeringsbrief-2023-12.yaml").read_text(encoding="utf-8"))
    data["figures"]["elip"]["peildata"] = [date(2021, 5, 1), date(2021, 11, 1)]
    # the December 2021 letter printed some Verschil cells that its own counts do not give (– 16% for
    # – 17%): the draft uses the computed ones and says so
    data["correcties"] = {series: {date(2021, 11, 1): "gebruik_berekend"}}
    spec = tmp_path / "spec.yaml"
    spec.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    draft_files(spec, tmp_path / "brief.docx")
    verschil = parse_tables(letter_text(tmp_path / "brief.docx"))[0].row("Verschil")
    assert len(verschil.cells) == 10 and verschil.cells[8].text == "n.v.t."
    assert check_letter(tmp_path / "brief.docx") == []
    points = [p for p, _ in import_file(tmp_path / "brief.docx")]
    corpus = FigureStore(DEFAULT_STORE)
    assert len(points) == 18
    for point in points:
        assert point.series == series
        assert point.value == corpus.get(series, point.peildatum, **dict(point.dims)).value
