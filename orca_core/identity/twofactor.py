"""TOTP two-factor authentication: enrolment, the login step, disabling, backup codes.

Every code check goes through `_check_code` with the user's credential row locked, so concurrent attempts on one
account are serialised: a time step is accepted once (D22), and failures are counted exactly. After
`mfa_max_failures` wrong codes in a row (TOTP or backup, from any IP) the account's 2FA step locks for
`mfa_lockout_seconds`, doubling with each further lock (capped at a day); a right code resets the count.

Audit: the login step writes exactly one row per attempt (`login` with method 2fa|backup_code, or
`login_failed` with the reason); enrolment and management write `2fa_enabled`, `2fa_disabled`,
`2fa_backup_codes_regenerated`, or `2fa_failed` for a wrong code.
"""

from __future__ import annotations

import math
import uuid
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from orca_core.audit.service import AuditEventName, AuditLog
from orca_core.db import utcnow
from orca_core.errors import AuthenticationRequired, OrcaError
from orca_core.identity import totp
from orca_core.identity.errors import (
    InvalidCurrentPassword,
    InvalidMfaCode,
    MfaAlreadyEnabled,
    MfaLocked,
    MfaNotEnabled,
    MfaRequiredByOrg,
    MfaSetupRequired,
    WrongMfaCode,
)
from orca_core.identity.models import TotpCredential
from orca_core.identity.passwords import verify_password
from orca_core.identity.repository import (
    AccessTokenDenylist,
    BackupCodeRepository,
    TotpRepository,
    UserRepository,
    revoke_user_sessions_unscoped,
)
from orca_core.identity.service import IdentityService, Principal, TokenPair, VerifiedUser
from orca_core.identity.tokens import (
    MFA_ENROLL_TYPE,
    MFA_PENDING_TYPE,
    StepUpClaims,
    decode_step_up_token,
)
from orca_core.orgs.models import Role
from orca_core.orgs.repository import MembershipRepository, OrgRepository
from orca_core.settings import Settings

MAX_LOCK_SECONDS = 24 * 3600


@dataclass(frozen=True)
class Enroller:
    """Who is enrolling: a signed-in user (`session_id` set) or a user holding an enrolment token."""

    user_id: uuid.UUID
    org_id: uuid.UUID
    session_id: uuid.UUID | None = None
    enrollment: StepUpClaims | None = None


@dataclass(frozen=True)
class Enrolment:
    secret: str
    provisioning_uri: str
    qr_svg: str


@dataclass(frozen=True)
class Enabled:
    backup_codes: list[str]
    tokens: TokenPair | None  # set when enrolment came from an enrolment token: the login finishes here


