"""Email verification, password reset and password change, through a real SMTP server (battery B12, B13, C20).

The session's SMTP sink (conftest `mail_sink`, aiosmtpd) receives every email; tests read the links from it the
way a person would.
"""

from __future__ import annotations

import base64
import hashlib
import json

import asyncpg

from api.app import create_app
from orca_core.settings import Settings
from tests.service.conftest import (
    PASSWORD,
    free_port,
    login,
    make_client,
    make_settings,
    register_and_login,
    unique_email,
    verify_email,
)
from tests.service.test_auth import BcryptCounter

NEW_PASSWORD = "a brand new passphrase 2026"


async def _register(client, email, password=PASSWORD):
    return await client.post("/api/v1/auth/register", json={"email": email, "password": password, "org_name": "Org"})


async def _login(client, email, password=PASSWORD):
    return await client.post("/api/v1/auth/login", json={"email": email, "password": password})


async def _request_reset(client, email):
    return await client.post("/api/v1/auth/password-reset/request", json={"email": email})


async def _complete_reset(client, token, new_password=NEW_PASSWORD):
    return await client.post(
        "/api/v1/auth/password-reset/complete", json={"token": token, "new_password": new_password}
    )


def vars_of(settings: Settings) -> dict[str, object]:
    return {name: getattr(settings, name) for name in type(settings).model_fields if name != "environment"}


async def _events(superuser, user_id, event):
    return await superuser.fetch(
        "SELECT org_id, ip, metadata FROM audit_events WHERE user_id = $1 AND event = $2 ORDER BY seq", user_id, event
    )


# --- verification -------------------------------------------------------------------------------------------


async def test_b13_verification_token_is_256_bits_single_use_and_stored_hashed(client, superuser, mail_sink):
    email = unique_email()
    assert (await _register(client, email)).status_code == 202
    token = mail_sink.latest_token(email, "/verify-email")
    assert len(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))) * 8 >= 128
    stored = await superuser.fetchrow(
        "SELECT t.token_hash, t.purpose, t.expires_at - t.created_at AS ttl FROM account_tokens t "
        "JOIN users u ON u.id = t.user_id WHERE u.email = $1",
        email,
    )
    assert stored["token_hash"] == hashlib.sha256(token.encode()).hexdigest()
    assert stored["purpose"] == "email_verify" and stored["ttl"].total_seconds() == 24 * 3600
    dump = await superuser.fetchval("SELECT string_agg(t::text, ' ') FROM account_tokens t")
    assert token not in dump

    assert (await _login(client, email)).status_code == 403
    first = await client.post("/api/v1/auth/verify-email", json={"token": token})
    assert first.status_code == 200 and first.json() == {"status": "verified"}
    second = await client.post("/api/v1/auth/verify-email", json={"token": token})
    assert second.status_code == 400 and second.json()["error"] == "invalid_verification_token"
    assert (await _login(client, email)).status_code == 200

    user_id = await superuser.fetchval("SELECT id FROM users WHERE email = $1", email)
    rows = await _events(superuser, user_id, "email_verified")
    assert len(rows) == 1 and rows[0]["org_id"] is not None and str(rows[0]["ip"]) == "203.0.113.7"


async def test_b13_expired_verification_token_is_refused(client, superuser, mail_sink):
    email = unique_email()
    assert (await _register(client, email)).status_code == 202
    token = mail_sink.latest_token(email, "/verify-email")
    await superuser.execute(
        "UPDATE account_tokens SET expires_at = now() - interval '1 second' WHERE token_hash = $1",
        hashlib.sha256(token.encode()).hexdigest(),
    )
    response = await client.post("/api/v1/auth/verify-email", json={"token": token})
    assert response.status_code == 400 and response.json()["error"] == "invalid_verification_token"
    assert (await _login(client, email)).status_code == 403


async def test_b13_bad_verification_tokens_are_400_never_500(client):
    for token in ["x", "A" * 256, "\u00e9" * 10, "../../etc", "%00"]:
        response = await client.post("/api/v1/auth/verify-email", json={"token": token})
        assert response.status_code == 400, token
    for body in [{}, {"token": ""}, {"token": "a" * 257}, {"token": 5}, {"token": "x", "user_id": "y"}]:
        assert (await client.post("/api/v1/auth/verify-email", json=body)).status_code == 422


