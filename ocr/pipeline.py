"""The OCR pipeline as explicit stages (after OCRmyPDF): triage, per-page work, assembly.

``plan`` opens an input and splits it into picklable ``PageTask``s; ``process_page``
does the expensive per-page work (text layer or Tesseract) and may run in any
worker process; ``assemble`` does the document-wide work (body column, reading
order, sections, handwriting grouping, anchors).  ``process_document`` runs the
three in series.  The batch runner (``ocr.batch``) spreads ``process_page`` calls
of many documents over an executor.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ocr.errors import ReadError
from ocr.model import Document
from ocr.readers import check_input, read_document

SCAN_SUFFIXES = {".pdf", ".tif", ".tiff", ".png", ".jpg", ".jpeg"}


@dataclass(frozen=True)
class Settings:
    """Everything that changes the result; part of the cache key."""

    lang: str = "nld"
    dpi: int = 200
    force_ocr: bool = False  # OCR even pages that have a text layer

    def key(self) -> str:
        return hashlib.sha1(json.dumps(asdict(self), sort_keys=True).encode()).hexdigest()[:12]


@dataclass(frozen=True)
class PageTask:
    source: Path
    number: int  # 1-based
    settings: Settings = field(default_factory=Settings)


@dataclass
class PageResult:
    """What one page yields; picklable, so it can come back from a worker."""

    number: int
    width: float
    height: float
    method: str  # "text" or "ocr"
    data: dict[str, Any] = field(default_factory=dict)  # stage-specific: words, ink blobs, crops


def plan(path: Path, settings: Settings = Settings()) -> list[PageTask]:
    """Triage: check the input and list its pages. Raises ``ReadError``."""
    check_input(path)
    if path.suffix.lower() not in SCAN_SUFFIXES:
        return []  # born-digital text formats are read whole in ``assemble``
    raise ReadError(path, "scanned and PDF input is not supported yet")


def process_page(task: PageTask, workdir: Path) -> PageResult:
    """Read one page: its text layer if usable, else OCR. Runs in a worker."""
    raise ReadError(task.source, "scanned and PDF input is not supported yet")


def assemble(path: Path, results: list[PageResult], settings: Settings, workdir: Path) -> Document:
    """Document-wide layout from the page results; text formats are read here whole."""
    if not results:
        return read_document(path)
    raise ReadError(path, "scanned and PDF input is not supported yet")


def process_document(path: Path | str, settings: Settings = Settings(), workdir: Path | None = None) -> Document:
    """All stages in series, for one document."""
    path = Path(path)
    workdir = workdir or path.parent
    tasks = plan(path, settings)
    return assemble(path, [process_page(t, workdir) for t in tasks], settings, workdir)
