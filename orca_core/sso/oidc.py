"""OpenID Connect relying-party side, on authlib: discovery, the authorization request, the code exchange and the
ID token check.

- Discovery reads `{issuer}/.well-known/openid-configuration` (through `outbound`, so tenant-supplied URLs cannot
  reach internal addresses) and requires the document's `issuer` to equal the configured one exactly. Only the
  RSA signing keys of the JWKS are kept.
- The authorization request is the code flow with PKCE (S256), a `state` and a `nonce`, all bound to the
  browser's flow (see `orca_core.sso.login`).
- The ID token must be RS256 (an HS256 token, e.g. one MAC'd with the client secret, is refused before any key
  is looked at), signed by a key of the issuer's JWKS, with `iss` equal to the issuer, `aud` containing our client
  id (and `azp` when several audiences), `exp` in the future, `iat`, `sub`, and the flow's `nonce`.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from typing import Any, cast
from urllib.parse import urlsplit

import httpx
from authlib.integrations.httpx_client import AsyncOAuth2Client, OAuthError
from authlib.oidc.core import CodeIDToken
from joserfc import jwt
from joserfc.errors import ClaimError, ExpiredTokenError, InvalidKeyIdError, JoseError
from joserfc.jwk import KeySet
from joserfc.jws import JWSRegistry

from orca_core.sso.outbound import OutboundRefused, check_destination, check_url_shape, get_json

ID_TOKEN_ALGORITHM = "RS256"  # noqa: S105 (an algorithm name)
SCOPES = "openid email profile"
DISCOVERY_PATH = "/.well-known/openid-configuration"
SUPPORTED_CLIENT_AUTH = ("client_secret_basic", "client_secret_post")
ID_TOKEN_LEEWAY_SECONDS = 60
MAX_ID_TOKEN_CHARS = 16 * 1024
MAX_SUBJECT_LENGTH = 255


class OidcRejected(Exception):
    """The callback failed a check; `reason` is a stable code for the audit log."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class OidcConfigError(ValueError):
    """The issuer's configuration is unusable; the message is safe to return to the admin."""


@dataclass(frozen=True)
class OidcProvider:
    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    token_endpoint_auth_method: str
    jwks_uri: str
    jwks: dict[str, Any]


def check_issuer(issuer: str, *, allow_insecure: bool) -> None:
    try:
        check_url_shape(issuer, allow_insecure=allow_insecure)
    except OutboundRefused as refused:
        raise OidcConfigError(f"issuer {refused.reason}") from refused
    if urlsplit(issuer).query:
        raise OidcConfigError("issuer must not have a query string")


def signing_keys(jwks: dict[str, Any]) -> dict[str, Any]:
    """The RSA public signing keys of a JWKS (anything else, symmetric keys above all, is dropped)."""
    keys = []
    for key in jwks.get("keys") or []:
        if not isinstance(key, dict) or key.get("kty") != "RSA" or key.get("use", "sig") != "sig":
            continue
        if key.get("alg", ID_TOKEN_ALGORITHM) != ID_TOKEN_ALGORITHM or "d" in key:
            continue
        keys.append({name: key[name] for name in ("kty", "kid", "use", "alg", "n", "e") if name in key})
    if not keys:
        raise OidcConfigError("the issuer's JWKS has no RSA signing key for RS256")
    try:
        KeySet.import_key_set(cast(Any, {"keys": keys}))
    except (JoseError, ValueError, TypeError) as error:
        raise OidcConfigError("the issuer's JWKS holds a malformed RSA key") from error
    return {"keys": keys}


async def fetch_jwks(jwks_uri: str, *, allow_insecure: bool, timeout: float) -> dict[str, Any]:
    try:
        return signing_keys(await get_json(jwks_uri, allow_insecure=allow_insecure, timeout=timeout))
    except OutboundRefused as refused:
        raise OidcConfigError(f"jwks_uri {refused.reason}") from refused


def _endpoint(document: dict[str, Any], name: str, allow_insecure: bool) -> str:
    value = document.get(name)
    if not isinstance(value, str) or not value:
        raise OidcConfigError(f"the discovery document has no {name}")
    try:
        check_url_shape(value, allow_insecure=allow_insecure)
    except OutboundRefused as refused:
        raise OidcConfigError(f"{name} {refused.reason}") from refused
    return value


def _supports(document: dict[str, Any], name: str, value: str) -> bool:
    listed = document.get(name)
    return listed is None or (isinstance(listed, list) and value in listed)


async def discover(issuer: str, *, allow_insecure: bool, timeout: float) -> OidcProvider:
    check_issuer(issuer, allow_insecure=allow_insecure)
    try:
        document = await get_json(issuer.rstrip("/") + DISCOVERY_PATH, allow_insecure=allow_insecure, timeout=timeout)
    except OutboundRefused as refused:
        raise OidcConfigError(f"the discovery document {refused.reason}") from refused
    if document.get("issuer") != issuer:
        raise OidcConfigError("the discovery document names another issuer than the one configured")
    if not _supports(document, "response_types_supported", "code"):
        raise OidcConfigError("the issuer does not support the authorization code flow")
    if (
        not isinstance(document.get("id_token_signing_alg_values_supported"), list)
        or ID_TOKEN_ALGORITHM not in (document["id_token_signing_alg_values_supported"])
    ):
        raise OidcConfigError("the issuer does not sign ID tokens with RS256")
    if not _supports(document, "code_challenge_methods_supported", "S256"):
        raise OidcConfigError("the issuer does not support PKCE with S256")
    methods = document.get("token_endpoint_auth_methods_supported") or ["client_secret_basic"]
    auth_method = next((method for method in SUPPORTED_CLIENT_AUTH if method in methods), None)
    if auth_method is None:
        raise OidcConfigError("the issuer supports neither client_secret_basic nor client_secret_post")
    jwks_uri = _endpoint(document, "jwks_uri", allow_insecure)
    return OidcProvider(
        issuer=issuer,
        authorization_endpoint=_endpoint(document, "authorization_endpoint", allow_insecure),
        token_endpoint=_endpoint(document, "token_endpoint", allow_insecure),
        token_endpoint_auth_method=auth_method,
        jwks_uri=jwks_uri,
        jwks=await fetch_jwks(jwks_uri, allow_insecure=allow_insecure, timeout=timeout),
    )


