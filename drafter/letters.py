"""Letters are records: date, kenmerk, Kamerstuk and title of every letter sent (or known).

The records live in the register database (table ``letters``, Alembic revision
0002, seeded from ``corpus/letters.csv``), next to the commitments, so marking a
draft as sent (``drafter draft --sent``, ``drafter letters add --from-spec``)
makes the next draft name it: 'mijn brief van 15 december 2023 (Kamerstuk …)'.
Without a register (``--db``/``$DRAFTER_DB``) drafting reads ``corpus/letters.csv``.

This module reads the CSV without SQLAlchemy, so a draft without ``--db`` does
not load it (``drafter draft`` stays under a second).
"""
from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

from drafter.dutch import MONTH_NAMES
from drafter.errors import DrafterError

LETTERS_CSV = Path(__file__).resolve().parents[1] / "corpus" / "letters.csv"
#: The half-yearly letters a new uitvoeringsbrief follows on.
UITVOERINGSBRIEF = "uitvoeringsbrief"
_KAMERSTUK = re.compile(r"(?:kamerstuk(?:ken)?\s+)?(\d{2} \d{3}(?: [A-Z]+)?), nr\. (\d+)\.?", re.I)


@dataclass
class LetterRecord:
    date: str  # '2023-07-13'; '2023-09' or '2022' when only the month or year is known
    kind: str = "kamerbrief"  # or 'nota'
    title: str = ""
    reeks: str = ""  # 'uitvoeringsbrief' for the half-yearly letters
    author: str = ""
    kamerstuk: str = ""  # '32 824, nr. 390'
    kenmerk: str = ""
    seed: str = ""  # the file stem the letter is known by in ../shared (its tables' provenance)
    source: str = ""  # where this record comes from
    sent_at: str = ""  # when it was marked sent here
    id: int | None = None

    @property
    def day(self) -> dt.date | None:
        return dt.date.fromisoformat(self.date) if len(self.date) == 10 else None

    def wanneer(self) -> str:
        """'september 2023' for a letter known by its month, '2022' by its year; '' when the day is known."""
        if len(self.date) == 7:
            return f"{MONTH_NAMES[int(self.date[5:7])]} {self.date[:4]}"
        return "" if len(self.date) == 10 else self.date

    def for_template(self) -> dict[str, Any]:
        """What a template sees: datum (a date or None), wanneer, kamerstuk (footnote form), titel, kenmerk."""
        return {"datum": self.day, "wanneer": self.wanneer(), "kamerstuk": footnote(self.kamerstuk),
                "titel": self.title, "kenmerk": self.kenmerk}


def footnote(kamerstuk: str | None) -> str:
    """'32 824, nr. 386' -> 'Kamerstuk 32 824, nr. 386.': one form, from a spec or from the register."""
    text = " ".join((kamerstuk or "").split())
    if not text:
        return ""
    match = _KAMERSTUK.fullmatch(text)
    if match:
        return f"Kamerstuk {match[1]}, nr. {match[2]}."
    if not text.lower().startswith("kamerstuk"):
        text = f"Kamerstuk {text}"
    return text if text.endswith(".") else text + "."


def bare_kamerstuk(text: str | None) -> str:
    """'Kamerstuk 32 824, nr. 390.' -> '32 824, nr. 390' (how the records keep it)."""
    text = " ".join((text or "").split())
    match = _KAMERSTUK.fullmatch(text)
    return f"{match[1]}, nr. {match[2]}" if match else text.removeprefix("Kamerstuk ").rstrip(".")


def check_date(text: str, where: str = "--date") -> str:
    """A letter's date as stored: 2023-07-13, or 2023-09 / 2023 when only that is known."""
    text = str(text).strip()
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            dt.date.fromisoformat(text)
            return text
        if re.fullmatch(r"\d{4}-\d{2}", text) and 1 <= int(text[5:]) <= 12 or re.fullmatch(r"\d{4}", text):
            return text
        from drafter.dutch import parse_date

        return parse_date(text).isoformat()
    except ValueError:
        raise DrafterError(f"{where}: {text!r} is not a date (write 2023-07-13, 13 juli 2023, or 2023-07 "
                           "for a month)") from None


def shipped_letters(path: Path = LETTERS_CSV) -> list[LetterRecord]:
    """The letters in ``corpus/letters.csv`` (the seed of every register)."""
    if not path.is_file():
        return []
    names = {f.name for f in fields(LetterRecord)} - {"id"}
    records = []
    with path.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            values: dict[str, Any] = {k: (v or "").strip() for k, v in row.items() if k in names}
            records.append(LetterRecord(**values))
    return records


