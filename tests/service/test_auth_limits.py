"""Rate limits of the auth endpoints (battery B11): per IP, per account across IPs, spoof-proof keys, audited
429s with Retry-After, and fail-closed 503 when Redis is unreachable."""

from __future__ import annotations

import json
import secrets
from contextlib import asynccontextmanager

import pytest

from api.app import create_app
from tests.service.conftest import PASSWORD, make_client, make_settings, register_and_login, unique_email
from tests.service.test_2fa import Clock, enable_2fa, password_step
from tests.service.test_auth import BcryptCounter
from tests.service.test_email import vars_of


@asynccontextmanager
async def strict_app(test_database, settings, **limits):
    """An app sharing the session's database, JWT secret and SMTP sink, with its own limits and key space."""
    values = {**vars_of(settings), "rate_limit_key_prefix": f"orca:test:rl:{secrets.token_hex(6)}", **limits}
    app = create_app(make_settings(test_database, **values))
    try:
        yield app
    finally:
        await app.state.engine.dispose()


def requests_for(account_email: str):
    """(name, path, body) of each limited public endpoint; the body names `account_email` where one is named."""
    return [
        ("login", "/api/v1/auth/login", {"email": account_email, "password": "wrong password 123"}),
        ("register", "/api/v1/auth/register", {"email": account_email, "password": PASSWORD, "org_name": "o"}),
        ("verify_email", "/api/v1/auth/verify-email", {"token": "not-a-real-token"}),
        ("mfa", "/api/v1/auth/2fa/complete", {"mfa_token": "not.a.token", "code": "123456"}),
        ("password_reset", "/api/v1/auth/password-reset/request", {"email": account_email}),
    ]


@pytest.mark.parametrize("name,path,body", requests_for("victim@example.org"))
async def test_b11_per_ip_limit_is_429_with_retry_after_audited_and_spoof_proof(
    test_database, settings, superuser, name, path, body
):
    ip = f"100.{64 + secrets.randbelow(63)}.{secrets.randbelow(256)}.{1 + secrets.randbelow(254)}"
    async with (
        strict_app(test_database, settings, rate_limit_auth_per_ip="3/minute") as app,
        make_client(app, ip=ip) as http,
    ):
        statuses = []
        for attempt in range(4):
            # A client-chosen X-Forwarded-For from an untrusted peer must not move the counter.
            spoofed = {"X-Forwarded-For": f"10.9.8.{attempt}"}
            response = await http.post(path, json=body, headers=spoofed)
            statuses.append(response.status_code)
    assert 429 not in statuses[:3] and statuses[3] == 429, statuses
    assert response.json()["error"] == "rate_limited"
    assert 1 <= int(response.headers["retry-after"]) <= 60
    rows = await superuser.fetch(
        "SELECT metadata FROM audit_events WHERE event = 'rate_limited' AND ip = $1::inet ORDER BY seq", ip
    )
    assert [json.loads(row["metadata"])["rule"] for row in rows] == [f"{name}_ip"]
    assert json.loads(rows[0]["metadata"])["route"] == path


async def test_b11_one_account_attacked_from_20_ips_is_still_throttled(test_database, settings, client, superuser):
    account = await register_and_login(client)
    async with strict_app(
        test_database, settings, rate_limit_auth_per_ip="1000/minute", rate_limit_auth_per_account="5/minute"
    ) as app:
        statuses = []
        for index in range(20):
            async with make_client(app, ip=f"192.0.2.{index + 1}") as http:
                response = await http.post(
                    "/api/v1/auth/login", json={"email": account.email.upper(), "password": f"guess number {index}"}
                )
                statuses.append(response.status_code)
        # Even the right password is refused while the account's window is full.
        async with make_client(app, ip="192.0.2.250") as http:
            right = await http.post("/api/v1/auth/login", json={"email": account.email, "password": PASSWORD})
    assert statuses[:5] == [401] * 5 and statuses[5:] == [429] * 15
    assert right.status_code == 429
    rules = await superuser.fetch(
        "SELECT metadata FROM audit_events WHERE event = 'rate_limited' AND ip << '192.0.2.0/24'::inet "
        "AND metadata->>'rule' = 'login_account' AND ts > now() - interval '1 minute'"
    )
    assert len(rules) >= 16
    assert all(account.email not in row["metadata"] for row in rules)


async def test_b11_refused_logins_cost_no_bcrypt_work(test_database, settings, monkeypatch):
    limited = strict_app(test_database, settings, rate_limit_auth_per_ip="1/minute")
    async with limited as app, make_client(app, ip="198.51.100.250") as http:
        counter = BcryptCounter(monkeypatch)
        body = {"email": unique_email(), "password": "wrong password 123"}
        assert (await http.post("/api/v1/auth/login", json=body)).status_code == 401
        assert counter.take() == ["checkpw"]
        assert (await http.post("/api/v1/auth/login", json=body)).status_code == 429
        assert counter.take() == []


async def test_b11_2fa_complete_is_limited_per_user_across_ips(test_database, settings, client, monkeypatch):
    from orca_core.identity import totp

    clock = Clock()
    monkeypatch.setattr(totp, "time", type("T", (), {"time": staticmethod(lambda: clock.now)}))
    account = await register_and_login(client)
    await enable_2fa(client, account, clock)
    pending = (await password_step(client, account.email))["mfa_token"]
    async with strict_app(
        test_database, settings, rate_limit_auth_per_ip="1000/minute", rate_limit_auth_per_account="3/minute"
    ) as app:
        statuses = []
        for index in range(5):
            async with make_client(app, ip=f"203.0.113.{100 + index}") as http:
                response = await http.post("/api/v1/auth/2fa/complete", json={"mfa_token": pending, "code": "000000"})
                statuses.append(response.status_code)
    assert statuses == [401, 401, 401, 429, 429]


@pytest.mark.parametrize("name,path,body", requests_for("someone@example.org"))
async def test_b11_redis_unreachable_closes_the_auth_endpoints_with_503(test_database, settings, name, path, body):
    async with strict_app(test_database, settings, redis_url="redis://127.0.0.1:1/0") as app, make_client(app) as http:
        response = await http.post(path, json=body)
    assert response.status_code == 503, name
    assert response.json()["error"] == "rate_limiter_unavailable"
