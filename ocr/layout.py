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
from dataclasses import dataclass, field, replace
from typing import Any, cast

from ocr.handwriting import merge_collinear, unrotate_box
from ocr.model import Annotation, Block, Document, Page
from ocr.sections import TABLE_CAPTION_RE, TABLE_SOURCE_RE, assign_sections, normalized_fields, parse_metadata

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
            same_size = 0.8 <= line["size"] / max(0.1, last["size"]) <= 1.25  # 'Bron:' under a table is no body
            if step <= 1.3 * pitch and same_size and not BULLET.match(line["text"]):
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
    """Blocks, metadata and anchored annotations from the page results of one document.

    Every printed line ends up in exactly one block; the words read and the
    words placed are counted per page (``Page.words_read`` / ``words_placed``)
    and a difference is a warning in ``Document.warnings``.
    """
    doc = Document(source=source)
    counter = {"b": 0, "a": 0}

    for result in results:
        rotation = float(result.data.get("rotation") or 0.0)
        size = (result.width, result.height)

        def turn_back(box: tuple[float, float, float, float], rotation: float = rotation,
                      size: tuple[float, float] = size) -> tuple[float, float, float, float]:
            return unrotate_box(box, rotation, size)

        page = Page(number=result.number, width=result.width, height=result.height, method=result.method)
        doc.pages.append(page)
        lines = [l for l in result.data.get("lines", []) if l["text"].strip()]
        if result.method == "text":
            for line in lines:
                line["conf"] = None
        first_block = len(doc.blocks)

        def add_block(kind: str, group: list[dict[str, Any]], number: int = result.number,
                      turn: Callable = turn_back) -> Block:
            counter["b"] += 1
            conf = [l["conf"] for l in group if l.get("conf") is not None and l["conf"] >= 0]
            box = _union([l["bbox"] for l in group])
            text = "\n".join(_join(row) for row in _rows_of(group)) if kind in ("table", "figure") else _join(group)
            block = Block(
                id=f"b{counter['b']}", page=number, kind=kind, text=text,
                bbox=tuple(round(v, 2) for v in turn(box)),
                confidence=round(sum(conf) / len(conf) / 100.0, 3) if conf and kind != "metadata" else None,
            )
            doc.blocks.append(block)
            return block

        blocks_here = _page_blocks(result, lines, doc, add_block, first_page=result is results[0])
        page.words_read = sum(len(l["text"].split()) for l in lines)
        page.words_placed = sum(len(b.text.split()) for b in doc.blocks[first_block:])
        if page.words_read != page.words_placed:
            doc.warnings.append(f"pagina {result.number}: {page.words_read} gedrukte woorden gelezen, "
                                f"{page.words_placed} in blokken geplaatst")

        for ann in result.data.get("annotations", []):
            counter["a"] += 1
            doc.annotations.append(Annotation(
                id=f"a{counter['a']}", page=result.number, kind=ann["kind"],
                text=transcribe(ann["text"]) if ann.get("text") else "",
                bbox=cast("tuple[float, float, float, float]", tuple(round(v, 2) for v in turn_back(ann["bbox"]))),
                anchor=anchor_for(ann["bbox"], blocks_here),
                confidence=ann.get("confidence"), image=ann.get("image"),
            ))

    return _with_sections(doc)


Line = dict[str, Any]
"""A printed line as the readers give it: text, conf, bbox, zone, size."""


@dataclass
class _PageLayout:
    """One page while the steps of ``_PAGE_STEPS`` turn its lines into blocks.

    Each step takes the lines it recognises out of ``body`` and adds their
    blocks (through ``add_block``, which numbers them in the order added).
    """

    result: Any
    doc: Document
    add_block: Callable[..., Block]
    first_page: bool
    body: list[Line]
    margin: list[Line]
    numbers: list[Line]
    body_size: float
    height: float  # of a body line
    column: list[float]
    rules: list[tuple[float, float, float, float]]
    letterhead: dict[str, list[Line]] = field(default_factory=dict)
    fields: dict[str, str] = field(default_factory=dict)
    graphics: list[tuple[str, tuple[float, float, float, float]]] = field(default_factory=list)
    inside: dict[int, list[Line]] = field(default_factory=dict)
    main_lines: list[Line] = field(default_factory=list)
    foot_lines: list[Line] = field(default_factory=list)
    footer_lines: list[Line] = field(default_factory=list)
    blocks_here: list[Block] = field(default_factory=list)

    @property
    def column_width(self) -> float:
        return max(1.0, self.column[1] - self.column[0])

    def anchorable(self, block: Block, group: list[Line]) -> None:
        """A block remarks can anchor to, with its box on the straightened page (where the remarks' are)."""
        self.blocks_here.append(replace(block, bbox=_union([l["bbox"] for l in group])))


