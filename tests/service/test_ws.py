"""Live progress over a real WebSocket (battery I43, C17, C18): uvicorn serving the app on 127.0.0.1 in a thread,
the `websockets` client, this session's PostgreSQL, Redis, moto S3 and a real ARQ worker.

httpx's ASGI transport cannot speak WebSocket, so every socket here crosses a real TCP connection.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import secrets
import threading
import time
import uuid
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
import redis.asyncio as aioredis
import uvicorn
from fastapi.routing import APIWebSocketRoute, iter_route_contexts
from pydantic import SecretStr
from starlette.routing import WebSocketRoute
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidStatus

from api.app import create_app
from orca_core.settings import Settings
from tests.service.conftest import (
    ALLOWED_ORIGIN,
    REDIS_URL,
    Account,
    free_port,
    make_client,
    register_and_login,
    run_worker_burst,
    upload_file,
)

CSV = b"id,email,city\n" + b"".join(f"{n},person{n}@example.org,Oslo\n".encode() for n in range(60))


def variant(settings: Settings, **overrides: Any) -> Settings:
    values = {name: getattr(settings, name) for name in type(settings).model_fields}
    values = {name: v.get_secret_value() if isinstance(v, SecretStr) else v for name, v in values.items()}
    values.update(overrides)
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


@contextlib.asynccontextmanager
async def serve(settings: Settings, *, log_level: str = "warning") -> AsyncIterator[str]:
    """The app under uvicorn on 127.0.0.1 (a thread with its own event loop); yields `host:port`."""
    port = free_port()
    config = uvicorn.Config(
        create_app(settings), host="127.0.0.1", port=port, log_config=None, log_level=log_level, lifespan="on"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="uvicorn-test", daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
        await asyncio.sleep(0.05)
    try:
        yield f"127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await asyncio.to_thread(thread.join, 20)


@pytest.fixture
async def server(settings: Settings) -> AsyncIterator[str]:
    async with serve(settings) as address:
        yield address


async def queued_job(client: httpx.AsyncClient, account: Account) -> str:
    """A job nobody runs during the test: it stays `queued`, so its socket stays open."""
    response = await upload_file(client, account, "c.csv", CSV)
    assert response.status_code == 201, response.text
    return str(response.json()["job_id"])


async def ticket_for(http: httpx.AsyncClient, account: Account, job_id: str) -> str:
    response = await http.post("/api/v1/ws/tickets", json={"job_id": job_id}, headers=account.auth)
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["path"] == f"/api/v1/ws/jobs/{job_id}" and body["expires_in"] > 0
    return str(body["ticket"])


async def open_socket(address: str, job_id: str, ticket: str | None, *, origin: str | None = ALLOWED_ORIGIN):
    socket = await connect(f"ws://{address}/api/v1/ws/jobs/{job_id}", origin=origin, open_timeout=10)
    if ticket is not None:
        await socket.send(json.dumps({"ticket": ticket}))
    return socket


async def read_until_close(socket: ClientConnection, seconds: float = 15) -> tuple[list[dict[str, Any]], int, str]:
    """Every data frame the server sent, then its close code and reason."""
    frames: list[dict[str, Any]] = []
    try:
        async with asyncio.timeout(seconds):
            while True:
                frames.append(json.loads(await socket.recv()))
    except ConnectionClosed as closed:
        assert closed.rcvd is not None, "the server must close with a code"
        return frames, closed.rcvd.code, closed.rcvd.reason
    raise AssertionError("unreachable")


async def refused_before_close(address: str, job_id: str, ticket: Any) -> tuple[list[dict[str, Any]], int, str]:
    socket = await open_socket(address, job_id, None)
    await socket.send(json.dumps({"ticket": ticket}))
    return await read_until_close(socket)


async def handshake_status(address: str, job_id: str, *, origin: str | None) -> httpx.Response | Any:
    with pytest.raises(InvalidStatus) as refused:
        await connect(f"ws://{address}/api/v1/ws/jobs/{job_id}", origin=origin, open_timeout=10)
    return refused.value.response


# --- the happy path -----------------------------------------------------------------------------------------------


async def test_i43_socket_sends_state_then_progress_then_final_and_closes_1000(client, two_orgs, settings, capsys):
    a = two_orgs.a
    job_id = await queued_job(client, a)
    async with serve(settings, log_level="info") as address:
        async with httpx.AsyncClient(base_url=f"http://{address}") as http:
            ticket = await ticket_for(http, a, job_id)
        socket = await open_socket(address, job_id, ticket)
        first = json.loads(await asyncio.wait_for(socket.recv(), 10))
        assert first["type"] == "state"
        assert first["job"]["id"] == job_id and first["job"]["status"] == "queued"

        reader = asyncio.create_task(read_until_close(socket, 60))
        await run_worker_burst(settings)
        frames, code, reason = await reader

        assert (code, reason) == (1000, "job_finished")
        assert frames[-1]["type"] == "final" and frames[-1]["job"]["status"] == "completed"
        assert frames[-1]["job"]["progress"]["percent"] == 100
        progress = [frame["event"] for frame in frames[:-1]]
        assert all(frame["type"] == "progress" for frame in frames[:-1]) and progress
        assert progress[0]["status"] == "running" and progress[-1]["status"] == "completed"
        assert {event["job_id"] for event in progress} == {job_id}
        assert "person1@example.org" not in json.dumps(frames)

        # A finished job: the state, the final state at once, then a clean close.
        async with httpx.AsyncClient(base_url=f"http://{address}") as http:
            again = await open_socket(address, job_id, await ticket_for(http, a, job_id))
        frames, code, reason = await read_until_close(again)
        assert [frame["type"] for frame in frames] == ["state", "final"] and (code, reason) == (1000, "job_finished")

    logs = "".join(capsys.readouterr())
    assert f"/api/v1/ws/jobs/{job_id}" in logs  # uvicorn did log the handshakes ...
    assert ticket not in logs and ticket[4:] not in logs  # ... and never the ticket
    assert a.access_token not in logs


# --- I43: handshake refusals --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "origin", [None, "https://evil.example", "null", "https://app.example.evil.com", "http://app.example"]
)
async def test_i43_bad_or_missing_origin_is_refused_before_accept(origin, client, two_orgs, server):
    a = two_orgs.a
    job_id = await queued_job(client, a)
    ticket = await ticket_for(client, a, job_id)
    response = await handshake_status(server, job_id, origin=origin)
    assert response.status_code == 403
    assert json.loads(response.body) == {
        "error": "origin_not_allowed",
        "detail": "This origin may not open a live-progress socket.",
    }
    assert response.headers["x-content-type-options"] == "nosniff"
    # Refused before anything else happened: the ticket was not spent and opens a socket from the right origin.
    socket = await open_socket(server, job_id, ticket)
    assert json.loads(await asyncio.wait_for(socket.recv(), 10))["type"] == "state"
    await socket.close()


async def test_i43_the_31st_handshake_per_minute_from_one_ip_is_refused_and_audited(
    client, two_orgs, settings, superuser
):
    strict = variant(settings, rate_limit_ws_per_ip="30/minute", rate_limit_key_prefix=f"orca:test:rl:{uuid.uuid4()}")
    job_id = await queued_job(client, two_orgs.a)
    audited = "SELECT count(*) FROM audit_events WHERE event = 'rate_limited' AND metadata->>'rule' = 'ws_ip'"
    before = await superuser.fetchval(audited)
    async with serve(strict) as address:
        for _ in range(30):
            socket = await open_socket(address, job_id, None)
            await socket.close()
        response = await handshake_status(address, job_id, origin=ALLOWED_ORIGIN)
    assert response.status_code == 429
    assert json.loads(response.body)["error"] == "rate_limited"
    assert 1 <= int(response.headers["retry-after"]) <= 60
    assert await superuser.fetchval(audited) == before + 1


async def test_i43_redis_down_refuses_the_handshake_and_the_ticket(client, two_orgs, settings):
    down = variant(settings, redis_url="redis://127.0.0.1:1/0")
    job_id = await queued_job(client, two_orgs.a)
    async with serve(down) as address:
        response = await handshake_status(address, job_id, origin=ALLOWED_ORIGIN)
        assert response.status_code == 503
        assert json.loads(response.body)["error"] == "rate_limiter_unavailable"
    app = create_app(down)
    try:
        async with make_client(app) as http:
            ticket = await http.post("/api/v1/ws/tickets", json={"job_id": job_id}, headers=two_orgs.a.auth)
    finally:
        await app.state.engine.dispose()
    assert ticket.status_code == 503 and ticket.json()["error"] == "ticket_store_unavailable"


# --- I43 / C17: tickets -------------------------------------------------------------------------------------------


async def test_i43_missing_or_malformed_ticket_closes_1008_with_no_frames(client, two_orgs, settings):
    a = two_orgs.a
    job_id = await queued_job(client, a)
    impatient = variant(settings, ws_auth_timeout_seconds=0.5)
    async with serve(impatient) as address:
        silent = await open_socket(address, job_id, None)
        assert await read_until_close(silent) == ([], 1008, "invalid_ticket")
        for ticket in (None, "", "wst_" + secrets.token_urlsafe(32), 42, "wst_" + "x" * 500):
            assert await refused_before_close(address, job_id, ticket) == ([], 1008, "invalid_ticket")
        not_json = await open_socket(address, job_id, None)
        await not_json.send("wst_hello")
        assert await read_until_close(not_json) == ([], 1008, "invalid_ticket")


async def test_c17_tokens_and_tickets_are_never_accepted_for_each_other(client, two_orgs, server):
    a = two_orgs.a
    job_id = await queued_job(client, a)
    for token in (a.access_token, a.refresh_token):
        assert await refused_before_close(server, job_id, token) == ([], 1008, "invalid_ticket")
    ticket = await ticket_for(client, a, job_id)
    for path in ("/api/v1/me", f"/api/v1/jobs/{job_id}"):
        response = await client.get(path, headers={"Authorization": f"Bearer {ticket}"})
        assert response.status_code == 401 and response.json()["error"] == "invalid_token"
    refresh = await client.post("/api/v1/auth/refresh", json={"refresh_token": ticket})
    assert refresh.status_code == 401
    # None of that spent the ticket: it still opens its socket once.
    socket = await open_socket(server, job_id, ticket)
    assert json.loads(await asyncio.wait_for(socket.recv(), 10))["type"] == "state"
    await socket.close()


async def test_i43_a_ticket_opens_one_socket_only(client, two_orgs, server):
    a = two_orgs.a
    job_id = await queued_job(client, a)
    ticket = await ticket_for(client, a, job_id)
    first = await open_socket(server, job_id, ticket)
    assert json.loads(await asyncio.wait_for(first.recv(), 10))["type"] == "state"
    await first.close()
    assert await refused_before_close(server, job_id, ticket) == ([], 1008, "invalid_ticket")


async def test_i43_two_racing_handshakes_with_one_ticket_open_one_socket(client, two_orgs, server):
    a = two_orgs.a
    job_id = await queued_job(client, a)
    ticket = await ticket_for(client, a, job_id)
    sockets = await asyncio.gather(*(open_socket(server, job_id, ticket) for _ in range(5)))
    outcomes = []
    for socket in sockets:
        try:
            outcomes.append(json.loads(await asyncio.wait_for(socket.recv(), 10))["type"])
        except ConnectionClosed as closed:
            outcomes.append(closed.rcvd.code if closed.rcvd else None)
        await socket.close()
    assert sorted(outcomes, key=str) == [1008, 1008, 1008, 1008, "state"]


async def test_i43_expired_ticket_closes_1008(client, two_orgs, settings):
    a = two_orgs.a
    job_id = await queued_job(client, a)
    short = variant(settings, ws_ticket_ttl_seconds=1)
    async with serve(short) as address:
        async with httpx.AsyncClient(base_url=f"http://{address}") as http:
            ticket = await ticket_for(http, a, job_id)
        await asyncio.sleep(1.6)
        assert await refused_before_close(address, job_id, ticket) == ([], 1008, "invalid_ticket")


async def test_i43_ticket_is_kept_in_redis_only_as_a_hash_with_its_bindings(client, two_orgs, settings):
    a = two_orgs.a
    job_id = await queued_job(client, a)
    ticket = await ticket_for(client, a, job_id)
    assert ticket.startswith("wst_") and len(ticket) >= 4 + 43  # 256 random bits, base64url
    redis = aioredis.from_url(REDIS_URL)
    try:
        key = f"orca:ws:ticket:{hashlib.sha256(ticket.encode()).hexdigest()}"
        stored = json.loads(await redis.get(key))
        ttl = await redis.ttl(key)
        matching = [k async for k in redis.scan_iter(match=f"*{ticket[4:]}*")]
    finally:
        await redis.aclose()
    assert 0 < ttl <= settings.ws_ticket_ttl_seconds
    assert stored["user_id"] == str(a.user_id) and stored["org_id"] == str(a.org_id)
    assert stored["job_id"] == job_id and {"session_id", "jti"} <= set(stored)
    assert ticket not in json.dumps(stored) and matching == []


async def test_ticket_request_is_validated(client, two_orgs):
    a = two_orgs.a
    job_id = await queued_job(client, a)
    extra = await client.post("/api/v1/ws/tickets", json={"job_id": job_id, "org_id": str(a.org_id)}, headers=a.auth)
    not_uuid = await client.post("/api/v1/ws/tickets", json={"job_id": "1 OR 1=1"}, headers=a.auth)
    anonymous = await client.post("/api/v1/ws/tickets", json={"job_id": job_id})
    assert [extra.status_code, not_uuid.status_code, anonymous.status_code] == [422, 422, 401]
    assert extra.json()["error"] == not_uuid.json()["error"] == "validation_error"
    assert "1 OR 1=1" not in not_uuid.text


# --- I43: tenancy, generated from the app's WebSocket routes ------------------------------------------------------


async def test_i43_a_socket_never_opens_on_another_orgs_job(app, client, two_orgs, server, superuser):
    a, b = two_orgs.a, two_orgs.b
    jobs = {"a": await queued_job(client, a), "b": await queued_job(client, b)}
    routes = [
        context.path
        for context in iter_route_contexts(app.routes)
        if isinstance(context.original_route, APIWebSocketRoute | WebSocketRoute)
    ]
    assert routes == ["/api/v1/ws/jobs/{job_id}"], "give each WebSocket route a cross-org case"

    random_id = str(uuid.uuid4())
    random_404 = await client.post("/api/v1/ws/tickets", json={"job_id": random_id}, headers=a.auth)
    foreign_404 = await client.post("/api/v1/ws/tickets", json={"job_id": jobs["b"]}, headers=a.auth)
    assert random_404.status_code == foreign_404.status_code == 404
    assert foreign_404.content == random_404.content

    # B's ticket on A's job path, A's ticket on B's job path, a ticket on a random path: 1008, not one frame.
    b_ticket = await ticket_for(client, b, jobs["b"])
    assert await refused_before_close(server, jobs["a"], b_ticket) == ([], 1008, "invalid_ticket")
    a_ticket = await ticket_for(client, a, jobs["a"])
    assert await refused_before_close(server, jobs["b"], a_ticket) == ([], 1008, "invalid_ticket")
    assert await refused_before_close(server, random_id, await ticket_for(client, a, jobs["a"])) == (
        [],
        1008,
        "invalid_ticket",
    )
    assert await refused_before_close(server, "not-a-uuid", await ticket_for(client, a, jobs["a"])) == (
        [],
        1008,
        "invalid_ticket",
    )
    # Probes of another org's real job are audited `authz_fail` in the prober's chain; random ids are not.
    probes = await superuser.fetch(
        "SELECT org_id, user_id, metadata FROM audit_events WHERE event = 'authz_fail' AND org_id = ANY($1) "
        "ORDER BY seq",
        [a.org_id, b.org_id],
    )
    assert [(row["org_id"], row["user_id"], json.loads(row["metadata"])["route"]) for row in probes] == [
        (a.org_id, a.user_id, "/api/v1/ws/tickets"),
        (b.org_id, b.user_id, "/api/v1/ws/jobs/{job_id}"),
        (a.org_id, a.user_id, "/api/v1/ws/jobs/{job_id}"),
    ]
    assert [json.loads(row["metadata"])["resource_id"] for row in probes] == [jobs["b"], jobs["a"], jobs["b"]]
    # Each org does see its own job: the refusals above are isolation, not a broken route.
    own = await open_socket(server, jobs["b"], await ticket_for(client, b, jobs["b"]))
    state = json.loads(await asyncio.wait_for(own.recv(), 10))
    assert state["type"] == "state" and state["job"]["id"] == jobs["b"]
    await own.close()


# --- I43: lifetime; C18: logout -----------------------------------------------------------------------------------


async def test_i43_socket_is_closed_cleanly_after_its_maximum_duration(client, two_orgs, settings):
    a = two_orgs.a
    job_id = await queued_job(client, a)
    brief = variant(settings, ws_max_connection_seconds=1.5, ws_session_check_seconds=0.5)
    async with serve(brief) as address:
        socket = await open_socket(address, job_id, await ticket_for(client, a, job_id))
        started = time.monotonic()
        frames, code, reason = await read_until_close(socket)
    assert [frame["type"] for frame in frames] == ["state"]
    assert (code, reason) == (1000, "max_duration")
    assert 1.0 <= time.monotonic() - started < 5


@pytest.mark.parametrize("logout_with", ["same_access_token", "refreshed_access_token"])
async def test_c18_logout_closes_the_sessions_open_socket_with_1008_within_5s(logout_with, client, server):
    account = await register_and_login(client, label="c18")
    job_id = await queued_job(client, account)
    socket = await open_socket(server, job_id, await ticket_for(client, account, job_id))
    assert json.loads(await asyncio.wait_for(socket.recv(), 10))["type"] == "state"
    access_token = account.access_token
    if logout_with == "refreshed_access_token":  # the same session, another access token
        refreshed = await client.post("/api/v1/auth/refresh", json={"refresh_token": account.refresh_token})
        access_token = refreshed.json()["access_token"]
    await asyncio.sleep(2.5)  # the socket has been through a liveness check while the session was still live
    logout = await client.post("/api/v1/auth/logout", headers={"Authorization": f"Bearer {access_token}"})
    assert logout.status_code == 204
    logged_out_at = time.monotonic()
    frames, code, reason = await read_until_close(socket, 10)
    assert frames == [] and (code, reason) == (1008, "session_ended")
    assert time.monotonic() - logged_out_at < 5


async def test_c18_ticket_of_a_logged_out_session_closes_1008(client, server):
    account = await register_and_login(client, label="c18")
    job_id = await queued_job(client, account)
    ticket = await ticket_for(client, account, job_id)
    logout = await client.post("/api/v1/auth/logout", headers=account.auth)
    assert logout.status_code == 204
    assert await refused_before_close(server, job_id, ticket) == ([], 1008, "invalid_ticket")


async def test_i43_deleting_the_file_closes_its_jobs_socket(client, two_orgs, server):
    a = two_orgs.a
    response = await upload_file(client, a, "c.csv", CSV)
    file_id, job_id = response.json()["file_id"], response.json()["job_id"]
    socket = await open_socket(server, job_id, await ticket_for(client, a, job_id))
    assert json.loads(await asyncio.wait_for(socket.recv(), 10))["type"] == "state"
    assert (await client.delete(f"/api/v1/files/{file_id}", headers=a.auth)).status_code == 204
    assert await read_until_close(socket, 10) == ([], 1000, "job_deleted")
