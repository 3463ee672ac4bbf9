"""The append-only, hash-chained audit log (battery group H)."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import uuid

import asyncpg
import pytest

from orca_core.audit.service import AuditEventName, AuditLog, verify_chain
from orca_core.db import create_engine, create_session_factory, unit_of_work
from orca_core.orgs.repository import create_org_unscoped
from tests.service.conftest import register_and_login


async def _seed_events(client, count: int):
    """An org whose chain holds `count` + 3 rows (register, email_verified, login, then gdpr toggles)."""
    account = await register_and_login(client)
    for index in range(count):
        response = await client.patch("/api/v1/org", json={"gdpr_check_enabled": index % 2 == 1}, headers=account.auth)
        assert response.status_code == 200
    return account


async def _org_seqs(superuser, org_id) -> list[int]:
    return [
        row["seq"]
        for row in await superuser.fetch("SELECT seq FROM audit_events WHERE org_id = $1 ORDER BY seq", org_id)
    ]


async def _tamper(superuser, statement: str, *args):
    """What an attacker with superuser rights could do: bypass the trigger and rewrite history."""
    async with superuser.transaction():
        await superuser.execute("SET LOCAL session_replication_role = replica")
        await superuser.execute(statement, *args)


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_events SET event = 'nothing'",
        "DELETE FROM audit_events",
        "TRUNCATE audit_events",
    ],
)
async def test_h38_runtime_role_cannot_change_audit_rows(test_database, statement):
    connection = await asyncpg.connect(test_database.runtime_dsn)
    try:
        with pytest.raises(asyncpg.PostgresError) as raised:
            await connection.execute(statement)
        assert raised.value.sqlstate == "42501"
    finally:
        await connection.close()


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_events SET event = 'nothing'",
        "DELETE FROM audit_events",
        "TRUNCATE audit_events",
    ],
)
async def test_h38_owner_role_is_refused_by_the_trigger(test_database, client, statement):
    await register_and_login(client)  # at least one row exists
    connection = await asyncpg.connect(test_database.owner_dsn)
    try:
        # Row-level security binds the owner too (FORCE, migration 0007): acting across orgs it sees every row,
        # and the trigger still refuses.
        await connection.execute("SELECT set_config('app.cross_org', 'on', false)")
        with pytest.raises(asyncpg.RaiseError, match="append-only"):
            await connection.execute(statement)
        assert await connection.fetchval("SELECT count(*) FROM audit_events") > 0
    finally:
        await connection.close()


async def test_h38_runtime_role_can_insert_and_read_audit_rows(test_database):
    connection = await asyncpg.connect(test_database.runtime_dsn)
    try:
        privileges = {
            privilege: await connection.fetchval("SELECT has_table_privilege('audit_events', $1)", privilege)
            for privilege in ("INSERT", "SELECT", "UPDATE", "DELETE", "TRUNCATE")
        }
        assert privileges == {"INSERT": True, "SELECT": True, "UPDATE": False, "DELETE": False, "TRUNCATE": False}
    finally:
        await connection.close()


async def test_h40_clean_chain_verifies(client, superuser):
    account = await _seed_events(client, 3)
    response = await client.get("/api/v1/audit/verify", headers=account.auth)
    assert response.status_code == 200
    assert response.json() == {
        "ok": True,
        "rows_checked": 6,
        "last_seq": (await _org_seqs(superuser, account.org_id))[-1],
        "first_broken_seq": None,
        "reason": None,
        "anchored_seq": None,
        "anchored_at": None,
    }


async def test_h40_edited_row_is_found_at_its_seq(client, superuser):
    account = await _seed_events(client, 4)
    seqs = await _org_seqs(superuser, account.org_id)
    await _tamper(superuser, "UPDATE audit_events SET metadata = '{\"x\": 1}' WHERE seq = $1", seqs[2])
    body = (await client.get("/api/v1/audit/verify", headers=account.auth)).json()
    assert body["ok"] is False and body["first_broken_seq"] == seqs[2]
    assert "edited" in body["reason"]


async def test_h40_deleted_middle_row_is_found_at_the_next_seq(client, superuser):
    account = await _seed_events(client, 4)
    seqs = await _org_seqs(superuser, account.org_id)
    await _tamper(superuser, "DELETE FROM audit_events WHERE seq = $1", seqs[2])
    body = (await client.get("/api/v1/audit/verify", headers=account.auth)).json()
    assert body["ok"] is False and body["first_broken_seq"] == seqs[3]


async def test_h40_swapped_rows_are_found_at_the_first_of_them(client, superuser):
    account = await _seed_events(client, 4)
    seqs = await _org_seqs(superuser, account.org_id)
    first, second = seqs[2], seqs[3]
    swap = """
        UPDATE audit_events SET seq = CASE seq WHEN $1 THEN -1 ELSE seq END WHERE seq = $1;
    """
    async with superuser.transaction():
        await superuser.execute("SET LOCAL session_replication_role = replica")
        await superuser.execute(swap.replace("$1", str(first)))
        await superuser.execute(f"UPDATE audit_events SET seq = {first} WHERE seq = {second}")
        await superuser.execute(f"UPDATE audit_events SET seq = {second} WHERE seq = -1")
    body = (await client.get("/api/v1/audit/verify", headers=account.auth)).json()
    assert body["ok"] is False and body["first_broken_seq"] == first


def cli_env(settings, test_database) -> dict[str, str]:
    return {
        **os.environ,
        "ORCA_MIGRATION_DATABASE_URL": test_database.owner_url,
        "ORCA_DATABASE_URL": test_database.runtime_url,
        "ORCA_S3_ENDPOINT_URL": settings.s3_endpoint_url,
        "ORCA_S3_BUCKET": settings.s3_bucket,
        "ORCA_S3_ACCESS_KEY_ID": settings.s3_access_key_id.get_secret_value(),
        "ORCA_S3_SECRET_ACCESS_KEY": settings.s3_secret_access_key.get_secret_value(),
    }


async def test_h40_cli_reports_the_first_broken_seq(client, superuser, test_database, settings):
    account = await _seed_events(client, 2)
    seqs = await _org_seqs(superuser, account.org_id)
    env = cli_env(settings, test_database)

    def run_cli():
        return subprocess.run(
            [sys.executable, "-m", "orca_core.cli", "audit", "verify", "--org", str(account.org_id), "--json"],
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
        )

    clean = await asyncio.to_thread(run_cli)
    assert clean.returncode == 0, clean.stderr
    assert json.loads(clean.stdout)["ok"] is True

    await _tamper(superuser, "UPDATE audit_events SET ip = '198.51.100.1' WHERE seq = $1", seqs[1])
    broken = await asyncio.to_thread(run_cli)
    assert broken.returncode == 1
    report = json.loads(broken.stdout)
    assert report["first_broken_seq"] == seqs[1] and report["org_id"] == str(account.org_id)


async def test_h40_concurrent_appends_form_one_linear_chain(settings, superuser):
    """20 connections append to the same org's chain at once: one chain, no fork, verifies."""
    engine = create_engine(settings.database_url.get_secret_value(), application_name="test-audit", pool_size=20)
    factory = create_session_factory(engine)
    try:
        async with unit_of_work(factory) as session:
            org = await create_org_unscoped(session, "busy org")
        org_id = org.id

        async def append(worker: int) -> None:
            for index in range(5):
                async with unit_of_work(factory) as session:
                    await AuditLog(session).record(
                        AuditEventName.LOGIN,
                        org_id=org_id,
                        user_id=None,
                        ip="192.0.2.1",
                        metadata={"worker": worker, "index": index},
                    )

        await asyncio.gather(*(append(worker) for worker in range(20)))
        rows = await superuser.fetch(
            "SELECT seq, prev_hash, hash FROM audit_events WHERE org_id = $1 ORDER BY seq", org_id
        )
        assert len(rows) == 100
        assert len({row["prev_hash"] for row in rows}) == 100  # no two rows share a parent: no fork
        async with unit_of_work(factory) as session:
            report = await verify_chain(session, org_id)
        assert report.ok and report.rows_checked == 100
    finally:
        await engine.dispose()


