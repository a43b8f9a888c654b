"""A trained sentence classifier that adds commitments the rules miss.

The rules in ``extract.py`` are precise but miss phrasings nobody wrote a
pattern for.  A small spaCy ``textcat`` (bag of words and bigrams on a blank
``nl`` pipeline, trained by ``bench/train_commitment_textcat.py`` with the
config in ``training/config.cfg``) scores every sentence as TOEZEGGING, MOTIE
or NONE.  ``augment`` adds a commitment for each sentence it is confident about
that no rule-found commitment quotes already; it never removes or changes what
the rules found.  Whether this pays is measured by ``bench/textcat_experiment.py``
(bench/results/textcat-experiment.json).  First measurement: over rules that had not seen the
documents it raised cross-validated recall on the development documents from 0.827 to 0.865, all of
it on our own SZW-style letters, none on the realcorpus development part; on the held-back part it
added nothing (P/R 0.750/0.522 with and without it).  So the extractor does not call it.

Sentences are split exactly as the extractor splits them (its units and its
spaCy sentencizer), so training and use see the same sentences.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import spacy
from rapidfuzz import fuzz
from spacy.language import Language

from drafter.commitments import dates
from drafter.commitments.fields import find_due, find_kamerstuk, find_members, find_venue, make_subject
from drafter.commitments.model import Commitment
from drafter.commitments.reading import QuoteFinder, reading_units
from drafter.commitments.rules import pipeline
from drafter.errors import DrafterError
from ocr.model import Block, Document

MODEL_DIR = Path(__file__).with_name("data") / "textcat"
LABELS = ("TOEZEGGING", "MOTIE", "NONE")
#: Chosen by leave-one-document-out cross-validation on the development documents
#: (bench/textcat_experiment.py, bench/results/textcat-experiment.json).
DEFAULT_THRESHOLD = 0.7
SPLITTING_PIPES = ("sentencizer", "abbreviation_sentence_end")
SAME_QUOTE = 85  # the shared scorer's bar for two quotes being one

_MOTIE_WORD = re.compile(r"\bmoties?\b", re.I)
_PROMISE_WORD = re.compile(r"toezeg\w*|toegezegd\w*|\bzeg\w*\b[^.]{0,60}\btoe\b", re.I)
_INTENT = re.compile(r"\b(?:zal|zullen|ga|gaan|streef|streven|verwacht|voornemens|van\s+plan)\b", re.I)
_FULFILS = re.compile(r"\b(?:hiermee|hierbij|met\s+deze\s+brief|in\s+deze\s+brief)\b[^.]*"
                      r"\b(?:voldoe\w*|voldaan|af|afgedaan|kom\w*\s+\w*\s*na|uitvoering)\b", re.I)
_MOTIE_STATUS = re.compile(r"\b(aangenomen|aangehouden|verworpen|ingetrokken|vervallen)\b", re.I)


@dataclass
class Sentence:
    """One sentence as the extractor sees it, with the block it starts in."""

    text: str  # whitespace-normalised
    block: Block


def _norm(s: str) -> str:
    return re.sub(r"\s+", " ", s or "").strip()


def sentences(doc: Document) -> list[Sentence]:
    """Every sentence of the document's body units, split by the extractor's sentencizer."""
    units = reading_units(doc)
    nlp = pipeline()
    off = [name for name in nlp.pipe_names if name not in SPLITTING_PIPES]
    out: list[Sentence] = []
    for unit, sdoc in zip(units, nlp.pipe((u.text for u in units), disable=off), strict=True):
        for s in sdoc.sents:
            text = _norm(s.text)
            if text:
                out.append(Sentence(text, unit.block_at(s.start_char)))
    return out


@lru_cache(maxsize=4)
def load_model(path: Path = MODEL_DIR) -> Language:
    """The shipped classifier (or one at ``path``); no network, no download."""
    if not (Path(path) / "config.cfg").is_file():
        raise DrafterError(f"{path}: no trained commitment classifier here (run bench/train_commitment_textcat.py)")
    return spacy.load(path)


def positive_score(cats: dict[str, float]) -> float:
    """How sure the classifier is that a sentence carries a commitment."""
    return 1.0 - cats.get("NONE", 1.0)


def score_sentences(doc: Document, model: Language | None = None) -> list[tuple[Sentence, dict[str, float]]]:
    """Each sentence with its label scores."""
    model = model or load_model()
    sents = sentences(doc)
    return [(s, dict(d.cats)) for s, d in zip(sents, model.pipe(s.text for s in sents), strict=True)]


def same_quote(a: str, b: str) -> bool:
    """Two quotes overlap as the shared scorer decides: fuzzy when 25 characters or
    longer, containment when shorter."""
    a, b = _norm(a).lower(), _norm(b).lower()
    if not a or not b:
        return False
    short, long_ = sorted((a, b), key=len)
    if len(short) < 25:
        return short in long_
    return fuzz.partial_ratio(short, long_) >= SAME_QUOTE


def kind_of(text: str, cats: dict[str, float]) -> str:
    """The words decide when only one kind is named; otherwise the classifier."""
    motie, promise = bool(_MOTIE_WORD.search(text)), bool(_PROMISE_WORD.search(text))
    if motie != promise:
        return "motie" if motie else "toezegging"
    return "motie" if cats.get("MOTIE", 0.0) > cats.get("TOEZEGGING", 0.0) else "toezegging"


def _chamber(text_all: str) -> str:
    head = text_all[:3000]
    return "EK" if re.search(r"Eerste\s+Kamer", head) and not re.search(r"Tweede\s+Kamer", head) else "TK"


def commitment_of(sent: Sentence, cats: dict[str, float], ref: dt.date | None, source: str,
                  quotes: QuoteFinder, chamber: str) -> Commitment:
    """A commitment from one classified sentence, its fields filled by the extractor's helpers."""
    text = sent.text
    kind = kind_of(text, cats)
    members, party = find_members(text)
    made_in, made_on, _span = find_venue(text, ref)
    new = kind == "toezegging" and made_in is None and bool(_INTENT.search(text))
    due = find_due(text)
    due_date = dates.resolve_due(due, ref)
    status = _MOTIE_STATUS.search(text) if kind == "motie" else None
    return Commitment(
        kind=kind, members=members, party=party, made_on=None if new else made_on,
        made_in=None if new else made_in, kamerstuk=find_kamerstuk(text),
        subject=make_subject(text, kind, new), due=due, due_date=due_date.isoformat() if due_date else None,
        fulfilled_here=bool(_FULFILS.search(text)), new_here=new, quote=quotes.find(text),
        chamber="EK" if re.search(r"Eerste\s+Kamer", text) else chamber,
        motie_status=status.group(1).lower() if status else None,
        source=source, page=sent.block.page, block=sent.block.id,
        document_date=ref.isoformat() if ref else None)


def augment(doc: Document, found: list[Commitment], doc_date: dt.date | None = None,
            threshold: float = DEFAULT_THRESHOLD, model: Language | None = None) -> list[Commitment]:
    """The rules' commitments plus one for every sentence the classifier scores at or
    above ``threshold`` that no commitment already quotes.  Never drops one."""
    return augment_scored(doc, found, score_sentences(doc, model), doc_date, threshold)


def augment_scored(doc: Document, found: list[Commitment], scored: list[tuple[Sentence, dict[str, float]]],
                   doc_date: dt.date | None = None, threshold: float = DEFAULT_THRESHOLD) -> list[Commitment]:
    """``augment`` with the sentence scores already computed (one scoring, many thresholds)."""
    out = list(found)
    sure = [(s, c) for s, c in scored if positive_score(c) >= threshold]
    if not sure:
        return out
    text_all = "\n".join(b.text for b in doc.blocks)
    ref = doc_date or dates.document_date(text_all, doc.metadata)
    quotes = QuoteFinder(doc.source)
    chamber = _chamber(text_all)
    for sent, cats in sure:
        if any(same_quote(sent.text, c.quote) for c in out):
            continue
        out.append(commitment_of(sent, cats, ref, doc.source, quotes, chamber))
    return out
