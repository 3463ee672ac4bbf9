"""Password policy and bcrypt hashing.

Policy: at least 12 characters (Unicode code points), at most 72 bytes in UTF-8, and not one of the 3,000 most
common passwords (zxcvbn's shipped frequency list, compared case-insensitively, also with digits and symbols
stripped from both ends: 422 `password_too_common`).
bcrypt only ever reads 72 bytes; bcrypt 5 raises on longer input and older versions silently truncated. We
reject longer passwords with 422 `password_too_long` rather than pre-hash them: no pepper to manage, no
truncation, and two passwords that differ only after byte 72 can never both log in. (72 bytes is 72 ASCII
characters, or 18 four-byte emoji.)

bcrypt (cost `Settings.bcrypt_rounds`, 12 in production) takes ~0.3-0.6 s, so it runs in worker threads, never
on the event loop: a pool of its own, one thread per CPU (more would only queue on the cores), each thread at a
lower scheduling priority (nice +10) so that during a login storm the event loop and everything else it serves
(GET /jobs, uploads) get the CPU first and the hashes wait (bench/login_load.py measures both).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import string
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache
from typing import TypeVar

import bcrypt

from orca_core.identity.errors import PasswordTooCommon, PasswordTooLong, PasswordTooShort

T = TypeVar("T")


def _lower_priority() -> None:
    # Linux: PRIO_PROCESS with a thread id renices that thread only. Elsewhere, or when not permitted, the pool
    # simply runs at normal priority.
    with contextlib.suppress(AttributeError, OSError):
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 10)


_HASHING_POOL = ThreadPoolExecutor(
    max_workers=os.cpu_count() or 2, thread_name_prefix="bcrypt", initializer=_lower_priority
)


async def _off_loop(function: Callable[..., T], *args: object) -> T:
    return await asyncio.get_running_loop().run_in_executor(_HASHING_POOL, function, *args)


MIN_PASSWORD_CHARS = 12
MAX_PASSWORD_BYTES = 72
COMMON_PASSWORDS_CHECKED = 3000


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    """The top of zxcvbn's password frequency list (ranked, most common first), lower-cased."""
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    return frozenset(word.lower() for word in FREQUENCY_LISTS["passwords"][:COMMON_PASSWORDS_CHECKED])


def check_password_policy(password: str) -> bytes:
    """The password's UTF-8 bytes when it meets the policy; raises a 422 error otherwise."""
    if len(password) < MIN_PASSWORD_CHARS:
        raise PasswordTooShort()
    encoded = password.encode("utf-8", "surrogatepass")
    if len(encoded) > MAX_PASSWORD_BYTES:
        raise PasswordTooLong()
    if is_common(password):
        raise PasswordTooCommon()
    return encoded


_DECORATION = string.digits + string.punctuation + string.whitespace


def is_common(password: str) -> bool:
    """One of the most common passwords, or one with only digits and symbols around it ("password1234",
    "summer2024!"): the first guesses of any cracking list."""
    lowered = password.lower()
    common = common_passwords()
    return lowered in common or lowered.strip(_DECORATION) in common


async def hash_password(password: str, rounds: int) -> str:
    encoded = check_password_policy(password)
    hashed = await _off_loop(bcrypt.hashpw, encoded, bcrypt.gensalt(rounds=rounds))
    return hashed.decode("ascii")


@lru_cache(maxsize=4)
def _dummy_hash(rounds: int) -> bytes:
    # A real hash of a random password at the same cost: checking against it costs what a real check costs.
    import secrets

    return bcrypt.hashpw(secrets.token_bytes(32), bcrypt.gensalt(rounds=rounds))


async def verify_password(password: str, password_hash: str | None, rounds: int) -> bool:
    """Constant-work check: an unknown user (password_hash None) still pays for one bcrypt comparison."""
    encoded = password.encode("utf-8", "surrogatepass")
    too_long = len(encoded) > MAX_PASSWORD_BYTES
    if password_hash is None or too_long:
        dummy = await _off_loop(_dummy_hash, rounds)
        await _off_loop(bcrypt.checkpw, encoded[:MAX_PASSWORD_BYTES], dummy)
        return False
    return await _off_loop(bcrypt.checkpw, encoded, password_hash.encode("ascii"))


async def warm_up(rounds: int) -> None:
    """Compute the dummy hash at start-up, so the first unknown-email login costs what every other one does."""
    await _off_loop(_dummy_hash, rounds)
    await _off_loop(common_passwords)
