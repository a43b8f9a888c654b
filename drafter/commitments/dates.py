"""Dutch dates as civil servants write them, resolved against a document's date.

Letters say '13 april jl.', '27 september a.s.', 'mei vorig jaar', 'in april',
'na het zomerreces', 'in de volgende uitvoeringsbrief'.  The register needs ISO
dates, so everything relative is resolved against the date of the document
that says it.  A month without a day stays a month (``YYYY-MM``): inventing a
day would be a fact the text does not give.
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from drafter.dutch import MONTH_NAMES, MONTHS
from drafter.safeyaml import load_yaml_file

_MONTH_RE = "|".join(MONTHS)
RECESS_FILE = Path(__file__).with_name("data") / "recesses.yaml"
RECESSES = ("voorjaarsreces", "meireces", "zomerreces", "herfstreces", "kerstreces")

# A footnote number may be glued to a year ('april 20232' = april 2023, note 2).
_YEAR = r"(?P<year>(?:19|20)\d{2})(?=\d{0,2}\b)"
_REL = r"(?P<rel>jl\.|j\.l\.|jongstleden|a\.s\.|aanstaande|(?:van\s+)?vorig\s+jaar|(?:van\s+)?dit\s+jaar)"
DAY_MONTH_RE = re.compile(
    rf"\b(?P<day>\d{{1,2}})\s+(?P<month>{_MONTH_RE})\b(?:\s+(?:{_YEAR}|{_REL}))?", re.IGNORECASE)
MONTH_YEAR_RE = re.compile(
    rf"\b(?:(?P<prep>in|sinds|van|tot|per)\s+)?(?P<month>{_MONTH_RE})\b(?:\s+(?:{_YEAR}|{_REL}))?", re.IGNORECASE)
NUMERIC_RE = re.compile(r"\b(?P<day>\d{1,2})-(?P<month>\d{1,2})-(?P<year>(?:19|20)\d{2})\b")


def nl_date(value: dt.date | str | None) -> str:
    """'2021-11-01' -> '1 november 2021'; 'YYYY-MM' -> 'november 2021'."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        parts = value.split("-")
        if len(parts) == 2:
            return f"{MONTH_NAMES[int(parts[1])]} {parts[0]}"
        if len(parts) == 1:
            return parts[0]
        value = dt.date.fromisoformat(value)
    return f"{value.day} {MONTH_NAMES[value.month]} {value.year}"


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _relative_year(month: int, day: int, ref: dt.date, rel: str | None, past: bool) -> int:
    """The year of a day-month without a year, given how the text points to it."""
    rel = (rel or "").lower()
    if "vorig" in rel:
        return ref.year - 1
    if "dit" in rel:
        return ref.year
    if rel.startswith(("a.s", "aanstaande")):
        past = False
    elif rel.startswith(("jl", "j.l", "jongst")):
        past = True
    if past:
        return ref.year if (month, day) <= (ref.month, ref.day) else ref.year - 1
    return ref.year if (month, day) >= (ref.month, ref.day) else ref.year + 1


def find_dates(text: str, ref: dt.date | None, past: bool = True) -> list[tuple[int, int, str]]:
    """All date expressions in ``text`` as (start, end, ISO or YYYY-MM), in order.

    ``past`` says how to read a date without a year when the text gives no
    'jl.'/'a.s.': made_on dates lie in the past, due moments in the future.
    """
    found: list[tuple[int, int, str]] = []
    taken: list[tuple[int, int]] = []
    for m in DAY_MONTH_RE.finditer(text):
        month, day = MONTHS[m["month"].lower()], int(m["day"])
        if m["year"]:
            year = int(m["year"])
        elif ref is not None:
            year = _relative_year(month, day, ref, m["rel"], past)
        else:
            continue
        d = _safe_date(year, month, day)
        if d:
            found.append((m.start(), m.end(), d.isoformat()))
            taken.append((m.start(), m.end()))
    for m in NUMERIC_RE.finditer(text):
        d = _safe_date(int(m["year"]), int(m["month"]), int(m["day"]))
        if d:
            found.append((m.start(), m.end(), d.isoformat()))
            taken.append((m.start(), m.end()))
    for m in MONTH_YEAR_RE.finditer(text):
        if any(s <= m.start("month") < e for s, e in taken):
            continue
        if not (m["year"] or m["rel"] or (m["prep"] or "").lower() == "in"):
            continue  # a bare month name ('mei') is too often something else
        month = MONTHS[m["month"].lower()]
        if m["year"]:
            year = int(m["year"])
        elif ref is not None:
            year = _relative_year(month, 1 if past else 28, ref, m["rel"], past)
        else:
            continue
        start = m.start("month") if not m["prep"] or m["prep"].lower() != "in" else m.start()
        found.append((start, m.end(), f"{year:04d}-{month:02d}"))
    found.sort()
    return found


