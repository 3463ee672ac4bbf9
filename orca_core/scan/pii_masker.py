"""pii_masker: the only door from a raw value to anything that may leave the process.

Everything that talks to the outside (LLM prompts, API responses, reports, log lines) accepts `MaskedValue`,
never `str`. A `MaskedValue` can only be minted here: its constructor demands a private token, and every
instance carries an HMAC seal over its text (keyed by a per-process secret) that is checked whenever the text
is read, so `object.__new__`, `object.__setattr__`, copying and pickling tricks cannot smuggle raw text out.

Masking rules (a mask keeps shape, never content):

* Every mask is at most `MAX_MASK_CHARS` characters (longer masks are cut and end with "…"); masking never
  raises, whatever the string (empty, huge, NUL, lone surrogates, bidi overrides).
* Values of length <= 4 are fully masked (one `*` per character).
* Values of length <= 8 never reveal more than 2 raw characters: a category mask that would reveal more falls
  back to the generic shape mask (which reveals none).
* Raw characters are only ever revealed when they are ASCII letters/digits, or for name initials a plain
  cased letter (never controls, combining marks or bidi overrides).

Per category (`mask_value`):

==================  =========================================================================================
EMAIL_ADDRESS       ``j***@e***.com``: first char of the local part and of the domain, the TLD when it is
                    2-10 ASCII letters; a part shorter than 3 chars is masked whole (``***``).
CREDIT_CARD         ``**** **** **** 4242``: 12-19 ASCII digits with space/hyphen separators; last 4 only.
IBAN                ``SE** **** **** **** **** 1234``: country code + last 4, regrouped in blocks of four.
PHONE_NUMBER        ``+46 ** *** ** 67``: a leading ``+``/``00`` country code (when the number has >= 9
                    digits) and the last 2 digits; other digits ``*``; separators kept.
NATIONAL_ID         ``19****-***4``: first 2 and last 1 ASCII letters/digits (only when >= 9 of them),
                    separators kept.
PERSON_NAME         ``J*** D**``: initial of the first and of the last name part only, other letters ``*``.
DATE_OF_BIRTH       ``19**-**-**``: the century digits of a 19xx/20xx year, everything else masked.
IP_ADDRESS          ``192.168.*.*`` (IPv4: first two octets) / ``2001:*:*:*:*:*:*:*`` (IPv6: first group).
PASSWORD            always ``********`` (not even the length survives).
other personal      generic shape: letters ``*``, digits ``#``, ASCII punctuation and spaces kept.
NONE                generic shape (the caller still asked for a mask).
None (unknown)      conservative: every letter and digit ``*``, ASCII punctuation kept, cut at 32 chars.
==================  =========================================================================================

Column, sheet, table and file names: `mask_name` for the user's own report (words kept), `mask_name_for_egress`
for a name that leaves the process (the LLM request), which also masks every word that is a person's name.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import itertools
import re
import secrets
import unicodedata
from typing import Any, Final, NoReturn, final

from orca_core.scan.categories import PERSONAL_CATEGORIES, Category
from orca_core.scan.detect.lexicon import fold
from orca_core.scan.detect.name_tokens import person_name_flags

_MINT: Final = object()
_SEAL_KEY: Final = secrets.token_bytes(32)

MAX_MASK_CHARS: Final = 64
MAX_NAME_CHARS: Final = 256
_UNKNOWN_MAX_CHARS: Final = 32
_REPORT_RAW_MAX_CHARS: Final = 64
_SHAPE_RUN_CAP: Final = 4
_ELLIPSIS: Final = "…"

_ASCII_ALNUM: Final = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
_ASCII_DIGITS: Final = frozenset("0123456789")
_ASCII_LETTERS: Final = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
# Printable ASCII punctuation that may be kept in a shape mask: carries structure, never content.
_KEPT_PUNCT: Final = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~ ")
_SEPARATORS: Final = frozenset(" -./+()")


def _seal(text: str) -> bytes:
    return hmac.new(_SEAL_KEY, text.encode("utf-8", "surrogatepass"), hashlib.sha256).digest()


@final
class MaskedValue:
    """A value that has passed through the masker. Immutable; compares and hashes by its masked text."""

    __slots__ = ("_seal", "_text")
    _text: str
    _seal: bytes

    def __init__(self, text: str, *, _token: object = None) -> None:
        if _token is not _MINT:
            raise TypeError("MaskedValue can only be produced by orca_core.scan.pii_masker")
        if type(text) is not str:
            raise TypeError("MaskedValue text must be a str")
        object.__setattr__(self, "_text", text)
        object.__setattr__(self, "_seal", _seal(text))

    def __init_subclass__(cls, **kwargs: Any) -> NoReturn:
        raise TypeError("MaskedValue cannot be subclassed")

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("MaskedValue is immutable")

    def __delattr__(self, name: str) -> None:
        raise AttributeError("MaskedValue is immutable")

    def __reduce__(self) -> NoReturn:
        raise TypeError("MaskedValue cannot be pickled")

    def __reduce_ex__(self, protocol: Any) -> NoReturn:
        raise TypeError("MaskedValue cannot be pickled")

    def __getstate__(self) -> NoReturn:
        raise TypeError("MaskedValue cannot be pickled")

    def __copy__(self) -> MaskedValue:
        self._checked()  # a forged instance must not be laundered through copy
        return self

    def __deepcopy__(self, memo: object) -> MaskedValue:
        self._checked()
        return self

    def _checked(self) -> str:
        """The text, after proving this instance was minted here and not tampered with since."""
        try:
            text = object.__getattribute__(self, "_text")
            seal = object.__getattribute__(self, "_seal")
        except AttributeError:
            raise TypeError("MaskedValue was not produced by orca_core.scan.pii_masker") from None
        if type(text) is not str or type(seal) is not bytes or not hmac.compare_digest(seal, _seal(text)):
            raise TypeError("MaskedValue was not produced by orca_core.scan.pii_masker")
        return text

    @property
    def text(self) -> str:
        return self._checked()

    def __str__(self) -> str:
        return self._checked()

    def __format__(self, format_spec: str) -> str:
        return format(self._checked(), format_spec)

    def __repr__(self) -> str:
        return f"MaskedValue({self._checked()!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, MaskedValue) and other._checked() == self._checked()

    def __hash__(self) -> int:
        return hash(("MaskedValue", self._checked()))


def _mint(text: str) -> MaskedValue:
    return MaskedValue(text, _token=_MINT)


# ---------------------------------------------------------------------------------------------------------
# small helpers


def _cap(text: str, limit: int = MAX_MASK_CHARS) -> str:
    if len(text) <= limit:
        return text
    return text[: limit - 1] + _ELLIPSIS


def _revealed_count(mask: str) -> int:
    return sum(1 for ch in mask if ch in _ASCII_ALNUM)


def _generic_mask(raw: str, *, limit: int = MAX_MASK_CHARS) -> str:
    """Letters -> `*`, digits -> `#`, whitespace -> space, ASCII punctuation kept, anything else `*`."""
    out: list[str] = []
    for ch in raw[: limit + 1]:
        if ch.isalpha():
            out.append("*")
        elif ch.isdigit() or ch.isnumeric():
            out.append("#")
        elif ch.isspace():
            out.append(" ")
        elif ch in _KEPT_PUNCT:
            out.append(ch)
        else:
            out.append("*")
    return _cap("".join(out), limit)


def _unknown_mask(raw: str) -> str:
    """Unknown category: every letter or digit `*`; only structure (punctuation, rough length) survives."""
    out: list[str] = []
    for ch in raw[: _UNKNOWN_MAX_CHARS + 1]:
        if ch.isspace():
            out.append(" ")
        elif ch in _KEPT_PUNCT:
            out.append(ch)
        else:
            out.append("*")
    return _cap("".join(out), _UNKNOWN_MAX_CHARS)


def _keep_if_ascii_alnum(ch: str) -> str:
    return ch if ch in _ASCII_ALNUM else "*"


# ---------------------------------------------------------------------------------------------------------
# per-category masks: each returns None when the value does not have the category's shape


def _mask_email(raw: str) -> str | None:
    value = raw.strip()
    if len(value) > 320 or value.count("@") != 1:
        return None
    local, _, domain = value.partition("@")
    labels = domain.split(".")
    if not local or len(labels) < 2 or not all(labels):
        return None
    if any(ch.isspace() for ch in value):
        return None
    first_label, tld = labels[0], labels[-1]
    if len(local) < 3 or len(first_label) < 3:
        return "***@***.***"
    tld_kept = tld if 2 <= len(tld) <= 10 and all(ch in _ASCII_LETTERS for ch in tld) else "***"
    return f"{_keep_if_ascii_alnum(local[0])}***@{_keep_if_ascii_alnum(first_label[0])}***.{tld_kept}"


def _mask_card(raw: str) -> str | None:
    value = raw.strip()
    if len(value) > 40 or not value or any(ch not in _ASCII_DIGITS and ch not in " -" for ch in value):
        return None
    digit_positions = [i for i, ch in enumerate(value) if ch in _ASCII_DIGITS]
    if not 12 <= len(digit_positions) <= 19:
        return None
    keep = set(digit_positions[-4:])
    return "".join(ch if (i in keep or ch not in _ASCII_DIGITS) else "*" for i, ch in enumerate(value))


_IBAN_RE: Final = re.compile(r"[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}")


def _mask_iban(raw: str) -> str | None:
    value = raw.strip()
    if len(value) > 64:
        return None
    compact = "".join(ch for ch in value if ch not in " -").upper()
    if not _IBAN_RE.fullmatch(compact):
        return None
    masked = compact[:2] + "*" * (len(compact) - 6) + compact[-4:]
    return " ".join(masked[i : i + 4] for i in range(0, len(masked), 4))


def _phone_country_code(value: str) -> str | None:
    import phonenumbers  # lazy: only phone masks need the metadata

    candidate = value
    if candidate.startswith("00"):
        candidate = "+" + candidate[2:]
    if not candidate.startswith("+"):
        return None
    try:
        parsed = phonenumbers.parse(candidate, None)
    except phonenumbers.NumberParseException:
        return None
    code = parsed.country_code
    return str(code) if code else None


def _mask_phone(raw: str) -> str | None:
    value = raw.strip()
    if len(value) > 40 or not value:
        return None
    if any(ch not in _ASCII_DIGITS and ch not in _SEPARATORS for ch in value):
        return None
    if "+" in value[1:]:
        return None
    digit_positions = [i for i, ch in enumerate(value) if ch in _ASCII_DIGITS]
    if not 6 <= len(digit_positions) <= 17:
        return None
    keep: set[int] = set(digit_positions[-2:])
    if len(digit_positions) >= 9:
        code = _phone_country_code(value)
        if code is not None:
            start = 2 if value.startswith("00") else 1
            if value[start : start + len(code)] == code:
                keep.update(range(start, start + len(code)))
                keep.update(range(start))  # the international prefix `00` itself
    return "".join(ch if (i in keep or ch not in _ASCII_DIGITS) else "*" for i, ch in enumerate(value))


def _mask_national_id(raw: str) -> str | None:
    value = raw.strip()
    if len(value) > 40 or not value:
        return None
    if any(ch not in _ASCII_ALNUM and ch not in _SEPARATORS for ch in value):
        return None
    alnum_positions = [i for i, ch in enumerate(value) if ch in _ASCII_ALNUM]
    keep: set[int] = set()
    if len(alnum_positions) >= 9:
        keep = {*alnum_positions[:2], alnum_positions[-1]}
    return "".join(ch if (i in keep or ch not in _ASCII_ALNUM) else "*" for i, ch in enumerate(value))


def _mask_person_name(raw: str) -> str | None:
    parts = raw.split()
    if not parts or len(raw) > 200:
        return None
    out: list[str] = []
    for index, part in enumerate(parts):
        keep_initial = index in (0, len(parts) - 1) and len(part) >= 2 and part[0].isalpha()
        masked = [_generic_char(ch) for ch in part]
        if keep_initial and _is_plain_letter(part[0]):
            masked[0] = part[0]
        out.append("".join(masked))
    return " ".join(out)


def _is_plain_letter(ch: str) -> bool:
    """A letter that is safe to print (no combining marks, controls or bidi tricks)."""
    return ch.isalpha() and unicodedata.category(ch) in ("Lu", "Ll", "Lt")


def _generic_char(ch: str) -> str:
    if ch.isalpha():
        return "*"
    if ch.isdigit() or ch.isnumeric():
        return "#"
    if ch in _KEPT_PUNCT:
        return ch
    return "*"


_YEAR_RE: Final = re.compile(r"(?<![0-9])(19|20)[0-9]{2}")


def _mask_date_of_birth(raw: str) -> str | None:
    value = raw.strip()
    if not value or len(value) > 40:
        return None
    keep: set[int] = set()
    match = _YEAR_RE.search(value)
    if match is not None:
        keep = {match.start(), match.start() + 1}
    out: list[str] = []
    for i, ch in enumerate(value):
        if i in keep or ch in _SEPARATORS or ch in ":,":
            out.append(ch)
        else:
            out.append("*")
    return "".join(out)


def _mask_ip(raw: str) -> str | None:
    value = raw.strip()
    if not value or len(value) > 64:
        return None
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv4Address):
        first, second = str(address).split(".")[:2]
        return f"{first}.{second}.*.*"
    first_group = address.exploded.split(":")[0].lstrip("0") or "0"
    return first_group + ":*" * 7


_CATEGORY_MASKS: Final = {
    Category.EMAIL_ADDRESS: _mask_email,
    Category.CREDIT_CARD: _mask_card,
    Category.IBAN: _mask_iban,
    Category.PHONE_NUMBER: _mask_phone,
    Category.NATIONAL_ID: _mask_national_id,
    Category.PERSON_NAME: _mask_person_name,
    Category.DATE_OF_BIRTH: _mask_date_of_birth,
    Category.IP_ADDRESS: _mask_ip,
}


# ---------------------------------------------------------------------------------------------------------
# public API


def mask_value(raw: str, category: Category | None = None) -> MaskedValue:
    """Mask one raw cell value, keeping enough shape to be useful and nothing more.

    `category=None` means "unknown": the most conservative mask (no letter or digit survives). A value that
    does not have its category's shape (an "email" without `@`) gets the generic shape mask. Never raises.
    """
    if not isinstance(raw, str):
        raw = str(raw)
    if category is None:
        return _mint(_unknown_mask(raw))
    if category is Category.PASSWORD:
        return _mint("********")
    if len(raw) <= 4:
        return _mint("*" * len(raw))
    masker = _CATEGORY_MASKS.get(category)
    masked: str | None = None
    if masker is not None:
        try:
            masked = masker(raw)
        except Exception:  # a masker bug must degrade to a stricter mask, never to an error or raw text
            masked = None
    if masked is None or (len(raw) <= 8 and _revealed_count(masked) > 2):
        masked = _generic_mask(raw)
    return _mint(_cap(masked))


# An email's local part may hold any of !#$%&'*+/=?^`{|}~ too; `_` is included, so `export_jane@x.com` is
# masked whole (over-masking a word beats leaking a first name).
_NAME_EMAIL_RE: Final = re.compile(r"[\w.!#$%&'*+/=?^`{|}~\-]*@(?:[^\W_]|-)*(?:\.(?:[^\W_]|-)+)*")
# Digit runs joined by at most two separator characters: phone numbers, dates, IDs written in pieces.
_NAME_DIGIT_CLUSTER_RE: Final = re.compile(r"[0-9]+(?:[ \-./_+()]{1,2}[0-9]+)*")
_NAME_TOKEN_RE: Final = re.compile(r"[^\W_]+")
_IBAN_LIKE_RE: Final = re.compile(r"[A-Za-z]{2}[0-9]{2}[A-Za-z0-9]{11,30}")


def _safe_name_char(ch: str) -> str:
    """Column names are shown to people: drop controls, bidi overrides and surrogates."""
    category = unicodedata.category(ch)
    if category[0] == "C":  # Cc, Cf (bidi overrides, zero-width), Cs, Co, Cn
        return "?"
    if ch.isspace():
        return " "
    return ch


def _mask_name_segment(segment: str) -> str:
    chars = list(segment)
    for match in _NAME_DIGIT_CLUSTER_RE.finditer(segment):
        digits = sum(1 for ch in match.group() if ch in _ASCII_DIGITS)
        if digits >= 4:
            for i in range(match.start(), match.end()):
                if chars[i] in _ASCII_DIGITS:
                    chars[i] = "#"
    for match in _NAME_TOKEN_RE.finditer(segment):
        token = match.group()
        digits = sum(1 for ch in token if ch.isdigit() or ch.isnumeric())
        iban_like = _IBAN_LIKE_RE.fullmatch(token) is not None
        if digits >= 4 or iban_like or (digits and any(ch.isalpha() for ch in token) and len(token) >= 12):
            for i in range(match.start(), match.end()):
                chars[i] = _generic_char(chars[i]) if chars[i] != "#" else "#"
        elif digits:
            # non-ASCII digits (Arabic-Indic, fullwidth, ...) never pass through unmasked
            for i in range(match.start(), match.end()):
                if (chars[i].isdigit() or chars[i].isnumeric()) and chars[i] not in _ASCII_DIGITS:
                    chars[i] = "#"
    return "".join(_safe_name_char(ch) for ch in chars)


def _name_text(raw: str) -> str:
    """`mask_name`'s rules on (the first 2 x MAX_NAME_CHARS characters of) a name, not yet cut to length."""
    text = raw[: MAX_NAME_CHARS * 2]
    out: list[str] = []
    position = 0
    for match in _NAME_EMAIL_RE.finditer(text):
        local, _, domain = match.group().partition("@")
        if not local or not domain:
            continue
        out.append(_mask_name_segment(text[position : match.start()]))
        out.append("***@***")
        position = match.end()
    out.append(_mask_name_segment(text[position:]))
    return "".join(out)


