"""Kamerbrieven in the Rijkshuisstijl of several ministries: born-digital PDF, scans, handwriting, truth.

Why: the devset is one layout (the SZW nota).  Letters of other ministries
share the central-government house style but differ in the logo's wordmark,
the side column's fields ('Ons kenmerk', 'Onze referentie', 'Kenmerk', 'Uw
brief' ...), where 'Pagina N van M' sits, blue hyperlinks in footnotes, tables
with borders and small diagrams.  ``make_letter`` typesets one letter with
reportlab (geometry from ../shared/notes.md: body from 28 mm, side column at
162 mm, retouradres at 48 mm, addressee window, Datum/Betreft at 107 mm,
footnotes under a short rule), takes the truth from the PDF's own text layer
(pdfplumber words, each with the zone it was drawn in), rasterizes it with
pdftoppm, turns it a little, adds specks and handwriting (notes, ticks, pen
underlines, a note across the side column) in a handwriting font.

Fonts: handwriting fonts come in two sets, ``TUNING_FONTS`` (looked at while
tuning the OCR) and ``EVALUATION_FONTS`` (only ever measured).  A font that is
not installed falls back to Humor Sans, and the truth records which was used.

All text is our own (``house_style_texts``).  Output goes wherever the caller
says (the bench and tests use ``build/house_style/``, which git ignores).
"""
from __future__ import annotations

import json
import math
import random
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw, ImageFont

from house_style_texts import EVALUATION_MINISTRIES, LETTERS, REMARKS, TUNING_MINISTRIES, Letter

SANS = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
SANS_BOLD = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")
HUMOR = Path("/usr/share/fonts/truetype/humor-sans/Humor-Sans.ttf")
#: Handwriting fonts used while tuning the OCR (Debian: fonts-comic-neue, fonts-femkeklaver, fonts-dkg-handwriting).
TUNING_FONTS = (
    Path("/usr/share/fonts/opentype/comic-neue/ComicNeue-Regular.otf"),
    Path("/usr/share/fonts/truetype/femkeklaver/femkeklaver.ttf"),
    Path("/usr/share/fonts/truetype/fifthhorseman/dkg.ttf"),
)
#: Handwriting fonts kept for evaluation only (fonts-breip, fonts-dancingscript, fonts-bwht, fonts-kaushanscript).
EVALUATION_FONTS = (
    Path("/usr/share/fonts/truetype/breip/Breip.ttf"),
    Path("/usr/share/fonts/opentype/dancingscript/DancingScript-Regular.otf"),
    Path("/usr/share/fonts/opentype/bwht/BecauseWeLearn-Regular.otf"),
    Path("/usr/share/fonts/opentype/kaushanscript/KaushanScript-Regular.otf"),
)
INKS = {"blue": (25, 45, 150), "black": (30, 30, 35), "red": (165, 25, 30)}

W, H = 595.28, 841.89
LEFT = 79.4  # 28 mm
RIGHT = 430.0  # body lines end here
SIDE = 459.2  # 162 mm
BODY_SIZE, PITCH = 9.0, 13.5
SIDE_SIZE, SIDE_PITCH = 6.5, 9.3
FOOT_SIZE, FOOT_PITCH = 7.0, 9.5
TOP_FIRST, TOP_NEXT = 349.0, 133.0  # body start on page 1 (123 mm) and later pages
FOOT_END = 792.0
LOGO_BLUE = (0.082, 0.259, 0.451)  # #154273
LINK_BLUE = (0.02, 0.27, 0.75)
#: Ministries whose footnote hyperlinks are printed blue (the others black, underlined).
BLUE_LINKS = {"ienw", "vws", "kgg"}


@dataclass
class Drawn:
    """One string drawn on the PDF, with the zone a reader should put its words in."""

    page: int
    zone: str  # body, heading, list_item, table, figure, footnote, metadata, header, page_number, marker
    text: str
    box: tuple[float, float, float, float]
    item: int | None = None  # index of the body item / footnote it belongs to
    key: str | None = None  # metadata key for letterhead fields


