"""LLM classification in the service: the worker's step after the scan, and the egress ledger's listing.

`report_with_llm` never fails a job: whatever happens (no key, org switch off, masker failure, provider down,
budget spent, a bug here) the job gets the built-in report, and the LLM section (or its absence) says why.

Each request body is stored and committed before its bytes are handed to the network (if that fails, it is not
sent), and each attempt's ledger row is committed as soon as the attempt returns: what left the process stays on
record even if the job's own transaction later rolls back. Cached answers and token usage are committed the same
way, so a job that is killed and re-run does not pay twice.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from orca_core.audit.service import AuditEventName, AuditLog
from orca_core.db import unit_of_work, utcnow
from orca_core.llm.classifier import (
    LlmRun,
    Skipped,
    TransportFactory,
    classify_scan,
    off_section,
    render_report,
)
from orca_core.llm.config import LlmConfig
from orca_core.llm.contract import InvalidAnswer, LlmAnswer
from orca_core.llm.payload import EgressRequest
from orca_core.llm.repository import LlmRepository
from orca_core.llm.transport import Attempt, GeminiTransport
from orca_core.logging import get_logger
from orca_core.scan.report import ScanReport
from orca_core.settings import Settings

log = get_logger("orca.llm")

Sessions = async_sessionmaker[AsyncSession]


def _this_month() -> date:
    return utcnow().date().replace(day=1)


class DbVerdictCache:
    def __init__(self, sessions: Sessions, org_id: uuid.UUID) -> None:
        self.sessions, self.org_id = sessions, org_id

    async def get_many(self, fingerprints: Sequence[str]) -> dict[str, LlmAnswer]:
        async with unit_of_work(self.sessions) as session:
            stored = await LlmRepository(session, self.org_id).cached_answers(fingerprints)
        answers = {}
        for fingerprint, answer in stored.items():
            try:
                answers[fingerprint] = LlmAnswer.from_dict(answer)
            except InvalidAnswer:
                continue  # a row that no longer parses is a miss, not an error
        return answers

    async def put_many(self, answers: Mapping[str, LlmAnswer], model: str) -> None:
        async with unit_of_work(self.sessions) as session:
            await LlmRepository(session, self.org_id).cache_answers(
                {fingerprint: answer.as_dict() for fingerprint, answer in answers.items()}, model
            )


class DbTokenBudget:
    def __init__(self, sessions: Sessions, org_id: uuid.UUID, monthly_tokens: int) -> None:
        self.sessions, self.org_id, self.monthly_tokens = sessions, org_id, monthly_tokens

    async def reserve(self, tokens: int) -> bool:
        async with unit_of_work(self.sessions) as session:
            return await LlmRepository(session, self.org_id).reserve_tokens(_this_month(), tokens, self.monthly_tokens)

    async def settle(self, reserved: int, used: int) -> None:
        if used != reserved:
            async with unit_of_work(self.sessions) as session:
                await LlmRepository(session, self.org_id).adjust_tokens(_this_month(), used - reserved)


class DbEgressLedger:
    """Stores each exact body before it is sent (committed: if that fails, nothing is sent), then writes the
    attempt's `llm_request` audit event naming it."""

    def __init__(self, sessions: Sessions, org_id: uuid.UUID, job_id: uuid.UUID) -> None:
        self.sessions, self.org_id, self.job_id = sessions, org_id, job_id

    async def before_send(self, body: bytes) -> str | None:
        async with unit_of_work(self.sessions) as session:
            egress_id = await LlmRepository(session, self.org_id).add_egress(
                self.job_id, hashlib.sha256(body).hexdigest(), body.decode("utf-8", "surrogateescape")
            )
        return str(egress_id)

    async def record(self, attempt: Attempt, request: EgressRequest, model: str) -> int | None:
        if attempt.body is None:
            return None
        async with unit_of_work(self.sessions) as session:
            seq = await AuditLog(session).record(
                AuditEventName.LLM_REQUEST,
                org_id=self.org_id,
                user_id=None,
                ip=None,
                metadata={
                    "job_id": str(self.job_id),
                    "provider": "gemini",
                    "model": model,
                    "request_sha256": attempt.request_sha256,
                    "request_bytes": len(attempt.body),
                    "masked_values_per_column": request.masked_values_per_column,
                    "tokens_in": attempt.tokens_in,
                    "tokens_out": attempt.tokens_out,
                    "latency_ms": attempt.latency_ms,
                    "outcome": attempt.outcome,
                    "http_status": attempt.http_status,
                    "attempt": attempt.number,
                    "egress_id": attempt.egress_id,
                },
            )
        return seq

    async def skipped(self, reason: str) -> None:
        async with unit_of_work(self.sessions) as session:
            await AuditLog(session).record(
                AuditEventName.LLM_SKIPPED,
                org_id=self.org_id,
                user_id=None,
                ip=None,
                metadata={"job_id": str(self.job_id), "reason": reason},
            )


async def report_with_llm(
    sessions: Sessions,
    settings: Settings,
    org_id: uuid.UUID,
    job_id: uuid.UUID,
    report: ScanReport,
    *,
    transport_factory: TransportFactory = GeminiTransport,
) -> dict[str, Any]:
    """The report document to store for a finished scan: built-in verdicts, merged with the LLM's when the org
    has LLM classification on and a key is configured. Never raises (except cancellation)."""
    config = LlmConfig.from_settings(settings)
    originals = [[column.verdict for column in table.columns] for table in report.tables]
    try:
        async with unit_of_work(sessions) as session:
            enabled, gdpr_check = await LlmRepository(session, org_id).switches()
        if not gdpr_check:  # the org turned PII classification off altogether: nothing to ask the LLM about
            return render_report(report, off_section("gdpr_check_disabled"))
        if not enabled:
            return render_report(report, off_section("disabled_for_org"))
        if config is None:
            return render_report(report, off_section("no_api_key"))
        outcome: LlmRun | Skipped = await classify_scan(
            report,
            config,
            cache=DbVerdictCache(sessions, org_id),
            budget=DbTokenBudget(sessions, org_id, config.monthly_token_budget),
            ledger=DbEgressLedger(sessions, org_id, job_id),
            transport_factory=transport_factory,
        )
        return render_report(report, outcome)
    except Exception as error:  # the LLM step must never cost the user their report
        log.error("llm_step_failed", error_type=type(error).__name__)
        for table, verdicts in zip(report.tables, originals, strict=True):
            for column, verdict in zip(table.columns, verdicts, strict=True):
                column.verdict = verdict
        return report.to_dict()
