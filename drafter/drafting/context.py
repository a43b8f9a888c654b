"""What templates see: plain data (str, numbers, dates, lists, dicts) and two read-only figure views.

The spec, the previous letter, the commitments and the letter's blocks are
turned into dicts and lists before rendering, so no template can reach a
``Path`` (``brief.path.joinpath('/etc/hostname').read_text()``) or any other
object with methods that touch the file system or the process.  The figures
are the one exception, and a narrow one: ``cijfers.tabel(name)`` looks up the
figures the spec names in the store already read into memory, and returns a
``TableView`` whose methods only compute from its own numbers.
"""
from __future__ import annotations

import dataclasses
import enum
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import PurePath
from typing import Any

from drafter.errors import DrafterError
from drafter.figures.store import FigureStore, Point
from drafter.figures.tables import CohortTable, cohort_table

PLAIN_SCALARS = (str, int, float, Decimal, date, bool, type(None))


def plain(value: Any) -> Any:
    """Dataclasses to dicts, tuples and sets to lists, paths to text; anything else is refused.

    Refusing (rather than passing through) keeps the sandbox closed when someone
    later adds a field of a new type to the spec.
    """
    if isinstance(value, PLAIN_SCALARS):
        return value
    if isinstance(value, PurePath):
        return str(value)
    if isinstance(value, enum.Enum):
        return plain(value.value)
    if isinstance(value, dict):
        return {str(k) if not isinstance(k, PLAIN_SCALARS) else k: plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, (set, frozenset)):
        return sorted(plain(v) for v in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    raise TypeError(f"{type(value).__name__} is not plain data and cannot be given to a template")


class TableView:
    """A cohort table for templates: its numbers, and methods that only compute from them."""

    __slots__ = ("series", "title", "cohorts", "peildata", "correcties", "_table")

    def __init__(self, table: CohortTable, correcties: list[dict] | None = None) -> None:
        self.series, self.title = table.series, table.title
        self.cohorts, self.peildata = list(table.cohorts), list(table.peildata)
        #: published figures this table corrects (declared in the spec's 'correcties'): plain dicts
        self.correcties = list(correcties or [])
        self._table = table

    def total(self, when: date) -> int:
        return self._table.total(when)

    def verschil(self) -> list[str]:
        return self._table.verschil()

    def header(self) -> list[str]:
        return self._table.header()

    def rows(self, with_verschil: bool = True) -> list[list[str]]:
        return self._table.rows(with_verschil)


class FiguresView:
    """``cijfers`` in a template: the figures named in the spec, from the store in memory.

    Every lookup is recorded (for the figures hash); a missing figure raises one
    line naming series, peildatum and template line — or, under ``--check``
    (``note``), is noted and drafting goes on.
    """

    __slots__ = ("_store", "_figures", "_spec_path", "_where", "_note", "_used", "_correcties", "_describe",
                 "_spec_where", "_tables")

    def __init__(self, store: FigureStore, figures: dict[str, Any], spec_path: str,
                 where: Callable[[], str], note: Callable[[str, str], None] | None,
                 correcties: dict[str, dict[date, str]] | None = None,
                 describe: Callable[[str], dict] | None = None,
                 spec_where: Callable[..., str] | None = None) -> None:
        self._store, self._figures, self._spec_path = store, figures, spec_path
        self._where, self._note = where, note
        self._used: list[Point] = []
        self._correcties = correcties or {}
        self._describe = describe or (lambda letter: {"datum": None, "wanneer": "", "kamerstuk": "", "titel": letter})
        self._spec_where = spec_where or (lambda *path: spec_path)
        self._tables: list[tuple[str, CohortTable]] = []

    def _ref(self, name: Any, where: str):
        if not isinstance(name, str) or name not in self._figures:
            known = ", ".join(sorted(self._figures)) or "none"
            problem = f"figures {str(name)!r} is not named in {self._spec_path} (named: {known})"
            if self._note is None:
                raise DrafterError(f"{where}: {problem}")
            self._note(where, problem)  # --check: noted, the template goes on with nothing
            return None
        return self._figures[name]

    def peildata(self, name: str) -> list[date] | None:
        ref = self._ref(name, self._where())
        return None if ref is None else list(ref.peildata)

    def tabel(self, name: str) -> TableView | None:
        """The cohort table for the spec's figures ``name`` (its series and peildata)."""
        where = self._where()
        ref = self._ref(name, where)
        if ref is None:
            return None
        note = self._note

        def on_missing(series: str, when: date, _cohort: str) -> None:
            note(where, f"{series}@{when.isoformat()}")  # type: ignore[misc]

        table = cohort_table(self._store, ref.series, ref.peildata, where, None if note is None else on_missing)
        self._used += table.points
        self._tables.append((name, table))
        return TableView(table, self._corrections(name, table))

    def _corrections(self, name: str, table: CohortTable) -> list[dict]:
        """Published figures this table differs from: each declared in the spec's 'correcties' becomes a
        correction the template can state; any other stops the draft in one line (``--check``: noted)."""
        out = []
        for conflict in published_conflicts(self._store, table):
            choice = self._correcties.get(table.series, {}).get(conflict["peildatum"])
            if choice == "gebruik_berekend":
                out.append({**conflict, "brief": self._describe(conflict["letter"])})
                continue
            problem = conflict_line(conflict, self._describe(conflict["letter"]))
            where = self._spec_where("figures", name)
            if self._note is None:
                raise DrafterError(f"{where}: {problem}")
            self._note(where, problem)
        return out


def published_conflicts(store: FigureStore, table: CohortTable) -> list[dict]:
    """Every Totaal (and count) of ``table`` that differs from the last value a letter published for it."""
    from drafter.figures.store import Published

    conflicts = []
    for when in table.peildata:
        published: Published | None = store.latest_published(table.series, when, "totaal")
        if published is not None and published.value is not None and published.value != table.total(when):
            own = {p.dims: p.value for p in store.publications(table.series, when)
                   if p.kind == "aantal" and p.letter == published.letter}
            same_counts = bool(own) and all(own.get((("cohort", c),)) == v
                                            for c, v in zip(table.cohorts, table.counts[when], strict=False))
            conflicts.append({"som_van_die_brief": same_counts, "series": table.series, "peildatum": when, "wat": "totaal", "cohort": "", "gepubliceerd": published.value,
                              "berekend": table.total(when), "letter": published.letter, "tabel": published.table})
            continue
        for cohort, value in zip(table.cohorts, table.counts[when], strict=False):
            published = store.latest_published(table.series, when, "aantal", (("cohort", cohort),))
            if published is not None and published.value is not None and published.value != value:
                conflicts.append({"series": table.series, "peildatum": when, "wat": "aantal", "cohort": cohort,
                                  "gepubliceerd": published.value, "berekend": value, "letter": published.letter,
                                  "tabel": published.table})
    return conflicts + _verschil_conflicts(store, table, conflicts)


def _verschil_conflicts(store: FigureStore, table: CohortTable, earlier: list[dict]) -> list[dict]:
    """The table's Verschil row (first against last peildatum) against a Verschil a letter published for
    the same two peildata.  A column whose count or Totaal already conflicts is left out: its Verschil
    follows from that one conflict and would only repeat it."""
    from drafter.dutch import change_percent

    if len(table.peildata) < 2:
        return []
    first, last = table.peildata[0], table.peildata[-1]
    if any(c["wat"] == "totaal" for c in earlier):
        return []  # every count and the Verschil of the Totaal follow from a Totaal that differs
    flagged = {c["cohort"] for c in earlier}
    columns: list[tuple[tuple[tuple[str, str], ...], str, int, int]]
    columns = [((("cohort", c),), c, old, new) for c, old, new in
               zip(table.cohorts, table.counts[first], table.counts[last], strict=False) if c not in flagged]
    if not flagged:
        columns.append(((), "", table.total(first), table.total(last)))
    out = []
    for dims, cohort, old, new in columns:
        published = store.latest_published(table.series, last, "verschil", dims, since=first)
        computed = change_percent(old, new)
        if published is not None and published.value is not None and computed is not None and published.value != computed:
            out.append({"series": table.series, "peildatum": last, "sinds": first, "wat": "verschil", "cohort": cohort,
                        "gepubliceerd": published.value, "berekend": computed, "letter": published.letter,
                        "tabel": published.table})
    return out


def conflict_line(conflict: dict, letter: dict) -> str:
    """One line naming both values and the letter, and how the spec can resolve it."""
    from drafter.dutch import format_change, getal

    shown: Callable[[Any], str]
    if conflict["wat"] == "verschil":
        what = f"Verschil since {conflict['sinds'].isoformat()}" + (f" for cohort {conflict['cohort']}" if conflict["cohort"] else "")
        shown = format_change
    else:
        what = "total" if conflict["wat"] == "totaal" else f"count for cohort {conflict['cohort']}"
        shown = getal
    when = letter["datum"].isoformat() if letter.get("datum") else letter.get("wanneer", "")
    day = conflict["peildatum"].isoformat()
    return (f"series {conflict_series(conflict)}peildatum {day}: the draft computes a {what} of "
            f"{shown(conflict['berekend'])}, but {conflict['letter']} ({conflict['tabel']}"
            f"{', the letter of ' + when if when else ''}) published "
            f"{shown(conflict['gepubliceerd'])}; to print {shown(conflict['berekend'])} and say it corrects that "
            f"letter, add to the spec 'correcties: {{{conflict['series']}: {{{day}: gebruik_berekend}}}}'")


def conflict_series(conflict: dict) -> str:
    return f"{conflict['series']}, " if conflict.get("series") else ""


def figures_used(view: FiguresView) -> list[Point]:
    return list(view._used)


def tables_used(view: FiguresView) -> list[tuple[str, CohortTable]]:
    """(figures name, table) of every table the templates showed, for recording what a sent letter published."""
    return list(view._tables)
