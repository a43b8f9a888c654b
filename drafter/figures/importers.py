"""Importers: a DUO delivery (CSV, XLSX) or a published letter -> store points.

Deliveries come in two shapes, both accepted (``LAYOUTS`` is the text
``drafter figures import --help`` and the README show):

* wide, as DUO and the letters print them: a header row with ``Peildatum`` and
  one column per cohort (``2013``, ``’22/’23``), optionally ``Totaal``, which is
  checked against the sum of the cohorts; the series name comes from ``--series``;
* long: columns ``series, peildatum, value`` (or ``waarde``) and any other
  columns as dimensions (``cohort``, ``groep``, …).

The table is found by its header row: title rows above it are skipped, a row
starting with 'Bron', 'Toelichting' or '*' (or an empty row) ends it, and an
xlsx sheet named 'Toelichting' (notes, uitleg, bron) or without such a header is
skipped.  Peildata may be date cells or written ``01-05-2022``, ``1-5-2022``,
``01/05/2022`` or ``2022-05-01``.  Every error names the sheet, the cell and its value.
"""
from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from drafter.dutch import getal
from drafter.errors import DrafterError
from drafter.figures.layouts import LAYOUTS  # noqa: F401 - part of this module's interface
from drafter.figures.letter_tables import (
    LetterTable,
    cell_value,
    cohort_name,
    is_peildatum_row,
    letter_text,
    parse_tables,
    row_date,
)
from drafter.figures.store import Point, Published, check_dimension_name, check_series_name, slug
from ocr.errors import ReadError
from ocr.limits import check_zip_limits

LETTER_SUFFIXES = {".txt", ".md", ".pdf", ".json", ".docx", ".png", ".jpg", ".jpeg", ".tif", ".tiff"}


_DMY = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})")


def parse_peildatum(raw: object, where: str) -> date:
    """A peildatum as DUO writes it: a date cell, 01-05-2022, 1-5-2022, 01/05/2022 or 2022-05-01."""
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    text = _text(raw)
    try:
        if match := _DMY.fullmatch(text):
            return date(int(match[3]), int(match[2]), int(match[1]))
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}([ T][0-9:.]*)?", text):
            return date.fromisoformat(text[:10])
    except ValueError:
        pass
    raise DrafterError(f"{where}: {text[:40]!r} is not a peildatum (write 01-05-2022 or 2022-05-01)")


MAX_DIGITS = 15
"""Longest count we accept (a quadrillion): more is a slip, and Python refuses ints of 4300+ digits."""


def parse_value(raw: object, where: str) -> int:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        raise DrafterError(f"{where}: empty where a whole number is expected")
    if isinstance(raw, bool):
        raise DrafterError(f"{where}: {raw!r} is not a whole number")
    if isinstance(raw, (int, float)):
        if isinstance(raw, float) and (raw != raw or raw in (float("inf"), float("-inf")) or raw != int(raw)):
            raise DrafterError(f"{where}: {raw!r} is not a whole number")
        if abs(int(raw)) >= 10 ** MAX_DIGITS:
            raise DrafterError(f"{where}: {raw!r} is too large for a count")
        return int(raw)
    text = str(raw).strip().replace(".", "").replace(" ", "")
    digits = text[1:] if text.startswith("-") else text
    if not (digits.isascii() and digits.isdigit()):
        raise DrafterError(f"{where}: {str(raw)[:40]!r} is not a whole number")
    if len(digits) > MAX_DIGITS:
        raise DrafterError(f"{where}: {str(raw)[:40]!r} is too large for a count")
    return int(text)


def _cell(row: list[object], index: int) -> object:
    """The cell at ``index``; a short CSV row simply has empty cells at its end."""
    return row[index] if index < len(row) else None


def _text(raw: object) -> str:
    return "" if raw is None else str(raw).strip()


def cell_name(row: int, column: int) -> str:
    """'C5' for row 5, column 3 (1-based), as a spreadsheet shows it; CSV files get the same names."""
    letters = ""
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return f"{letters}{row}"


