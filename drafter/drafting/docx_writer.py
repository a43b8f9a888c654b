"""Blocks -> .docx in the house style of a Kamerbrief (and of an SZW nota).

Measured on real letters (see the field notes): A4, Verdana 9 pt body from 28 mm
to ~161 mm, a kenmerkenveld in 6.5 pt starting at ~163 mm on the right of page 1
(a Word frame, so it floats beside the addressee), retouradres at ~48 mm, Datum
and Betreft at ~107 mm, footnotes in small type, 'Pagina N van M' at ~284 mm.
Only python-docx is needed; LibreOffice is used by the tests, never here.
"""
from __future__ import annotations

import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX, WD_LINE_SPACING
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.text.paragraph import Paragraph as DocxParagraph

from drafter.drafting.footnotes import W_NS, Footnotes
from drafter.drafting.markup import Block, Heading, Paragraph, Run, Table
from drafter.figures.store import write_atomic

FONT = "Verdana"
BODY_PT = 9
LINE_PT = 13.5
SMALL_PT = 6.5
LEFT_MM, BODY_RIGHT_MM = 28, 161
SIDE_X_MM, SIDE_W_MM = 163, 38
TOP_MM = 48


@dataclass
class SideField:
    """One entry of the kenmerkenveld: a bold label and its lines ('Ons kenmerk' / '2023-…')."""

    label: str
    lines: list[str]


def _twips(mm: float) -> int:
    return round(mm / 25.4 * 1440)


def new_a4_document() -> DocxDocument:
    """An empty document on A4 with our styles (python-docx's own default is US Letter)."""
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin, section.right_margin = Mm(LEFT_MM), Mm(210 - BODY_RIGHT_MM)
    section.top_margin, section.bottom_margin = Mm(TOP_MM), Mm(22)
    section.header_distance, section.footer_distance = Mm(12), Mm(8)
    styles = document.styles
    normal = styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(BODY_PT)
    rfonts = normal.element.rPr.rFonts
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        rfonts.set(qn(attribute), FONT)  # Verdana for every script, not only ASCII
    fmt = normal.paragraph_format
    fmt.line_spacing_rule, fmt.line_spacing = WD_LINE_SPACING.EXACTLY, Pt(LINE_PT)
    fmt.space_before, fmt.space_after = Pt(0), Pt(0)
    for name in ("Heading 1", "Heading 2", "Heading 3"):
        style = styles[name]
        style.font.name, style.font.size, style.font.color.rgb = FONT, Pt(BODY_PT), None
        style.font.bold, style.font.italic = name != "Heading 2", name == "Heading 2"
        # the paragraph above already ends with a blank line's worth of space
        style.paragraph_format.space_before, style.paragraph_format.space_after = Pt(0), Pt(0)
        style.paragraph_format.keep_with_next = True
    _add_style(document, "Kenmerk", WD_STYLE_TYPE.PARAGRAPH, SMALL_PT, line=9)
    _add_style(document, "Footnote Text", WD_STYLE_TYPE.PARAGRAPH, SMALL_PT, line=9)
    reference = _add_style(document, "Footnote Reference", WD_STYLE_TYPE.CHARACTER, None)
    reference.font.superscript = True
    _add_style(document, "Table Text", WD_STYLE_TYPE.PARAGRAPH, SMALL_PT, line=9)
    _add_style(document, "Table Caption", WD_STYLE_TYPE.PARAGRAPH, 7.5, line=11).font.bold = True
    _add_style(document, "Table Source", WD_STYLE_TYPE.PARAGRAPH, SMALL_PT, line=9)
    _remember_style_ids(document)
    return document


