"""Column kinds of the evaluation set: what a column holds, its ground-truth label, and how to make a value.

A kind's maker returns a native Python value (str, int, float, bool, date, datetime, list); the writers render
it per format (Parquet keeps the native type, text formats apply the column's date/boolean style).
"""

from __future__ import annotations

import hashlib
import random
import string
import unicodedata
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import phonenumbers
from faker import Faker
from faker.providers.address.it_IT import Provider as ItalianAddresses
from schwifty import IBAN
from stdnum import ean

try:  # run as a script (bench/eval on sys.path) or imported as bench.eval.kinds
    from bench.eval import ids, vocab
except ImportError:  # pragma: no cover
    import ids  # type: ignore[no-redef]
    import vocab  # type: ignore[no-redef]

# faker has no `nb_NO`; `no_NO` is its Norwegian (Bokmål) locale.
LOCALES = [
    "en_US",
    "en_GB",
    "sv_SE",
    "de_DE",
    "fr_FR",
    "nl_NL",
    "es_ES",
    "da_DK",
    "no_NO",
    "fi_FI",
    "it_IT",
    "pl_PL",
]
REGION = {loc: loc.split("_")[1] for loc in LOCALES}
# faker's it_IT city list is built from a set, so its order (and a seeded pick) changes with PYTHONHASHSEED.
_IT_CITIES = sorted(ItalianAddresses.cities)
# faker's own iban() for these locales produces a GB IBAN; use schwifty for the right country instead.
_FAKER_IBAN_WRONG = {"en_US", "sv_SE"}


class Ctx:
    """Per-table generation state: a seeded RNG, seeded fakers, the table's locales and header language."""

    def __init__(
        self, rng: random.Random, fakers: dict[str, Faker], locales: list[str], lang: str, pool: list[str]
    ) -> None:
        self.rng = rng
        self.fakers = fakers
        self.locales = locales
        self.lang = lang
        self.pool = pool  # locales a "foreign" name or e-mail may come from
        self.row = 0

    def fake(self, loc: str | None = None) -> Faker:
        return self.fakers[loc or self.rng.choice(self.locales)]

    def mixed_fake(self, home_share: float = 0.6) -> Faker:
        """Mostly the table's locales, sometimes any locale: names and e-mails come from many cultures."""
        if self.rng.random() < home_share:
            return self.fake()
        return self.fakers[self.rng.choice(self.pool)]


Maker = Callable[[Ctx, dict[str, Any]], Any]


@dataclass(frozen=True)
class Kind:
    category: str
    subtype: str | None
    make: Maker


KINDS: dict[str, Kind] = {}


def kind(name: str, category: str, subtype: str | None = None) -> Callable[[Maker], Maker]:
    def register(fn: Maker) -> Maker:
        KINDS[name] = Kind(category, subtype, fn)
        return fn

    return register


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower().replace(" ", "")


def city_of(ctx: Ctx, fake: Faker) -> str:
    if fake is ctx.fakers["it_IT"]:
        return ctx.rng.choice(_IT_CITIES)
    return fake.city()


def _loc(ctx: Ctx, opts: dict[str, Any]) -> str:
    return opts.get("loc") or ctx.rng.choice(ctx.locales)


# --- contact and identity ---------------------------------------------------------------------------------


@kind("email", "EMAIL_ADDRESS")
def _email(ctx: Ctx, opts: dict[str, Any]) -> str:
    f = ctx.mixed_fake()
    roll = ctx.rng.random()
    if roll < 0.45:
        value = f.email()
    elif roll < 0.65:
        value = f.free_email()
    elif roll < 0.8:
        value = f.company_email()
    else:
        sep = ctx.rng.choice([".", "_", ""])
        local = f"{_ascii(f.first_name())}{sep}{_ascii(f.last_name())}{ctx.rng.randint(1, 99)}"
        value = f"{local}@{f.free_email_domain()}"
    return value.upper() if ctx.rng.random() < 0.03 else value


