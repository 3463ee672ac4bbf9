"""Live job progress: `POST /api/v1/ws/tickets` and `WS /api/v1/ws/jobs/{job_id}`.

The handshake, in order:
1. Origin must be one of `ORCA_CORS_ALLOW_ORIGINS`, else the handshake is refused before `accept` (HTTP 403
   `origin_not_allowed`). First, and stateless, so a hostile page in a victim's browser cannot spend the
   victim's connection budget.
2. `ORCA_RATE_LIMIT_WS_PER_IP` handshakes per client IP (30/minute), counted in Redis: over it, HTTP 429
   `rate_limited` with Retry-After before `accept` (audited `rate_limited`); Redis down, 503.
3. `accept`, then the client's first message must be `{"ticket": "<ticket>"}` within
   `ORCA_WS_AUTH_TIMEOUT_SECONDS`. The ticket travels in a message, not the URL, because servers and proxies log
   URLs (uvicorn logs the query string of every handshake). An unknown, expired, spent or foreign ticket, a ticket
   for another job, or a ticket whose session has ended: close 1008 before any data frame.

Then the socket sends the job's state, each progress event, and the final state (orca_core/ws/progress.py), and
closes with 1000. While open it re-checks the session every `ORCA_WS_SESSION_CHECK_SECONDS` (a logout closes it
with 1008) and it is closed with 1000 `max_duration` after `ORCA_WS_MAX_CONNECTION_SECONDS`.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import uuid
from typing import Any

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict
from starlette.websockets import WebSocket, WebSocketDisconnect

from api.client_ip import client_ip
from api.deps import ClientIp, CurrentPrincipal, Session
from api.middleware import apply_security_headers
from api.ratelimits import enforce_on_handshake
from orca_core.audit.probes import find_cross_org_probes_unscoped, record_probes
from orca_core.db import unit_of_work
from orca_core.errors import NotFound, OrcaError, ServiceUnavailable
from orca_core.jobs.models import JobStatus
from orca_core.jobs.service import JobService
from orca_core.logging import bind_context, clear_context, get_logger
from orca_core.queue import progress_channel
from orca_core.ratelimit import Rule
from orca_core.settings import Settings
from orca_core.ws.progress import (
    event_status,
    final_frame,
    is_final,
    load_job,
    progress_frame,
    session_is_live,
    state_frame,
)
from orca_core.ws.tickets import TicketClaims, TicketStore, TicketStoreUnavailable

router = APIRouter(prefix="/api/v1/ws", tags=["live progress"])
log = get_logger("orca.api.ws")

# Close codes (RFC 6455): 1000 normal (job finished, max duration), 1008 policy violation (authentication),
# 1011 server error (Redis or the database failed mid-stream; the client may reconnect with a new ticket).
CLOSE_NORMAL = 1000
CLOSE_POLICY = 1008
CLOSE_ERROR = 1011
FIRST_MESSAGE_MAX_CHARS = 1024
REDIS_CONNECT_TIMEOUT_SECONDS = 3.0
FINAL_STATUSES = frozenset(status.value for status in JobStatus if status.is_final)


class TicketRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    job_id: uuid.UUID


class TicketResponse(BaseModel):
    ticket: str
    expires_in: int
    path: str


async def _redis(app: FastAPI) -> Any:
    """The API's Redis connection (the queue's pool). Unreachable: TicketStoreUnavailable (503)."""
    try:
        async with asyncio.timeout(REDIS_CONNECT_TIMEOUT_SECONDS):
            return await app.state.queue.redis()
    except Exception as error:
        raise TicketStoreUnavailable() from error


async def _audit_probe(
    app: FastAPI, *, org_id: uuid.UUID, user_id: uuid.UUID, ip: str | None, job_id: uuid.UUID, method: str, route: str
) -> None:
    """A job id naming another org's job is audited `authz_fail` in the caller's chain (as REST 404s are, see
    api/errors.py), in a transaction of its own. Best effort: never changes the answer."""
    try:
        async with unit_of_work(app.state.session_factory) as session:
            probes = await find_cross_org_probes_unscoped(session, org_id, {"job_id": str(job_id)})
            if probes:
                await record_probes(session, probes, org_id=org_id, user_id=user_id, ip=ip, method=method, route=route)
    except Exception as failure:
        log.warning("authz_fail_audit_failed", error_type=type(failure).__name__)


@router.post("/tickets", status_code=201, response_model=TicketResponse)
async def create_ticket(
    body: TicketRequest, request: Request, principal: CurrentPrincipal, session: Session, ip: ClientIp
) -> TicketResponse:
    """A single-use ticket for one job's progress socket, valid `ORCA_WS_TICKET_TTL_SECONDS` (30 s)."""
    settings: Settings = request.app.state.settings
    try:
        job = await JobService(session, principal.org_id).get(body.job_id)  # another org's job: the standard 404
    except NotFound:
        await _audit_probe(
            request.app,
            org_id=principal.org_id,
            user_id=principal.user_id,
            ip=ip,
            job_id=body.job_id,
            method="POST",
            route="/api/v1/ws/tickets",
        )
        raise
    claims = TicketClaims(
        user_id=principal.user_id,
        org_id=principal.org_id,
        session_id=principal.session_id,
        jti=principal.jti,
        job_id=job.id,
    )
    ticket = await TicketStore(await _redis(request.app), settings.ws_ticket_ttl_seconds).issue(claims)
    return TicketResponse(ticket=ticket, expires_in=settings.ws_ticket_ttl_seconds, path=f"/api/v1/ws/jobs/{job.id}")


