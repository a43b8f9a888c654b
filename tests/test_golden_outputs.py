"""The outputs a refactoring must not change: the seeds' commitments, the drafted letter and nota
(their Word XML, without timestamps) and the OCR JSON of a devset scan, compared with the hashes in
``tests/data/golden.json``.

A change that is meant to change an output (a better rule, a better transcription) updates the file
in the same commit, after looking at what changed:

    python tests/test_golden_outputs.py --update

A refactoring ("no change in behaviour") must leave this test green.  Issue 12, item 7.
"""
from __future__ import annotations

import hashlib
import json
import sys
import tempfile
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from conftest import SEEDS, SHARED  # noqa: E402

GOLDEN = ROOT / "tests" / "data" / "golden.json"
SPEC = ROOT / "corpus" / "specs" / "uitvoeringsbrief-2023-12.yaml"
DEVSET_SCAN = SHARED / "devset" / "scans" / "nota_2022_dev.pdf"
#: The parts of a .docx that hold what it says (not docProps, which carry the time it was made).
WORD_PARTS = ("word/document.xml", "word/footnotes.xml", "word/comments.xml", "word/styles.xml")


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def commitments_hashes() -> dict[str, str]:
    from drafter.commitments.extract import extract_file

    return {seed.stem: _sha(json.dumps([c.to_dict() | {"source": seed.name} for c in extract_file(seed)],
                                       sort_keys=True, ensure_ascii=False).encode())
            for seed in SEEDS}


def word_hash(path: Path) -> str:
    with zipfile.ZipFile(path) as docx:
        names = set(docx.namelist())
        return _sha(b"".join(docx.read(p) for p in WORD_PARTS if p in names))


def draft_hashes() -> dict[str, str]:
    from drafter.api import draft_letter

    with tempfile.TemporaryDirectory() as tmp:
        letter, nota = Path(tmp) / "brief.docx", Path(tmp) / "nota.docx"
        draft_letter(SPEC, letter, nota)
        return {"brief": word_hash(letter), "nota": word_hash(nota)}


def ocr_hash() -> str:
    from ocr.batch import run_batch

    with tempfile.TemporaryDirectory() as tmp:
        report = run_batch([DEVSET_SCAN], Path(tmp), ("json",), jobs=1, progress=False)
        assert report.ok, report.summary()
        data = json.loads((Path(tmp) / f"{DEVSET_SCAN.stem}.json").read_text(encoding="utf-8"))
    data["source"] = DEVSET_SCAN.name  # the path differs between machines, the content does not
    return _sha(json.dumps(data, sort_keys=True, ensure_ascii=False).encode())


def golden() -> dict:
    return json.loads(GOLDEN.read_text(encoding="utf-8"))


HOW_TO_UPDATE = "if the change was meant, look at what changed and run: python tests/test_golden_outputs.py --update"


def test_the_seeds_commitments_are_unchanged() -> None:
    assert commitments_hashes() == golden()["commitments"], HOW_TO_UPDATE


def test_the_drafted_letter_and_nota_are_unchanged() -> None:
    assert draft_hashes() == golden()["draft"], HOW_TO_UPDATE


@pytest.mark.slow
def test_the_ocr_of_a_devset_scan_is_unchanged() -> None:
    assert ocr_hash() == golden()["ocr"][DEVSET_SCAN.stem], HOW_TO_UPDATE


if __name__ == "__main__" and "--update" in sys.argv:
    GOLDEN.write_text(json.dumps({"commitments": commitments_hashes(), "draft": draft_hashes(),
                                  "ocr": {DEVSET_SCAN.stem: ocr_hash()}}, indent=1, sort_keys=True) + "\n",
                      encoding="utf-8")
    print(f"written: {GOLDEN}")
