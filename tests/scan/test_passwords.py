"""Raw-password detection: plaintext vs hashes vs look-alikes, header words, and the upload-prefix prescan."""

from __future__ import annotations

import base64
import hashlib
import json
import random
import string
import uuid

import bcrypt
import pytest
from faker import Faker
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from orca_core.scan.passwords import (
    PasswordAssessment,
    assess_password_column,
    is_password_hash,
    prescan_bytes,
)
from orca_core.scan.pii_masker import MaskedValue

fake = Faker(["en_US", "sv_SE", "de_DE"])
Faker.seed(4242)
rng = random.Random(4242)

PLAINTEXT = [fake.password(length=rng.randint(8, 16), special_chars=rng.random() < 0.6) for _ in range(60)]
HUMAN_PASSWORDS = [
    f"{w}{n}{s}"
    for w, n, s in zip(
        ["Summer", "p@ssw0rd", "Fotboll", "kalle", "Monkey", "dragon", "Hunter", "Lisa", "sommar", "Bamse"] * 3,
        [str(rng.randint(1, 9999)) for _ in range(30)],
        [rng.choice(["", "!", "#", "?", "!!"]) for _ in range(30)],
        strict=True,
    )
]
SALTS = [bytes(rng.getrandbits(8) for _ in range(12)) for _ in range(30)]


def _django_pbkdf2(password: str, salt: bytes) -> str:
    salt_text = base64.b64encode(salt).decode()[:12]
    digest = hashlib.pbkdf2_hmac("sha256", password.encode(), salt_text.encode(), 1000)
    return f"pbkdf2_sha256$1000${salt_text}${base64.b64encode(digest).decode()}"


def _passlib_pbkdf2(password: str, salt: bytes) -> str:
    digest = hashlib.pbkdf2_hmac("sha256", password.encode(), salt, 29000)
    return f"$pbkdf2-sha256$29000${_ab64(salt)}${_ab64(digest)}"


def _ab64(raw: bytes) -> str:
    """passlib's adapted base64: `.` for `+`, no padding."""
    return base64.b64encode(raw).decode().rstrip("=").replace("+", ".")


HASH_COLUMNS = {
    "bcrypt": [bcrypt.hashpw(p.encode(), bcrypt.gensalt(4)).decode() for p in PLAINTEXT[:12]],
    "bcrypt_2a": [bcrypt.hashpw(p.encode(), bcrypt.gensalt(4, prefix=b"2a")).decode() for p in PLAINTEXT[:12]],
    "md5_hex": [hashlib.md5(p.encode()).hexdigest() for p in PLAINTEXT],
    "sha1_hex": [hashlib.sha1(p.encode()).hexdigest() for p in PLAINTEXT],
    "sha256_hex": [hashlib.sha256(p.encode()).hexdigest() for p in PLAINTEXT],
    "sha512_hex_upper": [hashlib.sha512(p.encode()).hexdigest().upper() for p in PLAINTEXT],
    "sha256_b64": [base64.b64encode(hashlib.sha256(p.encode()).digest()).decode() for p in PLAINTEXT],
    "md5_b64": [base64.b64encode(hashlib.md5(p.encode()).digest()).decode() for p in PLAINTEXT],
    "django_pbkdf2": [_django_pbkdf2(p, s) for p, s in zip(PLAINTEXT, SALTS, strict=False)],
    "passlib_pbkdf2": [_passlib_pbkdf2(p, s) for p, s in zip(PLAINTEXT, SALTS, strict=False)],
    # fixed sample strings in the formats' documented shapes
    "argon2id": [
        "$argon2id$v=19$m=65536,t=3,p=4$c29tZXNhbHQxMjM0NTY$"
        + base64.b64encode(hashlib.sha256(p.encode()).digest()).decode().rstrip("=")
        for p in PLAINTEXT[:20]
    ],
    "sha512_crypt": [
        "$6$rounds=5000$"
        + "".join(rng.choice(string.ascii_letters + "./") for _ in range(16))
        + "$"
        + "".join(rng.choice(string.ascii_letters + string.digits + "./") for _ in range(86))
        for _ in range(20)
    ],
    "md5_crypt": [
        "$1$"
        + "".join(rng.choice(string.ascii_letters) for _ in range(8))
        + "$"
        + "".join(rng.choice(string.ascii_letters + string.digits + "./") for _ in range(22))
        for _ in range(20)
    ],
    "scrypt_passlib": [
        f"$scrypt$ln=16,r=8,p=1${base64.b64encode(s).decode().rstrip('=')}$"
        + base64.b64encode(hashlib.scrypt(b"pw", salt=s, n=16, r=8, p=1)).decode().rstrip("=")
        for s in SALTS[:10]
    ],
}


