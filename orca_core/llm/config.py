"""The LLM step's configuration, taken from `Settings` (ORCA_GEMINI_*, ORCA_LLM_*; see docs/llm.md)."""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import SecretStr

from orca_core.settings import Settings


@dataclass(frozen=True)
class LlmConfig:
    api_key: SecretStr
    model: str
    base_url: str | None
    timeout_seconds: float
    max_attempts: int
    retry_base_seconds: float
    max_output_tokens: int
    monthly_token_budget: int
    mask_timeout_seconds: float
    samples_per_column: int
    columns_per_request: int

    @classmethod
    def from_settings(cls, settings: Settings) -> LlmConfig | None:
        """None when no Gemini key is configured: the built-in classifier alone then."""
        if settings.gemini_api_key is None:
            return None
        return cls(
            api_key=settings.gemini_api_key,
            model=settings.gemini_model,
            base_url=settings.gemini_base_url,
            timeout_seconds=settings.gemini_timeout_seconds,
            max_attempts=settings.gemini_max_attempts,
            retry_base_seconds=settings.gemini_retry_base_seconds,
            max_output_tokens=settings.gemini_max_output_tokens,
            monthly_token_budget=settings.llm_org_monthly_token_budget,
            mask_timeout_seconds=settings.llm_mask_timeout_seconds,
            samples_per_column=settings.llm_samples_per_column,
            columns_per_request=settings.llm_columns_per_request,
        )
