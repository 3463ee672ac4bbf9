"""The small cryptography of SSO: the encrypted OIDC client secret, the signed flow cookie, one-time codes.

- Client secrets: AES-256-GCM under `ORCA_SSO_ENCRYPTION_KEY`, with the connection id as associated data (a
  ciphertext copied to another connection does not decrypt). Without that setting, development and test use a
  key derived from the JWT secret; production refuses to store a client secret.
- The flow cookie holds a flow id and an HMAC-SHA256 of it under a key derived from the JWT secret (a label
  of its own, so the MAC can never be mistaken for any other use of that secret).
- One-time codes: 256 random bits; only their SHA-256 is stored.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import secrets
import uuid

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from orca_core.settings import Settings
from orca_core.sso.errors import SsoEncryptionKeyMissing

CIPHERTEXT_VERSION = b"\x01"
NONCE_BYTES = 12


class ClientSecretUnreadable(Exception):
    """The stored client secret does not decrypt (the key changed, or the row was tampered with)."""


def _derive(secret: bytes, label: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=label).derive(secret)


def _client_secret_key(settings: Settings) -> bytes:
    configured = settings.sso_encryption_key
    if configured is not None:
        return base64.b64decode(configured.get_secret_value(), validate=True)
    if settings.environment in ("development", "test"):
        return _derive(settings.jwt_secret.get_secret_value().encode(), b"orca sso client secret key v1")
    raise SsoEncryptionKeyMissing()


def _associated_data(connection_id: uuid.UUID) -> bytes:
    return b"orca-sso-client-secret:" + connection_id.bytes


def encrypt_client_secret(settings: Settings, connection_id: uuid.UUID, client_secret: str) -> bytes:
    nonce = secrets.token_bytes(NONCE_BYTES)
    sealed = AESGCM(_client_secret_key(settings)).encrypt(
        nonce, client_secret.encode("utf-8"), _associated_data(connection_id)
    )
    return CIPHERTEXT_VERSION + nonce + sealed


def decrypt_client_secret(settings: Settings, connection_id: uuid.UUID, ciphertext: bytes) -> str:
    if len(ciphertext) < 1 + NONCE_BYTES + 16 or ciphertext[:1] != CIPHERTEXT_VERSION:
        raise ClientSecretUnreadable()
    nonce, sealed = ciphertext[1 : 1 + NONCE_BYTES], ciphertext[1 + NONCE_BYTES :]
    try:
        plain = AESGCM(_client_secret_key(settings)).decrypt(nonce, sealed, _associated_data(connection_id))
    except InvalidTag as error:
        raise ClientSecretUnreadable() from error
    return plain.decode("utf-8")


def _cookie_key(settings: Settings) -> bytes:
    return _derive(settings.jwt_secret.get_secret_value().encode(), b"orca sso flow cookie v1")


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def sign_flow_cookie(settings: Settings, flow_id: uuid.UUID) -> str:
    mac = hmac.new(_cookie_key(settings), b"flow:" + flow_id.bytes, hashlib.sha256).digest()
    return f"{flow_id.hex}.{_b64(mac)}"


def read_flow_cookie(settings: Settings, value: str | None) -> uuid.UUID | None:
    """The flow id of a cookie we signed, or None for a missing, malformed or forged one."""
    if not value or len(value) > 200 or "." not in value:
        return None
    flow_hex, _, mac_text = value.partition(".")
    try:
        flow_id = uuid.UUID(hex=flow_hex)
        presented = base64.urlsafe_b64decode(mac_text + "=" * (-len(mac_text) % 4))
    except (ValueError, binascii.Error):
        return None
    expected = hmac.new(_cookie_key(settings), b"flow:" + flow_id.bytes, hashlib.sha256).digest()
    return flow_id if hmac.compare_digest(presented, expected) else None


def new_one_time_code() -> tuple[str, str]:
    code = secrets.token_urlsafe(32)
    return code, hash_one_time_code(code)


def hash_one_time_code(code: str) -> str:
    return hashlib.sha256(code.encode("utf-8")).hexdigest()
