"""The one error hierarchy of the service.

Every failure a client can see is an `OrcaError` with a stable machine code and a human sentence; the API turns
it into `{"error": code, "detail": detail}` with `status_code`. Domain packages subclass these (e.g.
`identity.errors.PasswordTooShort`) rather than inventing their own shapes.

`keep_changes`: by default the request's unit of work is rolled back when an error escapes. A few denials must
leave a trace even though the request fails (a failed login, a replayed refresh token): their error sets
`keep_changes = True` and the request boundary commits the audit row before answering.
"""

from __future__ import annotations


class OrcaError(Exception):
    status_code: int = 500
    code: str = "internal_error"
    detail: str = "The server could not complete the request."
    keep_changes: bool = False

    def __init__(self, detail: str | None = None, *, code: str | None = None) -> None:
        if detail is not None:
            self.detail = detail
        if code is not None:
            self.code = code
        super().__init__(self.detail)


class BadRequest(OrcaError):
    status_code = 400
    code = "bad_request"
    detail = "The request is not valid."


class AuthenticationRequired(OrcaError):
    """Missing, malformed, expired, forged or revoked credentials. One code for all: no oracle."""

    status_code = 401
    code = "invalid_token"
    detail = "Authentication is required."


class PermissionDenied(OrcaError):
    status_code = 403
    code = "forbidden"
    detail = "Your role does not allow this action."


class NotFound(OrcaError):
    """Also what a foreign org's object looks like: identical to an id that does not exist."""

    status_code = 404
    code = "not_found"
    detail = "The resource does not exist."


class Conflict(OrcaError):
    status_code = 409
    code = "conflict"
    detail = "The request conflicts with the current state."


class ValidationFailed(OrcaError):
    status_code = 422
    code = "validation_error"
    detail = "The request body is not valid."


class ServiceUnavailable(OrcaError):
    status_code = 503
    code = "service_unavailable"
    detail = "A service the request needs is unavailable; retry later."
