"""Raw-password detection: find columns of plaintext passwords and tell them apart from password hashes.

Two entry points:

* `assess_password_column(name, values)`: used by the classifier on a column's bounded value sample.
* `prescan_bytes(head, filename)`: runs on the first bytes of an upload while it streams in, so a file full
  of plaintext passwords is flagged before the full scan. It never raises and never inspects more than a
  bounded number of rows and columns.

Decision rules (see `assess_password_column`):

1. Every sampled value is classified as a password *hash* (modular-crypt formats: bcrypt `$2a$/$2b$/$2y$`,
   argon2 `$argon2id$`, scrypt `$scrypt$`/`$7$`, yescrypt `$y$`, passlib `$pbkdf2-sha256$`, Django
   `pbkdf2_sha256$`/`argon2$`/`bcrypt_sha256$`, werkzeug `pbkdf2:sha256:`/`scrypt:`, sha-crypt `$5$`/`$6$`,
   md5-crypt `$1$`/`$apr1$`, LDAP `{SSHA}...`; bare hex digests of 32/40/56/64/96/128 chars; base64 digests of
   16/20/32/48/64 bytes), as *opaque* (UUIDs, long single-alphabet random tokens/API keys >= 32 chars), as
   *structured non-secret* (email, URL, date, number, IP, free text, placeholder like `********`), or else as
   a *plaintext candidate*. A candidate is *plaintext-like* when it is 6-64 chars without whitespace and shows
   password traits: a common password, letters+digits with a symbol, leetspeak, an upper/lower/digit mix, or a
   word followed by digits.
2. Header words (whole tokens after splitting on non-alphanumerics and camelCase; long words also match as
   compound parts, `kundlösenord`, `userpassword`) in EN/SV/DE/FR/NL/ES/DA/NO/FI are *strong* (password,
   lösenord, passwort, mot de passe, ...) or *weak* (pass, pin, clave, secret). A hash word (hash, digest,
   salt, bcrypt, encrypted, ...) in the header marks a hash column.
3. Strong header, no hash word: raw when >= 50% of the sample is non-hash, non-placeholder strings (even
   `123456` is a password under a `password` header); raw with lower confidence when 10-50% are (a
   half-migrated column still leaks). Hash word in the header: raw only when the *values* are plaintext-like
   (>= 50%) and hashes are rare (< 20%) - the `pwd_hash` holding plaintext evasion. Weak header: raw when
   >= 50% plaintext-like, < 30% hashes, and the column is diverse. No header: raw only when >= 70%
   plaintext-like, the column is diverse (distinct values, varied shapes and lengths: product codes and IDs
   share one shape), and >= 30% carry symbols, leetspeak or common passwords (usernames like `jdoe85` do not).
4. Random API keys / tokens of a fixed length over one alphabet are NOT reported as passwords: they are
   secrets, but of another kind (the classifier can flag them separately); values of 32+ chars over a
   base64/hex alphabet count as opaque tokens even under a password header.

No raw value ever appears in a reason, a finding or a log line.
"""

from __future__ import annotations

import csv
import io
import ipaddress
import json
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Final

from orca_core.scan.pii_masker import MaskedValue, mask_name

MAX_VALUES: Final = 500
PRESCAN_MAX_ROWS: Final = 200
PRESCAN_MAX_COLUMNS: Final = 1000
PRESCAN_MAX_CELLS: Final = 40_000

# --------------------------------------------------------------------------------------------------------
# header words

