"""Job endings nobody sees happen (battery J44, J46): a job that timed out or ran out of tries ends `failed` with
`worker_lost`, visible through `GET /api/v1/jobs/{id}` and audited; `/healthz` says degraded when Redis is down.

Real ARQ workers (burst mode) on a private queue, so no other test's job meets the tiny timeout used here.
"""

from __future__ import annotations

import json
import secrets
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import redis.asyncio as aioredis
from arq.constants import retry_key_prefix

from api.app import create_app
from orca_core.db import create_engine, create_session_factory
from orca_core.jobs.runner import WorkerDeps, sweep
from orca_core.queue import arq_job_id, connect
from orca_core.settings import Settings
from orca_core.storage import ObjectStore
from tests.service.conftest import make_client, run_worker_burst, upload_file
from tests.service.test_files import csv_bytes, customers_rows, vars_of

# The sweeper fails a `running` job whose lease expired more than a minute ago; the tests move the lease back
# instead of waiting that minute.
AGE_THE_LEASE = "UPDATE jobs SET lease_expires_at = now() - interval '61 seconds' WHERE id = $1"


def private_queue(settings: Settings, **overrides: object) -> Settings:
    values = {**vars_of(settings), "queue_name": f"orca:test:lifecycle:{secrets.token_hex(4)}", **overrides}
    return Settings(_env_file=None, **values)  # type: ignore[arg-type]


@asynccontextmanager
async def worker_deps(settings: Settings) -> AsyncIterator[WorkerDeps]:
    engine = create_engine(settings.database_url.get_secret_value(), application_name="orca-test")
    redis = await connect(settings)
    try:
        yield WorkerDeps(settings, create_session_factory(engine), ObjectStore(settings), redis)
    finally:
        await redis.aclose()
        await engine.dispose()


async def upload_on(settings: Settings, account) -> uuid.UUID:
    app = create_app(settings)
    try:
        async with make_client(app) as http:
            response = await upload_file(http, account, "c.csv", csv_bytes(customers_rows()))
    finally:
        await app.state.engine.dispose()
    assert response.status_code == 201, response.text
    return uuid.UUID(response.json()["job_id"])


async def job_failures(superuser, org_id) -> list[dict]:
    rows = await superuser.fetch(
        "SELECT metadata FROM audit_events WHERE org_id = $1 AND event = 'job_failed' ORDER BY seq", org_id
    )
    return [json.loads(row["metadata"]) for row in rows]


async def test_j46_a_job_that_timed_out_ends_failed_worker_lost_and_visible(client, two_orgs, settings, superuser):
    a = two_orgs.a
    slow = private_queue(settings, job_timeout_seconds=1, worker_test_pause_seconds=3)
    job_id = await upload_on(slow, a)

    worker = await run_worker_burst(slow)  # ARQ cancels the run after 1 s: the job is left `running`
    assert worker.jobs_failed == 1
    running = (await client.get(f"/api/v1/jobs/{job_id}", headers=a.auth)).json()
    assert (running["status"], running["attempts"]) == ("running", 1)

    await superuser.execute(AGE_THE_LEASE, job_id)
    async with worker_deps(slow) as deps:
        assert (await sweep(deps))["lost"] == 1
        assert (await sweep(deps))["lost"] == 0  # once

    job = await client.get(f"/api/v1/jobs/{job_id}", headers=a.auth)
    assert job.status_code == 200
    assert (job.json()["status"], job.json()["error_code"]) == ("failed", "worker_lost")
    assert job.json()["finished_at"] is not None
    assert await job_failures(superuser, a.org_id) == [{"job_id": str(job_id), "error_code": "worker_lost"}]
    report = await client.get(f"/api/v1/jobs/{job_id}/report", headers=a.auth)
    assert report.status_code == 409 and report.json()["error"] == "report_not_ready"


async def test_j46_a_job_whose_tries_are_exhausted_ends_failed_worker_lost(client, two_orgs, settings, superuser):
    """Five workers died mid-run: the job row is `running` with a dead lease, and ARQ's try counter is at the
    limit. The next worker that takes the ARQ job gives up without running it; the sweeper then fails the job."""
    a = two_orgs.a
    queue = private_queue(settings, job_max_tries=5)
    job_id = await upload_on(queue, a)
    await superuser.execute(
        "UPDATE jobs SET status = 'running', attempts = 5, lease_token = gen_random_uuid(), started_at = now(), "
        "lease_expires_at = now() + interval '1 hour' WHERE id = $1",
        job_id,
    )
    redis = aioredis.from_url(queue.redis_url.get_secret_value())
    try:
        await redis.set(retry_key_prefix + arq_job_id(job_id), 5, ex=600)
    finally:
        await redis.aclose()

    worker = await run_worker_burst(queue)
    assert worker.jobs_failed == 1 and worker.jobs_complete == 0  # ARQ refused a sixth try
    assert (await client.get(f"/api/v1/jobs/{job_id}", headers=a.auth)).json()["status"] == "running"

    async with worker_deps(queue) as deps:
        assert (await sweep(deps))["lost"] == 0  # the lease still holds: a live worker may own the job
        await superuser.execute(AGE_THE_LEASE, job_id)
        assert (await sweep(deps))["lost"] == 1

    job = (await client.get(f"/api/v1/jobs/{job_id}", headers=a.auth)).json()
    assert (job["status"], job["error_code"], job["attempts"]) == ("failed", "worker_lost", 5)
    assert await job_failures(superuser, a.org_id) == [{"job_id": str(job_id), "error_code": "worker_lost"}]


async def test_j44_healthz_is_degraded_when_redis_is_down(settings):
    app = create_app(Settings(_env_file=None, **{**vars_of(settings), "redis_url": "redis://127.0.0.1:1/0"}))
    try:
        async with make_client(app) as http:
            response = await http.get("/healthz")
    finally:
        await app.state.engine.dispose()
    assert response.status_code == 503
    assert response.json() == {"error": "degraded", "detail": "Redis is unreachable."}
    assert response.headers["x-content-type-options"] == "nosniff"


async def test_healthz_is_ok_when_database_and_redis_answer(client):
    response = await client.get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok"}
