"""Rate limits at the API edge: one limiter per app (Redis-backed), and `enforce` for endpoints to call.

A refusal is audited (`rate_limited`, with the rule's name, never the key) in the request's unit of work;
`RateLimited.keep_changes` makes that row survive the refused request.
"""

from __future__ import annotations

import uuid

from fastapi import Request
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.websockets import WebSocket

from orca_core.audit.service import AuditEventName, AuditLog
from orca_core.db import unit_of_work
from orca_core.ratelimit import RateLimited, RateLimiter, Rule
from orca_core.settings import Settings


def create_limiter(settings: Settings) -> RateLimiter:
    return RateLimiter(settings.redis_url.get_secret_value(), key_prefix=settings.rate_limit_key_prefix)


def limiter(request: Request) -> RateLimiter:
    configured: RateLimiter = request.app.state.rate_limiter
    return configured


async def enforce(
    request: Request,
    session: AsyncSession,
    rule: Rule,
    *key_parts: str,
    ip: str | None,
    org_id: uuid.UUID | None = None,
    user_id: uuid.UUID | None = None,
) -> None:
    try:
        await limiter(request).hit(rule, *key_parts)
    except RateLimited as refused:
        await AuditLog(session).record(
            AuditEventName.RATE_LIMITED,
            org_id=org_id,
            user_id=user_id,
            ip=ip,
            metadata={"rule": refused.rule, "route": request.url.path, "retry_after": refused.retry_after},
        )
        raise


async def enforce_on_handshake(websocket: WebSocket, rule: Rule, *key_parts: str, ip: str | None) -> None:
    """`enforce` for a WebSocket handshake, which has no request unit of work: the refusal is audited in a
    transaction of its own (committed before the refusal is answered)."""
    configured: RateLimiter = websocket.app.state.rate_limiter
    try:
        await configured.hit(rule, *key_parts)
    except RateLimited as refused:
        async with unit_of_work(websocket.app.state.session_factory) as session:
            await AuditLog(session).record(
                AuditEventName.RATE_LIMITED,
                org_id=None,
                user_id=None,
                ip=ip,
                metadata={"rule": refused.rule, "route": websocket.url.path, "retry_after": refused.retry_after},
            )
        raise
