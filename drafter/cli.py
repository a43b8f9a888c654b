"""The ``drafter`` command line: a thin click shell over the library.

Every command lives in ``drafter.commands.<name>``; this module only assembles
them and turns the library's errors into one line on stderr and exit code 2,
never a traceback.
"""
from __future__ import annotations

import sys
from typing import Any

import click

from drafter import __version__
from drafter.commands import commitments, draft, figures, letters, ocr, serve
from drafter.errors import DrafterError
from ocr.errors import ReadError


class DrafterGroup(click.Group):
    """Click group that reports user errors as one clear line."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (DrafterError, ReadError) as exc:
            click.echo(f"Error: {exc}", err=True)
            sys.exit(getattr(exc, "exit_code", 2))


@click.group(cls=DrafterGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="drafter")
def cli() -> None:
    """drafter: read scanned nota's, track toezeggingen and moties, draft the
    next uitvoeringsbrief inburgering.

    \b
    Example:
      drafter ocr scans/ -o out/
      drafter commitments report --status due
      drafter draft corpus/specs/next.yaml -o brief.docx
    """


cli.add_command(ocr.ocr_command)
cli.add_command(commitments.commitments_group)
cli.add_command(figures.figures_group)
cli.add_command(draft.draft_command)
cli.add_command(letters.letters_group)
cli.add_command(serve.serve_command)