# -- document date -----------------------------------------------------------
_HEADER_DATE_RE = re.compile(
    rf"(?:\bDatum\b[\s:]*|Den Haag,\s*|'s-Gravenhage,\s*)(\d{{1,2}}\s+(?:{_MONTH_RE})\s+(?:19|20)\d{{2}})",
    re.IGNORECASE)


_FORWARD = re.compile(r"(?:\bper|\bvanaf|ingang\s+van|\bvoor|\bvóór|\buiterlijk|\btot|\bna|\btegen|\bvanaf)\s*$",
                      re.IGNORECASE)


def document_date(text: str, metadata: dict[str, str] | None = None) -> dt.date | None:
    """The date of a letter or nota.

    The reader's metadata first; then a 'Datum …' or 'Den Haag, …' line; last
    the latest full date the text mentions, a lower bound that is close for
    letters that only cite recent events.
    """
    for key in ("date", "datum", "Datum"):
        value = (metadata or {}).get(key)
        if value:
            try:
                return dt.date.fromisoformat(value[:10])
            except ValueError:
                got = find_dates(value, None)
                if got and len(got[0][2]) == 10:
                    return dt.date.fromisoformat(got[0][2])
    m = _HEADER_DATE_RE.search(text)
    if m:
        got = find_dates(m.group(1), None)
        if got:
            return dt.date.fromisoformat(got[0][2])
    # dates a text looks forward to ('per 1 januari 2025', 'uiterlijk 1 juli') say nothing of its own date
    full = [d for s, _, d in find_dates(text, None)
            if len(d) == 10 and not _FORWARD.search(text[max(0, s - 25):s])]
    full = [d for d in full if d <= dt.date.today().isoformat()]
    if full:
        return dt.date.fromisoformat(max(full))
    return None


# -- recesses and due moments ----------------------------------------------------
@lru_cache(maxsize=1)
def _recess_table() -> dict[int, dict[str, tuple[dt.date, dt.date]]]:
    raw = load_yaml_file(RECESS_FILE)
    return {int(y): {name: (span[0], span[1]) for name, span in v.items()} for y, v in raw.items()}


def recess(name: str, year: int) -> tuple[dt.date, dt.date]:
    """First and last day of a recess; outside the table the usual pattern."""
    table = _recess_table()
    if year in table and name in table[year]:
        return table[year][name]

    def friday_on_or_before(d: dt.date) -> dt.date:
        return d - dt.timedelta(days=(d.weekday() - 4) % 7)

    usual = {
        "voorjaarsreces": (dt.date(year, 2, 17), 10),
        "meireces": (dt.date(year, 4, 28), 17),
        "zomerreces": (dt.date(year, 7, 7), 59),
        "herfstreces": (dt.date(year, 10, 17), 10),
        "kerstreces": (dt.date(year, 12, 21), 24),
    }
    start, length = usual[name]
    start = friday_on_or_before(start)
    return start, start + dt.timedelta(days=length)


def next_letter_date(ref: dt.date) -> dt.date:
    """When the next half-yearly uitvoeringsbrief goes out: before the next
    summer or Christmas recess that is at least six weeks away."""
    candidates = []
    for year in (ref.year, ref.year + 1):
        for name in ("zomerreces", "kerstreces"):
            start = recess(name, year)[0]
            if start >= ref + dt.timedelta(days=42):
                candidates.append(start)
    return min(candidates)


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


_SEASON_END = {"voorjaar": (6, 20), "zomer": (9, 22), "najaar": (12, 20), "herfst": (12, 20), "winter": (3, 20)}
_QUARTER = {"eerste": 1, "tweede": 2, "derde": 3, "vierde": 4}
_COUNT = {"een": 1, "één": 1, "twee": 2, "drie": 3, "vier": 4, "vijf": 5, "zes": 6, "acht": 8, "tien": 10, "twaalf": 12}