async def _deny(websocket: WebSocket, error: OrcaError) -> None:
    """Refuse the handshake with an HTTP answer in the usual error shape (no WebSocket is ever opened)."""
    headers = dict(getattr(error, "headers", None) or {})
    response = JSONResponse(
        {"error": error.code, "detail": error.detail}, status_code=error.status_code, headers=headers
    )
    apply_security_headers(response.headers, websocket.url.path)
    try:
        await websocket.send_denial_response(response)
    except RuntimeError:  # a server without the denial-response extension turns a close before accept into 403
        await websocket.close(code=CLOSE_POLICY)


class OriginNotAllowed(OrcaError):
    status_code = 403
    code = "origin_not_allowed"
    detail = "This origin may not open a live-progress socket."


async def _close(websocket: WebSocket, code: int, reason: str) -> None:
    log.info("ws_closed", code=code, reason=reason)
    with contextlib.suppress(Exception):  # the client may already be gone
        await websocket.close(code=code, reason=reason)


async def _first_message_ticket(websocket: WebSocket, timeout: float) -> object | None:
    """The `ticket` of the client's first message, None when it is missing, late or malformed.
    Raises WebSocketDisconnect when the client leaves instead."""
    try:
        async with asyncio.timeout(timeout):
            message = await websocket.receive()
    except TimeoutError:
        return None
    if message["type"] == "websocket.disconnect":
        raise WebSocketDisconnect(message.get("code", 1000))
    text = message.get("text")
    if not isinstance(text, str) or len(text) > FIRST_MESSAGE_MAX_CHARS:
        return None
    try:
        payload = json.loads(text)
    except ValueError:
        return None
    return payload.get("ticket") if isinstance(payload, dict) else None


async def _until_client_leaves(websocket: WebSocket) -> None:
    """The socket is server-to-client: whatever the client sends after its ticket is read and dropped."""
    while (await websocket.receive())["type"] != "websocket.disconnect":
        pass


@router.websocket("/jobs/{job_id}")
async def job_progress(websocket: WebSocket, job_id: str) -> None:
    settings: Settings = websocket.app.state.settings
    clear_context()
    bind_context(ws_id=uuid.uuid4().hex)
    try:
        origin = websocket.headers.get("origin")
        if origin is None or origin.lower() not in settings.cors_allow_origins:
            log.info("ws_refused", reason="origin_not_allowed")
            await _deny(websocket, OriginNotAllowed())
            return
        peer = websocket.client.host if websocket.client else None
        ip = client_ip(peer, websocket.headers.get("x-forwarded-for"), websocket.app.state.trusted_proxies)
        try:
            await enforce_on_handshake(websocket, Rule("ws_ip", settings.rate_limit_ws_per_ip), ip or "unknown", ip=ip)
        except OrcaError as refused:  # RateLimited (429) or RateLimiterUnavailable (503)
            log.info("ws_refused", reason=refused.code)
            await _deny(websocket, refused)
            return
        except Exception as error:  # the audit row of a refusal could not be written: still refuse
            log.warning("ws_refused", reason="handshake_check_failed", error_type=type(error).__name__)
            await _deny(websocket, ServiceUnavailable())
            return

        await websocket.accept()
        await _serve(websocket, settings, job_id, ip)
    except WebSocketDisconnect:
        log.info("ws_client_left")
    finally:
        clear_context()


