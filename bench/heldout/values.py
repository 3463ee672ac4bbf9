"""Value generators for the held-out set: people, identifiers with real check digits, and look-alikes.

Every function takes an explicit `random.Random`; nothing here touches the global `random` state, so the
output depends only on the seeds the caller passes. National identifiers are validated with python-stdnum
as they are minted (a generator bug fails loudly instead of producing a mislabelled column).
"""

from __future__ import annotations

import datetime as dt
import random
import string
import unicodedata
import uuid
from dataclasses import dataclass, field
from typing import Any

from faker import Faker
from schwifty import IBAN
from stdnum import ean, luhn
from stdnum import iban as stdnum_iban
from stdnum.de import idnr
from stdnum.dk import cpr
from stdnum.es import dni, nie
from stdnum.fi import hetu
from stdnum.fr import nir, siren, siret
from stdnum.it import codicefiscale, iva
from stdnum.nl import bsn
from stdnum.no import fodselsnummer, kontonr
from stdnum.pl import nip, pesel
from stdnum.se import personnummer
from stdnum.us import rtn, ssn

REF_DATE = dt.date(2024, 6, 30)
DIGITS = string.digits
UPPER = string.ascii_uppercase

FAKER_LOCALE = {
    "US": "en_US",
    "GB": "en_GB",
    "DE": "de_DE",
    "FR": "fr_FR",
    "NL": "nl_NL",
    "ES": "es_ES",
    "IT": "it_IT",
    "PL": "pl_PL",
    "SE": "sv_SE",
    "DK": "da_DK",
    "NO": "no_NO",
    "FI": "fi_FI",
}

# City, latitude, longitude (city names alone are not personal data; the coordinates seed GEOLOCATION values).
CITIES: dict[str, list[tuple[str, float, float]]] = {
    "SE": [
        ("Stockholm", 59.33, 18.07),
        ("Göteborg", 57.71, 11.97),
        ("Malmö", 55.60, 13.00),
        ("Uppsala", 59.86, 17.64),
        ("Västerås", 59.61, 16.55),
        ("Örebro", 59.27, 15.21),
        ("Linköping", 58.41, 15.62),
        ("Umeå", 63.83, 20.26),
    ],
    "FR": [
        ("Paris", 48.857, 2.352),
        ("Lyon", 45.764, 4.836),
        ("Marseille", 43.296, 5.370),
        ("Toulouse", 43.605, 1.444),
        ("Nantes", 47.218, -1.554),
        ("Lille", 50.629, 3.057),
        ("Bordeaux", 44.838, -0.579),
        ("Strasbourg", 48.573, 7.752),
    ],
    "DE": [
        ("Berlin", 52.52, 13.405),
        ("Hamburg", 53.551, 9.994),
        ("München", 48.137, 11.575),
        ("Köln", 50.938, 6.96),
        ("Frankfurt am Main", 50.11, 8.682),
        ("Stuttgart", 48.776, 9.183),
        ("Düsseldorf", 51.227, 6.774),
        ("Leipzig", 51.34, 12.375),
    ],
    "NL": [
        ("Amsterdam", 52.37, 4.895),
        ("Rotterdam", 51.924, 4.478),
        ("Utrecht", 52.091, 5.122),
        ("Den Haag", 52.07, 4.3),
        ("Eindhoven", 51.441, 5.478),
        ("Groningen", 53.219, 6.567),
        ("Zwolle", 52.517, 6.083),
        ("Tilburg", 51.56, 5.09),
    ],
    "ES": [
        ("Madrid", 40.417, -3.704),
        ("Barcelona", 41.385, 2.173),
        ("Valencia", 39.47, -0.376),
        ("Sevilla", 37.389, -5.984),
        ("Zaragoza", 41.649, -0.889),
        ("Málaga", 36.721, -4.421),
        ("Bilbao", 43.263, -2.935),
    ],
    "IT": [
        ("Roma", 41.903, 12.496),
        ("Milano", 45.464, 9.19),
        ("Napoli", 40.852, 14.268),
        ("Torino", 45.07, 7.687),
        ("Palermo", 38.116, 13.361),
        ("Bologna", 44.494, 11.343),
        ("Firenze", 43.77, 11.256),
        ("Bari", 41.117, 16.872),
    ],
    "PL": [
        ("Warszawa", 52.23, 21.012),
        ("Kraków", 50.065, 19.945),
        ("Łódź", 51.759, 19.456),
        ("Wrocław", 51.108, 17.039),
        ("Poznań", 52.406, 16.925),
        ("Gdańsk", 54.352, 18.646),
    ],
    "DK": [
        ("København", 55.676, 12.568),
        ("Aarhus", 56.163, 10.204),
        ("Odense", 55.404, 10.403),
        ("Aalborg", 57.048, 9.919),
        ("Esbjerg", 55.476, 8.459),
    ],
    "NO": [
        ("Oslo", 59.914, 10.752),
        ("Bergen", 60.391, 5.324),
        ("Trondheim", 63.43, 10.395),
        ("Stavanger", 58.97, 5.733),
        ("Tromsø", 69.649, 18.956),
    ],
    "FI": [
        ("Helsinki", 60.17, 24.938),
        ("Espoo", 60.205, 24.652),
        ("Tampere", 61.498, 23.761),
        ("Turku", 60.452, 22.267),
        ("Oulu", 65.012, 25.465),
    ],
    "GB": [
        ("London", 51.507, -0.128),
        ("Manchester", 53.48, -2.242),
        ("Birmingham", 52.486, -1.89),
        ("Leeds", 53.8, -1.549),
        ("Glasgow", 55.864, -4.252),
        ("Bristol", 51.455, -2.588),
    ],
    "US": [
        ("Chicago", 41.878, -87.63),
        ("Houston", 29.76, -95.37),
        ("Phoenix", 33.448, -112.074),
        ("Philadelphia", 39.95, -75.165),
        ("Seattle", 47.606, -122.332),
        ("Denver", 39.739, -104.99),
    ],
}

