"""ORM model of an uploaded file. The S3 key holds ids only; the client's filename is metadata."""

from __future__ import annotations

import enum
import uuid
from datetime import datetime

from sqlalchemy import BigInteger, CheckConstraint, DateTime, ForeignKey, Index, String, Text, text
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.orm import Mapped, mapped_column

from orca_core.db import Base, created_at_column, uuid_pk


class FileStatus(enum.StrEnum):
    STORED = "stored"
    # Raw passwords were found after storage: every S3 version is gone, the row stays as the record of it.
    PURGED = "purged"
    # Retention `delete_raw_after_analysis`: the report is stored and the raw bytes are due for deletion (the
    # worker deletes them right away; the sweeper retries if storage was down) ...
    RAW_DELETE_PENDING = "raw_delete_pending"
    # ... and are gone, every S3 version, confirmed. Reports stay; the file cannot be analysed again.
    RAW_DELETED = "raw_deleted"

    @property
    def has_raw_bytes(self) -> bool:
        return self is FileStatus.STORED


class File(Base):
    __tablename__ = "files"
    __table_args__ = (
        CheckConstraint("status IN ('stored', 'purged', 'raw_delete_pending', 'raw_deleted')", name="status"),
        CheckConstraint("size_bytes >= 0", name="size_bytes"),
        Index("ix_files_org_id_created_at", "org_id", "created_at"),
        # The sweeper's cross-org lookup of retention deletions still to confirm (migration 0003).
        Index("ix_files_raw_delete_pending", "created_at", postgresql_where=text("status = 'raw_delete_pending'")),
    )

    id: Mapped[uuid.UUID] = uuid_pk()
    org_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("orgs.id", ondelete="CASCADE"), nullable=False
    )
    uploaded_by: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    s3_key: Mapped[str] = mapped_column(Text, nullable=False, unique=True)
    filename: Mapped[str] = mapped_column(String(255), nullable=False)
    size_bytes: Mapped[int] = mapped_column(BigInteger, nullable=False)
    sha256: Mapped[str] = mapped_column(String(64), nullable=False)
    format: Mapped[str] = mapped_column(Text, nullable=False)
    status: Mapped[str] = mapped_column(Text, nullable=False, default=FileStatus.STORED.value)
    created_at: Mapped[datetime] = created_at_column()
    purged_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
