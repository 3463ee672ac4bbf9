"""Identifier makers for the evaluation set: the ones faker gets wrong or lacks, and the look-alikes.

Each positive maker implements the issuing authority's check-digit rule itself; the tests validate the output
with python-stdnum / schwifty, so a bug here shows up as a failing test rather than silently wrong labels.
Negative look-alikes are shaped like a real identifier but fail its rule on purpose.
"""

from __future__ import annotations

import random
import string
from datetime import date, timedelta

from schwifty import IBAN
from stdnum import luhn
from stdnum.nl import bsn
from stdnum.us import ssn

_NINO_BAD_FIRST = set("DFIQUV")
_NINO_BAD_SECOND = set("DFIOQUV")
_NINO_BAD_PREFIXES = {"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"}


def birth_date(rng: random.Random, min_age: int = 18, max_age: int = 90) -> date:
    today = date(2025, 6, 1)  # fixed so the set never drifts with the calendar
    days = rng.randint(min_age * 365, max_age * 365)
    return today - timedelta(days=days)


def uk_nino(rng: random.Random, spaced: bool) -> str:
    letters = string.ascii_uppercase
    while True:
        prefix = rng.choice(letters) + rng.choice(letters)
        if prefix[0] in _NINO_BAD_FIRST or prefix[1] in _NINO_BAD_SECOND or prefix in _NINO_BAD_PREFIXES:
            continue
        break
    digits = f"{rng.randint(0, 999999):06d}"
    suffix = rng.choice("ABCD")
    if spaced:
        return f"{prefix} {digits[:2]} {digits[2:4]} {digits[4:]} {suffix}"
    return f"{prefix}{digits}{suffix}"


def de_steuer_id(rng: random.Random) -> str:
    """Steuerliche Identifikationsnummer: one digit repeated in the first ten, ISO 7064 MOD 11,10 check."""
    while True:
        used = rng.sample(range(10), 9)
        body = [*used, rng.choice(used)]
        rng.shuffle(body)
        if body[0] != 0:
            break
    product = 10
    for digit in body:
        total = (digit + product) % 10
        if total == 0:
            total = 10
        product = (total * 2) % 11
    check = 11 - product
    if check == 10:
        check = 0
    return "".join(str(d) for d in body) + str(check)


def dk_cpr(rng: random.Random, dashed: bool) -> str:
    """CPR with a century digit consistent with the birth year and (where possible) a valid mod-11 sum."""
    born = birth_date(rng, 16, 85)
    first_serial = rng.choice("0123") if born.year < 2000 else "4"
    stem = born.strftime("%d%m%y")
    weights = (4, 3, 2, 7, 6, 5, 4, 3, 2, 1)
    for _ in range(200):
        serial = first_serial + f"{rng.randint(0, 999):03d}"
        digits = [int(c) for c in stem + serial]
        if sum(w * d for w, d in zip(weights, digits, strict=True)) % 11 == 0:
            break
    return f"{stem}-{serial}" if dashed else stem + serial


def se_personnummer(
    rng: random.Random, *, long: bool = False, coordination: bool = False, centenarian: bool = False
) -> str:
    """Personnummer / samordningsnummer (day + 60); `+` separator for people aged 100 or more."""
    born = birth_date(rng, 100, 106) if centenarian else birth_date(rng, 16, 90)
    day = born.day + (60 if coordination else 0)
    short = f"{born:%y%m}{day:02d}{rng.randint(0, 999):03d}"
    check = luhn.calc_check_digit(short)
    sep = "+" if centenarian else "-"
    head = f"{born.year}{born:%m}{day:02d}" if long else short[:6]
    return f"{head}{sep}{short[6:]}{check}"


def no_kontonummer(rng: random.Random) -> str:
    """Norwegian 11-digit bank account number with its mod-11 check digit."""
    weights = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)
    while True:
        body = [rng.randint(1, 9)] + [rng.randint(0, 9) for _ in range(9)]
        rest = sum(w * d for w, d in zip(weights, body, strict=True)) % 11
        check = 0 if rest == 0 else 11 - rest
        if check != 10:
            digits = "".join(map(str, body)) + str(check)
            return f"{digits[:4]}.{digits[4:6]}.{digits[6:]}"


def passport(rng: random.Random, country: str) -> str:
    up = string.ascii_uppercase
    num = string.digits

    def pick(alphabet: str, n: int) -> str:
        return "".join(rng.choice(alphabet) for _ in range(n))

    shapes = {
        "US": lambda: rng.choice(up) + pick(num, 8),
        "GB": lambda: pick(num, 9),
        "DE": lambda: "C" + pick("CFGHJKLMNPRTVWXYZ0123456789", 8),
        "SE": lambda: pick(num, 8),
        "FR": lambda: pick(num, 2) + pick(up, 2) + pick(num, 5),
        "ES": lambda: pick(up, 3) + pick(num, 6),
        "IT": lambda: pick(up, 2) + pick(num, 7),
        "NL": lambda: pick(up, 2) + pick(up + num, 6) + pick(num, 1),
        "PL": lambda: pick(up, 2) + pick(num, 7),
        "DK": lambda: pick(num, 9),
        "NO": lambda: pick(up, 2) + pick(num, 7),
        "FI": lambda: "P" + pick(up, 2) + pick(num, 6),
    }
    return shapes[country]()


# --- negative look-alikes -------------------------------------------------------------------------------


def bad_ssn_like(rng: random.Random) -> str:
    """Nine digits that break US SSN rules (area 000/666/9xx) and also fail the Dutch BSN 11-test."""
    while True:
        area = rng.choice([0, 666, rng.randint(900, 999)])
        value = f"{area:03d}{rng.randint(1, 99):02d}{rng.randint(1, 9999):04d}"
        if not ssn.is_valid(value) and not bsn.is_valid(value):
            return value


def bad_card_like(rng: random.Random) -> str:
    """Sixteen digits with a card-like prefix that fail the Luhn check."""
    while True:
        value = rng.choice("3456") + "".join(rng.choice(string.digits) for _ in range(15))
        if not luhn.is_valid(value):
            return value


def bad_iban_like(rng: random.Random, country: str) -> str:
    good = str(IBAN.random(country_code=country, random=rng))
    wrong = (int(good[2:4]) + rng.randint(1, 90)) % 97
    if wrong < 2:
        wrong += 2
    candidate = f"{good[:2]}{wrong:02d}{good[4:]}"
    if IBAN(candidate, allow_invalid=True).is_valid:  # pragma: no cover - arithmetic makes this impossible
        raise AssertionError("look-alike IBAN unexpectedly valid")
    return candidate


def phone_shaped_order_number(rng: random.Random) -> str:
    a, b, c = rng.randint(200, 989), rng.randint(100, 999), rng.randint(0, 9999)
    return rng.choice([f"{a}-{b}-{c:04d}", f"{a} {b} {c:04d}", f"0{a}{b}{c:04d}"])
