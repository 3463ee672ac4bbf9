"""All SQL about jobs and reports. Org-scoped repositories for requests; the worker's few unscoped reads are
named as such (a job id arrives from Redis without an org) and run in a `cross_org` block."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Select, and_, or_, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from orca_core.db import utcnow
from orca_core.jobs.models import Job, JobStatus, Report
from orca_core.orgs.repository import OrgScopedRepository
from orca_core.tenancy import cross_org


class JobRepository(OrgScopedRepository):
    def _base(self) -> Select[Job]:
        return select(Job).where(Job.org_id == self.org_id)

    async def add(self, file_id: uuid.UUID) -> Job:
        job = Job(org_id=self.org_id, file_id=file_id, status=JobStatus.QUEUED.value, progress={"phase": "queued"})
        self.session.add(job)
        await self.session.flush()
        return job

    async def get(self, job_id: uuid.UUID) -> Job | None:
        return (await self.session.execute(self._base().where(Job.id == job_id))).scalar_one_or_none()

    async def latest_for_file(self, file_id: uuid.UUID) -> Job | None:
        statement = self._base().where(Job.file_id == file_id).order_by(Job.created_at.desc()).limit(1)
        return (await self.session.execute(statement)).scalar_one_or_none()

    async def claim(self, job_id: uuid.UUID, lease_seconds: float) -> uuid.UUID | None:
        """Compare-and-set to `running`: from `queued`, or from a `running` whose lease expired (its worker
        died). Returns the new lease token, or None when another run owns the job or it is already final."""
        now = utcnow()
        token = uuid.uuid4()
        claimable = or_(
            Job.status == JobStatus.QUEUED.value,
            and_(Job.status == JobStatus.RUNNING.value, Job.lease_expires_at < now),
        )
        statement = (
            update(Job)
            .where(Job.org_id == self.org_id, Job.id == job_id, claimable)
            .values(
                status=JobStatus.RUNNING.value,
                lease_token=token,
                lease_expires_at=now + timedelta(seconds=lease_seconds),
                started_at=now,
                attempts=Job.attempts + 1,
                progress={"phase": "starting"},
            )
            .returning(Job.id)
        )
        claimed = (await self.session.execute(statement)).scalar_one_or_none()
        return token if claimed is not None else None

    async def attempts(self, job_id: uuid.UUID) -> int:
        statement = select(Job.attempts).where(Job.org_id == self.org_id, Job.id == job_id)
        return int((await self.session.execute(statement)).scalar_one())

    async def requeue(self, job_id: uuid.UUID, token: uuid.UUID, progress: dict[str, Any]) -> bool:
        """Give our own run back to the queue (a retry will claim it again); False when we no longer own it."""
        statement = (
            update(Job)
            .where(Job.org_id == self.org_id, Job.id == job_id, Job.lease_token == token)
            .values(status=JobStatus.QUEUED.value, lease_token=None, lease_expires_at=None, progress=progress)
            .returning(Job.id)
        )
        return (await self.session.execute(statement)).scalar_one_or_none() is not None

    async def set_progress(self, job_id: uuid.UUID, token: uuid.UUID, progress: dict[str, Any]) -> None:
        await self.session.execute(
            update(Job)
            .where(Job.org_id == self.org_id, Job.id == job_id, Job.lease_token == token)
            .values(progress=progress)
        )

    async def finish(
        self,
        job_id: uuid.UUID,
        token: uuid.UUID,
        status: JobStatus,
        *,
        error_code: str | None = None,
        progress: dict[str, Any] | None = None,
    ) -> bool:
        """Compare-and-set from our own `running` run to a final status; False when we no longer own it."""
        values: dict[str, Any] = {
            "status": status.value,
            "error_code": error_code,
            "finished_at": utcnow(),
            "lease_token": None,
            "lease_expires_at": None,
        }
        if progress is not None:
            values["progress"] = progress
        statement = (
            update(Job)
            .where(
                Job.org_id == self.org_id,
                Job.id == job_id,
                Job.status == JobStatus.RUNNING.value,
                Job.lease_token == token,
            )
            .values(**values)
            .returning(Job.id)
        )
        return (await self.session.execute(statement)).scalar_one_or_none() is not None

    async def fail_unclaimed(self, job_id: uuid.UUID, error_code: str) -> bool:
        """A job that must not run at all (org mismatch): fail it unless a run already finished it."""
        statement = (
            update(Job)
            .where(
                Job.org_id == self.org_id,
                Job.id == job_id,
                Job.status.in_([JobStatus.QUEUED.value, JobStatus.RUNNING.value]),
            )
            .values(status=JobStatus.FAILED.value, error_code=error_code, finished_at=utcnow(), lease_token=None)
            .returning(Job.id)
        )
        return (await self.session.execute(statement)).scalar_one_or_none() is not None


class ReportRepository(OrgScopedRepository):
    async def add_once(self, job_id: uuid.UUID, report: dict[str, Any]) -> None:
        """Idempotent: a job that runs twice keeps the first report."""
        statement = (
            insert(Report)
            .values(job_id=job_id, org_id=self.org_id, report=report)
            .on_conflict_do_nothing(index_elements=[Report.job_id])
        )
        await self.session.execute(statement)

    async def get(self, job_id: uuid.UUID) -> Report | None:
        statement = select(Report).where(Report.org_id == self.org_id, Report.job_id == job_id)
        return (await self.session.execute(statement)).scalar_one_or_none()


async def get_job_unscoped(session: AsyncSession, job_id: uuid.UUID) -> Job | None:
    """The worker's entry point: a job id from the queue, before its org is known."""
    with cross_org(session):
        return (await session.execute(select(Job).where(Job.id == job_id))).scalar_one_or_none()


async def stale_queued_jobs_unscoped(session: AsyncSession, older_than: datetime, limit: int = 500) -> list[Job]:
    """The sweeper's view across orgs: queued jobs whose enqueue may have been lost."""
    statement = (
        select(Job)
        .where(Job.status == JobStatus.QUEUED.value, Job.created_at < older_than)
        .order_by(Job.created_at)
        .limit(limit)
    )
    with cross_org(session):
        return list((await session.execute(statement)).scalars().all())


async def expired_running_jobs_unscoped(
    session: AsyncSession, expired_before: datetime, limit: int = 500
) -> list[tuple[uuid.UUID, uuid.UUID]]:
    """The sweeper's other view across orgs: (job id, org id) of `running` jobs whose lease ran out before
    `expired_before` (their worker died, or ARQ gave up on them)."""
    statement = (
        select(Job.id, Job.org_id)
        .where(Job.status == JobStatus.RUNNING.value, Job.lease_expires_at < expired_before)
        .order_by(Job.lease_expires_at)
        .limit(limit)
    )
    with cross_org(session):
        return [(row.id, row.org_id) for row in (await session.execute(statement)).all()]
