"""OpenID Connect single sign-on over the real protocol (battery E27): discovery, the authorization code flow with
PKCE against a provider on 127.0.0.1, the code exchange at its token endpoint and the ID token checks.

The provider hosts two issuers ("two IdPs"); each negative case makes it misbehave in one way and checks the
refusal, the audited reason, and that no one-time code (so no session) was issued.
"""

from __future__ import annotations

import time
import uuid
from types import SimpleNamespace
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.service.conftest import unique_email
from tests.sso_support.keys import make_key_pair
from tests.sso_support.oidc_provider import OidcTestProvider
from tests.sso_support.world import (
    audit_events,
    code_of,
    codes_issued,
    exchange,
    failure_reasons,
    new_browser,
    new_org,
    oidc_authorize,
    oidc_login,
    oidc_start,
    sessions_in_org,
    sign_in,
    sso_app,
)


@pytest.fixture(scope="module")
def provider():
    with OidcTestProvider() as running:
        running.add_issuer("idp-a")
        running.add_issuer("idp-b")
        yield running


def _reset(issuer) -> None:
    issuer.claim_overrides.clear()
    issuer.drop_claims.clear()
    issuer.sign_hs256_with_client_secret = False
    issuer.sign_with = None
    issuer.add_iss_to_redirect = None


@pytest.fixture
async def sso(settings, provider):
    """Org A with a connection to issuer A, org B with a connection to issuer B, and a browser."""
    a_issuer, b_issuer = provider.issuers["idp-a"], provider.issuers["idp-b"]
    for issuer in (a_issuer, b_issuer):
        _reset(issuer)
        issuer.user = {"sub": f"sub-{uuid.uuid4().hex}", "email": unique_email("oidc"), "email_verified": True}
    async with sso_app(settings) as application, new_browser(application) as admin_http:
        org_a, org_b = await new_org(admin_http, "oidc-owner-a"), await new_org(admin_http, "oidc-owner-b")
        a_client = provider.add_client(a_issuer, "https://placeholder.invalid/")
        b_client = provider.add_client(b_issuer, "https://placeholder.invalid/")
        a_connection = await org_a.add_oidc(a_issuer, a_client)
        b_connection = await org_b.add_oidc(b_issuer, b_client)
        async with new_browser(application) as browser:
            yield SimpleNamespace(
                app=application,
                org=org_a,
                org_b=org_b,
                issuer=a_issuer,
                issuer_b=b_issuer,
                client=a_client,
                connection=a_connection,
                id=a_connection["id"],
                b_id=b_connection["id"],
                browser=browser,
            )


async def refused(sso, superuser, response, reason: str, *, status: int = 401, error: str = "sso_response_rejected"):
    assert response.status_code == status, response.text
    assert response.json()["error"] == error
    assert (await failure_reasons(superuser, sso.org.id, sso.id))[-1:] == [reason]
    assert await codes_issued(superuser, sso.id) == 0
    assert await sessions_in_org(superuser, sso.org.id) == 1  # the admin's own


# --- the happy path -------------------------------------------------------------------------------------------


async def test_discovery_fills_the_connection_and_never_returns_the_client_secret(sso, superuser):
    oidc = sso.connection["oidc"]
    assert oidc["issuer"] == sso.issuer.url
    assert oidc["authorization_endpoint"] == f"{sso.issuer.url}/authorize"
    assert oidc["token_endpoint"] == f"{sso.issuer.url}/token"
    assert oidc["jwks_key_ids"] == [sso.issuer.kid]
    assert oidc["client_secret_set"] is True
    assert oidc["redirect_uri"] == f"https://orca.test/api/v1/sso/oidc/{sso.id}/callback"
    listed = await sso.org.http.get("/api/v1/org/sso/connections", headers=sso.org.admin.auth)
    assert sso.client.client_secret not in listed.text
    stored = await superuser.fetchval(
        "SELECT oidc_client_secret_encrypted FROM sso_connections WHERE id = $1", uuid.UUID(sso.id)
    )
    assert sso.client.client_secret.encode() not in stored and len(stored) > len(sso.client.client_secret)
    events = await audit_events(superuser, sso.org.id, "sso_connection_created")
    assert [(row["protocol"], row["connection_id"]) for row in events] == [("oidc", sso.id)]


