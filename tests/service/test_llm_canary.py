"""Battery G37, end to end through the API, S3, PostgreSQL and a real ARQ worker: canary personal data of every
category (in values, headers, sheet names, file names and a failing file) never reaches the LLM, nor do people's
names in headers, sheet names and file names (lone first names, lower case, glued to header words); if the masker
throws or times out, no request is made at all and the job completes without an LLM section."""

from __future__ import annotations

import json
import time
import uuid

import pytest

from orca_core.llm import masking
from tests.llm.data import CANARY_TELLTALES, broken_canary_file, canary_files
from tests.llm.fake_gemini import FakeGemini, agree
from tests.llm.service_world import GEMINI_TEST_KEY, enable_llm, events, ledger_rows, llm_settings
from tests.service.conftest import run_worker_burst, upload_file


@pytest.fixture(scope="module")
def fake():
    with FakeGemini() as server:
        yield server


@pytest.fixture
def gemini(fake):
    fake.requests.clear()
    fake.default = agree()
    return fake


@pytest.fixture
def worker_settings(test_database, settings, gemini):
    return llm_settings(test_database, settings, gemini)


def leaks(text: str) -> list[str]:
    folded = text.casefold()
    return [canary for canary in CANARY_TELLTALES if canary.casefold() in folded]


async def test_g37_no_canary_leaves_in_any_request(client, two_orgs, superuser, gemini, worker_settings, capsys):
    a = two_orgs.a
    await enable_llm(superuser, a.org_id)
    jobs = []
    for filename, content in [*canary_files(), broken_canary_file()]:
        response = await upload_file(client, a, filename, content)
        assert response.status_code == 201, (filename, response.text)
        jobs.append(response.json()["job_id"])

    await run_worker_burst(worker_settings)

    statuses = {}
    for job_id in jobs:
        job = (await client.get(f"/api/v1/jobs/{job_id}", headers=a.auth)).json()
        statuses[job_id] = job["status"]
        assert not leaks(json.dumps(job)), "the job's error path echoes no canary"
    assert list(statuses.values()) == ["completed"] * 5 + ["failed"]

    # Not vacuous: the canary tables did go out (CSV, 6 sheets, Parquet, JSON Lines, the family CSV: 10 tables,
    # one request each), with the names masked word by word rather than dropped.
    assert len(gemini.requests) == 10
    seen_masks = " ".join(" ".join(seen.all_strings()) for seen in gemini.requests)
    assert "z***@c***.org" in seen_masks and "DE** **** **** **** **32 14" in seen_masks
    assert "***@***_export" in seen_masks, "a header holding an e-mail went out masked"
    payloads = [seen.payload for seen in gemini.requests if seen.payload is not None]
    column_names = {name for payload in payloads for name in payload["context"]["column_names"]}
    assert {"notes_for_***", "***", "***.***", "notesFor***", "full_name", "date_of_birth"} <= column_names
    assert "***_family.csv" in {payload["context"]["file"] for payload in payloads}
    assert "***" in {payload["context"]["table"] for payload in payloads}, "the sheet `Ingeborg`"
    for seen in gemini.requests:
        assert not leaks(seen.body.decode("utf-8", "replace")), "raw body"
        assert not leaks("\n".join(seen.all_strings())), "decoded body (JSON escapes undone)"
        assert GEMINI_TEST_KEY.encode() not in seen.body

    # Nor does any canary sit in what the service keeps about those requests, or in the logs.
    ledger = await ledger_rows(superuser, a.org_id)
    assert len(ledger) == 10 and not leaks(json.dumps([metadata for _, metadata in ledger]))
    bodies = await superuser.fetch("SELECT body FROM llm_egress WHERE org_id = $1", a.org_id)
    assert len(bodies) == 10 and not any(leaks(row["body"]) for row in bodies)
    for job_id in jobs[:-1]:
        report = (await client.get(f"/api/v1/jobs/{job_id}/report", headers=a.auth)).json()
        assert report["llm"]["status"] == "applied"
        assert not leaks(json.dumps(report["llm"]))
    logs = capsys.readouterr().out
    assert "llm_attempt" in logs and not leaks(logs) and GEMINI_TEST_KEY not in logs


@pytest.mark.parametrize("failure", ["raises", "times_out"])
async def test_g37_masker_failure_means_no_request_and_no_llm_section(
    failure, client, two_orgs, superuser, gemini, test_database, settings, monkeypatch
):
    a = two_orgs.a
    await enable_llm(superuser, a.org_id)
    if failure == "raises":

        def broken(*args, **kwargs):
            raise RuntimeError("masker bug")

        monkeypatch.setattr(masking, "mask_value", broken)
        worker = llm_settings(test_database, settings, gemini)
    else:
        real = masking.mask_shape

        def stuck(raw):
            time.sleep(0.02)
            return real(raw)

        monkeypatch.setattr(masking, "mask_shape", stuck)
        worker = llm_settings(test_database, settings, gemini, llm_mask_timeout_seconds=0.1)
    filename, content = canary_files()[2]
    response = await upload_file(client, a, filename, content)
    job_id = response.json()["job_id"]

    await run_worker_burst(worker)

    job = (await client.get(f"/api/v1/jobs/{job_id}", headers=a.auth)).json()
    assert job["status"] == "completed"
    report = (await client.get(f"/api/v1/jobs/{job_id}/report", headers=a.auth)).json()
    assert "llm" not in report
    assert {column["pii"]["category"] for column in report["tables"][0]["columns"]} >= {"EMAIL_ADDRESS", "IBAN"}
    time.sleep(0.3)  # a timed-out masking thread finishes in the background: it must not send either
    assert gemini.requests == []
    expected = "masker_failed" if failure == "raises" else "masker_timeout"
    assert await events(superuser, a.org_id, "llm_skipped") == [{"job_id": job_id, "reason": expected}]
    assert await ledger_rows(superuser, a.org_id) == []
    assert uuid.UUID(job_id)
