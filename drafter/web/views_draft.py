"""Pages for the draft: choose a spec, see what is missing, preview letter and nota, download the .docx.

Rendering is ``drafter.drafting.compose`` itself, so the templates run in the
drafting sandbox exactly as for ``drafter draft``; this module only turns the
rendered blocks into HTML (escaped, with the ``[[invullen]]`` places marked).
"""
from __future__ import annotations

import datetime as dt
import secrets

from markupsafe import Markup, escape
from starlette.background import BackgroundTask
from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, RedirectResponse, Response
from starlette.routing import Route

from drafter.drafting.next_spec import KENMERK_TO_FILL
from drafter.errors import DrafterError
from drafter.web.render import page

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _own_specs(request: Request):  # noqa: ANN202 - the Path of the app's own specs folder
    """Where the app writes the specs it makes (generated names only)."""
    return request.app.state.settings.appdir / "specs"


def _specs(request: Request) -> dict:
    """name -> path: the specs folder's, then those the app made (a shipped name is never shadowed)."""
    found: dict = {}
    for folder in (request.app.state.settings.specs_dir, _own_specs(request)):
        if folder.is_dir():
            for path in sorted(folder.glob("*.yaml")):
                found.setdefault(path.stem, path)
    return found


def _spec(request: Request):  # noqa: ANN202 - the spec's Path
    path = _specs(request).get(request.path_params["name"])
    if path is None:
        raise HTTPException(404, "Deze brief-spec staat niet in de map met specs.")
    return path


def runs_html(runs) -> Markup:  # noqa: ANN001 - markup runs
    out = Markup("")
    for run in runs:
        if run.placeholder:
            out += Markup('<span class="invullen">') + escape(run.text or "[in te vullen]") + Markup("</span>")
            continue
        text = escape(run.text)
        if run.bold:
            text = Markup("<strong>") + text + Markup("</strong>")
        if run.italic:
            text = Markup("<em>") + text + Markup("</em>")
        out += text
        if run.footnote:
            out += Markup('<sup class="voetnoot" title="') + escape(run.footnote) + Markup('">*</sup>')
    return out


def blocks_html(blocks) -> Markup:  # noqa: ANN001 - markup blocks
    from drafter.drafting.markup import Heading, Paragraph, Table, parse_inline

    out = []
    for block in blocks:
        if isinstance(block, Heading):
            tag = "h3" if block.level <= 1 else "h4"
            number = f"{block.number} " if block.numbered and block.number else ""
            out.append(Markup(f"<{tag}>") + escape(number) + runs_html(parse_inline(block.text)) + Markup(f"</{tag}>"))
        elif isinstance(block, Paragraph):
            cls = "bullet" if block.style == "bullet" else "body"
            out.append(Markup(f'<p class="{cls}">') + runs_html(block.runs) + Markup("</p>"))
        elif isinstance(block, Table):
            rows = [Markup("<tr>") + Markup("").join(Markup("<th>") + runs_html(parse_inline(c)) + Markup("</th>")
                                                      for c in block.header) + Markup("</tr>")]
            rows += [Markup("<tr>") + Markup("").join(Markup("<td>") + runs_html(parse_inline(c)) + Markup("</td>")
                                                       for c in row) + Markup("</tr>") for row in block.rows]
            title = f"Tabel {block.number}: {block.caption}" if block.number else block.caption
            caption = Markup("<caption>") + escape(title) + Markup("</caption>") if title else Markup("")
            source = Markup('<p class="bron">') + escape(block.source) + Markup("</p>") if block.source else Markup("")
            out.append(Markup('<table class="grid">') + caption + Markup("").join(rows) + Markup("</table>") + source)
    return Markup("\n").join(out)


async def spec_list(request: Request) -> Response:
    from drafter.drafting.next_spec import newest_spec

    specs = _specs(request)
    newest = newest_spec(list(specs.values()))
    return page(request, "draft_list.html", section="draft", specs=list(specs),
                folder=request.app.state.settings.specs_dir, newest=newest.stem if newest else None,
                today=dt.date.today().isoformat())


async def new_from_last(request: Request, form: FormData) -> Response:
    """A new spec from the newest one (same sections and figures, the date given or today, no kenmerk),
    written into the app's own folder under a generated name; then its page: what is missing, the preview."""
    from drafter.drafting.next_spec import newest_spec, write_next_spec
    from drafter.drafting.spec import DATE_FORMS, parse_date

    source = newest_spec(list(_specs(request).values()))
    if source is None:
        raise HTTPException(400, "Er is geen brief-spec om op voort te bouwen.")
    text = str(form.get("datum", "")).strip()[:40]
    try:
        day = parse_date(text) if text else dt.date.today()
    except ValueError:
        raise HTTPException(400, f"Datum '{text}' is geen datum (schrijf {DATE_FORMS}).") from None
    target = write_next_spec(source, _own_specs(request), day)
    return RedirectResponse(f"/brief/{target.stem}", status_code=303)


async def spec_view(request: Request) -> Response:
    """What is missing, then the letter and nota as they would be written."""
    from drafter.drafting.compose import check_draft, render
    from drafter.drafting.spec import load_spec
    from drafter.figures.store import FigureStore

    path = _spec(request)
    settings = request.app.state.settings
    problems, missing = check_draft(path, settings.store_dir, None, settings.db_url)
    letter = nota = None
    error = ""
    draft = None
    if not problems:
        try:
            draft = render(load_spec(path), FigureStore(settings.store_dir), None, db_url=settings.db_url)
            letter, nota = blocks_html(draft.letter), blocks_html(draft.nota)
        except DrafterError as exc:
            error = str(exc)
    if _kenmerk_to_fill(path):
        missing = [*missing, f"{path.name}: kenmerk: nog in te vullen (nu {KENMERK_TO_FILL})"]
    return page(request, "draft.html", section="draft", name=path.stem, spec_text=path.read_text(encoding="utf-8"),
                problems=problems, missing=missing, letter=letter, nota=nota, error=error, draft=draft)


def _kenmerk_to_fill(path) -> bool:  # noqa: ANN001 - the spec's Path
    from drafter.safeyaml import load_yaml_file

    try:
        data = load_yaml_file(path)
    except DrafterError:
        return False
    return isinstance(data, dict) and data.get("kenmerk") == KENMERK_TO_FILL


async def download(request: Request) -> Response:
    """The letter or the nota as .docx, written by ``draft_files`` into the app folder and sent."""
    from drafter.drafting.compose import draft_files

    path = _spec(request)
    part = request.path_params["part"]
    if part not in ("brief", "nota"):
        raise HTTPException(404, "Kies brief of nota.")
    settings = request.app.state.settings
    folder = settings.appdir / "concepten"
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{part}-{secrets.token_hex(8)}.docx"
    draft_files(path, target if part == "brief" else None, target if part == "nota" else None,
                settings.store_dir, None, settings.db_url)
    return FileResponse(target, media_type=DOCX, filename=f"{path.stem}-{part}.docx",
                        background=BackgroundTask(target.unlink, missing_ok=True))


def routes(post) -> list:  # noqa: ANN001 - app.post
    return [Route("/brief", spec_list), post("/brief/nieuw", new_from_last), Route("/brief/{name}", spec_view),
            Route("/brief/{name}/{part}.docx", download)]