IT_MUNICIPALITY = {
    "Roma": "H501",
    "Milano": "F205",
    "Napoli": "F839",
    "Torino": "L219",
    "Palermo": "G273",
    "Bologna": "A944",
    "Firenze": "D612",
    "Bari": "A662",
}

EMAIL_DOMAINS = {
    "US": ["gmail.com", "yahoo.com", "outlook.com", "aol.com", "icloud.com", "comcast.net"],
    "GB": ["gmail.com", "btinternet.com", "hotmail.co.uk", "outlook.com", "sky.com", "yahoo.co.uk"],
    "DE": ["gmx.de", "web.de", "t-online.de", "gmail.com", "posteo.de", "freenet.de"],
    "FR": ["orange.fr", "free.fr", "laposte.net", "gmail.com", "sfr.fr", "hotmail.fr"],
    "NL": ["ziggo.nl", "kpnmail.nl", "gmail.com", "hotmail.nl", "xs4all.nl", "outlook.com"],
    "ES": ["gmail.com", "hotmail.es", "yahoo.es", "telefonica.net", "outlook.es"],
    "IT": ["libero.it", "virgilio.it", "gmail.com", "alice.it", "tiscali.it", "hotmail.it"],
    "PL": ["wp.pl", "onet.pl", "o2.pl", "gmail.com", "interia.pl"],
    "SE": ["telia.com", "gmail.com", "hotmail.se", "live.se", "bredband.net", "outlook.com"],
    "DK": ["gmail.com", "hotmail.dk", "mail.dk", "jubii.dk", "live.dk"],
    "NO": ["online.no", "gmail.com", "hotmail.no", "live.no", "getmail.no"],
    "FI": ["gmail.com", "elisanet.fi", "luukku.com", "hotmail.fi", "kolumbus.fi"],
}

# Phone templates: d = any digit, N = 2-9.
PHONE_FORMATS = {
    "SE": ["07N-ddd dd dd", "+46 7N ddd dd dd", "+467Ndddddddd", "08-ddd ddd dd", "07Nddddddd", "0046 7N-ddd dd dd"],
    "DE": [
        "015N ddddddd",
        "+49 15N dddddddd",
        "030 dddddddd",
        "+49 (0)89 ddddddd",
        "0176/dddddddd",
        "0049 171 ddddddd",
    ],
    "FR": [
        "06 dd dd dd dd",
        "07 dd dd dd dd",
        "+33 6 dd dd dd dd",
        "+33 (0)1 dd dd dd dd",
        "06.dd.dd.dd.dd",
        "06dddddddd",
    ],
    "NL": ["06-dddddddd", "+31 6 dddddddd", "+31 (0)20 ddd dddd", "020-ddddddd", "06 dd dd dd dd", "0031 6 dddddddd"],
    "ES": ["6dd ddd ddd", "+34 6dd ddd ddd", "+34 6dddddddd", "91 ddd dd dd", "7dd dd dd dd", "0034 6dd dd dd dd"],
    "IT": ["33N ddd dddd", "+39 34N dddddd", "+39 06 dddd dddd", "32N/ddddddd", "0039 33Nddddddd", "34N-dddddd"],
    "PL": ["5dd ddd ddd", "+48 5dd ddd ddd", "+48 6dd-ddd-ddd", "22 ddd dd dd", "+485dddddddd", "7dd ddd ddd"],
    "DK": ["2d dd dd dd", "+45 2d dd dd dd", "+45 3ddddddd", "4ddddddd", "0045 5d dd dd dd", "6d dd dd dd"],
    "NO": ["4dd dd ddd", "9dd dd ddd", "+47 4dd dd ddd", "+47 9ddddddd", "22 dd dd dd", "0047 4ddddddd"],
    "FI": ["040 ddd dddd", "+358 40 ddd dddd", "050 ddddddd", "+358 50 dddd ddd", "09 ddd ddd", "045-ddd dddd"],
    "GB": ["07ddd dddddd", "+44 7ddd dddddd", "+44 (0)20 dddd dddd", "020 dddd dddd", "0161 ddd dddd", "07ddddddddd"],
    "US": ["(Ndd) Ndd-dddd", "Ndd-Ndd-dddd", "+1 Ndd Ndd dddd", "Ndd.Ndd.dddd", "+1NddNdddddd", "1-Ndd-Ndd-dddd"],
}

