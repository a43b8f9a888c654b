"""``drafter figures``: import DUO figures and published tables, list them, check a letter."""
from __future__ import annotations

import difflib
import textwrap
from datetime import date
from pathlib import Path

import click

from drafter.errors import DrafterError
from drafter.figures.layouts import LAYOUTS
from drafter.figures.store import DEFAULT_STORE, FigureStore, check_series_name

store_option = click.option("--store", "store_dir", type=click.Path(path_type=Path), default=DEFAULT_STORE,
                            show_default="corpus/figures", help="Folder of the figures store (one JSON file per series).")

IMPORT_HELP = """Add figures from a DUO delivery (CSV, XLSX) or the 'Tabel N' tables of a sent letter.

    Counts are stored; totals, shares and Verschil are derived when shown. A
    letter's tables are also recorded as published (counts, totals, Verschil,
    shares, with letter and table). A delivery that changes a figure at a
    published peildatum needs --revise; the old value stays in the history
    ('drafter figures history SERIES'). Every row is checked before anything
    is written.

{layouts}

    \b
    Example:
      drafter figures import brief-december-2021.txt
      drafter figures import levering.xlsx --series elip-minstens-9500-geleend-per-cohort-asielmigranten
      drafter figures import levering-herzien.xlsx --series elip-minstens-9500-geleend-per-cohort-asielmigranten --revise --why "DUO herzag 2019"
      drafter figures import nieuwe-reeks.csv --series elip-nieuw --new-series
    """.format(layouts=textwrap.indent(LAYOUTS, "    "))


@click.group("figures")
def figures_group() -> None:
    """The figures store: DUO counts per series, peildatum and cohort, with provenance,
    and what sent letters published.

    \b
    Example:
      drafter figures import levering-2023-11.xlsx --series elip-minstens-9500-geleend-per-cohort-asielmigranten
      drafter figures list
      drafter figures history elip-minstens-9500-geleend-per-cohort-asielmigranten
      drafter figures check ../shared/seeds/003_46b2f2c4559ad58e.txt
    """


def _known_series(store: FigureStore, name: str, where: str, delivery: bool = False) -> None:
    """A series a delivery names must exist (unless --new-series): a misspelt name is no new series."""
    if name in store.info:
        return
    close = difflib.get_close_matches(name, store.series_names(), n=1, cutoff=0.6)
    hint = f"; did you mean '{close[0]}'?" if close else " ('drafter figures list' shows the series)"
    start = "; add --new-series to start one" if delivery else ""
    raise DrafterError(f"{where}: no series {name!r} in the store{hint}{start}")


@figures_group.command("import", help=IMPORT_HELP)
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--series", help="Series name for a table per peildatum (CSV/XLSX without a 'series' column).")
@click.option("--new-series", is_flag=True, help="Allow the delivery to start a series the store does not have yet.")
@click.option("--revise", is_flag=True, help="Allow changing figures at a peildatum a letter already published.")
@click.option("--why", default="", help="Why the figures are revised (kept in the history).")
@store_option
def import_command(files: tuple[Path, ...], series: str | None, new_series: bool, revise: bool, why: str,
                   store_dir: Path) -> None:
    from drafter.figures.importers import read_delivery

    store = FigureStore(store_dir)
    if series is not None:
        check_series_name(series, "--series")
    # every file is read and every row checked before one file is written: a bad row writes nothing
    summary = []
    for path in files:
        delivery = read_delivery(path, series)
        if series is not None and not new_series and not delivery.is_letter:
            _known_series(store, series, "--series", delivery=True)
        if not delivery.is_letter and not new_series:
            for name in sorted({p.series for p, _ in delivery.points}):
                _known_series(store, name, str(path), delivery=True)
        new = changed = 0
        for point, title in delivery.points:
            n, c = store.add([point], title, revise=revise, why=why)
            new, changed = new + n, changed + c
        published = store.publish(delivery.published)
        line = f"{path}: {len(delivery.points)} figures ({new} new, {changed} changed)"
        if delivery.is_letter:
            line += f"; {published} published values recorded"
        summary.append(line)
    store.save()
    for line in summary:
        click.echo(line)


