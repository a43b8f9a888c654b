"""Errors of the application.  The CLI prints ``str(err)`` as one line and exits with ``err.exit_code``.

The exit codes (``ExitCode``) and the reading side's errors are defined in ``ocr`` (the lower
layer) and re-exported here, so a user of drafter needs only this module.
"""
from __future__ import annotations

from ocr.errors import MissingDependency, OutputNotWritable, ReadError
from ocr.exitcodes import ExitCode

__all__ = ["DrafterError", "ExitCode", "MissingDependency", "OutputNotWritable", "ReadError"]


class DrafterError(Exception):
    """A problem the user can fix: bad input, a missing figure, an unknown record."""

    exit_code: int = ExitCode.BAD_ARGS