def _page_layout(result: Any, lines: list[Line], doc: Document, add_block: Callable[..., Block],
                 first_page: bool) -> _PageLayout:
    """The page's lines sorted into body, margin and page numbers, with the body's sizes and column."""
    body = sorted((l for l in lines if l["zone"] == "body"), key=lambda l: (l["bbox"][1], l["bbox"][0]))
    margin = [l for l in lines if l["zone"] != "body"]
    numbers = [l for l in body + margin if PAGE_NUMBER.match(l["text"])]
    body = [l for l in body if l not in numbers]
    margin = [l for l in margin if l not in numbers]
    column = result.data.get("column") or [min((l["bbox"][0] for l in body), default=0.0),
                                           max((l["bbox"][2] for l in body), default=result.width)]
    return _PageLayout(result, doc, add_block, first_page, body, margin, numbers,
                       body_size=median(l["size"] for l in body) or 10.0,
                       height=median(l["bbox"][3] - l["bbox"][1] for l in body) or 10.0,
                       column=column, rules=[tuple(r) for r in result.data.get("rules", [])])


def _letterhead_blocks(page: _PageLayout) -> None:
    """Letterhead of a letter: retouradres, addressee, Datum and Betreft above the salutation."""
    if page.first_page:
        page.letterhead, page.body = _letterhead(page.body, page.result.height)
    for group in _clusters(page.letterhead.get("header", [])):
        page.add_block("header", group)
    for key in ("retouradres", "geadresseerde", "datum", "betreft"):
        field_lines = page.letterhead.get(key)
        if field_lines:
            page.add_block("metadata", field_lines)
            page.fields[key] = _field_value(key, field_lines)


def _running_header(page: _PageLayout) -> None:
    """Running header: at the very top, or small print (a retouradres) above the first line of body size."""
    body, page_height = page.body, page.result.height
    small = [l["size"] < 0.82 * page.body_size for l in body]
    head = 0
    while head < len(body) and (body[head]["bbox"][3] < HEADER_ZONE * page_height
                                or (small[head] and body[head]["bbox"][1] < page_height / 3
                                    and not page.letterhead)):
        head += 1
    header_lines, page.body = body[:head], body[head:]
    for group in _clusters(header_lines):
        page.add_block("header", group)


def _graphics_lines(page: _PageLayout) -> None:
    """Diagrams and ruled tables: the lines inside a cluster of printed rules (their blocks come with the body's)."""
    page.graphics = _graphics(page.rules, page.result.height)
    rest = []
    for line in page.body:
        found = next((k for k, (_, box) in enumerate(page.graphics) if _centre_in(line["bbox"], box)), None)
        if found is None:
            rest.append(line)
        else:
            page.inside.setdefault(found, []).append(line)
    page.body = rest


def _foot_lines(page: _PageLayout) -> None:
    """The running text apart from the footnotes and the footer under it."""
    page.main_lines, page.foot_lines, page.footer_lines = _foot(page.body, page.body_size, page.rules, page.column,
                                                                page.result.height)


def _body_blocks(page: _PageLayout) -> None:
    """Paragraphs, headings, list items and the graphics between them, top to bottom."""
    pitch = min(_pitch(page.main_lines), 2.2 * page.height)
    pieces: list[tuple[float, str, list[Line]]] = []
    for para in _paragraphs(page.main_lines, pitch):
        pieces.append((para[0]["bbox"][1], "para", para))
    for k, group in page.inside.items():
        pieces.append((page.graphics[k][1][1], page.graphics[k][0], group))
    for _, kind, group in sorted(pieces, key=lambda p: p[0]):
        if kind == "para":
            kind = _paragraph_kind(group, page.column_width)
        block = page.add_block(kind, group)
        if kind != "figure":
            page.anchorable(block, group)


def _paragraph_kind(group: list[Line], column_width: float) -> str:
    if _is_heading(group, column_width):
        return "heading"
    return "list_item" if BULLET.match(group[0]["text"]) else "paragraph"


