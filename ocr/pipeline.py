"""The OCR pipeline as explicit stages (after OCRmyPDF): triage, per-page work, assembly.

``plan`` opens an input and splits it into picklable ``PageTask``s; ``process_page``
does the expensive per-page work (text layer or Tesseract) and may run in any
worker process; ``assemble`` does the document-wide work (body column, reading
order, sections, handwriting anchors).  ``process_document`` runs the
three in series.  The batch runner (``ocr.batch``) spreads ``process_page`` calls
of many documents over an executor.

A scanned page is OCR'd once: the body column (pen ink removed) and the small
margin regions are pasted into one image for one Tesseract call, so a page
costs about what raw Tesseract costs, while margin notes can no longer be
glued to the body lines beside them.
"""
from __future__ import annotations

import hashlib
import json
import tempfile
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from PIL import Image

from ocr import handwriting, layout, raster
from ocr.errors import ReadError
from ocr.model import Document
from ocr.readers import check_input, read_born_digital
from ocr.tesseract import ocr_words  # imported here, so forked workers inherit pytesseract loaded

SCAN_SUFFIXES = {".pdf", ".tif", ".tiff", ".png", ".jpg", ".jpeg"}
#: Slant (degrees) from which a scan is straightened first; below it the column cut tolerates it.
SKEW_LIMIT = 0.8


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
    column: tuple[float, float] | None = None  # body column of this page (points), found by ``plan``
    text_layer: bool | None = None  # whether the page has a text layer worth reading (None: not known yet)
    size: tuple[float, float] | None = None  # page size in points, when ``plan`` knows it
    # the document's stored full-page images (raster.scan_listing) when ``plan`` listed them: one listing, not one a page
    listing: dict[int, tuple[int, int, float]] | None = None


@dataclass
class PageResult:
    """What one page yields; picklable, so it can come back from a worker.

    ``data`` holds plain lists and dicts: ``lines`` (body and printed margin
    lines with text, bbox in points, zone, size, conf), ``annotations``
    (handwriting found on the page, crops already saved), ``column``.
    """

    number: int
    width: float
    height: float
    method: str  # "text" or "ocr"
    data: dict[str, Any] = field(default_factory=dict)


def plan(path: Path, settings: Settings = Settings()) -> list[PageTask]:
    """Triage: check the input and list its pages. Raises ``ReadError``."""
    path = Path(path)
    check_input(path)
    if path.suffix.lower() not in SCAN_SUFFIXES:
        return []  # born-digital text formats are read whole in ``assemble``
    if path.suffix.lower() == ".pdf":
        from ocr import pdftext

        raster.check_pages(path, raster.pdf_page_count(path) or 0)  # before a pass over a million pages
        pages = pdftext.survey(path)  # (width, height, has text) per page, one pass over the PDF
    else:
        pages = [(None, None, False)] * raster.page_count(path)  # type: ignore[list-item]
    if not pages:
        raise ReadError(path, "document has no pages")
    text = [has_text and not settings.force_ocr for _, _, has_text in pages]
    sizes = {n: (w, h) for n, (w, h, _) in enumerate(pages, start=1) if w}
    scanned = [n for n, t in enumerate(text, start=1) if not t]
    listing = raster.scan_listing(path) if scanned and path.suffix.lower() == ".pdf" else None
    columns = _page_columns(path, scanned, sizes, listing)
    return [
        PageTask(path, n, settings, columns.get(n), text_layer=t, size=(w, h) if w else None,
                 listing={n: listing[n]} if listing and n in listing else {} if listing is not None else None)
        for n, ((w, h, _), t) in enumerate(zip(pages, text, strict=True), start=1)
    ]


def _page_columns(path: Path, numbers: list[int], sizes: dict[int, tuple[float, float]],
                  listing: dict[int, tuple[int, int, float]] | None = None) -> dict[int, tuple[float, float] | None]:
    """The body column of each page that needs OCR, from small renderings of those pages.

    Why in triage: a page must be cut into body and margins before its OCR,
    and one page alone (a last page with two lines) can mislead, so the
    document's column rules unless a page clearly has a layout of its own.
    """
    estimates = {n: handwriting.column_estimate(handwriting.ink_map(image, dpi, factor=1))
                 for n, (image, dpi) in raster.thumbnails(path, numbers, sizes=sizes, listing=listing).items()}
    document = handwriting.document_column([found for found in estimates.values() if found])
    return {n: handwriting.page_column(found, document) for n, found in estimates.items()}


