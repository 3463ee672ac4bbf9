"""Upload rules: prescan the bytes as they pass, store them in S3 under ids only, record file + job + audit.

The upload is streamed once. The head (the first `prescan_head_bytes`) is held back until the prescan has
passed (format by magic bytes, the raw-password detector on the first rows): a refused upload therefore never
reaches S3. After that, bytes go to S3 in multipart parts as they arrive, with the size limit counted on the
way; an upload that fails or grows too large is aborted, which leaves no object behind.
"""

from __future__ import annotations

import hashlib
import unicodedata
import uuid
import zlib
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import NoReturn

from sqlalchemy.ext.asyncio import AsyncSession

from orca_core.audit.service import AuditEventName, AuditLog
from orca_core.errors import NotFound, OrcaError
from orca_core.files.errors import (
    AnalysisInProgress,
    EmptyUpload,
    FileTooLarge,
    QuotaExceeded,
    RawFileDeleted,
    RawPasswordsDetected,
    UnsupportedUpload,
)
from orca_core.files.models import File, FileStatus
from orca_core.files.repository import FileRepository
from orca_core.jobs.models import Job, JobStatus
from orca_core.jobs.repository import JobRepository
from orca_core.logging import get_logger
from orca_core.scan.errors import EmptyFile, ScanError
from orca_core.scan.passwords import PrescanResult, prescan_bytes
from orca_core.scan.readers.sniff import sniff_container, sniff_text
from orca_core.settings import Settings
from orca_core.storage import ObjectStore

log = get_logger("orca.files")

FILENAME_MAX_CHARS = 255


@dataclass(frozen=True)
class PrescanFindingSummary:
    column_index: int
    column_name: str  # masked by pii_masker (a header can itself hold personal data)
    confidence: float
    reason: str


@dataclass(frozen=True)
class PrescanOutcome:
    format: str
    raw_passwords_found: bool
    findings: list[PrescanFindingSummary]
    bytes_examined: int


def clean_filename(filename: str | None) -> str:
    """The client's filename as display metadata: last path component, no control or bidi-override
    characters, at most 255 characters. It never becomes part of an S3 key or a path."""
    name = (filename or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch) not in ("Cc", "Cf", "Zl", "Zp"))
    name = name.strip().strip(".") or "upload"
    return name[:FILENAME_MAX_CHARS]


def _decompressed_head(head: bytes, limit: int) -> tuple[bytes, bool]:
    """The first `limit` bytes inside a gzip head (and whether the stream ended within them)."""
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        inner = inflater.decompress(head, limit)
    except zlib.error:
        raise UnsupportedUpload("The file claims to be gzip-compressed but cannot be decompressed.") from None
    return inner, inflater.eof


def prescan_head(head: bytes, *, at_eof: bool, filename: str | None, limit: int) -> PrescanOutcome:
    """Format sniffing by magic bytes plus the raw-password detector on the head of an upload.

    Raises EmptyUpload or UnsupportedUpload for what the engine would refuse anyway; raw passwords are a
    finding here, the caller decides (refuse an upload, report on a prescan).
    """
    try:
        container = sniff_container(head)
        text_head, text_at_eof = head, at_eof
        if container == "gzip":
            text_head, text_at_eof = _decompressed_head(head, limit)
            if not text_head:
                raise EmptyFile("The file is empty.")
            if sniff_container(text_head) != "text":
                raise UnsupportedUpload("Only text tables (CSV, JSON) may be gzip-compressed.")
        if container == "ole":
            raise UnsupportedUpload(
                "Legacy or password-protected Office files cannot be scanned; save as .xlsx or CSV."
            )
        text_format: str | None = None
        if container in ("text", "gzip"):
            text_format = sniff_text(text_head, at_eof=text_at_eof, filename=filename).format
    except EmptyFile:
        raise EmptyUpload() from None
    except ScanError as error:
        raise UnsupportedUpload(error.detail) from None

    result: PrescanResult = prescan_bytes(text_head if container == "gzip" else head, filename)
    if container == "zip":
        if result.format_guess != "xlsx":
            raise UnsupportedUpload("The file is a zip archive but not an Excel workbook (.xlsx).")
        fmt = "xlsx"
    elif container == "parquet":
        fmt = "parquet"
    else:
        fmt = text_format or "csv"
        if container == "gzip":
            fmt = f"{fmt}.gz"
    findings = [
        PrescanFindingSummary(
            column_index=finding.column_index,
            column_name=str(finding.column_name),
            confidence=round(float(finding.confidence), 3),
            reason=finding.reason,
        )
        for finding in result.findings
    ]
    return PrescanOutcome(fmt, result.raw_passwords_found, findings, result.bytes_examined)


