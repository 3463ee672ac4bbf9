"""SSO enforcement per org (battery B14) and SSO's place before the second factor.

In an enforcing org, members cannot use a password anywhere (login 403 `sso_required`, change refused, reset
mails nothing and old reset links stop working), every refusal audited. Owners with 2FA keep an audited
password + TOTP break-glass. SSO logins keep working, and never skip 2FA.
"""

from __future__ import annotations

import uuid
from types import SimpleNamespace

import pytest

from orca_core.identity.totp import code_at, current_step
from tests.service.conftest import PASSWORD, login, register_and_login, unique_email
from tests.sso_support.saml_idp import PERSISTENT_FORMAT, SamlTestIdp
from tests.sso_support.world import (
    audit_events,
    code_of,
    exchange,
    new_browser,
    new_org,
    post_acs,
    saml_start,
    sign_in,
    sso_app,
)

ENFORCEMENT = "/api/v1/org/sso/enforcement"


@pytest.fixture(scope="module")
def idp() -> SamlTestIdp:
    return SamlTestIdp(entity_id="https://enforcing-idp.example.test/saml")


async def sso_answer(browser, idp, connection_id: str, subject: str, email: str):
    request = await saml_start(browser, connection_id)
    xml = idp.signed_response(request, subject, name_id_format=PERSISTENT_FORMAT, attributes={"email": [email]})
    return await post_acs(browser, connection_id, xml)


async def move_into(superuser, account, org_id: uuid.UUID, role: str) -> None:
    """Make a registered password user a member of another org (there is no invitation flow yet)."""
    await superuser.execute("DELETE FROM memberships WHERE user_id = $1", account.user_id)
    await superuser.execute(
        "INSERT INTO memberships (user_id, org_id, role) VALUES ($1, $2, $3)", account.user_id, org_id, role
    )


@pytest.fixture
async def world(settings, idp, superuser):
    """An org with a working SAML connection, an owner with 2FA and a password member, not yet enforcing."""
    async with sso_app(settings) as application, new_browser(application) as http:
        org = await new_org(http, "enforcing-owner")
        connection = await org.add_saml(idp)
        registered = await register_and_login(http, label="password-member")
        await move_into(superuser, registered, org.id, "member")
        member = await login(http, registered.email, registered.password)  # a session in the org, pre-enforcement
        assert member.org_id == org.id
        async with new_browser(application) as browser:
            first = await sso_answer(browser, idp, connection["id"], f"s-{uuid.uuid4().hex}", unique_email("sso"))
            await sign_in(browser, first)  # makes the connection "working"
            yield SimpleNamespace(app=application, http=http, org=org, connection=connection, member=member)


async def enforce(world) -> None:
    world.owner_totp = await world.org.enable_2fa_for_admin()
    response = await world.org.set_enforcement(True)
    assert response.status_code == 200 and response.json() == {"enforced": True}


async def test_enforcement_needs_a_working_connection_and_an_owner_with_2fa(settings, idp, superuser):
    async with sso_app(settings) as application, new_browser(application) as http:
        org = await new_org(http, "new-enforcer")
        refused = await org.set_enforcement(True)
        assert refused.status_code == 409 and refused.json()["error"] == "sso_enforcement_needs_connection"
        connection = await org.add_saml(idp)
        refused = await org.set_enforcement(True)  # configured, but nobody has signed in through it yet
        assert refused.status_code == 409 and refused.json()["error"] == "sso_enforcement_needs_connection"
        async with new_browser(application) as browser:
            answer = await sso_answer(browser, idp, connection["id"], uuid.uuid4().hex, unique_email("first"))
            await sign_in(browser, answer)
        refused = await org.set_enforcement(True)  # no owner could break the glass
        assert refused.status_code == 409 and refused.json()["error"] == "sso_break_glass_unavailable"
        await org.enable_2fa_for_admin()
        assert (await org.set_enforcement(True)).status_code == 200
        assert (await org.set_enforcement(True)).status_code == 200  # unchanged: not audited twice
        seen = await http.get(ENFORCEMENT, headers=org.admin.auth)
        assert seen.json() == {"enforced": True}
        assert (await org.set_enforcement(False)).json() == {"enforced": False}
        changes = await audit_events(superuser, org.id, "sso_enforcement_changed")
        assert [(row["enforced"], row["user_id"]) for row in changes] == [
            (True, org.admin.user_id),
            (False, org.admin.user_id),
        ]


