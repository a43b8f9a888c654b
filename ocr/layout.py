"""Words -> lines -> blocks in reading order, for OCR'd and text-layer pages alike.

Why geometry and not Tesseract's paragraphs: Tesseract's paragraph ids split
and join at random on scans, while the typed body has a fixed line pitch, so a
vertical gap clearly larger than the pitch is a paragraph break.  Printed text
outside the body column is the side column (kenmerkenveld) -> metadata, or
'Pagina x van y' -> page_number; small print under the body is footnotes.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import Any

from ocr.handwriting import unrotate_box
from ocr.model import Annotation, Block, Document, Page
from ocr.sections import assign_sections, parse_metadata

PAGE_NUMBER = re.compile(r"^\s*pagina\s+\d+\s+(van|/)\s+\d+\s*$", re.IGNORECASE)
BULLET = re.compile(r"^\s*([•▪◦·\-–*]|[a-z]\)|\(\w\))\s+")
FOOTNOTE = re.compile(r"^\s*\d{1,2}\s+\S")
HEADER_ZONE = 0.075  # share of the page height: a line ending above this is letterhead
FOOTER_ZONE = 0.93  # a line starting below this is the page's footer


def median(values: Iterable[float]) -> float:
    values = sorted(values)
    if not values:
        return 0.0
    mid = len(values) // 2
    return values[mid] if len(values) % 2 else (values[mid - 1] + values[mid]) / 2


def make_line(words: list[dict[str, Any]], zone: str) -> dict[str, Any]:
    """One line from its words (each with text, conf, bbox and optionally size)."""
    words = sorted(words, key=lambda w: w["bbox"][0])
    box = (min(w["bbox"][0] for w in words), min(w["bbox"][1] for w in words),
           max(w["bbox"][2] for w in words), max(w["bbox"][3] for w in words))
    return {
        "text": " ".join(w["text"] for w in words),
        "conf": sum(w["conf"] for w in words) / len(words),
        "bbox": box,
        "zone": zone,
        "size": median(w.get("size", w["bbox"][3] - w["bbox"][1]) for w in words),
    }


def split_rows(words: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Words Tesseract gave as one line -> rows by their vertical middle.

    Why: in the side column's small print (9 pt pitch) Tesseract sometimes
    joins two lines into one; as one line it is twice as tall as print, and
    height is what tells print from a pen.
    """
    rows: list[list[dict[str, Any]]] = []
    for word in sorted(words, key=lambda w: (w["bbox"][1] + w["bbox"][3]) / 2):
        middle = (word["bbox"][1] + word["bbox"][3]) / 2
        if rows:
            last = rows[-1]
            top, bottom = min(w["bbox"][1] for w in last), max(w["bbox"][3] for w in last)
            if top <= middle <= bottom:
                last.append(word)
                continue
        rows.append([word])
    return rows


def parse_side_column(lines: list[str]) -> dict[str, str]:
    """'Datum' / '3 maart 2026' pairs from the side column (``ocr.sections.parse_metadata``)."""
    return parse_metadata(lines)


def _clusters(lines: list[dict[str, Any]], factor: float = 1.2) -> list[list[dict[str, Any]]]:
    """Lines -> runs of lines whose vertical gaps are small against their height."""
    groups: list[list[dict[str, Any]]] = []
    for line in sorted(lines, key=lambda l: l["bbox"][1]):
        if groups:
            last = groups[-1][-1]
            if line["bbox"][1] - last["bbox"][3] <= factor * max(2.0, last["bbox"][3] - last["bbox"][1]):
                groups[-1].append(line)
                continue
        groups.append([line])
    return groups


def _is_heading(lines: list[dict[str, Any]], column_width: float) -> bool:
    if len(lines) != 1:
        return False
    text = lines[0]["text"].strip()
    words = text.split()
    if not words or len(words) > 10 or text[-1] in ".,;:" or BULLET.match(text):
        return False
    return lines[0]["bbox"][2] - lines[0]["bbox"][0] < 0.8 * column_width


def _paragraphs(lines: list[dict[str, Any]], pitch: float) -> list[list[dict[str, Any]]]:
    """Body lines (sorted) -> paragraphs: a break where the line pitch jumps, or at a bullet.

    Tops and bottoms are both compared, because a line without ascenders or
    descenders has a shorter box and would fake a larger gap on one side.
    """
    paras: list[list[dict[str, Any]]] = []
    for line in lines:
        if paras:
            last = paras[-1][-1]
            step = min(line["bbox"][1] - last["bbox"][1], line["bbox"][3] - last["bbox"][3])
            if step <= 1.3 * pitch and not BULLET.match(line["text"]):
                paras[-1].append(line)
                continue
        paras.append([line])
    return paras


