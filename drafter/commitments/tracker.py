"""The register of toezeggingen and moties: one record per commitment, with
every mention (the letter that made it, the nota that cites it, the letter
that fulfils it) as its history.

SQLAlchemy Core, so the same code runs on a SQLite file (the default, one
file an officer can keep next to the letters) and on PostgreSQL (a shared
register).  The schema is migrated with Alembic when a database is opened.
Every import is one transaction: a crash half-way leaves the register as it
was, and a document already imported (same content hash) changes nothing.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Sequence

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from drafter.commitments import dates
from drafter.commitments.model import Commitment, Mention, Status, StatusChange
from drafter.errors import DrafterError

ROOT = Path(__file__).resolve().parents[2]
REGISTER_JSON = ROOT / "corpus" / "register.json"
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


def now() -> str:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()


def database_url(db: str | None) -> str:
    """A path or URL -> SQLAlchemy URL.  Without one: $DRAFTER_DB, else a
    SQLite file in the current folder."""
    db = db or os.environ.get("DRAFTER_DB") or DEFAULT_DB
    if "://" in db:
        if db.startswith("postgresql://"):
            db = "postgresql+psycopg://" + db[len("postgresql://"):]
        return db
    return f"sqlite:///{Path(db).expanduser().resolve()}"


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest Alembic revision."""
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


def open_db(db: str | None = None) -> Engine:
    url = database_url(db)
    try:
        engine = sa.create_engine(url, future=True)
        if url.startswith("sqlite"):
            sa.event.listen(engine, "connect", _sqlite_pragmas)
        migrate(engine)
    except (sa.exc.SQLAlchemyError, OSError) as exc:
        raise TrackerError(f"{db or url}: cannot open the register ({exc.__class__.__name__}: "
                           f"{str(exc).splitlines()[0]})") from exc
    return engine


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.close()


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


def content_words(text: str) -> set[str]:
    words = re.findall(r"[a-zà-ÿ0-9][\wà-ÿ'’-]*", (text or "").lower())
    return {re.sub(r"\d+$", "", w) for w in words
            if w not in _GENERIC and len(w) >= 3 and not w.isdigit()}


def word_overlap(mine: set[str], theirs: set[str]) -> float:
    """Share of the smaller word set found in the other, words compared with
    rapidfuzz (so 'invult' ~ 'invullen', 'praktijkervaring' ~ '…ervaringen').
    0 unless two words are shared, or the smaller side is one word."""
    from rapidfuzz import fuzz, process

    if not mine or not theirs:
        return 0.0
    small, large = sorted((mine, theirs), key=len)
    large_list = list(large)
    shared = sum(1 for w in small
                 if w in large or process.extractOne(w, large_list, scorer=fuzz.ratio, score_cutoff=85))
    if shared >= 2 or (shared == 1 and len(small) == 1):
        return shared / len(small)
    return 0.0


def _match_text(c: Commitment) -> str:
    return c.subject if c.quote and _is_aggregate(c) else f"{c.subject} {c.quote}"


def _is_aggregate(c: Commitment) -> bool:
    return bool(re.search(r"moties\s+en\s+toezeggingen|toezeggingen\s+en\s+moties", c.quote or "", re.I))


@dataclass
class MatchResult:
    score: float
    reason: str


def similarity(new: Commitment, rec: dict, rec_texts: list[str]) -> MatchResult | None:
    """Can ``new`` be the same commitment as the register record ``rec``?
    Returns a score in [0, 1] and the reasons, or None when facts conflict."""
    reasons: list[str] = []
    rec_members = set(json.loads(rec["members"]))
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
    mine = content_words(_match_text(new))
    best = 0.0
    for t in rec_texts:
        best = max(best, word_overlap(mine, content_words(t)))
    if best:
        score += 0.5 * best
        reasons.append(f"subject overlap {best:.0%}")
    return MatchResult(min(score, 1.0), "; ".join(reasons))


MERGE_THRESHOLD = 0.5


