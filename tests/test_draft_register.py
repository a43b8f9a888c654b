"""``drafter draft --db``: the letter answers the officer's own register, not the shipped one."""
from __future__ import annotations

from datetime import date
from pathlib import Path

from docx import Document

from drafter.cli import cli
from drafter.commitments.register import SEED_ORDER
from drafter.commitments.registerview import due_for_letter
from drafter.commitments.tracker import database_url

from conftest import ROOT, SHARED

SPEC = ROOT / "corpus" / "specs" / "uitvoeringsbrief-2023-12.yaml"
SEEDS = [SHARED / "seeds" / f"{stem}.txt" for stem, _, _ in SEED_ORDER]


def _ok(runner, *args: str, env: dict | None = None):
    result = runner.invoke(cli, list(args), env=env)
    assert result.exit_code == 0, result.output
    return result


def _letter(runner, tmp_path: Path, *extra: str, env: dict | None = None) -> str:
    target = tmp_path / "brief.docx"
    _ok(runner, "draft", str(SPEC), "-o", str(target), *extra, env=env)
    return "\n".join(p.text for p in Document(str(target)).paragraphs)


def test_set_status_in_my_register_shows_in_the_draft(cli_runner, tmp_path: Path) -> None:
    db = str(tmp_path / "register.sqlite")
    _ok(cli_runner, "commitments", "import", *map(str, SEEDS[:4]), "--db", db)
    due = due_for_letter(database_url(db), date(2023, 12, 15))
    assert len(due) >= 2
    answered = due[0]
    before = _letter(cli_runner, tmp_path, "--db", db)
    assert f"nr. {answered.id} in het register" in before
    assert before.count("hoe deze brief aan de") == len(due)

    _ok(cli_runner, "commitments", "set-status", str(answered.id), "fulfilled", "--db", db,
        "--why", "afgedaan in het commissiedebat")
    after = _letter(cli_runner, tmp_path, "--db", db)
    assert f"nr. {answered.id} in het register" not in after
    assert after.count("hoe deze brief aan de") == len(due) - 1
    # the same through DRAFTER_DB; without either, the register shipped in corpus/ is answered
    assert _letter(cli_runner, tmp_path, env={"DRAFTER_DB": db}) == after
    shipped = _letter(cli_runner, tmp_path, env={"DRAFTER_DB": ""})
    assert shipped.count("hoe deze brief aan de") == len(due_for_letter(None, date(2023, 12, 15)))


def test_a_register_that_is_not_there_is_one_line(cli_runner, tmp_path: Path) -> None:
    result = cli_runner.invoke(cli, ["draft", str(SPEC), "-o", str(tmp_path / "b.docx"),
                                     "--db", str(tmp_path / "typo.sqlite")])
    assert result.exit_code == 2 and "no register here" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == []  # not created, nothing written
