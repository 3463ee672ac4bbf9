"""Uploads: files, scan jobs and their masked reports. The runtime role gets ordinary DML on all three.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import context, op
from sqlalchemy.dialects import postgresql

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("files", "jobs", "reports")


def _runtime_role() -> str:
    role = context.config.attributes["runtime_role"]
    return '"' + role.replace('"', '""') + '"'


def _uuid(name: str, nullable: bool = False) -> sa.Column[sa.Uuid[object]]:
    return sa.Column(name, postgresql.UUID(as_uuid=True), nullable=nullable)


def _created_at() -> sa.Column[sa.DateTime]:
    return sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False)


def upgrade() -> None:
    op.create_table(
        "files",
        sa.Column("id", postgresql.UUID(as_uuid=True), server_default=sa.text("gen_random_uuid()"), nullable=False),
        _uuid("org_id"),
        _uuid("uploaded_by", nullable=True),
        sa.Column("s3_key", sa.Text(), nullable=False),
        sa.Column("filename", sa.String(255), nullable=False),
        sa.Column("size_bytes", sa.BigInteger(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("format", sa.Text(), nullable=False),
        sa.Column("status", sa.Text(), nullable=False),
        _created_at(),
        sa.Column("purged_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("status IN ('stored', 'purged')", name=op.f("ck_files_status")),
        sa.CheckConstraint("size_bytes >= 0", name=op.f("ck_files_size_bytes")),
        sa.ForeignKeyConstraint(["org_id"], ["orgs.id"], name=op.f("fk_files_org_id_orgs"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(
            ["uploaded_by"], ["users.id"], name=op.f("fk_files_uploaded_by_users"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_files")),
        sa.UniqueConstraint("s3_key", name=op.f("uq_files_s3_key")),
    )
    op.create_index("ix_files_org_id_created_at", "files", ["org_id", "created_at"])
    op.create_table(
        "jobs",
        sa.Column("id", postgresql.UUID(as_uuid=True), server_default=sa.text("gen_random_uuid()"), nullable=False),
        _uuid("org_id"),
        _uuid("file_id"),
        sa.Column("status", sa.Text(), nullable=False),
        sa.Column("error_code", sa.Text(), nullable=True),
        sa.Column("progress", postgresql.JSONB(), server_default="{}", nullable=False),
        sa.Column("attempts", sa.Integer(), server_default="0", nullable=False),
        _uuid("lease_token", nullable=True),
        sa.Column("lease_expires_at", sa.DateTime(timezone=True), nullable=True),
        _created_at(),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "status IN ('queued', 'running', 'completed', 'failed', 'rejected')", name=op.f("ck_jobs_status")
        ),
        sa.ForeignKeyConstraint(["org_id"], ["orgs.id"], name=op.f("fk_jobs_org_id_orgs"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["file_id"], ["files.id"], name=op.f("fk_jobs_file_id_files"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_jobs")),
    )
    op.create_index(op.f("ix_jobs_file_id"), "jobs", ["file_id"])
    op.create_index("ix_jobs_org_id_created_at", "jobs", ["org_id", "created_at"])
    op.create_index("ix_jobs_status_created_at", "jobs", ["status", "created_at"])
    op.create_table(
        "reports",
        _uuid("job_id"),
        _uuid("org_id"),
        sa.Column("report", postgresql.JSONB(), nullable=False),
        _created_at(),
        sa.ForeignKeyConstraint(["job_id"], ["jobs.id"], name=op.f("fk_reports_job_id_jobs"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["org_id"], ["orgs.id"], name=op.f("fk_reports_org_id_orgs"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("job_id", name=op.f("pk_reports")),
    )
    op.create_index(op.f("ix_reports_org_id"), "reports", ["org_id"])

    runtime = _runtime_role()
    for table in TABLES:
        op.execute(f"REVOKE ALL ON {table} FROM PUBLIC")
        op.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON {table} TO {runtime}")


def downgrade() -> None:
    runtime = _runtime_role()
    for table in TABLES:
        op.execute(f"REVOKE ALL ON {table} FROM {runtime}")
    op.drop_index(op.f("ix_reports_org_id"), table_name="reports")
    op.drop_table("reports")
    op.drop_index("ix_jobs_status_created_at", table_name="jobs")
    op.drop_index("ix_jobs_org_id_created_at", table_name="jobs")
    op.drop_index(op.f("ix_jobs_file_id"), table_name="jobs")
    op.drop_table("jobs")
    op.drop_index("ix_files_org_id_created_at", table_name="files")
    op.drop_table("files")
