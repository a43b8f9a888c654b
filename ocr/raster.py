"""Page images: PDF pages through poppler (pdftoppm to PPM), image files through Pillow.

Why PPM and not PNG: pdftoppm spends most of its time compressing PNG
(1.43 s/page against 0.15 s for uncompressed output, see the field notes).

Limits: a document of more than ``MAX_PAGES`` pages, or a page image of more
than ``MAX_PIXELS`` pixels (as declared in the file's header, or as the PDF
page would be rendered), is refused with one line naming the file, before
anything is decoded.  Why: a few bytes can declare a 100,000 x 100,000 image
(40 GB of RGB) or a million empty PDF pages.  200 megapixels is an A0 sheet
at 400 dpi; a nota page at 300 dpi is under 9.
"""
from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
import warnings
from pathlib import Path

from PIL import Image

from ocr.errors import MissingDependency, ReadError
from ocr.pdftext import survey

IMAGE_SUFFIXES = {".tif", ".tiff", ".png", ".jpg", ".jpeg"}
MAX_PAGES = 2_000
MAX_PIXELS = 200_000_000
# Pillow refuses images of more than twice its own limit while opening them; ours is checked
# right after the header is read, so Pillow's check is raised to ours (it would refuse 179 MP).
Image.MAX_IMAGE_PIXELS = max(Image.MAX_IMAGE_PIXELS or 0, MAX_PIXELS)


POPPLER = ("pdfinfo", "pdftoppm", "pdfimages")


def require_poppler() -> None:
    """``MissingDependency`` unless poppler's programs (pdfinfo, pdftoppm, pdfimages) are installed."""
    missing = [tool for tool in POPPLER if shutil.which(tool) is None]
    if missing:
        raise MissingDependency(f"{', '.join(missing)} not installed (apt-get install poppler-utils)")


def _run(command: list[str], **kwargs) -> subprocess.CompletedProcess:
    """``subprocess.run`` of a poppler program; ``MissingDependency`` when it is not installed."""
    try:
        return subprocess.run(command, **kwargs)
    except FileNotFoundError:
        raise MissingDependency(f"{command[0]} is not installed (apt-get install poppler-utils)") from None


def check_pages(path: Path, count: int) -> int:
    """``count`` if within ``MAX_PAGES``; else ``ReadError`` naming the file."""
    if count > MAX_PAGES:
        raise ReadError(path, f"has {count:,} pages; the limit is {MAX_PAGES:,}")
    return count


def check_pixels(path: Path, width: float, height: float, page: int | None = None) -> None:
    """Refuse a page image larger than ``MAX_PIXELS`` before it is decoded or rendered."""
    if width * height > MAX_PIXELS:
        where = f"page {page} is" if page else "image is"
        raise ReadError(path, f"{where} {int(width):,} x {int(height):,} pixels "
                              f"({width * height / 1e6:,.0f} megapixels); the limit is {MAX_PIXELS // 1_000_000} megapixels")


def open_image(path: Path) -> Image.Image:
    """Pillow's ``Image.open`` (header only) with the pixel limit applied to the first frame."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # ours says it in one line
        try:
            image = Image.open(path)
        except Image.DecompressionBombError as exc:  # beyond twice our limit: Pillow stops in the header
            declared = re.search(r"\((\d+) pixels\)", str(exc))
            size = f"{int(declared[1]) / 1e6:,.0f} megapixels" if declared else "larger than that"
            raise ReadError(path, f"image is {size}; the limit is {MAX_PIXELS // 1_000_000} megapixels") from None
    try:
        check_pixels(path, *image.size)
    except ReadError:
        image.close()
        raise
    return image


def pdf_page_count(path: Path) -> int | None:
    """The PDF's page count from ``pdfinfo`` (quick: the page tree only); None when it cannot tell."""
    proc = _run(["pdfinfo", str(path)], capture_output=True, text=True, errors="replace")
    for line in proc.stdout.splitlines():
        if line.startswith("Pages:") and line.split()[-1].isdigit():
            return int(line.split()[-1])
    return None


