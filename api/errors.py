"""Exception handlers: every 4xx/5xx leaves as `{"error": "<stable_code>", "detail": "..."}`."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import InterfaceError, OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException

from orca_core.errors import OrcaError
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


def error_response(status_code: int, code: str, detail: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"error": code, "detail": detail}, status_code=status_code, headers=headers)


async def handle_orca_error(_request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, OrcaError)
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


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(OrcaError, handle_orca_error)
    for unavailable in (OSError, TimeoutError, OperationalError, InterfaceError):
        app.add_exception_handler(unavailable, handle_database_unavailable)
    app.add_exception_handler(StarletteHTTPException, handle_http_exception)
    app.add_exception_handler(RequestValidationError, handle_validation_error)
