"""/api/v1/auth/2fa: TOTP enrolment, the login step, disabling, backup codes.

Which token each endpoint takes:
- setup, enable: an access token, or the `enrollment_token` a login returns when the org requires 2FA;
- complete: no bearer token; the body carries the `mfa_token` from the password (or SSO) step;
- status, disable, backup-codes: an access token.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request

from api.deps import AppSettings, BearerCredentials, ClientIp, Session, SessionPrincipal
from api.ratelimits import enforce
from api.routers.auth import limit_account, limit_ip
from orca_core.errors import AuthenticationRequired
from orca_core.identity.schemas import (
    BackupCodesResponse,
    MfaCodeRequest,
    MfaCompleteRequest,
    MfaDisableRequest,
    MfaEnableResponse,
    MfaSetupResponse,
    MfaStatusResponse,
    TokenResponse,
    token_response,
)
from orca_core.identity.service import IdentityService
from orca_core.identity.tokens import MFA_ENROLL_TYPE, MFA_PENDING_TYPE
from orca_core.identity.twofactor import Enroller, TwoFactorService
from orca_core.ratelimit import Rule

router = APIRouter(prefix="/api/v1/auth/2fa", tags=["2fa"])


async def get_enroller(session: Session, settings: AppSettings, credentials: BearerCredentials) -> Enroller:
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise AuthenticationRequired()
    token = credentials.credentials
    try:
        principal = await IdentityService(session, settings).authenticate(token, allow_unenrolled=True)
    except AuthenticationRequired:
        claims = await TwoFactorService(session, settings).read_step_up_token(token, MFA_ENROLL_TYPE)
        return Enroller(user_id=claims.user_id, org_id=claims.org_id, enrollment=claims)
    return Enroller(user_id=principal.user_id, org_id=principal.org_id, session_id=principal.session_id)


CurrentEnroller = Annotated[Enroller, Depends(get_enroller)]


@router.get("", response_model=MfaStatusResponse)
async def status(principal: SessionPrincipal, session: Session, settings: AppSettings) -> MfaStatusResponse:
    enabled, remaining = await TwoFactorService(session, settings).status(principal.user_id)
    return MfaStatusResponse(enabled=enabled, backup_codes_remaining=remaining)


@router.post("/setup", response_model=MfaSetupResponse)
async def setup(enroller: CurrentEnroller, session: Session, settings: AppSettings) -> MfaSetupResponse:
    """A new TOTP secret (shown this once) as a provisioning URI, an SVG QR code and plain text. Confirm it with
    /enable; until then 2FA is off. 409 `mfa_already_enabled` if it is on."""
    enrolment = await TwoFactorService(session, settings).setup(enroller)
    return MfaSetupResponse(
        secret=enrolment.secret, provisioning_uri=enrolment.provisioning_uri, qr_svg=enrolment.qr_svg
    )


@router.post("/enable", response_model=MfaEnableResponse)
async def enable(
    body: MfaCodeRequest,
    request: Request,
    enroller: CurrentEnroller,
    session: Session,
    settings: AppSettings,
    ip: ClientIp,
) -> MfaEnableResponse:
    """Turn 2FA on with a code from the app; answers with 10 single-use backup codes (shown this once). Other
    sessions end. With an enrolment token, the answer also carries the new session's tokens."""
    await limit_account(request, session, "mfa_manage", settings, str(enroller.user_id), ip)
    enabled = await TwoFactorService(session, settings).enable(enroller, code=body.code, ip=ip)
    tokens = token_response(enabled.tokens) if enabled.tokens else None
    return MfaEnableResponse(backup_codes=enabled.backup_codes, tokens=tokens)


@router.post("/complete", response_model=TokenResponse)
async def complete(
    body: MfaCompleteRequest, request: Request, session: Session, settings: AppSettings, ip: ClientIp
) -> TokenResponse:
    """Finish a login with the `mfa_token` and a TOTP or backup code. 401 for a bad token or code (a TOTP code
    works once); 429 `mfa_locked` after repeated wrong codes, from any IP."""
    await limit_ip(request, session, "mfa", settings, ip)
    service = TwoFactorService(session, settings)
    pending = await service.read_step_up_token(body.mfa_token, MFA_PENDING_TYPE)
    await enforce(
        request,
        session,
        Rule("mfa_user", settings.rate_limit_auth_per_account),
        str(pending.user_id),
        ip=ip,
        org_id=pending.org_id,
        user_id=pending.user_id,
    )
    return token_response(await service.complete(pending, code=body.code, ip=ip))


@router.post("/disable", status_code=204)
async def disable(
    body: MfaDisableRequest,
    request: Request,
    principal: SessionPrincipal,
    session: Session,
    settings: AppSettings,
    ip: ClientIp,
) -> None:
    """Needs the password and a current code; ends other sessions. 409 while the org requires 2FA."""
    await limit_account(request, session, "mfa_manage", settings, str(principal.user_id), ip)
    await TwoFactorService(session, settings).disable(principal, code=body.code, password=body.password, ip=ip)


@router.post("/backup-codes", response_model=BackupCodesResponse)
async def regenerate_backup_codes(
    body: MfaCodeRequest,
    request: Request,
    principal: SessionPrincipal,
    session: Session,
    settings: AppSettings,
    ip: ClientIp,
) -> BackupCodesResponse:
    """A new set of 10 backup codes for a current TOTP code; the previous set stops working."""
    await limit_account(request, session, "mfa_manage", settings, str(principal.user_id), ip)
    codes = await TwoFactorService(session, settings).regenerate_backup_codes(principal, code=body.code, ip=ip)
    return BackupCodesResponse(backup_codes=codes)
