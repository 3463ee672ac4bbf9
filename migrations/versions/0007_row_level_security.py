"""Row-level security on every tenant table: the backstop behind the org-scoped repositories (docs/tenancy.md).

Each tenant table gets ENABLE and FORCE ROW LEVEL SECURITY (FORCE: the owner role, which the CLI and migrations
use, is bound too; only a superuser bypasses it) and one policy `tenant_isolation` for every command and every
role. A row is visible, and may be written, only when it belongs to the org named by the transaction's
`app.org_id` setting, or when `app.cross_org` is 'on' (the application's loudly named `cross_org` blocks, and
migrations, see env.py). With neither set, a session sees no tenant row at all.

Tables:
- with an `org_id` column: memberships, refresh_tokens, files, jobs, reports, audit_events, sso_connections,
  sso_identities, sso_login_flows, llm_verdict_cache, llm_token_usage, llm_egress. audit_events rows with a NULL
  org_id (the system chain) match no org, so only cross-org access reaches them.
- orgs: the org row is its tenant's own data (name, settings); keyed by `id`.
- sso_saml_assertions (the SAML replay cache): no org_id; its rows belong to their connection's org, which the
  policy looks up in sso_connections.
Not covered, on purpose: users, account_tokens, totp_credentials, backup_codes and revoked_access_tokens belong
to an account, not to an org (one person may belong to several orgs), and are read before any org is known.

The audit table's grants (INSERT and SELECT only for the runtime role) and its append-only trigger are untouched:
the policy adds a condition, it grants nothing. Row-level security never applies to TRUNCATE, which the trigger
still refuses.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-23
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

POLICY = "tenant_isolation"
# '' and NULL both mean "no org": NULLIF turns the empty string a transaction-local setting leaves behind into NULL,
# and `org_id = NULL` is never true.
CURRENT_ORG = "NULLIF(current_setting('app.org_id', true), '')::uuid"
CROSS_ORG = "current_setting('app.cross_org', true) = 'on'"

ORG_ID_TABLES = (
    "memberships",
    "refresh_tokens",
    "files",
    "jobs",
    "reports",
    "audit_events",
    "sso_connections",
    "sso_identities",
    "sso_login_flows",
    "llm_verdict_cache",
    "llm_token_usage",
    "llm_egress",
)

CONDITIONS = {
    **{table: f"org_id = {CURRENT_ORG} OR {CROSS_ORG}" for table in ORG_ID_TABLES},
    "orgs": f"id = {CURRENT_ORG} OR {CROSS_ORG}",
    # CROSS_ORG, or the row's connection belongs to CURRENT_ORG (spelled out: no SQL built by interpolation).
    "sso_saml_assertions": (
        "current_setting('app.cross_org', true) = 'on' OR EXISTS (SELECT 1 FROM sso_connections AS connection "
        "WHERE connection.id = sso_saml_assertions.connection_id "
        "AND connection.org_id = NULLIF(current_setting('app.org_id', true), '')::uuid)"
    ),
}


def upgrade() -> None:
    for table, condition in CONDITIONS.items():
        op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        op.execute(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")
        op.execute(
            f"CREATE POLICY {POLICY} ON {table} AS PERMISSIVE FOR ALL TO PUBLIC "
            f"USING ({condition}) WITH CHECK ({condition})"
        )


def downgrade() -> None:
    for table in reversed(list(CONDITIONS)):
        op.execute(f"DROP POLICY {POLICY} ON {table}")
        op.execute(f"ALTER TABLE {table} NO FORCE ROW LEVEL SECURITY")
        op.execute(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY")