JUNK = ["n/a", "N/A", "-", "unknown", "?", "TBD", "none", "xxx", "test", "0", ".", "NULL", "#N/A", "tbc"]


def fill(rng: random.Random, template: str) -> str:
    out = []
    for ch in template:
        if ch == "d":
            out.append(rng.choice(DIGITS))
        elif ch == "N":
            out.append(str(rng.randint(2, 9)))
        elif ch == "L":
            out.append(rng.choice(UPPER))
        else:
            out.append(ch)
    return "".join(out)


def phone(rng: random.Random, country: str, styles: list[int] | None = None) -> str:
    formats = PHONE_FORMATS[country]
    indices = styles if styles is not None else list(range(len(formats)))
    return fill(rng, formats[rng.choice(indices)])


def ascii_fold(text: str) -> str:
    text = text.translate(
        str.maketrans(
            {"ø": "o", "Ø": "O", "æ": "ae", "Æ": "Ae", "ß": "ss", "ł": "l", "Ł": "L", "đ": "d", "å": "a", "Å": "A"}
        )
    )
    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))


def slug(text: str) -> str:
    return "".join(ch for ch in ascii_fold(text).lower() if ch.isalnum())


def age_dob(rng: random.Random, min_age: int, max_age: int) -> dt.date:
    oldest = REF_DATE.replace(year=REF_DATE.year - max_age - 1) + dt.timedelta(days=1)
    youngest = REF_DATE.replace(year=REF_DATE.year - min_age)
    return oldest + dt.timedelta(days=rng.randint(0, (youngest - oldest).days))


def rand_date(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randint(0, (end - start).days))


def rand_ts(rng: random.Random, start: dt.date, end: dt.date) -> dt.datetime:
    day = rand_date(rng, start, end)
    return dt.datetime(day.year, day.month, day.day) + dt.timedelta(seconds=rng.randint(0, 86399))


@dataclass
class Person:
    """One data subject; attributes derived lazily so columns in a row stay consistent with each other."""

    rng: random.Random
    fake: Faker
    country: str
    first: str
    last: str
    gender: str  # "F", "M" or "X"
    dob: dt.date
    cache: dict[str, Any] = field(default_factory=dict)

    def _once(self, key: str, make: Any) -> Any:
        if key not in self.cache:
            self.cache[key] = make()
        return self.cache[key]

    @property
    def full(self) -> str:
        return f"{self.first} {self.last}"

    @property
    def city(self) -> tuple[str, float, float]:
        return self._once("city", lambda: self.rng.choice(CITIES[self.country]))

    @property
    def street(self) -> str:
        def make() -> str:
            text = " ".join(self.fake.street_address().split())
            if not any(ch.isdigit() for ch in text):
                text = (
                    f"{self.rng.randint(1, 180)} {text}"
                    if self.country in {"FR", "GB", "US"}
                    else (f"{text} {self.rng.randint(1, 180)}")
                )
            return text

        return self._once("street", make)

    @property
    def postcode(self) -> str:
        return self._once("postcode", self.fake.postcode)

    @property
    def email(self) -> str:
        def make() -> str:
            first, last = slug(self.first.split()[0]), slug(self.last.split()[-1])
            pattern = self.rng.randrange(6)
            local = [
                f"{first}.{last}",
                f"{first[0]}{last}",
                f"{first}{last}{self.rng.randint(1, 99)}",
                f"{last}.{first}",
                f"{first}_{last}",
                f"{first}{self.dob.year % 100:02d}",
            ][pattern]
            return f"{local}@{self.rng.choice(EMAIL_DOMAINS[self.country])}"

        return self._once("email", make)

    @property
    def username(self) -> str:
        def make() -> str:
            first, last = slug(self.first.split()[0]), slug(self.last.split()[-1])
            pattern = self.rng.randrange(5)
            return [
                f"{first[0]}{last}"[:12],
                f"{first}.{last}",
                f"{first}{self.rng.randint(1, 999)}",
                f"{last[:5]}{first[:2]}",
                f"{first}_{last[0]}{self.dob.year % 100:02d}",
            ][pattern]

        return self._once("username", make)

    def phone(self, styles: list[int] | None = None) -> str:
        return self._once("phone", lambda: phone(self.rng, self.country, styles))


