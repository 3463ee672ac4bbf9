"""Headers, CORS, error shape, health and the OpenAPI page (battery group I)."""

from __future__ import annotations

import re

import pytest

from api.app import create_app
from tests.service.conftest import ALLOWED_ORIGIN, make_client, make_settings, register_and_login


def assert_security_headers(response, *, authenticated_json: bool = True) -> None:
    headers = response.headers
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "DENY"
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    hsts = re.fullmatch(r"max-age=(\d+); includeSubDomains", headers["strict-transport-security"])
    assert hsts and int(hsts.group(1)) >= 31536000
    assert headers["referrer-policy"] == "no-referrer"
    if authenticated_json:
        assert headers["cache-control"] == "no-store"


def assert_error_shape(response, code: str) -> None:
    body = response.json()
    assert set(body) == {"error", "detail"}
    assert body["error"] == code and isinstance(body["detail"], str) and body["detail"]


@pytest.fixture
async def boom_client(settings):
    """The app with one extra route that fails the way a bug would."""
    app = create_app(settings)

    @app.get("/api/v1/__boom")
    async def boom() -> None:
        raise RuntimeError("SELECT secret_column FROM users -- internal detail that must not leak")

    async with make_client(app) as client:
        yield client
    await app.state.engine.dispose()


async def test_i41_headers_and_error_shape_on_every_status(boom_client):
    client = boom_client
    account = await register_and_login(client)

    ok = await client.get("/api/v1/me", headers=account.auth)
    assert ok.status_code == 200
    assert_security_headers(ok)

    unauthenticated = await client.get("/api/v1/me")
    assert unauthenticated.status_code == 401
    assert_security_headers(unauthenticated)
    assert_error_shape(unauthenticated, "invalid_token")

    forbidden_member = await client.get("/api/v1/members/00000000-0000-0000-0000-000000000000", headers=account.auth)
    assert forbidden_member.status_code == 404
    assert_security_headers(forbidden_member)
    assert_error_shape(forbidden_member, "not_found")

    missing_route = await client.get("/api/v1/nothing-here")
    assert missing_route.status_code == 404
    assert_security_headers(missing_route)
    assert missing_route.json() == forbidden_member.json()

    wrong_method = await client.delete("/api/v1/me", headers=account.auth)
    assert wrong_method.status_code == 405
    assert_security_headers(wrong_method)
    assert_error_shape(wrong_method, "method_not_allowed")

    invalid = await client.post("/api/v1/auth/login", json={"email": "x@example.org"})
    assert invalid.status_code == 422
    assert_security_headers(invalid)
    assert_error_shape(invalid, "validation_error")

    malformed_json = await client.post(
        "/api/v1/auth/login", content=b"{not json", headers={"content-type": "application/json"}
    )
    assert malformed_json.status_code == 422
    assert_error_shape(malformed_json, "validation_error")

    crashed = await client.get("/api/v1/__boom")
    assert crashed.status_code == 500
    assert_security_headers(crashed)
    assert crashed.json() == {"error": "internal_error", "detail": "The server could not complete the request."}
    assert "SELECT" not in crashed.text and "Traceback" not in crashed.text


async def test_i41_every_response_carries_a_request_id(client):
    first, second = await client.get("/healthz"), await client.get("/healthz")
    assert re.fullmatch(r"[0-9a-f]{32}", first.headers["x-request-id"])
    assert first.headers["x-request-id"] != second.headers["x-request-id"]


async def test_validation_errors_never_echo_the_input(client):
    secret = "S3ntinel-" + "x" * 2000  # too long: fails validation
    response = await client.post("/api/v1/auth/login", json={"email": "a@example.org", "password": secret})
    assert response.status_code == 422
    assert "S3ntinel" not in response.text


