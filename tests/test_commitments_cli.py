"""The 'drafter commitments' commands end to end on real files: extract, import,
list/show, report in every format (xlsx reopened with openpyxl), merge, split,
set-status, export to and import from the Tweede Kamer register format."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from drafter.cli import cli
from drafter.commitments.register import SEED_ORDER

from conftest import ROOT, SHARED

SEEDS = [SHARED / "seeds" / f"{stem}.txt" for stem, _, _ in SEED_ORDER]
SAMPLES = ROOT / "corpus" / "samples"


def run(runner, *args: str, ok: bool = True):
    result = runner.invoke(cli, ["commitments", *args], catch_exceptions=False)
    if ok:
        assert result.exit_code == 0, result.output
    return result


@pytest.fixture
def db(tmp_path: Path, cli_runner) -> str:
    path = str(tmp_path / "register.sqlite")
    run(cli_runner, "import", *map(str, SEEDS[:4]), "--db", path)
    run(cli_runner, "import", str(SEEDS[4]), "--date", "2025-07-01", "--db", path)
    return path


def test_extract_json_is_a_list_of_commitments(cli_runner) -> None:
    out = json.loads(run(cli_runner, "extract", str(SAMPLES / "brief_voorbeeld.txt")).output)
    assert [c["kind"] for c in out] == ["motie", "toezegging", "toezegging"]
    assert out[0]["members"] == ["El Idrissi"] and out[0]["kamerstuk"] == "32 824, nr. 418"
    assert out[1]["made_on"] == "2025-10-08" and out[1]["fulfilled_here"]
    assert out[2]["new_here"] and out[2]["due"] == "in de volgende uitvoeringsbrief"


def test_extract_of_a_document_without_commitments_is_an_empty_list(cli_runner, tmp_path: Path) -> None:
    f = tmp_path / "cijfers.txt"
    f.write_text("Tabel 1\n\nDe cijfers van DUO laten een daling zien.\n", encoding="utf-8")
    assert json.loads(run(cli_runner, "extract", str(f)).output) == []


@pytest.mark.parametrize("content,problem", [(None, "no such file"), (b"", "empty"), (b"\xff\xfe\xfa", "UTF-8")])
def test_unreadable_input_is_one_line_exit_3(cli_runner, tmp_path: Path, content, problem) -> None:
    f = tmp_path / "kapot.txt"
    if content is not None:
        f.write_bytes(content)
    result = run(cli_runner, "extract", str(f), ok=False)
    assert result.exit_code == 3 and "kapot.txt" in result.output and "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_import_twice_changes_nothing(cli_runner, db: str) -> None:
    out = run(cli_runner, "import", *map(str, SEEDS[:4]), "--db", db).output
    assert "0 document(s) imported, 4 already" in out


def test_report_formats(cli_runner, db: str, tmp_path: Path) -> None:
    args = ["report", "--db", db, "--as-of", "2023-12-01"]
    table = run(cli_runner, *args).output
    assert "te laat" in table and "5 september 2023" in table  # Dutch dates for people
    rows = list(csv.DictReader(io.StringIO(run(cli_runner, *args, "--format", "csv").output)))
    assert any(r["due_date"] == "2023-09-05" for r in rows)  # ISO for machines
    data = json.loads(run(cli_runner, *args, "--format", "json", "--status", "overdue").output)
    assert data and all(d["status"] == "overdue" for d in data)
    md = run(cli_runner, *args, "--format", "md").output
    assert md.startswith("# Toezeggingen en moties") and "Per Kamerlid" in md
    page = tmp_path / "open.html"
    run(cli_runner, *args, "--format", "html", "-o", str(page))
    html = page.read_text(encoding="utf-8")
    assert "<style>" in html and "<link" not in html and "src=" not in html  # self-contained
    assert "Te laat" in html and "Citaat" not in html and "<blockquote>" in html
    book = tmp_path / "r.xlsx"
    run(cli_runner, *args, "--format", "xlsx", "-o", str(book))
    ws = load_workbook(book)["Register"]
    assert ws["A1"].value == "Nr" and ws.max_row > 20
    member = json.loads(run(cli_runner, *args, "--format", "json", "--member", "Becker").output)
    assert member and all("Becker" in d["members"] for d in member)
    before = json.loads(run(cli_runner, *args, "--format", "json", "--due-before", "2023-10-01").output)
    assert before and all(d["due_date"] < "2023-10-01" for d in before)


def test_xlsx_needs_a_file(cli_runner, db: str) -> None:
    result = run(cli_runner, "report", "--db", db, "--format", "xlsx", ok=False)
    assert result.exit_code == 2 and "-o" in result.output


def test_show_merge_split_set_status(cli_runner, db: str) -> None:
    data = json.loads(run(cli_runner, "report", "--db", db, "--format", "json").output)
    vroege = next(d for d in data if d["due"] == "in de volgende uitvoeringsbrief" and "Vroege" in d["subject"])
    shown = run(cli_runner, "show", str(vroege["id"]), "--db", db).output
    assert "samengevoegd: merged" in shown and "(afgedaan)" in shown
    mention = [line.split()[0][1:] for line in shown.splitlines() if line.strip().startswith("#")][1]
    out = run(cli_runner, "split", str(vroege["id"]), mention, "--db", db, "--who", "tester", "--why", "anders").output
    new_id = out.split()[-1]
    run(cli_runner, "merge", str(vroege["id"]), new_id, "--db", db, "--who", "tester", "--why", "toch gelijk")
    run(cli_runner, "set-status", str(vroege["id"]), "lapsed", "--db", db, "--who", "tester", "--why", "vervallen")
    shown = run(cli_runner, "show", str(vroege["id"]), "--db", db).output
    assert "door tester" in shown and "vervallen" in shown
    bad = run(cli_runner, "show", "9999", "--db", db, ok=False)
    assert bad.exit_code == 2 and "no commitment with id 9999" in bad.output


def test_tk_register_round_trip(cli_runner, db: str, tmp_path: Path) -> None:
    out = tmp_path / "tk.csv"
    run(cli_runner, "export", "--db", db, "--format", "tk-csv", "-o", str(out))
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert rows and set(rows[0]) == {"Nummer", "Tekst", "Status", "DatumNakoming", "Ministerie", "Naam",
                                     "ToegezegdAan"}
    assert any(r["DatumNakoming"] == "0001-01-01T00:00:00Z" for r in rows)
    # the Kamer's own export: one row for a promise we know (Becker, BSN), one we do not
    tk = tmp_path / "tk-export.json"
    tk.write_text(json.dumps({"value": [
        {"Nummer": "TZ202304-101", "Tekst": "De minister brengt de problematiek rond het BSN voor niet "
         "gehuisveste statushouders onder de aandacht van de staatssecretaris van JenV.",
         "Status": "Voldaan", "DatumNakoming": "0001-01-01T00:00:00Z", "Ministerie": "SZW",
         "Naam": "Van Gennip", "ToegezegdAan": "Becker (VVD)"},
        {"Nummer": "TZ202305-007", "Tekst": "De minister stuurt de Kamer een overzicht van wachttijden.",
         "Status": "Openstaand", "DatumNakoming": "2024-06-30T00:00:00Z", "Ministerie": "SZW",
         "Naam": "Van Gennip", "ToegezegdAan": "Podt"}]}), encoding="utf-8")
    msg = run(cli_runner, "import", str(tk), "--tk-register", "--db", db).output
    assert "1 linked, 1 new" in msg
    again = run(cli_runner, "import", str(tk), "--tk-register", "--db", db).output
    assert "2 already imported" in again
    data = json.loads(run(cli_runner, "report", "--db", db, "--format", "json").output)
    bsn = next(d for d in data if d["tk_nummer"] == "TZ202304-101")
    assert bsn["members"] == ["Becker"] and bsn["status"] == "fulfilled"
    bad = tmp_path / "not-tk.csv"
    bad.write_text("a,b\n1,2\n", encoding="utf-8")
    result = run(cli_runner, "import", str(bad), "--tk-register", "--db", db, ok=False)
    assert result.exit_code == 2 and "not a Tweede Kamer Toezegging export" in result.output


def test_shipped_register_report(cli_runner) -> None:
    out = run(cli_runner, "report", "--shipped", "--as-of", "2025-12-01", "--status", "overdue").output
    assert "te laat" in out and "zomerreces" in out


def test_reading_a_register_that_is_not_there_is_one_line(cli_runner, tmp_path: Path) -> None:
    result = run(cli_runner, "report", "--db", str(tmp_path / "typo.sqlite"), ok=False)
    assert result.exit_code == 2 and "no register here" in result.output
    assert not (tmp_path / "typo.sqlite").exists()


def test_a_register_that_cannot_be_opened_is_named_in_words(cli_runner, tmp_path: Path) -> None:
    bad = tmp_path / "register.sqlite"
    bad.write_text("dit is geen database", encoding="utf-8")
    result = cli_runner.invoke(cli, ["commitments", "list", "--db", str(bad)])
    assert result.exit_code != 0 and "cannot open the register (file is not a database)" in result.output
    assert "OperationalError" not in result.output and "Traceback" not in result.output
