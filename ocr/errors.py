"""Errors the reading side raises; each message names the file (or the program) and the problem."""
from __future__ import annotations

from pathlib import Path

from ocr.exitcodes import ExitCode


class ReadError(Exception):
    """An input cannot be read. ``str(err)`` is one line for the user."""

    exit_code = ExitCode.INPUT_FILE

    def __init__(self, path: Path | str, problem: str) -> None:
        self.path = Path(path)
        self.problem = problem
        super().__init__(f"{path}: {problem}")


class MissingDependency(Exception):
    """A program drafter runs is not installed (Tesseract, its language pack, poppler, LibreOffice).

    ``str(err)`` is one line that names the program and how to install it.
    """

    exit_code = ExitCode.MISSING_DEPENDENCY


class OutputNotWritable(OSError):
    """An output file or folder cannot be written.  An ``OSError``, so callers that already catch
    those (the batch reports 'cannot write output') keep working."""

    exit_code = ExitCode.OUTPUT_NOT_WRITABLE

    def __init__(self, path: Path | str, problem: str) -> None:
        super().__init__(f"{path}: cannot write ({problem})")
        self.path = Path(path)
        self.problem = problem

    def __str__(self) -> str:
        return f"{self.path}: cannot write ({self.problem})"
