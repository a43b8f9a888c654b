"""drafter: the uitvoeringsbrief inburgering, from scanned nota's to the next draft.

The public Python API (``drafter.api``) is available here; its modules load on
first use, so ``import drafter`` stays cheap::

    import drafter
    found = drafter.extract_commitments("brief.txt")
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = [
    "read_document", "extract_commitments", "open_register", "import_documents", "commitments_report",
    "load_figures", "check_letter", "draft_letter",
    "DrafterError", "ReadError", "MissingDependency", "OutputNotWritable", "ExitCode",
]

_ERRORS = {"DrafterError", "ReadError", "MissingDependency", "OutputNotWritable", "ExitCode"}

if TYPE_CHECKING:
    from drafter.api import (
        check_letter,
        commitments_report,
        draft_letter,
        extract_commitments,
        import_documents,
        load_figures,
        open_register,
        read_document,
    )
    from drafter.errors import DrafterError, ExitCode, MissingDependency, OutputNotWritable, ReadError


def __getattr__(name: str) -> Any:
    """The API's functions and errors, imported when first asked for (PEP 562)."""
    if name in _ERRORS:
        from drafter import errors

        return getattr(errors, name)
    if name in __all__:
        from drafter import api

        return getattr(api, name)
    raise AttributeError(f"module 'drafter' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
