"""Secret hygiene of the logs (battery B10): passwords and tokens never reach a log line."""

from __future__ import annotations

import uuid

from tests.service.conftest import register_and_login


async def test_b10_no_password_or_token_in_the_logs(client, capsys):
    sentinel = f"S3ntinel-{uuid.uuid4()}"
    account = await register_and_login(client, password=sentinel)
    await client.post("/api/v1/auth/login", json={"email": account.email, "password": sentinel + "x"})
    refreshed = await client.post("/api/v1/auth/refresh", json={"refresh_token": account.refresh_token})
    await client.post("/api/v1/auth/refresh", json={"refresh_token": account.refresh_token})  # replay
    await client.post("/api/v1/auth/logout", headers={"Authorization": f"Bearer {refreshed.json()['access_token']}"})
    await client.get(f"/api/v1/me?token={account.refresh_token}", headers=account.auth)

    captured = capsys.readouterr()
    logs = captured.out + captured.err
    assert '"event": "request"' in logs  # the access log did run
    for secret in (sentinel, account.refresh_token, account.access_token, refreshed.json()["refresh_token"]):
        assert secret not in logs


def test_redaction_processor_masks_credential_fields():
    from orca_core.logging import REDACTED, redact_secrets

    event = redact_secrets(None, "info", {"event": "x", "password": "p", "refresh_token": "t", "user_id": "u"})
    assert event == {"event": "x", "password": REDACTED, "refresh_token": REDACTED, "user_id": "u"}