@dataclass
class Typeset:
    drawn: list[Drawn] = field(default_factory=list)
    items: list[dict[str, Any]] = field(default_factory=list)  # reading order: {page, kind, id}
    pages: int = 0
    side_boxes: dict[int, tuple[float, float, float, float]] = field(default_factory=dict)


def _fonts() -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    for name, file in (("Sans", SANS), ("Sans-Bold", SANS_BOLD)):
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(name, str(file)))


def _width(text: str, font: str, size: float) -> float:
    from reportlab.pdfbase import pdfmetrics

    return pdfmetrics.stringWidth(text, font, size)


class _Canvas:
    """reportlab's canvas in top-left points, recording every string with its zone."""

    def __init__(self, path: Path, out: Typeset) -> None:
        from reportlab.pdfgen import canvas

        self.c = canvas.Canvas(str(path), pagesize=(W, H))
        self.out = out
        self.page = 1

    def text(self, x: float, top: float, text: str, size: float, zone: str, bold: bool = False,
             item: int | None = None, key: str | None = None, colour=(0, 0, 0), link: bool = False) -> float:
        font = "Sans-Bold" if bold else "Sans"
        self.c.setFillColorRGB(*colour)
        self.c.setFont(font, size)
        self.c.drawString(x, H - top - size * 0.93, text)
        width = _width(text, font, size)
        if link:
            self.c.setStrokeColorRGB(*colour)
            self.c.setLineWidth(0.5)
            self.c.line(x, H - top - size * 1.12, x + width, H - top - size * 1.12)
            self.c.linkURL(text, (x, H - top - size * 1.2, x + width, H - top), relative=0)
        self.c.setFillColorRGB(0, 0, 0)
        self.out.drawn.append(Drawn(self.page, zone, text, (x, top, x + width, top + size * 1.2), item, key))
        return width

    def line(self, x0: float, y0: float, x1: float, y1: float, width: float = 0.5) -> None:
        self.c.setStrokeColorRGB(0, 0, 0)
        self.c.setLineWidth(width)
        self.c.line(x0, H - y0, x1, H - y1)

    def rect(self, x: float, top: float, w: float, h: float, fill=None, width: float = 0.6) -> None:
        if fill:
            self.c.setFillColorRGB(*fill)
        self.c.setStrokeColorRGB(0, 0, 0)
        self.c.setLineWidth(width)
        self.c.rect(x, H - top - h, w, h, stroke=0 if fill else 1, fill=1 if fill else 0)
        self.c.setFillColorRGB(0, 0, 0)

    def next_page(self) -> None:
        self.c.showPage()
        self.page += 1


def _wrap(words: list[tuple[str, str]], font: str, size: float, width: float) -> list[list[tuple[str, str]]]:
    lines: list[list[tuple[str, str]]] = []
    line: list[tuple[str, str]] = []
    for w in words:
        trial = " ".join(a + b for a, b in line + [w])
        if line and _width(trial, font, size) > width:
            lines.append(line)
            line = [w]
        else:
            line.append(w)
    if line:
        lines.append(line)
    return lines


def _split_refs(text: str) -> list[tuple[str, str]]:
    """'najaar.[1]' -> ('najaar.', '1'): the word and its footnote reference."""
    out = []
    for word in text.split():
        if "[" in word and word.endswith("]"):
            base, ref = word[:-1].split("[")
            out.append((base, ref))
        else:
            out.append((word, ""))
    return out


