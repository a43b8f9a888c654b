"""The officer's corrections of the OCR remarks, as an append-only log in the register database.

Nothing the machine read is overwritten: every correction is a row (who, when,
document, annotation, field, before, after) and the corrected document is the
OCR output with the log replayed over it (``apply``).  That keeps the history
and lets a later OCR run of the same scan be corrected again the same way.

Fields: ``text`` (transcription), ``anchor`` (id of the paragraph),
``removed`` ('ja' = 'geen aantekening', 'nee' = undone) and ``new`` (a box the
machine missed; ``after`` is the annotation as JSON).  The review decisions on
register records (confirm/reject) are a second append-only log of the same kind.

The tables are the web app's own, created on the register's engine the first
time the app opens it; the tracker's tables and migrations are not touched.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import json
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from drafter.commitments.tracker import READ_ONLY
from drafter.errors import DrafterError
from ocr.model import ANNOTATION_KINDS, Annotation, Document

FIELDS = ("text", "anchor", "removed", "new")
DECISIONS = ("bevestigd", "afgewezen")

metadata = sa.MetaData()
corrections = sa.Table(
    "web_corrections", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("at", sa.String(32), nullable=False),
    sa.Column("who", sa.Text, nullable=False),
    sa.Column("document", sa.Text, nullable=False),
    sa.Column("annotation", sa.String(32), nullable=False),
    sa.Column("field", sa.String(16), nullable=False),
    sa.Column("before", sa.Text),
    sa.Column("after", sa.Text),
    sa.Index("ix_web_corrections_document", "document"),
)
reviews = sa.Table(
    "web_reviews", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("at", sa.String(32), nullable=False),
    sa.Column("who", sa.Text, nullable=False),
    sa.Column("commitment_id", sa.Integer, nullable=False),
    sa.Column("decision", sa.String(16), nullable=False),
    sa.Column("why", sa.Text, nullable=False, server_default=""),
    sa.Index("ix_web_reviews_commitment", "commitment_id"),
)


@dataclass(frozen=True)
class Correction:
    id: int
    at: str
    who: str
    document: str
    annotation: str
    field: str
    before: str | None
    after: str | None


def _now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


def ensure_tables(engine: Engine) -> None:
    """Create the web app's log tables if they are not there (one transaction, under the register's lock)."""
    with engine.begin() as conn:
        metadata.create_all(conn, checkfirst=True)


def record(engine: Engine, who: str, document: str, annotation: str, field: str,
           before: str | None, after: str | None) -> None:
    """Append one correction to the log."""
    if field not in FIELDS:
        raise DrafterError(f"unknown correction field {field!r}; use one of {', '.join(FIELDS)}")
    with engine.begin() as conn:
        conn.execute(corrections.insert().values(at=_now(), who=who, document=document, annotation=annotation,
                                                 field=field, before=before, after=after))


def log_of(engine: Engine, document: str) -> list[Correction]:
    """Every correction of one document, oldest first."""
    with engine.connect().execution_options(**READ_ONLY) as conn:
        rows = conn.execute(sa.select(corrections).where(corrections.c.document == document)
                            .order_by(corrections.c.id)).mappings().all()
    return [Correction(**dict(r)) for r in rows]


def new_annotation_id(doc: Document) -> str:
    """'w1', 'w2', …: ids of boxes drawn by the officer, never clashing with the OCR's 'a…'."""
    taken = {a.id for a in doc.annotations}
    n = 1
    while f"w{n}" in taken:
        n += 1
    return f"w{n}"


def annotation_json(note: Annotation) -> str:
    return json.dumps(dataclasses.asdict(note), ensure_ascii=False)


def apply(doc: Document, log: list[Correction]) -> tuple[Document, set[str]]:
    """The document with the log replayed over it, and the ids marked 'geen aantekening'.

    The removed remarks stay in the returned document (the review page shows them
    struck through); ``without_removed`` drops them for export.
    """
    out = Document.from_dict(doc.to_dict())
    by_id = {a.id: a for a in out.annotations}
    removed: set[str] = set()
    for c in log:
        if c.field == "new":
            data = json.loads(c.after or "{}")
            if data.get("kind") not in ANNOTATION_KINDS or c.annotation in by_id:
                continue
            data["bbox"] = tuple(data["bbox"]) if data.get("bbox") else None
            note = Annotation(**{k: data.get(k) for k in ("id", "page", "kind", "text", "bbox", "anchor",
                                                           "confidence", "image")})
            out.annotations.append(note)
            by_id[note.id] = note
            continue
        found = by_id.get(c.annotation)
        if found is None:
            continue
        note = found
        if c.field == "text":
            note.text = c.after or ""
            note.confidence = 1.0  # read by a person
        elif c.field == "anchor":
            note.anchor = c.after or None
        elif c.field == "removed":
            (removed.add if c.after == "ja" else removed.discard)(note.id)
    return out, removed


def without_removed(doc: Document, removed: set[str]) -> Document:
    doc.annotations = [a for a in doc.annotations if a.id not in removed]
    return doc


def review(engine: Engine, who: str, commitment_id: int, decision: str, why: str = "") -> None:
    """Append the officer's judgement of an extracted record: 'bevestigd' or 'afgewezen'."""
    if decision not in DECISIONS:
        raise DrafterError(f"unknown decision {decision!r}; use {' or '.join(DECISIONS)}")
    with engine.begin() as conn:
        conn.execute(reviews.insert().values(at=_now(), who=who, commitment_id=commitment_id, decision=decision,
                                             why=why))


def latest_reviews(engine: Engine) -> dict[int, dict]:
    """The newest decision per record: {id: {decision, who, at, why}}."""
    out: dict[int, dict] = {}
    with engine.connect().execution_options(**READ_ONLY) as conn:
        for r in conn.execute(sa.select(reviews).order_by(reviews.c.id)).mappings():
            out[r["commitment_id"]] = dict(r)
    return out


def reviews_of(engine: Engine, commitment_id: int) -> list[dict]:
    with engine.connect().execution_options(**READ_ONLY) as conn:
        return [dict(r) for r in conn.execute(sa.select(reviews).where(reviews.c.commitment_id == commitment_id)
                                              .order_by(reviews.c.id)).mappings()]
