"""Page images: PDF pages through poppler (pdftoppm to PPM), image files through Pillow.

Why PPM and not PNG: pdftoppm spends most of its time compressing PNG
(1.43 s/page against 0.15 s for uncompressed output, see the field notes).
"""
from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

from PIL import Image

from ocr.errors import ReadError

IMAGE_SUFFIXES = {".tif", ".tiff", ".png", ".jpg", ".jpeg"}


def page_count(path: Path) -> int:
    """Number of pages of a PDF or (multi-page) image. Raises ``ReadError``."""
    if path.suffix.lower() == ".pdf":
        from ocr.pdftext import survey

        return len(survey(path))
    try:
        with Image.open(path) as image:
            return getattr(image, "n_frames", 1)
    except (OSError, ValueError) as exc:
        raise ReadError(path, "not a readable image") from exc


def pdf_problem(path: Path, exc: Exception) -> ReadError:
    """pdfminer's many exceptions -> one line a user understands."""
    if "password" in str(exc).lower() or "encrypt" in type(exc).__name__.lower():
        return ReadError(path, "PDF is encrypted")
    return ReadError(path, "not a readable PDF")


def load_page(path: Path, number: int, dpi: int,
              size: tuple[float, float] | None = None) -> tuple[Image.Image, float]:
    """The RGB image of page ``number`` (1-based) and its resolution in dpi; ``size``: the PDF page in points."""
    if path.suffix.lower() == ".pdf":
        with tempfile.TemporaryDirectory(prefix="drafter-raster-") as tmp:
            scan = _embedded_scan(path, number, Path(tmp), size)
            if scan is not None:
                return scan
            out = Path(tmp) / "page"
            proc = subprocess.run(
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
        with Image.open(path) as image:
            image.seek(number - 1)
            resolution = image.info.get("dpi", (dpi, dpi))[0] or dpi
            return image.convert("RGB"), float(resolution)
    except (OSError, ValueError, EOFError) as exc:
        raise ReadError(path, f"cannot read page {number}: {exc}") from exc


def _embedded_scan(path: Path, number: int, tmp: Path,
                   size: tuple[float, float] | None = None) -> tuple[Image.Image, float] | None:
    """The page's scan as stored in the PDF, when the page is exactly one full-page image.

    Why: extracting the stored JPEG (pdfimages) takes a third of the time of
    rendering the page again (pdftoppm), and loses nothing.
    """
    listing = subprocess.run(["pdfimages", "-list", "-f", str(number), "-l", str(number), str(path)],
                             capture_output=True, text=True)
    rows = [line.split() for line in listing.stdout.splitlines()[2:] if line.strip()]
    if listing.returncode != 0 or len(rows) != 1 or rows[0][2] != "image":
        return None
    try:
        x_ppi, y_ppi = float(rows[0][12]), float(rows[0][13])
    except (IndexError, ValueError):
        return None
    if abs(x_ppi - y_ppi) > 1 or x_ppi < 100:
        return None
    if size is None:
        import pdfplumber

        with pdfplumber.open(path) as pdf:
            size = (float(pdf.pages[number - 1].width), float(pdf.pages[number - 1].height))
    page_w, page_h = size
    if abs(int(rows[0][3]) * 72 / x_ppi - page_w) > 3 or abs(int(rows[0][4]) * 72 / y_ppi - page_h) > 3:
        return None  # not a full-page scan (or rotated): render the page instead
    proc = subprocess.run(["pdfimages", "-j", "-f", str(number), "-l", str(number), str(path), str(tmp / "scan")],
                          capture_output=True, text=True)
    files = sorted(tmp.glob("scan-*"))
    if proc.returncode != 0 or len(files) != 1:
        return None
    try:
        with Image.open(files[0]) as image:
            image.load()
            return image.convert("RGB"), round(x_ppi, 1)
    except (OSError, ValueError):
        return None


def thumbnails(path: Path, numbers: list[int], dpi: int = 72) -> dict[int, Image.Image]:
    """Small RGB images of some pages, for a quick look at the whole document's layout."""
    if not numbers:
        return {}
    if path.suffix.lower() != ".pdf":
        out = {}
        with Image.open(path) as image:
            for number in numbers:
                image.seek(number - 1)
                resolution = image.info.get("dpi", (200, 200))[0] or 200
                page = image.convert("RGB")
                scale = dpi / float(resolution)
                out[number] = page.resize((max(1, round(page.width * scale)), max(1, round(page.height * scale))))
        return out
    with tempfile.TemporaryDirectory(prefix="drafter-thumbs-") as tmp:
        proc = subprocess.run(
            ["pdftoppm", "-r", str(dpi), "-f", str(min(numbers)), "-l", str(max(numbers)), str(path), f"{tmp}/p"],
            capture_output=True, text=True,
        )
        if proc.returncode != 0:
            raise ReadError(path, f"cannot rasterize: {proc.stderr.strip()[:120]}")
        out = {}
        for file in Path(tmp).glob("p-*.ppm"):
            number = int(file.stem.rsplit("-", 1)[1])
            if number in numbers:
                with Image.open(file) as image:
                    out[number] = image.convert("RGB")
        return out
