"""Identity business rules: registration, password login, session rotation and logout.

Login is two steps on purpose: `check_password` (the first factor) and `start_session` (issue tokens). Email
verification, a TOTP step or SSO slot in between, or replace the first step, without touching token issuance.
Rate limits belong in front of `check_password` and `register` (per IP and per account).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from orca_core.audit.service import AuditEventName, AuditLog
from orca_core.db import utcnow
from orca_core.errors import AuthenticationRequired
from orca_core.identity.errors import InvalidCredentials, InvalidRefreshToken
from orca_core.identity.passwords import hash_password, verify_password
from orca_core.identity.repository import (
    AccessTokenDenylist,
    SessionRepository,
    UserRepository,
    find_refresh_token_for_update_unscoped,
)
from orca_core.identity.tokens import decode_access_token, hash_refresh_token, issue_access_token, new_refresh_token
from orca_core.orgs.models import Role
from orca_core.orgs.repository import MembershipRepository, create_org_unscoped, first_membership_unscoped
from orca_core.settings import Settings


@dataclass(frozen=True)
class TokenPair:
    access_token: str
    refresh_token: str
    expires_in: int


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
    user_id: uuid.UUID
    org_id: uuid.UUID
    role: Role


class IdentityService:
    def __init__(self, session: AsyncSession, settings: Settings) -> None:
        self.session = session
        self.settings = settings
        self.audit = AuditLog(session)

    async def register(self, *, email: str, password: str, org_name: str, ip: str | None) -> None:
        """Create the user, their org and the owner membership, or nothing if the email is taken.

        The caller cannot tell the two cases apart (same answer, and the bcrypt work is done in both), so
        registration does not reveal which emails have accounts. Email verification (next issue) will tell the
        owner of an existing address by email instead.
        """
        password_hash = await hash_password(password, self.settings.bcrypt_rounds)
        user_id = await UserRepository(self.session).add_if_email_free(email, password_hash)
        if user_id is None:
            return
        org = await create_org_unscoped(self.session, org_name)
        await MembershipRepository(self.session, org.id).add(user_id, Role.OWNER)
        await self.audit.record(AuditEventName.REGISTER, org_id=org.id, user_id=user_id, ip=ip)

    async def check_password(self, *, email: str, password: str, ip: str | None) -> VerifiedUser:
        """The first factor. Unknown email, wrong password, disabled account: the same error and the same work."""
        user = await UserRepository(self.session).get_by_email(email)
        password_ok = await verify_password(password, user.password_hash if user else None, self.settings.bcrypt_rounds)
        membership = await first_membership_unscoped(self.session, user.id) if user else None
        if user is None or not password_ok or not user.is_active or membership is None:
            reason = "unknown_email" if user is None else ("wrong_password" if not password_ok else "inactive")
            await self.audit.record(
                AuditEventName.LOGIN_FAILED,
                org_id=membership.org_id if membership else None,
                user_id=user.id if user else None,
                ip=ip,
                metadata={"reason": reason},
            )
            raise InvalidCredentials()
        return VerifiedUser(user_id=user.id, org_id=membership.org_id, role=Role(membership.role))

    async def start_session(self, verified: VerifiedUser, *, ip: str | None) -> TokenPair:
        family_id = uuid.uuid4()
        pair = await self._issue(verified.user_id, verified.org_id, verified.role, family_id)
        await self.audit.record(
            AuditEventName.LOGIN,
            org_id=verified.org_id,
            user_id=verified.user_id,
            ip=ip,
            metadata={"session_id": str(family_id), "method": "password"},
        )
        return pair

    async def login(self, *, email: str, password: str, ip: str | None) -> TokenPair:
        verified = await self.check_password(email=email, password=password, ip=ip)
        return await self.start_session(verified, ip=ip)

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

    async def authenticate(self, access_token: str) -> Principal:
        claims = decode_access_token(self.settings, access_token)
        row = await SessionRepository(self.session, claims.org_id).load_principal(
            user_id=claims.user_id, session_id=claims.session_id, jti=claims.jti
        )
        if row is None:
            raise AuthenticationRequired()
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
