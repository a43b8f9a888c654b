"""Structure of ministry letters and nota's: block kinds, sections and header fields.

Every reader (plain text, Word, PDF text layer, OCR) first cuts a document into
blocks; this module then decides what a policy officer would call each block:
a heading of the nota (``Aanleiding``, ``Geadviseerd besluit`` ...), a numbered
section of a Kamerbrief (``2.3 Vroege start``), a footnote (``1 Kamerstuk 32 824,
nr. 390.``), a list item, or a header field for the metadata (``Datum``,
``Onze referentie`` ...).  Keeping it in one place means a .txt, a .docx and a
scan of the same nota come out with the same sections.

The rules are data, at the top of the module: tables of heading names and field
labels, and the regular expressions that recognise numbered headings, list
items and footnotes.  Change the house style here, not in the readers.

Public API (stable; ``ocr.pipeline`` calls it):

* ``assign_sections(doc) -> doc``: refine ``kind`` and set ``section`` on every block.
* ``parse_metadata(lines) -> dict``: header / side-column fields from lines of text.
"""
from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from ocr.model import Block, Document

# ---------------------------------------------------------------------------
# Rules as data
# ---------------------------------------------------------------------------

#: Section headings of an SZW nota (and their spelling variants), mapped to the
#: canonical section name.  Matched on the whole block, case-insensitive, after
#: markdown marks and a trailing colon are stripped.
NOTA_HEADINGS: dict[str, str] = {
    "aanleiding": "Aanleiding",
    "geadviseerd besluit": "Geadviseerd besluit",
    "advies": "Geadviseerd besluit",
    "besluit": "Geadviseerd besluit",
    "kernpunten": "Kernpunten",
    "kernpunt": "Kernpunten",
    "toelichting": "Toelichting",
    "inhoud brief": "Inhoud brief",
    "bijlage": "Bijlagen",
    "bijlagen": "Bijlagen",
    "bijlage(n)": "Bijlagen",
    "informatie die niet openbaar gemaakt kan worden": "Informatie die niet openbaar gemaakt kan worden",
}

#: Header fields of a nota's kenmerkenveld and a letter's side column, mapped to
#: the canonical metadata key.  A label stands alone on its line (value on the
#: next line) or is followed by a colon / spaces and the value on the same line.
METADATA_FIELDS: dict[str, str] = {
    "datum": "Datum",
    "onze referentie": "Onze referentie",
    "ons kenmerk": "Ons kenmerk",
    "uw kenmerk": "Uw kenmerk",
    "uw brief": "Uw brief",
    "uw referentie": "Uw referentie",
    # other ministries' spellings of the same two references (Rijkshuisstijl side columns)
    "uw nummer": "Uw referentie",
    "uw bericht": "Uw referentie",
    "uw brief van": "Uw brief",
    "uw brief (kenmerk)": "Uw kenmerk",
    "uw ref.": "Uw referentie",
    "ons nummer": "Ons kenmerk",
    "onze ref.": "Onze referentie",
    "referentie": "Kenmerk",
    "zaaknummer": "Kenmerk",
    "kenmerk": "Kenmerk",
    "bijlage(n)": "Bijlage(n)",
    "bijlagen": "Bijlage(n)",
    "bijlage": "Bijlage(n)",
    "betreft": "Betreft",
    "onderwerp": "Betreft",
    "directie": "Directie",
    "directoraat-generaal": "Directoraat-generaal",
    "afdeling": "Afdeling",
    "aan": "Aan",
    "van": "Van",
    "cc": "Cc",
    "kopie aan": "Cc",
    "contactpersoon": "Contactpersoon",
    "inlichtingen": "Contactpersoon",
    "t": "Telefoon",
    "telefoon": "Telefoon",
    "e": "E-mail",
    "e-mail": "E-mail",
    "datum ondertekening": "Datum ondertekening",
    "deadline": "Deadline",
}

#: What a field's value must look like, to tell it from body text that OCR
#: interleaved with the side column (a reference has digits, Bijlage(n) a count).
FIELD_VALUE_RE: dict[str, re.Pattern[str]] = {
    "Onze referentie": re.compile(r"\d"),
    "Ons kenmerk": re.compile(r"\d"),
    "Uw kenmerk": re.compile(r"\d|^-$"),
    "Uw referentie": re.compile(r"\d|^-$"),
    "Kenmerk": re.compile(r"\d"),
    "Bijlage(n)": re.compile(r"^(?:\d{1,2}|geen|-|\d{1,2}\s.*)$", re.IGNORECASE),
    "Telefoon": re.compile(r"\d{3}"),
}