def process_page(task: PageTask, workdir: Path) -> PageResult:
    """Read one page: its text layer if usable, else OCR. Runs in a worker."""
    path = task.source
    if path.suffix.lower() == ".pdf" and not task.settings.force_ocr and task.text_layer is not False:
        from ocr import pdftext

        page = pdftext.read_page(path, task.number)
        if page is not None:
            return PageResult(task.number, page["width"], page["height"], "text", page["data"])
    image, dpi = raster.load_page(path, task.number, task.settings.dpi, task.size, task.listing)
    return _ocr_page(task, image, dpi, Path(workdir))


def _ocr_page(task: PageTask, image: Image.Image, dpi: float, workdir: Path) -> PageResult:
    """A scanned page: straighten, cut body from margins, OCR once, sort print from pen."""
    s = dpi / 72.0
    width, height = image.width / s, image.height / s
    image, ink, column, angle = _straighten(task, image, dpi)
    column = handwriting.widen_to_gap(ink, column or handwriting.body_column(ink) or (0.0, width))
    unders = handwriting.underlines(ink, column) if column[1] < width else []
    regions = handwriting.margin_regions(ink, column) if column[1] < width else []
    line_list = _read_sheet(task, image, ink, dpi, column, regions)

    body_lines = [l for l in line_list if l["zone"] == "body"]
    body_height = _body_height(body_lines)
    printed: list[dict[str, Any]] = []
    written: list[dict[str, Any]] = []
    for line in line_list:
        if line["zone"] == "body":
            printed.append(line)
            continue
        if line.get("pen") is False:  # read from the print alone, a note written over it taken away
            printed.append(line)
            continue
        if "pen" not in line:
            line["pen"] = handwriting.pen_fraction(ink, line["bbox"]) > 0.3
        if not line["pen"] and handwriting.continues_print(line, body_lines):
            printed.append(line)
            continue
        (written if handwriting.is_handwritten(line, body_height, 1.0 if line["pen"] else 0.0) else printed).append(line)

    annotations = _remarks(written, [r for r in regions if not handwriting.is_print_line(ink, r, body_height)],
                           [u for u in unders if not handwriting.is_link_underline(u, line_list)], line_list, column)
    crops = workdir / f"{task.source.stem}.crops"
    for k, ann in enumerate(annotations, start=1):
        target = crops / f"p{task.number}-a{k}.png"
        handwriting.save_crop(image, dpi, ann["bbox"], target)
        ann["image"] = str(target.relative_to(workdir))
    return PageResult(task.number, round(width, 2), round(height, 2), "ocr", {
        "lines": printed, "annotations": annotations, "column": list(column), "body_height": body_height,
        "rotation": angle,  # boxes above are on the straightened page; layout turns them back
        "rules": [list(box) for box in handwriting.printed_graphics(ink)[1]],  # tables, diagrams, footnote rule
    })


