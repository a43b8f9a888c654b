"""The Tweede Kamer's own register of toezeggingen (open data, entity
``Toezegging``), in and out, so our register can be reconciled with the Kamer's.

Fields used: Nummer (``TZ202412-116``), Tekst, Status (Openstaand, Afgedaan,
Deels afgedaan, Vervallen, Voldaan), DatumNakoming (ISO timestamp; empty is
``0001-01-01T00:00:00Z``), Ministerie, Naam (the bewindspersoon), ToegezegdAan
(member or party).  CSV or JSON (a list, or OData's ``{"value": [...]}``).
"""
from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import re
from pathlib import Path

import sqlalchemy as sa

from drafter.commitments.model import Commitment, Status
from drafter.commitments.report import safe_row
from drafter.commitments.tracker import Tracker, TrackerError, commitments, content_words, documents, mentions, now

FIELDS = ("Nummer", "Tekst", "Status", "DatumNakoming", "Ministerie", "Naam", "ToegezegdAan")
EMPTY_DATE = "0001-01-01T00:00:00Z"
TK_TO_STATUS = {
    "openstaand": Status.OPEN, "deels afgedaan": Status.OPEN, "afgedaan": Status.FULFILLED,
    "voldaan": Status.FULFILLED, "vervallen": Status.LAPSED,
}
STATUS_TO_TK = {
    Status.OPEN: "Openstaand", Status.DUE: "Openstaand", Status.OVERDUE: "Openstaand",
    Status.FULFILLED: "Voldaan", Status.LAPSED: "Vervallen",
}


