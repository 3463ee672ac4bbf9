"""/api/v1/audit: the caller's org's audit events and the verification of its hash chain (admins only)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel

from api.deps import AdminPrincipal, Session
from orca_core.audit.anchor import AnchorStore
from orca_core.audit.repository import AuditRepository
from orca_core.audit.service import verify_chain

router = APIRouter(prefix="/api/v1/audit", tags=["audit"])


class ChainReportResponse(BaseModel):
    ok: bool
    rows_checked: int
    last_seq: int | None
    first_broken_seq: int | None
    reason: str | None
    anchored_seq: int | None
    anchored_at: datetime | None


class AuditEventResponse(BaseModel):
    seq: int
    ts: datetime
    event: str
    user_id: uuid.UUID | None
    ip: str | None
    metadata: dict[str, Any]


@router.get("/events", response_model=list[AuditEventResponse])
async def list_events(
    principal: AdminPrincipal,
    session: Session,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    before_seq: Annotated[int | None, Query(ge=1)] = None,
) -> list[AuditEventResponse]:
    """The newest events first; page with `before_seq` (the smallest seq of the previous page)."""
    rows = await AuditRepository(session, principal.org_id).list_recent(limit, before_seq=before_seq)
    return [
        AuditEventResponse(
            seq=row.seq,
            ts=row.ts,
            event=row.event,
            user_id=row.user_id,
            ip=str(row.ip) if row.ip is not None else None,
            metadata=row.metadata_,
        )
        for row in rows
    ]


@router.get("/verify", response_model=ChainReportResponse)
async def verify(request: Request, principal: AdminPrincipal, session: Session) -> ChainReportResponse:
    anchor = await AnchorStore.from_settings(request.app.state.settings, request.app.state.store).latest(
        principal.org_id
    )
    report = await verify_chain(session, principal.org_id, anchor)
    return ChainReportResponse(
        ok=report.ok,
        rows_checked=report.rows_checked,
        last_seq=report.last_seq,
        first_broken_seq=report.first_broken_seq,
        reason=report.reason,
        anchored_seq=anchor.seq if anchor else None,
        anchored_at=anchor.anchored_at if anchor else None,
    )
