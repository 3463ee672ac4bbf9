"""Retention: what happens to an uploaded file's raw bytes once its report is stored.

`analysis_only` (the default): nothing; the raw file stays for re-analysis until the user deletes it.
`delete_raw_after_analysis`: in the transaction that stores the report, the file is marked `raw_delete_pending`
(from then on it cannot be analysed again); right after, the worker deletes every S3 version and confirms it
(HEAD 404, nothing listed), then marks the file `raw_deleted` and audits `files_deleted` with the reason. If
storage is down the file stays pending and the worker's sweeper retries; the deletion is audited once, when it
is confirmed. The report and the file row (name, size, digest) stay.
"""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from orca_core.audit.service import AuditEventName, AuditLog
from orca_core.db import unit_of_work, utcnow
from orca_core.files.models import FileStatus
from orca_core.files.repository import FileRepository, pending_raw_deletions_unscoped
from orca_core.logging import get_logger
from orca_core.orgs.models import RetentionPolicy
from orca_core.orgs.repository import OrgRepository
from orca_core.storage import ObjectStore, StorageUnavailable

log = get_logger("orca.files.retention")

RETENTION_REASON = "retention_policy"


async def mark_raw_deletion_due(session: AsyncSession, org_id: uuid.UUID, file_id: uuid.UUID) -> bool:
    """In the report's transaction: True when the org's policy wants the raw file gone (it is now pending)."""
    org = await OrgRepository(session, org_id).get()
    if org is None or org.retention_policy != RetentionPolicy.DELETE_RAW_AFTER_ANALYSIS.value:
        return False
    return await FileRepository(session, org_id).change_status(
        file_id, FileStatus.STORED, FileStatus.RAW_DELETE_PENDING
    )


async def delete_raw_file(
    session_factory: async_sessionmaker[AsyncSession], store: ObjectStore, org_id: uuid.UUID, file_id: uuid.UUID
) -> bool:
    """Delete a pending file's every S3 version, confirmed, then record it. False when storage failed (the file
    stays pending for the sweeper) or another run already recorded it."""
    async with unit_of_work(session_factory) as session:
        file = await FileRepository(session, org_id).get(file_id)
    if file is None or file.status != FileStatus.RAW_DELETE_PENDING.value:
        return False
    try:
        await store.delete_every_version(file.s3_key)
    except StorageUnavailable as error:  # DeletionNotConfirmed included
        log.warning("raw_file_deletion_deferred", file_id=str(file_id), error_code=error.code)
        return False
    async with unit_of_work(session_factory) as session:
        recorded = await FileRepository(session, org_id).change_status(
            file_id, FileStatus.RAW_DELETE_PENDING, FileStatus.RAW_DELETED, purged_at=utcnow()
        )
        if recorded:
            await AuditLog(session).record(
                AuditEventName.FILES_DELETED,
                org_id=org_id,
                user_id=None,
                ip=None,
                metadata={
                    "file_ids": [str(file_id)],
                    "count": 1,
                    "reason": RETENTION_REASON,
                    "policy": RetentionPolicy.DELETE_RAW_AFTER_ANALYSIS.value,
                },
            )
    if recorded:
        log.info("raw_file_deleted", file_id=str(file_id), reason=RETENTION_REASON)
    return recorded


async def retry_pending_raw_deletions(session_factory: async_sessionmaker[AsyncSession], store: ObjectStore) -> int:
    """The sweeper's part: finish deletions a worker could not confirm (storage was down). Returns how many."""
    async with unit_of_work(session_factory) as session:
        pending = await pending_raw_deletions_unscoped(session)
    deleted = 0
    for org_id, file_id in pending:
        if await delete_raw_file(session_factory, store, org_id, file_id):
            deleted += 1
    return deleted
