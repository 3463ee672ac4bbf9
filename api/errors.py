"""Exception handlers: every 4xx/5xx leaves as `{"error": "<stable_code>", "detail": "..."}`."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException

from orca_core.audit.probes import find_cross_org_probes_unscoped, record_probes
from orca_core.db import unit_of_work
from orca_core.errors import NotFound, OrcaError
from orca_core.logging import get_logger

log = get_logger("orca.api.errors")

HTTP_CODES = {
    400: "bad_request",
    401: "invalid_token",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    413: "payload_too_large",
    415: "unsupported_media_type",
    429: "rate_limited",
}


async def audit_cross_org_probe(request: Request) -> None:
    """A 404 for an authenticated caller whose path names another org's object is audited `authz_fail`.

    The answer stays the generic 404; this runs after the request's own transaction rolled back, in its own.
    Best effort: a failure here is logged and never changes the answer.
    """
    principal = getattr(request.state, "principal", None)
    if principal is None or not request.path_params:
        return
    route = request.scope.get("route")
    try:
        async with unit_of_work(request.app.state.session_factory) as session:
            probes = await find_cross_org_probes_unscoped(session, principal.org_id, dict(request.path_params))
            if probes:
                await record_probes(
                    session,
                    probes,
                    org_id=principal.org_id,
                    user_id=principal.user_id,
                    ip=getattr(request.state, "client_ip", None),
                    method=request.method,
                    route=getattr(route, "path", "?"),
                )
    except Exception as failure:
        log.warning("authz_fail_audit_failed", error_type=type(failure).__name__)


def error_response(status_code: int, code: str, detail: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"error": code, "detail": detail}, status_code=status_code, headers=headers)


async def handle_orca_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, OrcaError)
    if isinstance(error, NotFound):
        await audit_cross_org_probe(request)
    headers: dict[str, str] = dict(getattr(error, "headers", None) or {})
    if error.status_code == 401:
        headers["WWW-Authenticate"] = "Bearer"
    return error_response(error.status_code, error.code, error.detail, headers or None)


async def handle_http_exception(_request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, StarletteHTTPException)
    code = HTTP_CODES.get(error.status_code, "http_error")
    detail = error.detail if isinstance(error.detail, str) else "The request could not be served."
    if error.status_code == 404:
        detail = "The resource does not exist."  # the same sentence as NotFound, whatever raised it
    return error_response(error.status_code, code, detail, dict(error.headers or {}) or None)


async def handle_validation_error(_request: Request, error: Exception) -> JSONResponse:
    """Locations and messages only: pydantic's `input` would echo what the client sent (passwords included)."""
    assert isinstance(error, RequestValidationError)
    problems = []
    for item in error.errors()[:10]:
        location = ".".join(str(part) for part in item.get("loc", ()))
        problems.append(f"{location}: {item.get('msg', 'invalid')}")
    return error_response(422, "validation_error", "; ".join(problems) or "The request is not valid.")


async def handle_database_unavailable(_request: Request, error: Exception) -> JSONResponse:
    """The database could not be reached (refused, timed out, connection lost): retryable, so 503."""
    log.warning("database_unavailable", error_type=type(error).__name__)
    return error_response(503, "service_unavailable", "A service the request needs is unavailable; retry later.")


async def handle_database_error(request: Request, error: Exception) -> JSONResponse:
    """A driver error. A connection that died under the request (killed, failover, network) is retryable: 503.
    Anything else is a bug: the generic 500, logged like every unhandled error."""
    assert isinstance(error, DBAPIError)
    if error.connection_invalidated:
        return await handle_database_unavailable(request, error)
    log.error("unhandled_error", method=request.method, path=request.url.path, error_type=type(error).__name__)
    return error_response(500, "internal_error", "The server could not complete the request.")


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(OrcaError, handle_orca_error)
    for unavailable in (OSError, TimeoutError, OperationalError, InterfaceError):
        app.add_exception_handler(unavailable, handle_database_unavailable)
    app.add_exception_handler(DBAPIError, handle_database_error)
    app.add_exception_handler(StarletteHTTPException, handle_http_exception)
    app.add_exception_handler(RequestValidationError, handle_validation_error)
