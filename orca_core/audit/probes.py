"""Cross-org probes: a caller asked for an object that exists, but in another org.

The caller gets the same 404 as for an id that does not exist (no oracle), and the attempt is audited as
`authz_fail` in the caller's org chain, in a transaction of its own (the request's own transaction has rolled
back). A probe of a random id leaves no row: only a real object of another org is worth an alert.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from orca_core.audit.service import AuditEventName, AuditLog
from orca_core.files.models import File
from orca_core.jobs.models import Job
from orca_core.orgs.models import Membership
from orca_core.sso.models import SsoConnection
from orca_core.tenancy import cross_org

# Path parameter -> (resource name, the column holding the id, the org column). Only tenant-owned objects.
PROBED_RESOURCES = {
    "file_id": ("file", File.id, File.org_id),
    "job_id": ("job", Job.id, Job.org_id),
    "user_id": ("member", Membership.user_id, Membership.org_id),
    "connection_id": ("sso_connection", SsoConnection.id, SsoConnection.org_id),  # issue 4 SSO admin routes
}


@dataclass(frozen=True)
class Probe:
    resource: str
    resource_id: uuid.UUID


async def find_cross_org_probes_unscoped(
    session: AsyncSession, caller_org_id: uuid.UUID, path_params: dict[str, str]
) -> list[Probe]:
    """The path's ids that name an object of an org other than the caller's (and none of the caller's)."""
    probes = []
    for param, raw_id in path_params.items():
        if param not in PROBED_RESOURCES:
            continue
        try:
            resource_id = uuid.UUID(raw_id)
        except ValueError:
            continue
        resource, id_column, org_column = PROBED_RESOURCES[param]
        with cross_org(session):  # the point is to see the object in ANOTHER org; only its org id is read
            orgs = set((await session.execute(select(org_column).where(id_column == resource_id))).scalars())
        if orgs and caller_org_id not in orgs:
            probes.append(Probe(resource, resource_id))
    return probes


async def record_probes(
    session: AsyncSession,
    probes: list[Probe],
    *,
    org_id: uuid.UUID,
    user_id: uuid.UUID,
    ip: str | None,
    method: str,
    route: str,
) -> None:
    for probe in probes:
        await AuditLog(session).record(
            AuditEventName.AUTHZ_FAIL,
            org_id=org_id,
            user_id=user_id,
            ip=ip,
            metadata={
                "resource": probe.resource,
                "resource_id": str(probe.resource_id),
                "method": method,
                "route": route,
            },
        )
