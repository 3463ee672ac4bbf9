"""The real google-genai client against the local wire-format fake: bodies, retries, backoff, timeouts."""

from __future__ import annotations

import asyncio
import hashlib
import json
import socket

import pytest

from orca_core.llm.grammar import MaskKind, NameMask
from orca_core.llm.payload import ColumnStats, InferredType, MaskedColumn, MaskedScan, MaskedTable, build_request
from orca_core.llm.transport import EgressNotRecorded, GeminiTransport
from orca_core.scan.categories import Category
from orca_core.scan.pii_masker import mask_name, mask_value
from tests.llm.conftest import TEST_KEY, make_config
from tests.llm.fake_gemini import agree, everything, http_error, invalid_json, slow, unknown_category


def a_request():
    column = MaskedColumn(
        name=mask_name("email"),
        name_mask=NameMask.NAME,
        mask=MaskKind.EMAIL_ADDRESS,
        samples=(mask_value("jane.doe@acme.com", Category.EMAIL_ADDRESS),),
        stats=ColumnStats(InferredType.STRING, 3, 0.0, 3, 1.0, 0.1),
        builtin_category=Category.EMAIL_ADDRESS,
        builtin_confidence=0.9,
    )
    table = MaskedTable(name=mask_name("customers"), name_mask=NameMask.NAME, columns=(column,))
    return build_request(MaskedScan(mask_name("customers.csv"), NameMask.NAME, (table,)), 0, [0])


def send(config, request=None, sleeps=None):
    recorded = []

    async def record(attempt, sent):
        recorded.append(attempt)
        return len(recorded)

    async def fake_sleep(seconds):
        (sleeps if sleeps is not None else []).append(seconds)

    async def run():
        async with GeminiTransport(config, sleep=fake_sleep, jitter=lambda: 1.0) as transport:
            return await transport.send(request or a_request(), record)

    return asyncio.run(run()), recorded


def test_the_exact_body_is_recorded_and_hashed(fake, config):
    result, recorded = send(config)
    assert result.outcome == "ok" and result.parsed.answers["t0.c0"].category is Category.EMAIL_ADDRESS
    [seen] = fake.requests
    assert seen.path == "/v1/models/gemini-2.5-flash:generateContent"
    assert recorded[0].body == seen.body
    assert recorded[0].request_sha256 == hashlib.sha256(seen.body).hexdigest()
    assert seen.headers.get("x-goog-api-key") == TEST_KEY and TEST_KEY.encode() not in seen.body
    generation = seen.document["generationConfig"]
    assert generation["responseMimeType"] == "application/json"
    assert generation["responseJsonSchema"]["properties"]["columns"]["items"]["required"][0] == "id"
    assert generation["temperature"] == 0
    assert seen.payload["classify"][0]["samples"] == ["j***@a***.com"]
    assert recorded[0].tokens_in > 0 and recorded[0].tokens_out > 0


def test_429_then_success_backs_off_at_least_retry_after(fake, config):
    fake.script(http_error(429, retry_after="2"), agree())
    sleeps: list[float] = []
    result, recorded = send(config, sleeps=sleeps)
    assert [attempt.outcome for attempt in recorded] == ["http_429", "ok"]
    assert result.outcome == "ok" and result.parsed is not None
    assert sleeps == [2.0]
    assert len(fake.requests) == 2 and fake.requests[0].body == fake.requests[1].body


def test_5xx_is_retried_with_exponential_backoff_until_attempts_run_out(fake):
    config = make_config(fake, max_attempts=3, retry_base_seconds=0.5)
    fake.default = http_error(503)
    sleeps: list[float] = []
    result, recorded = send(config, sleeps=sleeps)
    assert [attempt.outcome for attempt in recorded] == ["http_503"] * 3
    assert result.parsed is None and result.outcome == "http_503"
    assert sleeps == [0.5, 1.0]


def test_a_client_error_is_not_retried(fake, config):
    fake.default = http_error(400)
    _, recorded = send(config)
    assert [attempt.outcome for attempt in recorded] == ["http_400"]


def test_a_slow_answer_times_out_and_is_retried(fake):
    config = make_config(fake, timeout_seconds=0.3, max_attempts=2)
    fake.default = slow(1.5)
    result, recorded = send(config)
    assert [attempt.outcome for attempt in recorded] == ["timeout", "timeout"]
    assert all(attempt.body is not None for attempt in recorded), "a timed-out request did go out: it is recorded"
    assert result.parsed is None


def test_invalid_json_and_unknown_categories_are_outcomes_not_errors(fake, config):
    fake.script(invalid_json())
    result, recorded = send(config)
    assert [attempt.outcome for attempt in recorded] == ["invalid_json"] and result.parsed is None
    fake.script(unknown_category())
    result, _ = send(config)
    assert result.outcome == "ok" and result.parsed.rejected == {"t0.c0": "unknown_category"}


def test_an_unreachable_endpoint_is_retried_then_given_up(fake):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = make_config(fake, base_url=f"http://127.0.0.1:{port}", max_attempts=2)
    result, recorded = send(config)
    assert [attempt.outcome for attempt in recorded] == ["unreachable", "unreachable"]
    assert result.parsed is None


def test_scripted_answers_reach_the_parser_unchanged(fake, config):
    fake.default = everything("HEALTH_DATA", 0.8, reason=json.dumps({"nested": "text"}))
    result, _ = send(config)
    assert result.parsed.answers["t0.c0"].category is Category.HEALTH_DATA


def test_pre_send_sees_the_exact_bytes_first_and_can_stop_the_send(fake, config):
    stored = []

    async def pre_send(body):
        stored.append(body)
        return "egress-1"

    async def refuse(body):
        raise ConnectionError("cannot store")

    async def record(attempt, sent):
        return None

    async def run(hook):
        async with GeminiTransport(config) as transport:
            return await transport.send(a_request(), record, hook)

    result = asyncio.run(run(pre_send))
    assert stored == [fake.requests[0].body] and result.attempts[0][0].egress_id == "egress-1"
    with pytest.raises(EgressNotRecorded):
        asyncio.run(run(refuse))
    assert len(fake.requests) == 1, "a body that could not be stored first is never sent"
