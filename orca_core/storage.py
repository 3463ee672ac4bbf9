"""Object storage: uploads live in S3 (any S3-protocol endpoint) at `{prefix}/{org_id}/{uuid}`.

boto3 is synchronous, so every call runs in a worker thread (`asyncio.to_thread`) and never blocks the event
loop. Every object is written with `ServerSideEncryption=AES256`. Uploads stream as multipart parts of a fixed
size, so memory stays bounded whatever the file size; deleting an object removes every version and delete
marker and is confirmed (HEAD answers 404, no version listed) before the caller goes on.
"""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from dataclasses import dataclass
from typing import Any, BinaryIO

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from orca_core.errors import ServiceUnavailable
from orca_core.logging import get_logger
from orca_core.settings import Settings

log = get_logger("orca.storage")

SSE = "AES256"
NOT_FOUND_CODES = frozenset({"404", "NoSuchKey", "NotFound", "NoSuchVersion"})


class StorageUnavailable(ServiceUnavailable):
    code = "storage_unavailable"
    detail = "File storage is unavailable; retry later."


class DeletionNotConfirmed(StorageUnavailable):
    code = "deletion_not_confirmed"
    detail = "The file could not be confirmed deleted from storage; retry later."


def object_key(prefix: str, org_id: uuid.UUID) -> str:
    """A fresh key for an org's object. Only ids: the client's filename never reaches the key."""
    return f"{prefix.strip('/')}/{org_id}/{uuid.uuid4()}"


def is_not_found(error: ClientError) -> bool:
    return str(error.response.get("Error", {}).get("Code", "")) in NOT_FOUND_CODES


@dataclass
class MultipartWriter:
    """Accumulates bytes into parts of `part_bytes` and sends each full part as it fills.

    One part is in flight while the next one fills, so receiving and sending overlap; memory stays bounded by
    two parts. A file smaller than one part is sent with a single PUT at `complete()`. Until `complete()`
    succeeds no object exists; `abort()` discards everything sent so far.
    """

    store: ObjectStore
    key: str
    part_bytes: int
    content_type: str = "application/octet-stream"

    def __post_init__(self) -> None:
        self._buffer = bytearray()
        self._upload_id: str | None = None
        self._parts: list[dict[str, Any]] = []
        self._in_flight: asyncio.Task[None] | None = None
        self.bytes_written = 0

    async def write(self, data: bytes) -> None:
        self._buffer += data
        self.bytes_written += len(data)
        while len(self._buffer) >= self.part_bytes:
            part = bytes(self._buffer[: self.part_bytes])
            del self._buffer[: self.part_bytes]
            await self._settle()
            self._in_flight = asyncio.create_task(self._send_part(part, len(self._parts) + 1))

    async def _settle(self) -> None:
        """Wait for the part in flight (re-raising its failure)."""
        task, self._in_flight = self._in_flight, None
        if task is not None:
            await task

    async def _send_part(self, part: bytes, number: int) -> None:
        client = self.store.client
        bucket = self.store.bucket
        if self._upload_id is None:
            created = await self.store.call(
                client.create_multipart_upload,
                Bucket=bucket,
                Key=self.key,
                ServerSideEncryption=SSE,
                ContentType=self.content_type,
            )
            self._upload_id = str(created["UploadId"])
        sent = await self.store.call(
            client.upload_part, Bucket=bucket, Key=self.key, UploadId=self._upload_id, PartNumber=number, Body=part
        )
        self._parts.append({"PartNumber": number, "ETag": sent["ETag"]})

    async def complete(self) -> None:
        client = self.store.client
        await self._settle()
        if self._upload_id is None:
            await self.store.call(
                client.put_object,
                Bucket=self.store.bucket,
                Key=self.key,
                Body=bytes(self._buffer),
                ServerSideEncryption=SSE,
                ContentType=self.content_type,
            )
            self._buffer.clear()
            return
        if self._buffer:
            await self._send_part(bytes(self._buffer), len(self._parts) + 1)
            self._buffer.clear()
        await self.store.call(
            client.complete_multipart_upload,
            Bucket=self.store.bucket,
            Key=self.key,
            UploadId=self._upload_id,
            MultipartUpload={"Parts": self._parts},
        )

    async def abort(self) -> None:
        """Best effort: an upload that cannot be aborted is reaped by the bucket's lifecycle rule."""
        self._buffer.clear()
        task, self._in_flight = self._in_flight, None
        if task is not None:
            # Let the part in flight finish (or fail) first, so the abort covers it and no task is left behind.
            with contextlib.suppress(Exception):
                await task
        if self._upload_id is None:
            return
        try:
            await self.store.call(
                self.store.client.abort_multipart_upload,
                Bucket=self.store.bucket,
                Key=self.key,
                UploadId=self._upload_id,
            )
        except StorageUnavailable:
            log.warning("multipart_abort_failed", key=self.key)


