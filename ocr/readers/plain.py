"""Plain text and Markdown (.txt/.md) -> Document.

Text comes to us in three shapes, and this reader handles all three:

* text extracted from a PDF (``pdftotext``): hard-wrapped lines, words split
  with a hyphen at the line end (``Neder-`` / ``landse``), a new page marked by
  a line that starts with one space (or a form feed), footnotes at the foot of
  each page, a paragraph running on across the footnotes onto the next page;
* text saved from Word or typed: a line per paragraph, or lines with an empty
  line between every line (double spacing);
* OCR output of a scanned nota with the minister's handwriting mixed in: margin
  noise glued to line ends (``ten M./(’”``), garbage lines, the side column
  (``Datum`` / ``22 november 2023``) interleaved with the body.  The noise is
  taken out of the body and kept as annotations of kind ``mark``, anchored to
  the paragraph it sat in; side-column fields go to the metadata.  Markdown OCR
  output (``**Datum**``, ``## Aanleiding``, transcribed remarks) is read the same way.

The steps are small functions over a list of ``_Line``: split into lines and
pages, take out header fields, footnotes and noise, re-flow the rest into
blocks, then ``ocr.sections.assign_sections`` names kinds and sections.
"""
from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, field
from pathlib import Path

from ocr import sections as S
from ocr import words as W
from ocr.errors import ReadError
from ocr.model import Annotation, Block, Document, Page

#: A4 in points; plain text has no page size of its own.
A4 = (595.28, 841.89)

_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
_MD_HEADING_RE = re.compile(r"^(#{1,6})\s+(.*)$")
_MD_BULLET_RE = re.compile(r"^[-*+]\s+(.*)$")
_HYPHEN_END_RE = re.compile(rf"[{W.LETTERS}]-$")
_TICK_RE = re.compile(r"^[✓✔☑√]$")
_DASH_REMARK_RE = re.compile(r"^[—–]\s*\S")
_ADDRESS_RE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+|(?:https?://|www\.)\S+")
#: OCR-ness: characters that typed text hardly ever has but OCR of ink does.
_OCR_NOISE_CHARS = re.compile(r"[|\\_@~{}^ﬂﬁ]|[A-Za-z][‘“”][A-Za-z]|[(/)]{2}|[‘’“”]{2}")


@dataclass
class _Line:
    text: str
    page: int
    index: int  # position in the input, for ordering footnotes and marks
    blank_before: bool = False  # an empty line (or a page break) precedes it
    page_start: bool = False
    md_heading: bool = False
    md_bullet: bool = False
    hard_break: bool = False  # Markdown line ending in two spaces
    table: bool = False  # Markdown/tab table row


@dataclass
class _Piece:
    """A block under construction."""

    kind: str
    lines: list[_Line] = field(default_factory=list)
    extra: str = ""  # text that replaces the lines (tables)

    @property
    def page(self) -> int:
        return self.lines[0].page if self.lines else 1


@dataclass
class _Mark:
    text: str
    page: int
    index: int
    kind: str = "mark"


# ---------------------------------------------------------------------------
# Entry points
# ---------------------------------------------------------------------------

#: Byte-order marks, longest first (UTF-32 would be mistaken for UTF-16 otherwise).
_BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))
#: Bytes Windows-1252 leaves undefined: text that has them is no Windows text either.
_CP1252_HOLES = frozenset(b"\x81\x8d\x8f\x90\x9d")


