"""Pages for the register: filtered list, a record with its mentions in their sources, review actions, reports."""
from __future__ import annotations

import datetime as dt
import json
import secrets
from pathlib import Path
from urllib.parse import urlencode

from markupsafe import Markup, escape
from starlette.background import BackgroundTask
from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, Response
from starlette.routing import Route

from drafter.commitments.model import KINDS, STATUS_NL, Commitment, Status
from drafter.errors import DrafterError
from drafter.web import corrections
from drafter.web.render import back, page

PAGE_SIZE = 100
FILTERS = ("status", "soort", "lid", "voor", "bron", "q", "beoordeling")
REPORTS = {"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
           "csv": "text/csv; charset=utf-8", "html": "text/html; charset=utf-8"}


def _filters(request: Request) -> dict[str, str]:
    return {k: request.query_params.get(k, "").strip()[:200] for k in FILTERS}


def _day(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def register_version(engine) -> tuple:  # noqa: ANN001 - the register's engine
    """A cheap fingerprint that changes whenever the register does: the row counts and highest ids of its
    tables (every import, merge, split and status change adds rows) and, for a SQLite file, its and its
    journal's modification times (any committed write, an update in place too)."""
    import sqlalchemy as sa

    from drafter.commitments.tracker import READ_ONLY, commitments, documents, mentions, sqlite_path, status_changes

    with engine.connect().execution_options(**READ_ONLY) as conn:
        rows = tuple(tuple(conn.execute(sa.select(sa.func.count(), sa.func.max(t.c.id)).select_from(t)).one())
                     for t in (documents, commitments, mentions, status_changes))
    path = sqlite_path(str(engine.url))
    files = tuple(f.stat().st_mtime_ns for f in (path, Path(f"{path}-wal"), Path(f"{path}-journal"))
                  if f.is_file()) if path else ()
    return rows + files


def register_today(request: Request, day: dt.date) -> list[Commitment]:
    """The library's ``register_on`` for ``day``, read again only when the register changed.

    Why: reading 5,000 records takes the tracker some 60-110 ms (bench/serve_bench.py); the list page is asked
    for far more often than the register changes.  The records are shared: never changed here.
    """
    from drafter.commitments.registerview import register_on

    state = request.app.state
    key = (day, register_version(state.tracker.engine))
    cached = getattr(state, "register_cache", None)
    if cached is None or cached[0] != key:
        cached = (key, register_on(state.settings.db_url, day))
        state.register_cache = cached
    return cached[1]


def selected(request: Request, today: dt.date | None = None) -> tuple[list[Commitment], dict[int, dict]]:
    """The register as it stands today (the library's ``register_on``), narrowed by the page's filters."""
    from drafter.commitments.report import Selection, select

    f = _filters(request)
    day = today or dt.date.today()
    statuses = tuple(s for s in f["status"].split(",") if s in {x.value for x in Status})
    records = select(register_today(request, day), Selection(statuses, _day(f["voor"]), f["lid"] or None))
    reviews = corrections.latest_reviews(request.app.state.tracker.engine)
    if f["soort"] in KINDS:
        records = [c for c in records if c.kind == f["soort"]]
    if f["bron"]:
        records = [c for c in records if f["bron"].lower() in Path(c.source or "").name.lower()]
    if f["q"]:
        words = f["q"].lower().split()
        records = [c for c in records
                   if all(w in " ".join((c.subject, c.quote or "", " ".join(c.members), c.due or "")).lower()
                          for w in words)]
    if f["beoordeling"] == "open":
        records = [c for c in records if c.id not in reviews]
    elif f["beoordeling"] in corrections.DECISIONS:
        records = [c for c in records if c.id is not None and reviews.get(c.id, {}).get("decision") == f["beoordeling"]]
    return records, reviews


async def register_list(request: Request) -> Response:
    records, reviews = selected(request)
    f = _filters(request)
    try:
        number = max(1, int(request.query_params.get("pagina", "1")))
    except ValueError:
        number = 1
    pages = max(1, -(-len(records) // PAGE_SIZE))
    number = min(number, pages)
    shown = records[(number - 1) * PAGE_SIZE: number * PAGE_SIZE]
    query = urlencode({k: v for k, v in f.items() if v})
    members = sorted({m for c in records for m in c.members})[:300]
    return page(request, "register.html", section="register", records=shown, total=len(records),
                reviews=reviews, f=f, statuses=[(s.value, STATUS_NL[s]) for s in Status], kinds=KINDS,
                status_nl={s.value: STATUS_NL[s] for s in Status}, pagina=number, pages=pages, query=query,
                members=members, decisions=corrections.DECISIONS)


def highlight(text: str, quote: str) -> Markup:
    """The passage with the quoted sentence marked (escaped; the mark is ours)."""
    if quote and quote in text:
        i = text.index(quote)
        return escape(text[:i]) + Markup("<mark>") + escape(quote) + Markup("</mark>") + escape(text[i + len(quote):])
    return escape(text)


def _passage(request: Request, mention: dict) -> dict | None:
    """Where a mention sits: its block in the OCR'd nota (with the page image) or in the source file."""
    lib = request.app.state.notas
    source = Path(mention["source"] or "")
    names = lib.names()
    for stem in names:
        doc = lib.load(stem)
        if doc is None or Path(doc.source).name != source.name and stem != source.stem:
            continue
        block = doc.block(mention["block"]) if mention.get("block") else None
        if block is None:
            return None
        return {"stem": stem, "block": block, "text": highlight(block.text, mention["quote"]),
                "page": doc.pages[block.page - 1] if 0 < block.page <= len(doc.pages) else None,
                "image": lib.has_image(stem, block.page)}
    return None


async def record(request: Request) -> Response:
    tracker = request.app.state.tracker
    cid = request.path_params["cid"]
    try:
        got = tracker.get(cid)
    except DrafterError:
        raise HTTPException(404, f"Geen toezegging of motie met nummer {cid}.") from None
    history, changes = tracker.history(cid)
    raw = {m["id"]: m for m in got["mentions"]}
    mentions = [{"m": m, "passage": _passage(request, raw[m.id])} for m in history]
    rec = got["record"]
    status = Status(rec["status"])
    return page(request, "record.html", section="register", rec=rec, members=json.loads(rec["members"]),
                status_nl=STATUS_NL[status], mentions=mentions, changes=changes,
                reviews=corrections.reviews_of(tracker.engine, cid),
                settable=[(s.value, STATUS_NL[s]) for s in (Status.OPEN, Status.FULFILLED, Status.LAPSED)])


def _why(form: FormData) -> str:
    value = form.get("waarom", "")
    return " ".join(value.split())[:500] if isinstance(value, str) else ""


def _int(form: FormData, name: str) -> int:
    try:
        return int(str(form.get(name, "")).strip())
    except ValueError:
        raise HTTPException(400, f"'{name}' moet een nummer zijn.") from None


async def set_status(request: Request, form: FormData) -> Response:
    cid = request.path_params["cid"]
    try:
        request.app.state.tracker.set_status(cid, str(form.get("status", "")), request.app.state.settings.who,
                                             _why(form))
    except DrafterError as exc:
        return back(f"/toezeggingen/{cid}", f"Niet gelukt: {exc}")
    return back(f"/toezeggingen/{cid}", "Status gewijzigd.")


async def merge(request: Request, form: FormData) -> Response:
    cid = request.path_params["cid"]
    other = _int(form, "ander")
    try:
        request.app.state.tracker.merge(cid, other, request.app.state.settings.who, _why(form) or "dubbel")
    except DrafterError as exc:
        return back(f"/toezeggingen/{cid}", f"Niet gelukt: {exc}")
    return back(f"/toezeggingen/{cid}", f"Nummer {other} is samengevoegd met dit record.")


async def split(request: Request, form: FormData) -> Response:
    cid = request.path_params["cid"]
    ids = []
    for value in form.getlist("vermelding"):
        try:
            ids.append(int(value if isinstance(value, str) else ""))
        except (TypeError, ValueError):
            raise HTTPException(400, "Onbekende vermelding.") from None
    try:
        new = request.app.state.tracker.split(cid, ids, request.app.state.settings.who, _why(form) or "gesplitst")
    except DrafterError as exc:
        return back(f"/toezeggingen/{cid}", f"Niet gelukt: {exc}")
    return back(f"/toezeggingen/{new}", f"Afgesplitst van nummer {cid}.")


async def judge(request: Request, form: FormData) -> Response:
    cid = request.path_params["cid"]
    request.app.state.tracker.get(cid)  # an unknown id is a one-line error
    decision = str(form.get("besluit", ""))
    if decision not in corrections.DECISIONS:
        raise HTTPException(400, "Kies bevestigd of afgewezen.")
    corrections.review(request.app.state.tracker.engine, request.app.state.settings.who, cid, decision, _why(form))
    return back(f"/toezeggingen/{cid}", f"Nummer {cid} {decision}.")


async def report(request: Request) -> Response:
    """The filtered register as the library writes its reports (xlsx, csv, html)."""
    from drafter.commitments import report as rep

    fmt = request.path_params["fmt"]
    if fmt not in REPORTS:
        raise HTTPException(404, "Kies xlsx, csv of html.")
    records, _ = selected(request)
    folder = request.app.state.settings.appdir / "rapporten"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"rapport-{secrets.token_hex(8)}.{fmt}"
    rep.write(records, fmt, path, dt.date.today())
    name = f"toezeggingen-{dt.date.today().isoformat()}.{fmt}"
    return FileResponse(path, media_type=REPORTS[fmt], filename=name,
                        background=BackgroundTask(path.unlink, missing_ok=True))


def routes(post) -> list:  # noqa: ANN001 - app.post
    return [
        Route("/toezeggingen", register_list),
        Route("/toezeggingen/rapport.{fmt}", report),
        Route("/toezeggingen/{cid:int}", record),
        post("/toezeggingen/{cid:int}/status", set_status),
        post("/toezeggingen/{cid:int}/samenvoegen", merge),
        post("/toezeggingen/{cid:int}/splitsen", split),
        post("/toezeggingen/{cid:int}/beoordelen", judge),
    ]
