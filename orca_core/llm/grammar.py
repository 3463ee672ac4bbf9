"""What a masked value may look like, per mask kind: the check that runs before a request leaves and again,
from the stored body alone, in `orca llm verify`.

The masker (`orca_core.scan.pii_masker`) is the only producer of masked text; this module re-states its output
rules as acceptance tests that need no raw value. A string passes when it could only have come out of the
masker for that kind: it reveals at most the raw characters the masker's policy allows (an e-mail mask keeps
the first character of the local part and of the domain and the TLD, a card its last four digits, ...). A raw
value almost never passes: `jane.doe@acme.com` is not an e-mail mask, `+46 70 123 45 67` not a phone mask.
"""

from __future__ import annotations

import enum
import itertools
import re
from functools import cache
from typing import Final

from orca_core.scan.categories import Category
from orca_core.scan.pii_masker import MAX_MASK_CHARS, MAX_NAME_CHARS, mask_name_for_egress

ELLIPSIS: Final = "…"
_KEPT_PUNCT: Final = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~ ")
_SEPARATORS: Final = frozenset(" -./+()")


class MaskKind(enum.StrEnum):
    """How the values of one column were masked: with their category's mask, or by shape only."""

    EMAIL_ADDRESS = "EMAIL_ADDRESS"
    PHONE_NUMBER = "PHONE_NUMBER"
    PERSON_NAME = "PERSON_NAME"
    STREET_ADDRESS = "STREET_ADDRESS"
    DATE_OF_BIRTH = "DATE_OF_BIRTH"
    NATIONAL_ID = "NATIONAL_ID"
    PASSPORT_NUMBER = "PASSPORT_NUMBER"
    IBAN = "IBAN"
    CREDIT_CARD = "CREDIT_CARD"
    BANK_ACCOUNT = "BANK_ACCOUNT"
    IP_ADDRESS = "IP_ADDRESS"
    MAC_ADDRESS = "MAC_ADDRESS"
    GEOLOCATION = "GEOLOCATION"
    HEALTH_DATA = "HEALTH_DATA"
    GENDER = "GENDER"
    SPECIAL_CATEGORY = "SPECIAL_CATEGORY"
    USERNAME = "USERNAME"
    VEHICLE_REGISTRATION = "VEHICLE_REGISTRATION"
    PASSWORD = "PASSWORD"  # noqa: S105 - a mask kind, not a credential
    SHAPE = "SHAPE"  # `mask_shape`: columns the rules cleared (`Aaaa 99`), no raw letter or digit

    @classmethod
    def for_category(cls, category: Category) -> MaskKind:
        return cls.SHAPE if category is Category.NONE else cls(category.value)

    @property
    def category(self) -> Category | None:
        return None if self is MaskKind.SHAPE else Category(self.value)


class NameMask(enum.StrEnum):
    """How a column, table, sheet or file name was masked."""

    NAME = "NAME"  # `mask_name_for_egress`: words kept; e-mails, digit runs, identifiers and person names masked
    SHAPE = "SHAPE"  # `mask_shape`: the name held a person's name, so only its shape went out


def _fully_masked(text: str) -> bool:
    """Values of up to 4 characters are masked whole: one `*` per character."""
    return len(text) <= 4 and set(text) <= {"*"}


def _no_raw_alnum(text: str) -> bool:
    """The generic shape mask (letters `*`, digits `#`) and the unknown mask reveal no letter or digit."""
    return not any(ch.isalnum() for ch in text)


def _strip_cut(text: str) -> str:
    return text[:-1] if text.endswith(ELLIPSIS) else text


_EMAIL: Final = re.compile(r"[A-Za-z0-9*]\*\*\*@[A-Za-z0-9*]\*\*\*\.(?:[A-Za-z]{2,10}|\*\*\*)|\*\*\*@\*\*\*\.\*\*\*")
_IBAN: Final = re.compile(r"[A-Z]{2}\*+[A-Z0-9]{4}")
_IPV4: Final = re.compile(r"[0-9]{1,3}\.[0-9]{1,3}\.\*\.\*")
_IPV6: Final = re.compile(r"[0-9a-f]{1,4}(?::\*){7}")
_ASCII_DIGITS: Final = frozenset("0123456789")


def _card(text: str) -> bool:
    if any(ch not in _ASCII_DIGITS and ch not in "* -" for ch in text):
        return False
    digits = [ch for ch in text if ch in _ASCII_DIGITS]
    stars = text.count("*")
    return len(digits) <= 4 and 12 <= len(digits) + stars <= 19 and text.rstrip(" -0123456789").count("*") == stars


def _phone(text: str) -> bool:
    if any(ch not in _ASCII_DIGITS and ch not in _SEPARATORS and ch != "*" for ch in text):
        return False
    # at most: a `00` prefix, a country code of up to 3 digits and the last 2 digits
    return sum(1 for ch in text if ch in _ASCII_DIGITS) <= 7 and "*" in text


