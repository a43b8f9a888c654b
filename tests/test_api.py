"""The public Python API (drafter/api.py, issue 12 item 4) on real inputs."""
from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest

import drafter

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "corpus" / "samples"
SPEC = ROOT / "corpus" / "specs" / "uitvoeringsbrief-2023-12.yaml"


def test_import_drafter_is_cheap() -> None:
    """Neither spaCy, SQLAlchemy nor the OCR pipeline load until a function is called."""
    code = ("import sys, drafter\n"
            "heavy = [m for m in ('spacy', 'sqlalchemy', 'PIL', 'scipy', 'drafter.api', 'ocr.pipeline') "
            "if m in sys.modules]\n"
            "print(heavy, sorted(drafter.__all__) == sorted(set(drafter.__all__)))\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.stdout.strip() == "[] True", proc.stderr


def test_every_name_in_all_is_there() -> None:
    for name in drafter.__all__:
        assert getattr(drafter, name) is not None
    with pytest.raises(AttributeError):
        drafter.no_such_function  # noqa: B018


def test_read_and_extract_a_path_or_a_document_alike() -> None:
    doc = drafter.read_document(SAMPLES / "nota_voorbeeld.txt")
    assert doc.metadata["Datum"] == "12 maart 2026"
    from_doc = [c.to_dict() for c in drafter.extract_commitments(doc)]
    from_path = [c.to_dict() for c in drafter.extract_commitments(SAMPLES / "nota_voorbeeld.txt")]
    assert from_doc == from_path and from_doc


def test_an_unreadable_document_is_a_read_error(tmp_path: Path) -> None:
    bad = tmp_path / "leeg.txt"
    bad.write_bytes(b"")
    with pytest.raises(drafter.ReadError, match="leeg.txt: file is empty") as err:
        drafter.read_document(bad)
    assert err.value.exit_code == drafter.ExitCode.INPUT_FILE


def test_register_import_and_report(tmp_path: Path) -> None:
    register = drafter.open_register(tmp_path / "register.sqlite")
    docs = [SAMPLES / "brief_voorbeeld.txt", SAMPLES / "nota_voorbeeld.txt"]
    stats = drafter.import_documents(docs, register)
    assert stats["documents"] == 2 and stats["new"] >= 1
    assert drafter.import_documents(docs, tmp_path / "register.sqlite")["skipped"] == 2  # a path works too
    day = dt.date(2026, 12, 1)
    records = drafter.commitments_report(register, as_of=day)
    assert len(records) == stats["new"]
    open_ones = drafter.commitments_report(register, as_of=day, statuses=("open", "due", "overdue"))
    assert {c.status for c in open_ones} <= {"open", "due", "overdue"}
    text = drafter.commitments_report(tmp_path / "register.sqlite", as_of=day, fmt="md")
    assert text.startswith("# Toezeggingen en moties — stand 1 december 2026")
    shipped = drafter.commitments_report(as_of=day, shipped=True)
    assert len(shipped) > len(records)


def test_figures_draft_and_check(tmp_path: Path) -> None:
    store = drafter.load_figures()
    assert store.info  # the store shipped in corpus/figures
    letter = tmp_path / "brief.docx"
    draft = drafter.draft_letter(SPEC, letter, nota=tmp_path / "nota.docx")
    assert letter.is_file() and (tmp_path / "nota.docx").is_file() and draft.used
    assert drafter.check_letter(letter) == []


def test_drafting_from_a_register_that_is_not_there_is_refused(tmp_path: Path) -> None:
    with pytest.raises(drafter.DrafterError, match="no register here"):
        drafter.draft_letter(SPEC, tmp_path / "brief.docx", db=tmp_path / "typo.sqlite")
    assert list(tmp_path.iterdir()) == []
