"""Rules added for real-world data the first detectors missed: each with positives and hard negatives."""

from __future__ import annotations

import random

import pytest
from faker import Faker
from stdnum.no import kontonr

from orca_core.scan.categories import Category as C
from orca_core.scan.detect.classify import classify_values

N = 300
RNG = random.Random(41)


def _fake(locale: str, seed: int = 7) -> Faker:
    fake = Faker(locale)
    fake.seed_instance(seed)
    return fake


def _digits(count: int) -> str:
    return "".join(RNG.choice("0123456789") for _ in range(count))


def _letters(count: int, alphabet: str = "BDFGHJKLNPRSTVXZ") -> str:
    return "".join(RNG.choice(alphabet) for _ in range(count))


def _polish_nrb() -> str:
    body = _digits(24)
    check = 98 - int(body + "252100") % 97  # ISO 7064 mod 97-10 over "PL" + body, as in the IBAN
    return f"{check:02d} " + " ".join(body[i : i + 4] for i in range(0, 24, 4))


def _norwegian_account() -> str:
    while True:
        body = _digits(10)
        weights = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)
        check = (11 - sum(int(d) * w for d, w in zip(body, weights, strict=True)) % 11) % 11
        if check != 10:
            value = f"{body[:4]}.{body[4:6]}.{body[6:]}{check}"
            assert kontonr.is_valid(value)
            return value


def _dutch_plate() -> str:
    sidecodes = [
        lambda: f"{_letters(2)}-{_digits(3)}-{_letters(1)}",  # 9
        lambda: f"{_letters(1)}-{_digits(3)}-{_letters(2)}",  # 10
        lambda: f"{_digits(2)}-{_letters(3)}-{_digits(1)}",  # 7
        lambda: f"{_digits(1)}-{_letters(3)}-{_digits(2)}",  # 8
        lambda: f"{_letters(3)}-{_digits(2)}-{_letters(1)}",  # 11
    ]
    return RNG.choice(sidecodes)()


def _uk_plate() -> str:
    letters = "ABCDEFGHJKLMNOPRSTUVWXY"
    return f"{_letters(2, letters)}{RNG.choice(['02', '15', '21', '68', '73'])} {_letters(3, letters)}"


def _italian_plate() -> str:
    letters = "ABCDEFGHJKLMNPRSTVWXYZ"
    return f"{_letters(2, letters)} {_digits(3)}{_letters(2, letters)}"


EN = _fake("en_US")
PL = _fake("pl_PL")
NL = _fake("nl_NL")
IT = _fake("it_IT")

POSITIVES: list[tuple[str, list[str], C]] = [
    # generic placeholder headers carry no evidence, neither for nor against
    ("column_4", [f"+48 {RNG.choice('5678')}{_digits(2)} {_digits(3)} {_digits(3)}" for _ in range(N)], C.PHONE_NUMBER),
    ("column_5", [f"06-{_digits(8)}" for _ in range(N)], C.PHONE_NUMBER),
    ("Unnamed: 2", [PL.name() for _ in range(N)], C.PERSON_NAME),
    ("column_2", [NL.name() for _ in range(N)], C.PERSON_NAME),
    # bank accounts with their own check digits
    ("column_8", [_polish_nrb() for _ in range(N)], C.BANK_ACCOUNT),
    ("kontonummer", [_norwegian_account() for _ in range(N)], C.BANK_ACCOUNT),
    ("col_9", [_norwegian_account() for _ in range(N)], C.BANK_ACCOUNT),
    # plates: header conventions and documented national formats
    ("car_reg", [_uk_plate() for _ in range(N)], C.VEHICLE_REGISTRATION),
    ("vehicle", [_dutch_plate() for _ in range(N)], C.VEHICLE_REGISTRATION),
    ("veicolo.targa", [_italian_plate() for _ in range(N)], C.VEHICLE_REGISTRATION),
    # usernames under login-field conventions
    ("remote_user", [EN.user_name() for _ in range(N)], C.USERNAME),
    ("created_by", [EN.user_name() for _ in range(N)], C.USERNAME),
    # people under shipping and display headers
    ("display_name", [EN.name() for _ in range(N)], C.PERSON_NAME),
    ("ship_to", [EN.name() for _ in range(N)], C.PERSON_NAME),
    ("owner", [EN.name() for _ in range(N)], C.PERSON_NAME),
    # Italian headers and values
    ("indirizzo", [IT.street_address() for _ in range(N)], C.STREET_ADDRESS),
    ("ospite.passaporto", [IT.bothify("??#######").upper() for _ in range(N)], C.PASSPORT_NUMBER),
    ("diagnosi", [RNG.choice(["E11.9", "I10", "J45.0", "diabete di tipo 2", "asma"]) for _ in range(N)], C.HEALTH_DATA),
]