def _remember_style_ids(document: DocxDocument) -> None:
    """Look each style up once: python-docx searches the whole styles part for the default
    on every ``paragraph.style = …`` (a third of the time of writing a letter).  Safe
    because every style is added above, before any paragraph uses one."""
    part = document.part
    lookup = part.get_style_id
    known: dict[tuple, str | None] = {}

    def get_style_id(style_or_name, style_type):
        key = (style_or_name if isinstance(style_or_name, str) or style_or_name is None
               else style_or_name.style_id, style_type)
        if key not in known:
            known[key] = lookup(style_or_name, style_type)
        return known[key]

    part.get_style_id = get_style_id  # type: ignore[method-assign]


def _add_style(document: DocxDocument, name: str, kind: WD_STYLE_TYPE, size: float | None, line: float | None = None):
    try:
        style = document.styles[name]
    except KeyError:
        style = document.styles.add_style(name, kind)
    if kind == WD_STYLE_TYPE.PARAGRAPH:
        style.base_style = document.styles["Normal"]
        if line:
            style.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
            style.paragraph_format.line_spacing = Pt(line)
    style.font.name = FONT
    if size:
        style.font.size = Pt(size)
    return style


#: What follows ``w:framePr`` in CT_PPr (ECMA-376 Part 1, 17.3.1.26), in order.
_PPR_AFTER_FRAMEPR = (
    "w:widowControl", "w:numPr", "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs", "w:suppressAutoHyphens",
    "w:kinsoku", "w:wordWrap", "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi",
    "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
    "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl",
    "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
)


def _frame(paragraph: DocxParagraph, x_mm: float, y_mm: float, width_mm: float) -> None:
    """Make the paragraph part of a frame anchored to the page (consecutive ones share it)."""
    paragraph._p.get_or_add_pPr().insert_element_before(parse_xml(
        f'<w:framePr xmlns:w="{W_NS}" w:w="{_twips(width_mm)}" w:hSpace="142" w:wrap="around" '
        f'w:vAnchor="page" w:hAnchor="page" w:x="{_twips(x_mm)}" w:y="{_twips(y_mm)}"/>'),
        *_PPR_AFTER_FRAMEPR)  # Word insists on the schema's order


def _field(paragraph: DocxParagraph, instruction: str, shown: str) -> None:
    """A Word field (PAGE, NUMPAGES) with a cached result, so viewers without update show a number."""
    for xml in (f'<w:r xmlns:w="{W_NS}"><w:fldChar w:fldCharType="begin"/></w:r>',
                f'<w:r xmlns:w="{W_NS}"><w:instrText xml:space="preserve"> {instruction} </w:instrText></w:r>',
                f'<w:r xmlns:w="{W_NS}"><w:fldChar w:fldCharType="separate"/></w:r>',
                f'<w:r xmlns:w="{W_NS}"><w:t>{shown}</w:t></w:r>',
                f'<w:r xmlns:w="{W_NS}"><w:fldChar w:fldCharType="end"/></w:r>'):
        paragraph._p.append(parse_xml(xml))


def side_column(container, fields: Iterable[SideField], y_mm: float | None, style: str = "Kenmerk") -> None:
    """The kenmerkenveld: bold labels with their lines on the right of the page.

    On page 1 (``y_mm`` given) a frame anchored to the page, so it floats beside
    the addressee; in the header of later pages, where nothing shares the lines,
    paragraphs indented into the right margin (LibreOffice ignores frames there).
    """
    def place(paragraph: DocxParagraph) -> None:
        if y_mm is None:
            _indent_to_side(paragraph)
        else:
            _frame(paragraph, SIDE_X_MM, y_mm, SIDE_W_MM)

    first = True
    for item in fields:
        if not first:
            place(container.add_paragraph("", style=style))
        first = False
        if item.label:
            paragraph = container.add_paragraph(style=style)
            paragraph.add_run(item.label).bold = True
            place(paragraph)
        for line in item.lines:
            place(container.add_paragraph(line, style=style))


def _indent_to_side(paragraph: DocxParagraph) -> None:
    """Move a header or footer paragraph into the side column by indentation."""
    paragraph.paragraph_format.left_indent = Mm(SIDE_X_MM - LEFT_MM)
    paragraph.paragraph_format.right_indent = Mm(-(210 - BODY_RIGHT_MM - 8))


