"""Word (.docx) -> Document, with python-docx.

Word knows more than plain text does: heading styles (``Heading 2``/``Kop 2``),
list paragraphs, tables, footnotes, comments and the file's core properties.
This reader keeps all of it: headings and list items from the styles, tables as
``table`` blocks (cells separated by tabs, rows by newlines), footnotes as
``footnote`` blocks right after the paragraph that cites them, comments
(e.g. remarks that ``drafter ocr --format docx`` wrote) as ``note``
annotations anchored to their paragraph, and header fields (``Datum``,
``Onze referentie`` ...) from page headers, a side-column table or
``Label: value`` lines at the top as metadata.  ``assign_sections`` then sets
the sections, exactly as for every other reader.
"""
from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Iterator

from ocr import sections as S
from ocr.errors import ReadError
from ocr.model import Annotation, Block, Document, Page

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W = f"{{{W_NS}}}"
A4 = (595.28, 841.89)

#: Paragraph style names (English and Dutch Word) that mark a heading; the
#: number is the level.  ``Title`` / ``Titel`` is the document title.
HEADING_STYLE_RE = re.compile(r"^(?:Heading|Kop)\s*(\d)$|^(?:Title|Titel)$", re.IGNORECASE)
#: Style names of list paragraphs.
LIST_STYLE_RE = re.compile(r"^(?:List|Lijst)", re.IGNORECASE)