@pytest.mark.parametrize(("name", "values", "category"), POSITIVES, ids=[f"{p[0]}->{p[2].value}" for p in POSITIVES])
def test_positive_columns(name: str, values: list[str], category: C) -> None:
    verdict = classify_values(name, values)
    assert verdict.category is category, (verdict.category, verdict.confidence, verdict.signals, verdict.extra)
    assert verdict.confidence >= 0.5


NEGATIVES: list[tuple[str, list[str]]] = [
    ("salary", [f"{RNG.uniform(25000, 95000):.2f}" for _ in range(N)]),
    ("column_3", [f"{RNG.uniform(10000, 99999):.2f}" for _ in range(N)]),
    ("total", [f"{RNG.uniform(1000, 999999):,.2f}" for _ in range(N)]),
    ("user_agent", [EN.user_agent() for _ in range(N)]),
    ("created_by", [str(RNG.randrange(1000, 99999)) for _ in range(N)]),
    ("bruker_id", [EN.uuid4() for _ in range(N)]),
    ("author", [RNG.choice(["Telia", "Vodafone", "Orange", "Telenor", "Elisa"]) for _ in range(N)]),
    ("vehicle", [RNG.choice(["Volvo XC60", "VW Golf", "Tesla Model 3", "Audi A4"]) for _ in range(N)]),
    ("vehicle_id", [f"VH-{RNG.randrange(1, 99999):05d}" for _ in range(N)]),
    ("car", [f"SKU{RNG.randrange(1000, 9999)}" for _ in range(N)]),
    (
        "Hersteller",
        [RNG.choice(["Bosch", "Siemens", "Miele", "Porsche", "Ford", "Braun", "Liebherr"]) for _ in range(N)],
    ),
    (
        "Krankenkasse",
        [
            RNG.choice(["Techniker Krankenkasse", "AOK Bayern", "Barmer", "DAK-Gesundheit", "IKK classic"])
            for _ in range(N)
        ],
    ),
    ("manufacturer", [RNG.choice(["Ford", "Dyson", "Philips", "Bose", "Dell", "Porsche"]) for _ in range(N)]),
    ("method", [RNG.choice(["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD"]) for _ in range(N)]),
]


@pytest.mark.parametrize(("name", "values"), NEGATIVES, ids=[n for n, _ in NEGATIVES])
def test_hard_negatives_stay_none(name: str, values: list[str]) -> None:
    verdict = classify_values(name, values)
    assert verdict.category is C.NONE, (verdict.category, verdict.confidence, verdict.signals, verdict.extra)


def test_polish_account_with_broken_check_digits_is_not_an_account() -> None:
    broken = []
    for value in (_polish_nrb() for _ in range(N)):
        last = str((int(value[-1]) + 1) % 10)
        broken.append(value[:-1] + last)
    assert classify_values("column_8", broken).category is not C.BANK_ACCOUNT


def test_account_layout_without_valid_check_digits_is_not_an_account() -> None:
    values = [_norwegian_account() for _ in range(N)]
    broken = [value[:-1] + str((int(value[-1]) + RNG.randrange(1, 10)) % 10) for value in values]
    assert classify_values("column_7", broken).category is not C.BANK_ACCOUNT


def test_header_only_verdicts_stay_at_or_below_the_cap() -> None:
    for header in ("car_reg", "targa", "kontonr", "remote_user", "passaporto", "diagnosi"):
        verdict = classify_values(header, [RNG.choice(["yes", "no", "n/a"]) for _ in range(50)])
        assert verdict.category is C.NONE or verdict.confidence <= 0.6, (header, verdict)
