"""Dutch number, percentage and date formatting, and the rounding rules we use.

One module so that the templates, the figures check and the tables all write
(and read back) numbers the way the Kamerbrieven do: ``2.341``, ``18%``,
``– 18%``/``+ 34%``, ``1 november 2021``, ``13 juli jl.``.

The rules (documented here because ``drafter figures check`` judges letters by them):

* Rounding: half away from zero, to a whole number or whole percent
  (``-16,67%`` -> ``– 17%``, ``+155,8%`` -> ``+ 156%``); Python's own ``round``
  rounds half to even and is never used for published figures.
* Verschil (change between two peildata) = (nieuw - oud) / oud, rounded as above.
  A change from 0 to 0 is ``0%``; a change from 0 to anything else has no
  percentage and is written ``n.v.t.``.
* Shares of one whole (Voldaan / Ontheven / Nog plichtig of a cohort) are
  computed with the largest-remainder method so that they add up to 100%.
  When checking a letter, the plain rounding of each share is accepted as well.
"""
from __future__ import annotations

import math
import re
from collections.abc import Sequence
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

from babel.dates import format_date
from babel.numbers import format_decimal

LOCALE = "nl_NL"
EN_DASH = "\u2013"
NOT_APPLICABLE = "n.v.t."
#: Dutch month names and their numbers, for every module that reads or writes dates.
MONTHS = {name: number for number, name in enumerate(
    "januari februari maart april mei juni juli augustus september oktober november december".split(), 1)}
MONTH_NAMES = {number: name for name, number in MONTHS.items()}

Number = int | float | Fraction | Decimal


def _exact(value: Number) -> Fraction:
    """Exact arithmetic, so 0.5 is really a half (floats are read by their decimal text)."""
    return value if isinstance(value, Fraction) else Fraction(str(value))


def round_half_away(value: Number) -> int:
    """Round to a whole number, halves away from zero (the published convention)."""
    exact = _exact(value)
    floor = math.floor(abs(exact))
    magnitude = floor + 1 if abs(exact) - floor >= Fraction(1, 2) else floor
    return magnitude if exact >= 0 else -magnitude


def getal(value: Number | None, decimals: int = 0) -> str:
    """``2341`` -> ``2.341``; ``6819.2`` with decimals=1 -> ``6.819,2``."""
    if value is None:
        return "–"
    if decimals == 0:
        return format_decimal(round_half_away(value), locale=LOCALE)
    exact = Decimal(str(value)).quantize(Decimal(10) ** -decimals, rounding=ROUND_HALF_UP)
    return format_decimal(exact, format=f"#,##0.{'0' * decimals}", locale=LOCALE)


def procent(value: Number | None) -> str:
    """A percentage (already times 100) as the letters write it: ``18%``."""
    if value is None:
        return NOT_APPLICABLE
    return f"{getal(value)}%"


def change_percent(old: Number, new: Number) -> int | None:
    """The Verschil rule: whole percent, half away from zero; None for a change from 0."""
    if old == 0:
        return 0 if new == 0 else None
    return round_half_away((_exact(new) - _exact(old)) * 100 / _exact(old))


def format_change(percent: int | None) -> str:
    """``-18`` -> ``– 18%``, ``34`` -> ``+ 34%``, ``0`` -> ``0%``, None -> ``n.v.t.``."""
    if percent is None:
        return NOT_APPLICABLE
    if percent == 0:
        return "0%"
    sign = "+" if percent > 0 else EN_DASH
    return f"{sign} {getal(abs(percent))}%"


def verschil(old: Number, new: Number) -> str:
    """The Verschil cell between two peildata, by our rule."""
    return format_change(change_percent(old, new))


def shares(parts: Sequence[int]) -> list[int]:
    """Whole-percent shares of ``sum(parts)`` that add up to 100 (largest remainder)."""
    total = sum(parts)
    if total == 0:
        return [0 for _ in parts]
    exact = [Fraction(p * 100, total) for p in parts]
    floors = [math.floor(e) for e in exact]
    missing = 100 - sum(floors)
    by_remainder = sorted(range(len(parts)), key=lambda i: (-(exact[i] - floors[i]), i))
    for i in by_remainder[:missing]:
        floors[i] += 1
    return floors


