"""One exit code per kind of failure (issue 12 item 3), each seen through the real command line."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from drafter.errors import DrafterError, ExitCode, MissingDependency, OutputNotWritable, ReadError

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "corpus" / "samples"
DRAFTER = Path(sys.executable).with_name("drafter")


def drafter(*args: str, cwd: Path, env: dict[str, str] | None = None, timeout: int = 300):
    return subprocess.run([str(DRAFTER), *args], cwd=cwd, env={**os.environ, **(env or {})},
                          capture_output=True, text=True, timeout=timeout)


def one_line(proc) -> str:
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in proc.stderr, proc.stderr
    return lines[0]


def test_the_codes_are_the_documented_numbers() -> None:
    assert [(c.name, int(c)) for c in ExitCode] == [
        ("OK", 0), ("INTERNAL", 1), ("BAD_ARGS", 2), ("INPUT_FILE", 3), ("MISSING_DEPENDENCY", 4),
        ("BATCH_PARTIAL", 5), ("OUTPUT_NOT_WRITABLE", 6), ("INTERRUPTED", 130)]
    assert DrafterError.exit_code == 2 and ReadError.exit_code == 3
    assert MissingDependency.exit_code == 4 and OutputNotWritable.exit_code == 6


def test_help_lists_the_exit_codes(tmp_path: Path) -> None:
    proc = drafter("--help", cwd=tmp_path)
    assert proc.returncode == ExitCode.OK
    for code in ExitCode:
        assert f"{int(code):>3}  " in proc.stdout


def test_0_ok(tmp_path: Path) -> None:
    proc = drafter("ocr", str(SAMPLES / "nota_voorbeeld.txt"), cwd=tmp_path)
    assert proc.returncode == ExitCode.OK and proc.stdout.lstrip().startswith("{")


def test_1_an_unexpected_exception_is_one_line_and_a_log_file(tmp_path: Path) -> None:
    """A bug (here a command that fails unexpectedly, added to the real group) never shows a traceback."""
    code = ("import sys, click\n"
            "from drafter.cli import cli\n"
            "@cli.command('boom')\n"
            "def boom():\n"
            "    {}['missing key']\n"
            "cli(['boom'])\n")
    proc = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=60,
                          env={**os.environ, "TMPDIR": str(tmp_path)})
    assert proc.returncode == ExitCode.INTERNAL
    line = one_line(proc)
    assert line.startswith("internal error: KeyError: 'missing key' (details in ") and line.endswith(".log)")
    log = Path(line.rsplit("(details in ", 1)[1][:-1])
    assert log.parent == tmp_path and "Traceback" in log.read_text() and "missing key" in log.read_text()


@pytest.mark.parametrize("args, words", [
    (["ocr", "--no-such-flag"], "No such option"),
    (["commitments", "report", "--shipped", "--status", "vergeten"], "unknown status vergeten"),
    (["commitments", "report", "--shipped", "--as-of", "gisteren"], "is not a date"),
])
def test_2_bad_arguments(tmp_path: Path, args: list[str], words: str) -> None:
    proc = drafter(*args, cwd=tmp_path)
    assert proc.returncode == ExitCode.BAD_ARGS and words in proc.stderr and "Traceback" not in proc.stderr


@pytest.mark.parametrize("command", [["ocr"], ["commitments", "extract"]])
def test_3_an_input_that_cannot_be_read(tmp_path: Path, command: list[str]) -> None:
    bad = tmp_path / "kapot.pdf"
    bad.write_bytes(b"dit is geen pdf")
    proc = drafter(*command, str(bad), cwd=tmp_path)
    assert proc.returncode == ExitCode.INPUT_FILE
    assert one_line(proc) == f"Error: {bad}: is not a PDF (its content does not match the .pdf extension)"


def _path_without_tesseract(tmp_path: Path) -> str:
    """A PATH with poppler's programs (and nothing else): Tesseract is 'not installed'."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for tool in ("pdfinfo", "pdftoppm", "pdfimages"):
        found = shutil.which(tool)
        if found is None:
            pytest.skip(f"{tool} (poppler-utils) is not installed")
        (bin_dir / tool).symlink_to(found)
    return str(bin_dir)


