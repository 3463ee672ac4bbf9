"""The LLM classification step of one scan, shared by the worker and `orca scan --llm`.

1. Mask (on a thread, with a deadline). If the masker raises or times out, or a mask fails the grammar check,
   nothing is sent: the step ends `skipped` and the caller stores the report without an LLM section.
2. Fingerprint each column's masked payload; answers already cached for the org are reused (no request).
3. For each table, the uncached columns go out in batches, within the org's token budget; every attempt is
   written to the egress ledger as it happens.
4. Merge each column's built-in verdict with the LLM's answer (merge.py) and render the report document: the
   built-in report with the final verdicts, `pii.evidence.llm` per column and a top-level `llm` section.

Where the cache, the budget and the ledger live is the caller's business (PostgreSQL in the worker, memory in the
CLI): they are the three ports below.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from orca_core.llm.config import LlmConfig
from orca_core.llm.contract import PROMPT_VERSION, LlmAnswer
from orca_core.llm.masking import mask_scan
from orca_core.llm.merge import MergeDecision, evidence, merge
from orca_core.llm.payload import (
    EgressRequest,
    MaskedScan,
    UnmaskedInputError,
    build_request,
    column_id,
    column_payload,
    table_context,
)
from orca_core.llm.transport import Attempt, EgressNotRecorded, GeminiTransport, SendResult
from orca_core.logging import get_logger
from orca_core.scan.categories import Category
from orca_core.scan.report import ColumnReport, ScanReport

log = get_logger("orca.llm")

PROVIDER = "gemini"


class VerdictCache(Protocol):
    async def get_many(self, fingerprints: Sequence[str]) -> dict[str, LlmAnswer]: ...

    async def put_many(self, answers: Mapping[str, LlmAnswer], model: str) -> None: ...


class TokenBudget(Protocol):
    async def reserve(self, tokens: int) -> bool: ...

    async def settle(self, reserved: int, used: int) -> None: ...


class EgressLedger(Protocol):
    async def before_send(self, body: bytes) -> str | None:
        """Store the exact body before it leaves; raise to stop the send. Returns the stored copy's id."""
        ...

    async def record(self, attempt: Attempt, request: EgressRequest, model: str) -> int | None:
        """The ledger row of one attempt (outcome, tokens, latency); returns its id."""
        ...

    async def skipped(self, reason: str) -> None: ...


class Transport(Protocol):
    async def __aenter__(self) -> Transport: ...

    async def __aexit__(self, *exc: object) -> None: ...

    async def send(self, request: EgressRequest, record: Any, pre_send: Any = None) -> SendResult: ...


TransportFactory = Callable[[LlmConfig], Transport]


class InMemoryCache:
    """The CLI's cache: one process, forgotten at exit."""

    def __init__(self) -> None:
        self.answers: dict[str, LlmAnswer] = {}

    async def get_many(self, fingerprints: Sequence[str]) -> dict[str, LlmAnswer]:
        return {fp: self.answers[fp] for fp in fingerprints if fp in self.answers}

    async def put_many(self, answers: Mapping[str, LlmAnswer], model: str) -> None:
        self.answers.update(answers)


class InMemoryBudget:
    def __init__(self, tokens: int) -> None:
        self.remaining = tokens

    async def reserve(self, tokens: int) -> bool:
        if tokens > self.remaining:
            return False
        self.remaining -= tokens
        return True

    async def settle(self, reserved: int, used: int) -> None:
        self.remaining += reserved - used


class NoLedger:
    """The CLI has no audit log: the report's `llm.requests` is its record of what went out."""

    async def before_send(self, body: bytes) -> str | None:
        return None

    async def record(self, attempt: Attempt, request: EgressRequest, model: str) -> int | None:
        return None

    async def skipped(self, reason: str) -> None:
        return None


@dataclass(frozen=True)
class Skipped:
    """Nothing was sent (the masker failed or timed out, or its output failed the grammar check)."""

    reason: str


@dataclass
class LlmRun:
    model: str
    decisions: dict[tuple[int, int], tuple[MergeDecision, dict[str, Any]]] = field(default_factory=dict)
    requests: list[dict[str, Any]] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    asked: int = 0
    cached: int = 0
    answered: int = 0
    rejected: int = 0

    def section(self) -> dict[str, Any]:
        changed = sum(1 for decision, _ in self.decisions.values() if decision.changed)
        usable = self.answered + self.cached
        status = "applied" if usable or not (self.asked or self.failures) else "failed"
        reason = self.failures[-1] if self.failures else None
        if status == "failed" and reason is None:
            reason = "no_usable_answer"  # answers came, but none passed the contract (e.g. unknown categories)
        return {
            "status": status,
            "reason": reason,
            "provider": PROVIDER,
            "model": self.model,
            "prompt_version": PROMPT_VERSION,
            "columns": {
                "total": len(self.decisions),
                "asked": self.asked,
                "cached": self.cached,
                "answered": self.answered,
                "rejected": self.rejected,
                "changed": changed,
            },
            "requests": self.requests,
        }