async def _serve(websocket: WebSocket, settings: Settings, raw_job_id: str, ip: str | None) -> None:
    app = websocket.app
    ticket = await _first_message_ticket(websocket, settings.ws_auth_timeout_seconds)
    try:
        redis = await _redis(app)
        claims = await TicketStore(redis, settings.ws_ticket_ttl_seconds).redeem(ticket)
    except TicketStoreUnavailable:
        await _close(websocket, CLOSE_ERROR, "progress_unavailable")
        return
    try:
        job_id = uuid.UUID(raw_job_id)
    except ValueError:
        job_id = None
    if claims is None or job_id is None or claims.job_id != job_id:
        if claims is not None and job_id is not None:  # a valid ticket aimed at another job: maybe another org's
            await _audit_probe(
                app,
                org_id=claims.org_id,
                user_id=claims.user_id,
                ip=ip,
                job_id=job_id,
                method="WEBSOCKET",
                route="/api/v1/ws/jobs/{job_id}",
            )
        await _close(websocket, CLOSE_POLICY, "invalid_ticket")
        return
    bind_context(job_id=str(job_id), org_id=str(claims.org_id))

    pubsub = redis.pubsub()
    try:
        await pubsub.subscribe(progress_channel(job_id))  # before the state is read: no event falls in between
        await _stream(websocket, settings, pubsub, claims, job_id)
    except WebSocketDisconnect:
        log.info("ws_client_left")
    except Exception as error:  # Redis or the database failed mid-stream
        log.warning("ws_stream_failed", error_type=type(error).__name__)
        await _close(websocket, CLOSE_ERROR, "progress_unavailable")
    finally:
        with contextlib.suppress(Exception):
            await pubsub.aclose()


async def _stream(
    websocket: WebSocket, settings: Settings, pubsub: Any, claims: TicketClaims, job_id: uuid.UUID
) -> None:
    app = websocket.app
    loop = asyncio.get_running_loop()
    deadline = loop.time() + settings.ws_max_connection_seconds

    async def check() -> str | None:
        """Re-read session and job: a close reason, or None to go on (sending the final state if reached)."""
        async with unit_of_work(app.state.session_factory) as session:
            live = await session_is_live(session, claims)
            job = await load_job(session, claims, job_id) if live else None
        if not live:
            await _close(websocket, CLOSE_POLICY, "session_ended")
            return "session_ended"
        if job is None:  # the file, and with it the job, was deleted
            await _close(websocket, CLOSE_NORMAL, "job_deleted")
            return "job_deleted"
        if is_final(job):
            await websocket.send_json(final_frame(job))
            await _close(websocket, CLOSE_NORMAL, "job_finished")
            return "job_finished"
        return None

    async with unit_of_work(app.state.session_factory) as session:
        live = await session_is_live(session, claims)
        job = await load_job(session, claims, job_id) if live else None
    if not live or job is None:
        await _close(websocket, CLOSE_POLICY, "invalid_ticket")
        return
    log.info("ws_opened")
    await websocket.send_json(state_frame(job))
    if is_final(job):
        await websocket.send_json(final_frame(job))
        await _close(websocket, CLOSE_NORMAL, "job_finished")
        return

    client_left = asyncio.create_task(_until_client_leaves(websocket))
    next_check = loop.time() + settings.ws_session_check_seconds
    waiting: asyncio.Task[Any] | None = None
    try:
        while True:
            now = loop.time()
            if now >= deadline:
                await _close(websocket, CLOSE_NORMAL, "max_duration")
                return
            if now >= next_check:
                if await check() is not None:
                    return
                next_check = loop.time() + settings.ws_session_check_seconds
                continue
            if waiting is None:
                timeout = max(0.0, min(next_check, deadline) - now)
                waiting = asyncio.create_task(pubsub.get_message(ignore_subscribe_messages=True, timeout=timeout))
            done, _ = await asyncio.wait({waiting, client_left}, return_when=asyncio.FIRST_COMPLETED)
            if client_left in done:
                log.info("ws_client_left")
                return
            message, waiting = waiting.result(), None
            if message is None or message.get("type") != "message":
                continue
            frame = progress_frame(message["data"])
            if frame is None:
                continue
            await websocket.send_json(frame)
            status = event_status(frame)
            if status is not None and status in FINAL_STATUSES and await check() is not None:
                return
    finally:
        for task in (waiting, client_left):
            if task is not None and not task.done():
                task.cancel()
                with contextlib.suppress(BaseException):
                    await task
