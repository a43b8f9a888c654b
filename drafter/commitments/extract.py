"""Find toezeggingen and moties in a letter or nota.

The stages, in order:

1. ``motions.find_motions``: every motie printed whole (Handelingen, motie documents,
   annex lists) becomes one item quoted by its dictum.
2. A spaCy pipeline configured in ``patterns/pipeline.cfg`` on ``spacy.blank("nl")``:
   the sentencizer, ``abbreviation_sentence_end`` ('jl.', 'c.s.2' end a sentence),
   ``cue_norm`` (OCR-damaged and compound cue words to their plain form), spaCy's
   ``span_ruler`` marking the cue words of ``patterns/cues.jsonl`` (promising, moties,
   fulfilment, informing the Kamer, exclusions) and ``commitment_classifier``, which
   decides per sentence (or clause) what it is by the rules of ``classify``.
3. Field extraction (members, Kamerstuk, debate, dates, due moment, recurrence) with the
   named regular expressions of ``patterns/regexes.yaml``; follow-up sentences, back
   references ('deze toezegging', 'beide moties') and aggregate lists are resolved last.

No trained Dutch model is needed: the cues are the vocabulary of parliamentary
correspondence, which is small and formulaic.  Only blocks that contain a cue stem go
through spaCy, which keeps a 50-page letter well under a second.
"""
from __future__ import annotations

import copy
import datetime as dt
import json
import os
import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, cast

import yaml
from spacy.language import Language
from spacy.tokens import Doc, Span

from drafter.commitments import dates
from drafter.commitments.fieldlines import entry_fields, has_field_lines, is_field_block, people
from drafter.commitments.model import Commitment
from drafter.commitments.motions import MotionText, document_venue, find_motions
from ocr.model import Block, Document

if TYPE_CHECKING:
    from spacy.pipeline import SpanRuler

PATTERNS = Path(__file__).with_name("patterns")
#: A block without any of these stems cannot hold a commitment.
CUE_STEMS = re.compile(
    r"\btoe[gz]|\bzeg\w*\s.*\btoe\b|\b(?:mot|rnot)i|[iï]nfor|bericht|rapporte|terug|\bvold|afge|af te doen|afdoen|"
    r"gestand|uitvoering aan|invulling|hoogte|ontvangt|krijgt|nagekomen|ingelost|stuu?r|zend", re.IGNORECASE)
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


# -- pipeline components ----------------------------------------------------------
_ABBREV_END = re.compile(r"\b(?:jl|a\.s|c\.s|e\.a|enz|etc)\.\d{0,2}\s+(?P<next>[A-Z][\wà-ÿ]*)"
                         # a footnote number glued after a full stop: '… strafrechtketen.1 In de brief …'
                         r"|(?<=[a-zà-ÿ)»”’])\.\d{1,2}\s+(?P<after_note>[A-Z][\wà-ÿ]*)")


@Language.component("abbreviation_sentence_end")
def abbreviation_sentence_end(doc: Doc) -> Doc:
    """'… van 4 juli jl. Middels deze brief …', '… motie-De Graaf c.s.2 Deze …': an
    abbreviation (with or without a footnote digit) ends a sentence when a capitalised
    word follows; the sentencizer cannot know that.  Only the matches are visited."""
    for m in _ABBREV_END.finditer(doc.text):
        key = "next" if m.group("next") else "after_note"
        if m.group(key) in {"Kamerstuk", "Kamerstukken"}:
            continue
        span = doc.char_span(m.start(key), m.end(key), alignment_mode="expand")
        if span is not None and span[0].i > 0:
            span[0].is_sent_start = True
    return doc


@Language.component("cue_norm")
def cue_norm(doc: Doc) -> Doc:
    """Set each token's NORM to its cue form ('toegezegd8' -> 'toegezegd',
    'navo-top' -> 'top', 'motie-omtzigt' -> 'motie'), by the rules in
    ``regexes.yaml: cue_norm``, so the Matcher compares plain strings."""
    rules = _norm_rules()
    fuzzy = _fuzzy_index()
    for tok in doc:
        low = tok.lower_
        candidates = fuzzy.get((low[:2], len(low)))
        if candidates and low not in FUZZY_CUES and tok.is_alpha:
            best = _closest(low, candidates)
            if best:
                tok.norm_ = best
                continue
        if not low[-1:].isdigit() and "-" not in low and not low.startswith(("amendement", "top")) \
                and not low.endswith("top"):
            continue
        for rx, repl in rules:
            new = rx.sub(repl, low)
            if new != low:
                tok.norm_ = new
                break
    return doc


@lru_cache(maxsize=1)
def _fuzzy_index() -> dict[tuple[str, int], tuple[str, ...]]:
    """(first two letters, length) -> cue words a token of that shape may be."""
    index: dict[tuple[str, int], list[str]] = {}
    for word in FUZZY_CUES:
        firsts = {word[:2], "rn" if word.startswith("m") else word[:2]}
        for n in range(len(word) - 1, len(word) + 2):
            for f in firsts:
                index.setdefault((f, n), []).append(word)
    return {k: tuple(v) for k, v in index.items()}


def _closest(token: str, candidates: tuple[str, ...]) -> str | None:
    from rapidfuzz.distance import Levenshtein

    for word in candidates:
        limit = 2 if len(word) >= 10 else 1
        probe = "m" + token[2:] if token.startswith("rn") and word.startswith("m") else token
        if Levenshtein.distance(probe, word, score_cutoff=limit) <= limit:
            return word
    return None


@lru_cache(maxsize=1)
def _norm_rules() -> list[tuple[re.Pattern, str]]:
    raw = yaml.safe_load((PATTERNS / "regexes.yaml").read_text(encoding="utf-8"))["cue_norm"]
    return [(re.compile(a), b) for a, b in raw]


def cue_patterns(path: Path = PATTERNS / "cues.jsonl") -> list[dict]:
    """The cue patterns of ``cues.jsonl`` for spaCy's SpanRuler: a pattern of literal words
    only becomes phrase patterns on NORM (a hash lookup per token); only patterns with gaps
    ('zeg … toe') need the token Matcher."""
    out: list[dict] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        entry = json.loads(line)
        words = _literal_alternatives(entry["pattern"])
        if words is None:
            out.append(entry)
        else:
            out.extend({"label": entry["label"], "pattern": " ".join(w)} for w in words)
    return out


def _literal_alternatives(pattern: list[dict]) -> list[tuple[str, ...]] | None:
    """All word sequences a gap-free NORM pattern matches, or None."""
    import itertools

    options = []
    for tok in pattern:
        if set(tok) != {"NORM"}:
            return None
        value = tok["NORM"]
        if isinstance(value, str):
            options.append([value])
        elif isinstance(value, dict) and set(value) == {"IN"}:
            options.append(value["IN"])
        else:
            return None
    return list(itertools.product(*options))


@dataclass
class Verdict:
    """What one sentence is, according to the classifier component."""

    start: int  # char offsets in the doc
    end: int
    role: str  # commitment | anaphor | aggregate
    kind: str | None = None
    new: bool = False
    fulfils: bool = False
    anaphor_kind: str | None = None
    clause: tuple[int, int] | None = None  # the part of the sentence this commitment is in
    chamber: str | None = None  # "EK" when the sentence names the Eerste Kamer
    recurrence: str | None = None  # 'jaarlijks', 'drie keer per jaar': a promise that recurs


@Language.factory("commitment_classifier")
def make_commitment_classifier(nlp: Language, name: str) -> Classifier:
    return Classifier()


class Classifier:
    """Per sentence: a commitment, a fulfilment that points back ('deze
    toezegging'), an aggregate list of fulfilled commitments, or nothing.
    Verdicts go to ``doc.user_data['verdicts']``."""

    def __call__(self, doc: Doc) -> Doc:
        verdicts: list[Verdict] = []
        cues = doc.spans["cues"] if "cues" in doc.spans else []
        you_is_kamer = doc.user_data.get("you_is_kamer", False)
        sents = doc.user_data["sents"] = list(doc.sents)  # computed once: the extractor reuses them
        for sent in sents:
            labels = {c.label_ for c in cues if c.start >= sent.start and c.end <= sent.end}
            if "TOEZEG" not in labels and _LONG_ZEG_TOE.search(sent.text):
                labels.add("TOEZEG")  # 'zegt de Kamer, naar aanleiding van …, toe': too far apart for the matcher
            if _PRO_FULFIL.search(sent.text):  # 'Met deze brief doe ik dat.': fulfils the promise just before
                verdicts.append(Verdict(sent.start_char, sent.end_char, "anaphor", fulfils=True))
                continue
            if not labels & _DECISIVE or _AGENDA_HEADING.search(sent.text):
                continue  # no rule can fire on a sentence without one of these cues; an item's title is none
            if you_is_kamer and _YOU.search(sent.text):
                labels.add("KAMER")  # a letter to the Kamer: 'u' is the Kamer
            if doc.user_data.get("minister_speaks"):
                labels.add("MINISTER_SPEAKS")
            inside = [c.label_ for c in cues if c.start >= sent.start and c.end <= sent.end]
            several = {"MOTIE", "TOEZEG"} <= labels or inside.count("TOEZEG") >= 2 or inside.count("MOTIE") >= 2
            parts = self.clauses(sent, cues) if several else []
            if len(parts) > 1:
                governing = parts[0][2]
                governed = bool(_GOVERNING_FULFIL.search(sent.text))
                for start, end, clause_labels, continues in parts:
                    if continues and (governed or "FULFIL" in governing and _governs(doc.text[sent.start_char:start])):
                        # '… geef ik uitvoering aan A, aan B en aan C': one verb fulfils every complement
                        clause_labels = clause_labels | {"FULFIL"} | ({"KAMER"} if you_is_kamer else set())
                    if continues and "LETTER_TO_KAMER" in governing:
                        clause_labels = clause_labels | {"LETTER_TO_KAMER"}
                    v = classify(doc.text[start:end], clause_labels | ({"LETTER_TO_KAMER"} if you_is_kamer else set()))
                    if v:
                        v.start, v.end, v.clause = sent.start_char, sent.end_char, (start, end)
                        verdicts.append(v)
                continue
            v = classify(sent.text, labels | ({"LETTER_TO_KAMER"} if you_is_kamer else set()))
            if v:
                v.start, v.end = sent.start_char, sent.end_char
                verdicts.append(v)
            if v and v.kind == "motie" and _PROMISE_ON_MOTIE.search(sent.text):
                # 'De minister zegt de Kamer, naar aanleiding van de motie X, toe …': the motie and a promise
                w = classify(sent.text, labels - {"MOTIE"} | ({"LETTER_TO_KAMER"} if you_is_kamer else set()))
                if w and w.kind == "toezegging" and not w.new:
                    w.start, w.end = sent.start_char, sent.end_char
                    verdicts.append(w)
        doc.user_data["verdicts"] = verdicts
        return doc

    @staticmethod
    def clauses(sent: Span, cues) -> list[tuple[int, int, set[str], bool]]:
        """'… kom ik tegemoet aan de motie X en doe ik de toezegging af …': two commitments in one
        sentence, split at the coordinating 'en' before a verb of their own; 'ga ik in op de toezegging
        van 5 februari, en op de motie Y': a list of named commitments, split before each (such a
        clause ``continues`` the first: its verb is the first clause's)."""
        text = sent.text
        own_verb = {m.start() for m in _CLAUSE_SPLIT.finditer(text)}
        listed = {m.start() for m in _NEXT_COMMITMENT.finditer(text)}
        if _GOVERNING_FULFIL.search(text):
            listed |= {m.start() for m in _AAN_LIST.finditer(text)}
        cuts = sorted(own_verb | listed)
        if not cuts:
            return []
        bounds = [0] + cuts + [len(text)]
        out = []
        for a, b in zip(bounds, bounds[1:], strict=False):
            start, end = sent.start_char + a, sent.start_char + b
            labels = {c.label_ for c in cues if c.start_char >= start and c.end_char <= end}
            out.append((start, end, labels, a in listed and a not in own_verb))
        return out


