"""All SQL about files. A repository is bound to one org; every statement filters by it."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import Select, delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from orca_core.files.models import File, FileStatus
from orca_core.orgs.repository import OrgScopedRepository


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

    async def mark_purged(self, file_id: uuid.UUID, when: datetime) -> None:
        await self.session.execute(
            update(File)
            .where(File.org_id == self.org_id, File.id == file_id)
            .values(status=FileStatus.PURGED.value, purged_at=when)
        )

    async def delete(self, file_id: uuid.UUID) -> None:
        """The row and, by cascade, its jobs and reports."""
        await self.session.execute(delete(File).where(File.org_id == self.org_id, File.id == file_id))


async def get_file_unscoped(session: AsyncSession, file_id: uuid.UUID) -> File | None:
    """The worker's cross-check only: it must see a file whatever its org to notice a mismatched job."""
    return (await session.execute(select(File).where(File.id == file_id))).scalar_one_or_none()