def _footnote_blocks(page: _PageLayout) -> None:
    """Footnotes: each starts with its number, the lines after it wrap."""
    note: list[Line] = []
    for line in page.foot_lines:
        if note and not FOOTNOTE.match(line["text"]):
            note.append(line)
            continue
        if note:
            page.anchorable(page.add_block("footnote", note), note)
        note = [line]
    if note:
        page.anchorable(page.add_block("footnote", note), note)


def _side_column(page: _PageLayout) -> None:
    """The side column (kenmerkenveld): metadata on the first page, a running header on later ones
    (they repeat it); its fields and the letterhead's go into the document's metadata once."""
    side_lines: list[str] = []
    side_kind = "metadata" if page.first_page else "header"
    for group in _clusters(page.margin):
        page.add_block(side_kind, group)
        side_lines.extend(l["text"] for l in group)
        side_lines.append("")
    side = parse_side_column(side_lines)
    for key, value in side.items():  # follow-on pages repeat the first
        page.doc.metadata.setdefault(key, value)
    for key, value in {**normalized_fields(side), **page.fields}.items():
        if value:
            page.doc.metadata.setdefault(key, value)


def _page_numbers_and_footer(page: _PageLayout) -> None:
    for line in page.numbers:
        page.add_block("page_number", [line])
    for group in _clusters(page.footer_lines):
        page.add_block("footer", group)


_PAGE_STEPS = (_letterhead_blocks, _running_header, _graphics_lines, _foot_lines, _body_blocks, _footnote_blocks,
               _side_column, _page_numbers_and_footer)
"""How ``_page_blocks`` reads a page, in this order (the order of its blocks' ids)."""


def _page_blocks(result: Any, lines: list[dict[str, Any]], doc: Document, add_block: Callable[..., Block],
                 first_page: bool) -> list[Block]:
    """One page's lines -> blocks in reading order (``_PAGE_STEPS``); returns the body blocks remarks
    can anchor to (with their boxes on the straightened page)."""
    page = _page_layout(result, lines, doc, add_block, first_page)
    for step in _PAGE_STEPS:
        step(page)
    return page.blocks_here


#: The labels of a letter's Datum/Betreft block, in the body column above the salutation.
LETTER_LABELS = {"datum": "datum", "betreft": "betreft", "onderwerp": "betreft"}
RETOURADRES = re.compile(r"retouradres", re.IGNORECASE)


def _label(row: list[dict[str, Any]]) -> str | None:
    words = " ".join(l["text"] for l in row).split()
    for word in (words[:1] + words[-1:]) if words else []:
        key = LETTER_LABELS.get(word.strip(":").lower())
        if key:
            return key
    return None


@dataclass
class _Letterhead:
    """The rows above the salutation while ``_letterhead`` sorts them into fields."""

    rows: list[list[Line]]
    labelled: list[int]  # rows with a Datum/Betreft label
    retour: int | None  # the retouradres row
    page_height: float
    current: str | None = None  # the last label seen

    def key(self, k: int, row: list[Line]) -> str:
        """The field of row ``k``: its label, the Betreft it continues, or by where it stands."""
        key = _label(row)
        if key:
            self.current = key
            return key
        if self.current == "betreft":
            return "betreft"
        return self._unlabelled(k, row)

    def _unlabelled(self, k: int, row: list[Line]) -> str:
        """Above the retouradres (or, without one, in the header zone) is header; the addressee is above the labels."""
        if self.retour is not None:
            if k < self.retour:
                return "header"
            if k == self.retour:
                return "retouradres"
        elif k < self.labelled[0] and row[0]["bbox"][3] < HEADER_ZONE * self.page_height:
            return "header"
        return "geadresseerde" if k < self.labelled[0] else (self.current or "geadresseerde")


def _value_x(row: list[Line]) -> float | None:
    """Where the values of a labelled row start (None when the row is only its label)."""
    values = [l["bbox"][0] for l in row if not _label([l])]
    return min(values) if values else None


def _last_letterhead_row(rows: list[list[Line]], last: int) -> int:
    """The last labelled row, or the second line of a Betreft over two lines (aligned with its value, close under it)."""
    value_x = _value_x(rows[last])
    while last + 1 < len(rows) and value_x is not None and _label(rows[last]) == "betreft" \
            and abs(rows[last + 1][0]["bbox"][0] - value_x) < 6 \
            and rows[last + 1][0]["bbox"][1] - rows[last][-1]["bbox"][3] < 8:
        last += 1
    return last