def _governs(before: str) -> bool:
    """The fulfilling verb stands before the list, so it governs each item of it
    ('Hiermee voldoe ik aan A en aan B'), unless a new sentence part with a verb of its
    own has begun since ('…, en de motie B is aangenomen' is caught by the clause split)."""
    return bool(re.search(r"\b(?:voldoe|voldoet|voldoen|voldaan|uitvoering|invulling|doe|doet|doen|afgedaan|gestand|"
                          r"beantwoord\w*|geef|geeft|tegemoet)\b", before, re.I))


#: 'de toezeggingen … om de regeling breder te evalueren': the sentence says what was promised, so it is
#: the commitment itself, not a reference back to one named before
_SAYS_WHAT = re.compile(r"\b(?:toezegging|motie)(?:en|s)?\b[^.]{0,140}?\b(?:om|over|inzake|betreffende|aangaande)\b", re.I)
#: One verb that fulfils a list of complements: 'Met het rapport wordt uitvoering gegeven aan A, aan B en aan C.'
_GOVERNING_FULFIL = re.compile(r"\b(?:uitvoering|invulling)\s+(?:wordt\s+|is\s+)?gegeven\s+aan\b|\b(?:geef|geven)\s+(?:ik|wij|we)\s+"
                               r"(?:hiermee\s+|daarmee\s+)?(?:uitvoering|invulling)\s+aan\b|\bvoldaan\s+aan\b", re.I)
_AAN_LIST = re.compile(r",\s+(?:en\s+)?(?=aan\s+(?:de|het|deze|die|mijn|uw|motie|moties|toezegging|toezeggingen)\b)")
#: 'zeg(t) … toe' with more words between than the cue matcher's gap (a gap of 20 there makes
#: spaCy's Matcher ten times slower over a whole letter): a plain search over the sentence.
_LONG_ZEG_TOE = re.compile(r"\bzeg(?:t|de|den|gen)?\b(?:[^.;]|\.(?=\s*\d)){0,200}?\btoe\b(?!\s+te\b)", re.I)
#: Every rule of ``classify`` needs at least one of these cue types to say anything.
_DECISIVE = frozenset({"FULFIL", "INDEFINITE", "MOTIE", "TOEZEG", "INFORM", "KAMER_RECEIVES"})
_YOU = re.compile(r"\b(?:u|uw)\b(?!\s+(?:wel|dank)\b)")
#: The next named commitment of a list: ', en de motie van …', ' en op de motie-…', ', aan de toezegging, gedaan
#: tijdens …', ' alsmede de toezegging over …' (not 'moties en toezeggingen', not 'de toezegging dat' in a clause).
_NEXT_COMMITMENT = re.compile(
    r"(?:,\s*(?:(?:en|alsmede|evenals)\s+)?|\s+(?:en|alsmede|evenals)\s+)"
    r"(?=(?:(?:op|aan|over|naar|bij|met)\s+)?(?:(?:de|die|deze|mijn|uw)\s+)?"
    r"(?:gewijzigde\s+|eerdere\s+|aangenomen\s+|aangehouden\s+)?(?:toezegging|motie)\b(?!s)"
    r"(?:[-\s]+(?:van|aan|over|inzake|betreffende|tijdens|in|bij|om|die|[A-Z(])|,\s*(?:gedaan|die)\b))")
#: A short sentence that says this letter does what was just promised, with a pronoun for the promise:
#: 'Met deze brief doe ik dat.', 'Hiermee kom ik die belofte na.', 'Met deze brief geef ik daar gevolg aan.'
_PRO_FULFIL = re.compile(
    r"^\s*(?:(?:Met|Via|In)\s+(?:deze|dit)\s+(?:brief|nota|schrijven)|Hiermee|Hierbij|Daarmee)\s+"
    r"(?:(?:doe|doen)\s+(?:ik|we|wij)\s+(?:dat|dit)|(?:kom|komen)\s+(?:ik|we|wij)\s+(?:dat|dit|die\s+belofte|deze\s+belofte)\s+na"
    r"|(?:geef|geven)\s+(?:ik|we|wij)\s+(?:daar|hier)\s*(?:gevolg|uitvoering|invulling)\s+aan)\s*\.?\s*$", re.I)
#: A promise made in answer to a motie: 'zegt …, naar aanleiding van de motie-X, toe', 'heeft in reactie op de motie X
#: toegezegd': two commitments, the motie and the promise.
_PROMISE_ON_MOTIE = re.compile(
    r"\b(?:naar\s+aanleiding\s+van|n\.a\.v\.|in\s+reactie\s+op|ter\s+uitvoering\s+van|in\s+antwoord\s+op)\s+(?:de\s+)?"
    r"(?:aangenomen\s+|gewijzigde\s+)?motie\b(?:[^.;]|\.(?=\s*\d)){0,160}?(?:\btoe\b(?!\s+te\b)|\btoegezegd\b)"
    r"|\b(?:zeg\w*|heeft|hebben|heb)\b[^.;]{0,40}\b(?:naar\s+aanleiding\s+van|n\.a\.v\.|in\s+reactie\s+op)\s+(?:de\s+)?motie\b", re.I)
#: The title of an item of the Handelingen (both chambers): '13 Stemmingen moties Wonen', '10 Stemming motie
#: Staat van de rechtsstaat', 'Stemmingen over aangehouden moties' - the moties are printed under it.
_AGENDA_HEADING = re.compile(r"(?:^\s*|\b\d+\s+)Stemming(?:en)?\s+(?:over\s+)?(?:(?:de|een|aangehouden)\s+)*moties?\b(?![^.;:]*\bverzoekt\b)"
                             # a page's item title run into the text: '… terug Stemmingen moties Eindrapport van …'
                             r"|\bStemmingen\s+moties\s+(?=[A-Z])")
_CLAUSE_SPLIT = re.compile(r",?\s+en\s+(?=(?:doe|doet|geef|geeft|kom|komt|voldoe|voldoet|zeg|zegt|heb|heeft|hebben)\s+(?:ik|u|we|wij)\b)")


#: 'ik heb de VNG toegezegd', 'hebben wij de gemeenten toegezegd': someone other than the Kamer is promised
_OTHER_ADDRESSEE = re.compile(
    r"\b(?i:ik\s+heb|heb\s+ik|wij\s+hebben|hebben\s+wij|we\s+hebben|hebben\s+we)\s+(?:ook\s+|eerder\s+|al\s+)?"
    r"(?:(?:de|het|alle)\s+(?!Kamer\b)[\wà-ÿ-]+|[A-Z]{2,}[\w-]*)\s+(?:\w+\s+)?toegezegd\b")
_PRESENT_PROMISE = re.compile(r"\b(?:zeg|zegt|zeggen)\s+(?:ik|wij|we|u)\b[^.]{0,80}\btoe\b"
                              r"|\b(?:ik|wij|we|u)\s+(?:zeg|zegt|zeggen)\b[^.]{0,80}\btoe\b", re.I)  # 'u': a nota


#: A pointer to commitments named after it: 'de volgende toezegging', 'onderstaande moties'.
_CATAPHOR = re.compile(r"\b(?:volgende|onderstaande|hierna\s+(?:genoemde|volgende))\s+(?:toezegging|motie)(?:en|s)?\b", re.I)
#: Commitments in general, not one: 'regelmatig toezeggingen', 'een aantal toezeggingen', a 'toezeggingenrappel'.
_GENERIC = re.compile(r"\b(?:regelmatig|vaak|soms|doorgaans|meestal|telkens|geregeld)\b[^.]{0,40}\btoezeggingen\b"
                      r"|\btoezeggingen\b[^.]{0,40}\b(?:regelmatig|vaak|soms|doorgaans|meestal|telkens|geregeld)\b"
                      r"|\b(?:een\s+aantal|enkele|diverse|verschillende)\s+toezeggingen\b(?![^.]{0,140}\b(?:om|over|inzake)\b)"
                      r"|\btoezeggingen(?:rappel|overzicht|registratie)\b", re.I)
#: A sentence about commitments as a set ('de voortgang van de openstaande toezeggingen en aangenomen moties').
_OVERVIEW = re.compile(
    r"\b(?:stand\s+van\s+zaken|voortgang|overzicht|lijst)\b[^.]{0,120}\b(?:toezeggingen|moties)\b"
    r"|\b(?:openstaande|gedane|lopende|aangenomen)\s+(?:toezeggingen|moties)\b[^.]{0,80}\b(?:toezeggingen|moties)\b"
    r"|\b(?:toezeggingen|moties)\b[^.]{0,120}\b(?:stand\s+van\s+zaken|voortgang|overzicht)\b", re.I)


_GOVERNMENT_PROMISED = re.compile(
    r"\b(?:de\s+)?(?:minister|staatssecretaris|bewindspersoon|regering|kabinet)\b[^.;]{0,50}\b(?:heeft|hebben|had)\b[^.;]{0,40}\btoegezegd"
    r"|\b(?:minister|staatssecretaris|bewindspersoon|regering|kabinet)\b[^.;]{0,60}?\b(?:zegt|zeggen|zegde)\b[^.;]{0,140}\btoe\b"
    # 'dat de minister een toezegging heeft gedaan, namelijk dat …', 'de staatssecretaris heeft de toezegging gedaan'
    r"|\b(?:de|het)\s+(?:minister|staatssecretaris|regering|kabinet)\b(?:[^.;]{0,40}?\b(?:heeft|hebben|had)\b[^.;]{0,30}?"
    r"\btoezegging(?:en)?\s+gedaan\b|[^.;]{0,40}?\btoezegging(?:en)?\s+(?:heeft|hebben|had)\s+gedaan\b)", re.I)

#: A promise for the future rather than a description of routine.
_INTENT = re.compile(r"\b(?:zal|zullen|ga|gaan|voornemens|van\s+plan|streef|streven|wil|willen|zeg\w*\b[^.]{0,60}\btoe)\b", re.I)


def _negated_fulfilment(text: str) -> bool:
    """'niet voldaan', 'deels voldaan' (partly is not done), 'was reeds als voldaan aangemerkt' (done before)."""
    return bool(re.search(r"\b(niet|nog niet|geen)\b[^.]{0,40}\b(voldaan|afgedaan|af te doen|afdoen|gestand)\b"
                          r"|\b(voldaan|afgedaan)\b[^.]{0,20}\bniet\b|\b(?:deels|gedeeltelijk)\s+(?:voldaan|afgedaan)\b"
                          r"|\breeds\b[^.]{0,30}\b(?:voldaan|afgedaan)\b", text, re.I))


class _Sentence:
    """One sentence (or clause) and the facts the rules ask about it, each computed once."""

    def __init__(self, text: str, labels: set[str]) -> None:
        self.text, self.labels, self.rx = text, labels, regexes()

    @cached_property
    def fulfils(self) -> bool:
        """A fulfilment by this document: not one reported of an earlier letter ('Bij brief van 29
        januari hebben wij u geïnformeerd over de wijze waarop de motie wordt uitgevoerd')."""
        earlier = _EARLIER_LETTER.search(self.text) and not self.rx["this_letter"].search(self.text)
        return "FULFIL" in self.labels and not _negated_fulfilment(self.text) and not earlier

    @cached_property
    def has_members(self) -> bool:
        return bool(find_members(self.text)[0])

    @cached_property
    def venue(self) -> bool:
        rx, t = self.rx, self.text
        return bool(rx["venue"].search(t) or rx["letter_venue"].search(t) or rx["per_brief"].search(t)
                    or rx["answers_venue"].search(t))

    @cached_property
    def specific(self) -> bool:
        return self.has_members or bool(find_kamerstuk(self.text)) or bool(_T_NUMBER.search(self.text))

    def has(self, *labels: str) -> bool:
        return all(label in self.labels for label in labels)


