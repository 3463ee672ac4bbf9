"""The worker's job functions (thin: the rules live in orca_core.jobs.runner) and its start-up/shutdown."""

from __future__ import annotations

import uuid
from typing import Any

from arq import Retry

from orca_core.audit.anchor import AnchorStore, anchor_chains
from orca_core.db import create_engine, create_session_factory
from orca_core.jobs.runner import RetryLater, WorkerDeps, run_scan_job, sweep
from orca_core.logging import clear_context, configure_logging, get_logger
from orca_core.settings import get_settings
from orca_core.storage import ObjectStore

log = get_logger("orca.worker")


async def startup(ctx: dict[str, Any]) -> None:
    # Tests pass their own Settings in ctx; a deployed worker reads the environment.
    settings = ctx.get("settings") or get_settings()
    configure_logging(settings.log_level)
    engine = create_engine(
        settings.database_url.get_secret_value(), application_name="orca-worker", pool_size=settings.database_pool_size
    )
    store = ObjectStore(settings)
    if settings.s3_create_bucket:
        await store.ensure_bucket()
    ctx["engine"] = engine
    ctx["deps"] = WorkerDeps(settings, create_session_factory(engine), store, ctx["redis"])
    log.info("worker_started", queue=settings.queue_name)


async def shutdown(ctx: dict[str, Any]) -> None:
    engine = ctx.get("engine")
    if engine is not None:
        await engine.dispose()
    log.info("worker_stopped")


async def scan_file(ctx: dict[str, Any], job_id: str) -> str:
    """ARQ entry point. The only argument is the job's id (a string, msgpack-serialised)."""
    try:
        return await run_scan_job(ctx["deps"], uuid.UUID(job_id))
    except RetryLater:
        raise Retry(defer=min(300, 5 * ctx.get("job_try", 1))) from None
    finally:
        clear_context()


async def sweep_queued_jobs(ctx: dict[str, Any]) -> dict[str, int]:
    return await sweep(ctx["deps"])


async def anchor_audit_chains(ctx: dict[str, Any]) -> int:
    """Write each audit chain's head to object storage, so a truncated tail is detectable."""
    deps: WorkerDeps = ctx["deps"]
    return await anchor_chains(deps.session_factory, AnchorStore.from_settings(deps.settings, deps.store))
