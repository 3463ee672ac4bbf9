"""The audit deny-list exception for the ledger's token counts is exact and integer-only."""

from __future__ import annotations

import asyncio

import pytest

from orca_core.audit.chain import UnsafeAuditMetadata
from orca_core.audit.service import AuditEventName, AuditLog


def record(metadata: dict) -> None:
    asyncio.run(
        AuditLog(session=None).record(AuditEventName.LLM_REQUEST, org_id=None, user_id=None, ip=None, metadata=metadata)
    )  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "metadata",
    [{"tokens_in": "sk-live-abc"}, {"tokens_out": True}, {"refresh_tokens_in": 3}, {"tokens": 3}, {"api_token": 1}],
)
def test_only_integer_token_counts_pass_the_deny_list(metadata):
    with pytest.raises(UnsafeAuditMetadata):
        record(metadata)


def test_integer_token_counts_are_accepted():
    # The metadata check passes; the call then fails only for want of a database session.
    with pytest.raises(AttributeError):
        record({"tokens_in": 1073, "tokens_out": 130, "request_sha256": "0" * 64})