def typeset(letter: Letter, path: Path) -> Typeset:
    """Write the born-digital letter; returns what was drawn where."""
    _fonts()
    out = Typeset()
    cv = _Canvas(path, out)
    m = letter.ministry
    blocks = _layout_items(letter)
    pages = _paginate(blocks, letter)
    total = len(pages)
    out.pages = total
    note_no = 0
    for number, page_blocks in enumerate(pages, start=1):
        _letterhead(cv, letter, number, total)
        y = TOP_FIRST if number == 1 else TOP_NEXT
        page_notes: list[int] = []
        for block in page_blocks:
            y, refs = _draw_block(cv, block, y, out)
            page_notes += refs
        if page_notes:
            top = FOOT_END - FOOT_PITCH * len(page_notes)
            cv.line(LEFT, top - 4, LEFT + 72, top - 4)
            for n in page_notes:
                note_no += 1
                text = letter.footnotes[n - 1]
                out.items.append({"page": number, "kind": "footnote", "id": f"f{n}"})
                index = len(out.items) - 1
                cv.text(LEFT, top + 0.8, str(n), 5.5, "footnote", item=index)
                x = LEFT + 8
                for part in _link_parts(text):
                    link = part.startswith("http")
                    colour = LINK_BLUE if link and m.key in BLUE_LINKS else (0, 0, 0)
                    x += cv.text(x, top, part, FOOT_SIZE, "footnote", item=index, colour=colour, link=link)
                    x += _width(" ", "Sans", FOOT_SIZE)
                top += FOOT_PITCH
        cv.next_page()
    cv.c.save()
    return out


def _link_parts(text: str) -> list[str]:
    """A footnote cut into plain text and URLs (which are drawn underlined, as Word shows hyperlinks)."""
    parts, plain = [], []
    for word in text.split():
        if word.startswith("http"):
            if plain:
                parts.append(" ".join(plain))
                plain = []
            parts.append(word)
        else:
            plain.append(word)
    if plain:
        parts.append(" ".join(plain))
    return parts


def _letterhead(cv: _Canvas, letter: Letter, number: int, total: int) -> None:
    m = letter.ministry
    side_top = 133.0
    rows: list[tuple[str, bool, str, str | None]] = []  # text, bold, zone, key
    if number == 1:
        cv.rect(283.0, 0.0, 17.0, m.bar_height, fill=LOGO_BLUE)
        for k in range(3):  # the emblem: a few white strokes in the bar
            cv.c.setFillColorRGB(1, 1, 1)
            cv.c.rect(286.0, H - (m.bar_height - 30 + 7 * k) - 3, 11.0, 3, stroke=0, fill=1)
        cv.c.setFillColorRGB(0, 0, 0)
        for i, line in enumerate(m.wordmark):
            cv.text(306.0, 30.0 + 12.0 * i, line, 9.5, "header")
        cv.text(LEFT, 136.0, m.retour, SIDE_SIZE, "metadata", key="retouradres")
        for i, line in enumerate(("De Voorzitter van de Tweede Kamer", "der Staten-Generaal", "Postbus 20018",
                                  "2500 EA  DEN HAAG")):
            cv.text(LEFT, 156.0 + 12.5 * i, line, BODY_SIZE, "metadata", key="geadresseerde")
        for i, (label, value, key) in enumerate((("Datum", letter.datum, "datum"),
                                                 ("Betreft", letter.betreft, "betreft"))):
            cv.text(LEFT, 302.0 + 13.0 * i, label, 7.0, "metadata", key=f"{key}:label")
            cv.text(LEFT + 48, 301.0 + 13.0 * i, value, BODY_SIZE, "metadata", key=key)
        rows += [(s, i == 0, "metadata", None) for i, s in enumerate(m.sender)]
        rows += [("", False, "", None), (m.url, False, "metadata", None), ("", False, "", None)]
        for label, value in m.fields:
            key = _field_key(label)
            rows += [(label, True, "metadata", f"{key}:label"), (value, False, "metadata", key), ("", False, "", None)]
    else:  # follow-on pages repeat the sender and the kenmerk: a running header
        label, value = m.fields[0]
        rows += [(m.sender[0], True, "header", None), ("", False, "", None),
                 (label, True, "header", None), (value, False, "header", None), ("", False, "", None)]
    if m.page_in_column:
        rows.append((f"Pagina {number} van {total}", False, "page_number", None))
    else:
        cv.text(SIDE, 806.0, f"Pagina {number} van {total}", SIDE_SIZE, "page_number")
    y = side_top
    first = len(cv.out.drawn)
    for text, bold, zone, key in rows:
        if text:
            cv.text(SIDE, y, text, SIDE_SIZE, zone, bold=bold, key=key)
        y += SIDE_PITCH
    boxes = [d.box for d in cv.out.drawn[first:]]
    cv.out.side_boxes[number] = (min(b[0] for b in boxes), min(b[1] for b in boxes),
                                 max(b[2] for b in boxes), max(b[3] for b in boxes))


