"""The README's Python API example runs as written (like sqlite-utils' documentation tests)."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def api_example() -> str:
    section = (ROOT / "README.md").read_text(encoding="utf-8").split("## Python API", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```python\n(.*?)```", section, re.S)
    assert len(blocks) == 1, "the Python API section has one example"
    return blocks[0]


def test_the_readme_api_example_runs(tmp_path: Path) -> None:
    """Run in an empty folder that sees the repository's corpus/: everything it writes stays there."""
    (tmp_path / "corpus").symlink_to(ROOT / "corpus")
    (tmp_path / "example.py").write_text(api_example(), encoding="utf-8")
    proc = subprocess.run([sys.executable, "example.py"], cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0] == "12 maart 2026 31 blocks"
    assert lines[2] == "2 documents, 4 records"
    assert lines[-1].endswith("inconsistencies in the draft")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["corpus", "example-brief.docx", "example-register.sqlite",
                                                          "example.py"]
