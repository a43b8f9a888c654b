"""The Document as Markdown, for reading: metadata table, body by section, remarks beside their paragraph.

Each handwritten remark is a quote right under the paragraph it belongs to, with
its kind, confidence and a link to the crop of the original, so that a poor
transcription can always be checked against the minister's own hand.
"""
from __future__ import annotations

import re
from pathlib import Path

from ocr.model import Annotation, Block, Document
from ocr.output import annotation_label, atomic_write, percent, without_bullet

_MARKDOWN_LINE_START = re.compile(r"^(\s*)([#>+\-*|]|\d+[.)]\s)")


_NUMBERED = re.compile(r"^(\d+(?:\.\d+)*)\.?\s")


def heading_levels(doc: Document) -> dict[str, int]:
    """Markdown level of every heading after the title (level 1): sections 2, subsections deeper.

    Numbered headings nest by their number ('2' -> 2, '2.3' -> 3).  In a nota the numbered
    themes sit under an unnumbered section such as 'Kernpunten', so there they go one deeper.
    """
    levels: dict[str, int] = {}
    inside_section = False
    headings = [b for b in doc.body() if b.kind == "heading"]
    for block in headings[1:]:
        numbered = _NUMBERED.match(block.text.strip())
        if numbered:
            depth = numbered.group(1).count(".") + 1
            levels[block.id] = min(6, 1 + depth + inside_section)
        else:
            levels[block.id] = 2
            inside_section = True
    return levels


def _escape(text: str) -> str:
    """Keep body text from turning into Markdown structure (a paragraph starting with '1. ' or '#')."""
    return _MARKDOWN_LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), text)


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def render_annotation(note: Annotation) -> str:
    """One remark as a Markdown quote: kind, page, confidence, transcription, link to the crop."""
    label = annotation_label(note.kind).capitalize()
    details = f"pagina {note.page}, zekerheid {percent(note.confidence)}"
    text = " ".join(note.text.split())
    line = f"> ✍ **{label}** ({details})"
    if text:
        line += f": “{_cell(text)}”"
    if note.image:
        line += f" — [origineel]({Path(note.image).as_posix()})"
    return line


def render_markdown(doc: Document) -> str:
    title = next((b.text for b in doc.blocks if b.kind == "heading"), Path(doc.source).name)
    out: list[str] = [f"# {_cell(title)}", ""]
    pages = len(doc.pages)
    out.append(
        f"*Gelezen uit `{Path(doc.source).name}`: {pages} pagina{'' if pages == 1 else '’s'}, "
        f"{len(doc.annotations)} handgeschreven opmerking{'' if len(doc.annotations) == 1 else 'en'}.*"
    )
    out.append("")
    if doc.metadata:
        out += ["| Veld | Waarde |", "| --- | --- |"]
        out += [f"| {_cell(key)} | {_cell(value)} |" for key, value in doc.metadata.items()]
        out.append("")

    rendered: set[str] = set()
    levels = heading_levels(doc)
    footnotes: list[Block] = []
    first_heading_skipped = False
    for block in (b for b in doc.blocks if b.is_body or b.kind == "figure"):
        if block.kind == "figure":  # a diagram's words: kept, marked as not running text
            out += ["*Figuur:* " + _escape(" ".join(block.text.split())), ""]
            rendered.add(block.id)
            continue
        if block.kind == "footnote":
            footnotes.append(block)
            continue
        if block.kind == "heading" and block.text == title and not first_heading_skipped:
            first_heading_skipped = True  # already the document title
        elif block.kind == "heading":
            out += ["#" * levels.get(block.id, 2) + " " + _cell(block.text), ""]
        elif block.kind == "list_item":
            out += ["- " + _cell(without_bullet(block.text)), ""]
        elif block.kind == "table":
            out += ["  \n".join(_escape(line) for line in block.text.splitlines()), ""]
        else:
            out += [_escape(" ".join(block.text.split())), ""]
        rendered.add(block.id)
        notes = doc.annotations_of(block.id)
        for note in notes:
            out.append(render_annotation(note))
            out.append(">")
        if notes:
            out[-1] = ""

    if footnotes:
        out += ["---", ""]
        for block in footnotes:
            out += [_escape(" ".join(block.text.split())), ""]
            rendered.add(block.id)
            for note in doc.annotations_of(block.id):
                out += [render_annotation(note), ""]

    loose = [a for a in doc.annotations if a.anchor not in rendered]
    if loose:
        out += ["## Opmerkingen zonder ankerparagraaf", ""]
        for note in loose:
            out += [render_annotation(note), ""]
    return "\n".join(out).rstrip() + "\n"


def write_markdown(doc: Document, path: Path) -> Path:
    return atomic_write(path, render_markdown(doc))
