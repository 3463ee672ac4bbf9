"""The service's test world: a throw-away PostgreSQL database per test session, migrated with alembic as the
OWNER role, with the app connecting as the RUNTIME role; an httpx client over ASGI per test.

The server comes from ORCA_TEST_ADMIN_DATABASE_URL (a superuser URL; default the local trust server, or what
`.ci/services` started). Tests isolate by creating their own orgs and users (random emails), never by order.
"""

from __future__ import annotations

import asyncio
import os
import secrets
import socket
import uuid
from collections.abc import AsyncIterator, Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import asyncpg
import httpx
import pytest
from sqlalchemy.engine import make_url

from api.app import create_app
from orca_core.db_bootstrap import bootstrap, drop
from orca_core.service_cli import migrate
from orca_core.settings import Settings

ADMIN_URL = os.environ.get("ORCA_TEST_ADMIN_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
REDIS_URL = os.environ.get("ORCA_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
ALLOWED_ORIGIN = "https://app.example"
CLIENT_IP = "203.0.113.7"
PASSWORD = "correct horse battery staple"


class MailSink:
    """A real SMTP server (aiosmtpd, the same sink `make run` uses) on 127.0.0.1, writing a JSON Lines mailbox."""

    def __init__(self, mailbox: Path) -> None:
        from orca_core.mail.devserver import start

        self.mailbox = mailbox
        self.port = free_port()
        self.controller = start("127.0.0.1", self.port, mailbox)

    def settings_overrides(self) -> dict[str, Any]:
        return {"smtp_host": "127.0.0.1", "smtp_port": self.port, "smtp_security": "none"}

    def messages(self, to: str | None = None) -> list[dict[str, Any]]:
        from orca_core.mail.mailbox import read_mailbox

        return read_mailbox(self.mailbox, to=to)

    def tokens(self, to: str, path: str) -> list[str]:
        """The `token=` values of every link to `path` mailed to `to`, oldest first."""
        found = []
        for message in self.messages(to):
            for link in message["links"]:
                parsed = urlsplit(link)
                if parsed.path == path:
                    found.extend(parse_qs(parsed.query).get("token", []))
        return found

    def latest_token(self, to: str, path: str) -> str:
        tokens = self.tokens(to, path)
        assert tokens, f"no mail with a {path} link for {to}"
        return tokens[-1]


MAIL_SINK: MailSink | None = None


@pytest.fixture(scope="session", autouse=True)
def mail_sink(tmp_path_factory: pytest.TempPathFactory) -> Iterator[MailSink]:
    global MAIL_SINK
    sink = MailSink(tmp_path_factory.mktemp("mail") / "mail.jsonl")
    MAIL_SINK = sink
    try:
        yield sink
    finally:
        MAIL_SINK = None
        sink.controller.stop()


def run_sync(coroutine: Coroutine[Any, Any, Any]) -> Any:
    """Run a coroutine to completion from synchronous code, on a private thread and event loop."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


@dataclass(frozen=True)
class TestDatabase:
    name: str
    owner_role: str
    runtime_role: str
    owner_url: str
    runtime_url: str

    def dsn(self, url: str) -> str:
        return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)

    @property
    def superuser_dsn(self) -> str:
        return (
            make_url(ADMIN_URL).set(drivername="postgresql", database=self.name).render_as_string(hide_password=False)
        )

    @property
    def owner_dsn(self) -> str:
        return self.dsn(self.owner_url)

    @property
    def runtime_dsn(self) -> str:
        return self.dsn(self.runtime_url)


def make_settings(database: TestDatabase, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "environment": "test",
        "database_url": database.runtime_url,
        "migration_database_url": database.owner_url,
        "jwt_secret": secrets.token_urlsafe(64),
        "bcrypt_rounds": 4,
        "cors_allow_origins": [ALLOWED_ORIGIN],
        "database_pool_size": 5,
        # Generous limits and a private key space: tests share one client IP and one Redis. The rate-limit
        # tests build apps with strict limits of their own.
        "rate_limit_key_prefix": f"orca:test:rl:{secrets.token_hex(4)}",
        "rate_limit_auth_per_ip": "10000/minute",
        "rate_limit_auth_per_account": "10000/minute",
        "rate_limit_prescan_per_user": "10000/minute",
        "rate_limit_ws_per_ip": "10000/minute",
    }
    if MAIL_SINK is not None:  # every app of the session mails the session's SMTP sink (issue 4)
        values.update(MAIL_SINK.settings_overrides())
    values.update(overrides)
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


def create_test_database(prefix: str = "orca_test") -> TestDatabase:
    admin = make_url(ADMIN_URL)
    suffix = secrets.token_hex(5)
    name = f"{prefix}_{suffix}"
    host, port = admin.host or "127.0.0.1", admin.port or 5432

    def url(role: str) -> str:
        return f"postgresql+asyncpg://{role}:{secrets.token_hex(16)}@{host}:{port}/{name}"

    owner_role, runtime_role = f"{name}_owner", f"{name}_app"
    database = TestDatabase(name, owner_role, runtime_role, url(owner_role), url(runtime_role))
    try:
        run_sync(bootstrap(ADMIN_URL, database.owner_url, database.runtime_url))
    except (OSError, asyncpg.PostgresError) as error:
        pytest.exit(
            f"PostgreSQL is not reachable as a superuser at {ADMIN_URL} ({error}). Run `.ci/services` "
            "(or `make test`), or set ORCA_TEST_ADMIN_DATABASE_URL.",
            returncode=1,
        )
    return database


def drop_test_database(database: TestDatabase) -> None:
    run_sync(drop(ADMIN_URL, database.name, [database.owner_role, database.runtime_role]))


@pytest.fixture(scope="session")
def test_database() -> Iterator[TestDatabase]:
    database = create_test_database()
    try:
        run_sync(asyncio.to_thread(migrate, make_settings(database)))
        yield database
    finally:
        drop_test_database(database)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="session")
def s3_endpoint() -> Iterator[str]:
    """moto's S3 server on 127.0.0.1: a real HTTP S3 endpoint for boto3 (also reachable from subprocesses)."""
    from moto.server import ThreadedMotoServer

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.stop()


def service_overrides(s3_endpoint: str) -> dict[str, Any]:
    """S3 and queue settings private to this test session: its own bucket (versioned) and queue name."""
    suffix = secrets.token_hex(4)
    return {
        "s3_endpoint_url": s3_endpoint,
        "s3_access_key_id": "moto-test-key",
        "s3_secret_access_key": "moto-test-secret",
        "s3_bucket": f"orca-test-{suffix}",
        "s3_prefix": "uploads",
        "redis_url": REDIS_URL,
        "queue_name": f"orca:test:{suffix}",
        "upload_part_bytes": 5 * 1024 * 1024,
    }


@pytest.fixture(scope="session")
def settings(test_database: TestDatabase, s3_endpoint: str) -> Settings:
    from orca_core.storage import ObjectStore

    configured = make_settings(test_database, **service_overrides(s3_endpoint))
    run_sync(ObjectStore(configured).ensure_bucket())
    return configured


@pytest.fixture
async def app(settings: Settings) -> AsyncIterator[Any]:
    application = create_app(settings)
    yield application
    await application.state.engine.dispose()


def make_client(application: Any, ip: str = CLIENT_IP) -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=application, client=(ip, 50000))
    return httpx.AsyncClient(transport=transport, base_url="http://testserver")


@pytest.fixture
async def client(app: Any) -> AsyncIterator[httpx.AsyncClient]:
    async with make_client(app) as http:
        yield http


@dataclass
class Account:
    email: str
    password: str
    user_id: uuid.UUID
    org_id: uuid.UUID
    access_token: str
    refresh_token: str

    @property
    def auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.access_token}"}


