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


def test_batch_writes_outputs_reports_the_bad_file_and_exits_5(cli_runner, tmp_path: Path) -> None:
    folder, out = _inputs(tmp_path / "in"), tmp_path / "out"
    result = cli_runner.invoke(cli, ["ocr", str(folder), "-o", str(out), "--format", "json,md,docx", "--jobs", "1"])
    assert result.exit_code == 5  # BATCH_PARTIAL
    assert "3 documents: 2 read, 0 already done (cache), 1 failed" in result.stderr
    assert f"{folder / 'kapot.txt'}: not UTF-8, UTF-16 or Windows-1252 text" in result.stderr
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


@pytest.mark.slow
def test_scheduler_runs_the_pages_on_a_dask_cluster(cli_runner, tmp_path: Path) -> None:
    distributed = pytest.importorskip("dask.distributed")
    import synth

    folder, out = _inputs(tmp_path / "in"), tmp_path / "out"
    page = synth.make_page(seed=7)
    synth.save_pages([page], folder / "scan.png")
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=False, protocol="tcp",
                                  dashboard_address=None) as cluster:
        assert cluster.scheduler_address.startswith("tcp://")
        result = cli_runner.invoke(cli, ["ocr", str(folder), "-o", str(out), "--scheduler", cluster.scheduler_address,
                                         "--format", "json,docx"])
    assert result.exit_code == 5 and "kapot.txt: not UTF-8, UTF-16 or Windows-1252 text" in result.stderr
    assert (out / "nota.json").is_file() and (out / "brief.json").is_file()
    scan = json.loads((out / "scan.json").read_text(encoding="utf-8"))
    assert scan["pages"][0]["method"] == "ocr"
    assert len([a for a in scan["annotations"] if a["kind"] == "note"]) == len([n for n in page.notes
                                                                                if n.kind == "note"])
    assert len(docx.Document(str(out / "scan.docx")).comments) == len(scan["annotations"])


def test_unreachable_scheduler_is_one_line(tmp_path: Path) -> None:
    pytest.importorskip("dask.distributed")
    with pytest.raises(ReadError, match=r"^tcp://127\.0\.0\.1:9: cannot reach the Dask scheduler"):
        dask_executor("tcp://127.0.0.1:9", timeout="0.5s")


