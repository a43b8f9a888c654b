"""`drafter ocr --apply-corrections`: the corrections an officer made in `drafter serve` (an
append-only log in the register) applied to the OCR output from the command line, into another
folder; the OCR output itself is left as it was.  Real Tesseract on the sample scan."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import docx
import pytest

from drafter.commitments.tracker import Tracker
from drafter.web import corrections

ROOT = Path(__file__).resolve().parents[1]
SCAN = ROOT / "corpus" / "samples" / "nota_voorbeeld_scan.pdf"
STEM = "nota_voorbeeld_scan"


@pytest.fixture(scope="module")
def ocr_output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from ocr.batch import run_batch

    out = tmp_path_factory.mktemp("ocr")
    report = run_batch([SCAN], out, ("json", "md", "docx"), jobs=1, progress=False)
    assert report.ok, report.summary()
    return out


def _drafter(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "drafter", *args], cwd=ROOT, capture_output=True, text=True)


def test_a_corrected_transcription_reaches_json_markdown_and_word(ocr_output: Path, tmp_path: Path) -> None:
    original = (ocr_output / f"{STEM}.json").read_text(encoding="utf-8")
    note = next(a for a in json.loads(original)["annotations"] if a["kind"] == "note")
    db = tmp_path / "register.sqlite"
    tracker = Tracker(str(db))
    corrections.ensure_tables(tracker.engine)
    corrections.record(tracker.engine, "beleidsmedewerker", STEM, note["id"], "text", note["text"],
                       "Graag eerst met de VNG afstemmen")
    tracker.engine.dispose()

    out = tmp_path / "gecorrigeerd"
    run = _drafter("ocr", str(ocr_output), "--apply-corrections", "--db", str(db), "-o", str(out))
    assert run.returncode == 0, run.stderr
    assert "1 corrections applied" in run.stderr

    fixed = json.loads((out / f"{STEM}.json").read_text(encoding="utf-8"))
    assert next(a for a in fixed["annotations"] if a["id"] == note["id"])["text"] == "Graag eerst met de VNG afstemmen"
    assert "Graag eerst met de VNG afstemmen" in (out / f"{STEM}.md").read_text(encoding="utf-8")
    word = docx.Document(str(out / f"{STEM}.docx"))
    assert any(c.text.strip().endswith(": Graag eerst met de VNG afstemmen") for c in word.comments)
    assert (ocr_output / f"{STEM}.json").read_text(encoding="utf-8") == original  # the OCR output is untouched


def test_slips_are_one_line(ocr_output: Path, tmp_path: Path) -> None:
    no_out = _drafter("ocr", str(ocr_output), "--apply-corrections", "--db", str(tmp_path / "r.sqlite"))
    assert no_out.returncode == 2 and "needs -o" in no_out.stderr and "Traceback" not in no_out.stderr
    not_ocr = _drafter("ocr", str(tmp_path), "--apply-corrections", "--db", str(tmp_path / "r.sqlite"),
                       "-o", str(tmp_path / "x"))
    assert not_ocr.returncode == 3 and "not an OCR output folder" in not_ocr.stderr
    assert "Traceback" not in not_ocr.stderr
