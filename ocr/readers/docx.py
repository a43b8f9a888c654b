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
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ocr import sections as S
from ocr.errors import ReadError
from ocr.limits import check_zip_limits
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
    from lxml.etree import XMLSyntaxError

    check_zip_limits(path)  # before python-docx inflates anything: a zip bomb is refused in milliseconds
    problems = (
        (PackageNotFoundError, "not a Word document (no Word package inside); save it again as .docx"),
        (zipfile.BadZipFile, "damaged: not a complete .docx archive; save it again from Word"),
        (KeyError, "damaged: a part of the Word package is missing; save it again from Word"),
        (XMLSyntaxError, "damaged: the document text inside the .docx is not well-formed; save it again from Word"),
        (ValueError, "not a Word document this tool can read (perhaps a .doc or a template renamed to .docx)"),
    )
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            if "[Content_Types].xml" not in archive.namelist():
                raise ReadError(path, "not a Word document (a zip archive without a Word package inside)")
    try:
        word = docx.Document(str(path))
    except tuple(kind for kind, _ in problems) as exc:
        raise ReadError(path, next(words for kind, words in problems if isinstance(exc, kind))) from None
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

    items = list(_items(word, Paragraph, Table))
    body_start = _body_start(items)
    cited: list[str] = []
    comments: list[tuple[str, str]] = []  # (comment id, block id)
    header_fields: dict[str, str] = {}
    page = 1
    i = 0
    while i < len(items):
        item = items[i]
        page = item.page
        if i < body_start:
            i = _header_item(doc, items, i, header_fields)
            continue
        if item.kind == "table":
            text = item.text
            if doc.blocks and doc.blocks[-1].kind == "paragraph" and S.TABLE_CAPTION_RE.match(doc.blocks[-1].text):
                text = doc.blocks.pop().text + "\n" + text  # the caption above belongs to the table
            if i + 1 < len(items) and items[i + 1].kind == "paragraph" and S.TABLE_SOURCE_RE.match(items[i + 1].text):
                i += 1
                text += "\n" + items[i].text  # and so does 'Bron: ...' below it
            doc.blocks.append(_block(doc, page, "table", text))
            i += 1
            continue
        block = _block(doc, page, item.kind, item.text)
        doc.blocks.append(block)
        for ref in item.element.iter(f"{_W}footnoteReference"):
            fid = ref.get(f"{_W}id")
            if fid in footnotes and fid not in cited:
                cited.append(fid)
                doc.blocks.append(_block(doc, page, "footnote", f"{len(cited)} {footnotes[fid]}"))
        for start in item.element.iter(f"{_W}commentRangeStart"):
            comments.append((start.get(f"{_W}id"), block.id))
        i += 1

    doc.pages = [Page(n, *A4, "text") for n in range(1, page + 1)]
    doc.metadata = S.parse_metadata(meta_lines)
    for name, value in header_fields.items():
        doc.metadata.setdefault(name, value)
    doc.metadata.update(_core_properties(word, doc.metadata))
    S.assign_sections(doc)
    for n, (cid, block_id) in enumerate(comments, start=1):
        if cid in comment_texts:
            author, text = comment_texts[cid]
            block = doc.block(block_id)  # type: ignore[assignment]
            doc.annotations.append(Annotation(id=f"a{n}", page=block.page if block else 1, kind="note",
                                              text=text, anchor=block_id, confidence=1.0))
    return doc


def _block(doc: Document, page: int, kind: str, text: str) -> Block:
    return Block(id=f"b{len(doc.blocks) + 1}", page=page, kind=kind, text=text)


@dataclass
class _Item:
    """A paragraph or table of the body, in document order, with what we know of it."""

    kind: str  # heading / paragraph / list_item / table
    text: str
    page: int
    element: Any  # the w:p or w:tbl element (for footnote and comment references)
    lines: list[str] = field(default_factory=list)  # table rows / paragraph lines


