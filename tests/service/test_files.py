"""Uploads end to end over the real stack: the API (ASGI), PostgreSQL, moto's S3 server, Redis and a real ARQ
worker. Battery groups F (uploads), G (raw passwords) and J (Redis down)."""

from __future__ import annotations

import io
import json
import uuid

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from openpyxl import Workbook

from api.app import create_app
from orca_core.db import create_engine, create_session_factory
from orca_core.jobs.runner import RetryLater, WorkerDeps, run_scan_job, sweep
from orca_core.queue import connect
from orca_core.storage import DeletionNotConfirmed, ObjectStore
from tests.service.conftest import (
    make_client,
    make_settings,
    object_keys,
    run_worker_burst,
    s3_client,
    upload_file,
)

EMAILS = [f"person{n}.tester@example.org" for n in range(40)]
PASSWORDS = [f"Summer{n}2024!xq" for n in range(40)]


def customers_rows() -> list[dict[str, object]]:
    return [{"id": n, "email": EMAILS[n], "city": ["Oslo", "Lund", "Turku"][n % 3]} for n in range(40)]


def csv_bytes(rows: list[dict[str, object]]) -> bytes:
    header = list(rows[0])
    lines = [",".join(header)] + [",".join(str(row[key]) for key in header) for row in rows]
    return ("\n".join(lines) + "\n").encode()


