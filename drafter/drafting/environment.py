"""The jinja environment the letter templates render in: a closed sandbox.

A template formats data; it cannot call into Python internals, read or write
files, or take the machine down.  So:

* it sees plain data only (``drafter.drafting.context``): str, numbers, dates,
  lists, dicts, and two read-only views of the figures — never a Path or an
  object whose methods reach the file system or the process;
* it renders in jinja's ``ImmutableSandboxedEnvironment`` (no ``_``/dunder
  attributes, no mutating list/dict methods), and attribute access on anything
  that is not plain data is refused;
* power (``**``), repetition (``*``), concatenation, ``range()``, padding and
  output size are capped and the render has a time budget, so ``{{ 9 ** (9 **
  9) }}`` or ``{{ 'a' * 4000000000 }}`` is refused at once with one line;
* templates load by relative name only (no absolute paths, no ``..``, no
  symlinks out of the folder); the officer's own folder first, the built-ins
  always reachable as ``default:<name>``, so one section can be overridden and
  still ``{% extends "default:brief/elip.md.j2" %}``.

``StrictUndefined``: a missing value is an error, never an empty string in a
letter to parliament — or, under ``--check``, noted with its template line.
"""
from __future__ import annotations

import math
import re
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from types import FrameType
from typing import Any

from jinja2 import (
    BaseLoader,
    ChoiceLoader,
    FileSystemLoader,
    PrefixLoader,
    StrictUndefined,
    TemplateNotFound,
    Undefined,
    pass_context,
)
from jinja2.compiler import CodeGenerator
from jinja2.exceptions import SecurityError
from jinja2.runtime import Context, LoopContext, Macro
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.utils import Cycler, Joiner, Namespace

from drafter import dutch
from drafter.drafting.context import FiguresView, TableView
from drafter.drafting.spec import parse_date

BUILTIN_TEMPLATES = Path(__file__).resolve().parents[2] / "templates"

#: The caps of the sandbox (documented in the README's drafting section).
MAX_TEXT = 1_000_000  # characters in one string a template builds
MAX_ITEMS = 100_000  # items in one list a template builds
MAX_RANGE = 10_000  # items of range()
MAX_POWER_BITS = 4_096  # size of the result of a ** b or a * b on whole numbers
MAX_WIDTH = 1_000  # width/count argument of padding and grouping
MAX_OUTPUT = 5_000_000  # characters one section template may write
TIME_BUDGET_S = 5.0  # seconds for all templates of one draft

#: What a template may take attributes of: plain data, the figure views, jinja's own helpers.
PLAIN_TYPES = (str, int, float, Decimal, date, list, tuple, dict, bool, type(None))
ALLOWED_OWNERS = PLAIN_TYPES + (FiguresView, TableView, Undefined, LoopContext, Macro, Namespace, Cycler, Joiner)


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

        # jinja2 types Undefined.__call__ as always raising; this one records the gap and goes on
        def __call__(self, *args: Any, **kwargs: Any) -> Recording:  # type: ignore[override]
            self._note()
            return self

    return Recording


# -- loading: relative names only, never outside the folder ---------------------------------------

_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.\-]*")
DEFAULT_PREFIX = "default:"


def check_template_name(name: str) -> str:
    """Refuse absolute paths, '..', backslashes and odd characters in a template name."""
    relative = name.removeprefix(DEFAULT_PREFIX)
    parts = relative.split("/")
    if not relative or any(not _NAME.fullmatch(p) or p in (".", "..") for p in parts):
        raise SecurityError(f"template name {name!r} is not allowed (only relative names like 'brief/elip.md.j2')")
    return name


class FolderLoader(FileSystemLoader):
    """A FileSystemLoader that refuses files whose real path leaves the folder (a link out of it)."""

    def __init__(self, root: Path) -> None:
        super().__init__(str(root))
        self.root = Path(root).resolve()

    def get_source(self, environment, template):  # type: ignore[override]
        if ":" in template:
            raise TemplateNotFound(template)
        source, filename, uptodate = super().get_source(environment, template)
        if not Path(filename).resolve().is_relative_to(self.root):
            raise SecurityError(f"template {template!r} points outside {self.root}")
        return source, filename, uptodate


