"""All SQL of the audit log. A repository is bound to one chain: an org's, or the system chain (org_id NULL).

Row-level security (orca_core/tenancy.py): an org's chain is read and written acting for that org; the system
chain belongs to no org, so the policy shows it only across orgs, and its statements run in a `cross_org` block.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from typing import Any

from sqlalchemy import Executable, Result, Select, func, insert, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from orca_core.audit.chain import ChainRow
from orca_core.audit.models import AuditEvent
from orca_core.tenancy import act_for_org, cross_org

# First key of the two-key advisory lock, so the audit chains never collide with other advisory locks.
AUDIT_LOCK_NAMESPACE = 0x0A0D17


class AuditRepository:
    def __init__(self, session: AsyncSession, org_id: uuid.UUID | None) -> None:
        self.session = session
        self.org_id = org_id

    async def _execute(self, statement: Executable, parameters: dict[str, Any] | None = None) -> Result[Any]:
        """Every statement of the repository, in its chain's scope (re-asserted each time, like an org-scoped
        repository's). The system chain's scope is closed again right after, so it never outlives the statement."""
        if self.org_id is not None:
            act_for_org(self.session, self.org_id)
            return await self.session.execute(statement, parameters)
        with cross_org(self.session):
            return await self.session.execute(statement, parameters)

    def _chain(self) -> Select[AuditEvent]:
        if self.org_id is None:
            return select(AuditEvent).where(AuditEvent.org_id.is_(None))
        return select(AuditEvent).where(AuditEvent.org_id == self.org_id)

    async def lock_chain(self) -> None:
        """Serialise appends to this chain until the transaction ends (commit or rollback releases it).

        Under READ COMMITTED every later statement sees the rows committed by the previous holder, so reading
        the last hash after taking the lock gives a linear chain whatever the concurrency.
        """
        key = f"audit:{self.org_id or 'system'}"
        await self._execute(
            text("SELECT pg_advisory_xact_lock(:namespace, hashtext(:key))"),
            {"namespace": AUDIT_LOCK_NAMESPACE, "key": key},
        )

    async def last_hash(self) -> str | None:
        statement = self._chain().with_only_columns(AuditEvent.hash).order_by(AuditEvent.seq.desc()).limit(1)
        return (await self._execute(statement)).scalar_one_or_none()

    async def head(self) -> tuple[int, str] | None:
        """(seq, hash) of the chain's newest row."""
        statement = (
            self._chain().with_only_columns(AuditEvent.seq, AuditEvent.hash).order_by(AuditEvent.seq.desc()).limit(1)
        )
        row = (await self._execute(statement)).one_or_none()
        return (int(row.seq), str(row.hash)) if row else None

    async def next_seq(self) -> int:
        sequence = func.pg_get_serial_sequence("audit_events", "seq")
        return int((await self._execute(select(func.nextval(sequence)))).scalar_one())

    async def insert(self, values: dict[str, Any]) -> None:
        if values["org_id"] != self.org_id:
            raise ValueError("an audit row must belong to the repository's chain")
        await self._execute(insert(AuditEvent).values(**values))

    async def iter_chain(self, batch_size: int = 1000) -> AsyncIterator[tuple[ChainRow, str]]:
        """Every row of the chain in seq order with its stored hash, read in keyset batches.

        Plain rows rather than ORM objects: a long chain must not fill the session's identity map.
        """
        table = AuditEvent.__table__
        after = 0
        while True:
            statement = select(table).where(table.c.seq > after).order_by(table.c.seq).limit(batch_size)
            if self.org_id is None:
                statement = statement.where(table.c.org_id.is_(None))
            else:
                statement = statement.where(table.c.org_id == self.org_id)
            rows = (await self._execute(statement)).mappings().all()
            for row in rows:
                chain_row = ChainRow(
                    seq=row["seq"],
                    org_id=row["org_id"],
                    user_id=row["user_id"],
                    ts=row["ts"],
                    ip=row["ip"],
                    event=row["event"],
                    metadata=row["metadata"],
                    prev_hash=row["prev_hash"],
                )
                yield chain_row, row["hash"]
            if len(rows) < batch_size:
                return
            after = rows[-1]["seq"]

    async def list_recent(self, limit: int, *, before_seq: int | None = None) -> list[AuditEvent]:
        statement = self._chain().order_by(AuditEvent.seq.desc()).limit(limit)
        if before_seq is not None:
            statement = statement.where(AuditEvent.seq < before_seq)
        return list((await self._execute(statement)).scalars().all())


async def org_ids_with_events_unscoped(session: AsyncSession) -> list[uuid.UUID | None]:
    """Every chain in the database, for the operator's `orca audit verify` without --org. Not for requests."""
    with cross_org(session):
        rows = await session.execute(select(AuditEvent.org_id).distinct())
    return list(rows.scalars().all())
