"""All SQL about SSO. Connections and identities are org-scoped; the lookups a public SSO endpoint makes before it
knows the org (a connection by the id in its URL, a flow by the id in its cookie, a flow by its one-time code)
carry `_unscoped` in their names and run in a `cross_org` block (orca_core/tenancy.py).
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import Select, delete, exists, func, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from orca_core.db import utcnow
from orca_core.identity.models import TotpCredential, User
from orca_core.orgs.models import Membership, Org, Role
from orca_core.orgs.repository import OrgScopedRepository
from orca_core.sso.models import SsoConnection, SsoIdentity, SsoLoginFlow, SsoSamlAssertion
from orca_core.tenancy import act_for_org, cross_org


class SsoConnectionRepository(OrgScopedRepository):
    def _base(self) -> Select[SsoConnection]:
        return select(SsoConnection).where(SsoConnection.org_id == self.org_id)

    async def list(self) -> list[SsoConnection]:
        statement = self._base().order_by(SsoConnection.created_at, SsoConnection.id)
        return list((await self.session.execute(statement)).scalars().all())

    async def get(self, connection_id: uuid.UUID, *, for_update: bool = False) -> SsoConnection | None:
        statement = self._base().where(SsoConnection.id == connection_id)
        if for_update:
            statement = statement.with_for_update()
        return (await self.session.execute(statement)).scalar_one_or_none()

    async def add(self, connection: SsoConnection) -> SsoConnection:
        connection.org_id = self.org_id
        self.session.add(connection)
        await self.session.flush()
        return connection

    async def delete(self, connection_id: uuid.UUID) -> None:
        await self.session.execute(
            delete(SsoConnection).where(SsoConnection.org_id == self.org_id, SsoConnection.id == connection_id)
        )

    async def has_working_connection(self, *, excluding: uuid.UUID | None = None) -> bool:
        """An enabled connection through which someone has signed in: what enforcement requires."""
        condition = [
            SsoConnection.org_id == self.org_id,
            SsoConnection.enabled.is_(True),
            SsoConnection.last_login_at.is_not(None),
        ]
        if excluding is not None:
            condition.append(SsoConnection.id != excluding)
        return bool(await self.session.scalar(select(exists().where(*condition))))

    async def mark_login(self, connection_id: uuid.UUID) -> None:
        await self.session.execute(
            update(SsoConnection)
            .where(SsoConnection.org_id == self.org_id, SsoConnection.id == connection_id)
            .values(last_login_at=utcnow())
        )

    async def store_jwks(self, connection_id: uuid.UUID, jwks: dict[str, Any]) -> None:
        await self.session.execute(
            update(SsoConnection)
            .where(SsoConnection.org_id == self.org_id, SsoConnection.id == connection_id)
            .values(oidc_jwks=jwks)
        )


async def get_connection_unscoped(session: AsyncSession, connection_id: uuid.UUID) -> SsoConnection | None:
    """A public SSO endpoint names its connection in the URL; the connection then tells the org."""
    with cross_org(session):
        return await session.get(SsoConnection, connection_id)


class SsoIdentityRepository(OrgScopedRepository):
    async def get(self, connection_id: uuid.UUID, subject: str) -> SsoIdentity | None:
        statement = select(SsoIdentity).where(
            SsoIdentity.org_id == self.org_id,
            SsoIdentity.connection_id == connection_id,
            SsoIdentity.subject == subject,
        )
        return (await self.session.execute(statement)).scalar_one_or_none()

    async def add_if_absent(
        self,
        *,
        connection_id: uuid.UUID,
        subject: str,
        user_id: uuid.UUID,
        email: str | None,
        display_name: str | None,
    ) -> bool:
        """Insert the identity; False when (connection, subject) already exists (a concurrent first login)."""
        statement = (
            pg_insert(SsoIdentity)
            .values(
                id=uuid.uuid4(),
                connection_id=connection_id,
                org_id=self.org_id,
                user_id=user_id,
                subject=subject,
                email=email,
                display_name=display_name,
                created_at=utcnow(),
                last_login_at=utcnow(),
            )
            .on_conflict_do_nothing(constraint="uq_sso_identities_connection_id_subject")
            .returning(SsoIdentity.id)
        )
        return (await self.session.execute(statement)).scalar_one_or_none() is not None

    async def record_login(self, identity_id: uuid.UUID, *, email: str | None, display_name: str | None) -> None:
        await self.session.execute(
            update(SsoIdentity)
            .where(SsoIdentity.org_id == self.org_id, SsoIdentity.id == identity_id)
            .values(email=email, display_name=display_name, last_login_at=utcnow())
        )


async def add_sso_user_if_email_free(session: AsyncSession, email: str) -> uuid.UUID | None:
    """A JIT account: no password (password login is impossible for it). None when the email (any case) is taken.

    `email_verified_at` stays unset: the IdP vouched for the address, we did not. A later password reset, which
    proves the address, sets it.
    """
    statement = (
        pg_insert(User)
        .values(id=uuid.uuid4(), email=email, password_hash=None, is_active=True, created_at=utcnow())
        .on_conflict_do_nothing(index_elements=[func.lower(User.email)])
        .returning(User.id)
    )
    return (await session.execute(statement)).scalar_one_or_none()


# --- Login flows -------------------------------------------------------------------------------------------------


async def add_flow_unscoped(session: AsyncSession, flow: SsoLoginFlow) -> SsoLoginFlow:
    # Expired flows of any org are swept here, a few at a time, rather than by a separate job.
    expired = select(SsoLoginFlow.id).where(SsoLoginFlow.expires_at < utcnow()).limit(100)
    with cross_org(session):
        await session.execute(delete(SsoLoginFlow).where(SsoLoginFlow.id.in_(expired.scalar_subquery())))
    # The new flow itself is written for its connection's org: row-level security still checks that.
    act_for_org(session, flow.org_id)
    session.add(flow)
    await session.flush()
    return flow


async def get_flow_for_update_unscoped(session: AsyncSession, flow_id: uuid.UUID) -> SsoLoginFlow | None:
    statement = select(SsoLoginFlow).where(SsoLoginFlow.id == flow_id).with_for_update()
    with cross_org(session):
        return (await session.execute(statement)).scalar_one_or_none()


async def find_flow_by_code_for_update_unscoped(session: AsyncSession, code_hash: str) -> SsoLoginFlow | None:
    statement = select(SsoLoginFlow).where(SsoLoginFlow.exchange_code_hash == code_hash).with_for_update()
    with cross_org(session):
        return (await session.execute(statement)).scalar_one_or_none()


async def remember_assertion_unscoped(
    session: AsyncSession, connection_id: uuid.UUID, assertion_id: str, expires_at: datetime
) -> bool:
    """Add an accepted assertion ID to the replay cache; False when it is already there (a replay)."""
    statement = (
        pg_insert(SsoSamlAssertion)
        .values(connection_id=connection_id, assertion_id=assertion_id, expires_at=expires_at)
        .on_conflict_do_nothing()
        .returning(SsoSamlAssertion.assertion_id)
    )
    with cross_org(session):
        # Expired entries of every connection are swept here (the cache has no org of its own: its rows belong to
        # their connection's org, see migration 0007).
        await session.execute(delete(SsoSamlAssertion).where(SsoSamlAssertion.expires_at < utcnow()))
        return (await session.execute(statement)).scalar_one_or_none() is not None


# --- Enforcement -------------------------------------------------------------------------------------------------


async def enforced_memberships_unscoped(session: AsyncSession, user_id: uuid.UUID) -> list[tuple[uuid.UUID, str]]:
    """(org id, role) of every org the user belongs to that enforces SSO. Only the password paths call this."""
    statement = (
        select(Membership.org_id, Membership.role)
        .join(Org, Org.id == Membership.org_id)
        .where(Membership.user_id == user_id, Org.sso_enforced.is_(True))
        .order_by(Membership.created_at, Membership.id)
    )
    with cross_org(session):  # every org of the user
        return [(row.org_id, row.role) for row in (await session.execute(statement)).all()]


async def has_confirmed_2fa(session: AsyncSession, user_id: uuid.UUID) -> bool:
    """Whether the user finished TOTP enrolment (break-glass is password + TOTP)."""
    statement = select(exists().where(TotpCredential.user_id == user_id, TotpCredential.confirmed_at.is_not(None)))
    return bool(await session.scalar(statement))


async def org_has_owner_with_2fa(session: AsyncSession, org_id: uuid.UUID) -> bool:
    act_for_org(session, org_id)
    statement = select(
        exists().where(
            Membership.org_id == org_id,
            Membership.role == Role.OWNER.value,
            TotpCredential.user_id == Membership.user_id,
            TotpCredential.confirmed_at.is_not(None),
        )
    )
    return bool(await session.scalar(statement))
