"""Figures: the letters' tables parsed, checked by our rules, stored and rebuilt."""
from __future__ import annotations

import csv
import json
from datetime import date, datetime
from pathlib import Path

import pytest

from drafter.cli import cli
from drafter.figures.check import check_letter
from drafter.figures.importers import import_file
from drafter.figures.letter_tables import letter_text, parse_tables
from drafter.figures.store import DEFAULT_STORE, FigureStore, MissingFigure
from drafter.figures.tables import cohort_table

from conftest import SHARED

DEC_2021 = SHARED / "seeds" / "003_46b2f2c4559ad58e.txt"
SEP_2023 = SHARED / "seeds" / "002_d303424e999e6978.txt"
ELIP_9500 = "elip-minstens-9500-geleend-per-cohort-asielmigranten"

#: Every place where the two letters contradict themselves, under the rules of drafter.dutch.
EXPECTED = {
    DEC_2021: {
        ("Tabel 1", "Asiel / Nog plichtig", "2017", "22%", "23%"),  # 3.468 of 15.351 is 22,6%
        ("Tabel 3", "Verschil", "2014", "– 16%", "– 17%"),  # 114 -> 95 is -16,7%
        ("Tabel 3", "Verschil", "2019", "+ 155%", "+ 156%"),  # 43 -> 110 is +155,8%
        ("Tabel 3", "Verschil", "2021", "+ 100%", "n.v.t."),  # 0 -> 1: a change from 0
        ("Tabel 4", "Verschil", "2020", "+ 20%", "+ 25%"),  # 8 -> 10
    },
    SEP_2023: {
        ("Tabel 1", "01-07-2023", "Totaal", "2.341", "2.436"),  # the cohorts add up to 2.436
    },
}


@pytest.mark.parametrize("letter", [DEC_2021, SEP_2023], ids=["dec2021", "sep2023"])
def test_check_reports_every_contradiction_and_nothing_else(letter: Path) -> None:
    found = {(f.table, f.row, f.column, f.stated, f.computed) for f in check_letter(letter)}
    assert found == EXPECTED[letter]


def test_tables_of_the_december_2021_letter_are_parsed() -> None:
    tables = parse_tables(letter_text(DEC_2021))
    assert [(t.number, t.layout) for t in tables] == [(1, "shares"), (2, "amounts"), (3, "peildatum"), (4, "peildatum")]
    loans = tables[1]
    assert loans.columns == ["Aantal", "Bedrag totaal", "Bedrag gemiddeld"]
    assert loans.rows[0].label == "Toegekende leningen / opgenomen bedrag"
    assert loans.peildatum == date(2021, 9, 1)
    assert tables[2].columns[-1] == "Totaal" and tables[2].columns[0] == "2013"


def test_prose_that_contradicts_the_table_is_reported(tmp_path: Path) -> None:
    """Change the numbers the text quotes (not the table) and the check must name them."""
    text = DEC_2021.read_text(encoding="utf-8")
    assert "628 gedaald" in text and "daling van 18 procent" in text
    altered = tmp_path / "altered.txt"
    altered.write_text(text.replace("628 gedaald", "682 gedaald").replace("daling van 18 procent", "daling van 16 procent"),
                       encoding="utf-8")
    extra = {(f.table, f.stated, f.computed) for f in check_letter(altered)} - \
            {(f.table, f.stated, f.computed) for f in check_letter(DEC_2021)}
    assert extra == {("Tabel 3", "gedaald met 682", "gedaald met 628"), ("Tabel 3", "– 16%", "– 18%")}

    text = SEP_2023.read_text(encoding="utf-8")
    altered.write_text(text.replace("1 mei 2022 (2.396)", "1 mei 2022 (2.369)").replace("iets gedaald", "iets gestegen"),
                       encoding="utf-8")
    rows = {(f.row, f.stated, f.computed) for f in check_letter(altered)}
    assert ("01-05-2022", "2.369", "2.396") in rows
    assert ("01-07-2023", "gestegen", "gedaald") in rows


def test_the_december_2021_elip_table_rebuilt_from_the_corpus() -> None:
    """Same counts as published; Verschil by our rule (so it differs exactly where the letter erred)."""
    store = FigureStore(DEFAULT_STORE)
    table = cohort_table(store, ELIP_9500, [date(2021, 5, 1), date(2021, 11, 1)])
    printed = parse_tables(letter_text(DEC_2021))[2]
    for row in printed.rows[:2]:
        assert [c.text for c in row.cells] == table.rows()[printed.rows.index(row)][1:]
    assert table.rows()[-1] == ["Verschil", "0%", "– 17%", "– 26%", "– 34%", "– 30%", "+ 34%", "+ 156%", "+ 60%",
                                "n.v.t.", "– 18%"]
    for point in table.points:
        assert point.source == DEC_2021.name and point.table == "Tabel 3"


