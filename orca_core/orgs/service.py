"""Org rules: reading the caller's org and members, and the audited GDPR-check toggle."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from orca_core.audit.service import AuditEventName, AuditLog
from orca_core.errors import NotFound, PermissionDenied
from orca_core.orgs.models import Membership, Org, Role
from orca_core.orgs.repository import MembershipRepository, OrgRepository


def require_admin(role: Role) -> None:
    if not role.is_admin:
        raise PermissionDenied()


class OrgService:
    def __init__(self, session: AsyncSession, org_id: uuid.UUID) -> None:
        self.session = session
        self.org_id = org_id
        self.orgs = OrgRepository(session, org_id)
        self.members = MembershipRepository(session, org_id)

    async def get(self) -> Org:
        org = await self.orgs.get()
        if org is None:
            raise NotFound()
        return org

    async def list_members(self) -> list[Membership]:
        return await self.members.list()

    async def get_member(self, user_id: uuid.UUID) -> Membership:
        membership = await self.members.get_by_user(user_id)
        if membership is None:  # also the answer for another org's user: indistinguishable from a random id
            raise NotFound()
        return membership

    async def set_gdpr_check(self, enabled: bool, *, actor_id: uuid.UUID, actor_role: Role, ip: str | None) -> Org:
        require_admin(actor_role)
        org = await self.orgs.get_for_update()
        if org is None:
            raise NotFound()
        if org.gdpr_check_enabled != enabled:
            org.gdpr_check_enabled = enabled
            await self.session.flush()
            event = AuditEventName.GDPR_CHECK_ENABLED if enabled else AuditEventName.GDPR_CHECK_DISABLED
            await AuditLog(self.session).record(event, org_id=self.org_id, user_id=actor_id, ip=ip)
        return org