def read_rows(path: Path) -> list[dict[str, str]]:
    """Rows of a TK register file; a clear error when it is not one."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise TrackerError(f"{path}: cannot read ({exc.__class__.__name__})") from None
    if path.suffix.lower() == ".json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise TrackerError(f"{path}: invalid JSON ({exc.msg}, line {exc.lineno})") from None
        rows = data.get("value", data) if isinstance(data, dict) else data
    else:
        rows = list(csv.DictReader(io.StringIO(text), delimiter=";" if text.count(";") > text.count(",") else ","))
    if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
        raise TrackerError(f"{path}: not a list of Toezegging records")
    for n, row in enumerate(rows, start=1):
        for field in FIELDS:
            if not isinstance(row.get(field), (str, int, type(None))) or isinstance(row.get(field), bool):
                raise TrackerError(f"{path}: record {n}, {field}: not a text ({type(row.get(field)).__name__})")
    missing = [f for f in ("Nummer", "Tekst", "Status") if rows and f not in rows[0]]
    if missing:
        raise TrackerError(f"{path}: not a Tweede Kamer Toezegging export (missing {', '.join(missing)})")
    out = [{k: ("" if v is None else str(v)) for k, v in r.items() if k is not None} for r in rows]
    check_rows(out, path)
    return out


#: 'TZ202412-116': letters, digits, '-', '.', '/'; never empty.
NUMMER_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._/-]{0,39}")
#: An ISO date, optionally with the time OData adds ('2024-06-30T00:00:00Z').
TIMESTAMP_RE = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
MAX_TEXT = 20_000
MAX_FIELD = 500


def check_rows(rows: list[dict[str, str]], path: Path) -> None:
    """Every field of every row, before anything is stored: the first bad one is
    one ``TrackerError`` line naming file, row and field."""
    first_row = 2 if Path(path).suffix.lower() != ".json" else 1
    unit = "row" if first_row == 2 else "record"
    seen: dict[str, int] = {}
    for n, row in enumerate(rows, start=first_row):
        where = f"{path}: {unit} {n}"
        problem = _field_problem(row)
        if problem:
            field, why = problem
            raise TrackerError(f"{where}, {field}: {why}")
        nummer = row["Nummer"].strip()
        if nummer in seen:
            raise TrackerError(f"{where}, Nummer: {nummer} already in {unit} {seen[nummer]}")
        seen[nummer] = n


def _field_problem(row: dict[str, str]) -> tuple[str, str] | None:
    """(field, what is wrong) for the first bad field of a row, or None."""
    nummer = row.get("Nummer", "").strip()
    if not NUMMER_RE.fullmatch(nummer):
        return "Nummer", f"{nummer[:40]!r} is not a register number (like TZ202412-116)"
    tekst = row.get("Tekst", "")
    if not tekst.strip():
        return "Tekst", "empty"
    if len(tekst) > MAX_TEXT:
        return "Tekst", f"longer than {MAX_TEXT} characters"
    for field in FIELDS:
        if _CONTROL.search(row.get(field, "")):
            return field, "contains control characters"
    for field in ("Status", "Ministerie", "Naam", "ToegezegdAan"):
        if len(row.get(field, "")) > MAX_FIELD:
            return field, f"longer than {MAX_FIELD} characters"
    status = row.get("Status", "").strip()
    if status and status.lower() not in TK_TO_STATUS:
        return "Status", (f"{status[:40]!r} is not a Toezegging status "
                          f"(one of Openstaand, Deels afgedaan, Afgedaan, Voldaan, Vervallen)")
    when = row.get("DatumNakoming", "").strip()
    if when and not when.startswith("0001-01-01") and not _valid_timestamp(when):
        return "DatumNakoming", f"{when[:40]!r} is not a date (like 2024-06-30T00:00:00Z)"
    return None


def _valid_timestamp(value: str) -> bool:
    match = TIMESTAMP_RE.fullmatch(value)
    if not match:
        return False
    try:
        day = dt.date(*(int(g) for g in match.groups()))
    except ValueError:
        return False
    return 1900 <= day.year <= 2199


def _date(value: str) -> str | None:
    if not value or value.startswith("0001-01-01"):
        return None
    return value[:10]


def _members(value: str) -> list[str]:
    value = re.sub(r"\([^)]*\)", "", value or "")
    value = re.sub(r"\b(?:het\s+)?(?:Kamer)?lid\s+|\bde\s+(?:heer|leden)\s+|\bmevrouw\s+", "", value, flags=re.I)
    return [p.strip() for p in re.split(r"\s*(?:,|/|\ben\b)\s*", value) if p.strip()]


def import_tk(tracker: Tracker, path: Path) -> dict[str, int]:
    """Reconcile a TK export with the register, in one transaction.

    A row whose Nummer is known updates that record's status when the Kamer
    says otherwise; an unknown row is matched to an unnumbered record on
    member + text overlap (and gets its Nummer), else becomes a new record.
    Importing the same file twice changes nothing.
    """
    rows = read_rows(path)  # every field checked here, before the transaction opens
    digest = hashlib.sha256(Path(path).read_bytes()).hexdigest()
    stats = {"rows": len(rows), "linked": 0, "created": 0, "status_updated": 0, "skipped": 0}
    with tracker.engine.begin() as conn:
        if conn.execute(sa.select(documents.c.id).where(documents.c.hash == digest)).first():
            stats["skipped"] = len(rows)
            return stats
        doc_id = conn.execute(documents.insert().values(  # type: ignore[index]
            hash=digest, source=f"TK-register {Path(path).name}", doc_date=dt.date.today().isoformat(),
            imported_at=now())).inserted_primary_key[0]
        for row in rows:
            tk_status = TK_TO_STATUS.get(row.get("Status", "").strip().lower(), Status.OPEN)
            members = _members(row.get("ToegezegdAan", ""))
            rec = conn.execute(sa.select(commitments).where(commitments.c.tk_nummer == row["Nummer"])).mappings().first()
            if rec is None:
                rec = _best_unnumbered(conn, row["Tekst"], members)
                if rec is not None:
                    conn.execute(commitments.update().where(commitments.c.id == rec["id"]).values(
                        tk_nummer=row["Nummer"], ministerie=row.get("Ministerie") or None))
                    stats["linked"] += 1
            c = Commitment(kind="toezegging", members=members, subject=row["Tekst"][:200],
                           due_date=_date(row.get("DatumNakoming", "")), quote=row["Tekst"],
                           source=f"TK-register {Path(path).name}", fulfilled_here=tk_status == Status.FULFILLED)
            if rec is None:
                cid = conn.execute(commitments.insert().values(  # type: ignore[index]
                    kind="toezegging", members=json.dumps(members, ensure_ascii=False), subject=c.subject,
                    due_date=c.due_date, status=tk_status.value, status_manual=tk_status != Status.OPEN,
                    fulfilled_by=doc_id if tk_status == Status.FULFILLED else None, tk_nummer=row["Nummer"],
                    ministerie=row.get("Ministerie") or None, created_at=now())).inserted_primary_key[0]
                stats["created"] += 1
                reason = None
            else:
                cid = rec["id"]
                reason = f"TK register {row['Nummer']}"
                if tk_status != Status.OPEN and rec["status"] != tk_status.value:
                    conn.execute(commitments.update().where(commitments.c.id == cid).values(
                        status=tk_status.value, status_manual=True,
                        fulfilled_by=doc_id if tk_status == Status.FULFILLED else rec["fulfilled_by"]))
                    stats["status_updated"] += 1
            conn.execute(mentions.insert().values(
                commitment_id=cid, document_id=doc_id, quote=row["Tekst"], fulfils=tk_status == Status.FULFILLED,
                new_here=False, merge_reason=reason, data=json.dumps(c.to_dict(), ensure_ascii=False)))
    return stats


def _best_unnumbered(conn, text: str, members: list[str]):
    words = content_words(text)
    best, best_score = None, 0.0
    for rec in conn.execute(sa.select(commitments).where(commitments.c.tk_nummer.is_(None))).mappings():
        rec_members = set(json.loads(rec["members"]))
        if members and rec_members and not (set(members) & rec_members):
            continue
        theirs = content_words(rec["subject"])
        quotes = conn.execute(sa.select(mentions.c.quote).where(mentions.c.commitment_id == rec["id"])).all()
        for (q,) in quotes:
            theirs |= content_words(q)
        if not words or not theirs:
            continue
        overlap = len(words & theirs) / len(words)
        score = overlap + (0.3 if members and set(members) & rec_members else 0)
        if overlap >= 0.4 and score > best_score:
            best, best_score = rec, score
    return best


def export_rows(records: list[Commitment], ministerie: str = "Sociale Zaken en Werkgelegenheid",
                naam: str = "") -> list[dict[str, str]]:
    rows = []
    for c in records:
        if c.kind != "toezegging":
            continue  # the Kamer's Toezegging register has no moties
        status = Status(c.status) if c.status else Status.OPEN
        to = ", ".join(c.members) + (f" ({c.party})" if c.party else "")
        rows.append({
            "Nummer": c.tk_nummer or f"DR-{c.id:05d}",
            "Tekst": c.subject, "Status": STATUS_TO_TK[status],
            "DatumNakoming": f"{c.due_date}T00:00:00Z" if c.due_date else EMPTY_DATE,
            "Ministerie": ministerie, "Naam": naam, "ToegezegdAan": to,
        })
    return rows


def render(records: list[Commitment], fmt: str, **kw) -> str:
    rows = export_rows(records, **kw)
    if fmt == "json":
        return json.dumps({"value": rows}, ensure_ascii=False, indent=2) + "\n"
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(FIELDS)
    for row in rows:
        w.writerow(safe_row(row[f] for f in FIELDS))  # the one formula-neutralising rule of the reports
    return buf.getvalue()
