"""How long drafting a full letter and nota takes, against baselines measured in the same run.

Target: under 2 seconds for letter + nota.  Baselines: python-docx writing an
empty A4 document (the floor of any .docx writer), and rendering the templates
alone (no Word at all).  Run:  python bench/draft_bench.py
"""
from __future__ import annotations

import io
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from docx import Document  # noqa: E402
from docx.shared import Mm  # noqa: E402

from drafter.drafting.compose import draft_files, render  # noqa: E402
from drafter.drafting.spec import load_spec  # noqa: E402
from drafter.figures.store import FigureStore  # noqa: E402

SPEC = ROOT / "corpus" / "specs" / "uitvoeringsbrief-2023-12.yaml"
from timing import median_time  # noqa: E402

RUNS = 7


def empty_a4() -> None:
    document = Document()
    document.sections[0].page_width, document.sections[0].page_height = Mm(210), Mm(297)
    document.save(io.BytesIO())


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        full = median_time(lambda: draft_files(SPEC, out / "brief.docx", out / "nota.docx"), RUNS)
        templates_only = median_time(lambda: render(load_spec(SPEC), FigureStore()), RUNS)
        floor = median_time(empty_a4, RUNS)
    print(f"full draft (letter + nota, from spec and store): {full * 1000:7.1f} ms  (median of {RUNS})")
    print(f"templates rendered only:                         {templates_only * 1000:7.1f} ms")
    print(f"python-docx empty A4 document:                   {floor * 1000:7.1f} ms")
    print(f"ratio full / empty A4 document: {full / floor:5.1f}x;  full / templates only: {full / templates_only:5.1f}x")
    print(f"target < 2 s: {'met' if full < 2 else 'NOT met'}")


if __name__ == "__main__":
    main()
