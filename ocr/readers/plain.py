"""Plain text (.txt/.md) -> Document.  Interim: paragraphs split on blank lines."""
from __future__ import annotations

from pathlib import Path

from ocr.errors import ReadError
from ocr.model import Block, Document, Page


def read_plain(path: Path) -> Document:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ReadError(path, "not UTF-8 text") from None
    if not text.strip():
        raise ReadError(path, "file has no text")
    doc = Document(source=str(path), pages=[Page(1, 595.28, 841.89, "plain")])
    for i, chunk in enumerate(p for p in text.split("\n\n") if p.strip()):
        doc.blocks.append(Block(id=f"b{i + 1}", page=1, kind="paragraph", text=" ".join(chunk.split())))
    return doc
