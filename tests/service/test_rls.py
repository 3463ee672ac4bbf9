"""Battery A7: PostgreSQL row-level security as the backstop of tenant isolation (migration 0007,
orca_core/tenancy.py, docs/tenancy.md).

The raw-SQL checks run in a private database seeded with one row of every tenant table for each of two orgs, so
they can count rows exactly; the request check runs against the service's own test database and app.
"""

from __future__ import annotations

import asyncio
import json
import re
import subprocess
import sys
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import asyncpg
import pytest
from sqlalchemy import event, func, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import create_async_engine

from orca_core.db import Base, create_session_factory, unit_of_work
from orca_core.files.models import File
from orca_core.files.repository import FileRepository
from orca_core.jobs.models import Job
from orca_core.jobs.repository import JobRepository, get_job_unscoped
from orca_core.orgs.repository import OrgRepository
from orca_core.service_cli import migrate
from orca_core.tenancy import act_for_org, cross_org
from tests.service.conftest import (
    create_test_database,
    drop_test_database,
    make_client,
    make_settings,
    register_and_login,
    run_sync,
    upload_file,
)
from tests.service.test_migrations import import_every_model_module

if TYPE_CHECKING:
    from tests.service.conftest import TestDatabase

# Tables that hold no tenant data, and why: each belongs to an account (a person may belong to several orgs) and is
# read before any org is known. A new table must be added here or get a policy (test below).
NOT_TENANT_TABLES = {
    "alembic_version": "migration bookkeeping",
    "users": "accounts, shared by the orgs a person belongs to",
    "account_tokens": "an account's email tokens, spent before any org is known",
    "totp_credentials": "an account's second factor",
    "backup_codes": "an account's second factor",
    "revoked_access_tokens": "an account's denylisted access tokens",
}
# Tenant tables without an org_id column: the policy finds their org another way (migration 0007).
PARENT_KEYED_TABLES = {"orgs", "sso_saml_assertions"}


# --- schema: every tenant table has forced RLS and the policy ------------------------------------------------------

POLICY_STATE_SQL = """
SELECT c.relname AS table_name,
       c.relrowsecurity AS enabled,
       c.relforcerowsecurity AS forced,
       EXISTS (SELECT 1 FROM pg_attribute a
               WHERE a.attrelid = c.oid AND a.attname = 'org_id' AND a.attnum > 0 AND NOT a.attisdropped)
           AS has_org_id,
       coalesce((SELECT array_agg(p.policyname || '|' || p.cmd || '|' || p.permissive || '|'
                                  || array_to_string(p.roles, ',') || '|' || coalesce(p.qual, '') || '|'
                                  || coalesce(p.with_check, ''))
                 FROM pg_policies p WHERE p.schemaname = 'public' AND p.tablename = c.relname), '{}') AS policies
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
"""


async def policy_state(dsn: str) -> dict[str, asyncpg.Record]:
    connection = await asyncpg.connect(dsn)
    try:
        return {row["table_name"]: row for row in await connection.fetch(POLICY_STATE_SQL)}
    finally:
        await connection.close()


def policy_ok(row: asyncpg.Record) -> bool:
    """Forced RLS and exactly our one policy, for every command and role, checking reads AND writes by org."""
    if not (row["enabled"] and row["forced"] and len(row["policies"]) == 1):
        return False
    name, command, permissive, roles, qual, with_check = row["policies"][0].split("|")
    return (
        (name, command, permissive, roles) == ("tenant_isolation", "ALL", "PERMISSIVE", "public")
        and "app.org_id" in qual
        and qual == with_check
    )


async def test_a7_every_table_with_an_org_id_column_has_forced_rls_and_the_policy(test_database):
    state = await policy_state(test_database.superuser_dsn)
    with_org_id = {name for name, row in state.items() if row["has_org_id"]}
    # The ORM's view agrees with the database's (a model with org_id whose table the migrations forgot, or the
    # reverse, shows up here as well as in test_migrations).
    import_every_model_module()
    orm_with_org_id = {table.name for table in Base.metadata.sorted_tables if "org_id" in table.columns}
    assert orm_with_org_id == with_org_id
    assert {"memberships", "refresh_tokens", "files", "jobs", "reports", "audit_events", "llm_egress"} <= with_org_id
    missing = sorted(name for name in with_org_id if not policy_ok(state[name]))
    assert missing == [], f"tables with org_id but without forced RLS and the tenant_isolation policy: {missing}"
    for name in PARENT_KEYED_TABLES:
        assert policy_ok(state[name]), name


