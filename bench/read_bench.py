"""How long reading a letter or nota takes, against a baseline measured in the same run.

Target: every seed well under 0.2 s.  Baseline: the naive reader (decode the
file, split on blank lines, one paragraph per chunk) that any reader must beat
in quality and should not lose to by much in speed.  The OCR'd nota (seed 001)
also pays for loading the Dutch word list once; the first read is reported
separately.  Run:  python bench/read_bench.py
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from ocr import read_document  # noqa: E402
from ocr.words import dutch_words  # noqa: E402

SHARED = ROOT.parent / "shared"
from timing import median_time  # noqa: E402

RUNS = 7


def naive(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    return [" ".join(chunk.split()) for chunk in text.split("\n\n") if chunk.strip()]


def main() -> None:
    paths = sorted((SHARED / "seeds").glob("*.txt")) + sorted((ROOT / "corpus" / "samples").glob("*.txt"))
    start = time.perf_counter()
    dutch_words()
    first_load = time.perf_counter() - start
    print(f"Dutch word list, first load: {first_load * 1000:.0f} ms (once per process, OCR'd text only)\n")
    print(f"{'document':32} {'KB':>5} {'blocks':>6} {'ours ms':>8} {'naive ms':>8} {'ratio':>6}")
    worst = 0.0
    for path in paths:
        ours = median_time(lambda: read_document(path), RUNS)
        base = median_time(lambda: naive(path), RUNS)
        blocks = len(read_document(path).blocks)
        worst = max(worst, ours)
        print(f"{path.name:32} {path.stat().st_size / 1024:5.0f} {blocks:6d} {ours * 1000:8.1f} "
              f"{base * 1000:8.2f} {ours / base:6.0f}x")
    print(f"\nslowest document: {worst * 1000:.0f} ms (target < 200 ms): {'OK' if worst < 0.2 else 'TOO SLOW'}")


if __name__ == "__main__":
    main()
