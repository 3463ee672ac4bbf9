"""The SSO test world: an app whose public URL is https://orca.test, browsers (httpx clients with their own cookie
jars, talking to the app over ASGI), orgs with admins, connections to the test IdPs, and audit/DB probes.

The app runs with `sso_allow_insecure_issuers` so it may talk to the OIDC provider on http://127.0.0.1.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pyotp

from api.app import create_app
from orca_core.settings import Settings
from tests.service.conftest import CLIENT_IP, Account, register_and_login
from tests.sso_support.oidc_provider import Issuer, OidcClient
from tests.sso_support.saml_idp import AuthnRequest, SamlTestIdp, encode, read_authn_request

SSO_BASE_URL = "https://orca.test"


def sso_settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"public_base_url": SSO_BASE_URL, "sso_allow_insecure_issuers": True})


@asynccontextmanager
async def sso_app(settings: Settings) -> AsyncIterator[Any]:
    application = create_app(sso_settings(settings))
    try:
        yield application
    finally:
        await application.state.engine.dispose()


def new_browser(application: Any, ip: str = CLIENT_IP) -> httpx.AsyncClient:
    """A browser: its own cookie jar, https (so Secure cookies are kept and sent)."""
    transport = httpx.ASGITransport(app=application, client=(ip, 50000))
    return httpx.AsyncClient(transport=transport, base_url=SSO_BASE_URL)


@dataclass
class Org:
    admin: Account
    http: httpx.AsyncClient

    @property
    def id(self) -> uuid.UUID:
        return self.admin.org_id

    async def add_saml(self, idp: SamlTestIdp, **fields: Any) -> dict[str, Any]:
        body = {"protocol": "saml", "name": "Test SAML IdP", "idp_metadata_xml": idp.metadata_xml(), **fields}
        response = await self.http.post("/api/v1/org/sso/connections", json=body, headers=self.admin.auth)
        assert response.status_code == 201, response.text
        return response.json()

    async def add_oidc(self, issuer: Issuer, client: OidcClient, **fields: Any) -> dict[str, Any]:
        body = {
            "protocol": "oidc",
            "name": f"Test OIDC {issuer.name}",
            "issuer": issuer.url,
            "client_id": client.client_id,
            "client_secret": client.client_secret,
            **fields,
        }
        response = await self.http.post("/api/v1/org/sso/connections", json=body, headers=self.admin.auth)
        assert response.status_code == 201, response.text
        connection = response.json()
        client.redirect_uris.append(connection["oidc"]["redirect_uri"])
        return connection

    async def set_enforcement(self, enforced: bool) -> httpx.Response:
        return await self.http.put("/api/v1/org/sso/enforcement", json={"enforced": enforced}, headers=self.admin.auth)

    async def enable_2fa_for_admin(self) -> str:
        """Real TOTP enrolment through the 2FA API; returns the secret (the test's authenticator app)."""
        setup = await self.http.post("/api/v1/auth/2fa/setup", headers=self.admin.auth)
        assert setup.status_code == 200, setup.text
        secret = setup.json()["secret"]
        enabled = await self.http.post(
            "/api/v1/auth/2fa/enable", json={"code": pyotp.TOTP(secret).now()}, headers=self.admin.auth
        )
        assert enabled.status_code == 200, enabled.text
        return secret


async def new_org(http: httpx.AsyncClient, label: str = "sso-owner") -> Org:
    return Org(await register_and_login(http, label=label), http)


# --- SAML ---------------------------------------------------------------------------------------------------------


async def saml_start(browser: httpx.AsyncClient, connection_id: str, relay_state: str | None = None) -> AuthnRequest:
    params = {"relay_state": relay_state} if relay_state is not None else {}
    response = await browser.get(f"/api/v1/sso/saml/{connection_id}/login", params=params)
    assert response.status_code == 302, response.text
    assert "orca_sso" in response.cookies
    return read_authn_request(response.headers["location"])


async def post_acs(
    browser: httpx.AsyncClient, connection_id: str, xml: str, relay_state: str | None = None
) -> httpx.Response:
    form = {"SAMLResponse": encode(xml)}
    if relay_state is not None:
        form["RelayState"] = relay_state
    return await browser.post(f"/api/v1/sso/saml/{connection_id}/acs", data=form)


# --- OIDC ---------------------------------------------------------------------------------------------------------


async def oidc_start(browser: httpx.AsyncClient, connection_id: str, relay_state: str | None = None) -> str:
    """Our login endpoint's redirect: the provider's authorization URL."""
    params = {"relay_state": relay_state} if relay_state is not None else {}
    response = await browser.get(f"/api/v1/sso/oidc/{connection_id}/login", params=params)
    assert response.status_code == 302, response.text
    return response.headers["location"]


async def oidc_authorize(authorization_url: str) -> str:
    """The browser at the provider (over real HTTP): the user is signed in there, the provider redirects back.
    Returns the callback URL (path and query) to replay against the app."""
    async with httpx.AsyncClient(follow_redirects=False) as outside:
        response = await outside.get(authorization_url)
    assert response.status_code == 302, response.text
    location = urlsplit(response.headers["location"])
    assert f"{location.scheme}://{location.netloc}" == SSO_BASE_URL
    return f"{location.path}?{location.query}"


async def oidc_login(browser: httpx.AsyncClient, connection_id: str, relay_state: str | None = None) -> httpx.Response:
    callback = await oidc_authorize(await oidc_start(browser, connection_id, relay_state))
    return await browser.get(callback)


# --- after the IdP ------------------------------------------------------------------------------------------------


def code_of(response: httpx.Response) -> str:
    assert response.status_code == 303, response.text
    fragment = urlsplit(response.headers["location"]).fragment
    return parse_qs(fragment)["sso_code"][0]


async def exchange(browser: httpx.AsyncClient, code: str) -> httpx.Response:
    return await browser.post("/api/v1/auth/sso/exchange", json={"code": code})


async def sign_in(browser: httpx.AsyncClient, idp_answer: httpx.Response) -> dict[str, Any]:
    """Exchange the redirect's code and check the tokens work: returns /me."""
    tokens = await exchange(browser, code_of(idp_answer))
    assert tokens.status_code == 200, tokens.text
    assert tokens.json()["mfa_required"] is False
    me = await browser.get("/api/v1/me", headers={"Authorization": f"Bearer {tokens.json()['access_token']}"})
    assert me.status_code == 200, me.text
    return me.json()


# --- probes -------------------------------------------------------------------------------------------------------


async def audit_events(superuser: Any, org_id: uuid.UUID | None, event: str) -> list[dict[str, Any]]:
    import json

    rows = await superuser.fetch(
        "SELECT user_id, ip::text AS ip, metadata FROM audit_events "
        "WHERE org_id IS NOT DISTINCT FROM $1 AND event = $2 ORDER BY seq",
        org_id,
        event,
    )
    return [{"user_id": row["user_id"], "ip": row["ip"], **json.loads(row["metadata"])} for row in rows]


async def failure_reasons(superuser: Any, org_id: uuid.UUID, connection_id: str) -> list[str]:
    return [
        row["reason"]
        for row in await audit_events(superuser, org_id, "login_failed")
        if row.get("connection_id") == connection_id
    ]


async def sessions_in_org(superuser: Any, org_id: uuid.UUID) -> int:
    return int(await superuser.fetchval("SELECT count(*) FROM refresh_tokens WHERE org_id = $1", org_id))


async def codes_issued(superuser: Any, connection_id: str) -> int:
    return int(
        await superuser.fetchval(
            "SELECT count(*) FROM sso_login_flows WHERE connection_id = $1 AND exchange_code_hash IS NOT NULL",
            uuid.UUID(connection_id),
        )
    )


async def user_ids_with_email(superuser: Any, email: str) -> list[uuid.UUID]:
    rows = await superuser.fetch("SELECT id FROM users WHERE lower(email) = lower($1)", email)
    return [row["id"] for row in rows]
