"""Issue 4 accounts: email verification, password reset, TOTP 2FA and backup codes.

- users.email_verified_at: password login needs a verified address. Accounts that exist when this migration
  runs were created before verification existed; they are marked verified at their creation time rather than
  locked out.
- orgs.require_2fa: the org setting that confines members without 2FA to enrolment.
- account_tokens: single-use email tokens (verification, password reset), stored as SHA-256 digests.
- totp_credentials: one encrypted TOTP seed per user, with replay (last used step) and lockout state.
- backup_codes: single-use recovery codes, stored as salted SHA-256 digests.

The runtime role gets ordinary DML on the three new tables (as in 0001).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import context, op
from sqlalchemy.dialects import postgresql

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("account_tokens", "totp_credentials", "backup_codes")


def _runtime_role() -> str:
    role = context.config.attributes["runtime_role"]
    return '"' + role.replace('"', '""') + '"'


def _created_at() -> sa.Column[sa.DateTime]:
    return sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False)


def _user_fk(table: str) -> sa.ForeignKeyConstraint:
    name = op.f(f"fk_{table}_user_id_users")
    return sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=name, ondelete="CASCADE")


def upgrade() -> None:
    op.add_column("users", sa.Column("email_verified_at", sa.DateTime(timezone=True), nullable=True))
    op.execute("UPDATE users SET email_verified_at = created_at WHERE email_verified_at IS NULL")
    op.add_column("orgs", sa.Column("require_2fa", sa.Boolean(), server_default=sa.false(), nullable=False))

    op.create_table(
        "account_tokens",
        sa.Column("id", postgresql.UUID(as_uuid=True), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("user_id", postgresql.UUID(as_uuid=True), nullable=False),
        sa.Column("purpose", sa.Text(), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False),
        _created_at(),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        _user_fk("account_tokens"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_account_tokens")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_account_tokens_token_hash")),
        sa.CheckConstraint("token_hash ~ '^[0-9a-f]{64}$'", name=op.f("ck_account_tokens_token_hash_hex")),
        sa.CheckConstraint("purpose IN ('email_verify', 'password_reset')", name=op.f("ck_account_tokens_purpose")),
    )
    op.create_index(op.f("ix_account_tokens_user_id"), "account_tokens", ["user_id"])

    op.create_table(
        "totp_credentials",
        sa.Column("user_id", postgresql.UUID(as_uuid=True), nullable=False),
        sa.Column("seed_ciphertext", postgresql.BYTEA(), nullable=False),
        sa.Column("confirmed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_used_step", sa.BigInteger(), nullable=True),
        sa.Column("failed_attempts", sa.Integer(), server_default="0", nullable=False),
        sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
        _created_at(),
        _user_fk("totp_credentials"),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_totp_credentials")),
    )

    op.create_table(
        "backup_codes",
        sa.Column("id", postgresql.UUID(as_uuid=True), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("user_id", postgresql.UUID(as_uuid=True), nullable=False),
        sa.Column("code_hash", sa.String(64), nullable=False),
        _created_at(),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        _user_fk("backup_codes"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_backup_codes")),
        sa.UniqueConstraint("code_hash", name=op.f("uq_backup_codes_code_hash")),
        sa.CheckConstraint("code_hash ~ '^[0-9a-f]{64}$'", name=op.f("ck_backup_codes_code_hash_hex")),
    )
    op.create_index(op.f("ix_backup_codes_user_id"), "backup_codes", ["user_id"])

    runtime = _runtime_role()
    for table in TABLES:
        op.execute(f"REVOKE ALL ON {table} FROM PUBLIC")
        op.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON {table} TO {runtime}")


def downgrade() -> None:
    runtime = _runtime_role()
    for table in TABLES:
        op.execute(f"REVOKE ALL ON {table} FROM {runtime}")
    op.drop_index(op.f("ix_backup_codes_user_id"), table_name="backup_codes")
    op.drop_table("backup_codes")
    op.drop_table("totp_credentials")
    op.drop_index(op.f("ix_account_tokens_user_id"), table_name="account_tokens")
    op.drop_table("account_tokens")
    op.drop_column("orgs", "require_2fa")
    op.drop_column("users", "email_verified_at")
