"""Register, login, refresh, logout; password policy; enumeration resistance (battery groups B and C).

Email verification and password reset live in test_email.py, 2FA in test_2fa.py, the auth rate limits in
test_auth_limits.py and secret hygiene in test_auth_secrets.py.
"""

from __future__ import annotations

import asyncio
import hashlib

import asyncpg
import bcrypt
import pytest

from orca_core.identity.passwords import COMMON_PASSWORDS_CHECKED
from tests.service.conftest import (
    PASSWORD,
    login,
    make_client,
    make_settings,
    register_and_login,
    unique_email,
    verify_email,
)


async def _register(client, email, password, org_name="Org"):
    return await client.post("/api/v1/auth/register", json={"email": email, "password": password, "org_name": org_name})


async def _login(client, email, password):
    return await client.post("/api/v1/auth/login", json={"email": email, "password": password})


async def _register_verified(client, email, password, org_name="Org"):
    response = await _register(client, email, password, org_name)
    if response.status_code == 202:
        await verify_email(client, email)
    return response


class BcryptCounter:
    """Counts bcrypt hash and check calls (they run in threads; the counter is only read afterwards)."""

    def __init__(self, monkeypatch):
        import orca_core.identity.passwords as passwords

        self.calls: list[str] = []
        real_hash, real_check = passwords.bcrypt.hashpw, passwords.bcrypt.checkpw

        def hashpw(*args):
            self.calls.append("hashpw")
            return real_hash(*args)

        def checkpw(*args):
            self.calls.append("checkpw")
            return real_check(*args)

        monkeypatch.setattr(passwords.bcrypt, "hashpw", hashpw)
        monkeypatch.setattr(passwords.bcrypt, "checkpw", checkpw)

    def take(self) -> list[str]:
        taken, self.calls = sorted(self.calls), []
        return taken


async def test_register_login_refresh_logout_round_trip(client):
    email = unique_email()
    registered = await _register_verified(client, email, PASSWORD, "Acme Analytics")
    assert registered.status_code == 202
    logged_in = await _login(client, email.upper(), PASSWORD)  # emails are case-insensitive
    assert logged_in.status_code == 200
    tokens = logged_in.json()
    assert set(tokens) == {"mfa_required", "access_token", "refresh_token", "token_type", "expires_in"}
    assert tokens["mfa_required"] is False
    assert tokens["token_type"] == "bearer" and tokens["expires_in"] == 900

    me = await client.get("/api/v1/me", headers={"Authorization": f"Bearer {tokens['access_token']}"})
    assert me.status_code == 200
    assert me.json()["email"] == email and me.json()["role"] == "owner"
    org = await client.get("/api/v1/org", headers={"Authorization": f"Bearer {tokens['access_token']}"})
    assert org.json()["name"] == "Acme Analytics"
    assert org.json()["retention_policy"] == "analysis_only" and org.json()["gdpr_check_enabled"] is True

    refreshed = await client.post("/api/v1/auth/refresh", json={"refresh_token": tokens["refresh_token"]})
    assert refreshed.status_code == 200
    new_tokens = refreshed.json()
    assert new_tokens["refresh_token"] != tokens["refresh_token"]
    new_auth = {"Authorization": f"Bearer {new_tokens['access_token']}"}
    assert (await client.get("/api/v1/me", headers=new_auth)).status_code == 200

    logged_out = await client.post("/api/v1/auth/logout", headers=new_auth)
    assert logged_out.status_code == 204
    assert (await client.get("/api/v1/me", headers=new_auth)).status_code == 401
    again = await client.post("/api/v1/auth/refresh", json={"refresh_token": new_tokens["refresh_token"]})
    assert again.status_code == 401


async def test_b12_register_answers_the_same_for_a_taken_email_and_tells_its_owner(client, superuser, mail_sink):
    email = unique_email()
    first = await _register_verified(client, email, PASSWORD, "First")
    second = await _register(client, email.upper(), "another password 123", "Second")
    assert (first.status_code, first.json()) == (second.status_code, second.json())
    assert first.status_code == 202
    users = await superuser.fetchval("SELECT count(*) FROM users WHERE lower(email) = lower($1)", email)
    orgs = await superuser.fetchval("SELECT count(*) FROM orgs WHERE name = 'Second'")
    assert users == 1 and orgs == 0
    assert (await _login(client, email, "another password 123")).status_code == 401
    assert (await _login(client, email, PASSWORD)).status_code == 200
    # The owner of the address hears about the attempt; no second verification link is sent.
    subjects = [message["subject"] for message in mail_sink.messages(email)]
    assert subjects == ["Confirm your email address for orca", "You already have an orca account"]
    assert len(mail_sink.tokens(email, "/verify-email")) == 1


