"""How fast commitments are extracted, against a baseline measured in the same run.

Per seed: kB and pages per second for the whole extractor (reading excluded).
Then a synthetic 50-page letter, built in memory by repeating the seeds'
paragraphs: target under 1 second.  Baseline: spaCy's bare Dutch tokenizer
over the same text (the floor of any spaCy-based extractor).
Run:  python bench/extract_bench.py [SEEDS_DIR]
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from timing import median_time  # noqa: E402

from drafter.commitments.extract import extract  # noqa: E402
from drafter.commitments.rules import pipeline  # noqa: E402
from ocr import read_document  # noqa: E402
from ocr.model import Block, Document, Page  # noqa: E402

RUNS = 5
CHARS_PER_PAGE = 3000  # a Kamerbrief page in Verdana 9 pt holds about 2,500-3,500 characters


def tokenizer_only(doc: Document) -> None:
    nlp = pipeline()
    for b in doc.blocks:
        nlp.make_doc(b.text)


def synthetic_letter(docs: list[Document], pages: int) -> Document:
    """Paragraphs (with their footnotes) of the seeds, repeated until ``pages`` pages."""
    source = [b for d in docs for b in d.blocks]
    out = Document(source="synthetic-50-pages", metadata={"date": "2023-09-20"})
    size, i = 0, 0
    while size < pages * CHARS_PER_PAGE:
        b = source[i % len(source)]
        page = 1 + size // CHARS_PER_PAGE
        out.blocks.append(Block(id=f"s{i}", page=page, kind=b.kind, text=b.text, section=b.section))
        size += len(b.text)
        i += 1
    out.pages = [Page(n, 595.28, 841.89, "plain") for n in range(1, pages + 1)]
    return out


def main() -> None:
    seeds_dir = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "seeds"
    seeds = sorted(seeds_dir.glob("*.txt"))
    if not seeds:
        sys.exit(f"no seeds in {seeds_dir}")
    docs = [read_document(p) for p in seeds]
    extract(docs[0])  # build the pipeline once, as a long-running process would
    print(f"{'document':28} {'kB':>6} {'pages':>5} {'found':>5} {'ms':>7} {'kB/s':>7} {'pages/s':>8}")
    for path, doc in zip(seeds, docs):
        kb = sum(len(b.text.encode()) for b in doc.blocks) / 1024
        pages = max((b.page for b in doc.blocks), default=1)
        found = len(extract(doc))
        t = median_time(lambda: extract(doc), RUNS)
        print(f"{path.stem:28} {kb:6.1f} {pages:5d} {found:5d} {t * 1000:7.1f} {kb / t:7.0f} {pages / t:8.0f}")
    letter = synthetic_letter(docs, 50)
    kb = sum(len(b.text.encode()) for b in letter.blocks) / 1024
    full = median_time(lambda: extract(letter), RUNS)
    floor = median_time(lambda: tokenizer_only(letter), RUNS)
    print(f"\nsynthetic 50-page letter ({kb:.0f} kB, {len(letter.blocks)} blocks): "
          f"{len(extract(letter))} commitments in {full * 1000:.0f} ms (median of {RUNS})")
    print(f"baseline, bare spaCy tokenizer over the same text: {floor * 1000:.0f} ms")
    print(f"ratio extractor / tokenizer: {full / floor:.2f}x;  throughput {50 / full:.0f} pages/s")
    print(f"target < 1 s for 50 pages: {'met' if full < 1 else 'NOT met'}")


if __name__ == "__main__":
    main()