def make_person(rng: random.Random, fake: Faker, country: str, min_age: int = 18, max_age: int = 85) -> Person:
    roll = rng.random()
    gender = "X" if roll < 0.01 else ("F" if roll < 0.5 else "M")
    female = gender == "F" or (gender == "X" and rng.random() < 0.5)
    first = fake.first_name_female() if female else fake.first_name_male()
    if country == "PL":
        last = fake.last_name_female() if female else fake.last_name_male()
    else:
        last = fake.last_name()
    return Person(rng, fake, country, first, last, gender, age_dob(rng, min_age, max_age))


# --- national identifiers ------------------------------------------------------------------------------------


def _check(valid: bool, kind: str, value: str) -> str:
    if not valid:
        raise AssertionError(f"generated an invalid {kind}: {value}")
    return value


def us_ssn(rng: random.Random, style: int = 0) -> str:
    while True:
        area = rng.randint(1, 899)
        if area == 666:
            continue
        number = f"{area:03d}{rng.randint(1, 99):02d}{rng.randint(1, 9999):04d}"
        if ssn.is_valid(number):
            break
    return _check(ssn.is_valid(number), "SSN", number if style else f"{number[:3]}-{number[3:5]}-{number[5:]}")


def se_personnummer(p: Person, style: int = 0) -> str:
    serial = f"{p.rng.randint(0, 99):02d}{p.rng.randrange(1 if p.gender == 'M' else 0, 10, 2)}"
    body = p.dob.strftime("%y%m%d") + serial
    check = luhn.calc_check_digit(body)
    ten = body + check
    value = [f"{ten[:6]}-{ten[6:]}", f"{p.dob.year // 100}{ten}", f"{p.dob.year // 100}{ten[:6]}-{ten[6:]}", ten][style]
    return _check(personnummer.is_valid(value), "personnummer", value)


NINO_FIRST = "ABCEGHJKLMNOPRSTWXYZ"
NINO_SECOND = "ABCEGHJKLMNPRSTWXYZ"


def uk_nino(rng: random.Random, style: int = 0) -> str:
    while True:
        prefix = rng.choice(NINO_FIRST) + rng.choice(NINO_SECOND)
        if prefix not in {"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"}:
            break
    digits = fill(rng, "dddddd")
    suffix = rng.choice("ABCD")
    if style == 1:
        return f"{prefix} {digits[:2]} {digits[2:4]} {digits[4:]} {suffix}"
    return f"{prefix}{digits}{suffix}"


def dk_cpr(p: Person, style: int = 0) -> str:
    while True:
        seventh = p.rng.randint(0, 3) if p.dob.year < 2000 else p.rng.choice([4, 9])
        last = p.rng.randrange(1 if p.gender == "M" else 0, 10, 2)
        value = p.dob.strftime("%d%m%y") + f"{seventh}{p.rng.randint(0, 99):02d}{last}"
        if cpr.is_valid(value):
            break
    return value if style else f"{value[:6]}-{value[6:]}"


def fi_hetu(p: Person) -> str:
    sign = "-" if p.dob.year < 2000 else "A"
    serial = p.rng.randrange(3 if p.gender == "M" else 2, 900, 2)
    number = int(p.dob.strftime("%d%m%y") + f"{serial:03d}")
    check = "0123456789ABCDEFHJKLMNPRSTUVWXY"[number % 31]
    value = f"{p.dob.strftime('%d%m%y')}{sign}{serial:03d}{check}"
    return _check(hetu.is_valid(value), "hetu", value)


def no_fnr(p: Person, style: int = 0) -> str:
    while True:
        if p.dob.year < 2000:
            individual = p.rng.randint(0, 499)
        else:
            individual = p.rng.randint(500, 999)
        if (individual % 2 == 1) != (p.gender == "M"):
            continue
        nine = p.dob.strftime("%d%m%y") + f"{individual:03d}"
        k1 = fodselsnummer.calc_check_digit1(nine)
        if len(k1) != 1:
            continue
        k2 = fodselsnummer.calc_check_digit2(nine + k1)
        if len(k2) != 1:
            continue
        value = nine + k1 + k2
        if fodselsnummer.is_valid(value):
            break
    return value if style == 0 else f"{value[:6]} {value[6:]}"


