"""``drafter figures check``: where does a letter contradict itself?

Every table is recomputed from its own counts by the rules in ``drafter.dutch``
(totals are sums; Verschil = (nieuw − oud) / oud, whole percent, halves away
from zero, a change from 0 is 'n.v.t.'; shares of one whole by largest
remainder, plain rounding also accepted; averages in whole euros), and the
figures that the running text quotes next to a table are compared with it.
Each finding names table, row, column, the stated and the computed value.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from pathlib import Path
from typing import cast

from drafter.dutch import (
    EN_DASH,
    change_percent,
    format_change,
    getal,
    parse_change,
    parse_getal,
    round_half_away,
    share,
    shares,
)
from drafter.figures.letter_tables import (
    MONTHS,
    LetterTable,
    Row,
    cell_value,
    is_peildatum_row,
    letter_text,
    parse_tables,
    row_date,
)


@dataclass(frozen=True)
class Finding:
    table: str
    row: str
    column: str
    stated: str
    computed: str
    rule: str

    def line(self) -> str:
        return (f"{self.table}, row {self.row}, column {self.column}: stated {self.stated}, "
                f"computed {self.computed} ({self.rule})")


def check_letter(path: Path) -> list[Finding]:
    """All inconsistencies of one letter (tables against themselves, prose against tables)."""
    return check_document(path)[1]


def check_document(path: Path) -> tuple[int, list[Finding]]:
    """(how many tables were found, every inconsistency) of a .txt/.md, PDF (text layer) or .docx letter.

    The count lets the caller say 'no tables found' instead of a false 'no
    inconsistencies' when a PDF has no text layer or a letter has no tables."""
    findings: list[Finding] = []
    tables = parse_tables(letter_text(path))
    for table in tables:
        findings += check_table(table)
        findings += check_prose(table)
    return len(tables), findings


def check_table(table: LetterTable) -> list[Finding]:
    checks = {"peildatum": _check_peildatum, "shares": _check_shares, "amounts": _check_amounts}
    return checks[table.layout](table)


# -- tables ------------------------------------------------------------------------

def _data_rows(table: LetterTable) -> list[Row]:
    return [r for r in table.rows if is_peildatum_row(r)]


def _check_peildatum(table: LetterTable) -> list[Finding]:
    findings: list[Finding] = []
    has_total = table.columns[-1].lower() == "totaal"
    rows = _data_rows(table)
    sums: dict[str, int] = {}  # a wrong row total: what its cohorts add up to
    for row in rows:
        values = [cell_value(c) for c in row.cells]
        if has_total and len(values) == len(table.columns) and None not in values:
            counts = cast("list[int]", values)  # no None: checked just above
            row_sum = sum(counts[:-1])
            if row_sum != counts[-1]:
                sums[row.label] = row_sum
                findings.append(Finding(table.name, row.label, "Totaal", getal(counts[-1]), getal(row_sum),
                                        "row total = sum of the cohorts"))
    verschil = table.row("Verschil")
    if verschil and len(rows) >= 2:
        old = [cell_value(c) for c in rows[0].cells]
        new = [cell_value(c) for c in rows[-1].cells]
        for column, cell, a, b in zip(table.columns, verschil.cells, old, new, strict=False):
            if a is None or b is None:
                continue
            stated = cell_value(cell)
            computed = change_percent(a, b)
            if column.lower() == "totaal" and (rows[0].label in sums or rows[-1].label in sums):
                # the total is already reported wrong; a Verschil computed from either version follows from it
                fixed = change_percent(sums.get(rows[0].label, a), sums.get(rows[-1].label, b))
                if stated in (computed, fixed):
                    continue
            if computed != stated:
                rule = ("a change from 0 has no percentage" if a == 0
                        else f"({getal(b)} − {getal(a)}) / {getal(a)}, whole percent, halves away from zero")
                findings.append(Finding(table.name, "Verschil", column, format_change(stated),
                                        format_change(computed), rule))
    return findings


