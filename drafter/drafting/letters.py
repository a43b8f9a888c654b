"""The previous uitvoeringsbrief, from the letter records (``drafter.letters``).

So the inleiding and the nota's Aanleiding can name the letter this one follows
without the officer looking it up; a ``vorige_brief`` in the spec overrides it.
"""
from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from drafter.letters import LetterRecord, footnote, previous_letter


def from_spec(params: dict[str, Any]) -> dict[str, Any]:
    """``vorige_brief: {datum: 2023-07-13, kamerstuk: "32 824, nr. 390"}`` in the spec."""
    when = params.get("datum")
    return {"datum": when if isinstance(when, date) else None,
            "wanneer": "" if isinstance(when, date) else str(when or ""),
            "kamerstuk": footnote(None if params.get("kamerstuk") is None else str(params.get("kamerstuk"))),
            "titel": str(params.get("titel", "")), "kenmerk": ""}


def previous_uitvoeringsbrief(before: date, records: Iterable[LetterRecord], kenmerk: str = "") -> dict | None:
    """The latest uitvoeringsbrief dated before ``before`` (not the letter being drafted), as template data."""
    record = previous_letter(records, before, kenmerk)
    return None if record is None else record.for_template()
