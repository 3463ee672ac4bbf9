"""FastAPI dependencies: the per-request unit of work, the authenticated principal, the client IP."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.ext.asyncio import AsyncSession

from api.client_ip import client_ip
from orca_core.db import unit_of_work
from orca_core.errors import AuthenticationRequired
from orca_core.identity.service import IdentityService, Principal
from orca_core.orgs.service import require_admin
from orca_core.settings import Settings


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


async def _session(request: Request) -> AsyncIterator[AsyncSession]:
    """One transaction per request, committed before the response is sent (scope="function"), rolled back if
    the endpoint raises (except for denials that must stay audited, see OrcaError.keep_changes)."""
    async with unit_of_work(request.app.state.session_factory) as session:
        yield session


Session = Annotated[AsyncSession, Depends(_session, scope="function")]
AppSettings = Annotated[Settings, Depends(get_settings)]

_bearer = HTTPBearer(auto_error=False, description="Access token from /api/v1/auth/login")


def get_client_ip(request: Request) -> str | None:
    peer = request.client.host if request.client else None
    ip = client_ip(peer, request.headers.get("x-forwarded-for"), request.app.state.trusted_proxies)
    request.state.client_ip = ip
    return ip


ClientIp = Annotated[str | None, Depends(get_client_ip)]


async def get_principal(
    request: Request,
    session: Session,
    settings: AppSettings,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal:
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise AuthenticationRequired()
    principal = await IdentityService(session, settings).authenticate(credentials.credentials)
    request.state.principal = principal  # for the 404 handler's cross-org probe audit
    get_client_ip(request)
    return principal


CurrentPrincipal = Annotated[Principal, Depends(get_principal)]


async def get_session_principal(
    request: Request,
    session: Session,
    settings: AppSettings,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal:
    """`get_principal`, also for a member who still has to enrol in 2FA because the org requires it (issue 4):
    only the endpoints that let them enrol, manage their own credentials or log out use this."""
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise AuthenticationRequired()
    principal = await IdentityService(session, settings).authenticate(credentials.credentials, allow_unenrolled=True)
    request.state.principal = principal
    get_client_ip(request)
    return principal


SessionPrincipal = Annotated[Principal, Depends(get_session_principal)]
BearerCredentials = Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]


async def get_admin(principal: CurrentPrincipal) -> Principal:
    require_admin(principal.role)
    return principal


AdminPrincipal = Annotated[Principal, Depends(get_admin)]
