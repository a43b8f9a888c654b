"""Published figures are facts: what a sent letter printed is kept, revisions need --revise and keep history,
DUO deliveries are read as DUO sends them, and the check reads PDF, .docx and our own sentences (issue 9)."""
from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from drafter.cli import cli
from drafter.figures.check import check_document
from drafter.figures.store import DEFAULT_STORE, FigureStore

from conftest import SHARED

SEP_2023 = SHARED / "seeds" / "002_d303424e999e6978.txt"
ELIP = "elip-minstens-9500-geleend-per-cohort-asielmigranten"
EXAMPLE = DEFAULT_STORE / "voorbeeld-levering-duo.csv"


def run(runner, *args: str, code: int = 0):
    result = runner.invoke(cli, list(args))
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    return result


def one_line(result) -> str:
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.output
    return lines[0]


@pytest.fixture
def store(tmp_path: Path) -> Path:
    """A copy of the shipped store (the tests change it)."""
    target = tmp_path / "store"
    shutil.copytree(DEFAULT_STORE, target)
    return target


def test_a_letter_import_records_what_it_published_even_a_total_that_does_not_add_up(cli_runner, tmp_path):
    store = tmp_path / "fresh"
    out = run(cli_runner, "figures", "import", str(SEP_2023), "--store", str(store)).output
    assert "published values recorded" in out
    figures = FigureStore(store)
    total = figures.latest_published(ELIP, date(2023, 7, 1), "totaal")
    assert total.value == 2341 and total.letter == SEP_2023.name and total.table == "Tabel 1"
    assert sum(p.value for p in figures.series_points(ELIP) if p.peildatum == date(2023, 7, 1)) == 2436
    history = run(cli_runner, "figures", "history", ELIP, "--store", str(store)).output
    assert "1 juli 2023, Totaal: 2.341 in 002_d303424e999e6978.txt (Tabel 1" in history
    assert "tellen op tot 2.436" in history and "Wijzigingen: geen" in history


def test_the_shipped_store_knows_what_the_letters_published() -> None:
    figures = FigureStore(DEFAULT_STORE)
    assert figures.latest_published(ELIP, date(2023, 7, 1), "totaal").value == 2341
    assert figures.latest_published(ELIP, date(2021, 11, 1), "verschil", since=date(2021, 5, 1)).value == -18


def test_changing_a_published_figure_needs_revise_and_keeps_the_old_value(cli_runner, store: Path, tmp_path):
    revised = tmp_path / "herzien.csv"
    revised.write_text("Peildatum;2019\n01-07-2023;630\n", encoding="utf-8")
    before = (store / f"{ELIP}.json").read_bytes()
    line = one_line(run(cli_runner, "figures", "import", str(revised), "--series", ELIP, "--store", str(store),
                        code=2))
    assert "630 here, 627 in the store" in line and SEP_2023.name in line and "--revise" in line
    assert (store / f"{ELIP}.json").read_bytes() == before
    run(cli_runner, "figures", "import", str(revised), "--series", ELIP, "--store", str(store), "--revise",
        "--why", "DUO herzag cohort 2019")
    figures = FigureStore(store)
    assert figures.get(ELIP, date(2023, 7, 1), cohort="2019").value == 630
    change = figures.history[-1]
    assert (change.old, change.new, change.old_source["file"]) == (627, 630, SEP_2023.name)
    history = run(cli_runner, "figures", "history", ELIP, "--store", str(store)).output
    assert "gewijzigd: 1 juli 2023, cohort 2019: 627" in history and "→ 630" in history
    assert "DUO herzag cohort 2019" in history
    assert "627 in 002_d303424e999e6978.txt" in history and "nu 630" in history  # the published fact stays


def test_figures_rm_removes_a_point_with_history(cli_runner, store: Path):
    run(cli_runner, "figures", "import", str(EXAMPLE), "--series", ELIP, "--store", str(store))
    assert date(2024, 1, 1) in FigureStore(store).peildata(ELIP)
    out = run(cli_runner, "figures", "rm", ELIP, "--peildatum", "01-01-2024", "--why", "verkeerde levering",
              "--store", str(store)).output
    assert "10 aantallen" in out
    figures = FigureStore(store)
    assert date(2024, 1, 1) not in figures.peildata(ELIP)
    assert [c.new for c in figures.history] == [None] * 10 and figures.history[0].why == "verkeerde levering"
    assert "verwijderd: 1 januari 2024" in run(cli_runner, "figures", "history", ELIP, "--store", str(store)).output
    # a published peildatum is not removed without --revise
    line = one_line(run(cli_runner, "figures", "rm", ELIP, "--peildatum", "2023-07-01", "--store", str(store), code=2))
    assert "published this peildatum" in line and "--revise" in line


def _duo_workbook(path: Path, total: int) -> Path:
    import openpyxl

    book = openpyxl.Workbook()
    notes = book.active
    notes.title = "Toelichting"
    notes.append(["Deze levering bevat verzonnen cijfers voor een test."])
    sheet = book.create_sheet("ELIP 9500")
    sheet.append(["DUO levering ELIP (testcijfers)"])
    sheet.append(["Aangemaakt op 15-01-2024"])
    sheet.append([])
    sheet.append(["Peildatum", "2019", "2020", "2021", "Totaal"])
    sheet.append([date(2024, 1, 1), 590, 640, 170, total])
    sheet.append(["Bron: DUO (test)"])
    book.save(path)
    return path