def _letterhead(body: list[Line], page_height: float) -> tuple[dict[str, list[Line]], list[Line]]:
    """A Kamerbrief's first page: the body-column lines above the salutation, sorted into fields.

    Why by the labels: the retouradres, the addressee window and the
    Datum/Betreft block sit where the body column is, so only their words
    tell them from the first paragraph.  Found when a 'Datum' or 'Betreft'
    row stands in the upper half; rows above the retouradres (a wordmark)
    are header.  Returns the fields' lines and the body lines left.
    """
    rows = _rows_of([l for l in body if l["bbox"][1] < 0.5 * page_height])
    labelled = [k for k, row in enumerate(rows) if _label(row)]
    if not labelled:
        return {}, body
    rows = rows[:_last_letterhead_row(rows, labelled[-1]) + 1]
    retour = next((k for k, row in enumerate(rows) if RETOURADRES.search(" ".join(l["text"] for l in row))), None)
    head = _Letterhead(rows, labelled, retour, page_height)
    out: dict[str, list[Line]] = {}
    for k, row in enumerate(rows):
        out.setdefault(head.key(k, row), []).extend(row)
    taken = {id(l) for group in out.values() for l in group}
    return out, [l for l in body if id(l) not in taken]


def _field_value(key: str, lines: list[dict[str, Any]]) -> str:
    """The value of a letterhead field: its rows joined, the label and the retouradres mark left out."""
    texts = []
    for row in _rows_of(lines):
        words = " ".join(l["text"] for l in row).split()
        if key in ("datum", "betreft"):
            words = [w for w in words if LETTER_LABELS.get(w.strip(":").lower()) != key]
        if key == "retouradres":
            words = [w for w in words if not RETOURADRES.search(w) and w not in (">", "»", "›")]
        if words:
            texts.append(" ".join(words))
    return (", " if key == "geadresseerde" else " ").join(texts)


