"""ARQ worker settings: `arq worker.settings.WorkerSettings` (or `python -m worker`) runs it.

An explicit function list, msgpack job (de)serialisation (never pickle), a job timeout and a retry limit. The
shared clients (database engine, S3 client) are made once at start-up and closed at shutdown.
"""

from __future__ import annotations

from typing import Any, ClassVar

from arq import cron
from arq.connections import RedisSettings

from orca_core.queue import JOB_DESERIALIZER, JOB_SERIALIZER, redis_settings
from orca_core.settings import get_settings
from worker.jobs import anchor_audit_chains, scan_file, shutdown, startup, sweep_queued_jobs

_settings = get_settings()


class WorkerSettings:
    functions: ClassVar[list[Any]] = [scan_file]
    # The sweeper runs at start-up and every 30 seconds (unique: one run at a time across workers). No timeout of
    # its own: ARQ sizes its in-progress lock (how long a killed worker blocks a retry) on the longest timeout.
    cron_jobs: ClassVar[list[Any]] = [
        cron(sweep_queued_jobs, second={0, 30}, run_at_startup=True, unique=True, max_tries=1),
        cron(anchor_audit_chains, second={15}, run_at_startup=True, unique=True, max_tries=1),
    ]
    on_startup = startup
    on_shutdown = shutdown
    redis_settings: RedisSettings = redis_settings(_settings)
    queue_name = _settings.queue_name
    job_serializer = JOB_SERIALIZER
    job_deserializer = JOB_DESERIALIZER
    job_timeout = _settings.job_timeout_seconds
    max_tries = _settings.job_max_tries
    max_jobs = 4
    keep_result = 3600
    # Bound shutdown: on SIGTERM a running scan gets this long before it is cancelled (and retried later).
    job_completion_wait = 30
    allow_abort_jobs = False
    health_check_interval = 60
