"""Score the commitment extractor on every labelled set we have.

    python bench/eval_commitments.py                      # seeds, realcorpus dev part, own letters
    python bench/eval_commitments.py --set holdout        # the held-back part (pooled figures only)
    python bench/eval_commitments.py --set wide           # ../shared/widecorpus/dev: more real letters
    python bench/eval_commitments.py --set registers      # ../shared/widecorpus/dev3: register-shaped documents
    python bench/eval_commitments.py --set letters        # ../shared/widecorpus/dev4: TK letters, verslagen, EU councils
    python bench/eval_commitments.py --set odd            # ../shared/widecorpus/blind: odd years (blind until session 4)
    python bench/eval_commitments.py --set blind          # ../shared/widecorpus/blind3 (pooled figures only)
    python bench/eval_commitments.py --label first-sight  # name the run in bench/results/

Prints per document and pooled precision, recall and field agreement (kind, members,
due, fulfilled_here, and chamber/status where the gold has them) and writes them to
``bench/results/commitments[-LABEL].json``.  The scorer is ``../shared/tools/
score_commitments.py``, imported and run, not copied.  Chamber and status agreement are
measured with the scorer's own matching: the field is put in the place of ``due`` in a
copy of both lists, so exactly the pairs the scorer matched are compared.

The realcorpus is split in two by the list in ``bench/realcorpus_holdout.txt``: the
held-back documents are never read by whoever writes the rules; for them this script
prints pooled figures only, never a quote.  ``../shared/widecorpus`` (collected and
labelled in session 3, see its README) has the same two parts as folders: ``dev`` and
``blind``; the blind part is treated like the held-back part.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import os
import sys
from collections import defaultdict
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from drafter.commitments.extract import extract_file  # noqa: E402

SHARED = Path(os.environ.get("DRAFTER_SHARED", ROOT.parent / "shared"))
HOLDOUT_LIST = ROOT / "bench" / "realcorpus_holdout.txt"
OWN_DEV = ROOT / "tests" / "data" / "commitments_dev"
RESULTS = ROOT / "bench" / "results"
COUNTS = ("gold", "predicted", "matched")
FIELDS = ("kind_acc", "members_acc", "fulfilled_acc", "due_acc")
BLIND = ("holdout", "blind")
#: The sets of ../shared/widecorpus: four development sets and the blind one.  'odd' was blind from its
#: collection until its first-sight and last blind figures were recorded (session 4); read since, so development.
WIDE = {"wide": SHARED / "widecorpus" / "dev", "registers": SHARED / "widecorpus" / "dev3",
        "letters": SHARED / "widecorpus" / "dev4", "odd": SHARED / "widecorpus" / "blind",
        "blind": SHARED / "widecorpus" / "blind3"}
PRED_FIELD = {"chamber": "chamber", "status": "motie_status"}  # the gold's 'status' is a motie's vote


def load_scorer() -> ModuleType:
    path = SHARED / "tools" / "score_commitments.py"
    if not path.is_file():
        raise SystemExit(f"{path}: the scorer is missing (set DRAFTER_SHARED to the shared material)")
    spec = importlib.util.spec_from_file_location("score_commitments", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def holdout_names() -> set[str]:
    return {line.strip() for line in HOLDOUT_LIST.read_text().splitlines() if line.strip() and not line.startswith("#")}


def documents(which: str) -> list[tuple[str, Path, Path]]:
    """(group, text, gold) for one named set."""
    if which == "seeds":
        gold = SHARED / "gold" / "commitments"
        return [("seeds", t, gold / f"{t.stem}.gold.json") for t in sorted((SHARED / "seeds").glob("*.txt"))]
    if which == "own":
        return [("own", t, t.with_name(t.stem + ".gold.json")) for t in sorted(OWN_DEV.glob("*.txt"))]
    if which in WIDE:
        if not WIDE[which].is_dir():
            raise SystemExit(f"{WIDE[which]}: no such folder (the {which} part of ../shared/widecorpus)")
        return [(which, t, t.with_name(t.stem + ".gold.json")) for t in sorted(WIDE[which].glob("*.txt"))]
    held = holdout_names()
    texts = sorted((SHARED / "realcorpus").glob("*.txt"))
    keep = [t for t in texts if (t.stem in held) == (which == "holdout")]
    return [(which, t, t.with_name(t.stem + ".gold.json")) for t in keep]


def ministry(group: str, stem: str) -> str:
    """The ministry prefix of a realcorpus name; the seeds and our own letters are SZW."""
    return stem.split("_")[0] if group in ("dev", "holdout", *WIDE) else "szw"


def with_field_as_due(items: list[dict], name: str) -> list[dict]:
    return [{**c, "due": c.get(name)} for c in items]


def score_document(scorer: ModuleType, gold: list[dict], pred: list[dict]) -> dict:
    result = scorer.score(gold, pred)
    for name in ("chamber", "status"):
        if any(name in g for g in gold):
            labelled = [g for g in gold if name in g]
            extra = scorer.score(with_field_as_due(labelled, name), with_field_as_due(pred, PRED_FIELD[name]))
            result[f"{name}_acc"] = extra["due_acc"]
            result[f"{name}_matched"] = extra["matched"]
    return result


def pool(rows: list[dict]) -> dict:
    """Micro-averaged counts and match-weighted field agreement."""
    total = {k: sum(r[k] for r in rows) for k in COUNTS}
    out: dict = dict(total)
    out["precision"] = round(total["matched"] / total["predicted"], 3) if total["predicted"] else 0.0
    out["recall"] = round(total["matched"] / total["gold"], 3) if total["gold"] else 1.0
    for f in FIELDS:
        weighted = [(r[f], r["matched"]) for r in rows if r.get(f) is not None]
        n = sum(m for _, m in weighted)
        out[f] = round(sum(a * m for a, m in weighted) / n, 3) if n else None
    for name in ("chamber", "status"):
        weighted = [(r[f"{name}_acc"], r[f"{name}_matched"]) for r in rows if r.get(f"{name}_acc") is not None]
        n = sum(m for _, m in weighted)
        if n:
            out[f"{name}_acc"] = round(sum(a * m for a, m in weighted) / n, 3)
    return out


def line(name: str, r: dict) -> str:
    fields = " ".join(f"{f.replace('_acc', '')}={r[f]}" for f in (*FIELDS, "chamber_acc", "status_acc") if r.get(f) is not None)
    return f"{name:40s} gold={r['gold']:3d} pred={r['predicted']:3d} P={r['precision']:.3f} R={r['recall']:.3f} {fields}"


def evaluate(which: str, scorer: ModuleType) -> dict:
    rows = []
    for group, text, gold_file in documents(which):
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        pred = [c.to_dict() for c in extract_file(text)]
        r = score_document(scorer, gold, pred)
        r["document"] = text.stem
        r["chamber"] = sorted({g.get("chamber", "TK") for g in gold}) or ["none labelled"]
        rows.append(r)
    by_ministry: dict[str, list[dict]] = defaultdict(list)
    by_chamber: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        by_ministry[ministry(which, r["document"])].append(r)
        by_chamber["+".join(r["chamber"])].append(r)
    return {
        "documents": rows,
        "pooled": pool(rows) if rows else None,
        "per_ministry": {k: pool(v) for k, v in sorted(by_ministry.items())},
        "per_chamber": {k: pool(v) for k, v in sorted(by_chamber.items())},
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--set", action="append", choices=("seeds", "dev", "own", "holdout", *WIDE),
                    help="sets to score (default: seeds, dev, own)")
    ap.add_argument("--label", default="", help="suffix of the results file, e.g. first-sight")
    args = ap.parse_args()
    sets = args.set or ["seeds", "dev", "own"]
    scorer = load_scorer()
    results = {}
    for which in sets:
        res = evaluate(which, scorer)
        results[which] = res
        print(f"== {which}")
        if which not in BLIND:
            for r in res["documents"]:
                print("  " + line(r["document"], r))
        for k, r in res["per_ministry"].items():
            print("  " + line(f"[{k}]", r))
        for k, r in res["per_chamber"].items():
            print("  " + line(f"[chamber {k}]", r))
        if res["pooled"]:
            print("  " + line("POOLED", res["pooled"]))
        if which in BLIND:  # pooled figures only: no per-document line, named or not, for whoever writes the rules
            res["documents"] = len(res["documents"])
    RESULTS.mkdir(parents=True, exist_ok=True)
    name = "commitments" + (f"-{args.label}" if args.label else "") + ("" if sets == ["seeds", "dev", "own"] else "-" + "+".join(sets))
    (RESULTS / f"{name}.json").write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n")
    print(f"written: {RESULTS / name}.json")


if __name__ == "__main__":
    main()
