"""ORM models of LLM classification: the per-org verdict cache, token usage, and the egress bodies.

The ledger itself is the audit log (`llm_request` events, hash-chained); `llm_egress` keeps the exact masked
request body each ledger event hashed, so `orca llm verify` can re-derive that what went out was masked. A body is
written (and committed) *before* its bytes are handed to the network: no request leaves without its stored body.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import BigInteger, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.dialects.postgresql import JSONB, UUID
from sqlalchemy.orm import Mapped, mapped_column

from orca_core.db import Base, created_at_column, uuid_pk


class LlmVerdictCache(Base):
    """One LLM answer per (org, column fingerprint): a re-scan of the same data does not pay twice."""

    __tablename__ = "llm_verdict_cache"

    org_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("orgs.id", ondelete="CASCADE"), primary_key=True
    )
    # SHA-256 of the column's masked payload, its masked table context, the model and the prompt version.
    fingerprint: Mapped[str] = mapped_column(String(64), primary_key=True)
    model: Mapped[str] = mapped_column(Text, nullable=False)
    # {"category", "subtype", "confidence", "reason"}: derived from masked input only.
    answer: Mapped[dict[str, Any]] = mapped_column(JSONB, nullable=False)
    created_at: Mapped[datetime] = created_at_column()


class LlmTokenUsage(Base):
    """Tokens an org spent (or holds reserved) in one calendar month (UTC), for the per-org budget."""

    __tablename__ = "llm_token_usage"

    org_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("orgs.id", ondelete="CASCADE"), primary_key=True
    )
    month: Mapped[date] = mapped_column(Date, primary_key=True)  # the first day of the month
    tokens_used: Mapped[int] = mapped_column(BigInteger, nullable=False, default=0, server_default="0")
    requests: Mapped[int] = mapped_column(Integer, nullable=False, default=0, server_default="0")


class LlmEgress(Base):
    """The exact bytes of one request to the LLM provider (masked by construction), stored before it is sent.
    Its `llm_request` audit event, written once the attempt returns, names it by `egress_id` and holds its hash."""

    __tablename__ = "llm_egress"
    __table_args__ = (Index("ix_llm_egress_org_id_job_id", "org_id", "job_id"),)

    id: Mapped[uuid.UUID] = uuid_pk()
    org_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("orgs.id", ondelete="CASCADE"), nullable=False
    )
    job_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("jobs.id", ondelete="CASCADE"), nullable=False
    )
    request_sha256: Mapped[str] = mapped_column(String(64), nullable=False)
    body: Mapped[str] = mapped_column(Text, nullable=False)
    created_at: Mapped[datetime] = created_at_column()