_STRONG_WORDS: Final = frozenset(
    {
        # English
        "password", "passwd", "pwd", "pswd", "psw", "pword", "passcode", "passphrase", "pw",
        "userpass", "dbpass", "adminpass", "loginpass",
        # Swedish
        "lösenord", "losenord", "lösen", "losen",
        # Norwegian / Danish
        "passord", "adgangskode", "kodeord", "adgangskoden", "passordet",
        # German
        "passwort", "kennwort",
        # French
        "mdp", "motdepasse",
        # Dutch
        "wachtwoord",
        # Spanish / Catalan / Portuguese / Italian
        "contraseña", "contrasena", "contrasenya", "senha",
        # Finnish
        "salasana", "tunnussana",
        # Polish
        "hasło", "haslo",
    }
)  # fmt: skip
_STRONG_PHRASES: Final = (("mot", "de", "passe"), ("pass", "word"), ("pass", "phrase"), ("pass", "code"))
# Long, unambiguous words that also count inside a compound token (`kundlösenord`, `userpassword`).
_COMPOUND_WORDS: Final = tuple(
    w for w in _STRONG_WORDS if len(w) >= 6 and w not in {"userpass", "adminpass", "loginpass"}
)
_WEAK_WORDS: Final = frozenset({"pass", "pin", "pincode", "clave", "secret", "kod", "koodi"})
_HASH_WORDS: Final = frozenset(
    {
        "hash", "hashed", "hashes", "digest", "salt", "salted", "bcrypt", "argon2", "argon", "scrypt",
        "pbkdf2", "md5", "sha1", "sha256", "sha512", "sha", "crypt", "crypted", "encrypted", "encrypt",
        "enc", "cipher", "ciphertext", "hmac", "hashwert", "verschlüsselt", "chiffre", "hachage",
        "krypterad", "krypteret", "kryptert", "versleuteld", "cifrado", "tiiviste",
    }
)  # fmt: skip

_CAMEL_RE: Final = re.compile(r"(?<=[a-zà-ÿ0-9])(?=[A-ZÀ-Þ])")
_TOKEN_SPLIT_RE: Final = re.compile(r"[^\w]+|_+")


def _fold(word: str) -> str:
    """Lowercase and drop accents, keeping ä/ö/å-less spellings comparable (`lösenord` -> `losenord`)."""
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def header_tokens(name: str) -> list[str]:
    """Split a column name into lowercase whole tokens (non-alphanumerics and camelCase boundaries)."""
    spaced = _CAMEL_RE.sub(" ", name[:256])
    return [t.lower() for t in _TOKEN_SPLIT_RE.split(spaced) if t]


_STRONG_FOLDED: Final = frozenset(_fold(w) for w in _STRONG_WORDS)
_WEAK_FOLDED: Final = frozenset(_fold(w) for w in _WEAK_WORDS)
_HASH_FOLDED: Final = frozenset(_fold(w) for w in _HASH_WORDS)
_COMPOUND_FOLDED: Final = tuple(sorted({_fold(w) for w in _COMPOUND_WORDS}))


@dataclass(frozen=True)
class _HeaderKind:
    strong: bool
    weak: bool
    hashy: bool


def _classify_header(name: str) -> _HeaderKind:
    tokens = [_fold(t) for t in header_tokens(name)]
    strong = weak = hashy = False
    for i, token in enumerate(tokens):
        if token in _STRONG_FOLDED:
            strong = True
        elif token in _WEAK_FOLDED:
            weak = True
        elif len(token) > 6 and any(token.startswith(w) or token.endswith(w) for w in _COMPOUND_FOLDED):
            strong = True
        if token in _HASH_FOLDED or any(
            len(w) >= 4 and (token.startswith(w) or token.endswith(w)) for w in _HASH_FOLDED
        ):
            hashy = True
        for phrase in _STRONG_PHRASES:
            if tuple(tokens[i : i + len(phrase)]) == phrase:
                strong = True
    return _HeaderKind(strong=strong, weak=weak and not strong, hashy=hashy)


# --------------------------------------------------------------------------------------------------------
# value traits

