"""Separating the minister's handwriting from the typed page, without a neural model.

Why this shape: Tesseract reads a page as one stream and glues a margin note to
the body line beside it.  So we look at the ink first (numpy/scipy on a
half-resolution copy): the body column is where the typed lines start and end,
coloured ink is pen, long thin strokes just below a text line are underlines,
and ink in the margins is cut into small regions.  The body is then OCR'd
without the pen ink, the regions separately; margin lines are told apart from
the printed side column by their height, colour and confidence, grouped into
remarks, and regions that gave no text become ticks or marks.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image
from scipy import ndimage

PAGE_NUMBER = re.compile(r"^\s*pagina\s+\d+\s+(van|/)\s+\d+\s*$", re.IGNORECASE)


@dataclass
class InkMap:
    """Where the ink is, on a reduced copy of the page."""

    dark: np.ndarray  # bool: any ink (print or pen)
    pen: np.ndarray  # bool: coloured ink, i.e. pen on a colour scan
    pt: float  # points per pixel of these arrays
    factor: int  # reduction against the full image

    def to_pt(self, sl: tuple[slice, slice], grow: tuple[float, float] = (0, 0)) -> tuple[float, float, float, float]:
        """Box in points of an ndimage slice, shrunk by the dilation ``grow`` (x, y) that made it."""
        ys, xs = sl
        return (
            (xs.start + grow[0]) * self.pt, (ys.start + grow[1]) * self.pt,
            (xs.stop - grow[0]) * self.pt, (ys.stop - grow[1]) * self.pt,
        )

    def px(self, value_pt: float) -> int:
        return max(0, int(round(value_pt / self.pt)))


def _grow(mask: np.ndarray, height: int, width: int) -> np.ndarray:
    """Binary dilation by a height x width rectangle, as two 1-D max filters.

    Why not ``binary_dilation``: its cost grows with the structuring element;
    separable filters cost the same for any size (a tenth of the time here).
    """
    out = mask.astype(np.uint8)
    if width > 1:
        out = ndimage.maximum_filter1d(out, width, axis=1)
    if height > 1:
        out = ndimage.maximum_filter1d(out, height, axis=0)
    return out.astype(bool)


def _open_rows(mask: np.ndarray, width: int) -> np.ndarray:
    """Binary opening by a 1 x width line: keeps only horizontal runs at least ``width`` long."""
    out = ndimage.minimum_filter1d(mask.astype(np.uint8), width, axis=1)
    return ndimage.maximum_filter1d(out, width, axis=1).astype(bool)


def ink_map(image: Image.Image, dpi: float, factor: int | None = None) -> InkMap:
    if factor is None:
        factor = 2 if dpi >= 150 else 1
    small = image.reduce(factor) if factor > 1 else image
    rgb = np.asarray(small)
    red, green, blue = rgb[..., 0], rgb[..., 1], rgb[..., 2]
    # channel by channel: numpy's min over a length-3 last axis is ten times slower
    darkest = np.minimum(np.minimum(red, green), blue)
    spread = np.maximum(np.maximum(red, green), blue).astype(np.int16) - darkest
    dark = darkest < 150
    pen = dark & (spread > 60)
    return InkMap(dark=dark, pen=pen, pt=72.0 * factor / dpi, factor=factor)


#: Shortest straight run (points) that counts as a printed rule (table border, footnote rule, link underline).
RULE_MIN_PT = 15.0
#: Thickest a printed rule is (points); thicker straight ink is a bar or a fill.
RULE_MAX_PT = 2.2
#: Wobble (ink-map pixels, spread around a fitted straight line) below which a stroke was ruled, not drawn.
STRAIGHT_PX = 0.3
#: Area (square points) and fill share from which a patch of ink is a solid fill (the logo's bar), not writing.
FILL_PT2, FILL_SHARE = 120.0, 0.7
#: Height (points) above a coloured rule in which coloured letters are a hyperlink's text.
LINK_TEXT_PT = 9.0


def is_straight(component: np.ndarray) -> bool:
    """A horizontal stroke (rows x columns mask) whose centre line is straight to a fraction of a pixel.

    Why: a printed rule or a link's underline is drawn by a machine: its
    centre line fits a straight line (a slanted scan only tilts it), while
    a pen stroke wavers by a pixel or more along its length.
    """
    counts = component.sum(axis=0)
    cols = np.flatnonzero(counts)
    if len(cols) < 8 or len(cols) < 0.9 * component.shape[1]:
        return False
    rows = np.arange(component.shape[0])[:, None]
    centre = (component * rows).sum(axis=0)[cols] / counts[cols]
    slope, offset = np.polyfit(cols, centre, 1)
    wobble = float(np.std(centre - (slope * cols + offset)))
    return wobble < STRAIGHT_PX and float(np.std(counts[cols])) < 0.6


#: Gap (points) bridged between pieces of one rule: a slanted scan breaks a rule into steps.
RULE_GAP_PT = 20.0


def merge_collinear(boxes: list[tuple[float, float, float, float]]) -> list[tuple[float, float, float, float]]:
    """Pieces of one horizontal or vertical rule -> the whole rule.

    Why: on a scan turned by half a degree a 300 pt rule is a staircase of
    1-pixel steps, and the straight-run filter keeps only the treads; the
    table, the footnote rule and a link's underline are one line each.
    """
    def horizontal(b: tuple[float, float, float, float]) -> bool:
        return b[2] - b[0] >= b[3] - b[1]

    out: list[tuple[float, float, float, float]] = []
    for flat in (True, False):
        axis = [b for b in boxes if horizontal(b) == flat]
        a0, a1, c0, c1 = (0, 2, 1, 3) if flat else (1, 3, 0, 2)  # along and across the rule
        axis.sort(key=lambda b: (b[a0]))
        merged: list[list[float]] = []
        for b in axis:
            for m in merged:
                if b[a0] - m[a1] <= RULE_GAP_PT and m[a0] - RULE_GAP_PT <= b[a1] \
                        and abs((b[c0] + b[c1]) / 2 - (m[c0] + m[c1]) / 2) <= 2.5:
                    m[a0], m[a1] = min(m[a0], b[a0]), max(m[a1], b[a1])
                    m[c0], m[c1] = min(m[c0], b[c0]), max(m[c1], b[c1])
                    break
            else:
                merged.append(list(b))
        out += [tuple(m) for m in merged]  # type: ignore[misc]
    return out


def printed_graphics(ink: InkMap) -> tuple[np.ndarray, list[tuple[float, float, float, float]]]:
    """Ink that is print though it is no letter: ruled tables and diagrams, solid fills, coloured links' text.

    Returns a mask over the ink map and the boxes (points) of every straight
    rule and fill.  The mask holds only rules that belong to a grid or a
    diagram (horizontal and vertical rules touching, three or more): a lone
    straight line under a text line may be a pen underline drawn with a
    ruler, and stays a candidate remark.  Cached on the ink map: the margin
    cut, the underline search and the erasers all ask.
    """
    cached = getattr(ink, "_graphics", None)
    if cached is not None:
        return cached
    boxes: list[tuple[float, float, float, float]] = []
    pieces: list[tuple[tuple[float, float, float, float], tuple[slice, slice], np.ndarray]] = []
    length, thick = max(4, ink.px(RULE_MIN_PT)), RULE_MAX_PT / ink.pt + 1
    for transpose in (False, True):
        dark = ink.dark.T if transpose else ink.dark
        runs = _open_rows(dark, length)
        labels, _ = ndimage.label(runs, structure=np.ones((3, 3), bool))
        for index, sl in enumerate(ndimage.find_objects(labels), start=1):
            part = labels[sl] == index
            if part.sum(axis=0).max() > thick or not is_straight(part):
                continue
            ys, xs = sl
            if transpose:
                sl, part = (xs, ys), part.T
            box = ink.to_pt(sl)
            pieces.append((box, sl, part))
            boxes.append(box)
    mask = np.zeros_like(ink.dark)
    ink._areas = _joined_areas(_ruled_areas([b for b, _, _ in pieces]))  # type: ignore[attr-defined]
    for area in _ruled_areas([b for b, _, _ in pieces]):
        for box, sl, part in pieces:
            if area[0] - 2 <= box[0] and box[2] <= area[2] + 2 and area[1] - 2 <= box[1] and box[3] <= area[3] + 2:
                mask[sl] |= part
    labels, _ = ndimage.label(ink.dark, structure=np.ones((3, 3), bool))
    least = FILL_PT2 / ink.pt ** 2
    for index, sl in enumerate(ndimage.find_objects(labels), start=1):
        size = (sl[0].stop - sl[0].start) * (sl[1].stop - sl[1].start)
        if size >= least:
            part = labels[sl] == index
            if part.sum() >= FILL_SHARE * size:
                mask[sl] |= ndimage.binary_fill_holes(part)
                boxes.append(ink.to_pt(sl))
    ink._rules = mask.copy()  # type: ignore[attr-defined]  # ruled areas and fills, without the links' letters
    flat = [b for b, _, _ in pieces if b[2] - b[0] > b[3] - b[1]]
    for box in merge_collinear(flat):  # a coloured link: its letters stand right on its printed underline
        sl = (slice(ink.px(box[1] - LINK_TEXT_PT), ink.px(box[1]) + 1), slice(ink.px(box[0]), ink.px(box[2]) + 1))
        mask[sl] |= ink.pen[sl] & ~_pen_strokes(ink, sl)
    mask |= _coloured_print(ink)
    ink._graphics = (mask, boxes)  # type: ignore[attr-defined]
    return mask, boxes


#: Largest side (points) of a letter of coloured print; a row of at least this many such letters is print.
LETTER_PT, LETTER_ROW = 8.0, 4


def _coloured_print(ink: InkMap) -> np.ndarray:
    """Coloured letters standing in a row on one baseline: a link or coloured heading, not a pen.

    Why: the pen is painted out of the body before OCR; a blue hyperlink in
    a footnote is pen-coloured too, but it is small separate letters in a
    straight row, which a pen stroke (an underline, a tick) never is.
    """
    labels, _ = ndimage.label(ink.pen, structure=np.ones((3, 3), bool))
    small = []
    for index, sl in enumerate(ndimage.find_objects(labels), start=1):
        tall, wide = (sl[0].stop - sl[0].start) * ink.pt, (sl[1].stop - sl[1].start) * ink.pt
        if tall <= LETTER_PT and wide <= LETTER_PT and tall >= 1.5:
            small.append((index, sl))
    out = np.zeros_like(ink.pen)
    bottoms = np.array([sl[0].stop for _, sl in small]) if small else np.zeros(0)
    lefts = np.array([sl[1].start for _, sl in small]) if small else np.zeros(0)
    reach = ink.px(12.0)
    for index, sl in small:
        row = (np.abs(bottoms - sl[0].stop) <= 2) & (np.abs(lefts - sl[1].start) <= 4 * reach)
        if row.sum() >= LETTER_ROW:
            out[sl] |= labels[sl] == index
    return out


def _pen_strokes(ink: InkMap, sl: tuple[slice, slice]) -> np.ndarray:
    """Pen components in ``sl`` taller than small print: writing, never a link's letters."""
    labels, _ = ndimage.label(ink.pen[sl], structure=np.ones((3, 3), bool))
    out = np.zeros(labels.shape, bool)
    for index, part in enumerate(ndimage.find_objects(labels), start=1):
        if (part[0].stop - part[0].start) * ink.pt > LINK_TEXT_PT:
            out[part] |= labels[part] == index
    return out