#: Fields whose value is a single date; used to sanity-check a value candidate.
DATE_FIELDS = frozenset({"Datum", "Datum ondertekening", "Deadline"})

#: Dutch month names, for dates like ``22 november 2023``.
MONTHS = (
    "januari", "februari", "maart", "april", "mei", "juni", "juli",
    "augustus", "september", "oktober", "november", "december",
)

#: A Dutch date in words or in digits (``22 november 2023``, ``12-12-2021``).
DATE_RE = re.compile(
    r"\b(?:\d{1,2}\s+(?:" + "|".join(MONTHS) + r")\s+\d{4}|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4})\b",
    re.IGNORECASE,
)

#: The place-and-date line of a printed Kamerstuk: ``Den Haag, 17 december 2021``.
PLACE_DATE_RE = re.compile(r"^(?:Den Haag|'s-Gravenhage),?\s+(?P<date>.+\d{4})\s*$", re.IGNORECASE)

#: A numbered section heading of a Kamerbrief: ``2.``, ``2.3``, ``2.8.`` then a title.
NUMBERED_HEADING_RE = re.compile(
    r"^(?P<num>\d{1,2}(?:\.\d{1,2}){0,3})\.?\s+(?P<title>[A-ZÀ-ÖØ-Þ\"'‘“(].*)$"
)
#: Longest title a numbered heading may have, in words; longer is a list item.
MAX_HEADING_WORDS = 16

#: An unnumbered heading: one short line without sentence punctuation at the end.
MAX_PLAIN_HEADING_WORDS = 10
SENTENCE_END = (".", ";", ",", ":", "?", "!")

#: List markers: bullets, ``a)``, ``1)``, ``(i)``, ``-`` (numbered ``1.`` items are
#: decided by ``_numbered_role``: a run of them is a list, a lone one a heading).
BULLET_RE = re.compile(r"^(?:[•●▪◦·\-–*o°]|[a-z]\)|\(?[ivx]+\)|\d{1,2}\))\s+\S")

#: A footnote line: number, space, text that starts like a footnote does
#: (a capital, a quote, or one of the usual citation words).  ``1.`` (with a
#: dot) is a list or heading, not a footnote.
FOOTNOTE_RE = re.compile(r"^(?:<sup>)?(?P<num>\d{1,3})(?:</sup>)?\s+(?P<text>[A-ZÀ-ÖØ-Þ\"'‘“(].*)$")
#: Words that open a citation; a footnote starting with them is certain.
CITATION_WORDS = ("Kamerstuk", "Kamerstukken", "Handelingen", "Zie", "Aanhangsel", "Stcrt", "Staatscourant",
                  "Stb", "Staatsblad", "TK", "EK", "WGO", "Brief", "Motie", "Kamervragen", "https", "www")
CITATION_RE = re.compile(r"\b(?:Kamerstuk(?:ken)?|Handelingen|Aanhangsel|Stcrt|Stb)\b|\bnr\.\s*\d", re.IGNORECASE)

#: Words that name the kind of document at its top (``nota``); not a section.
DOCUMENT_TYPES = frozenset({"nota", "beslisnota", "informatienota", "kamerbrief", "brief ondertekenen"})

#: Closing headings of a letter: they leave the numbered section they follow.
CLOSING_HEADINGS = frozenset({"ten slotte", "tenslotte", "tot slot", "afsluitend", "slot", "tot besluit"})

#: Table captions and source lines.
TABLE_CAPTION_RE = re.compile(r"^Tabel\s+\d+\s*[:.]?\s", re.IGNORECASE)
TABLE_SOURCE_RE = re.compile(r"^Bron\s*:", re.IGNORECASE)

#: Closing formula of a letter; the blocks from here on are the signature.
CLOSING_RE = re.compile(
    r"^(?:Hoogachtend|Met vriendelijke groet|De (?:Minister|Staatssecretaris) (?:van|voor) [^,.]{5,80},)",
    re.IGNORECASE,
)

#: The signing line: who sends the letter, and the name that may follow it.
SIGNATURE_RE = re.compile(
    r"^(?P<office>De (?:Minister|Staatssecretaris) (?:van|voor) [^,.]{5,80}),\s*(?P<name>[^,]{0,60})$",
    re.IGNORECASE,
)
_SMALL_WORDS = frozenset({"van", "voor", "en", "de", "het"})