def mask_name(raw: str) -> MaskedValue:
    """Mask a column, sheet, table or file name, which can itself hold personal data.

    Ordinary words survive (`customers`, `lösenord`, `col2`); embedded emails become `***@***`, runs of >= 4
    digits (also when split by separators: phone numbers, dates, personal numbers) become `#`, and tokens that
    look like identifiers (>= 4 digits, IBAN-shaped, long letter+digit mixes) are masked whole. Control and
    bidi characters become `?`. Deterministic; at most `MAX_NAME_CHARS` characters; never raises.

    This is what the user's own report shows. A name that leaves the process uses `mask_name_for_egress`.
    """
    if not isinstance(raw, str):
        raw = str(raw)
    return _mint(_cap(_name_text(raw), MAX_NAME_CHARS))


_PERSON_WORD_MASK: Final = "***"


def _is_word_char(ch: str) -> bool:
    return ch.isalpha() or unicodedata.category(ch)[0] == "M"  # combining marks belong to their letter


def _camel_cuts(text: str, start: int, end: int) -> list[int]:
    """Where a letter run splits into words: `customerEmail` -> customer|Email, `XMLFile` -> XML|File (the
    lexicon's camelCase rule; a combining mark is skipped when looking at the previous letter)."""
    cuts: list[int] = []
    previous = ""
    for index in range(start, end):
        ch = text[index]
        if unicodedata.category(ch)[0] == "M":
            continue
        if index > start and ch.isupper():
            following = text[index + 1] if index + 1 < end else ""
            if previous.islower() or (previous.isupper() and following.islower()):
                cuts.append(index)
        previous = ch
    return cuts