@pytest.mark.parametrize(
    "origin", ["https://evil.example", "null", "https://app.example.evil.com", "http://app.example"]
)
async def test_i42_cors_denies_foreign_origins(client, origin):
    preflight = await client.options(
        "/api/v1/me",
        headers={
            "Origin": origin,
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "authorization",
        },
    )
    assert "access-control-allow-origin" not in preflight.headers
    assert preflight.status_code == 403
    assert_error_shape(preflight, "cors_origin_denied")
    assert_security_headers(preflight)

    simple = await client.get("/healthz", headers={"Origin": origin})
    assert "access-control-allow-origin" not in simple.headers
    assert "Origin" in simple.headers["vary"]


async def test_i42_cors_echoes_an_allowed_origin_never_a_wildcard(client):
    preflight = await client.options(
        "/api/v1/me",
        headers={
            "Origin": ALLOWED_ORIGIN,
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "authorization",
        },
    )
    assert preflight.status_code == 204
    assert preflight.headers["access-control-allow-origin"] == ALLOWED_ORIGIN
    assert "Origin" in preflight.headers["vary"]
    assert "access-control-allow-credentials" not in preflight.headers
    simple = await client.get("/healthz", headers={"Origin": ALLOWED_ORIGIN})
    assert simple.headers["access-control-allow-origin"] == ALLOWED_ORIGIN
    assert "Origin" in simple.headers["vary"]


async def test_healthz_ok_when_the_database_answers(client):
    response = await client.get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok"}
    assert_security_headers(response)


async def test_healthz_degraded_when_the_database_is_unreachable(test_database):
    settings = make_settings(test_database, database_url="postgresql+asyncpg://nobody:x@127.0.0.1:1/nothing")
    app = create_app(settings)
    try:
        async with make_client(app) as client:
            response = await client.get("/healthz")
            assert response.status_code == 503
            assert_error_shape(response, "degraded")
            assert_security_headers(response)
            # A request needing the database fails cleanly, in the error shape, without leaking the DSN.
            login = await client.post("/api/v1/auth/login", json={"email": "a@example.org", "password": "x" * 12})
            assert login.status_code == 503 and "nobody" not in login.text
            assert_error_shape(login, "service_unavailable")
            assert_security_headers(login)
    finally:
        await app.state.engine.dispose()


async def test_openapi_page_is_served(client):
    schema = await client.get("/openapi.json")
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    for path in (
        "/api/v1/auth/register",
        "/api/v1/auth/login",
        "/api/v1/auth/refresh",
        "/api/v1/auth/logout",
        "/api/v1/me",
        "/api/v1/audit/verify",
        "/healthz",
    ):
        assert path in paths
    docs = await client.get("/docs")
    assert docs.status_code == 200 and "swagger" in docs.text.lower()
    assert_security_headers(docs)


async def test_client_ip_comes_from_trusted_proxies_only(test_database, superuser):
    from api.client_ip import client_ip, parse_networks

    proxies = parse_networks(["10.0.0.0/8"])
    assert client_ip("203.0.113.9", "1.2.3.4", proxies) == "203.0.113.9"  # untrusted peer: header ignored
    assert client_ip("10.0.0.5", "1.2.3.4, 198.51.100.7", proxies) == "198.51.100.7"  # right-most untrusted hop
    assert client_ip("10.0.0.5", "198.51.100.7, 10.0.0.9", proxies) == "198.51.100.7"
    assert client_ip("10.0.0.5", "1.2.3.4", []) == "10.0.0.5"

    settings = make_settings(test_database, trusted_proxies=["127.0.0.0/8"])
    app = create_app(settings)
    try:
        async with make_client(app, ip="127.0.0.1") as client:
            account = await register_and_login(client)
            await client.post("/api/v1/auth/logout", headers={**account.auth, "X-Forwarded-For": "spoof, 192.0.2.44"})
        ip = await superuser.fetchval(
            "SELECT ip FROM audit_events WHERE event = 'logout' AND user_id = $1", account.user_id
        )
        assert str(ip) == "192.0.2.44"
    finally:
        await app.state.engine.dispose()
