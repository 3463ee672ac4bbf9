"""The hash chain's arithmetic, free of any database: canonical form of a row and the link hash.

`hash = sha256(bytes.fromhex(prev_hash) || canonical_json(row))`, where the row is every stored column except
`hash` itself (seq, org_id, user_id, ts, ip, event, metadata, prev_hash). The first row of a chain links to
GENESIS_HASH. Because seq and prev_hash are inside the hashed row, editing, deleting or swapping rows all break
the chain at the first row touched.
"""

from __future__ import annotations

import hashlib
import ipaddress
import json
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

GENESIS_HASH = "0" * 64


class UnsafeAuditMetadata(ValueError):
    """Metadata must be small, JSON-native and deterministic: str/int/bool/None, lists and string-keyed dicts."""


@dataclass(frozen=True)
class ChainRow:
    seq: int
    org_id: uuid.UUID | None
    user_id: uuid.UUID | None
    ts: datetime
    ip: str | None
    event: str
    metadata: dict[str, Any]
    prev_hash: str


def normalise_ip(value: object) -> str | None:
    """The text form of an address as Python spells it, whatever form the driver returns (str, IPv4Address...)."""
    if value is None:
        return None
    text = str(value)
    if "/" in text:
        return str(ipaddress.ip_interface(text).ip)
    return str(ipaddress.ip_address(text))


def check_metadata(value: object, *, depth: int = 0) -> None:
    # Floats are refused: their text form after a JSONB round trip is not guaranteed to match.
    if depth > 4:
        raise UnsafeAuditMetadata("audit metadata nests too deeply")
    if value is None or isinstance(value, bool | int | str):
        return
    if isinstance(value, list):
        for item in value:
            check_metadata(item, depth=depth + 1)
        return
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                raise UnsafeAuditMetadata("audit metadata keys must be strings")
            check_metadata(item, depth=depth + 1)
        return
    raise UnsafeAuditMetadata(f"audit metadata cannot hold a {type(value).__name__}")


def canonical_json(row: ChainRow) -> bytes:
    ts = row.ts.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    document = {
        "seq": row.seq,
        "org_id": str(row.org_id) if row.org_id else None,
        "user_id": str(row.user_id) if row.user_id else None,
        "ts": ts,
        "ip": normalise_ip(row.ip),
        "event": row.event,
        "metadata": row.metadata,
        "prev_hash": row.prev_hash,
    }
    return json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def link_hash(row: ChainRow) -> str:
    return hashlib.sha256(bytes.fromhex(row.prev_hash) + canonical_json(row)).hexdigest()
