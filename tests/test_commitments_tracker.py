"""The register: real SQLite files, and PostgreSQL when DRAFTER_TEST_PG_URL is
set (scripts/with-postgres).  One record per commitment across documents,
idempotent re-imports, all-or-nothing imports, review by merge/split."""
from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa

from drafter.commitments.register import SEED_ORDER
from drafter.commitments.registerview import due_for_letter, load_register
from drafter.commitments.tracker import Tracker, TrackerError, head_revision

from conftest import ROOT, SHARED

SEED_DIR = SHARED / "seeds"
PATHS = [SEED_DIR / f"{stem}.txt" for stem, _, _ in SEED_ORDER]
DATES = {str(p): dt.date.fromisoformat(d) for p, (_, d, _) in zip(PATHS, SEED_ORDER)}


def _pg_url() -> str | None:
    url = os.environ.get("DRAFTER_TEST_PG_URL")
    if not url and os.environ.get("DRAFTER_REQUIRE_PG") == "1":
        pytest.fail("DRAFTER_REQUIRE_PG=1 but DRAFTER_TEST_PG_URL is not set")
    return url


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path: Path) -> str:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'register.sqlite'}"
        return
    base = _pg_url()
    if not base:
        pytest.skip("PostgreSQL not available (set DRAFTER_TEST_PG_URL, e.g. via scripts/with-postgres)")
    schema_db = f"t_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{schema_db}"'))
    url = base.rsplit("/", 1)[0] + "/" + schema_db
    yield url
    sa.create_engine(url).dispose()
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{schema_db}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def seeded(db_url: str) -> Tracker:
    t = Tracker(db_url)
    t.import_documents(PATHS, DATES)
    return t


def test_seeds_in_date_order_give_one_register(seeded: Tracker) -> None:
    records = seeded.records(as_of=dt.date(2023, 12, 1))
    by_subject = {r.id: seeded.get(r.id) for r in records}
    # the September 2023 promise on Vroege start is met by the November 2023 nota: one record
    vroege = [r for r in records if r.due == "in de volgende uitvoeringsbrief" and "Vroege" in r.subject]
    assert len(vroege) == 1
    hist = by_subject[vroege[0].id]["mentions"]
    assert [Path(m["source"]).stem[:3] for m in hist] == ["002", "001"]
    assert vroege[0].status == "fulfilled" and vroege[0].fulfilled_by.endswith("001_32e155314c28182e.txt")
    assert "subject overlap" in hist[1]["merge_reason"]
    # the Becker motie cited in 2022 and in 2023 is one record, with the Kamerstuk of the later letter
    becker = [r for r in records if r.kind == "motie" and r.members == ["Becker"]]
    assert len(becker) == 1 and becker[0].kamerstuk == "35 925 XV, nr. 17"
    assert len(by_subject[becker[0].id]["mentions"]) == 2


def test_reimport_changes_nothing(seeded: Tracker) -> None:
    before = seeded.counts()
    stats = seeded.import_documents(PATHS, DATES)
    assert stats["skipped"] == 5 and stats["mentions"] == 0
    assert seeded.counts() == before


def test_what_the_next_letter_must_answer(seeded: Tracker, db_url: str) -> None:
    due = due_for_letter(db_url, dt.date(2023, 12, 15))
    dues = {c.due for c in due}
    assert {"bij de volgende uitvoeringsbrief", "in de volgende uitvoeringsbrief inburgering",
            "na het zomerreces", "in december van dit jaar"} <= dues
    assert all(c.status in ("due", "overdue", "open") for c in due)
    assert not any(c.due == "in de volgende uitvoeringsbrief" and "Vroege" in c.subject for c in due)


def test_a_failure_half_way_leaves_the_register_as_it_was(db_url: str) -> None:
    t = Tracker(db_url)
    t.import_documents(PATHS[:1], DATES)
    before = t.counts()
    seen = []

    def explode(c):
        seen.append(c)
        if len(seen) == 5:
            raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        t.import_documents(PATHS[1:], DATES, on_mention=explode)
    assert len(seen) == 5  # it did write some mentions before failing
    assert t.counts() == before


def test_an_unreadable_file_in_a_batch_writes_nothing(db_url: str, tmp_path: Path) -> None:
    from ocr.errors import ReadError

    t = Tracker(db_url)
    bad = tmp_path / "kapot.txt"
    bad.write_bytes(b"\x00\x01\x02 not text \x00\xff")  # binary (a BOM alone would now read as UTF-16)
    with pytest.raises(ReadError):
        t.import_documents([PATHS[0], bad])
    assert t.counts()["documents"] == 0


KILL_SCRIPT = """
import os, signal, sys, datetime as dt
from drafter.commitments.tracker import Tracker
t = Tracker(sys.argv[1])
n = [0]
def die(c):
    n[0] += 1
    if n[0] == 7:
        os.kill(os.getpid(), signal.SIGKILL)
t.import_documents(sys.argv[2:], on_mention=die)
"""