# -- the tracker -----------------------------------------------------------------
class Tracker:
    """The register in a database.  Library first: the CLI only calls these."""

    def __init__(self, db: str | None = None) -> None:
        self.engine = open_db(db)

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
        from drafter.commitments.extract import extract_file

        prepared = []
        for p in paths:
            p = Path(p)
            h = document_hash(p) if p.is_file() else None
            given = (dates_by_path or {}).get(str(p))
            items = extract_file(p, given)
            prepared.append((p, h, items, given))
        # oldest document first, whatever the order on the command line: history reads forward
        prepared.sort(key=lambda x: (x[3].isoformat() if x[3] else next(
            (c.document_date for c in x[2] if c.document_date), None) or "9999"))
        return self.store(prepared, on_mention)

    def store(self, prepared: list, on_mention: Callable[[Commitment], None] | None = None) -> dict:
        """Store already extracted documents: [(path, hash, commitments, date)]."""
        stats = {"documents": 0, "skipped": 0, "mentions": 0, "new": 0, "merged": 0}
        with self.engine.begin() as conn:
            for path, h, items, given in prepared:
                h = h or hashlib.sha256(str(path).encode()).hexdigest()
                if conn.execute(sa.select(documents.c.id).where(documents.c.hash == h)).first():
                    stats["skipped"] += 1
                    continue
                doc_date = (given.isoformat() if given else None) or next(
                    (c.document_date for c in items if c.document_date), None)
                doc_id = conn.execute(documents.insert().values(
                    hash=h, source=str(path), doc_date=doc_date, imported_at=now())).inserted_primary_key[0]
                stats["documents"] += 1
                claimed: set[int] = set()
                for c in items:
                    merged = self._store_mention(conn, doc_id, doc_date, c, claimed)
                    stats["mentions"] += 1
                    stats["merged" if merged else "new"] += 1
                    if on_mention:
                        on_mention(c)
        return stats

    def _store_mention(self, conn: Connection, doc_id: int, doc_date: str | None,
                       c: Commitment, claimed: set[int]) -> bool:
        rec, reason = self._find_record(conn, c, doc_id, claimed)
        data = json.dumps(c.to_dict(), ensure_ascii=False)
        if rec is None:
            cid = conn.execute(commitments.insert().values(
                kind=c.kind, members=json.dumps(c.members, ensure_ascii=False), party=c.party,
                made_on=c.made_on, made_in=c.made_in, kamerstuk=c.kamerstuk, subject=c.subject,
                due=c.due, due_date=c.due_date,
                status=Status.FULFILLED.value if c.fulfilled_here else Status.OPEN.value,
                fulfilled_by=doc_id if c.fulfilled_here else None, created_at=now(),
            )).inserted_primary_key[0]
        else:
            cid = rec["id"]
            updates: dict = {}
            for f in ("party", "made_on", "made_in", "kamerstuk", "due", "due_date"):
                if rec[f] is None and getattr(c, f):
                    updates[f] = getattr(c, f)
            if re.match(r"(toezegging|motie) uit het ", rec["subject"] or "") and not \
                    re.match(r"(toezegging|motie) uit het ", c.subject or ""):
                updates["subject"] = c.subject  # a bare reference came first; now we know what it is
            members = json.loads(rec["members"])
            if c.members and not members:
                updates["members"] = json.dumps(c.members, ensure_ascii=False)
            if c.fulfilled_here and rec["status"] != Status.FULFILLED.value and not rec["status_manual"]:
                updates.update(status=Status.FULFILLED.value, fulfilled_by=doc_id)
            if updates:
                conn.execute(commitments.update().where(commitments.c.id == cid).values(**updates))
        claimed.add(cid)
        conn.execute(mentions.insert().values(
            commitment_id=cid, document_id=doc_id, quote=c.quote, page=c.page, block=c.block,
            fulfils=c.fulfilled_here, new_here=c.new_here, merge_reason=reason, data=data))
        return rec is not None

    def _find_record(self, conn: Connection, c: Commitment, doc_id: int,
                     claimed: set[int]) -> tuple[dict | None, str | None]:
        rows = conn.execute(sa.select(commitments).where(commitments.c.kind == c.kind)).mappings().all()
        texts_of = self._texts_by_record(conn, c.kind)
        best: tuple[float, dict, str] | None = None
        for rec in rows:
            if rec["id"] in claimed:
                continue  # one document mentions one commitment once (the extractor dedupes)
            res = similarity(c, rec, texts_of.get(rec["id"], []) + [rec["subject"]])
            if res is None or res.score < MERGE_THRESHOLD:
                continue
            # prefer open records with a due moment: that is what a later letter answers
            bonus = 0.05 if rec["status"] != Status.FULFILLED.value and rec["due"] else 0.0
            if best is None or res.score + bonus > best[0]:
                best = (res.score + bonus, dict(rec), res.reason)
        if best is None:
            return self._only_one_of_that_debate(c, rows, claimed)
        return best[1], f"merged (score {best[0]:.2f}): {best[2]}"

    @staticmethod
    def _only_one_of_that_debate(c: Commitment, rows, claimed: set[int]) -> tuple[dict | None, str | None]:
        """'… doe ik de toezegging af die ik in het commissiedebat van 8 oktober
        heb gedaan': no subject to compare, but if the register holds exactly
        one compatible commitment of that day, it is that one."""
        if not (c.made_on and len(c.made_on) == 10) or len(content_words(c.quote)) > 12:
            return None, None
        same_day = []
        for rec in rows:
            if rec["id"] in claimed or rec["made_on"] != c.made_on:
                continue
            members = set(json.loads(rec["members"]))
            if c.members and members and not (set(c.members) & members):
                continue
            if c.kamerstuk and rec["kamerstuk"] and c.kamerstuk != rec["kamerstuk"]:
                continue
            same_day.append(rec)
        if len(same_day) != 1:
            return None, None
        return dict(same_day[0]), f"merged: the only {c.kind} of {c.made_on} in the register (no subject to compare)"

    def _texts_by_record(self, conn: Connection, kind: str) -> dict[int, list[str]]:
        """Subjects and (non-aggregate) quotes of every mention, per record: one
        query per stored mention instead of two per record."""
        rows = conn.execute(sa.select(mentions.c.commitment_id, mentions.c.data)
                            .join(commitments, commitments.c.id == mentions.c.commitment_id)
                            .where(commitments.c.kind == kind)).all()
        out: dict[int, list[str]] = {}
        for cid, data in rows:
            m = Commitment.from_dict(json.loads(data))
            texts = out.setdefault(cid, [])
            texts.append(m.subject)
            if not _is_aggregate(m):
                texts.append(m.quote)
        return out

    # queries ---------------------------------------------------------------
    def records(self, as_of: dt.date | None = None) -> list[Commitment]:
        """Every record as a Commitment with its effective status on ``as_of``."""
        as_of = as_of or dt.date.today()
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(commitments).order_by(commitments.c.id)).mappings().all()
            docs = {r.id: r for r in conn.execute(sa.select(documents)).all()}
            first_quote = {}
            for m in conn.execute(sa.select(mentions).order_by(mentions.c.id)).mappings():
                first_quote.setdefault(m["commitment_id"], m)
        out = []
        for r in rows:
            m = first_quote.get(r["id"])
            doc = docs.get(m["document_id"]) if m else None
            c = Commitment(
                kind=r["kind"], members=json.loads(r["members"]), party=r["party"], made_on=r["made_on"],
                made_in=r["made_in"], kamerstuk=r["kamerstuk"], subject=r["subject"], due=r["due"],
                due_date=r["due_date"], fulfilled_here=r["status"] == Status.FULFILLED.value,
                new_here=bool(m and m["new_here"]), quote=m["quote"] if m else "",
                source=doc.source if doc else "", page=m["page"] if m else None, block=m["block"] if m else None,
                id=r["id"], fulfilled_by=docs[r["fulfilled_by"]].source if r["fulfilled_by"] in docs else None,
                document_date=doc.doc_date if doc else None, tk_nummer=r["tk_nummer"],
            )
            c.status = effective_status(r["status"], r["due_date"], r["due"], c.document_date, as_of).value
            out.append(c)
        return out

    def timeline(self) -> dict[int, tuple[str | None, str | None]]:
        """Per record: the date of its first mention and of its first fulfilling one."""
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(mentions.c.commitment_id, mentions.c.fulfils, documents.c.doc_date)
                                .join(documents, documents.c.id == mentions.c.document_id)).all()
        history: dict[int, list[dict]] = {}
        for cid, fulfils, date in rows:
            history.setdefault(cid, []).append({"date": date, "fulfils": fulfils})
        return {cid: _timeline_of(h) for cid, h in history.items()}

    def get(self, cid: int) -> dict:
        """One record with its mentions (history) and status changes."""
        with self.engine.connect() as conn:
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
        with self.engine.connect() as conn:
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
            new_id = conn.execute(commitments.insert().values(
                kind=rec["kind"], members=json.dumps(first.members, ensure_ascii=False), party=first.party,
                made_on=first.made_on, made_in=first.made_in, kamerstuk=first.kamerstuk,
                subject=first.subject, due=first.due, due_date=first.due_date,
                status=Status.FULFILLED.value if fulfilled else Status.OPEN.value,
                fulfilled_by=fulfilled["document_id"] if fulfilled else None, created_at=now(),
            )).inserted_primary_key[0]
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
                    doc_id = conn.execute(documents.insert().values(
                        hash=hashlib.sha256(f"manual:{fulfilled_by}".encode()).hexdigest(),
                        source=fulfilled_by, doc_date=None, imported_at=now())).inserted_primary_key[0]
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
        with self.engine.connect() as conn:
            return {t.name: conn.execute(sa.select(sa.func.count()).select_from(t)).scalar_one()
                    for t in (documents, commitments, mentions, status_changes)}


