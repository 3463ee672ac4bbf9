"""All SQL about files. A repository is bound to one org; every statement filters by it. The worker's two
lookups across orgs are named `*_unscoped` and run in a `cross_org` block."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import Select, delete, func, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from orca_core.files.models import File, FileStatus
from orca_core.orgs.repository import OrgScopedRepository
from orca_core.tenancy import cross_org

# First key of the two-key advisory lock that serialises one user's uploads at commit time (quota check).
QUOTA_LOCK_NAMESPACE = 0x0F11E5
# Statuses whose raw bytes are still in storage (and so count against the uploader's quota).
HOLDS_BYTES = (FileStatus.STORED.value, FileStatus.RAW_DELETE_PENDING.value)


class FileRepository(OrgScopedRepository):
    def _base(self) -> Select[File]:
        return select(File).where(File.org_id == self.org_id)

    async def add(self, file: File) -> File:
        if file.org_id != self.org_id:
            raise ValueError("a file must belong to the repository's org")
        self.session.add(file)
        await self.session.flush()
        return file

    async def get(self, file_id: uuid.UUID) -> File | None:
        return (await self.session.execute(self._base().where(File.id == file_id))).scalar_one_or_none()

    async def get_for_update(self, file_id: uuid.UUID) -> File | None:
        statement = self._base().where(File.id == file_id).with_for_update()
        return (await self.session.execute(statement)).scalar_one_or_none()

    async def page(self, *, limit: int, offset: int) -> tuple[list[File], int]:
        statement = self._base().order_by(File.created_at.desc(), File.id.desc()).limit(limit).offset(offset)
        files = list((await self.session.execute(statement)).scalars().all())
        total = (
            await self.session.execute(select(func.count()).select_from(File).where(File.org_id == self.org_id))
        ).scalar_one()
        return files, int(total)

    async def usage_by_uploader(self, user_id: uuid.UUID, *, lock: bool = False) -> tuple[int, int]:
        """(files, bytes) the user's uploads hold in storage. With `lock`, first take the user's quota lock until
        the transaction ends, so two concurrent uploads of one user cannot both fit into the last free room."""
        if lock:
            await self.session.execute(
                text("SELECT pg_advisory_xact_lock(:namespace, hashtext(:key))"),
                {"namespace": QUOTA_LOCK_NAMESPACE, "key": f"upload-quota:{user_id}"},
            )
        statement = select(func.count(), func.coalesce(func.sum(File.size_bytes), 0)).where(
            File.org_id == self.org_id, File.uploaded_by == user_id, File.status.in_(HOLDS_BYTES)
        )
        count, total = (await self.session.execute(statement)).one()
        return int(count), int(total)

    async def mark_purged(self, file_id: uuid.UUID, when: datetime) -> None:
        await self.session.execute(
            update(File)
            .where(File.org_id == self.org_id, File.id == file_id)
            .values(status=FileStatus.PURGED.value, purged_at=when)
        )

    async def change_status(
        self, file_id: uuid.UUID, expected: FileStatus, new: FileStatus, *, purged_at: datetime | None = None
    ) -> bool:
        """Compare-and-set of the status (so two runs never both record one change); False when it was not
        `expected` (or the file is gone)."""
        values: dict[str, object] = {"status": new.value}
        if purged_at is not None:
            values["purged_at"] = purged_at
        statement = (
            update(File)
            .where(File.org_id == self.org_id, File.id == file_id, File.status == expected.value)
            .values(**values)
            .returning(File.id)
        )
        return (await self.session.execute(statement)).scalar_one_or_none() is not None

    async def delete(self, file_id: uuid.UUID) -> None:
        """The row and, by cascade, its jobs and reports."""
        await self.session.execute(delete(File).where(File.org_id == self.org_id, File.id == file_id))


async def get_file_unscoped(session: AsyncSession, file_id: uuid.UUID) -> File | None:
    """The worker's cross-check only: it must see a file whatever its org to notice a mismatched job."""
    with cross_org(session):
        return (await session.execute(select(File).where(File.id == file_id))).scalar_one_or_none()


async def pending_raw_deletions_unscoped(session: AsyncSession, limit: int = 500) -> list[tuple[uuid.UUID, uuid.UUID]]:
    """The sweeper's view across orgs: (org_id, file_id) of files whose retention deletion is not yet confirmed."""
    statement = (
        select(File.org_id, File.id)
        .where(File.status == FileStatus.RAW_DELETE_PENDING.value)
        .order_by(File.created_at)
        .limit(limit)
    )
    with cross_org(session):
        return [(row.org_id, row.id) for row in (await session.execute(statement)).all()]
