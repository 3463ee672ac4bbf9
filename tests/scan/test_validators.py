"""Value validators against real valid numbers (faker / python-stdnum helpers) and mutated invalid ones."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from faker import Faker
from stdnum.es import dni as es_dni
from stdnum.iso7064 import mod_11_10

from orca_core.scan.categories import NationalIdSubtype as S
from orca_core.scan.detect import validators as va

RNG = random.Random(20261121)


def _faker(locale: str) -> Faker:
    fake = Faker(locale)
    fake.seed_instance(7)
    return fake


def _bump_last(value: str, alphabet: str = "0123456789") -> str:
    last = value[-1]
    if last in alphabet:
        return value[:-1] + alphabet[(alphabet.index(last) + 1) % len(alphabet)]
    return value[:-1] + alphabet[0]


def _dk_cpr() -> str:
    born = dt.date(1930, 1, 1) + dt.timedelta(days=RNG.randrange(0, 25000))
    # 7th digit 0-3 means 1900-1999 for every year: keep to that block
    return born.strftime("%d%m%y") + "-" + str(RNG.randrange(0, 4)) + f"{RNG.randrange(0, 1000):03d}"


def _es_dni() -> str:
    body = f"{RNG.randrange(0, 10**8):08d}"
    return body + es_dni.calc_check_digit(body)


def _de_idnr() -> str:
    while True:
        digits = [str(RNG.randrange(1, 10))] + [str(RNG.randrange(0, 10)) for _ in range(9)]
        counts = sorted((digits.count(d) for d in set(digits)), reverse=True)
        if counts[0] in (2, 3) and (len(counts) == 1 or counts[1] == 1):
            body = "".join(digits)
            return body + mod_11_10.calc_check_digit(body)


def _uk_nino() -> str:
    first = RNG.choice("ABCEGHJKLMNOPRSTWXYZ")
    second = RNG.choice("ABCEGHJKLMNPRSTWXYZ")
    if first + second in {"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"}:
        return "AB123456C"
    return f"{first}{second}{RNG.randrange(0, 10**6):06d}{RNG.choice('ABCD')}"


VALID_GENERATORS = {
    S.US_SSN: lambda: _faker("en_US").ssn(),
    S.SE_PERSONNUMMER: lambda: _faker("sv_SE").ssn(),
    S.FI_HETU: lambda: _faker("fi_FI").ssn(),
    S.NO_FNR: lambda: _faker("no_NO").ssn(),
    S.NL_BSN: lambda: _faker("nl_NL").ssn(),
    S.FR_NIR: lambda: _faker("fr_FR").ssn(),
    S.IT_CODICE_FISCALE: lambda: _faker("it_IT").ssn(),
    S.PL_PESEL: lambda: _faker("pl_PL").ssn(),
    S.DK_CPR: _dk_cpr,
    S.ES_DNI: _es_dni,
    S.DE_STEUER_ID: _de_idnr,
    S.UK_NINO: _uk_nino,
}


def _many(subtype: S, count: int = 40) -> list[str]:
    generator = VALID_GENERATORS[subtype]
    if subtype in {S.DK_CPR, S.ES_DNI, S.DE_STEUER_ID, S.UK_NINO}:
        return [generator() for _ in range(count)]
    fake = _faker(
        {
            S.US_SSN: "en_US",
            S.SE_PERSONNUMMER: "sv_SE",
            S.FI_HETU: "fi_FI",
            S.NO_FNR: "no_NO",
            S.NL_BSN: "nl_NL",
            S.FR_NIR: "fr_FR",
            S.IT_CODICE_FISCALE: "it_IT",
            S.PL_PESEL: "pl_PL",
        }[subtype]
    )
    return [fake.ssn() for _ in range(count)]


@pytest.mark.parametrize("subtype", list(S))
def test_national_id_validators_accept_real_numbers(subtype: S) -> None:
    validator = va.NATIONAL_ID_VALIDATORS[subtype]
    for value in _many(subtype):
        assert validator(value), (subtype, value)
        assert subtype in va.national_id_matches(value)


@pytest.mark.parametrize("subtype", [s for s in S if s not in {S.US_SSN, S.DK_CPR, S.UK_NINO}])
def test_national_id_validators_reject_a_mutated_check_digit(subtype: S) -> None:
    validator = va.NATIONAL_ID_VALIDATORS[subtype]
    alphabet = "0123456789"
    if subtype in {S.IT_CODICE_FISCALE, S.ES_DNI}:
        alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    if subtype is S.FI_HETU:
        alphabet = "0123456789ABCDEFHJKLMNPRSTUVWXY"
    rejected = 0
    values = _many(subtype)
    for value in values:
        if not validator(_bump_last(value, alphabet)):
            rejected += 1
    assert rejected == len(values)


def test_us_ssn_forbidden_ranges() -> None:
    assert va.is_us_ssn("536-90-4399")
    for bad in ("000-12-3456", "666-12-3456", "912-12-3456", "536-00-4399", "536-90-0000", "078-05-1120"):
        assert not va.is_us_ssn(bad), bad


def test_dk_cpr_needs_a_real_date() -> None:
    assert va.is_dk_cpr("010190-1234")
    assert not va.is_dk_cpr("320190-1234")
    assert not va.is_dk_cpr("011390-1234")


def test_uk_nino_prefix_and_suffix_rules() -> None:
    assert va.is_uk_nino("AB 12 34 56 C")
    assert va.is_uk_nino("JG103759A")
    for bad in (
        "DA123456A",
        "AD123456A",
        "QQ123456C",
        "AO123456A",
        "GB123456A",
        "ZZ123456A",
        "AB123456E",
        "AB12345C",
    ):
        assert not va.is_uk_nino(bad), bad
    # faker's en_GB ssn() deliberately emits the never-issued ZZ prefix
    assert not va.is_uk_nino(_faker("en_GB").ssn())


def test_se_personnummer_samordningsnummer_and_centenarians() -> None:
    from stdnum import luhn

    body = "701063239"  # day 63 = 3rd + 60: samordningsnummer
    value = f"{body[:6]}-{body[6:]}{luhn.calc_check_digit(body)}"
    assert va.is_se_personnummer(value)
    assert va.is_se_personnummer("811228-9874")
    assert va.is_se_personnummer("811228+9874")  # born 1881: '+' marks 100+ years
    assert va.is_se_personnummer("198112289874")
    assert not va.is_se_personnummer("811228-9875")
    assert not va.is_se_personnummer("811328-9874")


def test_fi_hetu_new_century_signs() -> None:
    # 2023 reform: Y-U for the 1900s and B-F for the 2000s, same check character
    base = "010594"
    serial = "902"
    check = "0123456789ABCDEFHJKLMNPRSTUVWXY"[int(base + serial) % 31]
    assert va.is_fi_hetu(f"{base}Y{serial}{check}")
    assert va.is_fi_hetu(f"{base}-{serial}{check}")
    assert not va.is_fi_hetu(f"{base}Y{serial}{'0' if check != '0' else '1'}")


def test_nine_digits_can_be_ssn_and_bsn_at_once() -> None:
    both = next(v for v in _many(S.NL_BSN, 200) if va.is_us_ssn(v))
    assert {S.US_SSN, S.NL_BSN} <= va.national_id_matches(both)


def test_credit_cards() -> None:
    fake = _faker("en_US")
    for card_type in (
        "visa16",
        "visa13",
        "mastercard",
        "amex",
        "discover",
        "diners",
        "jcb15",
        "jcb16",
        "maestro",
    ):
        for _ in range(20):
            number = fake.credit_card_number(card_type)
            assert va.is_credit_card(number), (card_type, number)
            assert not va.is_credit_card(_bump_last(number))
    assert va.is_credit_card("4111 1111 1111 1111")
    assert not va.is_credit_card("1234 5678 9012 3452")  # Luhn-valid but no issuer starts with 1
    assert not va.is_credit_card("0000 0000 0000 0000")


def test_iban() -> None:
    fake = _faker("de_DE")
    for _ in range(20):
        iban = fake.iban()
        assert va.is_iban(iban)
        broken = iban[:2] + f"{(int(iban[2:4]) + 1) % 100:02d}" + iban[4:]
        assert not va.is_iban(broken)
    assert va.is_iban("GB82 WEST 1234 5698 7654 32")
    assert not va.is_iban("GB82 WEST 1234 5698 7654 33")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("anna.svensson@example.se", True),
        ("o'brien+tag@sub.example.co.uk", True),
        ("a@b.c", False),
        ("logo@2x.png", False),
        ("not an email", False),
        ("user@@example.com", False),
        ("user@example", False),
    ],
)
def test_email(value: str, expected: bool) -> None:
    assert va.is_email(value) is expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("192.168.1.10", True),
        ("10.0.0.0/8", True),
        ("2001:db8::1", True),
        ("fe80::1%eth0", True),
        ("256.1.1.1", False),
        ("1.2.3", False),
        ("12:30", False),
        ("2024-01-01", False),
    ],
)
def test_ip_address(value: str, expected: bool) -> None:
    assert va.is_ip_address(value) is expected


def test_mac_address_forms() -> None:
    assert va.is_mac_address("00:1A:2B:3C:4D:5E")
    assert va.is_mac_address("00-1a-2b-3c-4d-5e")
    assert va.is_mac_address("001a.2b3c.4d5e")
    assert not va.is_mac_address("00:1A-2B:3C:4D:5E")  # mixed separators
    assert not va.is_mac_address("001a2b3c4d5e")
    assert va.is_mac_address("001a2b3c4d5e", allow_bare=True)


def test_phone_regions() -> None:
    assert va.phone_region("+46 70 123 45 67", []) == "SE"
    assert va.phone_region("0046 70 123 45 67", []) == "SE"
    assert va.phone_region("070-123 45 67", ["SE"]) == "SE"
    assert va.phone_region("(202) 555-0143", ["US", "DE"]) == "US"  # first region that validates wins
    assert va.phone_region("1985-03-02", ["SE", "US"]) is None
    assert va.phone_region("12", ["SE"]) is None
    for number in (_faker(loc).phone_number() for loc in ("sv_SE", "de_DE", "fr_FR", "nl_NL", "en_GB")):
        assert va.phone_region(number, ["SE", "DE", "FR", "NL", "GB"]) is not None, number


def test_latlon_pairs() -> None:
    assert va.is_latlon_pair("59.3293, 18.0686")
    assert va.is_latlon_pair("(-33.8688; 151.2093)")
    assert va.is_latlon_pair("POINT(18.0686 59.3293)")
    assert not va.is_latlon_pair("95.1, 18.2")
    assert not va.is_latlon_pair("12, 14")  # integers: sizes, scores, not coordinates


def test_dates() -> None:
    assert va.parse_date("1985-03-02") == (dt.date(1985, 3, 2), False)
    assert va.parse_date("02.03.1985") == (dt.date(1985, 3, 2), False)
    assert va.parse_date("12/31/1985") == (dt.date(1985, 12, 31), False)
    assert va.parse_date("2024-05-01T13:45:00Z") == (dt.date(2024, 5, 1), True)
    assert va.parse_date("2024-05-01T00:00:00") == (dt.date(2024, 5, 1), False)
    assert va.parse_date("1985-02-30") is None
    assert va.parse_date("hello") is None


def test_health_shapes() -> None:
    assert va.is_icd10_dotted("E11.9") and va.is_icd10("J45") and va.is_icd10("F32.1")
    assert not va.is_icd10("U07")  # U codes are reserved; our shape excludes them
    assert not va.is_icd10_dotted("SKU-12")
    assert va.is_blood_type("AB+") and va.is_blood_type("0 Rh-") and va.is_blood_type("O neg")
    assert not va.is_blood_type("ABC")


def test_plates_passports_accounts_handles() -> None:
    for plate in (
        "ABC 123",
        "ABC 12D",
        "AB12 CDE",
        "B-AB 1234",
        "AB-123-CD",
        "1234 BCD",
        "AB 12 345",
        "ABC-123",
    ):
        assert va.plate_shape(plate), plate
    assert not va.plate_shape("HELLO") and not va.plate_shape("123456")
    assert va.passport_shape("C01X00T47") and va.passport_shape("12AB34567") and va.passport_shape("XDC123456")
    assert not va.passport_shape("AAAAAAAA")
    assert va.bank_account_shape("12-34-56") == "sort_code"
    assert va.bank_account_shape("011000015") == "routing"
    assert va.bank_account_shape("8327-9 123 456 789") == "account"
    assert va.bank_account_shape("hello") is None
    assert va.handle_shape("@anna_s") and va.handle_shape("jdoe85")
    assert not va.handle_shape("Anna Svensson") and not va.handle_shape("12345")


@pytest.mark.parametrize(
    "plate",
    [
        # Netherlands, one per sidecode 1-14
        "GB-12-34", "12-34-GB", "12-GB-34", "GB-12-KL", "GB-KL-12", "12-GB-KL", "12-GBK-3",
        "1-GBK-23", "GB-123-K", "G-123-KL", "GBK-12-L", "G-12-KLB", "1-GB-234", "123-GB-4",
        # United Kingdom current, prefix, suffix; Italy; France; Germany; Spain; Belgium
        "YK21 ABC", "A123 BCD", "ABC 123D", "FG 512 HK", "FG512HK", "AB-123-CD", "M-AB 1234", "1234 BCD", "1-ABC-234",
    ],
)  # fmt: skip
def test_documented_national_plate_formats_are_specific(plate: str) -> None:
    assert va.plate_kind(plate) == "specific", plate


@pytest.mark.parametrize("code", ["SKU1234", "ABC12345", "HELLO1", "X1Y2"])
def test_code_like_plates_are_only_generic(code: str) -> None:
    assert va.plate_kind(code) in {"generic", None}


@pytest.mark.parametrize("value", ["HELLO", "123456", "VH-00012", "2024-01-05", "A", "ABCDEFGHIJKL1"])
def test_non_plates(value: str) -> None:
    assert va.plate_kind(value) is None


def test_national_accounts_validate_their_own_check_digits() -> None:
    assert va.national_account("8601.11.17947") == "NO_KONTONR"
    assert va.national_account("8601 11 17947") == "NO_KONTONR"
    assert va.national_account("8601.11.17948") is None  # MOD11 check digit off by one
    assert va.national_account("86011117947") is None  # bare 11 digits: also a fødselsnummer or phone shape
    assert va.national_account("61 1090 1014 0000 0712 1981 2874") == "PL_NRB"
    assert va.national_account("61109010140000071219812874") == "PL_NRB"
    assert va.national_account("62109010140000071219812874") is None
    assert va.bank_account_shape("8601.11.17947") == "account"
    assert va.bank_account_shape("48250.75") is None


@pytest.mark.parametrize("amount", ["48250.75", "1,250,000", "1,250,000.50", "1.250,50", "-3310.5", "99999,99"])
def test_amounts_are_not_phone_shaped(amount: str) -> None:
    assert not va.phone_shape(amount)


@pytest.mark.parametrize("phone", ["555.123.4567", "06.12.34.56.78", "+47 912 34 567", "070-123 45 67"])
def test_dotted_phone_layouts_still_are(phone: str) -> None:
    assert va.phone_shape(phone)


def test_machine_ids_are_not_handles_and_words_lack_handle_traits() -> None:
    assert not va.handle_shape("0c2b9a4e-1f4e-4a57-9a9a-3e6f8d1b2c3d")
    assert not va.handle_shape("a3f9e1b2c4d5e6f7a8b9")
    for handle in ("jdoe85", "anna.berg", "mike_t", "root", "@kalle"):
        assert va.handle_traits(handle), handle
    for word in ("Telia", "Smith", "POST", "Anna Berg"):
        assert not va.handle_traits(word), word