#: Sub-headings that refer to a list item above: ``Ad e. Zorgen over ...``.
AD_HEADING_RE = re.compile(r"^Ad\.?\s+[a-z0-9]{1,2}[.)]\s+[A-Z]")

#: A numbered list item too long or too sentence-like to be a heading.
NUMBERED_ITEM_RE = re.compile(r"^(?P<num>\d{1,2})[.)]\s+\S")


# ---------------------------------------------------------------------------
# Line-level helpers shared by the readers
# ---------------------------------------------------------------------------

def _plain(text: str) -> str:
    """Text without markdown emphasis/heading marks, for matching."""
    text = re.sub(r"<[^>]+>", "", text)
    text = re.sub(r"^#{1,6}\s*", "", text.strip())
    return text.replace("**", "").replace("__", "").strip()


def nota_heading(text: str) -> str | None:
    """The canonical nota heading ``text`` is, or None.

    Allows a trailing colon and up to two short noise tokens that OCR glues to a
    heading line (``Aanleiding 1`` where the 1 is a margin mark).
    """
    plain = _plain(text).rstrip(":").strip()
    key = plain.lower()
    if key in NOTA_HEADINGS:
        return NOTA_HEADINGS[key]
    words = key.split()
    for cut in (1, 2):
        if len(words) > cut and all(len(w) <= 2 for w in words[-cut:]):
            head = " ".join(words[:-cut]).rstrip(":")
            if head in NOTA_HEADINGS:
                return NOTA_HEADINGS[head]
    return None


def heading_noise(text: str) -> str:
    """The noise tokens ``nota_heading`` tolerated after a heading (may be '')."""
    plain = _plain(text).rstrip(":").strip()
    if plain.lower() in NOTA_HEADINGS:
        return ""
    words = plain.split()
    for cut in (1, 2):
        if " ".join(words[:-cut]).rstrip(":").lower() in NOTA_HEADINGS:
            return " ".join(words[-cut:])
    return ""


def field_value_ok(field: str, value: str) -> bool:
    """Does ``value`` look like a value of ``field`` (``FIELD_VALUE_RE``, dates)?"""
    if field in DATE_FIELDS:
        return DATE_RE.search(value) is not None
    pattern = FIELD_VALUE_RE.get(field)
    return pattern is None or pattern.search(value.strip()) is not None


def metadata_label(text: str) -> tuple[str, str] | None:
    """``(field, value)`` if ``text`` is a header field line, else None.

    ``value`` is '' when the label stands alone (the value is on the next line).
    """
    plain = _plain(text)
    key = plain.rstrip(":").strip().lower()
    if key in METADATA_FIELDS:
        return METADATA_FIELDS[key], ""
    m = re.match(r"^(?P<label>[A-Za-z()\- ]{1,40}?)\s*(?::\s*|\s{2,}|\t+)(?P<value>\S.*)$", plain)
    if m and m.group("label").strip().lower() in METADATA_FIELDS:
        return METADATA_FIELDS[m.group("label").strip().lower()], m.group("value").strip()
    # one space between label and value (a side column read as one line of words):
    # only for fields whose value has a recognisable shape (a date, a reference)
    for label, field in METADATA_FIELDS.items():
        if (field in DATE_FIELDS or field in FIELD_VALUE_RE) and plain.lower().startswith(label + " "):
            value = plain[len(label):].strip()
            if field_value_ok(field, value) and (field not in DATE_FIELDS or DATE_RE.fullmatch(value)):
                return field, value
    return None


def is_footnote_line(text: str, expected: int | None = None) -> bool:
    """True if ``text`` reads as a footnote line ``N Text``.

    ``expected`` is the number the next footnote should have; a line with that
    number (or one or two after it) is accepted on its shape, any other number
    needs a citation in the text (``Kamerstuk``, ``nr. 12``) to count.
    """
    m = FOOTNOTE_RE.match(text.strip())
    if not m:
        return False
    num, body = int(m.group("num")), m.group("text")
    if num == 0 or DATE_RE.match(text.strip()):
        return False
    first = body.split()[0].rstrip(".,:")
    if first in CITATION_WORDS or CITATION_RE.search(body):
        return expected is None or num <= expected + 3
    return expected is not None and expected <= num <= expected + 2