def _field_key(label: str) -> str:
    low = label.lower()
    if low.startswith("uw"):
        return "uw_kenmerk"
    if low.startswith("bijlage"):
        return "bijlagen"
    return "kenmerk"


@dataclass
class _Block:
    kind: str  # paragraph, heading, list_item, table, figure, closing
    height: float
    refs: list[int]
    payload: Any


def _layout_items(letter: Letter) -> list[_Block]:
    blocks = []
    body_width = RIGHT - LEFT
    for item in letter.items:
        kind = item[0]
        if kind in ("p", "h", "b"):
            font = "Sans-Bold" if kind == "h" else "Sans"
            words = _split_refs(item[1])
            indent = 12.0 if kind == "b" else 0.0
            lines = _wrap(words, font, BODY_SIZE, body_width - indent)
            refs = [int(r) for _, r in words if r]
            name = {"p": "paragraph", "h": "heading", "b": "list_item"}[kind]
            gap = PITCH * (0.25 if kind == "b" else 1.0)
            blocks.append(_Block(name, len(lines) * PITCH + gap, refs, (font, lines, indent)))
        elif kind == "table":
            _, caption, rows, source = item
            blocks.append(_Block("table", PITCH * 2 + 15.0 * len(rows) + PITCH * 1.6, [], (caption, rows, source)))
        elif kind == "figure":
            blocks.append(_Block("figure", 92.0, [], (item[1], item[2])))
    m = letter.ministry
    closing = ["Hoogachtend,", "", *m.minister]
    blocks.append(_Block("closing", PITCH * (len(closing) + 3), [], closing))
    return blocks


def _paginate(blocks: list[_Block], letter: Letter) -> list[list[_Block]]:
    pages: list[list[_Block]] = [[]]
    y, notes = TOP_FIRST, 0
    for block in blocks:
        limit = FOOT_END - FOOT_PITCH * (notes + len(block.refs)) - (18 if notes + len(block.refs) else 0) - 8
        if y + block.height > limit and pages[-1]:
            pages.append([])
            y, notes = TOP_NEXT, 0
        pages[-1].append(block)
        y += block.height
        notes += len(block.refs)
    return pages