def decode_text(data: bytes, path: Path | str = "<text>") -> tuple[str, str]:
    """The text of a file as people save it, and the encoding it was in: UTF-8 (with or
    without a byte-order mark), UTF-16 with a byte-order mark (Word's 'Unicode text'),
    or Windows-1252 (Word's and Notepad's older default).  ``ReadError`` in words
    for anything else."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                text = ""
            if codec == "utf-16" and not _plausible(text):
                text = ""  # bytes that only look like UTF-16: ASCII read as UTF-16 is all CJK
            if not text:
                raise ReadError(path, "not UTF-8, UTF-16 or Windows-1252 text (it starts like "
                                      f"{'UTF-16' if codec == 'utf-16' else 'UTF-8'} but is garbled); save it as UTF-8")
            return text, "utf-16" if codec == "utf-16" else "utf-8"
    if b"\x00" in data:
        raise ReadError(path, "is not a text file (it holds binary data)")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if _CP1252_HOLES.isdisjoint(data):
        return data.decode("cp1252"), "windows-1252"
    raise ReadError(path, "not UTF-8, UTF-16 or Windows-1252 text; save it as UTF-8")


def _plausible(text: str) -> bool:
    """Text in a Latin script: letters beyond Latin Extended are rare in a Dutch letter."""
    letters = [ch for ch in text if ch.isalpha()]
    return bool(letters) and sum(1 for ch in letters if ord(ch) > 0x24F) <= 0.3 * len(letters)


def read_plain(path: Path) -> Document:
    """Read a .txt or .md file; ``ReadError`` for undecodable or empty text.  The encoding
    the file was in is kept in the metadata (``encoding``)."""
    try:
        text, encoding = decode_text(path.read_bytes(), path)
    except OSError as exc:
        raise ReadError(path, f"cannot read: {exc.strerror}") from None
    if not text.strip():
        raise ReadError(path, "file has no text")
    doc = parse_text(text, source=str(path), markdown=True if path.suffix.lower() == ".md" else None)
    doc.metadata["encoding"] = encoding
    return doc


def parse_text(text: str, source: str = "<text>", markdown: bool | None = None) -> Document:
    """Turn the text of a letter or nota into a Document (see module doc)."""
    lines = _split_lines(text, markdown)
    noisy = _looks_ocrd(lines)
    metadata, meta_lines, lines = _take_metadata(lines)
    notes, lines = _take_remarks(lines)
    marks: list[_Mark] = []
    if noisy:
        lines, marks = _take_noise(lines)
    footnotes, lines = _take_footnotes(lines)
    pieces = _reflow(lines)
    pieces = _merge_remark_paragraphs(pieces, notes)
    doc = _build(source, pieces, footnotes, meta_lines, metadata)
    S.assign_sections(doc)
    _anchor(doc, pieces, notes + marks)
    return doc


# ---------------------------------------------------------------------------
# Lines and pages
# ---------------------------------------------------------------------------

def _split_lines(text: str, markdown: bool | None) -> list[_Line]:
    """Lines without their line ends; blank lines become ``blank_before`` flags."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if markdown is None:
        markdown = bool(re.search(r"^#{1,6} |\*\*\S", text, re.M))
    raw_lines = text.split("\n")
    double = _double_spaced(raw_lines)
    out: list[_Line] = []
    page, blank = 1, 0
    for index, raw in enumerate(raw_lines):
        page_start = False
        if raw.startswith("\f"):
            raw = raw.lstrip("\f")
            page_start = True
        elif len(raw) > 1 and raw[0] == " " and raw[1] != " " and index > 0:
            page_start = True  # pdftotext's form feed, flattened to one space
        if page_start and out:
            page += 1
        hard = markdown and raw.endswith("  ") and bool(raw.strip())
        line = raw.strip()
        if not line:
            blank += 1
            continue
        gap = blank >= 2 if double else blank >= 1
        item = _Line(line, page, index, blank_before=gap or page_start, page_start=page_start, hard_break=hard)
        if markdown:
            _markdown(item)
        elif "\t" in line:
            item.table = True  # a row of a table saved as text (cells between tabs)
            item.text = "\t".join(c.strip() for c in line.split("\t") if c.strip())
        if item.text:
            out.append(item)
        blank = 0
    return out


