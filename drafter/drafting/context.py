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
from datetime import date
from decimal import Decimal
from pathlib import PurePath
from typing import Any, Callable

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

    __slots__ = ("series", "title", "cohorts", "peildata", "_table")

    def __init__(self, table: CohortTable) -> None:
        self.series, self.title = table.series, table.title
        self.cohorts, self.peildata = list(table.cohorts), list(table.peildata)
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

    __slots__ = ("_store", "_figures", "_spec_path", "_where", "_note", "_used")

    def __init__(self, store: FigureStore, figures: dict[str, Any], spec_path: str,
                 where: Callable[[], str], note: Callable[[str, str], None] | None) -> None:
        self._store, self._figures, self._spec_path = store, figures, spec_path
        self._where, self._note, self._used = where, note, []

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
        return TableView(table)


def figures_used(view: FiguresView) -> list[Point]:
    return list(view._used)
