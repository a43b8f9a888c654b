"""A draft never silently contradicts a published figure (issue 9 item 1)."""
from __future__ import annotations

from pathlib import Path

import yaml
from docx import Document

from drafter.cli import cli

from conftest import ROOT

SPEC = ROOT / "corpus" / "specs" / "uitvoeringsbrief-2023-12.yaml"
ELIP = "elip-minstens-9500-geleend-per-cohort-asielmigranten"


def _without_correction(tmp_path: Path) -> Path:
    data = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
    del data["correcties"]
    spec = tmp_path / "spec.yaml"
    spec.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return spec


def _text(path: Path) -> str:
    return "\n".join(p.text for p in Document(str(path)).paragraphs)


def test_a_figure_that_differs_from_the_published_one_stops_the_draft(cli_runner, tmp_path: Path) -> None:
    spec = _without_correction(tmp_path)
    result = cli_runner.invoke(cli, ["draft", str(spec), "-o", str(tmp_path / "b.docx")])
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.output
    line = lines[0]
    assert "total of 2.436" in line and "published 2.341" in line and "002_d303424e999e6978.txt (Tabel 1" in line
    assert "september 2023" in line and f"correcties: {{{ELIP}: {{2023-07-01: gebruik_berekend}}}}" in line
    assert not (tmp_path / "b.docx").exists()
    check = cli_runner.invoke(cli, ["draft", str(spec), "--check"])
    assert check.exit_code == 1 and "published 2.341" in check.output and "Traceback" not in check.output


def test_the_shipped_spec_corrects_the_published_total_in_so_many_words(tmp_path: Path) -> None:
    from drafter.drafting.compose import draft_files

    draft_files(SPEC, tmp_path / "b.docx", tmp_path / "n.docx")
    letter = _text(tmp_path / "b.docx")
    assert ("In mijn brief van september 2023 noemde ik voor 1 juli 2023 een totaal van 2.341; het juiste aantal "
            "is 2.436, de som van de aantallen per cohort in die brief.") in letter
    assert "Op 1 juli 2023 ging het om 2.436" in letter
    nota = _text(tmp_path / "n.docx")
    assert "Correctie: in de brief van september 2023 stond voor 1 juli 2023 2.341; het juiste aantal is 2.436." in nota


def test_a_correction_for_an_unknown_series_is_a_spec_problem(cli_runner, tmp_path: Path) -> None:
    data = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
    data["correcties"] = {ELIP[:-1]: {"2023-07-01": "gebruik_berekend"}}
    spec = tmp_path / "spec.yaml"
    spec.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = cli_runner.invoke(cli, ["draft", str(spec), "-o", str(tmp_path / "b.docx")])
    assert result.exit_code == 2 and f"did you mean '{ELIP}'" in result.stderr
    data["correcties"] = {ELIP: {"1 juli 2023": "negeren"}}
    spec.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = cli_runner.invoke(cli, ["draft", str(spec), "-o", str(tmp_path / "b.docx")])
    assert result.exit_code == 2 and "gebruik_berekend" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
