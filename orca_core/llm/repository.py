"""All SQL of LLM classification. Every repository is bound to one org; the CLI verifier's lookups by job id
alone are named `*_unscoped`."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from orca_core.audit.models import AuditEvent
from orca_core.audit.service import AuditEventName
from orca_core.jobs.models import Job, Report
from orca_core.llm.models import LlmEgress, LlmTokenUsage, LlmVerdictCache
from orca_core.orgs.models import Org
from orca_core.orgs.repository import OrgScopedRepository
from orca_core.tenancy import act_for_org, cross_org


class LlmRepository(OrgScopedRepository):
    async def switches(self) -> tuple[bool, bool]:
        """(LLM classification on, GDPR check on) for the org; both off when the org is gone."""
        statement = select(Org.llm_classification_enabled, Org.gdpr_check_enabled).where(Org.id == self.org_id)
        row = (await self.session.execute(statement)).one_or_none()
        return (bool(row[0]), bool(row[1])) if row is not None else (False, False)

    async def cached_answers(self, fingerprints: Sequence[str]) -> dict[str, dict[str, Any]]:
        if not fingerprints:
            return {}
        statement = select(LlmVerdictCache.fingerprint, LlmVerdictCache.answer).where(
            LlmVerdictCache.org_id == self.org_id, LlmVerdictCache.fingerprint.in_(list(fingerprints))
        )
        return {row.fingerprint: row.answer for row in (await self.session.execute(statement)).all()}

    async def cache_answers(self, answers: dict[str, dict[str, Any]], model: str) -> None:
        for fingerprint, answer in answers.items():
            statement = insert(LlmVerdictCache).values(
                org_id=self.org_id, fingerprint=fingerprint, model=model, answer=answer
            )
            statement = statement.on_conflict_do_update(
                index_elements=[LlmVerdictCache.org_id, LlmVerdictCache.fingerprint],
                set_={"answer": statement.excluded.answer, "model": statement.excluded.model},
            )
            await self.session.execute(statement)

    async def reserve_tokens(self, month: date, tokens: int, budget: int) -> bool:
        """Atomically add `tokens` to the month's usage unless that would pass `budget`."""
        if tokens > budget:
            return False
        new_row = insert(LlmTokenUsage).values(org_id=self.org_id, month=month, tokens_used=tokens, requests=1)
        statement = new_row.on_conflict_do_update(
            index_elements=[LlmTokenUsage.org_id, LlmTokenUsage.month],
            set_={
                "tokens_used": LlmTokenUsage.tokens_used + tokens,
                "requests": LlmTokenUsage.requests + 1,
            },
            where=LlmTokenUsage.tokens_used + tokens <= budget,
        ).returning(LlmTokenUsage.tokens_used)
        return (await self.session.execute(statement)).scalar_one_or_none() is not None

    async def adjust_tokens(self, month: date, delta: int) -> None:
        statement = insert(LlmTokenUsage).values(org_id=self.org_id, month=month, tokens_used=max(0, delta))
        statement = statement.on_conflict_do_update(
            index_elements=[LlmTokenUsage.org_id, LlmTokenUsage.month],
            set_={"tokens_used": LlmTokenUsage.tokens_used + delta},
        )
        await self.session.execute(statement)

    async def add_egress(self, job_id: uuid.UUID, request_sha256: str, body: str) -> uuid.UUID:
        egress = LlmEgress(org_id=self.org_id, job_id=job_id, request_sha256=request_sha256, body=body)
        self.session.add(egress)
        await self.session.flush()
        return egress.id

    def _ledger(self) -> Select[AuditEvent]:
        return select(AuditEvent).where(
            AuditEvent.org_id == self.org_id, AuditEvent.event == AuditEventName.LLM_REQUEST.value
        )

    async def ledger(self, *, job_id: uuid.UUID | None, before_seq: int | None, limit: int) -> list[AuditEvent]:
        statement = self._ledger()
        if job_id is not None:
            statement = statement.where(AuditEvent.metadata_["job_id"].astext == str(job_id))
        if before_seq is not None:
            statement = statement.where(AuditEvent.seq < before_seq)
        statement = statement.order_by(AuditEvent.seq.desc()).limit(limit)
        return list((await self.session.execute(statement)).scalars().all())


async def job_org_unscoped(session: AsyncSession, job_id: uuid.UUID) -> uuid.UUID | None:
    """The verifier's entry point: an operator names a job id, the org follows from it."""
    with cross_org(session):
        return (await session.execute(select(Job.org_id).where(Job.id == job_id))).scalar_one_or_none()


async def job_evidence_unscoped(
    session: AsyncSession, org_id: uuid.UUID, job_id: uuid.UUID
) -> tuple[list[AuditEvent], list[LlmEgress], dict[str, Any] | None]:
    """A job's ledger rows, stored request bodies and stored report, for `orca llm verify`.

    Every statement names `org_id` (found by `job_org_unscoped`), so the session acts for that org rather than
    across orgs."""
    act_for_org(session, org_id)
    events = (
        (
            await session.execute(
                select(AuditEvent)
                .where(
                    AuditEvent.org_id == org_id,
                    AuditEvent.event == AuditEventName.LLM_REQUEST.value,
                    AuditEvent.metadata_["job_id"].astext == str(job_id),
                )
                .order_by(AuditEvent.seq)
            )
        )
        .scalars()
        .all()
    )
    bodies = (
        (
            await session.execute(
                select(LlmEgress)
                .where(LlmEgress.org_id == org_id, LlmEgress.job_id == job_id)
                .order_by(LlmEgress.created_at, LlmEgress.id)
            )
        )
        .scalars()
        .all()
    )
    report = (
        await session.execute(select(Report.report).where(Report.org_id == org_id, Report.job_id == job_id))
    ).scalar_one_or_none()
    return list(events), list(bodies), report
