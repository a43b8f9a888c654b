"""What keeps ``drafter serve`` safe when it is only meant for the officer at this machine.

* ``TokenGate``: when the server listens on anything but loopback, every request
  must carry the token (a cookie set by a first visit with ``?token=…``, or an
  ``Authorization: Bearer …`` / ``X-Drafter-Token`` header); otherwise 403.
* ``BodyLimit``: no request body above a fixed size is read (413), so an upload
  cannot fill the disk or the memory.
* ``SecurityHeaders``: a strict Content-Security-Policy (scripts and styles only
  from our own static folder; no inline script), no sniffing, no framing.
* CSRF: a double-submit cookie. Every page gets a random ``drafter_csrf`` cookie
  (SameSite=Strict, HttpOnly) and every form carries the same value in a hidden
  field; ``verified_form`` refuses a POST whose field does not match (403).
"""
from __future__ import annotations

import hmac
import ipaddress
import secrets
from collections.abc import Awaitable, Callable
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import parse_qsl, urlencode

from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

TOKEN_COOKIE = "drafter_token"
CSRF_COOKIE = "drafter_csrf"
CSRF_FIELD = "csrf"
#: Largest request body read at all (an upload of a scanned nota of some 50 pages fits).
MAX_BODY = 60 * 1024 * 1024

CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
       "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")


def is_loopback(host: str) -> bool:
    """True for 127.0.0.1, ::1 and 'localhost': only this machine can connect."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _cookies(scope: Scope) -> dict[str, str]:
    for name, value in scope.get("headers", []):
        if name == b"cookie":
            jar = SimpleCookie()
            try:
                jar.load(value.decode("latin-1"))
            except Exception:  # a malformed cookie header is no cookie
                return {}
            return {k: m.value for k, m in jar.items()}
    return {}


def _header(scope: Scope, wanted: bytes) -> str | None:
    for name, value in scope.get("headers", []):
        if name == wanted:
            return value.decode("latin-1")
    return None


def same(a: str | None, b: str | None) -> bool:
    """Constant-time comparison of two secrets (False when either is missing)."""
    return bool(a) and bool(b) and hmac.compare_digest(str(a).encode(), str(b).encode())


async def _plain(send: Send, status: int, text: str, headers: list[tuple[bytes, bytes]] | None = None) -> None:
    body = text.encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"text/plain; charset=utf-8"),
                            (b"content-length", str(len(body)).encode())] + (headers or [])})
    await send({"type": "http.response.body", "body": body})


class TokenGate:
    """Refuse every request without the token (only installed when a token is set)."""

    def __init__(self, app: ASGIApp, token: str) -> None:
        self.app = app
        self.token = token

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        query = dict(parse_qsl(scope.get("query_string", b"").decode("latin-1")))
        if same(query.get("token"), self.token):
            # first visit with ?token=…: keep it in a cookie and drop it from the address bar
            rest = urlencode({k: v for k, v in query.items() if k != "token"})
            location = scope.get("root_path", "") + scope["path"] + (f"?{rest}" if rest else "")
            cookie = f"{TOKEN_COOKIE}={self.token}; Path=/; HttpOnly; SameSite=Strict"
            await _plain(send, 303, "", [(b"location", location.encode()), (b"set-cookie", cookie.encode())])
            return
        bearer = _header(scope, b"authorization") or ""
        offered = [_cookies(scope).get(TOKEN_COOKIE), _header(scope, b"x-drafter-token"),
                   bearer[7:] if bearer.lower().startswith("bearer ") else None]
        if any(same(t, self.token) for t in offered):
            await self.app(scope, receive, send)
            return
        await _plain(send, 403, "Geen toegang: open de link met ?token=… die 'drafter serve' liet zien.")


class BodyLimit:
    """Refuse request bodies above ``limit`` bytes, by header and while reading (413)."""

    def __init__(self, app: ASGIApp, limit: int = MAX_BODY) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = _header(scope, b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.limit):
            await _plain(send, 413, f"Te groot: hooguit {self.limit // (1024 * 1024)} MB per verzoek.")
            return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.limit:
                raise HTTPException(413, f"Te groot: hooguit {self.limit // (1024 * 1024)} MB per verzoek.")
            return message

        await self.app(scope, counted, send)


class SecurityHeaders:
    """Add the CSP and friends to every response; hand out the CSRF cookie on first sight."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        csrf = _cookies(scope).get(CSRF_COOKIE)
        fresh = not csrf or len(csrf) < 32
        if fresh:
            csrf = secrets.token_urlsafe(32)
        scope.setdefault("state", {})["csrf"] = csrf

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers += [(b"content-security-policy", CSP.encode()), (b"x-content-type-options", b"nosniff"),
                            (b"x-frame-options", b"DENY"), (b"referrer-policy", b"no-referrer"),
                            (b"cache-control", b"no-store")]
                if fresh:
                    headers.append((b"set-cookie", f"{CSRF_COOKIE}={csrf}; Path=/; HttpOnly; SameSite=Strict".encode()))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, with_headers)


def csrf_of(request: Request) -> str:
    """The CSRF value this page's forms must send back."""
    return request.state.csrf


async def verified_form(request: Request, max_files: int = 1) -> FormData:
    """The POSTed form, after checking its CSRF field against the cookie (403 if not the same)."""
    form = await request.form(max_files=max_files, max_fields=200)
    sent = form.get(CSRF_FIELD)
    if not same(sent if isinstance(sent, str) else None, request.cookies.get(CSRF_COOKIE)):
        raise HTTPException(403, "Formulier verlopen of niet van deze pagina (CSRF); laad de pagina opnieuw.")
    return form


Handler = Callable[[Request, FormData], Awaitable[Any]]


def csrf_protected(handler: Handler) -> Callable[[Request], Awaitable[Any]]:
    """Wrap a POST handler: it only runs with a verified form."""

    async def endpoint(request: Request) -> Any:
        return await handler(request, await verified_form(request))

    endpoint.__name__ = handler.__name__
    endpoint.__doc__ = handler.__doc__
    return endpoint
