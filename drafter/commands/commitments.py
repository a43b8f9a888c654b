"""``drafter commitments``: not available yet."""
from __future__ import annotations

import click

from drafter.errors import NotYetAvailable


@click.group("commitments", invoke_without_command=True)
@click.pass_context
def commitments_group(ctx: click.Context) -> None:
    """(Not available yet.)

    \b
    Example:
      drafter commitments --help
    """
    raise NotYetAvailable("'drafter commitments' is not available yet in this version")