def _check_shares(table: LetterTable) -> list[Finding]:
    findings: list[Finding] = []
    groups = {r.label: [cell_value(c) for c in r.cells] for r in table.rows if r.group is None}
    parts: dict[str, list[Row]] = {}
    for row in table.rows:
        if row.group is not None:
            parts.setdefault(row.group, []).append(row)
    for group, members in parts.items():
        totals = groups[group]
        for col, column in enumerate(table.columns):
            raw_counts = [cell_value(m.cells[2 * col]) for m in members]
            stated_shares = [cell_value(m.cells[2 * col + 1]) for m in members]
            if totals[col] is None or any(v is None for v in raw_counts):
                continue  # an 'n.v.t.' or dash cell: nothing to add up in this column
            counts = [v for v in raw_counts if v is not None]
            if sum(counts) != totals[col]:
                findings.append(Finding(table.name, group, column, getal(totals[col]), getal(sum(counts)),
                                        "group total = sum of its rows"))
            largest_remainder = shares(counts)
            for member, count, stated, fitted in zip(members, counts, stated_shares, largest_remainder, strict=False):
                plain = share(count, sum(counts))
                if stated not in (fitted, plain):
                    findings.append(Finding(table.name, f"{group} / {member.label}", column, f"{stated}%",
                                            f"{plain}%", f"{getal(count)} of {getal(sum(counts))}, whole percent"))
    # a first group 'Totaal' is the sum of the other groups, row by row
    names = list(groups)
    if len(names) > 2 and names[0].lower() == "totaal":
        for col, column in enumerate(table.columns):
            if any(groups[n][col] is None for n in names):
                continue  # an 'n.v.t.' or dash cell: nothing to add up in this column
            computed = sum(v for n in names[1:] if (v := groups[n][col]) is not None)
            if computed != groups[names[0]][col]:
                findings.append(Finding(table.name, names[0], column, getal(groups[names[0]][col]),
                                        getal(computed), "Totaal = sum of the groups"))
            for index, member in enumerate(parts.get(names[0], [])):
                others = [parts[n][index] for n in names[1:] if len(parts.get(n, [])) > index]
                stated = cell_value(member.cells[2 * col])
                values = [cell_value(o.cells[2 * col]) for o in others]
                if stated is None or any(v is None for v in values):
                    continue
                computed = sum(v for v in values if v is not None)
                if computed != stated:
                    findings.append(Finding(table.name, f"{names[0]} / {member.label}", column, getal(stated),
                                            getal(computed), "Totaal = sum of the groups"))
    return findings


def _check_amounts(table: LetterTable) -> list[Finding]:
    findings: list[Finding] = []
    lowered = [c.lower() for c in table.columns]
    if not {"aantal", "bedrag totaal", "bedrag gemiddeld"} <= set(lowered):
        return findings
    i_count, i_sum, i_mean = (lowered.index(n) for n in ("aantal", "bedrag totaal", "bedrag gemiddeld"))
    for row in table.rows:
        count, amount, mean = (cell_value(row.cells[i]) for i in (i_count, i_sum, i_mean))
        if count is None or amount is None or mean is None:
            continue  # an 'n.v.t.' or dash cell: no average to check
        if count and round_half_away(Fraction(amount, count)) != mean:
            findings.append(Finding(table.name, row.label, table.columns[i_mean], getal(mean),
                                    getal(round_half_away(Fraction(amount, count))),
                                    "average = total / count, whole euros"))
    return findings


# -- the running text next to a table ------------------------------------------------

#: How much running text above a table speaks about it (about the ELIP paragraphs).
PROSE_WINDOW = 1200
_NUM = r"(\d{1,3}(?:\.\d{3})+|\d+)"
_DAY_MONTH = r"(\d{1,2})\s+(" + "|".join(MONTHS) + r")(?:\s+(\d{4}))?"
_UP = {"gestegen", "toegenomen", "stijging", "toename", "groter"}
_DOWN = {"gedaald", "afgenomen", "daling", "afname", "kleiner"}


def _direction(word: str) -> int:
    return 1 if word in _UP else -1