def _ruled_areas(rules: list[tuple[float, float, float, float]]) -> list[tuple[float, float, float, float]]:
    """Boxes of the groups of touching rules with both directions and three rules or more: tables, diagrams."""
    merged = merge_collinear(rules)
    groups: list[list[tuple[float, float, float, float]]] = []
    for rule in merged:
        near = [g for g in groups if any(_near(rule, r) for r in g)]
        groups = [g for g in groups if g not in near] + [[rule] + [r for g in near for r in g]]
    areas = []
    for group in groups:
        flat = sum(1 for r in group if r[2] - r[0] > r[3] - r[1])
        if len(group) >= 3 and 0 < flat < len(group):
            areas.append(union(group))
    return areas


def _joined_areas(areas: list[tuple[float, float, float, float]]) -> list[tuple[float, float, float, float]]:
    """Ruled areas one above the other, less than 30 pt apart and overlapping across: parts of one diagram."""
    out: list[tuple[float, float, float, float]] = []
    for box in sorted(areas, key=lambda b: b[1]):
        if out and box[1] - out[-1][3] < 30 and min(box[2], out[-1][2]) > max(box[0], out[-1][0]):
            out[-1] = union([out[-1], box])
        else:
            out.append(box)
    return out


def _near(a: tuple[float, float, float, float], b: tuple[float, float, float, float], pad: float = 3.0) -> bool:
    return not (a[2] + pad < b[0] or b[2] + pad < a[0] or a[3] + pad < b[1] or b[3] + pad < a[1])