async def test_a7_every_table_is_either_under_rls_or_declared_not_tenant_data(test_database):
    state = await policy_state(test_database.superuser_dsn)
    unprotected = {name for name, row in state.items() if not row["enabled"]}
    assert unprotected == set(NOT_TENANT_TABLES), "a new table must get a policy or a reason in NOT_TENANT_TABLES"
    for name in NOT_TENANT_TABLES:
        if name != "alembic_version":
            assert not state[name]["has_org_id"], name


async def test_a7_neither_application_role_can_bypass_rls(test_database):
    """Superusers and BYPASSRLS roles skip every policy: the owner and runtime roles must be neither."""
    connection = await asyncpg.connect(test_database.superuser_dsn)
    try:
        rows = await connection.fetch(
            "SELECT rolname, rolsuper, rolbypassrls FROM pg_roles WHERE rolname = ANY($1::text[])",
            [test_database.owner_role, test_database.runtime_role],
        )
    finally:
        await connection.close()
    assert len(rows) == 2
    assert all(not row["rolsuper"] and not row["rolbypassrls"] for row in rows)


# --- a private database with one row of every tenant table per org -----------------------------------------------


@dataclass(frozen=True)
class SeededOrg:
    org_id: uuid.UUID
    user_id: uuid.UUID
    file_id: uuid.UUID
    job_id: uuid.UUID
    connection_id: uuid.UUID


def _uuid() -> uuid.UUID:
    return uuid.uuid4()


# One INSERT per tenant table, naming the seeded org's ids as :org, :user, :file, :job and :connection; used to seed
# as the superuser and, with a foreign org, to check that the policy refuses the write.
INSERTS = {
    "orgs": "INSERT INTO orgs (id, name) VALUES (:org::uuid, 'org ' || :org::text)",
    "memberships": "INSERT INTO memberships (user_id, org_id, role) VALUES (:user, :org, 'owner')",
    "refresh_tokens": (
        "INSERT INTO refresh_tokens (token_hash, family_id, user_id, org_id, expires_at) "
        "VALUES (encode(sha256(gen_random_uuid()::text::bytea), 'hex'), gen_random_uuid(), :user, :org, "
        "now() + interval '1 day')"
    ),
    "files": (
        "INSERT INTO files (id, org_id, s3_key, filename, size_bytes, sha256, format, status) "
        "VALUES (:file, :org, 'rls/' || gen_random_uuid()::text, 'f.csv', 1, repeat('0', 64), 'csv', 'stored')"
    ),
    "jobs": "INSERT INTO jobs (id, org_id, file_id, status) VALUES (:job, :org, :file, 'completed')",
    "reports": "INSERT INTO reports (job_id, org_id, report) VALUES (:job, :org, '{}')",
    "audit_events": (
        "INSERT INTO audit_events (org_id, user_id, ts, event, metadata, prev_hash, hash) "
        "VALUES (:org, :user, now(), 'register', '{}', repeat('0', 64), repeat('1', 64))"
    ),
    "sso_connections": (
        "INSERT INTO sso_connections (id, org_id, protocol, name, saml_idp_entity_id, saml_idp_sso_url, "
        "saml_idp_x509_certs) VALUES (:connection, :org, 'saml', 'idp', 'https://idp.example', "
        "'https://idp.example/sso', ARRAY['cert'])"
    ),
    "sso_identities": (
        "INSERT INTO sso_identities (connection_id, org_id, user_id, subject) "
        "VALUES (:connection, :org, :user, gen_random_uuid()::text)"
    ),
    "sso_login_flows": (
        "INSERT INTO sso_login_flows (connection_id, org_id, protocol, request_id, relay_state, expires_at) "
        "VALUES (:connection, :org, 'saml', gen_random_uuid()::text, '/', now() + interval '1 hour')"
    ),
    "sso_saml_assertions": (
        "INSERT INTO sso_saml_assertions (connection_id, assertion_id, expires_at) "
        "VALUES (:connection, gen_random_uuid()::text, now() + interval '1 hour')"
    ),
    "llm_verdict_cache": (
        "INSERT INTO llm_verdict_cache (org_id, fingerprint, model, answer) "
        "VALUES (:org, encode(sha256(gen_random_uuid()::text::bytea), 'hex'), 'm', '{}')"
    ),
    "llm_token_usage": (
        "INSERT INTO llm_token_usage (org_id, month, tokens_used) "
        "VALUES (:org, date '2000-01-01' + (random() * 10000)::int, 1)"
    ),
    "llm_egress": (
        "INSERT INTO llm_egress (org_id, job_id, request_sha256, body) VALUES (:org, :job, repeat('0', 64), '{}')"
    ),
}
# How each table's rows name their org (for counting what a scope should see).
ORG_OF = {
    **{table: "org_id" for table in INSERTS},
    "orgs": "id",
    "sso_saml_assertions": "(SELECT c.org_id FROM sso_connections c WHERE c.id = connection_id)",
}
# A column each table can be "updated" with, unchanged.
NO_OP_SET = {
    **{table: "org_id = org_id" for table in INSERTS},
    "orgs": "id = id",
    "sso_saml_assertions": "assertion_id = assertion_id",
}