async def test_b12_register_does_the_same_bcrypt_work_for_new_and_taken_emails(client, monkeypatch):
    taken = unique_email()
    assert (await _register(client, taken, PASSWORD)).status_code == 202
    counter = BcryptCounter(monkeypatch)
    fresh = await _register(client, unique_email(), PASSWORD)
    fresh_work = counter.take()
    again = await _register(client, taken, PASSWORD)
    assert counter.take() == fresh_work == ["hashpw"]
    assert (fresh.status_code, fresh.content) == (again.status_code, again.content)


@pytest.mark.parametrize(
    ("password", "status", "code"),
    [
        ("a" * 11, 422, "password_too_short"),
        ("a" * 12, 202, None),
        ("p" * 64, 202, None),
        ("q" * 72, 202, None),  # exactly bcrypt's limit
        ("r" * 73, 422, "password_too_long"),
        ("\U0001f600" * 18, 202, None),  # 72 bytes of 4-byte emoji
        ("\U0001f600" * 64, 422, "password_too_long"),  # 256 bytes: documented 422, never a 500
    ],
)
async def test_b8_password_length_policy(client, password, status, code):
    email = unique_email()
    response = await _register_verified(client, email, password)
    assert response.status_code == status, response.text
    if code:
        assert response.json()["error"] == code
        assert password not in response.text
    else:
        assert (await _login(client, email, password)).status_code == 200


async def test_b8_passwords_differing_after_byte_72_cannot_both_log_in(client):
    email = unique_email()
    base = "s" * 72
    assert (await _register_verified(client, email, base)).status_code == 202
    assert (await _login(client, email, base)).status_code == 200
    # Would be equal to `base` for a truncating bcrypt: must not log in, and never a 500.
    longer = await _login(client, email, base + "extra")
    assert longer.status_code == 401


def common_passwords_of_allowed_length() -> list[str]:
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    top = FREQUENCY_LISTS["passwords"][:COMMON_PASSWORDS_CHECKED]
    return [word for word in top if 12 <= len(word) <= 72]


async def test_b8_common_passwords_are_refused(client, superuser):
    common = common_passwords_of_allowed_length()
    assert len(common) >= 10  # the list does hold passwords the length rule alone would accept
    for password in [*common, common[0].upper(), common[1].title()]:
        email = unique_email()
        response = await _register(client, email, password)
        assert response.status_code == 422, password
        assert response.json()["error"] == "password_too_common"
        assert password not in response.text
        assert await superuser.fetchval("SELECT count(*) FROM users WHERE email = $1", email) == 0
    # A password just outside the list is fine.
    assert (await _register(client, unique_email(), common[0] + "-orca-zebra")).status_code == 202


async def test_b8_surrogates_and_odd_unicode_never_500(client):
    import json

    async def post(path, body):
        # json.dumps escapes lone surrogates as \\udXXX, which is valid JSON that decodes to an invalid string.
        return await client.post(path, content=json.dumps(body), headers={"content-type": "application/json"})

    for password in ["\ud800" * 12, "\x00" * 12, "\u200b" * 12 + "x"]:
        registered = await post(
            "/api/v1/auth/register", {"email": unique_email(), "password": password, "org_name": "o"}
        )
        assert registered.status_code in (202, 422), registered.text
        logged_in = await post("/api/v1/auth/login", {"email": unique_email(), "password": password})
        assert logged_in.status_code in (401, 422), logged_in.text
    for email in ["\ud800@example.org", "a\x00b@example.org"]:
        registered = await post("/api/v1/auth/register", {"email": email, "password": PASSWORD, "org_name": "o"})
        assert registered.status_code in (202, 422), registered.text
        logged_in = await post("/api/v1/auth/login", {"email": email, "password": PASSWORD})
        assert logged_in.status_code in (401, 422), logged_in.text
        reset = await post("/api/v1/auth/password-reset/request", {"email": email})
        assert reset.status_code in (202, 422), reset.text


