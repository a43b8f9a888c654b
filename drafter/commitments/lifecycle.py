"""Where a commitment stands on a day: pure functions over its stored facts, shared by the
tracker (which stores) and the register view (which reads, also without a database)."""
from __future__ import annotations

import datetime as dt

from drafter.commitments import dates
from drafter.commitments.model import Status


def effective_status(stored: str, due_date: str | None, due: str | None, doc_date: str | None,
                     as_of: dt.date) -> Status:
    """'open' records become 'due' when the next letter must answer them and
    'overdue' when their moment has passed."""
    if stored != Status.OPEN.value:
        return Status(stored)
    if not due_date:
        return Status.OPEN
    try:
        d = dt.date.fromisoformat(due_date)
    except ValueError:  # a slip stored by an older import: judge nothing, the report shows it as written
        return Status.OPEN
    if d < as_of:
        return Status.OVERDUE
    if d <= dates.next_letter_date(as_of):
        return Status.DUE
    return Status.OPEN


def timeline_of(history: list[dict]) -> tuple[str | None, str | None]:
    """(date of the first mention, date of the first fulfilling mention)."""
    dated = [m for m in history if m.get("date")]
    first = min((m["date"] for m in dated), default=None)
    fulfilled = min((m["date"] for m in dated if m.get("fulfils")), default=None)
    return first, fulfilled
