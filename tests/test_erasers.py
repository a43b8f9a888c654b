"""The erasers that clean a scan's body before OCR touch only the pixels they must.

Why: ``erase_pen`` and ``erase_rules`` now copy only the pen's box, and skip a
page with nothing ruled (issue 11 item 6, speed); the result must be the
same picture as before: pen gone, print and paper untouched.
"""
from __future__ import annotations

import math

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from ocr import handwriting

DPI = 200
SANS = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


def _font() -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(SANS, 28)


def _page() -> Image.Image:
    """White A5-ish page: black 'print' bars on the left, a blue pen stroke on the right."""
    image = Image.new("RGB", (800, 600), "white")
    draw = ImageDraw.Draw(image)
    for y in range(60, 400, 40):  # lines of print
        draw.text((40, y), "De minister schrijft", fill=(20, 20, 20), font=_font())
    wave = [(500 + x, 200 + 25 * math.sin(x / 12)) for x in range(0, 200, 2)]  # a pen stroke, wavering
    draw.line(wave, fill=(30, 60, 200), width=5)
    return image


def test_erase_pen_removes_only_the_pen():
    image = _page()
    before = np.asarray(image).copy()
    ink = handwriting.ink_map(image, DPI)
    handwriting.erase_pen(image, ink, (0, 0, image.width * 72 / DPI, image.height * 72 / DPI))
    after = np.asarray(image)
    spread = before.max(axis=2).astype(int) - before.min(axis=2)
    pen = spread > 60
    assert pen.sum() > 500
    assert (after[pen] == 255).all(), "pen pixels left"
    black = before.max(axis=2) < 60
    assert (after[black] == before[black]).all(), "print touched"
    changed = (after != before).any(axis=2)
    near_pen = np.zeros_like(pen)
    ys, xs = np.nonzero(pen)
    near_pen[max(0, ys.min() - 8):ys.max() + 9, max(0, xs.min() - 8):xs.max() + 9] = True
    assert not (changed & ~near_pen).any(), "pixels changed away from the pen"


def test_erase_pen_without_pen_changes_nothing():
    image = _page()
    ImageDraw.Draw(image).rectangle((450, 100, 750, 400), fill="white")  # no pen left
    before = np.asarray(image).copy()
    handwriting.erase_pen(image, handwriting.ink_map(image, DPI), (0, 0, 288, 216))
    assert (np.asarray(image) == before).all()


def test_erase_rules_keeps_a_page_without_rules_as_it_is():
    image = _page()
    before = np.asarray(image).copy()
    handwriting.erase_rules(image, handwriting.ink_map(image, DPI))
    assert (np.asarray(image) == before).all()


def test_erase_rules_paints_out_a_table_grid_and_keeps_its_words():
    image = Image.new("RGB", (900, 700), "white")
    draw = ImageDraw.Draw(image)
    for y in (100, 180, 260, 340):  # a 3 x 3 grid of ruled cells
        draw.line((100, y, 700, y), fill="black", width=2)
    for x in (100, 300, 500, 700):
        draw.line((x, 100, x, 340), fill="black", width=2)
    for cell_y in (125, 205, 285):  # a word in each cell
        for cell_x in (150, 350, 550):
            draw.text((cell_x, cell_y), "Cijfer", fill=(20, 20, 20), font=_font())
    handwriting.erase_rules(image, handwriting.ink_map(image, DPI))
    after = np.asarray(image)
    assert after[100:342, 699:702].min() > 200 and after[179:182, 120:280].min() > 200, "grid left"
    word = after[120:165, 145:260]
    assert (word.max(axis=2) < 60).sum() > 200, "a cell's word was erased"
