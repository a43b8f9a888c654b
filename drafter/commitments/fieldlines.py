"""Labelled field lines beside a commitment, as registers print them.

The Eerste Kamer's register of toezeggingen (and the Tweede Kamer's, and ministries'
own overviews) print each toezegging as a text followed or preceded by lines such as
'Datum toezegging: 25 november 2020', 'Deadline: 1 januari 2022', 'Kamerleden: E.M.
Jansen (GL)', 'Status: openstaand' (see ../shared/notes.md, "Parliament's own registers").
When a document has such lines, the fields a sentence does not state are taken from the
lines of its own entry.  A letter without them is not touched.
"""
from __future__ import annotations

import re

LABELS = {
    "deadline": "due",
    "uiterste datum": "due",
    "datum toezegging": "made_on",
    "datum": None,
    "kamerleden": "members",
    "kamerlid": "members",
    "toegezegd aan": "members",
    "status": "status",
    "verantwoordelijke": None,
    "verantwoordelijke(n)": None,
    "commissie": None,
    "soort activiteit": None,
    "kamerstukken": None,
    "nummer": None,
    "voormalige verantwoordelijke(n)": None,  # the Eerste Kamer's web page
    "huidige verantwoordelijke(n)": None,
    "categorie": None,
    "onderwerpen": None,
}
_LABEL_RE = "|".join(sorted(map(re.escape, LABELS), key=len, reverse=True))
#: 'Label: value' at the start of a line, or after the value before it when a reader joined the
#: lines into one paragraph; the value runs to the next label or the end of the line.
_LINE = re.compile(rf"(?i)(?:^|(?<=\s))(?P<label>{_LABEL_RE})[ \t]*:[ \t]*(?P<value>[^\n]*?)"
                   rf"(?=\s+(?:{_LABEL_RE})[ \t]*:|[ \t]*(?:\n|$))", re.M)
#: 'E.M. Jansen (GL)', 'J. de Vries (CDA)': initials, surname, party.
_PERSON = re.compile(r"(?:[A-Z]\.\s*)+(?P<surname>(?:(?:van|de|der|den|ter|ten|in 't)\s+)*[A-Z][\w'’-]+)\s*(?:\((?P<party>[^)]+)\))?")


#: The same lines as a web page prints them, label and value without a colon ('Deadline 1 juli 2023',
#: 'Kamerleden mr. A.C. Quik-Schuijt (SP)'), on their own lines or joined into one paragraph by a reader;
#: only capitalised labels, as the page prints them.
_CAPITALISED = "|".join(f"{re.escape(k[0].upper())}(?i:{re.escape(k[1:])})" for k in sorted(LABELS, key=len, reverse=True))
_BARE_LINE = re.compile(rf"(?m)(?:^|(?<=\s))(?P<label>{_CAPITALISED})[ \t]+(?P<value>(?![ \t]*:)[^\n]*?)"
                        rf"(?=\s+(?:{_CAPITALISED})[ \t]+|[ \t]*(?:\n|$))")


def _lines(text: str, start: int = 0, end: int | None = None) -> list[re.Match]:
    end = len(text) if end is None else end
    found = list(_LINE.finditer(text, start, end))
    return found if found else list(_BARE_LINE.finditer(text, start, end))


def has_field_lines(text: str) -> bool:
    """At least two of the register's own labels, so a stray 'Status:' in a letter does nothing."""
    labels = {m.group("label").lower() for m in _lines(text)}
    return len(labels & {"deadline", "datum toezegging", "kamerleden", "verantwoordelijke", "soort activiteit"}) >= 2


def is_field_block(text: str) -> bool:
    """A block made of field lines ('Nummer T03111 Status voldaan Datum toezegging …'): data
    about the entry above it, never a sentence of its own (its 'voldaan' fulfils nothing)."""
    found = _lines(text)
    return len(found) >= 2 and found[0].start() <= len(text) - len(text.lstrip()) + 1


def entry_fields(text: str, start: int, end: int) -> dict[str, str]:
    """The field lines between ``start`` and ``end`` (one entry), by our field names."""
    out: dict[str, str] = {}
    for m in _lines(text, start, end):
        field = LABELS[m.group("label").lower()]
        if field and field not in out:
            out[field] = m.group("value").strip()
    return out


def people(value: str) -> tuple[list[str], str | None]:
    """'E.M. Jansen (GL), J. de Vries (CDA)' -> (['Jansen', 'De Vries'], 'GL')."""
    names, party = [], None
    for m in _PERSON.finditer(value):
        surname = m.group("surname")
        names.append(surname[0].upper() + surname[1:])
        party = party or (m.group("party").strip() if m.group("party") else None)
    return names, party