def footnote_number(text: str) -> int | None:
    m = FOOTNOTE_RE.match(text.strip())
    return int(m.group("num")) if m else None


def numbered_heading(text: str) -> tuple[str, str] | None:
    """``(number, title)`` when ``text`` has the shape of a numbered heading."""
    plain = _plain(text)
    m = NUMBERED_HEADING_RE.match(plain)
    if not m:
        return None
    title = m.group("title").strip()
    if len(title.split()) > MAX_HEADING_WORDS or title.endswith((";", ",", ":")):
        return None
    if ": " in title and len(title.split(": ", 1)[1].split()) > 3:
        return None  # "3. Herstelactie: U informeert de TK ..." is a list item with a lead-in
    if title.endswith(".") and not title.endswith("..."):
        # a sentence, unless a sub-section number (2.3) or a short title ends in a dot
        if "." not in m.group("num") and (len(title.split()) > 8 or title.count(".") > 1):
            return None
    return m.group("num"), title.rstrip(".").strip()


def is_plain_heading(text: str) -> bool:
    """A short title-like line: capital start, few words, no closing punctuation."""
    plain = _plain(text)
    if not plain or "\n" in plain:
        return False
    words = plain.split()
    if len(words) > MAX_PLAIN_HEADING_WORDS or plain.endswith(SENTENCE_END):
        return False
    if not (plain[0].isupper() or plain[0].isdigit()):
        return False
    if BULLET_RE.match(plain) or DATE_RE.fullmatch(plain):
        return False
    # a heading has mostly letters; a row of figures is a table line
    letters = sum(c.isalpha() for c in plain)
    return letters >= 0.6 * len(plain.replace(" ", "")) and words[-1].lower() not in CONNECTIVES


#: Words a heading never ends with: a line ending in one is a wrapped sentence.
CONNECTIVES = frozenset(
    "de het een en of van in op te met voor aan bij door om over als dat die dit is zijn wordt "
    "naar uit tot ook nog niet wel zo".split()
)


def is_bullet(text: str) -> bool:
    return bool(BULLET_RE.match(_plain(text)))


def is_table_line(text: str) -> bool:
    """A line that is mostly figures (a row of a table)."""
    tokens = text.split()
    if len(tokens) < 3:
        return False
    numeric = sum(bool(re.fullmatch(r"[–+\-]?\s*[\d.,%’'/€-]+%?|–|-", t)) for t in tokens)
    return numeric >= max(3, 0.6 * len(tokens))


# ---------------------------------------------------------------------------
# Metadata from header lines
# ---------------------------------------------------------------------------

def parse_metadata(lines: list[str]) -> dict[str, str]:
    """Header fields from the lines of a side column, letterhead or nota header.

    Handles ``Datum`` on one line and ``22 november 2023`` on the next, as well
    as ``Datum: 22 november 2023`` and ``Datum  22 november 2023``; multi-line
    values (an address under ``Aan``) are joined with ', '.  The first value of
    a field wins (follow-on pages repeat the side column).  Lines that are no
    field and no value of one are ignored.  A date field only takes a value
    that contains a date, so an interleaved stray line does not become the date.
    """
    fields: dict[str, str] = {}
    current: str | None = None
    values: list[str] = []

    def flush() -> None:
        if current and values and current not in fields:
            fields[current] = ", ".join(values)

    for raw in lines:
        line = _plain(raw).strip()
        if not line:
            continue
        label = metadata_label(line)
        if label:
            flush()
            current, first = label
            values = []
            if first:
                values.append(first)
            continue
        if current is None:
            m = PLACE_DATE_RE.match(line)
            if m and "Datum" not in fields:
                fields["Datum"] = m.group("date").strip()
            continue
        if current in DATE_FIELDS:
            m = DATE_RE.search(line)
            if m and not values:
                values.append(m.group(0))
                flush()
                current, values = None, []
            continue
        if not field_value_ok(current, line):
            continue
        values.append(line)
        if current not in {"Aan", "Van", "Cc", "Directie"} or len(values) >= 4:
            flush()
            current, values = None, []
    flush()
    return fields


#: The normalized keys of a letter's header fields, from the labels as each ministry prints them.
LETTER_KEYS: dict[str, str] = {
    "Datum": "datum",
    "Betreft": "betreft",
    "Onderwerp": "betreft",
    "Ons kenmerk": "kenmerk",
    "Onze referentie": "kenmerk",
    "Kenmerk": "kenmerk",
    "Uw kenmerk": "uw_kenmerk",
    "Uw referentie": "uw_kenmerk",
    "Uw brief": "uw_kenmerk",
    "Bijlage(n)": "bijlagen",
}


