"""Alembic environment: async, connects as the OWNER role (`ORCA_MIGRATION_DATABASE_URL`).

Tests and `orca db migrate` pass their `Settings` through `config.attributes["settings"]`; the migrations read
the runtime role's name (for GRANTs) from `config.attributes["runtime_role"]`.
"""

from __future__ import annotations

import asyncio
import logging.config

from alembic import context
from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import NullPool

import orca_core.audit.models
import orca_core.files.models
import orca_core.identity.models
import orca_core.jobs.models
import orca_core.orgs.models  # noqa: F401  (register the tables on the metadata)
from orca_core.db import Base
from orca_core.settings import Settings, get_settings

config = context.config
if config.config_file_name is not None and not config.attributes.get("skip_logging_config"):
    logging.config.fileConfig(config.config_file_name, disable_existing_loggers=False)

settings: Settings = config.attributes.get("settings") or get_settings()
config.attributes.setdefault("runtime_role", settings.runtime_role)
target_metadata = Base.metadata


def run_migrations_offline() -> None:
    context.configure(
        url=settings.migration_database_url.get_secret_value(),
        target_metadata=target_metadata,
        literal_binds=True,
        dialect_opts={"paramstyle": "named"},
    )
    with context.begin_transaction():
        context.execute("SELECT set_config('app.cross_org', 'on', false)")  # see do_run_migrations
        context.run_migrations()


def do_run_migrations(connection: Connection) -> None:
    # Row-level security is FORCEd on tenant tables (0007), so it binds the owner too: a migration that reads or
    # backfills rows must see every org's. Session-level (is_local false) on this private NullPool connection,
    # committed so it outlives the per-migration transactions, and gone when the connection closes.
    connection.execute(text("SELECT set_config('app.cross_org', 'on', false)"))
    connection.commit()
    context.configure(connection=connection, target_metadata=target_metadata, transaction_per_migration=True)
    with context.begin_transaction():
        context.run_migrations()


async def run_migrations_online() -> None:
    engine = create_async_engine(settings.migration_database_url.get_secret_value(), poolclass=NullPool)
    async with engine.connect() as connection:
        await connection.run_sync(do_run_migrations)
    await engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    asyncio.run(run_migrations_online())
