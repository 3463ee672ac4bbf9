"""Rate limits, counted in Redis (moving windows from the `limits` library) so every API process shares them.

A rule is a name and a `limits` expression ("10/minute"). `RateLimiter.hit(rule, *key_parts)` consumes one
unit for that key (an IP, an account, a user) and raises `RateLimited` (429, with the seconds until a unit is
free) when the window is full. When Redis cannot be reached the limiter fails closed with
`RateLimiterUnavailable` (503): an attacker must not be able to lift the limits by knocking Redis over.

Key parts are hashed before they reach Redis, so an email address used as an account key is never stored there.
"""

from __future__ import annotations

import hashlib
import math
import time
from dataclasses import dataclass

from limits import RateLimitItem, parse
from limits.aio.storage import RedisStorage
from limits.aio.strategies import MovingWindowRateLimiter
from limits.errors import StorageError

from orca_core.errors import OrcaError, ServiceUnavailable


class RateLimited(OrcaError):
    status_code = 429
    code = "rate_limited"
    detail = "Too many requests; retry after the time given in Retry-After."
    keep_changes = True  # the rate_limited audit row must survive the refused request

    def __init__(self, rule: str, retry_after: int) -> None:
        super().__init__()
        self.rule = rule
        self.retry_after = max(1, retry_after)
        self.headers = {"Retry-After": str(self.retry_after)}


class RateLimiterUnavailable(ServiceUnavailable):
    code = "rate_limiter_unavailable"
    detail = "The rate limiter is unavailable, so this endpoint is closed for now; retry later."


@dataclass(frozen=True)
class Rule:
    """A named limit, e.g. Rule("login_ip", "10/minute")."""

    name: str
    limit: str

    @property
    def item(self) -> RateLimitItem:
        return parse(self.limit)


def validate_limit(expression: str) -> str:
    """Settings validator: refuse an expression `limits` cannot parse at start-up, not on the first request."""
    parse(expression)
    return expression


def key_digest(*parts: str) -> str:
    joined = "\x1f".join(part.lower() for part in parts)
    return hashlib.sha256(joined.encode("utf-8", "surrogatepass")).hexdigest()[:32]


class RateLimiter:
    def __init__(self, redis_url: str, *, key_prefix: str) -> None:
        scheme, rest = redis_url.split("://", 1)
        self._storage = RedisStorage(
            f"async+{scheme}://{rest}",
            implementation="redispy",
            wrap_exceptions=True,
            key_prefix=key_prefix,
            socket_connect_timeout=2,
            socket_timeout=2,
        )
        self._strategy = MovingWindowRateLimiter(self._storage)

    async def hit(self, rule: Rule, *key_parts: str) -> None:
        item = rule.item
        key = key_digest(*key_parts)
        try:
            if await self._strategy.hit(item, rule.name, key):
                return
            stats = await self._strategy.get_window_stats(item, rule.name, key)
        except (StorageError, OSError, TimeoutError) as error:
            raise RateLimiterUnavailable() from error
        raise RateLimited(rule.name, math.ceil(stats.reset_time - time.time()))

    async def reset(self, rule: Rule, *key_parts: str) -> None:
        """Forget one key's window (e.g. the per-account login counter after a successful login)."""
        try:
            await self._strategy.clear(rule.item, rule.name, key_digest(*key_parts))
        except (StorageError, OSError, TimeoutError) as error:
            raise RateLimiterUnavailable() from error
