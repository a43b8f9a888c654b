"""Errors of the application.  The CLI prints ``str(err)`` as one line and exits 2."""
from __future__ import annotations


class DrafterError(Exception):
    """A problem the user can fix: bad input, a missing figure, an unknown record."""

    exit_code = 2


class NotYetAvailable(DrafterError):
    """A command whose capability has not landed yet."""
