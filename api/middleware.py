"""ASGI middleware: the outermost guard (request id, access log, security headers, generic 500) and CORS.

Both are plain ASGI rather than BaseHTTPMiddleware so that headers are added to every response the app sends,
including the 500 produced when an exception escapes everything else.
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterable

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from orca_core.logging import bind_context, clear_context, get_logger

log = get_logger("orca.api")

API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
# The OpenAPI pages load Swagger UI / ReDoc from their CDN with an inline bootstrap script.
DOCS_CSP = (
    "default-src 'none'; script-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; "
    "style-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net https://fonts.googleapis.com; "
    "font-src https://fonts.gstatic.com; img-src 'self' data: https://fastapi.tiangolo.com https://cdn.redoc.ly; "
    "connect-src 'self'; worker-src blob:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
)
DOCS_PATHS = frozenset({"/docs", "/redoc", "/docs/oauth2-redirect"})

SECURITY_HEADERS = {
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "strict-transport-security": "max-age=63072000; includeSubDomains",
    "referrer-policy": "no-referrer",
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=(), payment=()",
}

GENERIC_500 = json.dumps({"error": "internal_error", "detail": "The server could not complete the request."}).encode()


def apply_security_headers(headers: MutableHeaders, path: str) -> None:
    for name, value in SECURITY_HEADERS.items():
        headers[name] = value
    headers["content-security-policy"] = DOCS_CSP if path in DOCS_PATHS else API_CSP
    # Nothing the API answers is meant for any cache: tokens and tenant data never are.
    headers["cache-control"] = "no-store"
    headers["pragma"] = "no-cache"


class GuardMiddleware:
    """Outermost layer: binds a request id, logs one access line (method, route path, status, duration; never
    query strings, headers or bodies), adds the security headers, and turns an escaped exception into the
    generic 500 error shape."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = uuid.uuid4().hex
        clear_context()
        bind_context(request_id=request_id)
        path = scope.get("path", "")
        started = time.perf_counter()
        status_holder = {"status": 500, "started": False}

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                status_holder["status"] = message["status"]
                status_holder["started"] = True
                headers = MutableHeaders(scope=message)
                apply_security_headers(headers, path)
                headers["x-request-id"] = request_id
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        except Exception:
            log.exception("unhandled_error", method=scope.get("method"), path=path)
            if status_holder["started"]:
                raise
            await send_with_headers(
                {
                    "type": "http.response.start",
                    "status": 500,
                    "headers": [(b"content-type", b"application/json"), (b"content-length", b"%d" % len(GENERIC_500))],
                }
            )
            await send_with_headers({"type": "http.response.body", "body": GENERIC_500})
        finally:
            log.info(
                "request",
                method=scope.get("method"),
                path=path,
                status=status_holder["status"],
                duration_ms=round((time.perf_counter() - started) * 1000, 1),
            )
            clear_context()


class CorsMiddleware:
    """CORS from an explicit allowlist of exact origins. No wildcard, no credentials mode (the API uses bearer
    tokens, not cookies), `null` never allowed. A preflight from a foreign origin gets a 403 in the error shape
    and no Access-Control-Allow-Origin."""

    ALLOWED_METHODS = "GET, POST, PUT, PATCH, DELETE"
    ALLOWED_HEADERS = "authorization, content-type, x-request-id"

    def __init__(self, app: ASGIApp, allow_origins: Iterable[str]) -> None:
        self.app = app
        self.allow_origins = frozenset(origin.lower() for origin in allow_origins)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        origin = headers.get("origin")
        allowed = origin is not None and origin.lower() in self.allow_origins
        is_preflight = scope["method"] == "OPTIONS" and "access-control-request-method" in headers

        if origin is not None and is_preflight:
            await self._preflight(send, origin if allowed else None)
            return

        async def send_with_cors(message: Message) -> None:
            if message["type"] == "http.response.start":
                response_headers = MutableHeaders(scope=message)
                response_headers.add_vary_header("Origin")
                if allowed and origin is not None:
                    response_headers["access-control-allow-origin"] = origin
                    response_headers["access-control-expose-headers"] = "x-request-id"
            await send(message)

        await self.app(scope, receive, send_with_cors)

    async def _preflight(self, send: Send, origin: str | None) -> None:
        headers: list[tuple[bytes, bytes]] = [(b"vary", b"Origin")]
        if origin is None:
            body = json.dumps({"error": "cors_origin_denied", "detail": "This origin may not call the API."}).encode()
            headers += [(b"content-type", b"application/json"), (b"content-length", b"%d" % len(body))]
            await send({"type": "http.response.start", "status": 403, "headers": headers})
            await send({"type": "http.response.body", "body": body})
            return
        headers += [
            (b"access-control-allow-origin", origin.encode("latin-1")),
            (b"access-control-allow-methods", self.ALLOWED_METHODS.encode()),
            (b"access-control-allow-headers", self.ALLOWED_HEADERS.encode()),
            (b"access-control-max-age", b"600"),
            (b"content-length", b"0"),
        ]
        await send({"type": "http.response.start", "status": 204, "headers": headers})
        await send({"type": "http.response.body", "body": b""})
