"""Writers for a read ``Document``: JSON, Markdown and Word, always written atomically.

Every file is first written to a temporary file in the destination folder and
then moved into place with ``os.replace``, so an interrupted run never leaves a
half-written output that a later run (or a colleague) mistakes for a result.
"""
from __future__ import annotations

import re
from pathlib import Path

from ocr.atomic import atomic_write  # noqa: F401  (re-exported for the writers)
from ocr.model import Document

FORMATS = ("json", "md", "docx")

#: Dutch labels for annotation kinds, as the officer reads them in Markdown and Word.
KIND_LABELS = {
    "note": "notitie",
    "tick": "vinkje",
    "underline": "onderstreping",
    "mark": "markering",
}


def without_bullet(text: str) -> str:
    """A list item's text without its bullet glyph: Markdown '- ' and Word's List
    Bullet style draw their own (readers keep '•' in the text; 'a)' and '1.' stay)."""
    return re.sub(r"^[•▪◦·●]\s*", "", text)


def percent(confidence: float | None) -> str:
    """Confidence 0..1 as a Dutch percentage ('72%'), or 'onbekend'."""
    return "onbekend" if confidence is None else f"{round(confidence * 100)}%"


def annotation_label(kind: str) -> str:
    return KIND_LABELS.get(kind, kind)


def output_paths(outdir: Path, stem: str, formats: tuple[str, ...] | list[str]) -> dict[str, Path]:
    """Where each requested format of ``stem`` goes."""
    return {fmt: outdir / f"{stem}.{fmt}" for fmt in formats}


def write_outputs(doc: Document, outdir: Path, stem: str, formats: tuple[str, ...] | list[str]) -> dict[str, Path]:
    """Write the requested formats of ``doc``; image paths in ``doc`` are relative to ``outdir``."""
    from ocr.output.docx import write_docx
    from ocr.output.json import write_json
    from ocr.output.markdown import write_markdown

    writers = {"json": write_json, "md": write_markdown, "docx": write_docx}
    paths = output_paths(outdir, stem, formats)
    for fmt, path in paths.items():
        writers[fmt](doc, path)
    return paths