def test_a_killed_import_leaves_the_register_as_it_was(db_url: str) -> None:
    t = Tracker(db_url)
    t.import_documents(PATHS[:1], DATES)
    before = t.counts()
    t.engine.dispose()
    proc = subprocess.run([sys.executable, "-c", KILL_SCRIPT, db_url, *map(str, PATHS[1:])],
                          cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    assert Tracker(db_url).counts() == before


def test_merge_and_split_are_recorded(seeded: Tracker) -> None:
    records = seeded.records()
    vroege = next(r for r in records if r.due == "in de volgende uitvoeringsbrief")
    mentions = seeded.get(vroege.id)["mentions"]
    new_id = seeded.split(vroege.id, [mentions[1]["id"]], who="ambtenaar", why="andere toezegging")
    assert seeded.get(vroege.id)["record"]["status"] == "open"
    assert seeded.get(new_id)["record"]["status"] == "fulfilled"
    seeded.merge(vroege.id, new_id, who="ambtenaar", why="toch dezelfde")
    rec = seeded.get(vroege.id)
    assert len(rec["mentions"]) == 2 and rec["record"]["status"] == "fulfilled"
    assert [c["who"] for c in rec["changes"]] == ["ambtenaar", "ambtenaar"]
    with pytest.raises(TrackerError):
        seeded.get(new_id)


def test_manual_status_change_keeps_who_when_why(seeded: Tracker) -> None:
    rec = next(r for r in seeded.records() if r.due == "2024")
    seeded.set_status(rec.id, "lapsed", who="J. de Vries", why="vervallen na kabinetswissel")
    got = seeded.get(rec.id)
    assert got["record"]["status"] == "lapsed"
    assert got["changes"][-1]["who"] == "J. de Vries" and got["changes"][-1]["why"]
    with pytest.raises(TrackerError):
        seeded.set_status(rec.id, "overdue", who="x", why="y")


def test_shipped_register_answers_without_a_database() -> None:
    shipped = load_register()
    assert shipped and all(c.quote == "" for c in shipped)  # facts only
    due = due_for_letter(None, dt.date(2025, 12, 15))
    assert due and all(c.status in ("due", "overdue", "open") for c in due)
    assert any(c.due == "na het zomerreces" for c in due)


def test_due_for_letter_reads_the_register_as_it_stood_then(seeded: Tracker, db_url: str) -> None:
    # In September 2023 the promises of the letter of that month were not yet made ...
    early = due_for_letter(db_url, dt.date(2023, 9, 1))
    assert not any(c.due == "in de volgende uitvoeringsbrief inburgering" for c in early)
    # ... and in December 2022 the WGO promise of 2021, fulfilled by the nota of November 2022, is not due
    assert not any(c.members == ["Belhaj"] for c in due_for_letter(db_url, dt.date(2022, 12, 15)))
    shipped = due_for_letter(None, dt.date(2023, 12, 15))
    assert {c.due for c in shipped} >= {"bij de volgende uitvoeringsbrief", "na het zomerreces"}
    assert not any(c.kind == "motie" and c.members == ["Ceder"] for c in shipped)


def test_the_schema_of_the_migrations_matches_the_code(db_url: str) -> None:
    """Alembic ran on open, and its schema is the one the code queries:
    tracker.py's tables and the letters of drafter/letters.py (revision 0002)."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from drafter.commitments.tracker import metadata
    from drafter.letters import letters_table

    code = sa.MetaData()
    for table in metadata.tables.values():
        table.to_metadata(code)
    letters_table(code)
    t = Tracker(db_url)
    with t.engine.connect() as conn:
        assert conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar_one() == head_revision()
        assert compare_metadata(MigrationContext.configure(conn), code) == []
    Tracker(db_url)  # opening again migrates nothing and fails nothing


def test_a_bare_reference_joins_the_only_promise_of_that_debate(db_url: str) -> None:
    samples = ROOT / "corpus" / "samples"
    t = Tracker(db_url)
    stats = t.import_documents([samples / "nota_voorbeeld.txt", samples / "brief_voorbeeld.txt"])
    assert stats["merged"] == 2
    jansen = next(r for r in t.records() if r.members == ["Jansen"])
    reasons = [m["merge_reason"] for m in t.get(jansen.id)["mentions"]]
    assert reasons[0] is None and "the only toezegging of 2025-10-08" in reasons[1]


def test_the_order_on_the_command_line_does_not_matter(seeded: Tracker, tmp_path: Path) -> None:
    other = Tracker(f"sqlite:///{tmp_path / 'reversed.sqlite'}")
    other.import_documents(list(reversed(PATHS)), DATES)

    def shape(t: Tracker) -> list[tuple]:
        return sorted((r.kind, tuple(r.members), r.status, len(t.get(r.id)["mentions"])) for r in t.records())

    assert shape(other) == shape(seeded)