def xlsx_bytes(rows: list[dict[str, object]]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "customers"
    sheet.append(list(rows[0]))
    for row in rows:
        sheet.append(list(row.values()))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def parquet_bytes(rows: list[dict[str, object]]) -> bytes:
    buffer = io.BytesIO()
    pq.write_table(pa.Table.from_pylist(rows), buffer)
    return buffer.getvalue()


def json_bytes(rows: list[dict[str, object]]) -> bytes:
    return json.dumps(rows).encode()


FORMATS = {
    "csv": ("customers.csv", csv_bytes),
    "xlsx": ("customers.xlsx", xlsx_bytes),
    "parquet": ("customers.parquet", parquet_bytes),
    "json": ("customers.json", json_bytes),
}


async def audit_events(superuser, org_id) -> list[str]:
    rows = await superuser.fetch("SELECT event FROM audit_events WHERE org_id = $1 ORDER BY seq", org_id)
    return [row["event"] for row in rows]


@pytest.mark.parametrize("fmt", sorted(FORMATS))
async def test_upload_to_report_end_to_end(fmt, client, two_orgs, settings, superuser):
    a = two_orgs.a
    filename, encode = FORMATS[fmt]
    response = await upload_file(client, a, filename, encode(customers_rows()))
    assert response.status_code == 201, response.text
    file_id, job_id = response.json()["file_id"], response.json()["job_id"]

    queued = await client.get(f"/api/v1/jobs/{job_id}", headers=a.auth)
    assert queued.json()["status"] == "queued"
    key = await superuser.fetchval("SELECT s3_key FROM files WHERE id = $1", uuid.UUID(file_id))
    assert key.startswith(f"{settings.s3_prefix}/{a.org_id}/")
    uuid.UUID(key.rsplit("/", 1)[1])  # the last component is a random id, never the filename
    head = s3_client(settings).head_object(Bucket=settings.s3_bucket, Key=key)
    assert head["ServerSideEncryption"] == "AES256"

    await run_worker_burst(settings)

    job = (await client.get(f"/api/v1/jobs/{job_id}", headers=a.auth)).json()
    assert job["status"] == "completed", job
    assert job["error_code"] is None
    assert job["progress"]["percent"] == 100
    report = await client.get(f"/api/v1/jobs/{job_id}/report", headers=a.auth)
    assert report.status_code == 200
    document = report.json()
    columns = {column["name"]: column for column in document["tables"][0]["columns"]}
    assert columns["email"]["pii"]["category"] == "EMAIL_ADDRESS"
    assert document["tables"][0]["row_count"] == 40
    assert not any(email in report.text for email in EMAILS), "the report is masked"

    detail = (await client.get(f"/api/v1/files/{file_id}", headers=a.auth)).json()
    assert detail["filename"] == filename and detail["job_status"] == "completed"
    events = await audit_events(superuser, a.org_id)
    for event in ("file_uploaded", "job_created", "job_started", "job_completed"):
        assert events.count(event) == 1, (event, events)


async def test_g36_upload_with_plaintext_passwords_is_refused_before_s3(client, two_orgs, settings, superuser):
    a = two_orgs.a
    rows = [{"username": f"user{n}", "password": PASSWORDS[n]} for n in range(40)]
    response = await upload_file(client, a, "accounts.csv", csv_bytes(rows))
    assert response.status_code == 422
    assert response.json()["error"] == "raw_passwords_detected"
    assert object_keys(settings, f"{settings.s3_prefix}/{a.org_id}/") == []
    assert await superuser.fetchval("SELECT count(*) FROM files WHERE org_id = $1", a.org_id) == 0
    assert await superuser.fetchval("SELECT count(*) FROM jobs WHERE org_id = $1", a.org_id) == 0
    assert (await audit_events(superuser, a.org_id)).count("file_rejected_raw_password") == 1


async def test_g36_worker_finds_passwords_the_prescan_cannot_see_and_purges_every_version(
    client, two_orgs, settings, superuser
):
    """Parquet keeps its structure at the end of the file, so the upload prescan cannot read its columns: the
    worker's full scan must catch the plaintext passwords, delete every S3 version, then reject the job."""
    a = two_orgs.a
    rows = [{"username": f"user{n}", "password": PASSWORDS[n]} for n in range(40)]
    response = await upload_file(client, a, "accounts.parquet", parquet_bytes(rows))
    assert response.status_code == 201, response.text
    file_id, job_id = response.json()["file_id"], response.json()["job_id"]
    key = await superuser.fetchval("SELECT s3_key FROM files WHERE id = $1", uuid.UUID(file_id))
    # A second version of the object, as a versioned bucket may hold: it must go too.
    s3_client(settings).put_object(
        Bucket=settings.s3_bucket, Key=key, Body=parquet_bytes(rows), ServerSideEncryption="AES256"
    )
    assert len(object_keys(settings, key)) == 2

    await run_worker_burst(settings)

    job = (await client.get(f"/api/v1/jobs/{job_id}", headers=a.auth)).json()
    assert job["status"] == "rejected" and job["error_code"] == "raw_passwords_detected"
    assert object_keys(settings, key) == [], "no version and no delete marker left"
    assert (await client.get(f"/api/v1/jobs/{job_id}/report", headers=a.auth)).status_code == 409
    assert await superuser.fetchval("SELECT count(*) FROM reports WHERE job_id = $1", uuid.UUID(job_id)) == 0
    assert await superuser.fetchval("SELECT status FROM files WHERE id = $1", uuid.UUID(file_id)) == "purged"
    events = await audit_events(superuser, a.org_id)
    assert events.count("file_rejected_raw_password") == 1
    assert "job_completed" not in events


class StoreThatCannotConfirmDeletion(ObjectStore):
    async def delete_every_version(self, key: str) -> None:
        raise DeletionNotConfirmed()


async def test_g36_a_purge_storage_cannot_confirm_puts_the_job_back_in_the_queue(client, two_orgs, settings, superuser):
    """The file is never reported on: the job goes back to `queued` (phase `purging`) and the worker retries."""
    a = two_orgs.a
    rows = [{"username": f"user{n}", "password": PASSWORDS[n]} for n in range(40)]
    response = await upload_file(client, a, "accounts.parquet", parquet_bytes(rows))
    assert response.status_code == 201, response.text
    job_id = uuid.UUID(response.json()["job_id"])
    engine = create_engine(settings.database_url.get_secret_value(), application_name="orca-test")
    redis = await connect(settings)
    try:
        deps = WorkerDeps(settings, create_session_factory(engine), StoreThatCannotConfirmDeletion(settings), redis)
        with pytest.raises(RetryLater):
            await run_scan_job(deps, job_id)
    finally:
        await redis.aclose()
        await engine.dispose()
    row = await superuser.fetchrow("SELECT status, lease_token, progress FROM jobs WHERE id = $1", job_id)
    assert (row["status"], row["lease_token"], json.loads(row["progress"])) == ("queued", None, {"phase": "purging"})
    assert await superuser.fetchval("SELECT count(*) FROM reports WHERE job_id = $1", job_id) == 0


async def test_prescan_reports_without_storing(client, two_orgs, settings, superuser):
    a = two_orgs.a
    rows = [{"username": f"user{n}", "password": PASSWORDS[n]} for n in range(40)]
    flagged = await upload_file(client, a, "accounts.csv", csv_bytes(rows), path="/api/v1/files/prescan")
    assert flagged.status_code == 200, flagged.text
    assert flagged.json()["raw_passwords_found"] is True
    assert flagged.json()["findings"][0]["column_index"] == 1
    assert not any(password in flagged.text for password in PASSWORDS)
    clean = await upload_file(client, a, "c.csv", csv_bytes(customers_rows()), path="/api/v1/files/prescan")
    assert clean.json() | {"bytes_examined": 0} == {
        "format": "csv",
        "raw_passwords_found": False,
        "findings": [],
        "bytes_examined": 0,
    }
    assert object_keys(settings, f"{settings.s3_prefix}/{a.org_id}/") == []
    assert await superuser.fetchval("SELECT count(*) FROM files WHERE org_id = $1", a.org_id) == 0


@pytest.mark.parametrize(
    ("filename", "content", "status", "code"),
    [
        ("data.csv", b"\x7fELF\x02\x01\x01" + b"\x00" * 200, 415, "unsupported_format"),
        ("data.xlsx", b"<!doctype html><html><body>hi</body></html>", 415, "unsupported_format"),
        ("data.csv", b"PK\x03\x04" + b"\x00" * 100 + b"notes.txt", 415, "unsupported_format"),
        ("data.csv", b"", 422, "empty_file"),
    ],
)
async def test_f33_refused_formats_leave_nothing(filename, content, status, code, client, two_orgs, settings):
    a = two_orgs.a
    response = await upload_file(client, a, filename, content)
    assert response.status_code == status, response.text
    assert response.json()["error"] == code
    assert object_keys(settings, f"{settings.s3_prefix}/{a.org_id}/") == []


async def test_f29_oversize_streamed_body_is_413_and_leaves_nothing(two_orgs, test_database, settings, superuser):
    """The limit is counted while streaming (a chunked body has no Content-Length) and crosses S3 part
    boundaries: the multipart upload is aborted and no object remains."""
    a = two_orgs.a
    small = make_settings(test_database, **{**vars_of(settings), "upload_max_bytes": 6 * 1024 * 1024})
    boundary = "orcaboundary"
    row = b"1,someone@example.org,Oslo\n"

    async def body():
        yield (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.csv"\r\n'
            "Content-Type: text/csv\r\n\r\n"
        ).encode() + b"id,email,city\n"
        for _ in range(8 * 1024 * 1024 // (len(row) * 4096) + 1):
            yield row * 4096
        yield f"\r\n--{boundary}--\r\n".encode()

    app = create_app(small)
    try:
        async with make_client(app) as http:
            response = await http.post(
                "/api/v1/files",
                content=body(),
                headers={**a.auth, "content-type": f"multipart/form-data; boundary={boundary}"},
            )
    finally:
        await app.state.engine.dispose()
    assert response.status_code == 413
    assert response.json()["error"] == "file_too_large"
    assert object_keys(settings, f"{settings.s3_prefix}/{a.org_id}/") == []
    uploads = s3_client(settings).list_multipart_uploads(Bucket=settings.s3_bucket).get("Uploads", [])
    assert [upload for upload in uploads if str(a.org_id) in upload["Key"]] == []
    assert await superuser.fetchval("SELECT count(*) FROM files WHERE org_id = $1", a.org_id) == 0


async def test_a5_filename_never_reaches_the_key(client, two_orgs, settings, superuser):
    a, b = two_orgs.a, two_orgs.b
    response = await upload_file(client, a, f"../../{b.org_id}/x\r\n\u202e.csv", csv_bytes(customers_rows()))
    assert response.status_code == 201, response.text
    row = await superuser.fetchrow(
        "SELECT s3_key, filename FROM files WHERE id = $1", uuid.UUID(response.json()["file_id"])
    )
    assert row["s3_key"].startswith(f"{settings.s3_prefix}/{a.org_id}/")
    assert str(b.org_id) not in row["s3_key"]
    # httpx percent-encodes CR/LF in the multipart header; the RTL override is dropped on our side.
    assert row["filename"] == "x%0D%0A.csv"


def test_a5_clean_filename_keeps_display_text_only():
    from orca_core.files.service import clean_filename

    assert clean_filename("../../evil/x\r\n\u202e.csv") == "x.csv"
    assert clean_filename("..\\..\\win.csv") == "win.csv"
    assert clean_filename("") == "upload"
    assert len(clean_filename("a" * 300 + ".csv")) == 255


async def test_delete_removes_every_version_and_the_row(client, two_orgs, settings, superuser):
    a = two_orgs.a
    response = await upload_file(client, a, "c.csv", csv_bytes(customers_rows()))
    file_id = response.json()["file_id"]
    key = await superuser.fetchval("SELECT s3_key FROM files WHERE id = $1", uuid.UUID(file_id))
    s3_client(settings).put_object(Bucket=settings.s3_bucket, Key=key, Body=b"v2", ServerSideEncryption="AES256")

    deleted = await client.delete(f"/api/v1/files/{file_id}", headers=a.auth)
    assert deleted.status_code == 204
    assert object_keys(settings, key) == []
    assert (await client.get(f"/api/v1/files/{file_id}", headers=a.auth)).status_code == 404
    assert (await client.get(f"/api/v1/jobs/{response.json()['job_id']}", headers=a.auth)).status_code == 404
    assert (await audit_events(superuser, a.org_id)).count("files_deleted") == 1
    # The queued job's ARQ run finds nothing to do.
    await run_worker_burst(settings)


async def test_a2_file_list_is_paginated_and_org_scoped(client, two_orgs):
    a, b = two_orgs.a, two_orgs.b
    for n in range(3):
        assert (await upload_file(client, a, f"a{n}.csv", csv_bytes(customers_rows()))).status_code == 201
    assert (await upload_file(client, b, "b.csv", csv_bytes(customers_rows()))).status_code == 201
    first = (await client.get(f"/api/v1/files?limit=2&org_id={b.org_id}", headers=a.auth)).json()
    second = (await client.get("/api/v1/files?limit=2&offset=2", headers=a.auth)).json()
    assert first["total"] == second["total"] == 3
    names = [item["filename"] for item in first["items"] + second["items"]]
    assert sorted(names) == ["a0.csv", "a1.csv", "a2.csv"]


async def test_j44_upload_with_redis_down_is_kept_and_swept_later(two_orgs, test_database, settings, superuser):
    a = two_orgs.a
    redis_down = make_settings(test_database, **{**vars_of(settings), "redis_url": "redis://127.0.0.1:1/0"})
    app = create_app(redis_down)
    try:
        async with make_client(app) as http:
            response = await upload_file(http, a, "c.csv", csv_bytes(customers_rows()))
    finally:
        await app.state.engine.dispose()
    assert response.status_code == 201, response.text
    job_id = uuid.UUID(response.json()["job_id"])
    assert await superuser.fetchval("SELECT status FROM jobs WHERE id = $1", job_id) == "queued"

    # Redis is back: the worker's sweeper finds the job and enqueues it exactly once.
    sweeping = make_settings(test_database, **{**vars_of(settings), "sweeper_min_age_seconds": 0})
    engine = create_engine(sweeping.database_url.get_secret_value(), application_name="orca-test")
    redis = await connect(sweeping)
    try:
        deps = WorkerDeps(sweeping, create_session_factory(engine), ObjectStore(sweeping), redis)
        first = await sweep(deps)
        second = await sweep(deps)
        assert first["enqueued"] >= 1 and second["enqueued"] == 0
        await run_worker_burst(settings)
        assert await superuser.fetchval("SELECT status FROM jobs WHERE id = $1", job_id) == "completed"
        assert await superuser.fetchval("SELECT count(*) FROM reports WHERE job_id = $1", job_id) == 1
        # A job that already ran is a no-op when it runs again.
        assert await run_scan_job(deps, job_id) == "already_final"
    finally:
        await redis.aclose()
        await engine.dispose()


async def test_a6_worker_refuses_a_job_pointing_at_another_orgs_file(client, two_orgs, settings, superuser):
    a, b = two_orgs.a, two_orgs.b
    response = await upload_file(client, b, "b.csv", csv_bytes(customers_rows()))
    b_file = uuid.UUID(response.json()["file_id"])
    forged = await superuser.fetchval(
        "INSERT INTO jobs (org_id, file_id, status) VALUES ($1, $2, 'queued') RETURNING id", a.org_id, b_file
    )
    engine = create_engine(settings.database_url.get_secret_value(), application_name="orca-test")
    redis = await connect(settings)
    try:
        deps = WorkerDeps(settings, create_session_factory(engine), ObjectStore(settings), redis)
        assert await run_scan_job(deps, forged) == "org_mismatch"
    finally:
        await redis.aclose()
        await engine.dispose()
    row = await superuser.fetchrow("SELECT status, error_code FROM jobs WHERE id = $1", forged)
    assert (row["status"], row["error_code"]) == ("failed", "org_mismatch")
    assert await superuser.fetchval("SELECT count(*) FROM reports WHERE job_id = $1", forged) == 0
    assert (await audit_events(superuser, a.org_id)).count("job_org_mismatch") == 1


def vars_of(settings) -> dict[str, object]:
    values = {}
    for name in type(settings).model_fields:
        value = getattr(settings, name)
        values[name] = value.get_secret_value() if hasattr(value, "get_secret_value") else value
    return values


async def test_progress_is_published_on_the_job_channel_with_numbers_only(client, two_orgs, settings):
    import redis.asyncio as aioredis

    a = two_orgs.a
    response = await upload_file(client, a, "c.csv", csv_bytes(customers_rows()))
    job_id = response.json()["job_id"]
    subscriber = aioredis.from_url(settings.redis_url.get_secret_value())
    pubsub = subscriber.pubsub()
    await pubsub.subscribe(f"job:{job_id}")
    try:
        await run_worker_burst(settings)
        events = []
        for _ in range(200):  # the events are already buffered on the connection; read until the final one
            message = await pubsub.get_message(ignore_subscribe_messages=True, timeout=0.05)
            if message is not None:
                events.append(json.loads(message["data"]))
                if events[-1]["status"] != "running":
                    break
    finally:
        await pubsub.aclose()
        await subscriber.aclose()
    assert events and events[0]["status"] == "running"
    assert events[-1] == {"job_id": job_id, "status": "completed", "phase": "done", "rows": 40, "percent": 100}
    allowed = {"job_id", "status", "phase", "rows", "bytes", "bytes_total", "percent", "attempt", "error_code"}
    for event in events:
        assert set(event) <= allowed
        assert all(isinstance(value, int | type(None)) for key, value in event.items() if key in {"rows", "percent"})
    assert not any(email in json.dumps(events) for email in EMAILS)


@pytest.mark.parametrize(
    ("body", "code"),
    [
        (
            "".join(f'--B\r\nContent-Disposition: form-data; name="f{n}"\r\n\r\nx\r\n' for n in range(10_000))
            + "--B--\r\n",
            "too_many_fields",
        ),
        ("garbage " * 20_000, "malformed_upload"),
        ('--B\r\nContent-Disposition: form-data; name="other"\r\n\r\nx\r\n--B--\r\n', "missing_file"),
    ],
)
async def test_f29_hostile_multipart_bodies_are_400(body, code, client, two_orgs, settings):
    a = two_orgs.a
    response = await client.post(
        "/api/v1/files",
        content=body.encode(),
        headers={**a.auth, "content-type": "multipart/form-data; boundary=B"},
    )
    assert response.status_code == 400, response.text
    assert response.json()["error"] == code
    assert object_keys(settings, f"{settings.s3_prefix}/{a.org_id}/") == []


async def test_j45_s3_down_means_503_and_no_row_change(client, two_orgs, test_database, settings, superuser):
    a = two_orgs.a
    stored = await upload_file(client, a, "c.csv", csv_bytes(customers_rows()))
    file_id = uuid.UUID(stored.json()["file_id"])
    s3_down = make_settings(test_database, **{**vars_of(settings), "s3_endpoint_url": "http://127.0.0.1:1"})
    app = create_app(s3_down)
    try:
        async with make_client(app) as http:
            refused = await upload_file(http, a, "d.csv", csv_bytes(customers_rows()))
            not_deleted = await http.delete(f"/api/v1/files/{file_id}", headers=a.auth)
    finally:
        await app.state.engine.dispose()
    assert refused.status_code == 503 and refused.json()["error"] == "storage_unavailable"
    assert not_deleted.status_code == 503
    assert await superuser.fetchval("SELECT count(*) FROM files WHERE org_id = $1", a.org_id) == 1
    assert await superuser.fetchval("SELECT count(*) FROM files WHERE id = $1", file_id) == 1
    events = await audit_events(superuser, a.org_id)
    assert events.count("file_uploaded") == 1 and "files_deleted" not in events


async def test_f35_upload_quotas_per_user_refuse_past_the_room_and_leave_nothing(
    two_orgs, test_database, settings, superuser
):
    """Two files or 1,000 bytes per user: the third file is a 429, a file that would pass the bytes a 413, each
    audited `quota_exceeded`, with no object and no row left; another user of the quota has their own room."""
    a, b = two_orgs.a, two_orgs.b
    tight = make_settings(test_database, **{**vars_of(settings), "quota_user_files": 2, "quota_user_bytes": 1000})
    app = create_app(tight)
    small = b"id,city\n" + b"".join(f"{n},Oslo\n".encode() for n in range(20))  # ~190 bytes
    big = b"id,city\n" + b"".join(f"{n},Lund\n".encode() for n in range(200))  # ~2 KB
    try:
        async with make_client(app) as http:
            assert (await upload_file(http, a, "one.csv", small)).status_code == 201
            over_bytes = await upload_file(http, a, "big.csv", big)
            assert (await upload_file(http, a, "two.csv", small)).status_code == 201
            over_count = await upload_file(http, a, "three.csv", small)
            other_user = await upload_file(http, b, "b.csv", small)
    finally:
        await app.state.engine.dispose()
    assert (over_bytes.status_code, over_bytes.json()["error"]) == (413, "quota_exceeded")
    assert (over_count.status_code, over_count.json()["error"]) == (429, "quota_exceeded")
    assert other_user.status_code == 201
    assert await superuser.fetchval("SELECT count(*) FROM files WHERE org_id = $1", a.org_id) == 2
    assert len(object_keys(settings, f"{settings.s3_prefix}/{a.org_id}/")) == 2
    refusals = await superuser.fetch(
        "SELECT user_id, metadata FROM audit_events WHERE org_id = $1 AND event = 'quota_exceeded' ORDER BY seq",
        a.org_id,
    )
    assert [json.loads(row["metadata"])["limit"] for row in refusals] == ["bytes", "files"]
    assert {row["user_id"] for row in refusals} == {a.user_id}


async def test_f35_quota_is_rechecked_when_concurrent_uploads_race_for_the_last_room(
    two_orgs, test_database, settings, superuser
):
    """Room for one more file, two uploads at once: the per-user lock at commit lets exactly one in."""
    import asyncio

    a = two_orgs.a
    tight = make_settings(test_database, **{**vars_of(settings), "quota_user_files": 1})
    app = create_app(tight)
    content = b"id,city\n1,Oslo\n2,Lund\n"
    try:
        async with make_client(app) as http:
            first, second = await asyncio.gather(
                upload_file(http, a, "x.csv", content), upload_file(http, a, "y.csv", content)
            )
    finally:
        await app.state.engine.dispose()
    assert sorted([first.status_code, second.status_code]) == [201, 429]
    assert await superuser.fetchval("SELECT count(*) FROM files WHERE org_id = $1", a.org_id) == 1
    assert len(object_keys(settings, f"{settings.s3_prefix}/{a.org_id}/")) == 1