async def test_b9_stored_hash_is_bcrypt_cost_12_by_default(test_database, superuser):
    production_cost = make_settings(test_database, bcrypt_rounds=12)
    from api.app import create_app

    app = create_app(production_cost)
    try:
        async with make_client(app) as client:
            email = unique_email()
            assert (await _register_verified(client, email, PASSWORD)).status_code == 202
            assert (await _login(client, email, PASSWORD)).status_code == 200
        stored = await superuser.fetchval("SELECT password_hash FROM users WHERE email = $1", email)
        assert stored.startswith("$2b$12$")
        assert bcrypt.checkpw(PASSWORD.encode(), stored.encode())
    finally:
        await app.state.engine.dispose()


async def test_b9_unknown_email_and_wrong_password_do_the_same_bcrypt_work(client, settings, monkeypatch):
    from orca_core.identity.passwords import warm_up

    account = await register_and_login(client)
    unverified = unique_email()
    assert (await _register(client, unverified, PASSWORD)).status_code == 202
    await warm_up(settings.bcrypt_rounds)  # what the app's start-up does (the ASGI test client skips lifespan)
    counter = BcryptCounter(monkeypatch)
    cases = {
        "unknown": (unique_email("nobody"), PASSWORD),
        "wrong_password": (account.email, PASSWORD + "!"),
        "unverified_wrong_password": (unverified, PASSWORD + "!"),
        "too_long_password": (account.email, "x" * 100),
    }
    answers = {}
    for name, (email, password) in cases.items():
        response = await _login(client, email, password)
        answers[name] = (response.status_code, response.content, tuple(counter.take()))
    assert len(set(answers.values())) == 1, answers
    assert answers["unknown"][2] == ("checkpw",)


async def test_b9_unknown_email_and_wrong_password_answer_identically(client):
    account = await register_and_login(client)
    unknown = await _login(client, unique_email("nobody"), PASSWORD)
    wrong = await _login(client, account.email, PASSWORD + "!")
    assert unknown.status_code == wrong.status_code == 401
    assert (
        unknown.json()
        == wrong.json()
        == {
            "error": "invalid_credentials",
            "detail": "The email or password is incorrect.",
        }
    )
    assert unknown.headers.get("www-authenticate") == wrong.headers.get("www-authenticate")


async def test_login_failed_is_audited_even_though_the_request_fails(client, superuser):
    account = await register_and_login(client)
    assert (await _login(client, account.email, "wrong password 123")).status_code == 401
    row = await superuser.fetchrow(
        "SELECT org_id, user_id, ip, metadata FROM audit_events WHERE event = 'login_failed' AND user_id = $1",
        account.user_id,
    )
    assert row is not None and row["org_id"] == account.org_id and str(row["ip"]) == "203.0.113.7"
    assert "wrong password" not in row["metadata"]


async def test_c19_refresh_replay_revokes_the_whole_family(client, superuser):
    account = await register_and_login(client)
    r1 = account.refresh_token
    r2_response = await client.post("/api/v1/auth/refresh", json={"refresh_token": r1})
    assert r2_response.status_code == 200
    r2 = r2_response.json()["refresh_token"]
    access_2 = r2_response.json()["access_token"]

    replay = await client.post("/api/v1/auth/refresh", json={"refresh_token": r1})
    assert replay.status_code == 401
    # The legitimate client's current token died with the family, and so did the family's access tokens.
    assert (await client.post("/api/v1/auth/refresh", json={"refresh_token": r2})).status_code == 401
    assert (await client.get("/api/v1/me", headers={"Authorization": f"Bearer {access_2}"})).status_code == 401

    rows = await superuser.fetch(
        "SELECT token_hash, revoked_at, replaced_by FROM refresh_tokens WHERE user_id = $1", account.user_id
    )
    hashes = {row["token_hash"] for row in rows}
    assert hashes == {hashlib.sha256(r1.encode()).hexdigest(), hashlib.sha256(r2.encode()).hexdigest()}
    assert all(row["revoked_at"] is not None for row in rows)
    reuse = await superuser.fetchval(
        "SELECT count(*) FROM audit_events WHERE event = 'token_reuse_detected' AND user_id = $1", account.user_id
    )
    assert reuse == 1


async def test_c19_no_plaintext_token_anywhere_in_the_database(client, superuser):
    account = await register_and_login(client)
    for table in ("users", "refresh_tokens", "revoked_access_tokens", "audit_events", "memberships", "orgs"):
        dump = await superuser.fetchval(f"SELECT coalesce(string_agg(t::text, ' '), '') FROM {table} t")
        assert account.refresh_token not in dump
        assert account.access_token not in dump
        assert PASSWORD not in dump