@kind("phone", "PHONE_NUMBER")
def _phone(ctx: Ctx, opts: dict[str, Any]) -> str:
    loc = _loc(ctx, opts)
    f = ctx.fakers[loc]
    raw = f.phone_number()
    parsed = None
    for _ in range(12):
        try:
            candidate = phonenumbers.parse(raw, REGION[loc])
        except phonenumbers.NumberParseException:
            candidate = None
        if candidate is not None and phonenumbers.is_valid_number(candidate):
            parsed = candidate
            break
        raw = f.phone_number()
    style = opts.get("style", "mixed")
    if style == "mixed":
        style = ctx.rng.choice(["national", "e164", "intl", "raw"])
    if parsed is None or style == "raw":
        return raw
    fmt = {
        "national": phonenumbers.PhoneNumberFormat.NATIONAL,
        "e164": phonenumbers.PhoneNumberFormat.E164,
        "intl": phonenumbers.PhoneNumberFormat.INTERNATIONAL,
    }[style]
    return phonenumbers.format_number(parsed, fmt)


@kind("first_name", "PERSON_NAME")
def _first(ctx: Ctx, opts: dict[str, Any]) -> str:
    return ctx.mixed_fake().first_name()


@kind("last_name", "PERSON_NAME")
def _last(ctx: Ctx, opts: dict[str, Any]) -> str:
    return ctx.mixed_fake().last_name()


@kind("full_name", "PERSON_NAME")
def _full(ctx: Ctx, opts: dict[str, Any]) -> str:
    f = ctx.mixed_fake()
    order = opts.get("order", "first_last")
    if order == "last_first":
        return f"{f.last_name()}, {f.first_name()}"
    if order == "upper_last":
        return f"{f.last_name().upper()} {f.first_name()}"
    return f.name() if ctx.rng.random() < 0.3 else f"{f.first_name()} {f.last_name()}"


@kind("street", "STREET_ADDRESS")
def _street(ctx: Ctx, opts: dict[str, Any]) -> str:
    return ctx.fake(opts.get("loc")).street_address()


@kind("full_address", "STREET_ADDRESS")
def _full_address(ctx: Ctx, opts: dict[str, Any]) -> str:
    return ctx.fake(opts.get("loc")).address().replace("\n", ", ")


@kind("dob", "DATE_OF_BIRTH")
def _dob(ctx: Ctx, opts: dict[str, Any]) -> date:
    return ids.birth_date(ctx.rng, opts.get("min_age", 18), opts.get("max_age", 92))


@kind("passport", "PASSPORT_NUMBER")
def _passport(ctx: Ctx, opts: dict[str, Any]) -> str:
    return ids.passport(ctx.rng, opts.get("country") or REGION[_loc(ctx, opts)])


@kind("username", "USERNAME")
def _username(ctx: Ctx, opts: dict[str, Any]) -> str:
    f = ctx.mixed_fake()
    roll = ctx.rng.random()
    if roll < 0.5:
        return f.user_name()
    if roll < 0.7:
        return f"{_ascii(f.first_name())[:1]}{_ascii(f.last_name())}"
    if roll < 0.85:
        return f"{_ascii(f.first_name())}_{ctx.rng.randint(70, 2010)}"
    return f"@{f.user_name()}"


@kind("plate", "VEHICLE_REGISTRATION")
def _plate(ctx: Ctx, opts: dict[str, Any]) -> str:
    return ctx.fake(opts.get("loc")).license_plate()


@kind("password", "PASSWORD")
def _password(ctx: Ctx, opts: dict[str, Any]) -> str:
    roll = ctx.rng.random()
    f = ctx.mixed_fake()
    if roll < 0.4:
        return f.password(length=ctx.rng.randint(8, 16), special_chars=ctx.rng.random() < 0.5)
    if roll < 0.7:
        return ctx.rng.choice(vocab.COMMON_PASSWORDS)
    word = ctx.rng.choice([f.first_name(), f.word(), city_of(ctx, f)]).replace(" ", "")
    return f"{word}{ctx.rng.randint(1, 2025)}{ctx.rng.choice(['', '!', '#', '?'])}"


# --- national identifiers ---------------------------------------------------------------------------------