#: Sheets DUO adds for explanation; they hold no figures.
NOTES_SHEETS = re.compile(r"toelichting|notes?|noten|uitleg|bron(nen)?|readme|info", re.I)
#: A row below the table that ends it: the source line, a footnote, a remark.
END_OF_TABLE = re.compile(r"(bron|toelichting|noot|opmerking|\*)", re.I)
EMPTY_CELL = {"", "-", "\u2013", "n.v.t.", "nvt"}


def _header_row(rows: list[list[object]]) -> int | None:
    """Index of the row naming the columns: the first with a 'peildatum' cell (title rows above are skipped)."""
    for index, row in enumerate(rows):
        if any(_text(c).lower().rstrip(":") == "peildatum" for c in row):
            return index
    return None


@dataclass(frozen=True)
class _Grid:
    """One table of a delivery as the steps of ``import_rows`` read it: the cells, where its header row is."""

    rows: list[list[object]]
    source: str
    sheet: str
    start: int  # index of the header row
    title: str
    header: list[str]  # lower case, without a trailing ':'

    @property
    def at(self) -> str:
        return f"{self.source}: sheet {self.sheet!r}"

    def body(self) -> Iterable[tuple[int, list[object]]]:
        """The rows below the header with their 1-based row numbers, as a spreadsheet shows them."""
        return enumerate(self.rows[self.start + 1:], start=self.start + 2)

    def where(self, row: int, column: int, what: str = "") -> str:
        """'src.csv: sheet 'csv', cell C5' (and what the column holds): every error names its cell."""
        return f"{self.at}, cell {cell_name(row, column + 1)}{what}"


def _grid(rows: list[list[object]], source: str, sheet: str) -> _Grid:
    """The table from its header row on; title rows above it become the title."""
    start = _header_row(rows)
    if start is None:
        raise DrafterError(f"{source}: sheet {sheet!r}: no header row with a 'peildatum' column "
                           "(see 'drafter figures import --help' for the accepted layouts)")
    title = " ".join(_text(c) for r in rows[:start] for c in r if _text(c))[:200]
    header = [_text(c).lower().rstrip(":") for c in rows[start]]
    return _Grid(rows, source, sheet, start, title, header)


def _is_long(grid: _Grid) -> bool:
    """A long table names its series per row: columns 'series' and 'value' (or 'waarde')."""
    return "series" in grid.header and bool({"value", "waarde"} & set(grid.header))


def _long_dimensions(grid: _Grid, fixed: tuple[int, ...]) -> list[tuple[int, str]]:
    """The other named columns of a long table, each a dimension named once and validly."""
    header = grid.header
    dims = [(i, h) for i, h in enumerate(header) if i not in fixed and h]
    names = [h for _, h in dims]
    for i, h in dims:
        if names.count(h) > 1:
            raise DrafterError(f"{grid.where(grid.start + 1, i)}: column {h!r} appears twice")
        check_dimension_name(h, grid.where(grid.start + 1, i))
    return dims


def _import_long(grid: _Grid) -> list[tuple[Point, str]]:
    """Points of a long table: one per row, until an empty row or a 'Bron'/'*' row."""
    header = grid.header
    i_series, i_date = header.index("series"), header.index("peildatum")
    i_value = header.index("value") if "value" in header else header.index("waarde")
    dims = _long_dimensions(grid, (i_series, i_date, i_value))
    points: list[tuple[Point, str]] = []
    for n, row in grid.body():
        if all(_text(c) == "" for c in row) or END_OF_TABLE.match(_text(_cell(row, 0))):
            break
        name = check_series_name(_text(_cell(row, i_series)), grid.where(n, i_series))
        points.append((Point(name, parse_peildatum(_cell(row, i_date), grid.where(n, i_date)),
                             tuple((h, _text(_cell(row, i))) for i, h in dims),
                             parse_value(_cell(row, i_value), grid.where(n, i_value)),
                             grid.source, grid.sheet, f"row {n}"), grid.title))
    return points