async def test_b14_password_login_is_refused_for_members(world, superuser):
    await enforce(world)
    sessions_before = await superuser.fetchval(
        "SELECT count(*) FROM refresh_tokens WHERE user_id = $1", world.member.user_id
    )
    response = await world.http.post(
        "/api/v1/auth/login", json={"email": world.member.email, "password": world.member.password}
    )
    assert response.status_code == 403
    assert response.json()["error"] == "sso_required"
    assert "access_token" not in response.text
    failures = [
        row
        for row in await audit_events(superuser, world.org.id, "login_failed")
        if row["user_id"] == world.member.user_id
    ]
    assert [(row["method"], row["reason"]) for row in failures] == [("password", "sso_required")]
    assert failures[0]["ip"] is not None
    assert (
        await superuser.fetchval("SELECT count(*) FROM refresh_tokens WHERE user_id = $1", world.member.user_id)
        == sessions_before
    )
    # A wrong password still gets the generic answer: enforcement is only revealed to whoever knows the password.
    wrong = await world.http.post("/api/v1/auth/login", json={"email": world.member.email, "password": "x" * 20})
    assert wrong.status_code == 401 and wrong.json()["error"] == "invalid_credentials"


async def test_b14_password_reset_issues_no_usable_token(world, superuser, mail_sink):
    # A reset link requested before enforcement...
    before = await world.http.post("/api/v1/auth/password-reset/request", json={"email": world.member.email})
    assert before.status_code == 202
    old_token = mail_sink.latest_token(world.member.email, "/reset-password")
    await enforce(world)
    # ...stops working once the org enforces SSO.
    completed = await world.http.post(
        "/api/v1/auth/password-reset/complete", json={"token": old_token, "new_password": "a brand new passphrase"}
    )
    assert completed.status_code == 400, completed.text
    # A new request answers exactly like one for an unknown address, and mails nothing.
    mails_before = len(mail_sink.messages(world.member.email))
    tokens_before = await superuser.fetchval(
        "SELECT count(*) FROM account_tokens WHERE user_id = $1 AND purpose = 'password_reset'", world.member.user_id
    )
    response = await world.http.post("/api/v1/auth/password-reset/request", json={"email": world.member.email})
    unknown = await world.http.post("/api/v1/auth/password-reset/request", json={"email": unique_email("nobody")})
    assert (response.status_code, response.json()) == (unknown.status_code, unknown.json()) == (202, unknown.json())
    assert len(mail_sink.messages(world.member.email)) == mails_before
    assert (
        await superuser.fetchval(
            "SELECT count(*) FROM account_tokens WHERE user_id = $1 AND purpose = 'password_reset'",
            world.member.user_id,
        )
        == tokens_before
    )
    requests = await audit_events(superuser, world.org.id, "password_reset_requested")
    assert requests[-1]["outcome"] == "not_allowed" and requests[-1]["user_id"] == world.member.user_id
    # The password did not change.
    assert (
        await world.http.post("/api/v1/auth/login", json={"email": world.member.email, "password": PASSWORD})
    ).status_code == 403


async def test_b14_enforcement_ends_members_password_sessions(world, superuser):
    assert (await world.http.get("/api/v1/me", headers=world.member.auth)).status_code == 200
    await enforce(world)
    assert (await world.http.get("/api/v1/me", headers=world.member.auth)).status_code == 401
    refreshed = await world.http.post("/api/v1/auth/refresh", json={"refresh_token": world.member.refresh_token})
    assert refreshed.status_code == 401
    # Owners keep theirs.
    assert (await world.http.get("/api/v1/me", headers=world.org.admin.auth)).status_code == 200
    changes = await audit_events(superuser, world.org.id, "sso_enforcement_changed")
    assert changes[-1]["enforced"] is True and changes[-1]["sessions_ended"] >= 2  # the member's, the SSO user's


async def test_b14_password_change_is_refused(world, superuser):
    """An admin (not an owner) who turned enforcement on keeps the session they acted in, but not their password."""
    registered = await register_and_login(world.http, label="password-admin")
    await move_into(superuser, registered, world.org.id, "admin")
    admin = await login(world.http, registered.email, registered.password)
    world.owner_totp = await world.org.enable_2fa_for_admin()
    turned_on = await world.http.put(ENFORCEMENT, json={"enforced": True}, headers=admin.auth)
    assert turned_on.status_code == 200, turned_on.text
    assert (await world.http.get("/api/v1/me", headers=admin.auth)).status_code == 200
    hash_before = await superuser.fetchval("SELECT password_hash FROM users WHERE id = $1", admin.user_id)
    response = await world.http.post(
        "/api/v1/auth/password",
        json={"current_password": admin.password, "new_password": "another long passphrase"},
        headers=admin.auth,
    )
    assert response.status_code == 400 and response.json()["error"] == "invalid_current_password"
    assert await superuser.fetchval("SELECT password_hash FROM users WHERE id = $1", admin.user_id) == hash_before
    failed = await audit_events(superuser, world.org.id, "password_change_failed")
    assert [(row["user_id"], row["reason"]) for row in failed] == [(admin.user_id, "password_not_allowed")]
    # ...and their next password login is refused like any member's.
    again = await world.http.post("/api/v1/auth/login", json={"email": admin.email, "password": admin.password})
    assert again.status_code == 403 and again.json()["error"] == "sso_required"


