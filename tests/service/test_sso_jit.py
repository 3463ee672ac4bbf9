"""JIT provisioning and account takeover attempts (battery E28).

Identities are keyed by (connection, subject). An IdP that asserts the email of an existing account (another org's
user, or a password user of its own org), with or without `email_verified`, links nothing: the login is refused
(409 `sso_account_exists`, audited `sso_link_refused`), the existing account is untouched and gains no identity, no
membership and no session. A new user is created only in the org bound to the connection, as a member.
"""

from __future__ import annotations

import uuid
from types import SimpleNamespace

import pytest

from tests.service.conftest import login, register_and_login, unique_email
from tests.sso_support.oidc_provider import OidcTestProvider
from tests.sso_support.saml_idp import PERSISTENT_FORMAT, SamlTestIdp
from tests.sso_support.world import (
    audit_events,
    codes_issued,
    new_browser,
    new_org,
    oidc_login,
    post_acs,
    saml_start,
    sign_in,
    sso_app,
    user_ids_with_email,
)


@pytest.fixture(scope="module")
def idp() -> SamlTestIdp:
    return SamlTestIdp(entity_id="https://jit-idp.example.test/saml")


@pytest.fixture(scope="module")
def provider():
    with OidcTestProvider() as running:
        running.add_issuer("jit")
        yield running


@pytest.fixture
async def world(settings, idp, provider):
    """Org A (SAML and OIDC connections), org B with its owner, and a browser."""
    issuer = provider.issuers["jit"]
    async with sso_app(settings) as application, new_browser(application) as http:
        org_a = await new_org(http, "jit-owner-a")
        org_b = await new_org(http, "jit-owner-b")
        saml = await org_a.add_saml(idp)
        oidc = await org_a.add_oidc(issuer, provider.add_client(issuer, "https://placeholder.invalid/"))
        async with new_browser(application) as browser:
            yield SimpleNamespace(
                app=application, http=http, a=org_a, b=org_b, saml=saml, oidc=oidc, issuer=issuer, browser=browser
            )


async def saml_answer(world, idp, subject: str, email: str):
    request = await saml_start(world.browser, world.saml["id"])
    xml = idp.signed_response(request, subject, name_id_format=PERSISTENT_FORMAT, attributes={"email": [email]})
    return await post_acs(world.browser, world.saml["id"], xml)


async def assert_takeover_refused(world, superuser, response, victim) -> None:
    assert response.status_code == 409, response.text
    assert response.json()["error"] == "sso_account_exists"
    refusals = await audit_events(superuser, world.a.id, "sso_link_refused")
    assert refusals and refusals[-1]["reason"] == "email_in_use"
    assert refusals[-1]["user_id"] is None  # A's chain does not learn whose account (or which org) it is
    # The victim's account is as it was: one user, no identity, only its own membership, its own sessions.
    assert await user_ids_with_email(superuser, victim.email) == [victim.user_id]
    assert await superuser.fetchval("SELECT count(*) FROM sso_identities WHERE user_id = $1", victim.user_id) == 0
    orgs = await superuser.fetch("SELECT org_id FROM memberships WHERE user_id = $1", victim.user_id)
    assert [row["org_id"] for row in orgs] == [victim.org_id]
    assert (
        await superuser.fetchval(
            "SELECT count(*) FROM refresh_tokens WHERE user_id = $1 AND org_id <> $2", victim.user_id, victim.org_id
        )
        == 0
    )
    assert await codes_issued(superuser, world.saml["id"]) + await codes_issued(superuser, world.oidc["id"]) == 0


async def test_e28_saml_idp_asserting_another_orgs_user_email_is_refused(world, idp, superuser):
    victim = world.b.admin
    response = await saml_answer(world, idp, f"attacker-{uuid.uuid4().hex}", victim.email)
    await assert_takeover_refused(world, superuser, response, victim)
    # B's owner still signs in with their password, into B.
    assert (await login(world.http, victim.email, victim.password)).org_id == world.b.id


async def test_e28_saml_idp_asserting_its_own_orgs_password_user_email_is_refused(world, idp, superuser):
    victim = world.a.admin
    response = await saml_answer(world, idp, f"attacker-{uuid.uuid4().hex}", victim.email.upper())
    await assert_takeover_refused(world, superuser, response, victim)


