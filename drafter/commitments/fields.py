"""The fields of one commitment, read from its sentence: members, Kamerstuk, debate,
dates, the moment it is due (or its recurrence), its subject.

Everything here works on plain text with the named expressions of ``patterns/
regexes.yaml``, so it can be tested and reused without spaCy.
"""
from __future__ import annotations

import datetime as dt
import re

from drafter.commitments import dates
from drafter.commitments.lexicon import DOSSIER, norm_ws, regexes
from drafter.commitments.model import Commitment
from drafter.commitments.verdict import Verdict
from ocr.model import Document


# -- field extraction -------------------------------------------------------------
def strip_footnote_digits(name: str) -> str:
    """'Becker7' -> 'Becker': a footnote number glued to a name is no part of it."""
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
                if name.split()[-1] in {"Kamer", "Kamerlid", "Tweede", "Minister", "Staatssecretaris", "Kamerstuk",
                                        "Kamerstukken"}:
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
    """'35925-XV', '17' -> '35 925 XV, nr. 17', the gold's form, so one Kamerstuk compares equal however written."""
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
    """The first Kamerstuk a text cites: numbered ('…, nr. 12') or, for the Eerste Kamer, lettered ('…, H')."""
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
    """The footnote numbers a sentence points to that the document defines (a Kamerstuk is often only there)."""
    refs: list[tuple[int, int]] = []
    for rx in _FOOTNOTE_REF:
        for m in rx.finditer(text):
            n = int(m.group("n"))
            if n in notes:
                refs.append((m.start(), n))
    return [n for _, n in sorted(refs)]


def clean_venue(v: str) -> str:
    """A debate's name as written, without the words the venue pattern took past its end."""
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
        return clean_venue(m.group("venue")), None, None
    m = rx["venue"].search(text)
    if m:
        venue = clean_venue(m.group("venue"))
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


#: One member's moties by number: '(19637, nrs. 32, 33 en 35)'.
_NRS = re.compile(rf"\((?P<dossier>{DOSSIER}),\s*nrs\.\s*(?P<nrs>\d+(?:\s*(?:,|en)\s*\d+)+)\)")


#: One motie of a list by its Kamerstuk, its member in brackets: 'Kamerstuk 32 793, nr. 176 (Dik-Faber)'.
_STUK_OF = re.compile(rf"\bKamerstuk(?:ken)?\s+(?P<dossier>{DOSSIER}),?\s*"
                      r"nr\.\s*(?P<nr>\d+)\s*\((?P<who>[A-Z][\w'’-]*(?:[\s-][A-Za-z][\w'’-]*){0,3})\)")


#: A motie named in the Handelingen by its number on the day's list: 'de motie op stuk nr. 157'.
_STUK_NR = re.compile(r"\bmotie\s+op\s+stuk\s+nr\.\s*(?P<nr>\d+)\b", re.I)


def stuk_number(text: str) -> int | None:
    """The number of 'de motie op stuk nr. 157' (its dossier is the item's, not written)."""
    m = _STUK_NR.search(text)
    return int(m.group("nr")) if m else None


def several_numbers(text: str) -> list[tuple[str, list[str] | None]]:
    """The moties of a plural reference, one (Kamerstuk, members) per number: one member's moties
    ('de moties-Voortman (19637, nrs. 32, 33 en 35)': members as the sentence has them) or a list
    of moties each with its member ('de moties Kamerstuk 32 793, nr. 176 (Dik-Faber), Kamerstuk …')."""
    if not re.search(r"\bmoties\b", text, re.I):
        return []
    listed = list(_STUK_OF.finditer(text))
    if len(listed) >= 2:
        return [(normalise_kamerstuk(m.group("dossier"), m.group("nr")), [m.group("who")]) for m in listed]
    m = _NRS.search(text)
    if not m:
        return []
    return [(normalise_kamerstuk(m.group("dossier"), n), None) for n in re.findall(r"\d+", m.group("nrs"))]


def build(sent: str, v: Verdict, ref: dt.date | None, notes: dict[int, str], prev_text: str) -> Commitment:
    """Fill the fields of one commitment from its sentence and the footnotes it points to."""
    text = norm_ws(sent)
    members, party = find_members(text)
    kamerstuk, made_in, made_on = _where_made(text, v, ref, notes)
    trigger = _TRIGGER.search(text)
    due = _due_as_written(text, v, trigger, prev_text)
    if not v.new and made_on is None:
        made_on = _date_made(text, v, ref, trigger, due)
    due_date = dates.resolve_due(due, _due_reference(due, made_on, ref))
    if v.new:
        made_in = made_on = None
    status = MOTIE_STATUS.search(text) if v.kind == "motie" else None
    return Commitment(
        kind=v.kind or "toezegging", members=members, party=party, made_on=made_on, made_in=made_in,
        motie_status=status.group(1).lower() if status else None,
        recurrence=v.recurrence or recurrence_of(due),
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
            made_in = norm_ws(note[:got[0][0]] if got else note).strip(" ,.")
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


def recurrence_of(due: str | None) -> str | None:
    """The moment itself when it is a recurrence ('jaarlijks', 'met regelmaat'): the commitment recurs."""
    return due if due and regexes()["recurrence"].fullmatch(due) else None


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


MOTIE_STATUS = re.compile(r"\b(aangenomen|aangehouden|verworpen|ingetrokken|vervallen)\b", re.I)


def _last_sentence(text: str) -> str:
    parts = re.split(r"(?<=[.!?])\s+(?=[A-Z])", text.strip())
    return parts[-1] if parts and parts[-1] else ""


def number_of(kamerstuk: str | None) -> int | None:
    """'35 000 XII, nr. 8' -> 8."""
    m = re.search(r"\bnr\.\s*(\d+)$", kamerstuk or "")
    return int(m.group(1)) if m else None


_STOP = set("""de het een van en voor aan op in met over om te tot bij als of dat die dit deze
zijn is wordt worden door naar middels via ook nog niet wel meer
inburgering inburgeraars statushouders asielstatushouders gemeenten gemeente kamer brief uitvoeringsbrief
minister toezegging toezeggingen motie moties""".split())  # the last lines: words every topic here shares


def content_words(s: str) -> set[str]:
    """The words that say what a text is about (no function words), for matching a topic to a commitment."""
    return {w for w in re.findall(r"[\wà-ÿ-]+", s.lower()) if w not in _STOP and len(w) >= 3}


def topic_match(topic: str, context: str) -> bool:
    """Does an aggregate's listed topic name this commitment (enough shared content words)?"""
    t = content_words(topic)
    c = content_words(context)
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