#: A sentence about what an earlier letter did: 'Bij brief van 29 januari 2024 hebben …', 'In mijn brief van 3 maart heb ik …'.
_EARLIER_LETTER = re.compile(r"^\s*(?:Bij|In|Met)\s+(?:(?:mijn|onze|de|het)\s+)?(?:brief|Kamerbrief)\s+(?:van|d\.d\.)\s+\d{1,2}\s+[a-z]+", re.I)
#: A rule's answer that ends the search with 'no commitment here'.
_DROP = Verdict(0, 0, "drop")
_NO_TOEZEGGING = re.compile(r"\b(?:geen|niets)\s+(?:\w+\s+)?(?:toezegging|toezeggingen|toegezegd)\b|\bniet\s+toegezegd\b", re.I)
_AS_PROMISED = re.compile(r"\bzoals\s+(?:\w+\s+){0,5}toegezegd", re.I)
#: In a letter to the Kamer, 'ik heb toegezegd' is a promise to the Kamer.
_FIRST_PERSON_PROMISED = re.compile(r"\b(?:ik|wij|we)\s+(?:heb|hebben)\b[^.]{0,60}\btoegezegd|"
                                    r"\b(?:ik|wij|we)\b[^.]{0,60}\b(?:heb|hebben)\s+toegezegd|"
                                    r"\b(?:heb|hebben)\s+(?:ik|wij|we)\b[^.]{0,60}\btoegezegd", re.I)
#: The Eerste Kamer's number of a toezegging: 'T01615'.
_T_NUMBER = re.compile(r"\bT\d{5}\b")
#: A promise made as it is spoken: 'ik wil toezeggen dat …', 'dat zeg ik toe', 'ik zeg u toe …'.
_PROMISE_NOW = re.compile(r"\b(?:ik|wij|we)\s+(?:wil|willen|kan|kunnen|zal|zullen)\s+(?:\w+\s+){0,3}toezeggen\b"
                          r"|\bzeg\s+(?:ik|wij|we)\b[^.]{0,80}\btoe\b|\b(?:ik|wij|we)\s+zeg(?:gen)?\b[^.]{0,80}\btoe\b", re.I)
#: 'de toezegging van 5 februari 2023', 'mijn toezegging d.d. 3 maart': in a letter to the Kamer, a toezegging
#: named by its date was made to the Kamer
_DATED_TOEZEGGING = re.compile(r"\btoezegging\w*\s+(?:van|d\.d\.|gedaan\s+op)\s+\d{1,2}\s+(?:januari|februari|maart|april|mei|"
                               r"juni|juli|augustus|september|oktober|november|december)\b", re.I)
_ROUTINE_WORDS = re.compile(r"\bgebruikelijk|\bzoals\s+(?:altijd|elk\s+jaar|ieder\s+jaar)", re.I)


def _no_promise_at_all(s: _Sentence) -> Verdict | None:
    """Questions, committee requests and sentences about commitments as a set."""
    if s.text.rstrip().endswith("?") or s.rx["member_question"].search(s.text) or s.rx["committee_request"].search(s.text):
        return _DROP
    if _CATAPHOR.search(s.text) and not s.specific and not s.venue and ":" not in s.text:
        return _DROP  # 'Verder wijs ik u op de volgende toezegging.': the item follows in its own sentence (a colon: a list)
    if _GENERIC.search(s.text) and not s.specific:
        return _DROP  # 'worden er door bewindspersonen regelmatig toezeggingen gedaan': toezeggingen in general
    if _OVERVIEW.search(s.text) and not s.has_members:
        return _DROP  # 'de stand van zaken van de openstaande toezeggingen': a set, not one promise
    return None


def _aggregate(s: _Sentence) -> Verdict | None:
    """'… wordt aan enkele toezeggingen voldaan op het vlak van A, B en C' and list headers."""
    if s.fulfils and (s.rx["aggregate"].search(s.text) or s.rx["aggregate_inline"].search(s.text)):
        return Verdict(0, 0, "aggregate", fulfils=True)
    if s.fulfils and s.rx["aggregate_header"].search(s.text):
        return Verdict(0, 0, "aggregate_list", fulfils=True)
    return None


def _back_reference(s: _Sentence) -> Verdict | None:
    """'Hierbij voldoe ik aan deze toezegging': fulfils one named before."""
    ana = s.rx["anaphor"].search(s.text)
    if s.fulfils and ana and not s.specific and not s.venue and not _SAYS_WHAT.search(s.text):
        return Verdict(0, 0, "anaphor", fulfils=True, anaphor_kind=ana.group("what").lower())
    if s.has("INDEFINITE") and not s.specific and not _GOVERNMENT_PROMISED.search(s.text):
        return _DROP  # 'een toezegging' in general; but 'de minister heeft een toezegging gedaan' is one
    return None


def _motie(s: _Sentence) -> Verdict | None:
    """A named motie, whatever became of it (aangehouden, verworpen: the register records that)."""
    if not s.has("MOTIE") or not (s.specific or re.search(r"\b(verzoekt|verzocht)\b", s.text)):
        return None
    if re.search(r"\bmoties\s+en\s+toezeggingen|toezeggingen\s+en\s+moties", s.text):
        return None
    return Verdict(0, 0, "commitment", kind="motie", fulfils=s.fulfils and not s.has("EXCL_REJECTED"))


def _not_a_toezegging(s: _Sentence) -> Verdict | None:
    """Headings, rejected moties, 'geen toezegging gedaan' and pledges at summits."""
    if s.has("TOEZEG") and len(s.text.split()) <= 6 and not s.specific:
        return _DROP  # a heading such as 'Toezeggingen aan de Eerste Kamer'
    if s.has("EXCL_REJECTED"):
        return _DROP
    if s.has("TOEZEG") and (_NO_TOEZEGGING.search(s.text)
                            or (s.has("EXCL_SUMMIT") and not s.has("KAMER") and not s.has_members)):
        return _DROP
    return None


def _toezegging(s: _Sentence) -> Verdict | None:
    """A toezegging named as such, made to the Kamer (or a member, or in a debate)."""
    if not s.has("TOEZEG"):
        return None
    text = s.text
    # 'Met deze brief informeer ik uw Kamer, zoals toegezegd in …': this letter is the fulfilment
    as_promised = bool(_AS_PROMISED.search(text) and s.rx["this_letter"].search(text))
    first_person = _FIRST_PERSON_PROMISED.search(text)
    if first_person and not (s.has("KAMER") or s.has_members or s.venue) and _OTHER_ADDRESSEE.search(text):
        return _DROP  # 'Ik heb de VNG toegezegd …': a promise, but not to the Kamer
    # verslagen, Handelingen, the Eerste Kamer's register: 'De minister heeft toegezegd …'
    to_kamer = (s.has("KAMER") or s.has_members or s.venue or s.has("NOTA_YOU") or re.search(r"\btoegezegd\d", text)
                or as_promised or first_person or _GOVERNMENT_PROMISED.search(text)
                or (s.has("LETTER_TO_KAMER") and _DATED_TOEZEGGING.search(text))
                or _T_NUMBER.search(text)  # the Eerste Kamer's register number: a toezegging to that Kamer
                or (s.has("MINISTER_SPEAKS") and _PROMISE_NOW.search(text)))
    if not to_kamer:
        return None
    # 'Ik zeg uw Kamer toe … voor het kerstreces te sturen': promised in this very letter
    if s.has("KAMER") and not s.venue and not s.has_members and not s.fulfils and _PRESENT_PROMISE.search(text) \
            and not re.search(r"toegezegd", text, re.I) and find_due(text):
        return Verdict(0, 0, "commitment", kind="toezegging", new=True)
    return Verdict(0, 0, "commitment", kind="toezegging", fulfils=s.fulfils or as_promised)


def _new_recurring_promise(s: _Sentence) -> Verdict | None:
    """'Ik ben voornemens uw Kamer drie keer per jaar te informeren': new and recurring
    (present-tense 'Halfjaarlijks informeer ik uw Kamer' describes routine and stays out)."""
    if s.rx["letter_planning"].search(s.text):
        return _DROP
    recurring = s.rx["recurrence"].search(s.text)
    if s.has("FIRST", "INFORM", "KAMER") and recurring and _INTENT.search(s.text) and not _ROUTINE_WORDS.search(s.text):
        return Verdict(0, 0, "commitment", kind="toezegging", new=True,
                       recurrence=re.sub(r"\s+", " ", recurring.group(0)).lower())
    return None


def _new_promise_to_inform(s: _Sentence) -> Verdict | None:
    """'Ik zal uw Kamer voor de zomer informeren', 'Uw Kamer ontvangt … in het najaar':
    a new promise with a moment (not this letter itself, not routine)."""
    this_letter = s.rx["this_letter"].search(s.text)
    if s.has("FIRST", "INFORM", "KAMER") and not s.has("EXCL_ROUTINE"):
        due = find_due(s.text)
        if due and not (this_letter and "volgende" not in due) and not re.search(r"\bdeze\s+(?:\w+)?brief", due):
            return Verdict(0, 0, "commitment", kind="toezegging", new=True)
        if not due and re.search(r"\b(zal|zullen)\b", s.text) and re.search(r"\bdan\b", s.text):
            return Verdict(0, 0, "commitment", kind="toezegging", new=True)
    if s.has("KAMER_RECEIVES") and not s.has("EXCL_ROUTINE") and not this_letter:
        due = find_due(s.text)
        if due and not re.search(r"\bdeze\s+(?:\w+)?brief", due):
            return Verdict(0, 0, "commitment", kind="toezegging", new=True)
    return None


#: The rules in the order they are asked; the first that decides wins.
_RULES = (_no_promise_at_all, _aggregate, _back_reference, _motie, _not_a_toezegging, _toezegging,
          _new_recurring_promise, _new_promise_to_inform)


def classify(text: str, labels: set[str]) -> Verdict | None:
    """What one sentence is, by the rules of ``_RULES`` asked in order.  ``labels`` are the
    cue types found in it.  The Eerste Kamer is a Kamer too: in scope, with its chamber."""
    if "EXCL_EERSTE_KAMER" in labels:
        verdict = classify(text, (labels - {"EXCL_EERSTE_KAMER"}) | {"KAMER"})
        if verdict:
            verdict.chamber = "EK"
        return verdict
    sentence = _Sentence(text, labels)
    for rule in _RULES:
        verdict = rule(sentence)
        if verdict is _DROP:
            return None
        if verdict is not None:
            return verdict
    return None


@lru_cache(maxsize=1)
def pipeline() -> Language:
    """The spaCy pipeline of ``patterns/pipeline.cfg``, built once per process."""
    from spacy import util

    config = util.load_config(PATTERNS / "pipeline.cfg")
    nlp = util.load_model_from_config(config, auto_fill=True)
    cast("SpanRuler", nlp.get_pipe("commitment_cues")).add_patterns(cue_patterns())  # a span_ruler (pipeline.cfg)
    return nlp


# -- field extraction -------------------------------------------------------------
def strip_footnote_digits(name: str) -> str:
    return re.sub(r"\d+$", "", name).strip()


def find_members(text: str) -> tuple[list[str], str | None]:
    """Kamerlid surnames as written (footnote digits removed) and the party."""
    rx = regexes()
    name_re = re.compile(rx["name_raw"])
    members: list[str] = []
    party = None
    for intro in rx["member_intro"]:
        for m in intro.finditer(text):
            pos = m.end()
            while True:
                nm = name_re.match(text, pos)
                if not nm:
                    break
                name = strip_footnote_digits(nm.group(0))
                if name.split()[-1] in {"Kamer", "Kamerlid", "Tweede", "Minister", "Staatssecretaris"}:
                    break
                if name not in members:
                    members.append(name)
                pos = nm.end()
                pm = rx["party"].match(text, pos)
                if pm:
                    party = party or pm.group("party")
                    pos = pm.end()
                cm = rx["cs"].match(text, pos)
                if cm:
                    pos = cm.end()
                sep = re.compile(rx["name_sep"].pattern).match(text, pos)
                if not sep or not name_re.match(text, sep.end()):
                    break
                pos = sep.end()
    return members, party