async def test_oidc_login_uses_pkce_state_and_nonce_and_provisions_a_member(sso, superuser):
    authorization_url = await oidc_start(sso.browser, sso.id, relay_state="/jobs")
    params = {key: values[0] for key, values in parse_qs(urlsplit(authorization_url).query).items()}
    assert params["response_type"] == "code"
    assert params["code_challenge_method"] == "S256" and len(params["code_challenge"]) == 43
    assert len(params["state"]) >= 32 and len(params["nonce"]) >= 32
    assert "client_secret" not in params and sso.client.client_secret not in authorization_url
    assert set(params["scope"].split()) == {"openid", "email", "profile"}

    answer = await sso.browser.get(await oidc_authorize(authorization_url))
    assert answer.headers["location"].startswith("/jobs#sso_code=")
    me = await sign_in(sso.browser, answer)
    assert (me["email"], me["org_id"], me["role"]) == (sso.issuer.user["email"], str(sso.org.id), "member")
    # The token request carried the PKCE verifier (the provider checked it against the challenge).
    token_request = sso.issuer.token_requests[-1]
    assert token_request["grant_type"] == "authorization_code" and len(token_request["code_verifier"]) >= 43
    provisioned = await audit_events(superuser, sso.org.id, "sso_user_provisioned")
    assert [(row["method"], str(row["user_id"])) for row in provisioned] == [("oidc", me["user_id"])]
    logins = [row for row in await audit_events(superuser, sso.org.id, "login") if str(row["user_id"]) == me["user_id"]]
    assert [row["method"] for row in logins] == ["oidc"]

    # The same `sub` again: the same account.
    assert (await sign_in(sso.browser, await oidc_login(sso.browser, sso.id)))["user_id"] == me["user_id"]


async def test_rotated_signing_key_is_fetched_once_from_the_jwks(sso, superuser, provider):
    """The IdP rotated its key after discovery: the unknown `kid` makes us re-read its JWKS, once."""
    issuer = sso.issuer
    old_keys, old_kid = issuer.keys, issuer.kid
    issuer.keys, issuer.kid = make_key_pair("idp-a rotated"), f"idp-a-key-{uuid.uuid4().hex[:6]}"
    try:
        me = await sign_in(sso.browser, await oidc_login(sso.browser, sso.id))
        assert me["org_id"] == str(sso.org.id)
        stored = await superuser.fetchval("SELECT oidc_jwks FROM sso_connections WHERE id = $1", uuid.UUID(sso.id))
        assert issuer.kid in stored
    finally:
        issuer.keys, issuer.kid = old_keys, old_kid


# --- E27 ------------------------------------------------------------------------------------------------------


async def test_e27_callback_with_a_state_from_another_browser_session_is_rejected(sso, superuser):
    victim_authorization = await oidc_start(sso.browser, sso.id)
    async with new_browser(sso.app) as attacker:
        await oidc_start(attacker, sso.id)  # the attacker's own login: its cookie names its own flow and state
        callback = await oidc_authorize(victim_authorization)
        response = await attacker.get(callback)
    await refused(sso, superuser, response, "state_mismatch", status=400, error="sso_flow_missing")
    # The victim's login is untouched and still completes.
    assert (await sign_in(sso.browser, await sso.browser.get(callback)))["org_id"] == str(sso.org.id)


async def test_e27_callback_without_the_browser_binding_is_rejected(sso, superuser):
    callback = await oidc_authorize(await oidc_start(sso.browser, sso.id))
    async with new_browser(sso.app) as stranger:
        response = await stranger.get(callback)
    await refused(sso, superuser, response, "no_login_in_progress", status=400, error="sso_flow_missing")


async def test_e27_callback_replayed_after_use_is_rejected(sso, superuser):
    callback = await oidc_authorize(await oidc_start(sso.browser, sso.id))
    first = await sso.browser.get(callback)
    assert first.status_code == 303
    again = await sso.browser.get(callback)
    assert again.status_code == 400 and again.json()["error"] == "sso_flow_missing"
    assert (await failure_reasons(superuser, sso.org.id, sso.id))[-1] == "flow_already_answered"


@pytest.mark.parametrize(
    ("knob", "value", "reason"),
    [
        ("nonce", "not-the-flow-nonce", "invalid_nonce"),
        ("aud", "another-client", "invalid_aud"),
        ("iss", "https://impostor.example", "invalid_iss"),
        ("exp", -600, "expired"),
    ],
)
async def test_e27_id_token_with_a_wrong_claim_is_rejected(sso, superuser, knob, value, reason):
    if knob == "exp":
        now = int(time.time())
        sso.issuer.claim_overrides.update({"iat": now - 900, "exp": now + value})
    else:
        sso.issuer.claim_overrides[knob] = value
    await refused(sso, superuser, await oidc_login(sso.browser, sso.id), reason)


