"""A commitment's paragraph written from its fields, in the new letter's own time.

The register keeps what was promised (subject), by whom and to whom, where and
when (debate or letter, made_on, the document's date) and the moment promised
(``due`` as said, ``due_date`` as resolved).  The words of the old quote are
not reused: 'in december van dit jaar' said in September 2023 becomes 'in
december 2023', 'in de volgende uitvoeringsbrief' becomes 'in deze brief' (or
names the letter that followed), dates are relative to the new letter ('13 juli
jl.') only within its own year.  A motie reads as a motie ('verzoekt de
regering …'), a toezegging as a promise ('heb ik … toegezegd …').
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from typing import Any

from drafter.dutch import MONTH_NAMES, relatief
from drafter.letters import LetterRecord, footnote

#: Words that make a moment depend on when it was said ('dit jaar', 'komend najaar', 'jl.').
DEICTIC = re.compile(r"\b(dit|deze|volgend|volgende|komend|komende|vorig|vorige|aanstaand|aanstaande)\b(?! uitvoeringsbrief)"
                     r"|\bjl\.|\ba\.s\.|\breces\b|zomerreces|kerstreces|\bnajaar\b|\bvoorjaar\b|\bzomer\b|\bwinter\b",
                     re.I)
NEXT_LETTER = re.compile(r"volgende (?:uitvoerings)?brief|uitvoeringsbrief", re.I)
#: Infinitives that make a subject a clause: 'Met VNG spreken over …' -> 'met VNG te spreken over …'.
VERBS = ("spreken", "informeren", "onderzoeken", "bezien", "verkennen", "sturen", "monitoren", "evalueren",
         "rapporteren", "betrekken", "bekijken", "delen", "geven", "maken", "zorgen", "houden", "brengen",
         "terugkomen", "ingaan", "nagaan", "toesturen", "uitwerken", "opnemen", "aanpassen", "meenemen",
         "doorrekenen", "overleggen", "verduidelijken", "verbeteren", "versterken", "wegwerken")
PREFIXES = ("terug", "in", "na", "toe", "uit", "op", "aan", "mee", "door", "over")


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text[:2] != text[:2].upper() else text


def as_clause(subject: str) -> str | None:
    """The subject as a 'te'-clause ('u te informeren over …'), or None when it is a noun phrase (a title)."""
    text = subject.strip().rstrip(".")
    if re.match(r"(te|om te|u|de Kamer|uw Kamer|hierop|daarop)\b", text, re.I) or re.search(r"\bte [a-z]{3,}", text):
        return _lower_first(text)
    words = text.split()
    for index, word in enumerate(words):
        if index == 0:
            continue  # 'Wegwerken achterstand …' opens with a verb used as a noun: a title, not a clause
        bare = word.lower().strip(",")
        if bare in VERBS and " te " not in f" {text} ":
            prefix = next((p for p in PREFIXES if bare.startswith(p) and bare[len(p):] in
                           {v[len(p):] for v in VERBS if v.startswith(p)} and len(bare) > len(p) + 3), None)
            verb = f"{prefix} te {bare[len(prefix):]}" if prefix and bare not in ("informeren", "onderzoeken") \
                else f"te {bare}"
            out = " ".join([*words[:index], verb, *words[index + 1:]])
            return _lower_first(out)
    return None


def _month_year(day: date) -> str:
    return f"{MONTH_NAMES[day.month]} {day.year}"


def moment(due: str, due_date: date | None, said_on: date | None, letter_date: date,
           letters: Iterable[LetterRecord]) -> tuple[str, bool]:
    """(the promised moment as the new letter can say it, whether it had passed before this letter).

    'in de volgende uitvoeringsbrief' -> 'in deze brief' when no uitvoeringsbrief was sent since
    the promise, else 'in mijn uitvoeringsbrief van …'; deictic moments ('in december van dit
    jaar', 'na het zomerreces') are written absolute from ``due_date``; others as said."""
    due = " ".join((due or "").split())
    if due and NEXT_LETTER.search(due):
        since = [r for r in letters if r.reeks == "uitvoeringsbrief" and r.kind == "kamerbrief"
                 and said_on is not None and said_on.isoformat()[:len(r.date)] < r.date < letter_date.isoformat()]
        if not since:
            return "in deze brief", False
        first = min(since, key=lambda r: r.date)
        when = relatief(first.day, letter_date) if first.day else first.wanneer()
        return f"in mijn uitvoeringsbrief van {when}", True
    passed = due_date is not None and due_date < letter_date
    if due and due_date and DEICTIC.search(due):
        if re.search(r"zomerreces|kerstreces|\breces\b", due, re.I):
            bare = re.sub(r"(?i)\b(van )?(dit|deze|komend|komende|aanstaand|aanstaande) jaar\b", "", due).strip()
            return f"{bare} van {due_date.year}", passed
        qualifier = "uiterlijk in" if re.search(r"\b(uiterlijk|voor|vóór|eind)\b", due, re.I) else "in"
        return f"{qualifier} {_month_year(due_date)}", passed
    return due, passed


def origin(debate: str, made_on: date | None, when_text: str, said_on: date | None, letter_date: date,
           letters: Iterable[LetterRecord]) -> tuple[str, str]:
    """(where and when it was said, as a sentence opening; the Kamerstuk footnote of that letter, if any)."""
    if debate:
        when = relatief(made_on, letter_date) if made_on else when_text
        article = "de" if re.match(r"(brief|nota|beantwoording|schriftelijke)", debate, re.I) else "het"
        opening = "In" if article == "de" else "Tijdens"
        return f"{opening} {article} {debate}" + (f" van {when}" if when else ""), ""
    day = made_on or said_on
    if day is not None:
        record = next((r for r in sorted(letters, key=lambda r: r.date, reverse=True)
                       if r.kind == "kamerbrief" and day.isoformat().startswith(r.date)), None)
        if record is not None:
            when = relatief(record.day, letter_date) if record.day else record.wanneer()
            return f"In mijn brief van {when}", footnote(record.kamerstuk)
        return f"In {_month_year(day)}", ""
    return ("Eerder" + (f", in {when_text}," if when_text else "")), ""


def heading(c: Any, letter_date: date) -> str:
    """The subsection title: the subject when it is a title, else what it is and where it was said."""
    if c.title:
        return c.title
    if c.kind == "motie":
        return "Motie" + (f" van het lid {c.member}" if c.member else "")
    if as_clause(c.subject) is None:
        return c.subject[:1].upper() + c.subject[1:]
    where = f" uit het {c.debate}" if c.debate and not re.match(r"(brief|nota)", c.debate, re.I) else ""
    return "Toezegging" + (f" aan het lid {c.member}" if c.member else "") + where


def paragraph(c: Any, letter_date: date, letters: list[LetterRecord]) -> str:
    """The paragraph for one commitment stub (markup: '^[…]' is a footnote)."""
    note = f"^[{c.kamerstuk}]" if c.kamerstuk else ""
    opening, letter_note = origin(c.debate, c.date, c.when_text, c.said_on, letter_date, letters)
    note = note or (f"^[{letter_note}]" if letter_note else "")
    when, passed = moment(c.due, c.due_date, c.date or c.said_on, letter_date, letters)
    clause = as_clause(c.subject)
    if c.kind == "motie":
        who = f"van het lid {c.member}" if c.member else ""
        said = f", ingediend {_lower_first(opening)}," if c.debate or c.date else ""
        wish = (f"verzoekt de regering {clause}" if clause else
                f"gaat over {_lower_first(c.subject.rstrip('.'))}")
        text = f"De motie {who}{note}{said} {wish}.".replace("  ", " ").replace("motie ^", "motie^")
        if when:
            text += f" Ik zegde toe de motie {when} uit te voeren." if not passed else \
                f" Ik zegde toe de motie {when} uit te voeren; dat is later geworden dan toegezegd."
        return text
    to = f"het lid {c.member}" if c.member else "uw Kamer"
    if clause:
        text = f"{opening} heb ik {to} toegezegd {clause}{note}."
        if when:
            text += f" Ik zegde toe hierop {when} terug te komen." if when != "in deze brief" else \
                " Ik zegde toe hierop in deze brief terug te komen."
    else:
        text = f"{opening} heb ik {to} toegezegd hierop {when + ' ' if when else ''}terug te komen{note}."
    if passed:
        text += " Dat is later dan toegezegd; hieronder doe ik dat alsnog."
    if c.recurrence:
        text += f" Het gaat om een terugkerende toezegging ({c.recurrence})."
    return text


__all__ = ["heading", "paragraph", "moment", "origin", "as_clause"]
