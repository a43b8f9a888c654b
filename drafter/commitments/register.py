"""The register shipped in ``corpus/``: built from the five seed documents.

Facts only: kinds, members, dates, Kamerstukken, due moments, status and
which document fulfilled what.  No sentences from the seeds: the subject of
each record is our own short paraphrase from ``corpus/register_subjects.yaml``
and quotes are left out.  Rebuild with ``python -m drafter.commitments.register``.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import re
import sys
import tempfile
from pathlib import Path

from drafter.commitments.tracker import ROOT, Tracker
from drafter.errors import DrafterError
from drafter.safeyaml import load_yaml_file

CORPUS = ROOT / "corpus"
SUBJECTS = CORPUS / "register_subjects.yaml"
#: The seeds in the order they were written, with what each one is.
SEED_ORDER = [
    ("003_46b2f2c4559ad58e", "2021-12-17", "Kamerbrief uitvoering inburgering, 17 december 2021"),
    ("000_71a7c83e8fa32dd3", "2022-11-24", "Nota uitvoeringsbrief inburgering, 24 november 2022"),
    ("002_d303424e999e6978", "2023-09-20", "Kamerbrief (verzamelbrief) inburgering, september 2023"),
    ("001_32e155314c28182e", "2023-11-22", "Nota uitvoeringsbrief inburgering, 22 november 2023"),
    ("004_8fa8bdbc9a6b68a5", "2025-07-01", "Nota concept verzamelbrief inburgering, juli 2025"),
]


def fingerprint(c) -> str:
    """A stable key for a record, from facts only (used to attach paraphrases)."""
    words = re.findall(r"[a-zà-ÿ0-9-]+", c.subject.lower())[:3]
    doc = Path(c.source).stem[:3]
    return f"{doc}|{c.kind}|{'/'.join(c.members)}|{c.made_on or ''}|{c.due or ''}|{' '.join(words)}"


def build(seeds_dir: Path, out_dir: Path = CORPUS, as_of: dt.date | None = None) -> Path:
    """Import the seeds in date order into a fresh SQLite register and write
    ``register.json`` (facts + own paraphrases) next to ``register.sqlite``."""
    subjects = load_yaml_file(SUBJECTS) or {}
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=out_dir) as tmp:
        db = Path(tmp) / "register.sqlite"
        tracker = Tracker(str(db))
        paths = [seeds_dir / f"{stem}.txt" for stem, _, _ in SEED_ORDER]
        tracker.import_documents(paths, {str(p): dt.date.fromisoformat(d)
                                         for p, (_, d, _) in zip(paths, SEED_ORDER)})
        titles = {stem: title for stem, _, title in SEED_ORDER}
        as_of = as_of or dt.date.fromisoformat(SEED_ORDER[-1][1])
        records = []
        missing = []
        for c in tracker.records(as_of=as_of):
            key = fingerprint(c)
            if key not in subjects:
                missing.append(key)
                continue
            history = tracker.get(c.id)["mentions"]
            d = c.to_dict()
            d.update(subject=subjects[key], quote="", source=Path(c.source).stem,
                     fulfilled_by=Path(c.fulfilled_by).stem if c.fulfilled_by else None,
                     mentions=[{"document": Path(m["source"]).stem, "date": m["doc_date"],
                                "fulfils": bool(m["fulfils"]), "new_here": bool(m["new_here"]),
                                "merge_reason": m["merge_reason"]} for m in history])
            records.append(d)
        if missing:
            raise DrafterError("no paraphrase in register_subjects.yaml for: " + "; ".join(missing))
        tracker.engine.dispose()
        payload = {
            "about": "Register of toezeggingen and moties built from the five seed documents "
                     "(facts only; subjects are our own paraphrases).",
            "as_of": as_of.isoformat(),
            "documents": [{"id": stem, "date": d, "title": t} for stem, d, t in SEED_ORDER],
            "commitments": records,
        }
        target = out_dir / "register.json"
        tmp_json = Path(tmp) / "register.json"
        tmp_json.write_text(json.dumps(payload, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        os.replace(tmp_json, target)
    return target


if __name__ == "__main__":
    seeds = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "seeds"
    print(build(seeds))
