"""/api/v1/auth: register, verify email, login, refresh, logout, password change and reset.

Rate limits (battery B11) are checked here, before any work: per client IP on every public endpoint, plus per
account where the request names one (the email; a user for signed-in calls). Over the limit: 429 + Retry-After,
audited `rate_limited`; Redis unreachable: 503 (never unlimited). The IP is the one `get_client_ip` trusts.

Emails go out after the response (background task), i.e. after the unit of work committed.
"""

from __future__ import annotations

from fastapi import APIRouter, BackgroundTasks, Request, Response, status
from sqlalchemy.ext.asyncio import AsyncSession

from api.deps import AppSettings, ClientIp, Session, SessionPrincipal
from api.ratelimits import enforce
from orca_core.identity.accounts import AccountService
from orca_core.identity.schemas import (
    LoginRequest,
    MfaEnrollmentResponse,
    MfaPendingResponse,
    PasswordChangeRequest,
    PasswordResetCompleteRequest,
    PasswordResetCompleteResponse,
    PasswordResetRequest,
    PasswordResetRequestResponse,
    RefreshRequest,
    RegisterRequest,
    RegisterResponse,
    TokenResponse,
    VerifiedResponse,
    VerifyEmailRequest,
    login_response,
    token_response,
)
from orca_core.identity.service import IdentityService
from orca_core.mail import Mailer, OutgoingMail
from orca_core.ratelimit import Rule
from orca_core.settings import Settings

router = APIRouter(prefix="/api/v1/auth", tags=["auth"])


async def limit_ip(request: Request, session: AsyncSession, name: str, settings: Settings, ip: str | None) -> None:
    await enforce(request, session, Rule(f"{name}_ip", settings.rate_limit_auth_per_ip), ip or "unknown", ip=ip)


async def limit_account(
    request: Request, session: AsyncSession, name: str, settings: Settings, account: str, ip: str | None
) -> None:
    rule = Rule(f"{name}_account", settings.rate_limit_auth_per_account)
    await enforce(request, session, rule, account.strip().lower(), ip=ip)


def send_after_response(background: BackgroundTasks, settings: Settings, outbox: list[OutgoingMail]) -> None:
    if outbox:
        background.add_task(Mailer(settings).send_all, list(outbox))


@router.post("/register", status_code=status.HTTP_202_ACCEPTED, response_model=RegisterResponse)
async def register(
    body: RegisterRequest,
    request: Request,
    background: BackgroundTasks,
    session: Session,
    settings: AppSettings,
    ip: ClientIp,
) -> RegisterResponse:
    """Same answer, and the same bcrypt work, whether or not the email already has an account (no enumeration):
    a new address gets a verification link, a taken one an email telling its owner."""
    await limit_ip(request, session, "register", settings, ip)
    await limit_account(request, session, "register", settings, body.email, ip)
    accounts = AccountService(session, settings)
    await accounts.register(email=body.email, password=body.password, org_name=body.org_name, ip=ip)
    send_after_response(background, settings, accounts.outbox)
    return RegisterResponse()


@router.post("/verify-email", response_model=VerifiedResponse)
async def verify_email(
    body: VerifyEmailRequest, request: Request, session: Session, settings: AppSettings, ip: ClientIp
) -> VerifiedResponse:
    """Spend the token from the verification email (single use; 400 `invalid_verification_token` otherwise)."""
    await limit_ip(request, session, "verify_email", settings, ip)
    await AccountService(session, settings).verify_email(token=body.token, ip=ip)
    return VerifiedResponse()


@router.post("/login", response_model=TokenResponse | MfaPendingResponse | MfaEnrollmentResponse)
async def login(
    body: LoginRequest, request: Request, session: Session, settings: AppSettings, ip: ClientIp
) -> TokenResponse | MfaPendingResponse | MfaEnrollmentResponse:
    """The password step. Every 200 answer has `mfa_required`: false with the tokens; true with only an
    `mfa_token` for POST /auth/2fa/complete; or true with `mfa_enrollment_required` and an `enrollment_token`
    when the org requires 2FA the account does not have yet. 401 `invalid_credentials` for any wrong
    email/password; 403 `email_not_verified` once the password is right but the address is unconfirmed."""
    await limit_ip(request, session, "login", settings, ip)
    await limit_account(request, session, "login", settings, body.email, ip)
    outcome = await IdentityService(session, settings).login(email=body.email, password=body.password, ip=ip)
    return login_response(outcome)


@router.post("/refresh", response_model=TokenResponse)
async def refresh(body: RefreshRequest, session: Session, settings: AppSettings, ip: ClientIp) -> TokenResponse:
    pair = await IdentityService(session, settings).refresh(refresh_token=body.refresh_token, ip=ip)
    return token_response(pair)


@router.post("/logout", status_code=status.HTTP_204_NO_CONTENT)
async def logout(principal: SessionPrincipal, session: Session, settings: AppSettings, ip: ClientIp) -> Response:
    await IdentityService(session, settings).logout(principal, ip=ip)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("/password", status_code=status.HTTP_204_NO_CONTENT)
async def change_password(
    body: PasswordChangeRequest,
    request: Request,
    background: BackgroundTasks,
    principal: SessionPrincipal,
    session: Session,
    settings: AppSettings,
    ip: ClientIp,
) -> Response:
    """Needs the current password; ends every other session of the user (this one stays signed in)."""
    await limit_account(request, session, "password_change", settings, str(principal.user_id), ip)
    accounts = AccountService(session, settings)
    await accounts.change_password(
        principal, current_password=body.current_password, new_password=body.new_password, ip=ip
    )
    send_after_response(background, settings, accounts.outbox)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post(
    "/password-reset/request", status_code=status.HTTP_202_ACCEPTED, response_model=PasswordResetRequestResponse
)
async def request_password_reset(
    body: PasswordResetRequest,
    request: Request,
    background: BackgroundTasks,
    session: Session,
    settings: AppSettings,
    ip: ClientIp,
) -> PasswordResetRequestResponse:
    """Always 202 with the same body, whether or not the address has an account."""
    await limit_ip(request, session, "password_reset", settings, ip)
    await limit_account(request, session, "password_reset", settings, body.email, ip)
    accounts = AccountService(session, settings)
    await accounts.request_password_reset(email=body.email, ip=ip)
    send_after_response(background, settings, accounts.outbox)
    return PasswordResetRequestResponse()


@router.post("/password-reset/complete", response_model=PasswordResetCompleteResponse)
async def complete_password_reset(
    body: PasswordResetCompleteRequest,
    request: Request,
    background: BackgroundTasks,
    session: Session,
    settings: AppSettings,
    ip: ClientIp,
) -> PasswordResetCompleteResponse:
    """Single-use token from the email; sets the password, ends every session, and does not sign in."""
    await limit_ip(request, session, "password_reset_complete", settings, ip)
    accounts = AccountService(session, settings)
    await accounts.complete_password_reset(token=body.token, new_password=body.new_password, ip=ip)
    send_after_response(background, settings, accounts.outbox)
    return PasswordResetCompleteResponse()