@pytest.mark.parametrize("command", [["ocr"], ["ocr", "-o", "out"], ["commitments", "extract"]])
def test_4_tesseract_missing(tmp_path: Path, command: list[str]) -> None:
    scan = shutil.copy(SAMPLES / "nota_voorbeeld_scan.pdf", tmp_path / "scan.pdf")
    proc = drafter(*command, str(scan), cwd=tmp_path, env={"PATH": _path_without_tesseract(tmp_path)})
    assert proc.returncode == ExitCode.MISSING_DEPENDENCY
    assert one_line(proc) == "Error: tesseract is not installed (apt-get install tesseract-ocr tesseract-ocr-nld)"
    assert not (tmp_path / "out").exists()


@pytest.mark.tesseract
def test_4_the_dutch_language_pack_missing(tmp_path: Path) -> None:
    scan = shutil.copy(SAMPLES / "nota_voorbeeld_scan.pdf", tmp_path / "scan.pdf")
    empty = tmp_path / "tessdata"
    empty.mkdir()
    proc = drafter("ocr", str(scan), cwd=tmp_path, env={"TESSDATA_PREFIX": str(empty)})
    assert proc.returncode == ExitCode.MISSING_DEPENDENCY
    assert one_line(proc) == "Error: tesseract has no language pack nld (apt-get install tesseract-ocr-nld)"


def test_5_some_files_of_a_batch_failed(tmp_path: Path) -> None:
    shutil.copy(SAMPLES / "nota_voorbeeld.txt", tmp_path / "goed.txt")
    (tmp_path / "kapot.pdf").write_bytes(b"dit is geen pdf")
    proc = drafter("ocr", "goed.txt", "kapot.pdf", "-o", "out", "-q", cwd=tmp_path)
    assert proc.returncode == ExitCode.BATCH_PARTIAL
    assert "kapot.pdf: is not a PDF" in proc.stderr and (tmp_path / "out" / "goed.json").is_file()


@pytest.mark.parametrize("args", [
    ["ocr", "{txt}", "-o", "{txt}/out"],  # a file where the output folder should be
    ["commitments", "report", "--shipped", "--format", "md", "-o", "geen-map/rapport.md"],
    ["commitments", "export", "--db", "{db}", "-o", "{txt}/export.csv"],
])
def test_6_the_output_cannot_be_written(tmp_path: Path, args: list[str]) -> None:
    txt = shutil.copy(SAMPLES / "nota_voorbeeld.txt", tmp_path / "nota.txt")
    db = tmp_path / "register.sqlite"
    if "{db}" in " ".join(args):
        assert drafter("commitments", "import", str(txt), "--db", str(db), cwd=tmp_path).returncode == 0
    before = sorted(p.name for p in tmp_path.iterdir())
    proc = drafter(*[a.format(txt=txt, db=db) for a in args], cwd=tmp_path)
    assert proc.returncode == ExitCode.OUTPUT_NOT_WRITABLE, proc.stderr
    assert "cannot write" in one_line(proc)
    assert sorted(p.name for p in tmp_path.iterdir()) == before


@pytest.mark.tesseract
@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_130_interrupted(tmp_path: Path, signum: int) -> None:
    """Ctrl-C or SIGTERM during the OCR of four scans: one line, exit code 130, nothing left beside them."""
    scans = [str(shutil.copy(SAMPLES / "nota_voorbeeld_scan.pdf", tmp_path / f"scan{n}.pdf")) for n in range(4)]
    before = sorted(p.name for p in tmp_path.iterdir())
    proc = subprocess.Popen([str(DRAFTER), "commitments", "extract", *scans], cwd=tmp_path,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(3.0)  # imports done, the first scan being read
    assert proc.poll() is None, "finished before it could be interrupted"
    proc.send_signal(signum)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == ExitCode.INTERRUPTED
    assert err.strip().splitlines() == ["Interrupted."] and "Traceback" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == before