async def test_audit_row_shares_the_transaction_of_its_change(settings, superuser):
    engine = create_engine(settings.database_url.get_secret_value(), application_name="test-audit")
    factory = create_session_factory(engine)
    marker = f"rolled back {uuid.uuid4()}"
    try:
        with pytest.raises(RuntimeError):
            async with unit_of_work(factory) as session:
                org = await create_org_unscoped(session, marker)
                await AuditLog(session).record(AuditEventName.REGISTER, org_id=org.id, user_id=None, ip=None)
                raise RuntimeError("the change fails after its audit row was written")
        assert await superuser.fetchval("SELECT count(*) FROM orgs WHERE name = $1", marker) == 0
        assert await superuser.fetchval("SELECT count(*) FROM audit_events WHERE org_id = $1", org.id) == 0

        async with unit_of_work(factory) as session:
            org = await create_org_unscoped(session, marker)
            await AuditLog(session).record(AuditEventName.REGISTER, org_id=org.id, user_id=None, ip=None)
        assert await superuser.fetchval("SELECT count(*) FROM audit_events WHERE org_id = $1", org.id) == 1
    finally:
        await engine.dispose()


async def test_register_and_login_rows_carry_the_required_fields(client, superuser):
    account = await register_and_login(client)
    rows = await superuser.fetch(
        "SELECT event, org_id, user_id, ts, ip, metadata FROM audit_events WHERE org_id = $1 ORDER BY seq",
        account.org_id,
    )
    assert [row["event"] for row in rows] == ["register", "email_verified", "login"]
    for row in rows:
        assert row["user_id"] == account.user_id and str(row["ip"]) == "203.0.113.7"
        assert row["ts"].utcoffset().total_seconds() == 0
        assert account.password not in row["metadata"] and account.refresh_token not in row["metadata"]