def unique_email(label: str = "user") -> str:
    return f"{label}-{uuid.uuid4().hex[:12]}@example.org"


async def register_and_login(
    http: httpx.AsyncClient, *, label: str = "user", password: str = PASSWORD, org_name: str | None = None
) -> Account:
    """Sign up the way a person does: register, open the verification link from the real email, log in."""
    email = unique_email(label)
    response = await http.post(
        "/api/v1/auth/register", json={"email": email, "password": password, "org_name": org_name or f"{label} org"}
    )
    assert response.status_code == 202, response.text
    await verify_email(http, email)
    return await login(http, email, password)


async def verify_email(http: httpx.AsyncClient, email: str) -> None:
    assert MAIL_SINK is not None
    token = MAIL_SINK.latest_token(email, "/verify-email")
    verified = await http.post("/api/v1/auth/verify-email", json={"token": token})
    assert verified.status_code == 200, verified.text


async def login(http: httpx.AsyncClient, email: str, password: str) -> Account:
    response = await http.post("/api/v1/auth/login", json={"email": email, "password": password})
    assert response.status_code == 200, response.text
    tokens = response.json()
    me = await http.get("/api/v1/me", headers={"Authorization": f"Bearer {tokens['access_token']}"})
    assert me.status_code == 200, me.text
    return Account(
        email=email,
        password=password,
        user_id=uuid.UUID(me.json()["user_id"]),
        org_id=uuid.UUID(me.json()["org_id"]),
        access_token=tokens["access_token"],
        refresh_token=tokens["refresh_token"],
    )


