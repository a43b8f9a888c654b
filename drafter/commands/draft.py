"""``drafter draft``: not available yet."""
from __future__ import annotations

from pathlib import Path

import click

from drafter.errors import NotYetAvailable


@click.command("draft")
@click.argument("spec", type=click.Path(path_type=Path))
def draft_command(spec: Path) -> None:
    """(Not available yet.) Draft the uitvoeringsbrief from a letter spec.

    \b
    Example:
      drafter draft corpus/specs/next.yaml -o brief.docx
    """
    raise NotYetAvailable("'drafter draft' is not available yet in this version")
