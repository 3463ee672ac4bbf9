"""Retention policies and the GDPR-check toggle, over the real stack (API over ASGI, PostgreSQL, moto's S3 server,
Redis and a real ARQ worker).

- `analysis_only` (default): the raw file stays, and `POST /files/{id}/analyses` analyses it again;
- `delete_raw_after_analysis`: once the report is stored the worker deletes every S3 version (confirmed), marks the
  file, audits `files_deleted` with the reason; the file cannot be analysed again (409 `raw_file_deleted`);
- GDPR check off: reports without PII classification, while the raw-password check still rejects and purges.
"""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import jsonschema

from orca_core.db import create_engine, create_session_factory, unit_of_work
from orca_core.files.retention import delete_raw_file, mark_raw_deletion_due
from orca_core.jobs.runner import WorkerDeps, run_scan_job, sweep
from orca_core.queue import connect
from orca_core.settings import Settings
from orca_core.storage import ObjectStore
from tests.service.conftest import login, object_keys, register_and_login, run_worker_burst, s3_client, upload_file
from tests.service.test_files import EMAILS, PASSWORDS, csv_bytes, customers_rows, parquet_bytes, vars_of

SCHEMA = json.loads((Path(__file__).resolve().parents[2] / "docs" / "report.schema.json").read_text())


async def events_of(superuser, org_id, event: str) -> list[dict]:
    rows = await superuser.fetch(
        "SELECT user_id, metadata FROM audit_events WHERE org_id = $1 AND event = $2 ORDER BY seq", org_id, event
    )
    return [{"user_id": row["user_id"], **json.loads(row["metadata"])} for row in rows]


async def uploaded(client, account, content: bytes, filename: str = "customers.csv") -> tuple[str, str]:
    response = await upload_file(client, account, filename, content)
    assert response.status_code == 201, response.text
    return response.json()["file_id"], response.json()["job_id"]


async def s3_key(superuser, file_id: str) -> str:
    return str(await superuser.fetchval("SELECT s3_key FROM files WHERE id = $1", uuid.UUID(file_id)))


async def test_analysis_only_keeps_the_raw_file_and_analyses_it_again(client, two_orgs, settings, superuser):
    a = two_orgs.a
    assert (await client.get("/api/v1/org", headers=a.auth)).json()["retention_policy"] == "analysis_only"
    file_id, first_job = await uploaded(client, a, csv_bytes(customers_rows()))

    busy = await client.post(f"/api/v1/files/{file_id}/analyses", headers=a.auth)
    assert busy.status_code == 409 and busy.json()["error"] == "analysis_in_progress"

    await run_worker_burst(settings)
    assert object_keys(settings, await s3_key(superuser, file_id)), "the raw file is kept"
    again = await client.post(f"/api/v1/files/{file_id}/analyses", headers=a.auth)
    assert again.status_code == 201, again.text
    second_job = again.json()["job_id"]
    assert again.json()["file_id"] == file_id and second_job != first_job
    assert (await client.get(f"/api/v1/jobs/{second_job}", headers=a.auth)).json()["status"] == "queued"

    await run_worker_burst(settings)
    for job_id in (first_job, second_job):
        report = await client.get(f"/api/v1/jobs/{job_id}/report", headers=a.auth)
        assert report.status_code == 200 and report.json()["tables"][0]["row_count"] == 40
    detail = (await client.get(f"/api/v1/files/{file_id}", headers=a.auth)).json()
    assert detail["status"] == "stored" and detail["job_id"] == second_job and detail["job_status"] == "completed"
    created = await events_of(superuser, a.org_id, "job_created")
    assert [event["reason"] for event in created if event.get("reason")] == ["reanalysis"]
    assert created[-1]["job_id"] == second_job and created[-1]["user_id"] == a.user_id


