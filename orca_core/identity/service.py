"""Identity business rules for signing in: password login, the second-factor gate, session rotation, logout
and the per-request check of an access token.

Login is two steps on purpose. A first factor (`check_password` here; SAML and OIDC in orca_core/sso) proves who
the caller is and yields a `VerifiedUser`. Every first factor then goes through `finish_first_factor`, the one
place that decides between a session, a 2FA-pending token and an enrolment-only token, so no first factor can
skip the second. Account lifecycle (registration, email verification, passwords) is in accounts.py; the TOTP
step itself in twofactor.py. Rate limits sit in front of these calls, in the API.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from orca_core.audit.service import AuditEventName, AuditLog
from orca_core.db import utcnow
from orca_core.errors import AuthenticationRequired
from orca_core.identity.errors import EmailNotVerified, InvalidCredentials, InvalidRefreshToken, MfaEnrollmentRequired
from orca_core.identity.password_paths import password_use_allowed
from orca_core.identity.passwords import verify_password
from orca_core.identity.repository import (
    AccessTokenDenylist,
    SessionRepository,
    TotpRepository,
    UserRepository,
    find_refresh_token_for_update_unscoped,
)
from orca_core.identity.tokens import (
    MFA_ENROLL_TYPE,
    MFA_PENDING_TYPE,
    decode_access_token,
    hash_refresh_token,
    issue_access_token,
    issue_step_up_token,
    new_refresh_token,
)
from orca_core.orgs.models import Role
from orca_core.orgs.repository import MembershipRepository, OrgRepository, first_membership_unscoped
from orca_core.settings import Settings
from orca_core.sso.enforcement import enforce_for_password_login

MFA_PENDING_TTL_SECONDS = 5 * 60
MFA_ENROLL_TTL_SECONDS = 10 * 60
FIRST_FACTORS = frozenset({"password", "saml", "oidc"})


@dataclass(frozen=True)
class TokenPair:
    access_token: str
    refresh_token: str
    expires_in: int


@dataclass(frozen=True)
class MfaPending:
    """The first factor checked out and the account has 2FA: only POST /auth/2fa/complete accepts this token."""

    mfa_token: str
    expires_in: int


@dataclass(frozen=True)
class EnrollmentRequired:
    """The first factor checked out, the org requires 2FA and the account has none yet: this token is good for
    POST /auth/2fa/setup and /auth/2fa/enable only (enable then starts the session)."""

    enrollment_token: str
    expires_in: int


LoginOutcome = TokenPair | MfaPending | EnrollmentRequired


@dataclass(frozen=True)
class Principal:
    """Who is calling, in which org, with the role read from the database for this request."""

    user_id: uuid.UUID
    org_id: uuid.UUID
    role: Role
    email: str
    session_id: uuid.UUID
    jti: uuid.UUID
    token_expires_at: datetime


@dataclass(frozen=True)
class VerifiedUser:
    """A first factor's verdict: this user proved who they are, for this org."""

    user_id: uuid.UUID
    org_id: uuid.UUID
    role: Role


