"""The scan job as the worker runs it, and the sweeper that re-enqueues jobs whose enqueue was lost.

A run: load the job and its file (ids only came through Redis), check they belong to the same org (fail
closed, audited), claim the job with a compare-and-set (`queued -> running`, or a `running` whose lease expired
because its worker died), stream the object from S3 through the scan engine on a thread, then in one
transaction store the masked report and mark the job `completed`. A file the full scan finds to hold raw
passwords is deleted from S3 (every version, confirmed) before the job is marked `rejected`; no report is kept.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from orca_core.audit.service import AuditEventName, AuditLog
from orca_core.db import unit_of_work, utcnow
from orca_core.files.models import FileStatus
from orca_core.files.repository import FileRepository, get_file_unscoped
from orca_core.files.retention import delete_raw_file, mark_raw_deletion_due, retry_pending_raw_deletions
from orca_core.jobs.models import JobStatus
from orca_core.jobs.report_policy import apply_org_report_policy
from orca_core.jobs.repository import (
    JobRepository,
    ReportRepository,
    expired_running_jobs_unscoped,
    get_job_unscoped,
    stale_queued_jobs_unscoped,
)
from orca_core.logging import bind_context, get_logger
from orca_core.queue import arq_job_status, enqueue_scan, publish_progress
from orca_core.scan.engine import Progress, ScanOptions, scan_source
from orca_core.scan.errors import ScanError
from orca_core.scan.report import ScanReport
from orca_core.settings import Settings
from orca_core.storage import DeletionNotConfirmed, ObjectStore, StorageUnavailable

log = get_logger("orca.jobs")

PROGRESS_INTERVAL_SECONDS = 0.5


class RetryLater(Exception):
    """The run could not finish for a reason that may pass (storage unreachable during a purge): the job was
    put back to `queued` and the worker should run it again after a delay."""


class LeaseLost(Exception):
    """Another run owns the job now; this run's results are discarded (its transaction rolls back)."""


@dataclass
class WorkerDeps:
    settings: Settings
    session_factory: async_sessionmaker[AsyncSession]
    store: ObjectStore
    redis: Any  # arq's ArqRedis (a redis.asyncio.Redis): the queue and the progress channel


@dataclass
class ProgressReporter:
    """Receives the engine's progress callbacks on the scan thread and forwards throttled events to the
    event loop: published on `job:{id}` and saved on the job row. Numbers only, never a table or column name."""

    deps: WorkerDeps
    loop: asyncio.AbstractEventLoop
    job_id: uuid.UUID
    org_id: uuid.UUID
    token: uuid.UUID
    last_sent: float = 0.0
    pending: list[Any] = field(default_factory=list)

    def on_progress(self, progress: Progress) -> None:
        now = time.monotonic()
        if now - self.last_sent < PROGRESS_INTERVAL_SECONDS:
            return
        self.last_sent = now
        percent = None
        if progress.bytes_done is not None and progress.bytes_total:
            percent = min(99, int(progress.bytes_done * 100 / progress.bytes_total))
        event = {
            "phase": "scanning",
            "rows": progress.rows_done,
            "bytes": progress.bytes_done,
            "bytes_total": progress.bytes_total,
            "percent": percent,
        }
        self.pending.append(asyncio.run_coroutine_threadsafe(self.emit(event, save=True), self.loop))

    async def emit(self, progress: dict[str, Any], *, save: bool, status: str = JobStatus.RUNNING.value) -> None:
        try:
            await publish_progress(
                self.deps.redis, self.job_id, {"job_id": str(self.job_id), "status": status, **progress}
            )
        except Exception as error:  # progress is best effort: a Redis hiccup must not fail the scan
            log.warning("progress_publish_failed", error_type=type(error).__name__)
        if save:
            try:
                async with unit_of_work(self.deps.session_factory) as session:
                    await JobRepository(session, self.org_id).set_progress(self.job_id, self.token, progress)
            except Exception as error:
                log.warning("progress_save_failed", error_type=type(error).__name__)

    async def drain(self) -> None:
        for future in self.pending:
            try:
                await asyncio.wrap_future(future)
            except Exception as error:
                log.warning("progress_event_failed", error_type=type(error).__name__)
        self.pending.clear()


def _scan_object(store: ObjectStore, key: str, filename: str, reporter: ProgressReporter) -> ScanReport:
    """On a worker thread: stream the object once through the engine (which spools XLSX/Parquet itself)."""
    body, size = store.open_stream_sync(key)
    try:
        return scan_source(
            body,
            source=filename,
            filename=filename,
            options=ScanOptions(),
            progress=reporter.on_progress,
            bytes_total=size,
        )
    finally:
        body.close()


@dataclass(frozen=True)
class ClaimedJob:
    job_id: uuid.UUID
    org_id: uuid.UUID
    file_id: uuid.UUID
    key: str
    filename: str
    token: uuid.UUID
    attempt: int


