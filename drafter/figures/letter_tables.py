"""Find and parse the numbered tables inside a published letter.

The letters print their tables as text: a caption ``Tabel 3: ELIP …`` above,
``Bron: DUO …`` below, and in between a header (cohorts ``2013 … 2021`` or
``’13 … ’22/’23`` and ``Totaal``) and rows.  Text extraction from PDF, OCR or
a reader that joins lines can break the rows anywhere, so the grid is read from
a token stream (labels, counts ``2.341``, shares ``77%``, changes ``– 16%``,
peildata ``01-05-2022``) rather than from lines.

Three layouts occur and are recognised by their tokens:

* ``peildatum`` — one row per peildatum, one column per cohort, optional Verschil row;
* ``shares`` — group rows (Totaal, Asiel, …) each followed by rows of count + share;
* ``amounts`` — label rows with a fixed number of amounts (the loans table).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from drafter.dutch import MONTHS, parse_change, parse_datum_kort, parse_getal

_CAPTION = re.compile(r"(?m)^[ \t]*Tabel[ \t]+(\d+)(?:[ \t]*:[ \t]*|[ \t]+(?=[A-Z]))(.*)$")
#: A reader that joins lines into paragraphs may glue 'Tabel 4: …' to the sentence before it.
_CAPTION_IN_LINE = re.compile(r"(?m)(?<=[.!?] )Tabel[ \t]+(\d+)[ \t]*:[ \t]*(.*)$")
_SOURCE = re.compile(r"(?m)^[ \t]*Bron\b.*$")
_LONG_DATE = re.compile(r"\b(\d{1,2})\s+(" + "|".join(MONTHS) + r")\s+(\d{4})\b")

TOKEN_KINDS = (
    ("date", re.compile(r"\d{2}-\d{2}-\d{4}")),
    ("change", re.compile(r"[+\-\u2013\u2212]\d+(?:\.\d{3})*%")),
    ("share", re.compile(r"\d+%")),
    ("cohort", re.compile(r"[’'‘]\d{2}(?:/[’'‘]\d{2})?")),
    ("year", re.compile(r"(?:19|20)\d{2}")),
    ("count", re.compile(r"\d{1,3}(?:\.\d{3})+|\d+")),
    ("none", re.compile(r"n\.v\.t\.|[\-\u2013]")),  # a cell without a value ('n.v.t.', a dash)
)
VALUE_KINDS = {"change", "share", "count", "year", "none"}


@dataclass
class Token:
    kind: str
    text: str


@dataclass
class Row:
    label: str
    cells: list[Token]
    group: str | None = None  # for share tables: the group row this row belongs to


@dataclass
class LetterTable:
    """One table of a letter as printed: what the check and the importer read."""

    number: int
    caption: str
    layout: str
    columns: list[str]
    rows: list[Row]
    source_line: str
    peildatum: date | None = None  # for tables without peildatum rows
    prose_before: str = ""  # the running text between the previous table and this one
    notes: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return f"Tabel {self.number}"

    def row(self, label: str) -> Row | None:
        return next((r for r in self.rows if r.label == label), None)


def letter_text(path: Path) -> str:
    """The text of a letter with its line breaks where the source has them.

    Plain text is read as is (the table rows are lines there); other formats go
    through ``ocr.read_document`` and every block becomes a line.
    """
    if path.suffix.lower() in {".txt", ".md"}:
        from ocr.errors import ReadError
        from ocr.readers import check_input

        check_input(path)
        try:
            return path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            raise ReadError(path, "not UTF-8 text") from None
    from ocr import read_document

    document = read_document(path)
    return "\n".join(block.text for block in document.blocks)


def tokenize(text: str) -> list[Token]:
    """Split a table region into typed tokens; '– 16%' and '’22 /’23' become one token."""
    text = re.sub(r"([+\-\u2013\u2212])\s+(\d)", r"\1\2", text)
    text = re.sub(r"([’'‘]\d{2})\s*/\s*([’'‘]\d{2})", r"\1/\2", text)
    tokens = []
    for chunk in text.split():
        kind = next((k for k, pattern in TOKEN_KINDS if pattern.fullmatch(chunk)), "word")
        tokens.append(Token(kind, chunk))
    return tokens


def find_long_date(text: str) -> date | None:
    match = _LONG_DATE.search(text)
    if not match:
        return None
    return date(int(match.group(3)), MONTHS[match.group(2)], int(match.group(1)))


def parse_tables(text: str) -> list[LetterTable]:
    """Every captioned table of a letter, in order."""
    tables: list[LetterTable] = []
    sources = list(_SOURCE.finditer(text))
    captions = sorted([*_CAPTION.finditer(text), *_CAPTION_IN_LINE.finditer(text)], key=lambda m: m.start())
    previous_end = 0
    for source in sources:
        before = [c for c in captions if previous_end <= c.start() < source.start()]
        if not before:
            continue
        caption = before[-1]  # the nearest 'Tabel N' above the source line is the caption
        title = caption.group(2).strip()
        region = text[caption.end():source.start()]
        table = _parse_region(int(caption.group(1)), title, region, source.group(0).strip())
        if table is not None:
            table.prose_before = text[previous_end:caption.start()]
            tables.append(table)
        previous_end = source.end()
    return tables


def _rows(tokens: list[Token]) -> list[Row]:
    """Group tokens into label + values runs; a peildatum always starts a new row."""
    rows: list[Row] = []
    label: list[str] = []
    values: list[Token] = []
    for token in tokens:
        starts_row = token.kind == "date" or (token.kind == "word" and values)
        if starts_row and (label or values):
            rows.append(Row(" ".join(label), values))
            label, values = [], []
        if token.kind in VALUE_KINDS or token.kind == "cohort":
            values.append(token)
        else:
            label.append(token.text)
    if label or values:
        rows.append(Row(" ".join(label), values))
    return rows


def _parse_region(number: int, title: str, region: str, source_line: str) -> LetterTable | None:
    tokens = tokenize(region)
    peildatum = find_long_date(source_line) or find_long_date(region)
    if any(t.kind == "date" for t in tokens):
        return _peildatum_table(number, title, tokens, source_line)
    if any(t.kind == "share" for t in tokens):
        return _share_table(number, title, tokens, source_line, peildatum)
    return _amounts_table(number, title, region, source_line, peildatum)


def _is_header_row(row: Row) -> bool:
    return bool(row.cells) and all(c.kind in {"year", "cohort"} for c in row.cells)


def _split_header(tokens: list[Token]) -> tuple[list[str], list[Row]] | None:
    """The cohort columns and the rows below them; None when no cohort header is found."""
    rows = _rows(tokens)
    header_index = next((i for i, r in enumerate(rows) if _is_header_row(r)), None)
    if header_index is None:
        return None
    return [c.text for c in rows[header_index].cells], rows[header_index + 1:]


def _peildatum_table(number: int, title: str, tokens: list[Token], source_line: str) -> LetterTable | None:
    split = _split_header(tokens)
    if split is None:
        return None
    columns, below = split
    data: list[Row] = []
    for row in below:
        if not row.cells and not data:
            columns.append(row.label)  # 'Totaal' after the cohorts
        elif row.cells:
            data.append(row)
    return LetterTable(number, title, "peildatum", columns, data, source_line)


def _share_table(number: int, title: str, tokens: list[Token], source_line: str,
                 peildatum: date | None) -> LetterTable | None:
    split = _split_header(tokens)
    if split is None:
        return None
    columns, below = split
    data: list[Row] = []
    group: str | None = None
    for row in below:
        if not row.cells:
            continue
        if all(c.kind != "share" for c in row.cells):
            group = row.label
            row.group = None
        else:
            row.group = group
        data.append(row)
    return LetterTable(number, title, "shares", columns, data, source_line, peildatum)


_AMOUNT_HEADERS = re.compile(r"Aantal|Bedrag\s+totaal|Bedrag\s*\(?gemiddeld\)?")


def _amounts_table(number: int, title: str, region: str, source_line: str,
                   peildatum: date | None) -> LetterTable | None:
    """Label rows with amounts; the header names its columns ('Aantal', 'Bedrag totaal', …)."""
    names = [" ".join(m.group(0).replace("(", "").replace(")", "").split()) for m in _AMOUNT_HEADERS.finditer(region)]
    if not names:
        return None
    rows: list[Row] = []
    for row in _rows(tokenize(region)):
        if len(row.cells) == len(names):
            row.label = row.label.rsplit("€", 1)[-1].strip()  # drop the column header words
            rows.append(row)
    # a label broken around its numbers ('Toegekende leningen / 113.334 … opgenomen bedrag')
    fixed: list[Row] = []
    for row in rows:
        if fixed and fixed[-1].label.endswith("/"):
            words = row.label.split()
            tail = []
            while words and words[0][:1].islower():
                tail.append(words.pop(0))
            fixed[-1].label += " " + " ".join(tail)
            row.label = " ".join(words)
        fixed.append(row)
    return LetterTable(number, title, "amounts", names, fixed, source_line, peildatum)


def cell_value(token: Token) -> int | None:
    """The number a cell states: a count, a share or a change in whole percent; None for 'n.v.t.'."""
    if token.kind == "none":
        return None
    if token.kind == "change":
        return parse_change(token.text)
    if token.kind == "share":
        return int(token.text.rstrip("%"))
    return parse_getal(token.text)


def is_peildatum_row(row: Row) -> bool:
    return re.fullmatch(r"\d{2}-\d{2}-\d{4}", row.label) is not None


def row_date(row: Row) -> date:
    return parse_datum_kort(row.label)


def cohort_name(column: str) -> str:
    """'’13' -> '2013', '’22/’23' -> '2022/2023', '2019' -> '2019'."""
    parts = re.findall(r"\d+", column)
    if not parts:
        return column
    return "/".join(p if len(p) == 4 else f"20{p}" for p in parts)