def _body_height(body_lines: list[dict[str, Any]]) -> float:
    """The height of a full body line (capitals and descenders), the yardstick for margin writing.

    Why not always the median: on a page of two or three lines, one line
    without descenders pulls the median down to where the side column's small
    print would count as larger-than-body, i.e. as handwriting.
    """
    heights = sorted(l["bbox"][3] - l["bbox"][1] for l in body_lines)
    if not heights:
        return 10.0
    # the upper quartile, not the median: footnotes, table cells and the letterhead's small print are body zone too
    return heights[3 * len(heights) // 4] if len(heights) >= 6 else heights[-1]


def _straighten(task: PageTask, image: Image.Image, dpi: float) -> tuple[
        Image.Image, handwriting.InkMap, tuple[float, float] | None, float]:
    """The page turned level when it was scanned slanted, its ink, body column and the angle turned."""
    ink = handwriting.ink_map(image, dpi)
    column = task.column
    angle = handwriting.skew_angle(ink)
    if abs(angle) < SKEW_LIMIT:
        return image, ink, column, 0.0
    image = image.rotate(-angle, resample=Image.Resampling.BILINEAR, fillcolor=(255, 255, 255))
    ink = handwriting.ink_map(image, dpi)
    own = handwriting.column_estimate(ink)  # the triage saw this page slanted
    if own and own[2] >= 5 and (column is None or abs(own[0] - column[0]) < 20):
        column = (own[0], own[1])
    return image, ink, column, angle


def _read_sheet(task: PageTask, image: Image.Image, ink: handwriting.InkMap, dpi: float,
                column: tuple[float, float], regions: list[tuple[float, float, float, float]]) -> list[dict[str, Any]]:
    """OCR the body column and the margin regions in one Tesseract call; lines in page points.

    The pieces are stacked on one sheet (body on top, regions below with
    white gaps), so a page costs one Tesseract start, and each word is mapped
    back to its piece and from there to the page.
    """
    s = dpi / 72.0
    width, height = image.width / s, image.height / s
    body_box = (max(0.0, column[0] - 5), 0.0, min(width, column[1] + 3), height)
    body = image.crop(tuple(int(v * s) for v in body_box))  # type: ignore[arg-type]
    # Coloured pen (notes, blue underlines) is painted out; a black underline is left to Tesseract,
    # which reads through it better than through letters whose descenders were cut with it.
    body_ink = _shifted(ink, body_box[0])
    handwriting.erase_pen(body, body_ink, (0, 0, body_box[2] - body_box[0], height))
    handwriting.erase_rules(body, body_ink)  # table borders read as '|', box edges glued to a diagram's words

    pieces: list[tuple[str, tuple[float, float, float, float], Image.Image, bool | None]] = [
        ("body", body_box, body, None)]
    for box in regions:
        pad = 2.0
        box = (max(0.0, box[0] - pad), max(0.0, box[1] - pad), min(width, box[2] + pad), min(height, box[3] + pad))
        zone = "left" if box[2] <= column[0] else "right"
        pixel_box = tuple(int(v * s) for v in box)
        crop = image.crop(pixel_box)  # type: ignore[arg-type]
        split = _split_over_print(crop, dpi) if zone == "right" else None
        if split:  # a note across the side column: read each ink alone
            pieces += [(zone, box, split[0], False), (zone, box, split[1], True)]
        else:
            pieces.append((zone, box, crop, None))
    gap = int(12 * s)
    sheet = Image.new("L", (max(p[2].width for p in pieces) + 2 * gap,
                            sum(p[2].height + gap for p in pieces) + gap), 255)
    placed = []
    y = 0
    for zone, box, im, pen in pieces:
        x = 0 if zone == "body" else gap
        sheet.paste(im.convert("L"), (x, y))
        placed.append((zone, box, x, y, im.width, im.height, pen))
        y += im.height + gap
    with tempfile.TemporaryDirectory(prefix="drafter-ocr-") as tmp:
        sheet_path = Path(tmp) / "sheet.pgm"  # uncompressed: PNG encoding would cost more than it saves
        sheet.save(sheet_path)
        words = ocr_words(str(sheet_path), task.settings.lang, psm=4)

    lines: dict[tuple, dict[str, Any]] = {}
    for w in words:
        cx, cy = w.left + w.width / 2, w.top + w.height / 2
        for index, (zone, box, x, y, pw, ph, pen) in enumerate(placed):  # noqa: B007 - used after the break
            if x <= cx < x + pw and y <= cy < y + ph:
                break
        else:
            continue
        bbox = (box[0] + (w.left - x) / s, box[1] + (w.top - y) / s,
                box[0] + (w.left - x + w.width) / s, box[1] + (w.top - y + w.height) / s)
        line = lines.setdefault((index, w.line), {"zone": zone, "words": [], "pen": pen})
        line["words"].append({"text": w.text, "conf": w.conf, "bbox": bbox})
    made = []
    for v in lines.values():
        for row in layout.split_rows(v["words"]) if v["zone"] != "body" else [v["words"]]:
            made.append(layout.make_line(row, v["zone"]))
            if v["pen"] is not None:  # read from one ink alone: its colour is known, whatever its box holds
                made[-1]["pen"] = v["pen"]
    return made


def _split_over_print(crop: Image.Image, dpi: float) -> tuple[Image.Image, Image.Image] | None:
    """(print, pen) of a side-column crop with a note written across it: by colour, else by stroke height."""
    if handwriting.pen_over_print(crop, dpi):
        return handwriting.split_inks(crop, dpi)
    return handwriting.split_tall_strokes(crop, dpi)


def _remarks(written: list[dict[str, Any]], regions: list[tuple[float, float, float, float]],
             unders: list[tuple[float, float, float, float]], line_list: list[dict[str, Any]],
             column: tuple[float, float]) -> list[dict[str, Any]]:
    """Handwritten lines, silent ink regions and underlines -> the page's annotations, top to bottom."""
    annotations: list[dict[str, Any]] = []
    for line in [l for l in written if handwriting.is_tick(l) or handwriting.is_speck(l)]:
        written.remove(line)  # before grouping: a tick is no word of a note
        if handwriting.is_speck(line):
            continue
        annotations.append({"kind": "tick", "text": "", "bbox": line["bbox"], "confidence": 0.6, "side": line["zone"]})
    for group, region in _by_region(handwriting.group_remarks(written), regions):
        text = handwriting.sentence_case(" ".join(l["text"] for l in group))
        conf = sum(l["conf"] for l in group) / len(group) / 100.0
        boxes = [l["bbox"] for l in group] + ([region] if region else [])
        annotations.append({"kind": "note", "text": text, "bbox": handwriting.union(boxes),
                            "confidence": round(conf, 3), "side": group[0]["zone"]})
    covered = [l["bbox"] for l in line_list if l["zone"] != "body"]
    for box in regions:  # ink that gave no text: a tick, or a longer stroke (mark)
        if max(box[2] - box[0], box[3] - box[1]) < 6:  # a speck, or a stray dot of print
            continue
        if not any(_overlaps(box, c) for c in covered):
            small = max(box[2] - box[0], box[3] - box[1]) < 30
            annotations.append({"kind": "tick" if small else "mark", "text": "", "bbox": box,
                                "confidence": 0.5, "side": "left" if box[2] <= column[0] else "right"})
    for box in unders:
        annotations.append({"kind": "underline", "text": "", "bbox": box, "confidence": 0.6, "side": "body"})
    annotations.sort(key=lambda a: (a["bbox"][1], a["bbox"][0]))
    return annotations


def _by_region(groups: list[list[dict[str, Any]]], regions: list[tuple[float, float, float, float]]
               ) -> list[tuple[list[dict[str, Any]], tuple[float, float, float, float] | None]]:
    """Groups of handwritten lines in one connected stretch of margin ink, in one pen, are one remark:
    Tesseract may miss a line of a long remark, and the lines above and below it must not become two.
    Such a remark's box is the whole stretch of ink, so its crop shows all of it.  Two pens in one
    stretch stay two remarks, each with its own lines' box (notes in two inks often touch)."""
    def region_of(group: list[dict[str, Any]]) -> int | None:
        box = handwriting.union([l["bbox"] for l in group])
        middle = ((box[0] + box[2]) / 2, (box[1] + box[3]) / 2)
        inside = [k for k, r in enumerate(regions) if r[0] <= middle[0] <= r[2] and r[1] <= middle[1] <= r[3]]
        return min(inside, key=lambda k: (regions[k][2] - regions[k][0]) * (regions[k][3] - regions[k][1])) if inside else None

    found = [(group, region_of(group)) for group in groups]
    pens: dict[int, set[Any]] = {}
    for group, k in found:
        if k is not None:
            pens.setdefault(k, set()).add(group[0].get("pen"))
    merged: dict[tuple[str, int, Any], list[dict[str, Any]]] = {}
    out: list[tuple[list[dict[str, Any]], tuple[float, float, float, float] | None]] = []
    for group, k in found:
        if k is None:
            out.append((group, None))
            continue
        key = (group[0]["zone"], k, group[0].get("pen"))
        if key in merged:
            merged[key].extend(group)
        else:
            merged[key] = group
            out.append((group, regions[k] if len(pens[k]) == 1 else None))
    for group, _region in out:
        group.sort(key=lambda l: (round(l["bbox"][1] / 6), l["bbox"][0]))  # reading order: rows, then left to right
    return out


def _shifted(ink: handwriting.InkMap, dx_pt: float) -> handwriting.InkMap:
    """The ink map seen from a crop that starts ``dx_pt`` points to the right."""
    cut = ink.px(dx_pt)
    return handwriting.InkMap(ink.dark[:, cut:], ink.pen[:, cut:], ink.pt, ink.factor)


def _overlaps(a, b, pad: float = 2.0) -> bool:
    return not (a[2] + pad < b[0] or b[2] + pad < a[0] or a[3] + pad < b[1] or b[3] + pad < a[1])


def assemble(path: Path, results: list[PageResult], settings: Settings, workdir: Path) -> Document:
    """Document-wide layout from the page results; text formats are read here whole."""
    if not results:
        return read_born_digital(path)
    # Transcriptions are repaired here, not in the workers: the word list loads once per process.
    return layout.build_document(str(path), sorted(results, key=lambda r: r.number),
                                 transcribe=handwriting.correct_remark)


def process_document(path: Path | str, settings: Settings = Settings(), workdir: Path | None = None) -> Document:
    """All stages in series, for one document.

    ``workdir`` keeps the crops of the remarks (``image`` relative to it).  Without
    one they go to a temporary folder that is removed, and ``image`` is None: a
    reader never writes next to its input.
    """
    path = Path(path)
    if workdir is None:
        with tempfile.TemporaryDirectory(prefix="drafter-crops-") as tmp:
            doc = process_document(path, settings, Path(tmp))
        return replace(doc, annotations=[replace(a, image=None) for a in doc.annotations])
    tasks = plan(path, settings)
    return assemble(path, [process_page(t, workdir) for t in tasks], settings, workdir)