def authorization_url(
    provider: OidcProvider, *, client_id: str, redirect_uri: str, state: str, nonce: str, code_verifier: str
) -> str:
    client = AsyncOAuth2Client(
        client_id=client_id, redirect_uri=redirect_uri, scope=SCOPES, code_challenge_method="S256"
    )
    url, _ = client.create_authorization_url(
        provider.authorization_endpoint, state=state, code_verifier=code_verifier, nonce=nonce
    )
    return str(url)


async def exchange_code(
    provider: OidcProvider,
    *,
    client_id: str,
    client_secret: str,
    redirect_uri: str,
    code: str,
    code_verifier: str,
    allow_insecure: bool,
    timeout: float,
) -> str:
    """The ID token the token endpoint returns for `code` (with the PKCE verifier and our client credentials)."""
    try:
        await check_destination(provider.token_endpoint, allow_insecure=allow_insecure)
    except OutboundRefused as refused:
        raise OidcRejected("token_endpoint_refused") from refused
    try:
        async with AsyncOAuth2Client(
            client_id=client_id,
            client_secret=client_secret,
            token_endpoint_auth_method=provider.token_endpoint_auth_method,
            redirect_uri=redirect_uri,
            code_challenge_method="S256",
            timeout=timeout,
            follow_redirects=False,
            trust_env=False,
        ) as client:
            token = await client.fetch_token(
                provider.token_endpoint, grant_type="authorization_code", code=code, code_verifier=code_verifier
            )
    except OAuthError as error:
        raise OidcRejected("token_endpoint_error") from error
    except httpx.HTTPError as error:
        raise OidcRejected("token_endpoint_unreachable") from error
    except (ValueError, KeyError, TypeError) as error:  # a non-JSON or malformed token response
        raise OidcRejected("token_endpoint_malformed") from error
    id_token = token.get("id_token") if isinstance(token, dict) else None
    if not isinstance(id_token, str) or not id_token or len(id_token) > MAX_ID_TOKEN_CHARS:
        raise OidcRejected("missing_id_token")
    return id_token


def _header(id_token: str) -> dict[str, Any]:
    try:
        segment = id_token.split(".")[0]
        header = json.loads(base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4)))
    except (ValueError, binascii.Error, IndexError) as error:
        raise OidcRejected("malformed_id_token") from error
    if not isinstance(header, dict):
        raise OidcRejected("malformed_id_token")
    return header


def verify_id_token(id_token: str, *, jwks: dict[str, Any], issuer: str, client_id: str, nonce: str) -> dict[str, Any]:
    """The ID token's claims once every check passed; OidcRejected with the first failing check's reason."""
    if len(id_token) > MAX_ID_TOKEN_CHARS or id_token.count(".") != 2:
        raise OidcRejected("malformed_id_token")
    header = _header(id_token)
    if header.get("alg") != ID_TOKEN_ALGORITHM:
        raise OidcRejected("wrong_alg")
    if "jku" in header or "jwk" in header or "x5u" in header or "crit" in header:
        raise OidcRejected("unsupported_header")
    try:
        decoded = jwt.decode(
            id_token, KeySet.import_key_set(cast(Any, jwks)), registry=JWSRegistry(algorithms=[ID_TOKEN_ALGORITHM])
        )
    except InvalidKeyIdError as error:
        raise OidcRejected("unknown_key") from error
    except JoseError as error:
        reason = "invalid_signature" if error.error == "bad_signature" else "malformed_id_token"
        raise OidcRejected(reason) from error
    except (ValueError, TypeError) as error:
        raise OidcRejected("malformed_id_token") from error

    claims = CodeIDToken(
        decoded.claims,
        decoded.header,
        options={
            "iss": {"essential": True, "value": issuer},
            "aud": {"essential": True, "value": client_id},
            "exp": {"essential": True},
            "iat": {"essential": True},
            "sub": {"essential": True},
            "nonce": {"essential": True, "value": nonce},
        },
        params={"nonce": nonce, "client_id": client_id},
    )
    try:
        claims.validate(leeway=ID_TOKEN_LEEWAY_SECONDS)
    except ExpiredTokenError as error:
        raise OidcRejected("expired") from error
    except ClaimError as error:
        raise OidcRejected(f"invalid_{error.claim}" if error.claim else "invalid_claims") from error
    except JoseError as error:  # e.g. nbf or iat in the future
        raise OidcRejected("not_yet_valid" if error.error == "invalid_token" else "invalid_claims") from error
    subject = claims.get("sub")
    if not isinstance(subject, str) or not subject or len(subject) > MAX_SUBJECT_LENGTH:
        raise OidcRejected("invalid_sub")
    return dict(claims)