def nl_bsn(rng: random.Random, style: int = 0) -> str:
    while True:
        body = str(rng.randint(1, 6)) + fill(rng, "ddddddd")
        total = sum(int(d) * w for d, w in zip(body, range(9, 1, -1), strict=True))
        check = total % 11
        if check < 10:
            value = body + str(check)
            if bsn.is_valid(value):
                break
    return value if style == 0 else f"{value[:4]}.{value[4:6]}.{value[6:]}"


def es_dni(rng: random.Random, foreign_share: float = 0.15) -> str:
    letters = "TRWAGMYFPDXBNJZSQVHLCKE"
    if rng.random() < foreign_share:
        lead = rng.choice("XYZ")
        digits = fill(rng, "ddddddd")
        value = f"{lead}{digits}{letters[int(str('XYZ'.index(lead)) + digits) % 23]}"
        return _check(nie.is_valid(value), "NIE", value)
    digits = f"{rng.randint(1_000_000, 79_999_999):08d}"
    value = digits + letters[int(digits) % 23]
    if rng.random() < 0.2:
        value = f"{digits}-{value[-1]}"
    return _check(dni.is_valid(value), "DNI", value)


def fr_nir(p: Person, style: int = 0) -> str:
    sex = "2" if p.gender == "F" else "1"
    dept = f"{p.rng.choice([d for d in range(1, 96) if d != 20]):02d}"
    body = f"{sex}{p.dob.strftime('%y%m')}{dept}{p.rng.randint(1, 990):03d}{p.rng.randint(1, 999):03d}"
    key = 97 - int(body) % 97
    value = f"{body}{key:02d}"
    if style == 1:
        value = f"{value[0]} {value[1:3]} {value[3:5]} {value[5:7]} {value[7:10]} {value[10:13]} {value[13:]}"
    return _check(nir.is_valid(value), "NIR", value)


def de_steuer_id(rng: random.Random, style: int = 0) -> str:
    while True:
        body = str(rng.randint(1, 9)) + fill(rng, "ddddddddd")
        counts = sorted((body.count(d) for d in set(body)), reverse=True)
        if counts[0] not in (2, 3) or (len(counts) > 1 and counts[1] > 1):
            continue
        # ISO 7064 MOD 11,10
        product = 10
        for digit in body:
            total = (int(digit) + product) % 10 or 10
            product = (2 * total) % 11
        value = body + str((11 - product) % 10)
        if idnr.is_valid(value):
            break
    return value if style == 0 else f"{value[:2]} {value[2:5]} {value[5:8]} {value[8:]}"


def _cf_letters(text: str, is_first_name: bool) -> str:
    letters = [ch for ch in ascii_fold(text).upper() if ch.isalpha()]
    consonants = [ch for ch in letters if ch not in "AEIOU"]
    vowels = [ch for ch in letters if ch in "AEIOU"]
    if is_first_name and len(consonants) >= 4:
        consonants = [consonants[0], consonants[2], consonants[3]]
    return ("".join(consonants + vowels) + "XXX")[:3]


def it_codice_fiscale(p: Person) -> str:
    month = "ABCDEHLMPRST"[p.dob.month - 1]
    day = p.dob.day + (40 if p.gender == "F" else 0)
    town = IT_MUNICIPALITY.get(p.city[0], "H501")
    body = f"{_cf_letters(p.last, False)}{_cf_letters(p.first, True)}{p.dob.year % 100:02d}{month}{day:02d}{town}"
    value = body + codicefiscale.calc_check_digit(body)
    return _check(codicefiscale.is_valid(value), "codice fiscale", value)


def pl_pesel(p: Person) -> str:
    month = p.dob.month + (20 if p.dob.year >= 2000 else 0)
    sex = p.rng.randrange(1 if p.gender == "M" else 0, 10, 2)
    body = f"{p.dob.year % 100:02d}{month:02d}{p.dob.day:02d}{p.rng.randint(0, 999):03d}{sex}"
    weights = [1, 3, 7, 9, 1, 3, 7, 9, 1, 3]
    check = (10 - sum(int(d) * w for d, w in zip(body, weights, strict=True)) % 10) % 10
    value = body + str(check)
    return _check(pesel.is_valid(value), "PESEL", value)


# --- other personal identifiers ------------------------------------------------------------------------------

_DE_PASS = "CFGHJKLMNPRTVWXYZ0123456789"


