"""Single sign-on endpoints (docs/sso.md).

- /api/v1/org/sso/...: an org admin's SSO connections and the enforcement switch (bearer token, admin role).
- /api/v1/sso/{saml,oidc}/{connection_id}/...: the browser side, public by nature: SP metadata, login (redirect
  to the IdP with a signed flow cookie), the SAML ACS and the OIDC callback (redirect to the relay path with a
  one-time code in the URL fragment).
- POST /api/v1/auth/sso/exchange: that code (plus the same browser's cookie) for the usual login answer.

The flow cookie is HttpOnly and Secure, scoped to /api/v1/. SAML's ACS is a cross-site POST from the IdP, so its
flow cookie is SameSite=None; OIDC's callback is a top-level GET, so Lax is enough there.
"""

from __future__ import annotations

import uuid
from typing import Annotated, Literal

from fastapi import APIRouter, Body, Cookie, Form, Query, Request, Response, status
from fastapi.responses import RedirectResponse

from api.deps import AdminPrincipal, AppSettings, ClientIp, CurrentPrincipal, Session
from api.ratelimits import enforce
from orca_core.identity.schemas import MfaEnrollmentResponse, MfaPendingResponse, TokenResponse, login_response
from orca_core.ratelimit import Rule
from orca_core.sso.admin import SsoAdminService
from orca_core.sso.login import LoginStart, SsoLoginService
from orca_core.sso.saml import MAX_SAML_RESPONSE_CHARS
from orca_core.sso.schemas import (
    CodeExchangeRequest,
    ConnectionCreate,
    ConnectionResponse,
    ConnectionUpdate,
    EnforcementResponse,
    EnforcementUpdate,
)

router = APIRouter(tags=["sso"])

FLOW_COOKIE = "orca_sso"
FLOW_COOKIE_PATH = "/api/v1/"
RelayState = Annotated[str | None, Query(max_length=2048, description="A path of this service to land on")]
FlowCookie = Annotated[str | None, Cookie(alias=FLOW_COOKIE, max_length=256)]
LoginAnswer = TokenResponse | MfaPendingResponse | MfaEnrollmentResponse


async def _limit(request: Request, session: Session, settings: AppSettings, ip: str | None) -> None:
    """SSO endpoints are login endpoints: the auth per-IP limit applies (429 + Retry-After, audited)."""
    await enforce(request, session, Rule("sso_ip", settings.rate_limit_auth_per_ip), ip or "unknown", ip=ip)


def _redirect_with_cookie(start: LoginStart, settings: AppSettings, same_site: Literal["lax", "none"]) -> Response:
    response = RedirectResponse(start.redirect_url, status_code=status.HTTP_302_FOUND)
    response.set_cookie(
        FLOW_COOKIE,
        start.cookie_value,
        max_age=settings.sso_flow_ttl_seconds,
        path=FLOW_COOKIE_PATH,
        secure=True,
        httponly=True,
        samesite=same_site,
    )
    return response


# --- admin: connections and enforcement -----------------------------------------------------------------------


@router.get("/api/v1/org/sso/connections", response_model=list[ConnectionResponse])
async def list_connections(
    principal: AdminPrincipal, session: Session, settings: AppSettings
) -> list[ConnectionResponse]:
    return await SsoAdminService(session, settings, principal.org_id).list_connections()


@router.post("/api/v1/org/sso/connections", response_model=ConnectionResponse, status_code=status.HTTP_201_CREATED)
async def create_connection(
    body: ConnectionCreate, principal: AdminPrincipal, session: Session, settings: AppSettings, ip: ClientIp
) -> ConnectionResponse:
    return await SsoAdminService(session, settings, principal.org_id).create(body, actor_id=principal.user_id, ip=ip)


@router.get("/api/v1/org/sso/connections/{connection_id}", response_model=ConnectionResponse)
async def get_connection(
    connection_id: uuid.UUID, principal: AdminPrincipal, session: Session, settings: AppSettings
) -> ConnectionResponse:
    return await SsoAdminService(session, settings, principal.org_id).get(connection_id)


@router.patch("/api/v1/org/sso/connections/{connection_id}", response_model=ConnectionResponse)
async def update_connection(
    connection_id: uuid.UUID,
    principal: AdminPrincipal,
    session: Session,
    settings: AppSettings,
    ip: ClientIp,
    body: Annotated[ConnectionUpdate | None, Body()] = None,
) -> ConnectionResponse:
    """Only the fields present change (no body: nothing changes, the connection is answered)."""
    service = SsoAdminService(session, settings, principal.org_id)
    return await service.update(connection_id, body or ConnectionUpdate(), actor_id=principal.user_id, ip=ip)


@router.delete("/api/v1/org/sso/connections/{connection_id}", status_code=status.HTTP_204_NO_CONTENT)
async def delete_connection(
    connection_id: uuid.UUID, principal: AdminPrincipal, session: Session, settings: AppSettings, ip: ClientIp
) -> Response:
    await SsoAdminService(session, settings, principal.org_id).delete(connection_id, actor_id=principal.user_id, ip=ip)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/api/v1/org/sso/enforcement", response_model=EnforcementResponse)