def _bind(sql: str, org: SeededOrg) -> tuple[str, list[Any]]:
    """`sql` with asyncpg's $n placeholders, and its arguments (PostgreSQL refuses parameters a statement does not
    use, so only the named ones are passed)."""
    values = {
        "org": org.org_id,
        "user": org.user_id,
        "file": org.file_id,
        "job": org.job_id,
        "connection": org.connection_id,
    }
    names: list[str] = []

    def number(match: re.Match[str]) -> str:
        if match.group(1) not in names:
            names.append(match.group(1))
        return f"${names.index(match.group(1)) + 1}"

    return re.sub(r"(?<!:):(org|user|file|job|connection)\b", number, sql), [values[name] for name in names]


async def _seed_org(superuser: asyncpg.Connection) -> SeededOrg:
    org = SeededOrg(_uuid(), _uuid(), _uuid(), _uuid(), _uuid())
    await superuser.execute("INSERT INTO users (id, email) VALUES ($1::uuid, $1::text || '@example.org')", org.user_id)
    for sql in INSERTS.values():
        statement, args = _bind(sql, org)
        await superuser.execute(statement, *args)
    return org


@dataclass(frozen=True)
class SeededDatabase:
    database: TestDatabase
    a: SeededOrg
    b: SeededOrg


@pytest.fixture(scope="module")
def seeded() -> Iterator[SeededDatabase]:
    database = create_test_database("orca_rls")
    try:
        migrate(make_settings(database))

        async def seed() -> tuple[SeededOrg, SeededOrg]:
            superuser = await asyncpg.connect(database.superuser_dsn)
            try:
                a, b = await _seed_org(superuser), await _seed_org(superuser)
                # The system chain: an audit row of no org.
                await superuser.execute(
                    "INSERT INTO audit_events (org_id, ts, event, metadata, prev_hash, hash) "
                    "VALUES (NULL, now(), 'login_failed', '{}', repeat('0', 64), repeat('2', 64))"
                )
                return a, b
            finally:
                await superuser.close()

        a, b = run_sync(seed())
        yield SeededDatabase(database, a, b)
    finally:
        drop_test_database(database)


async def _counts(connection: asyncpg.Connection, org_id: uuid.UUID | None = None) -> dict[str, int]:
    """Rows per tenant table, all of them or (with `org_id`) those of one org, as this connection sees them."""
    counts = {}
    for table, org_expression in ORG_OF.items():
        where = "" if org_id is None else f" WHERE {org_expression} = $1"
        args = () if org_id is None else (org_id,)
        counts[table] = await connection.fetchval(f"SELECT count(*) FROM {table} AS t{where}", *args)
    return counts


