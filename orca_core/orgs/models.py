"""ORM models of tenants and their members."""

from __future__ import annotations

import enum
import uuid
from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.orm import Mapped, mapped_column

from orca_core.db import Base, created_at_column, uuid_pk


class Role(enum.StrEnum):
    OWNER = "owner"
    ADMIN = "admin"
    MEMBER = "member"

    @property
    def is_admin(self) -> bool:
        return self in (Role.OWNER, Role.ADMIN)


class RetentionPolicy(enum.StrEnum):
    # Report kept, raw file kept for re-analysis (the product default).
    ANALYSIS_ONLY = "analysis_only"
    # Report kept; the worker deletes every S3 version of the raw file once the report is stored (issue 3).
    DELETE_RAW_AFTER_ANALYSIS = "delete_raw_after_analysis"


class Org(Base):
    __tablename__ = "orgs"
    __table_args__ = (
        CheckConstraint("retention_policy IN ('analysis_only', 'delete_raw_after_analysis')", name="retention_policy"),
    )

    id: Mapped[uuid.UUID] = uuid_pk()
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    retention_policy: Mapped[str] = mapped_column(
        Text, nullable=False, default=RetentionPolicy.ANALYSIS_ONLY.value, server_default="analysis_only"
    )
    gdpr_check_enabled: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True, server_default="true")
    # Issue 5 (migration 0006): masked samples may go to the LLM only when an admin turned this on (docs/llm.md).
    llm_classification_enabled: Mapped[bool] = mapped_column(
        Boolean, nullable=False, default=False, server_default="false"
    )
    # Issue 4 (migration 0004): members without 2FA get only an enrolment token until they enable it.
    require_2fa: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False, server_default="false")
    # Issue 4 (migration 0005): members must sign in through the org's SSO; owners keep an audited
    # password break-glass (orca_core/sso/enforcement.py, docs/sso.md).
    sso_enforced: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False, server_default="false")
    created_at: Mapped[datetime] = created_at_column()


class Membership(Base):
    __tablename__ = "memberships"
    __table_args__ = (
        UniqueConstraint("user_id", "org_id", name="uq_memberships_user_id_org_id"),
        CheckConstraint("role IN ('owner', 'admin', 'member')", name="role"),
    )

    id: Mapped[uuid.UUID] = uuid_pk()
    user_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True
    )
    org_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("orgs.id", ondelete="CASCADE"), nullable=False, index=True
    )
    role: Mapped[str] = mapped_column(Text, nullable=False)
    created_at: Mapped[datetime] = created_at_column()
