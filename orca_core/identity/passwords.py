"""Password policy and bcrypt hashing.

Policy: at least 12 characters (Unicode code points) and at most 72 bytes in UTF-8. bcrypt only ever reads
72 bytes; bcrypt 5 raises on longer input and older versions silently truncated. We reject longer passwords
with 422 `password_too_long` rather than pre-hash them: no pepper to manage, no truncation, and two passwords
that differ only after byte 72 can never both log in. (72 bytes is 72 ASCII characters, or 18 four-byte emoji.)

bcrypt (cost `Settings.bcrypt_rounds`, 12 in production) takes ~0.3-0.6 s, so it runs in a worker thread,
never on the event loop.
"""

from __future__ import annotations

import asyncio
from functools import lru_cache

import bcrypt

from orca_core.identity.errors import PasswordTooLong, PasswordTooShort

MIN_PASSWORD_CHARS = 12
MAX_PASSWORD_BYTES = 72


def check_password_policy(password: str) -> bytes:
    """The password's UTF-8 bytes when it meets the policy; raises a 422 error otherwise."""
    if len(password) < MIN_PASSWORD_CHARS:
        raise PasswordTooShort()
    encoded = password.encode("utf-8")
    if len(encoded) > MAX_PASSWORD_BYTES:
        raise PasswordTooLong()
    return encoded


async def hash_password(password: str, rounds: int) -> str:
    encoded = check_password_policy(password)
    hashed = await asyncio.to_thread(bcrypt.hashpw, encoded, bcrypt.gensalt(rounds=rounds))
    return hashed.decode("ascii")


@lru_cache(maxsize=4)
def _dummy_hash(rounds: int) -> bytes:
    # A real hash of a random password at the same cost: checking against it costs what a real check costs.
    import secrets

    return bcrypt.hashpw(secrets.token_bytes(32), bcrypt.gensalt(rounds=rounds))


async def verify_password(password: str, password_hash: str | None, rounds: int) -> bool:
    """Constant-work check: an unknown user (password_hash None) still pays for one bcrypt comparison."""
    encoded = password.encode("utf-8")
    too_long = len(encoded) > MAX_PASSWORD_BYTES
    if password_hash is None or too_long:
        dummy = await asyncio.to_thread(_dummy_hash, rounds)
        await asyncio.to_thread(bcrypt.checkpw, encoded[:MAX_PASSWORD_BYTES], dummy)
        return False
    return await asyncio.to_thread(bcrypt.checkpw, encoded, password_hash.encode("ascii"))


async def warm_up(rounds: int) -> None:
    """Compute the dummy hash at start-up, so the first unknown-email login costs what every other one does."""
    await asyncio.to_thread(_dummy_hash, rounds)