async def test_h39_audit_verify_is_for_admins_of_their_own_org_only(client, two_orgs, superuser):
    a, b = two_orgs.a, two_orgs.b
    seqs_b = await _org_seqs(superuser, b.org_id)
    await _tamper(superuser, "UPDATE audit_events SET event = 'x' WHERE seq = $1", seqs_b[0])
    # A's verification looks at A's chain only: B's tampering is invisible to A.
    body = (await client.get("/api/v1/audit/verify", headers=a.auth)).json()
    assert body["ok"] is True and body["rows_checked"] == 3  # register, email_verified, login
    assert (await client.get("/api/v1/audit/verify", headers=b.auth)).json()["first_broken_seq"] == seqs_b[0]
    await superuser.execute("UPDATE memberships SET role = 'member' WHERE user_id = $1", a.user_id)
    assert (await client.get("/api/v1/audit/verify", headers=a.auth)).status_code == 403


def test_audit_metadata_refuses_credentials_and_floats():
    from orca_core.audit.chain import UnsafeAuditMetadata

    log = AuditLog(session=None)  # type: ignore[arg-type]
    for metadata in ({"password": "x"}, {"refresh_token": "x"}, {"ratio": 0.5}, {"nested": {"deep": object()}}):
        with pytest.raises(UnsafeAuditMetadata):
            asyncio.run(log.record(AuditEventName.LOGIN, org_id=None, user_id=None, ip=None, metadata=metadata))