def previous_letter(records: Iterable[LetterRecord], before: dt.date, kenmerk: str = "",
                    reeks: str = UITVOERINGSBRIEF) -> LetterRecord | None:
    """The latest letter of the series ``reeks`` dated before ``before`` (not the letter itself)."""
    earlier = [r for r in records if r.kind == "kamerbrief" and r.reeks == reeks and r.date < before.isoformat()
               and not (kenmerk and r.kenmerk == kenmerk)]
    return max(earlier, key=lambda r: r.date, default=None)


def find_letter(records: Iterable[LetterRecord], name: str) -> LetterRecord | None:
    """The record of a letter named by a file ('002_d303….txt'), 'kenmerk 2023-…' or a kenmerk."""
    stem = Path(name).stem if "." in name else name
    kenmerk = name.removeprefix("kenmerk ").strip()
    for record in records:
        if (record.seed and record.seed == stem) or (record.kenmerk and record.kenmerk == kenmerk):
            return record
    return None


# -- the register database ---------------------------------------------------------------------------
# SQLAlchemy is imported here only: drafting without --db never loads this part.


def letters_table(metadata=None):
    """The ``letters`` table (Alembic revision 0002) on ``metadata`` (a fresh MetaData by default)."""
    import sqlalchemy as sa

    metadata = sa.MetaData() if metadata is None else metadata
    return sa.Table(
        "letters", metadata,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("date", sa.String(10), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("reeks", sa.String(32), nullable=False),
        sa.Column("author", sa.Text, nullable=False),
        sa.Column("kamerstuk", sa.String(64), nullable=False),
        sa.Column("kenmerk", sa.String(64), nullable=False),
        sa.Column("seed", sa.String(64), nullable=False),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("sent_at", sa.String(32), nullable=False),
        sa.Index("ix_letters_date", "date"),
    )


_table = letters_table


def letters_in_register(db: str | None) -> list[LetterRecord]:
    """Every letter record of the register (``--db``/``$DRAFTER_DB``), oldest first."""
    import sqlalchemy as sa

    from drafter.commitments.tracker import READ_ONLY, open_db

    engine = open_db(db)
    table = _table()
    try:
        with engine.connect().execution_options(**READ_ONLY) as conn:
            rows = conn.execute(sa.select(table).order_by(table.c.date, table.c.id)).mappings().all()
    finally:
        engine.dispose()
    return [LetterRecord(**dict(row)) for row in rows]


def add_letter(db: str | None, record: LetterRecord) -> tuple[LetterRecord, bool]:
    """Add a record, or complete the one with the same kenmerk (a Kamerstuk number arrives later).

    Returns (the stored record, True when it was new)."""
    import sqlalchemy as sa

    from drafter.commitments.tracker import open_db

    record.date = check_date(record.date)
    record.kamerstuk = bare_kamerstuk(record.kamerstuk)
    if not record.title.strip():
        raise DrafterError("--title: a letter needs a title")
    if record.kind not in ("kamerbrief", "nota"):
        raise DrafterError(f"--kind: {record.kind!r} should be kamerbrief or nota")
    engine = open_db(db)
    table = _table()
    values = {k: v for k, v in asdict(record).items() if k != "id"}
    try:
        with engine.begin() as conn:
            existing = None
            if record.kenmerk:
                existing = conn.execute(sa.select(table).where(table.c.kenmerk == record.kenmerk)).mappings().first()
            if existing is None:
                key = conn.execute(table.insert().values(**values)).inserted_primary_key
                assert key is not None  # an INSERT always has one
                record.id = key[0]
                return record, True
            update = {k: v for k, v in values.items() if v and v != existing[k]}
            if update:
                conn.execute(table.update().where(table.c.id == existing["id"]).values(**update))
            stored = LetterRecord(**{**dict(existing), **update})
            return stored, False
    finally:
        engine.dispose()


def letters_for(db_url: str | None) -> list[LetterRecord]:
    """The records a draft reads: the officer's register, else ``corpus/letters.csv``."""
    return letters_in_register(db_url) if db_url else shipped_letters()


__all__ = ["LetterRecord", "footnote", "bare_kamerstuk", "shipped_letters", "previous_letter", "find_letter",
           "letters_in_register", "add_letter", "letters_table", "letters_for", "LETTERS_CSV", "UITVOERINGSBRIEF"]
