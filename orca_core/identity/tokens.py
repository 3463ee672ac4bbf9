"""Access tokens (JWT, HS256 only) and refresh tokens (opaque, stored as SHA-256).

Access token claims: iss, aud, sub (user id), org (org id), sid (session = refresh-token family id), jti, type
("access"), iat, nbf, exp. `role` is included for clients' convenience only: authorisation always reads the
role from the database on each request. Decoding pins the algorithm to HS256, requires every claim we rely on,
and refuses headers that try to steer key selection (kid, jku, jwk, x5u, x5c, crit).
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

import jwt

from orca_core.db import utcnow
from orca_core.errors import AuthenticationRequired
from orca_core.settings import Settings

ALGORITHM = "HS256"
ACCESS_TOKEN_TYPE = "access"  # noqa: S105 (a claim value)
REQUIRED_CLAIMS = ["exp", "iat", "nbf", "sub", "jti", "type", "org", "sid", "iss", "aud"]
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


def decode_access_token(settings: Settings, token: str) -> AccessClaims:
    """Every failure is the same 401: the client learns nothing about which check failed."""
    try:
        header = jwt.get_unverified_header(token)
        if header.get("alg") != ALGORITHM or not set(header) <= ALLOWED_HEADER_KEYS:
            raise AuthenticationRequired()
        claims = jwt.decode(
            token,
            settings.jwt_secret.get_secret_value(),
            algorithms=[ALGORITHM],
            audience=settings.jwt_audience,
            issuer=settings.jwt_issuer,
            leeway=settings.jwt_leeway_seconds,
            options={"require": REQUIRED_CLAIMS, "verify_signature": True},
        )
        if claims["type"] != ACCESS_TOKEN_TYPE:
            raise AuthenticationRequired()
        return AccessClaims(
            user_id=uuid.UUID(claims["sub"]),
            org_id=uuid.UUID(claims["org"]),
            session_id=uuid.UUID(claims["sid"]),
            jti=uuid.UUID(claims["jti"]),
            expires_at=datetime.fromtimestamp(int(claims["exp"]), tz=utcnow().tzinfo),
        )
    except (jwt.PyJWTError, ValueError, TypeError, KeyError, AttributeError) as error:
        raise AuthenticationRequired() from error


def new_refresh_token() -> tuple[str, str]:
    """A fresh opaque refresh token (256 random bits) and the SHA-256 hex digest that is stored instead."""
    token = secrets.token_urlsafe(32)
    return token, hash_refresh_token(token)


def hash_refresh_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()
