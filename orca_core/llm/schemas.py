"""Pydantic models of the LLM endpoints."""

from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel


class LlmRequestRecord(BaseModel):
    """One `llm_request` ledger row: what went to the provider, by hash and counts (never content)."""

    seq: int
    ts: datetime
    job_id: uuid.UUID | None
    provider: str | None
    model: str | None
    request_sha256: str | None
    request_bytes: int | None
    masked_values_per_column: dict[str, int]
    tokens_in: int | None
    tokens_out: int | None
    latency_ms: int | None
    outcome: str | None
    http_status: int | None
    attempt: int | None
    egress_id: uuid.UUID | None  # the stored copy of the body (`orca llm verify` checks it against the hash)


class LlmRequestPage(BaseModel):
    requests: list[LlmRequestRecord]
    # Pass as `before_seq` to get the next (older) page; null on the last page.
    next_before_seq: int | None
