"""Migrations: reversible, and the ORM models match what they create."""

from __future__ import annotations

import asyncio
import importlib
import pkgutil

import asyncpg
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import NullPool

import orca_core
from orca_core.db import Base
from orca_core.service_cli import alembic_config
from tests.service.conftest import create_test_database, drop_test_database, make_settings


def import_every_model_module() -> list[str]:
    """Every `orca_core/**/models.py`, so a new domain's tables are compared without editing this test."""
    names = [
        module.name
        for module in pkgutil.walk_packages(orca_core.__path__, "orca_core.")
        if module.name.endswith(".models") and not module.name.startswith("orca_core.scan")
    ]
    for name in names:
        importlib.import_module(name)
    return names


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
    assert "orca_core.identity.models" in import_every_model_module()
    engine = create_async_engine(test_database.owner_url, poolclass=NullPool)
    try:
        async with engine.connect() as connection:
            differences = await connection.run_sync(
                lambda sync: compare_metadata(MigrationContext.configure(sync), Base.metadata)
            )
    finally:
        await engine.dispose()
    assert differences == []