async def get_enforcement(principal: CurrentPrincipal, session: Session, settings: AppSettings) -> EnforcementResponse:
    return EnforcementResponse(enforced=await SsoAdminService(session, settings, principal.org_id).enforcement())


@router.put("/api/v1/org/sso/enforcement", response_model=EnforcementResponse)
async def set_enforcement(
    body: EnforcementUpdate, principal: AdminPrincipal, session: Session, settings: AppSettings, ip: ClientIp
) -> EnforcementResponse:
    enforced = await SsoAdminService(session, settings, principal.org_id).set_enforcement(
        body.enforced,
        actor_id=principal.user_id,
        actor_role=principal.role,
        actor_session_id=principal.session_id,
        ip=ip,
    )
    return EnforcementResponse(enforced=enforced)


# --- browser side: SAML ------------------------------------------------------------------------------------------


@router.get("/api/v1/sso/saml/{connection_id}/metadata", response_class=Response)
async def saml_metadata(connection_id: uuid.UUID, session: Session, settings: AppSettings) -> Response:
    xml = await SsoLoginService(session, settings).saml_metadata(connection_id)
    return Response(content=xml, media_type="application/samlmetadata+xml")


@router.get("/api/v1/sso/saml/{connection_id}/login", response_class=RedirectResponse, status_code=302)
async def saml_login(
    connection_id: uuid.UUID,
    request: Request,
    session: Session,
    settings: AppSettings,
    ip: ClientIp,
    relay_state: RelayState = None,
) -> Response:
    await _limit(request, session, settings, ip)
    start = await SsoLoginService(session, settings).start_saml(connection_id, relay_state)
    return _redirect_with_cookie(start, settings, "none")


@router.post("/api/v1/sso/saml/{connection_id}/acs", response_class=RedirectResponse, status_code=303)
async def saml_acs(
    connection_id: uuid.UUID,
    request: Request,
    session: Session,
    settings: AppSettings,
    ip: ClientIp,
    saml_response: Annotated[str, Form(alias="SAMLResponse", min_length=1, max_length=MAX_SAML_RESPONSE_CHARS)],
    relay_state: Annotated[str | None, Form(alias="RelayState", max_length=2048)] = None,
    flow_cookie: FlowCookie = None,
) -> Response:
    await _limit(request, session, settings, ip)
    location = await SsoLoginService(session, settings).finish_saml(
        connection_id, cookie=flow_cookie, saml_response=saml_response, relay_state=relay_state, ip=ip
    )
    return RedirectResponse(location, status_code=status.HTTP_303_SEE_OTHER)


# --- browser side: OIDC ------------------------------------------------------------------------------------------


@router.get("/api/v1/sso/oidc/{connection_id}/login", response_class=RedirectResponse, status_code=302)
async def oidc_login(
    connection_id: uuid.UUID,
    request: Request,
    session: Session,
    settings: AppSettings,
    ip: ClientIp,
    relay_state: RelayState = None,
) -> Response:
    await _limit(request, session, settings, ip)
    start = await SsoLoginService(session, settings).start_oidc(connection_id, relay_state)
    return _redirect_with_cookie(start, settings, "lax")


@router.get("/api/v1/sso/oidc/{connection_id}/callback", response_class=RedirectResponse, status_code=303)
async def oidc_callback(
    connection_id: uuid.UUID,
    request: Request,
    session: Session,
    settings: AppSettings,
    ip: ClientIp,
    code: Annotated[str | None, Query(max_length=2048)] = None,
    state: Annotated[str | None, Query(max_length=512)] = None,
    iss: Annotated[str | None, Query(max_length=2048)] = None,
    error: Annotated[str | None, Query(max_length=256)] = None,
    flow_cookie: FlowCookie = None,
) -> Response:
    await _limit(request, session, settings, ip)
    location = await SsoLoginService(session, settings).finish_oidc(
        connection_id, cookie=flow_cookie, code=code, state=state, issuer=iss, idp_error=error, ip=ip
    )
    return RedirectResponse(location, status_code=status.HTTP_303_SEE_OTHER)


# --- the one-time code ---------------------------------------------------------------------------------------------


@router.post("/api/v1/auth/sso/exchange", response_model=LoginAnswer)
async def exchange_code(
    body: CodeExchangeRequest,
    request: Request,
    response: Response,
    session: Session,
    settings: AppSettings,
    ip: ClientIp,
    flow_cookie: FlowCookie = None,
) -> LoginAnswer:
    """The one-time code from the SSO redirect's URL fragment, sent by the page that received it (same browser:
    its flow cookie must match), for the usual login answer: tokens, or the 2FA step when the account has 2FA."""
    await _limit(request, session, settings, ip)
    outcome = await SsoLoginService(session, settings).exchange(body.code, cookie=flow_cookie, ip=ip)
    response.delete_cookie(FLOW_COOKIE, path=FLOW_COOKIE_PATH, secure=True, httponly=True, samesite="none")
    return login_response(outcome)