_MODULAR_CRYPT_RES: Final = tuple(
    re.compile(p)
    for p in (
        r"\$2[abxy]?\$\d{2}\$[./A-Za-z0-9]{53}",  # bcrypt
        r"\$argon2(?:id|i|d)\$(?:v=\d+\$)?m=\d+,t=\d+,p=\d+\$[A-Za-z0-9+/=.-]+\$[A-Za-z0-9+/=.-]+",
        r"\$scrypt\$[^\s]{10,}",  # passlib scrypt
        r"\$7\$[./A-Za-z0-9]{11,}\$[./A-Za-z0-9]{20,}",  # scrypt (libxcrypt)
        r"\$y\$[./A-Za-z0-9]+\$[./A-Za-z0-9]+\$[./A-Za-z0-9]{20,}",  # yescrypt
        r"\$gy\$[^\s]{20,}",
        r"\$pbkdf2(?:-sha\d+)?\$\d+\$[./A-Za-z0-9+=]+\$[./A-Za-z0-9+=]{16,}",  # passlib pbkdf2
        r"\$[56]\$(?:rounds=\d+\$)?[./A-Za-z0-9]{1,16}\$[./A-Za-z0-9]{43,86}",  # sha-crypt
        r"\$(?:1|apr1|md5)\$[./A-Za-z0-9]{0,8}\$[./A-Za-z0-9]{22}",  # md5-crypt
        r"\$sha1\$\d+\$[./A-Za-z0-9]+\$[./A-Za-z0-9]{28}",
        # Django: algorithm$iterations$salt$hash and argon2$argon2id$..., bcrypt_sha256$$2b$...
        r"(?:pbkdf2_sha(?:1|256|512))\$\d+\$[^\s$]+\$[A-Za-z0-9+/=]{20,}",
        r"argon2\$argon2(?:id|i|d)\$[^\s]{20,}",
        r"bcrypt(?:_sha256)?\$\$2[abxy]?\$[^\s]{50,}",
        r"(?:sha1|md5|unsalted_sha1|unsalted_md5|crypt)\$[^\s$]*\$[0-9a-fA-F]{32,40}",
        r"scrypt\$[^\s]{20,}",
        # werkzeug
        r"(?:pbkdf2:sha\d+(?::\d+)?|scrypt:\d+:\d+:\d+)\$[^\s$]+\$[0-9a-f]{32,}",
        # LDAP / Dovecot style
        r"\{(?:SSHA|SHA|SSHA256|SSHA512|SHA256|SHA512|MD5|SMD5|CRYPT|PBKDF2[^}]*|BLF-CRYPT|ARGON2ID)\}[^\s]{8,}",
    )
)
_GENERIC_MCF_RE: Final = re.compile(r"\$[a-z0-9-]{1,12}\$[^\s]*\$[./A-Za-z0-9+=]{16,}")
_HEX_DIGEST_RE: Final = re.compile(r"(?:0x)?(?:[0-9a-f]+|[0-9A-F]+)")
_HEX_DIGEST_LENGTHS: Final = frozenset({32, 40, 56, 64, 96, 128})
_B64_RE: Final = re.compile(r"[A-Za-z0-9+/]+={0,2}|[A-Za-z0-9_-]+={0,2}")
# base64 of 16/20/28/32/48/64-byte digests, padded and unpadded
_B64_DIGEST_LENGTHS: Final = frozenset({24, 22, 28, 27, 40, 38, 44, 43, 64, 86, 88})
_UUID_RE: Final = re.compile(r"\{?[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}\}?")
_OPAQUE_RE: Final = re.compile(r"[A-Za-z0-9+/=_.-]{32,}")
_EMAIL_RE: Final = re.compile(r"[^@\s]+@[^@\s]+\.[A-Za-z]{2,}")
_URL_RE: Final = re.compile(r"(?:[a-z][a-z0-9+.-]*://|www\.)", re.IGNORECASE)
_NUMBER_RE: Final = re.compile(r"[-+]?[0-9][0-9 ,._']*(?:[eE][-+]?[0-9]+)?%?")
_DATE_RE: Final = re.compile(
    r"\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?"
    r"|\d{1,2}:\d{2}(?::\d{2})?"
)
# Product codes / SKUs: upper-case letter and digit groups joined by separators (`SKU-10023`, `AB-1234-XY`).
_CODE_RE: Final = re.compile(r"[A-Z0-9]+(?:[-_/.][A-Z0-9]+)+")
_IPV4_RE: Final = re.compile(r"\d{1,3}(?:\.\d{1,3}){3}")
_IPV6_SHAPE_RE: Final = re.compile(r"\[?[0-9A-Fa-f:.]{2,45}(?:%\w+)?\]?(?:/\d{1,3})?")
_MAC_RE: Final = re.compile(
    r"[0-9A-Fa-f]{2}([:-])[0-9A-Fa-f]{2}(?:\1[0-9A-Fa-f]{2}){4}|[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}"
)
_PLACEHOLDER_RE: Final = re.compile(r"([*xX•#.?-])\1*|(?i:redacted|hidden|masked|null|none|n/?a|nil)")
_PASSWORD_SYMBOLS: Final = frozenset("!@#$%^&*?+=~<>()[]{}|\\/:;,'\"`")
_LEET_RE: Final = re.compile(r"[a-z]*(?:[@4][a-z]|[a-z][0134$@!5][a-z])[a-z0-9@$!]*", re.IGNORECASE)
_WORD_DIGITS_RE: Final = re.compile(r"[A-Za-z]{3,}[0-9]{1,6}[!@#$%&*?.]{0,3}")