def passport(rng: random.Random, country: str) -> str:
    if country == "DE":
        return "C" + "".join(rng.choice(_DE_PASS) for _ in range(8))
    if country == "NL":
        letters = "ABCDEFGHIJKLMNPQRSTUVWXYZ"
        return (
            rng.choice(letters)
            + rng.choice(letters)
            + "".join(rng.choice(letters + DIGITS) for _ in range(6))
            + rng.choice(DIGITS)
        )
    template = {
        "GB": "dddddddNN",
        "US": "5dddddddd",
        "FR": "ddLLddddd",
        "ES": "LLLdddddd",
        "IT": "YLddddddd",
        "PL": "ELddddddd",
        "SE": "dddddddd",
        "NO": "LLddddddd",
        "FI": "LLddddddd",
        "DK": "ddddddddd",
    }[country]
    value = fill(rng, template.replace("N", "d"))
    if country == "IT":
        value = "Y" + value[1:]
    return value


def _iban_check(country: str, bban: str) -> str:
    digits = "".join(str(int(ch, 36)) for ch in bban + country + "00")
    return f"{98 - int(digits) % 97:02d}"


_CIN_ODD = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23]


def _it_cin(body: str) -> str:
    total = 0
    for position, ch in enumerate(body):
        index = int(ch) if ch.isdigit() else ord(ch) - ord("A")
        total += _CIN_ODD[index] if position % 2 == 0 else index
    return UPPER[total % 26]


def _es_control(digits: str) -> str:
    weights = [1, 2, 4, 8, 5, 10, 9, 7, 3, 6]
    value = 11 - sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 11
    return str({11: 0, 10: 1}.get(value, value))


def _bban(rng: random.Random, country: str) -> str:
    if country == "DE":
        return rng.choice(["10070000", "37040044", "50010517", "20050550", "70150000"]) + fill(rng, "dddddddddd")
    if country == "NL":
        return rng.choice(["INGB", "ABNA", "RABO", "SNSB", "TRIO", "ASNB"]) + fill(rng, "dddddddddd")
    if country == "FR":
        bank, branch, account = (
            rng.choice(["30004", "30003", "20041", "10278", "11306"]),
            fill(rng, "ddddd"),
            fill(rng, "ddddddddddd"),
        )
        key = 97 - (89 * int(bank) + 15 * int(branch) + 3 * int(account)) % 97
        return f"{bank}{branch}{account}{key:02d}"
    if country == "IT":
        body = rng.choice(["03069", "02008", "05034", "01030"]) + fill(rng, "ddddd") + fill(rng, "dddddddddddd")
        return _it_cin(body) + body
    if country == "ES":
        bank, branch, account = (
            rng.choice(["2100", "0049", "0182", "2085", "0081"]),
            fill(rng, "dddd"),
            fill(rng, "dddddddddd"),
        )
        return bank + branch + _es_control("00" + bank + branch) + _es_control(account) + account
    if country == "FI":
        body = rng.choice(["123456", "400100", "500001", "800012"]) + fill(rng, "ddddddd")
        return body + luhn.calc_check_digit(body)
    raise ValueError(country)


def iban(rng: random.Random, country: str, spaced: bool | None = None) -> str:
    bban = _bban(rng, country)
    value = f"{country}{_iban_check(country, bban)}{bban}"
    _check(IBAN(value, allow_invalid=True).is_valid and stdnum_iban.is_valid(value), "IBAN", value)
    if spaced is None:
        spaced = rng.random() < 0.5
    return " ".join(value[i : i + 4] for i in range(0, len(value), 4)) if spaced else value


def card_number(rng: random.Random, style: int | None = None) -> str:
    brand = rng.random()
    if brand < 0.45:
        body = "4" + fill(rng, "dddddddddddddd")
    elif brand < 0.8:
        body = rng.choice(["51", "52", "53", "54", "55"]) + fill(rng, "ddddddddddddd")
    elif brand < 0.92:
        body = rng.choice(["34", "37"]) + fill(rng, "dddddddddddd")
    else:
        body = "6011" + fill(rng, "ddddddddddd")
    number = body + luhn.calc_check_digit(body)
    style = rng.randrange(3) if style is None else style
    if style == 0 or len(number) == 15:
        return number if style != 1 or len(number) != 15 else f"{number[:4]} {number[4:10]} {number[10:]}"
    sep = " " if style == 1 else "-"
    return sep.join(number[i : i + 4] for i in range(0, 16, 4))


