"""Issue 8 on the OCR side, attacked the way an operations engineer would: two runs into one
output folder, SIGTERM and SIGKILL in the middle of a batch, leftovers of killed runs, resume
after a kill, and image files that declare a huge size or page count.

Real ``drafter ocr`` processes on real scans (pages drawn by tests/synth.py, real Tesseract);
each test gives its runs their own temp folder (TMPDIR), so the work folders they leave or
remove can be counted without seeing other people's runs on the same machine.
"""
from __future__ import annotations

import json
import os
import re
import signal
import struct
import subprocess
import sys
import time
import zlib
from pathlib import Path

import pytest

from ocr.batch import CACHE_DIR, output_lock
from ocr.errors import ReadError

import synth

pytestmark = pytest.mark.reliability

#: What the CLI exits with when it prints a ReadError's one line (the exit codes are being
#: split by kind of failure, see ocr/exitcodes.py; 2 before that).
BAD_INPUT = int(getattr(ReadError, "exit_code", 2))


# -- helpers -----------------------------------------------------------------------


def _scans(folder: Path, documents: int, pages: int = 1) -> Path:
    """``documents`` scanned notas (``doc1.pdf`` ...) of ``pages`` pages, each with margin notes."""
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(1, documents + 1):
        sheets = [synth.make_page(seed=number * 10 + page, footer=f"Pagina {page + 1} van {pages}")
                  for page in range(pages)]
        synth.save_pages(sheets, folder / f"doc{number}.pdf")
    return folder


def _env(tmp: Path) -> dict[str, str]:
    """The runs' environment: their own temp folder, so what they leave there is theirs."""
    tmp.mkdir(parents=True, exist_ok=True)
    return {**os.environ, "TMPDIR": str(tmp)}


def _start(args: list[str], tmp: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "drafter", "ocr", *args], env=_env(tmp),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _finish(proc: subprocess.Popen, timeout: float = 240) -> tuple[int, str]:
    _, err = proc.communicate(timeout=timeout)
    return proc.returncode, err


def _work_folders(tmp: Path) -> list[str]:
    return sorted(p.name for p in tmp.glob("drafter-*"))


def _temp_files(out: Path) -> list[str]:
    """Temp files and scratch folders in the output folder (cache included)."""
    return sorted(p.relative_to(out).as_posix() for p in out.rglob("*")
                  if p.name.endswith(".tmp") or p.name.endswith(".work") or p.name.startswith("drafter-"))


def _processes_with(tmp: Path) -> list[int]:
    """Processes (the run, its workers, their Tesseract) whose environment carries this TMPDIR."""
    marker = f"TMPDIR={tmp}".encode() + b"\0"
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if marker in (entry / "environ").read_bytes():
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


def _wait_until(condition, timeout: float, step: float = 0.02) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(step)
    return condition()


def _crops_all_present(out: Path, stems: list[str]) -> int:
    """Every remark's crop named in every JSON exists; the number of crops."""
    total = 0
    for stem in stems:
        doc = json.loads((out / f"{stem}.json").read_text(encoding="utf-8"))
        images = [a["image"] for a in doc["annotations"] if a["image"]]
        assert images, f"{stem}: no crops at all"
        missing = [image for image in images if not (out / image).is_file()]
        assert missing == [], f"{stem}: crops lost: {missing}"
        total += len(images)
    return total


# -- one writer per output folder --------------------------------------------------


def test_two_concurrent_runs_into_one_folder_both_succeed_and_keep_every_crop(tmp_path: Path) -> None:
    scans, out, tmp = _scans(tmp_path / "scans", 3), tmp_path / "out", tmp_path / "tmp"
    runs = [_start([str(scans), "-o", str(out), "--format", "json,md", "-j", "1"], tmp) for _ in range(2)]
    results = [_finish(run) for run in runs]

    assert [code for code, _ in results] == [0, 0], results
    assert all("Traceback" not in err for _, err in results)
    summaries = sorted(re.search(r"3 documents: (\d) read, (\d) already done", err).groups() for _, err in results)
    assert summaries == [("0", "3"), ("3", "0")]  # one read them, the other found them done
    waited = [err for _, err in results if "is writing into this folder; waiting" in err]
    assert len(waited) == 1 and str(out) in waited[0]
    assert _crops_all_present(out, ["doc1", "doc2", "doc3"]) >= 6
    cache = out / CACHE_DIR
    for entry in cache.glob("*.json"):
        doc = json.loads(entry.read_text(encoding="utf-8"))
        assert all((cache / a["image"]).is_file() for a in doc["annotations"] if a["image"])
    assert _temp_files(out) == [] and _work_folders(tmp) == []


