"""The spaCy components that decide, per sentence, what a sentence is.

The pipeline of ``patterns/pipeline.cfg``: the sentencizer, ``abbreviation_sentence_end``,
``cue_norm``, spaCy's ``span_ruler`` with the cue patterns of ``patterns/cues.jsonl`` and
``commitment_classifier``, which asks the rules of ``classify`` in order.  Each rule is a
small function with one question; the first that decides wins.
"""
from __future__ import annotations

import json
import re
from functools import cached_property, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, cast

import yaml
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc, Span

from drafter.commitments.fields import find_due, find_kamerstuk, find_members, several_numbers, stuk_number
from drafter.commitments.lexicon import FUZZY_CUES, PATTERNS, T_NUMBER, regexes
from drafter.commitments.verdict import Verdict
from drafter.dutch import MONTHS

if TYPE_CHECKING:
    from spacy.pipeline import SpanRuler
    from thinc.types import Ints2d

# -- pipeline components ----------------------------------------------------------
_ABBREV_END = re.compile(r"\b(?:jl|a\.s|c\.s|e\.a|enz|etc)\.\d{0,2}\s+(?P<next>[A-Z][\wà-ÿ]*)"
                         # a footnote number glued after a full stop: '… strafrechtketen.1 In de brief …'
                         r"|(?<=[a-zà-ÿ)»”’])\.\d{1,2}\s+(?P<after_note>[A-Z][\wà-ÿ]*)")


_ABBREV_MID = re.compile(r"\b(?:jl|j\.l|a\.s|c\.s|e\.a|d\.d|o\.a|m\.b\.t|i\.p\.v|nr|blz)\.\s+(?P<next>[a-zà-ÿ][\wà-ÿ]*)")


def doc_text(doc: Doc) -> str:
    """The doc's text: the one it was made from when the extractor left it in ``user_data``
    (``Doc.text`` joins every token, a cost that shows over a long letter)."""
    return doc.user_data.get("text") or doc.text


@Language.component("abbreviation_sentence_end")
def abbreviation_sentence_end(doc: Doc) -> Doc:
    """'… van 4 juli jl. Middels deze brief …', '… motie-De Graaf c.s.2 Deze …': an
    abbreviation (with or without a footnote digit) ends a sentence when a capitalised
    word follows, and not when a small letter does ('… van 23 november jl. heb toegezegd');
    the sentencizer cannot know that.  Only the matches are visited, and the changes are
    written in one pass (setting ``is_sent_start`` token by token rescans the whole doc)."""
    changes: dict[int, int] = {}
    text = doc_text(doc)
    for m in _ABBREV_MID.finditer(text):
        token = _token_at(doc, m.start("next"), m.end("next"))
        if token is not None:
            changes[token] = -1
    for m in _ABBREV_END.finditer(text):
        key = "next" if m.group("next") else "after_note"
        if m.group(key) in {"Kamerstuk", "Kamerstukken"}:
            continue
        token = _token_at(doc, m.start(key), m.end(key))
        if token is not None:
            changes[token] = 1
    if changes:
        starts = doc.to_array([SENT_START]).view("int64")  # (-1, 0, 1 kept as uint64 by spaCy)
        for i, value in changes.items():
            starts[i] = value
        doc.from_array([SENT_START], cast("Ints2d", starts.view("uint64")))
    return doc