@pytest.mark.parametrize("email_verified", [True, None])
async def test_e28_oidc_idp_asserting_an_existing_email_is_refused(world, superuser, email_verified):
    victim = await register_and_login(world.http, label="jit-victim")
    world.issuer.user = {"sub": f"attacker-{uuid.uuid4().hex}", "email": victim.email}
    if email_verified is not None:
        world.issuer.user["email_verified"] = email_verified
    response = await oidc_login(world.browser, world.oidc["id"])
    await assert_takeover_refused(world, superuser, response, victim)


async def test_e28_new_user_is_created_only_in_the_connections_org_as_a_member(world, idp, superuser):
    email = unique_email("jit-new")
    me = await sign_in(world.browser, await saml_answer(world, idp, f"new-{uuid.uuid4().hex}", email))
    user_id = uuid.UUID(me["user_id"])
    memberships = await superuser.fetch("SELECT org_id, role FROM memberships WHERE user_id = $1", user_id)
    assert [(row["org_id"], row["role"]) for row in memberships] == [(world.a.id, "member")]
    # B cannot see the new member; A can.
    assert (await world.http.get(f"/api/v1/members/{user_id}", headers=world.b.admin.auth)).status_code == 404
    assert (await world.http.get(f"/api/v1/members/{user_id}", headers=world.a.admin.auth)).status_code == 200


async def test_e28_identity_is_keyed_by_connection_and_subject_not_by_email(world, idp, superuser):
    """The same subject returning with another email is the same account; the account's email does not move."""
    subject = f"stable-{uuid.uuid4().hex}"
    first_email, second_email = unique_email("jit-first"), unique_email("jit-second")
    first = await sign_in(world.browser, await saml_answer(world, idp, subject, first_email))
    second = await sign_in(world.browser, await saml_answer(world, idp, subject, second_email))
    assert second["user_id"] == first["user_id"]
    assert second["email"] == first_email
    assert await user_ids_with_email(superuser, second_email) == []
    identity = await superuser.fetchrow(
        "SELECT email FROM sso_identities WHERE connection_id = $1 AND subject = $2",
        uuid.UUID(world.saml["id"]),
        subject,
    )
    assert identity["email"] == second_email  # the latest assertion, kept on the identity only


async def test_e28_the_same_subject_at_another_connection_is_another_identity(world, idp, superuser):
    """A second IdP of the same org asserting a subject the first one uses does not inherit that account."""
    subject = f"shared-{uuid.uuid4().hex}"
    saml_user = await sign_in(world.browser, await saml_answer(world, idp, subject, unique_email("jit-saml")))
    world.issuer.user = {"sub": subject, "email": unique_email("jit-oidc"), "email_verified": True}
    oidc_user = await sign_in(world.browser, await oidc_login(world.browser, world.oidc["id"]))
    assert oidc_user["user_id"] != saml_user["user_id"]
    # ...and asserting the first account's email from the second connection links nothing.
    world.issuer.user = {"sub": f"other-{uuid.uuid4().hex}", "email": saml_user["email"], "email_verified": True}
    response = await oidc_login(world.browser, world.oidc["id"])
    assert response.status_code == 409 and response.json()["error"] == "sso_account_exists"


async def test_an_sso_user_removed_from_the_org_is_not_signed_in_again(world, idp, superuser):
    subject = f"leaver-{uuid.uuid4().hex}"
    me = await sign_in(world.browser, await saml_answer(world, idp, subject, unique_email("jit-leaver")))
    await superuser.execute("DELETE FROM memberships WHERE user_id = $1", uuid.UUID(me["user_id"]))
    response = await saml_answer(world, idp, subject, me["email"])
    assert response.status_code == 403 and response.json()["error"] == "sso_account_unavailable"
    failures = await audit_events(superuser, world.a.id, "login_failed")
    assert failures[-1]["reason"] == "account_unavailable"
    assert (
        await superuser.fetchval("SELECT count(*) FROM memberships WHERE user_id = $1", uuid.UUID(me["user_id"])) == 0
    )


async def test_a_user_without_an_asserted_email_is_not_provisioned(world, idp, superuser):
    request = await saml_start(world.browser, world.saml["id"])
    xml = idp.signed_response(request, f"no-mail-{uuid.uuid4().hex}", name_id_format=PERSISTENT_FORMAT)
    response = await post_acs(world.browser, world.saml["id"], xml)
    assert response.status_code == 401 and response.json()["error"] == "sso_email_missing"
    assert (await audit_events(superuser, world.a.id, "login_failed"))[-1]["reason"] == "email_missing"