def skew_angle(ink: InkMap, max_degrees: float = 3.0, step: float = 0.1) -> float:
    """The slant of the typed lines (degrees, counter-clockwise as PIL counts); rotate by minus it.

    Why: the body column is cut out along straight edges; a scan fed in at a
    slant of one degree moves the line ends by 10 pt over a page.  The angle
    whose row profile of the ink is sharpest (largest sum of squares) wins.
    """
    ys, xs = np.nonzero(ink.dark & ~ink.pen)
    if len(xs) < 500:
        return 0.0
    if len(xs) > 40000:
        pick = np.random.default_rng(0).choice(len(xs), 40000, replace=False)
        ys, xs = ys[pick], xs[pick]
    best, best_score = 0.0, -1.0
    for degrees in np.arange(-max_degrees, max_degrees + step / 2, step):
        rows = np.round(ys + xs * np.tan(np.radians(degrees))).astype(np.int64)
        counts = np.bincount(rows - rows.min())
        score = float(np.dot(counts, counts))
        if score > best_score:
            best, best_score = float(degrees), score
    return best


def unrotate_box(box: tuple[float, float, float, float], angle: float,
                 size: tuple[float, float]) -> tuple[float, float, float, float]:
    """A box found on the straightened page, in the coordinates of the page as scanned.

    The page was turned by ``-angle`` degrees about its centre (PIL's
    ``rotate``); turning the box's corners back by ``angle`` and taking their
    enclosing box keeps every output box on the page the user has.
    """
    if not angle:
        return box
    cx, cy = size[0] / 2, size[1] / 2
    a = np.radians(angle)
    cos, sin = float(np.cos(a)), float(np.sin(a))
    xs, ys = [], []
    for x, y in ((box[0], box[1]), (box[2], box[1]), (box[0], box[3]), (box[2], box[3])):
        dx, dy = x - cx, y - cy
        xs.append(cx + dx * cos + dy * sin)
        ys.append(cy - dx * sin + dy * cos)
    return (float(min(xs)), float(min(ys)), float(max(xs)), float(max(ys)))