async def test_a7_seed_covers_every_table_under_rls(seeded):
    state = await policy_state(seeded.database.superuser_dsn)
    assert {name for name, row in state.items() if row["enabled"]} == set(INSERTS)


@pytest.mark.parametrize("role", ["runtime", "owner"])
async def test_a7_without_a_scope_every_tenant_table_reads_empty(seeded, role):
    superuser = await asyncpg.connect(seeded.database.superuser_dsn)
    try:
        for org in (seeded.a, seeded.b):
            assert all(count >= 1 for count in (await _counts(superuser, org.org_id)).values())
    finally:
        await superuser.close()
    dsn = seeded.database.runtime_dsn if role == "runtime" else seeded.database.owner_dsn
    connection = await asyncpg.connect(dsn)
    try:
        assert await connection.fetchval("SELECT current_setting('app.org_id', true)") is None
        assert await _counts(connection) == dict.fromkeys(ORG_OF, 0)
        # An empty setting (what a finished transaction-local set_config leaves behind) is no scope either.
        async with connection.transaction():
            await connection.execute("SELECT set_config('app.org_id', '', true)")
            assert await _counts(connection) == dict.fromkeys(ORG_OF, 0)
        assert await _counts(connection) == dict.fromkeys(ORG_OF, 0)
    finally:
        await connection.close()


async def test_a7_a_scope_shows_exactly_its_own_orgs_rows(seeded):
    superuser = await asyncpg.connect(seeded.database.superuser_dsn)
    connection = await asyncpg.connect(seeded.database.runtime_dsn)
    try:
        for org, other in ((seeded.a, seeded.b), (seeded.b, seeded.a)):
            expected = await _counts(superuser, org.org_id)
            async with connection.transaction():
                await connection.execute("SELECT set_config('app.org_id', $1, true)", str(org.org_id))
                assert await _counts(connection) == expected  # every row visible is the org's own ...
                assert await _counts(connection, org.org_id) == expected  # ... and all of them are
                assert await _counts(connection, other.org_id) == dict.fromkeys(ORG_OF, 0)
                # The system chain (audit rows of no org) is not any org's.
                assert await connection.fetchval("SELECT count(*) FROM audit_events WHERE org_id IS NULL") == 0
            # Transaction-local: gone with the transaction.
            assert await _counts(connection) == dict.fromkeys(ORG_OF, 0)
        async with connection.transaction():
            await connection.execute("SELECT set_config('app.cross_org', 'on', true)")
            assert await _counts(connection) == await _counts(superuser)
            assert await connection.fetchval("SELECT count(*) FROM audit_events WHERE org_id IS NULL") >= 1
    finally:
        await connection.close()
        await superuser.close()


@pytest.mark.parametrize("table", sorted(INSERTS))
async def test_a7_writing_a_row_of_another_org_is_refused(seeded, table):
    """Scoped to A, an INSERT of B's row fails the policy's WITH CHECK; moving A's row to B too; B's rows cannot
    be changed or deleted (they are not there)."""
    connection = await asyncpg.connect(seeded.database.runtime_dsn)
    try:
        async with connection.transaction():
            await connection.execute("SELECT set_config('app.org_id', $1, true)", str(seeded.a.org_id))
            # B's row (for orgs: a new org, which is nobody's scope). The policy is checked before any key constraint.
            foreign = SeededOrg(_uuid(), *[_uuid()] * 4) if table == "orgs" else seeded.b
            sql, args = _bind(INSERTS[table], foreign)
            with pytest.raises(asyncpg.InsufficientPrivilegeError, match="row-level security"):
                async with connection.transaction():
                    await connection.execute(sql, *args)
            if table == "audit_events":  # the runtime role may not UPDATE or DELETE audit rows at all
                return
            org_column = "id" if table == "orgs" else "org_id"
            # (sso_saml_assertions has no org column to move; llm_egress rows can never be updated, see below.)
            if table not in ("sso_saml_assertions", "llm_egress"):
                with pytest.raises(asyncpg.InsufficientPrivilegeError, match="row-level security"):
                    async with connection.transaction():
                        await connection.execute(
                            f"UPDATE {table} SET {org_column} = $1 WHERE {org_column} = $2",
                            seeded.b.org_id,
                            seeded.a.org_id,
                        )
            if table != "llm_egress":  # llm_egress rows are never rewritten: the runtime role has no UPDATE
                updated = await connection.execute(
                    f"UPDATE {table} SET {NO_OP_SET[table]} WHERE {ORG_OF[table]} = $1",
                    seeded.b.org_id,
                )
                assert updated == "UPDATE 0"
            deleted = await connection.execute(f"DELETE FROM {table} WHERE {ORG_OF[table]} = $1", seeded.b.org_id)
            assert deleted == "DELETE 0"
    finally:
        await connection.close()


