"""Account lifecycle: registration, email verification, password change and password reset.

Emails are not sent here: each method appends to `self.outbox`, which the API sends after the transaction
commits (see orca_core.mail). Tokens in links are opaque, 256 random bits, single use, stored as SHA-256 and
short-lived (verification: `email_verification_ttl_seconds`, 24 h; reset: `password_reset_ttl_seconds`, 1 h).

Enumeration: register and reset-request answer the same for known and unknown emails, and do the same slow work
(register always hashes the password; reset-request hashes nothing in either case). The owner of an address that
is already registered gets an email saying so instead of a second account.

A password reset proves control of the address, so it also verifies it; it ends every session and never signs
the user in (the next login still needs the second factor).
"""

from __future__ import annotations

import uuid
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from orca_core.audit.service import AuditEventName, AuditLog
from orca_core.identity.errors import InvalidCurrentPassword, InvalidResetToken, InvalidVerificationToken
from orca_core.identity.password_paths import password_use_allowed
from orca_core.identity.passwords import check_password_policy, hash_password, verify_password
from orca_core.identity.repository import (
    AccountTokenRepository,
    UserRepository,
    revoke_user_sessions_unscoped,
)
from orca_core.identity.service import Principal
from orca_core.identity.tokens import hash_opaque_token, new_opaque_token
from orca_core.mail import OutgoingMail, messages
from orca_core.orgs.models import Role
from orca_core.orgs.repository import MembershipRepository, create_org_unscoped, first_membership_unscoped
from orca_core.settings import Settings

EMAIL_VERIFY = "email_verify"
PASSWORD_RESET = "password_reset"  # noqa: S105 (a token purpose)


