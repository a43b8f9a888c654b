"""Rendering the review app's pages: our jinja2 templates with what every page needs, and redirects."""
from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import jinja2
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse

from drafter.web.security import CSRF_FIELD, csrf_of


def page(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    """Render one of our templates with what every page needs (CSRF value, who, current section)."""
    env: jinja2.Environment = request.app.state.jinja
    context.setdefault("melding", request.query_params.get("melding", ""))
    html = env.get_template(template).render(request=request, csrf=csrf_of(request), csrf_field=CSRF_FIELD,
                                             who=request.app.state.settings.who, **context)
    return HTMLResponse(html, status_code=status_code)


def back(url: str, melding: str = "") -> RedirectResponse:
    """Post/redirect/get, with an optional one-line message for the next page."""
    path, hash_, fragment = url.partition("#")
    if melding:
        path += ("&" if "?" in path else "?") + urlencode({"melding": melding})
    return RedirectResponse(path + hash_ + fragment, status_code=303)