@dataclass
class _Prose:
    """A peildatum table and the running text above it, as the rules of ``check_prose`` read them."""

    table: LetterTable
    rows: list[Row]
    text: str
    totals: dict[date, int]
    findings: list[Finding]

    @property
    def first(self) -> int:
        return self.totals[row_date(self.rows[0])]

    @property
    def last(self) -> int:
        return self.totals[row_date(self.rows[-1])]

    @property
    def last_day(self) -> str:
        return f"{row_date(self.rows[-1]):%d-%m-%Y}"

    def at(self, day: str, month: str, year: str | None) -> date | None:
        """The peildatum the text names ('1 mei', '1 mei 2022'), when exactly one row has it."""
        matches = [d for d in self.totals if d.day == int(day) and d.month == MONTHS[month]
                   and (year is None or d.year == int(year))]
        return matches[0] if len(matches) == 1 else None

    def add(self, row: str, stated: str, computed: str, rule: str) -> None:
        self.findings.append(Finding(self.table.name, row, "Totaal", stated, computed, f"text: {rule}"))


def _quoted_total(prose: _Prose, when: date | None, number: str) -> None:
    """A number the text gives for a peildatum must be that row's total."""
    if when and parse_getal(number) != prose.totals[when]:
        prose.add(f"{when:%d-%m-%Y}", number, getal(prose.totals[when]), "the number quoted for this peildatum")


def _totals_in_brackets(prose: _Prose) -> None:
    """'1 mei 2022 (2.396)'."""
    for match in re.finditer(_DAY_MONTH + r"[^()]{0,25}?\(" + _NUM + r"\)", prose.text):
        _quoted_total(prose, prose.at(*match.group(1, 2, 3)), match.group(4))


def _totals_in_words(prose: _Prose) -> None:
    """'Op 1 juli … waren er 2.341'."""
    for match in re.finditer(r"\b[Oo]p " + _DAY_MONTH + r"[^.]{0,30}?\b(?:(?:waren|was|zijn|is) er|ging het om) "
                             + _NUM, prose.text):
        _quoted_total(prose, prose.at(*match.group(1, 2, 3)), match.group(4))


def _direction_against_a_day(prose: _Prose) -> None:
    """'… gedaald ten opzichte van 1 mei 2022 (2.396)': the latest total against that one."""
    for match in re.finditer(r"\b(" + "|".join(_UP | _DOWN) + r") ten opzichte van " + _DAY_MONTH
                             + r"[^()]{0,25}?\(" + _NUM + r"\)", prose.text):
        when = prose.at(*match.group(2, 3, 4))
        if when and (prose.last - prose.totals[when]) * _direction(match.group(1)) <= 0:
            prose.add(prose.last_day, match.group(1), _word(prose.last - prose.totals[when]),
                      f"{getal(prose.last)} against {getal(prose.totals[when])} on {when:%d-%m-%Y}")


def _from_to(prose: _Prose) -> None:
    """The drafter's own sentences: 'Ten opzichte van 15 oktober 2022 is dat aantal gestegen van 2.102 naar 2.436'."""
    for sentence in re.split(r"(?<=\.)\s+(?=[A-Z])", prose.text):
        for match in re.finditer(r"\b(gestegen|gedaald) van " + _NUM + r" naar " + _NUM, sentence):
            _check_from_to(prose, sentence, match)


def _check_from_to(prose: _Prose, sentence: str, match: re.Match[str]) -> None:
    """The old number is the total of the day named before it, the new one the latest, the word their direction."""
    old, new = parse_getal(match.group(2)), parse_getal(match.group(3))
    named = [prose.at(*m.group(1, 2, 3)) for m in re.finditer(_DAY_MONTH, sentence[:match.start()])]
    mentioned = [d for d in named if d is not None]
    if mentioned and old != prose.totals[mentioned[-1]]:
        prose.add(f"{mentioned[-1]:%d-%m-%Y}", match.group(2), getal(prose.totals[mentioned[-1]]),
                  "the number quoted for this peildatum")
    if new != prose.last:
        prose.add(prose.last_day, match.group(3), getal(prose.last), "the latest total")
    if (new - old) * _direction(match.group(1)) <= 0:
        prose.add("Verschil", match.group(1), _word(new - old), f"text: {getal(old)} -> {getal(new)}")


def _percent_against_a_day(prose: _Prose) -> None:
    """'+ 2% ten opzichte van 1 mei 2022': the latest total against that one."""
    for match in re.finditer(r"([+\-\u2013\u2212])\s?(\d+)\s?%\)?\s+ten opzichte van " + _DAY_MONTH, prose.text):
        when = prose.at(*match.group(3, 4, 5))
        if when:
            stated = parse_change(match.group(1) + match.group(2) + "%")
            computed = change_percent(prose.totals[when], prose.last)
            if stated != computed:
                prose.add("Verschil", format_change(stated), format_change(computed),
                          f"{getal(prose.last)} against {getal(prose.totals[when])} on {when:%d-%m-%Y}")


