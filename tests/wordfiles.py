"""Reading back what drafter wrote into a .docx, for the tests: each paragraph's Word comments."""
from __future__ import annotations

from pathlib import Path

import docx
from docx.oxml.ns import qn


def comments_by_paragraph(path: Path) -> dict[str, list[tuple[str, str]]]:
    """Paragraph text -> [(author, comment text)], read from the document XML of a saved .docx."""
    word = docx.Document(str(path))
    comments = {c.comment_id: c for c in word.comments}
    attached: dict[str, list[tuple[str, str]]] = {}
    for paragraph in word.paragraphs:
        for start in paragraph._p.iter(qn("w:commentRangeStart")):
            comment = comments[int(start.get(qn("w:id")))]
            attached.setdefault(paragraph.text, []).append((comment.author, comment.text))
    return attached


def comment_texts_by_paragraph(path: Path) -> dict[str, list[str]]:
    """Paragraph text -> its comments' texts."""
    return {text: [body for _, body in notes] for text, notes in comments_by_paragraph(path).items()}
