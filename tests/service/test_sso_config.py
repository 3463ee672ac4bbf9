"""SSO building blocks with no server: the relay-state rule, the SSO settings policy, the flow cookie and the
client-secret encryption, and the xmlsec/lxml pairing python3-saml needs."""

from __future__ import annotations

import base64
import secrets
import uuid
from pathlib import Path

import pytest
from pydantic import ValidationError

from orca_core.settings import Settings
from orca_core.sso.crypto import (
    ClientSecretUnreadable,
    decrypt_client_secret,
    encrypt_client_secret,
    read_flow_cookie,
    sign_flow_cookie,
)
from orca_core.sso.relay import safe_relay_state

ROOT = Path(__file__).resolve().parents[2]


def test_saml_toolkit_imports_with_matching_libxml2():
    """python3-saml needs the xmlsec and lxml wheels to share one libxml2 (docs: ENVIRONMENT, keep both wheels)."""
    import lxml.etree
    import xmlsec
    from onelogin.saml2.auth import OneLogin_Saml2_Auth

    assert OneLogin_Saml2_Auth is not None
    assert xmlsec.get_libxml_version() == lxml.etree.LIBXML_VERSION


@pytest.mark.parametrize(
    ("candidate", "expected"),
    [
        ("/files", "/files"),
        ("/files?tab=recent", "/files?tab=recent"),
        ("/files#fragment", "/files"),
        (None, "/"),
        ("", "/"),
        ("files", "/"),
        ("https://evil.example/", "/"),
        ("//evil.example/x", "/"),
        ("/\\evil.example", "/"),
        ("\\\\evil.example", "/"),
        ("/%2F%2Fevil.example", "/"),
        ("/%5Cevil.example", "/"),
        ("javascript:alert(1)", "/"),
        ("/\tx", "/"),
        ("/" + "a" * 600, "/"),
    ],
)
def test_relay_state_is_a_path_of_ours_or_slash(candidate, expected):
    assert safe_relay_state(candidate) == expected


def production(**values) -> Settings:
    base = {
        "environment": "production",
        "jwt_secret": secrets.token_urlsafe(64),
        "totp_encryption_key": base64.b64encode(secrets.token_bytes(32)).decode(),
        "database_url": f"postgresql+asyncpg://app:{secrets.token_hex(16)}@db/orca",
        "migration_database_url": f"postgresql+asyncpg://owner:{secrets.token_hex(16)}@db/orca",
        "redis_url": f"redis://:{secrets.token_hex(16)}@redis:6379/0",
    }
    return Settings(_env_file=None, **{**base, **values})  # type: ignore[call-arg]


def env_example_value(name: str) -> str:
    for line in (ROOT / ".env.example").read_text().splitlines():
        stripped = line.lstrip("# ")
        if stripped.startswith(f"{name}="):
            return stripped.split("=", 1)[1]
    raise AssertionError(f"{name} is not in .env.example")


def test_production_refuses_insecure_issuers_and_the_sample_sso_key():
    assert production().sso_encryption_key is None
    good_key = base64.b64encode(secrets.token_bytes(32)).decode()
    assert production(sso_encryption_key=good_key).sso_encryption_key is not None
    with pytest.raises(ValidationError, match="ORCA_SSO_ALLOW_INSECURE_ISSUERS"):
        production(sso_allow_insecure_issuers=True)
    sample = env_example_value("ORCA_SSO_ENCRYPTION_KEY")
    with pytest.raises(ValidationError, match="ORCA_SSO_ENCRYPTION_KEY") as refused:
        production(sso_encryption_key=sample)
    assert sample not in str(refused.value)


@pytest.mark.parametrize("key", ["short", base64.b64encode(b"x" * 31).decode(), "not base64 at all!!"])
def test_sso_key_must_be_32_bytes_of_base64(key):
    with pytest.raises(ValidationError, match="ORCA_SSO_ENCRYPTION_KEY") as refused:
        Settings(_env_file=None, sso_encryption_key=key)  # type: ignore[call-arg]
    assert key not in str(refused.value)


def test_flow_cookie_is_signed():
    settings = Settings(_env_file=None, environment="test", jwt_secret=secrets.token_urlsafe(64))  # type: ignore[call-arg]
    flow_id = uuid.uuid4()
    cookie = sign_flow_cookie(settings, flow_id)
    assert read_flow_cookie(settings, cookie) == flow_id
    other_flow = uuid.uuid4()
    forged = f"{other_flow.hex}.{cookie.split('.')[1]}"
    assert read_flow_cookie(settings, forged) is None
    other_secret = Settings(_env_file=None, environment="test", jwt_secret=secrets.token_urlsafe(64))  # type: ignore[call-arg]
    assert read_flow_cookie(other_secret, cookie) is None
    for junk in (None, "", "x", "a.b", "." * 300):
        assert read_flow_cookie(settings, junk) is None


def test_client_secret_ciphertext_needs_its_key_and_its_connection():
    key = base64.b64encode(secrets.token_bytes(32)).decode()
    settings = Settings(_env_file=None, sso_encryption_key=key)  # type: ignore[call-arg]
    connection_id = uuid.uuid4()
    sealed = encrypt_client_secret(settings, connection_id, "client-secret-value")
    assert b"client-secret-value" not in sealed
    assert decrypt_client_secret(settings, connection_id, sealed) == "client-secret-value"
    with pytest.raises(ClientSecretUnreadable):
        decrypt_client_secret(settings, uuid.uuid4(), sealed)
    other_key = Settings(_env_file=None, sso_encryption_key=base64.b64encode(secrets.token_bytes(32)).decode())  # type: ignore[call-arg]
    with pytest.raises(ClientSecretUnreadable):
        decrypt_client_secret(other_key, connection_id, sealed)
    tampered = sealed[:-1] + bytes([sealed[-1] ^ 1])
    with pytest.raises(ClientSecretUnreadable):
        decrypt_client_secret(settings, connection_id, tampered)


def test_production_without_an_sso_key_stores_no_client_secret():
    from orca_core.sso.errors import SsoEncryptionKeyMissing

    with pytest.raises(SsoEncryptionKeyMissing):
        encrypt_client_secret(production(), uuid.uuid4(), "secret")
