"""A throw-away orca stack for the service benchmarks: a fresh database (bootstrapped and migrated), moto's S3
server, the API under uvicorn and ARQ workers, each a real process on 127.0.0.1.

PostgreSQL and Redis come from `.ci/services` (the `make bench-service` target sources its env file); the
database, its two roles, the bucket and the queue name are private to the run and dropped afterwards.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from sqlalchemy.engine import make_url

from orca_core.db_bootstrap import bootstrap, drop

ROOT = Path(__file__).resolve().parents[1]
ADMIN_URL = os.environ.get("ORCA_TEST_ADMIN_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
REDIS_URL = os.environ.get("ORCA_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
PASSWORD = "bench horse battery staple"
# Issue 4: accounts verify their email; the stack runs the development SMTP sink and new_account reads it.
_MAILBOX: Path | None = None


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until_answers(url: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(url, timeout=2).status_code < 500:
                return
        time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer within {timeout:.0f} s")


@dataclass
class Stack:
    api_url: str
    env: dict[str, str]
    database: str
    api: subprocess.Popen[bytes]
    workers: list[subprocess.Popen[bytes]] = field(default_factory=list)

    @property
    def api_pid(self) -> int:
        return self.api.pid


@contextlib.contextmanager
def running_stack(*, workers: int = 1, upload_max_bytes: int = 2 * 1024**3) -> Iterator[Stack]:
    admin = make_url(ADMIN_URL)
    host, port = admin.host or "127.0.0.1", admin.port or 5432
    name = f"orca_bench_{secrets.token_hex(4)}"
    owner, runtime = f"{name}_owner", f"{name}_app"
    owner_url = f"postgresql+asyncpg://{owner}:{secrets.token_hex(16)}@{host}:{port}/{name}"
    runtime_url = f"postgresql+asyncpg://{runtime}:{secrets.token_hex(16)}@{host}:{port}/{name}"
    asyncio.run(bootstrap(ADMIN_URL, owner_url, runtime_url))

    processes: list[subprocess.Popen[bytes]] = []
    logs = open(os.devnull, "wb")  # noqa: SIM115 (closed in finally)
    try:
        s3_url = os.environ.get("ORCA_SERVICES_S3_URL")
        if not s3_url:
            s3_port = free_port()
            processes.append(
                subprocess.Popen(
                    [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(s3_port)],
                    stdout=logs,
                    stderr=logs,
                )
            )
            s3_url = f"http://127.0.0.1:{s3_port}"
            wait_until_answers(s3_url)
        global _MAILBOX
        mail_port = free_port()
        _MAILBOX = Path(os.environ.get("TMPDIR", "/tmp")) / f"orca-bench-mail-{secrets.token_hex(4)}.jsonl"
        sink = ["--port", str(mail_port), "--mailbox", str(_MAILBOX)]
        processes.append(
            subprocess.Popen(
                [sys.executable, "-m", "orca_core.mail.devserver", *sink],
                cwd=ROOT,
                stdout=logs,
                stderr=logs,
            )
        )
        api_port = free_port()
        env = {
            **os.environ,
            "ORCA_ENVIRONMENT": "development",
            "ORCA_DATABASE_URL": runtime_url,
            "ORCA_MIGRATION_DATABASE_URL": owner_url,
            "ORCA_REDIS_URL": REDIS_URL,
            "ORCA_S3_ENDPOINT_URL": s3_url,
            "ORCA_S3_ACCESS_KEY_ID": "moto-bench-key",
            "ORCA_S3_SECRET_ACCESS_KEY": "moto-bench-secret",
            "ORCA_S3_BUCKET": f"orca-bench-{secrets.token_hex(4)}",
            "ORCA_S3_CREATE_BUCKET": "true",
            "ORCA_QUEUE_NAME": f"orca:bench:{uuid.uuid4().hex[:8]}",
            "ORCA_RATE_LIMIT_KEY_PREFIX": f"orca:bench:rl:{uuid.uuid4().hex[:8]}",
            "ORCA_UPLOAD_MAX_BYTES": str(upload_max_bytes),
            "ORCA_LOG_LEVEL": "warning",
            "ORCA_DATABASE_POOL_SIZE": "20",
            "ORCA_SMTP_HOST": "127.0.0.1",
            "ORCA_SMTP_PORT": str(mail_port),
            "ORCA_SMTP_SECURITY": "none",
        }
        subprocess.run([sys.executable, "-m", "orca_core.cli", "db", "migrate"], env=env, check=True, cwd=ROOT)
        api = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "uvicorn",
                "--factory",
                "api.app:create_app",
                "--host",
                "127.0.0.1",
                "--port",
                str(api_port),
                "--no-access-log",
            ],
            env=env,
            cwd=ROOT,
            stdout=logs,
            stderr=logs,
        )
        processes.append(api)
        api_url = f"http://127.0.0.1:{api_port}"
        wait_until_answers(f"{api_url}/healthz")
        stack = Stack(api_url=api_url, env=env, database=name, api=api)
        for _ in range(workers):
            worker = subprocess.Popen([sys.executable, "-m", "worker"], env=env, cwd=ROOT, stdout=logs, stderr=logs)
            processes.append(worker)
            stack.workers.append(worker)
        yield stack
    finally:
        for process in reversed(processes):
            process.send_signal(signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
        logs.close()
        asyncio.run(drop(ADMIN_URL, name, [owner, runtime]))
        if _MAILBOX is not None:
            _MAILBOX.unlink(missing_ok=True)


async def new_account(http: httpx.AsyncClient, label: str) -> dict[str, str]:
    """Register an account and log in; returns the Authorization header."""
    email = f"{label}-{uuid.uuid4().hex[:10]}@example.org"
    body = {"email": email, "password": PASSWORD, "org_name": f"{label} org"}
    (await http.post("/api/v1/auth/register", json=body)).raise_for_status()
    await verify_email(http, email)
    login = await http.post("/api/v1/auth/login", json={"email": email, "password": PASSWORD})
    login.raise_for_status()
    return {"Authorization": f"Bearer {login.json()['access_token']}"}


async def verify_email(http: httpx.AsyncClient, email: str, timeout: float = 15.0) -> None:
    """Follow the verification link the stack's SMTP sink received for `email` (mail leaves after the response)."""
    from orca_core.mail.mailbox import read_mailbox

    assert _MAILBOX is not None, "verify_email needs a running_stack"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for message in read_mailbox(_MAILBOX, to=email):
            for link in message["links"]:
                if "/verify-email?token=" in link:
                    token = link.split("token=", 1)[1]
                    (await http.post("/api/v1/auth/verify-email", json={"token": token})).raise_for_status()
                    return
        await asyncio.sleep(0.05)
    raise RuntimeError(f"no verification email for {email} within {timeout:.0f} s")