def test_a_busy_output_folder_is_waited_for_or_refused_in_one_line(tmp_path: Path) -> None:
    scans, out, tmp = _scans(tmp_path / "scans", 1), tmp_path / "out", tmp_path / "tmp"
    with output_lock(out):  # another run holds the folder
        refused = _start([str(scans), "-o", str(out), "--no-wait"], tmp)
        code, err = _finish(refused)
        assert code == BAD_INPUT
        assert err.strip().splitlines() == [
            (f"Error: {out}: another drafter ocr run (pid {os.getpid()}) is writing into this folder; "
             "run again when it is done")]

        waiting = _start([str(scans), "-o", str(out)], tmp)
        line = waiting.stderr.readline()
        assert line.strip() == (f"{out}: another drafter ocr run (pid {os.getpid()}) is writing into this "
                                "folder; waiting until it is done")
        time.sleep(1.0)
        assert waiting.poll() is None and not (out / "doc1.json").exists()  # really waiting
    code, err = _finish(waiting)
    assert code == 0 and (out / "doc1.json").is_file(), err


# -- kills ---------------------------------------------------------------------------


def test_sigterm_stops_a_batch_with_exit_130_and_leaves_no_temp_files(tmp_path: Path) -> None:
    scans, out, tmp = _scans(tmp_path / "scans", 2, pages=2), tmp_path / "out", tmp_path / "tmp"
    run = _start([str(scans), "-o", str(out), "--format", "json,md,docx", "-j", "2"], tmp)
    # wait until the workers are inside a page: their temp files are in the run's work folder
    assert _wait_until(lambda: any(p.is_dir() for p in tmp.glob("drafter-ocr-*/tmp*"))
                       or any(p.is_dir() for p in tmp.glob("drafter-ocr-*/drafter-*")), 60), _work_folders(tmp)
    run.send_signal(signal.SIGTERM)
    code, err = _finish(run, 60)

    assert code == 130, err
    assert "Interrupted" in err and "Traceback" not in err
    assert _work_folders(tmp) == []
    assert _temp_files(out) == []
    assert _wait_until(lambda: not _processes_with(tmp), 10), "worker processes outlived the run"


def test_leftovers_of_a_killed_run_are_removed_by_the_next_run(tmp_path: Path) -> None:
    scans, out, tmp = _scans(tmp_path / "scans", 2, pages=2), tmp_path / "out", tmp_path / "tmp"
    run = _start([str(scans), "-o", str(out), "-j", "2"], tmp)
    assert _wait_until(lambda: any(p.is_dir() for p in tmp.glob("drafter-ocr-*/*")), 60)
    run.send_signal(signal.SIGKILL)
    _finish(run, 60)
    assert [name for name in _work_folders(tmp) if name.startswith(f"drafter-ocr-{run.pid}-")]  # left behind
    assert _wait_until(lambda: not _processes_with(tmp), 10), "workers outlived their killed parent"

    # what other killed runs leave: interrupted atomic writes and a work folder of a dead process
    (out / "doc1_crops").mkdir(parents=True, exist_ok=True)
    planted = [out / ".doc1.json.k2j4_x9q.tmp", out / "doc1_crops" / ".a1.png.0a1b2c3d.tmp",
               out / CACHE_DIR / ".0123abcd-ecb80c499a11.json.zz99yy88.tmp"]
    for file in planted:
        file.write_bytes(b"half a file")
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True,
                          check=True)
    stale = tmp / f"drafter-ocr-{int(dead.stdout)}-abcd1234"
    (stale / "1234abcd").mkdir(parents=True)
    alive = tmp / f"drafter-ocr-{os.getpid()}-alive000"  # a run that is still going: left alone
    alive.mkdir()
    own = out / "notes.tmp"  # not a drafter temp file: left alone
    own.write_text("mine")

    code, err = _finish(_start([str(scans), "-o", str(out), "-j", "2"], tmp))
    assert code == 0, err
    assert _work_folders(tmp) == [alive.name]
    assert not any(file.exists() for file in planted)
    assert own.read_text() == "mine"
    assert _temp_files(out) == ["notes.tmp"]
    assert _crops_all_present(out, ["doc1", "doc2"]) >= 4


# -- resume --------------------------------------------------------------------------


def test_a_killed_batch_keeps_its_first_documents_and_the_rerun_reads_only_the_rest(tmp_path: Path) -> None:
    scans, out, tmp = _scans(tmp_path / "scans", 4, pages=2), tmp_path / "out", tmp_path / "tmp"
    run = _start([str(scans), "-o", str(out), "-j", "2"], tmp)
    assert _wait_until(lambda: (out / "doc1.json").is_file(), 120), "the first document was not written early"
    run.send_signal(signal.SIGKILL)
    _finish(run, 60)

    written = sorted(p.stem for p in out.glob("*.json"))
    entries = list((out / CACHE_DIR).glob("*.json"))
    assert written[0] == "doc1" and len(written) < 4  # written in order, long before the end
    assert len(entries) - len(written) in (0, 1)  # killed between a cache entry and its outputs

    code, err = _finish(_start([str(scans), "-o", str(out), "-j", "2"], tmp))
    assert code == 0, err
    done, rest = len(entries), 4 - len(entries)
    assert f"4 documents: {rest} read, {done} already done (cache), 0 failed; {2 * rest} pages" in err
    assert sorted(p.stem for p in out.glob("*.json")) == ["doc1", "doc2", "doc3", "doc4"]
    assert _crops_all_present(out, ["doc1", "doc2", "doc3", "doc4"]) >= 8


