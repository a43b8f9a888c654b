"""The Document as JSON: the contract of ``drafter ocr --format json`` (ocr/document.schema.json)."""
from __future__ import annotations

from pathlib import Path

from ocr.model import Document
from ocr.output import atomic_write


def write_json(doc: Document, path: Path) -> Path:
    return atomic_write(path, doc.to_json() + "\n")
