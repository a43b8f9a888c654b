"""Importers: a DUO delivery (CSV, XLSX) or a published letter -> store points.

Deliveries come in two shapes, both accepted:

* long: columns ``series, peildatum, value`` (or ``waarde``) and any other
  columns as dimensions (``cohort``, ``groep``, …);
* wide, as the letters print them: first column ``peildatum``, one column per
  cohort (a ``Totaal`` column is derived and skipped); the series name comes
  from ``--series``.

Peildata may be written ``01-05-2022`` or ``2022-05-01``.
"""
from __future__ import annotations

import csv
from datetime import date
from pathlib import Path
from typing import Iterable

from drafter.errors import DrafterError
from drafter.figures.letter_tables import (LetterTable, cell_value, cohort_name, is_peildatum_row, letter_text,
                                           parse_tables, row_date)
from drafter.figures.store import Point, check_dimension_name, check_series_name, slug
from ocr.errors import ReadError
from ocr.limits import check_zip_limits

LETTER_SUFFIXES = {".txt", ".md", ".pdf", ".json", ".docx", ".png", ".jpg", ".jpeg", ".tif", ".tiff"}


def parse_peildatum(text: str, where: str) -> date:
    text = str(text).strip()
    try:
        if len(text) == 10 and text[2] == "-":
            day, month, year = text.split("-")
            return date(int(year), int(month), int(day))
        return date.fromisoformat(text[:10])
    except ValueError:
        raise DrafterError(f"{where}: {text!r} is not a peildatum (write 01-05-2022 or 2022-05-01)") from None


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


def import_rows(rows: list[list[object]], source: str, sheet: str, series: str | None,
                dimension: str = "cohort") -> list[tuple[Point, str]]:
    """Points from a grid of cells (CSV or a worksheet); returns (point, title)."""
    rows = [r for r in rows if any(c not in (None, "") for c in r)]
    if not rows:
        raise DrafterError(f"{source}: no rows")
    header = [str(c).strip().lower() if c is not None else "" for c in rows[0]]
    points: list[tuple[Point, str]] = []
    if "series" in header and "peildatum" in header and ({"value", "waarde"} & set(header)):
        i_series, i_date = header.index("series"), header.index("peildatum")
        i_value = header.index("value") if "value" in header else header.index("waarde")
        dims = [(i, h) for i, h in enumerate(header) if i not in (i_series, i_date, i_value) and h]
        names = [h for _, h in dims]
        for _, h in dims:
            if names.count(h) > 1:
                raise DrafterError(f"{source}: {sheet} row 1: column {h!r} appears twice")
            check_dimension_name(h, f"{source}: {sheet} row 1")
        for n, row in enumerate(rows[1:], start=2):
            where = f"{source}: {sheet} row {n}"
            name = check_series_name(_text(_cell(row, i_series)), f"{where}, column 'series'")
            points.append((Point(name, parse_peildatum(_text(_cell(row, i_date)), f"{where}, column 'peildatum'"),
                                 tuple((h, _text(_cell(row, i))) for i, h in dims),
                                 parse_value(_cell(row, i_value), f"{where}, column '{header[i_value]}'"),
                                 source, sheet, f"row {n}"), ""))
        return points
    if header[0] != "peildatum":
        raise DrafterError(f"{source}: expected a 'peildatum' column first, or columns series, peildatum, value")
    if not series:
        raise DrafterError(f"{source}: a table per peildatum needs --series NAME")
    check_series_name(series, f"{source}: {sheet}")
    columns = [_text(c) for c in rows[0]]
    for n, row in enumerate(rows[1:], start=2):
        where = f"{source}: {sheet} row {n}"
        when = parse_peildatum(_text(_cell(row, 0)), f"{where}, column 'peildatum'")
        for column, raw in zip(columns[1:], row[1:]):
            if column.lower() == "totaal" or raw in (None, ""):
                continue
            if not column:
                raise DrafterError(f"{where}: a figure in a column without a name")
            points.append((Point(series, when, ((dimension, cohort_name(column)),),
                                 parse_value(raw, f"{where}, column {column!r}"),
                                 source, sheet, _text(row[0])), ""))
    return points