def _draw_block(cv: _Canvas, block: _Block, y: float, out: Typeset) -> tuple[float, list[int]]:
    page = cv.page
    if block.kind in ("paragraph", "heading", "list_item"):
        font, lines, indent = block.payload
        out.items.append({"page": page, "kind": block.kind})
        index = len(out.items) - 1
        for line in lines:
            x = LEFT
            if indent:
                x += indent
            for i, (word, ref) in enumerate(line):
                text = word
                if indent and i == 0 and word == "•":
                    cv.text(LEFT, y, "•", BODY_SIZE, block.kind, item=index)
                    continue
                x += cv.text(x, y, text, BODY_SIZE, block.kind, bold=font.endswith("Bold"), item=index)
                if ref:
                    x += cv.text(x + 0.3, y - 2.6, ref, 5.5, "marker", item=index) + 0.3
                x += _width(" ", font, BODY_SIZE)
            y += PITCH
        return y + (block.height - len(lines) * PITCH), block.refs
    if block.kind == "table":
        caption, rows, source = block.payload
        out.items.append({"page": page, "kind": "paragraph"})
        cv.text(LEFT, y, caption, BODY_SIZE, "paragraph", item=len(out.items) - 1)
        y += PITCH * 1.3
        out.items.append({"page": page, "kind": "table"})
        index = len(out.items) - 1
        col = (RIGHT - LEFT) / len(rows[0])
        top = y
        for r, row in enumerate(rows):
            for c, cell in enumerate(row):
                cv.text(LEFT + c * col + 4, y + 3.5, cell, 8.0, "table", bold=r == 0, item=index)
            y += 15.0
        for r in range(len(rows) + 1):
            cv.line(LEFT, top + 15.0 * r, RIGHT, top + 15.0 * r)
        for c in range(len(rows[0]) + 1):
            cv.line(LEFT + c * col, top, LEFT + c * col, y)
        y += 3.0
        out.items.append({"page": page, "kind": "paragraph"})
        cv.text(LEFT, y, source, FOOT_SIZE, "paragraph", item=len(out.items) - 1)
        return y + PITCH * 1.3, []
    if block.kind == "figure":
        head, children = block.payload
        out.items.append({"page": page, "kind": "figure"})
        index = len(out.items) - 1
        mid = (LEFT + RIGHT) / 2
        cv.rect(mid - 60, y + 4, 120, 20)
        cv.text(mid - _width(head, "Sans", 7.5) / 2, y + 9.5, head, 7.5, "figure", item=index)
        cv.line(mid, y + 24, mid, y + 40)
        box_w = 100.0
        xs = [LEFT + 10 + k * ((RIGHT - LEFT - 20 - box_w) / max(1, len(children) - 1)) for k in range(len(children))]
        cv.line(xs[0] + box_w / 2, y + 40, xs[-1] + box_w / 2, y + 40)
        for x, name in zip(xs, children):
            cv.line(x + box_w / 2, y + 40, x + box_w / 2, y + 54)
            cv.rect(x, y + 54, box_w, 20)
            cv.text(x + box_w / 2 - _width(name, "Sans", 7.5) / 2, y + 59.5, name, 7.5, "figure", item=index)
        return y + block.height, []
    # closing
    out.items.append({"page": page, "kind": "paragraph"})
    index = len(out.items) - 1
    for k, line in enumerate(block.payload):
        if line:
            cv.text(LEFT, y, line, BODY_SIZE, "paragraph", item=index)
        y += PITCH * (3 if k == len(block.payload) - 2 else 1)
    return y, []


# -- truth from the text layer ---------------------------------------------------------------

def text_layer_truth(pdf: Path, ts: Typeset) -> dict[str, Any]:
    """Every pdfplumber word with the zone of the string it came from; paragraphs in reading order."""
    import pdfplumber

    words = []
    with pdfplumber.open(pdf) as doc:
        for number, page in enumerate(doc.pages, start=1):
            for w in page.extract_words(x_tolerance=1.5):
                cx, cy = (w["x0"] + w["x1"]) / 2, (w["top"] + w["bottom"]) / 2
                owner = next((d for d in ts.drawn if d.page == number and d.box[0] - 1 <= cx <= d.box[2] + 1
                              and d.box[1] - 2 <= cy <= d.box[3] + 2), None)
                words.append({"page": number, "text": w["text"], "bbox": [round(w[k], 2) for k in ("x0", "top", "x1", "bottom")],
                              "zone": owner.zone if owner else "unknown",
                              "item": owner.item if owner else None, "key": owner.key if owner else None})
    paragraphs = []
    for index, item in enumerate(ts.items):
        own = [w for w in words if w["item"] == index and w["zone"] != "marker"]
        own.sort(key=lambda w: (round(w["bbox"][1] / 3), w["bbox"][0]))
        kind = item["kind"]
        paragraphs.append({"id": len(paragraphs), "kind": kind, "text": " ".join(w["text"] for w in own),
                           "lines": [{"page": item["page"], "text": "", "bbox": _box([w["bbox"] for w in own])}],
                           "page": item["page"]})
    metadata: dict[str, list[str]] = {}
    for d in ts.drawn:
        if d.key and not d.key.endswith(":label"):
            metadata.setdefault(d.key, []).append(d.text)
    if "retouradres" in metadata:  # the value is the address; '> Retouradres' is its label
        metadata["retouradres"] = [metadata["retouradres"][0].replace("> Retouradres", "").strip()]
    letterhead = [d.text for d in ts.drawn if d.zone in ("metadata", "header") and len(d.text) >= 6]
    return {"words": words, "paragraphs": paragraphs,
            "metadata": {k: " ".join(v) for k, v in metadata.items()},
            "letterhead": sorted(set(letterhead)),
            "footnotes": [p["text"] for p in paragraphs if p["kind"] == "footnote"]}


