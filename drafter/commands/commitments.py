"""``drafter commitments``: extract toezeggingen and moties, keep the register, report.

A thin click layer over the public API (``drafter.api``: extract, import,
report) and, for what the API does not cover yet, ``drafter.commitments``
(tracker, report, tkregister).  The register is a SQLite file by default (``--db`` or
$DRAFTER_DB); a ``postgresql://`` URL works the same.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import getpass
import json
import os
from pathlib import Path

import click

from drafter.errors import DrafterError

DB_HELP = "Register: a SQLite file or a database URL (default: $DRAFTER_DB or ./drafter-commitments.sqlite)."


def db_option(f):
    return click.option("--db", envvar="DRAFTER_DB", default=None, help=DB_HELP)(f)


def who_option(f):
    f = click.option("--why", required=True, help="Why: kept in the record's history.")(f)
    return click.option("--who", default=lambda: os.environ.get("USER") or getpass.getuser(),
                        show_default="your user name", help="Who makes the change.")(f)


def parse_date(value: str | None, what: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise DrafterError(f"{what}: {value!r} is not a date (use YYYY-MM-DD)") from None


def _tracker(db: str | None, must_exist: bool = True):
    """Open the register; reading commands refuse a SQLite file that is not there
    (a typo in --db should not silently give an empty report)."""
    from drafter.commitments.tracker import Tracker, database_url

    url = database_url(db)
    if must_exist and url.startswith("sqlite:///"):
        path = Path(url[len("sqlite:///"):])
        if not path.exists():
            raise DrafterError(f"{path}: no register here; import documents first "
                               "('drafter commitments import FILE...') or use --db")
    return Tracker(db)


def db_url_of(db: str | None) -> str:
    from drafter.commitments.tracker import database_url

    return database_url(db)


def _emit(text: str, output: Path | None) -> None:
    if output is None:
        click.echo(text, nl=False)
        return
    from drafter.commitments.report import write_text_atomic

    write_text_atomic(output, text)
    click.echo(f"wrote {output}", err=True)


@click.group("commitments")
def commitments_group() -> None:
    """Toezeggingen and moties: extract them from letters and nota's, keep them
    in one register across documents, and report what the next
    uitvoeringsbrief must answer.

    \b
    Example:
      drafter commitments extract brief.txt --format table
      drafter commitments import seeds/*.txt --db register.sqlite
      drafter commitments report --status due,overdue --format html -o open.html
    """


@commitments_group.command("extract")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["json", "table"]), default="json", show_default=True)
@click.option("--date", "date_", help="Date of the document (YYYY-MM-DD) when the text does not say it.")
def extract_command(files: tuple[Path, ...], fmt: str, date_: str | None) -> None:
    """Find the toezeggingen and moties in documents (txt, docx, PDF, OCR JSON).

    JSON output is a list of commitments with kind, members, party, made_on,
    made_in, kamerstuk, subject, due, due_date, fulfilled_here, new_here,
    quote, source, page and block.

    \b
    Example:
      drafter commitments extract nota.txt
      drafter commitments extract brief.pdf --format table
    """
    from drafter.api import extract_commitments
    from drafter.commitments.report import render_table

    when = parse_date(date_, "--date")
    found = []
    for f in files:
        found.extend(extract_commitments(f, when))
    if fmt == "json":
        click.echo(json.dumps([c.to_dict() for c in found], ensure_ascii=False, indent=2))
    else:
        for number, c in enumerate(found, 1):
            c.status = "fulfilled" if c.fulfilled_here else "open"
            c.id = number
        click.echo(render_table(found, as_of=dt.date.today()), nl=False)


@commitments_group.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@db_option
@click.option("--date", "date_", help="Date of the document (only with one file).")
@click.option("--tk-register", is_flag=True, help="FILES are Tweede Kamer Toezegging exports (CSV/JSON).")
def import_command(files: tuple[Path, ...], db: str | None, date_: str | None, tk_register: bool) -> None:
    """Store the commitments of documents in the register, in one transaction.

    Documents already imported (same content) are skipped; a commitment seen
    before becomes a new mention of the same record, with the reason stored.

    \b
    Example:
      drafter commitments import brief-sept-2023.txt nota-nov-2023.txt --db register.sqlite
      drafter commitments import toezeggingen.csv --tk-register
    """
    from drafter.api import import_documents

    when = parse_date(date_, "--date")
    if when and len(files) > 1:
        raise DrafterError("--date applies to one document; import the others separately")
    if tk_register:
        from drafter.commitments.tkregister import import_tk, read_rows

        for f in files:
            read_rows(f)  # every row of every file checked before the register is opened or created
    new_file = _new_sqlite_file(db)
    with _removed_on_failure(db, new_file):
        tracker = _tracker(db, must_exist=False)
        if tk_register:
            for f in files:
                stats = import_tk(tracker, f)
                click.echo(f"{f}: {stats['rows']} rows, {stats['linked']} linked, {stats['created']} new, "
                           f"{stats['status_updated']} status updates, {stats['skipped']} already imported")
            return
        stats = import_documents(list(files), tracker, {str(files[0]): when} if when else None)
    click.echo(f"{stats['documents']} document(s) imported, {stats['skipped']} already in the register; "
               f"{stats['mentions']} mentions: {stats['new']} new records, {stats['merged']} merged")


def _new_sqlite_file(db: str | None) -> Path | None:
    """The SQLite register file this import would create, or None when it exists or is no file."""
    url = db_url_of(db)
    if not url.startswith("sqlite:///"):
        return None
    path = Path(url[len("sqlite:///"):])
    return None if path.exists() else path


@contextlib.contextmanager
def _removed_on_failure(db: str | None, new_file: Path | None):
    """A register file created for an import that then fails is removed again:
    a failed import leaves nothing behind.  Only while it holds no document,
    checked under the write lock: another import may have filled it meanwhile."""
    try:
        yield
    except BaseException:
        if new_file is not None:
            from drafter.commitments.tracker import remove_if_empty

            remove_if_empty(db_url_of(db))
        raise


@commitments_group.command("list")
@db_option
@click.option("--status", help="Comma-separated: open,due,overdue,fulfilled,lapsed.")
@click.option("--member", help="Only commitments to this Kamerlid (surname).")
@click.option("--as-of", help="Judge due/overdue on this date (default today).")
def list_command(db: str | None, status: str | None, member: str | None, as_of: str | None) -> None:
    """List the register as a table.

    \b
    Example:
      drafter commitments list --status overdue
    """
    from drafter.commitments.registerview import register_on
    from drafter.commitments.report import Selection, render_table, select

    day = parse_date(as_of, "--as-of") or dt.date.today()
    _tracker(db)
    records = select(register_on(db_url_of(db), day), Selection(_statuses(status), None, member))
    click.echo(render_table(records, as_of=day), nl=False)


def _statuses(value: str | None) -> tuple[str, ...]:
    from drafter.commitments.model import Status

    if not value:
        return ()
    out = tuple(s.strip() for s in value.split(",") if s.strip())
    bad = [s for s in out if s not in {x.value for x in Status}]
    if bad:
        raise DrafterError(f"unknown status {', '.join(bad)}; use open, due, overdue, fulfilled, lapsed")
    return out


@commitments_group.command("show")
@click.argument("record_id", type=int)
@db_option
def show_command(record_id: int, db: str | None) -> None:
    """Show one record: its facts, every mention (with why it was merged) and
    every status change.

    \b
    Example:
      drafter commitments show 12
    """
    from drafter.commitments.model import STATUS_NL, Status
    from drafter.commitments.report import nl_date  # shows a stored slip as written instead of crashing

    tracker = _tracker(db)
    r = tracker.get(record_id)["record"]
    history, changes = tracker.history(record_id)
    members = "/".join(json.loads(r["members"]))
    click.echo(f"{r['id']}. {r['kind']} {members}".rstrip() + f" — {r['subject']}")
    for key, label in (("made_on", "gedaan op"), ("made_in", "gedaan in"), ("kamerstuk", "Kamerstuk"),
                       ("due", "termijn"), ("due_date", "uiterlijk"), ("status", "status"), ("tk_nummer", "TK-nummer")):
        if r[key]:
            value = nl_date(r[key]) if key in ("made_on", "due_date") else r[key]
            if key == "status":
                value = STATUS_NL[Status(value)]
            click.echo(f"  {label}: {value}")
    click.echo("  vermeldingen:")
    for m in history:
        flag = " (afgedaan)" if m.fulfils else (" (nieuw)" if m.commitment.new_here else "")
        click.echo(f"   #{m.id} {Path(m.document).name} {nl_date(m.document_date)}{flag}")
        click.echo(f"      \"{m.commitment.quote}\"")
        if m.merge_reason:
            click.echo(f"      samengevoegd: {m.merge_reason}")
    for c in changes:
        click.echo(f"  status {c.old} -> {c.new} door {c.who} op {c.when}: {c.why}")


@commitments_group.command("report")
@db_option
@click.option("--status", help="Comma-separated: open,due,overdue,fulfilled,lapsed.")
@click.option("--due-before", help="Only commitments due before this date (YYYY-MM-DD).")
@click.option("--member", help="Only commitments to this Kamerlid (surname).")
@click.option("--format", "fmt", type=click.Choice(["table", "md", "csv", "xlsx", "html", "json"]),
              default="table", show_default=True)
@click.option("--as-of", help="Judge due/overdue on this date (default today).")
@click.option("--shipped", is_flag=True, help="Report on the register shipped in corpus/ instead of a database.")
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Write to this file (required for xlsx).")
def report_command(db, status, due_before, member, fmt, as_of, shipped, output) -> None:
    """Report what falls due in the next uitvoeringsbrief, what is overdue, per
    member and per debate, with the quote and source of each.

    \b
    Example:
      drafter commitments report --status due,overdue
      drafter commitments report --format html -o toezeggingen.html
      drafter commitments report --shipped --as-of 2025-12-01 --format md
    """
    from drafter.api import commitments_report
    from drafter.commitments import report as rep

    day = parse_date(as_of, "--as-of") or dt.date.today()
    if not shipped:
        _tracker(db)  # refuse a register file that is not there
    records = commitments_report(db_url_of(db), as_of=day, statuses=_statuses(status),
                                 due_before=parse_date(due_before, "--due-before"), member=member, shipped=shipped)
    if fmt == "xlsx":
        if output is None:
            raise DrafterError("xlsx needs a file: add -o report.xlsx")
        rep.write(records, fmt, output, day)
        click.echo(f"wrote {output}", err=True)
        return
    if output:
        rep.write(records, fmt, output, day)
        click.echo(f"wrote {output}", err=True)
    else:
        click.echo(rep.render(records, fmt, day), nl=False)


@commitments_group.command("merge")
@click.argument("keep", type=int)
@click.argument("other", type=int)
@db_option
@who_option
def merge_command(keep: int, other: int, db: str | None, who: str, why: str) -> None:
    """Fold record OTHER into record KEEP (a duplicate the tracker missed).

    \b
    Example:
      drafter commitments merge 12 31 --why "zelfde toezegging aan Becker"
    """
    _tracker(db).merge(keep, other, who=who, why=why)
    click.echo(f"record {other} merged into {keep}")


@commitments_group.command("split")
@click.argument("record_id", type=int)
@click.argument("mention_ids", type=int, nargs=-1, required=True)
@db_option
@who_option
def split_command(record_id: int, mention_ids: tuple[int, ...], db: str | None, who: str, why: str) -> None:
    """Move mentions wrongly merged into a record to a new record of their own
    (mention numbers as shown by 'show').

    \b
    Example:
      drafter commitments split 12 40 --why "andere toezegging"
    """
    new_id = _tracker(db).split(record_id, mention_ids, who=who, why=why)
    click.echo(f"mentions {', '.join(map(str, mention_ids))} now form record {new_id}")


@commitments_group.command("set-status")
@click.argument("record_id", type=int)
@click.argument("status", type=click.Choice(["open", "fulfilled", "lapsed"]))
@db_option
@who_option
@click.option("--fulfilled-by", help="The document that fulfilled it (name or reference).")
def set_status_command(record_id: int, status: str, db: str | None, who: str, why: str,
                       fulfilled_by: str | None) -> None:
    """Change a record's status by hand; who, when and why are kept.

    \b
    Example:
      drafter commitments set-status 14 lapsed --why "vervallen na kabinetswissel"
    """
    _tracker(db).set_status(record_id, status, who=who, why=why, fulfilled_by=fulfilled_by)
    click.echo(f"record {record_id}: {status}")


@commitments_group.command("export")
@db_option
@click.option("--format", "fmt", type=click.Choice(["tk-csv", "tk-json", "json", "csv"]), default="tk-csv",
              show_default=True)
@click.option("--ministerie", default="Sociale Zaken en Werkgelegenheid", show_default=True)
@click.option("--as-of", help="Judge due/overdue on this date (default today).")
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Write to this file.")
def export_command(db: str | None, fmt: str, ministerie: str, as_of: str | None, output: Path | None) -> None:
    """Export the register: in the Tweede Kamer's Toezegging format (Nummer,
    Tekst, Status, DatumNakoming, Ministerie, Naam, ToegezegdAan) to reconcile
    with the Kamer, or as our own JSON/CSV.

    \b
    Example:
      drafter commitments export --format tk-csv -o toezeggingen-szw.csv
    """
    from drafter.commitments import report as rep
    from drafter.commitments import tkregister

    day = parse_date(as_of, "--as-of") or dt.date.today()
    records = _tracker(db).records(as_of=day)
    if fmt.startswith("tk-"):
        text = tkregister.render(records, fmt[3:], ministerie=ministerie)
    else:
        text = rep.render(records, fmt, day)
    _emit(text, output)
