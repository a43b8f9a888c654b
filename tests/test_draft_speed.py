"""``drafter draft`` loads only what drafting needs (issue 9: letter + nota under 1 s from the CLI)."""
from __future__ import annotations

import subprocess
import sys

from conftest import ROOT

SPEC = ROOT / "corpus" / "specs" / "uitvoeringsbrief-2023-12.yaml"


def test_draft_does_not_load_the_ocr_pipeline(tmp_path) -> None:
    """The OCR pipeline (scipy, Tesseract) costs 0.4 s to import; a draft never needs it."""
    probe = (
        "import sys\n"
        "from drafter.cli import cli\n"
        f"sys.argv = ['drafter', 'draft', {str(SPEC)!r}, '-o', {str(tmp_path / 'b.docx')!r},"
        f" '--nota', {str(tmp_path / 'n.docx')!r}]\n"
        "try:\n    cli()\nexcept SystemExit as exc:\n    assert not exc.code, exc.code\n"
        "print(sorted(m for m in ('scipy', 'ocr.pipeline', 'ocr.batch', 'pytesseract', 'spacy', 'numpy')"
        " if m in sys.modules))\n")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().splitlines()[-1] == "[]", out.stdout
    assert (tmp_path / "b.docx").is_file() and (tmp_path / "n.docx").is_file()
