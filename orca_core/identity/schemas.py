"""Pydantic input and output models of the identity endpoints. Inputs forbid unknown fields."""

from __future__ import annotations

import uuid
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from orca_core.identity.service import EnrollmentRequired, LoginOutcome, MfaPending, TokenPair

# Deliberately loose: deliverability is proven by the verification email, not by a regex.
EMAIL_PATTERN = r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]+$"


def _storable(value: str) -> str:
    """Text that goes to PostgreSQL: no NUL characters and no lone surrogates (JSON can carry both; the database
    refuses them, which would otherwise surface as a 500)."""
    if "\x00" in value:
        raise ValueError("must not contain NUL characters")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as error:
        raise ValueError("must be valid Unicode text") from error
    return value


Email = Annotated[str, Field(max_length=320), AfterValidator(_storable)]
NewEmail = Annotated[str, Field(max_length=320, pattern=EMAIL_PATTERN), AfterValidator(_storable)]


class InputModel(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=False)


class RegisterRequest(InputModel):
    email: NewEmail
    # The policy (12 characters .. 72 bytes) is enforced by the service with its own error codes; this bound
    # only stops absurd payloads.
    password: str = Field(max_length=1024)
    org_name: Annotated[str, Field(min_length=1, max_length=200), AfterValidator(_storable)]


class AcceptedResponse(BaseModel):
    status: Literal["accepted"] = "accepted"
    detail: str


class RegisterResponse(AcceptedResponse):
    detail: str = "Check your inbox: we sent a link to confirm the address (or a note if it already has an account)."


class PasswordResetRequestResponse(AcceptedResponse):
    detail: str = "If an account uses this address, a password reset link is on its way."


class LoginRequest(InputModel):
    email: Email
    password: str = Field(max_length=1024)


class RefreshRequest(InputModel):
    refresh_token: str = Field(min_length=1, max_length=512)


class TokenResponse(BaseModel):
    """Signed in. `mfa_required` is false here, so a client can branch on that one field for every login answer."""

    mfa_required: Literal[False] = False
    access_token: str
    refresh_token: str
    token_type: Literal["bearer"] = "bearer"  # noqa: S105 (the OAuth token type)
    expires_in: int


class MfaPendingResponse(BaseModel):
    """The password (or SSO) step succeeded and the account has 2FA: send `mfa_token` and a code to
    POST /api/v1/auth/2fa/complete within 5 minutes. Nothing else accepts this token."""

    mfa_required: Literal[True] = True
    mfa_token: str


class MfaEnrollmentResponse(BaseModel):
    """The org requires 2FA and the account has none: use `enrollment_token` as the bearer token of
    POST /api/v1/auth/2fa/setup and /api/v1/auth/2fa/enable (within 10 minutes); enable answers with the session."""

    mfa_required: Literal[True] = True
    mfa_enrollment_required: Literal[True] = True
    enrollment_token: str
    expires_in: int


class VerifyEmailRequest(InputModel):
    token: str = Field(min_length=1, max_length=256)


class VerifiedResponse(BaseModel):
    status: Literal["verified"] = "verified"


class PasswordChangeRequest(InputModel):
    current_password: str = Field(max_length=1024)
    new_password: str = Field(max_length=1024)


class PasswordResetRequest(InputModel):
    email: Email


class PasswordResetCompleteRequest(InputModel):
    token: str = Field(min_length=1, max_length=256)
    new_password: str = Field(max_length=1024)


class PasswordResetCompleteResponse(BaseModel):
    status: Literal["password_reset"] = "password_reset"
    detail: str = "The password was changed and every session signed out. Log in with the new password."


class MfaCompleteRequest(InputModel):
    mfa_token: str = Field(min_length=1, max_length=4096)
    # A 6-digit TOTP code, or a backup code (xxxx-xxxx-xxxx-xxxx; spaces and dashes are ignored).
    code: str = Field(min_length=1, max_length=64)


class MfaCodeRequest(InputModel):
    code: str = Field(min_length=1, max_length=64)


class MfaDisableRequest(InputModel):
    code: str = Field(min_length=1, max_length=64)
    password: str = Field(max_length=1024)


class MfaSetupResponse(BaseModel):
    """Shown once: add it to an authenticator app (scan `qr_svg`, open `provisioning_uri`, or type `secret`),
    then confirm with POST /api/v1/auth/2fa/enable."""

    secret: str
    provisioning_uri: str
    qr_svg: str


class MfaEnableResponse(BaseModel):
    """`backup_codes` are shown this once. `tokens` is the new session when enrolment used an enrolment token."""

    enabled: Literal[True] = True
    backup_codes: list[str]
    tokens: TokenResponse | None = None


class BackupCodesResponse(BaseModel):
    backup_codes: list[str]


class MfaStatusResponse(BaseModel):
    enabled: bool
    backup_codes_remaining: int


class MeResponse(BaseModel):
    user_id: uuid.UUID
    email: str
    org_id: uuid.UUID
    role: str


def login_response(outcome: LoginOutcome) -> TokenResponse | MfaPendingResponse | MfaEnrollmentResponse:
    """The API answer for `IdentityService.finish_first_factor`'s outcome (password login, SSO callbacks)."""
    if isinstance(outcome, TokenPair):
        return token_response(outcome)
    if isinstance(outcome, MfaPending):
        return MfaPendingResponse(mfa_token=outcome.mfa_token)
    if isinstance(outcome, EnrollmentRequired):
        return MfaEnrollmentResponse(enrollment_token=outcome.enrollment_token, expires_in=outcome.expires_in)
    raise TypeError(f"not a login outcome: {type(outcome).__name__}")


def token_response(pair: TokenPair) -> TokenResponse:
    return TokenResponse(access_token=pair.access_token, refresh_token=pair.refresh_token, expires_in=pair.expires_in)
