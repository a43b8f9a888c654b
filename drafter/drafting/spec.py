"""The letter spec (YAML): what the next uitvoeringsbrief and its nota contain.

Example (``corpus/specs/uitvoeringsbrief-2023-12.yaml``)::

    date: 2023-12-15
    kenmerk: 2023-0000123456
    onderwerp: Stand van zaken uitvoering inburgering
    signatory: {title: De Minister van Sociale Zaken en Werkgelegenheid, name: …}
    figures:
      elip: {series: elip-minstens-9500-geleend-per-cohort-asielmigranten,
             peildata: [2022-05-01, 2022-10-15, 2023-07-01]}
    sections:
      - inleiding: {vorige_brief: …}
      - elip: {figures: elip}
    commitments: due          # or a list; 'due' asks the tracker what falls due in this letter
    nota: {titel: …, directie: …}

The spec is checked against a declared JSON schema (``SCHEMA``, validated with
jsonschema) before anything renders.  Dates may be written as ISO
(``2024-07-03``), as the tables write them (``03-07-2024``) or in words
(``3 juli 2024``).  Every problem is one line naming the spec file, its line
and the key: ``spec.yaml:14: nota.uiterlijk: '21 juni' is not a date``.
"""
from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from drafter.dutch import DATE_FORMS, MONTH_NAMES, MONTHS, parse_date  # noqa: F401  (parse_date: the spec's public name)
from drafter.errors import DrafterError
from drafter.safeyaml import load_yaml_file


class SpecError(DrafterError):
    pass


# -- dates as officers write them ---------------------------------------------------------------

#: Abbreviations seen in letters and notes ('3 jan. 2024', '3 sept 2024'), next to the full names.
# -- the schema -----------------------------------------------------------------------------------

#: What a spec may say about a figure that differs from the one a letter published (``correcties:``).
CORRECTION_CHOICES = {"gebruik_berekend": "use the computed value and say in the letter that it corrects the published one"}
TEXT = {"type": "string", "minLength": 1}
SCALAR_TEXT = {"type": ["string", "integer"]}
DATE = {"isDate": True}
DEBATE = {"type": "object", "required": ["naam", "datum"],
          "properties": {"naam": TEXT, "datum": DATE}}
SUBJECTS = {"type": "array", "items": {"type": "object", "required": ["titel"],
                                       "properties": {"titel": TEXT, "tekst": {"type": "string"},
                                                      "kamerstuk": SCALAR_TEXT}}}
#: Parameters any section may take; the templates decide what else they read.
SECTION_PARAMS = {
    "type": ["object", "null"],
    "properties": {
        "titel": TEXT, "peilmoment": DATE, "debat": DEBATE, "figures": TEXT, "onderwerpen": SUBJECTS,
        "vorige_brief": {"type": "object", "properties": {"datum": {"isDateOrMonth": True},
                                                          "kamerstuk": SCALAR_TEXT, "titel": TEXT}},
        "elip": {"type": "object", "properties": {"figures": TEXT, "titel": TEXT}},
        "volgende_brief": TEXT, "leeswijzer": {"type": "boolean"},
    },
}
COMMITMENT = {
    "type": "object", "required": ["subject"],
    "properties": {"kind": {"enum": ["toezegging", "motie"]}, "subject": TEXT, "member": {"type": "string"},
                   "debate": {"type": "string"}, "date": DATE, "kamerstuk": SCALAR_TEXT, "id": SCALAR_TEXT,
                   "title": {"type": "string"}},
    "additionalProperties": False,
}
SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["date", "kenmerk", "onderwerp", "signatory", "sections"],
    "properties": {
        "date": DATE,
        "kenmerk": {"type": ["string", "integer"], "minLength": 1},
        "onderwerp": TEXT,
        "signatory": {"type": "object", "required": ["title", "name"],
                      "properties": {"title": TEXT, "name": TEXT}, "additionalProperties": False},
        "figures": {"type": "object", "additionalProperties": {
            "type": "object", "required": ["series", "peildata"], "additionalProperties": False,
            "properties": {"series": TEXT, "peildata": {"type": "array", "minItems": 1, "items": DATE,
                                                        "ascendingDates": True}}}},
        "sections": {"type": "array", "minItems": 1, "items": {"sectionItem": True}},
        "commitments": {"if": {"type": "array"}, "then": {"items": COMMITMENT}, "else": {"const": "due"}},
        "nota": {"type": "object", "properties": {
            "titel": TEXT, "aan": TEXT, "directie": TEXT, "referentie": SCALAR_TEXT, "uiterlijk": DATE, "datum": DATE,
            "figures": TEXT, "kernpunten": {"type": "object"}, "zonder_kernpunt": {"type": "array"}}},
        "bijlagen": {"type": "array", "items": TEXT},
        # a computed figure that differs from a published one: how to handle it, per series and peildatum
        "correcties": {"type": "object", "additionalProperties": {
            "type": "object", "propertyNames": {"isDate": True},
            "additionalProperties": {"enum": list(CORRECTION_CHOICES)}}},
    },
    "additionalProperties": False,
}
SECTION_NAME = re.compile(r"[a-z0-9_]+")


