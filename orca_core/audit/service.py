"""Writing and verifying the audit log.

`AuditLog.record` appends in the caller's transaction: if the change it describes rolls back, so does its
audit row, and a committed change always has its row. Metadata carries identifiers and reasons only.
"""

from __future__ import annotations

import enum
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy.ext.asyncio import AsyncSession

from orca_core.audit.chain import GENESIS_HASH, ChainRow, UnsafeAuditMetadata, check_metadata, link_hash, normalise_ip
from orca_core.audit.repository import AuditRepository
from orca_core.db import utcnow

if TYPE_CHECKING:
    from orca_core.audit.anchor import Anchor

FORBIDDEN_METADATA_KEY_PARTS = ("password", "secret", "token", "hash", "otp", "cookie", "authorization")
# Exact keys exempt from the deny-list above: LLM token COUNTS (the ledger's `llm_request` event). They are
# accepted only with an integer value, so nothing credential-like can ride on them.
COUNT_METADATA_KEYS = frozenset({"tokens_in", "tokens_out"})


class AuditEventName(enum.StrEnum):
    REGISTER = "register"
    LOGIN = "login"
    LOGIN_FAILED = "login_failed"
    LOGOUT = "logout"
    TOKEN_REUSE_DETECTED = "token_reuse_detected"  # noqa: S105 (an event name)
    GDPR_CHECK_DISABLED = "gdpr_check_disabled"
    GDPR_CHECK_ENABLED = "gdpr_check_enabled"
    FILE_UPLOADED = "file_uploaded"
    FILE_REJECTED_RAW_PASSWORD = "file_rejected_raw_password"  # noqa: S105 (an event name)
    FILES_DELETED = "files_deleted"
    JOB_CREATED = "job_created"
    JOB_STARTED = "job_started"
    JOB_COMPLETED = "job_completed"
    JOB_FAILED = "job_failed"
    JOB_ORG_MISMATCH = "job_org_mismatch"
    # Service lifecycle (issue 3): retention policy
    RETENTION_POLICY_CHANGED = "retention_policy_changed"
    # LLM classification (issue 5): the egress ledger and the org toggle
    LLM_REQUEST = "llm_request"
    LLM_SKIPPED = "llm_skipped"
    LLM_CLASSIFICATION_ENABLED = "llm_classification_enabled"
    LLM_CLASSIFICATION_DISABLED = "llm_classification_disabled"
    RATE_LIMITED = "rate_limited"
    AUTHZ_FAIL = "authz_fail"
    QUOTA_EXCEEDED = "quota_exceeded"
    # Accounts and 2FA (issue 4)
    EMAIL_VERIFIED = "email_verified"
    PASSWORD_CHANGED = "password_changed"  # noqa: S105 (an event name)
    PASSWORD_CHANGE_FAILED = "password_change_failed"  # noqa: S105 (an event name)
    PASSWORD_RESET_REQUESTED = "password_reset_requested"  # noqa: S105 (an event name)
    PASSWORD_RESET_COMPLETED = "password_reset_completed"  # noqa: S105 (an event name)
    MFA_ENABLED = "2fa_enabled"
    MFA_DISABLED = "2fa_disabled"
    MFA_FAILED = "2fa_failed"
    MFA_BACKUP_CODES_REGENERATED = "2fa_backup_codes_regenerated"
    REQUIRE_2FA_ENABLED = "require_2fa_enabled"
    REQUIRE_2FA_DISABLED = "require_2fa_disabled"
    ROLE_CHANGED = "role_changed"
    # Single sign-on (issue 4, docs/sso.md)
    SSO_LOGIN = "sso_login"
    SSO_USER_PROVISIONED = "sso_user_provisioned"
    SSO_LINK_REFUSED = "sso_link_refused"
    SSO_ENFORCEMENT_CHANGED = "sso_enforcement_changed"
    SSO_BREAK_GLASS_LOGIN = "sso_break_glass_login"
    SSO_CONNECTION_CREATED = "sso_connection_created"
    SSO_CONNECTION_UPDATED = "sso_connection_updated"
    SSO_CONNECTION_DELETED = "sso_connection_deleted"