def normalise_kamerstuk(dossier: str, nr: str) -> str:
    dossier = dossier.strip()
    m = re.match(r"(\d{2})[\s.]?(\d{3})(.*)", dossier)
    if not m:
        return f"{dossier}, nr. {nr}"
    suffix = re.sub(r"[\s-]+", " ", m.group(3)).strip()
    return f"{m.group(1)} {m.group(2)}" + (f" {suffix}" if suffix else "") + f", nr. {int(nr)}"


#: An Eerste Kamer stuk: lettered, not numbered: '(34 000 XIII, H)', '(35 483, G)', 'Kamerstukken I 2019/20, 35 300, D'.
_EK_STUK = re.compile(r"(?:\(|Kamerstukken\s+I\s+\d{4}[/-]\d{2,4},?\s+)(?P<dossier>\d{2}\s?\d{3}(?:\s+[IVXLC]{1,6}|\s+[A-Z]{1,3}(?=,))?)"
                      r",\s*(?:letter\s+)?(?P<letter>[A-Z]{1,2})(?=\s*[),.;])")


def find_kamerstuk(text: str) -> str | None:
    for rx in regexes()["kamerstuk"]:
        m = rx.search(text)
        if m:
            return normalise_kamerstuk(m.group("dossier"), m.group("nr"))
    ek = _EK_STUK.search(text)
    if ek:
        d = re.match(r"(\d{2})\s?(\d{3})(.*)", ek.group("dossier"))
        return f"{d.group(1)} {d.group(2)}{d.group(3)}, {ek.group('letter')}" if d else None
    return None


def find_due(text: str, after: int = 0) -> str | None:
    """The first due moment at or after char ``after``, as written, lower-cased first letter."""
    best = None
    for rx in regexes()["due"]:
        for m in rx.finditer(text, after):
            if best is None or m.start() < best.start() or (m.start() == best.start() and m.end() > best.end()):
                best = m
            break
    if not best:
        return None
    start = best.start()
    rec = _RECURRENCE_BEFORE.search(text[max(0, start - 40):start])
    if rec:  # 'jaarlijks vóór het zomerreces': the recurrence belongs to the moment
        start = max(0, start - 40) + rec.start()
    s = re.sub(r"\s+", " ", text[start:best.end()]).strip()
    return s[0].lower() + s[1:]


_RECURRENCE_BEFORE = re.compile(r"\b(?:(?:half)?jaarlijks|maandelijks|elk(?:e)?\s+jaar|ieder(?:e)?\s+jaar)\s+$", re.I)


_REPORT_VERB = re.compile(r"\b(?:te\s+)?(?:informeren|rapporteren|berichten|sturen|zenden|toekomen|toe\s+te\s+sturen|"
                          r"terug\s+te\s+komen|op\s+de\s+hoogte\s+te\s+stellen)\b", re.I)


def due_of_request(text: str) -> str | None:
    """The moment of what a motie asks: the due expression nearest to its reporting verb
    ('… die al op korte termijn zorgen …, en hierover voor de begroting aan de Kamer te
    rapporteren': 'voor de begroting'); without a reporting verb, the first one."""
    verbs = [m.start() for m in _REPORT_VERB.finditer(text)]
    found = []
    for rx in regexes()["due"]:
        found.extend(rx.finditer(text))
    if not verbs or not found:
        return find_due(text) or _recurring_report(text, None)
    best = min(found, key=lambda m: (min(abs(m.start() - v) for v in verbs), -len(m.group(0))))
    s = re.sub(r"\s+", " ", best.group(0)).strip()
    return s[0].lower() + s[1:]


_FOOTNOTE_DEF = re.compile(
    r"(?:(?<=\s)|^)(?P<n>\d{1,2})\s+(?P<text>(?:Zie\s+(?:ook\s+)?)?Kamerstuk(?:ken)?\b.*?nr\.?\s*\d+\.?"
    r"|(?:WGO|Wetgevingsoverleg|Commissiedebat|Tweeminutendebat|Notaoverleg|Plenair debat|Algemeen overleg)\b.*?\b(?:19|20)\d{2}\b)")
_FOOTNOTE_REF = [
    re.compile(r"<sup>(?P<n>\d{1,2})</sup>"),
    re.compile(r"(?<=[a-zà-ÿ)][.,;:])(?<!nr\.)(?P<n>\d{1,2})(?=\s|$)"),
    re.compile(r"(?<=[A-Za-zà-ÿ)’'»])(?P<n>\d{1,2})(?=[\s.,;:)]|$)"),
    re.compile(r"\b(?:19|20)\d{2}(?P<n>\d{1,2})\b"),
    re.compile(r"Wi(?:19|20)\d{2}(?P<n>\d{1,2})\b"),
]


def footnote_map(doc: Document) -> dict[int, str]:
    """Footnote number -> text: from the reader's footnote blocks, and from
    footnote-like lines left in the body ('7 Kamerstuk 35 925 XV, nr. 17.')."""
    notes: dict[int, str] = {}
    for b in doc.blocks:
        if b.kind == "footnote":
            m = re.match(r"\s*(\d{1,3})[\s.)]+(.*)", b.text, re.S)
            if m:
                notes.setdefault(int(m.group(1)), m.group(2).strip())
    for b in doc.blocks:
        if b.kind in ("paragraph", "list_item", "footer", "table"):
            for m in _FOOTNOTE_DEF.finditer(b.text):
                notes.setdefault(int(m.group("n")), m.group("text").strip())
    return notes


def footnote_refs(text: str, notes: dict[int, str]) -> list[int]:
    refs: list[tuple[int, int]] = []
    for rx in _FOOTNOTE_REF:
        for m in rx.finditer(text):
            n = int(m.group("n"))
            if n in notes:
                refs.append((m.start(), n))
    return [n for _, n in sorted(refs)]


def _clean_venue(v: str) -> str:
    v = re.sub(r"\s+", " ", v).strip(" ,")
    while True:
        w = re.sub(r"\s+(en|van|de|het|voor|op|in|over)$", "", v).strip(" ,")
        if w == v:
            return v
        v = w


def find_venue(text: str, ref: dt.date | None) -> tuple[str | None, str | None, tuple[int, int] | None]:
    """(made_in, made_on, span of the date used)."""
    rx = regexes()
    m = rx["letter_venue"].search(text)
    if m:
        when = re.sub(r"\s+(jl\.|a\.s\.)$", "", m.group("when").strip())
        got = dates.find_dates(text[m.start("when"):], ref)
        made_on = got[0][2] if got else None
        span = (m.start("when") + got[0][0], m.start("when") + got[0][1]) if got else None
        return f"{m.group('venue')} van {when}", made_on, span
    m = rx["answers_venue"].search(text)
    if m:
        return _clean_venue(m.group("venue")), None, None
    m = rx["venue"].search(text)
    if m:
        venue = _clean_venue(m.group("venue"))
        tail = text[m.end("venue"):m.end("venue") + 40]
        dm = re.match(r"\s*(?:\(\w+\)\s*)?\(?\s*(?:(?:van|op|d\.d\.|in)\s+)?", tail)
        if dm:
            got = dates.find_dates(tail, ref)
            if got and got[0][0] <= dm.end() + 3:
                s = m.end("venue")
                return venue, got[0][2], (s + got[0][0], s + got[0][1])
        return venue, None, None
    m = rx["per_brief"].search(text)
    if m:
        return "brief", None, None
    return None, None, None


_TRIGGER = re.compile(r"toegezegd|\btoe[gq]e?[zc]e?[cegq]{1,2}d\b|toezeg\w*|\btoe\b|verzoekt|verzocht|verzoek|informeer|informeren|berichten|"
                      r"terug\s+te\s+komen|terugkomen|motie", re.I)
_SUBJECT_START = re.compile(
    r"(?:toegezegd\d*|toezegging\s+gedaan\s+aan\s+[^,]*?\s+om|verzoekt(?:\s+de\s+regering)?|verzocht(?:\s+wordt)?|"
    r"informeer\s+ik\s+uw\s+Kamer|informeren)\s*(?:om\s+|dat\s+)?(?P<rest>.+)$", re.I)


def make_subject(text: str, kind: str, new: bool, prev_sentence: str = "") -> str:
    """A short description: what was promised, cut to about 14 words.

    For a new promise that is the 'over …' part; when the sentence only says
    'hierover', the sentence before it."""
    text = re.sub(r"(?<=[a-zà-ÿ])\d{1,2}(?=[\s.,;:)]|$)", "", text)
    rest = ""
    if new:
        m = re.search(r"\bover\s+(?P<rest>.+)$", text, re.I)
        rest = m.group("rest") if m else ""
        due = find_due(rest)
        if due:
            rest = re.sub(re.escape(due), "", rest, flags=re.I)
        rest = re.split(r"\b(?:informeer|informeren|nader)\b", rest)[0]
        if not rest.strip(" .,") and prev_sentence:
            rest = re.sub(r"(?<=[a-zà-ÿ])\d{1,2}(?=[\s.,;:)]|$)", "", prev_sentence)
    else:
        m = _SUBJECT_START.search(text)
        rest = m.group("rest") if m else ""
        if re.match(r"in\s+de\s+motie\b", rest):  # 'Om … te monitoren, zoals is verzocht in de motie …'
            rest = re.split(r",?\s+zoals\b", text)[0]
        if len(rest.strip(" .").split()) < 3:
            rest = text
    rest = re.sub(r"^\s*en\s+", "", rest)
    words = re.sub(r"\s+", " ", rest).strip(" .,").split()
    short = " ".join(words[:14])
    return short + (" …" if len(words) > 14 else "")


# -- the extractor ------------------------------------------------------------------
@dataclass
class Unit:
    """Text that is processed as one: a block, or blocks that continue a sentence."""

    text: str
    blocks: list[Block]
    offsets: list[int]  # char offset of each block in text
    lead: str = ""

    def block_at(self, pos: int) -> Block:
        idx = 0
        for i, off in enumerate(self.offsets):
            if off <= pos:
                idx = i
        return self.blocks[idx]


def _units(doc: Document) -> list[Unit]:
    units: list[Unit] = []
    for b in doc.blocks:
        if b.kind not in ("paragraph", "list_item", "heading", "table"):
            continue
        text = b.text.strip()
        if not text:
            continue
        prev = units[-1] if units else None
        if (prev and prev.blocks[-1].kind in ("paragraph", "list_item") and b.kind == "paragraph"
                and not re.search(r"[.!?:;]\s*$", prev.text) and re.match(r"[a-zà-ÿ(]", text)):
            prev.offsets.append(len(prev.text) + 1)
            prev.text += " " + text
            prev.blocks.append(b)
        else:
            units.append(Unit(text, [b], [0]))
    return units


@dataclass
class Candidate:
    c: Commitment
    context: str
    unit_index: int
    order: float  # a motie gets a half position between two sentences
    strength: int = 0
    extra_quotes: list[str] = field(default_factory=list)
    span: tuple[int, int] = (0, 0)  # the sentence's char offsets in its unit


_COMES_BACK = re.compile(r"\b(?:hier|daar)(?:over|op)\b[^.]*\b(?:terug|informeer\w*|rapporteer\w*|bericht\w*)\b"
                         r"|\b(?:terug|informeer\w*|rapporteer\w*|bericht\w*)\b[^.]*\b(?:hier|daar)(?:over|op)\b"
                         r"|\b(?:hier|daar)\b[^.]*\bop\s+terug\b"  # 'kom hier … op terug'
                         # 'Ik streef ernaar dat voor de zomer te doen', 'Dat gebeurt in het najaar': 'dat' is the promise
                         r"|\b(?:dat|dit)\b[^.]{0,80}?\b(?:te\s+doen|doen|gebeur\w*|plaatsvind\w*)\b"
                         r"|^\s*(?:Dat|Dit)\s+(?:zal|zullen|verwacht|doe|gebeurt|volgt)\b", re.I)



