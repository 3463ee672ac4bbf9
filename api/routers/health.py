"""GET /healthz: 200 when the database and Redis answer, 503 `degraded` (naming which one) otherwise.

Redis down is degraded, not ok: the queue, live progress and every rate-limited endpoint (login included, which
fails closed) depend on it."""

from __future__ import annotations

import asyncio

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from sqlalchemy import text

from orca_core.logging import get_logger

router = APIRouter(tags=["health"])
log = get_logger("orca.api.health")

HEALTH_TIMEOUT_SECONDS = 3.0


@router.get("/healthz")
async def healthz(request: Request) -> JSONResponse:
    try:
        async with asyncio.timeout(HEALTH_TIMEOUT_SECONDS):
            async with request.app.state.engine.connect() as connection:
                await connection.execute(text("SELECT 1"))
    except Exception as error:  # any failure to reach the database is "degraded", never a 500
        log.warning("healthz_database_unreachable", error_type=type(error).__name__)
        return JSONResponse({"error": "degraded", "detail": "The database is unreachable."}, status_code=503)
    try:
        async with asyncio.timeout(HEALTH_TIMEOUT_SECONDS):
            redis = await request.app.state.queue.redis()
            await redis.ping()
    except Exception as error:  # issue 3: Redis unreachable is "degraded" too
        log.warning("healthz_redis_unreachable", error_type=type(error).__name__)
        return JSONResponse({"error": "degraded", "detail": "Redis is unreachable."}, status_code=503)
    return JSONResponse({"status": "ok"})