def _double_spaced(raw_lines: list[str]) -> bool:
    """True when nearly every line is followed by one empty line (Word export
    with double spacing): then one empty line is just a line end and a
    paragraph ends at two or more."""
    text_lines = [i for i, l in enumerate(raw_lines) if l.strip()]
    if len(text_lines) < 6:
        return False
    # one unwrapped paragraph per line (a web page or e-mail saved as text) is not double
    # spacing: there the empty line does end a paragraph
    unwrapped = sum(1 for i in text_lines if len(raw_lines[i].strip()) > 160)
    if unwrapped >= 0.2 * len(text_lines):
        return False
    # wrapped text fills its lines: most are close to the longest; lines of whole paragraphs,
    # headings and speaker names vary far more
    lengths = sorted(len(raw_lines[i].strip()) for i in text_lines)
    p90 = lengths[int(0.9 * (len(lengths) - 1))]
    if sum(1 for n in lengths if n >= 0.7 * p90) < 0.5 * len(lengths):
        return False
    single = sum(1 for i in text_lines if i + 2 < len(raw_lines) and not raw_lines[i + 1].strip()
                 and raw_lines[i + 2].strip())
    return single >= 0.6 * len(text_lines)


def _markdown(line: _Line) -> None:
    """Strip Markdown syntax, keeping what it meant as flags."""
    text = line.text
    m = _MD_HEADING_RE.match(text)
    if m:
        line.md_heading, text = True, m.group(2)
    m = _MD_BULLET_RE.match(text)
    if m:
        line.md_bullet, text = True, "• " + m.group(1)
    if "\t" in text or (text.startswith("|") and text.endswith("|")):
        line.table = True
        cells = [c.strip() for c in re.split(r"\t|\|", text) if c.strip()]
        text = "\t".join(cells)
    text = re.sub(r"^<sup>(\d+)</sup>\s*", r"\1 ", text)  # a footnote line
    text = re.sub(r"<sup>(\d+)</sup>", lambda m: m.group(1).translate(_SUPERSCRIPT), text)
    text = re.sub(r"</?(?:b|i|u|em|strong|br)\s*/?>", "", text)
    text = re.sub(r"!?\[([^\]]*)\]\(([^)\s]+)\)", lambda m: m.group(1) or m.group(2), text)  # [tekst](url)
    text = text.replace("**", "").replace("__", "")
    line.text = text.strip()


def _looks_ocrd(lines: list[_Line]) -> bool:
    """True when the text carries OCR noise (tokens no typist writes).

    E-mail and web addresses are left out of the count: a typed letter with
    three addresses is no scan.
    """
    hits = sum(len(_OCR_NOISE_CHARS.findall(_ADDRESS_RE.sub(" ", l.text))) for l in lines)
    return hits >= 3


# ---------------------------------------------------------------------------
# Header fields, remarks, noise, footnotes
# ---------------------------------------------------------------------------