@pytest.mark.parametrize("claim", ["nonce", "aud", "exp", "sub"])
async def test_e27_id_token_missing_a_required_claim_is_rejected(sso, superuser, claim):
    sso.issuer.drop_claims.add(claim)
    await refused(sso, superuser, await oidc_login(sso.browser, sso.id), f"invalid_{claim}")


async def test_e27_hs256_id_token_signed_with_the_client_secret_is_rejected(sso, superuser):
    sso.issuer.sign_hs256_with_client_secret = True
    await refused(sso, superuser, await oidc_login(sso.browser, sso.id), "wrong_alg")


async def test_e27_id_token_signed_by_a_key_outside_the_issuers_jwks_is_rejected(sso, superuser):
    sso.issuer.sign_with = make_key_pair("forger")
    await refused(sso, superuser, await oidc_login(sso.browser, sso.id), "unknown_key")


@pytest.mark.parametrize(("with_iss", "reason"), [(True, "issuer_mismatch"), (False, "token_endpoint_error")])
async def test_e27_second_idps_answer_on_org_a_callback_is_rejected(sso, superuser, with_iss, reason):
    """A mix-up: IdP B's authorization answer (its code, and its `iss` when it sends RFC 9207's parameter) is
    delivered to org A's callback, with the state of A's login in this browser."""
    sso.issuer_b.add_iss_to_redirect = sso.issuer_b.url if with_iss else None
    a_state = parse_qs(urlsplit(await oidc_start(sso.browser, sso.id)).query)["state"][0]
    async with new_browser(sso.app) as elsewhere:
        b_answer = parse_qs(urlsplit(await oidc_authorize(await oidc_start(elsewhere, sso.b_id))).query)
    mixed = {"code": b_answer["code"][0], "state": a_state}
    if with_iss:
        mixed["iss"] = b_answer["iss"][0]
    response = await sso.browser.get(f"/api/v1/sso/oidc/{sso.id}/callback", params=mixed)
    await refused(sso, superuser, response, reason)


async def test_e27_id_token_claiming_the_second_idps_issuer_is_rejected(sso, superuser):
    sso.issuer.claim_overrides["iss"] = sso.issuer_b.url
    await refused(sso, superuser, await oidc_login(sso.browser, sso.id), "invalid_iss")


async def test_e27_org_b_login_cannot_be_completed_on_org_a_connection(sso, superuser):
    """A flow started for B's connection (cookie) answered on A's callback: not this connection's login."""
    b_callback = await oidc_authorize(await oidc_start(sso.browser, sso.b_id))
    a_path = b_callback.replace(f"/oidc/{sso.b_id}/", f"/oidc/{sso.id}/")
    await refused(
        sso, superuser, await sso.browser.get(a_path), "no_login_in_progress", status=400, error="sso_flow_missing"
    )


async def test_idp_error_answer_is_refused_and_audited(sso, superuser):
    authorization = await oidc_start(sso.browser, sso.id)
    state = parse_qs(urlsplit(authorization).query)["state"][0]
    response = await sso.browser.get(f"/api/v1/sso/oidc/{sso.id}/callback?error=access_denied&state={state}")
    await refused(sso, superuser, response, "idp_error", status=400, error="sso_idp_error")


async def test_unverified_email_is_not_used_to_provision(sso, superuser):
    sso.issuer.user["email_verified"] = False
    await refused(sso, superuser, await oidc_login(sso.browser, sso.id), "email_missing", error="sso_email_missing")


async def test_no_secret_or_code_reaches_the_logs_or_the_audit_log(sso, superuser, capsys):
    """The client secret, the state, the PKCE verifier, the IdP's code, our one-time code and the tokens appear in
    no log line and no audit row (the access log records paths, never query strings)."""
    authorization = await oidc_start(sso.browser, sso.id)
    callback = await oidc_authorize(authorization)
    answer = await sso.browser.get(callback)
    tokens = (await exchange(sso.browser, code_of(answer))).json()
    query = parse_qs(urlsplit(callback).query)
    sentinels = [
        sso.client.client_secret,
        query["code"][0],
        query["state"][0],
        sso.issuer.token_requests[-1]["code_verifier"],
        code_of(answer),
        tokens["access_token"],
        tokens["refresh_token"],
    ]
    logged = capsys.readouterr().out
    assert "/api/v1/auth/sso/exchange" in logged  # the logs were captured at all
    audit = "\n".join(
        row["metadata"] for row in await superuser.fetch("SELECT metadata::text AS metadata FROM audit_events")
    )
    for sentinel in sentinels:
        assert sentinel not in logged
        assert sentinel not in audit