# --- the application's side: the session's scope reaches every kind of statement ---------------------------------


@pytest.fixture
async def sessions(seeded: SeededDatabase) -> AsyncIterator[Any]:
    """The app's session factory over ONE pooled connection, so every session below reuses the same connection."""
    engine = create_async_engine(seeded.database.runtime_url, pool_size=1, max_overflow=0)
    try:
        yield create_session_factory(engine)
    finally:
        await engine.dispose()


async def _file_orgs(session: Any) -> set[uuid.UUID]:
    """A "forgotten WHERE clause": every file's org, as a plain Core statement through the session."""
    return set((await session.execute(select(File.org_id))).scalars())


def _new_file(org_id: uuid.UUID) -> File:
    return File(
        org_id=org_id, s3_key=f"rls/{uuid.uuid4()}", filename="f.csv", size_bytes=1, sha256="0" * 64, format="csv"
    )


async def test_a7_the_sessions_scope_covers_core_statements_get_and_flush(sessions, seeded):
    a, b = seeded.a, seeded.b
    async with sessions() as session:
        # A flush as the transaction's first statement (a flush does not go through do_orm_execute).
        act_for_org(session, a.org_id)
        session.add(_new_file(a.org_id))
        await session.flush()
        await session.rollback()
    async with sessions() as session:
        assert await _file_orgs(session) == set()  # a session that declared nothing sees no tenant row
        FileRepository(session, a.org_id)  # building a repository declares its org
        assert await _file_orgs(session) == {a.org_id}
        assert await session.get(File, b.file_id) is None
        assert (await session.get(File, a.file_id)) is not None
        count = (await session.execute(select(func.count()).select_from(Job))).scalar_one()
        assert count == 1
        session.add(_new_file(a.org_id))
        await session.flush()  # the org's own row: accepted
        session.add(_new_file(b.org_id))
        with pytest.raises(DBAPIError, match="row-level security"):
            await session.flush()
        await session.rollback()


async def test_a7_cross_org_is_a_block_and_the_previous_scope_comes_back(sessions, seeded):
    a, b = seeded.a, seeded.b
    async with sessions() as session:
        act_for_org(session, a.org_id)
        with cross_org(session):
            assert await _file_orgs(session) == {a.org_id, b.org_id}
        assert await _file_orgs(session) == {a.org_id}
        job = await get_job_unscoped(session, b.job_id)  # an `_unscoped` lookup runs in its own cross_org block
        assert job is not None and job.org_id == b.org_id
        assert await _file_orgs(session) == {a.org_id}


async def test_a7_repositories_of_two_orgs_share_a_session_each_in_its_own_scope(sessions, seeded):
    a, b = seeded.a, seeded.b
    async with sessions() as session:
        files_a, files_b = FileRepository(session, a.org_id), FileRepository(session, b.org_id)
        jobs_a = JobRepository(session, a.org_id)
        # b was built last, yet a's statements still run as a (and the other way round).
        assert await files_a.get(a.file_id) is not None
        assert await files_b.get(b.file_id) is not None
        assert await jobs_a.get(a.job_id) is not None
        assert await _file_orgs(files_a.session) == {a.org_id}
        assert await _file_orgs(files_b.session) == {b.org_id}
        org = await OrgRepository(session, b.org_id).get()
        assert org is not None and org.id == b.org_id


