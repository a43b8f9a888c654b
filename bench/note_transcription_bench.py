#!/usr/bin/env python3
"""What reads the crops of handwritten remarks better than our one Tesseract pass? (issue 11 item 4)

Every annotated scan of the devset and of the house-style letters (tuning and
evaluation fonts, see ``tests/house_style.py``) is read by ``ocr.batch.run_batch``;
each truth note is matched to a remark as ``../shared/tools/score_ocr.py`` does
(boxes overlapping within 6 pt, the longest text), and its saved crop is read
again by:

* Tesseract on preprocessing variants of the crop (grey, darkest channel,
  binarised at 128 / 180, upscaled x2 / x3 (and binarised, dilated, eroded),
  x2 sheared upright by the crop's own slant), psm 7 / 6 / 13; then each
  passed through the same ``sentence_case`` + ``correct_remark`` as the pipeline;
* a confidence vote: the variant with the highest mean word confidence
  replaces the pipeline's text when it beats the pipeline's confidence by a
  margin (0, 10, 20, 30);
* lexicon snapping: each word not in the document's body words or the Dutch
  word list is moved to the nearest body word when the edit distance is at
  most a third of its length;
* RapidOCR (``rapidocr-onnxruntime``, ONNX weights inside the wheel) when it
  can be imported: detection + recognition, recognition only, and as a
  fallback for remarks Tesseract read with low confidence.

Note CER is the scorer's: Levenshtein / truth length, averaged over a
document's notes (devset per document) or over all notes of a set.  Run from
the repository root:

    .venv/bin/python bench/note_transcription_bench.py [--reuse DIR] [--json bench/results/note-transcription.json]
        [--extra-site PATH]   # a site-packages with rapidocr_onnxruntime, kept out of the project's venv
"""
from __future__ import annotations

import argparse
import concurrent.futures as cf
import json
import os
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
import pytesseract  # noqa: E402
from PIL import Image, ImageFilter, ImageOps  # noqa: E402
from rapidfuzz import process  # noqa: E402
from rapidfuzz.distance import Levenshtein  # noqa: E402

from ocr.batch import run_batch  # noqa: E402
from ocr.handwriting import _like, _split, correct_remark, sentence_case  # noqa: E402
from ocr.words import is_dutch_word  # noqa: E402

os.environ["OMP_THREAD_LIMIT"] = "1"
SHARED = Path(os.environ.get("DRAFTER_SHARED", ROOT.parent / "shared"))
DEVSET = SHARED / "devset" / "scans"
HOUSE = ROOT / "build" / "house_style"
EDGE = "\"'‘’“”«»()[].,;:!?"


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def cer(ref: str, hyp: str) -> float:
    return Levenshtein.distance(norm(ref), norm(hyp)) / max(1, len(norm(ref)))


def overlap(a, b, pad: float = 6.0) -> bool:
    return not (a[2] + pad < b[0] or b[2] + pad < a[0] or a[3] + pad < b[1] or b[3] + pad < a[1])


def inputs() -> list[tuple[str, Path, Path]]:
    """(set, scan, truth) of every annotated scan: devset, house-style tuning and evaluation fonts."""
    found = [("dev", p, p.with_name(p.stem + ".truth.json"))
             for p in sorted(DEVSET.glob("*.pdf")) if not p.name.endswith(".clean.pdf")]
    for kind in ("tuning", "evaluation"):
        found += [(kind, p, p.with_name(p.stem + ".truth.json")) for p in sorted(HOUSE.glob(f"*.{kind}.pdf"))]
    return found


def collect(outdir: Path, jobs: int, reuse: bool) -> list[dict]:
    """One row per matched truth note: its set, document, truth, our text and confidence, crop, body words."""
    scans = inputs()
    if not reuse:
        run_batch([p for _, p, _ in scans], outdir, ["json"], jobs=jobs, force=True, progress=False)
    rows = []
    for kind, pdf, truth_path in scans:
        result_path = outdir / f"{pdf.stem}.json"
        if not result_path.is_file():
            print(f"no result for {pdf.name}", file=sys.stderr)
            continue
        truth, result = json.loads(truth_path.read_text()), json.loads(result_path.read_text())
        body = " ".join(b["text"] for b in result["blocks"])
        for note in (a for a in truth["annotations"] if a["kind"] == "note"):
            hits = [g for g in result["annotations"] if g["page"] == note["page"] and overlap(note["bbox"], g["bbox"])]
            if hits:
                got = max(hits, key=lambda g: len(g.get("text", "")))
                rows.append({"set": kind, "doc": pdf.stem, "truth": note["text"], "text": got.get("text", ""),
                             "conf": got.get("confidence") or 0.0, "body": body,
                             "image": str(outdir / got["image"]) if got.get("image") else None})
    return rows


