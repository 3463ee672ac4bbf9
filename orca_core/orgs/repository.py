"""All SQL about orgs and memberships. Every repository is bound to one org and filters by it.

`OrgScopedRepository` is also where the session learns its tenant scope for row-level security (the second wall,
orca_core/tenancy.py): its statements only ever reach its own org's rows, WHERE clause or not.
"""

from __future__ import annotations

import uuid

from sqlalchemy import Select, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from orca_core.orgs.models import Membership, Org, Role
from orca_core.tenancy import act_for_org, cross_org


class OrgScopedRepository:
    """Base of every tenant repository: built from a session and an org id, never without one."""

    def __init__(self, session: AsyncSession, org_id: uuid.UUID) -> None:
        if not isinstance(org_id, uuid.UUID):
            raise TypeError("an org-scoped repository needs the org's UUID")
        self._session = session
        self.org_id = org_id
        act_for_org(session, org_id)

    @property
    def session(self) -> AsyncSession:
        """The session, acting for this repository's org. Every statement of a repository goes through here, so
        it runs under its own org's row-level security scope even when repositories of other orgs (or a
        `cross_org` block) used the same session in between."""
        act_for_org(self._session, self.org_id)
        return self._session


class OrgRepository(OrgScopedRepository):
    """The caller's own org row: the only org this repository can read or change."""

    def _base(self) -> Select[Org]:
        return select(Org).where(Org.id == self.org_id)

    async def get(self) -> Org | None:
        return (await self.session.execute(self._base())).scalar_one_or_none()

    async def get_for_update(self) -> Org | None:
        return (await self.session.execute(self._base().with_for_update())).scalar_one_or_none()


class MembershipRepository(OrgScopedRepository):
    def _base(self) -> Select[Membership]:
        return select(Membership).where(Membership.org_id == self.org_id)

    async def get_by_user(self, user_id: uuid.UUID) -> Membership | None:
        statement = self._base().where(Membership.user_id == user_id)
        return (await self.session.execute(statement)).scalar_one_or_none()

    async def list(self) -> list[Membership]:
        statement = self._base().order_by(Membership.created_at, Membership.id)
        return list((await self.session.execute(statement)).scalars().all())

    async def add(self, user_id: uuid.UUID, role: Role) -> Membership:
        membership = Membership(user_id=user_id, org_id=self.org_id, role=role.value)
        self.session.add(membership)
        await self.session.flush()
        return membership

    async def set_role(self, user_id: uuid.UUID, role: Role) -> None:
        await self.session.execute(
            update(Membership)
            .where(Membership.org_id == self.org_id, Membership.user_id == user_id)
            .values(role=role.value)
        )


async def create_org_unscoped(session: AsyncSession, name: str) -> Org:
    """A new tenant: by definition outside any existing org's scope. Only registration calls this."""
    org = Org(name=name)
    with cross_org(session):  # the row's id is its org, and no session acts for an org that does not exist yet
        session.add(org)
        await session.flush()
    return org


async def first_membership_unscoped(session: AsyncSession, user_id: uuid.UUID) -> Membership | None:
    """The org a password login lands in (the oldest membership). Only login calls this."""
    statement = (
        select(Membership).where(Membership.user_id == user_id).order_by(Membership.created_at, Membership.id).limit(1)
    )
    with cross_org(session):  # the org is what this lookup finds out
        return (await session.execute(statement)).scalar_one_or_none()
