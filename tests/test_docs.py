"""The README documents every command, and every command's help has an example (sqlite-utils style)."""
from __future__ import annotations

from pathlib import Path

import click
import pytest

from drafter.cli import cli

ROOT = Path(__file__).resolve().parent.parent


def all_commands(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = []
    for name, command in group.commands.items():
        found.append(prefix + (name,))
        if isinstance(command, click.Group):
            found += all_commands(command, prefix + (name,))
    return found


COMMANDS = all_commands(cli)


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_readme_mentions_every_command(command: tuple[str, ...]) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "drafter " + " ".join(command) in readme


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_every_command_has_help(cli_runner, command: tuple[str, ...]) -> None:
    result = cli_runner.invoke(cli, [*command, "--help"])
    assert result.exit_code == 0, result.output
    assert len(result.output.splitlines()) > 3
