"""Rate limits at the API edge (battery B11 for the shared mechanism; the auth endpoints add their own tests):
counted in Redis, 429 with Retry-After over the limit, audited, and closed (503) when Redis is unreachable."""

from __future__ import annotations

import pytest

from api.app import create_app
from orca_core.ratelimit import RateLimiter, Rule, key_digest
from orca_core.settings import Settings
from tests.service.conftest import REDIS_URL, make_client, make_settings, upload_file


def vars_of(settings: Settings) -> dict[str, object]:
    return {name: getattr(settings, name) for name in type(settings).model_fields if name != "environment"}


async def audit_rows(superuser, org_id, event):
    return await superuser.fetch(
        "SELECT user_id, ip, metadata FROM audit_events WHERE org_id = $1 AND event = $2", org_id, event
    )


async def test_prescan_over_the_per_user_limit_is_429_with_retry_after_and_audited(
    two_orgs, test_database, settings, superuser
):
    a, b = two_orgs.a, two_orgs.b
    strict = make_settings(test_database, **{**vars_of(settings), "rate_limit_prescan_per_user": "2/minute"})
    app = create_app(strict)
    try:
        async with make_client(app) as http:
            statuses = [
                (await upload_file(http, a, "c.csv", b"id\n1\n", path="/api/v1/files/prescan")) for _ in range(3)
            ]
            other_user = await upload_file(http, b, "c.csv", b"id\n1\n", path="/api/v1/files/prescan")
    finally:
        await app.state.engine.dispose()
    assert [response.status_code for response in statuses] == [200, 200, 429]
    refused = statuses[2]
    assert refused.json()["error"] == "rate_limited"
    assert 1 <= int(refused.headers["retry-after"]) <= 60
    assert refused.headers["x-content-type-options"] == "nosniff"
    assert other_user.status_code == 200  # the limit is per user, not global
    rows = await audit_rows(superuser, a.org_id, "rate_limited")
    assert len(rows) == 1 and rows[0]["user_id"] == a.user_id
    assert '"prescan_user"' in rows[0]["metadata"] and str(a.user_id) not in rows[0]["metadata"]


async def test_redis_unreachable_closes_the_limited_endpoint_with_503(two_orgs, test_database, settings):
    redis_down = make_settings(test_database, **{**vars_of(settings), "redis_url": "redis://127.0.0.1:1/0"})
    app = create_app(redis_down)
    try:
        async with make_client(app) as http:
            response = await upload_file(http, two_orgs.a, "c.csv", b"id\n1\n", path="/api/v1/files/prescan")
    finally:
        await app.state.engine.dispose()
    assert response.status_code == 503
    assert response.json()["error"] == "rate_limiter_unavailable"


async def test_keys_are_hashed_before_they_reach_redis():
    import redis.asyncio as redis

    prefix = "orca:test:rl:hashing"
    limiter = RateLimiter(REDIS_URL, key_prefix=prefix)
    email = "Jane.Doe@example.org"
    await limiter.hit(Rule("login_account", "5/minute"), email)
    client = redis.from_url(REDIS_URL)
    try:
        keys = [key.decode() for key in await client.keys(f"{prefix}*")]
        assert keys and all("jane" not in key.lower() for key in keys)
        assert any(key_digest(email) in key for key in keys)
        await client.delete(*keys)
    finally:
        await client.aclose()


def test_a_limit_that_does_not_parse_refuses_to_start(test_database):
    with pytest.raises(ValueError, match="rate_limit_auth_per_ip"):
        make_settings(test_database, rate_limit_auth_per_ip="ten per minute")