def _nid(ctx: Ctx, opts: dict[str, Any], sub: str) -> str:
    rng = ctx.rng
    f = ctx.fakers
    if sub == "US_SSN":
        value = f["en_US"].ssn()
        return value.replace("-", "") if opts.get("compact") else value
    if sub == "SE_PERSONNUMMER":
        roll = rng.random()
        if roll < 0.1:
            return ids.se_personnummer(rng, long=bool(opts.get("long")), coordination=True)
        if roll < 0.18 and not opts.get("long"):
            return ids.se_personnummer(rng, centenarian=True)
        return f["sv_SE"].ssn(long=bool(opts.get("long")), dash=rng.random() < 0.85)
    if sub == "UK_NINO":
        return ids.uk_nino(rng, spaced=rng.random() < 0.4)
    if sub == "DK_CPR":
        return ids.dk_cpr(rng, dashed=not opts.get("compact") and rng.random() < 0.8)
    if sub == "FI_HETU":
        return f["fi_FI"].ssn()
    if sub == "NO_FNR":
        value = f["no_NO"].ssn()
        return f"{value[:6]} {value[6:]}" if rng.random() < 0.2 else value
    if sub == "NL_BSN":
        value = f["nl_NL"].ssn()
        return f"{value[:4]}.{value[4:6]}.{value[6:]}" if rng.random() < 0.15 else value
    if sub == "ES_DNI":
        return f["es_ES"].nie() if rng.random() < 0.3 else f["es_ES"].nif()
    if sub == "FR_NIR":
        v = f["fr_FR"].ssn()
        if rng.random() < 0.3:
            return f"{v[0]} {v[1:3]} {v[3:5]} {v[5:7]} {v[7:10]} {v[10:13]} {v[13:]}"
        return v
    if sub == "DE_STEUER_ID":
        v = ids.de_steuer_id(rng)
        return f"{v[:2]} {v[2:5]} {v[5:8]} {v[8:]}" if rng.random() < 0.25 else v
    if sub == "IT_CODICE_FISCALE":
        return f["it_IT"].ssn()
    if sub == "PL_PESEL":
        return f["pl_PL"].ssn()
    raise ValueError(sub)


NATIONAL_ID_SUBTYPES = [
    "US_SSN",
    "SE_PERSONNUMMER",
    "UK_NINO",
    "DK_CPR",
    "FI_HETU",
    "NO_FNR",
    "NL_BSN",
    "ES_DNI",
    "FR_NIR",
    "DE_STEUER_ID",
    "IT_CODICE_FISCALE",
    "PL_PESEL",
]
for _sub in NATIONAL_ID_SUBTYPES:
    KINDS[f"nid_{_sub}"] = Kind("NATIONAL_ID", _sub, lambda ctx, opts, _s=_sub: _nid(ctx, opts, _s))


# --- financial -------------------------------------------------------------------------------------------


@kind("iban", "IBAN")
def _iban(ctx: Ctx, opts: dict[str, Any]) -> str:
    loc = _loc(ctx, opts)
    if loc in _FAKER_IBAN_WRONG or ctx.rng.random() < 0.4:
        country = REGION[loc] if loc != "en_US" else ctx.rng.choice(["GB", "DE", "NL", "FR", "IE"])
        text = str(IBAN.random(country_code=country, random=ctx.rng))
    else:
        text = ctx.fakers[loc].iban()
    pretty = opts.get("pretty", 0.3)
    if ctx.rng.random() < pretty:
        return " ".join(text[i : i + 4] for i in range(0, len(text), 4))
    return text


@kind("card", "CREDIT_CARD")
def _card(ctx: Ctx, opts: dict[str, Any]) -> str:
    card_type = ctx.rng.choice(["visa16", "visa16", "mastercard", "mastercard", "amex", "discover", "jcb16"])
    number = ctx.fake().credit_card_number(card_type=card_type)
    if ctx.rng.random() < opts.get("spaced", 0.3):
        sep = ctx.rng.choice([" ", "-"])
        if len(number) == 15:
            return f"{number[:4]}{sep}{number[4:10]}{sep}{number[10:]}"
        return sep.join(number[i : i + 4] for i in range(0, len(number), 4))
    return number


@kind("bank_account", "BANK_ACCOUNT")
def _bank_account(ctx: Ctx, opts: dict[str, Any]) -> str:
    rng = ctx.rng
    country = opts["country"]
    if country == "GB":
        sort_code = f"{rng.randint(10, 99)}-{rng.randint(0, 99):02d}-{rng.randint(0, 99):02d}"
        return f"{sort_code} {rng.randint(0, 99999999):08d}"
    if country == "US":
        return str(rng.randint(10**7, 10**12 - 1))
    if country == "SE":
        return f"{rng.choice([5, 6, 8, 9])}{rng.randint(100, 999)}-{rng.randint(0, 10**9 - 1):09d}"
    if country == "DK":
        return f"{rng.randint(1000, 9999)} {rng.randint(0, 10**10 - 1):010d}"
    if country == "NO":
        return ids.no_kontonummer(rng)
    if country == "PL":
        text = str(IBAN.random(country_code="PL", random=rng))[2:]
        return f"{text[:2]} " + " ".join(text[i : i + 4] for i in range(2, len(text), 4))
    if country == "DE":
        return f"{rng.randint(10**9, 10**10 - 1)}"
    raise ValueError(country)