class NamedLoader(ChoiceLoader):
    """The officer's folder, then the built-ins, then ``default:`` — only for safe names."""

    def get_source(self, environment, template):  # type: ignore[override]
        return super().get_source(environment, check_template_name(template))

    def load(self, environment, name, globals=None):  # type: ignore[override]
        return super().load(environment, check_template_name(name), globals)


def make_loader(user_dir: Path | None) -> BaseLoader:
    builtin = FolderLoader(BUILTIN_TEMPLATES)
    loaders: list[BaseLoader] = [FolderLoader(user_dir)] if user_dir else []
    loaders += [builtin, PrefixLoader({"default": builtin}, delimiter=":")]
    return NamedLoader(loaders)


# -- the caps ------------------------------------------------------------------------------------


def _size(value: Any) -> int | None:
    return len(value) if isinstance(value, (str, list, tuple)) else None


def _refuse(what: str) -> SecurityError:
    return SecurityError(what)


def capped_range(*args: int) -> range:
    """range() of at most MAX_RANGE items."""
    numbers = range(*args)
    if len(numbers) > MAX_RANGE:
        raise _refuse(f"range of {len(numbers)} items (at most {MAX_RANGE})")
    return numbers


def _whole(value: Any) -> bool:
    return isinstance(value, int) or (isinstance(value, Decimal) and value == value.to_integral_value())


def check_power(base: Any, exponent: Any) -> None:
    """Refuse a power whose result would be huge (``9 ** (9 ** 9)``)."""
    if _whole(base) and _whole(exponent) and abs(base) > 1 and exponent > 0:
        if float(exponent) * math.log2(abs(float(base))) > MAX_POWER_BITS:
            raise _refuse(f"power too large ({base} ** {exponent})")
    elif isinstance(exponent, (int, float, Decimal)) and abs(float(exponent)) > MAX_POWER_BITS:
        raise _refuse(f"power too large (exponent {exponent})")


def check_repeat(left: Any, right: Any) -> None:
    """Refuse ``'a' * 4000000000``, ``[0] * 10**9`` and products of huge whole numbers."""
    if isinstance(left, int) and isinstance(right, int):
        if left.bit_length() + right.bit_length() > MAX_POWER_BITS:
            raise _refuse(f"product too large (more than {MAX_POWER_BITS} bits)")
        return
    for sequence, count in ((left, right), (right, left)):
        size = _size(sequence)
        if size is not None and isinstance(count, int):
            limit = MAX_TEXT if isinstance(sequence, str) else MAX_ITEMS
            if size * count > limit:
                raise _refuse(f"repetition too large ({size} × {count}; at most {limit})")


def check_concat(left: Any, right: Any) -> None:
    a, b = _size(left), _size(right)
    if a is not None and b is not None and a + b > MAX_TEXT:
        raise _refuse(f"text too long ({a + b} characters; at most {MAX_TEXT})")


