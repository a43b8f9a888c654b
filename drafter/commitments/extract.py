"""Find toezeggingen and moties in a letter or nota.

The stages, in order, each in a module of its own (imported in this order, none imports a later one):

1. ``motions.find_motions``: every motie printed whole (Handelingen, motie documents,
   annex lists and overview tables) becomes one item quoted by its dictum.
2. ``rules``: a spaCy pipeline configured in ``patterns/pipeline.cfg`` on ``spacy.blank("nl")``:
   the sentencizer, ``abbreviation_sentence_end`` ('jl.', 'c.s.2', '….1 In' end a sentence),
   ``cue_norm`` (OCR-damaged and compound cue words to their plain form), spaCy's
   ``span_ruler`` marking the cue words of ``patterns/cues.jsonl`` (promising, moties,
   fulfilment, informing the Kamer, exclusions) and ``commitment_classifier``, which
   decides per sentence (or clause) what it is by the rules of ``classify``.
3. ``fields``: members, Kamerstuk, debate, dates, due moment, recurrence, subject, with the
   named regular expressions of ``patterns/regexes.yaml`` (``lexicon``).
4. Here: follow-up sentences, back references ('deze toezegging', 'beide moties'),
   aggregate lists and duplicates are resolved; ``records`` reads what only a whole
   record shows (the Eerste Kamer's register and T-numbers, votes and the chair's lines,
   a verslag's list of toezeggingen, the chamber).

No trained Dutch model is needed: the cues are the vocabulary of parliamentary
correspondence, which is small and formulaic.  Only blocks that contain a cue stem go
through spaCy, which keeps a 50-page letter well under a second.
"""
from __future__ import annotations

import copy
import datetime as dt
import os
import re
from dataclasses import replace
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span

from drafter.commitments import dates
from drafter.commitments.fieldlines import has_field_lines, is_field_block
from drafter.commitments.fields import (
    MOTIE_STATUS,
    build,
    content_words,
    due_of_request,
    find_due,
    find_kamerstuk,
    find_members,
    footnote_map,
    make_subject,
    normalise_kamerstuk,
    number_of,
    recurrence_of,
    several_numbers,
    split_topics,
    stuk_number,
    topic_match,
)
from drafter.commitments.lexicon import CUE_STEMS, T_NUMBER, norm_ws, regexes
from drafter.commitments.model import Commitment
from drafter.commitments.motions import MotionText, document_venue, find_motions
from drafter.commitments.reading import (
    LIST_MARK,
    PRINTED,
    Candidate,
    QuoteFinder,
    Reading,
    Unit,
    heading_before,
    list_after,
    reading_units,
    unit_offsets,
    with_heading,
)
from drafter.commitments.records import (
    add_promise_lists,
    addressed_to_kamer,
    chamber_of,
    fill_from_field_lines,
    merge_register_entries,
    minister_speaking,
    status_from_chair,
    status_from_list_heads,
    status_from_votes,
)
from drafter.commitments.rules import SAYS_WHAT, pipeline
from drafter.commitments.verdict import Verdict
from ocr.model import Document

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
    stems = lambda t: {w[:6] for w in content_words(t) if len(w) >= 6 and not w.isdigit()}
    return bool(stems(sent) & stems(prev.c.quote))


def extract(doc: Document, doc_date: dt.date | None = None) -> list[Commitment]:
    """All commitments a document mentions, one object per distinct commitment."""
    text_all = "\n".join(b.text for b in doc.blocks)
    units = reading_units(doc)
    starts, joined = unit_offsets(units)
    r = Reading(doc=doc, ref=doc_date or dates.document_date(text_all, doc.metadata), units=units,
                 notes=footnote_map(doc), quotes=QuoteFinder(doc.source), starts=starts, joined=joined,
                 motions=find_motions(joined), chamber=chamber_of(text_all))
    _read_sentences(r, addressed_to_kamer(text_all))
    if has_field_lines(joined):
        fill_from_field_lines(r)
    _resolve_back_references(r)
    r.cands.extend(_motion_candidates(r, document_venue(text_all)))
    merged = merge_register_entries(r, _dedupe(_merge_definitions(r.cands)))
    status_from_votes(r.joined, merged)
    status_from_list_heads(r, merged)
    status_from_chair(r.joined, merged)
    _add_aggregate_topics(r, merged)
    _add_listed_items(r, merged)
    add_promise_lists(r, merged)
    merged.sort(key=lambda cd: cd.order)
    return [cd.c for cd in merged]