def _name_words(text: str) -> list[tuple[int, int]]:
    """Spans of the words of a name: letter runs split on camelCase, and digit runs (so header phrases with
    numbers match as the lexicon tokenises them). Everything else separates."""
    spans: list[tuple[int, int]] = []
    index = 0
    while index < len(text):
        ch = text[index]
        end = index + 1
        if _is_word_char(ch):
            while end < len(text) and _is_word_char(text[end]):
                end += 1
            bounds = [index, *_camel_cuts(text, index, end), end]
            spans.extend((left, right) for left, right in itertools.pairwise(bounds) if left < right)
        elif ch.isdigit():
            while end < len(text) and text[end].isdigit():
                end += 1
            spans.append((index, end))
        index = end
    return spans


def _mask_person_words(text: str) -> str:
    """Every word of `text` that is a person's first or last name becomes `***` (one `***` for a run of
    them with nothing in between: `AnnaSvensson` -> `***`)."""
    spans = _name_words(text)
    if not spans:
        return text
    flags = person_name_flags(tuple(fold(text[start:end]) for start, end in spans))
    out: list[str] = []
    position = 0
    for (start, end), is_person_name in zip(spans, flags, strict=True):
        if not is_person_name:
            continue
        if not (start == position and out and out[-1] == _PERSON_WORD_MASK):
            out.append(text[position:start])
            out.append(_PERSON_WORD_MASK)
        position = end
    out.append(text[position:])
    return "".join(out)