async def _claim(deps: WorkerDeps, job_id: uuid.UUID) -> ClaimedJob | str:
    async with unit_of_work(deps.session_factory) as session:
        job = await get_job_unscoped(session, job_id)
        if job is None:
            return "missing"  # the file (and with it the job) was deleted before the job ran
        if JobStatus(job.status).is_final:
            return "already_final"
        file = await get_file_unscoped(session, job.file_id)
        if file is None or file.org_id != job.org_id:
            # Fail closed: a job must never read another org's file, whoever forged it.
            await JobRepository(session, job.org_id).fail_unclaimed(job.id, "org_mismatch")
            await AuditLog(session).record(
                AuditEventName.JOB_ORG_MISMATCH,
                org_id=job.org_id,
                user_id=None,
                ip=None,
                metadata={"job_id": str(job.id), "file_id": str(job.file_id)},
            )
            log.error("job_org_mismatch", job_id=str(job.id))
            return "org_mismatch"
        if not FileStatus(file.status).has_raw_bytes:  # issue 3: purged or deleted by retention: nothing to read
            if await JobRepository(session, job.org_id).fail_unclaimed(job.id, "raw_file_deleted"):
                await AuditLog(session).record(
                    AuditEventName.JOB_FAILED,
                    org_id=job.org_id,
                    user_id=None,
                    ip=None,
                    metadata={"job_id": str(job.id), "file_id": str(file.id), "error_code": "raw_file_deleted"},
                )
            return "raw_file_deleted"
        repository = JobRepository(session, job.org_id)
        token = await repository.claim(job.id, lease_seconds=deps.settings.job_timeout_seconds)
        if token is None:
            return "not_claimed"
        attempt = await repository.attempts(job.id)
        await AuditLog(session).record(
            AuditEventName.JOB_STARTED,
            org_id=job.org_id,
            user_id=None,
            ip=None,
            metadata={"job_id": str(job.id), "file_id": str(file.id), "attempt": int(attempt)},
        )
        return ClaimedJob(job.id, job.org_id, file.id, file.s3_key, file.filename, token, int(attempt))


async def run_scan_job(deps: WorkerDeps, job_id: uuid.UUID) -> str:
    """Run one scan job; returns what happened (for logs and tests). Safe to call twice for the same job."""
    bind_context(job_id=str(job_id))
    claimed = await _claim(deps, job_id)
    if isinstance(claimed, str):
        log.info("job_skipped", reason=claimed)
        return claimed
    reporter = ProgressReporter(deps, asyncio.get_running_loop(), claimed.job_id, claimed.org_id, claimed.token)
    await reporter.emit({"phase": "starting", "attempt": claimed.attempt}, save=False)
    if deps.settings.environment == "test" and deps.settings.worker_test_pause_seconds:
        await asyncio.sleep(deps.settings.worker_test_pause_seconds)

    try:
        report = await asyncio.to_thread(_scan_object, deps.store, claimed.key, claimed.filename, reporter)
    except ScanError as error:
        await reporter.drain()
        return await _finish_failed(deps, claimed, reporter, error.code)
    except (ClientError, BotoCoreError, OSError) as error:
        await reporter.drain()
        log.warning("job_storage_error", error_type=type(error).__name__)
        return await _finish_failed(deps, claimed, reporter, "file_unavailable")
    await reporter.drain()

    if report.has_raw_passwords:
        return await _reject_raw_passwords(deps, claimed, reporter, report)

    # --- issue 5: LLM classification (orca_core/llm, docs/llm.md). Never fails the job: without a key, with the
    # org's switch off or the provider down, the document is the built-in report and its `llm` section says why.
    from orca_core.llm.service import report_with_llm

    report_document = await report_with_llm(deps.session_factory, deps.settings, claimed.org_id, claimed.job_id, report)
    # --- end of issue 5
    # Issue 3: the org's GDPR check off -> no PII classification in the stored report (orca_core/jobs/report_policy.py).
    report_document = await apply_org_report_policy(deps.session_factory, claimed.org_id, report_document)

    tables = len(report.tables)
    rows = sum(table.row_count for table in report.tables)
    final_progress = {"phase": "done", "rows": rows, "percent": 100}
    try:
        async with unit_of_work(deps.session_factory) as session:
            await ReportRepository(session, claimed.org_id).add_once(claimed.job_id, report_document)
            finished = await JobRepository(session, claimed.org_id).finish(
                claimed.job_id, claimed.token, JobStatus.COMPLETED, progress=final_progress
            )
            if not finished:
                raise LeaseLost()
            await AuditLog(session).record(
                AuditEventName.JOB_COMPLETED,
                org_id=claimed.org_id,
                user_id=None,
                ip=None,
                metadata={
                    "job_id": str(claimed.job_id),
                    "file_id": str(claimed.file_id),
                    "tables": tables,
                    "rows": rows,
                },
            )
            # Issue 3: retention `delete_raw_after_analysis` marks the file, in this transaction, for deletion.
            raw_deletion_due = await mark_raw_deletion_due(session, claimed.org_id, claimed.file_id)
    except LeaseLost:
        log.warning("job_lease_lost")
        return "lease_lost"
    if raw_deletion_due:  # issue 3: every S3 version, confirmed; on a storage failure the sweeper retries
        await delete_raw_file(deps.session_factory, deps.store, claimed.org_id, claimed.file_id)
    await reporter.emit(final_progress, save=False, status=JobStatus.COMPLETED.value)
    log.info("job_completed", rows=rows, tables=tables)
    return JobStatus.COMPLETED.value


