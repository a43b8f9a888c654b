"""The named regular expressions and cue stems the commitment reader shares.

Kept apart so that the field finders, the sentence rules and the record readers
use one compiled copy of ``patterns/regexes.yaml`` and import nothing of each other.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml

PATTERNS = Path(__file__).with_name("patterns")

#: A Kamerstuk's dossier as printed: '36 200 XV', '36200-XV', '29544', '33 000 XIII'.
DOSSIER = r"\d{2}\s?\d{3}(?:[\s-]+[A-Z]{1,6}\b|\s+[IVXLC]{1,6}\b)?"


#: A block without any of these stems cannot hold a commitment.
CUE_STEMS = re.compile(
    r"\btoe[gz]|\bzeg\w*\s.*\btoe\b|\b(?:mot|rnot)i|[iï]nfor|bericht|rapporte|terug|\bvold|afge|af te doen|afdoen|"
    r"gestand|uitvoering aan|invulling|hoogte|ontvang|krijg|nagekomen|ingelost|stuu?r|zend|\bT0\d{4}\b|verslag\s+(?:doen|uit)|toekom", re.IGNORECASE)


#: Cue words that OCR often damages ('toegezcgd', 'rnotie'): tokens within one
#: edit of these (two for long words) count as the word itself.
FUZZY_CUES = ("toegezegd", "toezegging", "toezeggingen", "toezeggen", "motie", "moties", "afgedaan",
              "voldaan", "geadviseerd", "informeren", "informeer", "kamerlid", "commissiedebat",
              "tweeminutendebat", "wetgevingsoverleg", "verzoekt", "verzocht")


@lru_cache(maxsize=1)
def regexes() -> dict:
    """The named regular expressions of ``patterns/regexes.yaml``, compiled."""
    raw = yaml.safe_load((PATTERNS / "regexes.yaml").read_text(encoding="utf-8"))

    case_free = {"due", "recurrence", "aggregate", "aggregate_header", "aggregate_inline", "letter_planning", "committee_request", "member_question", "this_letter", "anaphor"}

    def comp(key, v):
        flags = re.IGNORECASE if key in case_free else 0
        if isinstance(v, list):
            return [re.compile(x.strip(), flags) for x in v]
        return re.compile(v.strip(), flags)

    out = {k: comp(k, v) for k, v in raw.items() if k != "cue_norm"}
    out["name_raw"] = raw["name"].strip()
    return out


#: The Eerste Kamer's number of a toezegging: 'T01615'.
T_NUMBER = re.compile(r"\bT\d{5}\b")


def norm_ws(s: str) -> str:
    """Whitespace collapsed, as the scorer compares quotes."""
    return re.sub(r"\s+", " ", s).strip()