def _dialect(sample: str) -> type[csv.Dialect] | csv.Dialect:
    """The sniffed dialect; when rows differ in length the sniffer gives up, so
    fall back to the delimiter the header line uses most."""
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        first = sample.splitlines()[0] if sample else ""
        delimiter = max(",;\t", key=first.count)

        class Fallback(csv.excel):
            pass

        Fallback.delimiter = delimiter
        return Fallback


def import_csv(path: Path, series: str | None = None) -> list[tuple[Point, str]]:
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            sample = handle.read(4096)
            handle.seek(0)
            rows = [list(r) for r in csv.reader(handle, _dialect(sample))]
    except (UnicodeDecodeError, csv.Error) as exc:
        raise DrafterError(f"{path}: not a readable CSV file ({exc})") from None
    except OSError as exc:
        raise DrafterError(f"{path}: cannot read ({exc.strerror or exc})") from None
    return import_rows(rows, path.name, "csv", series)


def import_xlsx(path: Path, series: str | None = None) -> list[tuple[Point, str]]:
    import openpyxl

    try:
        check_zip_limits(path)  # before openpyxl inflates anything: a zip bomb is refused in milliseconds
    except ReadError as exc:
        raise DrafterError(str(exc)) from None
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise DrafterError(f"{path}: not a readable XLSX file ({type(exc).__name__})") from None
    points = []
    for sheet in book.worksheets:
        rows = [list(r) for r in sheet.iter_rows(values_only=True)]
        if rows:
            # with several sheets and no --series, each sheet is a series named after it (as a slug)
            sheet_series = series or (slug(sheet.title) if len(book.worksheets) > 1 else None)
            points += import_rows(rows, path.name, sheet.title, sheet_series)
    return points


def letter_points(table: LetterTable, source: str) -> Iterable[tuple[Point, str]]:
    """The counts of one printed table (derived cells — totals, shares, Verschil, averages — are left out)."""
    name = slug(table.caption)
    if table.layout == "peildatum":
        cohorts = [c for c in table.columns if c.lower() != "totaal"]
        for row in table.rows:
            if not is_peildatum_row(row):  # Verschil and other derived rows
                continue
            for column, cell in zip(cohorts, row.cells):
                if cell.kind == "none":
                    continue
                yield Point(name, row_date(row), (("cohort", cohort_name(column)),), cell_value(cell),
                            source, table.name, row.label), table.caption
    elif table.layout == "shares" and table.peildatum:
        for row in table.rows:
            if row.group is None:
                continue
            for index, column in enumerate(table.columns):
                yield Point(name, table.peildatum, (("cohort", column), ("groep", row.group), ("status", row.label)),
                            cell_value(row.cells[2 * index]), source, table.name,
                            f"{row.group} / {row.label}"), table.caption
    elif table.layout == "amounts" and table.peildatum:
        for row in table.rows:
            for column, cell in zip(table.columns, row.cells):
                if "gemiddeld" in column.lower():
                    continue
                yield Point(name, table.peildatum, (("categorie", row.label), ("maat", column)),
                            cell_value(cell), source, table.name, row.label), table.caption


def import_letter(path: Path) -> list[tuple[Point, str]]:
    tables = parse_tables(letter_text(path))
    if not tables:
        raise DrafterError(f"{path}: no 'Tabel N' with a 'Bron' line found")
    return [item for table in tables for item in letter_points(table, path.name)]


def import_file(path: Path, series: str | None = None) -> list[tuple[Point, str]]:
    """Pick the importer by file type."""
    if not path.exists():
        raise DrafterError(f"{path}: no such file")
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return import_csv(path, series)
    if suffix in {".xlsx", ".xlsm"}:
        return import_xlsx(path, series)
    if suffix in LETTER_SUFFIXES:
        return import_letter(path)
    raise DrafterError(f"{path}: cannot import {suffix or 'a file without suffix'} (CSV, XLSX or a letter)")
