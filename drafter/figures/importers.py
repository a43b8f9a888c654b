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
from drafter.figures.store import Point, slug

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


def parse_value(raw: object, where: str) -> int:
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        if raw != int(raw):
            raise DrafterError(f"{where}: {raw!r} is not a whole number")
        return int(raw)
    text = str(raw).strip().replace(".", "").replace(" ", "")
    if not text.lstrip("-").isdigit():
        raise DrafterError(f"{where}: {raw!r} is not a whole number")
    return int(text)


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
        for n, row in enumerate(rows[1:], start=2):
            where = f"{source}: {sheet} row {n}"
            name = str(row[i_series]).strip()
            points.append((Point(name, parse_peildatum(row[i_date], where),
                                 tuple((h, str(row[i]).strip()) for i, h in dims),
                                 parse_value(row[i_value], where), source, sheet, f"row {n}"), ""))
        return points
    if header[0] != "peildatum":
        raise DrafterError(f"{source}: expected a 'peildatum' column first, or columns series, peildatum, value")
    if not series:
        raise DrafterError(f"{source}: a table per peildatum needs --series NAME")
    columns = [str(c).strip() for c in rows[0]]
    for n, row in enumerate(rows[1:], start=2):
        where = f"{source}: {sheet} row {n}"
        when = parse_peildatum(row[0], where)
        for column, raw in zip(columns[1:], row[1:]):
            if column.lower() == "totaal" or raw in (None, ""):
                continue
            points.append((Point(series, when, ((dimension, cohort_name(column)),), parse_value(raw, where),
                                 source, sheet, str(row[0]).strip()), ""))
    return points


def import_csv(path: Path, series: str | None = None) -> list[tuple[Point, str]]:
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            sample = handle.read(4096)
            handle.seek(0)
            dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
            rows = [list(r) for r in csv.reader(handle, dialect)]
    except (UnicodeDecodeError, csv.Error) as exc:
        raise DrafterError(f"{path}: not a readable CSV file ({exc})") from None
    return import_rows(rows, path.name, "csv", series)


def import_xlsx(path: Path, series: str | None = None) -> list[tuple[Point, str]]:
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise DrafterError(f"{path}: not a readable XLSX file ({type(exc).__name__})") from None
    points = []
    for sheet in book.worksheets:
        rows = [list(r) for r in sheet.iter_rows(values_only=True)]
        if rows:
            points += import_rows(rows, path.name, sheet.title, series or (sheet.title if len(book.worksheets) > 1 else None))
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