class AuditLog:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def record(
        self,
        event: AuditEventName,
        *,
        org_id: uuid.UUID | None,
        user_id: uuid.UUID | None,
        ip: str | None,
        metadata: dict[str, Any] | None = None,
    ) -> int:
        """Append one row to the org's chain (the system chain when org_id is None); returns its seq."""
        metadata = dict(metadata or {})
        check_metadata(metadata)
        for key in metadata:
            if key in COUNT_METADATA_KEYS and type(metadata[key]) is int:
                continue
            if any(part in key.lower() for part in FORBIDDEN_METADATA_KEY_PARTS):
                raise UnsafeAuditMetadata(f"audit metadata key {key!r} looks like a credential")
        ip_text = _valid_ip_or_none(ip)

        repository = AuditRepository(self.session, org_id)
        await repository.lock_chain()
        prev_hash = await repository.last_hash() or GENESIS_HASH
        seq = await repository.next_seq()
        row = ChainRow(
            seq=seq,
            org_id=org_id,
            user_id=user_id,
            ts=utcnow(),
            ip=ip_text,
            event=event.value,
            metadata=metadata,
            prev_hash=prev_hash,
        )
        await repository.insert(
            {
                "seq": row.seq,
                "org_id": row.org_id,
                "user_id": row.user_id,
                "ts": row.ts,
                "ip": row.ip,
                "event": row.event,
                "metadata": row.metadata,
                "prev_hash": row.prev_hash,
                "hash": link_hash(row),
            }
        )
        return seq


def _valid_ip_or_none(ip: str | None) -> str | None:
    if ip is None:
        return None
    try:
        return normalise_ip(ip)
    except ValueError:
        return None  # e.g. the ASGI test client's "testclient": no address is better than a made-up one


@dataclass(frozen=True)
class ChainReport:
    org_id: uuid.UUID | None
    ok: bool
    rows_checked: int
    last_seq: int | None
    first_broken_seq: int | None
    reason: str | None

    def as_dict(self) -> dict[str, Any]:
        return {
            "org_id": str(self.org_id) if self.org_id else None,
            "ok": self.ok,
            "rows_checked": self.rows_checked,
            "last_seq": self.last_seq,
            "first_broken_seq": self.first_broken_seq,
            "reason": self.reason,
        }


async def verify_chain(session: AsyncSession, org_id: uuid.UUID | None, anchor: Anchor | None = None) -> ChainReport:
    """Walk the chain in seq order; report the first row whose link or content does not check out.

    Detects an edited row, a deleted or inserted middle row and swapped rows. With an `anchor` (the head
    recorded outside the database, see orca_core.audit.anchor) it also detects a truncated tail: the chain
    must still hold the anchored row, with the anchored hash.
    """
    expected_prev = GENESIS_HASH
    checked = 0
    last_seq: int | None = None
    anchored_hash_seen: str | None = None
    async for row, stored_hash in AuditRepository(session, org_id).iter_chain():
        reason = None
        if row.prev_hash != expected_prev:
            reason = "prev_hash does not match the previous row's hash (a row was removed, inserted or moved)"
        elif link_hash(row) != stored_hash:
            reason = "the row's content does not match its hash (the row was edited)"
        if reason:
            return ChainReport(org_id, False, checked, last_seq, row.seq, reason)
        checked += 1
        last_seq = row.seq
        expected_prev = stored_hash
        if anchor is not None and row.seq == anchor.seq:
            anchored_hash_seen = stored_hash
    if anchor is not None and anchored_hash_seen != anchor.hash:
        if anchored_hash_seen is None:
            reason = (
                f"the anchor of {anchor.anchored_at.isoformat()} records seq {anchor.seq}, which the chain no "
                "longer holds (rows were deleted from the end)"
            )
            return ChainReport(org_id, False, checked, last_seq, anchor.seq, reason)
        reason = f"seq {anchor.seq} no longer has the hash its anchor recorded (the chain was rewritten)"
        return ChainReport(org_id, False, checked, last_seq, anchor.seq, reason)
    return ChainReport(org_id, True, checked, last_seq, None, None)