def page_footer(document: DocxDocument) -> None:
    """'Pagina N van M' under the side column, on every page."""
    section = document.sections[0]
    section.different_first_page_header_footer = True
    for footer in (section.footer, section.first_page_footer):
        paragraph = footer.paragraphs[0]
        paragraph.style = document.styles["Kenmerk"]
        _indent_to_side(paragraph)
        paragraph.add_run("Pagina ")
        _field(paragraph, "PAGE", "1")
        paragraph.add_run(" van ")
        _field(paragraph, "NUMPAGES", "1")


def follow_on_header(document: DocxDocument, fields: list[SideField]) -> None:
    """Pages 2 and further repeat the sender and Ons kenmerk in the side column."""
    header = document.sections[0].header
    header.paragraphs[0].style = document.styles["Kenmerk"]
    side_column(header, fields, None)
    first = header.paragraphs[0]
    if not first.text:  # the empty paragraph python-docx puts in every header
        first._p.getparent().remove(first._p)
    header.paragraphs[0].paragraph_format.space_before = Mm(10)


def add_runs(paragraph: DocxParagraph, runs: list[Run], notes: Footnotes) -> None:
    for item in runs:
        if item.footnote is not None:
            notes.add(paragraph, item.footnote)
            continue
        run = paragraph.add_run(item.text)
        run.bold = item.bold or None
        run.italic = item.italic or None
        if item.placeholder:
            run.font.highlight_color = WD_COLOR_INDEX.YELLOW


def add_table(document: DocxDocument, table: Table, notes: Footnotes) -> None:
    """Caption above, the grid, 'Bron: …' below; numbers right-aligned."""
    if table.caption:
        caption = document.add_paragraph(style="Table Caption")
        caption.paragraph_format.space_before = Pt(LINE_PT)
        caption.paragraph_format.keep_with_next = True
        caption.add_run(f"Tabel {table.number}: {table.caption}")
    grid = document.add_table(rows=1 + len(table.rows), cols=len(table.header))
    grid.style = document.styles["Table Grid"]
    grid.alignment = WD_TABLE_ALIGNMENT.LEFT
    grid.autofit = False
    _narrow_cell_margins(grid)
    widths = column_widths([table.header, *table.rows], BODY_RIGHT_MM - LEFT_MM)
    numeric = [bool(table.rows) and all(_NUMBER_CELL.match(row[c]) for row in table.rows if c < len(row))
               for c in range(len(table.header))]
    for c, width in enumerate(widths):
        grid.columns[c].width = Mm(width)
    for r, values in enumerate([table.header, *table.rows]):
        for c, value in enumerate(values[: len(table.header)]):
            cell = grid.cell(r, c)
            cell.width = Mm(widths[c])
            paragraph = cell.paragraphs[0]
            paragraph.style = document.styles["Table Text"]
            # '– 42%' must not break between sign and number
            add_runs(paragraph, [Run(re.sub(r"^([+\u2013]) ", "\\1\u00a0", value), bold=r == 0)], notes)
            if len(table.header) > 10:  # a dozen cohorts fit the body width only in 6 pt
                for run in paragraph.runs:
                    run.font.size = Pt(6)
            # house style: numbers right-aligned (and their column's header), text left-aligned
            if numeric[c] and (r == 0 or _NUMBER_CELL.match(value)) and not (c == 0 and r == 0):
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            else:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT
    if table.caption or table.source:  # a figures table always names its source
        source = document.add_paragraph(table.source or "Bron: DUO", style="Table Source")
        source.paragraph_format.space_after = Pt(LINE_PT)
    else:
        document.add_paragraph().paragraph_format.space_after = Pt(0)