def share(part: int, total: int) -> int | None:
    """One share in whole percent, plain rounding (half away from zero)."""
    return None if total == 0 else round_half_away(Fraction(part * 100, total))


def datum(value: date) -> str:
    """``date(2021, 11, 1)`` -> ``1 november 2021``."""
    return format_date(value, "d MMMM y", locale=LOCALE)


def datum_kort(value: date) -> str:
    """The peildatum as table rows write it: ``01-05-2022``."""
    return value.strftime("%d-%m-%Y")


def relatief(value: date, reference: date) -> str:
    """A date relative to the letter's date: ``13 juli jl.``, ``27 september a.s.``.

    Within the letter's own year the year is left out and 'jl.' (past) or 'a.s.'
    (coming) added; other dates are written in full, so nothing is ambiguous.
    """
    day_month = format_date(value, "d MMMM", locale=LOCALE)
    if value.year != reference.year or value == reference:
        return datum(value)
    return f"{day_month} jl." if value < reference else f"{day_month} a.s."


def vergelijking(old: Number, new: Number, old_label: str | None = None, new_label: str | None = None) -> str:
    """A sentence part comparing two periods, with both numbers.

    ``vergelijking(2102, 2341)`` -> ``gestegen van 2.102 naar 2.341``.
    """
    old_text = getal(old) + (f" ({old_label})" if old_label else "")
    new_text = getal(new) + (f" ({new_label})" if new_label else "")
    if new > old:
        return f"gestegen van {old_text} naar {new_text}"
    if new < old:
        return f"gedaald van {old_text} naar {new_text}"
    return f"gelijk gebleven ({old_text} en {new_text})"


# -- reading back what the letters write ------------------------------------------

_NUMBER = re.compile(r"^\d{1,3}(?:\.\d{3})+$|^\d+$")
_CHANGE = re.compile(r"^([+\-\u2013\u2212])?\s*(\d+(?:\.\d{3})*)\s*%$")


def parse_getal(text: str) -> int:
    """``2.341`` -> ``2341``.  Raises ValueError on anything else."""
    text = text.strip()
    if not _NUMBER.match(text):
        raise ValueError(f"not a Dutch whole number: {text!r}")
    return int(text.replace(".", ""))


def parse_change(text: str) -> int:
    """``– 16%`` -> ``-16``, ``+ 34%`` -> ``34``, ``0%`` -> ``0``."""
    match = _CHANGE.match(text.strip())
    if not match:
        raise ValueError(f"not a percentage: {text!r}")
    value = int(match.group(2).replace(".", ""))
    return -value if match.group(1) in ("-", EN_DASH, "\u2212") else value


def parse_datum_kort(text: str) -> date:
    """``01-05-2022`` -> ``date(2022, 5, 1)``."""
    day, month, year = (int(p) for p in text.strip().split("-"))
    return date(year, month, day)


_MONTH_WORDS = {**MONTHS, **{name[:3]: n for name, n in MONTHS.items()}, "mrt": 3, "sept": 9, "okt": 10}
_WORD_DATE = re.compile(r"(\d{1,2})\s+([a-z]+)\.?\s+(\d{4})")
_NUMERIC_DATE = re.compile(r"(\d{1,2})-(\d{1,2})-(\d{4})")
DATE_FORMS = "2024-07-03, 03-07-2024 or 3 juli 2024"


def parse_date(value: Any) -> date:
    """A date as ISO, as the tables write it (dd-mm-jjjj) or in Dutch words ('3 juli 2024').

    Raises ValueError with a short reason for anything else.
    """
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        raise ValueError(f"{value!r} is not a date (write {DATE_FORMS})")
    text = value.strip().lower()
    try:
        if match := _NUMERIC_DATE.fullmatch(text):
            return date(int(match[3]), int(match[2]), int(match[1]))
        if match := _WORD_DATE.fullmatch(text):
            if match[2] not in _MONTH_WORDS:
                raise ValueError(f"{value!r}: {match[2]!r} is not a Dutch month")
            return date(int(match[3]), _MONTH_WORDS[match[2]], int(match[1]))
        return date.fromisoformat(text)
    except ValueError as exc:
        if "month" in str(exc) and "Dutch" in str(exc):
            raise
        raise ValueError(f"{value!r} is not a date (write {DATE_FORMS})") from None