def page_count(path: Path) -> int:
    """Number of pages of a PDF or (multi-page) image. Raises ``ReadError``."""
    if path.suffix.lower() == ".pdf":
        return len(survey(path))
    try:
        with open_image(path) as image:
            return check_pages(path, getattr(image, "n_frames", 1))
    except (OSError, ValueError) as exc:
        raise ReadError(path, "not a readable image") from exc


def load_page(path: Path, number: int, dpi: int, size: tuple[float, float] | None = None,
              listing: dict[int, tuple[int, int, float]] | None = None) -> tuple[Image.Image, float]:
    """The RGB image of page ``number`` (1-based) and its resolution in dpi; ``size``: the PDF page in points.

    ``listing``: the document's ``scan_listing`` when the caller has it (one ``pdfimages -list`` per
    document instead of one per page).
    """
    if path.suffix.lower() == ".pdf":
        size = size or _page_size(path, number)
        check_pixels(path, size[0] * dpi / 72, size[1] * dpi / 72, number)
        with tempfile.TemporaryDirectory(prefix="drafter-raster-") as tmp:
            scan = _embedded_scan(path, number, Path(tmp), size, listing)
            if scan is not None:
                return scan
            out = Path(tmp) / "page"
            proc = _run(
                ["pdftoppm", "-r", str(dpi), "-f", str(number), "-l", str(number), "-singlefile",
                 str(path), str(out)],
                capture_output=True, text=True,
            )
            if proc.returncode != 0:
                raise ReadError(path, f"cannot rasterize page {number}: {proc.stderr.strip()[:120]}")
            image = Image.open(out.with_suffix(".ppm"))
            image.load()
            return image.convert("RGB"), float(dpi)
    try:
        with open_image(path) as image:  # type: ignore[assignment]
            image.seek(number - 1)
            check_pixels(path, *image.size, page=number)
            resolution = image.info.get("dpi", (dpi, dpi))[0] or dpi
            return image.convert("RGB"), float(resolution)
    except (OSError, ValueError, EOFError) as exc:
        raise ReadError(path, f"cannot read page {number}: {exc}") from exc


def scan_listing(path: Path, first: int | None = None, last: int | None = None) -> dict[int, tuple[int, int, float]]:
    """Pages that are exactly one stored image: page -> (width px, height px, ppi)."""
    pages = ["-f", str(first), "-l", str(last)] if first else []
    listing = _run(["pdfimages", "-list", *pages, str(path)], capture_output=True, text=True)
    if listing.returncode != 0:
        return {}
    rows: dict[int, list[list[str]]] = {}
    for line in listing.stdout.splitlines()[2:]:
        cells = line.split()
        if len(cells) >= 14 and cells[0].isdigit():
            rows.setdefault(int(cells[0]), []).append(cells)
    found = {}
    for page, cells in rows.items():
        if len(cells) != 1 or cells[0][2] != "image":
            continue
        try:
            x_ppi, y_ppi = float(cells[0][12]), float(cells[0][13])
        except ValueError:
            continue
        if abs(x_ppi - y_ppi) <= 1 and x_ppi >= 100:
            found[page] = (int(cells[0][3]), int(cells[0][4]), x_ppi)
    return found


def _covers(scan: tuple[int, int, float], size: tuple[float, float]) -> bool:
    """Whether the stored image fills the page (a full-page scan, not rotated)."""
    width_px, height_px, ppi = scan
    return abs(width_px * 72 / ppi - size[0]) <= 3 and abs(height_px * 72 / ppi - size[1]) <= 3


def _page_size(path: Path, number: int) -> tuple[float, float]:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        return (float(pdf.pages[number - 1].width), float(pdf.pages[number - 1].height))


