"""Battery J46: a worker SIGKILLed mid-job leaves a job that ARQ retries and that completes exactly once.

Real worker processes (`python -m worker`) configured through ORCA_* variables, against this session's
PostgreSQL database, Redis queue and moto S3 server. The first worker pauses after claiming the job (a
test-only setting) so the kill lands mid-job without depending on timing; a second worker picks the job up
once ARQ's in-progress lock expires (job timeout + 10 s) and the job's lease has expired.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import uuid
from pathlib import Path

from tests.service.conftest import upload_file

ROOT = Path(__file__).resolve().parents[2]
JOB_TIMEOUT_SECONDS = 5


def worker_env(settings, *, pause_seconds: float) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("ORCA_")}
    env.update(
        {
            "ORCA_ENVIRONMENT": "test",
            "ORCA_DATABASE_URL": settings.database_url.get_secret_value(),
            "ORCA_MIGRATION_DATABASE_URL": settings.migration_database_url.get_secret_value(),
            "ORCA_REDIS_URL": settings.redis_url.get_secret_value(),
            "ORCA_S3_ENDPOINT_URL": settings.s3_endpoint_url,
            "ORCA_S3_BUCKET": settings.s3_bucket,
            "ORCA_S3_PREFIX": settings.s3_prefix,
            "ORCA_S3_ACCESS_KEY_ID": settings.s3_access_key_id.get_secret_value(),
            "ORCA_S3_SECRET_ACCESS_KEY": settings.s3_secret_access_key.get_secret_value(),
            "ORCA_QUEUE_NAME": settings.queue_name,
            "ORCA_JOB_TIMEOUT_SECONDS": str(JOB_TIMEOUT_SECONDS),
            "ORCA_WORKER_TEST_PAUSE_SECONDS": str(pause_seconds),
            "ORCA_SWEEPER_MIN_AGE_SECONDS": "3600",
            "TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS": "",
        }
    )
    return env


def start_worker(settings, *, pause_seconds: float, log_path: Path) -> subprocess.Popen:
    with open(log_path, "wb") as log:
        return subprocess.Popen(
            [sys.executable, "-m", "worker"],
            cwd=ROOT,
            env=worker_env(settings, pause_seconds=pause_seconds),
            stdout=log,
            stderr=subprocess.STDOUT,
        )


async def wait_for(superuser, job_id, predicate, seconds: float) -> dict:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + seconds
    while True:
        row = dict(await superuser.fetchrow("SELECT status, attempts FROM jobs WHERE id = $1", job_id))
        if predicate(row) or loop.time() > deadline:
            return row
        await asyncio.sleep(0.1)


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


async def test_j46_worker_killed_mid_job_is_retried_and_completes_once(client, two_orgs, settings, superuser, tmp_path):
    a = two_orgs.a
    rows = "".join(f"{n},person{n}@example.org,Oslo\n" for n in range(200))
    response = await upload_file(client, a, "c.csv", ("id,email,city\n" + rows).encode())
    assert response.status_code == 201, response.text
    job_id = uuid.UUID(response.json()["job_id"])

    first = start_worker(settings, pause_seconds=600, log_path=tmp_path / "worker-1.log")
    try:
        running = await wait_for(superuser, job_id, lambda row: row["status"] == "running", 60)
        assert running == {"status": "running", "attempts": 1}, (tmp_path / "worker-1.log").read_text()
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
    finally:
        if first.poll() is None:
            first.kill()
            first.wait()
    assert first.returncode == -signal.SIGKILL
    assert await superuser.fetchval("SELECT status FROM jobs WHERE id = $1", job_id) == "running"

    second = start_worker(settings, pause_seconds=0, log_path=tmp_path / "worker-2.log")
    try:
        done = await wait_for(superuser, job_id, lambda row: row["status"] != "running", JOB_TIMEOUT_SECONDS + 60)
    finally:
        stop(second)
    assert done == {"status": "completed", "attempts": 2}, (tmp_path / "worker-2.log").read_text()
    assert await superuser.fetchval("SELECT count(*) FROM reports WHERE job_id = $1", job_id) == 1
    events = await superuser.fetch(
        "SELECT event FROM audit_events WHERE org_id = $1 AND event LIKE 'job_%' ORDER BY seq", a.org_id
    )
    assert [row["event"] for row in events] == ["job_created", "job_started", "job_started", "job_completed"]