class AccountService:
    def __init__(self, session: AsyncSession, settings: Settings) -> None:
        self.session = session
        self.settings = settings
        self.audit = AuditLog(session)
        self.users = UserRepository(session)
        self.tokens = AccountTokenRepository(session)
        self.outbox: list[OutgoingMail] = []

    async def register(self, *, email: str, password: str, org_name: str, ip: str | None) -> None:
        """Create the user (unverified), their org and the owner membership, and mail the verification link;
        or, when the email is taken, only mail its owner. The caller cannot tell which happened."""
        password_hash = await hash_password(password, self.settings.bcrypt_rounds)
        user_id = await self.users.add_if_email_free(email, password_hash)
        if user_id is None:
            existing = await self.users.get_by_email(email)
            owner = existing.email if existing else email
            self.outbox.append(messages.account_exists(to=owner, base_url=self.settings.public_base_url))
            return
        org = await create_org_unscoped(self.session, org_name)
        await MembershipRepository(self.session, org.id).add(user_id, Role.OWNER)
        await self.audit.record(AuditEventName.REGISTER, org_id=org.id, user_id=user_id, ip=ip)
        token = await self._issue(user_id, EMAIL_VERIFY, self.settings.email_verification_ttl_seconds)
        self.outbox.append(
            messages.verify_email(
                to=email,
                base_url=self.settings.public_base_url,
                token=token,
                ttl_hours=max(1, self.settings.email_verification_ttl_seconds // 3600),
            )
        )

    async def verify_email(self, *, token: str, ip: str | None) -> None:
        user_id = await self.tokens.consume(purpose=EMAIL_VERIFY, token_hash=hash_opaque_token(token))
        if user_id is None:
            raise InvalidVerificationToken()
        await self.users.mark_email_verified(user_id)
        await self.audit.record(
            AuditEventName.EMAIL_VERIFIED, org_id=await self._org_of(user_id), user_id=user_id, ip=ip
        )

    async def change_password(
        self, principal: Principal, *, current_password: str, new_password: str, ip: str | None
    ) -> int:
        """Check the current password, set the new one, end the user's other sessions (this one stays).
        Returns how many sessions were ended."""
        check_password_policy(new_password)  # 422 before any slow work
        user = await self.users.get_for_update(principal.user_id)
        current_ok = await verify_password(
            current_password, user.password_hash if user else None, self.settings.bcrypt_rounds
        )
        if user is None or not current_ok or not await password_use_allowed(self.session, user.id):
            await self.audit.record(
                AuditEventName.PASSWORD_CHANGE_FAILED,
                org_id=principal.org_id,
                user_id=principal.user_id,
                ip=ip,
                metadata={"reason": "wrong_current_password" if not current_ok else "password_not_allowed"},
            )
            raise InvalidCurrentPassword()
        await self.users.set_password_hash(user.id, await hash_password(new_password, self.settings.bcrypt_rounds))
        ended = await revoke_user_sessions_unscoped(self.session, user.id, keep_session_id=principal.session_id)
        await self.tokens.retire_unused(user.id, PASSWORD_RESET)
        await self.audit.record(
            AuditEventName.PASSWORD_CHANGED,
            org_id=principal.org_id,
            user_id=user.id,
            ip=ip,
            metadata={"sessions_ended": ended, "via": "change"},
        )
        self.outbox.append(messages.password_changed(to=user.email))
        return ended

    async def request_password_reset(self, *, email: str, ip: str | None) -> None:
        """Mail a reset link when the email belongs to an active account allowed to use a password; otherwise
        do nothing visible. Audited either way (the unknown case in the system chain, without the address)."""
        user = await self.users.get_by_email(email)
        usable = user is not None and user.is_active and await password_use_allowed(self.session, user.id)
        if user is None or not usable:
            await self.audit.record(
                AuditEventName.PASSWORD_RESET_REQUESTED,
                org_id=await self._org_of(user.id) if user else None,
                user_id=user.id if user else None,
                ip=ip,
                metadata={"outcome": "no_account" if user is None else "not_allowed"},
            )
            return
        await self.tokens.retire_unused(user.id, PASSWORD_RESET)
        token = await self._issue(user.id, PASSWORD_RESET, self.settings.password_reset_ttl_seconds)
        await self.audit.record(
            AuditEventName.PASSWORD_RESET_REQUESTED,
            org_id=await self._org_of(user.id),
            user_id=user.id,
            ip=ip,
            metadata={"outcome": "mailed"},
        )
        self.outbox.append(
            messages.password_reset(
                to=user.email,
                base_url=self.settings.public_base_url,
                token=token,
                ttl_minutes=max(1, self.settings.password_reset_ttl_seconds // 60),
            )
        )

    async def complete_password_reset(self, *, token: str, new_password: str, ip: str | None) -> int:
        """Spend the reset token and set the password; verifies the email and ends every session of the user.
        Never signs in. Returns how many sessions were ended."""
        check_password_policy(new_password)  # 422 before the token is spent: a typo must not burn the link
        user_id = await self.tokens.consume(purpose=PASSWORD_RESET, token_hash=hash_opaque_token(token))
        if user_id is None:
            raise InvalidResetToken()
        user = await self.users.get_for_update(user_id)
        if user is None or not user.is_active or not await password_use_allowed(self.session, user_id):
            raise InvalidResetToken()
        await self.users.set_password_hash(user_id, await hash_password(new_password, self.settings.bcrypt_rounds))
        await self.users.mark_email_verified(user_id)
        await self.tokens.retire_unused(user_id, PASSWORD_RESET)
        ended = await revoke_user_sessions_unscoped(self.session, user_id)
        await self.audit.record(
            AuditEventName.PASSWORD_RESET_COMPLETED,
            org_id=await self._org_of(user_id),
            user_id=user_id,
            ip=ip,
            metadata={"sessions_ended": ended},
        )
        self.outbox.append(messages.password_changed(to=user.email))
        return ended

    async def _issue(self, user_id: uuid.UUID, purpose: str, ttl_seconds: int) -> str:
        token, digest = new_opaque_token()
        await self.tokens.add(user_id=user_id, purpose=purpose, token_hash=digest, ttl=timedelta(seconds=ttl_seconds))
        return token

    async def _org_of(self, user_id: uuid.UUID) -> uuid.UUID | None:
        membership = await first_membership_unscoped(self.session, user_id)
        return membership.org_id if membership else None