class HeadReader:
    """Pulls chunks from a byte stream, counting bytes against a limit (the upload limit, or the room left in the
    uploader's quota when that is smaller: `over_limit` says which error passing it is)."""

    def __init__(
        self, chunks: AsyncIterator[bytes], max_bytes: int, over_limit: Callable[[], OrcaError] = FileTooLarge
    ) -> None:
        self.chunks = chunks
        self.max_bytes = max_bytes
        self.over_limit = over_limit
        self.total = 0
        self.digest = hashlib.sha256()
        self.exhausted = False

    async def next_chunk(self) -> bytes | None:
        if self.exhausted:
            return None
        async for chunk in self.chunks:
            if not chunk:
                continue
            self.total += len(chunk)
            if self.total > self.max_bytes:
                raise self.over_limit()
            self.digest.update(chunk)
            return chunk
        self.exhausted = True
        return None

    async def read_head(self, size: int) -> bytes:
        parts: list[bytes] = []
        held = 0
        while held < size:
            chunk = await self.next_chunk()
            if chunk is None:
                break
            parts.append(chunk)
            held += len(chunk)
        return b"".join(parts)


async def prescan_stream(chunks: AsyncIterator[bytes], *, filename: str | None, settings: Settings) -> PrescanOutcome:
    """`POST /files/prescan`: the head is examined, the rest is read (to count the size) and dropped."""
    reader = HeadReader(chunks, settings.upload_max_bytes)
    head = await reader.read_head(settings.prescan_head_bytes)
    outcome = prescan_head(head, at_eof=reader.exhausted, filename=filename, limit=settings.prescan_head_bytes)
    while await reader.next_chunk() is not None:
        pass
    return outcome