@dataclass
class TwoOrgs:
    a: Account
    b: Account


@pytest.fixture
async def two_orgs(client: httpx.AsyncClient) -> TwoOrgs:
    """Every tenant-aware test runs in a world of two orgs, A and B, each with its owner."""
    a = await register_and_login(client, label="owner-a")
    b = await register_and_login(client, label="owner-b")
    return TwoOrgs(a, b)


@pytest.fixture
async def superuser(test_database: TestDatabase) -> AsyncIterator[asyncpg.Connection]:
    connection = await asyncpg.connect(test_database.superuser_dsn)
    yield connection
    await connection.close()


async def upload_file(
    http: httpx.AsyncClient, account: Account, filename: str, content: bytes, path: str = "/api/v1/files"
) -> httpx.Response:
    return await http.post(path, files={"file": (filename, content, "application/octet-stream")}, headers=account.auth)


async def run_worker_burst(settings: Settings) -> Any:
    """A real ARQ worker (orca's job function, msgpack, its start-up and shutdown) in burst mode: it runs every
    job queued on this session's queue, then returns."""
    from arq.worker import Worker

    from orca_core.queue import JOB_DESERIALIZER, JOB_SERIALIZER, redis_settings
    from worker.jobs import scan_file, shutdown, startup

    worker = Worker(
        functions=[scan_file],
        on_startup=startup,
        on_shutdown=shutdown,
        redis_settings=redis_settings(settings),
        queue_name=settings.queue_name,
        job_serializer=JOB_SERIALIZER,
        job_deserializer=JOB_DESERIALIZER,
        job_timeout=settings.job_timeout_seconds,
        max_tries=settings.job_max_tries,
        burst=True,
        poll_delay=0.05,
        handle_signals=False,
        ctx={"settings": settings},
    )
    try:
        await worker.main()
    finally:
        await worker.close()
    return worker


def s3_client(settings: Settings) -> Any:
    from orca_core.storage import make_client

    return make_client(settings)


def object_keys(settings: Settings, prefix: str) -> list[str]:
    """Every key with a version or delete marker under `prefix` (so a purged key with leftovers shows up)."""
    client = s3_client(settings)
    listing = client.list_object_versions(Bucket=settings.s3_bucket, Prefix=prefix)
    return [entry["Key"] for entry in listing.get("Versions", []) + listing.get("DeleteMarkers", [])]
