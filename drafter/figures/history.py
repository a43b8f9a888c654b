"""``drafter figures history``: what letters published for a series and how its counts changed, in Dutch."""
from __future__ import annotations

from drafter.dutch import datum, getal
from drafter.figures.store import Change, FigureStore, Published

KINDS = {"aantal": "aantal", "totaal": "Totaal", "verschil": "Verschil", "aandeel": "aandeel"}


def _dims(dims: tuple[tuple[str, str], ...]) -> str:
    return ", ".join(f"{k} {v}" for k, v in dims)


def _value(entry: Published) -> str:
    if entry.value is None:
        return "n.v.t."
    if entry.kind == "verschil":
        from drafter.dutch import format_change

        return format_change(entry.value)
    return f"{entry.value}%" if entry.kind == "aandeel" else getal(entry.value)


def _source(source: dict | None) -> str:
    if not source:
        return "—"
    return ", ".join(str(source[k]) for k in ("file", "table", "row") if source.get(k))


def published_line(store: FigureStore, entry: Published) -> str:
    """'1 juli 2023, Totaal: 2.341 in 002_….txt (Tabel 1, rij 01-07-2023); de aantallen tellen nu op tot 2.436'."""
    what = KINDS[entry.kind] + (f" ({_dims(entry.dims)})" if entry.dims else "")
    when = datum(entry.peildatum) if entry.since is None else f"{datum(entry.since)} → {datum(entry.peildatum)}"
    line = f"  {when}, {what}: {_value(entry)} in {entry.letter} ({entry.table}, rij {entry.row})"
    if entry.kind == "totaal" and entry.value is not None:
        counts = [p.value for p in store.series_points(entry.series) if p.peildatum == entry.peildatum]
        if counts and sum(counts) != entry.value:
            line += f"; de aantallen in de opslag tellen op tot {getal(sum(counts))}"
    elif entry.kind == "aantal" and entry.value is not None:
        current = next((p for p in store.series_points(entry.series)
                        if p.peildatum == entry.peildatum and p.dims == entry.dims), None)
        if current is None:
            line += "; niet meer in de opslag"
        elif current.value != entry.value:
            line += f"; nu {getal(current.value)} ({_source({'file': current.source, 'table': current.table})})"
    return line


def change_line(change: Change) -> str:
    """'2024-01-10 herzien: 1 juli 2023, cohort 2019: 627 (002_….txt, Tabel 1) → 630 (levering.xlsx, …) — DUO herzag'."""
    where = f"{datum(change.peildatum)}" + (f", {_dims(change.dims)}" if change.dims else "")
    if change.new is None:
        return (f"  {change.at} verwijderd: {where}: {getal(change.old)} ({_source(change.old_source)})"
                f" — {change.why}")
    return (f"  {change.at} gewijzigd: {where}: {getal(change.old)} ({_source(change.old_source)}) → "
            f"{getal(change.new)} ({_source(change.new_source)}) — {change.why}")


def history_lines(store: FigureStore, series: str) -> list[str]:
    """Published values grouped by letter, then the changes, oldest first."""
    title = store.info[series].title if series in store.info else ""
    lines = [f"{series}" + (f" — {title}" if title else "")]
    published = store.publications(series)
    if published:
        lines.append("Gepubliceerd:")
        shown = [p for p in published if p.kind != "aantal"] or published
        lines += [published_line(store, p) for p in shown]
        counts = [p for p in published if p.kind == "aantal"]
        if shown is not published and counts:
            changed = [published_line(store, p) for p in counts if "; nu " in published_line(store, p)
                       or "niet meer" in published_line(store, p)]
            lines.append(f"  en {len(counts)} aantallen per cohort"
                         + (", waarvan gewijzigd:" if changed else ", alle nog zo in de opslag"))
            lines += changed
    else:
        lines.append("Gepubliceerd: nog niets (geen verzonden brief met deze reeks)")
    changes = [c for c in store.history if c.series == series]
    lines.append("Wijzigingen:" if changes else "Wijzigingen: geen")
    lines += [change_line(c) for c in changes]
    return lines
