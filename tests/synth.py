"""Generators of realistic test pages, made by the tests themselves.

Why: the OCR tests must run real Tesseract on real images without shipping
scans or copying the seed documents.  ``make_page`` draws a nota page the way
the minister's office sends it back: a typed body in DejaVu Sans, a side
column (kenmerkenveld) with Datum and Onze referentie, a footer
'Pagina x van y', and handwriting in the margins in Humor Sans (a
handwriting-style font from Debian's fonts-humor-sans), with ticks and
underlines drawn as pen strokes, in blue or black ink.  Every page carries its
ground truth (paragraph boxes, note boxes and kinds, the paragraph each note
belongs to) in PDF points from the top-left, like ``../shared/devset``.

``make_text_pdf`` writes a born-digital PDF (reportlab) with a side column,
footnotes and page numbers, for the text-layer path.

All text here is our own.
"""
from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

BODY_FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
BOLD_FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")
HAND_FONT = Path("/usr/share/fonts/truetype/humor-sans/Humor-Sans.ttf")

A4 = (595.3, 841.9)  # points
BODY_LEFT = 93.6
BODY_WIDTH = 330.0
SIDE_LEFT = 460.0
BLUE = (25, 45, 150)
BLACK_INK = (30, 30, 35)

#: Our own Dutch body text: (kind, text).  Headings are short; paragraphs wrap.
NOTA_TEXT: list[tuple[str, str]] = [
    ("heading", "Nota voortgang taalaanbod"),
    ("heading", "Aanleiding"),
    ("paragraph", "Twee keer per jaar informeert u de Kamer over de voortgang van het "
     "taalaanbod voor nieuwkomers. Deze nota bereidt de volgende brief voor en "
     "vraagt uw akkoord op de hoofdlijnen."),
    ("paragraph", "Gemeenten melden dat de wachttijd voor een eerste gesprek is "
     "gedaald van zes naar vier weken. Het aantal deelnemers aan een leerroute "
     "is in het afgelopen halfjaar gestegen tot ruim elfduizend."),
    ("heading", "Geadviseerd besluit"),
    ("paragraph", "U wordt geadviseerd in te stemmen met de brief en deze na de "
     "ministerraad aan de Kamer te sturen."),
    ("paragraph", "Over de financiering van de taalhuizen volgt in het voorjaar een "
     "aparte brief, omdat de gesprekken met de provincies nog lopen."),
]

#: Notes: (kind, text, paragraph index into NOTA_TEXT, side).
NOTA_NOTES: list[tuple[str, str, int, str]] = [
    ("note", "Mooi resultaat", 3, "right"),
    ("tick", "", 3, "right"),
    ("underline", "", 3, "body"),
    ("note", "Wanneer precies?", 6, "left"),
    ("note", "Eens", 5, "right"),
]

SIDE_COLUMN: list[str] = [
    "Directie Samenleving", "en Integratie", "",
    "Datum", "3 maart 2026", "",
    "Onze referentie", "2026-0000417", "",
    "Bijlage(n)", "2",
]


@dataclass
class TruthParagraph:
    kind: str
    text: str
    bbox: tuple[float, float, float, float]
    lines: list[tuple[float, float, float, float]] = field(default_factory=list)


@dataclass
class TruthNote:
    kind: str
    text: str
    bbox: tuple[float, float, float, float]
    paragraph: int
    side: str


@dataclass
class SynthPage:
    """One rendered page and where everything on it is (points, top-left origin)."""

    image: Image.Image
    dpi: int
    paragraphs: list[TruthParagraph]
    notes: list[TruthNote]
    metadata: dict[str, str]
    footer: str

    @property
    def size_pt(self) -> tuple[float, float]:
        return (self.image.width * 72 / self.dpi, self.image.height * 72 / self.dpi)

    def body_text(self) -> str:
        return " ".join(p.text for p in self.paragraphs)

    def truth(self, page: int = 1) -> dict:
        """The page's ground truth in the devset's truth.json shape."""
        return {
            "dpi": self.dpi,
            "page_size_pt": list(self.size_pt),
            "pages": 1,
            "paragraphs": [
                {"id": i, "kind": p.kind, "text": p.text,
                 "lines": [{"page": page, "text": "", "bbox": list(b)} for b in p.lines]}
                for i, p in enumerate(self.paragraphs)
            ],
            "annotations": [
                {"page": page, "kind": n.kind, "text": n.text, "bbox": list(n.bbox),
                 "paragraph": n.paragraph, "side": n.side}
                for n in self.notes
            ],
        }