@dataclass(frozen=True)
class _Wide:
    """Where the columns of a wide table are: the peildatum, the cohorts, DUO's Totaal (if any)."""

    i_date: int
    i_total: int | None
    cohorts: list[tuple[int, str]]


_DERIVED_ROWS = {"verschil", "totaal"}
"""Rows of a wide table we compute ourselves and so skip."""


def _wide_columns(grid: _Grid) -> _Wide:
    """The columns of a wide table; figures under a column without a name are refused."""
    i_date = grid.header.index("peildatum")
    columns = [_text(c) for c in grid.rows[grid.start]]
    i_total = next((i for i, h in enumerate(grid.header) if h == "totaal"), None)
    for i, column in enumerate(columns):
        if i > i_date and not column and any(_text(_cell(r, i)) not in EMPTY_CELL
                                             for r in grid.rows[grid.start + 1:]):
            raise DrafterError(f"{grid.where(grid.start + 1, i)}: figures in a column without a name")
    return _Wide(i_date, i_total, [(i, c) for i, c in enumerate(columns) if i > i_date and i != i_total and c])


def _wide_row_kind(grid: _Grid, n: int, row: list[object], first: str, i_date: int) -> str:
    """'figures', 'derived' (skipped) or 'end' (of the table); figures without a peildatum are refused."""
    if first and not END_OF_TABLE.match(first) and first.lower() not in _DERIVED_ROWS:
        return "figures"
    if not first and any(_text(c) for c in row):
        raise DrafterError(f"{grid.where(n, i_date)}: figures in a row without a peildatum")
    return "derived" if first.lower() in _DERIVED_ROWS else "end"


def _wide_row_points(grid: _Grid, wide: _Wide, n: int, row: list[object], when: date, series: str,
                     dimension: str) -> list[Point]:
    """The cohorts' points of one peildatum row (empty cells hold none)."""
    first = _text(_cell(row, wide.i_date))
    points = []
    for i, column in wide.cohorts:
        raw = _cell(row, i)
        if _text(raw) in EMPTY_CELL:
            continue
        points.append(Point(series, when, ((dimension, cohort_name(column)),),
                            parse_value(raw, grid.where(n, i, f" ({column})")), grid.source, grid.sheet, first))
    return points


def _check_row_total(grid: _Grid, wide: _Wide, n: int, row: list[object], when: date,
                     points: list[Point]) -> None:
    """DUO's Totaal must be the sum of the cohorts, else nothing is imported."""
    if wide.i_total is None or _text(_cell(row, wide.i_total)) in EMPTY_CELL:
        return
    stated = parse_value(_cell(row, wide.i_total), grid.where(n, wide.i_total, " (Totaal)"))
    computed = sum(p.value for p in points)
    if stated != computed:
        raise DrafterError(f"{grid.where(n, wide.i_total)}: Totaal {getal(stated)} for peildatum "
                           f"{when.isoformat()}, but the cohorts add up to {getal(computed)}; "
                           "nothing imported (ask DUO which is right)")


def _import_wide(grid: _Grid, series: str | None, dimension: str) -> list[tuple[Point, str]]:
    """Points of a wide table: a row per peildatum, a column per cohort, named by ``series``."""
    if not series:
        raise DrafterError(f"{grid.at}: a table per peildatum needs --series NAME")
    check_series_name(series, grid.at)
    wide = _wide_columns(grid)
    points: list[tuple[Point, str]] = []
    for n, row in grid.body():
        kind = _wide_row_kind(grid, n, row, _text(_cell(row, wide.i_date)), wide.i_date)
        if kind == "derived":
            continue
        if kind == "end":
            break
        when = parse_peildatum(_cell(row, wide.i_date), grid.where(n, wide.i_date))
        row_points = _wide_row_points(grid, wide, n, row, when, series, dimension)
        _check_row_total(grid, wide, n, row, when, row_points)
        points += [(p, grid.title) for p in row_points]
    if not points:
        raise DrafterError(f"{grid.at}: no figures below the header row {grid.start + 1}")
    return points


