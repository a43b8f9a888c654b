"""The register as a reader sees it on a given day, without a database driver.

Drafting a letter from the register shipped in ``corpus/register.json`` needs no SQL:
this module reads it (and, for an officer's own register, asks the tracker, imported
only then), so ``drafter draft`` does not load SQLAlchemy for the shipped register.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

from drafter.commitments import dates
from drafter.commitments.lifecycle import effective_status, timeline_of
from drafter.commitments.model import Commitment, Status
from drafter.errors import DrafterError

REGISTER_JSON = Path(__file__).resolve().parents[2] / "corpus" / "register.json"


# -- the function the drafting helper uses ------------------------------------------
def load_register(path: Path = REGISTER_JSON) -> list[Commitment]:
    """The register the project ships (built from the five seed documents)."""
    if not path.is_file():
        raise DrafterError(f"{path}: shipped register not found")
    data = json.loads(path.read_text(encoding="utf-8"))
    return [Commitment.from_dict(d) for d in data.get("commitments", data) if isinstance(d, dict)]


def register_on(db_url: str | None, day: dt.date) -> list[Commitment]:
    """Every record as the register stood on ``day``: records first mentioned
    later are left out, a fulfilment by a later document does not count yet,
    and open records are 'due' or 'overdue' as seen on that day.

    From the database at ``db_url``; with None, the register shipped in ``corpus/``.
    """
    if db_url is None:
        records = load_register()
        raw = json.loads(REGISTER_JSON.read_text(encoding="utf-8"))["commitments"]
        timeline = {d["id"]: timeline_of(d.get("mentions", [])) for d in raw}
    else:
        from drafter.commitments.tracker import Tracker, collector_paused

        tracker = Tracker(db_url)
        with collector_paused():  # thousands of new objects, no cycles: see collector_paused
            records = tracker.records(as_of=day)
            timeline = tracker.timeline()
    iso = day.isoformat()
    fulfilled, lapsed, open_ = Status.FULFILLED.value, Status.LAPSED.value, Status.OPEN.value  # once, not per record
    out = []
    for c in records:
        first, fulfilled_on = timeline.get(c.id, (None, None))
        if first and first > iso:
            continue  # not yet made on that day
        stored = c.status if c.status in (fulfilled, lapsed) else open_
        if stored == fulfilled and fulfilled_on and fulfilled_on > iso:
            stored = open_
            c.fulfilled_here, c.fulfilled_by = False, None
        c.status = effective_status(stored, c.due_date, c.due, c.document_date, day).value
        out.append(c)
    return out


def due_for_letter(db_url: str | None, letter_date: dt.date) -> list[Commitment]:
    """The open commitments the letter of ``letter_date`` must answer: due
    before the letter after it, overdue, or promised 'in de volgende
    uitvoeringsbrief'.

    From the database at ``db_url``; with None, from the register shipped in
    ``corpus/``.  The register is read as it stood on ``letter_date`` (see
    ``register_on``).  Sorted by due date (undated last).
    """
    horizon = dates.next_letter_date(letter_date + dt.timedelta(days=1)).isoformat()
    out = []
    for c in register_on(db_url, letter_date):
        if c.status in (Status.FULFILLED.value, Status.LAPSED.value):
            continue
        next_letter = bool(c.due and re.search(r"volgende|uitvoeringsbrief", c.due, re.I))
        if (c.due_date and c.due_date < horizon) or next_letter:
            out.append(c)
    out.sort(key=lambda c: (c.due_date or "9999", c.id or 0))
    return out
