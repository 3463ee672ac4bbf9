"""The LLM egress ledger as the API lists it: the `llm_request` audit events of one org.

Kept apart from service.py so the API process lists the ledger without importing the classifier (and with it
the scan engine's numeric stack): the API's memory must stay small while uploads stream through it.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from orca_core.audit.models import AuditEvent
from orca_core.llm.repository import LlmRepository


def ledger_row(event: AuditEvent) -> dict[str, Any]:
    metadata = event.metadata_
    return {
        "seq": event.seq,
        "ts": event.ts,
        **{key: metadata.get(key) for key in LEDGER_FIELDS},
    }


LEDGER_FIELDS = (
    "job_id",
    "provider",
    "model",
    "request_sha256",
    "request_bytes",
    "masked_values_per_column",
    "tokens_in",
    "tokens_out",
    "latency_ms",
    "outcome",
    "http_status",
    "attempt",
    "egress_id",
)


async def list_requests(
    session: AsyncSession, org_id: uuid.UUID, *, job_id: uuid.UUID | None, before_seq: int | None, limit: int
) -> list[dict[str, Any]]:
    events = await LlmRepository(session, org_id).ledger(job_id=job_id, before_seq=before_seq, limit=limit)
    return [ledger_row(event) for event in events]