def _is_date(validator, wanted, instance, schema) -> Iterator[Any]:
    from jsonschema import ValidationError

    if not wanted:
        return
    try:
        parse_date(instance)
    except ValueError as exc:
        yield ValidationError(str(exc))


def _is_date_or_month(validator, wanted, instance, schema) -> Iterator[Any]:
    from jsonschema import ValidationError

    if isinstance(instance, (date, str)) and (isinstance(instance, date) or re.search(r"\d{4}", instance)):
        return  # 'september 2023' is allowed for a letter known by its month only
    yield ValidationError(f"{instance!r} is not a date or a month (write 2023-07-13 or 'juli 2023')")


def _ascending(validator, wanted, instance, schema) -> Iterator[Any]:
    from jsonschema import ValidationError

    try:
        days = [parse_date(d) for d in instance]
    except (ValueError, TypeError):
        return  # each bad date is reported on its own
    for before, after in zip(days, days[1:], strict=False):
        if after <= before:
            yield ValidationError(f"peildata not in order ({after.isoformat()} after {before.isoformat()}); "
                                  "write them oldest first, each once")
            return


def _section_item(validator, wanted, instance, schema) -> Iterator[Any]:
    from jsonschema import ValidationError

    if isinstance(instance, str):
        if not SECTION_NAME.fullmatch(instance):
            yield ValidationError(f"{instance!r} is not a section name (lower case letters, digits, _)")
        return
    if not isinstance(instance, dict) or len(instance) != 1:
        yield ValidationError("is neither a section name nor 'name: {parameters}'")
        return
    name, params = next(iter(instance.items()))
    if not isinstance(name, str) or not SECTION_NAME.fullmatch(name):
        yield ValidationError(f"{name!r} is not a section name (lower case letters, digits, _)")
    yield from validator.descend(params, SECTION_PARAMS, path=name)


_VALIDATOR: Any = None


def _validator() -> Any:
    """The jsonschema validator with our keywords (isDate, ascendingDates, sectionItem); built once."""
    global _VALIDATOR
    if _VALIDATOR is None:
        from jsonschema import validators

        base = validators.Draft202012Validator
        checker = base.TYPE_CHECKER.redefine("string", lambda _checker, value: isinstance(value, str))
        cls = validators.extend(base, {"isDate": _is_date, "isDateOrMonth": _is_date_or_month,
                                       "ascendingDates": _ascending, "sectionItem": _section_item},
                                type_checker=checker)
        _VALIDATOR = cls(SCHEMA)
    return _VALIDATOR


@dataclass
class Problem:
    """One thing wrong in a spec: where (key path and YAML line) and what."""

    path: tuple
    line: int | None
    message: str

    def key(self) -> str:
        out = ""
        for part in self.path:
            out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
        return out or "(top)"

    def line_text(self, spec_path: Path) -> str:
        where = f"{spec_path}:{self.line}" if self.line else str(spec_path)
        return f"{where}: {self.key()}: {self.message}"