def _read_sentences(r: Reading, you_is_kamer: bool) -> None:
    """Every block with a cue through the spaCy pipeline; each verdict to its place."""
    nlp = pipeline()
    work = [(i, u) for i, u in enumerate(r.units) if CUE_STEMS.search(u.text) and not is_field_block(u.text)]
    speaking = minister_speaking(r.units)
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


def _take_verdict(r: Reading, ui: int, unit: Unit, sdoc: Doc, v: Verdict) -> None:
    """A back reference or aggregate is kept for later; a commitment becomes a candidate,
    unless it only gives the moment of the one before it."""
    text = unit.text  # the doc's text (``sdoc.text`` joins every token on each call)
    sent = LIST_MARK.sub("", text[v.start:v.end])
    if v.role == "anaphor":
        r.anaphors.append((ui, r.order, v, sent))
        return
    if v.role == "aggregate":
        r.aggregates.append((ui, r.order, sent, unit.block_at(v.start).id))
        return
    if v.role == "aggregate_list":
        r.list_headers.append((ui, r.order))
        return
    c = build(text[v.clause[0]:v.clause[1]] if v.clause else sent, v, r.ref, r.notes, text[:v.start])
    if (v.clause and r.cands and r.cands[-1].span == (v.start, v.end) and not c.made_in and not c.new_here
            and c.kind == r.cands[-1].c.kind == "toezegging"):
        c.made_in, c.made_on = r.cands[-1].c.made_in, r.cands[-1].c.made_on  # '…, en heeft u het lid Y toegezegd …'
    if v.clause and c.kind == "motie" and not c.motie_status and re.search(r"\b(?:zijn|werden)\b", sent):
        shared = MOTIE_STATUS.search(sent)  # 'De motie X … en de motie Y … zijn aangenomen': both
        c.motie_status = shared.group(1).lower() if shared else None
    blk = unit.block_at(v.start)
    c.chamber = v.chamber or r.chamber
    c.source, c.page, c.block = r.doc.source, blk.page, blk.id
    c.quote = r.quotes.find(sent)
    c.subject = with_heading(c, sent, heading_before(r.units, ui))
    c.document_date = r.doc_date
    if c.new_here and c.due_date and r.ref and c.due_date < r.ref.isoformat():
        return  # a moment already past: a report on what was done, not a promise
    prev = r.cands[-1] if r.cands else None
    if c.new_here and prev and _gives_moment_of(prev, c, sent, ui, text[prev.span[1]:v.start]):
        prev.c.due, prev.c.due_date = c.due, c.due_date
        return
    context = sent + " " + (unit.lead if len(unit.lead.split()) <= 12 else "")
    numbers = several_numbers(text[v.clause[0]:v.clause[1]] if v.clause else sent) if c.kind == "motie" else []
    for k, (kamerstuk, members) in enumerate(numbers or [(c.kamerstuk, None)]):
        one = c if k == 0 else copy.copy(c)  # 'de moties-Voortman (19637, nrs. 32, 33 en 35)': three moties
        one.kamerstuk = kamerstuk
        one.members = members if members is not None else one.members
        r.cands.append(Candidate(one, context, ui, r.order + k / 100, _strength(sent, v), span=(v.start, v.end)))
    registered = sorted(set(T_NUMBER.findall(sent)), key=sent.index) if c.kind == "toezegging" else []
    if len(registered) > 1:  # 'besluiten de toezeggingen T03050, T03051 en T03053 als voldaan aan te merken'
        first = r.cands[-1]
        first.register_number = registered[0]
        for k, number in enumerate(registered[1:], start=1):
            r.cands.append(replace(first, c=copy.copy(first.c), order=first.order + k / 100, register_number=number))