async def test_b14_owner_break_glass_is_password_plus_totp_and_audited(world, superuser):
    await enforce(world)
    owner = world.org.admin
    response = await world.http.post("/api/v1/auth/login", json={"email": owner.email, "password": owner.password})
    assert response.status_code == 200, response.text
    pending = response.json()
    assert pending["mfa_required"] is True and "access_token" not in pending
    glass = await audit_events(superuser, world.org.id, "sso_break_glass_login")
    assert [(row["user_id"], row["method"]) for row in glass] == [(owner.user_id, "password")]
    done = await world.http.post(
        "/api/v1/auth/2fa/complete",
        json={"mfa_token": pending["mfa_token"], "code": code_at(world.owner_totp, current_step() + 1)},
    )
    assert done.status_code == 200, done.text
    assert done.json()["access_token"]


async def test_b14_owner_without_2fa_gets_no_break_glass(world, superuser):
    await enforce(world)
    second_owner = await register_and_login(world.http, label="second-owner")
    await move_into(superuser, second_owner, world.org.id, "owner")
    response = await world.http.post(
        "/api/v1/auth/login", json={"email": second_owner.email, "password": second_owner.password}
    )
    assert response.status_code == 403 and response.json()["error"] == "sso_required"
    failures = await audit_events(superuser, world.org.id, "login_failed")
    assert failures[-1]["reason"] == "break_glass_needs_2fa"
    assert not [
        row
        for row in await audit_events(superuser, world.org.id, "sso_break_glass_login")
        if row["user_id"] == second_owner.user_id
    ]


async def test_b14_sso_sign_in_keeps_working_while_enforced(world, idp):
    await enforce(world)
    async with new_browser(world.app) as browser:
        answer = await sso_answer(browser, idp, world.connection["id"], uuid.uuid4().hex, unique_email("enforced"))
        assert (await sign_in(browser, answer))["org_id"] == str(world.org.id)


async def test_sso_does_not_bypass_2fa(world, idp, superuser):
    subject, email = f"mfa-{uuid.uuid4().hex}", unique_email("sso-2fa")
    async with new_browser(world.app) as browser:
        first = await exchange(browser, code_of(await sso_answer(browser, idp, world.connection["id"], subject, email)))
        auth = {"Authorization": f"Bearer {first.json()['access_token']}"}
        setup = await browser.post("/api/v1/auth/2fa/setup", headers=auth)
        secret = setup.json()["secret"]
        enabled = await browser.post(
            "/api/v1/auth/2fa/enable", json={"code": code_at(secret, current_step())}, headers=auth
        )
        assert enabled.status_code == 200, enabled.text

        answer = await exchange(
            browser, code_of(await sso_answer(browser, idp, world.connection["id"], subject, email))
        )
        assert answer.status_code == 200
        assert answer.json()["mfa_required"] is True and "access_token" not in answer.json()
        # The pending token is not an access token.
        pending_auth = {"Authorization": f"Bearer {answer.json()['mfa_token']}"}
        assert (await browser.get("/api/v1/me", headers=pending_auth)).status_code == 401
        done = await browser.post(
            "/api/v1/auth/2fa/complete",
            json={"mfa_token": answer.json()["mfa_token"], "code": code_at(secret, current_step() + 1)},
        )
        assert done.status_code == 200, done.text


async def test_last_working_connection_stays_while_enforced(world):
    await enforce(world)
    item = f"/api/v1/org/sso/connections/{world.connection['id']}"
    deleted = await world.http.delete(item, headers=world.org.admin.auth)
    assert deleted.status_code == 409 and deleted.json()["error"] == "sso_enforcement_needs_connection"
    disabled = await world.http.patch(item, json={"enabled": False}, headers=world.org.admin.auth)
    assert disabled.status_code == 409
    assert (await world.org.set_enforcement(False)).status_code == 200
    assert (await world.http.delete(item, headers=world.org.admin.auth)).status_code == 204
