"""Database plumbing: the declarative base (with its naming convention), engines and session factories.

The API and the worker connect as the runtime role (`Settings.database_url`); migrations and the CLI's audit
verifier connect as the owner (`Settings.migration_database_url`). Both are subject to row-level security
(FORCE): a session sees the rows of the org it acts for (orca_core/tenancy.py). A unit of work is one request or
one job: services only `flush()`, the boundary (`unit_of_work`) commits or rolls back.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime

from sqlalchemy import DateTime, MetaData, func
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from orca_core.tenancy import TenantScopedSession

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def utcnow() -> datetime:
    return datetime.now(UTC)


def uuid_pk() -> Mapped[uuid.UUID]:
    return mapped_column(
        UUID(as_uuid=True), primary_key=True, default=uuid.uuid4, server_default=func.gen_random_uuid()
    )


def created_at_column() -> Mapped[datetime]:
    return mapped_column(DateTime(timezone=True), nullable=False, default=utcnow, server_default=func.now())


def create_engine(url: str, *, application_name: str, pool_size: int = 5) -> AsyncEngine:
    # pool_pre_ping: a connection killed under us (failover, idle timeout) is replaced instead of failing a request.
    return create_async_engine(
        url,
        pool_size=pool_size,
        max_overflow=pool_size,
        pool_pre_ping=True,
        # Exceptions must not carry bound parameters into logs (emails, hashes, tokens).
        hide_parameters=True,
        pool_recycle=1800,
        connect_args={"server_settings": {"application_name": application_name}, "timeout": 5},
    )


def create_session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    # expire_on_commit=False: response models are built after the commit without touching the database again.
    # TenantScopedSession: the session's tenant scope reaches PostgreSQL's row-level security (orca_core/tenancy.py).
    return async_sessionmaker(engine, expire_on_commit=False, autoflush=False, sync_session_class=TenantScopedSession)


@asynccontextmanager
async def unit_of_work(factory: async_sessionmaker[AsyncSession]) -> AsyncIterator[AsyncSession]:
    """One transaction: committed when the block ends normally, rolled back when it raises.

    An `OrcaError` with `keep_changes` (a denial that must stay audited) is committed before it propagates.
    """
    from orca_core.errors import OrcaError

    async with factory() as session:
        try:
            yield session
        except OrcaError as error:
            if error.keep_changes:
                await session.commit()
            else:
                await session.rollback()
            raise
        except BaseException:
            await session.rollback()
            raise
        else:
            await session.commit()
