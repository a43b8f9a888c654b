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
import sys
import tempfile
from pathlib import Path

from drafter.commitments.tracker import ROOT, Tracker
from drafter.errors import DrafterError
from drafter.safeyaml import load_yaml_file

CORPUS = ROOT / "corpus"
SUBJECTS = CORPUS / "register_subjects.yaml"
SOURCES = CORPUS / "register_sources.yaml"


def load_sources(path: Path = SOURCES) -> list[tuple[str, str, str]]:
    """(id, ISO date, title) of each source document of the shipped register, in the order
    they were written: data in ``corpus/register_sources.yaml``, not code."""
    raw = load_yaml_file(path) or {}
    out = []
    for i, d in enumerate(raw.get("documents") or [], start=1):
        try:
            out.append((str(d["id"]), dt.date.fromisoformat(str(d["date"])).isoformat(), str(d["title"])))
        except (KeyError, TypeError, ValueError):
            raise DrafterError(f"{path}: document {i} needs an id, an ISO date and a title") from None
    return out


#: The seeds in the order they were written, with what each one is (from the index file).
SEED_ORDER = load_sources()


def fingerprint(c, taken: set[str] | None = None) -> str:
    """A stable key for a record, from facts only: its first document, kind, members, the
    date it was made and its due moment.  Never the extractor's wording, so a better
    subject line does not orphan a paraphrase.  Two records with the same facts in one
    document get '#2', '#3' in reading order (``taken`` holds the keys given so far)."""
    doc = Path(c.source).stem[:3]
    key = f"{doc}|{c.kind}|{'/'.join(c.members)}|{c.made_on or ''}|{c.due or ''}"
    if taken is None:
        return key
    n, unique = 1, key
    while unique in taken:
        n += 1
        unique = f"{key}#{n}"
    taken.add(unique)
    return unique


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
                                         for p, (_, d, _) in zip(paths, SEED_ORDER, strict=True)})
        as_of = as_of or dt.date.fromisoformat(SEED_ORDER[-1][1])
        records = []
        missing = []
        taken: set[str] = set()
        for c in tracker.records(as_of=as_of):
            key = fingerprint(c, taken)
            if key not in subjects:
                missing.append(key)
                continue
            history = tracker.get(c.id)["mentions"]  # type: ignore[arg-type]
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
