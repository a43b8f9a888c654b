"""The one way in: ``read_document`` picks the reader for a file by its type.

Born-digital files (JSON, text, Word) go to ``ocr.readers``; scans and PDFs to
the OCR pipeline (``ocr.pipeline``), which reads a text layer where there is
one and runs Tesseract where there is not.  Every failure is a ``ReadError``
naming the file (or ``MissingDependency`` when a tool is not installed).
"""
from __future__ import annotations

from pathlib import Path

from ocr.model import Document
from ocr.readers import SCAN_SUFFIXES, check_input, read_born_digital


def read_document(path: Path | str, workdir: Path | None = None) -> Document:
    """Read any supported input into the model; ``ReadError`` on bad input.

    ``workdir``: where the crops of handwritten remarks are kept (their
    ``image`` paths are relative to it).  Without it they are made in a
    temporary folder that is removed, and ``image`` is None: a reader never
    writes next to its input.
    """
    path = Path(path)
    check_input(path)
    if path.suffix.lower() not in SCAN_SUFFIXES:
        return read_born_digital(path)
    from ocr.pipeline import process_document  # lazily: scipy and Tesseract only load for scans

    return process_document(path, workdir=workdir)