def mask_name_for_egress(raw: str) -> MaskedValue:
    """A column, sheet, table or file name as it may leave the process (the LLM request): `mask_name`, and
    every word that is a person's first or last name becomes `***`.

    `notes_for_mohammed` -> `notes_for_***`, `anna.svensson` -> `***.***`, `Erik` -> `***`,
    `smith_family.xlsx` -> `***_family.xlsx`; `first_name`, `customer_city`, `personnummer`, `Geburtsdatum`
    stay. Which words are names is decided by `orca_core.scan.detect.name_tokens` (the name gazetteers minus
    header vocabulary). Invisible format and control characters are dropped first, so they cannot split a
    name into fragments no list knows. Deterministic, idempotent (masking the output again changes nothing:
    the LLM boundary checks exactly that), at most `MAX_NAME_CHARS` characters; never raises. When the word
    check fails, or the output does not settle, every letter and digit is masked.
    """
    if not isinstance(raw, str):
        raw = str(raw)
    visible = "".join(ch for ch in raw[: MAX_NAME_CHARS * 2] if ch.isspace() or unicodedata.category(ch)[0] != "C")
    every_letter_masked = _mint(_generic_mask(visible, limit=MAX_NAME_CHARS))
    try:
        masked = _egress_name_pass(visible)
        for _ in range(_EGRESS_SETTLE_PASSES):
            again = _egress_name_pass(masked)
            if again == masked:
                return _mint(masked)
            masked = again
    except Exception:  # a bug here must end in a stricter mask, never in an error or in unchecked words
        return every_letter_masked
    return every_letter_masked