def read_docx(path: Path) -> Document:
    """Read a .docx file; ``ReadError`` when it is no Word document."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        word = docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise ReadError(path, f"not a readable Word document ({type(exc).__name__})") from None
    return _convert(word, str(path))


def _convert(word, source: str) -> Document:  # noqa: ANN001 - python-docx Document
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    footnotes = _footnotes(word)
    comment_texts = _comments(word)
    doc = Document(source=source)
    meta_lines: list[str] = []
    for section in word.sections:
        for part in (section.header, section.first_page_header):
            if part is not None and not part.is_linked_to_previous:
                meta_lines += [p.text for p in part.paragraphs if p.text.strip()]
                for table in part.tables:
                    meta_lines += _table_lines(table)

    page = 1
    body_started = False
    cited: list[str] = []
    comments: list[tuple[str, str]] = []  # (comment id, block id)
    for item in _body_items(word, Paragraph, Table):
        if isinstance(item, Table):
            lines = _table_lines(item)
            fields = _side_column(lines)
            if fields and not body_started:
                meta_lines += lines
                for name, value in fields.items():
                    doc.blocks.append(_block(doc, page, "metadata", f"{name}: {value}"))
                continue
            text = "\n".join("\t".join(c for c in row.split("\t")) for row in lines)
            if text.strip():
                doc.blocks.append(_block(doc, page, "table", text))
            continue
        page += _page_breaks(item)
        text = item.text.strip()
        if not text:
            continue
        kind = _paragraph_kind(item)
        label = S.metadata_label(text)
        if label and label[1] and not body_started and kind == "paragraph":
            meta_lines.append(text)
            doc.blocks.append(_block(doc, page, "metadata", f"{label[0]}: {label[1]}"))
            continue
        if kind == "list_item" and not S.is_bullet(text) and not re.match(r"^\d{1,2}[.)]\s", text):
            text = "• " + text
        block = _block(doc, page, kind, text)
        doc.blocks.append(block)
        if kind in {"heading", "paragraph"} and (S.nota_heading(text) or len(text.split()) > 8):
            body_started = True
        for ref in item._p.iter(f"{_W}footnoteReference"):
            fid = ref.get(f"{_W}id")
            if fid in footnotes and fid not in cited:
                cited.append(fid)
                number = len(cited)
                doc.blocks.append(_block(doc, page, "footnote", f"{number} {footnotes[fid]}"))
        for start in item._p.iter(f"{_W}commentRangeStart"):
            comments.append((start.get(f"{_W}id"), block.id))

    doc.pages = [Page(n, *A4, "text") for n in range(1, page + 1)]
    doc.metadata = S.parse_metadata(meta_lines)
    doc.metadata.update(_core_properties(word, doc.metadata))
    S.assign_sections(doc)
    for n, (cid, block_id) in enumerate(comments, start=1):
        if cid in comment_texts:
            author, text = comment_texts[cid]
            block = doc.block(block_id)
            doc.annotations.append(Annotation(id=f"a{n}", page=block.page if block else 1, kind="note",
                                              text=text, anchor=block_id, confidence=1.0))
    return doc


def _block(doc: Document, page: int, kind: str, text: str) -> Block:
    return Block(id=f"b{len(doc.blocks) + 1}", page=page, kind=kind, text=text)


def _body_items(word, paragraph_cls, table_cls) -> Iterator:  # noqa: ANN001
    """Paragraphs and tables of the body, in document order."""
    body = word.element.body
    for child in body.iterchildren():
        if child.tag == f"{_W}p":
            yield paragraph_cls(child, word._body)
        elif child.tag == f"{_W}tbl":
            yield table_cls(child, word._body)


def _paragraph_kind(paragraph) -> str:  # noqa: ANN001
    style = paragraph.style.name if paragraph.style is not None else ""
    if HEADING_STYLE_RE.match(style or ""):
        return "heading"
    ppr = paragraph._p.pPr
    if LIST_STYLE_RE.match(style or "") or (ppr is not None and ppr.numPr is not None):
        return "list_item"
    return "paragraph"


def _page_breaks(paragraph) -> int:  # noqa: ANN001
    """Explicit page breaks in a paragraph (Word's rendered breaks are not counted)."""
    return sum(1 for br in paragraph._p.iter(f"{_W}br") if br.get(f"{_W}type") == "page")


def _table_lines(table) -> list[str]:  # noqa: ANN001
    rows = []
    for row in table.rows:
        cells: list[str] = []
        previous = None
        for cell in row.cells:
            # a merged cell comes back once per grid column as the same element; equal
            # neighbours ('– 57%', '– 57%') are separate cells and both stay
            if cell._tc is not previous:
                cells.append(" ".join(cell.text.split()))
            previous = cell._tc
        if any(cells):
            rows.append("\t".join(cells))
    return rows


def _side_column(lines: list[str]) -> dict[str, str]:
    """Fields of a table that is a kenmerkenveld: every row ``Label<TAB>value``."""
    pairs = [row.split("\t") for row in lines]
    if not pairs or any(len(p) != 2 or not S.metadata_label(p[0]) for p in pairs):
        return {}
    return {S.metadata_label(label)[0]: value for label, value in pairs if value}  # type: ignore[index]


def _footnotes(word) -> dict[str, str]:  # noqa: ANN001
    """Footnote id -> text, from ``word/footnotes.xml`` (python-docx has no API for it)."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from lxml import etree

    for rel in word.part.rels.values():
        if rel.reltype == RT.FOOTNOTES:
            root = etree.fromstring(rel.target_part.blob)
            notes = {}
            for note in root.iter(f"{_W}footnote"):
                fid = note.get(f"{_W}id")
                if note.get(f"{_W}type") in {"separator", "continuationSeparator", "continuationNotice"}:
                    continue
                text = " ".join("".join(t.text or "" for t in note.iter(f"{_W}t")).split())
                if text:
                    notes[fid] = text
            return notes
    return {}


def _comments(word) -> dict[str, tuple[str, str]]:  # noqa: ANN001
    """Comment id -> (author, text), from ``word/comments.xml`` when the file has one."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from lxml import etree

    out: dict[str, tuple[str, str]] = {}
    for rel in word.part.rels.values():
        if rel.reltype == RT.COMMENTS and not rel.is_external:
            root = etree.fromstring(rel.target_part.blob)
            for comment in root.iter(f"{_W}comment"):
                text = " ".join("".join(t.text or "" for t in comment.iter(f"{_W}t")).split())
                out[comment.get(f"{_W}id")] = (comment.get(f"{_W}author") or "", text)
    return out


def _core_properties(word, known: dict[str, str]) -> dict[str, str]:  # noqa: ANN001
    """Title, author, subject and creation time of the file, when set."""
    props = word.core_properties
    out: dict[str, str] = {}
    for key, value in (("Titel", props.title), ("Auteur", props.author), ("Onderwerp", props.subject)):
        if value and key not in known:
            out[key] = str(value)
    if props.created is not None:
        out["Aangemaakt"] = props.created.date().isoformat()
    return out