async def test_c18_logout_kills_the_access_token_immediately(client):
    account = await register_and_login(client)
    other_session = await login(client, account.email, PASSWORD)
    assert (await client.post("/api/v1/auth/logout", headers=account.auth)).status_code == 204
    assert (await client.get("/api/v1/me", headers=account.auth)).status_code == 401
    assert (await client.post("/api/v1/auth/logout", headers=account.auth)).status_code == 401
    refresh = await client.post("/api/v1/auth/refresh", json={"refresh_token": account.refresh_token})
    assert refresh.status_code == 401
    # Logging out one session leaves the user's other sessions alone.
    assert (await client.get("/api/v1/me", headers=other_session.auth)).status_code == 200


async def test_c18_concurrent_refresh_of_one_token_rotates_once(client):
    account = await register_and_login(client)
    responses = await asyncio.gather(
        *(client.post("/api/v1/auth/refresh", json={"refresh_token": account.refresh_token}) for _ in range(2))
    )
    assert sorted(response.status_code for response in responses) == [200, 401]


async def test_a4_role_is_read_from_the_database_on_every_request(client, superuser):
    account = await register_and_login(client)
    assert (
        await client.patch("/api/v1/org", json={"gdpr_check_enabled": True}, headers=account.auth)
    ).status_code == 200
    await superuser.execute("UPDATE memberships SET role = 'member' WHERE user_id = $1", account.user_id)
    demoted = await client.patch("/api/v1/org", json={"gdpr_check_enabled": True}, headers=account.auth)
    assert demoted.status_code == 403 and demoted.json()["error"] == "forbidden"
    assert (await client.get("/api/v1/audit/verify", headers=account.auth)).status_code == 403


async def test_c20_disabled_account_is_rejected_on_the_next_request(client, superuser):
    account = await register_and_login(client)
    await superuser.execute("UPDATE users SET is_active = false WHERE id = $1", account.user_id)
    assert (await client.get("/api/v1/me", headers=account.auth)).status_code == 401
    assert (await client.post("/api/v1/auth/refresh", json={"refresh_token": account.refresh_token})).status_code == 401
    assert (await _login(client, account.email, PASSWORD)).status_code == 401


async def test_gdpr_check_disabled_is_audited_once(client, superuser):
    account = await register_and_login(client)
    for _ in range(2):
        response = await client.patch("/api/v1/org", json={"gdpr_check_enabled": False}, headers=account.auth)
        assert response.status_code == 200 and response.json()["gdpr_check_enabled"] is False
    count = await superuser.fetchval(
        "SELECT count(*) FROM audit_events WHERE event = 'gdpr_check_disabled' AND org_id = $1", account.org_id
    )
    assert count == 1


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/api/v1/auth/register", {"email": "x@example.org", "password": PASSWORD, "org_name": "o", "role": "admin"}),
        ("/api/v1/auth/login", {"email": "x@example.org", "password": PASSWORD, "org_id": "x"}),
        ("/api/v1/auth/refresh", {"refresh_token": "x", "family_id": "y"}),
    ],
)
async def test_a3_unknown_fields_are_refused(client, path, body):
    response = await client.post(path, json=body)
    assert response.status_code == 422
    assert response.json()["error"] == "validation_error"
    assert PASSWORD not in response.text


async def test_a3_mass_assignment_on_org_is_refused_and_changes_nothing(client, two_orgs, superuser):
    a, b = two_orgs.a, two_orgs.b
    response = await client.patch(
        "/api/v1/org", json={"gdpr_check_enabled": False, "id": str(b.org_id), "name": "pwned"}, headers=a.auth
    )
    assert response.status_code == 422
    row = await superuser.fetchrow("SELECT name, gdpr_check_enabled FROM orgs WHERE id = $1", a.org_id)
    assert row["gdpr_check_enabled"] is True and row["name"] != "pwned"


async def test_runtime_role_connects_without_owner_rights(test_database):
    connection = await asyncpg.connect(test_database.runtime_dsn)
    try:
        owner = await connection.fetchval("SELECT tableowner FROM pg_tables WHERE tablename = 'users'")
        assert owner == test_database.owner_role != await connection.fetchval("SELECT current_user")
        with pytest.raises(asyncpg.InsufficientPrivilegeError):
            await connection.execute("ALTER TABLE users ADD COLUMN sneaky text")
    finally:
        await connection.close()


