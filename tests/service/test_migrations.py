"""Migrations: reversible, and the ORM models match what they create."""

from __future__ import annotations

import asyncio

import asyncpg
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import NullPool

import orca_core.audit.models
import orca_core.files.models
import orca_core.identity.models
import orca_core.jobs.models
import orca_core.orgs.models  # noqa: F401
from orca_core.db import Base
from orca_core.service_cli import alembic_config
from tests.service.conftest import create_test_database, drop_test_database, make_settings


def test_downgrade_to_base_and_upgrade_again():
    database = create_test_database("orca_migr")
    try:
        settings = make_settings(database)
        config = alembic_config(settings)
        command.upgrade(config, "head")
        command.downgrade(config, "base")

        async def tables() -> set[str]:
            connection = await asyncpg.connect(database.owner_dsn)
            try:
                rows = await connection.fetch("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
                return {row["tablename"] for row in rows}
            finally:
                await connection.close()

        assert asyncio.run(tables()) == {"alembic_version"}
        command.upgrade(config, "head")
        assert {"orgs", "users", "memberships", "refresh_tokens", "audit_events"} <= asyncio.run(tables())
    finally:
        drop_test_database(database)


async def test_orm_models_match_the_migrated_schema(test_database):
    engine = create_async_engine(test_database.owner_url, poolclass=NullPool)
    try:
        async with engine.connect() as connection:
            differences = await connection.run_sync(
                lambda sync: compare_metadata(MigrationContext.configure(sync), Base.metadata)
            )
    finally:
        await engine.dispose()
    assert differences == []