async def test_delete_raw_after_analysis_deletes_every_version_once_the_report_is_stored(
    client, two_orgs, settings, superuser
):
    a, b = two_orgs.a, two_orgs.b
    changed = await client.patch("/api/v1/org", json={"retention_policy": "delete_raw_after_analysis"}, headers=a.auth)
    assert changed.status_code == 200 and changed.json()["retention_policy"] == "delete_raw_after_analysis"
    assert await events_of(superuser, a.org_id, "retention_policy_changed") == [
        {"user_id": a.user_id, "from": "analysis_only", "to": "delete_raw_after_analysis"}
    ]
    file_id, job_id = await uploaded(client, a, csv_bytes(customers_rows()))
    b_file, _ = await uploaded(client, b, csv_bytes(customers_rows()))
    key = await s3_key(superuser, file_id)
    # A second version, as a versioned bucket may hold: it must go too.
    s3_client(settings).put_object(
        Bucket=settings.s3_bucket, Key=key, Body=csv_bytes(customers_rows()), ServerSideEncryption="AES256"
    )
    assert len(object_keys(settings, key)) == 2

    await run_worker_burst(settings)

    job = (await client.get(f"/api/v1/jobs/{job_id}", headers=a.auth)).json()
    assert job["status"] == "completed"
    report = await client.get(f"/api/v1/jobs/{job_id}/report", headers=a.auth)
    assert report.status_code == 200 and report.json()["tables"][0]["row_count"] == 40, "the report is kept"
    assert object_keys(settings, key) == [], "no version and no delete marker left"
    detail = (await client.get(f"/api/v1/files/{file_id}", headers=a.auth)).json()
    assert detail["status"] == "raw_deleted" and detail["purged_at"] is not None
    deletions = await events_of(superuser, a.org_id, "files_deleted")
    assert deletions == [
        {
            "user_id": None,
            "file_ids": [file_id],
            "count": 1,
            "reason": "retention_policy",
            "policy": "delete_raw_after_analysis",
        }
    ]
    refused = await client.post(f"/api/v1/files/{file_id}/analyses", headers=a.auth)
    assert refused.status_code == 409 and refused.json()["error"] == "raw_file_deleted"
    # B's policy is B's: its file is kept.
    assert object_keys(settings, await s3_key(superuser, b_file))
    assert (await client.get(f"/api/v1/files/{b_file}", headers=b.auth)).json()["status"] == "stored"
    # The row (and its report) can still be deleted by the user; nothing is left to purge.
    assert (await client.delete(f"/api/v1/files/{file_id}", headers=a.auth)).status_code == 204


async def test_a_queued_reanalysis_of_a_file_deleted_meanwhile_fails_cleanly(client, two_orgs, settings, superuser):
    """Policy switched while a re-analysis waits: the first run deletes the raw file, the second fails with
    `raw_file_deleted` instead of reading a missing object."""
    a = two_orgs.a
    file_id, first_job = await uploaded(client, a, csv_bytes(customers_rows()))
    await run_worker_burst(settings)
    second = await superuser.fetchval(
        "INSERT INTO jobs (org_id, file_id, status) VALUES ($1, $2, 'queued') RETURNING id",
        a.org_id,
        uuid.UUID(file_id),
    )
    await superuser.execute("UPDATE files SET status = 'raw_deleted' WHERE id = $1", uuid.UUID(file_id))
    engine = create_engine(settings.database_url.get_secret_value(), application_name="orca-test")
    redis = await connect(settings)
    try:
        deps = WorkerDeps(settings, create_session_factory(engine), ObjectStore(settings), redis)
        assert await run_scan_job(deps, second) == "raw_file_deleted"
    finally:
        await redis.aclose()
        await engine.dispose()
    job = (await client.get(f"/api/v1/jobs/{second}", headers=a.auth)).json()
    assert (job["status"], job["error_code"]) == ("failed", "raw_file_deleted")
    failures = await events_of(superuser, a.org_id, "job_failed")
    assert [(event["job_id"], event["error_code"]) for event in failures] == [(str(second), "raw_file_deleted")]
    assert (await client.get(f"/api/v1/jobs/{first_job}", headers=a.auth)).json()["status"] == "completed"


async def test_retention_deletion_with_storage_down_stays_pending_and_the_sweeper_finishes_it(
    client, two_orgs, settings, superuser
):
    a = two_orgs.a
    file_id, _ = await uploaded(client, a, csv_bytes(customers_rows()))
    await run_worker_burst(settings)
    key = await s3_key(superuser, file_id)
    assert (
        await client.patch("/api/v1/org", json={"retention_policy": "delete_raw_after_analysis"}, headers=a.auth)
    ).status_code == 200

    engine = create_engine(settings.database_url.get_secret_value(), application_name="orca-test")
    factory = create_session_factory(engine)
    redis = await connect(settings)
    storage_down = ObjectStore(
        Settings(_env_file=None, **{**vars_of(settings), "s3_endpoint_url": "http://127.0.0.1:1"})
    )
    try:
        # What the worker does when it stores a report: mark the file, then delete; S3 is unreachable.
        async with unit_of_work(factory) as session:
            assert await mark_raw_deletion_due(session, a.org_id, uuid.UUID(file_id))
        assert await delete_raw_file(factory, storage_down, a.org_id, uuid.UUID(file_id)) is False
        detail = (await client.get(f"/api/v1/files/{file_id}", headers=a.auth)).json()
        assert detail["status"] == "raw_delete_pending"
        assert object_keys(settings, key), "still there: storage was down"
        assert await events_of(superuser, a.org_id, "files_deleted") == []
        refused = await client.post(f"/api/v1/files/{file_id}/analyses", headers=a.auth)
        assert refused.status_code == 409 and refused.json()["error"] == "raw_file_deleted"

        # Storage is back: the sweeper finishes the deletion, audited once.
        deps = WorkerDeps(settings, factory, ObjectStore(settings), redis)
        assert (await sweep(deps))["raw_deleted"] >= 1
        assert (await sweep(deps))["raw_deleted"] == 0
    finally:
        await redis.aclose()
        await engine.dispose()
    assert object_keys(settings, key) == []
    assert (await client.get(f"/api/v1/files/{file_id}", headers=a.auth)).json()["status"] == "raw_deleted"
    assert len(await events_of(superuser, a.org_id, "files_deleted")) == 1


