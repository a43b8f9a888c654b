"""The text of a motie, wherever it is printed: one motie, quoted by its dictum.

A motie has a fixed form, the same in a motie document (Kamerstuk 'Nr. 214 MOTIE VAN DE
LEDEN …'), in the Handelingen ('Motie / De Kamer, gehoord de beraadslaging, … verzoekt
de regering …, en gaat over tot de orde van de dag. / Deze motie is voorgesteld door de
leden …  Zij krijgt nr. 51 (29936).') and in a ministry's annex listing moties ('Motie
van het lid X (Kamerstuk 29 383, nr. 168) / Verzoekt de regering …').  The dictum
('verzoekt de regering …', 'roept de regering op …', 'draagt … op', 'spreekt uit …') is
what the Kamer asked, so it is the quote; who proposed it, its number and the debate
come from the header before it or the chair's lines after it.  Everything between the
header and the last of those lines is one motie: the sentence-level rules do not see
its parts as commitments of their own.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from drafter.commitments.lexicon import DOSSIER

#: The dictum clause: its verb at the start of a line or after the considerations.
DICTUM = re.compile(
    r"(?:^|(?<=[;,:).]\s)|(?<=\n))\s*(?P<dictum>(?:[Vv]erzoek(?:t|en)|[Rr]oep(?:t|en)|[Dd]raag?(?:t|en)|[Ss]prek?(?:t|en)|"
    r"[Vv]raag?(?:t|en)|[Nn]odig(?:t|en))\s+"
    r"(?:(?:als\s+(?:haar|zijn)\s+mening\s+)?uit\b|(?:de\s+regering|het\s+kabinet|de\s+minister|de\s+staatssecretaris|"
    r"de\s+bewindspersonen?|het\s+presidium|de\s+voorzitter)\b)"
    r"(?:[^\n]*?)(?:,(?=\s*(?:\n|en\s+gaat\s+over|Deze\s+motie\b|Zij\s+krijgt\b|$))|\.(?=\s*(?:\n|$))|(?=\s*\n)|$))", re.M)
#: The header of one motie: 'Motie van het lid X c.s. (Kamerstuk …)', 'MOTIE VAN DE LEDEN X EN Y', 'Motie'.
HEADER = re.compile(
    r"(?im)(?:^|(?<=[.:;!?]\s))[ \t]*(?:Nr\.\s*\d+\s+)?"
    # 'De motie van het lid X. Verzoekt …' (a row of an overview), never 'De motie van X verzoekt …' (a sentence)
    r"(?:de\s+(?=(?:gewijzigde\s+)?motie\b[^\n]{0,200}?(?:(?<!c\.s)\.|;|\.(?=\s*(?-i:[A-Z])))\s*(?:verzoek(?:t|en)|roep(?:t|en)|draag?(?:t|en)|sprek?(?:t|en))\s))?"
    r"(?:gewijzigde\s+)?motie\b(?P<who>[^\n]{0,200}?)"
    r"(?=[.;]?\s*(?:$|Voorgesteld\b|De\s+Kamer,|(?:verzoek(?:t|en)|roep(?:t|en)|draag?(?:t|en)|sprek?(?:t|en))\s))")
#: The chair's line after a motie in the Handelingen.
PROPOSED_BY = re.compile(r"Deze motie is voorgesteld door (?:het lid|de leden) (?P<names>[^.\n]+)\.")
GETS_NUMBER = re.compile(r"Zij krijgt nr\.\s*(?P<nr>\d+)\s*\((?P<dossier>\d{2}[\s.]?\d{3}(?:[\s-]+[A-Z]{1,6}|\s+[IVXLC]{1,6})?)\)")
SUBMITTED_AT = re.compile(r"Deze motie is ingediend (?:bij|tijdens) (?:het |de )?(?P<venue>[^.\n]+?)(?=\s+(?:en|maar)\s+[a-z]|[.\n])")
ORDER_OF_BUSINESS = re.compile(r"Aan de orde is (?:thans )?(?:het |de )?(?P<venue>[A-Za-z][^.(\n]+?)\s*(?:\([^)]*\))?\s*(?:\.|$)", re.M)
PROPOSED_ON = re.compile(r"Voorgesteld\s+(?:op\s+)?(?P<when>\d{1,2}\s+[a-z]+\s+(?:19|20)\d{2})")
SPEAKER = re.compile(r"(?m)^(?:De heer|Mevrouw)\s+(?P<name>[^\n(]+?)\s*\((?P<party>[^)\n]{1,20})\):\s*$")
#: The chair's line before a changed motie: 'De motie-X (35000-XII, nr. 12) is in die zin gewijzigd dat zij thans
#: is ondertekend door de leden X en Y, en luidt:' - the motie printed after it is that one, with these signatories.
AMENDED = re.compile(r"De\s+motie[-\s][^()\n]{1,80}?\((?P<dossier>\d{2}[\s.]?\d{3}(?:[\s-]+[A-Z]{1,6})?),\s*nr\.\s*(?P<nr>\d+)\)"
                     r"\s+is\s+(?:in\s+die\s+zin\s+)?gewijzigd\b(?P<rest>[^\n]{0,300}?)\s*,?\s*(?:en|dat\s+zij\s+(?:thans|nu))\s+luidt\s*:")
SIGNED_BY = re.compile(r"ondertekend\s+door\s+(?:het\s+lid|de\s+leden)\s+(?P<names>.+)$")
CLOSING = re.compile(r"en\s+gaat\s+over\s+tot\s+de\s+orde\s+van\s+de\s+dag\.?")
STATUS = re.compile(r"\b(?P<status>aangenomen|aangehouden|verworpen|ingetrokken|vervallen)\b", re.I)
PARTICLES = {"van", "de", "der", "den", "ter", "ten", "het", "in", "'t"}


@dataclass
class MotionText:
    """One printed motie: its dictum and what the surrounding lines say of it."""

    dictum: str
    start: int  # the motie's first and last character in the text (header to chair's lines)
    end: int
    dictum_start: int
    members: list[str]
    party: str | None
    kamerstuk: tuple[str, str] | None  # (dossier, nr)
    made_in: str | None
    made_on: str | None  # as written
    status: str | None
    settled: bool = False  # the row of an overview says 'Afgedaan'
    further: str = ""  # further dictum clauses of the same motie ('verzoekt de regering tevens, …')


#: A Kamerstuk cited in a table row beside the motie ('Kamerstukken II 2022/23, 36200 IV, nr. 12').
CITED_STUK = re.compile(rf"^\s*Kamerstuk(?:ken)?\s+II\s+\d{{4}}[/-]\d{{2,4}},?\s+(?P<dossier>{DOSSIER}),?"
                        r"\s*nr\.\s*(?P<nr>\d+)", re.M)
#: The 'stand van zaken' cell of an overview: 'Afgedaan.', 'Afgedaan. De Tweede Kamer is … geïnformeerd'.
SETTLED = re.compile(r"(?m)^\s*Afgedaan\b")
#: The title of a table or list of moties: a short line without a full stop ('Tabel 32 Door de Staten-Generaal
#: aanvaarde moties die zijn afgerond', 'Aangenomen moties'); the last one above a motie is its table.
MOTIE_TABLE_TITLE = re.compile(r"(?im)^[^\n.]{0,80}\bmoties\b[^\n.]{0,120}$")


def _status_of_table(text: str, start: int) -> str | None:
    """A motie under a title that says the moties were adopted ('aanvaarde moties') was adopted."""
    titles = list(MOTIE_TABLE_TITLE.finditer(text, max(0, start - 20000), start))
    if titles and re.search(r"\b(?:aanvaarde|aangenomen)\s+moties\b", titles[-1].group(0), re.I):
        return "aangenomen"
    return None


def title_case_name(name: str) -> str:
    """'PIETER HEERMA' -> 'Pieter Heerma', 'VAN DER STAAIJ' -> 'Van der Staaij'."""
    if not name.isupper():
        return name
    words = name.lower().split()
    out = [w if (i and w in PARTICLES) else "-".join(p.capitalize() for p in w.split("-")) for i, w in enumerate(words)]
    return " ".join(out)


def split_names(names: str) -> list[str]:
    """'Van Nispen, Van Ojik, Azarkan en Kuiken' -> four names; 'c.s.' and parties dropped."""
    names = re.sub(r"\s*c\.s\.?", "", names)
    names = re.sub(r"\s*\([^)]*\)", "", names)
    parts = re.split(r"\s*(?:,|/|\s+en\s+|\s+EN\s+)\s*", names.strip())
    return [title_case_name(p.strip()) for p in parts if p.strip() and re.match(r"[A-Za-zÀ-ÿ']", p.strip())]


#: A Kamerstuk as printed: the dossier opens the page ('35 387 Parlementair onderzoek …'), the number
#: opens the motie's title ('Nr. 13 MOTIE VAN HET LID …').
_DOSSIER_LINE = re.compile(rf"(?m)^\s*(?P<dossier>{DOSSIER})\s+[A-Z(]")
_TITLE_NR = re.compile(r"^\s*Nr\.\s*(?P<nr>\d+)\b", re.I)


def _printed_number(text: str, header: re.Match, floor: int) -> tuple[str, str] | None:
    nr = _TITLE_NR.match(header.group(0))
    if not nr:
        return None
    dossiers = list(_DOSSIER_LINE.finditer(text, max(floor, header.start() - 600), header.start()))
    return (dossiers[-1].group("dossier"), nr.group("nr")) if dossiers else None


def _names_part(who: str) -> str:
    """'van de leden Van Kent en Maatoug over onderzoek naar … (Kamerstuk …)': the names end
    where the subject ('over', 'inzake', …) or the reference begins."""
    return re.split(r"\(|\s+(?:over|inzake|betreffende|aangaande|ter|teneinde|met\s+betrekking\s+tot)\s", who)[0]


def _header_before(text: str, pos: int, floor: int) -> re.Match | None:
    """The last motie header in the 1,500 characters before a dictum (a motie's
    considerations are never longer)."""
    found = None
    for m in HEADER.finditer(text, max(floor, pos - 1500), min(len(text), pos + 250)):  # (its lookahead reads on)
        if m.start() < pos:
            found = m
    return found


def _amended_before(text: str, pos: int, floor: int) -> re.Match | None:
    """The 'is in die zin gewijzigd …, en luidt:' line just before a motie (header at ``pos``)."""
    found = None
    for m in AMENDED.finditer(text, max(floor, pos - 500), pos):
        found = m
    return found if found and not text[found.end():pos].strip(" \t\n").count("\n\n\n") else None


def _signatures_after(text: str, pos: int, limit: int) -> list[str]:
    """A motie document ends with its signatories, one per line."""
    lines = text[pos:limit].strip().splitlines()
    names = [ln.strip() for ln in lines if ln.strip()]
    if names and len(names) <= 12 and all(re.fullmatch(r"[A-Z][\w'’ .-]{1,40}", n) and len(n.split()) <= 4 for n in names):
        return names
    return []


def find_motions(text: str) -> list[MotionText]:
    """Every motie printed in ``text`` (a whole document, blocks joined by newlines)."""
    dicta = [m for m in DICTUM.finditer(text)]
    out: list[MotionText] = []
    floor = 0
    for i, m in enumerate(dicta):
        nxt = dicta[i + 1].start() if i + 1 < len(dicta) else len(text)
        header = _header_before(text, m.start(), floor)
        considered = re.search(r"gehoord\s+de\s+beraadslaging", text[max(floor, m.start() - 3000):m.start()])
        if header is None and not considered:
            continue  # a dictum-like sentence outside a motie ('verzoekt de regering' in running prose)
        start = header.start() if header else m.start()
        who = header.group("who") if header else ""
        members = split_names(re.sub(r"^\s*(?:van\s+)?(?:het\s+lid|de\s+leden)\s+", "", _names_part(who), flags=re.I)) \
            if re.match(r"\s*(?:van\s+)?(?:het\s+lid|de\s+leden)\b", who, re.I) else []
        tail_end = min(nxt, m.end() + 800)
        next_header = HEADER.search(text, m.end(), tail_end)
        if next_header:
            tail_end = next_header.start()
        tail = text[m.end():tail_end]
        end = m.end()
        closing = CLOSING.search(tail)
        if closing:
            end = m.end() + closing.end()
        proposed = PROPOSED_BY.search(tail)
        if proposed:
            members = members or split_names(proposed.group("names"))
            end = max(end, m.end() + proposed.end())
        if not members and closing:
            members = _signatures_after(text, end, tail_end)
        if not members and considered:
            members = _speaker_before(text, start)  # the Handelingen cut before the chair's 'voorgesteld door'
        number = GETS_NUMBER.search(tail)
        kamerstuk = None
        if number:
            kamerstuk = (number.group("dossier"), number.group("nr"))
            end = max(end, m.end() + number.end())
        elif header:
            ks = re.search(r"(?P<dossier>\d{2}[\s.]?\d{3}(?:\s+[A-Z]{1,6}|\s+[IVXLC]{1,6})?),?\s*nr\.?\s*(?P<nr>\d+)", header.group(0))
            if ks:
                kamerstuk = (ks.group("dossier"), ks.group("nr"))
            else:
                kamerstuk = _printed_number(text, header, floor)
        if kamerstuk is None:
            cited = CITED_STUK.search(tail[:300])
            kamerstuk = (cited.group("dossier"), cited.group("nr")) if cited else None
        settled = bool(SETTLED.search(tail[:400]))
        submitted = SUBMITTED_AT.search(tail)
        made_in = submitted.group("venue").strip() if submitted else None
        if submitted:
            end = max(end, m.end() + submitted.end())
        status = STATUS.search(tail[: (proposed.start() if proposed else len(tail))]) if not number else None
        amended = _amended_before(text, start, floor)
        if amended:  # the chair's line says which motie this is and who signs it now
            start = amended.start()
            kamerstuk = kamerstuk or (amended.group("dossier"), amended.group("nr"))
            signed = SIGNED_BY.search(amended.group("rest"))
            named = re.match(r"De\s+motie[-\s](?P<who>[^()\n]{1,80}?)\s*\(", amended.group(0))
            members = (split_names(signed.group("names")) if signed
                       else members or (split_names(_names_part(named.group("who"))) if named else []))
        region = text[floor:m.start()]
        on = PROPOSED_ON.search(region)
        out.append(MotionText(
            dictum=m.group("dictum").strip(), start=start, end=end, dictum_start=m.start("dictum"),
            members=members, party=_party(text, start, members, floor), kamerstuk=kamerstuk,
            made_in=made_in, made_on=on.group("when") if on else None,
            status=status.group("status").lower() if status else _status_of_table(text, start),
            settled=settled, further=_further_dicta(text, m.end())))
        floor = end
    return out


def _further_dicta(text: str, after: int) -> str:
    """The dictum clauses after the first, up to 'en gaat over tot de orde van de dag'."""
    closing = CLOSING.search(text, after, after + 1500)
    if not closing:
        return ""
    return " ".join(m.group("dictum") for m in DICTUM.finditer(text, after, closing.start()))


def _speaker_before(text: str, start: int) -> list[str]:
    """The member who spoke last before a motie printed in the Handelingen: in the Tweede Kamer a
    motie is read out by the member who submits it ('De heer Potters (VVD): … Ik heb één motie.')."""
    last = None
    for sp in SPEAKER.finditer(text, max(0, start - 6000), start):
        last = sp
    return [last.group("name").strip()] if last else []


def _party(text: str, start: int, members: list[str], floor: int) -> str | None:
    """The party of the first signatory: the speaker line that introduced the motie, or a
    party heading just above an annex entry ('VVD')."""
    if not members:
        return None
    first = members[0].split()[-1]
    best = None
    for sp in SPEAKER.finditer(text, 0, start):
        if first in sp.group("name"):
            best = sp.group("party")
    if best:
        return best
    above = text[max(0, start - 200):start].strip().splitlines()
    for line in reversed(above[-3:]):
        line = line.strip()
        if re.fullmatch(r"[A-Z][A-Za-z0-9&]{1,10}", line) and line.upper() == line:
            return line
    return None


def document_venue(text: str) -> str | None:
    """'Aan de orde is het VAO Tolken en vertalers (AO d.d. 19/02).': the debate of a Handelingen item."""
    m = ORDER_OF_BUSINESS.search(text)
    return m.group("venue").strip() if m else None
