"""Fixtures of the LLM tests: the fake Gemini server and a configuration pointing the real client at it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pydantic import SecretStr

from orca_core.llm.config import LlmConfig
from orca_core.scan.engine import scan_path
from orca_core.scan.report import ScanReport
from tests.llm.fake_gemini import FakeGemini

TEST_KEY = "test-gemini-key-7f3a9c"


@pytest.fixture
def fake() -> Iterator[FakeGemini]:
    with FakeGemini() as server:
        yield server


def make_config(fake: FakeGemini, **overrides: object) -> LlmConfig:
    values: dict[str, object] = {
        "api_key": SecretStr(TEST_KEY),
        "model": "gemini-2.5-flash",
        "base_url": fake.url,
        "timeout_seconds": 1.0,
        "max_attempts": 3,
        "retry_base_seconds": 0.01,
        "max_output_tokens": 2048,
        "monthly_token_budget": 1_000_000,
        "mask_timeout_seconds": 5.0,
        "samples_per_column": 8,
        "columns_per_request": 50,
    }
    values.update(overrides)
    return LlmConfig(**values)  # type: ignore[arg-type]


@pytest.fixture
def config(fake: FakeGemini) -> LlmConfig:
    return make_config(fake)


def scan_bytes(tmp_path: Path, filename: str, content: bytes) -> ScanReport:
    path = tmp_path / filename
    path.write_bytes(content)
    return scan_path(path, source=filename)