def plate(rng: random.Random, country: str) -> str:
    no_vowel = "BCDFGHJKLNPRSTVXZ"
    if country == "FR":
        letters = "ABCDEFGHJKLMNPQRSTVWXYZ"
        head = rng.choice(letters) + rng.choice(letters)
        number = rng.randint(1, 999)
        return f"{head}-{number:03d}-{rng.choice(letters)}{rng.choice(letters)}"
    if country == "NL":
        s = [rng.choice(no_vowel) for _ in range(4)]
        return rng.choice(
            [
                f"{rng.randint(1, 99):02d}-{s[0]}{s[1]}{s[2]}-{rng.randint(1, 9)}",
                f"{s[0]}{s[1]}-{rng.randint(100, 999)}-{s[2]}",
                f"{rng.randint(1, 9)}-{s[0]}{s[1]}{s[2]}-{rng.randint(10, 99)}",
                f"{s[0]}-{rng.randint(100, 999)}-{s[1]}{s[2]}",
            ]
        )
    if country == "IT":
        letters = "ABCDEFGHJKLMNPRSTVWXYZ"
        sep = rng.choice(["", " "])
        head = rng.choice(letters) + rng.choice(letters)
        number = rng.randint(0, 999)
        return f"{head}{sep}{number:03d}{sep}{rng.choice(letters)}{rng.choice(letters)}"
    if country == "DE":
        city = rng.choice(["B", "M", "HH", "K", "F", "S", "D", "DO", "HB", "L", "N", "KA", "MZ", "WI", "BN", "H"])
        letters = "".join(rng.choice(UPPER) for _ in range(rng.randint(1, 2)))
        return f"{city}-{letters} {rng.randint(1, 9999)}{'E' if rng.random() < 0.05 else ''}"
    if country == "FI":
        return f"{''.join(rng.choice('ABCEFGHIJKLMNORSTUVXYZ') for _ in range(3))}-{rng.randint(1, 999)}"
    if country == "NO":
        return f"{rng.choice(['EL', 'EK', 'DN', 'KH', 'SV', 'BT', 'EB', 'ZT'])} {rng.randint(10000, 99999)}"
    if country == "SE":
        letters = "ABCDEFGHJKLMNOPRSTUWXYZ"
        tail = rng.choice([f"{rng.randint(0, 999):03d}", f"{rng.randint(0, 99):02d}{rng.choice(letters)}"])
        return f"{''.join(rng.choice(letters) for _ in range(3))} {tail}"
    if country == "GB":
        area = rng.choice(UPPER) + rng.choice(UPPER)
        age = rng.choice(["19", "69", "20", "70", "21", "71", "22", "72"])
        return f"{area}{age} {''.join(rng.choice('ABCDEFGHJKLMNPRSTUVWXYZ') for _ in range(3))}"
    raise ValueError(country)


def ipv4(rng: random.Random, private_share: float = 0.2) -> str:
    if rng.random() < private_share:
        return rng.choice(
            [
                f"10.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}",
                f"192.168.{rng.randint(0, 20)}.{rng.randint(2, 254)}",
                f"172.{rng.randint(16, 31)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}",
            ]
        )
    first = rng.choice(
        [
            31,
            37,
            46,
            62,
            77,
            78,
            80,
            81,
            82,
            83,
            84,
            85,
            86,
            88,
            90,
            91,
            92,
            93,
            94,
            95,
            109,
            145,
            151,
            176,
            178,
            185,
            188,
            193,
            194,
            195,
            212,
            213,
            217,
        ]
    )
    return f"{first}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"


def ipv6(rng: random.Random) -> str:
    prefix = rng.choice(["2001:db8", "2a02:810d", "2a01:cb00", "2001:9b1", "2a00:23c5", "2a02:a44a"])
    groups = [f"{rng.getrandbits(16):x}" for _ in range(4)]
    if rng.random() < 0.5:
        return f"{prefix}:{rng.getrandbits(16):x}::{groups[0]}:{groups[1]}"
    return f"{prefix}:{rng.getrandbits(16):x}:{rng.getrandbits(16):x}:{':'.join(groups)}"


OUIS = [
    "00:1A:2B",
    "3C:5A:B4",
    "F0:18:98",
    "A4:83:E7",
    "00:50:56",
    "B8:27:EB",
    "DC:A6:32",
    "44:65:0D",
    "FC:F5:C4",
    "28:6C:07",
    "00:1B:63",
    "E4:5F:01",
]


def mac(rng: random.Random, style: int = 0) -> str:
    octets = rng.choice(OUIS).split(":") + [f"{rng.getrandbits(8):02X}" for _ in range(3)]
    if style == 0:
        return ":".join(octets)
    if style == 1:
        return "-".join(octets)
    if style == 2:
        raw = "".join(octets).lower()
        return f"{raw[:4]}.{raw[4:8]}.{raw[8:]}"
    if style == 3:
        return ":".join(octets).lower()
    return "".join(octets)


def near(rng: random.Random, lat: float, lon: float, spread: float = 0.08, digits: int = 6) -> tuple[float, float]:
    return round(lat + rng.uniform(-spread, spread), digits), round(lon + rng.uniform(-spread, spread) * 1.6, digits)


# --- passwords and their hashes ----------------------------------------------------------------------------