# The most common leaked passwords: plaintext even though they are one character class.
_COMMON_PASSWORDS: Final = frozenset(
    {
        "123456", "123456789", "12345678", "password", "qwerty", "qwerty123", "1q2w3e4r", "111111",
        "12345", "1234567890", "1234567", "abc123", "password1", "iloveyou", "000000", "123123",
        "dragon", "monkey", "letmein", "football", "baseball", "sunshine", "princess", "welcome",
        "admin", "admin123", "login", "master", "shadow", "superman", "trustno1", "passw0rd",
        "qwertyuiop", "654321", "666666", "121212", "starwars", "hello123", "whatever", "freedom",
        "changeme", "secret", "lösenord", "losenord", "passwort", "wachtwoord", "salasana", "motdepasse",
        "azerty", "qwertz", "hallo123", "sommar", "sommar2024", "hej123", "zaq12wsx", "1qaz2wsx",
    }
)  # fmt: skip


def is_password_hash(value: str) -> bool:
    """True for the stored forms of a password: modular-crypt strings, hex and base64 digests."""
    value = value.strip()
    if not 20 <= len(value) <= 512:
        return False
    looks_modular = value.startswith(("$", "{")) or "$" in value[:24]
    if looks_modular and (any(r.fullmatch(value) for r in _MODULAR_CRYPT_RES) or _GENERIC_MCF_RE.fullmatch(value)):
        return True
    hex_body = value[2:] if value.startswith("0x") else value
    if len(hex_body) in _HEX_DIGEST_LENGTHS and _HEX_DIGEST_RE.fullmatch(value):
        return True
    if len(value) in _B64_DIGEST_LENGTHS and _B64_RE.fullmatch(value):
        # a base64 digest mixes cases and digits; a 22-char word is not a digest
        classes = sum((any(c.islower() for c in value), any(c.isupper() for c in value),
                       any(c.isdigit() for c in value)))  # fmt: skip
        return classes == 3 or value.endswith("=")
    return False


def _is_opaque_token(value: str) -> bool:
    return bool(_UUID_RE.fullmatch(value) or _OPAQUE_RE.fullmatch(value))


def _is_ipv6(value: str) -> bool:
    if ":" not in value or not _IPV6_SHAPE_RE.fullmatch(value):
        return False
    try:
        ipaddress.ip_interface(value.strip("[]"))
    except ValueError:
        return False
    return True


def _is_structured_non_secret(value: str) -> bool:
    """Values with a recognisable non-password shape: emails, URLs, dates, IPv4/IPv6 and MAC addresses, codes,
    placeholders. Their symbols (':' in an IPv6 address, '@' in an e-mail) are syntax, not password traits."""
    return bool(
        _EMAIL_RE.fullmatch(value)
        or _URL_RE.match(value)
        or _DATE_RE.fullmatch(value)
        or _IPV4_RE.fullmatch(value)
        or _MAC_RE.fullmatch(value)
        or _CODE_RE.fullmatch(value)
        or _PLACEHOLDER_RE.fullmatch(value)
        or _is_ipv6(value)
    )


def _character_classes(value: str) -> tuple[bool, bool, bool, bool]:
    lower = upper = digit = symbol = False
    for ch in value:
        if ch.isdigit():
            digit = True
        elif ch.isupper():
            upper = True
        elif ch.isalpha():
            lower = True
        elif not ch.isspace():
            symbol = True
    return lower, upper, digit, symbol


@dataclass(frozen=True)
class _ValueTraits:
    hash: bool = False
    opaque: bool = False
    placeholder: bool = False
    plaintext_candidate: bool = False  # a non-hash, non-structured string (counts under a strong header)
    plaintext_like: bool = False  # shows password traits on its own
    strong_trait: bool = False  # symbols, leetspeak or a common password: what usernames never show
    whitespace: bool = False


