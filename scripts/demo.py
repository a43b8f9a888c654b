"""The demo: a policy officer's Monday morning, end to end, on the data drafter ships.

1. A scanned nota comes back from the minister with handwriting: read it (and the
   sample texts) into JSON, Markdown and Word with each remark as a comment.
2. Find the toezeggingen and moties in the sample nota, build a register from the
   documents, and report what the next uitvoeringsbrief must answer.
3. Check a letter's tables against its own text, and rebuild the ELIP table from
   the figures store.
4. Draft the next uitvoeringsbrief and its nota as .docx.

Everything is written under ``demo-out/``; a rerun starts afresh.
"""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "demo-out"
SAMPLES = Path("corpus/samples")


def step(title: str) -> None:
    print(f"\n=== {title}", flush=True)


def drafter(*args: str) -> None:
    """Run the CLI as an officer would, echoing the command; stop the demo on failure."""
    print("$ drafter " + " ".join(args), flush=True)
    result = subprocess.run([sys.executable, "-m", "drafter", *args], cwd=ROOT)
    if result.returncode != 0:
        sys.exit(f"demo: 'drafter {' '.join(args)}' failed with exit code {result.returncode}")


def main() -> None:
    shutil.rmtree(OUT, ignore_errors=True)
    OUT.mkdir()
    out = OUT.relative_to(ROOT)
    db = str(out / "register.sqlite")

    step("drafter version")
    drafter("--version")

    step("1. Read a scanned nota with the minister's handwriting, and the sample texts")
    drafter("ocr", str(SAMPLES / "nota_voorbeeld_scan.pdf"), str(SAMPLES / "nota_voorbeeld.txt"),
            str(SAMPLES / "brief_voorbeeld.txt"), "-o", str(out / "ocr"), "--format", "json,md,docx")
    md = OUT / "ocr" / "nota_voorbeeld_scan.md"
    print(f"--- {md.relative_to(ROOT)}:\n{md.read_text(encoding='utf-8')}")

    step("2. Toezeggingen and moties: extract, register, report")
    drafter("commitments", "extract", str(SAMPLES / "nota_voorbeeld.txt"), "--format", "table")
    samples = [str(SAMPLES / "nota_voorbeeld.txt"), str(SAMPLES / "brief_voorbeeld.txt")]
    drafter("commitments", "import", *samples, "--db", db)
    drafter("commitments", "import", *samples, "--db", db)  # a re-import changes nothing
    drafter("commitments", "show", "1", "--db", db)  # the nota and the letter, one record
    drafter("commitments", "export", "--db", db, "--format", "tk-csv", "-o", str(out / "toezeggingen-tk.csv"))
    seeds = Path("../shared/seeds")  # relative to ROOT, where the commands run
    if (ROOT / seeds).is_dir():  # the published letters and nota's, where the shared material is at hand
        seeds_db = str(out / "seeds.sqlite")
        drafter("commitments", "import", *(str(seeds / p.name) for p in sorted((ROOT / seeds).glob("*.txt"))), "--db", seeds_db)
        drafter("commitments", "report", "--db", seeds_db, "--as-of", "2023-12-15", "--status", "due,overdue")
    drafter("commitments", "report", "--shipped", "--as-of", "2023-12-15", "--format", "html",
            "-o", str(out / "toezeggingen.html"))

    step("3. Figures: rebuild the ELIP table from the store; check published letters against themselves")
    drafter("figures", "list")
    drafter("figures", "show", "elip-minstens-9500-geleend-per-cohort-asielmigranten",
            "--peildatum", "2021-05-01", "--peildatum", "2021-11-01")

    if (ROOT / seeds).is_dir():
        drafter("figures", "check", str(seeds / "003_46b2f2c4559ad58e.txt"), str(seeds / "002_d303424e999e6978.txt"))

    step("4. Draft the next uitvoeringsbrief and its nota")
    spec = "corpus/specs/uitvoeringsbrief-2023-12.yaml"
    drafter("draft", spec, "--check")
    drafter("draft", spec, "-o", str(out / "brief.docx"), "--nota", str(out / "nota.docx"))
    drafter("figures", "check", str(out / "brief.docx"))

    step("Done")
    for path in sorted(OUT.rglob("*")):
        if path.is_file() and "crops" not in path.parent.name and ".drafter-cache" not in path.parts:
            print(f"  {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
