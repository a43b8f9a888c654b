"""Exit codes of the command line, one per kind of failure, so a script can tell them apart.

Modelled on OCRmyPDF's ``ExitCode``.  Lives in ``ocr`` (the lower layer) so both
halves name the same numbers; ``drafter.errors`` re-exports it.
"""
from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """What ``drafter`` returns to the shell."""

    OK = 0
    INTERNAL = 1  # a bug: one line on the terminal, the traceback in a log file
    BAD_ARGS = 2  # a bad flag or option value, a spec slip, an unknown record
    INPUT_FILE = 3  # a document that cannot be read (missing, damaged, wrong type)
    MISSING_DEPENDENCY = 4  # Tesseract, its Dutch language pack or poppler-utils not installed
    BATCH_PARTIAL = 5  # some files of a batch failed, the others were done
    OUTPUT_NOT_WRITABLE = 6  # the output folder or file cannot be written
    INTERRUPTED = 130  # Ctrl-C or SIGTERM (128 + SIGINT, as shells report it)


#: The table for ``drafter --help`` and the README, one line per code.
DESCRIPTIONS: dict[ExitCode, str] = {
    ExitCode.OK: "done",
    ExitCode.INTERNAL: "internal error (a bug; the traceback is in the log file named)",
    ExitCode.BAD_ARGS: "bad arguments: an unknown option or value, a slip in a spec, an unknown record",
    ExitCode.INPUT_FILE: "an input file cannot be read",
    ExitCode.MISSING_DEPENDENCY: "a program is missing: Tesseract or its Dutch language pack, poppler-utils",
    ExitCode.BATCH_PARTIAL: "some files of a batch failed; the others were done",
    ExitCode.OUTPUT_NOT_WRITABLE: "the output folder or file cannot be written",
    ExitCode.INTERRUPTED: "interrupted (Ctrl-C, SIGTERM)",
}