def _message(error: Any) -> tuple[tuple, str]:
    """A jsonschema error as (key path, plain English), with 'did you mean' for unknown keys."""
    path = tuple(error.absolute_path)
    kind, value = error.validator, error.validator_value
    if kind == "required":
        # jsonschema reports each missing key as an error of its own, naming it in its message
        named = re.match(r"'([^']+)' is a required property", error.message)
        missing = [k for k in value if isinstance(error.instance, dict) and k not in error.instance]
        return path, f"'{named.group(1) if named else (missing[0] if missing else value)}' is missing"
    if kind == "additionalProperties" and isinstance(error.instance, dict):
        known = list(error.schema.get("properties", {}))
        extra = [k for k in error.instance if k not in known]
        hint = difflib.get_close_matches(str(extra[0]), known, n=1) if extra else []
        did_you_mean = f"; did you mean '{hint[0]}'?" if hint else f" (known: {', '.join(known)})"
        return path + (extra[0],) if extra else path, f"unknown key{did_you_mean}"
    if kind == "type":
        wanted = value if isinstance(value, str) else " or ".join(value)
        words = {"object": "a mapping (key: value)", "array": "a list", "string": "text", "integer": "a number",
                 "boolean": "true or false", "null": "empty"}
        wanted = " or ".join(words.get(w, w) for w in wanted.split(" or "))
        return path, f"{_short(error.instance)} should be {wanted}"
    if kind == "const" and path == ("commitments",):
        return path, f"{_short(error.instance)} should be 'due' or a list of commitments"
    if kind == "enum":
        return path, f"{_short(error.instance)} should be one of {', '.join(map(str, value))}"
    if kind == "minItems":
        return path, "should not be empty"
    if kind == "minLength":
        return path, "should not be empty"
    return path, error.message


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "…"


def _jsonable(data: Any, budget: list[int]) -> Any:
    """The YAML data with dates kept and keys as text, for the validator; bytes refused."""
    budget[0] -= 1
    if budget[0] < 0:
        raise SpecError("too many values")
    if isinstance(data, dict):
        return {k if isinstance(k, str) else str(k): _jsonable(v, budget) for k, v in data.items()}
    if isinstance(data, (list, tuple)):
        return [_jsonable(v, budget) for v in data]
    if isinstance(data, (bytes, set)):
        return repr(data)
    return data


def yaml_lines(text: str) -> dict[tuple, int]:
    """Key path -> line number (1-based) of every node in a YAML document without aliases."""
    try:
        root = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError:
        return {}
    lines: dict[tuple, int] = {}
    stack: list[tuple[Any, tuple]] = [(root, ())] if root is not None else []
    while stack:
        node, path = stack.pop()
        lines.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                child = path + (str(key.value),)
                lines[child] = key.start_mark.line + 1
                stack.append((value, child))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((value, path + (index,)) for index, value in enumerate(node.value))
    return lines


def line_of(lines: dict[tuple, int], path: tuple) -> int | None:
    """The line of ``path``, or of its nearest parent that has one."""
    for end in range(len(path), -1, -1):
        if path[:end] in lines:
            return lines[path[:end]]
    return None


def validate(data: Any, lines: dict[tuple, int]) -> list[Problem]:
    """Every problem of the spec data, in the order of the file."""
    if not isinstance(data, dict):
        return [Problem((), 1, "a letter spec is a mapping (date, kenmerk, onderwerp, signatory, sections, …)")]
    problems = []
    for error in _validator().iter_errors(_jsonable(data, [100_000])):
        path, message = _message(error)
        problems.append(Problem(path, line_of(lines, path), message))
    problems.sort(key=lambda p: (p.line or 0, p.key()))
    return problems


# -- the spec as the drafter uses it ----------------------------------------------------------------


@dataclass
class Signatory:
    title: str
    name: str


@dataclass
class FigureRef:
    series: str
    peildata: list[date]


@dataclass
class Section:
    template: str  # name of the section template, e.g. 'elip'
    params: dict[str, Any] = field(default_factory=dict)


@dataclass
class CommitmentStub:
    """What a section stub needs to say about a toezegging or motie."""

    kind: str  # 'toezegging' or 'motie'
    subject: str
    member: str = ""
    debate: str = ""
    date: date | None = None
    kamerstuk: str = ""
    ident: str = ""
    title: str = ""  # heading of the stub; by default the subject or 'Motie van het lid …'
    when_text: str = ""  # 'april 2023' when only the month is known
    due: str = ""  # the moment as promised: 'in de volgende uitvoeringsbrief'
    due_date: dt.date | None = None  # that moment resolved against the day it was said
    said_on: dt.date | None = None  # the date of the document that records it (when made_on is unknown)
    recurrence: str = ""
    register_id: int | None = None  # the record in the register, to mark it fulfilled when the letter is sent
    zin: str = ""  # the paragraph written from these fields in the new letter's time (commitment_prose)
    kop: str = ""  # its subsection title


