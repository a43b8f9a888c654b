"""Marking a draft as sent: the letter becomes a record, its tables published facts, its commitments fulfilled.

``drafter draft SPEC … --sent`` and ``drafter letters add --from-spec SPEC`` both
end here, so the next draft names this letter as the previous one, compares
its figures with what this letter published, and no longer answers what this
letter answered.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from drafter.drafting.compose import Draft
from drafter.errors import DrafterError
from drafter.figures.store import FigureStore, Published
from drafter.figures.tables import CohortTable
from drafter.letters import UITVOERINGSBRIEF, LetterRecord, add_letter


@dataclass
class Sent:
    letter: LetterRecord
    new_letter: bool
    published: int
    fulfilled: list[int]


def letter_name(kenmerk: str) -> str:
    """How the figures store names a letter drafted here: 'kenmerk 2023-0000000001'."""
    return f"kenmerk {kenmerk}"


def publications(table: CohortTable, letter: str, number: int) -> Iterable[Published]:
    """What a drafted table printed: counts, each Totaal, and the Verschil of first against last."""
    name = f"Tabel {number}"
    for when in table.peildata:
        for cohort, value in zip(table.cohorts, table.counts[when], strict=False):
            yield Published(table.series, when, "aantal", (("cohort", cohort),), value, letter, name,
                            when.strftime("%d-%m-%Y"))
        yield Published(table.series, when, "totaal", (), table.total(when), letter, name, when.strftime("%d-%m-%Y"))
    if len(table.peildata) > 1:
        from drafter.dutch import change_percent

        first, last = table.peildata[0], table.peildata[-1]
        pairs = list(zip(table.cohorts, table.counts[first], table.counts[last], strict=False))
        for cohort, old, new in pairs:
            yield Published(table.series, last, "verschil", (("cohort", cohort),), change_percent(old, new), letter,
                            name, "Verschil", first)
        yield Published(table.series, last, "verschil", (), change_percent(table.total(first), table.total(last)),
                        letter, name, "Verschil", first)


def mark_sent(draft: Draft, db: str, store_dir: Path, kamerstuk: str = "", who: str = "drafter") -> Sent:
    """Record the letter, what its tables published, and the commitments it answered as fulfilled."""
    from drafter.commitments.tracker import Tracker

    spec = draft.spec
    if not db:
        raise DrafterError("marking a letter as sent needs your register (--db or DRAFTER_DB): the letter record "
                           "and the fulfilled commitments are kept there")
    record, new = add_letter(db, LetterRecord(
        date=spec.datum.isoformat(), kind="kamerbrief", title=spec.onderwerp, reeks=UITVOERINGSBRIEF,
        kamerstuk=kamerstuk, kenmerk=spec.kenmerk, source=f"drafter draft {spec.path.name}",
        sent_at=dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()))
    store = FigureStore(store_dir)
    letter = letter_name(spec.kenmerk)
    published = 0
    for number, (_name, table) in enumerate(draft.tables, start=1):
        published += store.publish(publications(table, letter, number))
    if published:
        store.save()
    fulfilled = []
    ids = [c.register_id for c in draft.commitments if c.register_id]
    if ids:
        tracker = Tracker(db)
        by = f"Kamerstuk {record.kamerstuk}" if record.kamerstuk else letter
        for cid in ids:
            record_now = tracker.get(cid)
            if record_now["record"].get("status") == "fulfilled":
                continue
            tracker.set_status(cid, "fulfilled", who, f"beantwoord in de brief van {spec.datum.isoformat()} "
                               f"({letter})", fulfilled_by=by)
            fulfilled.append(cid)
    return Sent(record, new, published, fulfilled)