def import_rows(rows: list[list[object]], source: str, sheet: str, series: str | None,
                dimension: str = "cohort") -> list[tuple[Point, str]]:
    """Points from a grid of cells (CSV or a worksheet); returns (point, title).

    The table starts at the row with a 'peildatum' cell; rows above it (a title,
    a date of delivery) are skipped, and the first row below it without a
    peildatum, or starting with 'Bron'/'Toelichting'/'*', ends it.  Every error
    names the sheet, the cell and its value.  The steps: find the grid, then
    read it as a long table (a series per row) or a wide one (a cohort per column).
    """
    grid = _grid(rows, source, sheet)
    return _import_long(grid) if _is_long(grid) else _import_wide(grid, series, dimension)


def _dialect(sample: str) -> type[csv.Dialect] | csv.Dialect:
    """The sniffed dialect; when rows differ in length the sniffer gives up, so
    fall back to the delimiter the header line uses most."""
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        lines = [line for line in sample.splitlines() if "peildatum" in line.lower()] or sample.splitlines() or [""]
        delimiter = max(",;\t", key=lines[0].count)

        class Fallback(csv.excel):
            pass

        Fallback.delimiter = delimiter
        return Fallback


def import_csv(path: Path, series: str | None = None) -> list[tuple[Point, str]]:
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            sample = handle.read(4096)
            handle.seek(0)
            rows: list[list[object]] = [list(r) for r in csv.reader(handle, _dialect(sample))]
    except (UnicodeDecodeError, csv.Error) as exc:
        raise DrafterError(f"{path}: not a readable CSV file ({exc})") from None
    except OSError as exc:
        raise DrafterError(f"{path}: cannot read ({exc.strerror or exc})") from None
    if not any(any(_text(c) for c in r) for r in rows):
        raise DrafterError(f"{path}: no rows")
    return import_rows(rows, path.name, "csv", series)


def import_xlsx(path: Path, series: str | None = None) -> list[tuple[Point, str]]:
    """Every sheet with a 'peildatum' header; notes sheets ('Toelichting') and sheets without one are skipped."""
    import openpyxl

    try:
        check_zip_limits(path)  # before openpyxl inflates anything: a zip bomb is refused in milliseconds
    except ReadError as exc:
        raise DrafterError(str(exc)) from None
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise DrafterError(f"{path}: not a readable XLSX file ({type(exc).__name__})") from None
    tables = []
    for sheet in book.worksheets:
        if NOTES_SHEETS.fullmatch(sheet.title.strip()):
            continue
        rows = [list(r) for r in sheet.iter_rows(values_only=True)]
        if _header_row(rows) is not None:
            tables.append((sheet.title, rows))
    if not tables:
        names = ", ".join(repr(s.title) for s in book.worksheets)
        raise DrafterError(f"{path}: no sheet with a 'peildatum' header row (sheets: {names})")
    points = []
    for title, rows in tables:
        # with several tables and no --series, each sheet is a series named after it (as a slug)
        sheet_series = series or (slug(title) if len(tables) > 1 else None)
        points += import_rows(rows, path.name, title, sheet_series)
    return points


def letter_points(table: LetterTable, source: str) -> Iterable[tuple[Point, str]]:
    """The counts of one printed table (derived cells — totals, shares, Verschil, averages — are left out)."""
    name = slug(table.caption)
    if table.layout == "peildatum":
        cohorts = [c for c in table.columns if c.lower() != "totaal"]
        for row in table.rows:
            if not is_peildatum_row(row):  # Verschil and other derived rows
                continue
            for column, cell in zip(cohorts, row.cells, strict=False):
                value = cell_value(cell)
                if cell.kind == "none" or value is None:
                    continue
                yield Point(name, row_date(row), (("cohort", cohort_name(column)),), value,
                            source, table.name, row.label), table.caption
    elif table.layout == "shares" and table.peildatum:
        for row in table.rows:
            if row.group is None:
                continue
            for index, column in enumerate(table.columns):
                value = cell_value(row.cells[2 * index])
                if value is None:
                    continue  # 'n.v.t.' or a dash: no count (as in the peildatum layout)
                yield Point(name, table.peildatum, (("cohort", column), ("groep", row.group), ("status", row.label)),
                            value, source, table.name, f"{row.group} / {row.label}"), table.caption
    elif table.layout == "amounts" and table.peildatum:
        for row in table.rows:
            for column, cell in zip(table.columns, row.cells, strict=False):
                value = cell_value(cell)
                if "gemiddeld" in column.lower() or value is None:
                    continue  # averages are computed; 'n.v.t.' or a dash is no amount
                yield Point(name, table.peildatum, (("categorie", row.label), ("maat", column)),
                            value, source, table.name, row.label), table.caption