class TwoFactorService:
    def __init__(self, session: AsyncSession, settings: Settings) -> None:
        self.session = session
        self.settings = settings
        self.audit = AuditLog(session)
        self.credentials = TotpRepository(session)
        self.backup_codes = BackupCodeRepository(session)
        self.denylist = AccessTokenDenylist(session)

    # --- tokens -------------------------------------------------------------------------------------------

    async def read_step_up_token(self, token: str, token_type: str) -> StepUpClaims:
        """A valid, unspent mfa_pending or mfa_enroll token of an active member; 401 otherwise."""
        if token_type not in (MFA_PENDING_TYPE, MFA_ENROLL_TYPE):
            raise ValueError(token_type)
        claims = decode_step_up_token(self.settings, token, token_type)
        if await self.denylist.contains(claims.jti):
            raise AuthenticationRequired()
        user = await UserRepository(self.session).get(claims.user_id)
        membership = await MembershipRepository(self.session, claims.org_id).get_by_user(claims.user_id)
        if user is None or not user.is_active or membership is None:
            raise AuthenticationRequired()
        return claims

    # --- enrolment ----------------------------------------------------------------------------------------

    async def setup(self, enroller: Enroller) -> Enrolment:
        """A new seed, stored encrypted and unconfirmed; returned this once (a later setup makes a new one)."""
        if await self.credentials.is_enabled(enroller.user_id):
            raise MfaAlreadyEnabled()
        user = await UserRepository(self.session).get(enroller.user_id)
        if user is None:
            raise AuthenticationRequired()
        seed = totp.new_seed()
        key = totp.encryption_key(self.settings)
        await self.credentials.put_pending(user.id, totp.encrypt_seed(key, user.id, seed))
        uri = totp.provisioning_uri(seed, account_name=user.email, issuer=self.settings.totp_issuer)
        return Enrolment(secret=seed, provisioning_uri=uri, qr_svg=totp.qr_code_svg(uri))

    async def enable(self, enroller: Enroller, *, code: str, ip: str | None) -> Enabled:
        credential = await self.credentials.get_for_update(enroller.user_id)
        if credential is None:
            raise MfaSetupRequired()
        if credential.confirmed_at is not None:
            raise MfaAlreadyEnabled()
        await self._check_code(
            credential, enroller.org_id, code, allow_backup=False, stage="enable", ip=ip, failure=WrongMfaCode
        )
        credential.confirmed_at = utcnow()
        await self.session.flush()
        codes = await self._new_backup_codes(enroller.user_id)
        ended = await revoke_user_sessions_unscoped(self.session, enroller.user_id, keep_session_id=enroller.session_id)
        await self.audit.record(
            AuditEventName.MFA_ENABLED,
            org_id=enroller.org_id,
            user_id=enroller.user_id,
            ip=ip,
            metadata={"sessions_ended": ended},
        )
        tokens = None
        if enroller.enrollment is not None:
            # The enrolment token stood for a checked first factor; the code just checked is the second.
            enrollment = enroller.enrollment
            await self.denylist.add(enrollment.jti, enrollment.user_id, enrollment.expires_at)
            tokens = await self._start_session(enrollment, method="2fa", ip=ip)
        return Enabled(backup_codes=codes, tokens=tokens)

    # --- the login step -----------------------------------------------------------------------------------

    async def complete(self, pending: StepUpClaims, *, code: str, ip: str | None) -> TokenPair:
        """Finish a login: a TOTP code (once per time step) or an unused backup code. The pending token is
        spent on success."""
        credential = await self.credentials.get_for_update(pending.user_id)
        if credential is None or credential.confirmed_at is None:
            raise AuthenticationRequired()  # 2FA was turned off meanwhile: start again from the first factor
        method = await self._check_code(
            credential,
            pending.org_id,
            code,
            allow_backup=True,
            stage="login",
            ip=ip,
            failure=InvalidMfaCode,
            first_factor=pending.first_factor,
        )
        await self.denylist.add(pending.jti, pending.user_id, pending.expires_at)
        return await self._start_session(pending, method=method, ip=ip)

    # --- management (signed in) ---------------------------------------------------------------------------

    async def disable(self, principal: Principal, *, code: str, password: str, ip: str | None) -> None:
        """Needs the password and a current code (TOTP or backup). Refused while the org requires 2FA."""
        org = await OrgRepository(self.session, principal.org_id).get()
        if org is not None and org.require_2fa:
            raise MfaRequiredByOrg()
        credential = await self.credentials.get_for_update(principal.user_id)
        if credential is None or credential.confirmed_at is None:
            raise MfaNotEnabled()
        user = await UserRepository(self.session).get(principal.user_id)
        if not await verify_password(password, user.password_hash if user else None, self.settings.bcrypt_rounds):
            await self._record_failure(
                principal.org_id, principal.user_id, ip, stage="disable", reason="wrong_password"
            )
            raise InvalidCurrentPassword()
        await self._check_code(
            credential, principal.org_id, code, allow_backup=True, stage="disable", ip=ip, failure=WrongMfaCode
        )
        await self.credentials.delete(principal.user_id)
        await self.backup_codes.delete_all(principal.user_id)
        ended = await revoke_user_sessions_unscoped(
            self.session, principal.user_id, keep_session_id=principal.session_id
        )
        await self.audit.record(
            AuditEventName.MFA_DISABLED,
            org_id=principal.org_id,
            user_id=principal.user_id,
            ip=ip,
            metadata={"sessions_ended": ended},
        )

    async def regenerate_backup_codes(self, principal: Principal, *, code: str, ip: str | None) -> list[str]:
        """A fresh set of 10 for a current TOTP code; every earlier backup code stops working."""
        credential = await self.credentials.get_for_update(principal.user_id)
        if credential is None or credential.confirmed_at is None:
            raise MfaNotEnabled()
        await self._check_code(
            credential, principal.org_id, code, allow_backup=False, stage="regenerate", ip=ip, failure=WrongMfaCode
        )
        codes = await self._new_backup_codes(principal.user_id)
        await self.audit.record(
            AuditEventName.MFA_BACKUP_CODES_REGENERATED, org_id=principal.org_id, user_id=principal.user_id, ip=ip
        )
        return codes

    async def status(self, user_id: uuid.UUID) -> tuple[bool, int]:
        """(2FA enabled, unused backup codes)."""
        enabled = await self.credentials.is_enabled(user_id)
        return enabled, await self.backup_codes.remaining(user_id) if enabled else 0

    # --- internals ----------------------------------------------------------------------------------------

    async def _check_code(
        self,
        credential: TotpCredential,
        org_id: uuid.UUID,
        code: str,
        *,
        allow_backup: bool,
        stage: str,
        ip: str | None,
        failure: type[OrcaError],
        first_factor: str | None = None,
    ) -> str:
        """ "2fa" or "backup_code" when the code is good (and now spent); raises `failure` (or MfaLocked)."""
        user_id = credential.user_id
        now = utcnow()
        if credential.locked_until is not None and credential.locked_until > now:
            retry_after = math.ceil((credential.locked_until - now).total_seconds())
            await self._record_failure(org_id, user_id, ip, stage=stage, reason="locked", first_factor=first_factor)
            raise MfaLocked(retry_after)

        normalised = totp.normalise_code(code)
        method = "backup_code" if allow_backup and totp.is_backup_code(normalised) else "2fa"
        reason = None
        if totp.is_totp_code(normalised):
            try:
                seed = totp.decrypt_seed(totp.encryption_key(self.settings), user_id, credential.seed_ciphertext)
            except totp.SeedUnreadable:
                reason = "seed_unreadable"
            else:
                step = totp.matching_step(seed, normalised)
                if step is None:
                    reason = "wrong_code"
                elif credential.last_used_step is not None and step <= credential.last_used_step:
                    reason = "code_reused"
                else:
                    credential.last_used_step = step
        elif method == "backup_code":
            if not await self.backup_codes.consume(user_id, totp.backup_code_digest(user_id, normalised)):
                reason = "wrong_backup_code"
        else:
            reason = "malformed_code"

        if reason is None:
            credential.failed_attempts = 0
            credential.locked_until = None
            await self.session.flush()
            return method

        credential.failed_attempts += 1
        locked_for = None
        if credential.failed_attempts % self.settings.mfa_max_failures == 0:
            locks = credential.failed_attempts // self.settings.mfa_max_failures
            locked_for = min(self.settings.mfa_lockout_seconds * 2 ** (locks - 1), MAX_LOCK_SECONDS)
            credential.locked_until = now + timedelta(seconds=locked_for)
        await self.session.flush()
        extra: dict[str, Any] = {"failures": credential.failed_attempts}
        if locked_for is not None:
            extra["locked_for_seconds"] = locked_for
        await self._record_failure(
            org_id, user_id, ip, stage=stage, reason=reason, method=method, first_factor=first_factor, extra=extra
        )
        raise failure()

    async def _record_failure(
        self,
        org_id: uuid.UUID,
        user_id: uuid.UUID,
        ip: str | None,
        *,
        stage: str,
        reason: str,
        method: str = "2fa",
        first_factor: str | None = None,
        extra: dict[str, Any] | None = None,
    ) -> None:
        """One audit row per failed attempt: `login_failed` during login, `2fa_failed` elsewhere."""
        metadata: dict[str, Any] = {"reason": reason, "method": method, **(extra or {})}
        if stage == "login":
            event = AuditEventName.LOGIN_FAILED
            if first_factor is not None:
                metadata["first_factor"] = first_factor
        else:
            event = AuditEventName.MFA_FAILED
            metadata["stage"] = stage
        await self.audit.record(event, org_id=org_id, user_id=user_id, ip=ip, metadata=metadata)

    async def _new_backup_codes(self, user_id: uuid.UUID) -> list[str]:
        codes = totp.new_backup_codes()
        digests = [totp.backup_code_digest(user_id, totp.normalise_code(code)) for code in codes]
        await self.backup_codes.replace(user_id, digests)
        return codes

    async def _start_session(self, claims: StepUpClaims, *, method: str, ip: str | None) -> TokenPair:
        membership = await MembershipRepository(self.session, claims.org_id).get_by_user(claims.user_id)
        if membership is None:
            raise AuthenticationRequired()
        verified = VerifiedUser(user_id=claims.user_id, org_id=claims.org_id, role=Role(membership.role))
        return await IdentityService(self.session, self.settings).start_session(
            verified, ip=ip, method=method, first_factor=claims.first_factor
        )