#: A cell that holds a number: '2.436', '– 16%', '+ 2%', 'n.v.t.', '3'.
_NUMBER_CELL = re.compile(r"^\s*(?:[+\-\u2013\u2212]\s?)?\d[\d.]*(?:,\d+)?%?\s*$|^\s*n\.v\.t\.\s*$|^\s*[\u2013-]\s*$")
_FIGURE = re.compile(r"^[+\u2013\u00a0 ]*[\d.]+%?$|^n\.v\.t\.$|^[’'\d/]+$|^Totaal$")


def column_widths(rows: list[list[str]], total_mm: float) -> list[float]:
    """Columns by the length of their longest cell, so that no figure wraps."""
    columns = range(len(rows[0]))
    longest = [max(len(row[c]) if c < len(row) else 0 for row in rows) for c in columns]
    if len(rows[0]) > 2 and all(_FIGURE.match(row[c]) for row in rows for c in columns if c and c < len(row)):
        weights = [max(n, 5) for n in longest]  # a wide '+ 2.050%' column must not wrap
        return [total_mm * w / sum(weights) for w in weights]
    # text columns: by length, but never so narrow that a header word breaks
    weights = [max(min(max(n, 4), 40), len(rows[0][c]) + 3) for c, n in zip(columns, longest, strict=False)]
    return [total_mm * w / sum(weights) for w in weights]


def _narrow_cell_margins(grid) -> None:
    """Cohort tables have a dozen columns: keep the cell padding small (0.5 mm)."""
    grid._tbl.tblPr.insert_element_before(
        parse_xml(f'<w:tblCellMar xmlns:w="{W_NS}"><w:left w:w="28" w:type="dxa"/>'
                  f'<w:right w:w="28" w:type="dxa"/></w:tblCellMar>'),
        "w:tblLook", "w:tblCaption", "w:tblDescription", "w:tblPrChange")


def add_blocks(document: DocxDocument, blocks: list[Block], notes: Footnotes) -> None:
    for index, block in enumerate(blocks):
        if isinstance(block, Heading):
            style = {1: "Heading 1", 2: "Heading 2"}.get(block.level, "Heading 3")
            paragraph = document.add_paragraph(style=style)
            add_runs(paragraph, [Run(f"{block.number} " if block.number else "")] + _inline(block.text), notes)
        elif isinstance(block, Table):
            add_table(document, block, notes)
        else:
            paragraph = document.add_paragraph()
            paragraph.paragraph_format.space_after = Pt(LINE_PT)
            if block.style == "bullet":
                following = blocks[index + 1] if index + 1 < len(blocks) else None
                if isinstance(following, Paragraph) and following.style == "bullet":
                    paragraph.paragraph_format.space_after = Pt(0)  # a list keeps together
                paragraph.paragraph_format.left_indent = Mm(5)
                paragraph.paragraph_format.first_line_indent = Mm(-5)
                paragraph.add_run("•\t")
                paragraph.paragraph_format.tab_stops.add_tab_stop(Mm(5))
            add_runs(paragraph, block.runs, notes)


def _inline(text: str) -> list[Run]:
    from drafter.drafting.markup import parse_inline

    return parse_inline(text)


def set_properties(document: DocxDocument, title: str, subject: str, template_version: str,
                   figures_hash: str, author: str) -> None:
    """Which templates and which figures made this file: readable in Word's file properties."""
    props = document.core_properties
    props.title, props.subject, props.author = title, subject, author
    props.version = template_version
    props.identifier = f"figures-sha256:{figures_hash}"
    props.keywords = f"drafter; templates {template_version}; figures {figures_hash}"
    props.comments = f"Drafted by drafter from templates {template_version} and figures {figures_hash}."
    now = datetime.now(UTC).replace(microsecond=0, tzinfo=None)
    props.created = props.modified = now
    props.revision = 1


def save_atomic(document: DocxDocument, target: Path) -> None:
    """Serialise in memory, then temp file + rename: never a half-written .docx."""
    buffer = io.BytesIO()
    document.save(buffer)
    write_atomic(target, buffer.getvalue())