async def test_unverified_login_is_403_only_once_the_password_is_right(client, superuser):
    email = unique_email()
    assert (await _register(client, email)).status_code == 202
    wrong = await _login(client, email, PASSWORD + "!")
    assert wrong.status_code == 401 and wrong.json()["error"] == "invalid_credentials"
    right = await _login(client, email)
    assert right.status_code == 403 and right.json()["error"] == "email_not_verified"
    assert "access_token" not in right.text
    user_id = await superuser.fetchval("SELECT id FROM users WHERE email = $1", email)
    reasons = [json.loads(row["metadata"])["reason"] for row in await _events(superuser, user_id, "login_failed")]
    assert reasons == ["wrong_password", "email_not_verified"]


async def test_c17_verification_and_reset_tokens_are_not_interchangeable(client, mail_sink):
    account = await register_and_login(client)
    assert (await _request_reset(client, account.email)).status_code == 202
    reset_token = mail_sink.latest_token(account.email, "/reset-password")
    other = unique_email()
    assert (await _register(client, other)).status_code == 202
    verify_token = mail_sink.latest_token(other, "/verify-email")

    as_reset = await _complete_reset(client, verify_token)
    assert as_reset.status_code == 400 and as_reset.json()["error"] == "invalid_reset_token"
    as_verify = await client.post("/api/v1/auth/verify-email", json={"token": reset_token})
    assert as_verify.status_code == 400 and as_verify.json()["error"] == "invalid_verification_token"
    for token in (account.refresh_token, account.access_token):
        assert (await client.post("/api/v1/auth/verify-email", json={"token": token[:256]})).status_code == 400
        assert (await _complete_reset(client, token[:256])).status_code == 400
    # Neither token was spent by the wrong endpoint.
    assert (await client.post("/api/v1/auth/verify-email", json={"token": verify_token})).status_code == 200
    assert (await _complete_reset(client, reset_token)).status_code == 200


async def test_mail_goes_out_only_after_the_transaction_committed(client, monkeypatch, test_database):
    from orca_core.mail import Mailer

    seen = []
    real_send_all = Mailer.send_all

    async def send_all(self, outbox):
        outbox = list(outbox)
        connection = await asyncpg.connect(test_database.superuser_dsn)  # another transaction entirely
        try:
            for mail in outbox:
                seen.append(await connection.fetchval("SELECT count(*) FROM users WHERE email = $1", mail.to))
        finally:
            await connection.close()
        return await real_send_all(self, outbox)

    monkeypatch.setattr(Mailer, "send_all", send_all)
    email = unique_email()
    assert (await _register(client, email)).status_code == 202
    assert seen == [1]


async def test_a_dead_smtp_server_never_fails_registration_nor_logs_the_token(test_database, settings, capsys):
    dead = make_settings(test_database, **{**vars_of(settings), "smtp_port": free_port()})
    app = create_app(dead)
    try:
        async with make_client(app) as http:
            email = unique_email()
            response = await _register(http, email)
    finally:
        await app.state.engine.dispose()
    assert response.status_code == 202
    logs = capsys.readouterr().out
    assert '"event": "mail_send_failed"' in logs and '"kind": "verify_email"' in logs
    assert "token=" not in logs and email not in logs