def _token_at(doc: Doc, start: int, end: int) -> int | None:
    """The index of the token at a character span, if it is not the doc's first (that one starts a sentence anyway)."""
    span = doc.char_span(start, end, alignment_mode="expand")
    return span[0].i if span is not None and span[0].i > 0 else None


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
        text = doc_text(doc)
        for sent in sents:
            sent_text = text[sent.start_char:sent.end_char]  # (Span.text joins tokens too)
            labels = {c.label_ for c in cues if c.start >= sent.start and c.end <= sent.end}
            if "TOEZEG" not in labels and T_NUMBER.search(sent_text):
                labels.add("TOEZEG")  # 'T01974 - Monitoren …': the Eerste Kamer's number of a toezegging
            if "TOEZEG" not in labels and _LONG_ZEG_TOE.search(sent_text):
                labels.add("TOEZEG")  # 'zegt de Kamer, naar aanleiding van …, toe': too far apart for the matcher
            if _PRO_FULFIL.search(sent_text):  # 'Met deze brief doe ik dat.': fulfils the promise just before
                verdicts.append(Verdict(sent.start_char, sent.end_char, "anaphor", fulfils=True))
                continue
            if not labels & _DECISIVE or _AGENDA_HEADING.search(sent_text):
                continue  # no rule can fire on a sentence without one of these cues; an item's title is none
            if you_is_kamer and _YOU.search(sent_text):
                labels.add("KAMER")  # a letter to the Kamer: 'u' is the Kamer
            if doc.user_data.get("minister_speaks"):
                labels.add("MINISTER_SPEAKS")
            inside = [c.label_ for c in cues if c.start >= sent.start and c.end <= sent.end]
            several = {"MOTIE", "TOEZEG"} <= labels or inside.count("TOEZEG") >= 2 or inside.count("MOTIE") >= 2
            parts = self.clauses(sent, cues) if several else []
            if len(parts) > 1:
                governing = parts[0][2]
                governed = bool(_GOVERNING_FULFIL.search(sent_text))
                for start, end, clause_labels, continues in parts:
                    if continues and (governed or "FULFIL" in governing and _governs(text[sent.start_char:start])):
                        # '… geef ik uitvoering aan A, aan B en aan C': one verb fulfils every complement
                        clause_labels = clause_labels | {"FULFIL"} | ({"KAMER"} if you_is_kamer else set())
                    if continues and "LETTER_TO_KAMER" in governing:
                        clause_labels = clause_labels | {"LETTER_TO_KAMER"}
                    v = classify(text[start:end], clause_labels | ({"LETTER_TO_KAMER"} if you_is_kamer else set()))
                    if v:
                        v.start, v.end, v.clause = sent.start_char, sent.end_char, (start, end)
                        verdicts.append(v)
                continue
            v = classify(sent_text, labels | ({"LETTER_TO_KAMER"} if you_is_kamer else set()))
            if v:
                v.start, v.end = sent.start_char, sent.end_char
                verdicts.append(v)
            if v and v.kind == "motie" and _PROMISE_ON_MOTIE.search(sent_text):
                # 'De minister zegt de Kamer, naar aanleiding van de motie X, toe …': the motie and a promise
                w = classify(sent_text, labels - {"MOTIE"} | ({"LETTER_TO_KAMER"} if you_is_kamer else set()))
                if w and w.kind == "toezegging":
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
SAYS_WHAT = re.compile(r"\b(?:toezegging|motie)(?:en|s)?\b[^.]{0,140}?\b(?:om|over|inzake|betreffende|aangaande)\b", re.I)


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
    r"(?<!\bmoties)(?<!\btoezeggingen)(?:,\s*(?:(?:en|alsmede|evenals)\s+)?|\s+(?:en|alsmede|evenals)\s+)"
    r"(?=(?:(?:op|aan|over|naar|bij|met)\s+)?(?:(?:de|die|deze|mijn|uw)\s+)?"
    r"(?:gewijzigde\s+|eerdere\s+|aangenomen\s+|aangehouden\s+)?(?:toezegging|motie)(?:en|s)?\b"
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
    r"|\b(?:zeg\w*|heeft|hebben|heb)\b[^.;]{0,40}\b(?:naar\s+aanleiding\s+van|n\.a\.v\.|in\s+reactie\s+op)\s+(?:de\s+)?motie\b"
    # 'Conform de motie van het lid X, zal het kabinet uw Kamer voor 1 april informeren': the motie and a new promise
    r"|^\s*(?:Conform|Overeenkomstig|Zoals\s+(?:gevraagd|verzocht)\s+in)\s+(?:de\s+)?motie\b[^.;]{0,160}?\b(?:zal|zullen)\b", re.I)


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
                      r"|\b(?:een\s+aantal|enkele|diverse|verschillende)\s+(?:[\w-]+\s+){0,2}(?:moties\s+en\s+(?:\w+\s+)?)?toezeggingen\b"
                      r"(?![^.]{0,140}\b(?:om|over|inzake)\b)"
                      r"|\btoezeggingen(?:rappel|overzicht|registratie)\b", re.I)


