"""The service's CLI commands (`orca audit verify|anchor`, `orca db bootstrap`, `orca db migrate`).

Kept apart from cli.py so `orca scan` never imports SQLAlchemy. These commands connect with the OWNER URL
(`ORCA_MIGRATION_DATABASE_URL`) or, for bootstrap, the admin URL: they are operator tools, not request paths.
Row-level security is FORCEd, so it binds the owner too (docs/tenancy.md): their cross-org steps are the named
`*_unscoped` lookups (listing the chains, finding a job's org), and each chain or job is then read acting for its
own org (the system chain, which has none, across orgs).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import uuid
from pathlib import Path
from typing import TYPE_CHECKING

from orca_core.settings import Settings, get_settings

if TYPE_CHECKING:
    from alembic.config import Config

EXIT_OK, EXIT_BROKEN, EXIT_USAGE = 0, 1, 2


def run(args: argparse.Namespace) -> int:
    settings = get_settings()
    if args.command == "audit" and args.audit_command == "verify":
        return asyncio.run(audit_verify(settings, args.org, as_json=args.json, skip_anchors=args.no_anchors))
    if args.command == "audit" and args.audit_command == "anchor":
        return asyncio.run(audit_anchor(settings))
    if args.command == "db" and args.db_command == "bootstrap":
        return asyncio.run(db_bootstrap(settings))
    if args.command == "db" and args.db_command == "migrate":
        migrate(settings)
        return EXIT_OK
    if args.command == "llm" and args.llm_command == "verify":  # issue 5
        return asyncio.run(llm_verify(settings, args.job, as_json=args.json))
    return EXIT_USAGE


async def audit_anchor(settings: Settings) -> int:
    from orca_core.audit.anchor import AnchorStore, anchor_chains
    from orca_core.db import create_engine, create_session_factory
    from orca_core.storage import ObjectStore

    engine = create_engine(settings.migration_database_url.get_secret_value(), application_name="orca-cli")
    try:
        written = await anchor_chains(
            create_session_factory(engine), AnchorStore.from_settings(settings, ObjectStore(settings))
        )
    finally:
        await engine.dispose()
    print(f"anchored {written} chain head(s)")
    return EXIT_OK


async def audit_verify(settings: Settings, org: str | None, *, as_json: bool, skip_anchors: bool = False) -> int:
    from orca_core.audit.anchor import AnchorStore
    from orca_core.audit.repository import org_ids_with_events_unscoped
    from orca_core.audit.service import verify_chain
    from orca_core.db import create_engine, create_session_factory
    from orca_core.storage import ObjectStore

    if org is not None:
        try:
            org_ids: list[uuid.UUID | None] = [uuid.UUID(org)]
        except ValueError:
            print("orca audit verify: --org must be a UUID", file=sys.stderr)
            return EXIT_USAGE
    anchors = None if skip_anchors else AnchorStore.from_settings(settings, ObjectStore(settings))
    engine = create_engine(settings.migration_database_url.get_secret_value(), application_name="orca-cli")
    try:
        async with create_session_factory(engine)() as session, session.begin():
            if org is None:
                org_ids = await org_ids_with_events_unscoped(session)
            exit_code = EXIT_OK
            for org_id in sorted(org_ids, key=lambda value: str(value or "")):
                anchor = await anchors.latest(org_id) if anchors else None
                report = await verify_chain(session, org_id, anchor)
                if not report.ok:
                    exit_code = EXIT_BROKEN
                name = str(org_id) if org_id else "system"
                if as_json:
                    print(json.dumps(report.as_dict()))
                elif report.ok:
                    print(f"{name}: ok ({report.rows_checked} rows, last seq {report.last_seq})")
                else:
                    print(f"{name}: BROKEN at seq {report.first_broken_seq}: {report.reason}")
            if not org_ids and not as_json:
                print("no audit events")
            return exit_code
    finally:
        await engine.dispose()


async def llm_verify(settings: Settings, job: str, *, as_json: bool) -> int:
    """`orca llm verify JOB` (issue 5): see orca_core/llm/verify.py."""
    from orca_core.db import create_engine, create_session_factory
    from orca_core.llm.verify import verify_job

    try:
        job_id = uuid.UUID(job)
    except ValueError:
        print("orca llm verify: JOB must be a UUID", file=sys.stderr)
        return EXIT_USAGE
    engine = create_engine(settings.migration_database_url.get_secret_value(), application_name="orca-cli")
    try:
        async with create_session_factory(engine)() as session, session.begin():
            result = await verify_job(session, job_id)
    finally:
        await engine.dispose()
    if as_json:
        print(json.dumps(result.as_dict()))
    else:
        for check in result.requests:
            state = "ok" if not check.problems else "BROKEN: " + "; ".join(check.problems)
            print(f"request {check.ledger_seq}: {check.columns} columns, {check.values} masked values: {state}")
        for problem in result.problems:
            print(f"BROKEN: {problem}")
        print(f"job {job_id}: " + ("ok" if result.ok else "FAILED") + f" ({len(result.requests)} requests)")
    return EXIT_OK if result.ok else EXIT_BROKEN


async def db_bootstrap(settings: Settings) -> int:
    from orca_core.db_bootstrap import bootstrap

    if settings.admin_database_url is None:
        print("orca db bootstrap: set ORCA_ADMIN_DATABASE_URL (a superuser URL)", file=sys.stderr)
        return EXIT_USAGE
    await bootstrap(
        settings.admin_database_url.get_secret_value(),
        settings.migration_database_url.get_secret_value(),
        settings.database_url.get_secret_value(),
    )
    print("roles and database ready")
    return EXIT_OK


def alembic_config(settings: Settings) -> Config:
    from alembic.config import Config

    config = Config(str(Path(__file__).resolve().parent.parent / "alembic.ini"))
    config.attributes["settings"] = settings
    config.attributes["skip_logging_config"] = True
    return config


def migrate(settings: Settings, revision: str = "head") -> None:
    from alembic import command

    command.upgrade(alembic_config(settings), revision)
