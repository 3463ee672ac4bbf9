"""All SQL about users and sessions.

Users are accounts, not tenant rows (one person may later belong to several orgs), so `UserRepository` is not
org-scoped. Sessions (refresh tokens) are: `SessionRepository` filters by org. The lookups a request makes
before it knows its org (a refresh token by hash) carry `_unscoped` in their names.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, exists, func, insert, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from orca_core.db import utcnow
from orca_core.identity.models import RefreshToken, RevokedAccessToken, User
from orca_core.orgs.models import Membership
from orca_core.orgs.repository import OrgScopedRepository


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


@dataclass(frozen=True)
class PrincipalRow:
    email: str
    role: str


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
        statement = (
            select(User.email, Membership.role)
            .join(Membership, and_(Membership.user_id == User.id, Membership.org_id == self.org_id))
            .where(User.id == user_id, User.is_active.is_(True), live_session, ~revoked)
        )
        row = (await self.session.execute(statement)).one_or_none()
        return PrincipalRow(email=row.email, role=row.role) if row else None


async def find_refresh_token_for_update_unscoped(session: AsyncSession, token_hash: str) -> RefreshToken | None:
    """A presented refresh token tells us its org; locked so two concurrent rotations cannot both succeed."""
    statement = select(RefreshToken).where(RefreshToken.token_hash == token_hash).with_for_update()
    return (await session.execute(statement)).scalar_one_or_none()


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
