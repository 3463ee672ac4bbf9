"""TOTP two-factor authentication (battery group D, plus C17/C20 for the 2FA tokens and sessions).

The tests play the authenticator app with pyotp on the seed the API returned, on a clock they control (the
service's TOTP module reads the time through `totp.time`), so time steps never depend on the wall clock.
"""

from __future__ import annotations

import json
import re
import time
import types
import uuid

import pytest

from orca_core.identity import totp
from orca_core.settings import Settings
from tests.service.conftest import PASSWORD, login, make_client, register_and_login


class Clock:
    def __init__(self) -> None:
        # The middle of a time step, so "now" is never a step boundary.
        self.now = (int(time.time()) // 30) * 30 + 15.0

    def advance(self, steps: int) -> None:
        self.now += steps * 30

    @property
    def step(self) -> int:
        return int(self.now // 30)


@pytest.fixture
def clock(monkeypatch) -> Clock:
    fake = Clock()
    monkeypatch.setattr(totp, "time", types.SimpleNamespace(time=lambda: fake.now))
    return fake


class Authenticator:
    """The user's phone: the seed from enrolment, and the codes it shows."""

    def __init__(self, seed: str, clock: Clock) -> None:
        self.seed = seed
        self.clock = clock

    def code(self, steps_from_now: int = 0) -> str:
        return totp.code_at(self.seed, self.clock.step + steps_from_now)


async def enable_2fa(client, account, clock) -> tuple[Authenticator, list[str]]:
    setup = await client.post("/api/v1/auth/2fa/setup", headers=account.auth)
    assert setup.status_code == 200, setup.text
    phone = Authenticator(setup.json()["secret"], clock)
    enabled = await client.post("/api/v1/auth/2fa/enable", json={"code": phone.code()}, headers=account.auth)
    assert enabled.status_code == 200, enabled.text
    clock.advance(1)  # the enrolment code's step is spent; the next login uses the next one
    return phone, enabled.json()["backup_codes"]


async def password_step(client, email, password=PASSWORD):
    response = await client.post("/api/v1/auth/login", json={"email": email, "password": password})
    assert response.status_code == 200, response.text
    return response.json()


async def complete(client, mfa_token, code):
    return await client.post("/api/v1/auth/2fa/complete", json={"mfa_token": mfa_token, "code": code})


async def events(superuser, user_id, event):
    rows = await superuser.fetch(
        "SELECT metadata FROM audit_events WHERE user_id = $1 AND event = $2 ORDER BY seq", user_id, event
    )
    return [json.loads(row["metadata"]) for row in rows]


async def login_with_code(client, email, code):
    return await complete(client, (await password_step(client, email))["mfa_token"], code)


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


# --- enrolment ----------------------------------------------------------------------------------------------


async def test_enrolment_returns_uri_qr_and_secret_once_then_backup_codes_once(client, clock, superuser):
    account = await register_and_login(client)
    status = await client.get("/api/v1/auth/2fa", headers=account.auth)
    assert status.json() == {"enabled": False, "backup_codes_remaining": 0}
    early = await client.post("/api/v1/auth/2fa/enable", json={"code": "123456"}, headers=account.auth)
    assert early.status_code == 409 and early.json()["error"] == "mfa_setup_required"

    setup = await client.post("/api/v1/auth/2fa/setup", headers=account.auth)
    assert setup.status_code == 200
    body = setup.json()
    secret = body["secret"]
    assert re.fullmatch(r"[A-Z2-7]{32}", secret)
    assert body["provisioning_uri"].startswith("otpauth://totp/orca:")
    assert f"secret={secret}" in body["provisioning_uri"] and "issuer=orca" in body["provisioning_uri"]
    assert body["qr_svg"].startswith("<svg") and body["qr_svg"].rstrip().endswith("</svg>")

    stored = await superuser.fetchrow(
        "SELECT seed_ciphertext, confirmed_at FROM totp_credentials WHERE user_id = $1", account.user_id
    )
    assert stored["confirmed_at"] is None and secret.encode() not in stored["seed_ciphertext"]
    # Not on until a code confirms it: login still gives a session.
    assert (await password_step(client, account.email))["mfa_required"] is False

    phone = Authenticator(secret, clock)
    wrong = await client.post("/api/v1/auth/2fa/enable", json={"code": phone.code(5)}, headers=account.auth)
    assert wrong.status_code == 400 and wrong.json()["error"] == "invalid_mfa_code"
    enabled = await client.post("/api/v1/auth/2fa/enable", json={"code": phone.code()}, headers=account.auth)
    assert enabled.status_code == 200
    codes = enabled.json()["backup_codes"]
    assert enabled.json()["tokens"] is None
    assert len(codes) == len(set(codes)) == 10
    assert all(re.fullmatch(r"[2-9a-z]{4}(-[2-9a-z]{4}){3}", code) for code in codes)

    stored_codes = await superuser.fetch("SELECT code_hash FROM backup_codes WHERE user_id = $1", account.user_id)
    assert len(stored_codes) == 10
    dump = await superuser.fetchval("SELECT string_agg(b::text, ' ') FROM backup_codes b")
    assert not any(code in dump or code.replace("-", "") in dump for code in codes)

    again = await client.post("/api/v1/auth/2fa/setup", headers=account.auth)
    assert again.status_code == 409 and again.json()["error"] == "mfa_already_enabled"
    status = await client.get("/api/v1/auth/2fa", headers=account.auth)
    assert status.json() == {"enabled": True, "backup_codes_remaining": 10}
    assert secret not in status.text and secret not in (await client.get("/api/v1/me", headers=account.auth)).text
    assert len(await events(superuser, account.user_id, "2fa_enabled")) == 1


# --- D21: only a pending token, accepted only by /2fa/complete ------------------------------------------------


async def test_d21_password_step_yields_only_an_mfa_pending_token(app, client, clock, superuser):
    account = await register_and_login(client)
    phone, _ = await enable_2fa(client, account, clock)
    first = await password_step(client, account.email)
    assert set(first) == {"mfa_required", "mfa_token"} and first["mfa_required"] is True
    mfa_token = first["mfa_token"]

    # Every bearer-protected operation of the API refuses it (read from the app's own OpenAPI document).
    checked = 0
    for path, operations in app.openapi()["paths"].items():
        for method, operation in operations.items():
            if not operation.get("security"):
                continue
            url = re.sub(r"{\w+}", str(uuid.uuid4()), path)
            response = await client.request(method.upper(), url, headers=bearer(mfa_token), json={})
            assert response.status_code == 401, (method, path, response.status_code)
            checked += 1
    assert checked >= 15
    assert (await client.get("/api/v1/files", headers=bearer(mfa_token))).status_code == 401
    assert (await client.post("/api/v1/auth/refresh", json={"refresh_token": mfa_token[:512]})).status_code == 401

    done = await complete(client, mfa_token, phone.code())
    assert done.status_code == 200
    assert set(done.json()) == {"mfa_required", "access_token", "refresh_token", "token_type", "expires_in"}
    assert (await client.get("/api/v1/me", headers=bearer(done.json()["access_token"]))).status_code == 200
    logins = await events(superuser, account.user_id, "login")
    assert logins[-1]["method"] == "2fa" and logins[-1]["first_factor"] == "password"
    # The pending token is spent.
    assert (await complete(client, mfa_token, phone.code(1))).status_code == 401


async def test_c17_2fa_tokens_are_refused_everywhere_else(client, clock):
    account = await register_and_login(client)
    phone, _ = await enable_2fa(client, account, clock)
    pending = (await password_step(client, account.email))["mfa_token"]
    session = (await complete(client, pending, phone.code())).json()
    for wrong in (session["access_token"], session["refresh_token"], "garbage", "a.b.c"):
        response = await complete(client, wrong, phone.code(1))
        assert response.status_code == 401 and response.json()["error"] == "invalid_token"
    fresh_pending = (await password_step(client, account.email))["mfa_token"]
    assert (await client.post("/api/v1/auth/2fa/setup", headers=bearer(fresh_pending))).status_code == 401
    assert (await client.get("/api/v1/auth/2fa", headers=bearer(fresh_pending))).status_code == 401


# --- D22: a code works once; the window is one step ---------------------------------------------------------


async def test_d22_a_totp_code_is_accepted_once_and_never_two_steps_late(client, clock, superuser):
    account = await register_and_login(client)
    phone, _ = await enable_2fa(client, account, clock)
    code = phone.code()
    assert (await complete(client, (await password_step(client, account.email))["mfa_token"], code)).status_code == 200

    replay = await complete(client, (await password_step(client, account.email))["mfa_token"], code)
    assert replay.status_code == 401 and replay.json()["error"] == "invalid_mfa_code"
    assert events_reason(await events(superuser, account.user_id, "login_failed")) == ["code_reused"]

    clock.advance(3)
    two_old = await complete(client, (await password_step(client, account.email))["mfa_token"], phone.code(-2))
    assert two_old.status_code == 401
    one_old = await complete(client, (await password_step(client, account.email))["mfa_token"], phone.code(-1))
    assert one_old.status_code == 200  # drift of one step is tolerated, once
    # A step older than the last one used is refused too, even inside the window and never used itself.
    ahead = await complete(client, (await password_step(client, account.email))["mfa_token"], phone.code(1))
    assert ahead.status_code == 200
    older = await complete(client, (await password_step(client, account.email))["mfa_token"], phone.code())
    assert older.status_code == 401
    assert events_reason(await events(superuser, account.user_id, "login_failed")) == [
        "code_reused",
        "wrong_code",
        "code_reused",
    ]


def events_reason(rows):
    return [row["reason"] for row in rows]


# --- D23: lockout across IPs, backup codes --------------------------------------------------------------------


async def test_d23_five_wrong_codes_lock_the_account_from_any_ip(app, client, clock, superuser):
    account = await register_and_login(client)
    phone, _ = await enable_2fa(client, account, clock)
    statuses = []
    for attempt in range(5):
        async with make_client(app, ip=f"198.51.100.{attempt + 1}") as other_ip:
            pending = (await password_step(other_ip, account.email))["mfa_token"]
            statuses.append((await complete(other_ip, pending, "000000")).status_code)
    assert statuses == [401] * 5
    async with make_client(app, ip="192.0.2.200") as fresh_ip:
        pending = (await password_step(fresh_ip, account.email))["mfa_token"]
        locked = await complete(fresh_ip, pending, phone.code())
        assert locked.status_code == 429 and locked.json()["error"] == "mfa_locked"
        assert 800 < int(locked.headers["retry-after"]) <= 900
        backup = await complete(fresh_ip, pending, "aaaa-bbbb-cccc-dddd")
        assert backup.status_code == 429  # backup codes are locked too
    failures = await events(superuser, account.user_id, "login_failed")
    assert [row["failures"] for row in failures[:5]] == [1, 2, 3, 4, 5]
    assert failures[4]["locked_for_seconds"] == 900 and failures[5]["reason"] == "locked"

    # When the lock runs out, the right code works and resets the count.
    await superuser.execute("UPDATE totp_credentials SET locked_until = now() WHERE user_id = $1", account.user_id)
    assert (
        await complete(client, (await password_step(client, account.email))["mfa_token"], phone.code())
    ).status_code == 200
    assert (
        await superuser.fetchval("SELECT failed_attempts FROM totp_credentials WHERE user_id = $1", account.user_id)
        == 0
    )


async def test_d23_repeated_locks_back_off(client, clock, superuser):
    account = await register_and_login(client)
    await enable_2fa(client, account, clock)
    await superuser.execute("UPDATE totp_credentials SET failed_attempts = 9 WHERE user_id = $1", account.user_id)
    pending = (await password_step(client, account.email))["mfa_token"]
    assert (await complete(client, pending, "000000")).status_code == 401
    assert (await events(superuser, account.user_id, "login_failed"))[-1]["locked_for_seconds"] == 1800


async def test_d23_backup_codes_are_single_use_and_regeneration_retires_the_old_set(client, clock, superuser):
    account = await register_and_login(client)
    phone, codes = await enable_2fa(client, account, clock)
    used = await complete(client, (await password_step(client, account.email))["mfa_token"], codes[0].upper())
    assert used.status_code == 200
    assert (await events(superuser, account.user_id, "login"))[-1]["method"] == "backup_code"
    again = await complete(client, (await password_step(client, account.email))["mfa_token"], codes[0])
    assert again.status_code == 401
    session = bearer(used.json()["access_token"])
    assert (await client.get("/api/v1/auth/2fa", headers=session)).json()["backup_codes_remaining"] == 9

    backup_instead_of_totp = await client.post(
        "/api/v1/auth/2fa/backup-codes", json={"code": codes[1]}, headers=session
    )
    assert backup_instead_of_totp.status_code == 400
    regenerated = await client.post("/api/v1/auth/2fa/backup-codes", json={"code": phone.code()}, headers=session)
    assert regenerated.status_code == 200
    new_codes = regenerated.json()["backup_codes"]
    assert len(new_codes) == 10 and not set(new_codes) & set(codes)
    old = await complete(client, (await password_step(client, account.email))["mfa_token"], codes[2])
    assert old.status_code == 401
    new = await complete(
        client, (await password_step(client, account.email))["mfa_token"], new_codes[0].replace("-", " ")
    )
    assert new.status_code == 200
    assert len(await events(superuser, account.user_id, "2fa_backup_codes_regenerated")) == 1


# --- D24: the seed is bound to its user -----------------------------------------------------------------------


async def test_d24_a_seed_copied_to_another_user_does_not_decrypt(client, clock, superuser):
    victim = await register_and_login(client, label="victim")
    attacker = await register_and_login(client, label="attacker")
    await enable_2fa(client, victim, clock)
    attacker_phone, _ = await enable_2fa(client, attacker, clock)
    # With database write access, the attacker puts their own seed into the victim's row...
    await superuser.execute(
        "UPDATE totp_credentials SET seed_ciphertext = (SELECT seed_ciphertext FROM totp_credentials "
        "WHERE user_id = $1) WHERE user_id = $2",
        attacker.user_id,
        victim.user_id,
    )
    # ...and knows the victim's password, but their own authenticator's codes do not open the account.
    pending = (await password_step(client, victim.email))["mfa_token"]
    refused = await complete(client, pending, attacker_phone.code())
    assert refused.status_code == 401
    assert (await events(superuser, victim.user_id, "login_failed"))[-1]["reason"] == "seed_unreadable"


def test_d24_seed_decryption_needs_the_same_user_and_key():
    key = bytes(range(32))
    alice, bob = uuid.uuid4(), uuid.uuid4()
    sealed = totp.encrypt_seed(key, alice, "JBSWY3DPEHPK3PXP")
    assert totp.decrypt_seed(key, alice, sealed) == "JBSWY3DPEHPK3PXP"
    for user, wrong_key, blob in [
        (bob, key, sealed),
        (alice, bytes(32), sealed),
        (alice, key, sealed[:-1] + bytes([sealed[-1] ^ 1])),
        (alice, key, b"\x02" + sealed[1:]),
        (alice, key, b""),
    ]:
        with pytest.raises(totp.SeedUnreadable):
            totp.decrypt_seed(wrong_key, user, blob)


def _production(**values) -> Settings:
    import secrets

    strong = {
        "environment": "production",
        "jwt_secret": secrets.token_urlsafe(64),
        "database_url": f"postgresql+asyncpg://orca_app:{secrets.token_urlsafe(24)}@db:5432/orca",
        "migration_database_url": f"postgresql+asyncpg://orca_owner:{secrets.token_urlsafe(24)}@db:5432/orca",
        "smtp_host": "127.0.0.1",
    }
    return Settings(_env_file=None, **{**strong, **values})  # type: ignore[call-arg]


def test_d24_production_refuses_a_missing_sample_or_malformed_totp_key():
    import base64
    import secrets

    from pydantic import ValidationError

    from tests.service.test_settings import env_example_value

    good = base64.b64encode(secrets.token_bytes(32)).decode()
    assert _production(totp_encryption_key=good).totp_encryption_key.get_secret_value() == good
    for refused in (None, env_example_value("ORCA_TOTP_ENCRYPTION_KEY")):
        values = {} if refused is None else {"totp_encryption_key": refused}
        with pytest.raises(ValidationError) as raised:
            _production(**values)
        assert "ORCA_TOTP_ENCRYPTION_KEY" in str(raised.value) and (refused or "x") not in str(raised.value)
    for malformed in ("short", base64.b64encode(b"x" * 31).decode(), "not base64 at all!!" * 3):
        with pytest.raises(ValidationError, match="ORCA_TOTP_ENCRYPTION_KEY"):
            Settings(_env_file=None, environment="development", totp_encryption_key=malformed)  # type: ignore[call-arg]
    with pytest.raises(ValidationError, match="ORCA_SMTP_SECURITY"):
        _production(totp_encryption_key=good, smtp_host="smtp.example.com")


# --- sessions and other paths cannot bypass 2FA ---------------------------------------------------------------


async def test_c20_enabling_and_disabling_2fa_end_the_other_sessions(client, clock, superuser):
    account = await register_and_login(client)
    other = await login(client, account.email, PASSWORD)
    phone, _ = await enable_2fa(client, account, clock)
    assert (await client.get("/api/v1/me", headers=account.auth)).status_code == 200
    assert (await client.get("/api/v1/me", headers=other.auth)).status_code == 401
    assert (await client.post("/api/v1/auth/refresh", json={"refresh_token": other.refresh_token})).status_code == 401

    second = (await complete(client, (await password_step(client, account.email))["mfa_token"], phone.code())).json()
    clock.advance(1)
    wrong_password = await client.post(
        "/api/v1/auth/2fa/disable", json={"code": phone.code(), "password": "nope nope nope"}, headers=account.auth
    )
    assert wrong_password.status_code == 400 and wrong_password.json()["error"] == "invalid_current_password"
    wrong_code = await client.post(
        "/api/v1/auth/2fa/disable", json={"code": "000000", "password": PASSWORD}, headers=account.auth
    )
    assert wrong_code.status_code == 400 and wrong_code.json()["error"] == "invalid_mfa_code"
    disabled = await client.post(
        "/api/v1/auth/2fa/disable", json={"code": phone.code(), "password": PASSWORD}, headers=account.auth
    )
    assert disabled.status_code == 204
    assert (await client.get("/api/v1/me", headers=bearer(second["access_token"]))).status_code == 401
    assert (await password_step(client, account.email))["mfa_required"] is False
    assert await superuser.fetchval("SELECT count(*) FROM backup_codes WHERE user_id = $1", account.user_id) == 0
    assert len(await events(superuser, account.user_id, "2fa_disabled")) == 1
    assert [row["reason"] for row in await events(superuser, account.user_id, "2fa_failed")] == [
        "wrong_password",
        "wrong_code",
    ]
    again = await client.post(
        "/api/v1/auth/2fa/disable", json={"code": phone.code(), "password": PASSWORD}, headers=account.auth
    )
    assert again.status_code == 409 and again.json()["error"] == "mfa_not_enabled"


async def test_password_reset_does_not_bypass_2fa(client, clock, mail_sink):
    account = await register_and_login(client)
    phone, _ = await enable_2fa(client, account, clock)
    assert (await client.post("/api/v1/auth/password-reset/request", json={"email": account.email})).status_code == 202
    token = mail_sink.latest_token(account.email, "/reset-password")
    new_password = "reset but still two factors"
    reset = await client.post(
        "/api/v1/auth/password-reset/complete", json={"token": token, "new_password": new_password}
    )
    assert reset.status_code == 200 and "access_token" not in reset.text
    step = await password_step(client, account.email, new_password)
    assert step["mfa_required"] is True and "access_token" not in step
    assert (await complete(client, step["mfa_token"], phone.code())).status_code == 200


async def test_finish_first_factor_is_the_gate_for_every_first_factor(app, client, clock, settings):
    """The seam SSO uses: whatever the first factor, an account with 2FA gets only a pending token."""
    from orca_core.db import unit_of_work
    from orca_core.identity.errors import InvalidCredentials
    from orca_core.identity.service import IdentityService, MfaPending, TokenPair, VerifiedUser
    from orca_core.orgs.models import Role

    plain = await register_and_login(client, label="plain")
    guarded = await register_and_login(client, label="guarded")
    phone, _ = await enable_2fa(client, guarded, clock)
    factory = app.state.session_factory

    async def finish(account, method, org_id=None):
        async with unit_of_work(factory) as session:
            verified = VerifiedUser(user_id=account.user_id, org_id=org_id or account.org_id, role=Role.MEMBER)
            return await IdentityService(session, settings).finish_first_factor(verified, method=method, ip=None)

    outcome = await finish(guarded, "oidc")
    assert isinstance(outcome, MfaPending)
    done = await complete(client, outcome.mfa_token, phone.code())
    assert done.status_code == 200
    session_pair = await finish(plain, "saml")
    assert isinstance(session_pair, TokenPair)
    me = await client.get("/api/v1/me", headers=bearer(session_pair.access_token))
    assert me.json()["role"] == "owner"  # the role comes from the database, not from the caller
    with pytest.raises(InvalidCredentials):
        await finish(plain, "password", org_id=guarded.org_id)  # not a member of that org
    with pytest.raises(ValueError):
        await finish(plain, "magic_link")


# --- the org requirement --------------------------------------------------------------------------------------


async def test_require_2fa_confines_members_without_it_to_enrolment(client, clock, superuser):
    owner = await register_and_login(client, label="owner")
    member = await register_and_login(client, label="member")
    await superuser.execute("DELETE FROM memberships WHERE user_id = $1", member.user_id)
    await superuser.execute(
        "INSERT INTO memberships (user_id, org_id, role) VALUES ($1, $2, 'member')", member.user_id, owner.org_id
    )
    member = await login(client, member.email, PASSWORD)

    premature = await client.patch("/api/v1/org", json={"require_2fa": True}, headers=owner.auth)
    assert premature.status_code == 409 and premature.json()["error"] == "mfa_enroll_first"
    await enable_2fa(client, owner, clock)
    required = await client.patch("/api/v1/org", json={"require_2fa": True}, headers=owner.auth)
    assert required.status_code == 200 and required.json()["require_2fa"] is True
    by_member = await client.patch("/api/v1/org", json={"require_2fa": False}, headers=member.auth)
    assert by_member.status_code == 403
    assert len(await events(superuser, owner.user_id, "require_2fa_enabled")) == 1

    # The member's existing session loses data access at once, but may still enrol or leave.
    for path in ("/api/v1/me", "/api/v1/files", "/api/v1/org"):
        refused = await client.get(path, headers=member.auth)
        assert refused.status_code == 403 and refused.json()["error"] == "mfa_enrollment_required", path
    assert (await client.get("/api/v1/auth/2fa", headers=member.auth)).status_code == 200

    # A fresh login yields only an enrolment token.
    step = await password_step(client, member.email)
    assert step["mfa_required"] is True and step["mfa_enrollment_required"] is True
    assert set(step) == {"mfa_required", "mfa_enrollment_required", "enrollment_token", "expires_in"}
    enrolment = bearer(step["enrollment_token"])
    assert (await client.get("/api/v1/me", headers=enrolment)).status_code == 401
    assert (await client.get("/api/v1/files", headers=enrolment)).status_code == 401
    assert (await complete(client, step["enrollment_token"], "123456")).status_code == 401
    setup = await client.post("/api/v1/auth/2fa/setup", headers=enrolment)
    assert setup.status_code == 200
    phone = Authenticator(setup.json()["secret"], clock)
    enabled = await client.post("/api/v1/auth/2fa/enable", json={"code": phone.code()}, headers=enrolment)
    assert enabled.status_code == 200
    tokens = enabled.json()["tokens"]
    assert tokens and len(enabled.json()["backup_codes"]) == 10
    assert (await client.get("/api/v1/me", headers=bearer(tokens["access_token"]))).status_code == 200
    # The enrolment token is spent, the pre-requirement session was ended by enabling, and 2FA cannot be dropped.
    assert (await client.post("/api/v1/auth/2fa/setup", headers=enrolment)).status_code == 401
    assert (await client.get("/api/v1/auth/2fa", headers=member.auth)).status_code == 401
    clock.advance(1)
    drop = await client.post(
        "/api/v1/auth/2fa/disable",
        json={"code": phone.code(), "password": PASSWORD},
        headers=bearer(tokens["access_token"]),
    )
    assert drop.status_code == 409 and drop.json()["error"] == "mfa_required_by_org"
    logins = await events(superuser, member.user_id, "login")
    assert logins[-1]["method"] == "2fa" and logins[-1]["first_factor"] == "password"


async def test_b10_2fa_failures_never_echo_the_code(client, clock):
    account = await register_and_login(client)
    phone, codes = await enable_2fa(client, account, clock)
    pending = (await password_step(client, account.email))["mfa_token"]
    for code in ("987654", codes[0] + "x", "' OR 1=1 --"):
        response = await complete(client, pending, code)
        assert response.status_code == 401 and code not in response.text
    assert phone.seed not in response.text


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"mfa_token": "x"},
        {"code": "123456"},
        {"mfa_token": "x", "code": ""},
        {"mfa_token": "x", "code": "1" * 65},
        {"mfa_token": "x", "code": "1", "user": "y"},
    ],
)
async def test_2fa_complete_bad_payloads_are_422(client, body):
    response = await client.post("/api/v1/auth/2fa/complete", json=body)
    assert response.status_code == 422 and response.json()["error"] == "validation_error"
