"""Issue 4 single sign-on: SAML and OIDC connections, identities keyed by (connection, subject), enforcement.

- orgs.sso_enforced: members of the org must sign in through SSO (owners keep an audited break-glass).
- sso_connections: one IdP of one org (SAML or OIDC); the OIDC client secret is stored AES-256-GCM encrypted.
- sso_identities: (connection, subject) -> user. Never keyed by email: an IdP cannot claim an existing account.
- sso_login_flows: SSO logins in progress (AuthnRequest ID or OIDC state/nonce/PKCE verifier, bound to a
  browser cookie) and the SHA-256 of the one-time code that is exchanged for tokens.
- sso_saml_assertions: the replay cache of accepted SAML assertion IDs, kept until the assertions expire.

The runtime role gets ordinary DML on the four new tables (as in 0001).

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-22
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import context, op
from sqlalchemy.dialects import postgresql

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("sso_connections", "sso_identities", "sso_login_flows", "sso_saml_assertions")


def _runtime_role() -> str:
    role = context.config.attributes["runtime_role"]
    return '"' + role.replace('"', '""') + '"'


def _uuid(name: str, nullable: bool = False) -> sa.Column[sa.Uuid[object]]:
    return sa.Column(name, postgresql.UUID(as_uuid=True), nullable=nullable)


def _id() -> sa.Column[sa.Uuid[object]]:
    return sa.Column("id", postgresql.UUID(as_uuid=True), server_default=sa.text("gen_random_uuid()"), nullable=False)


def _timestamp(name: str, nullable: bool = True) -> sa.Column[sa.DateTime]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def _created_at() -> sa.Column[sa.DateTime]:
    return sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False)


def _fk(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], [f"{target}.id"], name=op.f(f"fk_{table}_{column}_{target}"), ondelete="CASCADE"
    )


def upgrade() -> None:
    op.add_column("orgs", sa.Column("sso_enforced", sa.Boolean(), server_default=sa.false(), nullable=False))

    op.create_table(
        "sso_connections",
        _id(),
        _uuid("org_id"),
        sa.Column("protocol", sa.Text(), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("enabled", sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.Column("email_attribute", sa.String(255), nullable=True),
        sa.Column("name_attribute", sa.String(255), nullable=True),
        sa.Column("saml_idp_entity_id", sa.String(1024), nullable=True),
        sa.Column("saml_idp_sso_url", sa.String(2048), nullable=True),
        sa.Column("saml_idp_x509_certs", postgresql.ARRAY(sa.Text()), nullable=True),
        sa.Column("oidc_issuer", sa.String(2048), nullable=True),
        sa.Column("oidc_client_id", sa.String(255), nullable=True),
        sa.Column("oidc_client_secret_encrypted", postgresql.BYTEA(), nullable=True),
        sa.Column("oidc_authorization_endpoint", sa.String(2048), nullable=True),
        sa.Column("oidc_token_endpoint", sa.String(2048), nullable=True),
        sa.Column("oidc_token_endpoint_auth_method", sa.Text(), nullable=True),
        sa.Column("oidc_jwks_uri", sa.String(2048), nullable=True),
        sa.Column("oidc_jwks", postgresql.JSONB(), nullable=True),
        _timestamp("last_login_at"),
        _created_at(),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.CheckConstraint("protocol IN ('saml', 'oidc')", name=op.f("ck_sso_connections_protocol")),
        sa.CheckConstraint(
            "(protocol = 'saml' AND saml_idp_entity_id IS NOT NULL AND saml_idp_sso_url IS NOT NULL "
            "AND saml_idp_x509_certs IS NOT NULL) OR "
            "(protocol = 'oidc' AND oidc_issuer IS NOT NULL AND oidc_client_id IS NOT NULL "
            "AND oidc_client_secret_encrypted IS NOT NULL)",
            name=op.f("ck_sso_connections_protocol_fields"),
        ),
        _fk("sso_connections", "org_id", "orgs"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sso_connections")),
    )
    op.create_index(op.f("ix_sso_connections_org_id"), "sso_connections", ["org_id"])

    op.create_table(
        "sso_identities",
        _id(),
        _uuid("connection_id"),
        _uuid("org_id"),
        _uuid("user_id"),
        sa.Column("subject", sa.String(1024), nullable=False),
        sa.Column("email", sa.String(320), nullable=True),
        sa.Column("display_name", sa.String(255), nullable=True),
        _created_at(),
        _timestamp("last_login_at"),
        _fk("sso_identities", "connection_id", "sso_connections"),
        _fk("sso_identities", "org_id", "orgs"),
        _fk("sso_identities", "user_id", "users"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sso_identities")),
        sa.UniqueConstraint("connection_id", "subject", name="uq_sso_identities_connection_id_subject"),
    )
    op.create_index(op.f("ix_sso_identities_org_id"), "sso_identities", ["org_id"])
    op.create_index(op.f("ix_sso_identities_user_id"), "sso_identities", ["user_id"])

    op.create_table(
        "sso_login_flows",
        _id(),
        _uuid("connection_id"),
        _uuid("org_id"),
        sa.Column("protocol", sa.Text(), nullable=False),
        sa.Column("request_id", sa.String(255), nullable=False),
        sa.Column("nonce", sa.String(255), nullable=True),
        sa.Column("code_verifier", sa.String(255), nullable=True),
        sa.Column("relay_state", sa.String(1024), nullable=False),
        _created_at(),
        _timestamp("expires_at", nullable=False),
        _timestamp("answered_at"),
        _uuid("user_id", nullable=True),
        sa.Column("exchange_code_hash", sa.String(64), nullable=True),
        _timestamp("code_expires_at"),
        _timestamp("exchanged_at"),
        sa.CheckConstraint("protocol IN ('saml', 'oidc')", name=op.f("ck_sso_login_flows_protocol")),
        sa.CheckConstraint(
            "exchange_code_hash IS NULL OR exchange_code_hash ~ '^[0-9a-f]{64}$'",
            name=op.f("ck_sso_login_flows_code_hash_hex"),
        ),
        _fk("sso_login_flows", "connection_id", "sso_connections"),
        _fk("sso_login_flows", "org_id", "orgs"),
        _fk("sso_login_flows", "user_id", "users"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sso_login_flows")),
        sa.UniqueConstraint("exchange_code_hash", name=op.f("uq_sso_login_flows_exchange_code_hash")),
    )
    op.create_index(op.f("ix_sso_login_flows_connection_id"), "sso_login_flows", ["connection_id"])
    op.create_index(op.f("ix_sso_login_flows_expires_at"), "sso_login_flows", ["expires_at"])

    op.create_table(
        "sso_saml_assertions",
        _uuid("connection_id"),
        sa.Column("assertion_id", sa.String(255), nullable=False),
        _timestamp("expires_at", nullable=False),
        _fk("sso_saml_assertions", "connection_id", "sso_connections"),
        sa.PrimaryKeyConstraint("connection_id", "assertion_id", name=op.f("pk_sso_saml_assertions")),
    )
    op.create_index("ix_sso_saml_assertions_expires_at", "sso_saml_assertions", ["expires_at"])

    runtime = _runtime_role()
    for table in TABLES:
        op.execute(f"REVOKE ALL ON {table} FROM PUBLIC")
        op.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON {table} TO {runtime}")


def downgrade() -> None:
    runtime = _runtime_role()
    for table in TABLES:
        op.execute(f"REVOKE ALL ON {table} FROM {runtime}")
    op.drop_index("ix_sso_saml_assertions_expires_at", table_name="sso_saml_assertions")
    op.drop_table("sso_saml_assertions")
    op.drop_index(op.f("ix_sso_login_flows_expires_at"), table_name="sso_login_flows")
    op.drop_index(op.f("ix_sso_login_flows_connection_id"), table_name="sso_login_flows")
    op.drop_table("sso_login_flows")
    op.drop_index(op.f("ix_sso_identities_user_id"), table_name="sso_identities")
    op.drop_index(op.f("ix_sso_identities_org_id"), table_name="sso_identities")
    op.drop_table("sso_identities")
    op.drop_index(op.f("ix_sso_connections_org_id"), table_name="sso_connections")
    op.drop_table("sso_connections")
    op.drop_column("orgs", "sso_enforced")
