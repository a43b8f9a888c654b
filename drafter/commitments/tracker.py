"""The register of toezeggingen and moties: one record per commitment, with
every mention (the letter that made it, the nota that cites it, the letter
that fulfils it) as its history.

SQLAlchemy Core, so the same code runs on a SQLite file (the default, one
file an officer can keep next to the letters) and on PostgreSQL (a shared
register).  The schema is migrated with Alembic when a database is opened.
Every import is one transaction: a crash half-way leaves the register as it
was, and a document already imported (same content hash) changes nothing.
Writers take the register's lock (SQLite: BEGIN IMMEDIATE, PostgreSQL: an
advisory lock), so two imports at once end as two in a row; a migration is
one transaction under the same lock.
"""
from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import functools
import gc
import hashlib
import json
import os
import re
import sqlite3
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from rapidfuzz import fuzz as rf_fuzz
from rapidfuzz import process as rf_process
from sqlalchemy.engine import Connection, Engine

from drafter.commitments.lifecycle import effective_status, timeline_of
from drafter.commitments.model import Commitment, Mention, Status, StatusChange
from drafter.errors import DrafterError

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DB = "drafter-commitments.sqlite"
MIGRATIONS = Path(__file__).with_name("migrations")

metadata = sa.MetaData()
documents = sa.Table(
    "documents", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("hash", sa.String(64), nullable=False, unique=True),
    sa.Column("source", sa.Text, nullable=False),
    sa.Column("doc_date", sa.String(10)),
    sa.Column("imported_at", sa.String(32), nullable=False),
)
commitments = sa.Table(
    "commitments", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("members", sa.Text, nullable=False, server_default="[]"),
    sa.Column("party", sa.String(32)),
    sa.Column("made_on", sa.String(10)),
    sa.Column("made_in", sa.Text),
    sa.Column("kamerstuk", sa.String(64)),
    sa.Column("subject", sa.Text, nullable=False, server_default=""),
    sa.Column("due", sa.Text),
    sa.Column("due_date", sa.String(10)),
    sa.Column("status", sa.String(16), nullable=False, server_default="open"),
    sa.Column("status_manual", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("fulfilled_by", sa.Integer, sa.ForeignKey("documents.id")),
    sa.Column("tk_nummer", sa.String(32)),
    sa.Column("ministerie", sa.Text),
    sa.Column("created_at", sa.String(32), nullable=False),
)
mentions = sa.Table(
    "mentions", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("commitment_id", sa.Integer, sa.ForeignKey("commitments.id"), nullable=False),
    sa.Column("document_id", sa.Integer, sa.ForeignKey("documents.id"), nullable=False),
    sa.Column("quote", sa.Text, nullable=False),
    sa.Column("page", sa.Integer),
    sa.Column("block", sa.String(32)),
    sa.Column("fulfils", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("new_here", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("merge_reason", sa.Text),
    sa.Column("data", sa.Text, nullable=False),
    sa.Index("ix_mentions_commitment", "commitment_id"),
)
status_changes = sa.Table(
    "status_changes", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("commitment_id", sa.Integer, sa.ForeignKey("commitments.id"), nullable=False),
    sa.Column("old", sa.String(16)),
    sa.Column("new", sa.String(16), nullable=False),
    sa.Column("who", sa.Text, nullable=False),
    sa.Column("at", sa.String(32), nullable=False),
    sa.Column("why", sa.Text, nullable=False),
)


class TrackerError(DrafterError):
    """A register problem the user can fix (unknown id, bad database URL)."""


#: How long an import waits for another one to finish with the register
#: (seconds; $DRAFTER_LOCK_WAIT_S changes it).
LOCK_WAIT_S = 30.0
#: Execution option for a connection that only reads: it takes no write lock.
READ_ONLY = {"drafter_read_only": True}
#: The PostgreSQL advisory lock of the register ('drft'); advisory locks are per database.
_PG_LOCK_KEY = 0x64726674


def now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


def database_url(db: str | None) -> str:
    """A path or URL -> SQLAlchemy URL.  Without one: $DRAFTER_DB, else a
    SQLite file in the current folder."""
    db = db or os.environ.get("DRAFTER_DB") or DEFAULT_DB
    if "://" in db:
        if db.startswith("postgresql://"):
            db = "postgresql+psycopg://" + db[len("postgresql://"):]
        return db
    return f"sqlite:///{Path(db).expanduser().resolve()}"


def sqlite_path(url: str) -> Path | None:
    """The file of a SQLite register URL (None for a server database)."""
    prefix = "sqlite:///"
    return Path(url[len(prefix):]) if url.startswith(prefix) and url != prefix + ":memory:" else None


def _say_on_stderr(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


def _alembic_config():
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def head_revision() -> str:
    """The newest schema revision (the migrations are one line of revisions)."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(_alembic_config()).get_current_head()
    assert head is not None  # the migrations folder ships with the package
    return head


def _schema_is_current(engine: Engine) -> bool:
    """Read (without any write lock) whether the schema is at the newest revision."""
    from alembic.migration import MigrationContext

    with engine.connect().execution_options(**READ_ONLY) as conn:
        return MigrationContext.configure(conn).get_current_heads() == (head_revision(),)


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest Alembic revision, all revisions in ONE
    transaction under the register's write lock: a kill half-way leaves the
    old schema, and two first opens at once do not both create the tables."""
    from alembic import command

    if _schema_is_current(engine):
        return
    cfg = _alembic_config()
    with engine.begin() as conn:  # the 'begin' listeners take the write lock
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


def open_db(db: str | None = None, on_wait: Callable[[str], None] | None = None) -> Engine:
    """An engine on the register, its schema migrated.  Every transaction
    takes the register's write lock (SQLite: BEGIN IMMEDIATE; PostgreSQL: an
    advisory lock), unless its connection carries ``READ_ONLY``; waiting for
    the lock is said once through ``on_wait`` (default: a line on stderr)."""
    url = database_url(db)
    name = db or url
    try:
        engine = sa.create_engine(url)
        if engine.dialect.name == "sqlite":
            _serialise_sqlite(engine, name, on_wait or _say_on_stderr)
        elif engine.dialect.name == "postgresql":
            _serialise_postgresql(engine, name, on_wait or _say_on_stderr)
        migrate(engine)
    except (sa.exc.SQLAlchemyError, sqlite3.Error, OSError) as exc:
        raise TrackerError(f"{name}: cannot open the register ({_in_words(exc)})") from exc
    return engine


def _in_words(exc: BaseException) -> str:
    """The driver's reason, without the library's exception class names ('(sqlite3.OperationalError) …')."""
    text = str(getattr(exc, "orig", None) or exc).splitlines()[0]
    return re.sub(r"^\(?[\w.]+(?:Error|Exception)\)?:?\s*", "", text) or "the database refused it"


def lock_wait() -> float:
    """Seconds a writer waits for the register's lock."""
    try:
        return max(0.0, float(os.environ.get("DRAFTER_LOCK_WAIT_S", LOCK_WAIT_S)))
    except ValueError:
        raise TrackerError(f"DRAFTER_LOCK_WAIT_S={os.environ['DRAFTER_LOCK_WAIT_S']!r} is not a number "
                           "of seconds") from None


def _waiting(name: str) -> str:
    return f"register {name} is in use by another import; waiting up to {lock_wait():g} s …"


def _still_busy(name: str) -> TrackerError:
    return TrackerError(f"register {name} is still in use by another import after {lock_wait():g} s; "
                        "try again when it has finished")


def _serialise_sqlite(engine: Engine, name: str, on_wait: Callable[[str], None]) -> None:
    """pysqlite (Python 3.11) sends no BEGIN before DDL, so a schema migration
    was not one transaction.  We turn its own transaction handling off and
    send BEGIN ourselves (the SQLAlchemy recipe): BEGIN IMMEDIATE for writers,
    so two imports queue instead of failing, plain BEGIN for readers."""
    busy_ms = int(lock_wait() * 1000)

    @sa.event.listens_for(engine, "connect")
    def _connect(dbapi_conn, _record) -> None:
        dbapi_conn.isolation_level = None
        dbapi_conn.execute("PRAGMA foreign_keys=ON")
        dbapi_conn.execute(f"PRAGMA busy_timeout={busy_ms}")

    @sa.event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        if conn.get_execution_options().get("drafter_read_only"):
            conn.exec_driver_sql("BEGIN")
            return
        raw = conn.connection.dbapi_connection
        assert raw is not None  # a connection that begins a transaction is open
        raw.execute("PRAGMA busy_timeout=0")
        try:
            raw.execute("BEGIN IMMEDIATE")
            return
        except sqlite3.Error as exc:
            if not _locked(exc):
                raise TrackerError(f"{name}: cannot write to the register ({exc})") from None
        finally:
            raw.execute(f"PRAGMA busy_timeout={busy_ms}")
        on_wait(_waiting(name))
        try:
            raw.execute("BEGIN IMMEDIATE")  # SQLite's busy handler retries until busy_timeout
        except sqlite3.Error as exc:
            if _locked(exc):
                raise _still_busy(name) from None
            raise TrackerError(f"{name}: cannot write to the register ({exc})") from None


def _locked(exc: Exception) -> bool:
    text = str(exc).lower()
    return "locked" in text or "busy" in text


def _serialise_postgresql(engine: Engine, name: str, on_wait: Callable[[str], None]) -> None:
    """One writer at a time per register database: a transaction-scoped
    advisory lock, taken before the first statement and freed by COMMIT or
    ROLLBACK (also when the process dies)."""

    @sa.event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        if conn.get_execution_options().get("drafter_read_only"):
            return
        if conn.exec_driver_sql(f"SELECT pg_try_advisory_xact_lock({_PG_LOCK_KEY})").scalar():
            return
        on_wait(_waiting(name))
        conn.exec_driver_sql(f"SET LOCAL lock_timeout = '{max(1, int(lock_wait() * 1000))}ms'")
        try:
            conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_PG_LOCK_KEY})")
        except sa.exc.OperationalError as exc:
            if getattr(exc.orig, "sqlstate", None) == "55P03":  # lock_not_available
                raise _still_busy(name) from None
            raise
        conn.exec_driver_sql("SET LOCAL lock_timeout = 0")


def remove_if_empty(url: str) -> bool:
    """Remove a SQLite register that holds no document: what a failed first
    import leaves.  Checked and removed under the write lock, so a register
    another import has just filled stays.  Returns whether it was removed."""
    path = sqlite_path(url)
    if path is None or not path.exists():
        return False
    conn = sqlite3.connect(path, timeout=lock_wait(), isolation_level=None)
    try:
        conn.execute("BEGIN IMMEDIATE")
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if "documents" in tables and conn.execute("SELECT count(*) FROM documents").fetchone()[0]:
            return False
        for leftover in (path, path.with_name(path.name + "-journal")):
            leftover.unlink(missing_ok=True)
        return True
    except sqlite3.DatabaseError:
        return False
    finally:
        conn.close()


def _inserted_id(result: sa.CursorResult) -> int:
    """The primary key an INSERT gave its row (SQLAlchemy types it as optional; an INSERT always has one)."""
    key = result.inserted_primary_key
    assert key is not None
    return key[0]


def document_hash(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


# -- deduplication --------------------------------------------------------------
_GENERIC = set("""de het een van en voor aan op in met over om te tot bij als of dat die dit deze zijn is
wordt worden door naar middels via ook nog niet wel meer uw kamer ik u we wij heb heeft hebben zal zullen
informeer informeren informeert toegezegd toezegging toezeggingen motie moties lid kamerlid tweede nader
hierover daarover volgende uitvoeringsbrief brief verzamelbrief inburgering jl a.s over regering verzoekt
verzocht dan opnieuw gaan ingaan komen terug kort tijdens gedaan commissiedebat tweeminutendebat
wetgevingsoverleg wgo debat januari februari maart april mei juni juli augustus september oktober november
december stand zaken""".split())


_WORD = re.compile(r"[a-zà-ÿ0-9][\wà-ÿ'’-]*")
_TRAILING_DIGITS = re.compile(r"\d+$")


def content_words(text: str) -> set[str]:
    return set(_content_words(text or ""))


@functools.lru_cache(maxsize=1 << 16)
def _content_words(text: str) -> frozenset[str]:
    """``content_words``, kept: letters repeat their subjects and quotes."""
    return frozenset(_TRAILING_DIGITS.sub("", w) for w in _WORD.findall(text.lower())
                     if w not in _GENERIC and len(w) >= 3 and not w.isdigit())


def word_overlap(mine: AbstractSet[str], theirs: AbstractSet[str]) -> float:
    """Share of the smaller word set found in the other, words compared with
    rapidfuzz (so 'invult' ~ 'invullen', 'praktijkervaring' ~ '…ervaringen').
    0 unless two words are shared, or the smaller side is one word."""
    if not mine or not theirs:
        return 0.0
    small, large = sorted((mine, theirs), key=len)
    large_list = list(large)
    shared = sum(1 for w in small if w in large or rf_process.extractOne(
        w, large_list, scorer=rf_fuzz.ratio, score_cutoff=FUZZY_CUTOFF))
    if shared >= 2 or (shared == 1 and len(small) == 1):
        return shared / len(small)
    return 0.0


def _match_text(c: Commitment) -> str:
    return c.subject if c.quote and _is_aggregate(c) else f"{c.subject} {c.quote}"


def _is_aggregate(c: Commitment) -> bool:
    return _aggregate_quote(c.quote)


def _aggregate_quote(quote: str | None) -> bool:
    return bool(re.search(r"moties\s+en\s+toezeggingen|toezeggingen\s+en\s+moties", quote or "", re.I))


@dataclass
class MatchResult:
    score: float
    reason: str


def similarity(new: Commitment, rec: dict, rec_texts: list[str]) -> MatchResult | None:
    """Can ``new`` be the same commitment as the register record ``rec``?
    Returns a score in [0, 1] and the reasons, or None when facts conflict."""
    return _similarity(new, content_words(_match_text(new)), rec, set(json.loads(rec["members"])),
                       [content_words(t) for t in rec_texts], word_overlap)


def _similarity(new: Commitment, mine: AbstractSet[str], rec: dict, rec_members: set[str],
                rec_word_sets: Iterable[AbstractSet[str]],
                overlap: Callable[[AbstractSet[str], AbstractSet[str]], float]) -> MatchResult | None:
    """``similarity`` on words already split: the register's index keeps them."""
    facts = _shared_facts(new, rec, rec_members)
    if facts is None:
        return None
    score, reasons = facts
    best = 0.0
    for theirs in rec_word_sets:
        best = max(best, overlap(mine, theirs))
    if best:
        score += 0.5 * best
        reasons.append(f"subject overlap {best:.0%}")
    return MatchResult(min(score, 1.0), "; ".join(reasons))


def _shared_facts(new: Commitment, rec: dict, rec_members: set[str]) -> tuple[float, list[str]] | None:
    """The part of the score the facts give (members, Kamerstuk, date), with
    the reasons; None when a fact conflicts."""
    reasons: list[str] = []
    new_members = set(new.members)
    if new.kind != rec["kind"]:
        return None
    if new_members and rec_members and not (new_members & rec_members):
        return None
    if new.kamerstuk and rec["kamerstuk"] and new.kamerstuk != rec["kamerstuk"]:
        return None
    score = 0.0
    if new_members and rec_members:
        score += 0.4
        reasons.append("same member(s) " + "/".join(sorted(new_members & rec_members)))
    if new.kamerstuk and new.kamerstuk == rec["kamerstuk"]:
        score += 0.45
        reasons.append(f"same Kamerstuk {new.kamerstuk}")
    if new.made_on and rec["made_on"]:
        a, b = new.made_on, rec["made_on"]
        if a.startswith(b) or b.startswith(a):
            score += 0.35 if len(a) == len(b) == 10 else 0.15
            reasons.append(f"made on the same date ({min(a, b, key=len)})")
        elif not (new.kamerstuk and new.kamerstuk == rec["kamerstuk"]):
            return None
    return score, reasons


MERGE_THRESHOLD = 0.5
FUZZY_CUTOFF = 85  # rapidfuzz ratio from which two words count as the same word


class NearWords:
    """For each word, the words of the register within FUZZY_CUTOFF of it,
    found once against every word seen (and extended as new words come): so
    comparing two word sets is set arithmetic, not a fuzzy search per pair."""

    def __init__(self) -> None:
        self.words: list[str] = []
        self._known: set[str] = set()
        self._near: dict[str, tuple[set[str], int]] = {}

    def learn(self, words: Iterable[str]) -> None:
        for w in words:
            if w not in self._known:
                self._known.add(w)
                self.words.append(w)

    def of(self, word: str) -> set[str]:
        """Every learned word as close to ``word`` as FUZZY_CUTOFF (itself included)."""
        near, upto = self._near.get(word, (None, 0))
        if upto == len(self.words) and near is not None:
            return near
        near = near or {word}
        near.update(m for m, _, _ in rf_process.extract(word, self.words[upto:], scorer=rf_fuzz.ratio,
                                                         score_cutoff=FUZZY_CUTOFF, limit=None))
        self._near[word] = (near, len(self.words))
        return near


class _Probe:
    """The words of one new mention and the register words near each of
    them.  fuzz.ratio is symmetric, so a record word has a near word in
    ``mine`` exactly when it is in ``near_any``: ``word_overlap`` becomes two
    set intersections."""

    def __init__(self, mine: AbstractSet[str], near: NearWords) -> None:
        self.mine = mine
        self.near_of = {w: near.of(w) for w in mine}
        self.near_any: set[str] = set().union(*self.near_of.values())
        self.back: dict[str, list[str]] = {}
        for w, close in self.near_of.items():
            for v in close:
                self.back.setdefault(v, []).append(w)

    def overlap(self, mine: AbstractSet[str], theirs: AbstractSet[str]) -> float:
        """``word_overlap(mine, theirs)`` (``mine`` is the probe's own set)."""
        if not mine or not theirs:
            return 0.0
        hit = theirs & self.near_any
        if not hit:
            return 0.0
        if len(theirs) < len(mine):  # the smaller side is theirs: count their words matched
            shared, small = len(hit), len(theirs)
        else:
            shared, small = len({w for v in hit for w in self.back[v]}), len(mine)
        if shared >= 2 or (shared == 1 and small == 1):
            return shared / small
        return 0.0


@dataclass
class _Record:
    """A register record as the index holds it: its row, its members and the
    content words of its subject and of each mention (subject, and quote
    unless aggregate)."""

    row: dict
    members: set[str]
    word_sets: list[frozenset[str]]


class RecordIndex:
    """Every record of the register in memory, indexed by kind with member,
    Kamerstuk, day and (fuzzy) word, so a new mention is scored only against
    the records that can reach MERGE_THRESHOLD -- and picks the same record
    a scan of the whole register would.  Read once per import, inside its
    transaction."""

    def __init__(self) -> None:
        self.records: dict[int, _Record] = {}
        self.near = NearWords()
        self._by: dict[tuple, set[int]] = {}
        self._keys: dict[int, list[tuple]] = {}
        self._mention_words: dict[int, set[frozenset[str]]] = {}

    @classmethod
    def load(cls, conn: Connection) -> RecordIndex:
        index = cls()
        texts: dict[int, set[frozenset[str]]] = {}
        for cid, data in conn.execute(sa.select(mentions.c.commitment_id, mentions.c.data)):
            texts.setdefault(cid, set()).update(_mention_words(json.loads(data)))
        for row in conn.execute(sa.select(commitments).order_by(commitments.c.id)).mappings():
            index.put(dict(row), texts.get(row["id"], set()))
        return index

    def put(self, row: dict, mention_words: set[frozenset[str]]) -> None:
        """Add or re-index a record (after its row or mentions changed)."""
        cid, kind = row["id"], row["kind"]
        self._unindex(cid)
        members = set(json.loads(row["members"]))
        # each text once: a record mentioned in a hundred letters often has the same words each time
        word_sets = [s for s in mention_words | {_content_words(row["subject"] or "")} if s]
        self.records[cid] = _Record(row, members, word_sets)
        self._mention_words[cid] = mention_words
        keys: list[tuple[str, ...]] = [("member", kind, m) for m in members] or [("no member", kind)]
        keys.append(("kamerstuk", kind, row["kamerstuk"]) if row["kamerstuk"] else ("no kamerstuk", kind))
        if row["made_on"]:
            keys.append(("day", kind, row["made_on"]))
        if any(len(s) == 1 for s in word_sets):
            keys.append(("one word", kind))
        words = set().union(*word_sets)
        self.near.learn(words)
        keys += [("word", kind, w) for w in words]
        if not members:  # what a mention to a member can join besides that member's records
            keys += [("word, no member", kind, w) for w in words]
        for key in keys:
            self._by.setdefault(key, set()).add(cid)
        self._keys[cid] = keys

    def _unindex(self, cid: int) -> None:
        for key in self._keys.pop(cid, []):
            self._by[key].discard(cid)
        self.records.pop(cid, None)

    def add_mention(self, cid: int, mention: dict, row_updates: dict) -> None:
        row = self.records[cid].row
        row.update(row_updates)
        self.put(row, self._mention_words[cid] | _mention_words(mention))

    def find(self, c: Commitment, claimed: set[int]) -> tuple[dict | None, str | None]:
        """The record ``c`` joins (with the reason) or (None, None) for a new one.

        The best score (+0.05 for an open record with a due moment: that is
        what a later letter answers) wins, the oldest record among equals.
        Records are scored in order of the most they could reach, and the
        search stops when no remaining one can reach the best found."""
        mine = _content_words(_match_text(c))
        self.near.learn(mine)
        probe = _Probe(mine, self.near)
        bounded = []
        for cid in self._candidates(c, probe) - claimed:
            rec = self.records[cid]
            facts = _shared_facts(c, rec.row, rec.members)
            if facts is None:
                continue
            bonus = 0.05 if rec.row["status"] != Status.FULFILLED.value and rec.row["due"] else 0.0
            bounded.append((min(facts[0] + 0.5, 1.0) + bonus, cid, bonus))
        bounded.sort(key=lambda x: (-x[0], x[1]))
        best: tuple[float, int, MatchResult] | None = None
        for upper, cid, bonus in bounded:
            if best is not None and upper < best[0]:
                break
            rec = self.records[cid]
            res = _similarity(c, mine, rec.row, rec.members, rec.word_sets, probe.overlap)
            if res is None or res.score < MERGE_THRESHOLD:
                continue
            total = res.score + bonus
            if best is None or total > best[0] or (total == best[0] and cid < best[1]):
                best = (total, cid, res)
        if best is None:
            return self._only_one_of_that_debate(c, claimed)
        return self.records[best[1]].row, f"merged (score {best[0]:.2f}): {best[2].reason}"

    def _candidates(self, c: Commitment, probe: _Probe) -> set[int]:
        """Every record that can score MERGE_THRESHOLD: one that shares a
        member or the Kamerstuk, or has a word overlap above 0 (two shared
        fuzzy words, or one when a side has one word) and no member or
        Kamerstuk that conflicts.  Two of the record's words near my words,
        or one near two of mine, is what two shared words need."""
        by, kind = self._by, c.kind
        empty: set[int] = set()
        found: set[int] = set()
        for m in c.members:
            found |= by.get(("member", kind, m), empty)
        if c.kamerstuk:
            found |= by.get(("kamerstuk", kind, c.kamerstuk), empty)
        # by word: records without a member when the mention names one (others conflict or are found)
        word_key = "word, no member" if c.members else "word"
        per_word: Counter[int] = Counter()
        worded: set[int] = set()
        for v in probe.near_any:
            ids = by.get((word_key, kind, v))
            if ids:
                per_word.update(ids)
                if len(probe.back[v]) > 1:
                    worded |= ids  # two of my words near this one word: two shared already
        if not per_word:
            return found
        if len(probe.mine) == 1:
            worded = set(per_word)
        else:
            worded |= {cid for cid, n in per_word.items() if n >= 2}
            worded |= by.get(("one word", kind), empty).intersection(per_word)
        if c.kamerstuk:
            worded &= by.get(("no kamerstuk", kind), empty)
        return found | worded

    def _only_one_of_that_debate(self, c: Commitment, claimed: set[int]) -> tuple[dict | None, str | None]:
        """'… doe ik de toezegging af die ik in het commissiedebat van 8 oktober
        heb gedaan': no subject to compare, but if the register holds exactly
        one compatible commitment of that day, it is that one."""
        if not (c.made_on and len(c.made_on) == 10) or len(_content_words(c.quote or "")) > 12:
            return None, None
        same_day = []
        for cid in sorted(self._by.get(("day", c.kind, c.made_on), set()) - claimed):
            rec = self.records[cid]
            if c.members and rec.members and not (set(c.members) & rec.members):
                continue
            if c.kamerstuk and rec.row["kamerstuk"] and c.kamerstuk != rec.row["kamerstuk"]:
                continue
            same_day.append(rec.row)
        if len(same_day) != 1:
            return None, None
        return same_day[0], f"merged: the only {c.kind} of {c.made_on} in the register (no subject to compare)"


def _mention_words(data: dict) -> set[frozenset[str]]:
    """The texts a stored mention offers for matching: its subject, and its
    quote unless the sentence lists 'moties en toezeggingen' in general."""
    out = {_content_words(data.get("subject") or "")}
    if not _aggregate_quote(data.get("quote")):
        out.add(_content_words(data.get("quote") or ""))
    return out


class _DocumentWrite:
    """The mentions of one document: matched in memory, then written with one
    bulk INSERT per table and one bulk UPDATE.  Records matched or created by
    this document are 'claimed': a document mentions a commitment once."""

    _UPDATABLE = ("party", "made_on", "made_in", "kamerstuk", "due", "due_date", "subject", "members",
                  "status", "fulfilled_by")

    def __init__(self, conn: Connection, index: RecordIndex, doc_id: int) -> None:
        self.conn, self.index, self.doc_id = conn, index, doc_id
        self.claimed: set[int] = set()
        self.new_rows: list[dict] = []
        self.new_first: list[dict] = []  # the mention that made each new record
        self.mention_rows: list[dict] = []  # commitment_id is an int, or ('new', n) until inserted
        self.updated: dict[int, dict] = {}
        self.seen: set[tuple] = set()

    def store(self, items: Sequence[Commitment], stats: dict,
              on_mention: Callable[[Commitment], None] | None) -> None:
        for c in items:
            key = _repeat_key(c)
            if key in self.seen:
                stats["repeated"] += 1  # the same sentence again in this document: one mention
                continue
            self.seen.add(key)
            merged = self._match(c)
            stats["mentions"] += 1
            stats["merged" if merged else "new"] += 1
            if on_mention:
                on_mention(c)
        self._flush()

    def _match(self, c: Commitment) -> bool:
        rec, reason = self.index.find(c, self.claimed)
        data = _as_dict(c)
        if rec is None:
            ref: int | tuple = ("new", len(self.new_rows))
            self.new_rows.append(dict(
                kind=c.kind, members=json.dumps(c.members, ensure_ascii=False), party=c.party,
                made_on=c.made_on, made_in=c.made_in, kamerstuk=c.kamerstuk, subject=c.subject,
                due=c.due, due_date=c.due_date,
                status=Status.FULFILLED.value if c.fulfilled_here else Status.OPEN.value,
                status_manual=False, fulfilled_by=self.doc_id if c.fulfilled_here else None,
                tk_nummer=None, ministerie=None, created_at=now()))
            self.new_first.append(data)
        else:
            rec_id: int = rec["id"]
            ref = rec_id
            self.claimed.add(rec_id)
            updates = _updates_for(rec, c, self.doc_id)
            if updates:
                self.updated[rec_id] = rec
            self.index.add_mention(rec_id, data, updates)
        self.mention_rows.append(dict(
            commitment_id=ref, document_id=self.doc_id, quote=c.quote, page=c.page, block=c.block,
            fulfils=c.fulfilled_here, new_here=c.new_here, merge_reason=reason,
            data=json.dumps(data, ensure_ascii=False)))
        return rec is not None

    def _flush(self) -> None:
        conn = self.conn
        new_ids: list[int] = []
        if self.new_rows:
            result = conn.execute(commitments.insert().returning(commitments.c.id, sort_by_parameter_order=True),
                                  self.new_rows)
            new_ids = [row[0] for row in result]
        for row, cid in zip(self.new_rows, new_ids, strict=True):
            row["id"] = cid
        for m in self.mention_rows:
            if isinstance(m["commitment_id"], tuple):
                m["commitment_id"] = new_ids[m["commitment_id"][1]]
        if self.mention_rows:
            conn.execute(mentions.insert(), self.mention_rows)
        if self.updated:
            conn.execute(commitments.update().where(commitments.c.id == sa.bindparam("_id"))
                         .values({f: sa.bindparam(f"_{f}") for f in self._UPDATABLE}),
                         [{"_id": cid, **{f"_{f}": rec[f] for f in self._UPDATABLE}}
                          for cid, rec in self.updated.items()])
        for row, first in zip(self.new_rows, self.new_first, strict=True):  # claimed by this document: indexed only now
            self.index.put(row, _mention_words(first))


def _insert_documents(conn: Connection, rows: list[dict]) -> list[int]:
    """One INSERT for all new documents; their ids in the order given."""
    if not rows:
        return []
    result = conn.execute(documents.insert().returning(documents.c.id, sort_by_parameter_order=True), rows)
    return [row[0] for row in result]


def _known_hashes(conn: Connection, hashes: list[str]) -> set[str]:
    """Which of these document hashes the register holds (asked in chunks)."""
    known: set[str] = set()
    for start in range(0, len(hashes), 500):
        chunk = hashes[start:start + 500]
        known.update(conn.execute(sa.select(documents.c.hash).where(documents.c.hash.in_(chunk))).scalars())
    return known


def _updates_for(rec: dict, c: Commitment, doc_id: int) -> dict:
    """What a new mention adds to a record: facts it lacked, a real subject
    for a bare reference, the fulfilment (unless set by hand)."""
    updates: dict = {}
    for f in ("party", "made_on", "made_in", "kamerstuk", "due", "due_date"):
        if rec[f] is None and getattr(c, f):
            updates[f] = getattr(c, f)
    if re.match(r"(toezegging|motie) uit het ", rec["subject"] or "") and not \
            re.match(r"(toezegging|motie) uit het ", c.subject or ""):
        updates["subject"] = c.subject  # a bare reference came first; now we know what it is
    if c.members and not json.loads(rec["members"]):
        updates["members"] = json.dumps(c.members, ensure_ascii=False)
    if c.fulfilled_here and rec["status"] != Status.FULFILLED.value and not rec["status_manual"]:
        updates.update(status=Status.FULFILLED.value, fulfilled_by=doc_id)
    return updates


def _as_dict(c: Commitment) -> dict:
    """``c.to_dict()`` without the deep copy of ``dataclasses.asdict`` (same JSON)."""
    return {f.name: list(v) if isinstance(v := getattr(c, f.name), list) else v for f in _FIELDS}


_FIELDS = dataclasses.fields(Commitment)


def _repeat_key(c: Commitment) -> tuple:
    """Two items of one document with this key are the same sentence read twice."""
    return (c.kind, " ".join((c.quote or "").split()), c.subject, tuple(c.members))


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a read builds thousands of objects.

    Why: the records and rows made by a read form no reference cycles, yet each
    700 new objects start a collection, and every few of those a full one over
    the whole process (in ``drafter serve`` some 140,000 objects, 90-180 ms).
    Paused, the new objects are looked at once afterwards.  Restores the
    collector's previous state, so nested pauses are harmless.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _records_query() -> sa.Select:
    """Each record (by id) with its first mention, that mention's document and
    the name of the document that fulfilled it: the columns ``records`` needs."""
    first = (sa.select(mentions.c.commitment_id, sa.func.min(mentions.c.id).label("mid"))
             .group_by(mentions.c.commitment_id).subquery("first_mention"))
    mention_doc = documents.alias("mention_doc")
    fulfilling = documents.alias("fulfilling_doc")
    c = commitments.c
    return (
        sa.select(c.id, c.kind, c.members, c.party, c.made_on, c.made_in, c.kamerstuk, c.subject, c.due,
                  c.due_date, c.status, c.tk_nummer, fulfilling.c.source, mentions.c.id, mentions.c.quote,
                  mentions.c.page, mentions.c.block, mentions.c.new_here, mention_doc.c.source,
                  mention_doc.c.doc_date)
        .select_from(commitments)
        .outerjoin(first, first.c.commitment_id == c.id)
        .outerjoin(mentions, mentions.c.id == first.c.mid)
        .outerjoin(mention_doc, mention_doc.c.id == mentions.c.document_id)
        .outerjoin(fulfilling, fulfilling.c.id == c.fulfilled_by)
        .order_by(c.id)
    )


# -- the tracker -----------------------------------------------------------------
class Tracker:
    """The register in a database.  Library first: the CLI only calls these."""

    def __init__(self, db: str | None = None, on_wait: Callable[[str], None] | None = None) -> None:
        self.url = database_url(db)
        self.name = db or self.url
        self.engine = open_db(db, on_wait)

    def _reading(self) -> Connection:
        """A connection for queries: no write lock, so reports run during an import."""
        return self.engine.connect().execution_options(**READ_ONLY)

    # imports ---------------------------------------------------------------
    def import_documents(
        self,
        paths: Sequence[Path | str],
        dates_by_path: dict[str, dt.date] | None = None,
        on_mention: Callable[[Commitment], None] | None = None,
    ) -> dict:
        """Extract and store several documents in ONE transaction.

        Documents already in the register (same SHA-256) are skipped.
        ``on_mention`` is called after each stored mention (progress).
        Returns counts: documents, skipped, mentions, new records, merged.
        """
        from drafter.commitments.extract import extract_files

        files = [Path(p) for p in paths]
        hashes = [document_hash(p) if p.is_file() else None for p in files]
        with self._reading() as conn:  # a document already in the register is not read again
            known = _known_hashes(conn, [h for h in hashes if h])
        todo = [p for p, h in zip(files, hashes, strict=True) if h not in known]
        extracted = dict(zip(todo, extract_files(todo, dates_by_path), strict=True))
        prepared = []
        for p, h in zip(files, hashes, strict=True):
            given = (dates_by_path or {}).get(str(p))
            prepared.append((p, h, extracted.get(p, []), given))  # known ones: skipped inside the transaction
        # oldest document first, whatever the order on the command line: history reads forward
        prepared.sort(key=lambda x: (x[3].isoformat() if x[3] else next(
            (c.document_date for c in x[2] if c.document_date), None) or "9999"))
        return self.store(prepared, on_mention)

    def store(self, prepared: list, on_mention: Callable[[Commitment], None] | None = None) -> dict:
        """Store already extracted documents: [(path, hash, commitments, date)].

        One transaction under the register's write lock, so two imports at
        once end as if run one after the other; the content-hash check runs
        inside it.  The records are read once into a ``RecordIndex`` and
        each document is written with a few bulk statements: time grows with
        the number of mentions, not with mentions x records.
        """
        stats = {"documents": 0, "skipped": 0, "mentions": 0, "new": 0, "merged": 0, "repeated": 0}
        try:
            with self.engine.begin() as conn:
                index = RecordIndex.load(conn)
                prepared = [(path, h or hashlib.sha256(str(path).encode()).hexdigest(), items, given)
                            for path, h, items, given in prepared]
                known = _known_hashes(conn, [h for _, h, _, _ in prepared])
                new_docs = []
                for path, h, items, given in prepared:
                    if h in known:
                        stats["skipped"] += 1
                        continue
                    known.add(h)
                    doc_date = (given.isoformat() if given else None) or next(
                        (c.document_date for c in items if c.document_date), None)
                    new_docs.append((dict(hash=h, source=str(path), doc_date=doc_date, imported_at=now()), items))
                doc_ids = _insert_documents(conn, [row for row, _ in new_docs])
                for doc_id, (_, items) in zip(doc_ids, new_docs, strict=True):
                    stats["documents"] += 1
                    _DocumentWrite(conn, index, doc_id).store(items, stats, on_mention)
        except sa.exc.OperationalError as exc:
            if _locked(exc):
                raise _still_busy(self.name) from None
            raise
        return stats

    # queries ---------------------------------------------------------------
    def records(self, as_of: dt.date | None = None) -> list[Commitment]:
        """Every record as a Commitment with its effective status on ``as_of``.

        One query: each record with its first mention (lowest id) and that
        mention's document, plus the fulfilling document's name; the mentions'
        JSON ``data`` is not read.  Plain tuples, not mappings: 5,000 records
        are read in a few tens of milliseconds (bench/serve_bench.py).
        """
        as_of = as_of or dt.date.today()
        with collector_paused():
            return self._records(as_of)

    def _records(self, as_of: dt.date) -> list[Commitment]:
        with self._reading() as conn:
            rows = conn.execute(_records_query()).all()
        members_of: dict[str, list[str]] = {}  # most records share a few member lists: parse each once
        fulfilled = Status.FULFILLED.value
        out = []
        for (cid, kind, members, party, made_on, made_in, kamerstuk, subject, due, due_date, status,
             tk_nummer, fulfilled_by, mid, quote, page, block, new_here, source, doc_date) in rows:
            if members not in members_of:
                members_of[members] = json.loads(members)
            c = Commitment(
                kind=kind, members=list(members_of[members]), party=party, made_on=made_on,
                made_in=made_in, kamerstuk=kamerstuk, subject=subject, due=due,
                due_date=due_date, fulfilled_here=status == fulfilled,
                new_here=bool(mid is not None and new_here), quote=quote if mid is not None else "",
                source=source if source is not None else "", page=page, block=block,
                id=cid, fulfilled_by=fulfilled_by, document_date=doc_date, tk_nummer=tk_nummer,
            )
            c.status = effective_status(status, due_date, due, doc_date, as_of).value
            out.append(c)
        return out

    def timeline(self) -> dict[int, tuple[str | None, str | None]]:
        """Per record: the date of its first mention and of its first fulfilling one."""
        with collector_paused():  # a dict per mention, no cycles: see collector_paused
            with self._reading() as conn:
                rows = conn.execute(sa.select(mentions.c.commitment_id, mentions.c.fulfils, documents.c.doc_date)
                                    .join(documents, documents.c.id == mentions.c.document_id)).all()
            history: dict[int, list[dict]] = {}
            for cid, fulfils, date in rows:
                history.setdefault(cid, []).append({"date": date, "fulfils": fulfils})
            return {cid: timeline_of(h) for cid, h in history.items()}

    def get(self, cid: int) -> dict:
        """One record with its mentions (history) and status changes."""
        with self._reading() as conn:
            rec = conn.execute(sa.select(commitments).where(commitments.c.id == cid)).mappings().first()
            if rec is None:
                raise TrackerError(f"no commitment with id {cid}")
            ms = conn.execute(
                sa.select(mentions, documents.c.source, documents.c.doc_date)
                .join(documents, documents.c.id == mentions.c.document_id)
                .where(mentions.c.commitment_id == cid).order_by(documents.c.doc_date, mentions.c.id)
            ).mappings().all()
            changes = conn.execute(sa.select(status_changes).where(status_changes.c.commitment_id == cid)
                                   .order_by(status_changes.c.id)).mappings().all()
        return {"record": dict(rec), "mentions": [dict(m) for m in ms], "changes": [dict(c) for c in changes]}

    def history(self, cid: int) -> tuple[list[Mention], list[StatusChange]]:
        """A record's mentions (oldest document first) and its status changes."""
        got = self.get(cid)
        docs = {}
        with self._reading() as conn:
            for row in conn.execute(sa.select(documents.c.id, documents.c.hash)):
                docs[row.id] = row.hash
        ms = [Mention(commitment=Commitment.from_dict(json.loads(m["data"])), document=m["source"],
                      document_hash=docs.get(m["document_id"], ""), document_date=m["doc_date"],
                      fulfils=bool(m["fulfils"]), merge_reason=m["merge_reason"], id=m["id"])
              for m in got["mentions"]]
        changes = [StatusChange(commitment_id=cid, old=c["old"], new=c["new"], who=c["who"], when=c["at"],
                                why=c["why"]) for c in got["changes"]]
        return ms, changes

    # review ----------------------------------------------------------------
    def merge(self, keep: int, other: int, who: str, why: str) -> None:
        """Fold record ``other`` into ``keep`` (a missed duplicate)."""
        if keep == other:
            raise TrackerError("cannot merge a record with itself")
        with self.engine.begin() as conn:
            a = self._require(conn, keep)
            b = self._require(conn, other)
            if a["kind"] != b["kind"]:
                raise TrackerError(f"cannot merge a {b['kind']} into a {a['kind']}")
            conn.execute(mentions.update().where(mentions.c.commitment_id == other).values(
                commitment_id=keep, merge_reason=f"merged by {who}: {why}"))
            updates = {f: b[f] for f in ("party", "made_on", "made_in", "kamerstuk", "due", "due_date")
                       if a[f] is None and b[f] is not None}
            if b["status"] == Status.FULFILLED.value and a["status"] != Status.FULFILLED.value:
                updates.update(status=b["status"], fulfilled_by=b["fulfilled_by"])
            if updates:
                conn.execute(commitments.update().where(commitments.c.id == keep).values(**updates))
            conn.execute(status_changes.update().where(status_changes.c.commitment_id == other)
                         .values(commitment_id=keep))
            conn.execute(status_changes.insert().values(
                commitment_id=keep, old=a["status"], new=updates.get("status", a["status"]), who=who,
                at=now(), why=f"merged record {other}: {why}"))
            conn.execute(commitments.delete().where(commitments.c.id == other))

    def split(self, cid: int, mention_ids: Iterable[int], who: str, why: str) -> int:
        """Move mentions wrongly merged into ``cid`` to a new record; returns its id."""
        mention_ids = list(mention_ids)
        with self.engine.begin() as conn:
            rec = self._require(conn, cid)
            rows = conn.execute(sa.select(mentions).where(mentions.c.commitment_id == cid)).mappings().all()
            ids = {r["id"] for r in rows}
            if not mention_ids or not set(mention_ids) <= ids:
                raise TrackerError(f"mentions {sorted(set(mention_ids) - ids)} do not belong to record {cid}")
            if set(mention_ids) == ids:
                raise TrackerError("a split must leave at least one mention on the record")
            moved = [r for r in rows if r["id"] in mention_ids]
            first = Commitment.from_dict(json.loads(moved[0]["data"]))
            fulfilled = next((r for r in moved if r["fulfils"]), None)
            new_id = _inserted_id(conn.execute(commitments.insert().values(
                kind=rec["kind"], members=json.dumps(first.members, ensure_ascii=False), party=first.party,
                made_on=first.made_on, made_in=first.made_in, kamerstuk=first.kamerstuk,
                subject=first.subject, due=first.due, due_date=first.due_date,
                status=Status.FULFILLED.value if fulfilled else Status.OPEN.value,
                fulfilled_by=fulfilled["document_id"] if fulfilled else None, created_at=now(),
            )))
            conn.execute(mentions.update().where(mentions.c.id.in_(mention_ids)).values(
                commitment_id=new_id, merge_reason=f"split off record {cid} by {who}: {why}"))
            remaining = [r for r in rows if r["id"] not in mention_ids]
            still = next((r for r in remaining if r["fulfils"]), None)
            if not rec["status_manual"]:
                conn.execute(commitments.update().where(commitments.c.id == cid).values(
                    status=Status.FULFILLED.value if still else Status.OPEN.value,
                    fulfilled_by=still["document_id"] if still else None))
            conn.execute(status_changes.insert().values(
                commitment_id=new_id, old=None, new=Status.FULFILLED.value if fulfilled else Status.OPEN.value,
                who=who, at=now(), why=f"split off record {cid}: {why}"))
        return new_id

    def set_status(self, cid: int, status: str, who: str, why: str, fulfilled_by: str | None = None) -> None:
        """A manual status change, recorded with who, when and why."""
        try:
            new = Status(status)
        except ValueError:
            raise TrackerError(f"unknown status {status!r}; use one of: "
                               + ", ".join(s.value for s in Status)) from None
        if new in (Status.DUE, Status.OVERDUE):
            raise TrackerError("'due' and 'overdue' follow from the due date; set 'open', 'fulfilled' or 'lapsed'")
        if not why.strip():
            raise TrackerError("say why the status changes (--why)")
        with self.engine.begin() as conn:
            rec = self._require(conn, cid)
            values: dict = {"status": new.value, "status_manual": new != Status.OPEN}
            if new == Status.FULFILLED and fulfilled_by:
                doc = conn.execute(sa.select(documents.c.id).where(documents.c.source == fulfilled_by)).first()
                if doc is None:
                    doc_id = _inserted_id(conn.execute(documents.insert().values(
                        hash=hashlib.sha256(f"manual:{fulfilled_by}".encode()).hexdigest(),
                        source=fulfilled_by, doc_date=None, imported_at=now())))
                else:
                    doc_id = doc[0]
                values["fulfilled_by"] = doc_id
            elif new != Status.FULFILLED:
                values["fulfilled_by"] = None
            conn.execute(commitments.update().where(commitments.c.id == cid).values(**values))
            conn.execute(status_changes.insert().values(
                commitment_id=cid, old=rec["status"], new=new.value, who=who, at=now(), why=why))

    def _require(self, conn: Connection, cid: int) -> dict:
        rec = conn.execute(sa.select(commitments).where(commitments.c.id == cid)).mappings().first()
        if rec is None:
            raise TrackerError(f"no commitment with id {cid}")
        return dict(rec)

    def counts(self) -> dict[str, int]:
        with self._reading() as conn:
            return {t.name: conn.execute(sa.select(sa.func.count()).select_from(t)).scalar_one()
                    for t in (documents, commitments, mentions, status_changes)}