def letter_publications(table: LetterTable, source: str) -> Iterable[Published]:
    """Every number a letter's table printed — counts, each row's Totaal (as printed, even
    where it does not add up), the Verschil row, shares — as published facts."""
    name = slug(table.caption)
    dims: tuple[tuple[str, str], ...]
    if table.layout == "peildatum":
        rows = [r for r in table.rows if is_peildatum_row(r)]
        for row in rows:
            for column, cell in zip(table.columns, row.cells, strict=False):
                kind, dims = ("totaal", ()) if column.lower() == "totaal" else ("aantal", (("cohort", cohort_name(column)),))
                yield Published(name, row_date(row), kind, dims, cell_value(cell), source, table.name, row.label)
        verschil = table.row("Verschil")
        if verschil is not None and len(rows) >= 2:
            first, last = row_date(rows[0]), row_date(rows[-1])
            for column, cell in zip(table.columns, verschil.cells, strict=False):
                dims = () if column.lower() == "totaal" else (("cohort", cohort_name(column)),)
                yield Published(name, last, "verschil", dims, cell_value(cell), source, table.name, "Verschil", first)
    elif table.layout == "shares" and table.peildatum:
        for row in table.rows:
            if row.group is None:
                continue
            for index, column in enumerate(table.columns):
                dims = (("cohort", column), ("groep", row.group), ("status", row.label))
                label = f"{row.group} / {row.label}"
                yield Published(name, table.peildatum, "aantal", dims, cell_value(row.cells[2 * index]), source,
                                table.name, label)
                yield Published(name, table.peildatum, "aandeel", dims, cell_value(row.cells[2 * index + 1]), source,
                                table.name, label)
    elif table.layout == "amounts" and table.peildatum:
        for point, _ in letter_points(table, source):
            yield Published(name, point.peildatum, "aantal", point.dims, point.value, source, table.name, point.row)


@dataclass
class Delivery:
    """What one file brings: counts (with the caption as title) and, for a letter, what it published."""

    points: list[tuple[Point, str]]
    published: list[Published] = field(default_factory=list)
    is_letter: bool = False


def import_letter(path: Path) -> list[tuple[Point, str]]:
    return read_delivery(path).points


def _read_letter(path: Path) -> Delivery:
    tables = parse_tables(letter_text(path))
    if not tables:
        raise DrafterError(f"{path}: no 'Tabel N' with a 'Bron' line found")
    return Delivery([item for table in tables for item in letter_points(table, path.name)],
                    [item for table in tables for item in letter_publications(table, path.name)], True)


def read_delivery(path: Path, series: str | None = None) -> Delivery:
    """Pick the importer by file type: a DUO delivery (CSV/XLSX) or a published letter."""
    if not path.exists():
        raise DrafterError(f"{path}: no such file")
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return Delivery(import_csv(path, series))
    if suffix in {".xlsx", ".xlsm"}:
        return Delivery(import_xlsx(path, series))
    if suffix in LETTER_SUFFIXES:
        return _read_letter(path)
    raise DrafterError(f"{path}: cannot import {suffix or 'a file without suffix'} (CSV, XLSX or a letter)")


def import_file(path: Path, series: str | None = None) -> list[tuple[Point, str]]:
    """The counts of a file (see ``read_delivery`` for what a letter published as well)."""
    return read_delivery(path, series).points
