"""The jinja environment the letter templates render in.

Sandboxed (a template formats data; it cannot call into Python internals or read
files) with ``StrictUndefined`` (a missing value is an error, never an empty
string in a letter to parliament).  Templates load datasette-style: the
officer's own folder first, the built-in templates always reachable as
``default:<name>``, so one section can be overridden and still
``{% extends "default:brief/elip.md.j2" %}``.  Every filter is registered here.
"""
from __future__ import annotations

import sys
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from types import FrameType
from typing import Any

from jinja2 import (ChoiceLoader, FileSystemLoader, PrefixLoader, StrictUndefined, Undefined, pass_context)
from jinja2.runtime import Context
from jinja2.sandbox import SandboxedEnvironment

from drafter import dutch

BUILTIN_TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def template_location(frame: FrameType | None = None) -> str:
    """'brief/elip.md.j2:12' for the innermost template being rendered, found on the stack.

    Jinja compiles a template to Python code whose globals carry the template,
    and the template maps Python lines back to its own lines.
    """
    frame = frame or sys._getframe(1)
    while frame is not None:
        template = frame.f_globals.get("__jinja_template__")
        if template is not None:
            return f"{template.name}:{template.get_corresponding_lineno(frame.f_lineno)}"
        frame = frame.f_back
    return "?"


@dataclass
class MissingValues:
    """What ``--check`` collects instead of stopping at the first missing value."""

    items: list[str] = field(default_factory=list)

    def add(self, where: str, name: str) -> None:
        line = f"{where}:{name}"
        if line not in self.items:
            self.items.append(line)


def recording_undefined(missing: MissingValues) -> type[Undefined]:
    """An Undefined that notes template:line:name and renders a visible marker, for ``--check``."""

    class Recording(Undefined):
        __slots__ = ()

        def _note(self) -> None:
            missing.add(template_location(sys._getframe(2)), self._undefined_name or "?")

        def __str__(self) -> str:
            self._note()
            return f"«{self._undefined_name}»"

        def __iter__(self):  # type: ignore[override]
            self._note()
            return iter(())

        def __bool__(self) -> bool:
            self._note()
            return False

        def __getattr__(self, name: str) -> Any:
            if name[:2] == "__":
                raise AttributeError(name)
            self._note()
            return self

        __getitem__ = __getattr__

        def __call__(self, *args: Any, **kwargs: Any) -> "Recording":
            self._note()
            return self

    return Recording


def _letter_date(context: Context) -> date:
    brief = context.get("brief")
    return getattr(brief, "datum", None) or date.today()


@pass_context
def relatief(context: Context, value: date) -> str:
    """``{{ d|relatief }}`` -> '13 juli jl.' against the date of the letter being drafted."""
    return dutch.relatief(value, _letter_date(context))


FILTERS = {
    "getal": dutch.getal,
    "procent": dutch.procent,
    "verschil": dutch.verschil,
    "datum": dutch.datum,
    "datum_kort": dutch.datum_kort,
    "relatief": relatief,
    "vergelijking": dutch.vergelijking,
}


def make_environment(user_dir: Path | None = None, missing: MissingValues | None = None) -> SandboxedEnvironment:
    """The environment for one draft; ``missing`` switches to collecting instead of failing."""
    builtin = FileSystemLoader(str(BUILTIN_TEMPLATES))
    loaders = [FileSystemLoader(str(user_dir))] if user_dir else []
    loaders += [builtin, PrefixLoader({"default": builtin}, delimiter=":")]
    env = SandboxedEnvironment(
        loader=ChoiceLoader(loaders),
        undefined=recording_undefined(missing) if missing is not None else StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,  # output is our own markup, not HTML; the docx writer escapes XML
    )
    env.filters.update(FILTERS)
    return env