class ObjectStore:
    def __init__(self, settings: Settings, client: Any | None = None) -> None:
        self.bucket = settings.s3_bucket
        self.prefix = settings.s3_prefix
        self.part_bytes = settings.upload_part_bytes
        self.client = client or make_client(settings)

    async def call(self, method: Any, /, **kwargs: Any) -> Any:
        """One boto3 call on a thread; connection failures and server errors become a 503."""
        try:
            return await asyncio.to_thread(method, **kwargs)
        except ClientError:
            raise
        except (BotoCoreError, OSError) as error:
            log.warning("storage_unavailable", error_type=type(error).__name__)
            raise StorageUnavailable() from error

    def new_key(self, org_id: uuid.UUID) -> str:
        return object_key(self.prefix, org_id)

    def writer(self, key: str) -> MultipartWriter:
        return MultipartWriter(self, key, self.part_bytes)

    async def ensure_bucket(self) -> None:
        """Development and tests: create the bucket, versioned (so deletion must remove every version)."""
        try:
            await self.call(self.client.head_bucket, Bucket=self.bucket)
            return
        except ClientError as error:
            if not is_not_found(error):
                raise
        await self.call(self.client.create_bucket, Bucket=self.bucket)
        await self.call(
            self.client.put_bucket_versioning, Bucket=self.bucket, VersioningConfiguration={"Status": "Enabled"}
        )

    def open_stream_sync(self, key: str) -> tuple[BinaryIO, int]:
        """The object's streaming body and its size. Synchronous: the worker reads it on the scan thread."""
        response = self.client.get_object(Bucket=self.bucket, Key=key)
        return response["Body"], int(response["ContentLength"])

    async def exists(self, key: str) -> bool:
        try:
            await self.call(self.client.head_object, Bucket=self.bucket, Key=key)
        except ClientError as error:
            if is_not_found(error):
                return False
            raise
        return True

    async def versions(self, key: str) -> list[tuple[str, str]]:
        """(kind, version id) of every version and delete marker stored under exactly `key`."""
        found: list[tuple[str, str]] = []
        kwargs: dict[str, Any] = {"Bucket": self.bucket, "Prefix": key}
        while True:
            page = await self.call(self.client.list_object_versions, **kwargs)
            for kind, entries in (("version", page.get("Versions", [])), ("marker", page.get("DeleteMarkers", []))):
                found.extend((kind, str(entry["VersionId"])) for entry in entries if entry["Key"] == key)
            if not page.get("IsTruncated"):
                return found
            kwargs["KeyMarker"] = page.get("NextKeyMarker")
            kwargs["VersionIdMarker"] = page.get("NextVersionIdMarker")

    async def delete_every_version(self, key: str) -> None:
        """Delete every version and delete marker of `key`, then confirm: HEAD is 404 and nothing is listed.

        Raises DeletionNotConfirmed when the object (or a version of it) is still there.
        """
        try:
            for _kind, version_id in await self.versions(key):
                await self.call(self.client.delete_object, Bucket=self.bucket, Key=key, VersionId=version_id)
            # Unversioned buckets list the object with VersionId "null"; a plain delete covers any gap.
            if await self.exists(key):
                await self.call(self.client.delete_object, Bucket=self.bucket, Key=key)
                for _kind, version_id in await self.versions(key):
                    await self.call(self.client.delete_object, Bucket=self.bucket, Key=key, VersionId=version_id)
            if await self.exists(key) or await self.versions(key):
                raise DeletionNotConfirmed()
        except ClientError as error:
            log.warning("storage_delete_failed", key=key, error_code=str(error.response.get("Error", {}).get("Code")))
            raise DeletionNotConfirmed() from error


def make_client(settings: Settings) -> Any:
    """A thread-safe boto3 S3 client (clients are; sessions and resources are not)."""
    session = boto3.session.Session()
    return session.client(
        "s3",
        endpoint_url=settings.s3_endpoint_url,
        region_name=settings.s3_region,
        aws_access_key_id=settings.s3_access_key_id.get_secret_value() if settings.s3_access_key_id else None,
        aws_secret_access_key=(
            settings.s3_secret_access_key.get_secret_value() if settings.s3_secret_access_key else None
        ),
        config=Config(
            retries={"max_attempts": 3, "mode": "standard"},
            connect_timeout=5,
            read_timeout=60,
            max_pool_connections=20,
            s3={"addressing_style": "path"},
        ),
    )
