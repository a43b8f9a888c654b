"""``create_app``: the review web app over the library (nota's, register, figures, draft).

Starlette (ASGI, run by uvicorn) with server-rendered jinja2 pages: every rule
stays in the library (``ocr``, ``drafter.commitments``, ``drafter.figures``,
``drafter.drafting``); this package only shows and forwards.  Security is in
``drafter.web.security``: loopback by default, a token for anything else,
CSRF on every form, capped uploads under generated names, escaped output.
"""
from __future__ import annotations

import getpass
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from drafter.errors import DrafterError
from drafter.web.render import page
from drafter.web.security import MAX_BODY, BodyLimit, SecurityHeaders, TokenGate, csrf_protected, is_loopback

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
DEFAULT_SPECS = ROOT / "corpus" / "specs"


@dataclass
class Settings:
    """Everything the pages need to reach: the register, the folders, who is working."""

    db_url: str
    outdir: Path
    appdir: Path
    specs_dir: Path = DEFAULT_SPECS
    store_dir: Path | None = None
    who: str = "ambtenaar"
    extra: dict[str, Any] = field(default_factory=dict)


def make_environment() -> jinja2.Environment:
    """Our own page templates: autoescape on for everything, undefined names are errors."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    from drafter.commitments.report import nl_date

    env.filters["nl_date"] = lambda v: nl_date(v) if v else ""
    env.filters["getal"] = lambda v: f"{v:,}".replace(",", ".") if isinstance(v, int) else v
    return env


async def home(request: Request) -> Response:
    settings: Settings = request.app.state.settings
    lib = request.app.state.notas
    return page(request, "home.html", section="home", notas=lib.summaries()[:10], settings=settings,
                counts=request.app.state.tracker.counts())


async def http_error(request: Request, exc: Exception) -> Response:
    status = getattr(exc, "status_code", 500)
    detail = getattr(exc, "detail", "") or "Er ging iets mis."
    if "text/html" not in request.headers.get("accept", "") or not hasattr(request.state, "csrf"):
        return PlainTextResponse(str(detail), status_code=status)
    return page(request, "error.html", status_code=status, section="", status=status, detail=detail)


async def drafter_error(request: Request, exc: Exception) -> Response:
    return await http_error(request, HTTPException(400, str(exc)))


def post(path: str, handler) -> Route:  # noqa: ANN001 - an async (request, form) handler
    """Every POST route goes through here, so none runs without a verified CSRF field."""
    return Route(path, csrf_protected(handler), methods=["POST"])


def create_app(db_url: str | None, outdir: Path | str, host: str = "127.0.0.1", token: str | None = None,
               appdir: Path | str | None = None, specs_dir: Path | str | None = None,
               store_dir: Path | str | None = None, who: str | None = None,
               allowed_hosts: list[str] | None = None, max_body: int = MAX_BODY) -> Starlette:
    """The review app over the register ``db_url`` and the OCR output folder ``outdir``.

    ``appdir`` holds what the app itself writes (uploads, page images, exports);
    default ``<outdir>/.drafter-web``.  Listening on a ``host`` other than loopback
    requires a ``token`` (or $DRAFTER_TOKEN); every request must then carry it.
    """
    from drafter.commitments.tracker import Tracker
    from drafter.figures.store import DEFAULT_STORE
    from drafter.web import corrections, views_draft, views_figures, views_notas, views_register
    from drafter.web.notas import NotaLibrary

    token = token or os.environ.get("DRAFTER_TOKEN") or None
    if not is_loopback(host) and not token:
        raise DrafterError(f"--host {host} opens the app to other machines: give --token (or set DRAFTER_TOKEN)")
    if token is not None and len(token) < 16:
        raise DrafterError("--token must be at least 16 characters (e.g. python -c 'import secrets; "
                           "print(secrets.token_urlsafe())')")
    outdir = Path(outdir)
    app_folder = Path(appdir) if appdir else outdir / ".drafter-web"
    app_folder.mkdir(parents=True, exist_ok=True)
    tracker = Tracker(db_url)
    corrections.ensure_tables(tracker.engine)
    settings = Settings(db_url=tracker.url, outdir=outdir, appdir=app_folder,
                        specs_dir=Path(specs_dir) if specs_dir else DEFAULT_SPECS,
                        store_dir=Path(store_dir) if store_dir else DEFAULT_STORE,
                        who=who or _user())

    routes = [
        Route("/", home),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
        *views_notas.routes(post),
        *views_register.routes(post),
        *views_figures.routes(post),
        *views_draft.routes(post),
    ]
    hosts = allowed_hosts or (["127.0.0.1", "localhost", "[::1]", "::1"] if is_loopback(host) else ["*"])
    middleware = [Middleware(SecurityHeaders), Middleware(BodyLimit, limit=max_body)]
    if token:
        middleware.insert(0, Middleware(TokenGate, token=token))
    # a page on another site cannot reach a loopback server through a DNS name it controls (rebinding)
    middleware.insert(0, Middleware(TrustedHostMiddleware, allowed_hosts=hosts))
    app = Starlette(routes=routes, middleware=middleware,
                    exception_handlers={HTTPException: http_error, DrafterError: drafter_error})
    app.state.settings = settings
    app.state.tracker = tracker
    app.state.notas = NotaLibrary(outdir, app_folder)
    app.state.jinja = make_environment()
    app.state.token = token
    return app


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "ambtenaar"


def new_token() -> str:
    return secrets.token_urlsafe(24)
