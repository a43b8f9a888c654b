"""Pages with a usable text layer, read with pdfplumber instead of OCR.

Why: born-digital pages carry exact words, positions and font sizes; OCR would
only add errors and cost a second per page.  The words are grouped into lines
and zoned against the body column the same way as OCR'd words, so the layout
stage treats both alike (side column -> metadata, small print -> footnotes).
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from ocr.errors import ReadError
from ocr.layout import make_line, median

MIN_WORDS = 5  # fewer words than this: a scan with a stray text object, OCR it


def survey(path: Path) -> list[tuple[float, float, bool]]:
    """Per page: width, height (points) and whether its text layer has enough text to skip OCR."""
    import pdfplumber

    try:
        with pdfplumber.open(path) as pdf:
            return [(float(p.width), float(p.height), len(p.chars) >= 20) for p in pdf.pages]
    except Exception as exc:  # noqa: BLE001 - pdfminer raises many kinds; all mean "cannot read"
        raise pdf_problem(path, exc) from exc


def pdf_problem(path: Path, exc: Exception) -> ReadError:
    """pdfminer's many exceptions -> one line a user understands."""
    if "password" in str(exc).lower() or "encrypt" in type(exc).__name__.lower():
        return ReadError(path, "PDF is encrypted")
    return ReadError(path, "not a readable PDF")


def read_page(path: Path, number: int) -> dict[str, Any] | None:
    """Lines of page ``number`` from its text layer, or None when it has none worth using."""
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        page = pdf.pages[number - 1]
        # x_tolerance below the default 3 pt: PDFs that place words without space characters
        # (gap ~2.5 pt at 9 pt) would otherwise have their words glued together.
        words = page.extract_words(extra_attrs=["size"], x_tolerance=1.5, keep_blank_chars=False, use_text_flow=False)
        width, height = float(page.width), float(page.height)
        rules = _rules(page)
    words = [w for w in words if w["text"].strip()]
    if len(words) < MIN_WORDS or sum(len(w["text"]) for w in words) < 20:
        return None
    items = [{"text": w["text"], "conf": 100.0, "size": float(w["size"]),
              "bbox": (float(w["x0"]), float(w["top"]), float(w["x1"]), float(w["bottom"]))} for w in words]
    rows = _rows(items)
    column = _column(rows, width)
    body_size = median(w["size"] for row in rows for w in row if _zone(row, column) == "body") or 10.0
    lines = []
    for row in rows:
        zone = _zone(row, column)
        if zone == "body":  # drop footnote markers: raised small digits inside a body line
            base = max(w["bbox"][3] for w in row)
            kept = [w for w in row if not (w["size"] < 0.7 * body_size and w["text"].isdigit()
                                           and (w["bbox"][3] < base - 1.5 or len(row) == 1))]
            if not kept:  # a row of its own holding only a raised footnote number
                continue
            row = kept
        lines.append(make_line(row, zone))
    return {"width": width, "height": height,
            "data": {"lines": lines, "column": list(column), "annotations": [], "rules": rules}}


def _rules(page: Any) -> list[list[float]]:
    """The page's drawn lines and box edges (points): tables, diagrams, the footnote rule, link underlines."""
    try:
        edges = page.edges
    except Exception:  # noqa: BLE001 - a broken drawing is no reason to lose the text
        return []
    return [[round(float(e["x0"]), 2), round(float(e["top"]), 2), round(float(e["x1"]), 2), round(float(e["bottom"]), 2)]
            for e in edges if float(e["x1"]) - float(e["x0"]) >= 8 or float(e["bottom"]) - float(e["top"]) >= 8]


def _rows(words: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Words -> text rows: same baseline band, split where a wide gap separates columns."""
    rows: list[list[dict[str, Any]]] = []
    for word in sorted(words, key=lambda w: (round(w["bbox"][3]), w["bbox"][0])):
        for row in rows:
            last = row[-1]
            same_band = abs(last["bbox"][3] - word["bbox"][3]) <= 0.6 * max(last["size"], word["size"]) \
                or (word["size"] < 0.75 * last["size"] and last["bbox"][1] - 1 <= word["bbox"][3] <= last["bbox"][3])
            if same_band and 0 <= word["bbox"][0] - last["bbox"][2] <= 2.5 * max(last["size"], 4.0):
                row.append(word)
                break
        else:
            rows.append([word])
    return rows


def _column(rows: list[list[dict[str, Any]]], width: float) -> tuple[float, float]:
    """Body column: the most common left edge of long rows, to the end of the longest of them."""
    long_rows = [r for r in rows if r[-1]["bbox"][2] - r[0]["bbox"][0] > 0.25 * width]
    if not long_rows:
        return (0.0, width)
    starts = [round(r[0]["bbox"][0] / 3) for r in long_rows]
    left = max(set(starts), key=starts.count) * 3.0
    ends = [r[-1]["bbox"][2] for r in long_rows if abs(r[0]["bbox"][0] - left) <= 4.5]
    return (min(r[0]["bbox"][0] for r in long_rows if abs(r[0]["bbox"][0] - left) <= 4.5), max(ends))


def _zone(row: list[dict[str, Any]], column: tuple[float, float]) -> str:
    x0 = row[0]["bbox"][0]
    if x0 >= column[1] - 1:
        return "right"
    if row[-1]["bbox"][2] <= column[0] + 1:
        return "left"
    return "body"
