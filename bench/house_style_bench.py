#!/usr/bin/env python3
"""The OCR on Kamerbrieven of seven ministries in the Rijkshuisstijl, and on the devset.

The letters are typeset by ``tests/house_style.py`` (our own texts) into
``build/house_style/``: per ministry a born-digital PDF, a clean scan and two
annotated scans, one with a handwriting font we tuned on and one with a font
kept for evaluation only.  Every scan is read by ``ocr.batch.run_batch`` (what
``drafter ocr --format json`` runs) and scored:

* by ``../shared/tools/score_ocr.py`` (run, never copied): body CER against the
  text layer, note recall / precision, anchor accuracy, note CER;
* here: footnotes kept (each truth footnote found in a block, and as a
  ``footnote`` block), letterhead fields in ``metadata`` under the keys
  retouradres, geadresseerde, datum, betreft, kenmerk, uw_kenmerk, bijlagen,
  letterhead lines that leak into the body, and conservation of print (CER of
  an annotated scan's body against its clean twin's body).

Born-digital PDFs get body CER, footnotes, metadata and leaks.  Figures are
printed per ministry and pooled, tuning and evaluation separately.  Run from
the repository root:

    .venv/bin/python bench/house_style_bench.py [--jobs 2] [--json bench/results/X.json] [--only ienw,vws]

``--blind PATH`` scores a blind set instead (see ``load_blind``): letters kept
outside the repository, never read while tuning, written to
``build/house_style_blind/``; only figures come out, no letter text.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import time
from importlib.util import module_from_spec, spec_from_file_location
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from rapidfuzz import fuzz  # noqa: E402
from rapidfuzz.distance import Levenshtein  # noqa: E402

from ocr.batch import run_batch  # noqa: E402

import house_style  # noqa: E402

SHARED = Path(os.environ.get("DRAFTER_SHARED", ROOT.parent / "shared"))
SCORER = SHARED / "tools" / "score_ocr.py"
DEVSET = SHARED / "devset" / "scans"
BUILD = ROOT / "build" / "house_style"
BLIND_BUILD = ROOT / "build" / "house_style_blind"
NOT_BODY = {"metadata", "header", "footer", "page_number"}
KEYS = ("retouradres", "geadresseerde", "datum", "betreft", "kenmerk", "uw_kenmerk", "bijlagen")


def norm(text: str) -> str:
    text = text.replace("\u00ad", "").replace("ﬁ", "fi").replace("ﬂ", "fl")
    text = re.sub(r"-\s*\n\s*", "", text)
    return re.sub(r"\s+", " ", text).strip()


def cer(ref: str, hyp: str) -> float:
    ref, hyp = norm(ref), norm(hyp)
    return Levenshtein.distance(ref, hyp) / max(1, len(ref))


def scorer(truth: Path, result: Path) -> dict:
    out = subprocess.run([sys.executable, str(SCORER), str(truth), str(result)], capture_output=True, text=True,
                         check=True).stdout
    return json.loads(out)


def body_text(result: dict) -> str:
    return " ".join(b["text"] for b in result["blocks"] if b["kind"] not in NOT_BODY)


def footnotes(truth: dict, result: dict) -> dict:
    """Share of the truth's footnotes found in any block, and in a footnote block (number dropped)."""
    wanted = [re.sub(r"^\d+\s+", "", f) for f in truth["footnotes"]]
    if not wanted:
        return {"footnotes": 0, "footnotes_kept": None, "footnotes_as_footnote": None}
    blocks = [b for b in result["blocks"]]

    def found(note: str, kinds: set[str] | None) -> bool:
        return any(fuzz.partial_ratio(norm(note), norm(b["text"])) >= 85 for b in blocks
                   if len(norm(b["text"])) >= 0.5 * len(norm(note)) and (kinds is None or b["kind"] in kinds))

    kept = sum(found(n, None) for n in wanted)
    as_footnote = sum(found(n, {"footnote"}) for n in wanted)
    return {"footnotes": len(wanted), "footnotes_kept": round(kept / len(wanted), 3),
            "footnotes_as_footnote": round(as_footnote / len(wanted), 3)}