async def test_a7_a_scope_never_outlives_its_transaction_on_a_pooled_connection(sessions, seeded):
    pid_sql = select(func.pg_backend_pid())
    async with sessions() as session:
        act_for_org(session, seeded.a.org_id)
        assert await _file_orgs(session) == {seeded.a.org_id}
        first_pid = (await session.execute(pid_sql)).scalar_one()
        await session.commit()
        assert await _file_orgs(session) == {seeded.a.org_id}  # re-applied in the session's next transaction
        await session.commit()
    async with sessions() as session:
        assert (await session.execute(pid_sql)).scalar_one() == first_pid  # the same connection, from the pool
        assert await _file_orgs(session) == set()
        setting = select(func.current_setting("app.org_id", True), func.current_setting("app.cross_org", True))
        org_setting, cross_setting = (await session.execute(setting)).one()
        assert org_setting in (None, "") and cross_setting != "on"


async def test_a7_a_rolled_back_savepoint_does_not_confuse_the_scope(sessions, seeded):
    a, b = seeded.a, seeded.b
    async with sessions() as session:
        act_for_org(session, a.org_id)
        assert await _file_orgs(session) == {a.org_id}
        savepoint = await session.begin_nested()
        act_for_org(session, b.org_id)
        assert await _file_orgs(session) == {b.org_id}
        await savepoint.rollback()  # PostgreSQL undoes the savepoint's set_config: the database is back at A
        assert await _file_orgs(session) == {b.org_id}  # the session still wants B, and applies it again


PROBE_MIGRATION = """
import sqlalchemy as sa
from alembic import op

revision = "rls_probe"
down_revision = "0007"


def upgrade():
    bind = op.get_bind()
    seen = bind.execute(sa.text("SELECT count(DISTINCT org_id) FROM files")).scalar()
    updated = bind.execute(sa.text("UPDATE files SET filename = filename")).rowcount
    total = bind.execute(sa.text("SELECT count(*) FROM files")).scalar()
    if seen < 2 or updated != total:
        raise RuntimeError(f"a data migration saw {seen} org(s) and updated {updated} of {total} rows")


def downgrade():
    pass
"""


async def test_a7_a_data_migration_after_0007_sees_every_org(seeded, tmp_path):
    """FORCE binds the owner too: alembic's connection turns cross-org on (migrations/env.py), so a migration that
    backfills data still reaches every org's rows. A probe migration on top of head checks it."""
    from alembic import command

    from orca_core.service_cli import alembic_config

    (tmp_path / "rls_probe.py").write_text(PROBE_MIGRATION)
    config = alembic_config(make_settings(seeded.database))
    config.set_main_option("version_locations", f"{config.get_main_option('script_location')}/versions:{tmp_path}")
    await asyncio.to_thread(command.upgrade, config, "rls_probe")
    await asyncio.to_thread(command.downgrade, config, "0007")


async def test_a7_migration_0007_goes_down_and_up_with_rows_present(seeded):
    from alembic import command

    from orca_core.service_cli import alembic_config

    config = alembic_config(make_settings(seeded.database))
    superuser = await asyncpg.connect(seeded.database.superuser_dsn)
    try:
        before = await _counts(superuser)
        await asyncio.to_thread(command.downgrade, config, "0006")
        state = await policy_state(seeded.database.superuser_dsn)
        assert not any(row["enabled"] or row["forced"] or row["policies"] for row in state.values())
        await asyncio.to_thread(command.upgrade, config, "head")
        state = await policy_state(seeded.database.superuser_dsn)
        assert all(policy_ok(state[name]) for name in INSERTS)
        assert await _counts(superuser) == before
    finally:
        await superuser.close()


