"""Create the two database roles and the database on a development machine (`orca db bootstrap`), and drop
them again (used by the test suite for its throw-away databases).

Needs a superuser (or CREATEROLE + CREATEDB) connection. Production roles are provisioned by the platform; the
service itself never connects with such privileges.
"""

from __future__ import annotations

from dataclasses import dataclass

import asyncpg
from sqlalchemy.engine import make_url


@dataclass(frozen=True)
class RoleSpec:
    name: str
    password: str | None


def _plain_dsn(url: str) -> str:
    """asyncpg wants postgresql://, not SQLAlchemy's postgresql+asyncpg://."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def role_from_url(url: str) -> RoleSpec:
    parsed = make_url(url)
    if not parsed.username:
        raise ValueError("the database URL must name a role")
    return RoleSpec(parsed.username, parsed.password)


def database_from_url(url: str) -> str:
    name = make_url(url).database
    if not name:
        raise ValueError("the database URL must name a database")
    return name


async def _ensure_role(admin: asyncpg.Connection, role: RoleSpec) -> None:
    exists = await admin.fetchval("SELECT 1 FROM pg_roles WHERE rolname = $1", role.name)
    verb = "ALTER" if exists else "CREATE"
    # format(%I, %L) quotes on the server: DDL cannot take bind parameters.
    statement = await admin.fetchval(
        "SELECT format('"
        + verb
        + " ROLE %I LOGIN INHERIT NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD %L', $1::text, $2::text)",
        role.name,
        role.password,
    )
    await admin.execute(statement)


async def bootstrap(admin_url: str, owner_url: str, runtime_url: str) -> None:
    """Idempotent: roles are created or their password reset, the database created when missing."""
    owner, runtime = role_from_url(owner_url), role_from_url(runtime_url)
    if owner.name == runtime.name:
        raise ValueError("the owner and the runtime role must be different roles")
    database = database_from_url(owner_url)
    if database != database_from_url(runtime_url):
        raise ValueError("ORCA_DATABASE_URL and ORCA_MIGRATION_DATABASE_URL must name the same database")
    admin = await asyncpg.connect(_plain_dsn(admin_url))
    try:
        await _ensure_role(admin, owner)
        await _ensure_role(admin, runtime)
        if not await admin.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", database):
            await admin.execute(
                await admin.fetchval(
                    "SELECT format('CREATE DATABASE %I OWNER %I', $1::text, $2::text)", database, owner.name
                )
            )
    finally:
        await admin.close()


async def drop(admin_url: str, database: str, roles: list[str]) -> None:
    admin = await asyncpg.connect(_plain_dsn(admin_url))
    try:
        await admin.execute(
            await admin.fetchval("SELECT format('DROP DATABASE IF EXISTS %I WITH (FORCE)', $1::text)", database)
        )
        for role in roles:
            await admin.execute(await admin.fetchval("SELECT format('DROP ROLE IF EXISTS %I', $1::text)", role))
    finally:
        await admin.close()