#: Toezeggingen named by what they promise, right after the word: 'de toezeggingen om de Kamer periodiek te informeren'.
_CONTENT_NAMED = re.compile(r"\btoezeggingen\s+(?:\w+\s+){0,2}?(?:om|over|inzake|betreffende)\s+(?!de\s+(?:voortgang|stand)\b)", re.I)
#: A word for a set of toezeggingen: 'toezeggingenrappel', 'toezeggingenoverzicht', 'toezeggingenregistratie'.
_SET_NOUN = re.compile(r"\btoezeggingen(?:rappel|overzicht|registratie|lijst|regeling)\b", re.I)
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
        return (self.has_members or bool(find_kamerstuk(self.text)) or bool(T_NUMBER.search(self.text))
                or stuk_number(self.text) is not None)

    def has(self, *labels: str) -> bool:
        return all(label in self.labels for label in labels)


#: A sentence about what an earlier letter did: 'Bij brief van 29 januari 2024 hebben …', 'In mijn brief van 3 maart heb ik …'.
_EARLIER_LETTER = re.compile(r"^\s*(?:Bij|In|Met)\s+(?:(?:mijn|onze|de|het)\s+)?(?:brief|Kamerbrief)\s+(?:van|d\.d\.)\s+\d{1,2}\s+[a-z]+", re.I)


#: A rule's answer that ends the search with 'no commitment here'.
_DROP = Verdict(0, 0, "drop")


_NO_TOEZEGGING = re.compile(r"\b(?:geen|niets)\s+(?:\w+\s+)?(?:toezegging|toezeggingen|toegezegd)\b|\bniet\s+toegezegd\b", re.I)


_AS_PROMISED = re.compile(r"\bzoals\b(?:[^.;]|\b(?:jl|j\.l|a\.s|d\.d)\.){0,90}?\btoegezegd"
                          # 'Naar aanleiding van mijn toezegging tijdens het AO …, informeer ik u hierbij …'
                          r"|\bnaar\s+aanleiding\s+van\s+(?:mijn|onze|de|het)\s+(?:toezegging|toegezegde)\b", re.I)


#: In a letter to the Kamer, 'ik heb toegezegd' is a promise to the Kamer.
_FIRST_PERSON_PROMISED = re.compile(r"\b(?:ik|wij|we)\s+(?:heb|hebben)\b[^.]{0,60}\btoegezegd|"
                                    r"\b(?:ik|wij|we)\b[^.]{0,60}\b(?:heb|hebben)\s+toegezegd|"
                                    r"\b(?:heb|hebben)\s+(?:ik|wij|we)\b[^.]{0,60}\btoegezegd", re.I)


#: A promise made as it is spoken: 'ik wil toezeggen dat …', 'dat zeg ik toe', 'ik zeg u toe …'.
PROMISE_NOW = re.compile(r"\b(?:ik|wij|we)\s+(?:wil|willen|kan|kunnen|zal|zullen)\s+(?:\w+\s+){0,3}toezeggen\b"
                          r"|\bzeg\s+(?:ik|wij|we)\b[^.]{0,80}\btoe\b|\b(?:ik|wij|we)\s+zeg(?:gen)?\b[^.]{0,80}\btoe\b", re.I)


#: 'de toezegging van 5 februari 2023', 'mijn toezegging d.d. 3 maart': in a letter to the Kamer, a toezegging
#: named by its date was made to the Kamer
_DATED_TOEZEGGING = re.compile(rf"\btoezegging\w*\s+(?:van|d\.d\.|gedaan\s+op)\s+\d{{1,2}}\s+(?:{'|'.join(MONTHS)})\b", re.I)


