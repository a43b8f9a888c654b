"""Shared fixtures, and what each test needs.

Real inputs come from ../shared (never copied into the project; ``DRAFTER_SHARED``
points elsewhere).  A test that needs something the machine lacks is skipped with
a reason that names it: ../shared (any test that refers to ``SHARED``/``SEEDS``
or uses the ``shared`` fixture, or is marked ``shared``), Tesseract with its Dutch
pack (marked ``tesseract`` or ``slow``, or in a module that draws pages with
``synth``, or reading a ``*_scan.pdf``: some tests of such modules that do not OCR
are skipped with them), LibreOffice (marked ``libreoffice``, or
a test or fixture that looks for the "libreoffice" program), PostgreSQL (``postgres``).  CI must not skip: with ``DRAFTER_REQUIRE_ALL=1`` (set by .ci/run)
each of those skips is a failure instead.  The tests that need none of them are
marked ``unit`` at collection: ``pytest -m unit`` runs anywhere.

Import this module as ``conftest`` (``from conftest import ROOT``), the name pytest
gives it, never as ``tests.conftest``: that would be a second copy of the module.
"""
from __future__ import annotations

import functools
import os
import shutil
import subprocess
import types
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("DRAFTER_SHARED", ROOT.parent / "shared"))
SEEDS = sorted((SHARED / "seeds").glob("*.txt"))
REQUIRE_ALL = os.environ.get("DRAFTER_REQUIRE_ALL") == "1"

#: What a test may need; each maps to a function that says why it is missing (None: present).
NEEDS = ("shared", "tesseract", "libreoffice", "postgres")
_SHARED_NAMES = {"SHARED", "SEEDS", "shared"}


@functools.cache
def missing(what: str) -> str | None:
    """Why ``what`` is not available on this machine, or None when it is."""
    if what == "shared":
        if not (SHARED / "seeds").is_dir():
            return f"the shared material is not at {SHARED} (set DRAFTER_SHARED)"
        return None
    if what == "tesseract":
        if shutil.which("tesseract") is None:
            return "tesseract is not installed (apt-get install tesseract-ocr tesseract-ocr-nld)"
        langs = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True).stdout.split()
        return None if "nld" in langs else "tesseract has no Dutch language pack (apt-get install tesseract-ocr-nld)"
    if what == "libreoffice":
        if shutil.which("libreoffice") or shutil.which("soffice"):
            return None
        return "LibreOffice is not installed (apt-get install libreoffice-writer-nogui)"
    if what == "postgres":
        return None if os.environ.get("DRAFTER_TEST_PG_URL") else "no PostgreSQL server (DRAFTER_TEST_PG_URL)"
    raise ValueError(f"unknown need {what!r}; use one of {', '.join(NEEDS)}")


def need(what: str) -> None:
    """Skip the calling test when ``what`` is missing; fail it instead under DRAFTER_REQUIRE_ALL=1 (CI)."""
    reason = missing(what)
    if reason is None:
        return
    if REQUIRE_ALL:
        pytest.fail(f"DRAFTER_REQUIRE_ALL=1 but {reason}", pytrace=False)
    pytest.skip(reason)


def _names(code: types.CodeType) -> set[str]:
    """Every global name and string constant a function refers to, nested functions and comprehensions included."""
    found = set(code.co_names) | {const for const in code.co_consts if isinstance(const, str) and len(const) < 40}
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            found |= _names(const)
    return found


def _under_shared(value: object, depth: int = 0) -> bool:
    if isinstance(value, Path):
        return value == SHARED or SHARED in value.parents
    if depth < 2 and isinstance(value, (list, tuple, set, frozenset)):
        return any(_under_shared(v, depth + 1) for v in value)
    if depth < 2 and isinstance(value, dict):
        return any(_under_shared(k, depth + 1) or _under_shared(v, depth + 1) for k, v in value.items())
    return False


@functools.cache
def _shared_names(module: types.ModuleType) -> frozenset[str]:
    """The module's globals that lead to ../shared: paths under it (DEC_2021 = SHARED / ...), and the
    module's functions that refer to those, transitively (a helper that reads a seed)."""
    names = set(_SHARED_NAMES) | {n for n, v in vars(module).items() if _under_shared(v)}
    functions = {n: v.__code__ for n, v in vars(module).items()
                 if isinstance(v, types.FunctionType) and v.__module__ == module.__name__}
    while True:
        more = {n for n, code in functions.items() if n not in names and _names(code) & names}
        if not more:
            return frozenset(names)
        names |= more


def _needs(item: pytest.Item) -> set[str]:
    needs = {m for m in NEEDS if item.get_closest_marker(m)}
    if item.get_closest_marker("slow"):
        needs.add("tesseract")
    function = getattr(item, "function", None)
    fixture_defs = getattr(getattr(item, "_fixtureinfo", None), "name2fixturedefs", {})
    codes = [function.__code__] if function is not None and hasattr(function, "__code__") else []
    codes += [d.func.__code__ for defs in fixture_defs.values() for d in defs if hasattr(d.func, "__code__")]
    names = set().union(*(_names(code) for code in codes)) if codes else set()
    module = getattr(item, "module", None)
    shared_names = _shared_names(module) if module is not None else frozenset(_SHARED_NAMES)
    if "shared" in fixture_defs or names & shared_names or _under_shared(_params(item)):
        needs.add("shared")
    if "libreoffice" in names:  # a test (or its fixture) that runs shutil.which("libreoffice")
        needs.add("libreoffice")
    if names & _SCAN_MODULES or set(vars(module or types)) & _SCAN_MODULES or _reads_a_scan(module, names):
        needs.add("tesseract")  # draws scans (tests/synth.py, house_style.py) or reads one: OCR; whole modules
    return needs


_SCAN_MODULES = {"synth", "house_style"}


def _reads_a_scan(module: types.ModuleType | None, names: set[str]) -> bool:
    """A name ending in _scan.pdf, or a module constant that is such a path, among what a test refers to."""
    if any(name.endswith("_scan.pdf") for name in names):
        return True
    scans = {n for n, v in vars(module or types).items() if isinstance(v, Path) and v.name.endswith("_scan.pdf")}
    if not scans:
        return False
    if names & scans:
        return True
    functions = [v for v in vars(module or types).values()  # the module's fixtures and helpers that read it
                 if isinstance(v, types.FunctionType) and _names(v.__code__) & scans]
    return bool(functions) and any(f.__name__ in names for f in functions)


def _params(item: pytest.Item) -> list[object]:
    callspec = getattr(item, "callspec", None)
    return list(callspec.params.values()) if callspec is not None else []


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark what each test needs, and the tests that need nothing as ``unit``."""
    for item in items:
        needs = _needs(item)
        item.stash[_NEEDS_KEY] = needs
        if not needs:
            item.add_marker(pytest.mark.unit)


_NEEDS_KEY = pytest.StashKey[set]()


def pytest_runtest_setup(item: pytest.Item) -> None:
    for what in sorted(item.stash.get(_NEEDS_KEY, set())):
        need(what)


@pytest.fixture(scope="session")
def shared() -> Path:
    need("shared")
    return SHARED


@pytest.fixture
def cli_runner():
    from click.testing import CliRunner

    return CliRunner()
