"""The small text markup the section templates write, parsed into blocks for the writer.

Templates produce plain text, so an officer can read and edit them without
knowing Word XML:

* ``# Titel`` numbered section (1., 2., …), ``## Titel`` numbered subsection (2.1),
  ``# Titel {-}`` without a number;
* paragraphs separated by a blank line; ``- `` starts a bullet;
* ``^[Kamerstuk 32 824, nr. 390.]`` a footnote at that place;
* ``**vet**``, ``*cursief*``, ``[[invullen: …]]`` a marked place for the officer's text;
* a table: ``Tabel: caption`` line, ``| a | b |`` rows (first row is the header),
  then a ``Bron: …`` line.
"""
from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass
class Run:
    text: str
    bold: bool = False
    italic: bool = False
    placeholder: bool = False
    footnote: str | None = None  # a footnote reference at this place, with the note's text


@dataclass
class Heading:
    text: str
    level: int
    numbered: bool = True
    number: str = ""


@dataclass
class Paragraph:
    runs: list[Run]
    style: str = "body"  # body, bullet


@dataclass
class Table:
    header: list[str]
    rows: list[list[str]]
    caption: str = ""
    source: str = ""
    number: int = 0


Block = Heading | Paragraph | Table

_INLINE = re.compile(r"\^\[(?P<note>[^\]]+)\]|\*\*(?P<bold>.+?)\*\*|\*(?P<italic>[^*]+?)\*|\[\[invullen:?\s*(?P<fill>.*?)\]\]")


def parse_inline(text: str) -> list[Run]:
    runs: list[Run] = []
    position = 0
    for match in _INLINE.finditer(text):
        if match.start() > position:
            runs.append(Run(text[position:match.start()]))
        if match.group("note") is not None:
            runs.append(Run("", footnote=" ".join(match.group("note").split())))
        elif match.group("bold") is not None:
            runs.append(Run(match.group("bold"), bold=True))
        elif match.group("italic") is not None:
            runs.append(Run(match.group("italic"), italic=True))
        else:
            runs.append(Run(f"[in te vullen: {match.group('fill').strip()}]", placeholder=True))
        position = match.end()
    if position < len(text):
        runs.append(Run(text[position:]))
    return runs


def _cells(line: str) -> list[str]:
    return [c.strip() for c in line.strip().strip("|").split("|")]


def parse_blocks(text: str) -> list[Block]:
    """Rendered template text -> blocks, in order."""
    blocks: list[Block] = []
    chunk: list[str] = []
    pending_caption = ""

    def flush() -> None:
        nonlocal chunk
        if chunk:
            joined = " ".join(line.strip() for line in chunk)
            style = "bullet" if chunk[0].lstrip().startswith("- ") else "body"
            if style == "bullet":
                joined = joined.lstrip()[2:]
            blocks.append(Paragraph(parse_inline(joined), style))
        chunk = []

    text = re.sub(r"\b(jl|a\.s)\.\.", r"\1.", text)  # '13 juli jl.' at the end of a sentence
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        stripped = line.strip()
        heading = re.match(r"^(#{1,3})\s+(.*?)\s*(\{-\})?\s*$", stripped)
        if not stripped:
            flush()
        elif heading:
            flush()
            blocks.append(Heading(heading.group(2), len(heading.group(1)), heading.group(3) is None))
        elif stripped.startswith("Tabel:"):
            flush()
            pending_caption = stripped[len("Tabel:"):].strip()
        elif stripped.startswith("|"):
            flush()
            rows = []
            while i < len(lines) and lines[i].strip().startswith("|"):
                if not re.fullmatch(r"\|[\s:\-|]+\|?", lines[i].strip()):  # skip '|---|' separators
                    rows.append(_cells(lines[i]))
                i += 1
            source = ""
            while i < len(lines) and not lines[i].strip():
                i += 1
            if i < len(lines) and lines[i].strip().startswith("Bron:"):
                source = lines[i].strip()
                i += 1
            blocks.append(Table(rows[0], rows[1:], pending_caption, source))
            pending_caption = ""
            continue
        elif stripped.startswith("- "):
            flush()
            chunk = [stripped]
        else:
            chunk.append(stripped)
        i += 1
    flush()
    return blocks


def number_blocks(blocks: list[Block]) -> None:
    """Give numbered headings '1.', '2.1' and tables 'Tabel 1', 'Tabel 2' in reading order."""
    section = subsection = tables = 0
    for block in blocks:
        if isinstance(block, Heading) and block.numbered:
            if block.level == 1:
                section, subsection = section + 1, 0
                block.number = f"{section}."
            elif block.level == 2:
                subsection += 1
                block.number = f"{section}.{subsection}"
        elif isinstance(block, Table) and block.caption:
            tables += 1
            block.number = tables