def _take_metadata(lines: list[_Line]) -> tuple[dict[str, str], list[tuple[_Line, str]], list[_Line]]:
    """Take header fields out of the line stream.

    A label alone on its line (``Datum``) takes the next line as its value when
    that fits (a date for ``Datum``); ``Label: value`` counts only in the header
    zone, before the body starts.  OCR glues side-column labels to body lines
    (``... op het gebied van de Datum``), so in OCR'd text a label at the end of
    a line takes a date at the end of the next line.  Returns the fields, the
    metadata lines (for metadata blocks) and the remaining lines.
    """
    fields: dict[str, str] = {}
    meta: list[tuple[_Line, str]] = []
    keep: list[_Line] = []
    body_started = False
    i = 0
    while i < len(lines):
        line = lines[i]
        label = S.metadata_label(line.text)
        alone = label is not None and label[1] == ""
        if label and (alone or not body_started) and not line.md_bullet:
            name, value = label
            if alone and i + 1 < len(lines):
                nxt = lines[i + 1].text
                if name in S.DATE_FIELDS:
                    m = S.DATE_RE.fullmatch(nxt.strip())
                    if m:
                        value, i = m.group(0), i + 1
                elif _is_value(nxt) and S.field_value_ok(name, nxt):
                    value, i = nxt, i + 1
            if not value and S.nota_heading(line.text):
                keep.append(line)  # "Bijlagen" over the closing table is a heading
                i += 1
                continue
            if value:
                fields.setdefault(name, value)
            meta.append((line, f"{name}: {value}" if value else name))
            i += 1
            continue
        if not body_started:
            m = S.PLACE_DATE_RE.match(line.text)
            if m:
                fields.setdefault("Datum", m.group("date"))
                meta.append((line, line.text))
                i += 1
                continue
            if re.match(r"^Aan (?:de|het)\s", line.text) and len(line.text.split()) <= 14:
                fields.setdefault("Aan", line.text[4:].strip())
                meta.append((line, line.text))
                i += 1
                continue
        glued = _glued_label(line, lines[i + 1] if i + 1 < len(lines) else None)
        if glued:
            name, value, line_text, next_text = glued
            fields.setdefault(name, value)
            meta.append((line, f"{name}: {value}"))
            line.text = line_text
            lines[i + 1].text = next_text
        if S.nota_heading(line.text) or len(line.text.split()) > 8:
            body_started = True
        keep.append(line)
        i += 1
    return fields, meta, keep


def _is_value(text: str) -> bool:
    """A short line that can be a field's value (not a heading or another label)."""
    return (len(text.split()) <= 8 and not S.metadata_label(text) and not S.nota_heading(text)
            and not text.startswith("•"))


def _glued_label(line: _Line, nxt: _Line | None) -> tuple[str, str, str, str] | None:
    """``(field, value, line, next line)`` for a side-column pair glued to body lines."""
    if nxt is None:
        return None
    for label, name in S.METADATA_FIELDS.items():
        if name not in S.DATE_FIELDS:
            continue
        cap = label.capitalize()
        if line.text.endswith(" " + cap) and len(line.text) > len(cap) + 10:
            m = re.search(r"\s(" + S.DATE_RE.pattern + r")\s*$", nxt.text, re.IGNORECASE)
            if m:
                return name, m.group(1), line.text[: -len(cap)].rstrip(), nxt.text[: m.start()].rstrip()
    return None


def _take_remarks(lines: list[_Line]) -> tuple[list[_Mark], list[_Line]]:
    """Transcribed handwriting in Markdown OCR output -> notes and ticks.

    OCR that transcribes a scan to Markdown writes the remarks as runs of short
    lines with Markdown line breaks (two trailing spaces) and ticks as ``✓``;
    printed paragraphs are one line each.  A run of at least two such short
    lines, or a tick, is a remark.
    """
    notes: list[_Mark] = []
    keep: list[_Line] = []
    i = 0
    while i < len(lines):
        j = i
        while j < len(lines) and lines[j].hard_break and len(lines[j].text.split()) <= 6 \
                and not S.metadata_label(lines[j].text) and not lines[j].md_heading \
                and (j == i or not lines[j].blank_before):
            j += 1
        # the last line of a run has no trailing break of its own
        if j > i and j < len(lines) and not lines[j].blank_before and len(lines[j].text.split()) <= 6 \
                and not lines[j].hard_break and not S.metadata_label(lines[j].text):
            j += 1
        run = lines[i:j]
        if len(run) >= 2 or (run and _TICK_RE.match(run[0].text)):
            k = 0
            if _TICK_RE.match(run[0].text):
                notes.append(_Mark(run[0].text, run[0].page, run[0].index, "tick"))
                k = 1
            if run[k:]:
                notes.append(_Mark(" ".join(l.text for l in run[k:]), run[k].page, run[k].index, "note"))
            i = j
            continue
        keep.append(lines[i])
        i += 1
    return notes, keep


