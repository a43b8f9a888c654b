"""What the extractor keeps while it reads one document: its units (paragraphs joined
across line breaks), the candidates found so far and where each sentence is quoted from.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from drafter.commitments.lexicon import norm_ws
from drafter.commitments.model import Commitment
from drafter.commitments.motions import MotionText
from drafter.commitments.verdict import Verdict
from ocr.model import Block, Document


# -- the extractor ------------------------------------------------------------------
@dataclass
class Unit:
    """Text that is processed as one: a block, or blocks that continue a sentence."""

    text: str
    blocks: list[Block]
    offsets: list[int]  # char offset of each block in text
    lead: str = ""

    def block_at(self, pos: int) -> Block:
        idx = 0
        for i, off in enumerate(self.offsets):
            if off <= pos:
                idx = i
        return self.blocks[idx]


def reading_units(doc: Document) -> list[Unit]:
    """Paragraphs and list items, a paragraph broken over a page or column joined again, so a sentence is whole."""
    units: list[Unit] = []
    for b in doc.blocks:
        if b.kind not in ("paragraph", "list_item", "heading", "table"):
            continue
        text = b.text.strip()
        if not text:
            continue
        prev = units[-1] if units else None
        if (prev and prev.blocks[-1].kind in ("paragraph", "list_item") and b.kind == "paragraph"
                and not re.search(r"[.!?:;]\s*$", prev.text) and re.match(r"[a-zà-ÿ(]", text)):
            prev.offsets.append(len(prev.text) + 1)
            prev.text += " " + text
            prev.blocks.append(b)
        else:
            units.append(Unit(text, [b], [0]))
    return units


@dataclass
class Candidate:
    """A commitment found, with where it was found, while the document is being read (merged and ordered last)."""
    c: Commitment
    context: str
    unit_index: int
    order: float  # a motie gets a half position between two sentences
    strength: int = 0
    extra_quotes: list[str] = field(default_factory=list)
    span: tuple[int, int] = (0, 0)  # the sentence's char offsets in its unit
    register_number: str | None = None  # the Eerste Kamer's T-number this one is, where a sentence names several


class QuoteFinder:
    """Finds a sentence in the raw source, so the quote is the text exactly as
    written even when the reader re-joined hyphenated line breaks ('Neder-
    landse') or moved footnote digits out of the text."""

    def __init__(self, source: str) -> None:
        self.raw = ""
        path = Path(source)
        if path.suffix.lower() in (".txt", ".md") and path.is_file():
            try:
                self.raw = norm_ws(path.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError):
                self.raw = ""

    def find(self, sentence: str) -> str:
        s = norm_ws(sentence)
        if not self.raw or s in self.raw:
            return s
        parts: list[str] = []
        for i, ch in enumerate(s):
            nxt = s[i + 1] if i + 1 < len(s) else ""
            if ch == " ":
                parts.append(r"\s+")
            elif ch.isalpha():
                parts.append(re.escape(ch))
                if nxt.isalpha():
                    parts.append(r"(?:-\s)?")
                elif not nxt.isdigit():
                    parts.append(r"\d{0,2}")
            else:
                parts.append(re.escape(ch))
        try:
            m = re.search("".join(parts), self.raw)
        except re.error:
            return s
        return m.group(0) if m else s


@dataclass
class Reading:
    """What the extractor knows of one document while it reads it."""

    doc: Document
    ref: dt.date | None
    units: list[Unit]
    notes: dict[int, str]
    quotes: QuoteFinder
    starts: list[int]
    joined: str
    motions: list[MotionText]
    chamber: str
    cands: list[Candidate] = field(default_factory=list)
    anaphors: list[tuple[int, int, Verdict, str]] = field(default_factory=list)
    list_headers: list[tuple[int, int]] = field(default_factory=list)
    aggregates: list[tuple[int, int, str, str]] = field(default_factory=list)
    positions: list[tuple[int, int]] = field(default_factory=list)  # (char in ``joined``, order) of each verdict
    order: int = 0

    @property
    def doc_date(self) -> str | None:
        return self.ref.isoformat() if self.ref else None


def unit_offsets(units: list[Unit]) -> tuple[list[int], str]:
    """The units joined one per line, and where each starts: the motie component reads
    the document as lines, since a motie's parts are separate paragraphs."""
    starts, pos = [], 0
    for u in units:
        starts.append(pos)
        pos += len(u.text) + 1
    return starts, "\n".join(u.text for u in units)


#: The strength of a motie read from its printed text (dictum, signatories), above any sentence's.
PRINTED = 20


def list_after(units: list[Unit], ui: int) -> list[Unit]:
    """The list items that follow unit ``ui`` (stops at the first other block)."""
    out = []
    for unit in units[ui + 1:]:
        if unit.blocks[0].kind == "list_item" or LIST_MARK.match(unit.text):
            out.append(unit)
        else:
            break
    return out


LIST_MARK = re.compile(r"^\s*(?:[•·▪◦●*–-]|\d{1,2}[.)]|[a-z][.)])\s+")


def heading_before(units: list[Unit], ui: int) -> str:
    """The text of the nearest heading at or before unit ``ui`` (numbering dropped)."""
    for unit in reversed(units[: ui + 1]):
        if unit.blocks[0].kind == "heading":
            return re.sub(r"^\s*\d+(?:\.\d+)*\.?\s+", "", unit.text).strip()
    return ""


def with_heading(c: Commitment, sent: str, heading: str) -> str:
    """'Ik zal uw Kamer hierover … informeren': the heading says what 'hierover' is."""
    if not c.new_here or not heading or len(heading) > 90:
        return c.subject
    if re.search(r"\b(hierover|daarover|hierop|daarop)\b", sent, re.I):
        return heading
    if re.search(r"\b(deze|dit|die)\b", c.subject):
        return f"{heading}: {c.subject}"
    return c.subject
