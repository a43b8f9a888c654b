"""The command line shell: version, help with examples, one-line errors."""
from __future__ import annotations

from pathlib import Path

import pytest

from drafter.cli import cli

COMMANDS = [["ocr"], ["commitments"], ["figures"], ["draft"]]


def test_version(cli_runner) -> None:
    result = cli_runner.invoke(cli, ["--version"])
    assert result.exit_code == 0
    assert "drafter" in result.output


@pytest.mark.parametrize("command", [[]] + COMMANDS)
def test_every_command_has_help_with_an_example(cli_runner, command) -> None:
    result = cli_runner.invoke(cli, command + ["--help"])
    assert result.exit_code == 0, result.output
    assert "Example" in result.output


def test_missing_file_is_one_line_and_exit_3(cli_runner, tmp_path: Path) -> None:
    result = cli_runner.invoke(cli, ["ocr", str(tmp_path / "nope.pdf")])
    assert result.exit_code == 3
    assert "nope.pdf" in result.output and "no such file" in result.output
    assert "Traceback" not in result.output