def effective_status(stored: str, due_date: str | None, due: str | None, doc_date: str | None,
                     as_of: dt.date) -> Status:
    """'open' records become 'due' when the next letter must answer them and
    'overdue' when their moment has passed."""
    if stored != Status.OPEN.value:
        return Status(stored)
    if not due_date:
        return Status.OPEN
    try:
        d = dt.date.fromisoformat(due_date)
    except ValueError:  # a slip stored by an older import: judge nothing, the report shows it as written
        return Status.OPEN
    if d < as_of:
        return Status.OVERDUE
    if d <= dates.next_letter_date(as_of):
        return Status.DUE
    return Status.OPEN


# -- the function the drafting helper uses ------------------------------------------
def load_register(path: Path = REGISTER_JSON) -> list[Commitment]:
    """The register the project ships (built from the five seed documents)."""
    if not path.is_file():
        raise TrackerError(f"{path}: shipped register not found")
    data = json.loads(path.read_text(encoding="utf-8"))
    return [Commitment.from_dict(d) for d in data.get("commitments", data) if isinstance(d, dict)]


def register_on(db_url: str | None, day: dt.date) -> list[Commitment]:
    """Every record as the register stood on ``day``: records first mentioned
    later are left out, a fulfilment by a later document does not count yet,
    and open records are 'due' or 'overdue' as seen on that day.

    From the database at ``db_url``; with None, the register shipped in ``corpus/``.
    """
    if db_url is None:
        records = load_register()
        raw = json.loads(REGISTER_JSON.read_text(encoding="utf-8"))["commitments"]
        timeline = {d["id"]: _timeline_of(d.get("mentions", [])) for d in raw}
    else:
        tracker = Tracker(db_url)
        records = tracker.records(as_of=day)
        timeline = tracker.timeline()
    iso = day.isoformat()
    out = []
    for c in records:
        first, fulfilled_on = timeline.get(c.id, (None, None))
        if first and first > iso:
            continue  # not yet made on that day
        stored = c.status if c.status in (Status.FULFILLED.value, Status.LAPSED.value) else Status.OPEN.value
        if stored == Status.FULFILLED.value and fulfilled_on and fulfilled_on > iso:
            stored = Status.OPEN.value
            c.fulfilled_here, c.fulfilled_by = False, None
        c.status = effective_status(stored, c.due_date, c.due, c.document_date, day).value
        out.append(c)
    return out