@pytest.mark.slow
def test_scans_in_a_folder_become_json_markdown_and_word_with_comments_on_the_right_paragraphs(
        cli_runner, tmp_path: Path) -> None:
    """Real Tesseract on generated pages: a two-page scanned PDF, a PNG page, a text file, a broken PDF."""
    import jsonschema
    from docx.oxml.ns import qn
    from rapidfuzz import fuzz

    from ocr.model import load_schema

    import synth

    folder, out = tmp_path / "in", tmp_path / "out"
    folder.mkdir()
    pages = [synth.make_page(seed=3), synth.make_page(footer="Pagina 2 van 2", ink=synth.BLACK_INK, seed=4)]
    synth.save_pages(pages, folder / "nota.pdf")
    synth.save_pages([synth.make_page(seed=5)], folder / "losse pagina.png")
    (folder / "begeleidend.txt").write_text("Aanleiding\n\nZie de nota in de bijlage.\n", encoding="utf-8")
    (folder / "kapot.pdf").write_bytes(b"%PDF-1.7\nhier houdt het op")

    result = cli_runner.invoke(cli, ["ocr", str(folder), "-o", str(out), "--format", "json,md,docx", "--jobs", "2"])
    assert result.exit_code == 5, result.output
    assert "4 documents: 3 read, 0 already done (cache), 1 failed; 4 pages" in result.stderr
    assert f"{folder / 'kapot.pdf'}: " in result.stderr and "Traceback" not in result.output
    assert not list(out.glob("kapot*"))

    data = json.loads((out / "nota.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, load_schema())
    assert [p["method"] for p in data["pages"]] == ["ocr", "ocr"]
    blocks = {b["id"]: b for b in data["blocks"]}
    notes = [a for a in data["annotations"] if a["kind"] == "note"]
    assert len(notes) >= 4
    for note in data["annotations"]:  # every crop is next to the JSON, at the path the JSON gives
        assert note["image"].startswith("nota_crops/") and (out / note["image"]).is_file()

    # every truth note has an annotation at its place, anchored to the paragraph it was written beside
    truth = [(1, n, pages[0]) for n in pages[0].notes] + [(2, n, pages[1]) for n in pages[1].notes]
    for page_number, note, page in truth:
        if note.kind != "note":
            continue
        found = [a for a in data["annotations"] if a["page"] == page_number
                 and a["bbox"][0] < note.bbox[2] and note.bbox[0] < a["bbox"][2]
                 and a["bbox"][1] < note.bbox[3] and note.bbox[1] < a["bbox"][3]]
        assert found, f"note {note.text!r} on page {page_number} not found"
        anchor = blocks[found[0]["anchor"]]["text"]
        assert fuzz.partial_ratio(anchor, page.paragraphs[note.paragraph].text) >= 90, (note.text, anchor)

    # the Word file carries each remark as a comment on the paragraph of its anchor block
    word = docx.Document(str(out / "nota.docx"))
    comments = {c.comment_id: c for c in word.comments}
    attached = []
    for paragraph in word.paragraphs:
        for start in paragraph._p.iter(qn("w:commentRangeStart")):
            attached.append((paragraph.text, comments[int(start.get(qn("w:id")))]))
    assert len(attached) == len(data["annotations"])
    for note, (paragraph_text, comment) in zip(data["annotations"], attached):
        assert comment.author == "Minister (handschrift)"
        assert paragraph_text == " ".join(blocks[note["anchor"]]["text"].split())
        assert note["text"].split()[0] in comment.text if note["text"] else True

    markdown = (out / "nota.md").read_text(encoding="utf-8")
    assert markdown.count("[origineel](nota_crops/") == len(data["annotations"])
    assert (out / "losse pagina.json").is_file() and (out / "begeleidend.docx").is_file()

    again = cli_runner.invoke(cli, ["ocr", str(folder), "-o", str(out), "--format", "json,md,docx"])
    assert "4 documents: 0 read, 3 already done (cache), 1 failed" in again.stderr


def _run_on_a_terminal(args: list[str], cwd: Path) -> str:
    """Run ``drafter`` with stderr on a pseudo-terminal (as in a user's shell); return what it showed."""
    import fcntl
    import os
    import pty
    import struct
    import sys
    import termios

    root = Path(__file__).resolve().parent.parent
    pid, fd = pty.fork()
    if pid == 0:  # the child: becomes drafter
        os.chdir(cwd)
        os.environ["PYTHONPATH"] = str(root)
        os.execv(sys.executable, [sys.executable, "-m", "drafter", *args])
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 120, 0, 0))
    chunks = []
    while True:
        try:
            chunk = os.read(fd, 4096)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.waitpid(pid, 0)
    return b"".join(chunks).decode("utf-8", "replace").replace("\r", "\n")


def test_progress_bar_in_pages_per_second_on_a_terminal_only(cli_runner, tmp_path: Path) -> None:
    folder = _inputs(tmp_path / "in")
    shown = _run_on_a_terminal(["ocr", str(folder), "-o", str(tmp_path / "out"), "--jobs", "1"], tmp_path)
    assert "drafter ocr: 100%" in shown and "pages/s" in shown and "2/2 documents" in shown
    assert "3 documents: 2 read" in shown
    quiet = _run_on_a_terminal(["ocr", str(folder), "-o", str(tmp_path / "out2"), "--jobs", "1", "-q"], tmp_path)
    assert "drafter ocr:" not in quiet and "kapot.txt: not UTF-8, UTF-16 or Windows-1252 text" in quiet
    logged = cli_runner.invoke(cli, ["ocr", str(folder), "-o", str(tmp_path / "out3"), "--jobs", "1"])
    assert "drafter ocr:" not in logged.stderr and "3 documents: 2 read" in logged.stderr  # not a terminal
