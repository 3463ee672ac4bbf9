"""Identity failures, each with a stable code."""

from __future__ import annotations

from orca_core.errors import (
    AuthenticationRequired,
    BadRequest,
    Conflict,
    OrcaError,
    PermissionDenied,
    ValidationFailed,
)


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


class PasswordTooCommon(ValidationFailed):
    code = "password_too_common"
    detail = "This password is among the most common ones and would be guessed first; choose another."


class EmailNotVerified(PermissionDenied):
    """Only said once the password checked out, so it reveals nothing to someone without the password."""

    code = "email_not_verified"
    detail = "Confirm your email address first: follow the link in the email we sent you."
    keep_changes = True  # the login_failed audit row must survive


class InvalidVerificationToken(BadRequest):
    code = "invalid_verification_token"
    detail = "The verification link is invalid, expired or already used."


class InvalidResetToken(BadRequest):
    code = "invalid_reset_token"
    detail = "The password reset link is invalid, expired or already used."


class InvalidCurrentPassword(BadRequest):
    code = "invalid_current_password"
    detail = "The current password is incorrect."
    keep_changes = True  # the audit row of the failed re-authentication must survive


class InvalidMfaCode(AuthenticationRequired):
    """A wrong, reused or unusable second-factor code while logging in."""

    code = "invalid_mfa_code"
    detail = "The authentication code is incorrect or was already used."
    keep_changes = True  # the failure counter and the 2fa_failed audit row must survive


class WrongMfaCode(BadRequest):
    """The same failure for a caller who is already signed in (enable, disable, regenerate): a 400, so a client
    does not mistake it for the end of its session."""

    code = "invalid_mfa_code"
    detail = "The authentication code is incorrect or was already used."
    keep_changes = True


class MfaLocked(OrcaError):
    status_code = 429
    code = "mfa_locked"
    detail = "Too many wrong authentication codes; the second step of sign-in is locked for a while."
    keep_changes = True

    def __init__(self, retry_after: int) -> None:
        super().__init__()
        self.retry_after = max(1, retry_after)
        self.headers = {"Retry-After": str(self.retry_after)}


class MfaAlreadyEnabled(Conflict):
    code = "mfa_already_enabled"
    detail = "Two-factor authentication is already enabled; disable it first to enrol a new authenticator."


class MfaNotEnabled(Conflict):
    code = "mfa_not_enabled"
    detail = "Two-factor authentication is not enabled for this account."


class MfaSetupRequired(Conflict):
    code = "mfa_setup_required"
    detail = "Start with POST /api/v1/auth/2fa/setup, then confirm a code from the authenticator app."


class MfaRequiredByOrg(Conflict):
    code = "mfa_required_by_org"
    detail = "Your organisation requires two-factor authentication; it cannot be disabled."


class MfaEnrollmentRequired(PermissionDenied):
    code = "mfa_enrollment_required"
    detail = "Your organisation requires two-factor authentication: enable it (POST /api/v1/auth/2fa/setup) first."
