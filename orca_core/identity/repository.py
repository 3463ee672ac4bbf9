"""All SQL about users and sessions.

Users are accounts, not tenant rows (one person may later belong to several orgs), so `UserRepository` is not
org-scoped (nor under row-level security). Sessions (refresh tokens) are: `SessionRepository` filters by org.
The lookups a request makes before it knows its org (a refresh token by hash) carry `_unscoped` in their names
and run in a `cross_org` block (orca_core/tenancy.py).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, delete, exists, func, insert, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from orca_core.db import utcnow
from orca_core.identity.models import (
    AccountToken,
    BackupCode,
    RefreshToken,
    RevokedAccessToken,
    TotpCredential,
    User,
)
from orca_core.orgs.models import Membership, Org
from orca_core.orgs.repository import OrgScopedRepository
from orca_core.tenancy import cross_org


class UserRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get_by_email(self, email: str) -> User | None:
        statement = select(User).where(func.lower(User.email) == email.lower())
        return (await self.session.execute(statement)).scalar_one_or_none()

    async def add_if_email_free(self, email: str, password_hash: str) -> uuid.UUID | None:
        """Insert the user; None when the email (any case) is taken, even by a concurrent registration."""
        statement = (
            pg_insert(User)
            .values(id=uuid.uuid4(), email=email, password_hash=password_hash, is_active=True, created_at=utcnow())
            .on_conflict_do_nothing(index_elements=[func.lower(User.email)])
            .returning(User.id)
        )
        return (await self.session.execute(statement)).scalar_one_or_none()

    async def get(self, user_id: uuid.UUID) -> User | None:
        return await self.session.get(User, user_id)

    async def get_for_update(self, user_id: uuid.UUID) -> User | None:
        statement = select(User).where(User.id == user_id).with_for_update()
        return (await self.session.execute(statement)).scalar_one_or_none()

    async def mark_email_verified(self, user_id: uuid.UUID) -> bool:
        """True when this call verified the address (False: it already was)."""
        result = await self.session.execute(
            update(User).where(User.id == user_id, User.email_verified_at.is_(None)).values(email_verified_at=utcnow())
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def set_password_hash(self, user_id: uuid.UUID, password_hash: str) -> None:
        await self.session.execute(update(User).where(User.id == user_id).values(password_hash=password_hash))


@dataclass(frozen=True)
class PrincipalRow:
    email: str
    role: str
    # The org requires 2FA and this user has not enabled it: only enrolment is allowed.
    needs_2fa_enrollment: bool = False


class SessionRepository(OrgScopedRepository):
    """Refresh-token families (sessions) of one org, and the checks an access token needs per request."""

    async def add(
        self, *, token_hash: str, family_id: uuid.UUID, user_id: uuid.UUID, expires_at: datetime
    ) -> uuid.UUID:
        token_id = uuid.uuid4()
        await self.session.execute(
            insert(RefreshToken).values(
                id=token_id,
                token_hash=token_hash,
                family_id=family_id,
                user_id=user_id,
                org_id=self.org_id,
                created_at=utcnow(),
                expires_at=expires_at,
            )
        )
        return token_id

    async def mark_rotated(self, token_id: uuid.UUID, replaced_by: uuid.UUID) -> None:
        await self.session.execute(
            update(RefreshToken)
            .where(RefreshToken.org_id == self.org_id, RefreshToken.id == token_id)
            .values(revoked_at=utcnow(), replaced_by=replaced_by)
        )

    async def revoke_family(self, family_id: uuid.UUID) -> int:
        result = await self.session.execute(
            update(RefreshToken)
            .where(
                RefreshToken.org_id == self.org_id,
                RefreshToken.family_id == family_id,
                RefreshToken.revoked_at.is_(None),
            )
            .values(revoked_at=utcnow())
        )
        return int(result.rowcount)  # type: ignore[attr-defined]

    async def load_principal(self, *, user_id: uuid.UUID, session_id: uuid.UUID, jti: uuid.UUID) -> PrincipalRow | None:
        """The user's current role in this org, if the account is active, the access token is not on the
        denylist and its session still has a live refresh token. One round trip per request."""
        now = utcnow()
        live_session = exists().where(
            RefreshToken.org_id == self.org_id,
            RefreshToken.family_id == session_id,
            RefreshToken.user_id == user_id,
            RefreshToken.revoked_at.is_(None),
            RefreshToken.expires_at > now,
        )
        revoked = exists().where(RevokedAccessToken.jti == jti)
        has_2fa = exists().where(TotpCredential.user_id == user_id, TotpCredential.confirmed_at.is_not(None))
        statement = (
            select(User.email, Membership.role, (Org.require_2fa & ~has_2fa).label("needs_2fa_enrollment"))
            .join(Membership, and_(Membership.user_id == User.id, Membership.org_id == self.org_id))
            .join(Org, Org.id == Membership.org_id)
            .where(User.id == user_id, User.is_active.is_(True), live_session, ~revoked)
        )
        row = (await self.session.execute(statement)).one_or_none()
        if row is None:
            return None
        return PrincipalRow(email=row.email, role=row.role, needs_2fa_enrollment=bool(row.needs_2fa_enrollment))


async def find_refresh_token_for_update_unscoped(session: AsyncSession, token_hash: str) -> RefreshToken | None:
    """A presented refresh token tells us its org; locked so two concurrent rotations cannot both succeed."""
    statement = select(RefreshToken).where(RefreshToken.token_hash == token_hash).with_for_update()
    with cross_org(session):  # the token's row is what tells us its org
        return (await session.execute(statement)).scalar_one_or_none()


async def revoke_user_sessions_unscoped(
    session: AsyncSession, user_id: uuid.UUID, *, keep_session_id: uuid.UUID | None = None
) -> int:
    """End every session of the user in every org (password change or reset, 2FA on or off), except the one
    the request itself runs in. Their access tokens die with them: `load_principal` wants a live session."""
    statement = update(RefreshToken).where(RefreshToken.user_id == user_id, RefreshToken.revoked_at.is_(None))
    if keep_session_id is not None:
        statement = statement.where(RefreshToken.family_id != keep_session_id)
    with cross_org(session):  # a user's sessions in every org they belong to
        result = await session.execute(statement.values(revoked_at=utcnow()))
    return int(result.rowcount)  # type: ignore[attr-defined]


class AccessTokenDenylist:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, jti: uuid.UUID, user_id: uuid.UUID, expires_at: datetime) -> None:
        statement = (
            pg_insert(RevokedAccessToken)
            .values(jti=jti, user_id=user_id, expires_at=expires_at)
            .on_conflict_do_nothing(index_elements=[RevokedAccessToken.jti])
        )
        await self.session.execute(statement)

    async def contains(self, jti: uuid.UUID) -> bool:
        statement = select(exists().where(RevokedAccessToken.jti == jti))
        return bool((await self.session.execute(statement)).scalar())


class AccountTokenRepository:
    """Single-use email tokens. Not org-scoped: they belong to an account, and arrive before any org is known."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, *, user_id: uuid.UUID, purpose: str, token_hash: str, ttl: timedelta) -> None:
        now = utcnow()
        await self.session.execute(
            insert(AccountToken).values(
                id=uuid.uuid4(),
                user_id=user_id,
                purpose=purpose,
                token_hash=token_hash,
                created_at=now,
                expires_at=now + ttl,
            )
        )

    async def consume(self, *, purpose: str, token_hash: str) -> uuid.UUID | None:
        """Spend the token in one statement: the owner's id, or None when it is unknown, of another purpose,
        expired or already spent. Two concurrent uses: exactly one gets the id."""
        now = utcnow()
        statement = (
            update(AccountToken)
            .where(
                AccountToken.token_hash == token_hash,
                AccountToken.purpose == purpose,
                AccountToken.used_at.is_(None),
                AccountToken.expires_at > now,
            )
            .values(used_at=now)
            .returning(AccountToken.user_id)
        )
        return (await self.session.execute(statement)).scalar_one_or_none()

    async def retire_unused(self, user_id: uuid.UUID, purpose: str) -> None:
        """A newer token (or a completed reset) makes the older links of that purpose useless."""
        await self.session.execute(
            update(AccountToken)
            .where(AccountToken.user_id == user_id, AccountToken.purpose == purpose, AccountToken.used_at.is_(None))
            .values(used_at=utcnow())
        )


class TotpRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, user_id: uuid.UUID) -> TotpCredential | None:
        statement = select(TotpCredential).where(TotpCredential.user_id == user_id)
        return (await self.session.execute(statement)).scalar_one_or_none()

    async def get_for_update(self, user_id: uuid.UUID) -> TotpCredential | None:
        """Locked: attempts on one account are serialised, so the replay and lockout bookkeeping is exact."""
        statement = select(TotpCredential).where(TotpCredential.user_id == user_id).with_for_update()
        return (await self.session.execute(statement)).scalar_one_or_none()

    async def is_enabled(self, user_id: uuid.UUID) -> bool:
        statement = select(exists().where(TotpCredential.user_id == user_id, TotpCredential.confirmed_at.is_not(None)))
        return bool((await self.session.execute(statement)).scalar())

    async def put_pending(self, user_id: uuid.UUID, seed_ciphertext: bytes) -> None:
        """A new, unconfirmed seed (replacing an earlier unconfirmed one)."""
        statement = pg_insert(TotpCredential).values(
            user_id=user_id, seed_ciphertext=seed_ciphertext, failed_attempts=0, created_at=utcnow()
        )
        statement = statement.on_conflict_do_update(
            index_elements=[TotpCredential.user_id],
            set_={
                "seed_ciphertext": statement.excluded.seed_ciphertext,
                "last_used_step": None,
                "created_at": statement.excluded.created_at,
            },
            where=TotpCredential.confirmed_at.is_(None),
        )
        await self.session.execute(statement)

    async def delete(self, user_id: uuid.UUID) -> None:
        await self.session.execute(delete(TotpCredential).where(TotpCredential.user_id == user_id))


class BackupCodeRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def replace(self, user_id: uuid.UUID, code_hashes: list[str]) -> None:
        """The new set replaces the old one entirely: regeneration invalidates every earlier code."""
        await self.session.execute(delete(BackupCode).where(BackupCode.user_id == user_id))
        now = utcnow()
        await self.session.execute(
            insert(BackupCode),
            [
                {"id": uuid.uuid4(), "user_id": user_id, "code_hash": digest, "created_at": now}
                for digest in code_hashes
            ],
        )

    async def consume(self, user_id: uuid.UUID, code_hash: str) -> bool:
        statement = (
            update(BackupCode)
            .where(BackupCode.user_id == user_id, BackupCode.code_hash == code_hash, BackupCode.used_at.is_(None))
            .values(used_at=utcnow())
            .returning(BackupCode.id)
        )
        return (await self.session.execute(statement)).scalar_one_or_none() is not None

    async def remaining(self, user_id: uuid.UUID) -> int:
        statement = select(func.count()).where(BackupCode.user_id == user_id, BackupCode.used_at.is_(None))
        return int((await self.session.execute(statement)).scalar_one())

    async def delete_all(self, user_id: uuid.UUID) -> None:
        await self.session.execute(delete(BackupCode).where(BackupCode.user_id == user_id))
