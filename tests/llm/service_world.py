"""Helpers of the service-level LLM tests (tests/service/test_llm_*.py): a fake Gemini per test module, settings
with a key pointing the worker at it, and small queries."""

from __future__ import annotations

import hashlib
import uuid
from typing import Any

from orca_core.settings import Settings
from tests.llm.fake_gemini import FakeGemini
from tests.service.conftest import make_settings

GEMINI_TEST_KEY = "AIza-test-only-key-0b9f3e"


def settings_values(settings: Settings) -> dict[str, Any]:
    values = {}
    for name in type(settings).model_fields:
        value = getattr(settings, name)
        values[name] = value.get_secret_value() if hasattr(value, "get_secret_value") else value
    return values


def llm_settings(test_database: Any, settings: Settings, fake: FakeGemini, **overrides: Any) -> Settings:
    values = {
        **settings_values(settings),
        "gemini_api_key": GEMINI_TEST_KEY,
        "gemini_base_url": fake.url,
        "gemini_timeout_seconds": 1.0,
        "gemini_max_attempts": 2,
        "gemini_retry_base_seconds": 0.0,
        "llm_samples_per_column": 10,
    }
    values.update(overrides)
    return make_settings(test_database, **values)


async def enable_llm(superuser: Any, org_id: uuid.UUID) -> None:
    await superuser.execute("UPDATE orgs SET llm_classification_enabled = true WHERE id = $1", org_id)


async def ledger_rows(superuser: Any, org_id: uuid.UUID, job_id: str | None = None) -> list[Any]:
    rows = await superuser.fetch(
        "SELECT seq, metadata FROM audit_events WHERE org_id = $1 AND event = 'llm_request' ORDER BY seq", org_id
    )
    import json

    decoded = [(row["seq"], json.loads(row["metadata"])) for row in rows]
    return [row for row in decoded if job_id is None or row[1]["job_id"] == job_id]


async def events(superuser: Any, org_id: uuid.UUID, name: str) -> list[dict[str, Any]]:
    import json

    rows = await superuser.fetch(
        "SELECT metadata FROM audit_events WHERE org_id = $1 AND event = $2 ORDER BY seq", org_id, name
    )
    return [json.loads(row["metadata"]) for row in rows]


def sha256(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()