@dataclass
class NotaSpec:
    titel: str
    aan: str = "Minister van SZW"
    directie: str = "Directie Samenleving en Integratie"
    referentie: str = ""
    params: dict[str, Any] = field(default_factory=dict)


@dataclass
class LetterSpec:
    path: Path
    datum: date
    kenmerk: str
    onderwerp: str
    signatory: Signatory
    sections: list[Section]
    figures: dict[str, FigureRef]
    commitments: list[CommitmentStub] | None  # None: ask the tracker
    nota: NotaSpec
    bijlagen: list[str] = field(default_factory=list)
    lines: dict[tuple, int] = field(default_factory=dict, repr=False)  # key path -> YAML line, for messages
    correcties: dict[str, dict[date, str]] = field(default_factory=dict)  # series -> peildatum -> choice

    def where(self, *path: Any) -> str:
        """'spec.yaml:12: figures.elip.series' for a message about that key."""
        problem = Problem(tuple(path), line_of(self.lines, tuple(path)), "")
        return problem.line_text(self.path)[:-2]


#: Parameter keys whose values are dates, wherever they appear in a section or the nota.
DATE_KEYS = {"peilmoment", "uiterlijk", "datum", "date"}


def _with_dates(value: Any) -> Any:
    """Section parameters with every date key parsed ('3 juli 2024' -> date); others unchanged."""
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            if key in DATE_KEYS and isinstance(item, (str, date)):
                try:
                    item = parse_date(item)
                except ValueError:
                    pass  # 'september 2023' for a letter known by its month; the schema refused the rest
            out[key] = _with_dates(item)
        return out
    if isinstance(value, list):
        return [_with_dates(v) for v in value]
    return value


def _build(path: Path, data: dict, lines: dict[tuple, int]) -> LetterSpec:
    """The LetterSpec from validated data."""
    figures = {str(name): FigureRef(str(ref["series"]), [parse_date(d) for d in ref["peildata"]])
               for name, ref in (data.get("figures") or {}).items()}
    sections = []
    for item in data["sections"]:
        if isinstance(item, str):
            sections.append(Section(item))
        else:
            name, params = next(iter(item.items()))
            sections.append(Section(str(name), _with_dates(dict(params or {}))))
    raw_commitments = data.get("commitments", "due")
    commitments = None
    if raw_commitments != "due":
        commitments = [CommitmentStub(
            kind=str(item.get("kind", "toezegging")), subject=str(item["subject"]),
            member=str(item.get("member", "")), debate=str(item.get("debate", "")),
            date=parse_date(item["date"]) if item.get("date") else None,
            kamerstuk=_kamerstuk(item.get("kamerstuk")), ident=str(item.get("id", "")),
            title=str(item.get("title", ""))) for item in raw_commitments or []]
    nota_data = _with_dates(data.get("nota") or {})
    nota = NotaSpec(titel=str(nota_data.get("titel", data["onderwerp"])),
                    aan=str(nota_data.get("aan", "Minister van SZW")),
                    directie=str(nota_data.get("directie", "Directie Samenleving en Integratie")),
                    referentie=str(nota_data.get("referentie", "")),
                    params={k: v for k, v in nota_data.items() if k not in {"titel", "aan", "directie", "referentie"}})
    return LetterSpec(
        path=path, datum=parse_date(data["date"]), kenmerk=str(data["kenmerk"]), onderwerp=str(data["onderwerp"]),
        signatory=Signatory(str(data["signatory"]["title"]), str(data["signatory"]["name"])),
        sections=sections, figures=figures, commitments=commitments, nota=nota,
        bijlagen=[str(b) for b in data.get("bijlagen") or []], lines=lines,
        correcties={str(series): {parse_date(d): str(choice) for d, choice in (days or {}).items()}
                    for series, days in (data.get("correcties") or {}).items()})


