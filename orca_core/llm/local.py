"""`orca scan --llm`: the worker's LLM step, run from the command line.

Same masking, request building, transport, merge and report section as the worker. What differs: the answer
cache is in memory (one CLI run: several files with the same columns pay once; nothing is written to disk), the
token budget is `ORCA_LLM_ORG_MONTHLY_TOKEN_BUDGET` for this run, and there is no audit log, so the report's
`llm.requests` (hash, outcome, tokens per attempt) is the record of what went out.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any, TextIO

from orca_core.llm.classifier import (
    InMemoryBudget,
    InMemoryCache,
    NoLedger,
    classify_scan,
    off_section,
    render_report,
)
from orca_core.llm.config import LlmConfig
from orca_core.scan.report import ScanReport


@dataclass
class LocalLlmSession:
    config: LlmConfig | None
    cache: InMemoryCache
    budget: InMemoryBudget | None

    @classmethod
    def from_environment(cls, warn: TextIO | None = None) -> LocalLlmSession:
        from orca_core.settings import get_settings

        config = LlmConfig.from_settings(get_settings())
        if config is None and warn is not None:
            print("orca scan --llm: ORCA_GEMINI_API_KEY is not set; built-in classification only", file=warn)
        budget = InMemoryBudget(config.monthly_token_budget) if config is not None else None
        return cls(config=config, cache=InMemoryCache(), budget=budget)

    def classify(self, report: ScanReport) -> dict[str, Any]:
        if self.config is None or self.budget is None:
            return render_report(report, off_section("no_api_key"))
        if report.has_raw_passwords:  # as in the worker: such a file is never described to the LLM
            return render_report(report, off_section("raw_passwords_found"))
        outcome = asyncio.run(
            classify_scan(report, self.config, cache=self.cache, budget=self.budget, ledger=NoLedger())
        )
        return render_report(report, outcome)