def _moment_from_next_sentence(unit_cands: list[Candidate], sents: list[Span], ref: dt.date | None) -> None:
    """'De motie … is aangenomen. Ik kom hier in het voorjaar van 2025 op terug.':
    the sentence after a commitment that comes back to it gives its moment,
    even when it names no Kamer and so is no promise of its own."""
    for cd in unit_cands:
        if cd.c.due or cd.c.new_here:
            continue
        nxt = next((s for s in sents if s.start_char >= cd.span[1]), None)
        if nxt is None or nxt.start_char - cd.span[1] > 2 or not _COMES_BACK.search(nxt.text):
            continue
        due = find_due(nxt.text)
        if due:
            cd.c.due = due
            got = dates.resolve_due(due, ref)
            cd.c.due_date = got.isoformat() if got else None


def _gives_moment_of(prev: Candidate, new: Commitment, sent: str, ui: int, between: str) -> bool:
    """'… heb ik toegezegd de effecten te laten monitoren. De eerste monitor
    verwacht ik in het najaar naar uw Kamer te sturen.': the second sentence is
    the moment of the promise (or motie) just before it, not a second promise.
    It must follow directly, refer back to it ('hierover', or a shared word
    stem), and the earlier one must not have a moment of its own."""
    if prev.unit_index != ui or prev.c.new_here or prev.c.due or not new.due or between.strip():
        return False
    if re.search(r"\b(?:hier|daar)(?:over|op|van|mee|aan)\b", sent, re.I):
        return True
    # 'dit overzicht', 'deze resultaten': a demonstrative points back (not 'dit jaar', 'deze brief')
    if re.search(r"\b(?:dit|deze)\s+(?!(?:brief|nota|jaar|week|maand|zomer|najaar|voorjaar|periode|kabinetsperiode)\b)[a-zà-ÿ]{4,}",
                 sent, re.I):
        return True
    stems = lambda t: {w[:6] for w in _content_words(t) if len(w) >= 6 and not w.isdigit()}
    return bool(stems(sent) & stems(prev.c.quote))