def off_section(reason: str) -> dict[str, Any]:
    """The report's LLM section when the step did not run: `no_api_key` or `disabled_for_org`."""
    return {"status": "off", "reason": reason, "provider": PROVIDER}


def fingerprint(scan: MaskedScan, table_index: int, column_index: int, model: str) -> str:
    """What a cached answer is keyed on: the column's masked payload, the masked names of its table's columns,
    the model and the prompt. File and table names are left out (a CSV's table is named after its file): the same
    data uploaded under another name is the same question."""
    document = {
        "model": model,
        "prompt_version": PROMPT_VERSION,
        "column_names": table_context(scan, table_index)["column_names"],
        "column": column_payload(scan.tables[table_index].columns[column_index]),
    }
    return hashlib.sha256(json.dumps(document, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class _Planned:
    table_index: int
    requests: list[EgressRequest]
    fingerprints: dict[str, str]  # column id -> fingerprint


async def _mask(report: ScanReport, config: LlmConfig) -> MaskedScan | Skipped:
    try:
        return await asyncio.wait_for(
            asyncio.to_thread(mask_scan, report, config.samples_per_column), timeout=config.mask_timeout_seconds
        )
    except TimeoutError:
        log.warning("llm_skipped", reason="masker_timeout")
        return Skipped("masker_timeout")
    except Exception as error:  # fail closed, whatever the masker raised
        log.warning("llm_skipped", reason="masker_failed", error_type=type(error).__name__)
        return Skipped("masker_failed")


def _plan(scan: MaskedScan, config: LlmConfig, cached: set[str], fingerprints: dict[str, str]) -> list[_Planned]:
    """Every request of the run, built before the first one is sent (a grammar failure anywhere sends nothing)."""
    plans = []
    for table_index, table in enumerate(scan.tables):
        pending = [
            index for index in range(len(table.columns)) if fingerprints[column_id(table_index, index)] not in cached
        ]
        batches = [
            pending[i : i + config.columns_per_request] for i in range(0, len(pending), config.columns_per_request)
        ]
        requests = [build_request(scan, table_index, batch) for batch in batches]
        ids = {column_id(table_index, index) for index in range(len(table.columns))}
        plans.append(_Planned(table_index, requests, {i: fingerprints[i] for i in ids}))
    return plans


def _reserve_for(request: EgressRequest, config: LlmConfig) -> int:
    return request.estimated_input_tokens() + min(config.max_output_tokens, 200 + 120 * len(request.column_ids))


@dataclass
class _Answers:
    """What the run learnt per column id: answers, where they came from, and why others were not used."""

    given: dict[str, LlmAnswer] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)  # "cache" | "request"
    rejected: dict[str, str] = field(default_factory=dict)
    request_index: dict[str, int] = field(default_factory=dict)  # index into LlmRun.requests


async def _send_all(
    plans: list[_Planned],
    transport: Transport,
    config: LlmConfig,
    run: LlmRun,
    answers: _Answers,
    *,
    cache: VerdictCache,
    budget: TokenBudget,
    ledger: EgressLedger,
) -> None:
    """Send the planned requests one after the other, within the budget, recording every attempt."""

    async def record(attempt: Attempt, sent: EgressRequest) -> int | None:
        return await ledger.record(attempt, sent, config.model)

    for plan in plans:
        for request in plan.requests:
            run.asked += len(request.column_ids)
            reserved = _reserve_for(request, config)
            if not await budget.reserve(reserved):
                run.failures.append("budget_exhausted")
                answers.rejected.update(dict.fromkeys(request.column_ids, "budget_exhausted"))
                continue
            try:
                result = await transport.send(request, record, ledger.before_send)
            except EgressNotRecorded as stopped:
                # A body could not be stored before sending: it did not go out, and nothing more will this run.
                for attempt, ledger_seq in stopped.attempts:
                    run.requests.append(_request_row(plan.table_index, request, attempt, ledger_seq))
                await budget.settle(reserved, sum(a.tokens_in + a.tokens_out for a, _ in stopped.attempts))
                run.failures.append("egress_not_recorded")
                answers.rejected.update(dict.fromkeys(request.column_ids, "egress_not_recorded"))
                return
            await budget.settle(reserved, result.tokens_used)
            for attempt, ledger_seq in result.attempts:
                run.requests.append(_request_row(plan.table_index, request, attempt, ledger_seq))
            if result.parsed is None:
                run.failures.append(result.outcome)
                answers.rejected.update(dict.fromkeys(request.column_ids, result.outcome))
                continue
            fresh = {}
            for identifier, answer in result.parsed.answers.items():
                answers.given[identifier], answers.sources[identifier] = answer, "request"
                answers.request_index[identifier] = len(run.requests) - 1
                fresh[plan.fingerprints[identifier]] = answer
                run.answered += 1
            answers.rejected.update(result.parsed.rejected)
            if fresh:
                await cache.put_many(fresh, config.model)


async def classify_scan(
    report: ScanReport,
    config: LlmConfig,
    *,
    cache: VerdictCache,
    budget: TokenBudget,
    ledger: EgressLedger,
    transport_factory: TransportFactory = GeminiTransport,
) -> LlmRun | Skipped:
    masked = await _mask(report, config)
    if isinstance(masked, Skipped):
        await ledger.skipped(masked.reason)
        return masked
    try:
        fingerprints = {
            column_id(t, c): fingerprint(masked, t, c, config.model)
            for t, table in enumerate(masked.tables)
            for c in range(len(table.columns))
        }
        cached_answers = await cache.get_many(sorted(set(fingerprints.values())))
        plans = _plan(masked, config, set(cached_answers), fingerprints)
    except UnmaskedInputError:
        log.error("llm_skipped", reason="masker_output_rejected")
        await ledger.skipped("masker_output_rejected")
        return Skipped("masker_output_rejected")

    run = LlmRun(model=config.model)
    answers = _Answers()
    for identifier, fp in fingerprints.items():
        hit = cached_answers.get(fp)
        if hit is not None:
            answers.given[identifier], answers.sources[identifier] = hit, "cache"
            run.cached += 1
    if any(plan.requests for plan in plans):
        async with transport_factory(config) as transport:
            await _send_all(plans, transport, config, run, answers, cache=cache, budget=budget, ledger=ledger)
    if "budget_exhausted" in run.failures:
        await ledger.skipped("budget_exhausted")

    for table_index, table in enumerate(report.tables):
        for column_index, column in enumerate(table.columns):
            identifier = column_id(table_index, column_index)
            given = answers.given.get(identifier)
            decision = merge(column.verdict, given)
            problem = answers.rejected.get(identifier) if given is None else None
            if problem is not None:
                run.rejected += 1
            column_evidence = evidence(
                column.verdict, decision, given, source=answers.sources.get(identifier, "none"), rejected=problem
            )
            if identifier in answers.request_index:
                column_evidence["request"] = answers.request_index[identifier]
            run.decisions[(table_index, column_index)] = (decision, column_evidence)
    return run


def _request_row(table_index: int, request: EgressRequest, attempt: Attempt, ledger_seq: int | None) -> dict[str, Any]:
    return {
        "ledger_seq": ledger_seq,
        "table": table_index,
        "attempt": attempt.number,
        "request_sha256": attempt.request_sha256,
        "outcome": attempt.outcome,
        "http_status": attempt.http_status,
        "columns": len(request.column_ids),
        "masked_values": sum(request.masked_values_per_column.values()),
        "tokens_in": attempt.tokens_in,
        "tokens_out": attempt.tokens_out,
        "latency_ms": attempt.latency_ms,
    }


def render_report(report: ScanReport, outcome: LlmRun | Skipped | dict[str, Any]) -> dict[str, Any]:
    """The report document with the LLM's part merged in.

    `outcome` is a run, a `Skipped` (no LLM section at all: nothing was sent), or an off section
    (`off_section(...)`). Values shown in `profile` are masked whenever EITHER verdict calls the column personal:
    an LLM demotion changes the verdict, never what the report reveals. Afterwards each `ColumnReport.verdict` is
    the final verdict (the CLI prints them).
    """
    if isinstance(outcome, Skipped):
        return report.to_dict()
    if isinstance(outcome, dict):
        document = report.to_dict()
        document["llm"] = outcome
        return document
    finals: dict[tuple[int, int], ColumnReport] = {}
    for (table_index, column_index), (decision, _) in outcome.decisions.items():
        column = report.tables[table_index].columns[column_index]
        finals[(table_index, column_index)] = ColumnReport(profile=column.profile, verdict=decision.verdict)
        if decision.verdict.category is not Category.NONE:
            column.verdict = decision.verdict  # the stricter of the two masks (both personal, or LLM-added)
    document = report.to_dict()
    for (table_index, column_index), (_, column_evidence) in outcome.decisions.items():
        final = finals[(table_index, column_index)]
        pii = final.pii_dict()
        pii["evidence"]["llm"] = column_evidence
        document["tables"][table_index]["columns"][column_index]["pii"] = pii
        report.tables[table_index].columns[column_index].verdict = final.verdict
    document["llm"] = outcome.section()
    return document