def _pitch(lines: list[dict[str, Any]]) -> float:
    """The usual distance from one body line to the next (points)."""
    steps = sorted(b["bbox"][3] - a["bbox"][3] for a, b in zip(lines, lines[1:], strict=False) if b["bbox"][3] - a["bbox"][3] > 2)
    return steps[len(steps) // 4] if steps else 14.0  # a low quantile: most steps may be paragraph breaks


def _union(boxes: list[tuple[float, float, float, float]]) -> tuple[float, float, float, float]:
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


def _join(lines: list[dict[str, Any]]) -> str:
    return " ".join(l["text"].strip() for l in lines if l["text"].strip())


def build_document(source: str, results: list[Any], transcribe: Callable[[str], str] = str) -> Document:
    """Blocks, metadata and anchored annotations from the page results of one document."""
    doc = Document(source=source)
    counter = {"b": 0, "a": 0}

    def add_block(page: int, kind: str, lines: list[dict[str, Any]]) -> Block:
        counter["b"] += 1
        conf = [l["conf"] for l in lines if l.get("conf") is not None and l["conf"] >= 0]
        box = _union([l["bbox"] for l in lines])
        block = Block(
            id=f"b{counter['b']}", page=page, kind=kind, text=_join(lines),
            bbox=tuple(round(v, 2) for v in turn_back(box)),  # type: ignore[arg-type]
            confidence=round(sum(conf) / len(conf) / 100.0, 3) if conf and kind != "metadata" else None,
        )
        doc.blocks.append(block)
        return block

    for result in results:
        rotation = float(result.data.get("rotation") or 0.0)
        size = (result.width, result.height)

        def turn_back(box: tuple[float, float, float, float], rotation: float = rotation,
                      size: tuple[float, float] = size) -> tuple[float, float, float, float]:
            return unrotate_box(box, rotation, size)

        doc.pages.append(Page(number=result.number, width=result.width, height=result.height, method=result.method))
        lines = [l for l in result.data.get("lines", []) if l["text"].strip()]
        if result.method == "text":
            for line in lines:
                line["conf"] = None
        body = sorted((l for l in lines if l["zone"] == "body"), key=lambda l: (l["bbox"][1], l["bbox"][0]))
        margin = [l for l in lines if l["zone"] != "body"]
        numbers = [l for l in body + margin if PAGE_NUMBER.match(l["text"])]
        body = [l for l in body if l not in numbers]
        margin = [l for l in margin if l not in numbers]
        sizes = [l["size"] for l in body]
        body_size = median(sizes) or 10.0
        height = median(l["bbox"][3] - l["bbox"][1] for l in body) or 10.0
        column = result.data.get("column") or [min((l["bbox"][0] for l in body), default=0.0),
                                               max((l["bbox"][2] for l in body), default=result.width)]
        column_width = max(1.0, column[1] - column[0])

        # Letterhead and running header: at the very top, or small print (a
        # retouradres) above the first line of body size in the top third.
        small = [l["size"] < 0.82 * body_size for l in body]
        head = 0
        while head < len(body) and (body[head]["bbox"][3] < HEADER_ZONE * result.height
                                    or (small[head] and body[head]["bbox"][1] < result.height / 3)):
            head += 1
        # Footer: below the footnotes, at the very bottom.
        tail_end = len(body)
        while tail_end > head and body[tail_end - 1]["bbox"][1] > FOOTER_ZONE * result.height:
            tail_end -= 1
        header_lines, footer_lines = body[:head], body[tail_end:]
        # Footnotes: the run of small print at the foot of the body column, opening with a number.
        main_lines, foot_lines = body[head:tail_end], []
        start = len(main_lines)
        while start > 0 and main_lines[start - 1]["size"] < 0.82 * body_size:
            start -= 1
        for first in range(start, len(main_lines)):
            if FOOTNOTE.match(main_lines[first]["text"]):
                main_lines, foot_lines = main_lines[:first], main_lines[first:]
                break
        for group in _clusters(header_lines):
            add_block(result.number, "header", group)

        blocks_here: list[Block] = []
        pitch = min(_pitch(main_lines), 2.2 * height)
        for para in _paragraphs(main_lines, pitch):
            if _is_heading(para, column_width):
                kind = "heading"
            elif BULLET.match(para[0]["text"]):
                kind = "list_item"
            else:
                kind = "paragraph"
            block = add_block(result.number, kind, para)
            # anchors are found on the straightened page, where the remarks' boxes are too
            blocks_here.append(replace(block, bbox=_union([l["bbox"] for l in para])))
        note: list[dict[str, Any]] = []
        for line in foot_lines:
            if note and not FOOTNOTE.match(line["text"]):
                note.append(line)
                continue
            if note:
                add_block(result.number, "footnote", note)
            note = [line]
        if note:
            add_block(result.number, "footnote", note)
        side_lines: list[str] = []
        for group in _clusters(margin):
            add_block(result.number, "metadata", group)
            side_lines.extend(l["text"] for l in group)
            side_lines.append("")
        for key, value in parse_side_column(side_lines).items():  # follow-on pages repeat the first
            doc.metadata.setdefault(key, value)
        for line in numbers:
            add_block(result.number, "page_number", [line])
        for group in _clusters(footer_lines):
            add_block(result.number, "footer", group)

        for ann in result.data.get("annotations", []):
            counter["a"] += 1
            doc.annotations.append(Annotation(
                id=f"a{counter['a']}", page=result.number, kind=ann["kind"],
                text=transcribe(ann["text"]) if ann.get("text") else "",
                bbox=tuple(round(v, 2) for v in turn_back(ann["bbox"])),  # type: ignore[arg-type]
                anchor=anchor_for(ann["bbox"], blocks_here),
                confidence=ann.get("confidence"), image=ann.get("image"),
            ))

    return _with_sections(doc)


def anchor_for(box: tuple[float, float, float, float], blocks: list[Block]) -> str | None:
    """The block a remark is about: most vertical overlap, else the nearest; paragraphs before headings."""
    if not blocks:
        return None

    def overlap(b: Block) -> float:
        return min(box[3], b.bbox[3]) - max(box[1], b.bbox[1])  # type: ignore[index]

    def distance(b: Block) -> float:
        return max(b.bbox[1] - box[3], box[1] - b.bbox[3], 0.0)  # type: ignore[index]

    overlapping = [b for b in blocks if overlap(b) > 0]
    if overlapping:
        best = max(overlapping, key=lambda b: (b.kind != "heading", overlap(b)))
        return best.id
    return min(blocks, key=lambda b: (distance(b) + (20.0 if b.kind == "heading" else 0.0))).id


def _with_sections(doc: Document) -> Document:
    return assign_sections(doc)