@dataclass(frozen=True)
class _Moment:
    """A due moment as written, lower-cased, with what every resolver asks of it."""

    text: str
    raw: str
    ref: dt.date
    before: bool  # 'voor X': the day before X
    after: bool  # 'na X': the day after X
    year: int | None  # the year it names ('volgend jaar' counts)

    @classmethod
    def of(cls, due: str, ref: dt.date) -> _Moment:
        text = due.lower().strip()
        year_m = re.search(r"\b((?:19|20)\d{2})\b", text)
        year = ref.year + 1 if "volgend jaar" in text else int(year_m.group(1)) if year_m else None
        return cls(text, due, ref, bool(re.match(r"(voor|vóór|uiterlijk voor)\b", text)), text.startswith("na "), year)

    def coming(self, month: int, day: int = 1) -> int:
        """The year of the next (month, day) from the reference date, unless a year is named."""
        return self.year or (self.ref.year if (month, day) >= (self.ref.month, self.ref.day) else self.ref.year + 1)


def _full_date(m: _Moment) -> dt.date | None:
    full = [d for _, _, d in find_dates(m.raw, m.ref, past=False) if len(d) == 10]
    if not full:
        return None
    d = dt.date.fromisoformat(full[0])
    return d - dt.timedelta(days=1) if m.before else d


def _half(m: _Moment) -> dt.date | None:
    """'in de tweede helft van oktober 2013', 'de eerste helft van dit jaar'."""
    hit = re.search(rf"\b(eerste|tweede)\s+helft\s+van\s+({_MONTH_RE})\b", m.text)
    if hit:
        mo = MONTHS[hit.group(2)]
        y = m.year or (m.ref.year if mo >= m.ref.month else m.ref.year + 1)
        return dt.date(y, mo, 15) if hit.group(1) == "eerste" else _month_end(y, mo)
    hit = re.search(r"\b(eerste|tweede)\s+helft\s+van\b", m.text)
    if hit:
        y = m.year or m.ref.year
        return dt.date(y, 6, 30) if hit.group(1) == "eerste" else dt.date(y, 12, 31)
    return None


def _christmas(m: _Moment) -> dt.date | None:
    """'voor de kerst': before 25 December, the coming one."""
    hit = re.search(r"\b(voor|vóór|na|rond)\s+(?:de\s+)?kerst", m.text)
    if not hit:
        return None
    y = m.year or (m.ref.year if m.ref < dt.date(m.ref.year, 12, 25) else m.ref.year + 1)
    day = dt.date(y, 12, 25)
    return day - dt.timedelta(days=1) if hit.group(1) in ("voor", "vóór") else day


def _within(m: _Moment) -> dt.date | None:
    """'binnen twee weken': counted from the document."""
    hit = re.search(r"\bbinnen\s+(\w+)\s+(dag|dagen|week|weken|maand|maanden)\b", m.text)
    if not hit:
        return None
    n = _COUNT.get(hit.group(1), int(hit.group(1)) if hit.group(1).isdigit() else 1)
    unit = hit.group(2)
    return m.ref + dt.timedelta(days=n * (1 if unit.startswith("dag") else 7 if unit.startswith("we") else 30))


def _recess(m: _Moment) -> dt.date | None:
    hit = re.search(r"(voorjaars|mei|zomer|herfst|kerst)reces", m.text)
    if not hit:
        return None
    name = hit.group(1) + "reces"
    start, end = recess(name, m.year or m.ref.year)
    if m.year is None and (end if m.after else start) < m.ref:
        start, end = recess(name, m.ref.year + 1)
    return start - dt.timedelta(days=1) if m.before else end + dt.timedelta(days=1) if m.after else end


def _prinsjesdag(m: _Moment) -> dt.date | None:
    """The third Tuesday of September, the next one when this year's has passed."""
    if not re.search(r"prinsjesdag|miljoenennota", m.text):
        return None

    def third_tuesday(y: int) -> dt.date:
        first = dt.date(y, 9, 1)
        return first + dt.timedelta(days=(1 - first.weekday()) % 7 + 14)

    day = third_tuesday(m.year or m.ref.year)
    if m.year is None and day < m.ref:
        day = third_tuesday(m.ref.year + 1)
    return day - dt.timedelta(days=1) if m.before else day


def _summer(m: _Moment) -> dt.date | None:
    """'voor de zomer' is before the summer recess, 'na de zomer' after it."""
    hit = re.search(r"(voor|na)\s+de\s+zomer\b", m.text)
    if not hit:
        return None
    start, end = recess("zomerreces", m.year or m.ref.year)
    if m.year is None and (start if hit.group(1) == "voor" else end) < m.ref:
        start, end = recess("zomerreces", m.ref.year + 1)
    return start - dt.timedelta(days=1) if hit.group(1) == "voor" else end + dt.timedelta(days=1)


