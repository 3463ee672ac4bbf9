"""The job queue (ARQ on Redis) and the progress channel, shared by the API and the worker.

Job arguments are ids only, serialised with msgpack (never pickle: a forged Redis entry must not run code).
The ARQ job id is derived from the database job id, so enqueueing the same job twice is a no-op; that is what
lets the worker's sweeper re-enqueue jobs whose first enqueue was lost while Redis was down.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from typing import Any, cast

import msgpack
from arq.connections import ArqRedis, RedisSettings, create_pool
from arq.jobs import Job, JobStatus

from orca_core.settings import Settings

SCAN_FUNCTION = "scan_file"


def serialize(value: dict[str, Any]) -> bytes:
    return cast(bytes, msgpack.packb(value, use_bin_type=True))


def deserialize(payload: bytes) -> dict[str, Any]:
    return cast(dict[str, Any], msgpack.unpackb(payload, raw=False, strict_map_key=True))


JOB_SERIALIZER: Callable[[dict[str, Any]], bytes] = serialize
JOB_DESERIALIZER: Callable[[bytes], dict[str, Any]] = deserialize


def redis_settings(settings: Settings, *, retries: int = 5) -> RedisSettings:
    settings_ = RedisSettings.from_dsn(settings.redis_url.get_secret_value())
    settings_.conn_timeout = 2
    settings_.conn_retries = retries
    settings_.conn_retry_delay = 1
    return settings_


async def connect(settings: Settings, *, retries: int = 5) -> ArqRedis:
    return await create_pool(
        redis_settings(settings, retries=retries),
        job_serializer=JOB_SERIALIZER,
        job_deserializer=JOB_DESERIALIZER,
        default_queue_name=settings.queue_name,
    )


def arq_job_id(job_id: uuid.UUID) -> str:
    return f"scan:{job_id}"


async def enqueue_scan(redis: ArqRedis, settings: Settings, job_id: uuid.UUID) -> bool:
    """True when a new ARQ job was queued; False when it already existed (queued, running or finished)."""
    queued = await redis.enqueue_job(
        SCAN_FUNCTION, str(job_id), _job_id=arq_job_id(job_id), _queue_name=settings.queue_name
    )
    return queued is not None


async def arq_job_status(redis: ArqRedis, settings: Settings, job_id: uuid.UUID) -> JobStatus:
    job = Job(arq_job_id(job_id), redis, _queue_name=settings.queue_name, _deserializer=JOB_DESERIALIZER)
    return await job.status()


def progress_channel(job_id: uuid.UUID) -> str:
    return f"job:{job_id}"


async def publish_progress(redis: Any, job_id: uuid.UUID, event: dict[str, Any]) -> None:
    """Ids, phase names and numbers only: progress events never carry a value from the file."""
    await redis.publish(progress_channel(job_id), json.dumps(event, separators=(",", ":")))
