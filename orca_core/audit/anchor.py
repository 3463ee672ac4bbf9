"""Anchors of the audit chains' heads, kept outside the database.

The hash chain proves that no row in the middle was edited, removed or moved, but someone able to delete rows
could drop the newest ones and leave a shorter chain that still verifies. An anchor is the (seq, hash) of a
chain's newest row, written to object storage by the worker every minute (and by `orca audit anchor`). The
verifier then checks that the chain still reaches every anchored row with the anchored hash.

Anchors go to `{audit_anchor_prefix}/{org_id or "system"}.json` in `audit_anchor_bucket` (the upload bucket by
default). In production that bucket should have versioning and S3 Object Lock in compliance mode, so the
database's owner cannot also rewrite the anchors; see docs/audit.md.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from botocore.exceptions import ClientError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from orca_core.audit.repository import AuditRepository, org_ids_with_events_unscoped
from orca_core.db import utcnow
from orca_core.settings import Settings
from orca_core.storage import SSE, ObjectStore, is_not_found


@dataclass(frozen=True)
class Anchor:
    org_id: uuid.UUID | None
    seq: int
    hash: str
    anchored_at: datetime

    def to_json(self) -> bytes:
        return json.dumps(
            {
                "org_id": str(self.org_id) if self.org_id else None,
                "seq": self.seq,
                "hash": self.hash,
                "anchored_at": self.anchored_at.isoformat(),
            },
            separators=(",", ":"),
        ).encode()

    @classmethod
    def from_json(cls, payload: bytes) -> Anchor:
        data: dict[str, Any] = json.loads(payload)
        return cls(
            org_id=uuid.UUID(data["org_id"]) if data["org_id"] else None,
            seq=int(data["seq"]),
            hash=str(data["hash"]),
            anchored_at=datetime.fromisoformat(data["anchored_at"]),
        )


class AnchorStore:
    @classmethod
    def from_settings(cls, settings: Settings, store: ObjectStore) -> AnchorStore:
        return cls(
            store, bucket=settings.audit_anchor_bucket or settings.s3_bucket, prefix=settings.audit_anchor_prefix
        )

    def __init__(self, store: ObjectStore, *, bucket: str, prefix: str) -> None:
        self.store = store
        self.bucket = bucket
        self.prefix = prefix.strip("/")

    def key(self, org_id: uuid.UUID | None) -> str:
        return f"{self.prefix}/{org_id or 'system'}.json"

    async def put(self, anchor: Anchor) -> None:
        await self.store.call(
            self.store.client.put_object,
            Bucket=self.bucket,
            Key=self.key(anchor.org_id),
            Body=anchor.to_json(),
            ContentType="application/json",
            ServerSideEncryption=SSE,
        )

    async def latest(self, org_id: uuid.UUID | None) -> Anchor | None:
        try:
            response = await self.store.call(self.store.client.get_object, Bucket=self.bucket, Key=self.key(org_id))
        except ClientError as error:
            if is_not_found(error):
                return None
            raise
        return Anchor.from_json(response["Body"].read())


async def anchor_chains(session_factory: async_sessionmaker[AsyncSession], anchors: AnchorStore) -> int:
    """Write the head of every chain that moved since its last anchor; returns how many were written."""
    written = 0
    async with session_factory() as session, session.begin():
        for org_id in await org_ids_with_events_unscoped(session):
            head = await AuditRepository(session, org_id).head()
            if head is None:
                continue
            seq, head_hash = head
            previous = await anchors.latest(org_id)
            if previous is not None and previous.seq == seq and previous.hash == head_hash:
                continue
            await anchors.put(Anchor(org_id, seq, head_hash, utcnow()))
            written += 1
    return written