def _value_traits(raw: str) -> _ValueTraits:
    value = raw.strip()
    if not value:
        return _ValueTraits(placeholder=True)
    if is_password_hash(value):
        return _ValueTraits(hash=True)
    if _PLACEHOLDER_RE.fullmatch(value):
        return _ValueTraits(placeholder=True)
    folded = value.lower()
    if folded in _COMMON_PASSWORDS:
        return _ValueTraits(plaintext_candidate=True, plaintext_like=True, strong_trait=True)
    if _is_opaque_token(value):
        return _ValueTraits(opaque=True)
    whitespace = any(ch.isspace() for ch in value)
    if len(value) > 64:
        return _ValueTraits(whitespace=whitespace)
    if _NUMBER_RE.fullmatch(value):
        return _ValueTraits(plaintext_candidate=True)  # only a password under a password header
    if _is_structured_non_secret(value):
        return _ValueTraits(whitespace=whitespace)
    if whitespace:
        # a passphrase is possible, but by its values alone free text looks the same
        return _ValueTraits(plaintext_candidate=value.count(" ") <= 4, whitespace=True)
    lower, upper, digit, symbol = _character_classes(value)
    letters = lower or upper
    password_symbol = any(ch in _PASSWORD_SYMBOLS for ch in value)
    leet = (bool(_LEET_RE.fullmatch(value)) and digit) or (letters and "@" in value[1:] and "." not in value)
    strong_trait = (password_symbol and letters) or leet
    classes = sum((lower, upper, digit, symbol))
    plaintext_like = 6 <= len(value) <= 64 and (
        strong_trait or (upper and lower and digit) or (classes >= 3) or bool(_WORD_DIGITS_RE.fullmatch(value))
    )
    return _ValueTraits(plaintext_candidate=True, plaintext_like=plaintext_like, strong_trait=strong_trait)


def _shape(value: str) -> str:
    return "".join("9" if c.isdigit() else "A" if c.isupper() else "a" if c.isalpha() else c for c in value)


@dataclass(frozen=True)
class _Diversity:
    distinct_ratio: float
    shape_ratio: float
    length_spread: int

    @property
    def diverse(self) -> bool:
        # Real password columns repeat: the same common passwords recur across users, so a third of the
        # values may be repeats. Enumerations and codes fail on shape and length spread instead.
        return self.distinct_ratio >= 0.5 and self.shape_ratio >= 0.5 and self.length_spread >= 2


def _diversity(values: Sequence[str]) -> _Diversity:
    if not values:
        return _Diversity(0.0, 0.0, 0)
    lengths = [len(v) for v in values]
    distinct = set(values)
    return _Diversity(
        distinct_ratio=len(distinct) / len(values),
        # over distinct values: repeats of popular passwords are judged by distinct_ratio, not twice
        shape_ratio=len({_shape(v) for v in distinct}) / len(distinct),
        length_spread=max(lengths) - min(lengths),
    )


# --------------------------------------------------------------------------------------------------------
# column assessment


@dataclass(frozen=True)
class PasswordAssessment:
    is_raw_password: bool
    confidence: float  # [0,1]
    header_hit: bool  # a password-ish header word matched (whole tokens)
    plaintext_share: float  # share of sampled values that look like plaintext passwords
    hash_share: float  # share that look like password hashes
    reason: str  # a sentence, never a value


def _pct(share: float) -> str:
    return f"{round(share * 100)}%"