def _rows_of(lines: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Lines -> rows (lines side by side on one baseline band), top to bottom, each left to right."""
    rows: list[list[dict[str, Any]]] = []
    for line in sorted(lines, key=lambda l: (l["bbox"][1] + l["bbox"][3]) / 2):
        middle, tall = (line["bbox"][1] + line["bbox"][3]) / 2, line["bbox"][3] - line["bbox"][1]
        # middles close together, not boxes overlapping: a cell read with a border is a tall box
        if rows and any(abs(middle - (l["bbox"][1] + l["bbox"][3]) / 2) <= 0.45 * min(tall, l["bbox"][3] - l["bbox"][1])
                        for l in rows[-1]):
            rows[-1].append(line)
        else:
            rows.append([line])
    return [sorted(row, key=lambda l: l["bbox"][0]) for row in rows]


def _centre_in(box: tuple[float, ...], area: tuple[float, ...], pad: float = 2.0) -> bool:
    cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    return area[0] - pad <= cx <= area[2] + pad and area[1] - pad <= cy <= area[3] + pad


def _graphics(rules: list[tuple[float, float, float, float]],
              page_height: float) -> list[tuple[str, tuple[float, float, float, float]]]:
    """Clusters of printed rules -> ('table' | 'figure', box).

    A table is a grid: three or more horizontal rules across its whole width;
    boxes joined by lines (an organogram) are a figure.  A lone rule (the
    footnote rule, a link's underline) is neither.
    """
    groups: list[list[tuple[float, float, float, float]]] = []
    for rule in sorted(merge_collinear(rules), key=lambda r: (r[1], r[0])):
        near = [g for g in groups if any(_touch(rule, r) for r in g)]
        joined = [rule] + [r for g in near for r in g]
        groups = [g for g in groups if g not in near] + [joined]
    out = []
    for group in groups:
        box = _union(group)
        width, tall = box[2] - box[0], box[3] - box[1]
        verticals = [r for r in group if r[3] - r[1] > 3 * max(0.5, r[2] - r[0])]
        if len(group) < 3 or not verticals or tall < 12 or width < 40 or box[3] < HEADER_ZONE * page_height:
            continue
        across = [r for r in group if r[2] - r[0] >= 0.9 * width and r not in verticals]
        out.append(("table" if len(across) >= 3 else "figure", box))
    merged: list[tuple[str, tuple[float, float, float, float]]] = []
    for kind, box in sorted(out, key=lambda g: g[1][1]):  # parts of one diagram whose connectors were not seen
        last = merged[-1] if merged else None
        if last and kind == last[0] == "figure" and box[1] - last[1][3] < 30 \
                and min(box[2], last[1][2]) > max(box[0], last[1][0]):
            merged[-1] = ("figure", _union([last[1], box]))
        else:
            merged.append((kind, box))
    return merged


def _touch(a: tuple[float, ...], b: tuple[float, ...], pad: float = 2.5) -> bool:
    return not (a[2] + pad < b[0] or b[2] + pad < a[0] or a[3] + pad < b[1] or b[3] + pad < a[1])


def _foot(body: list[dict[str, Any]], body_size: float, rules: list[tuple[float, float, float, float]],
          column: list[float] | tuple[float, float], page_height: float) -> tuple[list, list, list]:
    """Body lines -> (running text, footnote lines, footer lines).

    Footnotes: the lines under the footnote rule (a short lone rule at the
    column's left edge in the lower half), or else the run of small print at
    the foot opening with a number.  The footer is what lies below the
    footer line and is no footnote: a footnote is never taken for a footer.
    """
    rules = merge_collinear(rules)
    separator = [r for r in rules if r[3] - r[1] <= 3 and 25 <= r[2] - r[0] <= 160
                 and abs(r[0] - column[0]) <= 10 and r[1] > 0.5 * page_height
                 and not any(o is not r and _touch(r, o) for o in rules)]
    below = [l for l in body if separator and l["bbox"][1] > min(s[1] for s in separator) - 1]
    if below and FOOTNOTE.match(below[0]["text"]):
        main_lines, foot_lines = [l for l in body if l not in below], below
    else:
        main_lines, foot_lines = body, []
        start = len(main_lines)
        while start > 0 and main_lines[start - 1]["size"] < 0.82 * body_size:
            start -= 1
        for first in range(start, len(main_lines)):
            if FOOTNOTE.match(main_lines[first]["text"]):
                main_lines, foot_lines = main_lines[:first], main_lines[first:]
                break
    footer_lines: list[dict[str, Any]] = []
    if not foot_lines:
        while main_lines and main_lines[-1]["bbox"][1] > FOOTER_ZONE * page_height:
            footer_lines.insert(0, main_lines.pop())
    else:  # below the footnotes: lines that neither open a footnote nor continue the one above
        while len(foot_lines) > 1 and foot_lines[-1]["bbox"][1] > FOOTER_ZONE * page_height \
                and not FOOTNOTE.match(foot_lines[-1]["text"]) \
                and foot_lines[-1]["bbox"][1] - foot_lines[-2]["bbox"][3] > 1.2 * (foot_lines[-1]["bbox"][3]
                                                                                  - foot_lines[-1]["bbox"][1]):
            footer_lines.insert(0, foot_lines.pop())
    return main_lines, foot_lines, footer_lines


def anchor_for(box: tuple[float, float, float, float], blocks: list[Block]) -> str | None:
    """The block a remark is about: the one beside the remark's first line, as a reader writes a
    remark where the passage starts and lets a long one run down past it; else the block with
    most vertical overlap, else the nearest; paragraphs before headings."""
    if not blocks:
        return None

    def overlap(b: Block, top: float, bottom: float) -> float:
        return min(bottom, b.bbox[3]) - max(top, b.bbox[1])  # type: ignore[index]

    def distance(b: Block) -> float:
        return max(b.bbox[1] - box[3], box[1] - b.bbox[3], 0.0)  # type: ignore[index]

    def heading(b: Block) -> bool:  # a section's title; a table's caption or source line is text a remark is about
        return b.kind == "heading" and not (TABLE_CAPTION_RE.match(b.text) or TABLE_SOURCE_RE.match(b.text)
                                            or re.match(r"(?i)(?:figuur|grafiek|afbeelding)\s+\d", b.text))

    first_line = (box[1], min(box[3], box[1] + FIRST_LINE_PT))
    for top, bottom in (first_line, (box[1], box[3])):
        overlapping = [b for b in blocks if overlap(b, top, bottom) > 0]
        if overlapping and all(heading(b) for b in overlapping) and (top, bottom) == first_line:
            below = [b for b in blocks if not heading(b) and overlap(b, box[1], box[3]) > 0]
            overlapping = below or overlapping  # begun beside a heading, written beside its text: the text
        if overlapping:
            best = max(overlapping, key=lambda b: (not heading(b), overlap(b, top, bottom)))
            return best.id
    return min(blocks, key=lambda b: (distance(b) + (20.0 if heading(b) else 0.0))).id


#: The height of a handwritten line, in points: the band of a remark that says where it starts.
FIRST_LINE_PT = 14.0


def _with_sections(doc: Document) -> Document:
    return assign_sections(doc)