def _take_noise(lines: list[_Line]) -> tuple[list[_Line], list[_Mark]]:
    """Strip handwriting noise from OCR'd body lines; keep it as marks.

    Noise sits at line ends (a margin note glued to the body line beside it),
    at line starts (left-margin strokes), inside a line as a word crossed by an
    underline (``gglcgzr_st_am_...``), or fills a whole line (``%``, ``|``).
    A token is noise by ``ocr.words.looks_like_noise``; a line with no Dutch
    word left is noise as a whole.  Each line is cleaned by the steps of
    ``_NOISE_STEPS``; a line left empty is dropped, its gap kept for the next.
    """
    marks: list[_Mark] = []
    keep: list[_Line] = []
    gap_pending = False
    for line in lines:
        if line.md_heading or line.table:
            keep.append(line)
            continue
        if mark := _take_heading_noise(line):
            marks.append(mark)
            keep.append(line)
            continue
        cleaned = _clean_line(line.text)
        if cleaned.noise:
            marks.append(_Mark(" ".join(cleaned.noise), line.page, line.index))
        if cleaned.tokens:
            line.text = " ".join(cleaned.tokens)
            line.blank_before = line.blank_before or gap_pending
            keep.append(line)
            gap_pending = False
        else:
            gap_pending = gap_pending or line.blank_before  # a dropped line keeps its gap for the next
    return keep, marks


def _take_heading_noise(line: _Line) -> _Mark | None:
    """Noise after a nota heading ('Beslispunten |x') as a mark; the heading keeps its words."""
    noise = S.heading_noise(line.text) if S.nota_heading(line.text) else ""
    if not noise:
        return None
    line.text = line.text[: -len(noise)].rstrip()
    return _Mark(noise, line.page, line.index)


@dataclass
class _Cleaning:
    """One OCR'd line while the steps of ``_NOISE_STEPS`` clean it: its tokens and what they took."""

    tokens: list[str]
    lead: list[str] = field(default_factory=list)  # taken from the start, in reading order
    removed: list[str] = field(default_factory=list)  # taken from the end and from inside

    @property
    def noise(self) -> list[str]:
        return self.lead + self.removed


def _noise_at_end(line: _Cleaning) -> None:
    """A margin note glued to the end of the body line beside it."""
    while line.tokens and _noise_at_edge(line.tokens[-1]):
        line.removed.insert(0, line.tokens.pop())


def _noise_at_start(line: _Cleaning) -> None:
    """Left-margin strokes before the text (a list bullet is no stroke)."""
    tokens = line.tokens
    while len(tokens) > 1 and _noise_at_edge(tokens[0]) and not _is_bullet_token(tokens[0], tokens[1]):
        line.lead.append(tokens.pop(0))


def _speck_at_start(line: _Cleaning) -> None:
    """A speck before a line that runs on mid-sentence ('x de gemeenten')."""
    tokens = line.tokens
    if len(tokens) > 1 and len(tokens[0]) == 1 and tokens[0].isalnum() and tokens[1][:1].islower() \
            and (tokens[0].isdigit() or not W.is_dutch_word(tokens[0])):
        line.lead.append(tokens.pop(0))


def _underlined_words(line: _Cleaning) -> None:
    """Words crossed by an underline stroke: the word is kept where one can be told, the stroke is noise."""
    cleaned = []
    for t in line.tokens:
        if "_" in t and W.looks_like_noise(t):
            rest = t.strip("_")
            head = t.split("_")[0]
            if "_" not in rest and W.is_dutch_word(rest):
                cleaned.append(rest)  # an underline stroke before a word: keep the word
            elif len(head) >= 4 and W.is_dutch_word(head):
                cleaned.append(head)  # a word, then the stroke through the next ones
                line.removed.append(t[len(head):])
            else:
                line.removed.append(t)
            continue
        cleaned.append(t)
    line.tokens = cleaned