def letterhead(truth: dict, result: dict) -> dict:
    """Letterhead fields found under their key in metadata; letterhead lines leaking into the body."""
    meta = {k.lower(): str(v) for k, v in result.get("metadata", {}).items()}
    hits = []
    for key in KEYS:
        want = truth["metadata"].get(key)
        if want is None:
            continue
        got = meta.get(key, "")
        hits.append(bool(got) and fuzz.ratio(norm(want).lower(), norm(got).lower()) >= 85)
    body = norm(body_text(result))
    truth_body = norm(" ".join(p["text"] for p in truth["paragraphs"]))
    leaks = [line for line in truth["letterhead"]  # a line the letter's own body also says is no leak
             if len(norm(line)) >= 8 and fuzz.partial_ratio(norm(line), body) >= 92
             and fuzz.partial_ratio(norm(line), truth_body) < 92]
    return {"metadata_fields": round(sum(hits) / max(1, len(hits)), 3), "letterhead_leaks": len(leaks),
            "leaked": leaks[:6]}


def load_blind(path: Path) -> ModuleType:
    """A blind evaluation set: a module file kept outside the repository, so the OCR is never tuned on it.

    Why: the seven ministries of ``house_style_texts`` are read while tuning, so their figures
    flatter the OCR; a set whose letters, layouts, remarks and handwriting fonts nobody tuning has
    seen measures what carries over.  The module defines ``MINISTRIES`` (key -> ``Ministry``),
    ``LETTERS`` (key -> ``Letter``), ``FONTS`` (tuple of handwriting font paths) and ``REMARKS``
    (tuple of note texts); its letters all count as 'evaluation'.
    """
    if not Path(path).is_file():
        raise SystemExit(f"{path}: no such blind set (a Python module file)")
    spec = spec_from_file_location("blind_letters", path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot load a blind set from {path}")
    module = module_from_spec(spec)
    spec.loader.exec_module(module)
    missing = [name for name in ("MINISTRIES", "LETTERS", "FONTS", "REMARKS") if not hasattr(module, name)]
    if missing:
        raise SystemExit(f"{path} lacks {', '.join(missing)}")
    return module


def read_all(pdfs: list[Path], outdir: Path, jobs: int) -> dict[Path, Path | None]:
    report = run_batch(pdfs, outdir, ["json"], jobs=jobs, force=True, progress=False)
    done = {Path(d.source): Path(d.outputs["json"]) for d in report.documents}
    for failure in report.failures:
        print(f"FAILED {failure.path}: {failure.problem}", file=sys.stderr)
    return {p: done.get(p) for p in pdfs}


def mean(values: list[float | None]) -> float | None:
    values = [v for v in values if v is not None]
    return round(sum(values) / len(values), 4) if values else None


def pooled(rows: list[dict]) -> dict:
    keys = ("body_cer", "conservation_cer", "note_recall", "note_precision", "anchor_accuracy", "note_cer",
            "footnotes_kept", "footnotes_as_footnote", "metadata_fields", "letterhead_leaks")
    return {"n": len(rows), **{k: mean([r.get(k) for r in rows]) for k in keys}}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--json", type=Path, help="write the figures here")
    ap.add_argument("--only", help="comma-separated ministries (default: all)")
    ap.add_argument("--reuse", action="store_true", help="keep letters already in build/house_style")
    ap.add_argument("--no-devset", action="store_true")
    ap.add_argument("--blind", type=Path, help="score only the letters of this blind-set module (no devset, no text out)")
    args = ap.parse_args()
    blind = load_blind(args.blind) if args.blind else None
    build = BLIND_BUILD if blind else BUILD
    every = list(blind.LETTERS) if blind else list(house_style.ALL_MINISTRIES)
    names = args.only.split(",") if args.only else every
    started = time.perf_counter()
    letters = {}
    for name in names:
        if args.reuse and (build / f"{name}.evaluation.truth.json").is_file():
            letters[name] = {v: build / f"{name}{'' if v == 'pdf' else '.' + v}.pdf"
                             for v in ("pdf", "clean", "tuning", "evaluation")}
        elif blind:
            letters[name] = house_style.make_letter(name, build, letters=blind.LETTERS, fonts=tuple(blind.FONTS),
                                                    remarks=tuple(blind.REMARKS))
        else:
            letters[name] = house_style.make_letter(name, build)
    pdfs = [letters[n][v] for n in names for v in ("pdf", "clean", "tuning", "evaluation")]
    results = read_all(pdfs, build / "out", args.jobs)
    rows = []
    for name in names:
        clean_json = results[letters[name]["clean"]]
        clean_body = body_text(json.loads(clean_json.read_text())) if clean_json else ""
        for variant in ("pdf", "clean", "tuning", "evaluation"):
            pdf = letters[name][variant]
            truth_path = pdf.with_suffix("").with_suffix(".truth.json") if variant != "pdf" else \
                pdf.with_suffix(".truth.json")
            truth_path = build / (f"{name}.truth.json" if variant == "pdf" else f"{name}.{variant}.truth.json")
            truth = json.loads(truth_path.read_text(encoding="utf-8"))
            result_path = results[pdf]
            row = {"ministry": name, "variant": variant, "set": truth["set"], "font": truth.get("font")}
            if result_path is None:
                row["failed"] = True
                rows.append(row)
                continue
            result = json.loads(result_path.read_text(encoding="utf-8"))
            score = scorer(truth_path, result_path)
            row["body_cer"] = score["body_cer"]
            if variant in ("tuning", "evaluation"):
                row.update({k: score[k] for k in ("note_recall", "note_precision", "anchor_accuracy", "note_cer")})
                row["conservation_cer"] = round(cer(clean_body, body_text(result)), 4)
            if variant == "clean":
                row["false_remarks"] = len(result.get("annotations", []))
            row.update(footnotes(truth, result))
            row.update(letterhead(truth, result))
            if blind:  # a blind set's text stays out of the results: counts only
                del row["leaked"]
            rows.append(row)
    summary = {}
    for variant in ("pdf", "clean", "tuning", "evaluation"):
        for group in ("tuning", "evaluation", "all"):
            chosen = [r for r in rows if r["variant"] == variant and (group == "all" or r["set"] == group)
                      and not r.get("failed")]
            summary[f"{variant}/{group}-ministries"] = pooled(chosen)
    devset = [] if args.no_devset or blind else devset_scores(args.jobs)
    report = {"generated": time.strftime("%Y-%m-%d %H:%M"), "command": " ".join(sys.argv),
              "tuning_ministries": [] if blind else list(house_style.TUNING_MINISTRIES),
              "evaluation_ministries": every if blind else list(house_style.EVALUATION_MINISTRIES),
              "tuning_fonts": [] if blind else [f.name for f in house_style.TUNING_FONTS],
              "evaluation_fonts": [Path(f).name for f in blind.FONTS] if blind else
              [f.name for f in house_style.EVALUATION_FONTS],
              "rows": rows, "pooled": summary, "devset": devset,
              "seconds": round(time.perf_counter() - started, 1)}
    print_table(rows, summary, devset)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
        print(f"written {args.json}")
    return 0


def devset_scores(jobs: int) -> list[dict]:
    pdfs = sorted(p for p in DEVSET.glob("*.pdf") if not p.name.endswith(".clean.pdf"))
    results = read_all(pdfs, BUILD / "devset-out", jobs)
    rows = []
    for pdf in pdfs:
        truth = pdf.with_suffix(".truth.json")
        if results[pdf] is None:
            rows.append({"source": pdf.name, "failed": True})
            continue
        rows.append({"source": pdf.name, **scorer(truth, results[pdf])})
    return rows


def fmt(value) -> str:
    if value is None:
        return "   -  "
    return f"{value:6.3f}" if isinstance(value, float) else f"{value:6}"


COLUMNS = ("body_cer", "conservation_cer", "note_recall", "note_precision", "anchor_accuracy", "note_cer",
           "footnotes_kept", "footnotes_as_footnote", "metadata_fields", "letterhead_leaks")
HEAD = ("bodyCER", "consCER", "recall", "precis", "anchor", "noteCER", "fnKept", "fnBlock", "meta", "leaks")


def print_table(rows: list[dict], summary: dict, devset: list[dict]) -> None:
    print(f"{'ministry':8} {'variant':10} {'font':24} " + " ".join(f"{h:>6}" for h in HEAD))
    for r in rows:
        print(f"{r['ministry']:8} {r['variant']:10} {str(r.get('font') or ''):24} "
              + " ".join(fmt(r.get(k)) for k in COLUMNS))
    print("\npooled")
    for name, figures in summary.items():
        print(f"{name:30} n={figures['n']:2} " + " ".join(fmt(figures.get(k)) for k in COLUMNS))
    if devset:
        print("\ndevset")
        for r in devset:
            print(f"{r['source']:28} " + " ".join(f"{k}={r.get(k)}" for k in
                                              ("body_cer", "note_recall", "note_precision", "anchor_accuracy", "note_cer")))


if __name__ == "__main__":
    sys.exit(main())