COMMON_PASSWORDS = [
    "123456",
    "password",
    "qwerty123",
    "Summer2023!",
    "letmein",
    "iloveyou",
    "Passw0rd",
    "hunter2",
    "monkey1",
    "dragon",
    "Welkom01",
    "Sommer2022",
    "azerty",
    "bonjour1",
    "Kissa123",
    "Haslo123",
    "football",
    "abc123",
    "Zaq12wsx",
    "trustno1",
    "Sunshine!",
    "Lato2021",
    "Qwerty!23",
    "admin123",
    "Juventus1897",
    "Hejsan1",
    "Fotball99",
]
_WORDS = [
    "tiger",
    "blue",
    "Sommer",
    "autumn",
    "pizza",
    "Bayern",
    "Chelsea",
    "Lisa",
    "Kalle",
    "soleil",
    "casa",
    "kotek",
    "ajax",
    "Hamlet",
    "Pingu",
    "Rocky",
    "Mamma",
    "Liverpool",
    "salasana",
    "Bamse",
]


def plain_password(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.3:
        return rng.choice(COMMON_PASSWORDS)
    if roll < 0.65:
        return f"{rng.choice(_WORDS)}{rng.randint(1, 2024)}{rng.choice(['', '!', '?', '#', '.'])}"
    if roll < 0.85:
        alphabet = string.ascii_letters + DIGITS + "!@#$%&*"
        return "".join(rng.choice(alphabet) for _ in range(rng.randint(8, 14)))
    return f"{rng.choice(_WORDS).lower()}{rng.choice(_WORDS).lower()}{rng.randint(0, 99)}"


_B64 = "./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
_STD64 = string.ascii_letters + DIGITS + "+/"


def bcrypt_hash(rng: random.Random) -> str:
    return f"$2{rng.choice('aby')}${rng.choice(['10', '12'])}$" + "".join(rng.choice(_B64) for _ in range(53))


def argon2_hash(rng: random.Random) -> str:
    salt = "".join(rng.choice(_STD64[:-2]) for _ in range(22))
    digest = "".join(rng.choice(_STD64[:-2]) for _ in range(43))
    return f"$argon2id$v=19$m=65536,t=3,p=4${salt}${digest}"


def pbkdf2_hash(rng: random.Random) -> str:
    salt = "".join(rng.choice(string.ascii_letters + DIGITS) for _ in range(22))
    return f"pbkdf2_sha256$600000${salt}$" + "".join(rng.choice(_STD64) for _ in range(43)) + "="


def hexstr(rng: random.Random, length: int) -> str:
    return f"{rng.getrandbits(length * 4):0{length}x}"


def guid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


# --- look-alikes that are NOT personal data ------------------------------------------------------------------


def ean13(rng: random.Random) -> str:
    body = rng.choice(["400", "590", "730", "800", "871", "500", "560", "640"]) + fill(rng, "ddddddddd")
    value = body + ean.calc_check_digit(body)
    return _check(ean.is_valid(value), "EAN", value)


def it_partita_iva(rng: random.Random) -> str:
    body = fill(rng, "ddddddd") + f"{rng.randint(1, 100):03d}"
    value = body + luhn.calc_check_digit(body)
    return _check(iva.is_valid(value), "partita IVA", value)


def fr_siret(rng: random.Random) -> str:
    base = fill(rng, "dddddddd")
    siren_number = base + luhn.calc_check_digit(base)
    body = siren_number + fill(rng, "dddd")
    value = body + luhn.calc_check_digit(body)
    assert siren.is_valid(siren_number)
    return _check(siret.is_valid(value), "SIRET", value)


def pl_nip(rng: random.Random) -> str:
    while True:
        body = str(rng.randint(1, 9)) + fill(rng, "dddddddd")
        weights = [6, 5, 7, 2, 3, 4, 5, 6, 7]
        check = sum(int(d) * w for d, w in zip(body, weights, strict=True)) % 11
        if check < 10:
            value = body + str(check)
            if nip.is_valid(value):
                return f"{value[:3]}-{value[3:6]}-{value[6:8]}-{value[8:]}"


def us_routing(rng: random.Random) -> str:
    while True:
        body = rng.choice(["02", "03", "04", "05", "06", "07", "11", "12", "21", "26", "31"]) + fill(rng, "dddddd")
        for check in DIGITS:
            if rtn.is_valid(body + check):
                return body + check


def no_kontonr(rng: random.Random, style: int = 0) -> str:
    while True:
        body = rng.choice(["1503", "1607", "3000", "6011", "9710", "1254", "1202"]) + fill(rng, "dddddd")
        value = body + fill(rng, "d")
        for check in DIGITS:
            if kontonr.is_valid(body + check):
                value = body + check
                break
        else:
            continue
        return value if style == 0 else f"{value[:4]}.{value[4:6]}.{value[6:]}"
