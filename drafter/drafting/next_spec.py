"""A new letter spec from the newest one: same sections and figures, a new date, no kenmerk yet.

Why: an uitvoeringsbrief is mostly the previous one brought up to date.  The
officer starts from its spec, not from an empty file: the sections, figures and
corrections stay; the date becomes the new letter's; what belonged to the old
letter alone goes (its kenmerk, the nota's reference, a hand-named previous
letter and a hand-made list of commitments: the register and the letter records
supply those for the new date).  The kenmerk is a yellow ``[[invullen]]`` place
until the officer fills it in (a spec must have one to render).
"""
from __future__ import annotations

import datetime as dt
import re
import secrets
from pathlib import Path
from typing import Any

import yaml

from drafter.dutch import MONTH_NAMES, parse_date
from drafter.errors import DrafterError
from drafter.safeyaml import load_yaml_file

KENMERK_TO_FILL = "[[invullen: kenmerk]]"


class _PlainDumper(yaml.SafeDumper):
    """Writes a value used twice (the new date) twice: our YAML loader refuses aliases."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def spec_day(path: Path) -> dt.date | None:
    """The date a spec's letter bears, or None when the file is not a readable spec."""
    try:
        data = load_yaml_file(path)
        return parse_date(data["date"]) if isinstance(data, dict) and "date" in data else None
    except (DrafterError, ValueError, TypeError):
        return None


def newest_spec(paths: list[Path]) -> Path | None:
    """The spec of the latest letter (by its date; the file written last among equals)."""
    dated = [(day, p.stat().st_mtime_ns, p) for p in paths if (day := spec_day(p)) is not None]
    return max(dated)[2] if dated else None


def _month_year(day: dt.date) -> str:
    return f"{MONTH_NAMES[day.month]} {day.year}"


def next_spec_data(data: dict[str, Any], day: dt.date) -> dict[str, Any]:
    """The spec ``data`` of one letter made into that of the next, dated ``day``."""
    old_day = parse_date(data["date"])
    old_month, new_month = _month_year(old_day), _month_year(day)

    def dated(text: Any) -> Any:  # 'Stand van zaken … december 2023' -> '… juni 2024'
        return re.sub(re.escape(old_month), new_month, text) if isinstance(text, str) else text

    new = dict(data)
    new["date"] = day
    new["kenmerk"] = KENMERK_TO_FILL
    new["onderwerp"] = dated(data.get("onderwerp"))
    new.pop("commitments", None)  # 'due': what the register says falls due on the new date
    new["sections"] = [_without_previous_letter(s) for s in data.get("sections", [])]
    if isinstance(data.get("nota"), dict):
        nota = dict(data["nota"])
        nota.pop("referentie", None)
        nota["titel"] = dated(nota.get("titel"))
        for key in ("uiterlijk", "datum"):
            if key in nota:
                nota[key] = day
        new["nota"] = {k: v for k, v in nota.items() if v is not None}
    return {k: v for k, v in new.items() if v is not None}


def _without_previous_letter(section: Any) -> Any:
    """A section without a hand-named previous letter: the letter records name it for the new date."""
    if not isinstance(section, dict) or len(section) != 1:
        return section
    (name, params), = section.items()
    if isinstance(params, dict) and "vorige_brief" in params:
        params = {k: v for k, v in params.items() if k != "vorige_brief"}
        return {name: params} if params else name
    return section


def write_next_spec(source: Path, folder: Path, day: dt.date) -> Path:
    """Write the next letter's spec (from ``source``) into ``folder`` under a generated name; return it."""
    data = load_yaml_file(source)
    if not isinstance(data, dict) or "date" not in data:
        raise DrafterError(f"{source}: not a letter spec (no date)")
    try:
        new = next_spec_data(data, day)
    except ValueError as exc:
        raise DrafterError(f"{source}: date: {exc}") from None
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"nieuw-{day.isoformat()}-{secrets.token_hex(3)}.yaml"
    header = (f"# Nieuwe brief op basis van {source.name} ({parse_date(data['date']).isoformat()}).\n"
              f"# Vul het kenmerk in; secties, cijfers en correcties zijn overgenomen.\n")
    text = header + yaml.dump(new, Dumper=_PlainDumper, sort_keys=False, allow_unicode=True,
                                default_flow_style=False, width=110)
    tmp = target.with_suffix(".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(target)
    return target
