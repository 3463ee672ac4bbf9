"""What a job-progress socket says, and the checks it repeats while open.

Frames (JSON text, server to client only):
- `{"type": "state", "job": {...}}` first, read from the database when the socket opens;
- `{"type": "progress", "event": {...}}` for each event the worker publishes on `job:{id}`;
- `{"type": "final", "job": {...}}` once the job is completed, failed or rejected (read from the database),
  after which the server closes with 1000.

The job document is the same as `GET /api/v1/jobs/{id}`. Progress events are filtered to known keys with
number or short-name values, so nothing the worker might one day add leaks through unseen.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from orca_core.identity.repository import SessionRepository
from orca_core.jobs.models import Job, JobStatus
from orca_core.jobs.repository import JobRepository
from orca_core.jobs.schemas import JobResponse
from orca_core.ws.tickets import TicketClaims

PROGRESS_KEYS = frozenset(
    {"job_id", "status", "phase", "rows", "bytes", "bytes_total", "percent", "attempt", "error_code"}
)
NAME_MAX_CHARS = 64


def job_document(job: Job) -> dict[str, Any]:
    return JobResponse.model_validate(job, from_attributes=True).model_dump(mode="json")


def state_frame(job: Job) -> dict[str, Any]:
    return {"type": "state", "job": job_document(job)}


def final_frame(job: Job) -> dict[str, Any]:
    return {"type": "final", "job": job_document(job)}


def is_final(job: Job) -> bool:
    return JobStatus(job.status).is_final


def progress_frame(raw: str | bytes) -> dict[str, Any] | None:
    """A published progress event as a frame, or None when it is not a well-formed event."""
    try:
        event = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        return None
    if not isinstance(event, dict):
        return None
    kept: dict[str, Any] = {}
    for key, value in event.items():
        if key not in PROGRESS_KEYS:
            continue
        number = isinstance(value, int | float) and not isinstance(value, bool)
        short_name = isinstance(value, str) and len(value) <= NAME_MAX_CHARS
        if value is None or number or short_name:
            kept[key] = value
    return {"type": "progress", "event": kept}


def event_status(frame: dict[str, Any]) -> str | None:
    status = frame["event"].get("status")
    return status if isinstance(status, str) else None


async def session_is_live(session: AsyncSession, claims: TicketClaims) -> bool:
    """The same checks as a REST request with the access token that asked for the ticket: account active,
    still a member of the org, that token not logged out, its session (refresh-token family) not revoked."""
    principal = await SessionRepository(session, claims.org_id).load_principal(
        user_id=claims.user_id, session_id=claims.session_id, jti=claims.jti
    )
    return principal is not None


async def load_job(session: AsyncSession, claims: TicketClaims, job_id: uuid.UUID) -> Job | None:
    """The job, only if the ticket was issued for it; scoped to the ticket's org like every other read."""
    if claims.job_id != job_id:
        return None
    return await JobRepository(session, claims.org_id).get(job_id)