def _font(path: Path, size_pt: float, dpi: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(path), max(6, round(size_pt * dpi / 72)))


def _wrap(text: str, font: ImageFont.FreeTypeFont, width_px: float) -> list[str]:
    lines: list[str] = []
    current = ""
    for word in text.split():
        trial = f"{current} {word}".strip()
        if current and font.getlength(trial) > width_px:
            lines.append(current)
            current = word
        else:
            current = trial
    if current:
        lines.append(current)
    return lines


def make_page(
    text: Sequence[tuple[str, str]] = NOTA_TEXT,
    notes: Sequence[tuple[str, str, int, str]] = NOTA_NOTES,
    *,
    dpi: int = 150,
    ink: tuple[int, int, int] = BLUE,
    side_column: Sequence[str] | None = SIDE_COLUMN,
    footer: str = "Pagina 1 van 2",
    body_size: float = 10.0,
    body_width: float = BODY_WIDTH,
    seed: int = 0,
    noise: bool = True,
) -> SynthPage:
    """Draw one nota page with handwriting; returns the image and its truth.

    ``notes`` refer to indexes in ``text``; a 'note' is written in the given
    margin beside that paragraph, a 'tick' is drawn in the right margin, an
    'underline' is a pen stroke under the paragraph's second line.
    ``body_width`` 400 pt or more with ``side_column=None`` is a full-width letter page.
    """
    rng = random.Random(seed)
    scale = dpi / 72
    width_px, height_px = round(A4[0] * scale), round(A4[1] * scale)
    page = Image.new("RGB", (width_px, height_px), (255, 255, 255))
    draw = ImageDraw.Draw(page)
    body = _font(BODY_FONT, body_size, dpi)
    bold = _font(BOLD_FONT, body_size * 1.1, dpi)
    small = _font(BODY_FONT, 6.5, dpi)
    hand = _font(HAND_FONT, 13, dpi)
    pitch = body_size * 1.55

    def px(v: float) -> float:
        return v * scale

    paragraphs: list[TruthParagraph] = []
    y = 108.0
    for kind, content in text:
        font = bold if kind == "heading" else body
        lines = _wrap(content, font, px(body_width))
        boxes = []
        for line in lines:
            draw.text((px(BODY_LEFT), px(y)), line, font=font, fill=(0, 0, 0))
            x0, y0, x1, y1 = draw.textbbox((px(BODY_LEFT), px(y)), line, font=font)
            boxes.append((x0 / scale, y0 / scale, x1 / scale, y1 / scale))
            y += pitch
        bbox = (min(b[0] for b in boxes), boxes[0][1], max(b[2] for b in boxes), boxes[-1][3])
        paragraphs.append(TruthParagraph(kind, " ".join(lines), bbox, boxes))
        y += pitch * (0.8 if kind == "heading" else 1.1)

    metadata: dict[str, str] = {}
    if side_column:
        sy = 108.0
        for i, line in enumerate(side_column):
            if line:
                draw.text((px(SIDE_LEFT), px(sy)), line, font=small, fill=(0, 0, 0))
                label = side_column[i - 1] if i else ""
                if label in {"Datum", "Onze referentie", "Bijlage(n)"}:
                    metadata[label] = line
            sy += 9.5
    if footer:
        draw.text((px(SIDE_LEFT), px(790)), footer, font=small, fill=(0, 0, 0))

    truth_notes: list[TruthNote] = []
    used: dict[str, float] = {"left": 0.0, "right": 0.0}
    for kind, content, index, side in notes:
        para = paragraphs[index]
        if kind == "note":
            left = 8.0 if side == "left" else SIDE_LEFT + 8
            width = 78.0 if side == "left" else 110.0
            top = max(para.bbox[1], used[side] + 8)
            lines = _wrap(content.upper(), hand, px(width))
            ny = top
            boxes = []
            for line in lines:
                x = left + rng.uniform(-2, 2)
                draw.text((px(x), px(ny)), line, font=hand, fill=ink)
                boxes.append(draw.textbbox((px(x), px(ny)), line, font=hand))
                ny += 17
            box = tuple(v / scale for v in (min(b[0] for b in boxes), min(b[1] for b in boxes),
                                            max(b[2] for b in boxes), max(b[3] for b in boxes)))
            used[side] = box[3]
            truth_notes.append(TruthNote("note", content, box, index, side))
        elif kind == "tick":
            x0, y0 = 432.0, para.lines[0][1] + 2
            pts = [(x0, y0 + 7), (x0 + 4, y0 + 13), (x0 + 13, y0)]
            draw.line([(px(a), px(b)) for a, b in pts], fill=ink, width=max(2, round(1.4 * scale)), joint="curve")
            truth_notes.append(TruthNote("tick", "", (x0, y0, x0 + 13, y0 + 13), index, "right"))
        elif kind == "underline":
            line = para.lines[min(1, len(para.lines) - 1)]
            uy = line[3] + 2.0
            x0, x1 = line[0] + 2, line[0] + (line[2] - line[0]) * 0.6
            steps = 12
            pts = [(px(x0 + (x1 - x0) * i / steps), px(uy + 0.6 * math.sin(i * 0.9))) for i in range(steps + 1)]
            draw.line(pts, fill=ink, width=max(2, round(1.2 * scale)))
            truth_notes.append(TruthNote("underline", "", (x0, uy - 1.5, x1, uy + 1.5), index, "body"))
        else:
            raise ValueError(f"unknown note kind {kind!r}")

    if noise:
        _speckle(page, rng)
    return SynthPage(page, dpi, paragraphs, truth_notes, metadata, footer)


