"""Org rules: reading the caller's org and members, and the audited GDPR-check toggle."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from orca_core.audit.service import AuditEventName, AuditLog
from orca_core.errors import Conflict, NotFound, PermissionDenied
from orca_core.orgs.models import Membership, Org, RetentionPolicy, Role
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

    async def set_llm_classification(
        self, enabled: bool, *, llm_configured: bool, actor_id: uuid.UUID, actor_role: Role, ip: str | None
    ) -> Org:
        """Issue 5: the admin's switch for sending masked samples to the LLM. It cannot be turned on while the
        deployment has no Gemini key (it would do nothing and claim otherwise); turning it off always works."""
        require_admin(actor_role)
        org = await self.orgs.get_for_update()
        if org is None:
            raise NotFound()
        if enabled and not llm_configured:
            raise Conflict(
                "LLM classification needs a Gemini API key configured on the server.", code="llm_not_configured"
            )
        if org.llm_classification_enabled != enabled:
            org.llm_classification_enabled = enabled
            await self.session.flush()
            event = AuditEventName.LLM_CLASSIFICATION_ENABLED if enabled else AuditEventName.LLM_CLASSIFICATION_DISABLED
            await AuditLog(self.session).record(event, org_id=self.org_id, user_id=actor_id, ip=ip)
        return org

    async def set_retention_policy(
        self, policy: RetentionPolicy, *, actor_id: uuid.UUID, actor_role: Role, ip: str | None
    ) -> Org:
        """Issue 3. The policy applies to analyses that finish after the change; files already analysed keep
        their raw bytes until deleted (`DELETE /api/v1/files/{id}`)."""
        require_admin(actor_role)
        org = await self.orgs.get_for_update()
        if org is None:
            raise NotFound()
        if org.retention_policy != policy.value:
            previous = org.retention_policy
            org.retention_policy = policy.value
            await self.session.flush()
            await AuditLog(self.session).record(
                AuditEventName.RETENTION_POLICY_CHANGED,
                org_id=self.org_id,
                user_id=actor_id,
                ip=ip,
                metadata={"from": previous, "to": policy.value},
            )
        return org

    # --- issue 4: the 2FA requirement and role changes ---

    async def set_require_2fa(
        self, enabled: bool, *, actor_has_2fa: bool, actor_id: uuid.UUID, actor_role: Role, ip: str | None
    ) -> Org:
        """When on, members without 2FA get only an enrolment token at login, and their existing sessions lose
        data access until they enrol. An admin must have 2FA before turning it on (or they would lock
        themselves out of the switch)."""
        require_admin(actor_role)
        org = await self.orgs.get_for_update()
        if org is None:
            raise NotFound()
        if enabled and not actor_has_2fa:
            raise Conflict(
                "Enable two-factor authentication on your own account before requiring it for the organisation.",
                code="mfa_enroll_first",
            )
        if org.require_2fa != enabled:
            org.require_2fa = enabled
            await self.session.flush()
            event = AuditEventName.REQUIRE_2FA_ENABLED if enabled else AuditEventName.REQUIRE_2FA_DISABLED
            await AuditLog(self.session).record(event, org_id=self.org_id, user_id=actor_id, ip=ip)
        return org

    async def change_role(
        self, user_id: uuid.UUID, role: Role, *, actor_id: uuid.UUID, actor_role: Role, ip: str | None
    ) -> Membership:
        """Admins change roles; only an owner may make someone an owner or change an owner's role, and the last
        owner cannot step down. Takes effect on the member's next request (roles are read per request)."""
        require_admin(actor_role)
        org = await self.orgs.get_for_update()  # serialises role changes in this org (the last-owner check)
        membership = await self.members.get_by_user(user_id)
        if org is None or membership is None:
            raise NotFound()
        previous = Role(membership.role)
        if previous == role:
            return membership
        if (previous == Role.OWNER or role == Role.OWNER) and actor_role != Role.OWNER:
            raise PermissionDenied("Only an owner can grant or change the owner role.", code="owner_protected")
        if previous == Role.OWNER:
            owners = [member for member in await self.members.list() if member.role == Role.OWNER.value]
            if len(owners) <= 1:
                raise Conflict("An organisation keeps at least one owner.", code="last_owner")
        await self.members.set_role(user_id, role)
        await self.session.refresh(membership)
        await AuditLog(self.session).record(
            AuditEventName.ROLE_CHANGED,
            org_id=self.org_id,
            user_id=actor_id,
            ip=ip,
            metadata={"member_id": str(user_id), "from": previous.value, "to": role.value},
        )
        return membership