def test_orca_dev_mail_prints_what_the_sink_received(mail_sink, capsys):
    import asyncio

    from orca_core.cli import main
    from orca_core.mail import Mailer, messages

    email = unique_email()
    configured = Settings(_env_file=None, environment="test", **mail_sink.settings_overrides())  # type: ignore[call-arg]
    mail = messages.verify_email(to=email, base_url="http://127.0.0.1:8000", token="tok-123_abc", ttl_hours=24)
    assert asyncio.run(Mailer(configured).send(mail)) is True
    capsys.readouterr()

    assert main(["dev", "mail", "--json", "--to", email, "--mailbox", str(mail_sink.mailbox)]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 1
    received = json.loads(lines[0])
    assert received["to"] == [email] and received["subject"] == "Confirm your email address for orca"
    assert received["links"] == ["http://127.0.0.1:8000/verify-email?token=tok-123_abc"]

    assert main(["dev", "mail", "--to", email, "--mailbox", str(mail_sink.mailbox)]) == 0
    assert "Confirm your email address" in capsys.readouterr().out


# --- password reset -----------------------------------------------------------------------------------------


async def test_b12_reset_request_answers_the_same_for_known_and_unknown_emails(
    client, mail_sink, monkeypatch, superuser
):
    account = await register_and_login(client)
    counter = BcryptCounter(monkeypatch)
    known = await _request_reset(client, account.email)
    known_work = counter.take()
    unknown_email = unique_email("nobody")
    unknown = await _request_reset(client, unknown_email)
    assert counter.take() == known_work == []
    assert (known.status_code, known.content) == (unknown.status_code, unknown.content)
    assert known.status_code == 202
    assert len(mail_sink.tokens(account.email, "/reset-password")) == 1
    assert mail_sink.messages(unknown_email) == []
    # Both requests are audited; the unknown one without the address.
    rows = await superuser.fetch(
        "SELECT user_id, metadata FROM audit_events WHERE event = 'password_reset_requested' AND ip = '203.0.113.7' "
        "ORDER BY seq DESC LIMIT 2"
    )
    outcomes = {json.loads(row["metadata"])["outcome"]: row["user_id"] for row in rows}
    assert outcomes == {"no_account": None, "mailed": account.user_id}
    assert unknown_email not in str([row["metadata"] for row in rows])


async def test_b13_reset_token_is_single_use_and_expires(client, mail_sink, superuser):
    account = await register_and_login(client)
    assert (await _request_reset(client, account.email)).status_code == 202
    token = mail_sink.latest_token(account.email, "/reset-password")
    ttl = await superuser.fetchval(
        "SELECT expires_at - created_at FROM account_tokens WHERE token_hash = $1",
        hashlib.sha256(token.encode()).hexdigest(),
    )
    assert ttl.total_seconds() == 3600
    first = await _complete_reset(client, token)
    assert first.status_code == 200 and "token" not in first.json() and first.json()["status"] == "password_reset"
    second = await _complete_reset(client, token, "yet another passphrase 99")
    assert second.status_code == 400 and second.json()["error"] == "invalid_reset_token"

    assert (await _request_reset(client, account.email)).status_code == 202
    expired = mail_sink.latest_token(account.email, "/reset-password")
    await superuser.execute(
        "UPDATE account_tokens SET expires_at = now() - interval '1 second' WHERE token_hash = $1",
        hashlib.sha256(expired.encode()).hexdigest(),
    )
    assert (await _complete_reset(client, expired, "yet another passphrase 99")).status_code == 400
    assert (await _login(client, account.email, NEW_PASSWORD)).status_code == 200


async def test_a_newer_reset_link_retires_the_older_one(client, mail_sink):
    account = await register_and_login(client)
    for _ in range(2):
        assert (await _request_reset(client, account.email)).status_code == 202
    older, newer = mail_sink.tokens(account.email, "/reset-password")[-2:]
    assert (await _complete_reset(client, older)).status_code == 400
    assert (await _complete_reset(client, newer)).status_code == 200


async def test_c20_password_reset_ends_every_session_and_signs_nobody_in(client, mail_sink, superuser):
    account = await register_and_login(client)
    second = await login(client, account.email, PASSWORD)
    assert (await _request_reset(client, account.email)).status_code == 202
    response = await _complete_reset(client, mail_sink.latest_token(account.email, "/reset-password"))
    assert response.status_code == 200
    assert "access_token" not in response.text and "refresh_token" not in response.text
    for session in (account, second):
        assert (await client.get("/api/v1/me", headers=session.auth)).status_code == 401
        refreshed = await client.post("/api/v1/auth/refresh", json={"refresh_token": session.refresh_token})
        assert refreshed.status_code == 401
    assert (await _login(client, account.email, PASSWORD)).status_code == 401
    assert (await _login(client, account.email, NEW_PASSWORD)).status_code == 200
    rows = await _events(superuser, account.user_id, "password_reset_completed")
    assert len(rows) == 1 and json.loads(rows[0]["metadata"]) == {"sessions_ended": 2}
    assert mail_sink.messages(account.email)[-1]["subject"] == "Your orca password was changed"


async def test_reset_with_a_refused_password_does_not_burn_the_link(client, mail_sink):
    account = await register_and_login(client)
    assert (await _request_reset(client, account.email)).status_code == 202
    token = mail_sink.latest_token(account.email, "/reset-password")
    too_short = await _complete_reset(client, token, "short")
    assert too_short.status_code == 422 and too_short.json()["error"] == "password_too_short"
    common = await _complete_reset(client, token, "qwerty123456")
    assert common.status_code == 422 and common.json()["error"] == "password_too_common"
    assert (await _complete_reset(client, token)).status_code == 200


async def test_reset_proves_the_address_and_defeats_a_pre_registered_account(client, mail_sink):
    """An attacker registers the victim's address first (unverified, attacker's password). The victim cannot
    verify someone else's sign-up, but a password reset proves the address and replaces the password."""
    victim = unique_email("victim")
    assert (await _register(client, victim, "attacker chosen pass 1")).status_code == 202
    assert (await _register(client, victim, PASSWORD)).status_code == 202  # the victim tries to sign up
    assert mail_sink.messages(victim)[-1]["subject"] == "You already have an orca account"
    assert (await _request_reset(client, victim)).status_code == 202
    assert (await _complete_reset(client, mail_sink.latest_token(victim, "/reset-password"))).status_code == 200
    assert (await _login(client, victim, "attacker chosen pass 1")).status_code == 401
    assert (await _login(client, victim, NEW_PASSWORD)).status_code == 200


# --- password change ----------------------------------------------------------------------------------------


async def _change(client, account, current, new):
    return await client.post(
        "/api/v1/auth/password",
        json={"current_password": current, "new_password": new},
        headers=account.auth,
    )


async def test_c20_password_change_ends_the_other_sessions_only(client, mail_sink, superuser):
    account = await register_and_login(client)
    other = await login(client, account.email, PASSWORD)
    response = await _change(client, account, PASSWORD, NEW_PASSWORD)
    assert response.status_code == 204 and response.content == b""
    assert (await client.get("/api/v1/me", headers=account.auth)).status_code == 200
    assert (await client.get("/api/v1/me", headers=other.auth)).status_code == 401
    assert (await client.post("/api/v1/auth/refresh", json={"refresh_token": other.refresh_token})).status_code == 401
    assert (await client.post("/api/v1/auth/refresh", json={"refresh_token": account.refresh_token})).status_code == 200
    assert (await _login(client, account.email, PASSWORD)).status_code == 401
    assert (await _login(client, account.email, NEW_PASSWORD)).status_code == 200
    rows = await _events(superuser, account.user_id, "password_changed")
    assert len(rows) == 1 and json.loads(rows[0]["metadata"]) == {"sessions_ended": 1, "via": "change"}
    assert mail_sink.messages(account.email)[-1]["subject"] == "Your orca password was changed"


async def test_password_change_needs_the_current_password_and_the_policy(client, superuser):
    account = await register_and_login(client)
    before = await superuser.fetchval("SELECT password_hash FROM users WHERE id = $1", account.user_id)
    wrong = await _change(client, account, PASSWORD + "!", NEW_PASSWORD)
    assert wrong.status_code == 400 and wrong.json()["error"] == "invalid_current_password"
    weak = await _change(client, account, PASSWORD, "password1234")
    assert weak.status_code == 422 and weak.json()["error"] in ("password_too_common", "password_too_short")
    long = await _change(client, account, PASSWORD, "x" * 73)
    assert long.status_code == 422 and long.json()["error"] == "password_too_long"
    unauthenticated = await client.post(
        "/api/v1/auth/password", json={"current_password": PASSWORD, "new_password": NEW_PASSWORD}
    )
    assert unauthenticated.status_code == 401
    assert await superuser.fetchval("SELECT password_hash FROM users WHERE id = $1", account.user_id) == before
    assert len(await _events(superuser, account.user_id, "password_change_failed")) == 1
    # The session survived the failed attempts.
    assert (await client.get("/api/v1/me", headers=account.auth)).status_code == 200


async def test_register_and_verify_helper_follows_the_real_email(client, mail_sink):
    email = unique_email()
    assert (await _register(client, email)).status_code == 202
    assert [message["subject"] for message in mail_sink.messages(email)] == ["Confirm your email address for orca"]
    body = mail_sink.messages(email)[0]["text"]
    assert "expires in 24 hours" in body and PASSWORD not in body
    await verify_email(client, email)
    assert (await _login(client, email)).status_code == 200