def _embedded_scan(path: Path, number: int, tmp: Path, size: tuple[float, float] | None = None,
                   listing: dict[int, tuple[int, int, float]] | None = None) -> tuple[Image.Image, float] | None:
    """The page's scan as stored in the PDF, when the page is exactly one full-page image.

    Why: extracting the stored JPEG (pdfimages) takes a third of the time of
    rendering the page again (pdftoppm), and loses nothing.
    """
    scan = (scan_listing(path, number, number) if listing is None else listing).get(number)
    if scan is None or not _covers(scan, size or _page_size(path, number)):
        return None
    check_pixels(path, scan[0], scan[1], number)
    proc = _run(["pdfimages", "-j", "-f", str(number), "-l", str(number), str(path), str(tmp / "scan")],
                          capture_output=True, text=True)
    files = sorted(tmp.glob("scan-*"))
    if proc.returncode != 0 or len(files) != 1:
        return None
    try:
        with Image.open(files[0]) as image:
            image.load()
            return image.convert("RGB"), round(scan[2], 1)
    except (OSError, ValueError):
        return None


def thumbnails(path: Path, numbers: list[int], dpi: int = 72, sizes: dict[int, tuple[float, float]] | None = None,
               listing: dict[int, tuple[int, int, float]] | None = None) -> dict[int, tuple[Image.Image, float]]:
    """Small RGB images of some pages and their resolution, for a quick look at the document's layout.

    Scanned PDFs: the stored JPEGs are decoded at half size (JPEG draft mode),
    which is several times faster than rendering the pages with pdftoppm.
    """
    if not numbers:
        return {}
    out: dict[int, tuple[Image.Image, float]] = {}
    if path.suffix.lower() != ".pdf":
        with open_image(path) as image:
            for number in numbers:
                image.seek(number - 1)
                check_pixels(path, *image.size, page=number)
                resolution = float(image.info.get("dpi", (200, 200))[0] or 200)
                page = image.convert("RGB")
                scale = dpi / resolution
                out[number] = (page.resize((max(1, round(page.width * scale)), max(1, round(page.height * scale)))),
                               float(dpi))
        return out
    with tempfile.TemporaryDirectory(prefix="drafter-thumbs-") as tmp:
        if sizes:
            for number in numbers:
                if number in sizes:
                    check_pixels(path, sizes[number][0] * dpi / 72, sizes[number][1] * dpi / 72, number)
            scans = {n: scan for n, scan in (scan_listing(path) if listing is None else listing).items()
                     if n in numbers and n in sizes and _covers(scan, sizes[n])}
            for number, scan in scans.items():
                check_pixels(path, scan[0], scan[1], number)
            if scans:
                _run(["pdfimages", "-j", "-p", "-f", str(min(scans)), "-l", str(max(scans)), str(path),
                                f"{tmp}/s"], capture_output=True, text=True)
                for file in Path(tmp).glob("s-*"):
                    number = int(file.name.split("-")[1])
                    if number not in scans:
                        continue
                    try:
                        with Image.open(file) as image:
                            image.draft("RGB", (image.width // 2, image.height // 2))
                            small = image.convert("RGB")
                    except (OSError, ValueError):
                        continue
                    out[number] = (small, scans[number][2] * small.width / scans[number][0])
        rest = [n for n in numbers if n not in out]
        if rest:
            proc = _run(
                ["pdftoppm", "-r", str(dpi), "-f", str(min(rest)), "-l", str(max(rest)), str(path), f"{tmp}/p"],
                capture_output=True, text=True,
            )
            if proc.returncode != 0:
                raise ReadError(path, f"cannot rasterize: {proc.stderr.strip()[:120]}")
            for file in Path(tmp).glob("p-*.ppm"):
                number = int(file.stem.rsplit("-", 1)[1])
                if number in rest:
                    with Image.open(file) as image:
                        out[number] = (image.convert("RGB"), float(dpi))
    return out