def _box(boxes: list[list[float]]) -> list[float]:
    if not boxes:
        return [0, 0, 0, 0]
    return [min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes)]


# -- scans and handwriting -------------------------------------------------------------------

def rasterize(pdf: Path, dpi: int) -> list[Image.Image]:
    with tempfile.TemporaryDirectory(prefix="house-style-") as tmp:
        subprocess.run(["pdftoppm", "-r", str(dpi), "-png", str(pdf), f"{tmp}/p"], check=True)
        return [Image.open(p).convert("RGB") for p in sorted(Path(tmp).glob("p-*.png"))]


def _hand(font: Path, size_pt: float, dpi: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(font if font.is_file() else HUMOR), round(size_pt * dpi / 72))


def _beside(paragraphs: list[dict[str, Any]], page: int, kinds=("paragraph", "list_item")) -> list[int]:
    return [i for i, p in enumerate(paragraphs) if p["page"] == page and p["kind"] in kinds and p["text"]]


def annotate(images: list[Image.Image], truth: dict[str, Any], ts: Typeset, font: Path, ink: tuple[int, int, int],
             dpi: int, seed: int, remarks_pool: tuple[str, ...] = REMARKS) -> list[dict[str, Any]]:
    """Draw the minister's notes, ticks and underlines on the page images; returns their truth.

    ``remarks_pool`` is what the notes say (a blind set brings its own, unseen while tuning).
    """
    rng = random.Random(seed)
    s = dpi / 72
    hand = _hand(font, 13.0, dpi)
    notes: list[dict[str, Any]] = []
    paragraphs = truth["paragraphs"]
    remarks = list(remarks_pool)
    rng.shuffle(remarks)

    def write(page: int, x: float, top: float, text: str, width: float, para: int, side: str) -> tuple:
        draw = ImageDraw.Draw(images[page - 1])
        lines, current = [], ""
        for word in text.split():
            trial = f"{current} {word}".strip()
            if current and hand.getlength(trial) > width * s:
                lines.append(current)
                current = word
            else:
                current = trial
        lines.append(current)
        boxes = []
        y = top
        for line in lines:
            xx = x + rng.uniform(-1.5, 1.5)
            draw.text((xx * s, y * s), line, font=hand, fill=ink)
            boxes.append(draw.textbbox((xx * s, y * s), line, font=hand))
            y += 17
        box = tuple(v / s for v in (min(b[0] for b in boxes), min(b[1] for b in boxes),
                                    max(b[2] for b in boxes), max(b[3] for b in boxes)))
        notes.append({"page": page, "kind": "note", "text": text, "bbox": [round(v, 1) for v in box],
                      "paragraph": para, "side": side})
        return box

    def tick(page: int, para: int) -> None:
        top = paragraphs[para]["lines"][0]["bbox"][1] + 2
        x0 = 437.0
        pts = [(x0, top + 7), (x0 + 4, top + 13), (x0 + 13, top)]
        ImageDraw.Draw(images[page - 1]).line([(a * s, b * s) for a, b in pts], fill=ink, width=max(2, round(1.4 * s)),
                                               joint="curve")
        notes.append({"page": page, "kind": "tick", "text": "", "bbox": [x0, top, x0 + 13, top + 13],
                      "paragraph": para, "side": "right"})

    def underline(page: int, para: int) -> None:
        box = paragraphs[para]["lines"][0]["bbox"]
        lines = max(1, round((box[3] - box[1]) / PITCH))
        k = min(1, lines - 1)
        uy = box[1] + k * PITCH + BODY_SIZE * 1.2 + 1.2
        x0, x1 = box[0] + 2, box[0] + (box[2] - box[0]) * 0.55
        pts = [((x0 + (x1 - x0) * i / 12) * s, (uy + 0.6 * math.sin(i * 0.9)) * s) for i in range(13)]
        ImageDraw.Draw(images[page - 1]).line(pts, fill=ink, width=max(2, round(1.2 * s)))
        notes.append({"page": page, "kind": "underline", "text": "", "bbox": [x0, uy - 1.5, x1, uy + 1.5],
                      "paragraph": para, "side": "body"})

    used: dict[tuple[int, str], float] = {}
    for page in range(1, ts.pages + 1):
        candidates = _beside(paragraphs, page)
        if not candidates:
            continue
        side_bottom = ts.side_boxes.get(page, (0, 0, 0, 0))[3]
        below = [i for i in candidates if paragraphs[i]["lines"][0]["bbox"][1] > side_bottom + 12]
        pick = below or candidates
        right = pick[rng.randrange(len(pick))]
        top = max(paragraphs[right]["lines"][0]["bbox"][1], used.get((page, "right"), 0) + 8)
        box = write(page, SIDE + 4, top, remarks.pop(), 118, right, "right")
        used[(page, "right")] = box[3]
        left = candidates[rng.randrange(len(candidates))]
        write(page, 6.0, paragraphs[left]["lines"][0]["bbox"][1], remarks.pop(), 66, left, "left")
        others = [i for i in pick if i != right and paragraphs[i]["lines"][0]["bbox"][1] > used[(page, "right")] + 4]
        if others:
            tick(page, others[0])
        long = [i for i in candidates if paragraphs[i]["lines"][0]["bbox"][3] - paragraphs[i]["lines"][0]["bbox"][1] > 2 * PITCH]
        if long:
            underline(page, long[rng.randrange(len(long))])
        if page >= 2 and ts.side_boxes.get(page):  # a note written across the repeated side column
            side = ts.side_boxes[page]
            beside = min(candidates, key=lambda i: abs(paragraphs[i]["lines"][0]["bbox"][1] - side[1]))
            write(page, SIDE + 10, side[1] + 12, remarks.pop(), 110, beside, "right")
    return notes