def _bullet_read_as_letter(line: _Cleaning) -> None:
    """OCR reads a printed bullet as o or °."""
    tokens = line.tokens
    if tokens and tokens[0] in {"o", "°"} and len(tokens) > 1 and tokens[1][:1].isupper():
        tokens[0] = "•"


def _no_word_left(line: _Cleaning) -> None:
    """A line with no Dutch word of two letters or more is noise as a whole."""
    if line.tokens and not any(W.is_dutch_word(t) and len(t.strip(".,;:")) > 1 for t in line.tokens):
        line.removed += line.tokens
        line.tokens = []


_NOISE_STEPS = (_noise_at_end, _noise_at_start, _speck_at_start, _underlined_words, _bullet_read_as_letter,
                _no_word_left)
"""How ``_take_noise`` cleans one line, in this order."""


def _clean_line(text: str) -> _Cleaning:
    """The line's tokens with the noise taken out by ``_NOISE_STEPS``."""
    line = _Cleaning(text.split())
    for step in _NOISE_STEPS:
        step(line)
    return line


def _noise_at_edge(token: str) -> bool:
    """Noise at a line's edge; an underline stroke joined to a word is not (``_welke``)."""
    if "_" in token and W.is_dutch_word(token.strip("_")):
        return False
    return W.looks_like_noise(token)


def _is_bullet_token(token: str, following: str) -> bool:
    """``o``, ``°`` and ``•`` before a capitalised word are list bullets in OCR."""
    return token in {"o", "°", "•", "-", "–", "*"} and following[:1].isupper()


def _take_footnotes(lines: list[_Line]) -> tuple[list[tuple[int, list[_Line]]], list[_Line]]:
    """Footnotes from the foot of each page: ``(index of the body line before, lines)``.

    A footnote starts with its number (the next expected one, or a citation such
    as ``Kamerstuk``); the lines after it up to the next page belong to the
    footnotes (a footnote wraps, a second one follows), unless the document has
    no page breaks, where a footnote ends at the next empty line.
    """
    has_pages = any(l.page_start for l in lines)
    footnotes: list[tuple[int, list[_Line]]] = []
    body: list[_Line] = []
    expected = 1
    in_zone = False
    for line in lines:
        if line.page_start:
            in_zone = False
        starts = not line.md_bullet and not line.md_heading and S.is_footnote_line(line.text, expected)
        if starts and (line.blank_before or in_zone or not body or not _continues(body[-1], line)):
            n = S.footnote_number(line.text) or expected
            expected = n + 1
            anchor = body[-1].index if body else -1
            footnotes.append((anchor, [line]))
            in_zone = True
            continue
        if in_zone and footnotes and (has_pages or not line.blank_before):
            footnotes[-1][1].append(line)
            continue
        in_zone = False
        body.append(line)
    return footnotes, body


def _continues(prev: _Line, line: _Line) -> bool:
    """True if ``line`` runs on from ``prev`` in the same sentence (no blank between)."""
    return not line.blank_before and not prev.text.endswith((".", ":", ";", "?", "!"))


# ---------------------------------------------------------------------------
# Re-flow into blocks
# ---------------------------------------------------------------------------

def _reflow(lines: list[_Line]) -> list[_Piece]:
    """Join hard-wrapped lines into paragraphs, list items, headings and tables."""
    if not lines:
        return []
    widths = [len(l.text) for l in lines if len(l.text) > 20]
    full = statistics.median(widths) if widths else 60
    short = 0.6 * full
    pieces: list[_Piece] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.table:
            piece = _Piece("table")
            while i < len(lines) and lines[i].table:
                piece.lines.append(lines[i])
                i += 1
            pieces.append(piece)
            continue
        if _is_caption(line.text):
            end = _table_end(lines, i, full)
            if end is not None:
                pieces.append(_Piece("table", lines[i:end + 1]))
                i = end + 1
                continue
        start = _starts_block(line)
        cur = pieces[-1] if pieces and pieces[-1].kind in {"paragraph", "list_item"} else None
        if cur is not None and not start and _joins(cur, line, short):
            cur.lines.append(line)
        elif line.md_heading or S.nota_heading(line.text):
            pieces.append(_Piece("heading", [line]))
            pieces.append(_Piece("break"))
        else:
            kind = "list_item" if (line.md_bullet or S.is_bullet(line.text)) else "paragraph"
            pieces.append(_Piece(kind, [line]))
        i += 1
    return [p for p in pieces if p.kind != "break"]


