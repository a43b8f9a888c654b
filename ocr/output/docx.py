"""The Document as Word: headings as Word headings, metadata on top, every remark a real comment.

The officer works in Word; each handwritten remark becomes a Word comment on the
paragraph it belongs to (author 'Minister (handschrift)'), with kind, confidence
and, when there is one, the crop of the original handwriting inside the comment.
"""
from __future__ import annotations

from pathlib import Path

import docx
from docx.document import Document as WordDocument
from docx.shared import Cm, Mm, Pt
from docx.text.paragraph import Paragraph

from ocr.model import Annotation, Block, Document
from ocr.output import annotation_label, atomic_write, percent, without_bullet
from ocr.output.markdown import heading_levels

COMMENT_AUTHOR = "Minister (handschrift)"
COMMENT_INITIALS = "M"


def comment_text(note: Annotation) -> str:
    """'Notitie (pagina 1, zekerheid 72%): Termijn?' — kind and confidence first, then the transcription."""
    label = annotation_label(note.kind).capitalize()
    head = f"{label} (pagina {note.page}, zekerheid {percent(note.confidence)})"
    text = " ".join(note.text.split())
    return f"{head}: {text}" if text else head


def _a4(word: WordDocument) -> None:
    """python-docx's default template is US Letter; ministry documents are A4."""
    section = word.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(25)


def _metadata_table(word: WordDocument, metadata: dict[str, str]) -> None:
    table = word.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for key, value in metadata.items():
        cells = table.add_row().cells
        cells[0].paragraphs[0].add_run(key).bold = True
        cells[1].paragraphs[0].add_run(value)
        cells[0].width, cells[1].width = Cm(4.5), Cm(11.5)
    table.autofit = False
    table.columns[0].width, table.columns[1].width = Cm(4.5), Cm(11.5)


def _add_block(word: WordDocument, block: Block, is_title: bool, level: int = 1) -> Paragraph:
    if is_title:
        return word.add_heading(block.text, level=0)
    if block.kind == "heading":
        return word.add_heading(block.text, level=level)
    if block.kind == "list_item":
        return word.add_paragraph(without_bullet(block.text), style="List Bullet")
    paragraph = word.add_paragraph()
    lines = block.text.splitlines() if block.kind == "table" else [" ".join(block.text.split())]
    for i, line in enumerate(lines):
        run = paragraph.add_run(line)
        if i < len(lines) - 1:
            run.add_break()
    if block.kind == "footnote":
        for run in paragraph.runs:
            run.font.size = Pt(8)
    if block.kind == "figure":  # a diagram's words, marked as such
        paragraph.runs[0].text = "Figuur: " + paragraph.runs[0].text
        for run in paragraph.runs:
            run.italic = True
    return paragraph


def _comment(word: WordDocument, paragraph: Paragraph, note: Annotation, image_root: Path) -> None:
    if not paragraph.runs:
        paragraph.add_run("")
    comment = word.add_comment(paragraph.runs, text=comment_text(note), author=COMMENT_AUTHOR,
                               initials=COMMENT_INITIALS)
    if note.image:
        crop = image_root / note.image
        if crop.is_file():
            comment.add_paragraph().add_run().add_picture(str(crop), width=Cm(5))


def build_docx(doc: Document, image_root: Path) -> WordDocument:
    """Build the Word document; crop paths in ``doc`` are relative to ``image_root``."""
    word = docx.Document()
    _a4(word)
    title = next((b for b in doc.body() if b.kind == "heading"), None)
    paragraphs: dict[str, Paragraph] = {}
    if title is None:
        word.add_heading(Path(doc.source).name, level=0)
    else:
        paragraphs[title.id] = _add_block(word, title, is_title=True)
    if doc.metadata:
        _metadata_table(word, doc.metadata)
    source = word.add_paragraph()
    source.paragraph_format.space_before = Pt(6)
    source.add_run(f"Gelezen uit {Path(doc.source).name}; handgeschreven opmerkingen staan als "
                   f"opmerkingen van ‘{COMMENT_AUTHOR}’ in de kantlijn.").italic = True

    body = [b for b in doc.blocks if (b.is_body or b.kind == "figure") and b.kind != "footnote" and b is not title]
    footnotes = [b for b in doc.body() if b.kind == "footnote"]
    levels = heading_levels(doc)  # Markdown levels: 2 is a section, i.e. Word's Heading 1
    for block in body:
        paragraphs[block.id] = _add_block(word, block, is_title=False, level=levels.get(block.id, 2) - 1)
    if footnotes:
        word.add_heading("Voetnoten", level=2)
        for block in footnotes:
            paragraphs[block.id] = _add_block(word, block, is_title=False)

    loose = [a for a in doc.annotations if a.anchor not in paragraphs]
    if loose:
        word.add_heading("Opmerkingen zonder ankerparagraaf", level=2)
    for note in doc.annotations:
        paragraph = paragraphs.get(note.anchor) if note.anchor else None
        if paragraph is None:
            paragraph = word.add_paragraph(f"{annotation_label(note.kind).capitalize()} op pagina {note.page}")
        _comment(word, paragraph, note, image_root)
    return word


def write_docx(doc: Document, path: Path) -> Path:
    word = build_docx(doc, image_root=path.parent)
    return atomic_write(path, lambda tmp: word.save(str(tmp)))