def _no_value_in(text: str, values: list[str]) -> bool:
    return not any(len(v) >= 3 and v in text for v in values)


# ---------------------------------------------------------------------------------------------------------
# plaintext columns


@pytest.mark.parametrize(
    "header",
    [
        "password",
        "user_password",
        "userPassword",
        "PASSWORD",
        "passwd",
        "pwd",
        "Passcode",
        "lösenord",
        "Losenord",
        "kundlösenord",
        "passord",
        "passwort",
        "Kennwort",
        "mot de passe",
        "mot_de_passe",
        "mdp",
        "wachtwoord",
        "contraseña",
        "contrasena",
        "adgangskode",
        "kodeord",
        "salasana",
    ],
)
def test_password_headers_with_plaintext_values_are_raw_passwords(header: str) -> None:
    result = assess_password_column(header, PLAINTEXT)
    assert result.is_raw_password
    assert result.header_hit
    assert result.confidence >= 0.8
    assert result.hash_share == 0.0
    assert _no_value_in(result.reason, PLAINTEXT)


def test_weak_passwords_under_a_password_header_are_raw() -> None:
    result = assess_password_column("password", ["123456", "111111", "qwerty", "letmein", "abc123", "dragon"])
    assert result.is_raw_password


@pytest.mark.parametrize("values", [PLAINTEXT, HUMAN_PASSWORDS], ids=["generated", "human"])
def test_plaintext_passwords_are_found_by_values_alone(values: list[str]) -> None:
    result = assess_password_column("col_7", values)
    assert result.is_raw_password
    assert not result.header_hit
    assert result.plaintext_share >= 0.7
    assert 0.5 <= result.confidence < 1.0


@pytest.mark.parametrize("header", ["pwd_hash", "password_hash", "hashed_password", "passwordDigest", "pw_salted"])
def test_hash_header_holding_plaintext_is_still_caught(header: str) -> None:
    result = assess_password_column(header, PLAINTEXT)
    assert result.is_raw_password
    assert result.plaintext_share >= 0.5
    assert "hash" in result.reason


def test_half_migrated_password_column_is_flagged() -> None:
    values = HASH_COLUMNS["bcrypt"][:10] + PLAINTEXT[:5]
    result = assess_password_column("password", values)
    assert result.is_raw_password
    assert 0.5 < result.hash_share < 0.8


def test_weak_header_needs_password_like_values() -> None:
    assert assess_password_column("pass", PLAINTEXT).is_raw_password
    assert not assess_password_column("pin", ["1234", "5555", "0000", "9876"]).is_raw_password
    assert not assess_password_column("pass", ["yes", "no", "yes", "no"]).is_raw_password


# ---------------------------------------------------------------------------------------------------------
# hashes and hard negatives


@pytest.mark.parametrize("kind", sorted(HASH_COLUMNS))
@pytest.mark.parametrize("header", ["password", "pwd_hash", "credential", "col3"])
def test_hash_columns_are_not_raw_passwords(kind: str, header: str) -> None:
    values = HASH_COLUMNS[kind]
    assert all(is_password_hash(v) for v in values), kind
    result = assess_password_column(header, values)
    assert not result.is_raw_password
    assert result.hash_share == 1.0
    assert result.plaintext_share == 0.0


ALNUM = string.ascii_letters + string.digits


def _random_strings(alphabet: str, length: int, prefix: str = "") -> list[str]:
    return [prefix + "".join(rng.choice(alphabet) for _ in range(length)) for _ in range(60)]


NEGATIVES = {
    "skus": [f"SKU-{10000 + i * 7}" for i in range(60)],
    "product_codes": [
        f"{rng.choice(['AB', 'XK', 'QT'])}-{rng.randint(1000, 9999)}-{rng.choice(['XY', 'ZZ'])}" for _ in range(60)
    ],
    "usernames": [fake.user_name() for _ in range(60)],
    "uuids": [str(uuid.UUID(int=rng.getrandbits(128))) for _ in range(60)],
    "free_text": [fake.sentence() for _ in range(60)],
    # Decision: random API keys / licence keys of one fixed length are secrets, not passwords.
    "api_keys_32": _random_strings(ALNUM, 32),
    "api_keys_prefixed": _random_strings(ALNUM, 24, "sk_live_"),
    "license_keys": _random_strings(string.ascii_uppercase + string.digits, 16),
    "emails": [fake.email() for _ in range(60)],
    "dates": [fake.date() for _ in range(60)],
    "numbers": [str(rng.randint(1, 10**9)) for _ in range(60)],
    "names": [fake.name() for _ in range(60)],
    "urls": [fake.url() for _ in range(60)],
    "placeholders": ["********"] * 60,
}


