"""Ordinary slips in a letter spec never crash: one line naming file, line and key, exit 2.

Every case goes through the real ``drafter draft`` command.  Dates may be
written as ISO, as dd-mm-jjjj or in Dutch words; what cannot be read is refused
with the YAML line.  ``--check`` lists every problem and every missing value.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from docx import Document

from drafter.cli import cli

from conftest import ROOT

SPEC = ROOT / "corpus" / "specs" / "uitvoeringsbrief-2023-12.yaml"
SHIPPED = SPEC.read_text(encoding="utf-8")


def _spec(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "spec.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _replace(old: str, new: str) -> str:
    assert old in SHIPPED, old
    return SHIPPED.replace(old, new, 1)


def _line_of(text: str, fragment: str) -> int:
    return text[:text.index(fragment) + fragment.startswith("\n")].count("\n") + 1


def _refused(cli_runner, tmp_path: Path, spec: Path, *extra: str) -> str:
    result = cli_runner.invoke(cli, ["draft", str(spec), "-o", str(tmp_path / "b.docx"), *extra])
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert not (tmp_path / "b.docx").exists()
    return lines[0]


def _drafted_text(cli_runner, tmp_path: Path, spec: Path) -> str:
    result = cli_runner.invoke(cli, ["draft", str(spec), "-o", str(tmp_path / "b.docx"),
                                     "--nota", str(tmp_path / "n.docx")])
    assert result.exit_code == 0, result.output
    return "\n".join(p.text for p in Document(str(tmp_path / "b.docx")).paragraphs) + "\n" + \
        "\n".join(p.text for p in Document(str(tmp_path / "n.docx")).paragraphs)


# -- refused, with file, line and key ------------------------------------------------------------

SLIPS = {
    # name: (spec text, key named, fragment whose line is named, words in the message)
    "sections-a-number": (re.sub(r"(?ms)^sections:.*?(?=^# No)", "sections: 5\n\n", SHIPPED),
                          "sections", "sections: 5", "should be a list"),
    "commitments-a-number": (SHIPPED + "commitments: 7\n", "commitments", "commitments: 7", "'due' or a list"),
    "figures-a-list": (re.sub(r"(?ms)^figures:.*?(?=^sections)", "figures: [1, 2]\n\n", SHIPPED),
                       "figures", "figures: [1, 2]", "should be a mapping"),
    "debate-without-date": (_replace("  - inleiding\n", "  - inleiding:\n      debat: {naam: commissiedebat inburgering}\n"),
                            "sections[0].inleiding.debat", "debat:", "'datum' is missing"),
    "debate-date-unreadable": (_replace("  - inleiding\n", "  - inleiding:\n      debat: {naam: commissiedebat, datum: 3 juloi 2024}\n"),
                               "sections[0].inleiding.debat.datum", "debat:", "not a Dutch month"),
    "peilmoment-impossible": (_replace("  - inleiding\n", "  - inleiding:\n      peilmoment: 31-02-2024\n"),
                              "sections[0].inleiding.peilmoment", "peilmoment:", "is not a date"),
    "uiterlijk-without-year": (_replace("  uiterlijk: 2023-12-15", "  uiterlijk: 21 juni"),
                               "nota.uiterlijk", "uiterlijk:", "is not a date"),
    "peildata-unsorted": (_replace("peildata: [2022-05-01, 2022-10-15, 2023-07-01]",
                                   "peildata: [2022-05-01, 2023-07-01, 2022-10-15]"),
                          "figures.elip.peildata", "peildata:", "not in order"),
    "unknown-series": (_replace("series: elip-minstens-9500-geleend-per-cohort-asielmigranten",
                                "series: elip-minstens-9500-geleend-per-cohort-asielmigrant"),
                       "figures.elip.series", "series:", "did you mean 'elip-minstens-9500-geleend-per-cohort-asielmigranten'"),
    "misspelt-top-key": (SHIPPED + "comitments: due\n", "comitments", "comitments:", "did you mean 'commitments'"),
    "commitment-without-subject": (SHIPPED + "commitments:\n  - kind: motie\n    member: Becker\n",
                                   "commitments[0]", "\n  - kind: motie", "'subject' is missing"),
    "unknown-section": (_replace("  - wi2021:\n", "  - wi2012:\n"), "sections[1]", "  - wi2012:",
                        "did you mean 'wi2021'"),
    "unknown-figures-name": (_replace("  figures: elip\n  uiterlijk", "  figures: elipp\n  uiterlijk"),
                             "nota.figures", "figures: elipp", "did you mean 'elip'"),
    "date-a-word": (_replace("date: 2023-12-15", "date: morgen"), "date", "date: morgen", "is not a date"),
}


@pytest.mark.parametrize("name", sorted(SLIPS))
def test_slip_is_one_line_with_file_line_and_key(cli_runner, tmp_path: Path, name: str) -> None:
    text, key, fragment, words = SLIPS[name]
    spec = _spec(tmp_path, text)
    line = _refused(cli_runner, tmp_path, spec)
    assert f"{spec}:{_line_of(text, fragment)}: {key}" in line, line
    assert words in line, line


def test_binary_spec_is_one_line(cli_runner, tmp_path: Path) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe" * 20)
    line = _refused(cli_runner, tmp_path, spec)
    assert str(spec) in line and "UTF-8" in line


def test_empty_and_scalar_specs_are_one_line(cli_runner, tmp_path: Path) -> None:
    for text in ("", "just a sentence\n", "- a\n- list\n"):
        line = _refused(cli_runner, tmp_path, _spec(tmp_path, text))
        assert "a letter spec is a mapping" in line


def test_override_that_matches_no_section_is_named(cli_runner, tmp_path: Path) -> None:
    own = tmp_path / "own" / "brief"
    own.mkdir(parents=True)
    (own / "ten_slote.md.j2").write_text("# Ten slotte\n", encoding="utf-8")
    line = _refused(cli_runner, tmp_path, SPEC, "--templates", str(tmp_path / "own"))
    assert "ten_slote.md.j2" in line and "did you mean 'ten_slotte.md.j2'" in line


# -- read, as officers write them ------------------------------------------------------------------

def test_dutch_dates_are_read(cli_runner, tmp_path: Path) -> None:
    text = _replace("date: 2023-12-15", "date: 15 december 2023")
    text = text.replace("  - inleiding\n", "  - inleiding:\n      peilmoment: 01-11-2023\n"
                        "      debat: {naam: commissiedebat inburgering, datum: 3 juli 2023}\n", 1)
    text = text.replace("  uiterlijk: 2023-12-15", "  uiterlijk: 21 dec. 2023")
    text = text.replace("[2022-05-01, 2022-10-15, 2023-07-01]", "[1 mei 2022, 15-10-2022, 2023-07-01]")
    drafted = _drafted_text(cli_runner, tmp_path, _spec(tmp_path, text))
    assert "Datum\t15 december 2023" in drafted
    assert "tot en met 1 november 2023" in drafted
    assert "commissiedebat inburgering van 3 juli jl." in drafted
    assert "uiterlijk op 21 december a.s." in drafted
    assert "Op 1 juli 2023 ging het om 2.436" in drafted


# -- --check: every problem, every missing value, never a crash ----------------------------------------

def test_check_lists_every_problem(cli_runner, tmp_path: Path) -> None:
    text = _replace("  uiterlijk: 2023-12-15", "  uiterlijk: 21 juni")
    text = text.replace("[2022-05-01, 2022-10-15, 2023-07-01]", "[2023-07-01, 2022-10-15]")
    text = text.replace("  - inleiding\n", "  - inleiding:\n      debat: {naam: commissiedebat}\n", 1)
    spec = _spec(tmp_path, text + "comitments: due\n")
    result = cli_runner.invoke(cli, ["draft", str(spec), "--check"])
    assert result.exit_code == 2 and (result.exception is None or isinstance(result.exception, SystemExit))
    assert "Traceback" not in result.output
    out = result.output
    for expected in ("nota.uiterlijk", "figures.elip.peildata", "sections[0].inleiding.debat", "comitments"):
        assert expected in out, (expected, out)
    assert not list(tmp_path.glob("*.docx"))


def test_check_survives_missing_values_in_filters(cli_runner, tmp_path: Path) -> None:
    """A missing value through getal, datum, vergelijking or a table lookup is listed, not a crash."""
    own = tmp_path / "own" / "brief"
    own.mkdir(parents=True)
    (own / "ten_slotte.md.j2").write_text(
        "# Ten slotte\n\n{{ sectie.aantal | getal }} op {{ sectie.dag | datum }} ({{ sectie.dag | relatief }}, "
        "{{ sectie.dag | datum_kort }}), {{ sectie.oud | vergelijking(sectie.nieuw) }}, "
        "{{ sectie.deel | procent }}, {{ cijfers.tabel(sectie.reeks).total(sectie.dag) | getal }}\n",
        encoding="utf-8")
    result = cli_runner.invoke(cli, ["draft", str(SPEC), "--check", "--templates", str(tmp_path / "own")])
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    lines = result.output.strip().splitlines()
    for name in ("aantal", "dag", "oud", "deel", "reeks"):
        assert f"brief/ten_slotte.md.j2:3:{name}" in lines, (name, lines)


def test_check_of_a_good_spec_says_what_is_missing_only(cli_runner) -> None:
    result = cli_runner.invoke(cli, ["draft", str(SPEC), "--check"])
    assert result.exit_code == 0 and "nothing missing" in result.output


def test_each_missing_key_is_named_once(cli_runner, tmp_path: Path) -> None:
    """A spec that lacks several keys names each of them, not the first one again and again."""
    spec = tmp_path / "spec.yaml"
    spec.write_text("datum: 31-02-2024\n", encoding="utf-8")
    result = cli_runner.invoke(cli, ["draft", str(spec), "--check"])
    assert result.exit_code == 2 and "Traceback" not in result.output
    for key in ("date", "kenmerk", "onderwerp", "signatory", "sections"):
        assert result.output.count(f"'{key}' is missing") == 1, result.output