def _speckle(page: Image.Image, rng: random.Random) -> None:
    """A few grey specks, like a scanner's dust: the pipeline must ignore them."""
    draw = ImageDraw.Draw(page)
    for _ in range(25):
        x, y = rng.randrange(page.width), rng.randrange(page.height)
        draw.point((x, y), fill=(150, 150, 150))


def save_pages(pages: Sequence[SynthPage], path: Path) -> Path:
    """Write pages as .png/.jpg (first page), multi-page .tif or an image-only .pdf."""
    path = Path(path)
    images = [p.image for p in pages]
    suffix = path.suffix.lower()
    if suffix in {".tif", ".tiff"}:
        # Uncompressed: Pillow writes that itself.  Any compression goes through libtiff, and a libtiff
        # build that does not match Pillow's fails with "function takes exactly 6 arguments (10 given)".
        images[0].save(path, save_all=True, append_images=images[1:], compression="raw",
                       dpi=(pages[0].dpi, pages[0].dpi))
    elif suffix == ".pdf":
        images[0].save(path, save_all=True, append_images=images[1:], resolution=float(pages[0].dpi))
    else:
        images[0].save(path, dpi=(pages[0].dpi, pages[0].dpi))
    return path


#: Body of the born-digital letter; numbers in [] are footnote references.
LETTER_TEXT: list[tuple[str, str]] = [
    ("heading", "1. Stand van zaken"),
    ("paragraph", "Met deze brief informeer ik uw Kamer over de voortgang van het "
     "taalaanbod voor nieuwkomers, zoals toegezegd in het commissiedebat van "
     "het najaar.[1]"),
    ("paragraph", "In het eerste halfjaar zijn ruim elfduizend leerroutes gestart. "
     "Gemeenten geven aan dat de wachttijd verder daalt.[2]"),
    ("heading", "2. Vervolg"),
    ("paragraph", "Voor de zomer ontvangt uw Kamer de volgende voortgangsbrief, "
     "met daarin de eerste resultaten van de monitor."),
]
LETTER_FOOTNOTES = ["Kamerstuk 12 345, nr. 67.", "Kamerstukken II 2025/26, 12 345, nr. 70."]
LETTER_SIDE = ["Directie Samenleving", "en Integratie", "", "Datum", "3 maart 2026", "",
               "Onze referentie", "2026-0000417", "", "Bijlage(n)", "1"]


LETTERHEAD = "Ministerie van Sociale Zaken en Werkgelegenheid"
RETOURADRES = "> Retouradres Postbus 90801 2509 LV Den Haag"
FOOTER = "Concept - niet verspreiden"