def assess_password_column(name: str, values: Sequence[str]) -> PasswordAssessment:
    """Does this column hold plaintext passwords? See the module docstring for the decision rules.

    `values` is a sample; at most `MAX_VALUES` non-empty values are examined. Shares are over the non-empty
    values examined. The reason never quotes a value.
    """
    header = _classify_header(name)
    header_hit = header.strong or header.weak
    sample = [v for v in (str(v) for v in values[: MAX_VALUES * 2]) if v.strip()][:MAX_VALUES]
    n = len(sample)
    if n == 0:
        return PasswordAssessment(
            is_raw_password=False,
            confidence=0.0,
            header_hit=header_hit,
            plaintext_share=0.0,
            hash_share=0.0,
            reason="The column has no non-empty sampled values to judge.",
        )
    traits = [_value_traits(v) for v in sample]
    hash_share = sum(t.hash for t in traits) / n
    plaintext_share = sum(t.plaintext_like for t in traits) / n
    candidate_share = sum(t.plaintext_candidate for t in traits) / n
    strong_share = sum(t.strong_trait for t in traits) / n
    whitespace_share = sum(t.whitespace for t in traits) / n
    candidates = [v for v, t in zip(sample, traits, strict=True) if t.plaintext_candidate]
    diversity = _diversity(candidates)
    of_n = f"of {n} sampled values"

    def verdict(is_raw: bool, confidence: float, reason: str) -> PasswordAssessment:
        return PasswordAssessment(
            is_raw_password=is_raw,
            confidence=round(min(max(confidence, 0.0), 1.0), 3),
            header_hit=header_hit,
            plaintext_share=round(plaintext_share, 4),
            hash_share=round(hash_share, 4),
            reason=reason,
        )

    # 1. the header names a hash column: only plaintext-looking values overrule it
    if header.hashy:
        if plaintext_share >= 0.5 and hash_share < 0.2:
            return verdict(
                True,
                0.6 + 0.35 * plaintext_share,
                f"The header names a hashed field, but {_pct(plaintext_share)} {of_n} look like plaintext "
                "passwords and few look like hashes.",
            )
        return verdict(
            False,
            0.9 if hash_share >= 0.5 else 0.6,
            f"The header names a hashed field and {_pct(hash_share)} {of_n} look like password hashes.",
        )

    if hash_share >= 0.8 and candidate_share < 0.1:
        return verdict(False, 0.9, f"{_pct(hash_share)} {of_n} are password hashes, not plaintext.")

    # 2. strong header: any non-hash, non-placeholder string is a stored password
    if header.strong:
        if candidate_share >= 0.5:
            return verdict(
                True,
                0.75 + 0.25 * candidate_share,
                f"The header names a password field and {_pct(candidate_share)} {of_n} are plain strings, not hashes.",
            )
        if candidate_share >= 0.1 and candidate_share * n >= 2:
            return verdict(
                True,
                0.5 + 0.5 * candidate_share,
                f"The header names a password field; {_pct(hash_share)} {of_n} are hashes but "
                f"{_pct(candidate_share)} are plain strings.",
            )
        return verdict(
            False,
            0.7,
            f"The header names a password field but only {_pct(candidate_share)} {of_n} are plain strings "
            f"({_pct(hash_share)} are hashes).",
        )

    # 3. weak header: the values must look like passwords too
    if header.weak:
        if plaintext_share >= 0.5 and hash_share < 0.3 and whitespace_share < 0.2 and diversity.diverse:
            return verdict(
                True,
                0.5 + 0.4 * plaintext_share,
                f"The header may name a password field and {_pct(plaintext_share)} {of_n} look like "
                "plaintext passwords.",
            )
        return verdict(
            False,
            0.5,
            f"The header may name a password field but only {_pct(plaintext_share)} {of_n} look like "
            "plaintext passwords.",
        )

    # 4. no header evidence: values alone, with a high bar
    if n >= 5 and plaintext_share >= 0.7 and strong_share >= 0.3 and whitespace_share < 0.1 and diversity.diverse:
        return verdict(
            True,
            0.35 + 0.4 * plaintext_share + 0.2 * strong_share,
            f"No password header, but {_pct(plaintext_share)} {of_n} look like plaintext passwords "
            "(mixed character classes, symbols, varied shapes).",
        )
    return verdict(
        False,
        0.8 if plaintext_share < 0.3 else 0.5,
        f"{_pct(plaintext_share)} {of_n} look like plaintext passwords; not enough for a password column.",
    )


# --------------------------------------------------------------------------------------------------------
# prescan of an upload's first bytes


@dataclass(frozen=True)
class PrescanFinding:
    """One column of an upload prefix that holds plaintext passwords."""

    column_index: int  # 0-based position in the header
    column_name: MaskedValue  # via mask_name: a header can hold personal data itself
    confidence: float
    header_hit: bool
    plaintext_share: float
    hash_share: float
    values_examined: int
    reason: str  # a sentence, never a value