# -- Tesseract on preprocessing variants -------------------------------------------------------

def upright(gray: Image.Image) -> Image.Image:
    """The crop sheared so its strokes stand upright: the shear with the most peaked column profile."""
    ink = Image.fromarray(((np.asarray(gray) < 160) * 255).astype(np.uint8))

    def sheared(im: Image.Image, t: float, fill: int) -> Image.Image:
        return im.transform(im.size, Image.Transform.AFFINE, (1, t, -t * im.height / 2, 0, 1, 0),
                            resample=Image.Resampling.BILINEAR, fillcolor=fill)

    best = max(np.arange(-0.6, 0.61, 0.1), key=lambda t: float((np.asarray(sheared(ink, t, 0)).sum(axis=0)
                                                                 .astype(float) ** 2).sum()))
    return sheared(gray, float(best), 255)


def variants(path: str) -> dict[str, Image.Image]:
    rgb = Image.open(path).convert("RGB")
    gray = rgb.convert("L")
    darkest = Image.fromarray(np.asarray(rgb).min(axis=2).astype(np.uint8))
    x2 = gray.resize((gray.width * 2, gray.height * 2), Image.Resampling.LANCZOS)
    x3 = gray.resize((gray.width * 3, gray.height * 3), Image.Resampling.LANCZOS)
    out = {"gray": gray, "min": darkest, "x2": x2, "x3": x3,
           "bin128": gray.point(lambda v: 255 if v > 128 else 0),
           "bin180": gray.point(lambda v: 255 if v > 180 else 0),
           "x2bin160": x2.point(lambda v: 255 if v > 160 else 0),
           "x2dil": x2.filter(ImageFilter.MinFilter(3)), "x2ero": x2.filter(ImageFilter.MaxFilter(3)),
           "x2slant": upright(x2)}
    return {name: ImageOps.expand(im, border=20, fill=255) for name, im in out.items()}


PSMS = {"gray": (7, 6), "min": (7, 6), "x2": (7, 6, 13), "x3": (7, 6), "bin128": (7,), "bin180": (7, 6),
        "x2bin160": (7, 6), "x2dil": (7,), "x2ero": (7,), "x2slant": (7, 6)}


def tesseract(image: Image.Image, psm: int) -> tuple[str, float]:
    data = pytesseract.image_to_data(image, lang="nld", config=f"--psm {psm}", output_type=pytesseract.Output.DICT)
    words = [(t.strip(), float(c)) for t, c in zip(data["text"], data["conf"], strict=True) if (t or "").strip()]
    return " ".join(w for w, _ in words), (sum(c for _, c in words) / len(words) if words else 0.0)


def read_variants(path: str | None) -> dict[str, tuple[str, float]]:
    if not path:
        return {}
    return {f"{name}/psm{psm}": tesseract(im, psm) for name, im in variants(path).items() for psm in PSMS[name]}


# -- lexicon -------------------------------------------------------------------------------------

def snap(text: str, body: str, ratio: float = 0.34) -> str:
    """Words neither in the body nor in the Dutch list -> the nearest body word, when close enough."""
    vocab: dict[str, str] = {}
    for word in body.split():
        core = word.strip(EDGE)
        if len(core) >= 2 and core.isalpha():
            vocab.setdefault(core.lower(), core)
    out = []
    for token in text.split():
        head, core, tail = _split(token)
        if not core.isalpha() or len(core) < 3:
            out.append(token)
        elif core.lower() in vocab:
            listed = vocab[core.lower()]
            out.append(head + (listed if listed.isupper() and len(listed) > 1 else core) + tail)
        elif is_dutch_word(core):
            out.append(token)
        else:
            found = process.extractOne(core.lower(), list(vocab), scorer=Levenshtein.distance,
                                       score_cutoff=max(1, int(len(core) * ratio)))
            out.append(head + _like(found[0], core) + tail if found else token)
    return " ".join(out)


# -- RapidOCR ------------------------------------------------------------------------------------

