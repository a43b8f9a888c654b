"""The Kamer's own records: the Eerste Kamer's register of toezeggingen (T-numbers,
field lines, quotes 'Uit de stukken'), the chair's lines and votes in the Handelingen,
the list of toezeggingen at the end of a verslag, and which chamber a document is of.

These read a whole document's structure, where the rules of ``rules.py`` read sentences.
"""
from __future__ import annotations

import re

from drafter.commitments import dates
from drafter.commitments.fieldlines import entry_fields, people
from drafter.commitments.fields import build, clean_venue, number_of
from drafter.commitments.lexicon import T_NUMBER, regexes
from drafter.commitments.reading import LIST_MARK, Candidate, Reading, Unit, list_after
from drafter.commitments.rules import PROMISE_NOW
from drafter.commitments.verdict import Verdict


def fill_from_field_lines(r: Reading) -> None:
    """A register page: each entry's 'Deadline', 'Datum toezegging' and 'Kamerleden' lines
    give the fields its sentence leaves open."""
    starts = [r.starts[cd.unit_index] + cd.span[0] for cd in r.cands]
    ends = [r.starts[cd.unit_index] + cd.span[1] for cd in r.cands] + [len(r.joined)]
    for i, cd in enumerate(r.cands):
        # the lines after the text first (the first of each label wins, so the next entry's
        # own lines, which follow its text, are not taken); else the lines above it
        if PROMISE_NOW.search(cd.c.quote):
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


#: The head of the list of toezeggingen at the end of a commissiedebat's verslag or read out by the chair:
#: 'Toezeggingen', 'Toezeggingen:', 'Ik heb de volgende toezeggingen genoteerd:', 'De volgende toezeggingen zijn gedaan:'.
_PROMISE_LIST_HEAD = re.compile(
    r"^\s*(?:(?:Overzicht\s+van\s+(?:de\s+)?)?(?:gedane\s+)?toezeggingen(?:\s+(?:aan\s+de\s+Kamer|van\s+de\s+bewindsperso\w+))?\s*:?\s*$"
    r"|.{0,80}\bvolgende\s+toezeggingen\s+(?:genoteerd|gedaan|zijn\s+gedaan|heb\s+ik\s+genoteerd)\b[^:]{0,40}:?\s*$)", re.I)


#: An item of such a list that is a promise in the third person ('De minister zal …', 'De staatssecretaris stuurt …').
_PROMISE_ITEM = re.compile(r"^\s*(?:[•·▪◦●*–—-]\s*)?(?:De|Het)\s+(?:minister|staatssecretaris|bewindspersoon|bewindslieden|kabinet|regering)\b", re.I)


def add_promise_lists(r: Reading, merged: list[Candidate]) -> None:
    """A verslag's (or the chair's) list of toezeggingen made in the debate: every item is one, made
    there and then - not a promise of this document - even where its wording would read as new."""
    venue, made_on = _debate_of(r)
    for ui, unit in enumerate(r.units):
        if not _PROMISE_LIST_HEAD.match(unit.text):
            continue
        for k, item in enumerate(_items_after(r.units, ui), start=1):
            hits = [cd for cd in merged if cd.unit_index == ui + k and cd.c.kind == "toezegging"]
            if not hits:
                text = LIST_MARK.sub("", item.text).strip()
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


def _debate_of(r: Reading) -> tuple[str | None, str | None]:
    """The debate a verslag reports (its title line) and the day it was held (its opening sentence)."""
    title = r.units[0].text.splitlines()[0] if r.units else ""
    m = regexes()["venue"].search(title)
    venue = clean_venue(m.group("venue")) if m else None
    held = _HELD_ON.search(r.joined[:1500])
    found = dates.find_dates(held.group("when"), r.ref) if held else []
    return venue, (found[0][2] if found else None)


def _items_after(units: list[Unit], ui: int) -> list[Unit]:
    """The items under a list head: marked list items, or paragraphs that each state a promise."""
    listed = list_after(units, ui)
    if listed:
        return listed
    out = []
    for unit in units[ui + 1:]:
        if not _PROMISE_ITEM.match(unit.text):
            break
        out.append(unit)
    return out


#: A speaker's line in the Handelingen (or quoted on a register page): 'Minister Grapperhaus:', 'De heer Omtzigt (CDA):'.
_SPEAKER_LINE = re.compile(r"^\s*(?P<who>(?:De\s+)?(?:[Mm]inister|[Ss]taatssecretaris|[Mm]inister-[Pp]resident)\b|De\s+heer\b|Mevrouw\b|"
                           r"De\s+voorzitter\b)[^:\n]{0,80}:")


def minister_speaking(units: list[Unit]) -> list[bool]:
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


def addressed_to_kamer(text: str) -> bool:
    """A letter to the Kamer (not a nota to the minister): there 'u' is the Kamer."""
    return not _NOTA_HEAD.search(text[:600]) and bool(_TO_KAMER.search(text[:3000]) or _TO_KAMER.search(text))


#: The Eerste Kamer's own register and records: a toezegging number 'T00969' (the Tweede Kamer's are
#: 'TZ…'), 'Handelingen I' (the Tweede Kamer's are 'Handelingen II').
_EK_REGISTER = re.compile(r"\(T\d{5}\)|\bNummer\s+T\d{5}\b|\bHandelingen\s+I\b(?!I)|\bT0\d{4}\b|\bKamerstukken\s+I\b(?!I)")