_PLURAL_BACK = re.compile(r"\b(?:beide|alle|deze|die|de|uw)\s+(?:\w+\s+)?(?:toezeggingen|moties)\b", re.I)


def _resolve_back_references(r: Reading) -> None:
    """'Hierbij voldoe ik aan de toezegging.': the commitment just before is fulfilled;
    'aan beide toezeggingen voldaan': every one of that kind just before."""
    for ui, order_a, v, sent in r.anaphors:
        before = [cd for cd in r.cands if cd.order < order_a and ui - 2 <= cd.unit_index <= ui]
        kind_ok = [cd for cd in before if cd.c.kind == v.anaphor_kind] or before
        for cd in (kind_ok if _PLURAL_BACK.search(sent) else kind_ok[-1:]):
            cd.c.fulfilled_here = True


def _add_aggregate_topics(r: Reading, merged: list[Candidate]) -> None:
    """An aggregate sentence: each listed topic fulfils the commitment it names, or is one."""
    for ui, order_g, sent, block_id in r.aggregates:
        m = regexes()["aggregate"].search(norm_ws(sent)) or regexes()["aggregate_inline"].search(norm_ws(sent))
        for topic in split_topics(m.group("list")) if m else []:
            hits = [cd for cd in merged if not cd.c.new_here and topic_match(topic, cd.context)]
            for cd in hits:
                cd.c.fulfilled_here = True
            if hits:
                continue
            blk = next((b for u in r.units for b in u.blocks if b.id == block_id), None)
            c = Commitment(kind="toezegging", subject=norm_ws(topic), fulfilled_here=True,
                           quote=r.quotes.find(sent), source=r.doc.source, page=blk.page if blk else None,
                           block=block_id, document_date=r.doc_date)
            merged.append(Candidate(c, topic, ui, order_g))


def _add_listed_items(r: Reading, merged: list[Candidate]) -> None:
    """'Met deze brief doe ik de volgende toezeggingen af:' and a list: each item fulfilled."""
    for ui, order_h in r.list_headers:
        for k, unit in enumerate(list_after(r.units, ui), start=1):
            hits = [cd for cd in merged if cd.unit_index == ui + k]
            for cd in hits:
                cd.c.fulfilled_here = True
            if hits:
                continue
            item = LIST_MARK.sub("", unit.text).strip()
            members, party = find_members(item)
            kind = "motie" if re.search(r"\bmoties?\b", item, re.I) else "toezegging"
            blk = unit.blocks[0]
            c = Commitment(kind=kind, members=members, party=party, kamerstuk=find_kamerstuk(item),
                           subject=make_subject(item, kind, False), fulfilled_here=True, quote=r.quotes.find(item),
                           source=r.doc.source, page=blk.page, block=blk.id, document_date=r.doc_date)
            merged.append(Candidate(c, item, ui + k, order_h + k))


def _with_context(nlp: Language, text: str, you_is_kamer: bool, minister_speaks: bool = False) -> Doc:
    """A doc for the pipeline with what the classifier must know of its document (addressee, who speaks)."""
    doc = nlp.make_doc(text)
    doc.user_data["text"] = text
    doc.user_data["you_is_kamer"] = you_is_kamer
    doc.user_data["minister_speaks"] = minister_speaks
    return doc


def _inside_motion(start: int, end: int, motions: list[MotionText]) -> bool:
    """Is this sentence part of a printed motie (read whole by the motie component)?"""
    return any(m.start <= start and end <= m.end + 1 for m in motions)