def test_a_duo_workbook_with_title_rows_and_a_notes_sheet(cli_runner, store: Path, tmp_path: Path):
    good = _duo_workbook(tmp_path / "levering.xlsx", 1400)
    out = run(cli_runner, "figures", "import", str(good), "--series", ELIP, "--store", str(store)).output
    assert "3 figures (3 new, 0 changed)" in out
    assert FigureStore(store).get(ELIP, date(2024, 1, 1), cohort="2020").value == 640
    bad = _duo_workbook(tmp_path / "fout.xlsx", 1495)
    before = (store / f"{ELIP}.json").read_bytes()
    line = one_line(run(cli_runner, "figures", "import", str(bad), "--series", ELIP, "--store", str(store), code=2))
    assert "fout.xlsx: sheet 'ELIP 9500', cell E5: Totaal 1.495" in line and "add up to 1.400" in line
    assert (store / f"{ELIP}.json").read_bytes() == before


def test_an_error_names_sheet_cell_and_value(cli_runner, store: Path, tmp_path: Path):
    bad = tmp_path / "levering.csv"
    bad.write_text("Levering DUO\n\nPeildatum;2019;2020\n01-01-2024;590;zeshonderd\n", encoding="utf-8")
    line = one_line(run(cli_runner, "figures", "import", str(bad), "--series", ELIP, "--store", str(store), code=2))
    assert "sheet 'csv', cell C4 (2020): 'zeshonderd' is not a whole number" in line


def test_a_misspelt_series_is_no_new_series(cli_runner, store: Path):
    line = one_line(run(cli_runner, "figures", "import", str(EXAMPLE), "--series", ELIP[:-2], "--store", str(store),
                        code=2))
    assert f"did you mean '{ELIP}'" in line and "--new-series" in line
    assert not (store / f"{ELIP[:-2]}.json").exists()
    run(cli_runner, "figures", "import", str(EXAMPLE), "--series", "elip-voorbeeld", "--new-series",
        "--store", str(store))
    assert (store / "elip-voorbeeld.json").is_file()


def test_import_help_documents_the_layouts(cli_runner):
    from drafter.figures.importers import LAYOUTS

    out = run(cli_runner, "figures", "import", "--help").output
    for line in LAYOUTS.splitlines()[1:]:
        assert " ".join(line.split()) in " ".join(out.split())


# -- figures check -------------------------------------------------------------------

def test_check_on_docx_without_tables_says_so(cli_runner, tmp_path: Path):
    from docx import Document

    document = Document()
    document.add_paragraph("Een brief zonder tabellen.")
    path = tmp_path / "brief.docx"
    document.save(str(path))
    out = run(cli_runner, "figures", "check", str(path)).output
    assert "no tables found" in out and "no inconsistencies" not in out


def test_check_reads_the_drafters_own_sentences(tmp_path: Path):
    from drafter.drafting.compose import draft_files

    from conftest import ROOT

    draft_files(ROOT / "corpus" / "specs" / "uitvoeringsbrief-2023-12.yaml", tmp_path / "brief.docx")
    tables, findings = check_document(tmp_path / "brief.docx")
    assert tables == 1 and findings == []
    text = tmp_path / "brief.txt"
    from drafter.figures.letter_tables import letter_text

    original = letter_text(tmp_path / "brief.docx")
    assert "gestegen van 2.102 naar 2.436" in original
    text.write_text(original.replace("gestegen van 2.102 naar 2.436", "gestegen van 2.120 naar 2.436"),
                    encoding="utf-8")
    assert [(f.row, f.stated, f.computed) for f in check_document(text)[1]] == [("15-10-2022", "2.120", "2.102")]
    text.write_text(original + "\nDat is + 5% ten opzichte van 1 mei 2022.\n", encoding="utf-8")
    # the sentence comes after the table, so it is not about it; put it before
    text.write_text(original.replace("De tabel hieronder", "Dat is + 5% ten opzichte van 1 mei 2022. De tabel hieronder"),
                    encoding="utf-8")
    assert [(f.stated, f.computed) for f in check_document(text)[1]] == [("+ 5%", "+ 2%")]


@pytest.mark.parametrize("verschil", ["+ 25%", "+ 50%"])  # from the printed total, or from the right one
def test_a_wrong_total_raises_no_follow_on_finding(tmp_path: Path, verschil: str):
    letter = tmp_path / "brief.txt"
    letter.write_text("Tabel 1: Test\n\n2013 2014\nTotaal\n\n01-05-2022 10 10 20\n01-11-2022 10 20 25\n"
                      f"Verschil 0% + 100% {verschil}\nBron: DUO\n", encoding="utf-8")
    tables, findings = check_document(letter)
    assert tables == 1
    assert [(f.row, f.column, f.stated, f.computed) for f in findings] == [("01-11-2022", "Totaal", "25", "30")]
    letter.write_text(letter.read_text(encoding="utf-8").replace(verschil, "+ 10%"), encoding="utf-8")
    assert len(check_document(letter)[1]) == 2  # a Verschil that fits neither total is still reported
