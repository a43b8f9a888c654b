"""The template sandbox is closed: every known escape fails with one line, exit 2, and nothing written.

Each attempt is an officer's own section template (``--templates``) run
through the real ``drafter draft`` command.  The attacks are the ones issue 9
and issue 8 name: Path methods on the spec, Python internals, jinja's globals,
includes outside the template folders, and expressions that would take the
machine's memory or time.
"""
from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from drafter.cli import cli

from conftest import ROOT

SPEC = ROOT / "corpus" / "specs" / "uitvoeringsbrief-2023-12.yaml"

ESCAPES = {
    "path-read": "{{ brief.path.joinpath('/etc/hostname').read_text() }}",
    "path-write": "{{ brief.path.with_name('pwned.txt').write_text('x') }}",
    "path-of-figures": "{{ cijfers._store.root }}",
    "class-mro": "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "class-of-view": "{{ cijfers.__class__.__init__.__globals__ }}",
    "table-internals": "{{ cijfers.tabel('elip')._table.points }}",
    "cycler-globals": "{{ cycler.__init__.__globals__.os.system('touch pwned') }}",
    "joiner-globals": "{{ joiner.__init__.__globals__ }}",
    "namespace-globals": "{{ namespace.__init__.__globals__ }}",
    "namespace-class": "{% set ns = namespace(a=1) %}{{ ns.__class__ }}",
    "loop-internals": "{% for x in [1] %}{{ loop.__class__ }}{% endfor %}",
    "attr-filter": "{{ ''|attr('__class__') }}",
    "format-internals": "{{ '{0.__class__}'.format(brief) }}",
    "mutate-spec": "{{ brief.sections.append(1) }}",
    "include-absolute": "{% include '/etc/passwd' %}",
    "include-dotdot": "{% include '../../../../../../etc/passwd' %}",
    "include-default-dotdot": "{% include 'default:../../../../../etc/passwd' %}",
    "extends-default-dotdot": "{% extends 'default:../pyproject.toml' %}",
    "import-dotdot": "{% import '../secret.j2' as s %}",
    "power": "{{ 9 ** (9 ** 9) }}",
    "string-repeat": "{{ 'a' * 4000000000 }}",
    "list-repeat": "{{ [0] * 4000000000 }}",
    "range": "{{ range(100000000)|list }}",
    "center": "{{ 'a'.center(4000000000) }}",
    "center-filter": "{{ 'a'|center(4000000000) }}",
    "percent-width": "{{ '%4000000000d' % 1 }}",
    "format-width": "{{ '{:>4000000000}'.format(1) }}",
    "replace-growth": "{{ ('a' * 1000000).replace('', 'bbbbbbbbbb') }}",
    "concat-growth": "{% set ns = namespace(s='a' * 1000000) %}{% for i in range(10) %}"
                     "{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s|length }}",
    "product-growth": "{% set ns = namespace(x=3 ** 2000) %}{% for i in range(40) %}{% set ns.x = ns.x * ns.x %}"
                      "{% endfor %}{{ ns.x > 0 }}",
    "output-growth": "{% for i in range(10000) %}{% for j in range(10000) %}{{ i }}{% endfor %}{% endfor %}",
    "date-overflow": "{{ brief.datum.replace(year=99999) }}",
    "tojson-of-spec": "{{ brief|tojson }}",
    "map-attribute": "{{ [brief]|map(attribute='__class__')|list }}",
    "batch-fill": "{{ [1]|batch(4000000000, 0)|list }}",
    "recursion": "{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}",
    "lipsum": "{{ lipsum(100000000) }}",
}


def _own_section(tmp_path: Path, body: str) -> Path:
    own = tmp_path / "own" / "brief"
    own.mkdir(parents=True)
    (own / "ten_slotte.md.j2").write_text("# Ten slotte\n\n" + body + "\n", encoding="utf-8")
    (tmp_path / "secret.j2").write_text("geheim", encoding="utf-8")
    return tmp_path / "own"


def _tree(root: Path) -> list[tuple[str, int]]:
    return sorted((str(p.relative_to(root)), p.stat().st_mtime_ns) for p in root.rglob("*"))


def _one_line_refusal(result) -> str:
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


@pytest.mark.parametrize("name", sorted(ESCAPES))
def test_escape_fails_with_one_line_and_writes_nothing(cli_runner, tmp_path: Path, monkeypatch, name: str) -> None:
    own = _own_section(tmp_path, ESCAPES[name])
    monkeypatch.chdir(tmp_path)
    before = _tree(tmp_path)
    started = time.monotonic()
    result = cli_runner.invoke(cli, ["draft", str(SPEC), "-o", str(tmp_path / "b.docx"),
                                     "--nota", str(tmp_path / "n.docx"), "--templates", str(own)])
    elapsed = time.monotonic() - started
    line = _one_line_refusal(result)
    assert "brief/ten_slotte.md.j2" in line, line
    assert elapsed < 5, f"{name} took {elapsed:.1f} s"
    assert _tree(tmp_path) == before  # no letter, no 'pwned', no temp file
    assert "geheim" not in result.output and "root:" not in result.output


