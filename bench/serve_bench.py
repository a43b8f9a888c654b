"""Server time of drafter serve's two heaviest pages, against baselines in the same process.

Targets (issue 13): the page view of a 20-page nota < 300 ms; the register list
with 5,000 commitments < 300 ms.  Baselines: the same data serialised as plain
JSON (``Document.to_json``; ``register_on`` + ``json.dumps``), i.e. what any
page must at least read.  The requests go through Starlette's test client in
this process (no network), so the time is the server's.

The 20-page nota: the OCR output of the sample scan (read once with Tesseract)
repeated over 20 pages of a PDF made with pdfunite, so the page images are real.
The register: 5,000 commitments over 100 documents stored through Tracker.store.
The list page keeps the library's ``register_on`` result until the register changes
(drafter/web/views_register.py); the first list after a change reads it again, and
that is measured too.
Run:  python bench/serve_bench.py
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from timing import median_time  # noqa: E402

from drafter.commitments.model import Commitment  # noqa: E402
from drafter.commitments.registerview import register_on  # noqa: E402
from drafter.commitments.tracker import Tracker  # noqa: E402
from drafter.web.app import create_app  # noqa: E402
from ocr.batch import run_batch  # noqa: E402
from ocr.model import Document  # noqa: E402

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

SCAN = ROOT / "corpus" / "samples" / "nota_voorbeeld_scan.pdf"
PAGES = 20
RECORDS = 5000
RUNS = 9
MEMBERS = ["Jansen", "El Idrissi", "De Vries", "Bakker", "Van Dijk", "Smit", "Mulder", "De Boer"]


def twenty_page_nota(folder: Path) -> str:
    """OCR output of a 20-page nota: the sample scan's page read once, repeated with fresh ids."""
    one = folder / "one"
    report = run_batch([SCAN], one, ("json",), jobs=1, progress=False)
    assert report.ok, report.summary()
    doc = Document.from_json((one / f"{SCAN.stem}.json").read_text(encoding="utf-8"))
    pdf = folder / "nota20.pdf"
    subprocess.run(["pdfunite", *[str(SCAN)] * PAGES, str(pdf)], check=True)
    big = Document(source=str(pdf), metadata=doc.metadata)
    for n in range(1, PAGES + 1):
        big.pages.append(type(doc.pages[0])(n, doc.pages[0].width, doc.pages[0].height, doc.pages[0].method))
        ids = {}
        for b in doc.blocks:
            ids[b.id] = f"b{len(big.blocks) + 1}"
            big.blocks.append(type(b)(ids[b.id], n, b.kind, b.text, b.bbox, b.section, b.confidence))
        for a in doc.annotations:
            big.annotations.append(type(a)(f"a{len(big.annotations) + 1}", n, a.kind, a.text, a.bbox,
                                           ids.get(a.anchor or ""), a.confidence, None))
    out = folder / "out"
    out.mkdir()
    (out / "nota20.json").write_text(big.to_json(), encoding="utf-8")
    return "nota20"


def big_register(path: Path) -> None:
    """5,000 commitments over 100 documents, stored through the tracker in one transaction."""
    prepared = []
    per_doc = RECORDS // 100
    for d in range(100):
        day = dt.date(2020, 1, 1) + dt.timedelta(days=20 * d)
        items = []
        for i in range(per_doc):
            n = d * per_doc + i
            due = day + dt.timedelta(days=30 + (n % 700))
            items.append(Commitment(
                kind="motie" if n % 4 == 0 else "toezegging", members=[MEMBERS[n % len(MEMBERS)]],
                made_on=day.isoformat(), made_in=f"commissiedebat {d}", subject=f"onderwerp {n} over regio {n % 37} "
                f"en het taalniveau van groep {n % 13} uniek{n}", due=f"voor {due.isoformat()}",
                due_date=due.isoformat(), quote=f"Ik zeg toe dat wij onderwerp {n} uitwerken (regio {n % 37}).",
                document_date=day.isoformat(), new_here=True, page=1, block=f"b{i + 1}"))
        prepared.append((Path(f"brief-{d:03}.txt"), hashlib.sha256(f"doc{d}".encode()).hexdigest(), items, day))
    Tracker(str(path), on_wait=lambda _l: None).store(prepared)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:7.1f} ms"


def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix="serve-bench-"))
    try:
        started = time.perf_counter()
        stem = twenty_page_nota(folder)
        db = folder / "register.sqlite"
        big_register(db)
        print(f"set-up (OCR of one page, 20-page nota, {RECORDS} commitments): {time.perf_counter() - started:.1f} s")
        app = create_app(str(db), folder / "out", appdir=folder / "app", who="bench")
        client = TestClient(app, base_url="http://127.0.0.1:8000")
        lib = app.state.notas

        def get(url: str) -> None:
            reply = client.get(url)
            assert reply.status_code == 200, (url, reply.status_code)

        first = time.perf_counter()
        get(f"/notas/{stem}?pagina=7")
        cold = time.perf_counter() - first
        first = time.perf_counter()
        get(f"/notas/{stem}/pagina/7.png")
        first_image = time.perf_counter() - first
        nota = median_time(lambda: get(f"/notas/{stem}?pagina=7"), RUNS)
        image = median_time(lambda: get(f"/notas/{stem}/pagina/7.png"), RUNS)
        json_nota = median_time(lambda: lib.corrected(stem, app.state.tracker.engine)[0].to_json(), RUNS)
        print(f"\n20-page nota ({PAGES} pages, {len(lib.load(stem).blocks)} blocks, "
              f"{len(lib.load(stem).annotations)} remarks)")
        print(f"  page view (HTML), first visit (document read from disk):   {ms(cold)}")
        print(f"  page image (PNG), first request (rendered with poppler):     {ms(first_image)}")
        print(f"  page view (HTML), median of {RUNS}:                          {ms(nota)}   target < 300 ms")
        print(f"  page image (PNG, cached), median:                            {ms(image)}")
        print(f"  baseline: the corrected document as JSON, median:            {ms(json_nota)}")

        today = dt.date.today()
        url = app.state.settings.db_url
        changes = iter(range(10_000))

        def after_a_change() -> float:
            """A status change through the tracker, then the list: the page reads the register again."""
            app.state.tracker.set_status(1 + next(changes) % RECORDS, "lapsed", "bench", "meten")
            start = time.perf_counter()
            get("/toezeggingen")
            return time.perf_counter() - start

        changed = sorted(after_a_change() for _ in range(5))[2]
        listing = median_time(lambda: get("/toezeggingen"), RUNS)
        filtered = median_time(lambda: get("/toezeggingen?status=overdue&soort=toezegging&q=regio"), RUNS)
        last_page = median_time(lambda: get("/toezeggingen?pagina=50"), RUNS)
        json_register = median_time(lambda: json.dumps([c.to_dict() for c in register_on(url, today)],
                                                       ensure_ascii=False), RUNS)
        reading = median_time(lambda: register_on(url, today), RUNS)
        print(f"\nregister list ({RECORDS} commitments, 100 shown per page)")
        print(f"  list, first page, median of {RUNS}:            {ms(listing)}   target < 300 ms")
        print(f"  list right after a status change, median of 5: {ms(changed)}   (register read again)")
        print(f"  list, filtered (status, kind, search), median: {ms(filtered)}")
        print(f"  list, page 50, median:                         {ms(last_page)}")
        print(f"  baseline: register_on + json.dumps, median:    {ms(json_register)}")
        print(f"    of which register_on (the library's read):   {ms(reading)}")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
