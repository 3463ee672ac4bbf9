"""`orca llm verify`'s body check on its own: every place a stored body could carry text is examined."""

from __future__ import annotations

import json

import pytest

from orca_core.llm.verify import RequestCheck, check_body
from tests.llm.fake_gemini import agree
from tests.llm.test_transport import a_request, send


@pytest.fixture
def body(fake, config) -> str:
    fake.default = agree()
    send(config, a_request())
    return fake.requests[0].body.decode()


def problems(body: str, counts=None) -> list[str]:
    check = RequestCheck(ledger_seq=1, request_sha256="x")
    check_body(body, {"t0.c0": 1} if counts is None else counts, check)
    return check.problems


def edited(body: str, change) -> str:
    document = json.loads(body)
    payload = json.loads(document["contents"][0]["parts"][0]["text"])
    change(document, payload)
    document["contents"][0]["parts"][0]["text"] = json.dumps(payload)
    return json.dumps(document)


def test_a_clean_body_passes(body):
    assert problems(body) == []


@pytest.mark.parametrize(
    "change",
    [
        lambda d, p: p["classify"][0]["samples"].append("jane.doe@acme.com"),
        lambda d, p: p["classify"][0].update(name="jane.doe@acme.com"),
        lambda d, p: p["context"].update(table="Anna Svensson"),
        lambda d, p: p["context"]["column_names"].append("kund 19811228-9874"),
        lambda d, p: p["classify"][0]["stats"].update(type="jane.doe@acme.com"),
        lambda d, p: p["classify"][0]["builtin"].update(note="jane.doe@acme.com"),
        lambda d, p: p["classify"][0].update(comment="jane.doe@acme.com"),
        lambda d, p: p.update(extra="jane.doe@acme.com"),
        lambda d, p: d["systemInstruction"]["parts"][0].update(text="jane.doe@acme.com"),
        lambda d, p: d["generationConfig"]["responseJsonSchema"].update(description="jane.doe@acme.com"),
        lambda d, p: d["contents"].append({"role": "user", "parts": [{"text": "jane.doe@acme.com"}]}),
    ],
    ids=[
        "raw sample",
        "raw column name",
        "person name as table",
        "digits in a context name",
        "text in statistics",
        "text in the built-in verdict",
        "an extra column field",
        "an extra payload field",
        "system instruction",
        "response schema",
        "a second user turn",
    ],
)
def test_any_raw_text_anywhere_is_found(body, change):
    assert problems(edited(body, change))


def test_sample_counts_must_match_the_ledger(body):
    assert problems(body, {"t0.c0": 2}) == ["masked values per column differ from the ledger"]
