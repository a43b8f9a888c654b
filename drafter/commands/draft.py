"""``drafter draft``: the next uitvoeringsbrief and its nota, from a letter spec."""
from __future__ import annotations

from pathlib import Path

import click

from drafter.figures.store import DEFAULT_STORE


def register_url(db: str | None) -> str | None:
    """The officer's register (``--db``/$DRAFTER_DB) as a URL; None for the register shipped in corpus/.

    Drafting only reads: a SQLite file that is not there is refused rather than created.
    """
    if not db:
        return None
    from drafter.commitments.tracker import database_url
    from drafter.errors import DrafterError

    url = database_url(db)
    if url.startswith("sqlite:///") and not Path(url[len("sqlite:///"):]).is_file():
        raise DrafterError(f"{db}: no register here (--db or DRAFTER_DB); "
                           "leave both out to draft from the register shipped in corpus/")
    return url


@click.command("draft")
@click.argument("spec", type=click.Path(path_type=Path))
@click.option("-o", "--output", "letter", type=click.Path(path_type=Path), help="The letter (.docx) to write.")
@click.option("--nota", type=click.Path(path_type=Path), help="Also write the nota to the minister (.docx).")
@click.option("--check", is_flag=True,
              help="List every problem of the spec and every missing value (template:line:name); write nothing.")
@click.option("--templates", "user_dir", type=click.Path(path_type=Path),
              help="Your own templates folder, searched before the built-ins (reachable as 'default:').")
@click.option("--store", "store_dir", type=click.Path(path_type=Path), default=DEFAULT_STORE, show_default="corpus/figures",
              help="Folder of the figures store.")
@click.option("--db", envvar="DRAFTER_DB", default=None,
              help="Your commitments register (SQLite file or database URL; default $DRAFTER_DB, "
                   "else the register shipped in corpus/). Only read, unless --sent.")
@click.option("--sent", is_flag=True,
              help="The letter is sent: record it in your register (--db), its tables as published figures in "
                   "the store, and the commitments it answers as fulfilled.")
@click.option("--kamerstuk", default="", help="With --sent: the letter's Kamerstuk ('32 824, nr. 400'), if known.")
def draft_command(spec: Path, letter: Path | None, nota: Path | None, check: bool, user_dir: Path | None,
                  store_dir: Path, db: str | None, sent: bool, kamerstuk: str) -> None:
    """Draft the uitvoeringsbrief (and nota) as .docx from a letter spec, templates and figures.

    A missing figure or a slip in the spec stops the draft with one line naming
    the file, line and key; no file is half written.  Dates in the spec may be
    written 2024-07-03, 03-07-2024 or 3 juli 2024.  Templates run in a closed
    sandbox (plain data only; see the README).

    \b
    Exit codes: 0 drafted (or --check: nothing missing); 1 --check found
    missing values; 2 a problem (spec, template, figure, register).

    \b
    Example:
      drafter draft corpus/specs/uitvoeringsbrief-2023-12.yaml -o brief.docx --nota nota.docx
      drafter draft corpus/specs/uitvoeringsbrief-2023-12.yaml --check
      drafter draft spec.yaml -o brief.docx --templates mijn-sjablonen/ --db register.sqlite
      drafter draft spec.yaml -o brief.docx --db register.sqlite --sent --kamerstuk "32 824, nr. 400"
    """
    from drafter.drafting.compose import check_draft, draft_files
    from drafter.errors import DrafterError

    db_url = register_url(db)
    if sent and (check or db_url is None):
        raise DrafterError("--sent records the letter in your register: give --db (or DRAFTER_DB), without --check")
    if check:
        problems, missing = check_draft(spec, store_dir, user_dir, db_url)
        for line in problems + missing:
            click.echo(line)
        if problems:
            raise SystemExit(2)
        if missing:
            raise SystemExit(1)
        click.echo(f"{spec}: nothing missing")
        return
    if letter is None and nota is None:
        raise DrafterError("say where to write the letter (-o brief.docx) and/or the nota (--nota nota.docx)")
    draft = draft_files(spec, letter, nota, store_dir, user_dir, db_url)
    for path in (letter, nota):
        if path is not None:
            click.echo(f"wrote {path}")
    click.echo(f"templates {draft.template_version}; figures {draft.figures_hash} ({len(set(draft.used))} figures); "
               f"{len(draft.commitments)} commitments")
    if sent:
        from drafter.commands.letters import echo_sent
        from drafter.drafting.sent import mark_sent

        assert db_url is not None  # --sent without a register stopped above
        echo_sent(mark_sent(draft, db_url, store_dir, kamerstuk))