def _items(word, paragraph_cls, table_cls) -> Iterator[_Item]:  # noqa: ANN001
    """Paragraphs and tables of the body, in document order."""
    page = 1
    for child in word.element.body.iterchildren():
        if child.tag == f"{_W}tbl":
            rows = _table_lines(table_cls(child, word._body))
            if rows:
                yield _Item("table", "\n".join(rows), page, child, rows)
        elif child.tag == f"{_W}p":
            paragraph = paragraph_cls(child, word._body)
            page += _page_breaks(paragraph)
            raw = paragraph.text.strip()
            if not raw:
                continue
            kind = _paragraph_kind(paragraph)
            lines = [" ".join(l.split()) for l in raw.split("\n") if l.strip()]
            text = " ".join(raw.split())
            text = re.sub(r"^([•\-–*▪])\s+", r"\1 ", text)
            if kind == "list_item" and not S.is_bullet(text) and not re.match(r"^\d{1,2}[.)]\s", text):
                text = "• " + text
            yield _Item(kind, text, page, child, [raw.strip()] if "\t" in raw else lines)


def _body_start(items: list[_Item]) -> int:
    """Index of the first item of the letter's or nota's body.

    The body starts at a nota heading, a numbered heading, the salutation
    (``Geachte voorzitter,``) or the first long sentence; before it are the
    letterhead, the side column, the addressee, Datum and Betreft.
    """
    for i, item in enumerate(items):
        text = item.text
        if item.kind == "table" and not _side_column(item.lines):
            return i
        if item.kind == "table":
            continue
        if S.nota_heading(text) and not S.metadata_label(text) or S.numbered_heading(text):
            return i
        if re.match(r"^Geachte\b", text) or (len(text.split()) >= 15 and re.search(r"[.:;]$", text)):
            return i
        if S.nota_heading(text) and i + 1 < len(items) and not S.field_value_ok(
                S.metadata_label(text)[0], items[i + 1].text):  # type: ignore[index]
            return i  # "Bijlage(n)" without a count under it is the heading of a nota
    return 0


def _header_item(doc: Document, items: list[_Item], i: int, fields: dict[str, str]) -> int:
    """Turn the header item ``i`` into metadata, title or letterhead blocks; next index."""
    item = items[i]
    if item.kind == "table":
        for name, value in _side_column(item.lines).items():
            fields.setdefault(name, value)
            doc.blocks.append(_block(doc, item.page, "metadata", f"{name}: {value}"))
        return i + 1
    text = item.text
    if text.lower() in S.DOCUMENT_TYPES or item.kind == "heading" and not S.metadata_label(text):
        doc.blocks.append(_block(doc, item.page, "heading", text))  # 'nota' and the title
        return i + 1
    lines = list(item.lines)
    label = S.metadata_label(lines[0])
    if label:
        name, value = label
        nxt = i + 1
        if not value and len(lines) > 1:
            value = ", ".join(lines[1:])
        elif not value and nxt < len(items) and items[nxt].kind == "paragraph" \
                and not S.metadata_label(items[nxt].text) and S.field_value_ok(name, items[nxt].text):
            value, nxt = items[nxt].text, nxt + 1
        if value and S.field_value_ok(name, value):
            fields.setdefault(name, value)
            doc.blocks.append(_block(doc, item.page, "metadata", f"{name}: {value}"))
        else:
            doc.blocks.append(_block(doc, item.page, "metadata", name))
        return nxt
    if re.match(r"^(?:De voorzitter|Aan de)\b", text, re.IGNORECASE):
        fields.setdefault("Aan", ", ".join(lines))
        doc.blocks.append(_block(doc, item.page, "metadata", "Aan: " + ", ".join(lines)))
        return i + 1
    if i > 0 and items[i - 1].text.lower() in S.DOCUMENT_TYPES:
        doc.blocks.append(_block(doc, item.page, "heading", text))  # the line after 'nota'
        return i + 1
    doc.blocks.append(_block(doc, item.page, "header", text))  # letterhead, return address
    return i + 1


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
