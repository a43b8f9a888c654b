"""Pages for the figures: every series as a table and a chart; the check of an uploaded letter."""
from __future__ import annotations

import secrets
from collections import OrderedDict

from starlette.datastructures import FormData, UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from drafter.web.charts import line_chart
from drafter.web.render import page

#: Letters the check reads, recognised by their first bytes: suffix -> signature.
LETTER_SIGNATURES = {".docx": b"PK\x03\x04", ".pdf": b"%PDF-"}
MAX_LETTER = 20 * 1024 * 1024


def _store(request: Request):  # noqa: ANN202 - a FigureStore, read fresh: the CLI may have imported since
    from drafter.figures.store import FigureStore

    return FigureStore(request.app.state.settings.store_dir)


def series_table(store, name: str) -> dict:  # noqa: ANN001 - a FigureStore
    """Rows: peildata; columns: combinations of the dimensions; cells: the stored counts."""
    points = store.series_points(name)
    columns: OrderedDict[str, None] = OrderedDict()
    rows: dict[str, dict[str, int]] = {}
    for p in points:
        col = " / ".join(v for _, v in p.dims) or "waarde"
        columns.setdefault(col, None)
        rows.setdefault(p.peildatum.isoformat(), {})[col] = p.value
    lines: dict[str, list[tuple[str, int]]] = {}
    for day, cells in rows.items():
        for col, value in cells.items():
            lines.setdefault(col, []).append((day, value))
    return {"name": name, "title": store.info[name].title or name, "columns": list(columns),
            "rows": sorted(rows.items()), "chart": line_chart(lines), "dims": store.info[name].dimensions,
            "sources": sorted({f"{p.source} {p.table}".strip() for p in points})}


async def figures(request: Request) -> Response:
    store = _store(request)
    chosen = request.query_params.get("reeks", "")
    names = store.series_names()
    tables = [series_table(store, n) for n in names if not chosen or n == chosen]
    return page(request, "figures.html", section="figures", names=names, tables=tables, chosen=chosen,
                findings=None, letter_name="", tables_read=[])


async def check(request: Request, form: FormData) -> Response:
    """``figures check`` on an uploaded letter: each finding with the table cell it is about."""
    from drafter.errors import DrafterError
    from drafter.figures.check import check_prose, check_table
    from drafter.figures.letter_tables import letter_text, parse_tables
    from ocr.errors import ReadError

    file = form.get("brief")
    store = _store(request)
    context = dict(section="figures", names=store.series_names(), tables=[], chosen="")
    if not isinstance(file, UploadFile) or not file.filename:
        return page(request, "figures.html", findings=None, letter_name="", tables_read=[],
                    melding="Kies eerst een brief (.docx, .pdf of .txt).", **context)
    data = file.file.read(MAX_LETTER + 1)
    if len(data) > MAX_LETTER:
        raise HTTPException(413, "De brief is groter dan 20 MB.")
    suffix = next((s for s, sig in LETTER_SIGNATURES.items() if data.startswith(sig)), None)
    if suffix is None:
        try:
            data.decode("utf-8")
            suffix = ".txt"
        except UnicodeDecodeError:
            raise HTTPException(415, "Dit is geen .docx, .pdf of tekstbestand.") from None
    folder = request.app.state.settings.appdir / "brieven"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"brief-{secrets.token_hex(8)}{suffix}"
    path.write_bytes(data)
    try:
        tables = parse_tables(letter_text(path))
        found = []
        read = []
        for table in tables:
            mine = check_table(table) + check_prose(table)
            found += mine
            bad = {(f.row, f.column) for f in mine}
            read.append({"name": table.name, "caption": table.caption, "columns": table.columns,
                         "rows": [(r.label, [t.text if hasattr(t, "text") else str(t) for t in r.cells])
                                  for r in table.rows], "bad": bad})
    except (DrafterError, ReadError) as exc:
        return page(request, "figures.html", findings=None, letter_name=file.filename, tables_read=[],
                    melding=f"Niet te lezen: {exc}", **context)
    return page(request, "figures.html", findings=found, letter_name=file.filename, tables_read=read, **context)


def routes(post) -> list:  # noqa: ANN001 - app.post
    return [Route("/cijfers", figures), post("/cijfers/controle", check)]
