"""Identity failures, each with a stable code."""

from __future__ import annotations

from orca_core.errors import AuthenticationRequired, ValidationFailed


class PasswordTooShort(ValidationFailed):
    code = "password_too_short"
    detail = "The password must be at least 12 characters long."


class PasswordTooLong(ValidationFailed):
    code = "password_too_long"
    detail = "The password must be at most 72 bytes once UTF-8 encoded (bcrypt's limit)."


class InvalidCredentials(AuthenticationRequired):
    """Unknown email, wrong password or disabled account: one answer, so the response reveals nothing."""

    code = "invalid_credentials"
    detail = "The email or password is incorrect."
    keep_changes = True  # the login_failed audit row must survive the failed request


class InvalidRefreshToken(AuthenticationRequired):
    code = "invalid_token"
    detail = "The refresh token is invalid, expired or revoked."
    keep_changes = True  # revoking a replayed token's family, and its audit row, must survive
