"""``drafter draft``: the next uitvoeringsbrief and its nota, from a letter spec."""
from __future__ import annotations

from pathlib import Path

import click

from drafter.figures.store import DEFAULT_STORE


@click.command("draft")
@click.argument("spec", type=click.Path(path_type=Path))
@click.option("-o", "--output", "letter", type=click.Path(path_type=Path), help="The letter (.docx) to write.")
@click.option("--nota", type=click.Path(path_type=Path), help="Also write the nota to the minister (.docx).")
@click.option("--check", is_flag=True, help="List every missing value as template:line:name; write nothing.")
@click.option("--templates", "user_dir", type=click.Path(path_type=Path),
              help="Your own templates folder, searched before the built-ins (reachable as 'default:').")
@click.option("--store", "store_dir", type=click.Path(path_type=Path), default=DEFAULT_STORE, show_default="corpus/figures",
              help="Folder of the figures store.")
def draft_command(spec: Path, letter: Path | None, nota: Path | None, check: bool, user_dir: Path | None,
                  store_dir: Path) -> None:
    """Draft the uitvoeringsbrief (and nota) as .docx from a letter spec, templates and figures.

    A missing figure stops the draft with one line naming series, peildatum and
    template line; no file is half written.

    \b
    Example:
      drafter draft corpus/specs/uitvoeringsbrief-2023-12.yaml -o brief.docx --nota nota.docx
      drafter draft corpus/specs/uitvoeringsbrief-2023-12.yaml --check
      drafter draft spec.yaml -o brief.docx --templates mijn-sjablonen/
    """
    from drafter.drafting.compose import check_spec, draft_files
    from drafter.errors import DrafterError

    if check:
        missing = check_spec(spec, store_dir, user_dir)
        for line in missing:
            click.echo(line)
        if missing:
            raise SystemExit(1)
        click.echo(f"{spec}: nothing missing")
        return
    if letter is None and nota is None:
        raise DrafterError("say where to write the letter (-o brief.docx) and/or the nota (--nota nota.docx)")
    draft = draft_files(spec, letter, nota, store_dir, user_dir)
    for path in (letter, nota):
        if path is not None:
            click.echo(f"wrote {path}")
    click.echo(f"templates {draft.template_version}; figures {draft.figures_hash} ({len(set(draft.used))} figures); "
               f"{len(draft.commitments)} commitments")