def normalized_fields(fields: dict[str, str]) -> dict[str, str]:
    """The same fields under the keys every ministry's letter shares (``LETTER_KEYS``); first one wins."""
    out: dict[str, str] = {}
    for label, value in fields.items():
        key = LETTER_KEYS.get(label)
        if key and key not in out:
            out[key] = value
    return out


# ---------------------------------------------------------------------------
# Sections over a whole document
# ---------------------------------------------------------------------------

@dataclass
class _Heading:
    number: str | None  # "2.3" or None for nota headings and unnumbered titles
    title: str

    @property
    def label(self) -> str:
        return f"{self.number} {self.title}" if self.number else self.title

    @property
    def depth(self) -> int:
        return self.number.count(".") + 1 if self.number else 0


def _refine_kind(block: Block, footnote_expected: int | None) -> str:
    """Kind from the block's own text (context comes in ``assign_sections``)."""
    if block.kind in {"metadata", "header", "footer", "page_number", "table", "footnote", "figure"}:
        return block.kind
    text = block.text.strip()
    if nota_heading(text) or _plain(text).lower() in DOCUMENT_TYPES:
        return "heading"
    if block.kind == "heading":
        return "heading"
    if "\n" not in text and is_footnote_line(text, footnote_expected) and block.kind != "list_item":
        return "footnote"
    if is_bullet(text):
        return "list_item"
    if AD_HEADING_RE.match(text) and len(text.split()) <= MAX_HEADING_WORDS:
        return "heading"
    if NUMBERED_ITEM_RE.match(_plain(text)) and numbered_heading(text) is None:
        return "list_item"
    return block.kind


def _numbered_role(blocks: list[Block], i: int, parsed: list[tuple[str, str] | None]) -> str:
    """``heading`` or ``list_item`` for a block shaped like ``N. Title``.

    A run of numbered blocks at the same depth with nothing between them is a
    list (the themes ``1. ... 5.`` under Kernpunten, steps ``1. ... 4.``); a
    numbered block followed by running text is a heading.
    """
    num = parsed[i][0]  # type: ignore[index]
    depth = num.count(".")

    def neighbour(i: int, step: int) -> int:
        j = i + step
        while 0 <= j < len(blocks) and blocks[j].kind in {"footnote", "metadata", "page_number", "header",
                                                            "footer", "figure"}:
            j += step
        return j

    def in_sequence(j: int, step: int) -> bool:
        """Block ``j`` is the item before/after this one in the same numbered list."""
        if not 0 <= j < len(blocks):
            return False
        m = NUMBERED_ITEM_RE.match(_plain(blocks[j].text)) or NUMBERED_HEADING_RE.match(_plain(blocks[j].text))
        if m is None or m.group("num").count(".") != depth:
            return False
        return int(m.group("num").split(".")[-1]) == int(num.split(".")[-1]) + step

    if blocks[i].kind == "list_item":
        return "list_item"
    if in_sequence(neighbour(i, 1), 1) or in_sequence(neighbour(i, -1), -1):
        return "list_item"
    return "heading"


@dataclass
class _Outline:
    """A document while the steps of ``_OUTLINE_STEPS`` refine its blocks' kinds and sections.

    ``parsed`` is the (number, title) of each block that is a numbered heading;
    ``titles`` are the ids of the document's title lines (no section).
    """

    doc: Document
    parsed: list[tuple[str, str] | None] = dataclasses.field(default_factory=list)
    titles: set[str] = dataclasses.field(default_factory=set)

    @property
    def blocks(self) -> list[Block]:
        return self.doc.blocks

    @property
    def multilevel(self) -> bool:
        """With sub-section numbering (2.3) an unnumbered title is a sub-heading inside its
        numbered section; without it, unnumbered titles are the sections."""
        return any(p is not None and "." in p[0] for p in self.parsed)


def _footnotes_bullets_and_such(outline: _Outline) -> None:
    """Each block's kind refined by its own text; footnotes counted to tell the next one's number."""
    expected = 1
    for b in outline.blocks:
        if b.kind == "footnote":
            n = footnote_number(b.text)
            expected = (n + 1) if n else expected
            continue
        kind = _refine_kind(b, expected)
        if kind == "footnote":
            expected = (footnote_number(b.text) or expected) + 1
        b.kind = kind


