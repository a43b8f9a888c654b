"""Readers: one function per input format, each returning a ``Document``.

``read_document`` picks the reader by file type and turns every failure into a
``ReadError`` that names the file.
"""
from __future__ import annotations

from pathlib import Path

from ocr.errors import ReadError
from ocr.model import Document, ModelError


def check_input(path: Path) -> None:
    """Refuse what cannot be a document before any reader opens it."""
    if not path.exists():
        raise ReadError(path, "no such file")
    if path.is_dir():
        raise ReadError(path, "is a directory, not a document")
    if path.stat().st_size == 0:
        raise ReadError(path, "file is empty")


def read_document(path: Path | str) -> Document:
    """Read a born-digital document (.txt, .md, .json) into the model.

    Interim version: the full readers (docx, PDF text layer, scans) replace it.
    """
    path = Path(path)
    check_input(path)
    suffix = path.suffix.lower()
    if suffix == ".json":
        try:
            return Document.from_json(path.read_text(encoding="utf-8"))
        except ModelError as exc:
            raise ReadError(path, str(exc)) from exc
    if suffix in {".txt", ".md"}:
        from ocr.readers.plain import read_plain

        return read_plain(path)
    raise ReadError(path, f"unsupported file type {suffix or '(none)'}")
