"""/api/v1/jobs: a job's status and progress, and its masked report."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from api.deps import CurrentPrincipal, Session
from orca_core.jobs.schemas import JobResponse
from orca_core.jobs.service import JobService

router = APIRouter(prefix="/api/v1/jobs", tags=["jobs"])


@router.get("/{job_id}", response_model=JobResponse)
async def get_job(job_id: uuid.UUID, principal: CurrentPrincipal, session: Session) -> JobResponse:
    job = await JobService(session, principal.org_id).get(job_id)
    return JobResponse.model_validate(job, from_attributes=True)


@router.get("/{job_id}/report", response_model=dict[str, Any])
async def get_report(job_id: uuid.UUID, principal: CurrentPrincipal, session: Session) -> JSONResponse:
    """The masked JSON report, the same document `orca scan --json` prints."""
    return JSONResponse(await JobService(session, principal.org_id).report(job_id))
