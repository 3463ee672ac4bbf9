"""/api/v1/me and /api/v1/org: the caller and their org."""

from __future__ import annotations

import uuid

from fastapi import APIRouter

from api.deps import AdminPrincipal, AppSettings, ClientIp, CurrentPrincipal, Session
from orca_core.identity.repository import TotpRepository
from orca_core.identity.schemas import MeResponse
from orca_core.orgs.schemas import MemberResponse, MemberUpdateRequest, OrgResponse, OrgUpdateRequest
from orca_core.orgs.service import OrgService

router = APIRouter(prefix="/api/v1", tags=["account"])


@router.get("/me", response_model=MeResponse)
async def me(principal: CurrentPrincipal) -> MeResponse:
    return MeResponse(
        user_id=principal.user_id, email=principal.email, org_id=principal.org_id, role=principal.role.value
    )


@router.get("/org", response_model=OrgResponse)
async def get_org(principal: CurrentPrincipal, session: Session) -> OrgResponse:
    org = await OrgService(session, principal.org_id).get()
    return OrgResponse.model_validate(org, from_attributes=True)


@router.patch("/org", response_model=OrgResponse)
async def update_org(
    body: OrgUpdateRequest, principal: AdminPrincipal, session: Session, ip: ClientIp, settings: AppSettings
) -> OrgResponse:
    service = OrgService(session, principal.org_id)
    org = await service.get()
    if body.gdpr_check_enabled is not None:
        org = await service.set_gdpr_check(
            body.gdpr_check_enabled, actor_id=principal.user_id, actor_role=principal.role, ip=ip
        )
    if body.llm_classification_enabled is not None:  # issue 5
        org = await service.set_llm_classification(
            body.llm_classification_enabled,
            llm_configured=settings.gemini_api_key is not None,
            actor_id=principal.user_id,
            actor_role=principal.role,
            ip=ip,
        )
    if body.retention_policy is not None:  # issue 3
        org = await service.set_retention_policy(
            body.retention_policy, actor_id=principal.user_id, actor_role=principal.role, ip=ip
        )
    if body.require_2fa is not None:  # issue 4
        org = await service.set_require_2fa(
            body.require_2fa,
            actor_has_2fa=await TotpRepository(session).is_enabled(principal.user_id),
            actor_id=principal.user_id,
            actor_role=principal.role,
            ip=ip,
        )
    return OrgResponse.model_validate(org, from_attributes=True)


@router.get("/members", response_model=list[MemberResponse])
async def list_members(principal: CurrentPrincipal, session: Session) -> list[MemberResponse]:
    members = await OrgService(session, principal.org_id).list_members()
    return [MemberResponse.model_validate(member, from_attributes=True) for member in members]


@router.get("/members/{user_id}", response_model=MemberResponse)
async def get_member(user_id: uuid.UUID, principal: CurrentPrincipal, session: Session) -> MemberResponse:
    member = await OrgService(session, principal.org_id).get_member(user_id)
    return MemberResponse.model_validate(member, from_attributes=True)


@router.patch("/members/{user_id}", response_model=MemberResponse)
async def update_member(
    user_id: uuid.UUID,
    principal: AdminPrincipal,
    session: Session,
    ip: ClientIp,
    body: MemberUpdateRequest | None = None,
) -> MemberResponse:
    """Issue 4: change a member's role (admins; owners only by owners), audited `role_changed`."""
    service = OrgService(session, principal.org_id)
    member = await service.get_member(user_id)
    if body is not None and body.role is not None:
        member = await service.change_role(
            user_id, body.role, actor_id=principal.user_id, actor_role=principal.role, ip=ip
        )
    return MemberResponse.model_validate(member, from_attributes=True)