class IdentityService:
    def __init__(self, session: AsyncSession, settings: Settings) -> None:
        self.session = session
        self.settings = settings
        self.audit = AuditLog(session)

    async def check_password(self, *, email: str, password: str, ip: str | None) -> VerifiedUser:
        """The password first factor. Unknown email, wrong password, disabled account: the same error and the
        same bcrypt work. An unverified address is said (403) only once the password checked out."""
        user = await UserRepository(self.session).get_by_email(email)
        password_ok = await verify_password(password, user.password_hash if user else None, self.settings.bcrypt_rounds)
        membership = await first_membership_unscoped(self.session, user.id) if user else None
        # SSO enforcement (orca_core/sso): members of an enforcing org get 403 sso_required; owner break-glass audited.
        if user is not None and password_ok and user.is_active:
            await enforce_for_password_login(self.session, user.id, ip=ip)
        allowed = user is not None and password_ok and await password_use_allowed(self.session, user.id)
        if user is None or not allowed or not user.is_active or membership is None:
            if user is None:
                reason = "unknown_email"
            elif not password_ok:
                reason = "wrong_password"
            else:
                reason = "password_not_allowed" if not allowed else "inactive"
            await self.audit.record(
                AuditEventName.LOGIN_FAILED,
                org_id=membership.org_id if membership else None,
                user_id=user.id if user else None,
                ip=ip,
                metadata={"reason": reason, "method": "password"},
            )
            raise InvalidCredentials()
        if user.email_verified_at is None:
            await self.audit.record(
                AuditEventName.LOGIN_FAILED,
                org_id=membership.org_id,
                user_id=user.id,
                ip=ip,
                metadata={"reason": "email_not_verified", "method": "password"},
            )
            raise EmailNotVerified()
        return VerifiedUser(user_id=user.id, org_id=membership.org_id, role=Role(membership.role))

    async def login(self, *, email: str, password: str, ip: str | None) -> LoginOutcome:
        verified = await self.check_password(email=email, password=password, ip=ip)
        return await self.finish_first_factor(verified, method="password", ip=ip)

    async def finish_first_factor(self, verified: VerifiedUser, *, method: str, ip: str | None) -> LoginOutcome:
        """What a successful first factor earns. Every first factor calls this, and nothing else issues a login.

        Contract:
        - The caller has checked its first factor (`method`: "password", "saml" or "oidc") for `verified.user_id`
          in `verified.org_id`, and anything specific to that factor (email verified for passwords, assertion
          signature, replay and audience for SSO). The caller audits its own failures.
        - This re-reads the account and the membership (a disabled account or a removed member gets
          `InvalidCredentials`, audited `login_failed`); the role always comes from the database.
        - The account has 2FA enabled -> `MfaPending`: a 5-minute single-use "mfa_pending" token, accepted only
          by POST /auth/2fa/complete, which takes a TOTP or backup code and then starts the session. Nothing else
          is issued, whatever the first factor: SSO cannot bypass 2FA.
        - Else the org requires 2FA -> `EnrollmentRequired`: a 10-minute "mfa_enroll" token accepted only by
          POST /auth/2fa/setup and /auth/2fa/enable; enabling 2FA starts the session. No data access before.
        - Else -> `TokenPair`: a new session (refresh-token family), audited `login` with `method`.
        Runs in the caller's unit of work; the caller commits.
        """
        if method not in FIRST_FACTORS:
            raise ValueError(f"unknown first factor: {method}")
        user = await UserRepository(self.session).get(verified.user_id)
        membership = await MembershipRepository(self.session, verified.org_id).get_by_user(verified.user_id)
        if user is None or not user.is_active or membership is None:
            await self.audit.record(
                AuditEventName.LOGIN_FAILED,
                org_id=verified.org_id,
                user_id=verified.user_id,
                ip=ip,
                metadata={"reason": "inactive", "method": method},
            )
            raise InvalidCredentials()
        current = VerifiedUser(user_id=user.id, org_id=verified.org_id, role=Role(membership.role))
        if await TotpRepository(self.session).is_enabled(user.id):
            token, _ = issue_step_up_token(
                self.settings,
                token_type=MFA_PENDING_TYPE,
                user_id=user.id,
                org_id=verified.org_id,
                first_factor=method,
                ttl_seconds=MFA_PENDING_TTL_SECONDS,
            )
            return MfaPending(token, MFA_PENDING_TTL_SECONDS)
        org = await OrgRepository(self.session, verified.org_id).get()
        if org is not None and org.require_2fa:
            token, _ = issue_step_up_token(
                self.settings,
                token_type=MFA_ENROLL_TYPE,
                user_id=user.id,
                org_id=verified.org_id,
                first_factor=method,
                ttl_seconds=MFA_ENROLL_TTL_SECONDS,
            )
            return EnrollmentRequired(token, MFA_ENROLL_TTL_SECONDS)
        return await self.start_session(current, ip=ip, method=method)

    async def start_session(
        self, verified: VerifiedUser, *, ip: str | None, method: str, first_factor: str | None = None
    ) -> TokenPair:
        """Issue a new session. Only for callers that have checked every factor the account needs:
        `finish_first_factor` and the 2FA step. A first factor must call `finish_first_factor` instead."""
        family_id = uuid.uuid4()
        pair = await self._issue(verified.user_id, verified.org_id, verified.role, family_id)
        metadata = {"session_id": str(family_id), "method": method}
        if first_factor is not None:
            metadata["first_factor"] = first_factor
        await self.audit.record(
            AuditEventName.LOGIN, org_id=verified.org_id, user_id=verified.user_id, ip=ip, metadata=metadata
        )
        return pair

    async def refresh(self, *, refresh_token: str, ip: str | None) -> TokenPair:
        """Rotate: the presented token is spent and a new one of the same family issued.

        A spent token presented again means it was copied: the whole family (the legitimate client's current
        token included) is revoked, which also kills the family's access tokens on their next request.
        """
        stored = await find_refresh_token_for_update_unscoped(self.session, hash_refresh_token(refresh_token))
        if stored is None:
            raise InvalidRefreshToken()
        sessions = SessionRepository(self.session, stored.org_id)
        if stored.revoked_at is not None and stored.replaced_by is None:
            raise InvalidRefreshToken()  # ended by logout or by an earlier reuse detection: nothing new to learn
        if stored.revoked_at is not None:
            revoked = await sessions.revoke_family(stored.family_id)
            await self.audit.record(
                AuditEventName.TOKEN_REUSE_DETECTED,
                org_id=stored.org_id,
                user_id=stored.user_id,
                ip=ip,
                metadata={"session_id": str(stored.family_id), "revoked_count": revoked},
            )
            raise InvalidRefreshToken()
        if stored.expires_at <= utcnow():
            raise InvalidRefreshToken()
        membership = await MembershipRepository(self.session, stored.org_id).get_by_user(stored.user_id)
        user = await UserRepository(self.session).get(stored.user_id)
        if membership is None or user is None or not user.is_active:
            await sessions.revoke_family(stored.family_id)
            raise InvalidRefreshToken()
        # The new token inherits the family's expiry: rotation never extends a session's absolute lifetime.
        pair, new_token_id = await self._issue_with_id(
            stored.user_id, stored.org_id, Role(membership.role), stored.family_id, stored.expires_at
        )
        await sessions.mark_rotated(stored.id, new_token_id)
        return pair

    async def logout(self, principal: Principal, *, ip: str | None) -> None:
        """Ends the session at once: this access token is denylisted and every refresh token of its family
        revoked (which also invalidates any other access token of the same session)."""
        await AccessTokenDenylist(self.session).add(principal.jti, principal.user_id, principal.token_expires_at)
        await SessionRepository(self.session, principal.org_id).revoke_family(principal.session_id)
        await self.audit.record(
            AuditEventName.LOGOUT,
            org_id=principal.org_id,
            user_id=principal.user_id,
            ip=ip,
            metadata={"session_id": str(principal.session_id)},
        )

    async def authenticate(self, access_token: str, *, allow_unenrolled: bool = False) -> Principal:
        """The principal of a valid access token whose session is live.

        A member of an org that requires 2FA who has not enabled it gets 403 `mfa_enrollment_required` (this
        covers sessions that predate the requirement); only the endpoints that let them enrol or leave pass
        `allow_unenrolled`.
        """
        claims = decode_access_token(self.settings, access_token)
        row = await SessionRepository(self.session, claims.org_id).load_principal(
            user_id=claims.user_id, session_id=claims.session_id, jti=claims.jti
        )
        if row is None:
            raise AuthenticationRequired()
        if row.needs_2fa_enrollment and not allow_unenrolled:
            raise MfaEnrollmentRequired()
        return Principal(
            user_id=claims.user_id,
            org_id=claims.org_id,
            role=Role(row.role),
            email=row.email,
            session_id=claims.session_id,
            jti=claims.jti,
            token_expires_at=claims.expires_at,
        )

    async def _issue(self, user_id: uuid.UUID, org_id: uuid.UUID, role: Role, family_id: uuid.UUID) -> TokenPair:
        expires_at = utcnow() + timedelta(seconds=self.settings.refresh_token_ttl_seconds)
        pair, _ = await self._issue_with_id(user_id, org_id, role, family_id, expires_at)
        return pair

    async def _issue_with_id(
        self, user_id: uuid.UUID, org_id: uuid.UUID, role: Role, family_id: uuid.UUID, expires_at: datetime
    ) -> tuple[TokenPair, uuid.UUID]:
        refresh_token, refresh_hash = new_refresh_token()
        token_id = await SessionRepository(self.session, org_id).add(
            token_hash=refresh_hash,
            family_id=family_id,
            user_id=user_id,
            expires_at=expires_at,
        )
        access_token, _ = issue_access_token(
            self.settings, user_id=user_id, org_id=org_id, session_id=family_id, role=role.value
        )
        return TokenPair(access_token, refresh_token, self.settings.access_token_ttl_seconds), token_id