def due_for_letter(db_url: str | None, letter_date: dt.date) -> list[Commitment]:
    """The open commitments the letter of ``letter_date`` must answer: due
    before the letter after it, overdue, or promised 'in de volgende
    uitvoeringsbrief'.

    From the database at ``db_url``; with None, from the register shipped in
    ``corpus/``.  The register is read as it stood on ``letter_date`` (see
    ``register_on``).  Sorted by due date (undated last).
    """
    horizon = dates.next_letter_date(letter_date + dt.timedelta(days=1)).isoformat()
    out = []
    for c in register_on(db_url, letter_date):
        if c.status in (Status.FULFILLED.value, Status.LAPSED.value):
            continue
        next_letter = bool(c.due and re.search(r"volgende|uitvoeringsbrief", c.due, re.I))
        if (c.due_date and c.due_date < horizon) or next_letter:
            out.append(c)
    out.sort(key=lambda c: (c.due_date or "9999", c.id or 0))
    return out


def _timeline_of(history: list[dict]) -> tuple[str | None, str | None]:
    """(date of the first mention, date of the first fulfilling mention)."""
    dated = [m for m in history if m.get("date")]
    first = min((m["date"] for m in dated), default=None)
    fulfilled = min((m["date"] for m in dated if m.get("fulfils")), default=None)
    return first, fulfilled