def _norm_ws(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip()


class QuoteFinder:
    """Finds a sentence in the raw source, so the quote is the text exactly as
    written even when the reader re-joined hyphenated line breaks ('Neder-
    landse') or moved footnote digits out of the text."""

    def __init__(self, source: str) -> None:
        self.raw = ""
        path = Path(source)
        if path.suffix.lower() in (".txt", ".md") and path.is_file():
            try:
                self.raw = _norm_ws(path.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError):
                self.raw = ""

    def find(self, sentence: str) -> str:
        s = _norm_ws(sentence)
        if not self.raw or s in self.raw:
            return s
        parts: list[str] = []
        for i, ch in enumerate(s):
            nxt = s[i + 1] if i + 1 < len(s) else ""
            if ch == " ":
                parts.append(r"\s+")
            elif ch.isalpha():
                parts.append(re.escape(ch))
                if nxt.isalpha():
                    parts.append(r"(?:-\s)?")
                elif not nxt.isdigit():
                    parts.append(r"\d{0,2}")
            else:
                parts.append(re.escape(ch))
        try:
            m = re.search("".join(parts), self.raw)
        except re.error:
            return s
        return m.group(0) if m else s


@dataclass
class _Reading:
    """What the extractor knows of one document while it reads it."""

    doc: Document
    ref: dt.date | None
    units: list[Unit]
    notes: dict[int, str]
    quotes: QuoteFinder
    starts: list[int]
    joined: str
    motions: list[MotionText]
    chamber: str
    cands: list[Candidate] = field(default_factory=list)
    anaphors: list[tuple[int, int, Verdict, str]] = field(default_factory=list)
    list_headers: list[tuple[int, int]] = field(default_factory=list)
    aggregates: list[tuple[int, int, str, str]] = field(default_factory=list)
    positions: list[tuple[int, int]] = field(default_factory=list)  # (char in ``joined``, order) of each verdict
    order: int = 0

    @property
    def doc_date(self) -> str | None:
        return self.ref.isoformat() if self.ref else None


def extract(doc: Document, doc_date: dt.date | None = None) -> list[Commitment]:
    """All commitments a document mentions, one object per distinct commitment."""
    text_all = "\n".join(b.text for b in doc.blocks)
    units = _units(doc)
    starts, joined = _unit_offsets(units)
    r = _Reading(doc=doc, ref=doc_date or dates.document_date(text_all, doc.metadata), units=units,
                 notes=footnote_map(doc), quotes=QuoteFinder(doc.source), starts=starts, joined=joined,
                 motions=find_motions(joined), chamber=_chamber_of(text_all))
    _read_sentences(r, _addressed_to_kamer(text_all))
    if has_field_lines(joined):
        _fill_from_field_lines(r)
    _resolve_back_references(r)
    r.cands.extend(_motion_candidates(r, document_venue(text_all)))
    merged = _merge_register_entries(r, _dedupe(_merge_definitions(r.cands)))
    _status_from_votes(r.joined, merged)
    _status_from_list_heads(r, merged)
    _status_from_chair(r.joined, merged)
    _add_aggregate_topics(r, merged)
    _add_listed_items(r, merged)
    _add_promise_lists(r, merged)
    merged.sort(key=lambda cd: cd.order)
    return [cd.c for cd in merged]


def _read_sentences(r: _Reading, you_is_kamer: bool) -> None:
    """Every block with a cue through the spaCy pipeline; each verdict to its place."""
    nlp = pipeline()
    work = [(i, u) for i, u in enumerate(r.units) if CUE_STEMS.search(u.text) and not is_field_block(u.text)]
    speaking = _minister_speaking(r.units)
    docs = (_with_context(nlp, u.text, you_is_kamer, speaking[i]) for i, u in work)
    for (ui, unit), sdoc in zip(work, nlp.pipe(docs), strict=True):
        sents = sdoc.user_data.get("sents") or list(sdoc.sents)
        unit.lead = sents[0].text if sents else ""
        for v in sdoc.user_data.get("verdicts", []):
            r.order += 1
            if _inside_motion(r.starts[ui] + v.start, r.starts[ui] + v.end, r.motions):
                continue  # part of a printed motie: the motie component reads it whole
            r.positions.append((r.starts[ui] + v.start, r.order))
            _take_verdict(r, ui, unit, sdoc, v)
        _moment_from_next_sentence([cd for cd in r.cands if cd.unit_index == ui], sents, r.ref)


def _take_verdict(r: _Reading, ui: int, unit: Unit, sdoc: Doc, v: Verdict) -> None:
    """A back reference or aggregate is kept for later; a commitment becomes a candidate,
    unless it only gives the moment of the one before it."""
    sent = _LIST_MARK.sub("", sdoc.text[v.start:v.end])
    if v.role == "anaphor":
        r.anaphors.append((ui, r.order, v, sent))
        return
    if v.role == "aggregate":
        r.aggregates.append((ui, r.order, sent, unit.block_at(v.start).id))
        return
    if v.role == "aggregate_list":
        r.list_headers.append((ui, r.order))
        return
    c = build(sdoc.text[v.clause[0]:v.clause[1]] if v.clause else sent, v, r.ref, r.notes, sdoc.text[:v.start])
    if (v.clause and r.cands and r.cands[-1].span == (v.start, v.end) and not c.made_in and not c.new_here
            and c.kind == r.cands[-1].c.kind == "toezegging"):
        c.made_in, c.made_on = r.cands[-1].c.made_in, r.cands[-1].c.made_on  # '…, en heeft u het lid Y toegezegd …'
    if v.clause and c.kind == "motie" and not c.motie_status and re.search(r"\b(?:zijn|werden)\b", sent):
        shared = _MOTIE_STATUS.search(sent)  # 'De motie X … en de motie Y … zijn aangenomen': both
        c.motie_status = shared.group(1).lower() if shared else None
    blk = unit.block_at(v.start)
    c.chamber = v.chamber or r.chamber
    c.source, c.page, c.block = r.doc.source, blk.page, blk.id
    c.quote = r.quotes.find(sent)
    c.subject = _with_heading(c, sent, heading_before(r.units, ui))
    c.document_date = r.doc_date
    if c.new_here and c.due_date and r.ref and c.due_date < r.ref.isoformat():
        return  # a moment already past: a report on what was done, not a promise
    prev = r.cands[-1] if r.cands else None
    if c.new_here and prev and _gives_moment_of(prev, c, sent, ui, sdoc.text[prev.span[1]:v.start]):
        prev.c.due, prev.c.due_date = c.due, c.due_date
        return
    context = sent + " " + (unit.lead if len(unit.lead.split()) <= 12 else "")
    numbers = _several_numbers(sdoc.text[v.clause[0]:v.clause[1]] if v.clause else sent) if c.kind == "motie" else []
    for k, kamerstuk in enumerate(numbers or [c.kamerstuk]):
        one = c if k == 0 else copy.copy(c)  # 'de moties-Voortman (19637, nrs. 32, 33 en 35)': three moties
        one.kamerstuk = kamerstuk
        r.cands.append(Candidate(one, context, ui, r.order + k / 100, _strength(sent, v), span=(v.start, v.end)))


#: One member's moties by number: '(19637, nrs. 32, 33 en 35)'.
_NRS = re.compile(r"\((?P<dossier>\d{2}\s?\d{3}(?:[\s-]+[A-Z]{1,6}\b|\s+[IVXLC]{1,6}\b)?),\s*nrs\.\s*(?P<nrs>\d+(?:\s*(?:,|en)\s*\d+)+)\)")


def _several_numbers(text: str) -> list[str]:
    """The Kamerstukken of a plural reference to one member's moties, one per number."""
    m = _NRS.search(text)
    if not m or not re.search(r"\bmoties\b", text, re.I):
        return []
    return [normalise_kamerstuk(m.group("dossier"), n) for n in re.findall(r"\d+", m.group("nrs"))]


def _fill_from_field_lines(r: _Reading) -> None:
    """A register page: each entry's 'Deadline', 'Datum toezegging' and 'Kamerleden' lines
    give the fields its sentence leaves open."""
    starts = [r.starts[cd.unit_index] + cd.span[0] for cd in r.cands]
    ends = [r.starts[cd.unit_index] + cd.span[1] for cd in r.cands] + [len(r.joined)]
    for i, cd in enumerate(r.cands):
        # the lines after the text first (the first of each label wins, so the next entry's
        # own lines, which follow its text, are not taken); else the lines above it
        if _PROMISE_NOW.search(cd.c.quote):
            continue  # 'Maar ik wil toezeggen …' quoted on the page: a promise of its own, not the entry's
        fields = entry_fields(r.joined, ends[i], ends[i + 1]) or entry_fields(r.joined, ends[i - 1] if i else 0, starts[i])
        c = cd.c
        if not c.due and fields.get("due"):
            c.due = fields["due"][0].lower() + fields["due"][1:]
            got = dates.resolve_due(c.due, dates.parse_iso(c.made_on) if c.made_on else r.ref)
            c.due_date = got.isoformat() if got else None
        if not c.made_on and fields.get("made_on") and not c.new_here:
            found = dates.find_dates(fields["made_on"], r.ref)
            c.made_on = found[0][2] if found else None
        if not c.members and fields.get("members"):
            c.members, party = people(fields["members"])
            c.party = c.party or party
        if fields.get("status", "").lower().startswith("voldaan"):
            c.fulfilled_here = True  # the register records it as kept ('Status voldaan'; not 'deels voldaan')


_PLURAL_BACK = re.compile(r"\b(?:beide|alle|deze|die|de|uw)\s+(?:\w+\s+)?(?:toezeggingen|moties)\b", re.I)


def _resolve_back_references(r: _Reading) -> None:
    """'Hierbij voldoe ik aan de toezegging.': the commitment just before is fulfilled;
    'aan beide toezeggingen voldaan': every one of that kind just before."""
    for ui, order_a, v, sent in r.anaphors:
        before = [cd for cd in r.cands if cd.order < order_a and ui - 2 <= cd.unit_index <= ui]
        kind_ok = [cd for cd in before if cd.c.kind == v.anaphor_kind] or before
        for cd in (kind_ok if _PLURAL_BACK.search(sent) else kind_ok[-1:]):
            cd.c.fulfilled_here = True


def _add_aggregate_topics(r: _Reading, merged: list[Candidate]) -> None:
    """An aggregate sentence: each listed topic fulfils the commitment it names, or is one."""
    for ui, order_g, sent, block_id in r.aggregates:
        m = regexes()["aggregate"].search(_norm_ws(sent)) or regexes()["aggregate_inline"].search(_norm_ws(sent))
        for topic in split_topics(m.group("list")) if m else []:
            hits = [cd for cd in merged if not cd.c.new_here and _topic_match(topic, cd.context)]
            for cd in hits:
                cd.c.fulfilled_here = True
            if hits:
                continue
            blk = next((b for u in r.units for b in u.blocks if b.id == block_id), None)
            c = Commitment(kind="toezegging", subject=_norm_ws(topic), fulfilled_here=True,
                           quote=r.quotes.find(sent), source=r.doc.source, page=blk.page if blk else None,
                           block=block_id, document_date=r.doc_date)
            merged.append(Candidate(c, topic, ui, order_g))


def _add_listed_items(r: _Reading, merged: list[Candidate]) -> None:
    """'Met deze brief doe ik de volgende toezeggingen af:' and a list: each item fulfilled."""
    for ui, order_h in r.list_headers:
        for k, unit in enumerate(_list_after(r.units, ui), start=1):
            hits = [cd for cd in merged if cd.unit_index == ui + k]
            for cd in hits:
                cd.c.fulfilled_here = True
            if hits:
                continue
            item = _LIST_MARK.sub("", unit.text).strip()
            members, party = find_members(item)
            kind = "motie" if re.search(r"\bmoties?\b", item, re.I) else "toezegging"
            blk = unit.blocks[0]
            c = Commitment(kind=kind, members=members, party=party, kamerstuk=find_kamerstuk(item),
                           subject=make_subject(item, kind, False), fulfilled_here=True, quote=r.quotes.find(item),
                           source=r.doc.source, page=blk.page, block=blk.id, document_date=r.doc_date)
            merged.append(Candidate(c, item, ui + k, order_h + k))


#: The head of the list of toezeggingen at the end of a commissiedebat's verslag or read out by the chair:
#: 'Toezeggingen', 'Toezeggingen:', 'Ik heb de volgende toezeggingen genoteerd:', 'De volgende toezeggingen zijn gedaan:'.
_PROMISE_LIST_HEAD = re.compile(
    r"^\s*(?:(?:Overzicht\s+van\s+(?:de\s+)?)?(?:gedane\s+)?toezeggingen(?:\s+(?:aan\s+de\s+Kamer|van\s+de\s+bewindsperso\w+))?\s*:?\s*$"
    r"|.{0,80}\bvolgende\s+toezeggingen\s+(?:genoteerd|gedaan|zijn\s+gedaan|heb\s+ik\s+genoteerd)\b[^:]{0,40}:?\s*$)", re.I)
#: An item of such a list that is a promise in the third person ('De minister zal …', 'De staatssecretaris stuurt …').
_PROMISE_ITEM = re.compile(r"^\s*(?:[•·▪◦●*–—-]\s*)?(?:De|Het)\s+(?:minister|staatssecretaris|bewindspersoon|bewindslieden|kabinet|regering)\b", re.I)


def _add_promise_lists(r: _Reading, merged: list[Candidate]) -> None:
    """A verslag's (or the chair's) list of toezeggingen made in the debate: every item is one, made
    there and then - not a promise of this document - even where its wording would read as new."""
    venue, made_on = _debate_of(r)
    for ui, unit in enumerate(r.units):
        if not _PROMISE_LIST_HEAD.match(unit.text):
            continue
        for k, item in enumerate(_items_after(r.units, ui), start=1):
            hits = [cd for cd in merged if cd.unit_index == ui + k and cd.c.kind == "toezegging"]
            if not hits:
                text = _LIST_MARK.sub("", item.text).strip()
                c = build(text, Verdict(0, 0, "commitment", kind="toezegging"), r.ref, r.notes, "")
                blk = item.blocks[0]
                c.chamber, c.source, c.page, c.block = r.chamber, r.doc.source, blk.page, blk.id
                c.quote, c.document_date = r.quotes.find(text), r.doc_date
                before = [cd.order for cd in merged if cd.unit_index < ui + k]
                hits = [Candidate(c, text, ui + k, (max(before) if before else 0) + k / 1000)]
                merged.extend(hits)
            for cd in hits:  # made in the debate of this verslag, whatever else the item names
                cd.c.new_here = False
                cd.c.made_in = venue or cd.c.made_in
                cd.c.made_on = made_on or cd.c.made_on


#: 'heeft op 14 maart 2024 overleg gevoerd met …', 'heeft op 3 april een commissiedebat gevoerd': the debate's day.
_HELD_ON = re.compile(r"\bop\s+(?P<when>\d{1,2}\s+[a-z]+(?:\s+\d{4})?)\s+(?:\w+\s+){0,3}(?:overleg|debat|commissiedebat|"
                      r"notaoverleg|wetgevingsoverleg)\s+gevoerd\b")


def _debate_of(r: _Reading) -> tuple[str | None, str | None]:
    """The debate a verslag reports (its title line) and the day it was held (its opening sentence)."""
    title = r.units[0].text.splitlines()[0] if r.units else ""
    m = regexes()["venue"].search(title)
    venue = _clean_venue(m.group("venue")) if m else None
    held = _HELD_ON.search(r.joined[:1500])
    found = dates.find_dates(held.group("when"), r.ref) if held else []
    return venue, (found[0][2] if found else None)


def _items_after(units: list[Unit], ui: int) -> list[Unit]:
    """The items under a list head: marked list items, or paragraphs that each state a promise."""
    listed = _list_after(units, ui)
    if listed:
        return listed
    out = []
    for unit in units[ui + 1:]:
        if not _PROMISE_ITEM.match(unit.text):
            break
        out.append(unit)
    return out


def _with_context(nlp: Language, text: str, you_is_kamer: bool, minister_speaks: bool = False) -> Doc:
    doc = nlp.make_doc(text)
    doc.user_data["you_is_kamer"] = you_is_kamer
    doc.user_data["minister_speaks"] = minister_speaks
    return doc


#: A speaker's line in the Handelingen (or quoted on a register page): 'Minister Grapperhaus:', 'De heer Omtzigt (CDA):'.
_SPEAKER_LINE = re.compile(r"^\s*(?P<who>(?:De\s+)?(?:[Mm]inister|[Ss]taatssecretaris|[Mm]inister-[Pp]resident)\b|De\s+heer\b|Mevrouw\b|"
                           r"De\s+voorzitter\b)[^:\n]{0,80}:")


def _minister_speaking(units: list[Unit]) -> list[bool]:
    """For each unit: is a minister or state secretary speaking (the last speaker's line above)?
    There 'ik zeg toe' is a promise to the Kamer."""
    out, current = [], False
    for unit in units:
        m = _SPEAKER_LINE.match(unit.text)
        if m:
            current = bool(re.match(r"(?:De\s+)?(?:minister|staatssecretaris)", m.group("who"), re.I))
        out.append(current)
    return out


_NOTA_HEAD = re.compile(r"(?im)^\s*(?:beslis|informatie|advies)?nota\b|^\s*Aan\s*:?\s*(?:de\s+)?(?:minister|staatssecretaris)\b")
_TO_KAMER = re.compile(r"Voorzitter\s+van\s+de\s+(?:Tweede|Eerste)\s+Kamer|(?:Tweede|Eerste)\s+Kamer\s+der\s+Staten-Generaal"
                       r"|Geachte\s+(?:voorzitter|Kamerleden)|\buw\s+Kamer\b", re.I)


def _addressed_to_kamer(text: str) -> bool:
    """A letter to the Kamer (not a nota to the minister): there 'u' is the Kamer."""
    return not _NOTA_HEAD.search(text[:600]) and bool(_TO_KAMER.search(text[:3000]) or _TO_KAMER.search(text))


#: The Eerste Kamer's own register and records: a toezegging number 'T00969' (the Tweede Kamer's are
#: 'TZ…'), 'Handelingen I' (the Tweede Kamer's are 'Handelingen II').
_EK_REGISTER = re.compile(r"\(T\d{5}\)|\bNummer\s+T\d{5}\b|\bHandelingen\s+I\b(?!I)|\bT0\d{4}\b|\bKamerstukken\s+I\b(?!I)")
_EK_NAMED = re.compile(r"\bEerste\s+Kamer\b|\bEERSTE\s+KAMER\b|\bsenat(?:or|oren|aat)\b|\bde\s+[Ss]enaat\b")
_TK_NAMED = re.compile(r"\bTweede\s+Kamer\b|\bTWEEDE\s+KAMER\b|\bKamerlid\b|\bKamerleden\b")


def _chamber_of(text: str) -> str:
    """'EK' for a document addressed to, or written in, the Eerste Kamer; else 'TK'."""
    addressee = re.search(r"\bAan\s+de\s+(?:Voorzitter|voorzitter|leden)\s+van\s+de\s+(Eerste|Tweede)\s+Kamer", text[:3000], re.I)
    if addressee:  # the addressee line decides, whatever else the opening mentions
        return "EK" if addressee.group(1).lower() == "eerste" else "TK"
    head = text[:800]
    if re.search(r"Eerste\s+Kamer|EERSTE\s+KAMER", head) and not _TK_NAMED.search(head):
        return "EK"
    if _EK_REGISTER.search(text[:3000]):
        return "EK"
    # minutes or notes of the Eerste Kamer that print no addressee: it names itself, the Tweede Kamer not at all
    if len(_EK_NAMED.findall(text)) >= 2 and not _TK_NAMED.search(text):
        return "EK"
    return "TK"


def _unit_offsets(units: list[Unit]) -> tuple[list[int], str]:
    """The units joined one per line, and where each starts: the motie component reads
    the document as lines, since a motie's parts are separate paragraphs."""
    starts, pos = [], 0
    for u in units:
        starts.append(pos)
        pos += len(u.text) + 1
    return starts, "\n".join(u.text for u in units)


def _inside_motion(start: int, end: int, motions: list[MotionText]) -> bool:
    return any(m.start <= start and end <= m.end + 1 for m in motions)


#: The strength of a motie read from its printed text (dictum, signatories), above any sentence's.
_PRINTED = 20


def _motion_candidates(r: _Reading, venue: str | None) -> list[Candidate]:
    """One commitment per printed motie, quoted by its dictum, in reading order among the rest;
    ``venue``: the debate of a Handelingen item, for a motie that names none itself."""
    import bisect

    out = []
    starts, positions, ref = r.starts, r.positions, r.ref
    for mt in r.motions:
        ui = max(bisect.bisect_right(starts, mt.dictum_start) - 1, 0)
        later = [o for p, o in positions if p > mt.dictum_start]
        order = (min(later) - 0.5) if later else (max((o for _, o in positions), default=0) + 0.5)
        due = due_of_request(mt.dictum)
        due_date = dates.resolve_due(due, ref) if due else None
        made_on = None
        if mt.made_on:
            got = dates.find_dates(mt.made_on, ref)
            made_on = got[0][2] if got else None
        blk = r.units[ui].block_at(mt.dictum_start - starts[ui])
        c = Commitment(
            kind="motie", members=mt.members, party=mt.party, made_on=made_on, made_in=mt.made_in or venue,
            kamerstuk=normalise_kamerstuk(*mt.kamerstuk) if mt.kamerstuk else None,
            subject=make_subject(mt.dictum, "motie", False), due=due,
            recurrence=due if due and regexes()["recurrence"].fullmatch(due) else None,
            due_date=due_date.isoformat() if due_date else None, quote=r.quotes.find(mt.dictum),
            motie_status=mt.status, fulfilled_here=mt.settled, chamber=r.chamber, source=r.doc.source, page=blk.page,
            block=blk.id,
            document_date=r.doc_date)
        out.append(Candidate(c, mt.dictum, ui, order, strength=_PRINTED, span=(mt.dictum_start - starts[ui], 0)))
    return out


def _list_after(units: list[Unit], ui: int) -> list[Unit]:
    """The list items that follow unit ``ui`` (stops at the first other block)."""
    out = []
    for unit in units[ui + 1:]:
        if unit.blocks[0].kind == "list_item" or _LIST_MARK.match(unit.text):
            out.append(unit)
        else:
            break
    return out


_LIST_MARK = re.compile(r"^\s*(?:[•·▪◦●*–-]|\d{1,2}[.)]|[a-z][.)])\s+")


def _strength(sent: str, v: Verdict) -> int:
    score = min(len(sent) // 60, 4)
    if v.fulfils:
        score += 4
    if re.search(r"\b(verzoekt|verzocht|toegezegd|aangenomen)\b", sent):
        score += 3
    if re.match(r"\s*(\d+\.|•|-)\s", sent) or len(sent.split()) < 8:
        score -= 5
    return score


def build(sent: str, v: Verdict, ref: dt.date | None, notes: dict[int, str], prev_text: str) -> Commitment:
    """Fill the fields of one commitment from its sentence and the footnotes it points to."""
    text = _norm_ws(sent)
    members, party = find_members(text)
    kamerstuk, made_in, made_on = _where_made(text, v, ref, notes)
    trigger = _TRIGGER.search(text)
    due = _due_as_written(text, v, trigger, prev_text)
    if not v.new and made_on is None:
        made_on = _date_made(text, v, ref, trigger, due)
    due_date = dates.resolve_due(due, _due_reference(due, made_on, ref))
    if v.new:
        made_in = made_on = None
    status = _MOTIE_STATUS.search(text) if v.kind == "motie" else None
    return Commitment(
        kind=v.kind or "toezegging", members=members, party=party, made_on=made_on, made_in=made_in,
        motie_status=status.group(1).lower() if status else None,
        recurrence=v.recurrence or (due if due and regexes()["recurrence"].fullmatch(due) else None),
        kamerstuk=kamerstuk, subject=_subject(text, v, made_in, made_on, prev_text), due=due,
        due_date=due_date.isoformat() if due_date else None, fulfilled_here=v.fulfils,
        new_here=v.new, quote=text)


def _where_made(text: str, v: Verdict, ref: dt.date | None, notes: dict[int, str]) -> tuple[str | None, str | None, str | None]:
    """(kamerstuk, made_in, made_on) from the sentence, then from the footnotes it points to."""
    kamerstuk = find_kamerstuk(text)
    made_in, made_on, _ = find_venue(text, ref) if not v.new else (None, None, None)
    for n in footnote_refs(text, notes):
        note = notes[n]
        kamerstuk = kamerstuk or find_kamerstuk(note)
        if not made_in and regexes()["venue"].match(note):
            got = dates.find_dates(note, ref)
            made_in = _norm_ws(note[:got[0][0]] if got else note).strip(" ,.")
            made_on = made_on or (got[0][2] if got else None)
    return kamerstuk, made_in, made_on


def _due_as_written(text: str, v: Verdict, trigger: re.Match | None, prev_text: str) -> str | None:
    """The moment after the promising verb ('toegezegd … voor de zomer'); a recurring
    promise's recurrence; 'dan' in a new promise: the year the text before names."""
    due = find_due(text, trigger.start() if trigger and not v.new else 0) or v.recurrence or _recurring_report(text, trigger)
    if not due and trigger and not v.new and trigger.start() > 0:
        # 'heeft de Minister-President half februari een brief toegezegd': the moment just before the verb
        # ('in april heeft toegezegd' is when it was promised, not when it is due)
        window = max(0, trigger.start() - 60)
        due = find_due(text[window:trigger.start()])
        due = None if due and re.match(r"(?:in|op)\s", due) else due
    if v.new and not due and re.search(r"\bdan\b", text):
        years = re.findall(r"\b((?:19|20)\d{2})\b", prev_text[-400:])
        due = years[-1] if years else None
    return due


def _recurring_report(text: str, trigger: re.Match | None) -> str | None:
    """'verzoekt de regering de Kamer maandelijks te informeren', 'zegt toe de Kamer jaarlijks te
    rapporteren': a recurrence that modifies the reporting verb after the trigger is the moment."""
    start = trigger.start() if trigger else 0
    rec = regexes()["recurrence"].search(text, start)
    verb = _REPORT_VERB.search(text, rec.end()) if rec else None
    if rec and verb and verb.start() - rec.end() <= 80:
        return re.sub(r"\s+", " ", rec.group(0)).lower()
    return None


def _date_made(text: str, v: Verdict, ref: dt.date | None, trigger: re.Match | None, due: str | None) -> str | None:
    """The first date of the sentence that is not its due moment (nor, for a toezegging,
    a date well after the promising verb)."""
    due_span = None
    if due:
        idx = text.lower().find(due.lower())
        due_span = (idx, idx + len(due)) if idx >= 0 else None
    for s, e, iso in dates.find_dates(text, ref):
        if due_span and s < due_span[1] and e > due_span[0]:
            continue
        if trigger and s > trigger.end() + 5 and v.kind == "toezegging":
            continue
        return iso
    return None


def _due_reference(due: str | None, made_on: str | None, ref: dt.date | None) -> dt.date | None:
    """The date a relative moment counts from: when it was promised (never after this
    document), or this document for 'in deze uitvoeringsbrief'."""
    due_ref = dates.parse_iso(made_on) if made_on else ref
    if due and made_on and due_ref and ref and due_ref > ref:
        due_ref = ref
    if due and re.search(r"\bdeze\b", due):
        due_ref = ref
    return due_ref


def _subject(text: str, v: Verdict, made_in: str | None, made_on: str | None, prev_text: str) -> str:
    subject = make_subject(text, v.kind or "toezegging", v.new, _last_sentence(prev_text))
    if not v.new and made_in and made_on and re.search(r"\b(die|dat)\s+(ik|u|we|wij)\b.*\b(gedaan|heb|heeft)\b", text) \
            and len(re.findall(r"\w{4,}", subject)) < 12:
        # only a reference: 'de toezegging die ik in het commissiedebat van … heb gedaan'
        subject = f"{v.kind or 'toezegging'} uit het {made_in} van {dates.nl_date(made_on)}"
    return subject


_MOTIE_STATUS = re.compile(r"\b(aangenomen|aangehouden|verworpen|ingetrokken|vervallen)\b", re.I)


def heading_before(units: list[Unit], ui: int) -> str:
    """The text of the nearest heading at or before unit ``ui`` (numbering dropped)."""
    for unit in reversed(units[: ui + 1]):
        if unit.blocks[0].kind == "heading":
            return re.sub(r"^\s*\d+(?:\.\d+)*\.?\s+", "", unit.text).strip()
    return ""


def _with_heading(c: Commitment, sent: str, heading: str) -> str:
    """'Ik zal uw Kamer hierover … informeren': the heading says what 'hierover' is."""
    if not c.new_here or not heading or len(heading) > 90:
        return c.subject
    if re.search(r"\b(hierover|daarover|hierop|daarop)\b", sent, re.I):
        return heading
    if re.search(r"\b(deze|dit|die)\b", c.subject):
        return f"{heading}: {c.subject}"
    return c.subject


def _last_sentence(text: str) -> str:
    parts = re.split(r"(?<=[.!?])\s+(?=[A-Z])", text.strip())
    return parts[-1] if parts and parts[-1] else ""


#: 'De toezegging is dat ik u eind 2016 informeer …': says what the toezegging just named was.
_DEFINES = re.compile(r"^\s*(?:De|Die|Deze|Mijn|Onze)\s+toezegging\s+(?:is|was|luidt|luidde|houdt\s+in|hield\s+in|betreft|betrof)\b")


def _merge_definitions(cands: list[Candidate]) -> list[Candidate]:
    """A sentence that defines the toezegging named just before is the same toezegging: one
    item, quoted by the definition (it says what was promised), keeping the reference's
    Kamerstuk and date."""
    out: list[Candidate] = []
    for cd in sorted(cands, key=lambda x: x.order):
        prev = out[-1] if out else None
        if (prev and cd.c.kind == prev.c.kind == "toezegging" and _DEFINES.match(cd.c.quote)
                and cd.unit_index - prev.unit_index <= 1 and not prev.c.new_here):
            for f in ("kamerstuk", "made_on", "made_in", "party"):
                if getattr(cd.c, f) is None:
                    setattr(cd.c, f, getattr(prev.c, f))
            cd.c.members = cd.c.members or prev.c.members
            cd.c.new_here = False
            cd.c.fulfilled_here = cd.c.fulfilled_here or prev.c.fulfilled_here
            cd.order, cd.context = prev.order, prev.context + " " + cd.context
            out[-1] = cd
            continue
        out.append(cd)
    return out


#: A sentence that makes a promise (rather than referring to one): 'heeft toegezegd dat …', 'ik wil toezeggen',
#: 'zegt … toe'; 'de toezegging van de regering', 'het toegezegde onderzoek' only refer to one.
_MAKES_PROMISE = re.compile(r"\btoegezegd\s+(?:\w+\s+){0,2}(?:dat|om|te)\b|\btoezeggen\b|\bzeg\w*\b[^.;]{0,200}\btoe\b(?!\s+te\b)", re.I)
#: The title line of an entry of the Eerste Kamer's register: '… (32.890) (T01615)' at the end of the line.
_ENTRY_TITLE = re.compile(r"(?m)^.*\((?P<t>T\d{5})\)[ \t]*$")
_TITLE_DOSSIER = re.compile(r"\((?P<a>\d{2})\.?(?P<b>\d{3})(?:\s+[IVXLC]{1,6}|\s+[A-Z]{1,3})?\)\s*\(T\d{5}\)")


def _merge_register_entries(r: _Reading, cands: list[Candidate]) -> list[Candidate]:
    """The Eerste Kamer's register and its committees' minutes name a toezegging by its T-number: all
    mentions of one number are one toezegging, and so is what is said of it under its entry's title line
    (its text; in the quotes 'Uit de stukken', what refers back to it) - but a further promise made in
    the quoted debate ('heeft toegezegd dat …', 'Maar ik wil toezeggen …') is a toezegging of its own."""
    titles = list(_ENTRY_TITLE.finditer(r.joined))
    if not titles and not any(_T_NUMBER.search(cd.c.quote) for cd in cands):
        return cands
    groups: dict[str, list[Candidate]] = {}
    has_text: set[str] = set()  # entries whose own text (not just the title) has been read

    def entry_of(cd: Candidate) -> str | None:
        own = set(_T_NUMBER.findall(cd.c.quote))
        if own:
            return own.pop() if len(own) == 1 else None
        pos = r.starts[cd.unit_index] + cd.span[0]
        above = [t.group("t") for t in titles if t.start() <= pos]
        if not above or (above[-1] in has_text and _MAKES_PROMISE.search(cd.c.quote)):
            return None
        has_text.add(above[-1])
        return above[-1]

    out: list[Candidate] = []
    for cd in sorted(cands, key=lambda x: x.order):
        t = entry_of(cd) if cd.c.kind == "toezegging" else None
        if t is None:
            out.append(cd)
        elif t in groups:
            groups[t].append(cd)
        else:
            groups[t] = [cd]
            out.append(cd)
    for t, group in groups.items():
        # the entry's text ('zegt de Kamer … toe'), else its first mention (a title line)
        main = next((cd for cd in group if re.search(r"\bzeg\w*\b|\btoegezegd\b", cd.c.quote, re.I)), group[0])
        for other in group:
            if other is main:
                continue
            for f in ("party", "made_on", "made_in", "kamerstuk", "due", "due_date"):
                if getattr(main.c, f) is None:
                    setattr(main.c, f, getattr(other.c, f))
            main.c.members = main.c.members or other.c.members
            main.c.fulfilled_here = main.c.fulfilled_here or other.c.fulfilled_here
        if main.c.kamerstuk is None:
            title = next((m for m in titles if m.group("t") == t), None)
            dossier = _TITLE_DOSSIER.search(title.group(0)) if title else None
            main.c.kamerstuk = f"{dossier.group('a')} {dossier.group('b')}" if dossier else None
        main.order = min(cd.order for cd in group)
        out[out.index(group[0])] = main
    return out


def _dedupe(cands: list[Candidate]) -> list[Candidate]:
    """One object per commitment within a document: a motie cited in a heading,
    a list item and a paragraph is one motie; the richest sentence is the quote."""
    out: list[Candidate] = []
    for cd in sorted(cands, key=lambda x: x.order):
        twin = None
        for other in out:
            same_number = cd.c.kind == other.c.kind == "motie" and other.c.kamerstuk and other.c.kamerstuk == cd.c.kamerstuk
            if other.c.kind != cd.c.kind or not (cd.c.members or same_number):
                continue  # ('stel ik voor, zijn motie (31293, nr. 310) aan te houden': no name, but its number)
            if set(other.c.members) != set(cd.c.members) and not same_number:
                continue  # (one motie's number: a list item and the changed motie with its new signatories)
            if other.c.kamerstuk and cd.c.kamerstuk and other.c.kamerstuk != cd.c.kamerstuk:
                continue  # two moties of one member, each with its own number
            if other.strength == cd.strength == _PRINTED and _norm_ws(other.c.quote) != _norm_ws(cd.c.quote):
                continue  # two printed moties of one member: two dicta, two moties
            if cd.c.kind == "motie" or min(other.strength, cd.strength) < 0 or \
                    _norm_ws(other.c.quote) == _norm_ws(cd.c.quote) or _settles_only(cd.c) or _settles_only(other.c):
                twin = other
                break
        if twin is None:
            out.append(cd)
            continue
        best, rest = (cd, twin) if cd.strength > twin.strength else (twin, cd)
        if _settles_only(best.c) and not _settles_only(rest.c):
            best, rest = rest, best  # quote the sentence that says what was promised
        if len(rest.c.members) > len(best.c.members):
            best.c.members = rest.c.members
        for f in ("party", "made_on", "made_in", "kamerstuk", "due", "due_date", "motie_status"):
            if getattr(best.c, f) is None:
                setattr(best.c, f, getattr(rest.c, f))
        best.c.fulfilled_here = best.c.fulfilled_here or rest.c.fulfilled_here
        best.context += " " + rest.context
        best.order = min(best.order, rest.order)
        out[out.index(twin)] = best
    return out


#: A sentence that gives moties a status: 'stel ik voor zijn moties (35000-XII, nrs. 8 en 9) aan te houden',
#: 'Aangezien de motie-Kröger (…, nr. 10) is ingetrokken', 'de … aangehouden motie (…) van de heer X'.
_STATUS_WORD = re.compile(r"\b(?P<w>aangenomen|aangehouden|aan\s+te\s+houden|ingetrokken|verworpen|vervallen)\b", re.I)
_MOTIE_NUMBERS = re.compile(r"\bnrs?\.\s*(?P<nrs>\d+(?:\s*(?:,|en)\s*\d+)*)")
_MOTIE_OF = re.compile(r"\bmoties?[-\s](?:\([^)]*\)\s+)?(?:van\s+(?:de\s+heer|mevrouw|het\s+lid)\s+)?(?P<name>[A-Z][\w'’-]+)")


def _status_from_chair(text: str, merged: list[Candidate]) -> None:
    """Handelingen: the chair's lines after a list of moties say which were held over or
    withdrawn, by number or by member; each motie named there gets that status (if it has none)."""
    moties = [cd.c for cd in merged if cd.c.kind == "motie" and not cd.c.motie_status]
    if not moties:
        return
    for sentence in re.split(r"(?<=[.;:])\s+(?=[A-Z(-])", text):
        word = _STATUS_WORD.search(sentence)
        if not word or not re.search(r"\bmoties?\b", sentence, re.I):
            continue
        status = "aangehouden" if word.group("w").lower().startswith("aan te") else word.group("w").lower()
        numbers = {int(n) for m in _MOTIE_NUMBERS.finditer(sentence) for n in re.findall(r"\d+", m.group("nrs"))}
        if numbers:
            hits = [c for c in moties if _number_of(c.kamerstuk) in numbers]
        else:
            names = {m.group("name") for m in _MOTIE_OF.finditer(sentence)}
            hits = [c for c in moties if any(n.split()[-1] in names for n in c.members)]
            hits = hits if len(hits) == 1 else []  # a name alone is enough only when one motie has it
        for c in hits:
            c.motie_status = c.motie_status or status


#: The chair puts one motie to the vote: 'In stemming komt de motie-Siderius (31293, nr. 307).' (both chambers)
_PUT_TO_VOTE = re.compile(r"In\s+stemming\s+komt\s+(?:de\s+)?(?:gewijzigde\s+)?motie[-\s](?P<who>[^()\n]{0,120}?)\s*"
                          r"\((?P<ref>[^)\n]{0,60})\)")
#: The chair's finding after a vote: '… zodat zij is verworpen', 'Ik constateer dat deze motie … is aangenomen'.
_VOTE_RESULT = re.compile(r"\b(?:zodat\s+(?:zij|hij|deze)\s+is|(?:deze|de)\s+motie\b[^.]{0,200}?\bis)\s+(?P<w>aangenomen|verworpen)\b", re.I)


def _status_from_votes(text: str, merged: list[Candidate]) -> None:
    """Handelingen of a vote: each 'In stemming komt de motie-X (…, nr. N).' is followed by the
    chair's finding; the motie of that number (or, without a number, of that member) gets it."""
    moties = [cd.c for cd in merged if cd.c.kind == "motie" and not cd.c.motie_status]
    votes = list(_PUT_TO_VOTE.finditer(text))
    for i, vote in enumerate(votes):
        end = votes[i + 1].start() if i + 1 < len(votes) else min(len(text), vote.end() + 1500)
        result = _VOTE_RESULT.search(text, vote.end(), end)
        if not result:
            continue
        nr = re.search(r"nr\.\s*(\d+)", vote.group("ref"))
        if nr:
            hits = [c for c in moties if _number_of(c.kamerstuk) == int(nr.group(1))]
        else:
            who = re.split(r"\s+(?:over|inzake|betreffende)\s", re.sub(r"\s*c\.s\.?", "", vote.group("who")))[0]
            names = {n.split()[-1] for n in re.split(r"/|\s+en\s+", who) if n.strip()}
            hits = [c for c in moties if c.members and c.members[0].split()[-1] in names]
        for c in hits[:1] if not nr else hits:
            c.motie_status = result.group("w").lower()


#: 'Drie moties werden aangenomen, namelijk:', 'De volgende moties zijn verworpen:' - a list follows.
_STATUS_LIST_HEAD = re.compile(r"\bmoties\b[^.:]{0,80}?\b(?P<w>aangenomen|verworpen|aangehouden|ingetrokken)\b[^.:]{0,80}:\s*$", re.I)


def _status_from_list_heads(r: _Reading, merged: list[Candidate]) -> None:
    """A list of moties under a line that gives them all one status: each listed motie gets it."""
    for ui, unit in enumerate(r.units):
        head = _STATUS_LIST_HEAD.search(unit.text)
        if not head:
            continue
        listed = {ui + k for k, _ in enumerate(_list_after(r.units, ui), start=1)}
        for cd in merged:
            if cd.c.kind == "motie" and not cd.c.motie_status and cd.unit_index in listed:
                cd.c.motie_status = head.group("w").lower()


def _number_of(kamerstuk: str | None) -> int | None:
    """'35 000 XII, nr. 8' -> 8."""
    m = re.search(r"\bnr\.\s*(\d+)$", kamerstuk or "")
    return int(m.group(1)) if m else None


def _settles_only(c: Commitment) -> bool:
    """'… uw toezegging aan het lid X hiermee af te doen': a sentence that only
    settles a commitment named elsewhere (no debate, no date, no verb of promising)."""
    return (c.fulfilled_here and not c.made_in and not c.made_on and not c.new_here
            and not re.search(r"toegezegd|verzoekt|verzocht", c.quote, re.I)
            and bool(regexes()["anaphor"].search(c.quote))
            # '… de motie van het lid X, om …' says what was asked: not only a reference
            and not _SAYS_WHAT.search(c.quote))


_STOP = set("""de het een van en voor aan op in met over om te tot bij als of dat die dit deze
zijn is wordt worden door naar middels via ook nog niet wel meer
inburgering inburgeraars statushouders asielstatushouders gemeenten gemeente kamer brief uitvoeringsbrief
minister toezegging toezeggingen motie moties""".split())  # the last lines: words every topic here shares


def _content_words(s: str) -> set[str]:
    return {w for w in re.findall(r"[\wà-ÿ-]+", s.lower()) if w not in _STOP and len(w) >= 3}


def _topic_match(topic: str, context: str) -> bool:
    t = _content_words(topic)
    c = _content_words(context)
    if not t:
        return False
    shared = t & c
    ratio = len(shared) / len(t)
    return ratio >= 0.5 or (len(shared) >= 2 and ratio >= 0.3)


def split_topics(listing: str) -> list[str]:
    """'A, B, C en D' -> [A, B, C, D]; 'stage- en werkplekken' stays one."""
    parts = [p.strip() for p in re.split(r",\s*", listing) if p.strip()]
    if parts:
        last = parts[-1]
        m = re.match(r"(.*\S)(?<!-)\s+en\s+(.+)$", last)
        if m and len(parts) >= 1:
            parts[-1:] = [m.group(1), m.group(2)]
    return [p.rstrip(". ") for p in parts]


def extract_file(path: Path | str, doc_date: dt.date | None = None) -> list[Commitment]:
    """Read any document the reader understands and extract its commitments."""
    from ocr import read_document

    return extract(read_document(Path(path)), doc_date)


#: Below this many documents the start of worker processes costs more than it saves.
PARALLEL_FROM = 16


def extract_files(paths: list[Path], dates_by_path: dict[str, dt.date] | None = None,
                  jobs: int | None = None) -> list[list[Commitment]]:
    """The commitments of many documents, in the order given.  A large batch is spread
    over worker processes (one per core; forked, so the pipeline built here is shared);
    a read error in any document is raised as it would be by ``extract_file``."""
    dates_by_path = dates_by_path or {}
    args = [(Path(p), dates_by_path.get(str(p))) for p in paths]
    jobs = jobs or os.cpu_count() or 1
    if jobs < 2 or len(args) < PARALLEL_FROM:
        return [extract_file(p, d) for p, d in args]
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    pipeline()  # built once before the fork, inherited by every worker
    with ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("fork")) as pool:
        return list(pool.map(_extract_one, args, chunksize=max(1, len(args) // (jobs * 8))))


def _extract_one(arg: tuple[Path, dt.date | None]) -> list[Commitment]:
    return extract_file(*arg)