# --- network and location --------------------------------------------------------------------------------


@kind("ipv4", "IP_ADDRESS")
def _ipv4(ctx: Ctx, opts: dict[str, Any]) -> str:
    f = ctx.fake()
    return f.ipv4_private() if ctx.rng.random() < opts.get("private", 0.2) else f.ipv4_public()


@kind("ipv6", "IP_ADDRESS")
def _ipv6(ctx: Ctx, opts: dict[str, Any]) -> str:
    return ctx.fake().ipv6()


@kind("ip_mixed", "IP_ADDRESS")
def _ip_mixed(ctx: Ctx, opts: dict[str, Any]) -> str:
    return ctx.fake().ipv6() if ctx.rng.random() < 0.25 else ctx.fake().ipv4_public()


@kind("mac", "MAC_ADDRESS")
def _mac(ctx: Ctx, opts: dict[str, Any]) -> str:
    raw = ctx.fake().mac_address()
    style = opts.get("style") or ctx.rng.choice(["colon", "colon_upper", "dash", "dot"])
    hexes = raw.split(":")
    if style == "colon_upper":
        return raw.upper()
    if style == "dash":
        return "-".join(hexes).upper()
    if style == "dot":
        flat = "".join(hexes)
        return f"{flat[:4]}.{flat[4:8]}.{flat[8:]}"
    return raw


@kind("lat", "GEOLOCATION")
def _lat(ctx: Ctx, opts: dict[str, Any]) -> float:
    return round(ctx.rng.uniform(36.0, 70.0), ctx.rng.choice([4, 5, 6]))


@kind("lon", "GEOLOCATION")
def _lon(ctx: Ctx, opts: dict[str, Any]) -> float:
    return round(ctx.rng.uniform(-9.5, 31.0), ctx.rng.choice([4, 5, 6]))


@kind("geo_pair", "GEOLOCATION")
def _geo_pair(ctx: Ctx, opts: dict[str, Any]) -> str:
    lat, lon = _lat(ctx, opts), _lon(ctx, opts)
    if opts.get("wkt"):
        return f"POINT({lon} {lat})"
    return ctx.rng.choice([f"{lat},{lon}", f"{lat}, {lon}", f"{lat};{lon}"])


# --- health and Article 9 --------------------------------------------------------------------------------


@kind("icd10", "HEALTH_DATA")
def _icd10(ctx: Ctx, opts: dict[str, Any]) -> str:
    if ctx.rng.random() < 0.3:
        return f"{ctx.rng.choice('ABCDEFGHIJKLMNOPQRSTZ')}{ctx.rng.randint(0, 99):02d}.{ctx.rng.randint(0, 9)}"
    return ctx.rng.choice(vocab.ICD10)


@kind("diagnosis", "HEALTH_DATA")
def _diagnosis(ctx: Ctx, opts: dict[str, Any]) -> str:
    return ctx.rng.choice(vocab.DIAGNOSES[opts.get("lang", ctx.lang)])


@kind("medication", "HEALTH_DATA")
def _medication(ctx: Ctx, opts: dict[str, Any]) -> str:
    text = f"{ctx.rng.choice(vocab.MEDICATIONS)} {ctx.rng.choice(vocab.DOSES)}"
    freq = ctx.rng.choice(vocab.FREQUENCIES)
    return f"{text} {freq}".strip()


@kind("blood_group", "HEALTH_DATA")
def _blood(ctx: Ctx, opts: dict[str, Any]) -> str:
    return ctx.rng.choice(vocab.BLOOD_GROUPS)


@kind("gender", "GENDER")
def _gender(ctx: Ctx, opts: dict[str, Any]) -> str:
    return ctx.rng.choice(vocab.GENDER[opts.get("lang", ctx.lang)])


def _vocab_kind(name: str, table: dict[str, list[str]]) -> None:
    KINDS[name] = Kind("SPECIAL_CATEGORY", None, lambda ctx, opts: ctx.rng.choice(table[opts.get("lang", ctx.lang)]))