def scan(images: list[Image.Image], angle: float, dpi: int, seed: int) -> list[Image.Image]:
    """Turned a little and speckled, as a sheet fed through a scanner."""
    rng = random.Random(seed)
    out = []
    for image in images:
        image = image.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=(255, 255, 255))
        draw = ImageDraw.Draw(image)
        for _ in range(40):
            draw.point((rng.randrange(image.width), rng.randrange(image.height)), fill=(140, 140, 140))
        out.append(image)
    return out


def _turn_boxes(notes: list[dict[str, Any]], angle: float) -> None:
    from ocr.handwriting import unrotate_box

    for n in notes:
        n["bbox"] = [round(v, 1) for v in unrotate_box(tuple(n["bbox"]), angle, (W, H))]


def save_pdf(images: list[Image.Image], path: Path, dpi: int) -> None:
    images[0].save(path, save_all=True, append_images=images[1:], resolution=float(dpi), quality=85)


def make_letter(key: str, folder: Path, dpi: int = 200, variants: tuple[str, ...] = ("tuning", "evaluation"),
                seed: int = 0, letters: dict[str, Letter] | None = None, fonts: tuple[Path, ...] | None = None,
                remarks: tuple[str, ...] | None = None) -> dict[str, Path]:
    """One ministry's letter: born-digital PDF, clean scan, annotated scans, truth JSON for each.

    Returns the paths written, by name: 'pdf', 'clean', 'tuning', 'evaluation' (PDFs) and
    their '*.truth' files.  A truth file is in the devset's format plus 'metadata',
    'letterhead', 'footnotes', 'words' (the text layer with zones) and 'font'.

    ``letters``, ``fonts`` and ``remarks`` let a blind evaluation set (letters, handwriting
    fonts and remarks never seen while tuning) replace ``LETTERS``, the two font sets and
    ``REMARKS``.  With ``letters`` the letter counts as 'evaluation'; with ``fonts`` every
    annotated variant draws from them (one font further along per variant).  Left out,
    nothing changes.
    """
    folder.mkdir(parents=True, exist_ok=True)
    letter = (LETTERS if letters is None else letters)[key]
    rng = random.Random(f"{key}-{seed}")
    written: dict[str, Path] = {}
    pdf = folder / f"{key}.pdf"
    ts = typeset(letter, pdf)
    truth = text_layer_truth(pdf, ts)
    base = {"dpi": dpi, "page_size_pt": [W, H], "pages": ts.pages, "ministry": key,
            "set": "tuning" if letters is None and key in TUNING_MINISTRIES else "evaluation",
            "paragraphs": truth["paragraphs"], "metadata": truth["metadata"], "letterhead": truth["letterhead"],
            "footnotes": truth["footnotes"], "words": truth["words"], "meta_lines": []}
    written["pdf"] = pdf
    written["pdf.truth"] = _write_truth(folder / f"{key}.truth.json", {**base, "source": pdf.name, "annotations": []})
    pages = rasterize(pdf, dpi)
    angle = rng.uniform(-0.6, 0.6)
    clean = folder / f"{key}.clean.pdf"
    save_pdf(scan([p.copy() for p in pages], angle, dpi, seed), clean, dpi)
    written["clean"] = clean
    written["clean.truth"] = _write_truth(folder / f"{key}.clean.truth.json",
                                          {**base, "source": clean.name, "annotations": []})
    for variant in variants:
        if fonts is None:
            pool = TUNING_FONTS if variant == "tuning" else EVALUATION_FONTS
            font = pool[sum(map(ord, key)) % len(pool)]
        else:
            font = fonts[(sum(map(ord, key)) + variants.index(variant)) % len(fonts)]
        ink = list(INKS.values())[(sum(map(ord, key)) + len(variant)) % len(INKS)]
        images = [p.copy() for p in pages]
        notes = annotate(images, truth, ts, font, ink, dpi, seed=sum(map(ord, key + variant)),
                         remarks_pool=REMARKS if remarks is None else remarks)
        _turn_boxes(notes, angle)
        target = folder / f"{key}.{variant}.pdf"
        save_pdf(scan(images, angle, dpi, seed), target, dpi)
        written[variant] = target
        written[f"{variant}.truth"] = _write_truth(folder / f"{key}.{variant}.truth.json", {
            **base, "source": target.name, "annotations": notes,
            "font": (font if font.is_file() else HUMOR).name, "ink": ink})
    return written


def _write_truth(path: Path, data: dict[str, Any]) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


ALL_MINISTRIES = TUNING_MINISTRIES + EVALUATION_MINISTRIES

if __name__ == "__main__":  # pragma: no cover - write the whole set for a look
    import sys

    target = Path(sys.argv[1] if len(sys.argv) > 1 else "build/house_style")
    for name in ALL_MINISTRIES:
        print(make_letter(name, target)["pdf"])