def _numbered_headings(outline: _Outline) -> None:
    """Numbered blocks are headings, or items of a numbered list (then not a section)."""
    blocks = outline.blocks
    parsed = [numbered_heading(b.text) if b.kind in {"paragraph", "heading", "list_item"}
              and not nota_heading(b.text) else None for b in blocks]
    roles = {i: _numbered_role(blocks, i, parsed) for i, p in enumerate(parsed) if p is not None}
    for i, role in roles.items():
        blocks[i].kind = role
        if role != "heading":
            parsed[i] = None
    outline.parsed = parsed


def _document_title(outline: _Outline) -> None:
    """An all-caps or title-like first line is the document's title (``BRIEF VAN DE MINISTER ...``,
    ``# Voortgang taalcoaching``): a heading without a section, unless a nota heading or numbered."""
    first = outline.blocks[0] if outline.blocks else None
    if first is None:
        return
    if first.kind == "paragraph" and ((first.text.isupper() and len(first.text.split()) <= 16)
                                      or is_plain_heading(first.text)):
        first.kind = "heading"
    if first.kind == "heading" and not nota_heading(first.text) and outline.parsed[0] is None:
        outline.titles.add(first.id)


def _nota_title(outline: _Outline) -> None:
    """The line after "nota" is the nota's title."""
    blocks = outline.blocks
    for i, b in enumerate(blocks[:-1]):
        nxt = blocks[i + 1]
        if b.kind == "heading" and _plain(b.text).lower() in DOCUMENT_TYPES and nxt.kind in {"paragraph", "heading"} \
                and is_plain_heading(nxt.text) and not nota_heading(nxt.text):
            nxt.kind = "heading"
            outline.titles.add(nxt.id)


def _plain_headings(outline: _Outline) -> None:
    """Unnumbered title lines are headings when running text follows; a Kamerstuk's place-and-date is metadata."""
    blocks = outline.blocks
    for i, b in enumerate(blocks):
        if b.kind != "paragraph" or outline.parsed[i] is not None:
            continue
        if PLACE_DATE_RE.match(b.text.strip()):
            b.kind = "metadata"
            continue
        if TABLE_CAPTION_RE.match(b.text) or TABLE_SOURCE_RE.match(b.text):
            continue
        nxt = blocks[i + 1] if i + 1 < len(blocks) else None
        if is_plain_heading(b.text) and nxt is not None and nxt.kind in {"paragraph", "list_item", "table"} \
                and not is_plain_heading(nxt.text):
            b.kind = "heading"


@dataclass
class _OpenSections:
    """The sections open at a block, top to bottom: what ``_SECTION_RULES`` read and set."""

    outline: _Outline
    multilevel: bool
    nota_section: str | None = None
    numbered: list[_Heading] = dataclasses.field(default_factory=list)  # the open numbered headings, outermost first
    plain_section: str | None = None
    closing: bool = False


def _outside_the_text(s: _OpenSections, i: int, b: Block) -> bool:
    """Metadata, running headers, footers and page numbers belong to no section."""
    if b.kind in {"metadata", "header", "footer", "page_number"}:
        b.section = None
        return True
    return False


def _after_the_closing(s: _OpenSections, i: int, b: Block) -> bool:
    """From the closing (``Hoogachtend,``) on, no section; the signature goes to the metadata."""
    if b.kind == "paragraph" and CLOSING_RE.match(b.text.strip()) and not s.closing:
        s.closing = True
        _signature(s.outline.doc, i)
    if s.closing:
        b.section = None
        return True
    return False


def _nota_heading_opens(s: _OpenSections, i: int, b: Block) -> bool:
    """A nota heading (``Aanleiding``) opens a section and closes all others."""
    name = nota_heading(b.text) if b.kind == "heading" else None
    if name:
        s.nota_section, s.numbered, s.plain_section = name, [], None
        b.section = name
        return True
    return False


def _numbered_heading_opens(s: _OpenSections, i: int, b: Block) -> bool:
    """A numbered heading (``2.3 Vroege start``) opens a section inside the less deep ones above it."""
    parsed = s.outline.parsed[i]
    if b.kind == "heading" and parsed is not None:
        h = _Heading(*parsed)
        s.numbered = [n for n in s.numbered if n.depth < h.depth] + [h]
        s.plain_section = None
        b.section = h.label
        return True
    return False