_PERCENT_WIDTH = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\*|\d{4,})|%(?:\([^)]*\))?[-#0 +]*\d*\.(\*|\d{4,})")
_BRACE_WIDTH = re.compile(r"\{[^{}]*:[^{}]*(\d{4,}|\{)")


def check_format_string(text: Any) -> None:
    """Refuse widths and precisions of 1000 or more in '%' and '{}' formats (they allocate)."""
    if isinstance(text, str) and (_PERCENT_WIDTH.search(text) or _BRACE_WIDTH.search(text)):
        raise _refuse("format width too large (at most 999)")


_WIDTH_METHODS = {"center", "ljust", "rjust", "zfill", "expandtabs"}


def check_call(obj: Any, args: tuple, kwargs: dict) -> None:
    """Caps on the str methods that allocate by an argument."""
    name = getattr(obj, "__name__", "")
    owner = getattr(obj, "__self__", None)
    wrapped = getattr(obj, "__wrapped__", None)  # the sandbox's wrapper of str.format
    formatted = getattr(wrapped, "__self__", None)
    if isinstance(formatted, str):
        check_format_string(formatted)
    if not isinstance(owner, str):
        return
    numbers = [a for a in (*args, *kwargs.values()) if isinstance(a, int)]
    if name in _WIDTH_METHODS and any(n > MAX_WIDTH for n in numbers):
        raise _refuse(f"{name}() width too large (at most {MAX_WIDTH})")
    if name == "replace" and len(args) >= 2 and isinstance(args[0], str) and isinstance(args[1], str):
        count = owner.count(args[0]) if args[0] else len(owner) + 1
        if len(owner) + count * len(args[1]) > MAX_TEXT:
            raise _refuse(f"replace() result too long (at most {MAX_TEXT} characters)")


class CappedCodeGenerator(CodeGenerator):
    """Compiles ``a ~ b`` to the environment's capped join instead of a plain join."""

    def visit_Concat(self, node, frame) -> None:  # type: ignore[override]
        self.write("environment.capped_join((")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write("))")


class DraftSandbox(ImmutableSandboxedEnvironment):
    """jinja's immutable sandbox, closed further: plain data only, capped sizes, a time budget."""

    code_generator_class = CappedCodeGenerator
    intercepted_binops = frozenset(["**", "*", "+", "%"])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.globals.pop("lipsum", None)  # lipsum(10**9) would fill the memory
        self.globals["range"] = capped_range
        self.deadline = math.inf

    def start_clock(self, seconds: float = TIME_BUDGET_S) -> None:
        self.deadline = time.monotonic() + seconds

    def _tick(self) -> None:
        if time.monotonic() > self.deadline:
            raise _refuse(f"the templates took longer than {TIME_BUDGET_S:g} s")

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        return isinstance(obj, ALLOWED_OWNERS) and super().is_safe_attribute(obj, attr, value)

    def unsafe_undefined(self, obj: Any, attribute: str) -> Undefined:
        """Refuse at once (also under ``--check``, where undefined values are only noted)."""
        raise SecurityError(f"access to attribute {attribute!r} of {type(obj).__name__!r} object is unsafe")

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        self._tick()
        if operator == "**":
            check_power(left, right)
        elif operator == "*":
            check_repeat(left, right)
        elif operator == "+":
            check_concat(left, right)
        elif operator == "%":
            check_format_string(left)
        return super().call_binop(context, operator, left, right)

    def call(__self, __context: Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
        __self._tick()
        check_call(__obj, args, kwargs)
        return super().call(__context, __obj, *args, **kwargs)

    def capped_join(self, parts: Iterable[Any]) -> str:
        """``a ~ b``: the joined text may not exceed MAX_TEXT."""
        texts = [str(p) for p in parts]
        if sum(len(t) for t in texts) > MAX_TEXT:
            raise _refuse(f"text too long (at most {MAX_TEXT} characters)")
        return "".join(texts)

    def concat(self, pieces: Iterable[str]) -> str:  # type: ignore[override]
        """The output of a template (or a block), with the output cap and the time budget."""
        out, total = [], 0
        for index, piece in enumerate(pieces):
            total += len(piece)
            if total > MAX_OUTPUT:
                raise _refuse(f"template output too long (at most {MAX_OUTPUT} characters)")
            if index % 256 == 0:
                self._tick()
            out.append(piece)
        return "".join(out)


# -- filters ---------------------------------------------------------------------------------------


def _letter_date(context: Context) -> date:
    brief = context.get("brief")
    value = brief.get("datum") if isinstance(brief, dict) else None
    return value if isinstance(value, date) else date.today()


def _as_date(value: Any) -> date:
    """A date filter also takes a date written as text ('3 juli 2024', '01-01-2024')."""
    return value if isinstance(value, date) else parse_date(value)


@pass_context
def relatief(context: Context, value: date) -> str:
    """``{{ d|relatief }}`` -> '13 juli jl.' against the date of the letter being drafted."""
    return dutch.relatief(_as_date(value), _letter_date(context))


def _capped(name: str, limit_arg: int, builtin: Callable) -> Callable:
    """A built-in filter whose argument number ``limit_arg`` (width, count) is capped."""

    def filter_(*args: Any, **kwargs: Any) -> Any:
        numbers = [a for a in (*args[limit_arg:limit_arg + 1], *kwargs.values()) if isinstance(a, int)]
        if any(n > MAX_WIDTH for n in numbers):
            raise _refuse(f"{name} argument too large (at most {MAX_WIDTH})")
        return builtin(*args, **kwargs)

    filter_.__name__ = name
    return filter_


def _format(value: Any, *args: Any, **kwargs: Any) -> str:
    check_format_string(value)
    return str(value) % (kwargs or args)


def _sum(iterable: Any, attribute: Any = None, start: Any = 0) -> Any:
    items = list(iterable)
    if attribute is None and isinstance(start, (str, list, tuple)):
        if sum(len(i) for i in items if isinstance(i, (str, list, tuple))) + len(start) > MAX_ITEMS:
            raise _refuse(f"sum of sequences too long (at most {MAX_ITEMS})")
    if attribute is not None:
        raise _refuse("sum(attribute=…) is not available in letter templates")
    return sum(items, start)


def tolerant(function: Callable, missing: MissingValues | None) -> Callable:
    """Under ``--check``, a filter given a missing value notes it and writes the marker."""
    if missing is None:
        return function

    def filter_(*args: Any, **kwargs: Any) -> Any:
        for value in (*args, *kwargs.values()):
            if isinstance(value, Undefined):
                return str(value)
        return function(*args, **kwargs)

    for attribute in ("jinja_pass_arg", "__name__"):
        if hasattr(function, attribute):
            setattr(filter_, attribute, getattr(function, attribute))
    if getattr(function, "jinja_pass_arg", None) is not None:  # pass_context: the first argument is the context
        def with_context(context: Context, *args: Any, **kwargs: Any) -> Any:
            for value in (*args, *kwargs.values()):
                if isinstance(value, Undefined):
                    return str(value)
            return function(context, *args, **kwargs)

        with_context.jinja_pass_arg = function.jinja_pass_arg  # type: ignore[attr-defined]
        return with_context
    return filter_


OUR_FILTERS: dict[str, Callable] = {
    "getal": dutch.getal,
    "procent": dutch.procent,
    "verschil": dutch.verschil,
    "wijziging": dutch.format_change,  # a change in whole percent as the letters print it: '+ 34%', '– 18%'
    "datum": lambda value: dutch.datum(_as_date(value)),
    "datum_kort": lambda value: dutch.datum_kort(_as_date(value)),
    "relatief": relatief,
    "vergelijking": dutch.vergelijking,
}


def make_environment(user_dir: Path | None = None, missing: MissingValues | None = None) -> DraftSandbox:
    """The environment for one draft; ``missing`` switches to collecting instead of failing."""
    env = DraftSandbox(
        loader=make_loader(user_dir),
        undefined=recording_undefined(missing) if missing is not None else StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,  # output is our own markup, not HTML; the docx writer escapes XML
    )
    builtins = env.filters
    capped: dict[str, Callable[..., Any]] = {
        "center": _capped("center", 1, builtins["center"]),
        "indent": _capped("indent", 1, builtins["indent"]),
        "batch": _capped("batch", 1, builtins["batch"]),
        "slice": _capped("slice", 1, builtins["slice"]),
        "format": _format,
        "sum": _sum,
    }
    env.filters.update(capped)
    env.filters.update({name: tolerant(f, missing) for name, f in OUR_FILTERS.items()})
    return env


__all__ = ["BUILTIN_TEMPLATES", "DraftSandbox", "MissingValues", "make_environment", "template_location",
           "check_template_name"]
