"""The public Python API of drafter: what the command line, the review app and a notebook call.

Thin functions over the library, each importing what it needs when called, so
``import drafter`` stays cheap.  Failures are exceptions with a one-line
message: ``DrafterError`` (bad input), ``ReadError`` (a document that cannot be
read), ``MissingDependency`` (Tesseract or poppler not installed),
``OutputNotWritable``; each carries the ``exit_code`` the CLI would use.

Example::

    import drafter
    doc = drafter.read_document("nota.pdf")
    found = drafter.extract_commitments(doc)
    register = drafter.open_register("register.sqlite")
    drafter.import_documents(["brief.txt"], register)
    due = drafter.commitments_report(register, statuses=("due", "overdue"))
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from drafter.commitments.model import Commitment
    from drafter.commitments.tracker import Tracker
    from drafter.drafting.compose import Draft
    from drafter.figures.check import Finding
    from drafter.figures.store import FigureStore
    from ocr.model import Document

__all__ = [
    "read_document", "extract_commitments", "open_register", "import_documents", "commitments_report",
    "load_figures", "check_letter", "draft_letter", "apply_corrections",
]


def read_document(path: Path | str, workdir: Path | str | None = None) -> Document:
    """Read a nota or letter (PDF, scan, .docx, .txt, .md, OCR JSON) into an ``ocr.Document``.

    Scans are OCR'd; the crops of handwritten remarks are kept in ``workdir``
    when given (``annotation.image`` relative to it), else dropped.  Nothing is
    ever written next to the input.
    """
    from ocr import read_document as read

    return read(path, workdir=Path(workdir) if workdir is not None else None)


def extract_commitments(source: Document | Path | str, date: dt.date | None = None) -> list[Commitment]:
    """The toezeggingen and moties in a document (a path, or a ``Document`` already read).

    ``date``: the document's date when its text does not say it (due dates such
    as 'voor de zomer' are counted from it).
    """
    from drafter.commitments.extract import extract, extract_file

    if isinstance(source, (str, Path)):
        return extract_file(Path(source), date)
    return extract(source, date)


def open_register(url: str | Path | None = None) -> Tracker:
    """The commitments register: a SQLite file or a database URL (``postgresql://…``).

    None means ``$DRAFTER_DB``, else ``./drafter-commitments.sqlite``.  A new
    SQLite file is created (and its schema migrated) on first use.
    """
    from drafter.commitments.tracker import Tracker

    return Tracker(None if url is None else str(url))


def _register(register: Tracker | str | Path | None) -> Tracker:
    from drafter.commitments.tracker import Tracker

    return register if isinstance(register, Tracker) else open_register(register)


def import_documents(paths: Sequence[Path | str], register: Tracker | str | Path | None = None,
                     dates: dict[str, dt.date] | None = None) -> dict[str, int]:
    """Extract the commitments of documents and store them in the register, in one transaction.

    Documents already imported (same content) are skipped; a commitment seen
    before becomes a new mention of its record.  ``dates``: document dates by
    path, for documents whose text does not say it.  Returns counts
    (documents, skipped, mentions, new, merged).
    """
    return _register(register).import_documents([Path(p) for p in paths], dates)


def commitments_report(register: Tracker | str | Path | None = None, *, as_of: dt.date | None = None,
                       statuses: Iterable[str] = (), due_before: dt.date | None = None,
                       member: str | None = None, fmt: str | None = None, shipped: bool = False) -> Any:
    """The register as it stood on ``as_of`` (default today), filtered, as records or as a text report.

    ``statuses``: any of open, due, overdue, fulfilled, lapsed; ``member``: a
    Kamerlid's surname.  ``fmt`` None gives the list of ``Commitment``s; 'table',
    'md', 'csv', 'html' or 'json' gives the report as text.  ``shipped=True``
    reports on the register shipped in ``corpus/`` instead of ``register``.
    """
    from drafter.commitments import report as rep
    from drafter.commitments.registerview import register_on

    day = as_of or dt.date.today()
    url = None if shipped else _register_url(register)
    records = rep.select(register_on(url, day), rep.Selection(tuple(statuses), due_before, member))
    return records if fmt is None else rep.render(records, fmt, day)


def _register_url(register: Tracker | str | Path | None) -> str:
    from drafter.commitments.tracker import Tracker, database_url

    if isinstance(register, Tracker):
        return register.url
    return database_url(None if register is None else str(register))


def load_figures(store: Path | str | None = None) -> FigureStore:
    """The figures store: every series of a folder (default: the one shipped in ``corpus/figures``)."""
    from drafter.figures.store import DEFAULT_STORE, FigureStore

    return FigureStore(DEFAULT_STORE if store is None else Path(store))


def check_letter(path: Path | str) -> list[Finding]:
    """The inconsistencies of a letter (.docx, .pdf, text): tables that do not add up, shares that do
    not match their counts, prose ('gestegen van X naar Y') that contradicts its table."""
    from drafter.figures.check import check_letter as check

    return check(Path(path))


def draft_letter(spec: Path | str, out: Path | str | None, nota: Path | str | None = None,
                 templates: Path | str | None = None, db: str | Path | None = None,
                 store: Path | str | None = None) -> Draft:
    """Draft the uitvoeringsbrief (``out``, .docx) and optionally its nota from a letter spec.

    ``templates``: your own templates folder, searched before the built-ins;
    ``db``: your commitments register (None: the one shipped in ``corpus/``);
    ``store``: the figures folder.  Nothing is written unless everything rendered.
    """
    from drafter.drafting.compose import draft_files
    from drafter.figures.store import DEFAULT_STORE

    return draft_files(Path(spec), None if out is None else Path(out), None if nota is None else Path(nota),
                       DEFAULT_STORE if store is None else Path(store),
                       None if templates is None else Path(templates), _existing_register(db))


def _existing_register(db: str | Path | None) -> str | None:
    """The URL of a register to read from; a SQLite file that is not there is refused, not created."""
    from drafter.commitments.tracker import database_url, sqlite_path
    from drafter.errors import DrafterError

    if db is None:
        return None
    url = database_url(str(db))
    path = sqlite_path(url)
    if path is not None and not path.is_file():
        raise DrafterError(f"{db}: no register here; leave it out to draft from the register shipped in corpus/")
    return url


def apply_corrections(ocr_dir: Path | str, out_dir: Path | str, register: Tracker | str | Path | None = None,
                      stems: list[str] | None = None) -> dict[str, int]:
    """The OCR output of ``ocr_dir`` with the corrections officers made in ``drafter serve`` (kept as
    an append-only log in the register) applied, written to ``out_dir`` as JSON, Markdown and Word.
    Returns document stem -> number of corrections in its log."""
    from drafter.web import corrections
    from drafter.web.notas import export_corrected

    tracker = _register(register)
    corrections.ensure_tables(tracker.engine)
    return export_corrected(Path(ocr_dir), Path(out_dir), tracker.engine, stems)

