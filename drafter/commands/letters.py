"""``drafter letters``: the records of letters sent (date, kenmerk, Kamerstuk, title) in the register database."""
from __future__ import annotations

from pathlib import Path

import click

from drafter.figures.store import DEFAULT_STORE

DB_HELP = ("The register (SQLite file or database URL; default $DRAFTER_DB, else drafter-commitments.sqlite "
           "in this folder). A new register starts with the letters of corpus/letters.csv.")


@click.group("letters")
def letters_group() -> None:
    """Letters are records: what was sent when, with kenmerk and Kamerstuk.

    The next draft names the previous uitvoeringsbrief from these records
    ('mijn uitvoeringsbrief van 13 juli jl.' with its Kamerstuk as footnote).

    \b
    Example:
      drafter letters list --db register.sqlite
      drafter letters add --date 2023-07-13 --kamerstuk "32 824, nr. 390" --title "Uitvoeringsbrief inburgering" --reeks uitvoeringsbrief --db register.sqlite
      drafter letters add --from-spec corpus/specs/uitvoeringsbrief-2023-12.yaml --db register.sqlite
    """


@letters_group.command("list")
@click.option("--db", envvar="DRAFTER_DB", default=None, help=DB_HELP)
@click.option("--kind", type=click.Choice(["kamerbrief", "nota"]), help="Only letters of this kind.")
def list_command(db: str | None, kind: str | None) -> None:
    """Every letter record, oldest first: date, kind, kenmerk, Kamerstuk, title.

    \b
    Example:
      drafter letters list --db register.sqlite --kind kamerbrief
    """
    from drafter.letters import letters_in_register

    for record in letters_in_register(db):
        if kind and record.kind != kind:
            continue
        kamerstuk = f"Kamerstuk {record.kamerstuk}" if record.kamerstuk else "-"
        reeks = f" [{record.reeks}]" if record.reeks else ""
        click.echo(f"{record.date:10}  {record.kind:10}  {record.kenmerk or '-':16}  {kamerstuk:26}  "
                   f"{record.title}{reeks}{'  (verzonden ' + record.sent_at[:10] + ')' if record.sent_at else ''}")


@letters_group.command("add")
@click.option("--date", "when", help="The letter's date: 2024-06-20, 20 juni 2024, or 2024-06 for a month.")
@click.option("--kenmerk", default="", help="Ons kenmerk; adding a kenmerk again completes that record.")
@click.option("--kamerstuk", default="", help="'32 824, nr. 390' once the Kamer has numbered it.")
@click.option("--title", default="", help="The letter's title (Betreft).")
@click.option("--kind", type=click.Choice(["kamerbrief", "nota"]), default="kamerbrief", show_default=True)
@click.option("--reeks", default="", help="'uitvoeringsbrief' for the half-yearly letters a next one follows on.")
@click.option("--from-spec", "spec", type=click.Path(path_type=Path),
              help="Mark this spec's letter as sent: its record, its tables as published figures, and the "
                   "commitments it answers as fulfilled in the register.")
@click.option("--store", "store_dir", type=click.Path(path_type=Path), default=DEFAULT_STORE,
              show_default="corpus/figures", help="With --from-spec: the figures store that records what it published.")
@click.option("--db", envvar="DRAFTER_DB", default=None, help=DB_HELP)
def add_command(when: str | None, kenmerk: str, kamerstuk: str, title: str, kind: str, reeks: str,
                spec: Path | None, store_dir: Path, db: str | None) -> None:
    """Add a letter record (or complete one with the same kenmerk), or mark a drafted letter as sent.

    \b
    Example:
      drafter letters add --date 2023-07-13 --kamerstuk "32 824, nr. 390" --title "Uitvoeringsbrief inburgering" --reeks uitvoeringsbrief
      drafter letters add --from-spec spec.yaml --kamerstuk "32 824, nr. 400" --db register.sqlite
    """
    from drafter.errors import DrafterError
    from drafter.letters import LetterRecord, add_letter

    if spec is not None:
        if when or title:
            raise DrafterError("--from-spec takes date and title from the spec; leave out --date and --title")
        from drafter.commitments.tracker import database_url
        from drafter.drafting.compose import draft_files
        from drafter.drafting.sent import mark_sent

        url = database_url(db)
        draft = draft_files(spec, None, None, store_dir, None, url)
        echo_sent(mark_sent(draft, url, store_dir, kamerstuk))
        return
    if not when:
        raise DrafterError("say the letter's date (--date 2024-06-20), or use --from-spec SPEC")
    record, new = add_letter(db, LetterRecord(date=when, kind=kind, title=title, reeks=reeks,
                                              kamerstuk=kamerstuk, kenmerk=kenmerk, source="drafter letters add"))
    click.echo(f"{'added' if new else 'updated'} letter {record.id}: {record.date} {record.title}"
               + (f" (Kamerstuk {record.kamerstuk})" if record.kamerstuk else ""))


def echo_sent(sent) -> None:
    """One summary line of what marking a letter as sent recorded."""
    record = sent.letter
    click.echo(f"{'recorded' if sent.new_letter else 'updated'} letter {record.id}: {record.date} {record.title} "
               f"(kenmerk {record.kenmerk or '-'}); {sent.published} published figures; "
               f"{len(sent.fulfilled)} commitments marked fulfilled"
               + (f" ({', '.join(map(str, sent.fulfilled))})" if sent.fulfilled else ""))
