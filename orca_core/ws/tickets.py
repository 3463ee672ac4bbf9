"""WebSocket tickets: short-lived, single-use credentials that open one progress socket for one job.

A browser cannot put an `Authorization` header on a WebSocket handshake, and a long-lived access token in a URL
ends up in logs. So an authenticated `POST /api/v1/ws/tickets` mints a ticket (256 random bits) bound to the
caller's user, org, session and access-token id and to one job; the socket presents it in its first message.

Redis holds only the ticket's SHA-256, with a TTL (expiry is Redis's job). Redeeming is `GETDEL`: atomic, so a
ticket opens at most one socket even when two handshakes race, and a ticket presented for the wrong job is spent
all the same. A ticket is not a JWT and an access token is not a ticket: neither is accepted as the other
(battery C17).
"""

from __future__ import annotations

import hashlib
import json
import secrets
import uuid
from dataclasses import dataclass
from typing import Any, TypeGuard

from redis.exceptions import RedisError

from orca_core.errors import ServiceUnavailable

TICKET_PREFIX = "wst_"  # a format marker: makes a leaked ticket recognisable
TICKET_KEY_PREFIX = "orca:ws:ticket:"
TICKET_MAX_CHARS = 128
# redis-py raises its own ConnectionError/TimeoutError (RedisError); a socket may also fail with an OSError.
REDIS_DOWN = (RedisError, OSError, TimeoutError)


class TicketStoreUnavailable(ServiceUnavailable):
    """Redis could not be reached: no ticket can be issued or redeemed."""

    code = "ticket_store_unavailable"
    detail = "Live progress is unavailable right now; poll GET /api/v1/jobs/{id} or retry later."


@dataclass(frozen=True)
class TicketClaims:
    """What a redeemed ticket vouches for. The socket re-checks the session on the database, not on this."""

    user_id: uuid.UUID
    org_id: uuid.UUID
    session_id: uuid.UUID
    jti: uuid.UUID
    job_id: uuid.UUID

    def to_json(self) -> str:
        return json.dumps({name: str(value) for name, value in vars(self).items()}, separators=(",", ":"))

    @classmethod
    def from_json(cls, raw: str | bytes) -> TicketClaims:
        fields = json.loads(raw)
        return cls(**{name: uuid.UUID(fields[name]) for name in cls.__dataclass_fields__})


def ticket_key(ticket: str) -> str:
    return TICKET_KEY_PREFIX + hashlib.sha256(ticket.encode("utf-8", "surrogatepass")).hexdigest()


def looks_like_ticket(candidate: object) -> TypeGuard[str]:
    return (
        isinstance(candidate, str)
        and candidate.startswith(TICKET_PREFIX)
        and len(candidate) <= TICKET_MAX_CHARS
        and candidate.isascii()
    )


class TicketStore:
    """Issue and redeem tickets on a redis.asyncio client (the API's queue connection)."""

    def __init__(self, redis: Any, ttl_seconds: int) -> None:
        self.redis = redis
        self.ttl_seconds = ttl_seconds

    async def issue(self, claims: TicketClaims) -> str:
        ticket = TICKET_PREFIX + secrets.token_urlsafe(32)
        try:
            await self.redis.set(ticket_key(ticket), claims.to_json(), ex=self.ttl_seconds, nx=True)
        except REDIS_DOWN as error:
            raise TicketStoreUnavailable() from error
        return ticket

    async def redeem(self, ticket: object) -> TicketClaims | None:
        """The ticket's claims, once; None for anything unknown, expired, spent or malformed."""
        if not looks_like_ticket(ticket):
            return None
        try:
            raw = await self.redis.getdel(ticket_key(ticket))
        except REDIS_DOWN as error:
            raise TicketStoreUnavailable() from error
        if raw is None:
            return None
        try:
            return TicketClaims.from_json(raw)
        except (ValueError, KeyError, TypeError):
            return None