def _starts_block(line: _Line) -> bool:
    text = line.text
    return (line.md_heading or line.md_bullet or S.is_bullet(text) or bool(S.nota_heading(text))
            or bool(re.match(r"^\d{1,2}(?:\.\d{1,2})*[.)]\s+\S", text)) or S.PLACE_DATE_RE.match(text) is not None)


def _joins(cur: _Piece, line: _Line, short: float) -> bool:
    """Does ``line`` continue the block ``cur``?"""
    prev = cur.lines[-1]
    first = line.text[:1]
    if _HYPHEN_END_RE.search(prev.text):
        return True
    if not line.blank_before:
        # no gap: a short title line directly above running text is a heading
        if len(cur.lines) == 1 and len(prev.text) < short and S.is_plain_heading(prev.text) \
                and first.isupper() and cur.kind == "paragraph":
            return False
        # a short line that ends a sentence, then a capital: the paragraph ended there
        if prev.text.endswith((".", "?", "!")) and len(prev.text) < short and first.isupper():
            return False
        return True
    if prev.text.endswith((".", "?", "!", ":", ";")):
        return False
    if first.islower():
        return True
    if len(prev.text) < short:
        return False
    if len(cur.lines) == 1 and cur.kind == "paragraph":
        # one full line, a gap, then a capital: a title, unless it stops mid-phrase
        return prev.text.split()[-1].lower() in S.CONNECTIVES
    return True


def _is_caption(text: str) -> bool:
    m = re.match(r"^Tabel\s+\d+\s*(?::\s*|\s+)(\S)", text)
    return m is not None and (text[m.start(1)].isupper() or ":" in text[: m.start(1)])


def _table_end(lines: list[_Line], start: int, full: float) -> int | None:
    """Index of the last line of the table that starts with a caption at ``start``."""
    rows = 0
    for j in range(start + 1, min(len(lines), start + 60)):
        text = lines[j].text
        if S.TABLE_SOURCE_RE.match(text):
            return j if rows else None
        if S.is_table_line(text):
            rows += 1
        elif len(text) >= full and rows:
            return j - 1
    return None


def _merge_remark_paragraphs(pieces: list[_Piece], notes: list[_Mark]) -> list[_Piece]:
    """A remark written as a sentence and a dash (``— zoals?``) between list items.

    A paragraph that starts with a dash, alone, is a handwritten aside; the plain
    paragraph just before it belongs to it when that one stands between list items
    (printed nota text under Kernpunten is a list).
    """
    out: list[_Piece] = []
    for piece in pieces:
        text = _joined(piece)
        if piece.kind == "paragraph" and _DASH_REMARK_RE.match(text) and len(text.split()) <= 8:
            parts = [text]
            first = piece.lines[0]
            if out and out[-1].kind == "paragraph" and len(out) >= 2 and out[-2].kind == "list_item":
                prev = out.pop()
                parts.insert(0, _joined(prev))
                first = prev.lines[0]
            notes.append(_Mark(" ".join(parts), first.page, first.index, "note"))
            continue
        out.append(piece)
    return out


def _joined(piece: _Piece) -> str:
    """The text of a piece: lines joined, words split at a line-end hyphen rejoined."""
    if piece.kind == "table":
        return "\n".join(l.text for l in piece.lines)
    text = ""
    for line in piece.lines:
        if not text:
            text = line.text
        elif _HYPHEN_END_RE.search(text):
            text = _dehyphenate(text, line.text)
        else:
            text = f"{text} {line.text}"
    return text


