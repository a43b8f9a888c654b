"""The demo: what drafter does, end to end, on bundled data (grows with each capability)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "demo-out"


def run(*args: str) -> None:
    print("$ drafter " + " ".join(args), flush=True)
    subprocess.run([sys.executable, "-m", "drafter", *args], cwd=ROOT, check=True)


def main() -> None:
    OUT.mkdir(exist_ok=True)
    run("--version")
    run("ocr", "corpus/samples/nota_voorbeeld.txt", "--format", "json")


if __name__ == "__main__":
    main()