#: 'mijn toezegging over …', 'haar toezegging om …': the writer's (or the minister's) own toezegging, named by what it was.
_OWN_TOEZEGGING = re.compile(r"\b(?:mijn|haar|zijn|onze)\s+toezegging(?:en)?\s+(?:over|om|inzake|betreffende|tijdens|in\s+het|uit)\b", re.I)
_ROUTINE_WORDS = re.compile(r"\bgebruikelijk|\bzoals\s+(?:altijd|elk\s+jaar|ieder\s+jaar)", re.I)


def _no_promise_at_all(s: _Sentence) -> Verdict | None:
    """Questions, committee requests and sentences about commitments as a set."""
    committee = (s.rx["committee_request"].search(s.text)  # 'zegt …, naar aanleiding van een verzoek van de commissie, toe' stays
                 and not _GOVERNMENT_PROMISED.search(s.text) and not _LONG_ZEG_TOE.search(s.text))
    if s.text.rstrip().endswith("?") or s.rx["member_question"].search(s.text) or committee:
        return _DROP
    if _CATAPHOR.search(s.text) and not s.specific and not s.venue and ":" not in s.text:
        return _DROP  # 'Verder wijs ik u op de volgende toezegging.': the item follows in its own sentence (a colon: a list)
    if _SET_NOUN.search(s.text) and not T_NUMBER.search(s.text):
        return _DROP  # 'inzake halfjaarlijks toezeggingenrappel (35000 VIII, D)': a set, whatever its number
    if _GENERIC.search(s.text) and not s.specific and not s.fulfils:  # ('aan enkele moties en toezeggingen voldaan': a list)
        return _DROP  # 'worden er door bewindspersonen regelmatig toezeggingen gedaan': toezeggingen in general
    if _OVERVIEW.search(s.text) and not s.has_members and not several_numbers(s.text) and not _CONTENT_NAMED.search(s.text):
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
    if s.fulfils and ana and not s.specific and not s.venue and not SAYS_WHAT.search(s.text):
        return Verdict(0, 0, "anaphor", fulfils=True, anaphor_kind=ana.group("what").lower())
    if s.has("INDEFINITE") and not s.specific and not _GOVERNMENT_PROMISED.search(s.text):
        return _DROP  # 'een toezegging' in general; but 'de minister heeft een toezegging gedaan' is one
    return None


def _motie(s: _Sentence) -> Verdict | None:
    """A named motie, whatever became of it (aangehouden, verworpen: the register records that)."""
    if not s.has("MOTIE") or not (s.specific or re.search(r"\b(verzoekt|verzocht)\b", s.text)):
        return None
    if _GENERIC.search(s.text) and not find_kamerstuk(s.text) and not re.search(r"\bmotie\b", s.text, re.I):
        return _DROP  # 'naar aanleiding van enkele niet-uitgevoerde moties': moties in general, whoever speaks
    if (not re.search(r"\bmotie\b|\bmotie-", s.text, re.I) and not s.has_members and not several_numbers(s.text)
            and re.search(r"\b(?:ingediende|aangenomen|aangehouden|openstaande|diverse|verschillende|enkele|alle)\s+moties\b",
                          s.text, re.I)):
        return _DROP  # 'in reactie op ingediende moties (32 123 XII, nr. 48)': the number is a letter's, no motie is named
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
                or T_NUMBER.search(text)  # the Eerste Kamer's register number: a toezegging to that Kamer
                or (s.has("MINISTER_SPEAKS") and PROMISE_NOW.search(text))
                or _OWN_TOEZEGGING.search(text))
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
    planning = s.rx["letter_planning"].search(s.text)
    if planning and not (planning.group(0).lower() == "planning" and s.has("LETTER_TO_KAMER")):
        return _DROP  # a nota's own planning; in a letter to the Kamer 'onze planning is … te sturen' is a promise
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