def _national_id(text: str) -> bool:
    if any(not (ch.isascii() and ch.isalnum()) and ch not in _SEPARATORS and ch != "*" for ch in text):
        return False
    return sum(1 for ch in text if ch.isalnum()) <= 3 and "*" in text


def _person_name(text: str) -> bool:
    body = _strip_cut(text)
    return not any(ch.isdigit() or ch.isnumeric() for ch in body) and sum(1 for ch in body if ch.isalpha()) <= 2


def _date_of_birth(text: str) -> bool:
    if any(ch not in _ASCII_DIGITS and ch not in _SEPARATORS and ch not in ":,*" for ch in text):
        return False
    digits = "".join(ch for ch in text if ch in _ASCII_DIGITS)
    return digits in ("", "19", "20")


def _ip(text: str) -> bool:
    return _IPV4.fullmatch(text) is not None or _IPV6.fullmatch(text) is not None


def _shape(text: str) -> bool:
    return all(ch in "Aa9 ?" or ch in _KEPT_PUNCT for ch in _strip_cut(text))


_SPECIFIC = {
    MaskKind.EMAIL_ADDRESS: lambda text: _EMAIL.fullmatch(text) is not None,
    MaskKind.CREDIT_CARD: _card,
    MaskKind.IBAN: lambda text: _IBAN.fullmatch(text.replace(" ", "")) is not None,
    MaskKind.PHONE_NUMBER: _phone,
    MaskKind.NATIONAL_ID: _national_id,
    MaskKind.PERSON_NAME: _person_name,
    MaskKind.DATE_OF_BIRTH: _date_of_birth,
    MaskKind.IP_ADDRESS: _ip,
}


def is_masked_value(kind: MaskKind, text: str) -> bool:
    """Whether `text` has the form of the masker's output for a value of this kind."""
    if len(text) > MAX_MASK_CHARS:
        return False
    if kind is MaskKind.SHAPE:
        return _shape(text)
    if kind is MaskKind.PASSWORD:
        return text == "********"
    if _fully_masked(text) or _no_raw_alnum(text):  # every category falls back to the generic mask
        return True
    specific = _SPECIFIC.get(kind)
    return specific is not None and specific(text)


# Schema words that are also first or last names (`grant_date`, `bill_total`): never a person on their own. A
# miss here only costs context (the name leaves as a shape), never a leak.
_SCHEMA_WORDS = frozenset(
    {"date", "time", "price", "amount", "total", "rate", "street", "grant", "bill", "mark", "may", "will", "page"}
)


@cache
def _header_words() -> frozenset[str]:
    from orca_core.scan.detect import lexicon

    return frozenset(
        lexicon.MODIFIERS
        | lexicon.NEGATIVE_CONTEXT
        | lexicon.NUMERIC_CONTEXT
        | lexicon.EVENT_CONTEXT
        | lexicon.NON_PERSON_NAME_CONTEXT
    )


def _is_header_word(token: str) -> bool:
    from orca_core.scan.detect.lexicon import header_evidence

    return token in _SCHEMA_WORDS or token in _header_words() or bool(header_evidence(token).priors)


_WORD = re.compile(r"[^\W\d_]+")


def _proper_noun_pair(name: str) -> bool:
    """Two capitalised words side by side (`Quillon Fentriss`, `Report Anna Berg`), each of 3+ letters and neither
    a header word: how a person's name looks in a sheet or file name even when no gazetteer knows it."""
    words = list(_WORD.finditer(name))
    for left, right in itertools.pairwise(words):
        if right.start() - left.end() > 2:
            continue
        pair = (left.group(), right.group())
        if all(len(word) >= 3 and word[0].isupper() and word[1:].islower() for word in pair):
            from orca_core.scan.detect.lexicon import fold

            if not any(_is_header_word(fold(word)) for word in pair):
                return True
    return False


def holds_person_name(name: str) -> bool:
    """Whether a (masked) name still looks like it holds a person's name: a known first name directly followed by
    a known last name, or a pair of capitalised non-header words. A false alarm only costs context (the name
    leaves as a shape); a miss would send a name."""
    from orca_core.scan.detect.gazetteers import first_names, last_names
    from orca_core.scan.detect.lexicon import tokenize

    tokens = tokenize(name)
    firsts, lasts = first_names(), last_names()
    for first, last in itertools.pairwise(tokens):
        if first in firsts and last in lasts and not _is_header_word(first) and not _is_header_word(last):
            return True
    return _proper_noun_pair(name)


def is_masked_name(mask: NameMask, text: str) -> bool:
    """Whether `text` is a masked name: a fixpoint of `mask_name_for_egress` (masking it again changes nothing,
    so no e-mail, digit run, identifier-like token or word of the name lists is left) holding no person's
    name, or a shape."""
    if len(text) > MAX_NAME_CHARS:
        return False
    if mask is NameMask.SHAPE:
        return len(text) <= MAX_MASK_CHARS and _shape(text)
    return mask_name_for_egress(text).text == text and not holds_person_name(text)