async def test_h40_dropped_tail_is_found_against_the_latest_anchor(app, client, superuser, settings, test_database):
    """Deleting the newest rows leaves a chain that links up; only the anchor outside the database shows it."""
    from orca_core.audit.anchor import AnchorStore, anchor_chains

    account = await _seed_events(client, 10)
    seqs = await _org_seqs(superuser, account.org_id)
    anchors = AnchorStore.from_settings(settings, app.state.store)
    assert await anchor_chains(app.state.session_factory, anchors) >= 1
    assert await anchor_chains(app.state.session_factory, anchors) == 0  # unchanged heads are not rewritten
    clean = (await client.get("/api/v1/audit/verify", headers=account.auth)).json()
    assert clean["ok"] is True and clean["anchored_seq"] == seqs[-1]

    # New rows after the anchor are fine: the anchor is a floor, not a ceiling.
    await client.patch("/api/v1/org", json={"gdpr_check_enabled": True}, headers=account.auth)
    assert (await client.get("/api/v1/audit/verify", headers=account.auth)).json()["ok"] is True

    await _tamper(superuser, "DELETE FROM audit_events WHERE org_id = $1 AND seq >= $2", account.org_id, seqs[-10])
    without_anchor = await verify_chain_as_owner(test_database, account.org_id)
    assert without_anchor.ok is True  # the shortened chain is internally consistent
    broken = (await client.get("/api/v1/audit/verify", headers=account.auth)).json()
    assert broken["ok"] is False and broken["first_broken_seq"] == seqs[-1]
    assert "deleted from the end" in broken["reason"]

    def run_cli():
        return subprocess.run(
            [sys.executable, "-m", "orca_core.cli", "audit", "verify", "--org", str(account.org_id), "--json"],
            capture_output=True,
            text=True,
            env=cli_env(settings, test_database),
            timeout=60,
        )

    result = await asyncio.to_thread(run_cli)
    assert result.returncode == 1, result.stderr
    assert json.loads(result.stdout)["first_broken_seq"] == seqs[-1]


async def test_h40_rewritten_anchored_row_is_found(app, client, superuser, settings, test_database):
    from orca_core.audit.anchor import AnchorStore, anchor_chains

    account = await _seed_events(client, 2)
    seqs = await _org_seqs(superuser, account.org_id)
    await anchor_chains(app.state.session_factory, AnchorStore.from_settings(settings, app.state.store))
    # A forger edits the newest row and recomputes its hash: the chain links up, only the anchor disagrees.
    from orca_core.audit.chain import ChainRow, link_hash

    row = await superuser.fetchrow("SELECT * FROM audit_events WHERE seq = $1", seqs[-1])
    forged = ChainRow(
        seq=row["seq"],
        org_id=row["org_id"],
        user_id=row["user_id"],
        ts=row["ts"],
        ip=str(row["ip"]) if row["ip"] else None,
        event=row["event"],
        metadata={"enabled": "forged"},
        prev_hash=row["prev_hash"],
    )
    await _tamper(
        superuser,
        "UPDATE audit_events SET metadata = $2::jsonb, hash = $3 WHERE seq = $1",
        seqs[-1],
        json.dumps(forged.metadata),
        link_hash(forged),
    )
    assert (await verify_chain_as_owner(test_database, account.org_id)).ok is True
    body = (await client.get("/api/v1/audit/verify", headers=account.auth)).json()
    assert body["ok"] is False and body["first_broken_seq"] == seqs[-1]
    assert "rewritten" in body["reason"]


async def verify_chain_as_owner(test_database, org_id):
    engine = create_engine(test_database.owner_url, application_name="test-audit")
    try:
        async with create_session_factory(engine)() as session, session.begin():
            return await verify_chain(session, org_id)
    finally:
        await engine.dispose()


async def test_h39_audit_events_list_only_the_callers_org_and_only_for_admins(client, two_orgs, superuser):
    a, b = two_orgs.a, two_orgs.b
    await client.patch("/api/v1/org", json={"gdpr_check_enabled": False}, headers=b.auth)
    response = await client.get(f"/api/v1/audit/events?org_id={b.org_id}", headers=a.auth)
    assert response.status_code == 200
    events = response.json()
    assert events and [event["seq"] for event in events] == sorted((e["seq"] for e in events), reverse=True)
    assert {event["seq"] for event in events} == set(await _org_seqs(superuser, a.org_id))
    page = (await client.get(f"/api/v1/audit/events?limit=1&before_seq={events[0]['seq']}", headers=a.auth)).json()
    assert [event["seq"] for event in page] == [events[1]["seq"]]
    await superuser.execute("UPDATE memberships SET role = 'member' WHERE user_id = $1", a.user_id)
    assert (await client.get("/api/v1/audit/events", headers=a.auth)).status_code == 403