@dataclass(frozen=True)
class PrescanResult:
    raw_passwords_found: bool
    findings: list[PrescanFinding]
    format_guess: str  # "csv" | "json" | "xlsx" | "parquet" | "unknown"
    bytes_examined: int


def _guess_binary_format(head: bytes, filename: str | None) -> str | None:
    lower_name = (filename or "").lower()
    if head.startswith(b"PAR1") or lower_name.endswith(".parquet"):
        return "parquet"
    if head.startswith(b"PK\x03\x04") or lower_name.endswith((".xlsx", ".xlsm")):
        if lower_name.endswith((".xlsx", ".xlsm")) or b"xl/" in head[:65536] or b"[Content_Types]" in head[:4096]:
            return "xlsx"
        return "unknown"
    return None


def _decode(head: bytes) -> str | None:
    if head.startswith(b"\xef\xbb\xbf"):
        return head[3:].decode("utf-8", "replace")
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        body = head[2:]
        return body[: len(body) - len(body) % 2].decode("utf-16-le" if head[0] == 0xFF else "utf-16-be", "replace")
    sample = head[:8192]
    if sample.count(0) > max(1, len(sample) // 100):
        return None  # binary
    text = head.decode("utf-8", "replace")
    probe = text[:4096]
    bad = sum(1 for ch in probe if ch == "\ufffd" or (ord(ch) < 32 and ch not in "\t\r\n\f"))
    if probe and bad / len(probe) > 0.1:
        try:  # legacy single-byte encodings (Excel's CSV export on Windows)
            return head.decode("cp1252")
        except UnicodeDecodeError:
            return None
    return text


def _complete_lines(text: str, max_lines: int, truncated_possible: bool) -> str:
    """The first `max_lines` lines; a trailing line without its newline may be cut, so it is dropped."""
    end = 0
    for _ in range(max_lines):
        newline = text.find("\n", end)
        if newline == -1:
            if not truncated_possible:
                end = len(text)
            break
        end = newline + 1
    return text[:end]


_DELIMITERS: Final = (",", ";", "\t", "|")


def _sniff_delimiter(lines: list[str]) -> str:
    best, best_score = ",", -1.0
    for delimiter in _DELIMITERS:
        counts = [line.count(delimiter) for line in lines if line.strip()]
        if not counts or counts[0] == 0:
            continue
        consistent = sum(1 for c in counts if c == counts[0]) / len(counts)
        score = consistent * 10 + min(counts[0], 50) / 50
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _csv_columns(text: str) -> tuple[list[str], list[list[str]]]:
    lines = text.splitlines()[:20]
    delimiter = _sniff_delimiter(lines)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header: list[str] = []
    columns: list[list[str]] = []
    max_rows = PRESCAN_MAX_ROWS
    try:
        for row_index, row in enumerate(reader):
            if row_index == 0:
                header = [cell for cell in row[:PRESCAN_MAX_COLUMNS]]
                columns = [[] for _ in header]
                max_rows = min(PRESCAN_MAX_ROWS, max(20, PRESCAN_MAX_CELLS // max(1, len(header))))
                continue
            if row_index > max_rows:
                break
            for i, cell in enumerate(row[: len(header)]):
                columns[i].append(cell)
    except csv.Error:
        pass  # a cut or malformed tail: judge the rows read so far
    return header, columns


def _scalar_text(value: Any) -> str | None:
    if value is None or isinstance(value, dict | list):
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _flatten(record: dict[str, Any], prefix: str = "", depth: int = 0) -> Iterator[tuple[str, str]]:
    for key, value in list(record.items())[:PRESCAN_MAX_COLUMNS]:
        name = f"{prefix}{key}"
        if isinstance(value, dict) and depth < 3:
            yield from _flatten(value, f"{name}.", depth + 1)
        else:
            text = _scalar_text(value)
            if text is not None:
                yield name, text


def _json_records(text: str) -> list[dict[str, Any]]:
    decoder = json.JSONDecoder()
    stripped = text.lstrip()
    records: list[dict[str, Any]] = []
    if stripped.startswith("{"):
        # JSON Lines: one object per line
        for line in stripped.splitlines():
            line = line.strip()
            if not line:
                continue
            try:
                parsed = json.loads(line)
            except (ValueError, RecursionError):
                break
            if not isinstance(parsed, dict):
                break
            records.append(parsed)
            if len(records) >= PRESCAN_MAX_ROWS:
                return records
        if len(records) >= 2:
            return records
        # one (possibly cut) object wrapping an array of records: {"data": [{...}, ...]}
        records = []
        array_start = re.search(r":\s*\[\s*\{", stripped[:65536])
        if array_start is None:
            return records
        index = array_start.end() - 1
    elif stripped.startswith("["):
        index = 1
    else:
        return records
    while len(records) < PRESCAN_MAX_ROWS:
        while index < len(stripped) and stripped[index] in " \t\r\n,":
            index += 1
        if index >= len(stripped) or stripped[index] != "{":
            break
        try:
            parsed, index = decoder.raw_decode(stripped, index)
        except (ValueError, RecursionError):
            break  # the cut-off tail (or nesting too deep to be a record)
        if isinstance(parsed, dict):
            records.append(parsed)
    return records


def _json_columns(text: str) -> tuple[list[str], list[list[str]]]:
    records = _json_records(text)
    header: list[str] = []
    positions: dict[str, int] = {}
    columns: list[list[str]] = []
    cells = 0
    for record in records:
        for name, value in _flatten(record):
            position = positions.get(name)
            if position is None:
                if len(header) >= PRESCAN_MAX_COLUMNS:
                    continue
                position = positions[name] = len(header)
                header.append(name)
                columns.append([])
            columns[position].append(value)
            cells += 1
        if cells >= PRESCAN_MAX_CELLS:
            break
    return header, columns


def _findings(header: list[str], columns: list[list[str]]) -> list[PrescanFinding]:
    findings: list[PrescanFinding] = []
    for index, (name, values) in enumerate(zip(header, columns, strict=False)):
        assessment = assess_password_column(name, values)
        if assessment.is_raw_password:
            findings.append(
                PrescanFinding(
                    column_index=index,
                    column_name=mask_name(name),
                    confidence=assessment.confidence,
                    header_hit=assessment.header_hit,
                    plaintext_share=assessment.plaintext_share,
                    hash_share=assessment.hash_share,
                    values_examined=min(len(values), MAX_VALUES),
                    reason=assessment.reason,
                )
            )
    return findings


def _first_lines(data: bytes, max_lines: int) -> bytes:
    end = 0
    for _ in range(max_lines):
        newline = data.find(b"\n", end)
        if newline == -1:
            return data
        end = newline + 1
    return data[:end]


def prescan_bytes(head: bytes, filename: str | None = None) -> PrescanResult:
    """Look for plaintext-password columns in the first bytes of an upload (the last line may be cut).

    CSV/TSV (delimiter sniffed) and JSON Lines / JSON arrays (complete records only) are inspected on their
    first rows; XLSX and Parquet keep their structure at the end of the file, so a prefix says nothing and
    they come back with a format guess and no findings. Never raises.
    """
    try:
        data = bytes(head)
    except Exception:
        return PrescanResult(False, [], "unknown", 0)
    try:
        binary_format = _guess_binary_format(data, filename)
        if binary_format is not None:
            return PrescanResult(False, [], binary_format, 0)
        looks_json = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"{", b"[")
        if not looks_json and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
            data = _first_lines(data, PRESCAN_MAX_ROWS + 51)  # decode only what the CSV path reads
        text = _decode(data)
        if text is None:
            return PrescanResult(False, [], "unknown", 0)
        if text.lstrip()[:1] in ("{", "["):
            header, columns = _json_columns(text)
            fmt = "json"
            examined = len(data)
        else:
            fmt = "csv"
            body = _complete_lines(text, PRESCAN_MAX_ROWS + 50, truncated_possible=True)
            if not body:
                body = text  # a single line: a header without rows, or a file shorter than its first line
            header, columns = _csv_columns(body)
            examined = min(len(data), len(body.encode("utf-8", "replace")))
        return PrescanResult(bool(findings := _findings(header, columns)), findings, fmt, examined)
    except Exception as exc:  # the prescan is advisory: a bug here must not fail the upload
        import structlog  # only on this rare path: structlog's import costs a quarter of a second

        structlog.get_logger(__name__).warning("prescan_failed", error_type=type(exc).__name__)
        return PrescanResult(False, [], "unknown", 0)
