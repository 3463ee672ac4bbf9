"""Every category on a positive column, and hard negatives that must stay NONE."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable

import pytest
from faker import Faker

from orca_core.scan.categories import Category as C
from orca_core.scan.detect.classify import classify_values

N = 400


def _fake(locale: str | list[str] = "en_US", seed: int = 11) -> Faker:
    fake = Faker(locale)
    fake.seed_instance(seed)
    return fake


def _column(generator: Callable[[], object], n: int = N) -> list[str]:
    return [str(generator()) for _ in range(n)]


RNG = random.Random(5)
EN = _fake()
MIX = _fake(["en_GB", "sv_SE", "de_DE", "fr_FR", "nl_NL", "es_ES", "da_DK", "no_NO", "fi_FI"])

POSITIVES: list[tuple[str, list[str], C, list[str]]] = [
    ("email", _column(MIX.email), C.EMAIL_ADDRESS, []),
    ("contact", _column(MIX.email), C.EMAIL_ADDRESS, []),
    ("telefon", _column(_fake("sv_SE").phone_number), C.PHONE_NUMBER, ["namn", "ort"]),
    ("phone", _column(MIX.phone_number), C.PHONE_NUMBER, []),
    ("col_7", _column(lambda: "+46 70 " + f"{RNG.randrange(10**6, 10**7)}"), C.PHONE_NUMBER, []),
    ("customer", _column(MIX.name), C.PERSON_NAME, []),
    ("Nachname", _column(_fake("de_DE").last_name), C.PERSON_NAME, ["Vorname"]),
    ("förnamn", _column(_fake("sv_SE").first_name), C.PERSON_NAME, []),
    ("address", _column(lambda: EN.street_address()), C.STREET_ADDRESS, []),
    ("adress", _column(_fake("sv_SE").street_address), C.STREET_ADDRESS, []),
    ("strasse", _column(_fake("de_DE").street_address), C.STREET_ADDRESS, []),
    ("field3", _column(_fake("nl_NL").street_address), C.STREET_ADDRESS, []),
    ("adresse", _column(_fake("no_NO").street_address), C.STREET_ADDRESS, ["navn"]),
    ("c_es", _column(_fake("es_ES").street_address), C.STREET_ADDRESS, []),
    ("kennzeichen", _column(_fake("de_DE").license_plate), C.VEHICLE_REGISTRATION, []),
    (
        "dob",
        _column(lambda: EN.date_of_birth(minimum_age=0, maximum_age=95).isoformat()),
        C.DATE_OF_BIRTH,
        [],
    ),
    (
        "col_b",
        _column(lambda: EN.date_of_birth(minimum_age=18, maximum_age=90).isoformat()),
        C.DATE_OF_BIRTH,
        [],
    ),
    ("iban", _column(MIX.iban), C.IBAN, []),
    ("x1", _column(_fake("nl_NL").iban), C.IBAN, []),
    ("payment", _column(EN.credit_card_number), C.CREDIT_CARD, []),
    ("ip", _column(EN.ipv4), C.IP_ADDRESS, []),
    ("remote", _column(EN.ipv6), C.IP_ADDRESS, []),
    ("device", _column(EN.mac_address), C.MAC_ADDRESS, []),
    ("coords", _column(lambda: f"{EN.latitude():.5f}, {EN.longitude():.5f}"), C.GEOLOCATION, []),
    ("lat", _column(lambda: f"{EN.latitude():.6f}"), C.GEOLOCATION, ["lon"]),
    ("gender", _column(lambda: RNG.choice(["male", "female", "non-binary"])), C.GENDER, []),
    ("col", _column(lambda: RNG.choice(["kvinna", "man"])), C.GENDER, []),
    ("kön", _column(lambda: RNG.choice(["K", "M"])), C.GENDER, []),
    (
        "diagnosis",
        _column(lambda: RNG.choice(["E11.9", "J45.0", "I10", "F32.1", "M54.5"])),
        C.HEALTH_DATA,
        [],
    ),
    (
        "notes",
        _column(
            lambda: RNG.choice(
                [
                    "Type 2 diabetes, on metformin",
                    "asthma",
                    "hypertension",
                    "no known allergies",
                    "Penicillin allergy",
                ]
            )
        ),
        C.HEALTH_DATA,
        [],
    ),
    (
        "religion",
        _column(lambda: RNG.choice(["Christian", "Muslim", "Jewish", "Hindu", "Atheist"])),
        C.SPECIAL_CATEGORY,
        [],
    ),
    (
        "col_z",
        _column(lambda: RNG.choice(["heterosexual", "homosexual", "bisexual", "asexual"])),
        C.SPECIAL_CATEGORY,
        [],
    ),
    ("username", _column(EN.user_name), C.USERNAME, []),
    ("regnr", _column(_fake("sv_SE").license_plate), C.VEHICLE_REGISTRATION, []),
    ("passport_number", _column(EN.passport_number), C.PASSPORT_NUMBER, []),
    ("account_number", _column(lambda: f"{RNG.randrange(10**7, 10**8)}"), C.BANK_ACCOUNT, ["sort_code"]),
    ("personnummer", _column(_fake("sv_SE").ssn), C.NATIONAL_ID, []),
    ("id_number", _column(_fake("fi_FI").ssn), C.NATIONAL_ID, []),
]


@pytest.mark.parametrize(
    ("name", "values", "category", "siblings"), POSITIVES, ids=[f"{p[0]}->{p[2].value}" for p in POSITIVES]
)
def test_positive_columns(name: str, values: list[str], category: C, siblings: list[str]) -> None:
    verdict = classify_values(name, values, siblings)
    assert verdict.category is category, (
        verdict.category,
        verdict.confidence,
        verdict.signals,
        verdict.extra,
    )
    assert verdict.confidence >= 0.5
    assert verdict.special_category is (category in {C.HEALTH_DATA, C.SPECIAL_CATEGORY})


@pytest.mark.parametrize(
    ("locale", "subtype", "header"),
    [
        ("sv_SE", "SE_PERSONNUMMER", "personnummer"),
        ("fi_FI", "FI_HETU", "hetu"),
        ("no_NO", "NO_FNR", "fnr"),
        ("nl_NL", "NL_BSN", "bsn"),
        ("fr_FR", "FR_NIR", "nir"),
        ("it_IT", "IT_CODICE_FISCALE", "codice_fiscale"),
        ("pl_PL", "PL_PESEL", "pesel"),
        ("en_US", "US_SSN", "ssn"),
        # values alone (neutral header) must still find the subtype for checksum-strong numbers
        ("sv_SE", "SE_PERSONNUMMER", "col_1"),
        ("no_NO", "NO_FNR", "col_2"),
        ("pl_PL", "PL_PESEL", "col_3"),
        ("fi_FI", "FI_HETU", "col_4"),
        ("it_IT", "IT_CODICE_FISCALE", "col_5"),
    ],
)
def test_national_id_subtypes(locale: str, subtype: str, header: str) -> None:
    verdict = classify_values(header, _column(_fake(locale).ssn))
    assert verdict.category is C.NATIONAL_ID
    assert verdict.subtype == subtype
    assert verdict.confidence >= 0.9 if header.startswith("col") is False else verdict.confidence >= 0.85


def test_national_id_derived_birth_date_and_sex() -> None:
    verdict = classify_values("personnummer", _column(_fake("sv_SE").ssn))
    assert verdict.derived == {"birth_date": True, "sex": True}
    assert classify_values("bsn", _column(_fake("nl_NL").ssn)).derived == {}


def test_ssn_needs_more_than_nine_digits_without_layout() -> None:
    # faker SSNs written without dashes: ~89% of random 9-digit numbers pass the SSN rules, so values
    # alone are not enough, but the header settles it
    plain = [v.replace("-", "") for v in _column(_fake("en_US").ssn)]
    assert classify_values("ssn", plain).category is C.NATIONAL_ID
    assert classify_values("reference", plain).category is C.NONE


def _dates_recent(n: int = N) -> list[str]:
    start = dt.date.today() - dt.timedelta(days=900)
    return [(start + dt.timedelta(days=RNG.randrange(0, 900))).isoformat() for _ in range(n)]


NEGATIVES: list[tuple[str, list[str]]] = [
    (
        "order_number",
        _column(lambda: f"{RNG.randrange(200, 999)}-{RNG.randrange(200, 999)}-{RNG.randrange(1000, 9999)}"),
    ),
    ("uuid", _column(EN.uuid4)),
    ("checksum", _column(EN.sha256)),
    ("token", _column(lambda: EN.pystr(min_chars=22, max_chars=22))),
    ("sku", _column(lambda: EN.bothify("SKU-####-??").upper())),
    ("order_date", _dates_recent()),
    ("shipped_at", _column(lambda: EN.date_time_between("-2y", "now").isoformat())),
    ("created", _dates_recent()),
    ("ref", _column(lambda: str(RNG.randrange(10**8, 10**9)))),
    ("reference", _column(lambda: str(RNG.randrange(10**15, 10**16)))),
    ("transfer_ref", _column(lambda: "DE" + f"{RNG.randrange(10, 99)}" + f"{RNG.randrange(10**17, 10**18)}")),
    ("comment", _column(lambda: EN.sentence(nb_words=10))),
    ("product", _column(lambda: EN.catch_phrase())),
    ("country", _column(EN.country_code)),
    ("currency_amount", _column(lambda: f"{RNG.uniform(1, 5000):.2f}")),
    ("active", _column(lambda: RNG.choice(["true", "false"]))),
    ("status", _column(lambda: RNG.choice(["active", "inactive", "pending", "closed"]))),
    ("id", [str(i) for i in range(1000, 1000 + N)]),
    ("customer_id", [str(i) for i in range(100000001, 100000001 + N)]),
    ("size", _column(lambda: RNG.choice(["S", "M", "L", "XL"]))),
    ("colour", _column(lambda: RNG.choice(["black", "white", "red", "blue"]))),
    (
        "version",
        _column(lambda: f"{RNG.randrange(1, 5)}.{RNG.randrange(0, 20)}.{RNG.randrange(0, 9)}.{RNG.randrange(0, 99)}"),
    ),
    ("email_verified", _column(lambda: RNG.choice(["true", "false"]))),
    ("quantity", _column(lambda: str(RNG.randrange(1, 50)))),
    ("score", _column(lambda: f"{RNG.uniform(-90, 90):.3f}")),
    ("asset", _column(lambda: f"icon{RNG.randrange(1, 99)}@2x.png")),
    ("city", _column(EN.city)),
    ("company", _column(EN.company)),
    ("foretag", _column(_fake("sv_SE").company)),
    ("company_name", _column(_fake("de_DE").company)),
    ("job", _column(EN.job)),
    ("file_path", _column(EN.file_path)),
    ("url", _column(EN.url)),
]


@pytest.mark.parametrize(("name", "values"), NEGATIVES, ids=[n for n, _ in NEGATIVES])
def test_hard_negatives_stay_none(name: str, values: list[str]) -> None:
    verdict = classify_values(name, values)
    assert verdict.category is C.NONE, (verdict.category, verdict.confidence, verdict.signals, verdict.extra)


def test_luhn_failing_card_like_numbers_are_none() -> None:
    cards = _column(EN.credit_card_number)
    broken = [c[:-1] + str((int(c[-1]) + 1) % 10) for c in cards]
    assert classify_values("x", cards).category is C.CREDIT_CARD
    assert classify_values("x", broken).category is C.NONE


def test_iban_with_bad_check_digits_is_none() -> None:
    ibans = _column(MIX.iban)
    broken = [i[:2] + f"{(int(i[2:4]) + 1) % 100:02d}" + i[4:] for i in ibans]
    assert classify_values("x", broken).category is C.NONE


def test_nine_digit_ids_breaking_ssn_rules_are_none() -> None:
    values = [f"9{RNG.randrange(10**7, 10**8)}" for _ in range(N)]  # area 9xx is never issued
    assert classify_values("number", values).category is C.NONE


def test_bsn_vs_ssn_tie_break_by_validation_share() -> None:
    bsn = _column(_fake("nl_NL").ssn)
    verdict = classify_values("nummer", bsn, ["naam", "woonplaats"])
    assert verdict.category is C.NATIONAL_ID and verdict.subtype == "NL_BSN"


def test_phone_numbers_without_formatting_need_a_header() -> None:
    digits = [f"{RNG.choice(['070', '072', '073', '076'])}{RNG.randrange(10**6, 10**7)}" for _ in range(N)]
    assert classify_values("mobil", digits, ["namn"]).category is C.PHONE_NUMBER
    assert classify_values("value", digits).category is C.NONE
