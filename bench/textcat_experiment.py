"""Does the trained sentence classifier raise recall over the rules alone?

    python bench/textcat_experiment.py            # (a) cross-validation on the development documents
    python bench/textcat_experiment.py --final    # (b) the one measurement on the held-back part

(a) Leave-one-document-out over every development document (seeds, realcorpus development part,
tests/data/commitments_dev): train on all the others (bench/train_commitment_textcat.py, the
committed config), score the left-out document with the rules alone and with the rules plus
``learned.augment`` at each threshold of THRESHOLDS, and pool.  The threshold is chosen here, on
development data only, by a rule fixed before any run: the highest pooled F1 of rules+augment,
ties to the higher threshold.

(b) Train on all development documents into the shipped model folder, then score the documents of
bench/realcorpus_holdout.txt once with the rules alone and with rules+augment at the chosen
threshold.  Only pooled counts, precision and recall are printed and stored: no document name,
no quote.  It refuses to run a second time, so the held-back part cannot be used for tuning.

Both write to bench/results/textcat-experiment.json.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import eval_commitments as ev  # noqa: E402
import spacy  # noqa: E402
import train_commitment_textcat as tr  # noqa: E402

from drafter.commitments import learned  # noqa: E402
from drafter.commitments.extract import extract  # noqa: E402
from drafter.commitments.model import Commitment  # noqa: E402
from ocr import read_document  # noqa: E402

RESULT = ROOT / "bench" / "results" / "textcat-experiment.json"
THRESHOLDS = (0.3, 0.4, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.9, 0.95)
#: The extractor as it was before any rule was written for the realcorpus (the commit that recorded
#: its first-sight figures): rules that have not seen the development documents of the realcorpus.
FIRST_SIGHT = "2782711"
FIRST_SIGHT_RUN = """
import json, sys
from drafter.commitments.extract import extract_file
paths = json.load(open(sys.argv[1]))
out = {p: [c.to_dict() for c in extract_file(p)] for p in paths}
json.dump(out, open(sys.argv[2], "w"))
"""


def f1(p: dict) -> float:
    pr, rc = p["precision"], p["recall"]
    return round(2 * pr * rc / (pr + rc), 3) if pr + rc else 0.0


def with_f1(p: dict) -> dict:
    return {**p, "f1": f1(p)}


def rules_version() -> dict:
    """Which rules were measured: the commit, and whether the extractor had uncommitted edits."""
    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    dirty = git("status", "--porcelain", "--", "drafter/commitments")
    return {"commit": git("rev-parse", "--short", "HEAD"), "extractor_uncommitted_edits": bool(dirty)}


def first_sight_rules(paths: list[Path]) -> dict[str, list[Commitment]]:
    """What the first-sight extractor (commit FIRST_SIGHT, unpacked with ``git archive`` into the
    build folder and run in its own process) finds in each document."""
    src = tr.BUILD / f"first-sight-{FIRST_SIGHT}"
    if not (src / "drafter").is_dir():
        src.mkdir(parents=True, exist_ok=True)
        archive = subprocess.run(["git", "archive", FIRST_SIGHT, "drafter", "ocr"], cwd=ROOT,
                                 capture_output=True, check=True).stdout
        subprocess.run(["tar", "-x", "-C", str(src)], input=archive, check=True)
    names = set(Commitment.__dataclass_fields__)
    with tempfile.TemporaryDirectory(dir=tr.BUILD) as tmp:
        todo, done = Path(tmp) / "paths.json", Path(tmp) / "found.json"
        todo.write_text(json.dumps([str(p) for p in paths]))
        subprocess.run([sys.executable, "-c", FIRST_SIGHT_RUN, str(todo), str(done)], cwd=src, check=True,
                       env={**os.environ, "PYTHONPATH": str(src)}, stdout=subprocess.DEVNULL)
        found = json.loads(done.read_text())
    return {p: [Commitment(**{k: v for k, v in d.items() if k in names}) for d in cs] for p, cs in found.items()}


def score_variants(scorer, doc_path: Path, gold_path: Path, model, baselines: dict[str, list[Commitment]]
                   ) -> dict[str, dict]:
    """The scorer's row for each baseline (name -> its commitments) alone and plus augment at every threshold."""
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    doc = read_document(doc_path)
    scored = learned.score_sentences(doc, model)
    rows = {}
    for base, rules in baselines.items():
        rows[base] = ev.score_document(scorer, gold, [c.to_dict() for c in rules])
        for th in THRESHOLDS:
            pred = learned.augment_scored(doc, rules, scored, threshold=th)
            rows[f"{base}+augment@{th}"] = ev.score_document(scorer, gold, [c.to_dict() for c in pred])
    return rows


def choose_threshold(pooled: dict[str, dict]) -> float:
    """Highest pooled F1 of first-sight rules + augment; ties to the higher (more careful) threshold.

    The current rules were written on the development documents and find all but one of their
    items, so on them the classifier can only add false positives.  The first-sight rules had
    not seen the realcorpus development part, like the rules facing the held-back part."""
    return max(THRESHOLDS, key=lambda th: (pooled[f"first_sight_rules+augment@{th}"]["f1"], th))


