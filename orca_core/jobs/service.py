"""Reading jobs and reports for the API (org-scoped; a foreign org's job is a 404)."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from orca_core.errors import Conflict, NotFound
from orca_core.jobs.models import Job, JobStatus
from orca_core.jobs.repository import JobRepository, ReportRepository


class ReportNotReady(Conflict):
    code = "report_not_ready"
    detail = "The job has no report (it is not completed)."


class JobService:
    def __init__(self, session: AsyncSession, org_id: uuid.UUID) -> None:
        self.jobs = JobRepository(session, org_id)
        self.reports = ReportRepository(session, org_id)

    async def get(self, job_id: uuid.UUID) -> Job:
        job = await self.jobs.get(job_id)
        if job is None:
            raise NotFound()
        return job

    async def latest_for_file(self, file_id: uuid.UUID) -> Job | None:
        return await self.jobs.latest_for_file(file_id)

    async def report(self, job_id: uuid.UUID) -> dict[str, Any]:
        job = await self.get(job_id)
        report = await self.reports.get(job.id) if job.status == JobStatus.COMPLETED.value else None
        if report is None:
            raise ReportNotReady()
        return report.report