def _motion_candidates(r: Reading, venue: str | None) -> list[Candidate]:
    """One commitment per printed motie, quoted by its dictum, in reading order among the rest;
    ``venue``: the debate of a Handelingen item, for a motie that names none itself."""
    import bisect

    out = []
    starts, positions, ref = r.starts, r.positions, r.ref
    for mt in r.motions:
        ui = max(bisect.bisect_right(starts, mt.dictum_start) - 1, 0)
        later = [o for p, o in positions if p > mt.dictum_start]
        order = (min(later) - 0.5) if later else (max((o for _, o in positions), default=0) + 0.5)
        due = due_of_request(mt.dictum) or (due_of_request(mt.further) if mt.further else None)
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
            recurrence=recurrence_of(due),
            due_date=due_date.isoformat() if due_date else None, quote=r.quotes.find(mt.dictum),
            motie_status=mt.status, fulfilled_here=mt.settled, chamber=r.chamber, source=r.doc.source, page=blk.page,
            block=blk.id,
            document_date=r.doc_date)
        out.append(Candidate(c, mt.dictum, ui, order, strength=PRINTED, span=(mt.dictum_start - starts[ui], 0)))
    return out


def _strength(sent: str, v: Verdict) -> int:
    """How much a sentence says of its commitment: the richest mention becomes the quote when mentions merge."""
    score = min(len(sent) // 60, 4)
    if v.fulfils:
        score += 4
    if re.search(r"\b(verzoekt|verzocht|toegezegd|aangenomen)\b", sent):
        score += 3
    if re.match(r"\s*(\d+\.|•|-)\s", sent) or len(sent.split()) < 8:
        score -= 5
    return score


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


def _numbered_alike(named: Commitment, listed: Commitment) -> bool:
    """'de motie op stuk nr. 157' said by a member and the chair's 'haar motie (30545, nr. 157)': one motie."""
    nr = stuk_number(listed.quote)
    return nr is not None and not listed.kamerstuk and number_of(named.kamerstuk) == nr


def _dedupe(cands: list[Candidate]) -> list[Candidate]:
    """One object per commitment within a document: a motie cited in a heading,
    a list item and a paragraph is one motie; the richest sentence is the quote."""
    out: list[Candidate] = []
    for cd in sorted(cands, key=lambda x: x.order):
        twin = None
        for other in out:
            same_number = cd.c.kind == other.c.kind == "motie" and (
                (other.c.kamerstuk and other.c.kamerstuk == cd.c.kamerstuk)
                or _numbered_alike(other.c, cd.c) or _numbered_alike(cd.c, other.c))
            if other.c.kind != cd.c.kind or not (cd.c.members or same_number):
                continue  # ('stel ik voor, zijn motie (31293, nr. 310) aan te houden': no name, but its number)
            if set(other.c.members) != set(cd.c.members) and not same_number:
                continue  # (one motie's number: a list item and the changed motie with its new signatories)
            if other.c.kamerstuk and cd.c.kamerstuk and other.c.kamerstuk != cd.c.kamerstuk:
                continue  # two moties of one member, each with its own number
            if other.strength == cd.strength == PRINTED and norm_ws(other.c.quote) != norm_ws(cd.c.quote):
                continue  # two printed moties of one member: two dicta, two moties
            if cd.c.kind == "motie" or min(other.strength, cd.strength) < 0 or \
                    norm_ws(other.c.quote) == norm_ws(cd.c.quote) or _settles_only(cd.c) or _settles_only(other.c):
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


def _settles_only(c: Commitment) -> bool:
    """'… uw toezegging aan het lid X hiermee af te doen': a sentence that only
    settles a commitment named elsewhere (no debate, no date, no verb of promising)."""
    return (c.fulfilled_here and not c.made_in and not c.made_on and not c.new_here
            and not re.search(r"toegezegd|verzoekt|verzocht", c.quote, re.I)
            and bool(regexes()["anaphor"].search(c.quote))
            # '… de motie van het lid X, om …' says what was asked: not only a reference
            and not SAYS_WHAT.search(c.quote))


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
