"""The LLM settings: no key means no LLM; the endpoint override is for development and tests only."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from orca_core.llm.config import LlmConfig
from orca_core.settings import Settings


def settings(**values) -> Settings:
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


def test_no_key_or_an_empty_key_means_no_llm():
    assert LlmConfig.from_settings(settings()) is None
    assert LlmConfig.from_settings(settings(gemini_api_key="  ")) is None
    config = LlmConfig.from_settings(settings(gemini_api_key="k-123", gemini_model="gemini-2.5-pro"))
    assert config is not None and config.model == "gemini-2.5-pro"
    assert "k-123" not in repr(config) and "k-123" not in repr(settings(gemini_api_key="k-123"))


def test_a_plain_http_endpoint_is_refused_in_production():
    with pytest.raises(ValidationError) as refused:
        settings(environment="production", gemini_base_url="http://10.0.0.5:8080")
    assert "ORCA_GEMINI_BASE_URL" in str(refused.value)


def test_model_names_are_plain_identifiers():
    with pytest.raises(ValidationError):
        settings(gemini_model="../../v1beta/tunedModels/x")
