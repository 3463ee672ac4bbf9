"""What an org's settings change in a stored report.

The GDPR check (`orgs.gdpr_check_enabled`, on by default; turning it off is audited `gdpr_check_disabled`):
off, the stored report carries no PII classification: each column's `pii` is null, tables list no
quasi-identifiers, and `pii_detection` says `disabled_by_org`. What stays, on purpose:
- the raw-password check, and with it the rejection and purge of a file holding plaintext passwords: that is a
  security control, not a GDPR one, so an org cannot switch it off;
- the masking of values shown in column profiles (`profile.masked`): the masker is mandatory, and nothing from
  a cell of a column that looks personal leaves the worker unmasked, whatever the toggle says.
The scan engine still classifies inside the worker (the password detector and the masker need it); only its
personal-data verdicts are left out of what is stored and served.
"""

from __future__ import annotations

import copy
import uuid
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from orca_core.db import unit_of_work
from orca_core.orgs.repository import OrgRepository

PII_DETECTION_DISABLED = "disabled_by_org"


def without_pii_classification(document: dict[str, Any]) -> dict[str, Any]:
    """The report without its personal-data verdicts (a copy; the input is not changed)."""
    stripped = copy.deepcopy(document)
    stripped["pii_detection"] = PII_DETECTION_DISABLED
    for table in stripped.get("tables", []):
        table["quasi_identifiers"] = []
        for column in table.get("columns", []):
            column["pii"] = None
    return stripped


async def apply_org_report_policy(
    session_factory: async_sessionmaker[AsyncSession], org_id: uuid.UUID, document: dict[str, Any]
) -> dict[str, Any]:
    """The document as this org's settings want it stored (read when the report is stored)."""
    async with unit_of_work(session_factory) as session:
        org = await OrgRepository(session, org_id).get()
    if org is not None and not org.gdpr_check_enabled:
        return without_pii_classification(document)
    return document
