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

Every problem is reported as one line naming the spec file and the key.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from drafter.dutch import MONTH_NAMES
from drafter.errors import DrafterError


class SpecError(DrafterError):
    pass


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
    params: dict[str, Any] = field(default_factory=dict)


def _date(value: Any, where: str) -> date:
    if isinstance(value, date):
        return value
    text = str(value).strip()
    try:
        if len(text) == 10 and text[2] == "-":  # 01-05-2022, as the tables write a peildatum
            return date(int(text[6:]), int(text[3:5]), int(text[:2]))
        return date.fromisoformat(text)
    except ValueError:
        raise SpecError(f"{where}: {value!r} is not a date (write 2023-12-15)") from None


def _need(data: dict, key: str, where: str) -> Any:
    if key not in data or data[key] in (None, ""):
        raise SpecError(f"{where}: '{key}' is missing")
    return data[key]


def load_spec(path: Path) -> LetterSpec:
    """Read and validate a letter spec."""
    if not path.is_file():
        raise SpecError(f"{path}: no such file")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f" line {mark.line + 1}" if mark else ""
        raise SpecError(f"{path}:{line} not valid YAML ({getattr(exc, 'problem', exc)})") from None
    if not isinstance(data, dict):
        raise SpecError(f"{path}: a letter spec is a mapping (date, kenmerk, onderwerp, …)")
    where = str(path)
    signatory = _need(data, "signatory", where)
    if not isinstance(signatory, dict):
        raise SpecError(f"{where}: 'signatory' needs title and name")
    figures = {}
    for name, ref in (data.get("figures") or {}).items():
        ref_where = f"{where}: figures.{name}"
        if not isinstance(ref, dict):
            raise SpecError(f"{ref_where}: needs series and peildata")
        figures[name] = FigureRef(str(_need(ref, "series", ref_where)),
                                  [_date(d, ref_where) for d in _need(ref, "peildata", ref_where)])
    sections = []
    for index, item in enumerate(_need(data, "sections", where)):
        if isinstance(item, str):
            sections.append(Section(item))
        elif isinstance(item, dict) and len(item) == 1 and isinstance(next(iter(item.values())), (dict, type(None))):
            name, params = next(iter(item.items()))
            sections.append(Section(str(name), dict(params or {})))
        else:
            raise SpecError(f"{where}: sections[{index}] is neither a name nor 'name: {{parameters}}'")
    raw_commitments = data.get("commitments", "due")
    commitments = None
    if raw_commitments != "due":
        commitments = []
        for index, item in enumerate(raw_commitments or []):
            item_where = f"{where}: commitments[{index}]"
            if not isinstance(item, dict):
                raise SpecError(f"{item_where}: needs kind, subject, member, debate, date, kamerstuk")
            commitments.append(CommitmentStub(
                kind=str(item.get("kind", "toezegging")), subject=str(_need(item, "subject", item_where)),
                member=str(item.get("member", "")), debate=str(item.get("debate", "")),
                date=_date(item["date"], item_where) if item.get("date") else None,
                kamerstuk=_kamerstuk(item.get("kamerstuk")), ident=str(item.get("id", "")),
                title=str(item.get("title", ""))))
    nota_data = data.get("nota") or {}
    nota = NotaSpec(titel=str(nota_data.get("titel", data.get("onderwerp", ""))),
                    aan=str(nota_data.get("aan", "Minister van SZW")),
                    directie=str(nota_data.get("directie", "Directie Samenleving en Integratie")),
                    referentie=str(nota_data.get("referentie", "")),
                    params={k: v for k, v in nota_data.items() if k not in {"titel", "aan", "directie", "referentie"}})
    known = {"date", "kenmerk", "onderwerp", "signatory", "sections", "figures", "commitments", "nota", "bijlagen"}
    return LetterSpec(
        path=path, datum=_date(_need(data, "date", where), f"{where}: date"),
        kenmerk=str(_need(data, "kenmerk", where)), onderwerp=str(_need(data, "onderwerp", where)),
        signatory=Signatory(str(_need(signatory, "title", f"{where}: signatory")),
                            str(_need(signatory, "name", f"{where}: signatory"))),
        sections=sections, figures=figures, commitments=commitments, nota=nota,
        bijlagen=[str(b) for b in data.get("bijlagen") or []],
        params={k: v for k, v in data.items() if k not in known})


def _kamerstuk(text: str | None) -> str:
    """'32 824, nr. 386' -> 'Kamerstuk 32 824, nr. 386.' (how the SZW letters cite in a footnote)."""
    text = (text or "").strip()
    if not text:
        return ""
    if not text.lower().startswith("kamerstuk"):
        text = f"Kamerstuk {text}"
    return text if text.endswith(".") else text + "."


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
                          due=commitment.due or "")


def commitments_for(spec: LetterSpec) -> list[CommitmentStub]:
    """The spec's own list, or what the tracker says falls due in this letter."""
    if spec.commitments is not None:
        return spec.commitments
    try:
        from drafter.commitments.tracker import due_for_letter  # type: ignore[import-not-found]
    except ImportError:
        return []
    return [stub_from_tracker(c) for c in due_for_letter(None, spec.datum)]
