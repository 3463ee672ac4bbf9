"""The API's side of the queue: a lazily (re)connected ARQ pool; enqueueing never fails an upload.

If Redis is unreachable the job stays `queued` in the database and the worker's sweeper enqueues it later.
"""

from __future__ import annotations

import asyncio
import uuid

from arq.connections import ArqRedis
from fastapi import FastAPI

from orca_core.logging import get_logger
from orca_core.queue import connect, enqueue_scan
from orca_core.settings import Settings

log = get_logger("orca.api.queue")

ENQUEUE_TIMEOUT_SECONDS = 3.0


class QueueClient:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._redis: ArqRedis | None = None
        self._lock = asyncio.Lock()

    async def redis(self) -> ArqRedis:
        async with self._lock:
            if self._redis is None:
                self._redis = await connect(self.settings, retries=0)
            return self._redis

    async def enqueue_scan(self, job_id: uuid.UUID) -> bool:
        try:
            async with asyncio.timeout(ENQUEUE_TIMEOUT_SECONDS):
                return await enqueue_scan(await self.redis(), self.settings, job_id)
        except Exception as error:  # Redis down or slow: the sweeper picks the job up later
            log.warning("enqueue_deferred", job_id=str(job_id), error_type=type(error).__name__)
            return False

    async def close(self) -> None:
        if self._redis is not None:
            await self._redis.aclose()
            self._redis = None


async def enqueue_after_commit(app: FastAPI, job_id: uuid.UUID) -> bool:
    queue: QueueClient = app.state.queue
    return await queue.enqueue_scan(job_id)