async def test_retention_policy_is_admin_only_validated_and_audited_on_change_only(client, two_orgs, superuser):
    a = two_orgs.a
    member = await register_and_login(client, label="member-a")
    await superuser.execute("DELETE FROM memberships WHERE user_id = $1", member.user_id)
    await superuser.execute(
        "INSERT INTO memberships (user_id, org_id, role) VALUES ($1, $2, 'member')", member.user_id, a.org_id
    )
    member = await login(client, member.email, member.password)  # a session in A, as a member
    denied = await client.patch(
        "/api/v1/org", json={"retention_policy": "delete_raw_after_analysis"}, headers=member.auth
    )
    assert denied.status_code == 403 and denied.json()["error"] == "forbidden"
    for body in ({"retention_policy": "keep_forever"}, {"retention_policy": None, "org_id": str(a.org_id)}):
        invalid = await client.patch("/api/v1/org", json=body, headers=a.auth)
        assert invalid.status_code == 422 and invalid.json()["error"] == "validation_error"
        assert "keep_forever" not in invalid.text
    same = await client.patch("/api/v1/org", json={"retention_policy": "analysis_only"}, headers=a.auth)
    assert same.status_code == 200
    assert await superuser.fetchval("SELECT retention_policy FROM orgs WHERE id = $1", a.org_id) == "analysis_only"
    assert await events_of(superuser, a.org_id, "retention_policy_changed") == []


async def test_gdpr_check_off_reports_without_pii_classification_and_still_masks(client, two_orgs, settings, superuser):
    a, b = two_orgs.a, two_orgs.b
    toggled = await client.patch("/api/v1/org", json={"gdpr_check_enabled": False}, headers=a.auth)
    assert toggled.status_code == 200 and toggled.json()["gdpr_check_enabled"] is False
    assert len(await events_of(superuser, a.org_id, "gdpr_check_disabled")) == 1
    _, job_a = await uploaded(client, a, csv_bytes(customers_rows()))
    _, job_b = await uploaded(client, b, csv_bytes(customers_rows()))
    await run_worker_burst(settings)

    report = await client.get(f"/api/v1/jobs/{job_a}/report", headers=a.auth)
    assert report.status_code == 200
    document = report.json()
    jsonschema.validate(document, SCHEMA)
    assert document["pii_detection"] == "disabled_by_org"
    columns = {column["name"]: column for column in document["tables"][0]["columns"]}
    assert all(column["pii"] is None for column in columns.values())
    assert document["tables"][0]["quasi_identifiers"] == []
    assert "EMAIL_ADDRESS" not in report.text
    assert columns["email"]["profile"]["masked"] is True, "the masker is mandatory"
    assert not any(email in report.text for email in EMAILS)
    assert document["raw_passwords"] == {"found": False, "columns": []}

    # B kept its check on: categories as usual.
    b_document = (await client.get(f"/api/v1/jobs/{job_b}/report", headers=b.auth)).json()
    jsonschema.validate(b_document, SCHEMA)
    assert "pii_detection" not in b_document
    b_columns = {column["name"]: column for column in b_document["tables"][0]["columns"]}
    assert b_columns["email"]["pii"]["category"] == "EMAIL_ADDRESS"


async def test_gdpr_check_off_still_rejects_and_purges_raw_passwords(client, two_orgs, settings, superuser):
    """The raw-password check is a security control, not a GDPR one: the toggle does not switch it off."""
    a = two_orgs.a
    assert (await client.patch("/api/v1/org", json={"gdpr_check_enabled": False}, headers=a.auth)).status_code == 200
    rows = [{"username": f"user{n}", "password": PASSWORDS[n]} for n in range(40)]
    prescan_refused = await upload_file(client, a, "accounts.csv", csv_bytes(rows))
    assert prescan_refused.status_code == 422 and prescan_refused.json()["error"] == "raw_passwords_detected"

    file_id, job_id = await uploaded(client, a, parquet_bytes(rows), "accounts.parquet")  # the prescan cannot see in
    key = await s3_key(superuser, file_id)
    await run_worker_burst(settings)
    job = (await client.get(f"/api/v1/jobs/{job_id}", headers=a.auth)).json()
    assert (job["status"], job["error_code"]) == ("rejected", "raw_passwords_detected")
    assert object_keys(settings, key) == []
    assert (await client.get(f"/api/v1/files/{file_id}", headers=a.auth)).json()["status"] == "purged"
    assert len(await events_of(superuser, a.org_id, "file_rejected_raw_password")) == 2