# -- image limits --------------------------------------------------------------------


def _png_header(path: Path, width: int, height: int) -> Path:
    """A 67-byte PNG whose header declares ``width`` x ``height`` RGB pixels."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0"))
                     + chunk(b"IEND", b""))
    return path


@pytest.mark.parametrize(("width", "height", "said"), [
    (100_000, 100_000, "image is 10,000 megapixels; the limit is 200 megapixels"),
    (15_000, 15_000, "image is 15,000 x 15,000 pixels (225 megapixels); the limit is 200 megapixels"),
], ids=["beyond-pillow", "beyond-ours"])
def test_a_png_declaring_a_huge_size_is_refused_in_one_line(tmp_path: Path, width: int, height: int,
                                                            said: str) -> None:
    bomb = _png_header(tmp_path / "bom.png", width, height)
    for args in ([str(bomb), "-o", str(tmp_path / "out")], [str(bomb)]):
        started = time.monotonic()
        code, err = _finish(_start(args, tmp_path / "tmp"), 60)
        assert code == BAD_INPUT
        assert err.strip().splitlines() == [f"Error: {bomb}: {said}"]
        assert time.monotonic() - started < 10
    assert not (tmp_path / "out").exists()


def test_a_pdf_beyond_the_page_and_pixel_limits_is_refused_in_one_line(tmp_path: Path) -> None:
    from reportlab.pdfgen import canvas

    many = tmp_path / "dik.pdf"
    pdf = canvas.Canvas(str(many), pagesize=(200, 200))
    for _ in range(2_001):
        pdf.showPage()
    pdf.save()
    huge = tmp_path / "poster.pdf"
    pdf = canvas.Canvas(str(huge), pagesize=(14_400, 14_400))  # 200 x 200 inch, the PDF maximum
    pdf.circle(7_200, 7_200, 3_000, fill=1)
    pdf.save()

    code, err = _finish(_start([str(many), str(huge), "-o", str(tmp_path / "out")], tmp_path / "tmp"), 60)
    assert code == BAD_INPUT
    assert f"{many}: has 2,001 pages; the limit is 2,000" in err
    assert re.search(rf"{re.escape(str(huge))}: page 1 is 14,400 x 14,400 pixels \(207 megapixels\); "
                     r"the limit is 200 megapixels", err), err
    assert "Traceback" not in err


def test_a_pool_that_outlives_a_run_does_not_keep_the_folder_locked(tmp_path: Path) -> None:
    """Worker processes forked during a run must not inherit the folder's lock (a flock would be)."""
    import concurrent.futures as cf

    from ocr.batch import run_batch

    scans, out = _scans(tmp_path / "scans", 1), tmp_path / "out"
    with cf.ProcessPoolExecutor(max_workers=2) as pool:
        first = run_batch([scans], out, executor=pool, progress=False)
        again = run_batch([scans], out, executor=pool, progress=False, force=True, wait=False)
    assert first.ok and again.ok and again.pages_read == 1


def test_threads_of_one_process_take_turns_on_a_folder(tmp_path: Path) -> None:
    import threading

    from ocr.batch import run_batch

    scans, out = _scans(tmp_path / "scans", 1), tmp_path / "out"
    said: list[str] = []
    reports = []
    with output_lock(out):
        with pytest.raises(Exception, match="another drafter ocr run .* is writing into this folder"):
            run_batch([scans], out, jobs=1, progress=False, wait=False)
        other = threading.Thread(target=lambda: reports.append(
            run_batch([scans], out, jobs=1, progress=False, on_wait=said.append)))
        other.start()
        assert _wait_until(lambda: said, 10)
        assert not (out / "doc1.json").exists()
    other.join(120)
    assert reports and reports[0].ok and (out / "doc1.json").is_file()


def test_a_worker_started_after_its_parent_died_ends_at_once() -> None:
    """A worker forked just before the run was killed starts under a new parent (init); it is given
    the run's pid by the run itself, so it sees at once that the run is gone instead of waiting forever."""
    code = ("import os, time; from ocr.batch import _init_pool_process; "
            "_init_pool_process(None, parent=os.getppid() + 999999); time.sleep(30)")
    started = time.monotonic()
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=20)
    assert proc.returncode == 1 and time.monotonic() - started < 10
