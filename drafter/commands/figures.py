"""``drafter figures``: import DUO figures and published tables, list them, check a letter."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from drafter.figures.store import DEFAULT_STORE, FigureStore, check_series_name

store_option = click.option("--store", "store_dir", type=click.Path(path_type=Path), default=DEFAULT_STORE,
                            show_default="corpus/figures", help="Folder of the figures store (one JSON file per series).")


@click.group("figures")
def figures_group() -> None:
    """The figures store: DUO counts per series, peildatum and cohort, with provenance.

    \b
    Example:
      drafter figures import levering-2023-11.xlsx --series elip-minstens-9500-geleend-per-cohort-asielmigranten
      drafter figures list
      drafter figures check ../shared/seeds/003_46b2f2c4559ad58e.txt
    """


@figures_group.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--series", help="Series name for a table per peildatum (CSV/XLSX without a 'series' column).")
@store_option
def import_command(files: tuple[Path, ...], series: str | None, store_dir: Path) -> None:
    """Add figures from CSV, XLSX or the 'Tabel N' tables of a published letter.

    Only counts are stored; totals, shares and Verschil are derived when shown.
    A series name is a slug (lowercase letters, digits, '-' and '_'), never a
    path; every row is checked before anything is written.

    \b
    Example:
      drafter figures import brief-december-2021.txt
      drafter figures import levering.csv --series elip-minstens-9500-geleend-per-cohort-asielmigranten
    """
    from drafter.figures.importers import import_file

    if series is not None:
        check_series_name(series, "--series")
    store = FigureStore(store_dir)
    # every file is read and every row checked before one file is written: a bad row writes nothing
    summary = []
    for path in files:
        items = import_file(path, series)
        new = changed = 0
        for point, title in items:
            n, c = store.add([point], title)
            new, changed = new + n, changed + c
        summary.append(f"{path}: {len(items)} figures ({new} new, {changed} changed)")
    store.save()
    for line in summary:
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
        if series not in store.info:
            from drafter.errors import DrafterError

            raise DrafterError(f"no series {series!r} in {store_dir}")
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

    dates: list[date] = [parse_peildatum(p, "--peildatum") for p in peildata]
    table = cohort_table(FigureStore(store_dir), series, dates)
    click.echo(table.title)
    for row in [table.header(), *table.rows()]:
        click.echo(" ".join(f"{cell:>10}" for cell in row))


@figures_group.command("check")
@click.argument("documents", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--strict", is_flag=True, help="Exit with status 1 when anything is found (for CI).")
def check_command(documents: tuple[Path, ...], strict: bool) -> None:
    """Report where a letter's tables and text contradict each other.

    Rules: totals are sums; Verschil = (new - old) / old in whole percent, halves
    away from zero, a change from 0 is 'n.v.t.'; shares of one whole add up to 100%
    (largest remainder; plain rounding also accepted); averages in whole euros.

    \b
    Example:
      drafter figures check ../shared/seeds/003_46b2f2c4559ad58e.txt
      drafter figures check brief.docx --strict
    """
    from drafter.figures.check import check_letter

    found = 0
    for path in documents:
        findings = check_letter(path)
        found += len(findings)
        for finding in findings:
            click.echo(f"{path}: {finding.line()}")
        if not findings:
            click.echo(f"{path}: no inconsistencies found")
    if found and strict:
        raise SystemExit(1)