async def _member_in(client, superuser, org_id, role, label="member"):
    account = await register_and_login(client, label=label)
    await superuser.execute("DELETE FROM memberships WHERE user_id = $1", account.user_id)
    await superuser.execute(
        "INSERT INTO memberships (user_id, org_id, role) VALUES ($1, $2, $3)", account.user_id, org_id, role
    )
    return await login(client, account.email, PASSWORD)


async def test_a4_role_change_is_audited_and_applies_on_the_next_request(client, superuser):
    owner = await register_and_login(client, label="owner")
    admin = await _member_in(client, superuser, owner.org_id, "admin", "admin")
    member = await _member_in(client, superuser, owner.org_id, "member", "member")

    # The admin's token stays valid; its admin power goes with the demotion.
    assert (await client.get("/api/v1/audit/verify", headers=admin.auth)).status_code == 200
    demoted = await client.patch(f"/api/v1/members/{admin.user_id}", json={"role": "member"}, headers=owner.auth)
    assert demoted.status_code == 200 and demoted.json()["role"] == "member"
    assert (await client.get("/api/v1/audit/verify", headers=admin.auth)).status_code == 403

    promoted = await client.patch(f"/api/v1/members/{member.user_id}", json={"role": "admin"}, headers=owner.auth)
    assert promoted.status_code == 200
    assert (await client.get("/api/v1/audit/verify", headers=member.auth)).status_code == 200

    rows = await superuser.fetch(
        "SELECT user_id, metadata FROM audit_events WHERE org_id = $1 AND event = 'role_changed' ORDER BY seq",
        owner.org_id,
    )
    assert [row["user_id"] for row in rows] == [owner.user_id, owner.user_id]
    import json

    assert [json.loads(row["metadata"]) for row in rows] == [
        {"member_id": str(admin.user_id), "from": "admin", "to": "member"},
        {"member_id": str(member.user_id), "from": "member", "to": "admin"},
    ]
    # No change, no row.
    same = await client.patch(f"/api/v1/members/{member.user_id}", json={"role": "admin"}, headers=owner.auth)
    assert same.status_code == 200
    count = await superuser.fetchval(
        "SELECT count(*) FROM audit_events WHERE org_id = $1 AND event = 'role_changed'", owner.org_id
    )
    assert count == 2


async def test_a4_owners_are_protected_from_admins_and_the_last_owner_stays(client, superuser):
    owner = await register_and_login(client, label="owner")
    admin = await _member_in(client, superuser, owner.org_id, "admin", "admin")
    member = await _member_in(client, superuser, owner.org_id, "member", "member")

    demote_owner = await client.patch(f"/api/v1/members/{owner.user_id}", json={"role": "member"}, headers=admin.auth)
    assert demote_owner.status_code == 403 and demote_owner.json()["error"] == "owner_protected"
    crown = await client.patch(f"/api/v1/members/{member.user_id}", json={"role": "owner"}, headers=admin.auth)
    assert crown.status_code == 403 and crown.json()["error"] == "owner_protected"
    by_member = await client.patch(f"/api/v1/members/{admin.user_id}", json={"role": "member"}, headers=member.auth)
    assert by_member.status_code == 403 and by_member.json()["error"] == "forbidden"
    abdicate = await client.patch(f"/api/v1/members/{owner.user_id}", json={"role": "admin"}, headers=owner.auth)
    assert abdicate.status_code == 409 and abdicate.json()["error"] == "last_owner"
    bogus = await client.patch(f"/api/v1/members/{member.user_id}", json={"role": "god"}, headers=owner.auth)
    assert bogus.status_code == 422
    extra = await client.patch(
        f"/api/v1/members/{member.user_id}", json={"role": "admin", "org_id": str(owner.org_id)}, headers=owner.auth
    )
    assert extra.status_code == 422
    roles = await superuser.fetch("SELECT user_id, role FROM memberships WHERE org_id = $1", owner.org_id)
    assert {row["user_id"]: row["role"] for row in roles} == {
        owner.user_id: "owner",
        admin.user_id: "admin",
        member.user_id: "member",
    }
    # With a second owner, the first may step down.
    assert (
        await client.patch(f"/api/v1/members/{admin.user_id}", json={"role": "owner"}, headers=owner.auth)
    ).status_code == 200
    assert (
        await client.patch(f"/api/v1/members/{owner.user_id}", json={"role": "admin"}, headers=owner.auth)
    ).status_code == 200
