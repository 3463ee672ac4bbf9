"""The tenant scope of a database session: which org's rows PostgreSQL's row-level security lets it touch.

Tenant isolation has two walls (docs/tenancy.md). The first is the repositories: every tenant repository is built
for one org and filters by it (orca_core/orgs/repository.py). The second is row-level security (migration 0007):
every tenant table has a policy that shows, and accepts, a row only when its org equals the transaction's
`app.org_id` setting, or when `app.cross_org` is 'on'. A session that declared nothing sees no tenant row at
all, so a forgotten WHERE clause, or a statement issued outside any repository, fails closed.

What a session wants is kept in `session.info`:
- `act_for_org(session, org_id)`: from now on its statements run for that org. Building an `OrgScopedRepository`
  does this, and each repository re-asserts its org every time it issues a statement, so repositories of
  different orgs can share a session (the sweeper, the anchor job) without one running in the other's scope.
- `with cross_org(session):` the loud exception: every org's rows are visible inside the block, and the previous
  scope comes back on exit. Only the `*_unscoped` lookups use it (a job id from the queue, a refresh token by
  hash, the sweeper's views, ...); grep for `cross_org(` to list them.

The listeners below apply the wanted scope with `set_config(..., true)`, which is transaction-local: a pooled
connection never carries a scope into its next transaction. They run before every statement executed through the
session (ORM or Core, `session.get`, refreshes) and before every flush (a flush does not go through
`do_orm_execute`), and issue `set_config` only when the wanted scope differs from the one this transaction has
already applied: usually once per transaction.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import event, text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import ORMExecuteState, Session, SessionTransaction


@dataclass(frozen=True)
class Scope:
    org_id: uuid.UUID | None
    cross_org: bool = False

    def settings(self) -> dict[str, str]:
        # '' rather than NULL: the policies read NULLIF(current_setting('app.org_id', true), ''), and a
        # transaction-local setting reads '' again once it is gone anyway.
        return {"org": "" if self.org_id is None else str(self.org_id), "cross": "on" if self.cross_org else "off"}


NO_SCOPE = Scope(None)
CROSS_ORG = Scope(None, cross_org=True)

_WANTED = "orca.tenant_scope.wanted"
_APPLIED = "orca.tenant_scope.applied"
# Not a Scope: "this transaction's settings are not known", so the next statement applies the wanted scope.
_UNKNOWN = object()

_SET_SCOPE = text("SELECT set_config('app.org_id', :org, true), set_config('app.cross_org', :cross, true)")


def _info(session: AsyncSession | Session) -> dict[Any, Any]:
    return session.info


def act_for_org(session: AsyncSession | Session, org_id: uuid.UUID) -> None:
    """The session's statements run for `org_id` from now on (until another scope is declared)."""
    if not isinstance(org_id, uuid.UUID):
        raise TypeError("a tenant scope needs the org's UUID")
    _info(session)[_WANTED] = Scope(org_id)


@contextmanager
def cross_org(session: AsyncSession | Session) -> Iterator[None]:
    """Row-level security open to every org for the statements inside the block; the previous scope after it.

    For the `*_unscoped` lookups only: keep the block around their statements and nothing else.
    """
    info = _info(session)
    previous = info.get(_WANTED, NO_SCOPE)
    info[_WANTED] = CROSS_ORG
    try:
        yield
    finally:
        info[_WANTED] = previous


class TenantScopedSession(Session):
    """The sync session behind every `AsyncSession` of `orca_core.db.create_session_factory`: the listeners below
    apply its tenant scope. A session made any other way applies none, and sees no tenant row."""


def _apply(session: Session) -> None:
    # connection() begins the transaction if there is none yet (after_begin then marks its settings unknown).
    connection = session.connection()
    wanted = session.info.get(_WANTED, NO_SCOPE)
    if session.info.get(_APPLIED, _UNKNOWN) == wanted:
        return
    connection.execute(_SET_SCOPE, wanted.settings())
    session.info[_APPLIED] = wanted


@event.listens_for(TenantScopedSession, "after_begin")
def _on_begin(session: Session, transaction: SessionTransaction, _connection: Connection) -> None:
    # A new transaction: apply the scope again before its first statement (the settings were transaction-local).
    # A savepoint inherits its transaction's settings: nothing to do.
    if not transaction.nested:
        session.info[_APPLIED] = _UNKNOWN


@event.listens_for(TenantScopedSession, "after_transaction_end")
def _on_transaction_end(session: Session, transaction: SessionTransaction) -> None:
    # A savepoint rolled back also rolls back a set_config made inside it: re-apply on the next statement.
    if transaction.nested:
        session.info[_APPLIED] = _UNKNOWN


@event.listens_for(TenantScopedSession, "do_orm_execute")
def _on_execute(orm_execute_state: ORMExecuteState) -> None:
    _apply(orm_execute_state.session)


@event.listens_for(TenantScopedSession, "before_flush")
def _on_flush(session: Session, _flush_context: Any, _instances: Any) -> None:
    _apply(session)
