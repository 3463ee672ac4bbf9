"""Issue 3 remainder: the `delete_raw_after_analysis` retention policy and the file states it needs.

- `orgs.retention_policy` may also be `delete_raw_after_analysis` (the worker deletes the raw file once the
  report is stored);
- `files.status` may also be `raw_delete_pending` (report stored, raw bytes due for deletion) and `raw_deleted`
  (every S3 version gone, confirmed).

WebSocket tickets live in Redis only (as hashes, with a TTL): no table.

Downgrade: orgs go back to `analysis_only` (their files are kept from then on) and files whose raw bytes are gone
or going become `purged`, the one older state meaning "no raw bytes, cannot be analysed".

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.drop_constraint(op.f("ck_orgs_retention_policy"), "orgs", type_="check")
    op.create_check_constraint(
        op.f("ck_orgs_retention_policy"),
        "orgs",
        "retention_policy IN ('analysis_only', 'delete_raw_after_analysis')",
    )
    op.drop_constraint(op.f("ck_files_status"), "files", type_="check")
    op.create_check_constraint(
        op.f("ck_files_status"), "files", "status IN ('stored', 'purged', 'raw_delete_pending', 'raw_deleted')"
    )
    # The sweeper looks for pending deletions across orgs: keep that lookup off a full scan.
    op.create_index(
        "ix_files_raw_delete_pending",
        "files",
        ["created_at"],
        postgresql_where="status = 'raw_delete_pending'",
    )


def downgrade() -> None:
    op.drop_index("ix_files_raw_delete_pending", table_name="files")
    op.execute("UPDATE files SET status = 'purged' WHERE status IN ('raw_delete_pending', 'raw_deleted')")
    op.drop_constraint(op.f("ck_files_status"), "files", type_="check")
    op.create_check_constraint(op.f("ck_files_status"), "files", "status IN ('stored', 'purged')")
    op.execute("UPDATE orgs SET retention_policy = 'analysis_only' WHERE retention_policy <> 'analysis_only'")
    op.drop_constraint(op.f("ck_orgs_retention_policy"), "orgs", type_="check")
    op.create_check_constraint(op.f("ck_orgs_retention_policy"), "orgs", "retention_policy IN ('analysis_only')")
