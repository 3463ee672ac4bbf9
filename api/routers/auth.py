"""/api/v1/auth: register, login, refresh, logout."""

from __future__ import annotations

from fastapi import APIRouter, Response, status

from api.deps import AppSettings, ClientIp, CurrentPrincipal, Session
from orca_core.identity.schemas import (
    LoginRequest,
    RefreshRequest,
    RegisterRequest,
    RegisterResponse,
    TokenResponse,
)
from orca_core.identity.service import IdentityService, TokenPair

router = APIRouter(prefix="/api/v1/auth", tags=["auth"])


def _tokens(pair: TokenPair) -> TokenResponse:
    return TokenResponse(access_token=pair.access_token, refresh_token=pair.refresh_token, expires_in=pair.expires_in)


@router.post("/register", status_code=status.HTTP_202_ACCEPTED, response_model=RegisterResponse)
async def register(body: RegisterRequest, session: Session, settings: AppSettings, ip: ClientIp) -> RegisterResponse:
    """Same answer whether or not the email already has an account (no enumeration)."""
    await IdentityService(session, settings).register(
        email=body.email, password=body.password, org_name=body.org_name, ip=ip
    )
    return RegisterResponse()


@router.post("/login", response_model=TokenResponse)
async def login(body: LoginRequest, session: Session, settings: AppSettings, ip: ClientIp) -> TokenResponse:
    pair = await IdentityService(session, settings).login(email=body.email, password=body.password, ip=ip)
    return _tokens(pair)


@router.post("/refresh", response_model=TokenResponse)
async def refresh(body: RefreshRequest, session: Session, settings: AppSettings, ip: ClientIp) -> TokenResponse:
    pair = await IdentityService(session, settings).refresh(refresh_token=body.refresh_token, ip=ip)
    return _tokens(pair)


@router.post("/logout", status_code=status.HTTP_204_NO_CONTENT)
async def logout(principal: CurrentPrincipal, session: Session, settings: AppSettings, ip: ClientIp) -> Response:
    await IdentityService(session, settings).logout(principal, ip=ip)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
