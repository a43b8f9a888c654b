"""How fast the register stores commitments: importing 4 MB of letter text.

The letters are our own (tests/data/commitments_dev/*.txt), written out again
and again with other Kamerleden, other Kamerstuk numbers and another letter
date per copy, so every copy is a new document with new promises to new
members, while the promises without a member recur and merge.  Nothing from
../shared goes in.

Reported: the time of the whole import (extraction + storing) against the
time of extraction alone over the same files in the same process, and the
share of storing.  Target: 4 MB in under 20 s.
Run:  python bench/import_bench.py [MEGABYTES] [--db URL]
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEV = ROOT / "tests" / "data" / "commitments_dev"
SURNAMES = ["Bakker", "Visser", "Smit", "Meijer", "Mulder", "Bos", "Vos", "Peters", "Hendriks", "Dekker",
            "Brouwer", "Dijkstra", "Koster", "Prins", "Huisman", "Kuiper", "Veenstra", "Post", "Kok",
            "Wolters", "Ruiter", "Hoekstra", "Schouten", "Molenaar", "Timmer", "Verbeek", "Lammers",
            "Groen", "Boersma", "Jonker"]
PREFIXES = ["", "Van ", "De ", "Van der ", "Ter "]
MONTHS = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
          "oktober", "november", "december"]


def dev_letters() -> list[tuple[str, list[str]]]:
    """Each dev text with the Kamerleden its gold labels name (longest first)."""
    out = []
    for txt in sorted(DEV.glob("*.txt")):
        gold = json.loads(txt.with_name(txt.stem + ".gold.json").read_text(encoding="utf-8"))
        names = {m for c in gold for m in c.get("members") or []}
        out.append((txt.read_text(encoding="utf-8"), sorted(names, key=len, reverse=True)))
    return out


def varied(text: str, names: list[str], copy: int) -> str:
    """Copy ``copy`` of a letter: other members, other Kamerstuk numbers, another date."""
    pool = [p + s for s in SURNAMES for p in PREFIXES]
    for i, name in enumerate(names):
        text = re.sub(rf"\b{re.escape(name)}\b", pool[(copy * 7 + i * 13) % len(pool)], text)
    text = re.sub(r"\bnr\. (\d+)", lambda m: f"nr. {int(m.group(1)) + copy}", text)
    day, month = 1 + copy % 28, MONTHS[copy % 12]
    return re.sub(r"^Datum .*$", f"Datum {day} {month} {2020 + copy % 6}", text, count=1, flags=re.M)


def write_letters(folder: Path, megabytes: float) -> list[Path]:
    """Varied copies of the dev letters until ``megabytes`` of text are written."""
    letters = dev_letters()
    paths, size, copy = [], 0, 0
    while size < megabytes * 1_000_000:
        for n, (text, names) in enumerate(letters):
            path = folder / f"brief_{copy:04d}_{n:02d}.txt"
            body = varied(text, names, copy)
            path.write_text(body, encoding="utf-8")
            paths.append(path)
            size += len(body.encode())
        copy += 1
    return paths


class Clock:
    """Wall and CPU time of a block: CPU time is steadier on a shared machine."""

    def __enter__(self) -> Clock:
        self.wall, self.cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc) -> None:
        self.wall, self.cpu = time.perf_counter() - self.wall, time.process_time() - self.cpu

    def __str__(self) -> str:
        return f"{self.wall:.1f} s (CPU {self.cpu:.1f} s)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("megabytes", nargs="?", type=float, default=4.0)
    parser.add_argument("--db", help="register URL (default: a new SQLite file in a temporary folder); "
                                     "must be empty, it is used twice")
    args = parser.parse_args()

    from drafter.commitments.extract import extract_file
    from drafter.commitments.tracker import Tracker, document_hash

    with tempfile.TemporaryDirectory(prefix="import-bench-") as tmp:
        paths = write_letters(Path(tmp), args.megabytes)
        mb = sum(p.stat().st_size for p in paths) / 1_000_000
        extract_file(paths[0], None)  # load the pipeline once, as a long-running process would
        with Clock() as extraction:
            prepared = [(p, document_hash(p), extract_file(p, None), None) for p in paths]
        found = sum(len(items) for _, _, items, _ in prepared)

        tracker = Tracker(args.db or str(Path(tmp) / "stored.sqlite"))
        with Clock() as storing:
            tracker.store(prepared)
        tracker.engine.dispose()
        if args.db:
            _empty(args.db)

        tracker = Tracker(args.db or str(Path(tmp) / "imported.sqlite"))
        with Clock() as whole:
            stats = tracker.import_documents(paths)
        counts = tracker.counts()
        tracker.engine.dispose()

    print(f"{len(paths)} letters, {mb:.2f} MB of text, {found} commitments found")
    print(f"import: {stats['documents']} documents, {stats['mentions']} mentions, {stats['new']} new records, "
          f"{stats['merged']} merged; register holds {counts['commitments']} records")
    print(f"extraction alone: {extraction}")
    print(f"storing alone (the same extracted documents into a new register): {storing}")
    print(f"whole import (extraction + storing): {whole};  ratio import / extraction alone: "
          f"{whole.wall / extraction.wall:.2f}x wall, {whole.cpu / extraction.cpu:.2f}x CPU")
    target = 20 * args.megabytes / 4
    print(f"target: the whole import under {target:g} s: {'met' if whole.wall < target else 'NOT met'} "
          f"(storing alone under {target:g} s: {'met' if storing.wall < target else 'NOT met'})")


def _empty(url: str) -> None:
    """Clear a register given with --db between the two runs."""
    import sqlalchemy as sa

    engine = sa.create_engine(url)
    with engine.begin() as conn:
        for table in ("mentions", "status_changes", "commitments", "documents"):
            conn.execute(sa.text(f"DELETE FROM {table}"))
    engine.dispose()


if __name__ == "__main__":
    main()