def _dehyphenate(left: str, right: str) -> str:
    """Join ``Neder-`` + ``landse``; keep ``MBO-`` + ``Raad`` and ``wet-`` + ``en``."""
    head = left.split()[-1][:-1]
    nxt = right.split()[0] if right.split() else ""
    if nxt in {"en", "of", "tot"} or not nxt[:1].islower():
        return f"{left} {right}" if nxt in {"en", "of", "tot"} else f"{left}{right}"
    if head.isupper() or any(c.isdigit() for c in head):
        return f"{left}{right}"
    if W.dutch_words.cache_info().currsize:  # the list is loaded already (OCR'd input)
        word = (head + nxt).strip(".,;:")
        if not W.is_dutch_word(word) and W.is_dutch_word(f"{head}-{nxt}".strip(".,;:")):
            return f"{left}{right}"
    return f"{left[:-1]}{right}"


# ---------------------------------------------------------------------------
# Document
# ---------------------------------------------------------------------------

def _build(source: str, pieces: list[_Piece], footnotes: list[tuple[int, list[_Line]]],
           meta_lines: list[tuple[_Line, str]], metadata: dict[str, str]) -> Document:
    """Blocks in reading order: metadata and footnotes placed where they were read."""
    entries: list[tuple[float, str, str, int, _Piece | None]] = []
    for piece in pieces:
        kind = {"heading": "heading", "list_item": "list_item", "table": "table"}.get(piece.kind, "paragraph")
        entries.append((piece.lines[0].index, kind, _joined(piece), piece.page, piece))
    for line, text in meta_lines:
        entries.append((line.index, "metadata", text, line.page, None))
    # a footnote follows the block that holds the line it came after
    ends = sorted((p.lines[-1].index, p.lines[0].index) for p in pieces)
    for after, flines in footnotes:
        text = _joined(_Piece("paragraph", flines))
        owner = next((first for last, first in ends if first <= after <= last), after)
        last = next((l for l, f in ends if f == owner), after)
        entries.append((last + 0.5 + flines[0].index * 1e-6, "footnote", text, flines[0].page, None))
    entries.sort(key=lambda e: e[0])
    pages = max([e[3] for e in entries] + [1])
    doc = Document(source=source, pages=[Page(n, *A4, "plain") for n in range(1, pages + 1)],
                   metadata=dict(metadata))
    for n, (_, kind, text, page, piece) in enumerate(entries, start=1):  # type: ignore[assignment]
        block = Block(id=f"b{n}", page=page, kind=kind, text=text)
        doc.blocks.append(block)
        if piece is not None:
            piece.extra = block.id
    return doc


def _anchor(doc: Document, pieces: list[_Piece], marks: list[_Mark]) -> None:
    """Attach each mark and remark to the body block it sat in or beside.

    The block whose lines span the mark's position; else the nearest body block
    before it; else the first body block after it.
    """
    spans = [(p.lines[0].index, p.lines[-1].index, p.extra) for p in pieces if p.lines and p.extra]
    body_ids = {b.id for b in doc.body()}
    spans = [s for s in spans if s[2] in body_ids]
    for n, mark in enumerate(sorted(marks, key=lambda m: m.index), start=1):
        anchor = next((bid for first, last, bid in spans if first <= mark.index <= last), None)
        if anchor is None:
            before = [s for s in spans if s[1] < mark.index]
            after = [s for s in spans if s[0] > mark.index]
            anchor = before[-1][2] if before else (after[0][2] if after else None)
        conf = 0.2 if mark.kind == "mark" else 0.5
        doc.annotations.append(Annotation(id=f"a{n}", page=mark.page, kind=mark.kind, text=mark.text,
                                          anchor=anchor, confidence=conf))
