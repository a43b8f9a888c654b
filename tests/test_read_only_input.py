"""A reader never writes next to its input (issue 12 item 1): a scan in a read-only folder is read and
nothing appears there.  Runs as root in CI, where chmod does not stop writes, so the folder listing is
compared, and the CLI also runs in a private mount namespace where the folder really is read-only."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import ocr

ROOT = Path(__file__).resolve().parent.parent
SCAN = ROOT / "corpus" / "samples" / "nota_voorbeeld_scan.pdf"
DRAFTER = Path(sys.executable).with_name("drafter")

pytestmark = pytest.mark.tesseract


def _listing(folder: Path) -> list[tuple[str, int, int]]:
    return sorted((str(p.relative_to(folder)), p.stat().st_size, p.stat().st_mtime_ns) for p in folder.rglob("*"))


@pytest.fixture
def read_only_scan(tmp_path: Path):
    folder = tmp_path / "inbox"
    folder.mkdir()
    shutil.copy(SCAN, folder / SCAN.name)
    folder.chmod(0o555)
    yield folder / SCAN.name
    folder.chmod(0o755)


def test_reading_a_scan_writes_nothing_beside_it(read_only_scan: Path) -> None:
    before = _listing(read_only_scan.parent)
    doc = ocr.read_document(read_only_scan)
    assert doc.annotations, "the sample scan has handwritten remarks, so crops were made somewhere"
    assert all(a.image is None for a in doc.annotations)  # the crops' temporary folder is gone
    assert _listing(read_only_scan.parent) == before


def test_a_work_folder_keeps_the_crops(read_only_scan: Path, tmp_path: Path) -> None:
    work = tmp_path / "work"
    work.mkdir()
    doc = ocr.read_document(read_only_scan, workdir=work)
    assert doc.annotations and all(a.image and (work / a.image).is_file() for a in doc.annotations)


def _can_mount_read_only() -> bool:
    if os.geteuid() != 0 or not shutil.which("unshare"):
        return False
    probe = subprocess.run(["unshare", "-m", "--propagation", "private", "sh", "-c",
                            "mount --bind /tmp /tmp && mount -o remount,bind,ro /tmp"], capture_output=True)
    return probe.returncode == 0


@pytest.mark.skipif(not _can_mount_read_only(), reason="needs root and mount namespaces (unshare -m)")
def test_extract_from_a_really_read_only_folder(read_only_scan: Path) -> None:
    """``drafter commitments extract`` on a folder mounted read-only: it works and writes nothing."""
    folder = read_only_scan.parent
    before = _listing(folder)
    script = (f"mount --bind {folder} {folder} && mount -o remount,bind,ro {folder} && "
              f"exec {DRAFTER} commitments extract {read_only_scan}")
    proc = subprocess.run(["unshare", "-m", "--propagation", "private", "sh", "-c", script],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.lstrip().startswith("[")
    assert _listing(folder) == before