_vocab_kind("religion", vocab.RELIGION)
_vocab_kind("ethnicity", vocab.ETHNICITY)
_vocab_kind("party", vocab.POLITICAL_PARTY)
_vocab_kind("orientation", vocab.SEXUAL_ORIENTATION)
_vocab_kind("union", vocab.TRADE_UNIONS)


# --- hard negatives (label NONE) -------------------------------------------------------------------------


def _none(name: str) -> Callable[[Maker], Maker]:
    return kind(name, "NONE")


@_none("seq_id")
def _seq(ctx: Ctx, opts: dict[str, Any]) -> int:
    return opts.get("start", 1000) + ctx.row


@_none("code_id")
def _code_id(ctx: Ctx, opts: dict[str, Any]) -> str:
    return f"{opts.get('prefix', 'ID')}-{opts.get('start', 1) + ctx.row:0{opts.get('width', 6)}d}"


@_none("uuid")
def _uuid(ctx: Ctx, opts: dict[str, Any]) -> str:
    return str(uuid.UUID(int=ctx.rng.getrandbits(128), version=4))


@_none("sha256")
def _sha256(ctx: Ctx, opts: dict[str, Any]) -> str:
    return hashlib.sha256(ctx.rng.randbytes(16)).hexdigest()


@_none("md5")
def _md5(ctx: Ctx, opts: dict[str, Any]) -> str:
    return hashlib.md5(ctx.rng.randbytes(16)).hexdigest()


@_none("bcrypt")
def _bcrypt(ctx: Ctx, opts: dict[str, Any]) -> str:
    alphabet = "./" + string.ascii_letters + string.digits
    cost = ctx.rng.choice(["10", "12", "12", "14"])
    return f"$2b${cost}$" + "".join(ctx.rng.choice(alphabet) for _ in range(53))


@_none("sku")
def _sku(ctx: Ctx, opts: dict[str, Any]) -> str:
    rng = ctx.rng
    letters = "".join(rng.choice(string.ascii_uppercase) for _ in range(3))
    return rng.choice(
        [
            f"{letters}-{rng.randint(0, 9999):04d}",
            f"{letters}{rng.randint(100, 999)}-{rng.choice(vocab.SIZES)}",
            f"SKU{rng.randint(10**5, 10**6 - 1)}",
        ]
    )


@_none("ean13")
def _ean13(ctx: Ctx, opts: dict[str, Any]) -> str:
    body = f"{ctx.rng.choice(['40', '50', '73', '87', '84', '30'])}{ctx.rng.randint(0, 10**10 - 1):010d}"
    return body + ean.calc_check_digit(body)


@_none("timestamp")
def _timestamp(ctx: Ctx, opts: dict[str, Any]) -> datetime:
    start = datetime(2021, 1, 1)
    return start + timedelta(seconds=ctx.rng.randint(0, 4 * 365 * 86400))


@_none("event_date")
def _event_date(ctx: Ctx, opts: dict[str, Any]) -> date:
    return date(2020, 1, 1) + timedelta(days=ctx.rng.randint(0, 5 * 365))


@_none("ssn_bad9")
def _ssn_bad(ctx: Ctx, opts: dict[str, Any]) -> str:
    return ids.bad_ssn_like(ctx.rng)


@_none("card_bad16")
def _card_bad(ctx: Ctx, opts: dict[str, Any]) -> str:
    return ids.bad_card_like(ctx.rng)


@_none("iban_bad")
def _iban_bad(ctx: Ctx, opts: dict[str, Any]) -> str:
    return ids.bad_iban_like(ctx.rng, ctx.rng.choice(["DE", "NL", "FR", "ES", "SE", "GB", "IT"]))


@_none("order_no_phone")
def _order_phone(ctx: Ctx, opts: dict[str, Any]) -> str:
    return ids.phone_shaped_order_number(ctx.rng)


@_none("comment")
def _comment(ctx: Ctx, opts: dict[str, Any]) -> str:
    frags = vocab.COMMENT_FRAGMENTS[opts.get("lang", ctx.lang if ctx.lang in vocab.COMMENT_FRAGMENTS else "en")]
    return " ".join(ctx.rng.sample(frags, ctx.rng.choice([1, 1, 2, 3])))


