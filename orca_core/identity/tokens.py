"""Every token the identity domain issues, and the checks that keep each one in its own lane.

| type            | form                          | lifetime          | accepted only by                        |
|-----------------|-------------------------------|-------------------|-----------------------------------------|
| access          | JWT, type "access"            | 15 min (setting)  | the Authorization header of the API     |
| mfa_pending     | JWT, type "mfa_pending"       | 5 min, single use | POST /auth/2fa/complete                 |
| mfa_enroll      | JWT, type "mfa_enroll"        | 10 min            | POST /auth/2fa/setup and /auth/2fa/enable |
| refresh         | opaque, SHA-256 stored        | 30 days (family)  | POST /auth/refresh                      |
| email_verify    | opaque, SHA-256 stored        | 24 h, single use  | POST /auth/verify-email                 |
| password_reset  | opaque, SHA-256 stored        | 1 h, single use   | POST /auth/password-reset/complete      |

Access token claims: iss, aud, sub (user id), org (org id), sid (session = refresh-token family id), jti, type
("access"), iat, nbf, exp. `role` is included for clients' convenience only: authorisation always reads the
role from the database on each request. The two 2FA tokens carry iss, aud, sub, org, jti, type, iat, nbf, exp
and `amr` (the first factor that was checked: password, saml, oidc). Decoding pins the algorithm to HS256,
requires every claim we rely on, checks `type` against the one expected, and refuses headers that try to steer
key selection (kid, jku, jwk, x5u, x5c, crit). Opaque tokens are 256 random bits; only their SHA-256 is stored,
and they live in separate tables per use, so one kind can never be looked up as another.
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import jwt

from orca_core.db import utcnow
from orca_core.errors import AuthenticationRequired
from orca_core.settings import Settings

ALGORITHM = "HS256"
ACCESS_TOKEN_TYPE = "access"  # noqa: S105 (a claim value)
MFA_PENDING_TYPE = "mfa_pending"
MFA_ENROLL_TYPE = "mfa_enroll"
REQUIRED_CLAIMS = ["exp", "iat", "nbf", "sub", "jti", "type", "org", "sid", "iss", "aud"]
STEP_UP_REQUIRED_CLAIMS = ["exp", "iat", "nbf", "sub", "jti", "type", "org", "amr", "iss", "aud"]
ALLOWED_HEADER_KEYS = frozenset({"alg", "typ"})


@dataclass(frozen=True)
class AccessClaims:
    user_id: uuid.UUID
    org_id: uuid.UUID
    session_id: uuid.UUID
    jti: uuid.UUID
    expires_at: datetime


def issue_access_token(
    settings: Settings, *, user_id: uuid.UUID, org_id: uuid.UUID, session_id: uuid.UUID, role: str
) -> tuple[str, AccessClaims]:
    now = utcnow().replace(microsecond=0)
    expires_at = now + timedelta(seconds=settings.access_token_ttl_seconds)
    jti = uuid.uuid4()
    payload = {
        "iss": settings.jwt_issuer,
        "aud": settings.jwt_audience,
        "sub": str(user_id),
        "org": str(org_id),
        "sid": str(session_id),
        "role": role,
        "jti": str(jti),
        "type": ACCESS_TOKEN_TYPE,
        "iat": now,
        "nbf": now,
        "exp": expires_at,
    }
    token = jwt.encode(payload, settings.jwt_secret.get_secret_value(), algorithm=ALGORITHM, headers={"typ": "JWT"})
    return token, AccessClaims(user_id, org_id, session_id, jti, expires_at)


def _decode(settings: Settings, token: str, *, expected_type: str, required: list[str]) -> dict[str, Any]:
    """The verified claims of a token of `expected_type`; every failure is the same 401."""
    try:
        header = jwt.get_unverified_header(token)
        if header.get("alg") != ALGORITHM or not set(header) <= ALLOWED_HEADER_KEYS:
            raise AuthenticationRequired()
        claims: dict[str, Any] = jwt.decode(
            token,
            settings.jwt_secret.get_secret_value(),
            algorithms=[ALGORITHM],
            audience=settings.jwt_audience,
            issuer=settings.jwt_issuer,
            leeway=settings.jwt_leeway_seconds,
            options={"require": required, "verify_signature": True},
        )
        if claims["type"] != expected_type:
            raise AuthenticationRequired()
        return claims
    except (jwt.PyJWTError, ValueError, TypeError, KeyError, AttributeError) as error:
        raise AuthenticationRequired() from error


def _expiry(claims: dict[str, Any]) -> datetime:
    return datetime.fromtimestamp(int(claims["exp"]), tz=utcnow().tzinfo)


def decode_access_token(settings: Settings, token: str) -> AccessClaims:
    """Every failure is the same 401: the client learns nothing about which check failed."""
    claims = _decode(settings, token, expected_type=ACCESS_TOKEN_TYPE, required=REQUIRED_CLAIMS)
    try:
        return AccessClaims(
            user_id=uuid.UUID(claims["sub"]),
            org_id=uuid.UUID(claims["org"]),
            session_id=uuid.UUID(claims["sid"]),
            jti=uuid.UUID(claims["jti"]),
            expires_at=_expiry(claims),
        )
    except (ValueError, TypeError, AttributeError) as error:
        raise AuthenticationRequired() from error


@dataclass(frozen=True)
class StepUpClaims:
    """An mfa_pending or mfa_enroll token: who passed which first factor, for which org, until when."""

    token_type: str
    user_id: uuid.UUID
    org_id: uuid.UUID
    jti: uuid.UUID
    first_factor: str
    expires_at: datetime


def issue_step_up_token(
    settings: Settings,
    *,
    token_type: str,
    user_id: uuid.UUID,
    org_id: uuid.UUID,
    first_factor: str,
    ttl_seconds: int,
) -> tuple[str, StepUpClaims]:
    if token_type not in (MFA_PENDING_TYPE, MFA_ENROLL_TYPE):
        raise ValueError(f"not a step-up token type: {token_type}")
    now = utcnow().replace(microsecond=0)
    expires_at = now + timedelta(seconds=ttl_seconds)
    jti = uuid.uuid4()
    payload = {
        "iss": settings.jwt_issuer,
        "aud": settings.jwt_audience,
        "sub": str(user_id),
        "org": str(org_id),
        "jti": str(jti),
        "type": token_type,
        "amr": first_factor,
        "iat": now,
        "nbf": now,
        "exp": expires_at,
    }
    token = jwt.encode(payload, settings.jwt_secret.get_secret_value(), algorithm=ALGORITHM, headers={"typ": "JWT"})
    return token, StepUpClaims(token_type, user_id, org_id, jti, first_factor, expires_at)


def decode_step_up_token(settings: Settings, token: str, token_type: str) -> StepUpClaims:
    claims = _decode(settings, token, expected_type=token_type, required=STEP_UP_REQUIRED_CLAIMS)
    try:
        first_factor = claims["amr"]
        if not isinstance(first_factor, str):
            raise TypeError("amr")
        return StepUpClaims(
            token_type=token_type,
            user_id=uuid.UUID(claims["sub"]),
            org_id=uuid.UUID(claims["org"]),
            jti=uuid.UUID(claims["jti"]),
            first_factor=first_factor,
            expires_at=_expiry(claims),
        )
    except (ValueError, TypeError, AttributeError) as error:
        raise AuthenticationRequired() from error


def new_opaque_token() -> tuple[str, str]:
    """A fresh opaque token (256 random bits from the OS CSPRNG) and the SHA-256 hex digest stored instead."""
    token = secrets.token_urlsafe(32)
    return token, hash_opaque_token(token)


def hash_opaque_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


# Refresh tokens are opaque tokens; the names say which use a call site has in mind.
new_refresh_token = new_opaque_token
hash_refresh_token = hash_opaque_token