@figures_group.command("rm")
@click.argument("series")
@click.option("--peildatum", required=True, help="The peildatum whose counts go (2024-01-01 or 01-01-2024).")
@click.option("--cohort", help="Only this cohort's count.")
@click.option("--revise", is_flag=True, help="Allow removing figures at a peildatum a letter published.")
@click.option("--why", default="verwijderd", show_default=True, help="Why (kept in the history).")
@store_option
def rm_command(series: str, peildatum: str, cohort: str | None, revise: bool, why: str, store_dir: Path) -> None:
    """Remove the counts of one peildatum (or one cohort); the old values stay in the history.

    \b
    Example:
      drafter figures rm elip-minstens-9500-geleend-per-cohort-asielmigranten --peildatum 2024-01-01 --why "verkeerde levering"
    """
    from drafter.figures.importers import parse_peildatum

    check_series_name(series, "SERIES")
    store = FigureStore(store_dir)
    _known_series(store, series, "SERIES")
    when = parse_peildatum(peildatum, "--peildatum")
    gone = store.remove(series, when, revise, why, **({"cohort": cohort} if cohort else {}))
    store.save()
    click.echo(f"{series}: {len(gone)} aantallen van peildatum {when.isoformat()} verwijderd (bewaard in de geschiedenis)")


@figures_group.command("history")
@click.argument("series")
@store_option
def history_command(series: str, store_dir: Path) -> None:
    """What letters published for a series, and every change to its counts (in Dutch).

    \b
    Example:
      drafter figures history elip-minstens-9500-geleend-per-cohort-asielmigranten
    """
    from drafter.figures.history import history_lines

    check_series_name(series, "SERIES")
    store = FigureStore(store_dir)
    _known_series(store, series, "SERIES")
    for line in history_lines(store, series):
        click.echo(line)


@figures_group.command("list")
@click.option("--series", help="Show the points of this series with their provenance.")
@store_option
def list_command(series: str | None, store_dir: Path) -> None:
    """List the series in the store with their peildata.

    \b
    Example:
      drafter figures list
      drafter figures list --series elip-minstens-9500-geleend-per-cohort-asielmigranten
    """
    store = FigureStore(store_dir)
    if series:
        _known_series(store, series, "--series")
        for p in store.series_points(series):
            dims = ", ".join(f"{k}={v}" for k, v in p.dims)
            click.echo(f"{p.peildatum.isoformat()}  {dims:40}  {p.value:>12}  {p.source} / {p.table} / {p.row}")
        return
    for name in store.series_names():
        dates = ", ".join(d.isoformat() for d in store.peildata(name))
        click.echo(f"{name}  ({len(store.series_points(name))} figures; peildata {dates})")


@figures_group.command("show")
@click.argument("series")
@click.option("--peildatum", "peildata", multiple=True, required=True,
              help="A peildatum (2021-05-01 or 01-05-2021); repeat, oldest first.")
@store_option
def show_command(series: str, peildata: tuple[str, ...], store_dir: Path) -> None:
    """Rebuild a cohort table from the store, with Totaal and Verschil by our rule.

    \b
    Example:
      drafter figures show elip-minstens-9500-geleend-per-cohort-asielmigranten --peildatum 2021-05-01 --peildatum 2021-11-01
    """
    from drafter.figures.importers import parse_peildatum
    from drafter.figures.tables import cohort_table

    check_series_name(series, "SERIES")
    store = FigureStore(store_dir)
    _known_series(store, series, "SERIES")
    dates: list[date] = [parse_peildatum(p, "--peildatum") for p in peildata]
    table = cohort_table(store, series, dates)
    click.echo(table.title)
    for row in [table.header(), *table.rows()]:
        click.echo(" ".join(f"{cell:>10}" for cell in row))


@figures_group.command("check")
@click.argument("documents", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--strict", is_flag=True, help="Exit with status 1 when anything is found (for CI).")
def check_command(documents: tuple[Path, ...], strict: bool) -> None:
    """Report where a letter's tables and text contradict each other.

    Reads .txt/.md, PDF (its text layer) and .docx. Rules: totals are sums;
    Verschil = (new - old) / old in whole percent, halves away from zero, a
    change from 0 is 'n.v.t.'; shares of one whole add up to 100% (largest
    remainder; plain rounding also accepted); averages in whole euros. The
    running text is checked too: 'Op 1 juli … waren er N', 'gestegen van X
    naar Y', '+ N% ten opzichte van', 'daling van N procent'. A wrong total
    is reported once, not again in the Verschil computed from it.

    \b
    Example:
      drafter figures check ../shared/seeds/003_46b2f2c4559ad58e.txt
      drafter figures check brief.docx brief.pdf --strict
    """
    from drafter.figures.check import check_document

    found = 0
    for path in documents:
        tables, findings = check_document(path)
        found += len(findings)
        for finding in findings:
            click.echo(f"{path}: {finding.line()}")
        if not tables:
            click.echo(f"{path}: no tables found ('Tabel N: …' with a 'Bron' line); nothing checked")
        elif not findings:
            click.echo(f"{path}: {tables} tables checked, no inconsistencies found")
    if found and strict:
        raise SystemExit(1)
