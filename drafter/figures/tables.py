"""Tables rebuilt from the store: counts per cohort and peildatum, totals and Verschil by our rule."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from drafter.dutch import change_percent, datum_kort, format_change, getal
from drafter.figures.store import FigureStore, MissingFigure, Point


@dataclass
class CohortTable:
    """What a 'Tabel N: ELIP …' shows: one row per peildatum, cohorts then Totaal, Verschil."""

    series: str
    title: str
    cohorts: list[str]
    peildata: list[date]
    counts: dict[date, list[int]]
    points: list[Point]

    def total(self, when: date) -> int:
        return sum(self.counts[when])

    def verschil(self) -> list[str]:
        """First against last peildatum, per cohort and for the Totaal."""
        first, last = self.peildata[0], self.peildata[-1]
        pairs = list(zip(self.counts[first], self.counts[last], strict=False)) + [(self.total(first), self.total(last))]
        return [format_change(change_percent(a, b)) for a, b in pairs]

    def header(self) -> list[str]:
        """Cohorts as years, or as ’13 … ’22/’23 when there are many (as the letters print them)."""
        cohorts = self.cohorts if len(self.cohorts) < 10 else ["/".join("’" + y[-2:] for y in c.split("/"))
                                                                for c in self.cohorts]
        return ["Peildatum", *cohorts, "Totaal"]

    def rows(self, with_verschil: bool = True) -> list[list[str]]:
        """The table as the letter prints it, every cell a Dutch string."""
        out = [[datum_kort(d), *(getal(v) for v in self.counts[d]), getal(self.total(d))] for d in self.peildata]
        if with_verschil and len(self.peildata) > 1:
            out.append(["Verschil", *self.verschil()])
        return out


def cohort_table(store: FigureStore, series: str, peildata: list[date], where: str = "",
                 on_missing: Callable[[str, date, str], None] | None = None) -> CohortTable:
    """Rebuild a cohort table.

    A missing count raises MissingFigure naming series, peildatum and ``where``
    (the template line) — or, with ``on_missing`` (``drafter draft --check``), is
    reported there and counted as 0 so that the rest can still be checked.
    """
    wanted = set(peildata)
    cohorts = sorted({dict(p.dims)["cohort"] for p in store.series_points(series) if p.peildatum in wanted})
    if not cohorts:
        cohorts = store.values(series, "cohort")[:1] or ["2013"]  # so the first lookup names what is missing
    counts: dict[date, list[int]] = {}
    points: list[Point] = []
    for when in peildata:
        row = []
        for cohort in cohorts:
            try:
                point = store.get(series, when, where, cohort=cohort)
            except MissingFigure:
                if on_missing is None:
                    raise
                on_missing(series, when, cohort)
                row.append(0)
                continue
            points.append(point)
            row.append(point.value)
        counts[when] = row
    title = store.info[series].title if series in store.info else series
    return CohortTable(series, title, cohorts, list(peildata), counts, points)
