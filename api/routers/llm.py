"""/api/v1/llm: the LLM egress ledger of the caller's org (admins and owners only)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import AdminPrincipal, Session
from orca_core.llm.ledger import list_requests
from orca_core.llm.schemas import LlmRequestPage, LlmRequestRecord

router = APIRouter(prefix="/api/v1/llm", tags=["llm"])


@router.get("/requests", response_model=LlmRequestPage)
async def requests(
    principal: AdminPrincipal,
    session: Session,
    job_id: Annotated[uuid.UUID | None, Query(description="only the requests of this job")] = None,
    before_seq: Annotated[int | None, Query(ge=1, description="page: rows older than this ledger seq")] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> LlmRequestPage:
    """Every request sent to the LLM provider, newest first: model, SHA-256 of the exact body, masked values per
    column, tokens, latency and outcome. Another org's job id simply matches nothing."""
    rows = await list_requests(session, principal.org_id, job_id=job_id, before_seq=before_seq, limit=limit)
    records = [LlmRequestRecord.model_validate(row) for row in rows]
    next_before = records[-1].seq if len(records) == limit else None
    return LlmRequestPage(requests=records, next_before_seq=next_before)
