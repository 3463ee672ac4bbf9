"""Forged, tampered and confused access tokens (battery group C)."""

from __future__ import annotations

import base64
import json
import time
import uuid

import jwt
import pytest

from tests.service.conftest import register_and_login


def _b64(data: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def _claims(token: str) -> dict:
    return jwt.decode(token, options={"verify_signature": False})


def _sign(settings, claims: dict, *, algorithm: str = "HS256", headers: dict | None = None, secret: str | None = None):
    key = secret if secret is not None else settings.jwt_secret.get_secret_value()
    return jwt.encode(claims, key, algorithm=algorithm, headers=headers)


async def _status(client, token: str) -> int:
    return (await client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})).status_code


async def test_c15_alg_none_is_refused(client, settings):
    account = await register_and_login(client)
    claims = _claims(account.access_token)
    unsigned = f"{_b64({'alg': 'none', 'typ': 'JWT'})}.{_b64(claims)}."
    assert await _status(client, unsigned) == 401


@pytest.mark.parametrize("algorithm", ["HS384", "HS512"])
async def test_c15_other_hmac_algorithms_are_refused_even_with_our_secret(client, settings, algorithm):
    account = await register_and_login(client)
    assert await _status(client, _sign(settings, _claims(account.access_token), algorithm=algorithm)) == 401


async def test_c15_rs256_header_is_refused(client, settings):
    account = await register_and_login(client)
    header = _b64({"alg": "RS256", "typ": "JWT"})
    body = _b64(_claims(account.access_token))
    assert await _status(client, f"{header}.{body}.c2lnbmF0dXJl") == 401


@pytest.mark.parametrize(
    "extra_header",
    [{"kid": "../../dev/null"}, {"jku": "https://evil.example/jwks"}, {"jwk": {"kty": "oct", "k": "AAAA"}}],
)
async def test_c15_key_steering_headers_are_refused(client, settings, extra_header):
    account = await register_and_login(client)
    token = _sign(settings, _claims(account.access_token), headers=extra_header)
    assert await _status(client, token) == 401


async def test_c15_signature_from_another_secret_is_refused(client, settings):
    account = await register_and_login(client)
    token = _sign(settings, _claims(account.access_token), secret="x" * 64)
    assert await _status(client, token) == 401


async def test_c15_tampered_org_claim_is_refused(client, two_orgs, settings):
    a, b = two_orgs.a, two_orgs.b
    claims = _claims(a.access_token)
    # Re-encode the payload with B's org but keep A's signature: the signature no longer matches.
    header, _, signature = a.access_token.split(".")
    tampered = f"{header}.{_b64({**claims, 'org': str(b.org_id)})}.{signature}"
    assert await _status(client, tampered) == 401
    # Even correctly signed (a leaked secret), A's user is not a member of B: no access to B.
    assert await _status(client, _sign(settings, {**claims, "org": str(b.org_id)})) == 401


async def test_c15_role_claim_is_not_trusted(client, superuser, settings):
    account = await register_and_login(client)
    await superuser.execute("UPDATE memberships SET role = 'member' WHERE user_id = $1", account.user_id)
    forged = _sign(settings, {**_claims(account.access_token), "role": "owner"})
    response = await client.patch(
        "/api/v1/org", json={"gdpr_check_enabled": False}, headers={"Authorization": f"Bearer {forged}"}
    )
    assert response.status_code == 403


@pytest.mark.parametrize("claim", ["exp", "iat", "sub", "jti", "type", "org", "sid", "aud", "iss", "nbf"])
async def test_c16_missing_claim_is_refused(client, settings, claim):
    account = await register_and_login(client)
    claims = _claims(account.access_token)
    del claims[claim]
    assert await _status(client, _sign(settings, claims)) == 401


async def test_c16_expired_and_not_yet_valid_tokens_are_refused(client, settings):
    account = await register_and_login(client)
    claims = _claims(account.access_token)
    now = int(time.time())
    assert await _status(client, _sign(settings, {**claims, "exp": now - 60})) == 401
    assert await _status(client, _sign(settings, {**claims, "nbf": now + 600})) == 401
    assert await _status(client, _sign(settings, claims)) == 200  # the re-signed original still works


@pytest.mark.parametrize("token_type", ["refresh", "mfa_pending", "email_verify", "ws_ticket"])
async def test_c17_other_token_types_are_refused_as_access_tokens(client, settings, token_type):
    account = await register_and_login(client)
    assert await _status(client, _sign(settings, {**_claims(account.access_token), "type": token_type})) == 401


async def test_c17_refresh_token_is_not_an_access_token_and_vice_versa(client):
    account = await register_and_login(client)
    assert await _status(client, account.refresh_token) == 401
    response = await client.post("/api/v1/auth/refresh", json={"refresh_token": account.access_token})
    assert response.status_code == 401


@pytest.mark.parametrize(
    "authorization",
    ["", "Bearer", "Bearer ", "Basic dXNlcjpwYXNz", "Bearer not.a.jwt", "Bearer a.b", f"Bearer {uuid.uuid4()}"],
)
async def test_malformed_authorization_is_a_clean_401(client, authorization):
    response = await client.get("/api/v1/me", headers={"Authorization": authorization} if authorization else {})
    assert response.status_code == 401
    assert response.json()["error"] == "invalid_token"


async def test_all_token_failures_look_the_same(client, settings):
    account = await register_and_login(client)
    claims = _claims(account.access_token)
    bodies = set()
    for token in (
        _sign(settings, claims, secret="y" * 64),
        _sign(settings, {**claims, "type": "refresh"}),
        _sign(settings, {**claims, "exp": int(time.time()) - 60}),
        "garbage",
    ):
        response = await client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
        bodies.add((response.status_code, response.text))
    assert len(bodies) == 1


async def _mfa_status(client, token: str) -> int:
    response = await client.post("/api/v1/auth/2fa/complete", json={"mfa_token": token, "code": "123456"})
    return response.status_code


async def test_c17_access_tokens_and_forged_step_up_tokens_are_refused_by_2fa_complete(client, settings):
    account = await register_and_login(client)
    claims = _claims(account.access_token)
    now = int(time.time())
    pending = {
        **{k: v for k, v in claims.items() if k not in ("sid", "role")},
        "type": "mfa_pending",
        "amr": "password",
    }
    assert await _mfa_status(client, account.access_token) == 401
    assert await _mfa_status(client, account.refresh_token) == 401
    assert await _mfa_status(client, _sign(settings, {**claims, "type": "mfa_pending"})) == 401  # no amr claim
    assert await _mfa_status(client, _sign(settings, {**pending, "type": "mfa_enroll"})) == 401
    assert await _mfa_status(client, _sign(settings, pending, secret="z" * 64)) == 401
    assert await _mfa_status(client, _sign(settings, pending, algorithm="HS512")) == 401
    assert await _mfa_status(client, _sign(settings, {**pending, "exp": now - 60})) == 401
    assert await _mfa_status(client, _sign(settings, pending, headers={"kid": "x"})) == 401
    # A well-formed pending token for an account without 2FA finishes nothing.
    assert await _mfa_status(client, _sign(settings, pending)) == 401
    # Correctly signed pending/enrolment tokens are still no access tokens.
    assert await _status(client, _sign(settings, pending)) == 401
    assert await _status(client, _sign(settings, {**pending, "type": "mfa_enroll"})) == 401
