"""Bad input: one clear line naming the file, exit code 2, no traceback, nothing written.

Each kind of bad input is made by the test itself: a missing file, a folder, an
empty file, a .pdf that is no PDF, an encrypted PDF (written with reportlab's
standard encryption), text that is not UTF-8, a damaged PDF.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from drafter.cli import cli
from ocr import read_document
from ocr.errors import ReadError
from ocr.readers import check_input

ROOT = Path(__file__).resolve().parent.parent


def encrypted_pdf(path: Path) -> Path:
    from reportlab.lib.pdfencrypt import StandardEncryption
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), encrypt=StandardEncryption("geheim", ownerPassword="eigenaar"))
    c.drawString(72, 720, "Vertrouwelijk: concept nota")
    c.save()
    return path


def make_bad(tmp_path: Path, case: str) -> Path:
    src = tmp_path / "in"
    src.mkdir(exist_ok=True)
    if case == "missing":
        return src / "bestaat_niet.pdf"
    if case == "folder":
        folder = src / "map"
        folder.mkdir()
        return folder
    if case == "empty":
        (src / "leeg.txt").write_bytes(b"")
        return src / "leeg.txt"
    if case == "not_a_pdf":
        (src / "nota.pdf").write_text("Dit is een tekstbestand met de verkeerde extensie.\n")
        return src / "nota.pdf"
    if case == "encrypted":
        return encrypted_pdf(src / "geheim.pdf")
    if case == "not_utf8":
        # neither UTF-8 nor Windows-1252 (0x81 and 0x9d are undefined there)
        (src / "garbled.txt").write_bytes(b"Financi\x81le startpositie, id\x9de\x9dn\n")
        return src / "garbled.txt"
    if case == "damaged_pdf":
        (src / "kapot.pdf").write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >>\n% truncated")
        return src / "kapot.pdf"
    raise AssertionError(case)


CASES = {
    "missing": "no such file",
    "folder": "is a folder",
    "empty": "file is empty",
    "not_a_pdf": "is not a PDF",
    "encrypted": "PDF is encrypted",
    "not_utf8": "not UTF-8, UTF-16 or Windows-1252 text",
    "damaged_pdf": "PDF is damaged",
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_library_raises_read_error_naming_the_file(tmp_path: Path, case: str) -> None:
    path = make_bad(tmp_path, case)
    with pytest.raises(ReadError) as err:
        read_document(path)
    assert str(path) in str(err.value)
    message = "is a directory" if case == "folder" else CASES[case]
    assert message in str(err.value)
    assert "\n" not in str(err.value)


@pytest.mark.parametrize("case", sorted(CASES))
def test_cli_prints_one_line_exit_3_and_writes_nothing(cli_runner, tmp_path: Path, case: str) -> None:
    path = make_bad(tmp_path, case)
    before = sorted(p for p in tmp_path.rglob("*"))
    result = cli_runner.invoke(cli, ["ocr", str(path), "--format", "json"])
    assert result.exit_code == 3, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: ") and str(path) in lines[0] and CASES[case] in lines[0]
    assert result.stdout == ""
    assert "Traceback" not in result.output
    assert sorted(p for p in tmp_path.rglob("*")) == before


@pytest.mark.parametrize("case", ["missing", "empty", "not_a_pdf", "encrypted", "not_utf8", "damaged_pdf"])
def test_cli_with_output_folder_writes_no_document(cli_runner, tmp_path: Path, case: str) -> None:
    path = make_bad(tmp_path, case)
    out = tmp_path / "out"
    result = cli_runner.invoke(cli, ["ocr", str(path), "-o", str(out), "--format", "json,md,docx"])
    assert result.exit_code == 3
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"Error: {path}: {CASES[case]}"), result.stderr
    assert "Traceback" not in result.output
    assert not out.exists()  # the run created the folder, read nothing, and took it away again


def test_a_bad_file_among_good_ones_is_named_in_the_summary(cli_runner, tmp_path: Path) -> None:
    bad = make_bad(tmp_path, "damaged_pdf")
    good = tmp_path / "goed.txt"
    good.write_text("Aanleiding\n\nDe Kamer ontvangt twee keer per jaar een brief.\n", encoding="utf-8")
    out = tmp_path / "out"
    result = cli_runner.invoke(cli, ["ocr", str(bad), str(good), "-o", str(out), "--format", "json"])
    assert result.exit_code == 5  # BATCH_PARTIAL
    assert any(line.startswith(f"  {bad}: {CASES['damaged_pdf']}") for line in result.stderr.splitlines())
    assert (out / "goed.json").is_file()


def test_a_real_process_gets_one_line_and_exit_3(tmp_path: Path) -> None:
    """Through ``python -m drafter`` in a subprocess: what a user's shell sees."""
    path = encrypted_pdf(tmp_path / "geheim.pdf")
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.run([sys.executable, "-m", "drafter", "ocr", str(path)], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 3
    assert proc.stdout == ""
    assert proc.stderr.splitlines() == [f"Error: {path}: PDF is encrypted (password protected); "
                                        "save an unprotected copy"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["geheim.pdf"]


def test_check_input_accepts_good_files(tmp_path: Path) -> None:
    from reportlab.pdfgen import canvas

    pdf = tmp_path / "goed.pdf"
    c = canvas.Canvas(str(pdf))
    c.drawString(72, 720, "Aanleiding")
    c.save()
    check_input(pdf)
    txt = tmp_path / "goed.txt"
    txt.write_text("Aanleiding\n", encoding="utf-8")
    check_input(txt)
    odt = tmp_path / "nota.odt"
    odt.write_text("x")
    with pytest.raises(ReadError, match="unsupported file type .odt"):
        check_input(odt)