# `mask_name`'s rules are not always idempotent on their own output (`0@0@0` -> `***@***@0` -> `***@***@***`):
# egress masks again until nothing changes.
_EGRESS_SETTLE_PASSES: Final = 4


def _egress_name_pass(text: str) -> str:
    # a word cut in half by the length cap can itself read as a name (`Johnsonville` -> `Johnson…`)
    return _mask_person_words(_cap(_mask_person_words(_name_text(text)), MAX_NAME_CHARS))


def mask_shape(raw: str) -> MaskedValue:
    """The value's shape (`Hello 42` -> `Aaaa 99`): upper `A`, lower `a`, digit `9`, other letters `a`.

    Whitespace becomes a space, ASCII punctuation is kept, anything else becomes `?`; runs of one symbol are
    capped at 4. Shows no raw letter or digit; meant for describing non-personal columns.
    """
    if not isinstance(raw, str):
        raw = str(raw)
    out: list[str] = []
    run_symbol = ""
    run_length = 0
    for ch in raw[: MAX_MASK_CHARS * 8]:
        if ch.isdigit() or ch.isnumeric():
            symbol = "9"
        elif ch.isupper():
            symbol = "A"
        elif ch.isalpha():
            symbol = "a"
        elif ch.isspace():
            symbol = " "
        elif ch in _KEPT_PUNCT:
            symbol = ch
        else:
            symbol = "?"
        if symbol == run_symbol:
            run_length += 1
            if run_length > _SHAPE_RUN_CAP:
                continue
        else:
            run_symbol, run_length = symbol, 1
        out.append(symbol)
        if len(out) > MAX_MASK_CHARS:
            break
    return _mint(_cap("".join(out)))


def mask_for_report(raw: str, category: Category | None) -> MaskedValue:
    """What a report may show for one value of a column classified as `category`.

    * personal categories: exactly `mask_value(raw, category)`;
    * `Category.NONE` (the classifier found the column NOT personal): the raw value itself, cut to 64
      characters (ending in "…" when cut), with control/bidi/surrogate characters replaced by U+FFFD.
      Non-personal values may be shown: that is what makes a report useful. Only pass NONE for columns the
      classifier actually cleared;
    * `None` (unknown): the conservative unknown-category mask.
    """
    if not isinstance(raw, str):
        raw = str(raw)
    if category is None or category in PERSONAL_CATEGORIES:
        return mask_value(raw, category)
    head = raw[: _REPORT_RAW_MAX_CHARS + 1]
    cleaned = "".join("\ufffd" if unicodedata.category(ch)[0] == "C" else ch for ch in head)
    return _mint(_cap(cleaned, _REPORT_RAW_MAX_CHARS))