def read_rapid(rows: list[dict]) -> str | None:
    """RapidOCR's readings into each row; None when it is not installed (then it is left out)."""
    try:
        from rapidocr_onnxruntime import RapidOCR
    except ImportError:
        return None
    engine = RapidOCR()
    started = time.process_time()
    for row in rows:
        row["rapid"], row["rapid_rec"] = ("", 0.0), ("", 0.0)
        if not row["image"]:
            continue
        found, _ = engine(row["image"])
        if found:  # boxes in reading order: by line (centre within half a box height), then left to right
            found.sort(key=lambda f: (round((f[0][0][1] + f[0][2][1]) / 2 / max(1.0, (f[0][2][1] - f[0][0][1]))),
                                      f[0][0][0]))
            row["rapid"] = (" ".join(f[1] for f in found), sum(f[2] for f in found) / len(found))
        alone, _ = engine(row["image"], use_det=False, use_cls=False)
        if alone:
            row["rapid_rec"] = (alone[0][0], float(alone[0][1]))
    return f"{(time.process_time() - started) / max(1, len(rows)):.2f} s CPU per crop"


# -- scoring -------------------------------------------------------------------------------------

def figures(rows: list[dict], reading) -> dict:
    """Note CER per devset document, and pooled per set (mean over notes)."""
    by_set: dict[str, list[float]] = {}
    by_doc: dict[str, list[float]] = {}
    for row in rows:
        value = cer(row["truth"], reading(row))
        by_set.setdefault(row["set"], []).append(value)
        if row["set"] == "dev":
            by_doc.setdefault(row["doc"], []).append(value)
    out = {name: round(sum(v) / len(v), 3) for name, v in by_doc.items()}
    out.update({f"{name}_pooled": round(sum(v) / len(v), 3) for name, v in by_set.items()})
    return out


def pipeline_text(text: str) -> str:
    return correct_remark(sentence_case(text))


def vote(row: dict, keys: list[str], margin: float) -> str:
    best_conf, best = row["conf"] * 100 + margin, row["text"]
    for key in keys:
        text, conf = row["variants"].get(key, ("", 0.0))
        if conf > best_conf:
            best_conf, best = conf, pipeline_text(text)
    return best


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--reuse", type=Path, help="a folder with a previous run's JSON and crops (no new OCR)")
    ap.add_argument("--out", type=Path, default=ROOT / "build" / "note_transcription")
    ap.add_argument("--json", type=Path, help="write the figures here")
    ap.add_argument("--extra-site", type=Path, help="site-packages appended to sys.path (e.g. for RapidOCR)")
    args = ap.parse_args()
    if args.extra_site:
        sys.path.append(str(args.extra_site))
    outdir = args.reuse or args.out
    outdir.mkdir(parents=True, exist_ok=True)
    rows = collect(outdir, args.jobs, reuse=bool(args.reuse))
    started = time.perf_counter()
    with cf.ProcessPoolExecutor(args.jobs) as pool:
        for row, found in zip(rows, pool.map(read_variants, [r["image"] for r in rows]), strict=True):
            row["variants"] = found
    tesseract_seconds = time.perf_counter() - started
    rapid_cost = read_rapid(rows)

    names = sorted({k for r in rows for k in r["variants"]})
    results: dict[str, dict] = {"pipeline (sheet psm 4 + word-list repair)": figures(rows, lambda r: r["text"])}
    for name in names:
        results[f"tesseract {name}"] = figures(rows, lambda r, n=name: pipeline_text(r["variants"].get(n, ("", 0))[0]))
    for margin in (0, 10, 20, 30):
        results[f"vote all variants + pipeline, margin {margin}"] = figures(rows, lambda r, m=margin: vote(r, names, m))
        for name in names:
            results[f"vote {name} + pipeline, margin {margin}"] = figures(
                rows, lambda r, n=name, m=margin: vote(r, [n], m))
    results["lexicon: body words + Dutch list"] = figures(rows, lambda r: snap(r["text"], r["body"]))
    if rapid_cost:
        results["rapidocr det+rec"] = figures(rows, lambda r: pipeline_text(r["rapid"][0]))
        results["rapidocr rec only"] = figures(rows, lambda r: pipeline_text(r["rapid_rec"][0]))
        for rc in (0.9, 0.95):
            for tc in (0.3, 0.5):
                results[f"rapidocr when its conf >= {rc} and pipeline conf < {tc}"] = figures(
                    rows, lambda r, a=rc, b=tc: pipeline_text(r["rapid"][0]) if r["rapid"][1] >= a and r["conf"] < b
                    else r["text"])
    counts = {kind: sum(r["set"] == kind for r in rows) for kind in ("dev", "tuning", "evaluation")}
    report = {"notes": counts, "tesseract_variant_seconds_per_crop": round(tesseract_seconds / max(1, len(rows)), 2),
              "rapidocr": rapid_cost or "not installed", "results": results}
    width = max(len(k) for k in results)
    for key, value in results.items():
        print(f"{key:{width}s}  " + "  ".join(f"{k}={v}" for k, v in value.items()))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(report, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
