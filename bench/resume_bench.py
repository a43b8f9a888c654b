#!/usr/bin/env python3
"""Kill a batch of 8 small scanned documents at random moments; count the finished documents lost.

Issue 8: each document used to be assembled only after every page of the batch, so all
documents finished in the last moments of a run and 4 of 4 randomly timed kills lost all
work.  Now a document is written as soon as its own pages are read.

What it does, from the repository root:

    .venv/bin/python bench/resume_bench.py [--kills 4] [--jobs 2] [--seed N]

1. Draws 8 two-page scanned notas (``tests/synth.py``, real Tesseract reads them).
2. Times one uninterrupted ``drafter ocr`` of the batch (T).
3. ``--kills`` times: a fresh output folder, ``drafter ocr`` killed with SIGKILL at a random
   moment between 10 % and 95 % of T; counts the documents whose outputs were written
   (``written``), then runs the same command again and reads its summary: documents found
   done (``kept``) and documents read again (``redone``).

``lost`` = written - kept: documents that were finished before the kill and still had to be
read again.  It must be 0; ``redone`` are the documents in progress or not started at the
kill.  The runs get their own temp folder, which must be empty at the end (the reruns remove
what the killed runs left).  Exit code 1 when anything was lost or left.
"""
from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import synth  # noqa: E402 - after the path to tests/

DOCUMENTS = 8
PAGES = 2
SUMMARY = re.compile(r"(\d+) documents?: (\d+) read, (\d+) already done \(cache\), (\d+) failed")


def make_batch(folder: Path) -> Path:
    folder.mkdir(parents=True)
    for number in range(1, DOCUMENTS + 1):
        pages = [synth.make_page(seed=100 * number + page, footer=f"Pagina {page + 1} van {PAGES}")
                 for page in range(PAGES)]
        synth.save_pages(pages, folder / f"nota{number}.pdf")
    return folder


def command(scans: Path, out: Path, jobs: int) -> list[str]:
    """``drafter ocr``; its summary goes to stderr (no progress bar: stderr is not a terminal)."""
    return [sys.executable, "-m", "drafter", "ocr", str(scans), "-o", str(out), "-j", str(jobs)]


def summary(stderr: str) -> tuple[int, int]:
    """(read, already done) from a run's summary line."""
    found = SUMMARY.search(stderr)
    if not found:
        raise SystemExit(f"no summary in the rerun's output:\n{stderr}")
    return int(found[2]), int(found[3])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kills", type=int, default=4)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--seed", type=int, default=None)
    args = parser.parse_args()
    rng = random.Random(args.seed)

    with tempfile.TemporaryDirectory(prefix="resume-bench-") as scratch:
        root = Path(scratch)
        scans = make_batch(root / "scans")
        tmp = root / "tmp"
        tmp.mkdir()
        env = {**os.environ, "TMPDIR": str(tmp)}

        started = time.monotonic()
        subprocess.run(command(scans, root / "reference", args.jobs), env=env, check=True, capture_output=True)
        full = time.monotonic() - started
        print(f"{DOCUMENTS} documents of {PAGES} pages, --jobs {args.jobs}: uninterrupted run {full:.1f} s")
        print(f"{'kill at':>12} {'written':>8} {'kept':>5} {'redone':>7} {'lost':>5}")

        total_lost = 0
        for trial in range(args.kills):
            out = root / f"out{trial}"
            moment = rng.uniform(0.10, 0.95) * full
            run = subprocess.Popen(command(scans, out, args.jobs), env=env,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(moment)
            run.send_signal(signal.SIGKILL)
            run.wait()
            written = len(list(out.glob("*.json")))
            time.sleep(1.0)  # the killed run's workers notice within 0.5 s and end
            rerun = subprocess.run(command(scans, out, args.jobs), env=env, capture_output=True, text=True,
                                   check=False)
            redone, kept = summary(rerun.stderr)
            if rerun.returncode != 0 or len(list(out.glob("*.json"))) != DOCUMENTS:
                raise SystemExit(f"the rerun did not finish the batch:\n{rerun.stderr}")
            lost = max(0, written - kept)
            total_lost += lost
            print(f"{moment:5.1f} s ({moment / full:3.0%}) {written:>8} {kept:>5} {redone:>7} {lost:>5}")
            shutil.rmtree(out)

        leftovers = sorted(p.name for p in tmp.iterdir())
        print(f"finished documents lost: {total_lost}; temp folders left: {leftovers or 'none'}")
        return 1 if total_lost or leftovers else 0


if __name__ == "__main__":
    sys.exit(main())