_EK_NAMED = re.compile(r"\bEerste\s+Kamer\b|\bEERSTE\s+KAMER\b|\bsenat(?:or|oren|aat)\b|\bde\s+[Ss]enaat\b")


_TK_NAMED = re.compile(r"\bTweede\s+Kamer\b|\bTWEEDE\s+KAMER\b|\bKamerlid\b|\bKamerleden\b")


def chamber_of(text: str) -> str:
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


#: A sentence that makes a promise (rather than referring to one): 'heeft toegezegd dat …', 'ik wil toezeggen',
#: 'zegt … toe'; 'de toezegging van de regering', 'het toegezegde onderzoek' only refer to one.
_MAKES_PROMISE = re.compile(r"\btoegezegd\s+(?:\w+\s+){0,2}(?:dat|om|te)\b|\btoezeggen\b|\bzeg\w*\b[^.;]{0,200}\btoe\b(?!\s+te\b)", re.I)


#: The title line of an entry of the Eerste Kamer's register: '… (32.890) (T01615)' at the end of the line.
_ENTRY_TITLE = re.compile(r"(?m)^.*\((?P<t>T\d{5})\)[ \t]*$")


_TITLE_DOSSIER = re.compile(r"\((?P<a>\d{2})\.?(?P<b>\d{3})(?:\s+[IVXLC]{1,6}|\s+[A-Z]{1,3})?\)\s*\(T\d{5}\)")


def merge_register_entries(r: Reading, cands: list[Candidate]) -> list[Candidate]:
    """The Eerste Kamer's register and its committees' minutes name a toezegging by its T-number: all
    mentions of one number are one toezegging, and so is what is said of it under its entry's title line
    (its text; in the quotes 'Uit de stukken', what refers back to it) - but a further promise made in
    the quoted debate ('heeft toegezegd dat …', 'Maar ik wil toezeggen …') is a toezegging of its own."""
    titles = list(_ENTRY_TITLE.finditer(r.joined))
    if not titles and not any(T_NUMBER.search(cd.c.quote) for cd in cands):
        return cands
    groups: dict[str, list[Candidate]] = {}
    has_text: set[str] = set()  # entries whose own text (not just the title) has been read

    def entry_of(cd: Candidate) -> str | None:
        if cd.register_number:
            return cd.register_number
        own = set(T_NUMBER.findall(cd.c.quote))
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
        # the entry's text ('zegt de Kamer … toe'), else its most informative mention (the longest)
        main = next((cd for cd in group if re.search(r"\bzeg\w*\b|\btoegezegd\b", cd.c.quote, re.I)),
                    max(group, key=lambda cd: len(cd.c.quote)))
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


#: A sentence that gives moties a status: 'stel ik voor zijn moties (35000-XII, nrs. 8 en 9) aan te houden',
#: 'Aangezien de motie-Kröger (…, nr. 10) is ingetrokken', 'de … aangehouden motie (…) van de heer X'.
_STATUS_WORD = re.compile(r"\b(?P<w>aangenomen|aangehouden|aan\s+te\s+houden|ingetrokken|verworpen|vervallen)\b", re.I)


_MOTIE_NUMBERS = re.compile(r"\bnrs?\.\s*(?P<nrs>\d+(?:\s*(?:,|en)\s*\d+)*)")


_MOTIE_OF = re.compile(r"\bmoties?[-\s](?:\([^)]*\)\s+)?(?:van\s+(?:de\s+heer|mevrouw|het\s+lid)\s+)?(?P<name>[A-Z][\w'’-]+)")


def status_from_chair(text: str, merged: list[Candidate]) -> None:
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
            hits = [c for c in moties if number_of(c.kamerstuk) in numbers]
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


def status_from_votes(text: str, merged: list[Candidate]) -> None:
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
            hits = [c for c in moties if number_of(c.kamerstuk) == int(nr.group(1))]
        else:
            who = re.split(r"\s+(?:over|inzake|betreffende)\s", re.sub(r"\s*c\.s\.?", "", vote.group("who")))[0]
            names = {n.split()[-1] for n in re.split(r"/|\s+en\s+", who) if n.strip()}
            hits = [c for c in moties if c.members and c.members[0].split()[-1] in names]
        for c in hits[:1] if not nr else hits:
            c.motie_status = result.group("w").lower()


#: 'Drie moties werden aangenomen, namelijk:', 'De volgende moties zijn verworpen:' - a list follows.
_STATUS_LIST_HEAD = re.compile(r"\bmoties\b[^.:]{0,80}?\b(?P<w>aangenomen|verworpen|aangehouden|ingetrokken)\b[^.:]{0,80}:\s*$", re.I)


def status_from_list_heads(r: Reading, merged: list[Candidate]) -> None:
    """A list of moties under a line that gives them all one status: each listed motie gets it."""
    for ui, unit in enumerate(r.units):
        head = _STATUS_LIST_HEAD.search(unit.text)
        if not head:
            continue
        listed = {ui + k for k, _ in enumerate(list_after(r.units, ui), start=1)}
        for cd in merged:
            if cd.c.kind == "motie" and not cd.c.motie_status and cd.unit_index in listed:
                cd.c.motie_status = head.group("w").lower()