def make_text_pdf(path: Path, pages: int = 2, letterhead: bool = False) -> dict:
    """Write a born-digital letter PDF with side column, footnotes and 'Pagina x van y'.

    With ``letterhead``: the ministry's name at the top of every page, a
    retouradres in small print above the body of page 1 and a footer line.
    Returns its truth: body texts (without footnote markers), footnotes, metadata.
    """
    from reportlab.lib.pagesizes import A4 as RL_A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    for name, file in (("DejaVu", BODY_FONT), ("DejaVu-Bold", BOLD_FONT)):
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(name, str(file)))
    width, height = RL_A4
    c = canvas.Canvas(str(path), pagesize=RL_A4)
    body_texts: list[str] = []
    footnotes: list[str] = []
    for number in range(1, pages + 1):
        side = LETTER_SIDE if number == 1 else LETTER_SIDE[:2] + [""] + LETTER_SIDE[6:8]
        sy = 108.0
        for line in side:
            if line:
                c.setFont("DejaVu", 6.5)
                c.drawString(SIDE_LEFT, height - sy, line)
            sy += 9.5
        if letterhead:
            c.setFont("DejaVu-Bold", 9)
            c.drawString(300, height - 40, LETTERHEAD)
            c.setFont("DejaVu", 6.5)
            c.drawString(BODY_LEFT, height - 820, FOOTER)
            if number == 1:
                c.drawString(BODY_LEFT, height - 96, RETOURADRES)
        y = 108.0
        page_notes: list[str] = []
        for kind, content in LETTER_TEXT:
            font, size = ("DejaVu-Bold", 10.0) if kind == "heading" else ("DejaVu", 9.0)
            words, plain_words = [], []
            for word in content.split():
                if "[" in word:
                    base, ref = word.split("[")
                    ref_no = len(footnotes) + len(page_notes) + 1
                    page_notes.append(LETTER_FOOTNOTES[(int(ref.rstrip("]")) - 1) % len(LETTER_FOOTNOTES)])
                    words.append((base, str(ref_no)))
                    plain_words.append(base)
                else:
                    words.append((word, ""))
                    plain_words.append(word)
            # wrap by measured width
            line: list[tuple[str, str]] = []
            lines: list[list[tuple[str, str]]] = []
            for w in words:
                trial = " ".join(a for a, _ in line + [w])
                if line and pdfmetrics.stringWidth(trial, font, size) > BODY_WIDTH:
                    lines.append(line)
                    line = [w]
                else:
                    line.append(w)
            lines.append(line)
            for ln in lines:
                x = BODY_LEFT
                for i, (word, ref) in enumerate(ln):
                    text = word + (" " if i < len(ln) - 1 else "")
                    c.setFont(font, size)
                    c.drawString(x, height - y - size, text)
                    x += pdfmetrics.stringWidth(word, font, size)
                    if ref:
                        c.setFont("DejaVu", 5.5)
                        c.drawString(x, height - y - size + 4, ref)
                        x += pdfmetrics.stringWidth(ref, "DejaVu", 5.5)
                    x += pdfmetrics.stringWidth(" ", font, size) if i < len(ln) - 1 else 0
                y += size * 1.6
            y += size * 1.2
            body_texts.append(" ".join(plain_words))
        fy = 740.0
        c.setLineWidth(0.5)
        c.line(BODY_LEFT, height - fy + 8, BODY_LEFT + 80, height - fy + 8)
        for note in page_notes:
            footnotes.append(note)
            c.setFont("DejaVu", 6.5)
            c.drawString(BODY_LEFT, height - fy - 6.5, f"{len(footnotes)} {note}")
            fy += 9
        c.setFont("DejaVu", 6.5)
        c.drawString(380, height - 800 - 6.5, f"Pagina {number} van {pages}")
        c.showPage()
    c.save()
    return {
        "body": body_texts,
        "footnotes": footnotes,
        "metadata": {"Datum": "3 maart 2026", "Onze referentie": "2026-0000417", "Bijlage(n)": "1"},
    }


if __name__ == "__main__":  # pragma: no cover - handy for looking at the pages
    import sys

    out = Path(sys.argv[1] if len(sys.argv) > 1 else "synth.png")
    save_pages([make_page()], out)
    print(out)


def make_mixed_pdf(path: Path, scan: SynthPage) -> dict:
    """A PDF whose first page is born-digital and whose second is a scan (one full-page image).

    Like a letter printed, annotated, scanned and appended to its own PDF.
    """
    from reportlab.lib.pagesizes import A4 as RL_A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    text_pdf = Path(path).with_suffix(".text.pdf")
    truth = make_text_pdf(text_pdf, pages=1)
    import pdfplumber

    c = canvas.Canvas(str(path), pagesize=RL_A4)
    width, height = RL_A4
    with pdfplumber.open(text_pdf) as pdf:  # redraw page 1 word by word, without space characters
        words = pdf.pages[0].extract_words(extra_attrs=["size", "fontname"])
    for word in words:
        font = "DejaVu-Bold" if "Bold" in word["fontname"] else "DejaVu"
        c.setFont(font, word["size"])
        c.drawString(word["x0"], height - word["bottom"] + word["size"] * 0.22, word["text"])
    c.showPage()
    c.drawImage(ImageReader(scan.image), 0, 0, width=width, height=height)
    c.showPage()
    c.save()
    text_pdf.unlink()
    return truth
