"""The previous uitvoeringsbrief, from the index of known letters in ``corpus/letters.csv``.

So the inleiding and the nota's Aanleiding can name the letter this one follows
without the officer looking it up; a ``vorige_brief`` in the spec overrides it.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from drafter.drafting.spec import _kamerstuk
from drafter.dutch import MONTH_NAMES

LETTERS_CSV = Path(__file__).resolve().parents[2] / "corpus" / "letters.csv"


@dataclass
class PreviousLetter:
    datum: date | None  # the day, when known
    wanneer: str  # 'september 2023' when only the month (or year) is known
    kamerstuk: str  # 'Kamerstuk 32 824, nr. 390.' or ''
    titel: str = ""


def from_spec(params: dict[str, Any]) -> PreviousLetter:
    """``vorige_brief: {datum: 2023-07-13, kamerstuk: "32 824, nr. 390"}`` in the spec."""
    when = params.get("datum")
    return PreviousLetter(when if isinstance(when, date) else None, "" if isinstance(when, date) else str(when or ""),
                          _kamerstuk(params.get("kamerstuk")), str(params.get("titel", "")))


def previous_uitvoeringsbrief(before: date, index: Path = LETTERS_CSV) -> PreviousLetter | None:
    """The latest Kamerbrief titled 'Uitvoeringsbrief …' dated before ``before``."""
    if not index.is_file():
        return None
    with index.open(newline="", encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle)
                if r.get("kind") == "kamerbrief" and r.get("title", "").lower().startswith("uitvoeringsbrief")
                and r.get("date", "") < before.isoformat()]
    if not rows:
        return None
    row = max(rows, key=lambda r: r["date"])
    text = row["date"]
    if len(text) == 10:
        return PreviousLetter(date.fromisoformat(text), "", _kamerstuk(row.get("kamerstuk")), row["title"])
    wanneer = f"{MONTH_NAMES[int(text[5:7])]} {text[:4]}" if len(text) == 7 else text
    return PreviousLetter(None, wanneer, _kamerstuk(row.get("kamerstuk")), row["title"])