def _difference(prose: _Prose) -> None:
    """'is met 628 gedaald': the difference of the first and the latest total."""
    first, last = prose.first, prose.last
    for match in re.finditer(r"\bmet " + _NUM + r" (" + "|".join(_UP | _DOWN) + r")\b", prose.text):
        stated = parse_getal(match.group(1)) * _direction(match.group(2))
        if stated != last - first:
            prose.add("Verschil", f"{_word(stated)} met {match.group(1)}",
                      f"{_word(last - first)} met {getal(abs(last - first))}", "difference of the totals")


def _change_in_percent(prose: _Prose) -> None:
    """'een daling van 18 procent': the change of the first and the latest total."""
    for match in re.finditer(r"\b(daling|stijging|afname|toename) van " + _NUM + r"\s*(?:procent|%)", prose.text):
        stated = parse_getal(match.group(2)) * _direction(match.group(1))
        computed = change_percent(prose.first, prose.last)
        if stated != computed:
            prose.add("Verschil", format_change(stated), format_change(computed), "change of the totals")


def _directions(prose: _Prose) -> None:
    """'in de cohorten 2018 en 2019 … een toename'; 'deze groep is kleiner geworden'."""
    for sentence in re.split(r"(?<=\.)\s+", prose.text):
        words = set(re.findall(r"\w+", sentence.lower()))
        direction = words & (_UP | _DOWN)
        cohorts = re.findall(r"\b(20\d{2})\b", sentence) if re.search(r"\bcohort(?:en)?\b", sentence) else []
        if len(direction) != 1:
            continue
        sign = _direction(direction.pop())
        _cohort_directions(prose, cohorts, sign)
        if not cohorts and re.search(r"\bgeworden\b", sentence) and (prose.last - prose.first) * sign <= 0:
            prose.add("Verschil", _word(sign), _word(prose.last - prose.first),
                      f"text: {getal(prose.first)} -> {getal(prose.last)}")


def _cohort_directions(prose: _Prose, cohorts: list[str], sign: int) -> None:
    """Each cohort the sentence names went the way it says, from the first row to the latest."""
    table, rows = prose.table, prose.rows
    for cohort in cohorts:
        if cohort in table.columns:
            col = table.columns.index(cohort)
            a, b = cell_value(rows[0].cells[col]), cell_value(rows[-1].cells[col])
            if a is None or b is None:
                continue
            if (b - a) * sign <= 0:
                prose.findings.append(Finding(table.name, "Verschil", cohort, _word(sign), _word(b - a),
                                              f"text: {getal(a)} -> {getal(b)}"))


_PROSE_RULES = (_totals_in_brackets, _totals_in_words, _direction_against_a_day, _from_to,
                _percent_against_a_day, _difference, _change_in_percent, _directions)
"""What ``check_prose`` asks of the text, in this order (the order of its findings)."""


def check_prose(table: LetterTable) -> list[Finding]:
    """Figures the text quotes about a peildatum table: totals, changes, directions (``_PROSE_RULES``)."""
    if table.layout != "peildatum":
        return []
    rows = _data_rows(table)
    if len(rows) < 2 or table.columns[-1].lower() != "totaal":
        return []
    text = " ".join(table.prose_before[-PROSE_WINDOW:].split())
    totals = {row_date(r): cell_value(r.cells[-1]) for r in rows}
    if any(v is None for v in totals.values()):
        return []  # a Totaal printed as 'n.v.t.': the text cannot be checked against it
    prose = _Prose(table, rows, text, {d: v for d, v in totals.items() if v is not None}, [])
    for rule in _PROSE_RULES:
        rule(prose)
    return prose.findings


def _word(difference: int) -> str:
    return "gestegen" if difference > 0 else "gedaald" if difference < 0 else "gelijk gebleven"


__all__ = ["Finding", "check_letter", "check_document", "check_table", "check_prose", "EN_DASH"]