@pytest.mark.parametrize("kind", sorted(NEGATIVES))
def test_look_alike_columns_are_not_raw_passwords(kind: str) -> None:
    result = assess_password_column(kind, NEGATIVES[kind])
    assert not result.is_raw_password, result.reason
    assert not result.header_hit
    assert _no_value_in(result.reason, NEGATIVES[kind])


def test_placeholders_under_password_header_are_not_raw() -> None:
    result = assess_password_column("password", ["********", "***", "", "REDACTED", "xxxxxxxx"])
    assert not result.is_raw_password


@pytest.mark.parametrize("header", ["passenger", "compass", "passport_number", "bypass_flag", "pinned", "spinach"])
def test_header_words_match_whole_tokens_only(header: str) -> None:
    result = assess_password_column(header, NEGATIVES["skus"])
    assert not result.header_hit


def test_empty_column() -> None:
    result = assess_password_column("password", ["", "  "])
    assert result == PasswordAssessment(False, 0.0, True, 0.0, 0.0, result.reason)


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(name=st.text(max_size=40), values=st.lists(st.text(max_size=80), max_size=40))
def test_assessment_is_total_and_never_quotes_values(name: str, values: list[str]) -> None:
    result = assess_password_column(name, values)
    assert 0.0 <= result.confidence <= 1.0
    assert 0.0 <= result.plaintext_share <= 1.0 and 0.0 <= result.hash_share <= 1.0
    # a marker that no reason template contains: any quoted value would carry it
    marked = assess_password_column(name, ["Zq" + v for v in values])
    assert "Zq" not in marked.reason


# ---------------------------------------------------------------------------------------------------------
# prescan


def _csv(header: list[str], rows: list[list[str]], delimiter: str = ",") -> bytes:
    return ("\n".join(delimiter.join(r) for r in [header, *rows]) + "\n").encode()


def _rows(n: int) -> list[list[str]]:
    return [[str(i), fake.email(), PLAINTEXT[i % len(PLAINTEXT)], fake.date()] for i in range(n)]


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_prescan_csv_finds_the_password_column(delimiter: str) -> None:
    rows = _rows(60)
    head = _csv(["id", "email", "lösenord", "created"], rows, delimiter)
    result = prescan_bytes(head, "users.csv")
    assert result.format_guess == "csv"
    assert result.raw_passwords_found
    assert [f.column_index for f in result.findings] == [2]
    finding = result.findings[0]
    assert isinstance(finding.column_name, MaskedValue) and finding.column_name.text == "lösenord"
    assert result.bytes_examined == len(head)
    assert _no_value_in(repr(result), [cell for row in rows for cell in row[1:]])


def test_prescan_cut_prefix_and_masked_header() -> None:
    head = _csv(["id", "jane.doe@acme.com_pwd", "notes"], [[str(i), PLAINTEXT[i], fake.word()] for i in range(50)])
    cut = head[: len(head) - 7]  # the last line is cut in the middle
    result = prescan_bytes(cut)
    assert result.raw_passwords_found
    assert result.findings[0].column_name.text == "***@***_pwd"
    assert result.bytes_examined < len(cut)


def test_prescan_without_passwords() -> None:
    rows = [[str(i), fake.email(), fake.name(), f"SKU-{1000 + i}"] for i in range(80)]
    result = prescan_bytes(_csv(["id", "email", "name", "sku"], rows), "customers.csv")
    assert result.format_guess == "csv"
    assert not result.raw_passwords_found and result.findings == []


