"""SSO enforcement: may this account use a password at all?

When an org enforces SSO, its members may not log in with a password, reset one or change one: they sign in
through the org's IdP. Owners keep a break-glass path so an IdP outage or a broken configuration cannot lock an
org out of its own settings: an owner WITH 2FA enabled may still use their password, and the login then continues
to the 2FA step like any other (`IdentityService.finish_first_factor`), so break-glass is password + TOTP. Every
break-glass login is audited as `sso_break_glass_login`. An owner without 2FA is refused like a member; turning
enforcement on therefore requires at least one owner with 2FA (`orca_core.sso.admin`). A user who belongs to
several orgs is held to the strictest: a password is refused if any enforcing org does not grant break-glass.

Two entry points for identity code:
- `password_use_allowed` answers the question every password path asks (orca_core/identity/password_paths.py);
  change and reset audit their own refusals and keep their usual answers (a reset request still says "if an
  account uses this address..." and mails nothing).
- `enforce_for_password_login` runs in the password login once the password checked out: a refused member gets
  403 `sso_required` (audited `login_failed`, reason `sso_required`), telling them to use their IdP, and an
  owner's break-glass is audited. Only someone who knows the password learns that SSO is required.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from orca_core.audit.service import AuditEventName, AuditLog
from orca_core.orgs.models import Role
from orca_core.sso.errors import SsoRequired
from orca_core.sso.repository import enforced_memberships_unscoped, has_confirmed_2fa


@dataclass(frozen=True)
class PasswordDecision:
    allowed: bool
    # When refused: why ("sso_required" or "break_glass_needs_2fa") and in which org (for the audit row).
    reason: str | None = None
    refusing_org_id: uuid.UUID | None = None
    # When allowed only as break-glass: the enforcing orgs the owner is breaking the glass of.
    break_glass_org_ids: tuple[uuid.UUID, ...] = ()


async def decide(session: AsyncSession, user_id: uuid.UUID) -> PasswordDecision:
    enforced = await enforced_memberships_unscoped(session, user_id)
    if not enforced:
        return PasswordDecision(allowed=True)
    for org_id, role in enforced:
        if role != Role.OWNER.value:
            return PasswordDecision(allowed=False, reason="sso_required", refusing_org_id=org_id)
    if not await has_confirmed_2fa(session, user_id):
        return PasswordDecision(allowed=False, reason="break_glass_needs_2fa", refusing_org_id=enforced[0][0])
    return PasswordDecision(allowed=True, break_glass_org_ids=tuple(org_id for org_id, _ in enforced))


async def password_use_allowed(session: AsyncSession, user_id: uuid.UUID) -> bool:
    return (await decide(session, user_id)).allowed


async def enforce_for_password_login(session: AsyncSession, user_id: uuid.UUID, *, ip: str | None) -> None:
    """Call after the password checked out. Raises SsoRequired (403, audited) or audits the break-glass."""
    decision = await decide(session, user_id)
    audit = AuditLog(session)
    if not decision.allowed:
        await audit.record(
            AuditEventName.LOGIN_FAILED,
            org_id=decision.refusing_org_id,
            user_id=user_id,
            ip=ip,
            metadata={"method": "password", "reason": decision.reason},
        )
        raise SsoRequired()
    for org_id in decision.break_glass_org_ids:
        await audit.record(
            AuditEventName.SSO_BREAK_GLASS_LOGIN, org_id=org_id, user_id=user_id, ip=ip, metadata={"method": "password"}
        )
