"""Faults from outside (battery group J): the database connection killed under a request."""

from __future__ import annotations

import asyncio

from tests.service.conftest import object_keys

TERMINATE_RUNTIME_BACKENDS = """
SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
WHERE usename = $1 AND datname = current_database() AND pid <> pg_backend_pid()
"""


async def test_j47_killed_connections_are_replaced_and_the_next_request_succeeds(
    client, two_orgs, test_database, superuser
):
    a = two_orgs.a
    assert (await client.get("/api/v1/files", headers=a.auth)).status_code == 200  # a pooled connection exists
    killed = await superuser.fetchval(TERMINATE_RUNTIME_BACKENDS, test_database.runtime_role)
    assert killed >= 1
    # pool_pre_ping finds the dead connections and replaces them: no request fails.
    for _ in range(3):
        response = await client.get("/api/v1/files", headers=a.auth)
        assert response.status_code == 200, response.text


async def test_j47_connection_killed_mid_transaction_fails_cleanly_with_no_partial_write(
    client, two_orgs, test_database, superuser
):
    """A settings change is waiting on a row lock inside its transaction when its connection is killed: the
    request ends in a retryable 503, neither the change nor its audit row is written, and the next request
    succeeds on a fresh connection."""
    a = two_orgs.a
    audit_rows = "SELECT count(*) FROM audit_events WHERE org_id = $1 AND event = 'gdpr_check_disabled'"
    async with superuser.transaction():
        await superuser.execute("SELECT 1 FROM orgs WHERE id = $1 FOR UPDATE", a.org_id)
        change = asyncio.create_task(client.patch("/api/v1/org", json={"gdpr_check_enabled": False}, headers=a.auth))
        for _ in range(200):
            waiting = await superuser.fetchval(
                "SELECT count(*) FROM pg_stat_activity WHERE usename = $1 AND wait_event_type = 'Lock'",
                test_database.runtime_role,
            )
            if waiting:
                break
            await asyncio.sleep(0.05)
        assert waiting, "the request never reached the locked row"
        assert await superuser.fetchval(TERMINATE_RUNTIME_BACKENDS, test_database.runtime_role) >= 1
    response = await change
    assert response.status_code == 503, response.text
    assert response.json()["error"] == "service_unavailable"
    assert await superuser.fetchval("SELECT gdpr_check_enabled FROM orgs WHERE id = $1", a.org_id) is True
    assert await superuser.fetchval(audit_rows, a.org_id) == 0

    retried = await client.patch("/api/v1/org", json={"gdpr_check_enabled": False}, headers=a.auth)
    assert retried.status_code == 200, retried.text
    assert await superuser.fetchval(audit_rows, a.org_id) == 1


async def test_j47_upload_streams_without_holding_a_connection(client, two_orgs, test_database, superuser, settings):
    """The upload gives its connection back while the body streams, so killing the database connections
    mid-stream costs nothing: the upload completes whole (row and object) on a fresh connection."""
    a = two_orgs.a
    boundary = "orcaboundary"
    killed = asyncio.Event()

    async def body():
        yield (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="c.csv"\r\n'
            "Content-Type: text/csv\r\n\r\nid,city\n"
        ).encode()
        for n in range(2000):
            if n == 1000:
                await superuser.fetchval(TERMINATE_RUNTIME_BACKENDS, test_database.runtime_role)
                killed.set()
            yield f"{n},Oslo\n".encode()
        yield f"\r\n--{boundary}--\r\n".encode()

    response = await client.post(
        "/api/v1/files",
        content=body(),
        headers={**a.auth, "Content-Type": f"multipart/form-data; boundary={boundary}"},
    )
    assert killed.is_set()
    assert response.status_code == 201, response.text
    file_id = response.json()["file_id"]
    key = await superuser.fetchval("SELECT s3_key FROM files WHERE id = $1", file_id)
    assert object_keys(settings, key) == [key]
