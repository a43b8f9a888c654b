"""Errors the reading side raises; each message names the file and the problem."""
from __future__ import annotations

from pathlib import Path


class ReadError(Exception):
    """An input cannot be read. ``str(err)`` is one line for the user."""

    def __init__(self, path: Path | str, problem: str) -> None:
        self.path = Path(path)
        self.problem = problem
        super().__init__(f"{path}: {problem}")
