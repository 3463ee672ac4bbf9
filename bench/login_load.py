"""Login under load: p50/p99 of POST /auth/login with 20 concurrent clients (bcrypt cost 12, hashed in worker
threads), and what a login storm does to everyone else: GET /api/v1/jobs/{id} latency with and without it.

Brings up a private stack (bench/stack.py: its own database, moto S3, the development SMTP sink, one uvicorn
API process, one ARQ worker) and prints figures; nothing is asserted. The auth rate limits are lifted for the
run (every client is 127.0.0.1). With the services up (`.ci/services`):

    uv run python bench/login_load.py [--clients 20] [--seconds 20]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import time
import uuid
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from stack import PASSWORD, Stack, new_account, running_stack, verify_email


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))]


def describe(label: str, latencies: list[float], seconds: float) -> str:
    if not latencies:
        return f"{label}: no requests"
    ms = [value * 1000 for value in latencies]
    return (
        f"{label}: n={len(ms)} ({len(ms) / seconds:.1f}/s)  p50 {percentile(ms, 0.5):.1f} ms  "
        f"p99 {percentile(ms, 0.99):.1f} ms  max {max(ms):.1f} ms  mean {statistics.fmean(ms):.1f} ms"
    )


async def make_accounts(http: httpx.AsyncClient, count: int) -> list[str]:
    emails = []
    for index in range(count):
        email = f"login-{index}-{uuid.uuid4().hex[:8]}@example.org"
        body = {"email": email, "password": PASSWORD, "org_name": "bench"}
        (await http.post("/api/v1/auth/register", json=body)).raise_for_status()
        await verify_email(http, email)
        emails.append(email)
    return emails


async def login_storm(http: httpx.AsyncClient, emails: list[str], stop: asyncio.Event) -> tuple[list[float], int]:
    latencies: list[float] = []
    failures = 0

    async def client(email: str) -> None:
        nonlocal failures
        while not stop.is_set():
            started = time.perf_counter()
            response = await http.post("/api/v1/auth/login", json={"email": email, "password": PASSWORD})
            if response.status_code == 200:
                latencies.append(time.perf_counter() - started)
            else:
                failures += 1

    await asyncio.gather(*(client(email) for email in emails))
    return latencies, failures


async def poll_job(http: httpx.AsyncClient, auth: dict[str, str], job_id: str, stop: asyncio.Event) -> list[float]:
    """One client reading a job's status back to back, as a progress page would."""
    latencies = []
    while not stop.is_set():
        started = time.perf_counter()
        response = await http.get(f"/api/v1/jobs/{job_id}", headers=auth)
        response.raise_for_status()
        latencies.append(time.perf_counter() - started)
    return latencies


async def timed(seconds: float, *runners: Callable[[asyncio.Event], Coroutine[Any, Any, Any]]) -> list[Any]:
    """Run each runner until `seconds` have passed; their results in order."""
    stop = asyncio.Event()
    running = [asyncio.create_task(runner(stop)) for runner in runners]
    await asyncio.sleep(seconds)
    stop.set()
    return list(await asyncio.gather(*running))


async def run(stack: Stack, clients: int, seconds: float) -> None:
    limits = httpx.Limits(max_connections=clients + 10, max_keepalive_connections=clients + 10)
    async with httpx.AsyncClient(base_url=stack.api_url, timeout=120, limits=limits) as http:
        auth = await new_account(http, "poller")
        upload = await http.post(
            "/api/v1/files", files={"file": ("tiny.csv", b"id,city\n1,Oslo\n2,Lund\n", "text/csv")}, headers=auth
        )
        upload.raise_for_status()
        job_id = upload.json()["job_id"]
        emails = await make_accounts(http, clients)
        # Warm-up: connections, the dummy hash, the common-password list.
        await asyncio.gather(
            *(http.post("/api/v1/auth/login", json={"email": email, "password": PASSWORD}) for email in emails)
        )

        (idle,) = await timed(seconds, lambda stop: poll_job(http, auth, job_id, stop))
        (storm, failures), during = await timed(
            seconds,
            lambda stop: login_storm(http, emails, stop),
            lambda stop: poll_job(http, auth, job_id, stop),
        )
        (alone, _failures) = (await timed(seconds / 2, lambda stop: login_storm(http, emails[:1], stop)))[0]

    print(f"bcrypt cost 12, one uvicorn process, {os.cpu_count()} CPUs, {seconds:.0f} s per phase")
    print(describe("login, 1 client alone", alone, seconds / 2))
    print(describe(f"login, {clients} concurrent clients", storm, seconds) + f"  (non-200: {failures})")
    print(describe("GET /api/v1/jobs/{id}, idle", idle, seconds))
    print(describe(f"GET /api/v1/jobs/{{id}}, during the {clients}-client login storm", during, seconds))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=20.0)
    args = parser.parse_args()
    os.environ["ORCA_RATE_LIMIT_AUTH_PER_IP"] = "1000000/minute"
    os.environ["ORCA_RATE_LIMIT_AUTH_PER_ACCOUNT"] = "1000000/minute"
    os.environ["ORCA_BCRYPT_ROUNDS"] = "12"
    with running_stack(workers=1) as stack:
        asyncio.run(run(stack, args.clients, args.seconds))


if __name__ == "__main__":
    main()
