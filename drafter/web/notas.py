"""The nota's the review app shows: OCR outputs in a folder, their page images, crops, uploads and exports.

Names that come from the browser never become paths: a document is looked up
by its stem among the JSON files actually in the OCR output folder, an upload
is stored under a generated name in the app's own folder, and a crop is only
served when it resolves inside the output folder.
"""
from __future__ import annotations

import os
import secrets
import shutil
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.engine import Engine

from drafter.web import corrections
from ocr.model import Annotation, Document, ModelError

#: Page images are rendered at this resolution for the browser (1.4 px per point at 100 dpi).
PAGE_DPI = 100
#: What an upload may be, recognised by its first bytes (never by its name): suffix -> signatures.
SIGNATURES = {
    ".pdf": (b"%PDF-",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".tif": (b"II*\x00", b"MM\x00*"),
    ".jpg": (b"\xff\xd8\xff",),
    ".docx": (b"PK\x03\x04",),
}
MAX_UPLOAD = 50 * 1024 * 1024
BODY_KINDS = ("heading", "paragraph", "list_item", "table", "footnote")


class UploadRefused(ValueError):
    """An upload that is too large or not a scan/document we read; the message is for the officer."""


def sniff(head: bytes) -> str | None:
    """The suffix that fits the file's first bytes, or None."""
    return next((suffix for suffix, sigs in SIGNATURES.items() if any(head.startswith(s) for s in sigs)), None)


@dataclass
class Job:
    """One uploaded document being read in the background."""

    id: str
    name: str  # the name the officer's file had: shown, never used as a path
    path: Path
    pages: int | None = None
    pages_done: int = 0  # pages read so far, told by the batch after each page (the status page shows it)
    state: str = "wacht"  # wacht, bezig, klaar, mislukt
    message: str = ""
    stem: str | None = None
    started: float = field(default_factory=time.time)
    finished: float | None = None


class NotaLibrary:
    """The OCR output folder plus the app's own folder (page images, uploads, exports)."""

    def __init__(self, outdir: Path, appdir: Path) -> None:
        self.outdir = Path(outdir)
        self.appdir = Path(appdir)
        self._docs: dict[Path, tuple[int, Document]] = {}
        self.jobs: dict[str, Job] = {}
        self._lock = threading.Lock()

    # -- documents ---------------------------------------------------------------
    def names(self) -> dict[str, Path]:
        """stem -> JSON file, for every OCR output in the folder (not the cache)."""
        if not self.outdir.is_dir():
            return {}
        return {p.stem: p for p in sorted(self.outdir.glob("*.json")) if p.is_file()}

    def load(self, stem: str) -> Document | None:
        """The OCR'd document called ``stem``, read again only when its file changed."""
        path = self.names().get(stem)
        if path is None:
            return None
        mtime = path.stat().st_mtime_ns
        cached = self._docs.get(path)
        if cached and cached[0] == mtime:
            return cached[1]
        try:
            doc = Document.from_json(path.read_text(encoding="utf-8"))
        except (ModelError, OSError, UnicodeDecodeError, TypeError, ValueError):
            return None
        self._docs[path] = (mtime, doc)
        return doc

    def summaries(self) -> list[dict]:
        out = []
        for stem in self.names():
            doc = self.load(stem)
            if doc is None:
                continue
            title = next((b.text for b in doc.blocks if b.kind == "heading"), Path(doc.source).name)
            out.append({"stem": stem, "title": title, "source": Path(doc.source).name, "pages": len(doc.pages),
                        "remarks": len(doc.annotations), "date": doc.metadata.get("Datum", "")})
        return out

    def source_of(self, doc: Document) -> Path | None:
        """The scan the document was read from, if it is still where the OCR run found it."""
        src = Path(doc.source)
        for candidate in ([src] if src.is_absolute() else [Path.cwd() / src, self.outdir / src]):
            if candidate.is_file():
                return candidate
        return None

    # -- images --------------------------------------------------------------------
    def has_image(self, stem: str, number: int) -> bool:
        """Whether page ``number`` can be shown as an image (without rendering it yet)."""
        doc = self.load(stem)
        page = next((p for p in doc.pages if p.number == number), None) if doc else None
        if doc is None or page is None or page.method == "plain":
            return False
        source = self.source_of(doc)
        return source is not None and source.suffix.lower() not in (".docx", ".txt", ".md")

    def page_image(self, stem: str, number: int) -> Path | None:
        """A PNG of page ``number`` for the browser, rendered once into the app folder."""
        doc = self.load(stem)
        if doc is None or not any(p.number == number for p in doc.pages):
            return None
        target = self.appdir / "pages" / f"{stem}-{number}.png"
        if target.is_file():
            return target
        source = self.source_of(doc)
        page = next(p for p in doc.pages if p.number == number)
        if source is None or page.method == "plain" or source.suffix.lower() in (".docx", ".txt", ".md"):
            return None
        from ocr.atomic import atomic_write
        from ocr.errors import ReadError
        from ocr.raster import load_page

        try:
            image, _ = load_page(source, number, PAGE_DPI, (page.width, page.height))
        except ReadError:
            return None
        width = round(page.width * PAGE_DPI / 72)
        if image.width != width:
            image = image.resize((width, round(image.height * width / image.width)))
        target.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(target, lambda tmp: image.save(tmp, format="PNG", optimize=False))
        return target

    def crop_file(self, stem: str, note: Annotation) -> Path | None:
        """The crop of a remark: the OCR's own PNG, or one cut from the page image for a drawn box."""
        if note.image:
            root = self.outdir.resolve()
            path = (root / note.image).resolve()
            if path.is_relative_to(root) and path.is_file():
                return path
        if note.bbox is None:
            return None
        target = self.appdir / "crops" / stem / f"{note.id}-{'-'.join(str(round(v)) for v in note.bbox)}.png"
        if target.is_file():
            return target
        page_png = self.page_image(stem, note.page)
        doc = self.load(stem)
        if page_png is None or doc is None:
            return None
        from PIL import Image

        from ocr.atomic import atomic_write

        page = next(p for p in doc.pages if p.number == note.page)
        with Image.open(page_png) as image:
            scale = image.width / page.width
            x0, top, x1, bottom = note.bbox
            crop = image.crop((max(0, round((x0 - 4) * scale)), max(0, round((top - 4) * scale)),
                               min(image.width, round((x1 + 4) * scale)), min(image.height, round((bottom + 4) * scale))))
            crop.load()
        target.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(target, lambda tmp: crop.save(tmp, format="PNG"))
        return target

    # -- corrections and export --------------------------------------------------------
    def corrected(self, stem: str, engine: Engine) -> tuple[Document, set[str]] | None:
        doc = self.load(stem)
        if doc is None:
            return None
        return corrections.apply(doc, corrections.log_of(engine, stem))

    def export(self, stem: str, engine: Engine) -> dict[str, Path]:
        """Write the corrected JSON, Markdown and Word files (with their crops) into the app folder."""
        from ocr.output import FORMATS, write_outputs

        got = self.corrected(stem, engine)
        if got is None:
            raise KeyError(stem)
        doc = corrections.without_removed(*got)
        target = self.appdir / "exports" / stem
        crops = target / f"{stem}_crops"
        crops.mkdir(parents=True, exist_ok=True)
        for note in doc.annotations:
            crop = self.crop_file(stem, note)
            if crop is None:
                note.image = None
                continue
            name = f"{note.id}.png"
            shutil.copyfile(crop, crops / name)
            note.image = f"{stem}_crops/{name}"
        return write_outputs(doc, target, stem, FORMATS)

    # -- uploads -------------------------------------------------------------------
    def store_upload(self, name: str, head: bytes, chunks) -> Job:  # noqa: ANN001 - an iterator of bytes
        """Save an upload under a generated name in the app folder; refuse what is not a scan or document."""
        suffix = sniff(head)
        if suffix is None:
            raise UploadRefused("Dit is geen PDF, PNG, TIFF, JPEG of Word-bestand.")
        folder = self.appdir / "uploads"
        folder.mkdir(parents=True, exist_ok=True)
        job_id = secrets.token_hex(8)
        path = folder / f"upload-{job_id}{suffix}"
        size = 0
        with open(path, "xb") as out:
            for chunk in chunks:
                size += len(chunk)
                if size > MAX_UPLOAD:
                    out.close()
                    path.unlink()
                    raise UploadRefused(f"Het bestand is groter dan {MAX_UPLOAD // (1024 * 1024)} MB.")
                out.write(chunk)
        job = Job(job_id, name[:200], path)
        with self._lock:
            self.jobs[job_id] = job
        return job

    def start(self, job: Job) -> None:
        """Read the upload with the batch pipeline in a background thread."""
        threading.Thread(target=self._run, args=(job,), name=f"ocr-{job.id}", daemon=True).start()

    def _run(self, job: Job) -> None:
        from ocr.batch import run_batch
        from ocr.errors import ReadError
        from ocr.output import FORMATS
        from ocr.raster import page_count

        job.state = "bezig"
        try:
            job.pages = page_count(job.path)
            report = run_batch([job.path], self.outdir, FORMATS, jobs=1, progress=False,
                               on_page=lambda done, planned: _count_pages(job, done, planned))
            if report.documents:
                job.stem = job.path.stem
                job.pages_done = job.pages or job.pages_done  # a document read before comes from the cache at once
                job.state = "klaar"
            else:
                job.state = "mislukt"
                job.message = "; ".join(str(f) for f in report.failures)[:300]
        except (ReadError, OSError, ValueError) as exc:
            job.state, job.message = "mislukt", str(exc)[:300]
        except Exception as exc:  # noqa: BLE001 - a background job reports, it never takes the server down
            job.state, job.message = "mislukt", f"{type(exc).__name__}: {str(exc)[:200]}"
        job.finished = time.time()


def _count_pages(job: Job, done: int, planned: int) -> None:
    """The batch's progress in pages, kept on the job for its status page (one document: its pages)."""
    job.pages_done = max(0, done)
    if planned > 0:
        job.pages = planned


def export_corrected(ocr_dir: Path, out_dir: Path, engine: Engine, stems: list[str] | None = None) -> dict[str, int]:
    """Write every OCR'd document of ``ocr_dir`` with the officer's corrections from the register's
    log applied (JSON, Markdown, Word with its comments, and the crops) into ``out_dir``; the OCR
    output itself is never changed.  Returns stem -> number of corrections applied."""
    import tempfile

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    done: dict[str, int] = {}
    with tempfile.TemporaryDirectory(prefix="drafter-corrections-") as tmp:
        library = NotaLibrary(Path(ocr_dir), Path(tmp))
        for stem in stems or list(library.names()):
            if library.load(stem) is None:
                continue
            written = library.export(stem, engine)
            for path in sorted({p.parent for p in written.values()}):
                for item in path.iterdir():
                    target = out_dir / item.name
                    if item.is_dir():
                        shutil.rmtree(target, ignore_errors=True)
                        shutil.copytree(item, target)
                    else:
                        shutil.copyfile(item, target.with_name(f".{target.name}.part"))
                        os.replace(target.with_name(f".{target.name}.part"), target)
            done[stem] = len(corrections.log_of(engine, stem))
    return done