async def test_a7_the_owners_cli_still_verifies_every_chain_including_the_system_chain(
    client, two_orgs, superuser, settings, test_database
):
    """`orca audit verify` connects as the owner, which FORCE binds too: it lists the chains across orgs (its
    `_unscoped` lookup), then reads each org's chain acting for that org and the system chain across orgs."""
    from tests.service.test_audit import cli_env

    unknown = await client.post("/api/v1/auth/login", json={"email": "nobody@example.org", "password": "x" * 12})
    assert unknown.status_code == 401  # audited in the system chain
    expected = {
        str(org_id): await superuser.fetchval("SELECT count(*) FROM audit_events WHERE org_id = $1", org_id)
        for org_id in (two_orgs.a.org_id, two_orgs.b.org_id)
    }
    expected["system"] = await superuser.fetchval("SELECT count(*) FROM audit_events WHERE org_id IS NULL")
    completed = await asyncio.to_thread(
        subprocess.run,
        [sys.executable, "-m", "orca_core.cli", "audit", "verify", "--json", "--no-anchors"],
        capture_output=True,
        text=True,
        env=cli_env(settings, test_database),
        timeout=120,
    )
    assert completed.stderr == ""
    reports = {(line["org_id"] or "system"): line for line in map(json.loads, completed.stdout.splitlines())}
    for chain, rows in expected.items():
        assert rows >= 1
        assert (reports[chain]["ok"], reports[chain]["rows_checked"]) == (True, rows), chain


# --- 1,000 alternating requests of two orgs over a pool of two connections -----------------------------------------


async def test_a7_1000_alternating_requests_over_two_connections_never_cross_orgs(settings, monkeypatch):
    """The repositories' WHERE clauses are removed for this test (the "forgotten WHERE" RLS is there for), the pool
    has two connections and ten requests are in flight at a time: every answer still holds the caller's rows only."""
    from api.app import create_app

    app = create_app(settings)
    engine = create_async_engine(settings.database_url.get_secret_value(), pool_size=2, max_overflow=0)
    connections_opened: list[object] = []
    event.listen(engine.sync_engine, "connect", lambda dbapi_connection, _record: connections_opened.append(1))
    app.state.session_factory = create_session_factory(engine)
    try:
        async with make_client(app) as client:
            accounts = [await register_and_login(client, label=f"rls-{side}") for side in "ab"]
            owned: list[dict[str, set[str]]] = []
            for account in accounts:
                files, jobs = set(), set()
                for n in range(2):
                    response = await upload_file(client, account, f"{n}.csv", b"id,city\n1,Lyon\n2,Oslo\n")
                    assert response.status_code == 201, response.text
                    files.add(response.json()["file_id"])
                    jobs.add(response.json()["job_id"])
                owned.append({"files": files, "jobs": jobs})

            monkeypatch.setattr(FileRepository, "_base", lambda self: select(File))
            monkeypatch.setattr(JobRepository, "_base", lambda self: select(Job))
            # The control: without RLS's help these statements really do return other orgs' rows.
            async with unit_of_work(app.state.session_factory) as session:
                statement = FileRepository(session, accounts[0].org_id)._base()
                with cross_org(session):
                    seen = {str(file.id) for file in (await session.execute(statement)).scalars()}
                assert owned[0]["files"] | owned[1]["files"] <= seen

            async def request(number: int) -> None:
                side = number % 2
                account, mine, theirs = accounts[side], owned[side], owned[1 - side]
                if number % 20 == 19:  # now and then, another org's job: the standard 404
                    response = await client.get(f"/api/v1/jobs/{sorted(theirs['jobs'])[0]}", headers=account.auth)
                    assert response.status_code == 404, response.text
                    return
                if (number // 2) % 2 == 0:
                    response = await client.get("/api/v1/files?limit=100", headers=account.auth)
                    assert response.status_code == 200, response.text
                    assert {item["id"] for item in response.json()["items"]} == mine["files"]
                else:
                    job_id = sorted(mine["jobs"])[number % 2]
                    response = await client.get(f"/api/v1/jobs/{job_id}", headers=account.auth)
                    assert response.status_code == 200, response.text
                    assert response.json()["id"] == job_id and response.json()["file_id"] in mine["files"]
                assert not any(other in response.text for other in theirs["files"] | theirs["jobs"])

            for start in range(0, 1000, 10):
                await asyncio.gather(*(request(number) for number in range(start, start + 10)))

        assert len(connections_opened) == 2
        # Both pooled connections are back with no scope left on them.
        async with engine.connect() as first, engine.connect() as second:
            for connection in (first, second):
                row = (
                    await connection.execute(
                        select(func.current_setting("app.org_id", True), func.current_setting("app.cross_org", True))
                    )
                ).one()
                assert row[0] in (None, "") and row[1] != "on"
    finally:
        await engine.dispose()
        await app.state.engine.dispose()
