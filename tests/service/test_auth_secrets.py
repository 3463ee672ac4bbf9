"""Secret hygiene of every account flow (battery B10): sentinel passwords, TOTP seeds and codes, backup codes and
every kind of token never reach a log line, an audit row, a Redis key, an error body, or (in plaintext) the
database."""

from __future__ import annotations

import logging
import re
import uuid

import redis.asyncio as redis

from tests.service.conftest import REDIS_URL, unique_email
from tests.service.test_2fa import Authenticator, bearer, complete, password_step


def _appears(secret: str, text: str) -> bool:
    if re.fullmatch(r"[0-9]{6}", secret):
        # A 6-digit code may occur by chance inside ids and hashes: only a standalone occurrence counts.
        return re.search(rf"(?<![0-9A-Za-z]){secret}(?![0-9A-Za-z])", text) is not None
    return secret in text


async def test_b10_secret_hygiene(client, settings, superuser, mail_sink, capsys, caplog, monkeypatch):
    from tests.service.test_2fa import Clock

    caplog.set_level(logging.DEBUG)
    from orca_core.identity import totp

    clock = Clock()
    monkeypatch.setattr(totp, "time", type("T", (), {"time": staticmethod(lambda: clock.now)}))
    sentinel = f"S3ntinel-{uuid.uuid4()}"
    second_sentinel = f"S3ntinel-{uuid.uuid4()}"
    third_sentinel = f"S3ntinel-{uuid.uuid4()}"
    email = unique_email("hygiene")
    secrets: list[str] = [sentinel, second_sentinel, third_sentinel]
    bodies: list[str] = []

    async def call(method, path, **kwargs):
        response = await client.request(method, path, **kwargs)
        bodies.append(response.text)
        return response

    # Sign-up and verification.
    await call("POST", "/api/v1/auth/register", json={"email": email, "password": sentinel, "org_name": "Hygiene"})
    await call("POST", "/api/v1/auth/register", json={"email": email, "password": sentinel + "x", "org_name": "H"})
    verify_token = mail_sink.latest_token(email, "/verify-email")
    secrets.append(verify_token)
    await call("POST", "/api/v1/auth/verify-email", json={"token": verify_token})
    await call("POST", "/api/v1/auth/verify-email", json={"token": verify_token})  # second use: refused
    await call("POST", "/api/v1/auth/login", json={"email": email, "password": sentinel + "-wrong"})
    session = (await call("POST", "/api/v1/auth/login", json={"email": email, "password": sentinel})).json()
    secrets += [session["access_token"], session["refresh_token"]]

    # Refresh, and a replay of the spent refresh token.
    rotated = (await call("POST", "/api/v1/auth/refresh", json={"refresh_token": session["refresh_token"]})).json()
    secrets += [rotated["access_token"], rotated["refresh_token"]]
    await call("POST", "/api/v1/auth/refresh", json={"refresh_token": session["refresh_token"]})
    session = (await call("POST", "/api/v1/auth/login", json={"email": email, "password": sentinel})).json()
    secrets += [session["access_token"], session["refresh_token"]]
    auth = bearer(session["access_token"])

    # Password change (a wrong current password first).
    await call(
        "POST",
        "/api/v1/auth/password",
        json={"current_password": sentinel + "!", "new_password": second_sentinel},
        headers=auth,
    )
    await call(
        "POST",
        "/api/v1/auth/password",
        json={"current_password": sentinel, "new_password": second_sentinel},
        headers=auth,
    )

    # 2FA: enrol, log in with a code, with a wrong code, with a backup code, regenerate.
    setup = (await call("POST", "/api/v1/auth/2fa/setup", headers=auth)).json()
    phone = Authenticator(setup["secret"], clock)
    secrets += [setup["secret"], setup["provisioning_uri"]]
    enrol_code = phone.code()
    enabled = (await call("POST", "/api/v1/auth/2fa/enable", json={"code": enrol_code}, headers=auth)).json()
    backup_codes = enabled["backup_codes"]
    secrets += [enrol_code, *backup_codes, *(code.replace("-", "") for code in backup_codes)]
    clock.advance(1)
    pending = await password_step(client, email, second_sentinel)
    secrets.append(pending["mfa_token"])
    await complete(client, pending["mfa_token"], "000000")
    login_code = phone.code()
    secrets.append(login_code)
    finished = await complete(client, pending["mfa_token"], login_code)
    bodies.append(finished.text)
    secrets += [finished.json()["access_token"], finished.json()["refresh_token"]]
    pending = await password_step(client, email, second_sentinel)
    backup_login = await complete(client, pending["mfa_token"], backup_codes[0])
    bodies.append(backup_login.text)
    auth = bearer(backup_login.json()["access_token"])
    secrets += [pending["mfa_token"], backup_login.json()["access_token"], backup_login.json()["refresh_token"]]
    clock.advance(1)
    regen_code = phone.code()
    secrets.append(regen_code)
    regenerated = (await call("POST", "/api/v1/auth/2fa/backup-codes", json={"code": regen_code}, headers=auth)).json()
    secrets += regenerated["backup_codes"]

    # Password reset (requested, then completed; the link used twice), and logout.
    await call("POST", "/api/v1/auth/password-reset/request", json={"email": email})
    reset_token = mail_sink.latest_token(email, "/reset-password")
    secrets.append(reset_token)
    for _ in range(2):
        await call(
            "POST",
            "/api/v1/auth/password-reset/complete",
            json={"token": reset_token, "new_password": third_sentinel},
        )
    pending = await password_step(client, email, third_sentinel)
    clock.advance(1)
    last_code = phone.code()
    secrets += [pending["mfa_token"], last_code]
    final = await complete(client, pending["mfa_token"], last_code)
    secrets += [final.json()["access_token"], final.json()["refresh_token"]]
    await call("POST", "/api/v1/auth/logout", headers=bearer(final.json()["access_token"]))
    await call("GET", f"/api/v1/me?token={reset_token}&code={last_code}", headers=bearer(final.json()["access_token"]))

    # Every sink.
    captured = capsys.readouterr()
    logs = captured.out + captured.err + "\n".join(record.getMessage() for record in caplog.records)
    assert '"event": "request"' in logs and '"event": "mail_sent"' in logs  # the sinks did record these flows
    user_id = await superuser.fetchval("SELECT id FROM users WHERE email = $1", email)
    audit = await superuser.fetchval(
        "SELECT string_agg(metadata::text, ' ') FROM audit_events WHERE user_id = $1 OR ip = '203.0.113.7'", user_id
    )
    assert "2fa_enabled" in await superuser.fetchval(
        "SELECT string_agg(event, ' ') FROM audit_events WHERE user_id = $1", user_id
    )
    connection = redis.from_url(REDIS_URL)
    try:
        keys = " ".join(key.decode("utf-8", "replace") for key in await connection.keys("*"))
    finally:
        await connection.aclose()
    tables = [
        row["tablename"] for row in await superuser.fetch("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
    ]
    database = " ".join(
        [
            await superuser.fetchval(f"SELECT coalesce(string_agg(t::text, ' '), '') FROM \"{table}\" t")
            for table in tables
        ]
    )
    error_bodies = " ".join(body for body in bodies if '"error"' in body)

    sinks = {"logs": logs, "audit metadata": audit, "redis keys": keys, "error bodies": error_bodies}
    hits = [(name, secret[:12]) for secret in secrets for name, text in sinks.items() if _appears(secret, text)]
    assert hits == []
    long_secrets = [secret for secret in secrets if not re.fullmatch(r"[0-9]{6}", secret)]
    assert [secret[:12] for secret in long_secrets if secret in database] == []