@pytest.mark.parametrize("name", ["path-write", "cycler-globals", "power", "include-absolute", "string-repeat"])
def test_check_writes_nothing_anywhere(cli_runner, tmp_path: Path, monkeypatch, name: str) -> None:
    """``--check`` renders everything; a write attempt fails, and no file appears or changes."""
    own = _own_section(tmp_path, ESCAPES[name])
    monkeypatch.chdir(tmp_path)
    watched = [tmp_path, ROOT / "corpus", ROOT / "templates"]
    before = [_tree(root) for root in watched]
    result = cli_runner.invoke(cli, ["draft", str(SPEC), "--check", "-o", str(tmp_path / "b.docx"),
                                     "--templates", str(own)])
    assert result.exit_code in (1, 2) and (result.exception is None or isinstance(result.exception, SystemExit))
    assert "Traceback" not in result.output
    assert [_tree(root) for root in watched] == before
    assert not (ROOT / "pwned.txt").exists() and not (ROOT / "corpus" / "specs" / "pwned.txt").exists()


def test_a_template_that_runs_too_long_is_stopped(cli_runner, tmp_path: Path) -> None:
    """A loop that writes nothing is stopped by the time budget (5 s), not left running."""
    own = _own_section(tmp_path, "{% for i in range(10000) %}{% for j in range(10000) %}{% for k in range(10000) %}"
                                 "{% endfor %}{% endfor %}{% endfor %}")
    started = time.monotonic()
    result = cli_runner.invoke(cli, ["draft", str(SPEC), "-o", str(tmp_path / "b.docx"), "--templates", str(own)])
    line = _one_line_refusal(result)
    assert "took longer than" in line and time.monotonic() - started < 10


def test_a_link_out_of_the_templates_folder_is_refused(cli_runner, tmp_path: Path) -> None:
    own = tmp_path / "own" / "brief"
    own.mkdir(parents=True)
    outside = tmp_path / "outside.md.j2"
    outside.write_text("# Ten slotte\n\nbuiten de map\n", encoding="utf-8")
    os.symlink(outside, own / "ten_slotte.md.j2")
    result = cli_runner.invoke(cli, ["draft", str(SPEC), "-o", str(tmp_path / "b.docx"),
                                     "--templates", str(tmp_path / "own")])
    line = _one_line_refusal(result)
    assert "outside" in line and not (tmp_path / "b.docx").exists()


def test_plain_data_still_does_what_templates_need(cli_runner, tmp_path: Path) -> None:
    """The closed sandbox still lets a section use the spec, the figures, loops, namespace and dates."""
    own = _own_section(tmp_path, "{% set n = namespace(i=0) %}{% for s in brief.sections %}{% set n.i = n.i + 1 %}"
                                 "{% endfor %}Secties: {{ n.i }}; {{ brief.datum.year }}; "
                                 "{{ cijfers.tabel('elip').total(cijfers.peildata('elip')[-1]) | getal }}; "
                                 "{{ 2 ** 10 }} {{ 'ab' * 3 }} {{ range(3)|list|length }}; {{ brief.path is defined }}")
    result = cli_runner.invoke(cli, ["draft", str(SPEC), "-o", str(tmp_path / "b.docx"), "--templates", str(own)])
    assert result.exit_code == 0, result.output
    from docx import Document

    text = "\n".join(p.text for p in Document(str(tmp_path / "b.docx")).paragraphs)
    assert "Secties: 6; 2023; 2.436; 1024 ababab 3; False" in text


def test_context_is_plain_data() -> None:
    """Nothing but plain data (and the two figure views) reaches a template."""
    from datetime import date
    from decimal import Decimal

    from drafter.drafting.compose import template_context
    from drafter.drafting.context import FiguresView, TableView
    from drafter.drafting.spec import commitments_for, load_spec
    from drafter.figures.store import FigureStore

    spec = load_spec(SPEC)
    view = FiguresView(FigureStore(), spec.figures, str(spec.path), lambda: "?", None)
    context = template_context(spec, view, commitments_for(spec))
    plain_types = (str, int, float, Decimal, date, list, dict, bool, type(None))

    def walk(value, where):
        if isinstance(value, dict):
            for key, item in value.items():
                walk(item, f"{where}.{key}")
        elif isinstance(value, list):
            for index, item in enumerate(value):
                walk(item, f"{where}[{index}]")
        else:
            assert isinstance(value, plain_types + (FiguresView, TableView)), f"{where}: {type(value).__name__}"

    walk(context, "context")
    assert "path" not in context["brief"]
