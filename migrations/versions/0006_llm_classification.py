"""Issue 5: LLM classification settings, per-org column-verdict cache and token budget.

* `orgs.llm_classification_enabled` (default false): the org admin's switch.
* `llm_verdict_cache`: one LLM answer per (org, column fingerprint).
* `llm_token_usage`: tokens per org and calendar month, for the per-org budget.
* `llm_egress`: the exact masked request bodies the `llm_request` ledger events hash, each stored before it is
  sent. The runtime role may add and read them (and delete, for retention) but never rewrite one: a stored body
  is evidence.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-22
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import context, op
from sqlalchemy.dialects import postgresql

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

GRANTS = {
    "llm_verdict_cache": "SELECT, INSERT, UPDATE, DELETE",
    "llm_token_usage": "SELECT, INSERT, UPDATE, DELETE",
    "llm_egress": "SELECT, INSERT, DELETE",
}


def _runtime_role() -> str:
    role = context.config.attributes["runtime_role"]
    return '"' + role.replace('"', '""') + '"'


def _org_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(["org_id"], ["orgs.id"], name=op.f(f"fk_{table}_org_id_orgs"), ondelete="CASCADE")


def upgrade() -> None:
    op.add_column(
        "orgs", sa.Column("llm_classification_enabled", sa.Boolean(), server_default=sa.false(), nullable=False)
    )
    op.create_table(
        "llm_verdict_cache",
        sa.Column("org_id", postgresql.UUID(as_uuid=True), nullable=False),
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.Column("model", sa.Text(), nullable=False),
        sa.Column("answer", postgresql.JSONB(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        _org_fk("llm_verdict_cache"),
        sa.PrimaryKeyConstraint("org_id", "fingerprint", name=op.f("pk_llm_verdict_cache")),
    )
    op.create_table(
        "llm_token_usage",
        sa.Column("org_id", postgresql.UUID(as_uuid=True), nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("tokens_used", sa.BigInteger(), server_default="0", nullable=False),
        sa.Column("requests", sa.Integer(), server_default="0", nullable=False),
        _org_fk("llm_token_usage"),
        sa.PrimaryKeyConstraint("org_id", "month", name=op.f("pk_llm_token_usage")),
    )
    op.create_table(
        "llm_egress",
        sa.Column("id", postgresql.UUID(as_uuid=True), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("org_id", postgresql.UUID(as_uuid=True), nullable=False),
        sa.Column("job_id", postgresql.UUID(as_uuid=True), nullable=False),
        sa.Column("request_sha256", sa.String(64), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        _org_fk("llm_egress"),
        sa.ForeignKeyConstraint(["job_id"], ["jobs.id"], name=op.f("fk_llm_egress_job_id_jobs"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_llm_egress")),
    )
    op.create_index("ix_llm_egress_org_id_job_id", "llm_egress", ["org_id", "job_id"])

    runtime = _runtime_role()
    for table, privileges in GRANTS.items():
        op.execute(f"REVOKE ALL ON {table} FROM PUBLIC")
        op.execute(f"GRANT {privileges} ON {table} TO {runtime}")


def downgrade() -> None:
    runtime = _runtime_role()
    for table in GRANTS:
        op.execute(f"REVOKE ALL ON {table} FROM {runtime}")
    op.drop_index("ix_llm_egress_org_id_job_id", table_name="llm_egress")
    op.drop_table("llm_egress")
    op.drop_table("llm_token_usage")
    op.drop_table("llm_verdict_cache")
    op.drop_column("orgs", "llm_classification_enabled")
