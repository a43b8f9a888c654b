"""The document model every stage shares: Document, Page, Block, Annotation.

One small module so that readers, the OCR pipeline, the commitment extractor
and the drafting code all speak the same structure.  Its JSON form is the
contract of ``drafter ocr --format json`` and is described by
``ocr/document.schema.json``.  Boxes are ``(x0, top, x1, bottom)`` in PDF
points measured from the page's top-left corner.
"""
from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

BBox = tuple[float, float, float, float]

BLOCK_KINDS = (
    "heading",
    "paragraph",
    "list_item",
    "table",
    "footnote",
    "metadata",
    "header",
    "footer",
    "page_number",
    "figure",  # a diagram or logo: its words, kept but not running text
)
ANNOTATION_KINDS = ("note", "tick", "underline", "mark")
PAGE_METHODS = ("text", "ocr", "plain")
#: Block kinds that are not part of the running body text.
NOT_BODY = frozenset({"metadata", "header", "footer", "page_number", "figure"})

SCHEMA_PATH = Path(__file__).with_name("document.schema.json")


class ModelError(ValueError):
    """A document in JSON form does not fit the model."""


@dataclass
class Page:
    number: int  # 1-based
    width: float  # points
    height: float  # points
    method: str = "text"  # how the page was read: text layer, OCR, or plain text input
    # conservation of print: words read on the page and words placed in its blocks (None: not counted)
    words_read: int | None = None
    words_placed: int | None = None


@dataclass
class Block:
    id: str
    page: int
    kind: str
    text: str
    bbox: BBox | None = None
    section: str | None = None  # e.g. "Aanleiding" or "2.3 Vroege start"
    confidence: float | None = None  # 0..1; None for text that was not recognised

    def __post_init__(self) -> None:
        if self.kind not in BLOCK_KINDS:
            raise ModelError(f"unknown block kind {self.kind!r}")

    @property
    def is_body(self) -> bool:
        return self.kind not in NOT_BODY


@dataclass
class Annotation:
    id: str
    page: int
    kind: str
    text: str = ""
    bbox: BBox | None = None
    anchor: str | None = None  # id of the block the annotation belongs to
    confidence: float | None = None
    image: str | None = None  # path of the PNG crop, relative to the JSON file

    def __post_init__(self) -> None:
        if self.kind not in ANNOTATION_KINDS:
            raise ModelError(f"unknown annotation kind {self.kind!r}")


@dataclass
class Document:
    source: str
    pages: list[Page] = field(default_factory=list)
    metadata: dict[str, str] = field(default_factory=dict)
    blocks: list[Block] = field(default_factory=list)
    annotations: list[Annotation] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # e.g. printed words read but not placed

    # -- queries -----------------------------------------------------------
    def body(self) -> Iterator[Block]:
        """Blocks of the running text, in reading order."""
        return (b for b in self.blocks if b.is_body)

    def block(self, block_id: str) -> Block | None:
        return next((b for b in self.blocks if b.id == block_id), None)

    def text(self, body_only: bool = True) -> str:
        """The text as paragraphs separated by blank lines."""
        blocks = self.body() if body_only else iter(self.blocks)
        return "\n\n".join(b.text for b in blocks)

    def annotations_of(self, block_id: str) -> list[Annotation]:
        return [a for a in self.annotations if a.anchor == block_id]

    # -- JSON --------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        def clean(d: dict[str, Any]) -> dict[str, Any]:
            if d.get("bbox") is not None:
                d["bbox"] = [round(float(v), 2) for v in d["bbox"]]
            return d

        return {
            "source": self.source,
            "pages": [asdict(p) for p in self.pages],
            "metadata": dict(self.metadata),
            "blocks": [clean(asdict(b)) for b in self.blocks],
            "annotations": [clean(asdict(a)) for a in self.annotations],
            "warnings": list(self.warnings),
        }

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Document:
        try:
            return cls(
                source=str(data["source"]),
                pages=[Page(**p) for p in data.get("pages", [])],
                metadata=dict(data.get("metadata", {})),
                blocks=[_with_bbox(Block, b) for b in data.get("blocks", [])],
                annotations=[_with_bbox(Annotation, a) for a in data.get("annotations", [])],
                warnings=[str(w) for w in data.get("warnings", [])],
            )
        except (KeyError, TypeError) as exc:
            raise ModelError(f"not a drafter document: {exc}") from exc

    @classmethod
    def from_json(cls, text: str) -> Document:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ModelError(f"invalid JSON: {exc}") from exc
        if not isinstance(data, dict):
            raise ModelError("not a drafter document: top level is not an object")
        return cls.from_dict(data)


def _with_bbox(kind: type, data: dict[str, Any]) -> Any:
    data = dict(data)
    if data.get("bbox") is not None:
        data["bbox"] = tuple(float(v) for v in data["bbox"])
    return kind(**data)


def load_schema() -> dict[str, Any]:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