class FileService:
    def __init__(self, session: AsyncSession, org_id: uuid.UUID) -> None:
        self.session = session
        self.org_id = org_id
        self.files = FileRepository(session, org_id)
        self.jobs = JobRepository(session, org_id)
        self.audit = AuditLog(session)

    async def upload(
        self,
        chunks: AsyncIterator[bytes],
        *,
        filename: str | None,
        user_id: uuid.UUID,
        ip: str | None,
        store: ObjectStore,
        settings: Settings,
        room: int,
    ) -> tuple[File, Job]:
        """Prescan, stream to S3, then add the file and its queued job with their audit rows (flushed, not
        committed: the caller commits, and only then enqueues the job). `room` is what `quota_room` left the
        uploader; the quota is checked again under the user's lock before the rows are added."""
        display_name = clean_filename(filename)
        if room < settings.upload_max_bytes:
            reader = HeadReader(chunks, room, lambda: QuotaExceeded(bytes_quota=True))
        else:
            reader = HeadReader(chunks, settings.upload_max_bytes)
        try:
            head = await reader.read_head(settings.prescan_head_bytes)
        except QuotaExceeded:
            await self._refuse_over_quota(user_id, ip, bytes_quota=True)
        outcome = prescan_head(head, at_eof=reader.exhausted, filename=display_name, limit=settings.prescan_head_bytes)
        if outcome.raw_passwords_found:
            await self.audit.record(
                AuditEventName.FILE_REJECTED_RAW_PASSWORD,
                org_id=self.org_id,
                user_id=user_id,
                ip=ip,
                metadata={"stage": "upload_prescan", "columns": len(outcome.findings), "format": outcome.format},
            )
            raise RawPasswordsDetected()

        key = store.new_key(self.org_id)
        writer = store.writer(key)
        try:
            await writer.write(head)
            while (chunk := await reader.next_chunk()) is not None:
                await writer.write(chunk)
            await writer.complete()
        except QuotaExceeded:
            await writer.abort()
            await self._refuse_over_quota(user_id, ip, bytes_quota=True)
        except BaseException:
            await writer.abort()
            raise

        try:
            # Re-checked under the user's quota lock: a concurrent upload may have used the room meanwhile.
            files_used, bytes_used = await self.files.usage_by_uploader(user_id, lock=True)
            if files_used >= settings.quota_user_files or bytes_used + reader.total > settings.quota_user_bytes:
                await self._refuse_over_quota(
                    user_id, ip, bytes_quota=files_used < settings.quota_user_files, at_commit=True
                )
            file = await self.files.add(
                File(
                    org_id=self.org_id,
                    uploaded_by=user_id,
                    s3_key=key,
                    filename=display_name,
                    size_bytes=reader.total,
                    sha256=reader.digest.hexdigest(),
                    format=outcome.format,
                    status=FileStatus.STORED.value,
                )
            )
            job = await self.jobs.add(file.id)
            await self.audit.record(
                AuditEventName.FILE_UPLOADED,
                org_id=self.org_id,
                user_id=user_id,
                ip=ip,
                metadata={"file_id": str(file.id), "size_bytes": reader.total, "format": outcome.format},
            )
            await self.audit.record(
                AuditEventName.JOB_CREATED,
                org_id=self.org_id,
                user_id=user_id,
                ip=ip,
                metadata={"job_id": str(job.id), "file_id": str(file.id)},
            )
        except BaseException:
            await self.discard_object(store, key)
            raise
        return file, job

    async def quota_room(self, user_id: uuid.UUID, *, ip: str | None, settings: Settings) -> int:
        """Bytes the user may still upload; refuses (audited) when their file count or bytes are used up.
        Called before the body streams, in a transaction the caller ends before streaming."""
        files_used, bytes_used = await self.files.usage_by_uploader(user_id)
        if files_used >= settings.quota_user_files:
            await self._refuse_over_quota(user_id, ip, bytes_quota=False)
        room = settings.quota_user_bytes - bytes_used
        if room <= 0:
            await self._refuse_over_quota(user_id, ip, bytes_quota=True)
        return room

    async def _refuse_over_quota(
        self, user_id: uuid.UUID, ip: str | None, *, bytes_quota: bool, at_commit: bool = False
    ) -> NoReturn:
        await self.audit.record(
            AuditEventName.QUOTA_EXCEEDED,
            org_id=self.org_id,
            user_id=user_id,
            ip=ip,
            metadata={"limit": "bytes" if bytes_quota else "files", "at_commit": at_commit},
        )
        raise QuotaExceeded(bytes_quota=bytes_quota)

    async def discard_object(self, store: ObjectStore, key: str) -> None:
        """The rows were not written (or not committed): the object must not outlive them."""
        try:
            await store.delete_every_version(key)
        except Exception:
            log.error("orphan_object_not_deleted", key=key)

    async def get(self, file_id: uuid.UUID) -> File:
        file = await self.files.get(file_id)
        if file is None:  # also another org's file: indistinguishable from a random id
            raise NotFound()
        return file

    async def page(self, *, limit: int, offset: int) -> tuple[list[File], int]:
        return await self.files.page(limit=limit, offset=offset)

    async def reanalyse(self, file_id: uuid.UUID, *, user_id: uuid.UUID, ip: str | None) -> Job:
        """A new queued job for a file whose raw bytes are kept (flushed, not committed: the caller commits, then
        enqueues). The row lock orders this against a retention deletion or a DELETE of the same file."""
        file = await self.files.get_for_update(file_id)
        if file is None:
            raise NotFound()
        if not FileStatus(file.status).has_raw_bytes:
            raise RawFileDeleted()
        latest = await self.jobs.latest_for_file(file.id)
        if latest is not None and not JobStatus(latest.status).is_final:
            raise AnalysisInProgress()
        job = await self.jobs.add(file.id)
        await self.audit.record(
            AuditEventName.JOB_CREATED,
            org_id=self.org_id,
            user_id=user_id,
            ip=ip,
            metadata={"job_id": str(job.id), "file_id": str(file.id), "reason": "reanalysis"},
        )
        return job

    async def delete(self, file_id: uuid.UUID, *, store: ObjectStore, user_id: uuid.UUID, ip: str | None) -> None:
        """Every S3 version is deleted and the deletion confirmed before the row goes; the audit row is written
        in the same transaction as the row removal."""
        file = await self.files.get_for_update(file_id)
        if file is None:
            raise NotFound()
        await store.delete_every_version(file.s3_key)  # idempotent: a purged file's object is already gone
        await self.files.delete(file.id)
        await self.audit.record(
            AuditEventName.FILES_DELETED,
            org_id=self.org_id,
            user_id=user_id,
            ip=ip,
            metadata={"file_ids": [str(file.id)], "count": 1},
        )