async def _finish_failed(deps: WorkerDeps, claimed: ClaimedJob, reporter: ProgressReporter, code: str) -> str:
    progress = {"phase": "failed"}
    async with unit_of_work(deps.session_factory) as session:
        if not await JobRepository(session, claimed.org_id).finish(
            claimed.job_id, claimed.token, JobStatus.FAILED, error_code=code, progress=progress
        ):
            return "lease_lost"
        await AuditLog(session).record(
            AuditEventName.JOB_FAILED,
            org_id=claimed.org_id,
            user_id=None,
            ip=None,
            metadata={"job_id": str(claimed.job_id), "file_id": str(claimed.file_id), "error_code": code},
        )
    await reporter.emit({**progress, "error_code": code}, save=False, status=JobStatus.FAILED.value)
    log.info("job_failed", error_code=code)
    return JobStatus.FAILED.value


async def _reject_raw_passwords(
    deps: WorkerDeps, claimed: ClaimedJob, reporter: ProgressReporter, report: ScanReport
) -> str:
    columns = len(report.raw_passwords.get("columns", []) or [])
    del report  # nothing derived from the file is kept
    try:
        await deps.store.delete_every_version(claimed.key)
    except (DeletionNotConfirmed, StorageUnavailable):
        # The job goes back to the queue (the file is never reported on) and the purge is retried.
        async with unit_of_work(deps.session_factory) as session:
            await JobRepository(session, claimed.org_id).requeue(claimed.job_id, claimed.token, {"phase": "purging"})
        log.error("raw_password_purge_not_confirmed")
        raise RetryLater() from None

    progress = {"phase": "rejected"}
    async with unit_of_work(deps.session_factory) as session:
        finished = await JobRepository(session, claimed.org_id).finish(
            claimed.job_id, claimed.token, JobStatus.REJECTED, error_code="raw_passwords_detected", progress=progress
        )
        await FileRepository(session, claimed.org_id).mark_purged(claimed.file_id, utcnow())
        await AuditLog(session).record(
            AuditEventName.FILE_REJECTED_RAW_PASSWORD,
            org_id=claimed.org_id,
            user_id=None,
            ip=None,
            metadata={
                "stage": "worker_scan",
                "job_id": str(claimed.job_id),
                "file_id": str(claimed.file_id),
                "columns": columns,
                "lease_held": finished,
            },
        )
    await reporter.emit(
        {**progress, "error_code": "raw_passwords_detected"}, save=False, status=JobStatus.REJECTED.value
    )
    log.info("job_rejected_raw_passwords", columns=columns)
    return JobStatus.REJECTED.value


async def sweep(deps: WorkerDeps) -> dict[str, int]:
    """Re-enqueue `queued` jobs older than `sweeper_min_age_seconds` whose ARQ job does not exist (their
    enqueue was lost, e.g. Redis was down at upload time). The ARQ job id is derived from the job id, so a job
    that is in fact queued is not enqueued twice. Also fails `running` jobs whose lease expired long ago and
    that ARQ no longer holds (timed out, or out of retries): they are visible to the user as `worker_lost`."""
    settings = deps.settings
    now = utcnow()
    counts = {"enqueued": 0, "lost": 0, "raw_deleted": 0}
    async with unit_of_work(deps.session_factory) as session:
        stale = await stale_queued_jobs_unscoped(session, now - timedelta(seconds=settings.sweeper_min_age_seconds))
        stale_ids = [job.id for job in stale]
        expired = await expired_running_jobs_unscoped(session, now - timedelta(seconds=60))
    for job_id in stale_ids:
        status = await arq_job_status(deps.redis, settings, job_id)
        if status.value == "not_found" and await enqueue_scan(deps.redis, settings, job_id):
            counts["enqueued"] += 1
            log.info("job_reenqueued", job_id=str(job_id))
    for job_id, org_id in expired:
        status = await arq_job_status(deps.redis, settings, job_id)
        if status.value in ("not_found", "complete"):
            async with unit_of_work(deps.session_factory) as session:
                if await JobRepository(session, org_id).fail_unclaimed(job_id, "worker_lost"):
                    counts["lost"] += 1
                    await AuditLog(session).record(  # issue 3: a lost job is a failed job, audited like one
                        AuditEventName.JOB_FAILED,
                        org_id=org_id,
                        user_id=None,
                        ip=None,
                        metadata={"job_id": str(job_id), "error_code": "worker_lost"},
                    )
    counts["raw_deleted"] = await retry_pending_raw_deletions(deps.session_factory, deps.store)  # issue 3
    return counts