def test_prescan_json_lines_and_cut_json_array() -> None:
    records = [{"id": i, "user": {"login": fake.user_name(), "passwort": PLAINTEXT[i]}} for i in range(40)]
    jsonl = "\n".join(json.dumps(r) for r in records).encode()
    result = prescan_bytes(jsonl, "users.jsonl")
    assert result.format_guess == "json" and result.raw_passwords_found
    assert result.findings[0].column_name.text == "user.passwort"

    array = json.dumps(records).encode()
    result = prescan_bytes(array[: len(array) // 2])  # cut in the middle of a record
    assert result.format_guess == "json" and result.raw_passwords_found

    wrapped = json.dumps({"meta": {"n": 40}, "data": records}).encode()
    result = prescan_bytes(wrapped[: len(wrapped) - 100])
    assert result.format_guess == "json" and result.raw_passwords_found

    hashed = [{"id": i, "password": HASH_COLUMNS["sha256_hex"][i]} for i in range(40)]
    assert not prescan_bytes(json.dumps(hashed).encode()).raw_passwords_found


@pytest.mark.parametrize(
    ("head", "filename", "expected"),
    [
        (b"PK\x03\x04\x14\x00\x06\x00" + b"[Content_Types].xml" + b"\x00" * 100, None, "xlsx"),
        (b"PK\x03\x04" + b"\x00" * 50, "book.xlsx", "xlsx"),
        (b"PAR1" + b"\x00" * 100, None, "parquet"),
        (b"\x00\x01\x02\x03" * 1000, None, "unknown"),
        (b"", None, "csv"),
    ],
)
def test_prescan_binary_formats_give_a_guess_without_findings(head: bytes, filename: str | None, expected: str) -> None:
    result = prescan_bytes(head, filename)
    assert result.format_guess == expected
    assert result.findings == [] and not result.raw_passwords_found


def test_prescan_utf16_and_bom() -> None:
    text = "id\tpassword\n" + "\n".join(f"{i}\t{PLAINTEXT[i]}" for i in range(30)) + "\n"
    assert prescan_bytes(b"\xff\xfe" + text.encode("utf-16-le")).raw_passwords_found
    assert prescan_bytes(b"\xef\xbb\xbf" + text.encode()).raw_passwords_found


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(head=st.binary(max_size=4096), filename=st.one_of(st.none(), st.text(max_size=20)))
def test_prescan_never_raises_on_random_bytes(head: bytes, filename: str | None) -> None:
    result = prescan_bytes(head, filename)
    assert result.format_guess in {"csv", "json", "xlsx", "parquet", "unknown"}
    assert 0 <= result.bytes_examined <= len(head)


@settings(max_examples=100)
@given(
    prefix=st.sampled_from([b"[", b"{", b'{"a":[', b"[{", b'a,b\n"', b"\xef\xbb\xbf", b"\xff\xfe"]),
    body=st.binary(max_size=2048),
)
def test_prescan_never_raises_on_hostile_structured_prefixes(prefix: bytes, body: bytes) -> None:
    prescan_bytes(prefix + body)


def test_prescan_survives_deep_nesting_and_huge_fields() -> None:
    assert prescan_bytes(b"[" * 200_000).findings == []
    assert prescan_bytes(b'[{"a":' + b"[" * 200_000).findings == []
    assert prescan_bytes(b'password\n"' + b"x" * 500_000 + b'"\n').findings == []


STRUCTURED_LOOK_ALIKES = {
    "ipv6": [fake.ipv6() for _ in range(60)],
    "ipv6_compressed": [f"2001:db8:{rng.randrange(1, 0xFFFF):x}::{rng.randrange(1, 0xFFFF):x}" for _ in range(60)],
    "ipv6_cidr": [f"fe80::{rng.randrange(1, 0xFFFF):x}:{rng.randrange(1, 0xFFFF):x}/64" for _ in range(60)],
    "mac_colon": [fake.mac_address() for _ in range(60)],
    "mac_cisco": [f"{rng.randrange(0x1000, 0xFFFF):04x}.{rng.randrange(0x1000, 0xFFFF):04x}.00ab" for _ in range(60)],
    "uuids": [str(uuid.UUID(int=rng.getrandbits(128))) for _ in range(60)],
    "timestamps": [fake.date_time().isoformat() for _ in range(60)],
    "emails": [fake.email() for _ in range(60)],
    "urls": [fake.uri() for _ in range(60)],
}


@pytest.mark.parametrize("kind", sorted(STRUCTURED_LOOK_ALIKES))
@pytest.mark.parametrize("header", ["col3", "password"])
def test_addresses_ids_dates_and_links_are_never_passwords(kind: str, header: str) -> None:
    result = assess_password_column(header, STRUCTURED_LOOK_ALIKES[kind])
    assert not result.is_raw_password, result.reason
    assert result.plaintext_share == 0.0


def test_password_columns_with_repeated_common_passwords_are_found_without_header() -> None:
    # Real user tables repeat popular passwords: a third of the rows may share a handful of them.
    popular = ["Summer2024!", "P@ssw0rd", "Welcome1!", "qwerty123", "Passw0rd#"]
    words = ["Blue", "tiger", "Maja", "x", "Sommar", "hund", "Kaffe", "ROCKET"]
    unique = []
    for _ in range(70):
        digits = rng.randrange(1, 10 ** rng.randrange(2, 6))
        unique.append(f"{rng.choice(words)}{rng.choice(['', '_', '.'])}{digits}{rng.choice('!#$%&*?')}")
    values = unique + [rng.choice(popular) for _ in range(40)]
    rng.shuffle(values)
    result = assess_password_column("col7", values)
    assert result.is_raw_password, result.reason


def test_a_repeated_enumeration_is_still_not_a_password_column() -> None:
    values = [rng.choice(["Gold#1", "Silver#2", "Bronze#3"]) for _ in range(100)]
    assert not assess_password_column("col7", values).is_raw_password
