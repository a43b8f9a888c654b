"""``drafter figures``: not available yet."""
from __future__ import annotations

import click

from drafter.errors import NotYetAvailable


@click.group("figures", invoke_without_command=True)
@click.pass_context
def figures_group(ctx: click.Context) -> None:
    """(Not available yet.)

    \b
    Example:
      drafter figures --help
    """
    raise NotYetAvailable("'drafter figures' is not available yet in this version")