def test_missing_figure_names_series_and_peildatum() -> None:
    with pytest.raises(MissingFigure) as err:
        cohort_table(FigureStore(DEFAULT_STORE), ELIP_9500, [date(2021, 5, 1), date(2024, 1, 1)], where="x.j2:3")
    assert ELIP_9500 in str(err.value) and "2024-01-01" in str(err.value) and "x.j2:3" in str(err.value)


def test_import_csv_wide_and_long_and_xlsx(tmp_path: Path) -> None:
    wide = tmp_path / "levering.csv"
    wide.write_text("peildatum;2013;2014;Totaal\n01-11-2023;12;50;62\n", encoding="utf-8")
    long = tmp_path / "lang.csv"
    with long.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([["series", "peildatum", "cohort", "value"], ["x", "2023-11-01", "2013", "7"]])
    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(["peildatum", 2013, 2014])  # Excel keeps years and dates as numbers and dates
    book.active.append([datetime(2023, 11, 1), 11, 40.0])
    book.save(tmp_path / "levering.xlsx")
    store = FigureStore(tmp_path / "store")
    for path in (wide, long):
        store.add(p for p, _ in import_file(path, "elip"))
    store.add(p for p, _ in import_file(tmp_path / "levering.xlsx", "elip-xlsx"))
    store.save()
    again = FigureStore(tmp_path / "store")
    assert again.get("elip", date(2023, 11, 1), cohort="2014").value == 50
    assert again.get("x", date(2023, 11, 1), cohort="2013").value == 7
    assert again.get("elip-xlsx", date(2023, 11, 1), cohort="2013").value == 11
    point = again.get("elip", date(2023, 11, 1), cohort="2013")
    assert (point.source, point.row) == ("levering.csv", "01-11-2023")
    assert ("elip", date(2023, 11, 1), (("cohort", "Totaal"),)) not in again.points  # derived, not stored
    assert json.loads((tmp_path / "store" / "elip.json").read_text())["series"] == "elip"


def test_cli_import_list_check(cli_runner, tmp_path: Path) -> None:
    store = tmp_path / "store"
    result = cli_runner.invoke(cli, ["figures", "import", str(DEC_2021), "--store", str(store)])
    assert result.exit_code == 0, result.output
    result = cli_runner.invoke(cli, ["figures", "list", "--store", str(store)])
    assert ELIP_9500 in result.output and "2021-11-01" in result.output
    result = cli_runner.invoke(cli, ["figures", "list", "--series", ELIP_9500, "--store", str(store)])
    assert "cohort=2014" in result.output and f"{DEC_2021.name} / Tabel 3 / 01-11-2021" in result.output
    result = cli_runner.invoke(cli, ["figures", "check", str(SEP_2023)])
    assert result.exit_code == 0 and "stated 2.341, computed 2.436" in result.output
    result = cli_runner.invoke(cli, ["figures", "check", str(SEP_2023), "--strict"])
    assert result.exit_code == 1


def test_bad_input_is_one_line(cli_runner, tmp_path: Path) -> None:
    bad = tmp_path / "kapot.csv"
    bad.write_text("peildatum;2013\ngisteren;12\n", encoding="utf-8")
    result = cli_runner.invoke(cli, ["figures", "import", str(bad), "--series", "x", "--new-series",
                                     "--store", str(tmp_path)])
    assert result.exit_code == 2 and "kapot.csv" in result.output and "gisteren" in result.output
    assert "Traceback" not in result.output


def test_a_letter_without_tables_is_one_clear_line(cli_runner, tmp_path: Path) -> None:
    nota = SHARED / "seeds" / "004_8fa8bdbc9a6b68a5.txt"
    result = cli_runner.invoke(cli, ["figures", "import", str(nota), "--store", str(tmp_path)])
    assert result.exit_code == 2 and "no 'Tabel N'" in result.output and nota.name in result.output
    assert list(tmp_path.iterdir()) == []
    result = cli_runner.invoke(cli, ["figures", "check", str(nota)])
    assert result.exit_code == 0 and "no tables found" in result.output
    assert "no inconsistencies" not in result.output