def _title_has_none(s: _OpenSections, i: int, b: Block) -> bool:
    """The document's title and a document type line ('Nota') are in no section."""
    if b.id in s.outline.titles or _plain(b.text).lower() in DOCUMENT_TYPES:
        b.section = None
        return True
    return False


def _plain_heading_opens(s: _OpenSections, i: int, b: Block) -> bool:
    """An unnumbered title opens a section in letters without sub-section numbering and outside nota
    sections, and always when it closes the letter (``Ten slotte``); else it is a sub-heading."""
    if b.kind != "heading":
        return False
    title = _plain(b.text).rstrip(":").strip()
    if title.lower() in CLOSING_HEADINGS or not (s.multilevel or s.nota_section):
        s.numbered, s.plain_section = [], title
        b.section = title
        return True
    return False


def _in_the_open_section(s: _OpenSections, i: int, b: Block) -> bool:
    """Any other block is in the innermost open section."""
    if s.numbered:
        b.section = s.numbered[-1].label
    elif s.plain_section:
        b.section = s.plain_section
    else:
        b.section = s.nota_section
    return True


_SECTION_RULES = (_outside_the_text, _after_the_closing, _nota_heading_opens, _numbered_heading_opens,
                  _title_has_none, _plain_heading_opens, _in_the_open_section)
"""How a block gets its section: the first rule that says so (True) decides."""


def _sections(outline: _Outline) -> None:
    """Every block's section, top to bottom, by ``_SECTION_RULES``."""
    state = _OpenSections(outline, outline.multilevel)
    for i, b in enumerate(outline.blocks):
        for rule in _SECTION_RULES:
            if rule(state, i, b):
                break


_OUTLINE_STEPS = (_footnotes_bullets_and_such, _numbered_headings, _document_title, _nota_title, _plain_headings,
                  _sections)
"""How ``assign_sections`` reads a document, in this order."""


def assign_sections(doc: Document) -> Document:
    """Set ``kind`` refinements and ``section`` on every block of ``doc`` (in place).

    * nota headings (``Aanleiding`` ...) become headings and open a section;
    * numbered headings (``2.3 Vroege start``) open a section; the section of a
      block is its innermost numbered heading (``2.3 Vroege start``), under a
      nota heading if there is one above it in a nota without numbering;
    * Kernpunten themes (``1. Wet inburgering 2021`` under Kernpunten) are
      headings when body text follows them, and list items in a tight list;
    * unnumbered short title lines become headings; they open a section only in
      letters without sub-section numbering (``Corona``, ``Leningen`` ...) and
      outside nota sections; else they are sub-headings inside the section
      (``Vervolg`` in ``2.5 Marktmonitor``), except closing ones (``Ten slotte``);
    * the first line, when it is a title (``BRIEF VAN DE ...``), is a heading
      without a section;
    * footnote lines (``1 Kamerstuk 32 824, nr. 390.``) become footnotes;
    * bullets and ``a)`` items become list items;
    * the place-and-date line of a Kamerstuk becomes metadata;
    * from the closing (``Hoogachtend,`` / ``De Minister van ...,``) on, blocks
      have no section, and the signing office and name go to the metadata as
      ``Afzender`` and ``Ondertekenaar``.

    Footnotes keep the section they appear in.  The steps are ``_OUTLINE_STEPS``.
    Returns ``doc`` for chaining.
    """
    outline = _Outline(doc)
    for step in _OUTLINE_STEPS:
        step(outline)
    return doc


def _signature(doc: Document, start: int) -> None:
    """``Afzender`` and ``Ondertekenaar`` metadata from the closing blocks."""
    blocks = doc.blocks
    for i in range(start, len(blocks)):
        m = SIGNATURE_RE.match(blocks[i].text.strip())
        if not m:
            continue
        office = m.group("office")
        if office.isupper():
            words = office.lower().split()
            office = " ".join(w if w in _SMALL_WORDS and n else w.capitalize() for n, w in enumerate(words))
        doc.metadata.setdefault("Afzender", office)
        name = m.group("name").strip()
        if not name and i + 1 < len(blocks) and blocks[i + 1].kind == "paragraph" \
                and len(blocks[i + 1].text.split()) <= 5:
            name = blocks[i + 1].text.strip()
        if name:
            doc.metadata.setdefault("Ondertekenaar", name)
        return
