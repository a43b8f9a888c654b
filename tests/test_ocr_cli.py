"""``drafter ocr`` on the command line: stdout mode, batch with summary and exit code, Dask scheduler."""
from __future__ import annotations

import json
from pathlib import Path

import docx
import pytest

from drafter.cli import cli
from ocr.batch import dask_executor
from ocr.errors import ReadError


def _inputs(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "nota.txt").write_text("Aanleiding\n\nDe minister besluit in maart.\n\nToelichting volgt.\n",
                                     encoding="utf-8")
    (folder / "brief.md").write_text("Geachte voorzitter,\n\nHierbij informeer ik u.\n", encoding="utf-8")
    (folder / "kapot.txt").write_bytes(b"\xff\xfe\x00 geen utf-8 \xff")
    return folder


def test_one_file_without_output_folder_prints_json(cli_runner, tmp_path: Path) -> None:
    path = _inputs(tmp_path / "in") / "nota.txt"
    result = cli_runner.invoke(cli, ["ocr", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["source"] == str(path)
    assert [b["text"] for b in data["blocks"]][1] == "De minister besluit in maart."
    assert list(tmp_path.iterdir()) == [tmp_path / "in"]  # nothing written


def test_one_file_as_markdown_on_stdout(cli_runner, tmp_path: Path) -> None:
    path = _inputs(tmp_path / "in") / "nota.txt"
    result = cli_runner.invoke(cli, ["ocr", str(path), "--format", "md"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("# Aanleiding\n") and "De minister besluit in maart." in result.stdout


def test_batch_writes_outputs_reports_the_bad_file_and_exits_2(cli_runner, tmp_path: Path) -> None:
    folder, out = _inputs(tmp_path / "in"), tmp_path / "out"
    result = cli_runner.invoke(cli, ["ocr", str(folder), "-o", str(out), "--format", "json,md,docx", "--jobs", "1"])
    assert result.exit_code == 2
    assert "3 documents: 2 read, 0 already done (cache), 1 failed" in result.stderr
    assert f"{folder / 'kapot.txt'}: not UTF-8 text" in result.stderr
    assert "Traceback" not in result.output
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == [
        "brief.docx", "brief.json", "brief.md", "nota.docx", "nota.json", "nota.md"]
    assert docx.Document(str(out / "nota.docx")).paragraphs[-1].text == "Toelichting volgt."

    again = cli_runner.invoke(cli, ["ocr", str(folder / "nota.txt"), str(folder / "brief.md"), "-o", str(out),
                                    "--format", "json"])
    assert again.exit_code == 0
    assert "2 documents: 0 read, 2 already done (cache), 0 failed" in again.stderr
    quiet = cli_runner.invoke(cli, ["ocr", str(folder / "nota.txt"), "-o", str(out), "-q", "--force"])
    assert quiet.exit_code == 0 and quiet.output == ""


@pytest.mark.parametrize("args, message", [
    (["a.txt", "b.txt"], "several inputs or a folder need an output folder"),
    (["a.txt", "--format", "docx"], "docx needs -o OUTDIR"),
    (["a.txt", "-o", "out", "--format", "pdf"], "unknown format pdf"),
])
def test_usage_mistakes_get_one_clear_line(cli_runner, tmp_path: Path, args: list[str], message: str) -> None:
    result = cli_runner.invoke(cli, ["ocr", *args])
    assert result.exit_code == 2 and message in result.output


def test_scheduler_runs_the_pages_on_a_dask_cluster(cli_runner, tmp_path: Path) -> None:
    distributed = pytest.importorskip("dask.distributed")
    folder, out = _inputs(tmp_path / "in"), tmp_path / "out"
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=False, protocol="tcp",
                                  dashboard_address=None) as cluster:
        assert cluster.scheduler_address.startswith("tcp://")
        result = cli_runner.invoke(cli, ["ocr", str(folder), "-o", str(out), "--scheduler", cluster.scheduler_address])
    assert result.exit_code == 2 and "kapot.txt: not UTF-8 text" in result.stderr
    assert (out / "nota.json").is_file() and (out / "brief.json").is_file()


def test_unreachable_scheduler_is_one_line(tmp_path: Path) -> None:
    pytest.importorskip("dask.distributed")
    with pytest.raises(ReadError, match=r"^tcp://127\.0\.0\.1:9: cannot reach the Dask scheduler"):
        dask_executor("tcp://127.0.0.1:9", timeout="0.5s")