def _season(m: _Moment) -> dt.date | None:
    hit = re.search(r"\b(voorjaar|zomer|najaar|herfst|winter)\b", m.text)
    if not hit:
        return None
    mo, day = _SEASON_END[hit.group(1)]
    return dt.date(m.coming(mo, day), mo, day)


def _quarter(m: _Moment) -> dt.date | None:
    hit = re.search(r"\b(eerste|tweede|derde|vierde)\s+kwartaal\b|\bq([1-4])\b", m.text)
    if not hit:
        return None
    q = _QUARTER[hit.group(1)] if hit.group(1) else int(hit.group(2))
    return _month_end(m.year or m.ref.year, q * 3)


def _mid(m: _Moment) -> dt.date | None:
    hit = re.search(rf"\bmedio\s+({_MONTH_RE})", m.text)
    if hit:
        mo = MONTHS[hit.group(1)]
        return dt.date(m.year or (m.ref.year if mo >= m.ref.month else m.ref.year + 1), mo, 15)
    return dt.date(m.year or m.ref.year, 6, 30) if re.search(r"\bmedio\b", m.text) else None


def _month(m: _Moment) -> dt.date | None:
    """'eind maart', 'begin juni', 'in december van dit jaar', 'voor oktober'."""
    hit = re.search(rf"\b(eind|einde|begin|in|voor|uiterlijk|tot)\s+(?:van\s+)?({_MONTH_RE})\b", m.text)
    if not hit:
        return None
    mo = MONTHS[hit.group(2)]
    y = m.year or (m.ref.year if mo >= m.ref.month or "dit jaar" in m.text else m.ref.year + 1)
    if hit.group(1) == "begin":
        return dt.date(y, mo, 10)
    if hit.group(1) == "voor":
        return dt.date(y, mo, 1) - dt.timedelta(days=1)
    return _month_end(y, mo)


def _year_part(m: _Moment) -> dt.date | None:
    if re.search(r"\b(eind|einde|later)\b.*\b(jaar|\d{4})\b", m.text):
        return dt.date(m.year or m.ref.year, 12, 31)
    if re.search(r"\bbegin\b", m.text) and m.year:
        return dt.date(m.year, 3, 31)
    return None


def _letter(m: _Moment) -> dt.date | None:
    """'in de volgende uitvoeringsbrief': the next letter's date; 'in deze brief': this one."""
    if re.search(r"(volgende|eerstvolgende)\s+(?:\w+)?brief|(?:in|bij)\s+de\s+(?:uitvoerings|verzamel|voortgangs)brief", m.text):
        return next_letter_date(m.ref)
    return m.ref if re.search(r"\b(deze|dit)\s+(?:\w+)?brief\b", m.text) else None


def _vague(m: _Moment) -> dt.date | None:
    """'op korte termijn' counts as three months; 'dit jaar' and a bare year as their end."""
    if m.text.startswith("zodra"):
        return None  # 'zodra het rapport er is': a condition, no date to count from
    if re.search(r"korte\s+termijn|binnenkort|spoedig|zo snel mogelijk", m.text):
        return m.ref + dt.timedelta(days=90)
    if "dit jaar" in m.text:
        return dt.date(m.ref.year, 12, 31)
    if m.year:
        return dt.date(m.year - 1, 12, 31) if m.before else dt.date(m.year, 12, 31)
    return None


#: Resolvers in the order they are tried; the first that recognises the moment wins.
_RESOLVERS = (_full_date, _half, _christmas, _within, _recess, _prinsjesdag, _summer, _season, _quarter, _mid,
              _month, _year_part, _letter, _vague)


def resolve_due(due: str | None, ref: dt.date | None) -> dt.date | None:
    """The date by which a due moment as written falls, or None if it is vague
    beyond resolving.  'voor X' is the day before X; 'na X' the day after."""
    if not due or ref is None:
        return None
    moment = _Moment.of(due, ref)
    for resolver in _RESOLVERS:
        got = resolver(moment)
        if got is not None:
            return got
    return None


def iso_or_none(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def parse_iso(value: str | None) -> dt.date | None:
    """'2023-04-13' -> date; 'YYYY-MM' -> the last day of that month."""
    if not value:
        return None
    parts = value.split("-")
    if len(parts) == 2:
        return _month_end(int(parts[0]), int(parts[1]))
    return dt.date.fromisoformat(value[:10])


def latest(values: Iterable[str | None]) -> str | None:
    vals = [v for v in values if v]
    return max(vals) if vals else None