def read_spec(path: Path) -> tuple[Any, dict[tuple, int], list[Problem]]:
    """The YAML data, its line map and every schema problem.  Unreadable files raise SpecError."""
    if not path.is_file():
        raise SpecError(f"{path}: no such file")
    try:
        data = load_yaml_file(path)
    except DrafterError as exc:
        raise SpecError(str(exc)) from None
    lines = yaml_lines(path.read_text(encoding="utf-8"))
    return data, lines, validate(data, lines)


def load_spec(path: Path) -> LetterSpec:
    """Read and validate a letter spec; the first problem stops it, as one line."""
    data, lines, problems = read_spec(path)
    if problems:
        more = f" (and {len(problems) - 1} more; 'drafter draft --check' lists them all)" if len(problems) > 1 else ""
        raise SpecError(problems[0].line_text(path) + more)
    return _build(path, data, lines)


def load_spec_for_check(path: Path) -> tuple[LetterSpec | None, list[str]]:
    """For ``--check``: every problem as a line, and the spec without the bad values when it still stands."""
    data, lines, problems = read_spec(path)
    if not problems:
        return _build(path, data, lines), []
    for problem in problems:
        _prune(data, problem.path)
    data = _drop_removed(data)
    spec = None
    if not validate(data, lines):
        try:
            spec = _build(path, data, lines)
        except (KeyError, TypeError, ValueError, AttributeError):
            spec = None
    return spec, [p.line_text(path) for p in problems]


_REMOVED = object()


def _prune(data: Any, path: tuple) -> None:
    """Mark the value at ``path`` removed (a bad optional value then reads as missing)."""
    parent = data
    for part in path[:-1]:
        try:
            parent = parent[part]
        except (KeyError, IndexError, TypeError):
            return
    if path and isinstance(parent, dict):
        parent.pop(path[-1], None)
    elif path and isinstance(parent, list) and isinstance(path[-1], int) and path[-1] < len(parent):
        parent[path[-1]] = _REMOVED


def _drop_removed(data: Any) -> Any:
    if isinstance(data, dict):
        return {k: _drop_removed(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_drop_removed(v) for v in data if v is not _REMOVED]
    return data


def _kamerstuk(text: str | None) -> str:
    """'32 824, nr. 386' -> 'Kamerstuk 32 824, nr. 386.' (how the SZW letters cite in a footnote;
    the same function for a spec, the register and the letter records)."""
    from drafter.letters import footnote

    return footnote(None if text is None else str(text))


def stub_from_tracker(commitment: Any) -> CommitmentStub:
    """Adapt a ``drafter.commitments.model.Commitment`` to what the stub template needs."""
    made_on = commitment.made_on or ""
    when, when_text = None, ""
    if len(made_on) == 10:
        when = date.fromisoformat(made_on)
    elif len(made_on) == 7:  # only the month is known: 'april 2023'
        when_text = f"{MONTH_NAMES[int(made_on[5:7])]} {made_on[:4]}"
    member = "/".join(commitment.members or [])
    if member and commitment.party:
        member = f"{member} ({commitment.party})"
    return CommitmentStub(kind=commitment.kind, subject=commitment.subject, member=member,
                          debate=commitment.made_in or "", date=when, kamerstuk=_kamerstuk(commitment.kamerstuk),
                          ident=f"nr. {commitment.id} in het register" if commitment.id else "", when_text=when_text,
                          due=commitment.due or "", due_date=_iso_day(commitment.due_date),
                          said_on=_iso_day(commitment.document_date), recurrence=commitment.recurrence or "",
                          register_id=commitment.id)


def _iso_day(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text) if text and len(text) == 10 else None
    except ValueError:
        return None


def commitments_for(spec: LetterSpec, db_url: str | None = None) -> list[CommitmentStub]:
    """The spec's own list, or what the register says falls due in this letter.

    ``db_url``: the officer's own register (``drafter draft --db``); None reads
    the register shipped in ``corpus/``.
    """
    if spec.commitments is not None:
        return spec.commitments
    from drafter.commitments.registerview import due_for_letter

    return [stub_from_tracker(c) for c in due_for_letter(db_url, spec.datum)]
