"""/api/v1/audit: hash-chain verification of the caller's org (admins and owners only)."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel

from api.deps import AdminPrincipal, Session
from orca_core.audit.service import verify_chain

router = APIRouter(prefix="/api/v1/audit", tags=["audit"])


class ChainReportResponse(BaseModel):
    ok: bool
    rows_checked: int
    last_seq: int | None
    first_broken_seq: int | None
    reason: str | None


@router.get("/verify", response_model=ChainReportResponse)
async def verify(principal: AdminPrincipal, session: Session) -> ChainReportResponse:
    report = await verify_chain(session, principal.org_id)
    return ChainReportResponse(
        ok=report.ok,
        rows_checked=report.rows_checked,
        last_seq=report.last_seq,
        first_broken_seq=report.first_broken_seq,
        reason=report.reason,
    )
