"""Train the sentence classifier of drafter/commitments/learned.py on the development documents.

    python bench/train_commitment_textcat.py                 # train on all development documents
    python bench/train_commitment_textcat.py --max-steps 300 # shorter

Development documents: the five seeds (../shared/seeds with ../shared/gold/commitments), the
development part of ../shared/realcorpus (never the documents in bench/realcorpus_holdout.txt)
and our own letters in tests/data/commitments_dev.  Every sentence (split as the extractor splits
it) is one example: TOEZEGGING or MOTIE when it holds a gold quote by the shared scorer's
measure (fuzzy, whitespace-normalised), NONE otherwise.

The .spacy files are written at training time to build/commitment-textcat/ (gitignored), so real
government text never enters the repo; only this script, the config
(drafter/commitments/training/config.cfg) and the trained weights
(drafter/commitments/data/textcat/) are committed.  Training runs
``python -m spacy train`` with a fixed seed and a fixed number of steps and keeps model-last.
"""
from __future__ import annotations

import argparse
import json
import shutil
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
from spacy.tokens import DocBin  # noqa: E402

from drafter.commitments import learned  # noqa: E402
from ocr import read_document  # noqa: E402

CONFIG = ROOT / "drafter" / "commitments" / "training" / "config.cfg"
BUILD = ROOT / "build" / "commitment-textcat"
DEV_SETS = ("seeds", "dev", "own")
SEED = 0


def dev_documents() -> list[tuple[str, Path, Path]]:
    """(group, text, gold) of every development document; the held-back part is never listed."""
    held = ev.holdout_names()
    docs = [d for which in DEV_SETS for d in ev.documents(which)]
    assert not any(t.stem in held for _, t, _ in docs), "a held-back document among the development documents"
    return docs


def label_of(sentence: str, gold: list[dict]) -> str:
    """The kind of the first gold item whose quote the sentence holds (or is held by), else NONE."""
    for g in gold:
        if learned.same_quote(sentence, g.get("quote", "")):
            return g.get("kind", "toezegging").upper()
    return "NONE"


def labelled_sentences(text: Path, gold_file: Path) -> list[tuple[str, str]]:
    gold = json.loads(gold_file.read_text(encoding="utf-8"))
    return [(s.text, label_of(s.text, gold)) for s in learned.sentences(read_document(text))]


def write_docbin(examples: list[tuple[str, str]], path: Path) -> None:
    nlp = spacy.blank("nl")
    db = DocBin()
    for text, label in examples:
        doc = nlp.make_doc(text)
        doc.cats = {lab: float(lab == label) for lab in learned.LABELS}
        db.add(doc)
    path.parent.mkdir(parents=True, exist_ok=True)
    db.to_disk(path)


def counts(examples: list[tuple[str, str]]) -> dict[str, int]:
    return {lab: sum(1 for _, x in examples if x == lab) for lab in learned.LABELS}


def train(examples: list[tuple[str, str]], out: Path, max_steps: int | None = None, work: Path = BUILD,
          quiet: bool = False) -> float:
    """Run ``spacy train`` on ``examples`` and put model-last at ``out``; returns seconds taken.

    The same examples serve as spaCy's dev corpus: it is only logged, since model-last is kept."""
    work.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=work) as tmp:
        data = Path(tmp) / "train.spacy"
        write_docbin(examples, data)
        cmd = [sys.executable, "-m", "spacy", "train", str(CONFIG), "--output", str(Path(tmp) / "model"),
               "--paths.train", str(data), "--paths.dev", str(data), "--system.seed", str(SEED)]
        if max_steps:
            cmd += ["--training.max_steps", str(max_steps)]
        start = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL if quiet else None,
                       stderr=subprocess.DEVNULL if quiet else None)
        took = time.perf_counter() - start
        if out.exists():
            shutil.rmtree(out)
        shutil.copytree(Path(tmp) / "model" / "model-last", out)
    prune_strings(out)
    return took


def prune_strings(model_dir: Path) -> None:
    """Drop the training documents' word list from the saved vocabulary.

    The bag-of-words model reads hashed token features and needs no strings beyond
    those of a blank ``nl`` pipeline and the labels; shipping the list of every word
    of the training texts would only carry (government) text into the package."""
    keep = sorted(set(spacy.blank("nl").vocab.strings) | set(learned.LABELS))
    (model_dir / "vocab" / "strings.json").write_text(json.dumps(keep, ensure_ascii=False, indent=0), encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=learned.MODEL_DIR)
    ap.add_argument("--max-steps", type=int, default=None, help="override training.max_steps of the config")
    args = ap.parse_args()
    docs = dev_documents()
    examples = [ex for _, text, gold in docs for ex in labelled_sentences(text, gold)]
    print(f"documents: {len(docs)}  sentences: {len(examples)}  per label: {counts(examples)}")
    took = train(examples, args.out, args.max_steps)
    size = sum(f.stat().st_size for f in args.out.rglob("*") if f.is_file())
    print(f"trained in {took:.1f} s; model at {args.out} ({size / 1e6:.2f} MB)")


if __name__ == "__main__":
    main()
