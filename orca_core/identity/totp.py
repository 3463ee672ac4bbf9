"""TOTP seeds at rest, code checks with replay protection, and backup codes. No database access here.

Seeds: 160 random bits (pyotp's base32), encrypted with AES-256-GCM under `Settings.totp_encryption_key`. The
associated data is the owner's user id, so a ciphertext copied into another user's row fails its tag check and
that user's 2FA step is refused (never "decrypted" into someone else's seed). Stored form:
`version (1 byte) || nonce (12 bytes) || ciphertext+tag`.

Codes: RFC 6238 defaults (SHA-1, 6 digits, 30 s). A code is accepted for the current time step or one step either
side (clock drift), and only for a step later than the last one this user used: a code works once, and a code two
or more steps old never works. pyotp's `verify()` keeps no state, so the step arithmetic is done here.

Backup codes: 10 per set, 16 characters from a 31-symbol alphabet without look-alikes (~79 bits each), shown as
`xxxx-xxxx-xxxx-xxxx`. Stored as SHA-256 over a domain prefix, the user id and the normalised code: with that much
entropy a fast hash is enough, and bcrypt would make one login try ten slow comparisons.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import io
import re
import secrets
import time
import uuid

import pyotp
import segno
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from orca_core.settings import Settings

SEED_FORMAT_VERSION = b"\x01"
NONCE_BYTES = 12
STEP_SECONDS = 30
DIGITS = 6
DRIFT_STEPS = 1
BACKUP_CODE_COUNT = 10
BACKUP_CODE_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"
BACKUP_CODE_LENGTH = 16
_SEPARATORS = re.compile(r"[\s-]+")
_TOTP_CODE = re.compile(rf"^[0-9]{{{DIGITS}}}$")
_BACKUP_CODE = re.compile(rf"^[{BACKUP_CODE_ALPHABET}]{{{BACKUP_CODE_LENGTH}}}$")


class SeedUnreadable(Exception):
    """The stored seed does not decrypt for this user (wrong key, tampered, or copied from another user)."""


def encryption_key(settings: Settings) -> bytes:
    return base64.b64decode(settings.totp_encryption_key.get_secret_value(), validate=True)


def _associated_data(user_id: uuid.UUID) -> bytes:
    return b"orca:totp-seed:v1:" + user_id.bytes


def new_seed() -> str:
    return pyotp.random_base32()  # 32 base32 characters = 160 bits, RFC 4226's recommended length


def encrypt_seed(key: bytes, user_id: uuid.UUID, seed: str) -> bytes:
    nonce = secrets.token_bytes(NONCE_BYTES)
    return SEED_FORMAT_VERSION + nonce + AESGCM(key).encrypt(nonce, seed.encode("ascii"), _associated_data(user_id))


def decrypt_seed(key: bytes, user_id: uuid.UUID, stored: bytes) -> str:
    if len(stored) <= 1 + NONCE_BYTES or stored[:1] != SEED_FORMAT_VERSION:
        raise SeedUnreadable()
    nonce, ciphertext = stored[1 : 1 + NONCE_BYTES], stored[1 + NONCE_BYTES :]
    try:
        return AESGCM(key).decrypt(nonce, ciphertext, _associated_data(user_id)).decode("ascii")
    except (InvalidTag, UnicodeDecodeError) as error:
        raise SeedUnreadable() from error


def provisioning_uri(seed: str, *, account_name: str, issuer: str) -> str:
    return pyotp.TOTP(seed, digits=DIGITS, interval=STEP_SECONDS).provisioning_uri(
        name=account_name, issuer_name=issuer
    )


def qr_code_svg(uri: str) -> str:
    """The provisioning URI as a standalone SVG document (no raster library needed)."""
    buffer = io.BytesIO()
    segno.make(uri, error="m").save(buffer, kind="svg", scale=4, border=4, xmldecl=False)
    return buffer.getvalue().decode("utf-8")


def current_step(now: float | None = None) -> int:
    return int((time.time() if now is None else now) // STEP_SECONDS)


def matching_step(seed: str, code: str, *, now: float | None = None) -> int | None:
    """The time step (within the drift window) whose code equals `code`, or None. Compares in constant time."""
    totp = pyotp.TOTP(seed, digits=DIGITS, interval=STEP_SECONDS)
    step = current_step(now)
    found = None
    for candidate in range(step - DRIFT_STEPS, step + DRIFT_STEPS + 1):
        if hmac.compare_digest(totp.generate_otp(candidate), code):
            found = candidate
    return found


def code_at(seed: str, step: int) -> str:
    """The code of one time step (tests and the bench use it to play the authenticator app)."""
    return pyotp.TOTP(seed, digits=DIGITS, interval=STEP_SECONDS).generate_otp(step)


def normalise_code(code: str) -> str:
    return _SEPARATORS.sub("", code).lower()


def is_totp_code(normalised: str) -> bool:
    return _TOTP_CODE.match(normalised) is not None


def is_backup_code(normalised: str) -> bool:
    return _BACKUP_CODE.match(normalised) is not None


def new_backup_codes() -> list[str]:
    codes = []
    for _ in range(BACKUP_CODE_COUNT):
        raw = "".join(secrets.choice(BACKUP_CODE_ALPHABET) for _ in range(BACKUP_CODE_LENGTH))
        codes.append("-".join(raw[index : index + 4] for index in range(0, BACKUP_CODE_LENGTH, 4)))
    return codes


def backup_code_digest(user_id: uuid.UUID, normalised: str) -> str:
    return hashlib.sha256(b"orca:backup-code:v1:" + user_id.bytes + normalised.encode("ascii")).hexdigest()