@_none("product_name")
def _product(ctx: Ctx, opts: dict[str, Any]) -> str:
    rng = ctx.rng
    variant = rng.choice(["", "Pro", "X", "2", "Lite"])
    return f"{rng.choice(vocab.PRODUCT_ADJ)} {rng.choice(vocab.PRODUCT_NOUN)} {variant}".strip()


@_none("price")
def _price(ctx: Ctx, opts: dict[str, Any]) -> float:
    return round(ctx.rng.uniform(opts.get("lo", 1.0), opts.get("hi", 500.0)), 2)


@_none("quantity")
def _qty(ctx: Ctx, opts: dict[str, Any]) -> int:
    return ctx.rng.randint(opts.get("lo", 1), opts.get("hi", 20))


@_none("measure")
def _measure(ctx: Ctx, opts: dict[str, Any]) -> float:
    return round(ctx.rng.uniform(opts.get("lo", 0.0), opts.get("hi", 100.0)), opts.get("digits", 1))


def _choice_kind(name: str, values: list[Any]) -> None:
    KINDS[name] = Kind("NONE", None, lambda ctx, opts: ctx.rng.choice(opts.get("values", values)))


_choice_kind("country_code", vocab.COUNTRY_CODES)
_choice_kind("currency", vocab.CURRENCIES)
_choice_kind("department", vocab.DEPARTMENTS)
_choice_kind("job_title", vocab.JOB_TITLES)
_choice_kind("car_brand", vocab.CAR_BRANDS)
_choice_kind("size", vocab.SIZES)
_choice_kind("user_agent", vocab.USER_AGENTS)
_choice_kind("http_path", vocab.HTTP_PATHS)
_choice_kind("http_status", [200, 200, 200, 201, 204, 301, 302, 304, 400, 401, 403, 404, 500])
_choice_kind("enum", ["a", "b"])  # values always given per column
_choice_kind("rating", [1, 2, 3, 4, 5])


@_none("status")
def _status(ctx: Ctx, opts: dict[str, Any]) -> str:
    return ctx.rng.choice(vocab.STATUS[opts.get("lang", ctx.lang if ctx.lang in vocab.STATUS else "en")])


@_none("flag")
def _flag(ctx: Ctx, opts: dict[str, Any]) -> bool:
    return ctx.rng.random() < opts.get("p", 0.6)


@_none("count")
def _count(ctx: Ctx, opts: dict[str, Any]) -> int:
    return int(ctx.rng.expovariate(1 / opts.get("mean", 5)))


@_none("city")
def _city(ctx: Ctx, opts: dict[str, Any]) -> str:
    return city_of(ctx, ctx.fake(opts.get("loc")))


@_none("company")
def _company(ctx: Ctx, opts: dict[str, Any]) -> str:
    return ctx.mixed_fake(0.8).company()


@_none("version")
def _version(ctx: Ctx, opts: dict[str, Any]) -> str:
    rng = ctx.rng
    return f"{rng.randint(1, 17)}.{rng.randint(0, 20)}.{rng.randint(0, 300)}"


@_none("hex_color")
def _hex(ctx: Ctx, opts: dict[str, Any]) -> str:
    return f"#{ctx.rng.getrandbits(24):06x}"


@_none("token")
def _token(ctx: Ctx, opts: dict[str, Any]) -> str:
    """Coupon / auth / tracking codes: random upper-case alphanumerics (look like passwords or passports)."""
    alphabet = opts.get("alphabet", string.ascii_uppercase + string.digits)
    n = opts.get("length", 10)
    return opts.get("prefix", "") + "".join(ctx.rng.choice(alphabet) for _ in range(n))


@_none("hostname")
def _hostname(ctx: Ctx, opts: dict[str, Any]) -> str:
    rng = ctx.rng
    role = rng.choice(["srv", "lt", "ws", "db", "pc", "kiosk"])
    site = rng.choice(["sto", "ber", "par", "ams", "osl"])
    return f"{role}-{site}-{rng.randint(1, 999):03d}"


@_none("tags")
def _tags(ctx: Ctx, opts: dict[str, Any]) -> list[str]:
    return ctx.rng.sample(vocab.TAGS, ctx.rng.randint(0, 3))


@_none("year")
def _year(ctx: Ctx, opts: dict[str, Any]) -> int:
    return ctx.rng.randint(opts.get("lo", 2005), opts.get("hi", 2025))