def cross_validate() -> dict:
    scorer = ev.load_scorer()
    docs = tr.dev_documents()
    examples = {text: tr.labelled_sentences(text, gold) for _, text, gold in docs}
    n_all = sum(len(v) for v in examples.values())
    print(f"leave-one-document-out over {len(docs)} development documents, {n_all} sentences "
          f"{tr.counts([e for v in examples.values() for e in v])}")
    early = first_sight_rules([text for _, text, _ in docs])
    rows: dict[str, list[dict]] = {}
    by_group: dict[str, dict[str, list[dict]]] = {}
    times = []
    tr.BUILD.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=tr.BUILD) as tmp:
        for k, (group, text, gold) in enumerate(docs, 1):
            train = [e for other, v in examples.items() if other != text for e in v]
            out = Path(tmp) / f"fold{k}"
            times.append(tr.train(train, out, quiet=True))
            model = spacy.load(out)
            doc_rules = {"rules": extract(read_document(text)), "first_sight_rules": early[str(text)]}
            for name, r in score_variants(scorer, text, gold, model, doc_rules).items():
                rows.setdefault(name, []).append(r)
                by_group.setdefault(group, {}).setdefault(name, []).append(r)
            r0, r1, r5 = rows["rules"][-1], rows["first_sight_rules"][-1], rows["first_sight_rules+augment@0.6"][-1]
            print(f"  fold {k:2d}/{len(docs)} {text.stem:32s} gold={r0['gold']:2d} rules R={r0['recall']:.2f} "
                  f"first-sight P/R={r1['precision']:.2f}/{r1['recall']:.2f} +augment@0.6 P/R={r5['precision']:.2f}/"
                  f"{r5['recall']:.2f}  ({times[-1]:.0f} s)")
    pooled = {name: with_f1(ev.pool(rs)) for name, rs in rows.items()}
    chosen = choose_threshold(pooled)
    print("pooled (cross-validated):")
    for name, p in pooled.items():
        print(f"  {name:14s} gold={p['gold']} pred={p['predicted']} matched={p['matched']} "
              f"P={p['precision']:.3f} R={p['recall']:.3f} F1={p['f1']:.3f}")
    print(f"chosen threshold: {chosen}")
    shown = ("rules", f"rules+augment@{chosen}", "first_sight_rules", f"first_sight_rules+augment@{chosen}")
    per_group = {g: {n: with_f1(ev.pool(v[n])) for n in shown} for g, v in by_group.items()}
    return {
        "design": "leave-one-document-out over the development documents (seeds, realcorpus dev part, own letters); "
                  "baselines: the current rules and the first-sight rules (commit " + FIRST_SIGHT + "); threshold = "
                  "highest pooled F1 of first-sight rules + augment, ties to the higher threshold",
        "documents": len(docs), "sentences": n_all,
        "labels": tr.counts([e for v in examples.values() for e in v]),
        "train_seconds_per_fold": round(sum(times) / len(times), 1),
        "pooled": pooled, "per_group_at_chosen": per_group, "chosen_threshold": chosen,
    }


def final(threshold: float) -> dict:
    """The one measurement on the held-back part, pooled only."""
    scorer = ev.load_scorer()
    docs = tr.dev_documents()
    examples = [e for _, text, gold in docs for e in tr.labelled_sentences(text, gold)]
    took = tr.train(examples, learned.MODEL_DIR, quiet=True)
    model = spacy.load(learned.MODEL_DIR)
    rules_rows, aug_rows = [], []
    for _, text, gold_path in ev.documents("holdout"):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        doc = read_document(text)
        rules = extract(doc)
        rules_rows.append(ev.score_document(scorer, gold, [c.to_dict() for c in rules]))
        aug = learned.augment(doc, rules, threshold=threshold, model=model)
        aug_rows.append(ev.score_document(scorer, gold, [c.to_dict() for c in aug]))
    keep = ("gold", "predicted", "matched", "precision", "recall", "f1")
    res = {name: {k: v for k, v in with_f1(ev.pool(rs)).items() if k in keep}
           for name, rs in (("rules", rules_rows), (f"rules+augment@{threshold}", aug_rows))}
    for name, p in res.items():
        print(f"held-back POOLED {name:14s} gold={p['gold']} pred={p['predicted']} matched={p['matched']} "
              f"P={p['precision']:.3f} R={p['recall']:.3f} F1={p['f1']:.3f}")
    size = sum(f.stat().st_size for f in learned.MODEL_DIR.rglob("*") if f.is_file())
    return {"threshold": threshold, "documents": len(rules_rows), "train_seconds": round(took, 1),
            "model_bytes": size, "pooled": res}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--final", action="store_true", help="the one measurement on the held-back part")
    args = ap.parse_args()
    result = json.loads(RESULT.read_text()) if RESULT.exists() else {}
    if args.final:
        if "holdout" in result:
            sys.exit(f"{RESULT}: the held-back part was measured already ({result['holdout']['run']}); "
                     "a second run would tune on it")
        if "cv" not in result:
            sys.exit(f"{RESULT}: run the cross-validation first; it chooses the threshold")
        start = time.perf_counter()
        result["holdout"] = final(result["cv"]["chosen_threshold"])
        result["holdout"]["run"] = dt.datetime.now().isoformat(timespec="seconds")
        result["holdout"]["rules_version"] = rules_version()
        result["holdout"]["seconds"] = round(time.perf_counter() - start, 1)
    else:
        result["cv"] = cross_validate()
        result["cv"]["run"] = dt.datetime.now().isoformat(timespec="seconds")
        result["cv"]["rules_version"] = rules_version()
    RESULT.parent.mkdir(parents=True, exist_ok=True)
    RESULT.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n")
    print(f"written: {RESULT}")


if __name__ == "__main__":
    main()