def document_column(columns: list[tuple[float, float, int]]) -> tuple[float, float] | None:
    """One body column for the whole document from the pages' (left, right, lines) estimates.

    Why: a last page with two lines, or a page full of notes, gives a poor
    estimate of its own; the pages with many typed lines decide.  Pages are
    grouped by where their column starts and the group with the most typed
    line length wins (lines times width), never a plain median of the
    starts: with two pages, one good and one misread, a median is a coin toss.
    """
    good = [c for c in columns if c[2] >= 5] or [c for c in columns if c[2] >= 3]
    if not good:
        return None
    groups: list[list[tuple[float, float, int]]] = []
    for c in sorted(good):
        if groups and c[0] - groups[-1][-1][0] <= 6:
            groups[-1].append(c)
        else:
            groups.append([c])
    best = max(groups, key=lambda g: sum(n * (r - l) for l, r, n in g))
    lefts = sorted(c[0] for c in best)
    left = lefts[len(lefts) // 2]
    rights = sorted(c[1] for c in best if abs(c[0] - left) <= 6)
    middle = rights[len(rights) // 2]
    return left, max(r for r in rights if r <= middle + 6)


#: A page's own column overrules the document's when it has this many typed lines ...
OWN_COLUMN_LINES = 5
#: ... and an edge differs by more than this (points); scans of one layout differ by 6 at most.
OWN_COLUMN_SHIFT = 20.0
#: ... and, when it is only narrower than the document's, at least this many typed lines.
OWN_NARROW_LINES = 12
#: ... and it is at least this share of the document column's width (a nota body is 0.8 of a letter's).
OWN_COLUMN_WIDTH = 0.6


def page_column(own: tuple[float, float, int] | None,
                document: tuple[float, float] | None) -> tuple[float, float] | None:
    """The body column for one page: the document's, unless the page clearly has another of its own.

    Why: a nota page (body beside a side column) and an annex or letter page
    written across the width can share one PDF; the document column fits only
    one of them, and on the other the body would be cut into "margin notes" or
    the side column read as body.  A page with enough typed lines whose edges
    are far from the document's is its own layout; a page with few lines (a
    short last page) keeps the document's, its own estimate is unreliable; so
    does a page whose own column is far narrower than the document's: that is
    its side column taken for the body, not a layout of its own.
    """
    if own is None or own[2] < OWN_COLUMN_LINES:
        return document
    if document is not None and own[1] - own[0] < OWN_COLUMN_WIDTH * (document[1] - document[0]):
        return document
    if document is not None and abs(own[0] - document[0]) <= 6 and own[1] < document[1] \
            and own[2] < OWN_NARROW_LINES:  # a short page's ragged right edge, not a narrower layout
        return document
    if document is None or max(abs(own[0] - document[0]), abs(own[1] - document[1])) > OWN_COLUMN_SHIFT:
        return own[0], own[1]
    return document


def body_column(ink: InkMap) -> tuple[float, float] | None:
    found = column_estimate(ink)
    return (found[0], found[1]) if found else None


def column_estimate(ink: InkMap) -> tuple[float, float, int] | None:
    """Left and right edge (points) of the typed body column on this page, and its line count.

    Typed lines of a left-aligned body all start at one x.  Line-like ink runs
    are grouped by their start (starts at most 3 pt apart); of the groups with three runs
    or more, the body is the one with the most typed length (the sum of the run
    widths): the side column also has its lines start at one x, and on a short
    last page it may have more of them, but they are short and narrow.  The
    right edge is the end of the long lines, ignoring the few that a tick
    beside them lengthened.
    """
    gap = max(1, ink.px(8.0))
    smear = _grow(ink.dark & ~ink.pen, 1, gap)
    labels, _ = ndimage.label(smear)
    runs = []
    for sl in ndimage.find_objects(labels):
        x0, y0, x1, y1 = ink.to_pt(sl, (gap / 2, 0))
        if 3.0 <= y1 - y0 <= 25.0 and x1 - x0 >= 40.0:
            runs.append((x0, x1))
    groups: list[list[tuple[float, float]]] = []
    for run in sorted(runs):  # starts chained 3 pt apart at most: one column, even on a slanted scan
        if groups and run[0] - groups[-1][-1][0] <= 3.0:
            groups[-1].append(run)
        else:
            groups.append([run])
    groups = [g for g in groups if len(g) >= 3]
    if not groups:
        return None
    body = max(groups, key=lambda g: sum(x1 - x0 for x0, x1 in g))
    starts = np.round(np.array([r[0] for r in body]) / 3.0)
    values, counts = np.unique(starts, return_counts=True)
    left = float(values[np.argmax(counts)] * 3.0)
    ends = sorted(x1 for x0, x1 in body if abs(x0 - left) <= 4.5)
    if len(ends) >= 5:
        p90 = float(np.percentile(ends, 90))
        right = max(e for e in ends if e <= p90 + 12.0)
    else:  # too few lines to tell a lengthened one: a short paragraph's last line is not its width
        right = ends[-1]
    left = min(x0 for x0, _ in body if abs(x0 - left) <= 4.5)
    return left, right, len(ends)


def erase_rules(image: Image.Image, ink: InkMap) -> None:
    """Paint the printed rules and fills white on the full-resolution ``image`` (in place).

    Why: Tesseract reads a table's borders as '|' and glues a diagram's box
    edges to its words; the words read the same with the lines gone, and the
    lines themselves are kept as the page's ``rules``.
    """
    printed_graphics(ink)
    areas = ink._areas  # type: ignore[attr-defined]
    rules = ink._rules  # type: ignore[attr-defined]
    if not areas and not rules.any():  # most pages: nothing ruled, no copy of the page
        return
    full = np.asarray(image).copy()
    grey = full.min(axis=2) if full.ndim == 3 else full
    per_pt = ink.factor / ink.pt  # full-resolution pixels per point
    for area in areas:  # the lines' faint steps, at full resolution
        y0, y1 = max(0, int((area[1] - 2) * per_pt)), int((area[3] + 2) * per_pt) + 1
        x0, x1 = max(0, int((area[0] - 2) * per_pt)), int((area[2] + 2) * per_pt) + 1
        labels, _ = ndimage.label(grey[y0:y1, x0:x1] < 190, structure=np.ones((3, 3), bool))
        for index, part in enumerate(ndimage.find_objects(labels), start=1):
            own = labels[part] == index
            tall, wide = (part[0].stop - part[0].start) / per_pt, (part[1].stop - part[1].start) / per_pt
            across_x, across_y = own.sum(axis=0).max() / per_pt, own.sum(axis=1).max() / per_pt  # stroke widths
            ruling = wide >= 0.6 * (area[2] - area[0]) or tall >= 0.6 * (area[3] - area[1])  # the grid itself
            if ruling or (across_x <= 2.0 and wide >= 5.0) or (across_y <= 2.0 and tall >= 8.5):  # or a line
                piece = full[y0:y1, x0:x1][part]
                piece[own] = 255
    if rules.any():
        mask = ndimage.binary_dilation(rules, iterations=2)  # and grey edges
        f = ink.factor
        big = np.repeat(np.repeat(mask, f, axis=0), f, axis=1)
        h, w = min(full.shape[0], big.shape[0]), min(full.shape[1], big.shape[1])
        full[:h, :w][big[:h, :w]] = 255
    image.paste(Image.fromarray(full))


#: Clear gap (points) that ends the body column on the right; and how far past the estimate it may lie.
EDGE_GAP_PT, EDGE_REACH_PT = 4.0, 20.0


def widen_to_gap(ink: InkMap, column: tuple[float, float]) -> tuple[float, float]:
    """The body column's right edge moved to where the longest typed line really ends.

    Why: the column's estimate comes from the ends of most lines; the few
    lines of a ragged right edge that run further would be cut in two, their
    last words read as margin writing or lost.  Row by row, ink that touches
    the edge is followed to the right across gaps narrower than a word
    space; a tick or note a clear gap away does not count, nor does pen ink,
    a ruled area, or the letterhead and footer rows.
    """
    start, reach, gap = ink.px(column[1]), ink.px(column[1] + EDGE_REACH_PT), max(2, ink.px(EDGE_GAP_PT))
    sl = (slice(int(ink.dark.shape[0] * 0.1), int(ink.dark.shape[0] * 0.95)), slice(max(0, start - gap), reach + gap))
    band = ink.dark[sl] & ~ink.pen[sl] & ~printed_graphics(ink)[0][sl]  # the band only, not the whole page
    best = start
    for row in band[band[:, :gap].any(axis=1)]:  # rows whose ink reaches the estimated edge
        inked = np.flatnonzero(row)
        end = start
        for x in inked[inked >= gap] + start - gap:
            if x - end > gap or x >= reach:
                break
            end = x
        best = max(best, end)
    return column[0], max(column[1], best * ink.pt)


def underlines(ink: InkMap, column: tuple[float, float]) -> list[tuple[float, float, float, float]]:
    """Pen strokes under body lines: long thin horizontal ink with text just above it."""
    x0, x1 = ink.px(column[0] - 4), ink.px(column[1] + 4)
    printed_graphics(ink)
    ruled = ink._rules  # type: ignore[attr-defined]
    area = ink.dark[:, x0:x1]
    runs = _open_rows(area, max(2, ink.px(15.0)))
    labels, _ = ndimage.label(runs, structure=np.ones((3, 3), bool))
    found = []
    for index, sl in enumerate(ndimage.find_objects(labels), start=1):
        ys, xs = sl
        box = ink.to_pt((ys, slice(xs.start + x0, xs.stop + x0)))
        if box[3] - box[1] > 6.0 or box[2] - box[0] < 15.0:
            continue
        own = labels[sl] == index
        if ruled[ys, slice(xs.start + x0, xs.stop + x0)][own].mean() > 0.5:  # a table border, a diagram's line
            continue
        above = ink.dark[max(0, ys.start - ink.px(8)):max(0, ys.start - ink.px(1)), xs.start + x0:xs.stop + x0]
        if above.size and above.mean() > 0.06:
            found.append(box)
    return _join_strokes(found)


def _join_strokes(boxes: list[tuple[float, float, float, float]]) -> list[tuple[float, float, float, float]]:
    """Pieces of one pen stroke (a slanted or wavy line breaks into runs) -> one underline."""
    joined: list[tuple[float, float, float, float]] = []
    for box in sorted(boxes, key=lambda b: (round(b[1] / 6), b[0])):
        if joined:
            last = joined[-1]
            if box[0] - last[2] < 16 and abs((box[1] + box[3]) - (last[1] + last[3])) / 2 < 4:
                joined[-1] = (last[0], min(last[1], box[1]), max(last[2], box[2]), max(last[3], box[3]))
                continue
        joined.append(box)
    return joined


def margin_regions(ink: InkMap, column: tuple[float, float]) -> list[tuple[float, float, float, float]]:
    """Boxes (points) of the ink outside the body column, cut into remark-sized regions."""
    mask = ink.dark & ~printed_graphics(ink)[0]  # rules, a logo's bar: print, never a remark
    mask[:, ink.px(column[0] - 4):ink.px(column[1] + 3)] = False
    grow_x, grow_y = max(1, ink.px(14.0)), max(1, ink.px(8.0))  # whole remarks: Tesseract reads their lines in order
    grown = _grow(mask, grow_y, grow_x)
    labels, _ = ndimage.label(grown)
    regions = []
    for index, sl in enumerate(ndimage.find_objects(labels), start=1):
        inked = (mask[sl] & (labels[sl] == index)).sum()
        if inked < 12:  # dust
            continue
        regions.append(ink.to_pt(sl, (grow_x / 2, grow_y / 2)))
    return regions


def is_print_line(ink: InkMap, box: tuple[float, float, float, float], body_height: float) -> bool:
    """A margin region shaped like a line of small print (flat, wide, several letters) in black: no pen mark.

    Why: a side-column line Tesseract gave no words for ('Pagina 1 van 2'
    joined to another piece) would otherwise be reported as a silent mark.
    """
    if pen_fraction(ink, box) > 0.3:
        return False
    tall, wide = box[3] - box[1], box[2] - box[0]
    if tall >= 0.9 * body_height or wide < 3 * tall:
        return False
    sl = (slice(ink.px(box[1]), ink.px(box[3]) + 1), slice(ink.px(box[0]), ink.px(box[2]) + 1))
    _, letters = ndimage.label(ink.dark[sl], structure=np.ones((3, 3), bool))
    return letters >= 4


LINK_RE = re.compile(r"https?:|www\.|\.(?:nl|com|org|eu)\b|@|/\w+/", re.IGNORECASE)


def is_link_underline(box: tuple[float, float, float, float], lines: list[dict[str, Any]]) -> bool:
    """A line under a web or mail address: the printed underline of a hyperlink, not a pen stroke."""
    for line in lines:
        above = 0 <= box[1] - line["bbox"][3] <= 4 or line["bbox"][1] < box[1] <= line["bbox"][3] + 1
        overlap = min(box[2], line["bbox"][2]) - max(box[0], line["bbox"][0])
        if above and overlap > 0.5 * (box[2] - box[0]) and LINK_RE.search(line["text"]):
            return True
    return False


def pen_fraction(ink: InkMap, box: tuple[float, float, float, float]) -> float:
    """Share of the ink inside ``box`` that is coloured."""
    sl = (slice(ink.px(box[1]), ink.px(box[3]) + 1), slice(ink.px(box[0]), ink.px(box[2]) + 1))
    dark = ink.dark[sl].sum()
    return float(ink.pen[sl].sum() / dark) if dark else 0.0


def erase_pen(image: Image.Image, ink: InkMap, box: tuple[float, float, float, float]) -> None:
    """Paint the coloured ink inside ``box`` white on the full-resolution ``image`` (in place)."""
    f = ink.factor
    sl = (slice(ink.px(box[1] - 1), ink.px(box[3] + 1) + 1), slice(ink.px(box[0] - 1), ink.px(box[2] + 1) + 1))
    mask = ink.pen[sl] & ~printed_graphics(ink)[0][sl]  # a blue link in a footnote is print: it stays
    if not mask.any():
        return
    mask = ndimage.binary_dilation(mask, iterations=1)  # and the stroke's anti-aliased edge
    rows, cols = np.flatnonzero(mask.any(axis=1)), np.flatnonzero(mask.any(axis=0))
    top, left = int(rows[0]), int(cols[0])
    mask = mask[top:int(rows[-1]) + 1, left:int(cols[-1]) + 1]  # only the pen's pixels are copied and pasted back
    big = np.repeat(np.repeat(mask, f, axis=0), f, axis=1)
    ys, xs = (sl[0].start + top) * f, (sl[1].start + left) * f
    box_px = (xs, ys, min(image.width, xs + big.shape[1]), min(image.height, ys + big.shape[0]))
    if box_px[2] <= xs or box_px[3] <= ys:
        return
    view = np.asarray(image.crop(box_px)).copy()
    view[big[:view.shape[0], :view.shape[1]]] = 255
    image.paste(Image.fromarray(view), box_px[:2])


#: Colour spread (max - min channel, full resolution) of a pixel surely inside a pen stroke.
PEN_SPREAD = 60
#: Share of the pen's own colour strength below which a dark pixel is print seen through the ink.
THROUGH_INK = 0.6
#: Darkness (min channel) below which a pixel that is not pen is print, whatever its tint.
PRINT_DARK = 170
#: Spread up to which a light pixel is the grey edge of print, not the pale edge of a pen stroke.
GREY_SPREAD = 15


#: Area (square points) of plain black or grey ink, away from any stroke, that makes a margin region print too.
MIXED_PRINT_PT2 = 10.0
#: Distance (points) from print within which pen ink counts as written across it.
CROSSING_PT = 2.0


def pen_over_print(crop: Image.Image, dpi: float) -> bool:
    """Coloured pen written over black print in this margin crop: both inks there in earnest.

    Why: a note in the right margin is often written across the side column
    ('Datum' / '3 maart 2026'); read as one image, Tesseract garbles both and
    the metadata loses its date.  Print is counted as dark, neutral pixels
    away from any coloured one: a pen stroke's dark core and its anti-aliased
    edge sit right beside its colour, so a note alone never counts as print
    (on the devset a note alone has at most 19 such pixels at 200 dpi, print
    under a note a thousand and more).
    """
    pixels = np.asarray(crop.convert("RGB"))
    darkest = pixels.min(axis=2).astype(np.int16)
    spread = pixels.max(axis=2).astype(np.int16) - darkest
    colour = (spread > 40) & (darkest < 235)  # any tint, a pale stroke edge too
    if colour.sum() < MIXED_PRINT_PT2 * (dpi / 72) ** 2:
        return False
    neutral = (darkest < 150) & (spread < 25) & ~ndimage.binary_dilation(colour, iterations=3)
    if neutral.sum() < MIXED_PRINT_PT2 * (dpi / 72) ** 2:
        return False
    # and written across it: a tick beside the side column leaves both readable as they are
    across = ndimage.binary_dilation(neutral, iterations=max(4, round(CROSSING_PT * dpi / 72)))
    return int((colour & across).sum()) >= MIXED_PRINT_PT2 * (dpi / 72) ** 2


#: Side (points) of the largest speck of ink beside a pen stroke that is a crumb of it, not print.
CRUMB_PT = 1.0


def split_inks(crop: Image.Image, dpi: float) -> tuple[Image.Image, Image.Image]:
    """The crop with only the print kept (the side column) and with only the pen kept (the note).

    Pixel by pixel on colour strength, spread / (255 - darkest): it is the
    same for a pen stroke's core and its pale edge (ink thinned by paper),
    and falls where the stroke crosses print (ink is translucent, toner under
    it makes the pixel darker, not bluer).  So the letters under a stroke stay
    in the print, and the note loses only those pixels.
    """
    pixels = np.asarray(crop.convert("RGB"))
    darkest = pixels.min(axis=2).astype(np.float32)
    spread = pixels.max(axis=2).astype(np.float32) - darkest
    strength = spread / np.maximum(1.0, 255.0 - darkest)
    core = spread > PEN_SPREAD
    own = float(np.median(strength[core])) if core.any() else 1.0
    pen = (spread > 20) & (strength >= THROUGH_INK * own)
    if core.any():  # a stroke's pixels beside print lose their colour to JPEG, not their lightness
        light = pixels.astype(np.float32) @ np.array([0.299, 0.587, 0.114], np.float32)
        tone = float(np.median(light[core]))
        near = ndimage.binary_dilation(pen, iterations=2)
        pen |= near & (light >= 0.5 * tone) & (light <= 1.5 * tone)
    print_ink = ~pen & ((darkest < PRINT_DARK) | (spread <= GREY_SPREAD))
    # crumbs of a stroke's edge left among the print (JPEG blurs colour at edges) would read as accents
    labels, count = ndimage.label(print_ink & (darkest < PRINT_DARK), np.ones((3, 3), bool))
    if count:
        sizes = ndimage.sum_labels(np.ones_like(labels), labels, np.arange(1, count + 1))
        beside = ndimage.maximum(ndimage.binary_dilation(pen, iterations=1), labels, np.arange(1, count + 1))
        crumbs = np.flatnonzero((sizes < (CRUMB_PT * dpi / 72) ** 2) & np.asarray(beside, bool)) + 1
        print_ink &= ~np.isin(labels, crumbs)
    printed = np.full(pixels.shape, 255, np.uint8)
    printed[print_ink] = pixels[print_ink]
    written = np.full(pixels.shape, 255, np.uint8)
    written[pen] = pixels[pen]
    return Image.fromarray(printed), Image.fromarray(written)


#: A shape this many times the height of the print's letters around it is written, not printed.
TALL_STROKE = 1.8
#: Fewest letters of print a crop needs before its letter heights say what print looks like there.
PRINT_LETTERS = 8


#: The tallest commonest-letter height side-column print has (7-8 pt type: x-height about 3.5 pt, capitals 5).
SIDE_PRINT_LETTER_PT = 5.5


def split_tall_strokes(crop: Image.Image, dpi: float) -> tuple[Image.Image, Image.Image] | None:
    """Black (or any) pen written across small print, told apart by the height of its strokes.

    Why: colour separates a blue note from the side column (``split_inks``),
    but a black note over black print reads as one garbled line, and the note
    is lost.  Side-column print is 7-8 pt: its letters (an ascender with a
    descender included) stay under 1.5 times its commonest letter, while a
    handwritten word is a few connected strokes twice that height and more,
    and where it crosses the print it swallows letters into still taller
    shapes.  So: the connected shapes at least ``TALL_STROKE`` times the
    print's letter height (the commonest shape height, where at least five
    shapes of it stand on one baseline) that are not
    ruled straight and that run through a line of print are pen, with the
    small shapes inside their box (the note's dots and short letters).  None when there
    is no such stroke, when too few letters say what print looks like here, or
    when the tall strokes stand above or below the print lines (then both read
    fine as they are).
    """
    gray = np.asarray(crop.convert("L"))
    dark = gray < 150
    labels, count = ndimage.label(dark, np.ones((3, 3), bool))
    if count < PRINT_LETTERS:
        return None
    objects = ndimage.find_objects(labels)
    heights = np.array([sl[0].stop - sl[0].start for sl in objects])
    reference = float(np.bincount(heights).argmax())  # print's letters: one height, over and over
    if reference > SIDE_PRINT_LETTER_PT * dpi / 72:
        return None  # letters this big are no side-column print: a neat hand written alone (its shapes keep together)
    letters = [j for j in range(count) if abs(heights[j] - reference) <= 1]
    if len(letters) < PRINT_LETTERS or not _typeset_line(objects, letters):
        return None  # no line of print here: a note alone keeps its shapes together
    minimum = 4.0 * dpi / 72  # a shape under 4 pt is never a handwritten word
    tall = [k for k, sl in enumerate(objects) if heights[k] >= max(TALL_STROKE * reference, minimum)
            and not is_straight(labels[sl] == k + 1)]
    if not tall or not any(_on_the_line(objects[k], objects[j], reference) for k in tall for j in letters):
        return None
    pen_shapes = set(tall)
    short = [k for k in range(count) if k not in pen_shapes]
    box = (slice(min(objects[k][0].start for k in tall), max(objects[k][0].stop for k in tall)),
           slice(min(objects[k][1].start for k in tall), max(objects[k][1].stop for k in tall)))
    inside = [j for j in short if _within(objects[j], box)]  # the note's own small letters and dots
    pen = np.isin(labels, np.array(tall + inside) + 1)
    pixels = np.asarray(crop.convert("RGB"))
    printed = pixels.copy()
    printed[pen] = 255
    written = np.full(pixels.shape, 255, np.uint8)
    written[pen] = pixels[pen]
    return Image.fromarray(printed), Image.fromarray(written)


def _typeset_line(objects: list[tuple[slice, slice]], letters: list[int]) -> bool:
    """Whether at least five letters of one height stand on one baseline (to a pixel or two): print."""
    bottoms = np.array(sorted(objects[j][0].stop for j in letters))
    return any(int(((bottoms >= b) & (bottoms <= b + 2)).sum()) >= 5 for b in bottoms)


def _on_the_line(tall: tuple[slice, slice], letter: tuple[slice, slice], reference: float) -> bool:
    """Whether a tall stroke runs through a line of print: it covers most of a printed letter's rows and
    touches it or stands within a letter's width of it (the letters it crossed it swallowed)."""
    rows = min(tall[0].stop, letter[0].stop) - max(tall[0].start, letter[0].start)
    gap = max(letter[1].start - tall[1].stop, tall[1].start - letter[1].stop)
    return rows >= 0.5 * (letter[0].stop - letter[0].start) and gap <= reference


def _within(inner: tuple[slice, slice], outer: tuple[slice, slice]) -> bool:
    return (outer[0].start <= inner[0].start and inner[0].stop <= outer[0].stop
            and outer[1].start <= inner[1].start and inner[1].stop <= outer[1].stop)


# -- after OCR: telling print from pen, grouping remarks -------------------------

def word_hits(text: str) -> float:
    """Share of the tokens that are Dutch words, codes or numbers (the word list of ``ocr.words``)."""
    from ocr.words import is_dutch_word

    tokens = text.split()
    return sum(is_dutch_word(t) for t in tokens) / len(tokens) if tokens else 0.0


def is_handwritten(line: dict[str, Any], body_height: float, pen: float) -> bool:
    """A margin line is handwriting unless it looks like the small, confident, listed print of a side column.

    Height is the strongest sign (the side column is set in 6.5 pt, pen
    writing is larger than the body); colour decides on colour scans; an
    uncertain, unlisted line of ordinary height is handwriting too.
    """
    if PAGE_NUMBER.match(line["text"]):
        return False
    if pen > 0.3:
        return True
    if is_typed_sentence(line):
        return False
    height = line["bbox"][3] - line["bbox"][1]
    if height < SMALL_PRINT * body_height:  # smaller than the body and not in colour: the side column's print
        return False
    if height > 0.8 * body_height:
        return True
    return line["conf"] < 70 and word_hits(line["text"]) < 0.5


def continues_print(line: dict[str, Any], body_lines: list[dict[str, Any]]) -> bool:
    """A margin line that is the end of a printed line cut at the column edge (a wide logo wordmark).

    Why: the text grid is evidence too: black words on the baseline of a
    body line, a word space after its last word, belong to that line.
    """
    box = line["bbox"]
    return any(abs(b["bbox"][3] - box[3]) <= 3.0 and -1.0 <= box[0] - b["bbox"][2] <= 8.0 for b in body_lines)


#: Height against a body line below which black writing is small print (side column 6.5 pt), not a pen.
SMALL_PRINT = 0.8
#: Wider than any margin a pen can write in (A4 margins are 60-130 pt): such a line is typed text.
SENTENCE_WIDTH = 180.0


def is_typed_sentence(line: dict[str, Any]) -> bool:
    """A long, confident line of listed Dutch words, wider than a margin: print, never a remark.

    Why: when a page's body column is misjudged, its real body lines land in
    the "margin"; they must not turn into the minister's notes.
    """
    tokens = line["text"].split()
    wide = line["bbox"][2] - line["bbox"][0] >= SENTENCE_WIDTH
    return wide and len(tokens) >= 5 and line["conf"] >= 80 and word_hits(line["text"]) >= 0.8


TICK_READINGS = set("/\\|vVJ✓√7^~-_.,'`´\"")


def is_tick(line: dict[str, Any]) -> bool:
    """A small mark that Tesseract read as one or two stroke-like characters ('/', 'V', '|')."""
    text = line["text"].replace(" ", "")
    box = line["bbox"]
    small = 8 <= max(box[2] - box[0], box[3] - box[1]) < 30  # below 8 pt: a bracket or speck of print
    return small and 0 < len(text) <= 2 and (all(c in TICK_READINGS for c in text) or line["conf"] < 40)


def is_speck(line: dict[str, Any]) -> bool:
    """One or two characters smaller than any pen mark: a bracket of the side column, dust."""
    box = line["bbox"]
    return len(line["text"].replace(" ", "")) <= 2 and max(box[2] - box[0], box[3] - box[1]) < 8


def group_remarks(lines: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Handwritten pieces -> remarks.

    Two pieces belong to one remark when they are in the same margin and
    either side by side on one row (Tesseract splits a handwritten line at
    wide letter gaps) or one under the other with a gap smaller than the
    writing's height and in the same ink (two remarks in different pens often
    sit right under each other).  Reading order inside a remark: rows top to
    bottom, left to right.
    """
    parent = list(range(len(lines)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, a in enumerate(lines):
        for j in range(i + 1, len(lines)):
            b = lines[j]
            if a["zone"] != b["zone"]:
                continue
            height = max(a["bbox"][3] - a["bbox"][1], b["bbox"][3] - b["bbox"][1])
            overlap_y = min(a["bbox"][3], b["bbox"][3]) - max(a["bbox"][1], b["bbox"][1])
            overlap_x = min(a["bbox"][2], b["bbox"][2]) - max(a["bbox"][0], b["bbox"][0])
            gap_x = max(a["bbox"][0], b["bbox"][0]) - min(a["bbox"][2], b["bbox"][2])
            gap_y = max(a["bbox"][1], b["bbox"][1]) - min(a["bbox"][3], b["bbox"][3])
            same_row = overlap_y > 0.3 * height and gap_x < 1.5 * height
            stacked = overlap_x > 0 and gap_y < 0.75 * height and a.get("pen") == b.get("pen")
            if same_row or stacked:
                parent[find(i)] = find(j)
    groups: dict[int, list[dict[str, Any]]] = {}
    for i, line in enumerate(lines):
        groups.setdefault(find(i), []).append(line)
    ordered = []
    for group in groups.values():
        group.sort(key=lambda l: (l["bbox"][1] + l["bbox"][3]) / 2)
        rows: list[list[dict[str, Any]]] = []
        for line in group:
            middle = (line["bbox"][1] + line["bbox"][3]) / 2
            if rows and rows[-1][-1]["bbox"][1] <= middle <= rows[-1][-1]["bbox"][3]:
                rows[-1].append(line)
            else:
                rows.append([line])
        ordered.append([l for row in rows for l in sorted(row, key=lambda l: l["bbox"][0])])
    return sorted(ordered, key=lambda g: (g[0]["zone"], g[0]["bbox"][1]))


def sentence_case(text: str) -> str:
    """Block capitals -> 'Graag toelichten': how a reader would type the remark out."""
    letters = [c for c in text if c.isalpha()]
    if not letters or sum(c.isupper() for c in letters) < 0.7 * len(letters):
        return text
    lowered = text.lower()
    return lowered[:1].upper() + lowered[1:]


_EDGE = "\"'‘’“”«»()[].,;:!?"


@lru_cache(maxsize=1)
def _lowered_words() -> str:
    """The word list lowercased, one word a line between newlines: searched per first letter.

    Read from the file, not joined from ``dutch_words()``: that is half the time.
    """
    from ocr.words import wordlist_path

    path = wordlist_path()
    return "\n" + path.read_text(encoding="utf-8").lower() + "\n" if path else ""


@lru_cache(maxsize=64)
def _lexicon(letter: str) -> dict[int, list[str]]:
    """Listed words of three letters or more starting with ``letter``, by length: candidates for a token.

    Why per letter, on demand: bucketing the whole list of 400,000 words took
    0.3 s per process, paid on a short document's critical path; one regular
    expression over the lowered list finds one letter's words in 10 ms (a
    newline and the letter as literal prefix let the engine skip ahead).
    """
    if not letter.isalpha():
        return {}
    found = set(re.findall(rf"\n({re.escape(letter)}[^\W\d_]{{2,}})(?=\n)", _lowered_words()))
    buckets: dict[int, list[str]] = {}
    for word in found:
        if word.isalpha():  # \w also takes 'co₂' and 'cm²'
            buckets.setdefault(len(word), []).append(word)
    return {length: sorted(words) for length, words in buckets.items()}


def _closest(token: str, limit: int | None = None) -> str | None:
    """The listed word nearest to ``token`` (a few edits at most; same first letter), or None.

    Ties go to a word of the same length (a misread letter is likelier than a lost one).
    """
    from rapidfuzz import process
    from rapidfuzz.distance import Levenshtein

    low = token.lower()
    if limit is None:
        limit = 1 if len(low) <= 5 else 2 if len(low) <= 9 else 3
    candidates = [w for n in range(len(low) - limit, len(low) + limit + 1)
                  for w in _lexicon(low[0]).get(n, ())]
    found = process.extract(low, candidates, scorer=Levenshtein.distance, score_cutoff=limit, limit=20)
    if not found:
        return None
    best = min(d for _, d, _ in found)
    return min((w for w, d, _ in found if d == best), key=lambda w: (abs(len(w) - len(low)), w))


def _like(word: str, model: str) -> str:
    """``word`` in the capitalisation of ``model``."""
    if model.isupper() and len(model) > 1:
        return word.upper()
    return word.capitalize() if model[:1].isupper() else word


def _split(token: str) -> tuple[str, str, str]:
    core = token.strip(_EDGE)
    if not core:
        return token, "", ""
    start = token.find(core)
    return token[:start], core, token[start + len(core):]


def correct_remark(text: str) -> str:
    """Best-effort repair of a handwriting transcription with the Dutch word list.

    Tesseract reads handwriting letter by letter and misses a few (``scherver``)
    or splits a word at a wide gap (``Accept abel``); the nearest listed word,
    trying the joined pair first, is usually what the minister wrote.  Short
    tokens are left alone: too many words are one letter away from them.
    """
    from ocr.words import has_wordlist, is_dutch_word

    if not has_wordlist():
        return text
    tokens = text.split()
    out: list[str] = []
    i = 0
    while i < len(tokens):
        head, core, tail = _split(tokens[i])
        known = is_dutch_word(tokens[i])
        if i + 1 < len(tokens) and core.isalpha() and not tail:
            _, next_core, next_tail = _split(tokens[i + 1])
            next_known = is_dutch_word(tokens[i + 1])
            joined = core + next_core
            if next_core.isalpha() and (not known or not next_known):
                match = joined.lower() if is_dutch_word(joined) else (
                    _closest(joined, 1) if not known and not next_known and len(joined) >= 6 else None)
                if match:
                    out.append(head + _like(match, core) + next_tail)
                    i += 2
                    continue
        if core.isalpha() and len(core) >= 4 and not known:
            match = _closest(core)
            if match:
                out.append(head + _like(match, core) + tail)
                i += 1
                continue
        out.append(tokens[i])
        i += 1
    return " ".join(out)


def union(boxes: list[tuple[float, float, float, float]]) -> tuple[float, float, float, float]:
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


def save_crop(image: Image.Image, dpi: float, box: tuple[float, float, float, float], path: Path) -> None:
    """Save the picture of a remark, so nothing is lost when the transcription is poor."""
    s = dpi / 72.0
    pad = 3.0
    crop = image.crop((
        max(0, int((box[0] - pad) * s)), max(0, int((box[1] - pad) * s)),
        min(image.width, int((box[2] + pad) * s)), min(image.height, int((box[3] + pad) * s)),
    ))
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp.png")
    crop.save(tmp, optimize=False, compress_level=1)
    tmp.replace(path)
