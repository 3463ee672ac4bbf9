"""Generate orca's HELD-OUT detection-quality set: bench/heldout/files/ + labels.json + manifest.json.

    uv run python bench/heldout/generate.py                      # (re)write every file
    uv run python bench/heldout/generate.py --only cdr_20240301.csv.gz --out /tmp/x

The set imitates real exports (CRM, SAP, payroll, hospital, telco CDR, bank statements, school register, ...)
in 11 languages and all four formats orca reads. It is deterministic: each file draws from its own
`random.Random` and its own seeded Faker instances (seeded from a CRC of the file name), never from global
random state or anything hash-seed dependent, and XLSX/gzip containers are written with fixed timestamps.

Detector authors must not tune against this set; see README.md.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import gzip
import io
import json
import random
import re
import sys
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
from faker import Faker
from openpyxl import Workbook
from schwifty import IBAN

if __package__ in {None, ""}:
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bench.heldout import values as v
from bench.heldout.values import Person

HERE = Path(__file__).resolve().parent
FILES_DIR = HERE / "files"
LABELS_PATH = HERE / "labels.json"
MANIFEST_PATH = HERE / "manifest.json"

EMAIL = "EMAIL_ADDRESS"
PHONE = "PHONE_NUMBER"
NAME = "PERSON_NAME"
STREET = "STREET_ADDRESS"
DOB = "DATE_OF_BIRTH"
NID = "NATIONAL_ID"
PASSPORT = "PASSPORT_NUMBER"
IBAN_ = "IBAN"
CARD = "CREDIT_CARD"
BANK = "BANK_ACCOUNT"
IP = "IP_ADDRESS"
MAC = "MAC_ADDRESS"
GEO = "GEOLOCATION"
HEALTH = "HEALTH_DATA"
GENDER = "GENDER"
SPECIAL = "SPECIAL_CATEGORY"
USER = "USERNAME"
PLATE = "VEHICLE_REGISTRATION"
PASSWORD = "PASSWORD"
NONE = "NONE"

# --- spec model --------------------------------------------------------------------------------------------


@dataclass
class Row:
    rng: random.Random
    p: Person
    i: int
    extra: dict[str, Any] = field(default_factory=dict)

    def once(self, key: str, make: Callable[[], Any]) -> Any:
        if key not in self.extra:
            self.extra[key] = make()
        return self.extra[key]


@dataclass
class Col:
    name: str
    category: str
    make: Callable[[Row], Any]
    subtype: str | None = None
    nulls: float = 0.0
    junk: float = 0.0


@dataclass
class Tab:
    name: str
    rows: int
    person: Callable[[random.Random], Person]
    cols: list[Col]


@dataclass
class FileSpec:
    filename: str
    fmt: str  # csv | xlsx | parquet | json | jsonl
    language: str
    description: str
    tables: list[Tab]
    options: dict[str, Any] = field(default_factory=dict)


def c(
    name: str,
    category: str,
    make: Callable[[Row], Any],
    *,
    sub: str | None = None,
    nulls: float = 0.0,
    junk: float = 0.0,
) -> Col:
    return Col(name, category, make, sub, nulls, junk)


class Seeds:
    """Per-file randomness: one Random for the rows, one seeded Faker per country."""

    def __init__(self, filename: str) -> None:
        self.base = zlib.crc32(filename.encode("utf-8"))
        self.rng = random.Random(self.base)
        self._fakers: dict[str, Faker] = {}

    def fake(self, country: str) -> Faker:
        if country not in self._fakers:
            faker = Faker(v.FAKER_LOCALE[country])
            faker.seed_instance(self.base + zlib.crc32(country.encode("ascii")))
            self._fakers[country] = faker
        return self._fakers[country]

    def people(self, country: str, min_age: int = 18, max_age: int = 85) -> Callable[[random.Random], Person]:
        return lambda rng: v.make_person(rng, self.fake(country), country, min_age, max_age)

    def mixed(
        self, weights: dict[str, float], min_age: int = 18, max_age: int = 85
    ) -> Callable[[random.Random], Person]:
        countries = list(weights)
        shares = [weights[k] for k in countries]

        def make(rng: random.Random) -> Person:
            country = rng.choices(countries, shares)[0]
            return v.make_person(rng, self.fake(country), country, min_age, max_age)

        return make


REGISTRY: dict[str, Callable[[Seeds], FileSpec]] = {}


def register(filename: str) -> Callable[[Callable[[Seeds], FileSpec]], Callable[[Seeds], FileSpec]]:
    def wrap(builder: Callable[[Seeds], FileSpec]) -> Callable[[Seeds], FileSpec]:
        REGISTRY[filename] = builder
        return builder

    return wrap


# --- small formatting helpers -------------------------------------------------------------------------------


def ws(r: Row, text: str, p: float = 0.03) -> str:
    """Stray whitespace, as left by hand entry."""
    roll = r.rng.random()
    if roll < p:
        return f" {text}"
    if roll < 2 * p:
        return f"{text}  "
    return text


def mixcase(r: Row, text: str, upper: float = 0.05, lower: float = 0.05) -> str:
    roll = r.rng.random()
    if roll < upper:
        return text.upper()
    if roll < upper + lower:
        return text.lower()
    return text


def d(day: dt.date, style: str) -> str:
    fmt = {
        "iso": "%Y-%m-%d",
        "dmy.": "%d.%m.%Y",
        "dmy/": "%d/%m/%Y",
        "mdy/": "%m/%d/%Y",
        "dmy-": "%d-%m-%Y",
        "ymd": "%Y%m%d",
        "long": "%B %d, %Y",
        "dmy/yy": "%d/%m/%y",
    }[style]
    return day.strftime(fmt)


def fi_date(day: dt.date) -> str:
    return f"{day.day}.{day.month}.{day.year}"


def money(rng: random.Random, lo: float, hi: float, style: str) -> str:
    amount = round(rng.uniform(lo, hi), 2)
    whole, cents = f"{amount:,.2f}".split(".")
    if style == "de":
        return f"{whole.replace(',', '.')},{cents}"
    if style == "fr":
        return f"{whole.replace(',', ' ')},{cents} €"
    if style == "pl":
        return f"{whole.replace(',', ' ')},{cents} zł"
    if style == "it":
        return f"€ {whole.replace(',', '.')},{cents}"
    if style == "us":
        return f"${whole}.{cents}"
    if style == "eur":
        return f"{whole.replace(',', '.')},{cents} EUR"
    return f"{amount:.2f}"


def pick(*options: Any) -> Callable[[Row], Any]:
    return lambda r: r.rng.choice(options)


def weighted(options: dict[Any, float]) -> Callable[[Row], Any]:
    keys = list(options)
    weights = [options[k] for k in keys]
    return lambda r: r.rng.choices(keys, weights)[0]


def seq(prefix: str, start: int, width: int) -> Callable[[Row], str]:
    return lambda r: f"{prefix}{start + r.i:0{width}d}"


def ts(r: Row, start: dt.date = dt.date(2023, 1, 1), end: dt.date = dt.date(2024, 6, 30)) -> dt.datetime:
    return v.rand_ts(r.rng, start, end)


def city(r: Row) -> str:
    return r.p.city[0]


def geo(r: Row, spread: float = 0.08) -> tuple[float, float]:
    return r.once("geo", lambda: v.near(r.rng, r.p.city[1], r.p.city[2], spread))


def nrb(rng: random.Random) -> str:
    bban = rng.choice(["10901014", "11402004", "10202892", "24901044", "10501214"]) + v.fill(rng, "d" * 16)
    check = 98 - int(bban + "252100") % 97
    value = f"PL{check:02d}{bban}"
    assert IBAN(value, allow_invalid=True).is_valid
    digits = value[2:]
    return f"{digits[:2]} " + " ".join(digits[i : i + 4] for i in range(2, 26, 4))


COMMENTS_EN = [
    "Follow up after Q3 budget review",
    "Requested pricing for the enterprise tier",
    "Met at trade fair stand B12",
    "Prefers quarterly invoicing",
    "Migrated from legacy CRM 2019",
    "Duplicate record merged",
    "Interested in API access",
    "Renewal due next quarter",
    "Asked for a product demo",
    "No response to last two campaigns",
    "Upgrade to premium plan",
    "Delivery was late, voucher issued",
    "Package arrived damaged",
    "",
    "Call back after holidays",
]
COMMENTS_FR = [
    "Relance après salon",
    "Souhaite un devis pour 2025",
    "Client fidèle depuis 2018",
    "Litige livraison résolu",
    "Intéressé par l'offre premium",
    "Pas de réponse à la campagne",
    "Préférence pour la facture papier",
    "Demande de rappel en septembre",
]
DEPTS_EN = [
    "Finance",
    "HR",
    "IT",
    "Sales",
    "Marketing",
    "Operations",
    "Legal",
    "Customer Support",
    "R&D",
    "Procurement",
    "Logistics",
]
LIKERT_EN = ["Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree", "Strongly agree"]
LIKERT_ES = ["Muy insatisfecho", "Insatisfecho", "Neutral", "Satisfecho", "Muy satisfecho"]
ICD10 = [
    ("J45.9", "Asthma, unspecified"),
    ("E11.9", "Type 2 diabetes mellitus without complications"),
    ("I10", "Essential (primary) hypertension"),
    ("F32.1", "Moderate depressive episode"),
    ("M54.5", "Low back pain"),
    ("K35.8", "Acute appendicitis, other and unspecified"),
    ("S72.0", "Fracture of neck of femur"),
    ("J18.9", "Pneumonia, unspecified organism"),
    ("I21.9", "Acute myocardial infarction, unspecified"),
    ("N39.0", "Urinary tract infection"),
    ("C50.9", "Malignant neoplasm of breast, unspecified"),
    ("G40.9", "Epilepsy, unspecified"),
    ("O80", "Single spontaneous delivery"),
    ("F10.2", "Alcohol dependence syndrome"),
    ("I63.9", "Cerebral infarction, unspecified"),
    ("J44.1", "COPD with acute exacerbation"),
    ("A41.9", "Sepsis, unspecified organism"),
    ("K80.2", "Calculus of gallbladder"),
]
GP_REASONS = [
    "Repeat prescription - sertraline",
    "Asthma review",
    "Chest pain on exertion",
    "Diabetic foot check",
    "Contraception consultation",
    "Cervical smear",
    "Follow-up: hypertension",
    "Rash on left arm",
    "Low mood / anxiety",
    "Knee pain after fall",
    "Childhood immunisations",
    "Blood results - thyroid",
    "UTI symptoms",
    "Medication review (warfarin)",
    "Post-natal check",
    "Chronic back pain",
    "Migraine, worsening",
    "Ear infection",
    "COPD annual review",
    "Mole check",
]
TOWNS_GB = ["Leeds", "Bristol", "York", "Derby", "Leicester", "Norwich", "Bath", "Hull"]


def headerless(names: list[str]) -> list[str]:
    return [f"column_{i}" for i in range(1, len(names) + 1)]


# ============================================================================================================
# File specifications
# ============================================================================================================


@register("sf_contacts_export.csv")
def sf_contacts(s: Seeds) -> FileSpec:
    alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"

    def sfid(prefix: str) -> Callable[[Row], str]:
        return lambda r: (
            prefix
            + "".join(r.rng.choice(alnum) for _ in range(15 - len(prefix)))
            + "".join(r.rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ012345") for _ in range(3))
        )

    def created(r: Row) -> str:
        return ts(r).strftime("%Y-%m-%dT%H:%M:%S.000+0000")

    cols = [
        c("Id", NONE, sfid("0035g00000")),
        c("FirstName", NAME, lambda r: ws(r, r.p.first), junk=0.01),
        c("LastName", NAME, lambda r: mixcase(r, r.p.last, upper=0.08, lower=0.02)),
        c("Contact_Email__c", EMAIL, lambda r: mixcase(r, r.p.email, upper=0.04, lower=0), nulls=0.1, junk=0.02),
        c("MobilePhone", PHONE, lambda r: r.p.phone(), nulls=0.25, junk=0.01),
        c("MailingStreet", STREET, lambda r: r.p.street, nulls=0.15),
        c("MailingCity", NONE, city, nulls=0.1),
        c("MailingPostalCode", NONE, lambda r: r.p.postcode, nulls=0.1),
        c("Birthdate", DOB, lambda r: d(r.p.dob, "iso"), nulls=0.35),
        c("Account.Name", NONE, lambda r: s.fake("US").company()),
        c("LeadSource", NONE, pick("Web", "Trade Show", "Partner Referral", "Cold Call", "Webinar", "Advertisement")),
        c("HasOptedOutOfEmail", NONE, weighted({"false": 0.8, "true": 0.2})),
        c("Email_Bounce_Count__c", NONE, lambda r: str(r.rng.choice([0, 0, 0, 0, 1, 2, 3]))),
        c("CreatedDate", NONE, created),
        c("OwnerId", NONE, sfid("0055g00000")),
        c("Description", NONE, lambda r: r.rng.choice(COMMENTS_EN), nulls=0.3),
    ]
    return FileSpec(
        "sf_contacts_export.csv",
        "csv",
        "en",
        "Salesforce contact export (Data Loader, all quoted)",
        [Tab("sf_contacts_export", 600, s.mixed({"US": 0.85, "GB": 0.15}), cols)],
        {"delimiter": ",", "encoding": "utf-8-sig", "quoting": csv.QUOTE_ALL},
    )


@register("sap_kna1_debitoren.csv")
def sap_kna1(s: Seeds) -> FileSpec:
    def name1(r: Row) -> str:
        return r.rng.choice([f"{r.p.last}, {r.p.first}", f"{r.p.first} {r.p.last}", f"{r.p.last} {r.p.first}"])

    cols = [
        c("KUNNR", NONE, lambda r: f"{100000 + r.i * 7:010d}"),
        c("NAME1", NAME, name1, junk=0.01),
        c("STRAS", STREET, lambda r: r.p.street.replace("straße", r.rng.choice(["straße", "str."])), nulls=0.05),
        c("PSTLZ", NONE, lambda r: r.p.postcode),
        c("ORT01", NONE, city),
        c("LAND1", NONE, weighted({"DE": 0.9, "AT": 0.06, "CH": 0.04})),
        c("TELF1", PHONE, lambda r: r.p.phone([0, 2, 3, 4]), nulls=0.2, junk=0.02),
        c("SMTP_ADDR", EMAIL, lambda r: mixcase(r, r.p.email, upper=0.3, lower=0), nulls=0.15),
        c("IBAN", IBAN_, lambda r: v.iban(r.rng, "DE"), nulls=0.25),
        c("STCD1", NID, lambda r: v.de_steuer_id(r.rng, r.rng.randrange(2)), sub="DE_STEUER_ID", nulls=0.3),
        c("ERDAT", NONE, lambda r: d(v.rand_date(r.rng, dt.date(2005, 1, 1), dt.date(2024, 6, 1)), "ymd")),
        c("KTOKD", NONE, pick("Z001", "Z002", "DEBI", "CPD")),
        c("UMSAT", NONE, lambda r: money(r.rng, 0, 48000, "de")),
        c("WAERS", NONE, weighted({"EUR": 0.95, "CHF": 0.05})),
        c("BRSCH", NONE, pick("0001", "0002", "0005", "0010")),
    ]
    return FileSpec(
        "sap_kna1_debitoren.csv",
        "csv",
        "de",
        "SAP KNA1 customer master (B2C), legacy Windows export",
        [Tab("sap_kna1_debitoren", 800, s.people("DE"), cols)],
        {"delimiter": ";", "encoding": "cp1252"},
    )


@register("hr_payroll_pa.xlsx")
def hr_payroll(s: Seeds) -> FileSpec:
    people = s.people("DE", 18, 66)
    pernr = lambda r: f"{10000 + r.i:08d}"  # noqa: E731
    pa0002 = [
        c("PERNR", NONE, pernr),
        c("NACHN", NAME, lambda r: r.p.last),
        c("VORNA", NAME, lambda r: r.p.first),
        c("GBDAT", DOB, lambda r: r.p.dob if r.rng.random() < 0.5 else d(r.p.dob, "dmy.")),
        c("GESCH", GENDER, lambda r: {"F": "2", "M": "1"}.get(r.p.gender, r.rng.choice(["1", "2"]))),
        c(
            "KONFE",
            SPECIAL,
            weighted({"rk": 0.28, "ev": 0.25, "--": 0.4, "ak": 0.02, "is": 0.03, "jd": 0.01, "fr": 0.01}),
        ),
        c("NATIO", NONE, weighted({"DE": 0.85, "TR": 0.04, "PL": 0.04, "IT": 0.03, "HR": 0.02, "SY": 0.02})),
        c("FAMST", NONE, pick("ledig", "verh.", "gesch.", "verw.", "eLP")),
        c("ANZKD", NONE, lambda r: r.rng.choice([0, 0, 1, 2, 2, 3])),
        c("STEUER_ID", NID, lambda r: v.de_steuer_id(r.rng, 0), sub="DE_STEUER_ID", nulls=0.05),
    ]
    pa0009 = [
        c("PERNR", NONE, pernr),
        c("BANKL", NONE, pick("37040044", "10070000", "50010517", "20050550", "70150000", "43060967")),
        c("BANKN", BANK, lambda r: str(r.rng.randint(1_000_000, 9_999_999_999))),
        c("IBAN", IBAN_, lambda r: v.iban(r.rng, "DE", spaced=False)),
        c("EMFTX", NAME, lambda r: f"{r.p.first} {r.p.last}", nulls=0.1),
        c("ZLSCH", NONE, weighted({"U": 0.95, "S": 0.05})),
        c("BANKS", NONE, weighted({"DE": 0.97, "AT": 0.03})),
    ]
    pa0008 = [
        c("PERNR", NONE, pernr),
        c("BEGDA", NONE, lambda r: v.rand_date(r.rng, dt.date(2015, 1, 1), dt.date(2024, 4, 1))),
        c("ENDDA", NONE, lambda r: "31.12.9999"),
        c("TRFGR", NONE, pick("E5", "E6", "E8", "E9a", "E9b", "E10", "E11", "E13", "AT")),
        c("TRFST", NONE, pick("01", "02", "03", "04", "05", "06")),
        c("BETRG", NONE, lambda r: round(r.rng.uniform(2400, 8200), 2)),
        c("WAERS", NONE, lambda r: "EUR"),
        c("DIVGV", NONE, pick(40.0, 38.5, 39.0, 20.0, 30.0)),
    ]
    return FileSpec(
        "hr_payroll_pa.xlsx",
        "xlsx",
        "de",
        "SAP HR infotype extract (personal data, bank, basic pay)",
        [Tab("PA0002", 400, people, pa0002), Tab("PA0009", 400, people, pa0009), Tab("PA0008", 400, people, pa0008)],
    )


@register("admissions_2023.parquet")
def admissions(s: Seeds) -> FileSpec:
    def dx(r: Row) -> tuple[str, str]:
        return r.once("dx", lambda: r.rng.choice(ICD10))

    def admitted(r: Row) -> dt.datetime:
        return r.once("adm", lambda: ts(r, dt.date(2023, 1, 1), dt.date(2023, 12, 31)))

    def kin(r: Row) -> Person:
        return r.once("kin", lambda: v.make_person(r.rng, s.fake("GB"), "GB"))

    cols = [
        c("admission_id", NONE, lambda r: 5_000_000 + r.i * 13),
        c("patient_name", NAME, lambda r: f"{r.p.last.upper()}, {r.p.first}"),
        c("ni_number", NID, lambda r: v.uk_nino(r.rng, r.rng.randrange(2)), sub="UK_NINO", nulls=0.1),
        c("date_of_birth", DOB, lambda r: r.p.dob),
        c("sex", GENDER, lambda r: {"F": "F", "M": "M"}.get(r.p.gender, "U")),
        c("home_address.line1", STREET, lambda r: r.p.street),
        c("home_address.town", NONE, lambda r: r.rng.choice(TOWNS_GB)),
        c("home_address.postcode", NONE, lambda r: r.p.postcode),
        c("next_of_kin.name", NAME, lambda r: kin(r).full, nulls=0.15),
        c("next_of_kin.phone", PHONE, lambda r: v.phone(r.rng, "GB"), nulls=0.15),
        c("admitted_at", NONE, admitted),
        c("discharged_at", NONE, lambda r: admitted(r) + dt.timedelta(hours=r.rng.randint(4, 400)), nulls=0.1),
        c(
            "ward",
            NONE,
            pick(
                "Ward 7B - Cardiology",
                "AMU",
                "Ward 12 - Respiratory",
                "Maternity",
                "Ward 4 - Surgery",
                "ITU",
                "Ward 9 - Elderly Care",
                "Short Stay",
            ),
        ),
        c("primary_dx_icd10", HEALTH, lambda r: dx(r)[0]),
        c("dx_description", HEALTH, lambda r: dx(r)[1], nulls=0.05),
        c("length_of_stay_days", NONE, lambda r: r.rng.randint(0, 21)),
        c("consultant_code", NONE, lambda r: f"C{r.rng.randint(1000000, 7999999)}"),
        c("readmission_30d", NONE, lambda r: r.rng.random() < 0.12),
        c("triage_score", NONE, lambda r: float(r.rng.randint(1, 5))),
    ]
    return FileSpec(
        "admissions_2023.parquet",
        "parquet",
        "en",
        "Hospital admissions extract (UK), structs",
        [Tab("admissions_2023", 900, s.people("GB", 0, 95), cols)],
    )


@register("webshop_orders.jsonl")
def webshop(s: Seeds) -> FileSpec:
    products = [
        ("Wireless Mouse M185", 19.99),
        ("USB-C Hub 7-in-1", 39.9),
        ("Espresso Cups (set of 4)", 24.5),
        ("Yoga Mat Pro", 34.0),
        ("LED Desk Lamp", 29.95),
        ("Running Socks 3-pack", 12.99),
        ("Bluetooth Speaker Mini", 45.0),
        ("Stainless Water Bottle 750ml", 18.75),
    ]

    def items(r: Row) -> list[dict[str, Any]]:
        chosen = r.rng.sample(products, r.rng.randint(1, 3))
        return [
            {"sku": f"SKU-{zlib.crc32(n.encode()) % 99999:05d}", "name": n, "qty": r.rng.randint(1, 3), "unitPrice": p}
            for n, p in chosen
        ]

    def method(r: Row) -> str:
        return r.once(
            "method", lambda: r.rng.choices(["card", "paypal", "klarna", "ideal"], [0.68, 0.16, 0.08, 0.08])[0]
        )

    currency = {"GB": "GBP", "DE": "EUR", "NL": "EUR", "FR": "EUR"}
    cols = [
        c("orderId", NONE, seq("WS-2024-", 1000345, 7)),
        c("createdAt", NONE, lambda r: ts(r, dt.date(2024, 1, 1)).strftime("%Y-%m-%dT%H:%M:%SZ")),
        c("status", NONE, pick("PAID", "SHIPPED", "DELIVERED", "CANCELLED", "REFUNDED", "PENDING")),
        c("customer.id", NONE, lambda r: v.guid(r.rng)),
        c("customer.email", EMAIL, lambda r: r.p.email, junk=0.01),
        c("customer.firstName", NAME, lambda r: r.p.first),
        c("customer.lastName", NAME, lambda r: r.p.last),
        c("customer.phone", PHONE, lambda r: r.p.phone(), nulls=0.3),
        c("customer.marketingOptIn", NONE, lambda r: r.rng.random() < 0.4),
        c("shippingAddress.street", STREET, lambda r: r.p.street),
        c("shippingAddress.city", NONE, city),
        c("shippingAddress.postalCode", NONE, lambda r: r.p.postcode),
        c("shippingAddress.countryCode", NONE, lambda r: r.p.country),
        c("payment.method", NONE, method),
        c("payment.cardNumber", CARD, lambda r: v.card_number(r.rng) if method(r) == "card" else None),
        c("payment.amount", NONE, lambda r: round(r.rng.uniform(9, 240), 2)),
        c("payment.currency", NONE, lambda r: currency[r.p.country]),
        c("items", NONE, items),
        c("clientIp", IP, lambda r: v.ipv4(r.rng, 0.05) if r.rng.random() < 0.8 else v.ipv6(r.rng)),
        c(
            "userAgent",
            NONE,
            pick(
                "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/124.0",
                "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) Safari/604.1",
                "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) Firefox/125.0",
                "okhttp/4.12.0",
            ),
        ),
        c("couponCode", NONE, pick("SPRING10", "WELCOME5", "FREESHIP", "BF2023"), nulls=0.35),
        c(
            "tags",
            NONE,
            lambda r: r.rng.sample(["gift", "express", "first-order", "b2c", "mobile", "app"], r.rng.randint(0, 3)),
        ),
    ]
    return FileSpec(
        "webshop_orders.jsonl",
        "jsonl",
        "en",
        "Webshop order event log (camelCase API payloads)",
        [Tab("webshop_orders", 700, s.mixed({"GB": 0.5, "DE": 0.2, "NL": 0.15, "FR": 0.15}), cols)],
        {"omit_null": 0.6},
    )


@register("cdr_20240301.csv.gz")
def cdr(s: Seeds) -> FileSpec:
    def kind(r: Row) -> str:
        return r.once("kind", lambda: r.rng.choice(["MOC", "MOC", "MTC", "MTC", "SMS-MO", "SMS-MT", "GPRS"]))

    def b_party(r: Row) -> str:
        roll = r.rng.random()
        if roll < 0.5:
            return "467" + str(r.rng.randint(0, 9)) + v.fill(r.rng, "ddddddd")
        if roll < 0.8:
            return "07" + str(r.rng.randint(0, 9)) + v.fill(r.rng, "ddddddd")
        if roll < 0.9:
            return "+47" + v.fill(r.rng, "4ddddddd")
        return "08" + v.fill(r.rng, "dddddddd")

    cols = [
        c("CDR_ID", NONE, lambda r: str(880_000_000 + r.i * 3)),
        c("A_MSISDN", PHONE, lambda r: "467" + str(r.rng.randint(0, 9)) + v.fill(r.rng, "ddddddd")),
        c("B_MSISDN", PHONE, b_party, nulls=0.05),
        c("START_TIME", NONE, lambda r: ts(r, dt.date(2024, 3, 1), dt.date(2024, 3, 1)).strftime("%Y%m%d %H%M%S")),
        c("DURATION_SEC", NONE, lambda r: "0" if kind(r).startswith("SMS") else str(r.rng.randint(1, 3600))),
        c("CALL_TYPE", NONE, kind),
        c("CELL_ID", NONE, lambda r: f"240-01-{r.rng.randint(1000, 65000)}-{r.rng.randint(100, 65535)}"),
        c("CELL_LAT", GEO, lambda r: f"{geo(r, 0.3)[0]:.5f}"),
        c("CELL_LON", GEO, lambda r: f"{geo(r, 0.3)[1]:.5f}"),
        c("BYTES_UP", NONE, lambda r: str(r.rng.randint(0, 5_000_000)) if kind(r) == "GPRS" else "0"),
        c("CHARGE_SEK", NONE, lambda r: f"{r.rng.uniform(0, 12):.2f}"),
        c("ROAMING", NONE, weighted({"N": 0.93, "Y": 0.07})),
        c("TARIFF", NONE, pick("FLEX5", "UNL-PLUS", "PREPAID", "BIZ-M", "FAMILY")),
        c("RECORD_SEQ", NONE, lambda r: str(r.i % 256)),
    ]
    return FileSpec(
        "cdr_20240301.csv.gz",
        "csv",
        "en",
        "Telco call detail records (pipe separated, gzip)",
        [Tab("cdr_20240301", 1500, s.people("SE"), cols)],
        {"delimiter": "|", "encoding": "utf-8", "gzip": True, "lineterminator": "\n"},
    )


@register("mutaties_nl.csv")
def mutaties(s: Seeds) -> FileSpec:
    own = [v.iban(s.rng, "NL", spaced=False) for _ in range(3)]
    cols = [
        c("Datum", NONE, lambda r: d(v.rand_date(r.rng, dt.date(2024, 1, 1), dt.date(2024, 5, 31)), "ymd")),
        c(
            "Naam tegenpartij",
            NAME,
            lambda r: r.rng.choice([r.p.full, f"{r.p.first[0]}. {r.p.last}", r.p.full.upper()]),
        ),
        c("Rekening", IBAN_, lambda r: r.rng.choice(own)),
        c("Tegenrekening", IBAN_, lambda r: v.iban(r.rng, "NL", spaced=False), nulls=0.1),
        c("Code", NONE, pick("GT", "OV", "BA", "IC", "DV", "ID")),
        c("Af Bij", NONE, weighted({"Af": 0.6, "Bij": 0.4})),
        c("Bedrag (EUR)", NONE, lambda r: money(r.rng, 1, 2500, "de").replace(".", "")),
        c("Mutatiesoort", NONE, pick("Online bankieren", "Overschrijving", "Incasso", "Betaalautomaat", "iDEAL")),
        c(
            "Mededelingen",
            NONE,
            lambda r: r.rng.choice(
                [
                    f"Omschrijving: Factuur 2024-{r.rng.randint(1, 999):04d} Kenmerk: {r.rng.randint(10**9, 10**10)}",
                    "Omschrijving: huur",
                    f"Omschrijving: terugbetaling etentje Kenmerk: {r.rng.randint(1000, 9999)}",
                    "Omschrijving: contributie voetbalclub",
                    "Omschrijving: verjaardagscadeau",
                ]
            ),
        ),
        c("Saldo na mutatie", NONE, lambda r: money(r.rng, -500, 9000, "de").replace(".", "")),
        c("Tag", NONE, pick("", "", "#boodschappen", "#vaste-lasten", "#vakantie")),
    ]
    return FileSpec(
        "mutaties_nl.csv",
        "csv",
        "nl",
        "Dutch bank statement export (ING-style, quoted)",
        [Tab("mutaties_nl", 500, s.people("NL"), cols)],
        {"delimiter": ",", "encoding": "utf-8", "quoting": csv.QUOTE_ALL},
    )


@register("school_register.xlsx")
def school(s: Seeds) -> FileSpec:
    pupils = s.people("GB", 11, 17)
    adults = s.people("GB", 28, 60)
    ethnicity = [
        "White - British",
        "White - Irish",
        "Any other White background",
        "Mixed - White and Black Caribbean",
        "Asian - Pakistani",
        "Asian - Indian",
        "Asian - Bangladeshi",
        "Black - African",
        "Black - Caribbean",
        "Chinese",
        "Any other ethnic group",
        "Information refused",
    ]
    medical = [
        "Asthma - inhaler in office",
        "Type 1 diabetes",
        "Nut allergy (EpiPen)",
        "Epilepsy",
        "ADHD",
        "Coeliac disease",
        "Eczema",
        "Hay fever",
        "Anxiety - CAMHS referral",
        "Hearing impairment",
    ]
    colours = ["Blue", "Red", "Green", "Purple", "Orange", "Silver"]
    animals = ["Tiger", "Otter", "Falcon", "Panda", "Badger", "Dolphin", "Koala"]

    def year(r: Row) -> int:
        return r.once("yr", lambda: max(7, min(13, 2024 - r.p.dob.year - 4)))

    pupil_cols = [
        c("admission_no", NONE, lambda r: 20190000 + r.i * 3),
        c("legal_surname", NAME, lambda r: r.p.last),
        c("forename", NAME, lambda r: r.p.first),
        c("preferred_name", NAME, lambda r: r.p.first[:3] if len(r.p.first) > 5 else r.p.first, nulls=0.35),
        c("dob", DOB, lambda r: r.p.dob),
        c("gender", GENDER, lambda r: {"F": "F", "M": "M"}.get(r.p.gender, "X")),
        c("year_group", NONE, lambda r: f"Year {year(r)}"),
        c("reg_group", NONE, lambda r: f"{year(r)}{r.rng.choice(['RH', 'JB', 'KT', 'SP'])}"),
        c("ethnicity", SPECIAL, lambda r: r.rng.choice(ethnicity), nulls=0.05),
        c("medical_notes", HEALTH, lambda r: r.rng.choice(medical), nulls=0.4),
        c("fsm_eligible", NONE, weighted({"N": 0.8, "Y": 0.2})),
        c(
            "portal_password",
            PASSWORD,
            lambda r: (
                f"{r.rng.choice(colours)}-{r.rng.choice(animals)}-{r.rng.randint(10, 99)}"
                if r.rng.random() < 0.7
                else v.plain_password(r.rng)
            ),
        ),
        c("house", NONE, pick("Tudor", "Stuart", "Windsor", "York")),
    ]
    contact_cols = [
        c("admission_no", NONE, lambda r: 20190000 + r.rng.randrange(450) * 3),
        c(
            "contact_name",
            NAME,
            lambda r: r.rng.choice([f"{'Mrs' if r.p.gender == 'F' else 'Mr'} {r.p.first[0]} {r.p.last}", r.p.full]),
        ),
        c("relationship", NONE, pick("Mother", "Father", "Grandparent", "Carer", "Aunt", "Step-parent")),
        c("priority", NONE, lambda r: r.rng.randint(1, 3)),
        c("mobile", PHONE, lambda r: v.phone(r.rng, "GB", [0, 1, 5]), junk=0.02),
        c("home_tel", PHONE, lambda r: v.phone(r.rng, "GB", [2, 3, 4]), nulls=0.4),
        c("email", EMAIL, lambda r: r.p.email, nulls=0.1),
        c("address", STREET, lambda r: f"{r.p.street}, {r.rng.choice(TOWNS_GB)} {r.p.postcode}"),
        c("parental_responsibility", NONE, weighted({"Y": 0.85, "N": 0.15})),
    ]
    attendance_cols = [
        c("admission_no", NONE, lambda r: 20190000 + r.rng.randrange(450) * 3),
        c("date", NONE, lambda r: v.rand_date(r.rng, dt.date(2024, 1, 8), dt.date(2024, 3, 28))),
        c("session", NONE, pick("AM", "PM")),
        c("mark", NONE, weighted({"/": 0.7, "\\": 0.15, "L": 0.05, "U": 0.02, "N": 0.04, "C": 0.04})),
        c("minutes_late", NONE, lambda r: r.rng.choice([0, 0, 0, 0, 5, 10, 15])),
        c("term", NONE, pick("Spring 1", "Spring 2")),
        c("attendance_pct", NONE, lambda r: round(r.rng.uniform(78, 100), 1)),
    ]
    return FileSpec(
        "school_register.xlsx",
        "xlsx",
        "en",
        "UK secondary school MIS export (pupils, contacts, marks)",
        [
            Tab("Pupils", 450, pupils, pupil_cols),
            Tab("Contacts", 600, adults, contact_cols),
            Tab("Attendance", 500, pupils, attendance_cols),
        ],
    )


@register("flotte_location.csv")
def flotte(s: Seeds) -> FileSpec:
    models = [
        ("Renault", "Clio V"),
        ("Peugeot", "208"),
        ("Peugeot", "3008"),
        ("Citroën", "C3"),
        ("Volkswagen", "Golf 8"),
        ("Toyota", "Yaris Hybrid"),
        ("Dacia", "Sandero"),
        ("Tesla", "Model 3"),
    ]

    def rented(r: Row) -> bool:
        return r.once("rented", lambda: r.rng.random() < 0.7)

    def model(r: Row) -> tuple[str, str]:
        return r.once("model", lambda: r.rng.choice(models))

    cols = [
        c("immatriculation", PLATE, lambda r: v.plate(r.rng, "FR")),
        c("marque", NONE, lambda r: model(r)[0]),
        c("modele", NONE, lambda r: model(r)[1]),
        c("categorie", NONE, pick("A - Mini", "B - Compacte", "C - Berline", "D - SUV", "E - Utilitaire")),
        c("kilometrage", NONE, lambda r: str(r.rng.randint(800, 98000))),
        c("carburant", NONE, pick("Essence", "Diesel", "Hybride", "Électrique")),
        c("agence", NONE, lambda r: f"{city(r)} {r.rng.choice(['Gare', 'Aéroport', 'Centre'])}"),
        c("statut", NONE, lambda r: "loué" if rented(r) else r.rng.choice(["disponible", "maintenance"])),
        c("conducteur", NAME, lambda r: f"{r.p.last.upper()} {r.p.first}" if rented(r) else None, junk=0.01),
        c("tel_conducteur", PHONE, lambda r: r.p.phone() if rented(r) else None),
        c("carte_caution", CARD, lambda r: v.card_number(r.rng, r.rng.randrange(3)) if rented(r) else None),
        c("position_gps", GEO, lambda r: "{:.5f},{:.5f}".format(*geo(r))),
        c(
            "date_retour_prevue",
            NONE,
            lambda r: d(v.rand_date(r.rng, dt.date(2024, 3, 1), dt.date(2024, 4, 30)), "dmy/") if rented(r) else None,
        ),
        c("tarif_jour", NONE, lambda r: money(r.rng, 29, 140, "fr")),
        c(
            "num_contrat",
            NONE,
            lambda r: f"RA-{r.rng.randint(10, 95)}-2024-{r.rng.randint(1, 99999):06d}" if rented(r) else None,
        ),
        c(
            "controle_technique",
            NONE,
            lambda r: d(v.rand_date(r.rng, dt.date(2024, 1, 1), dt.date(2026, 1, 1)), "dmy/"),
        ),
    ]
    return FileSpec(
        "flotte_location.csv",
        "csv",
        "fr",
        "Car-rental fleet list with current renter",
        [Tab("flotte_location", 300, s.people("FR"), cols)],
        {"delimiter": ",", "encoding": "utf-8"},
    )


@register("medlemsregister_fack.tsv")
def union(s: Seeds) -> FileSpec:
    unions = [
        "IF Metall",
        "Kommunal",
        "Unionen",
        "Vision",
        "Handels",
        "Sveriges Ingenjörer",
        "Lärarförbundet",
        "Vårdförbundet",
        "Byggnads",
        "Transport",
        "Akademikerförbundet SSR",
        "Seko",
    ]

    def account(r: Row) -> str:
        roll = r.rng.random()
        if roll < 0.4:
            return f"8{r.rng.randint(100, 999)}-{r.rng.randint(0, 9)}, {v.fill(r.rng, 'ddd ddd ddd-d')}"
        if roll < 0.7:
            return f"{r.rng.choice(['6000', '6789', '3300', '5000'])}-{v.fill(r.rng, 'ddddddddd')}"
        return f"{r.rng.choice(['9020', '9660', '5440'])} {v.fill(r.rng, 'ddd dd dd')}"

    cols = [
        c("medlemsnr", NONE, lambda r: str(4_100_000 + r.i * 11)),
        c(
            "personnummer",
            NID,
            lambda r: v.se_personnummer(r.p, r.rng.choice([0, 0, 1, 2])),
            sub="SE_PERSONNUMMER",
            junk=0.01,
        ),
        c("förnamn", NAME, lambda r: r.p.first),
        c("efternamn", NAME, lambda r: r.p.last),
        c("kön", GENDER, lambda r: {"F": "Kvinna", "M": "Man"}.get(r.p.gender, "Annat")),
        c("förbund", SPECIAL, lambda r: r.rng.choice(unions)),
        c("avdelning", NONE, lambda r: f"Avd {r.rng.randint(1, 40)} {city(r)}"),
        c("arbetsgivare", NONE, lambda r: s.fake("SE").company()),
        c(
            "yrke",
            NONE,
            pick(
                "Undersköterska",
                "Svetsare",
                "Lärare",
                "Butikssäljare",
                "Ingenjör",
                "Chaufför",
                "Elektriker",
                "Handläggare",
            ),
        ),
        c("utdelningsadress", STREET, lambda r: r.p.street, nulls=0.03),
        c("postnummer", NONE, lambda r: f"{r.rng.randint(100, 984)} {r.rng.randint(10, 99)}"),
        c("postort", NONE, lambda r: city(r).upper()),
        c("mobil", PHONE, lambda r: r.p.phone([0, 1, 4]), nulls=0.1),
        c("e-post", EMAIL, lambda r: r.p.email, nulls=0.2),
        c("bankkonto", BANK, account, nulls=0.3),
        c("avgift_kr", NONE, lambda r: str(r.rng.choice([250, 290, 320, 345, 410, 95]))),
        c("inträdesdatum", NONE, lambda r: d(v.rand_date(r.rng, dt.date(1990, 1, 1), dt.date(2024, 5, 1)), "iso")),
        c("a_kassa", NONE, weighted({"Ja": 0.8, "Nej": 0.2})),
    ]
    return FileSpec(
        "medlemsregister_fack.tsv",
        "csv",
        "sv",
        "Swedish trade-union membership register (tab)",
        [Tab("medlemsregister_fack", 700, s.people("SE", 18, 67), cols)],
        {"delimiter": "\t", "encoding": "utf-8"},
    )


@register("survey_2024.xlsx")
def survey(s: Seeds) -> FileSpec:
    alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
    comments = [
        "More flexible working hours please",
        "Canteen food has improved",
        "Too many meetings",
        "The new laptop rollout was smooth",
        "Parking is a problem",
        "Training budget is too small",
        "Good team spirit",
        "Communication from leadership could be clearer",
    ]
    en = [
        c("Response ID", NONE, lambda r: "R_" + "".join(r.rng.choice(alnum) for _ in range(15))),
        c("Start Date", NONE, lambda r: ts(r, dt.date(2024, 4, 2), dt.date(2024, 4, 19))),
        c("Duration (in seconds)", NONE, lambda r: r.rng.randint(95, 1900)),
        c("Q1_workload", NONE, lambda r: r.rng.choice(LIKERT_EN)),
        c("Q2_manager_support", NONE, lambda r: r.rng.choice(LIKERT_EN), nulls=0.05),
        c("Q3_recommend", NONE, lambda r: r.rng.randint(0, 10)),
        c("Age range", NONE, pick("18-24", "25-34", "35-44", "45-54", "55-64", "65+")),
        c("Gender", GENDER, weighted({"Woman": 0.46, "Man": 0.46, "Non-binary": 0.03, "Prefer not to say": 0.05})),
        c(
            "Sexual orientation",
            SPECIAL,
            weighted(
                {
                    "Heterosexual / straight": 0.8,
                    "Gay or lesbian": 0.05,
                    "Bisexual": 0.05,
                    "Prefer not to say": 0.08,
                    "Other": 0.02,
                }
            ),
            nulls=0.1,
        ),
        c(
            "Which party did you vote for in the last general election?",
            SPECIAL,
            weighted(
                {
                    "Labour": 0.3,
                    "Conservative": 0.25,
                    "Liberal Democrat": 0.1,
                    "Green": 0.07,
                    "SNP": 0.03,
                    "Reform UK": 0.07,
                    "Did not vote": 0.1,
                    "Prefer not to say": 0.08,
                }
            ),
            nulls=0.15,
        ),
        c("Comments", NONE, lambda r: r.rng.choice(comments), nulls=0.35),
        c("Email for prize draw", EMAIL, lambda r: r.p.email, nulls=0.4),
        c("Department", NONE, lambda r: r.rng.choice(DEPTS_EN)),
    ]
    es = [
        c("id_respuesta", NONE, lambda r: 70000 + r.i),
        c("fecha", NONE, lambda r: d(v.rand_date(r.rng, dt.date(2024, 2, 1), dt.date(2024, 2, 29)), "dmy/")),
        c("satisfaccion_general", NONE, lambda r: r.rng.choice(LIKERT_ES)),
        c("recomendaria", NONE, pick("Sí", "No", "No sé")),
        c("sexo", GENDER, lambda r: {"F": "Mujer", "M": "Hombre"}.get(r.p.gender, "Otro")),
        c(
            "religión",
            SPECIAL,
            weighted(
                {
                    "Católica": 0.5,
                    "Ninguna": 0.3,
                    "Musulmana": 0.04,
                    "Evangélica": 0.03,
                    "Judía": 0.01,
                    "Ortodoxa": 0.02,
                    "Prefiero no contestar": 0.1,
                }
            ),
        ),
        c(
            "comunidad_autonoma",
            NONE,
            pick("Madrid", "Cataluña", "Andalucía", "Comunitat Valenciana", "Galicia", "País Vasco", "Aragón"),
        ),
        c(
            "comentarios",
            NONE,
            pick(
                "Todo correcto",
                "Mejorar la atención telefónica",
                "Precio elevado",
                "Muy buen servicio",
                "Tiempo de espera largo",
            ),
            nulls=0.3,
        ),
        c("correo_electronico", EMAIL, lambda r: r.p.email, nulls=0.3, junk=0.02),
        c("telefono_contacto", PHONE, lambda r: r.p.phone([0, 1, 2]), nulls=0.4),
    ]
    return FileSpec(
        "survey_2024.xlsx",
        "xlsx",
        "en+es",
        "Staff survey (Qualtrics-like) and a Spanish customer survey",
        [Tab("Responses", 500, s.people("GB"), en), Tab("Encuesta", 300, s.people("ES"), es)],
    )


@register("device_inventory.parquet")
def devices(s: Seeds) -> FileSpec:
    def kind(r: Row) -> str:
        return r.once("kind", lambda: r.rng.choice(["gateway", "sensor", "camera", "thermostat", "badge-reader"]))

    cols = [
        c("asset_tag", NONE, lambda r: f"AST-{4000 + r.i:06d}"),
        c("hostname", NONE, lambda r: f"{kind(r)[:4]}-{r.rng.choice(['b12', 'hq', 'dc2', 'lab'])}-{r.i:04d}"),
        c("device_type", NONE, kind),
        c("model", NONE, pick("RUT955", "Raspberry Pi 4B", "AXIS M3106", "Nest T3007", "HID iCLASS SE", "ESP32-S3")),
        c("serial_number", NONE, lambda r: "SN" + "".join(r.rng.choice(v.UPPER + v.DIGITS) for _ in range(10))),
        c("firmware_version", NONE, lambda r: f"{r.rng.randint(1, 7)}.{r.rng.randint(0, 20)}.{r.rng.randint(0, 99)}"),
        c("mac_address", MAC, lambda r: v.mac(r.rng, 0)),
        c("wifi_mac", MAC, lambda r: v.mac(r.rng, 2), nulls=0.3),
        c("bluetooth_addr", MAC, lambda r: v.mac(r.rng, 3), nulls=0.35),
        c("ip_address", IP, lambda r: v.ipv4(r.rng, 0.8)),
        c("location.lat", GEO, lambda r: geo(r, 0.02)[0]),
        c("location.lon", GEO, lambda r: geo(r, 0.02)[1]),
        c("site", NONE, city),
        c("assigned_user", USER, lambda r: r.p.username, nulls=0.3),
        c(
            "admin_password",
            PASSWORD,
            lambda r: (
                r.rng.choice(["admin", "1234", "changeme", "root"]) if r.rng.random() < 0.3 else v.plain_password(r.rng)
            ),
            nulls=0.2,
        ),
        c("last_seen", NONE, lambda r: ts(r, dt.date(2024, 6, 1))),
        c("online", NONE, lambda r: r.rng.random() < 0.85),
        c("temperature_c", NONE, lambda r: round(r.rng.gauss(31, 6), 1)),
        c("battery_pct", NONE, lambda r: r.rng.randint(3, 100), nulls=0.3),
        c(
            "tags",
            NONE,
            lambda r: r.rng.sample(["poe", "outdoor", "critical", "legacy", "vlan20", "iot"], r.rng.randint(0, 3)),
        ),
        c("status", NONE, pick("active", "active", "active", "maintenance", "retired", "lost")),
    ]
    return FileSpec(
        "device_inventory.parquet",
        "parquet",
        "en",
        "IoT / device inventory with native types",
        [Tab("device_inventory", 600, s.mixed({"GB": 0.6, "US": 0.4}), cols)],
        {"dictionary": ["status", "device_type"]},
    )


@register("app_events.jsonl")
def app_events(s: Seeds) -> FileSpec:
    def path(r: Row) -> str:
        return r.once(
            "path",
            lambda: r.rng.choices(
                ["/api/v2/login", "/api/v2/token/refresh", "/api/v2/orders/{id}", "/api/v2/logout", "/health"],
                [0.66, 0.12, 0.1, 0.07, 0.05],
            )[0],
        )

    def login(r: Row) -> bool:
        return path(r) == "/api/v2/login"

    cols = [
        c("ts", NONE, lambda r: ts(r, dt.date(2024, 5, 20), dt.date(2024, 5, 21)).isoformat() + "Z"),
        c("level", NONE, weighted({"INFO": 0.75, "DEBUG": 0.1, "WARN": 0.1, "ERROR": 0.05})),
        c("logger", NONE, pick("api.auth", "api.orders", "api.cart", "http.access", "db.pool")),
        c(
            "msg",
            NONE,
            pick(
                "request completed",
                "token refreshed",
                "slow query detected",
                "cache miss",
                "upstream timeout, retrying",
                "validation failed: quantity must be > 0",
            ),
        ),
        c("trace_id", NONE, lambda r: v.hexstr(r.rng, 32)),
        c("span_id", NONE, lambda r: v.hexstr(r.rng, 16)),
        c("http.method", NONE, lambda r: "POST" if login(r) else r.rng.choice(["GET", "GET", "POST", "PUT", "DELETE"])),
        c("http.path", NONE, lambda r: path(r).replace("{id}", str(r.rng.randint(10000, 99999)))),
        c("http.status", NONE, lambda r: r.rng.choice([200, 200, 200, 201, 204, 400, 401, 404, 500])),
        c("http.remote_addr", IP, lambda r: v.ipv4(r.rng, 0.1) if r.rng.random() < 0.7 else v.ipv6(r.rng)),
        c(
            "http.user_agent",
            NONE,
            pick(
                "Mozilla/5.0 (X11; Linux x86_64) Firefox/126.0",
                "MyApp/3.14.2 (Android 14)",
                "MyApp/3.14.1 (iOS 17.5)",
                "curl/8.5.0",
            ),
        ),
        c("user.id", NONE, lambda r: v.guid(r.rng), nulls=0.3),
        c("user.login", USER, lambda r: r.p.username, nulls=0.3),
        c("device.mac", MAC, lambda r: v.mac(r.rng, 1), nulls=0.35),
        c("request.body.password", PASSWORD, lambda r: v.plain_password(r.rng) if login(r) else None),
        c("duration_ms", NONE, lambda r: round(r.rng.lognormvariate(3.5, 0.8), 2)),
        c("app.version", NONE, pick("3.14.2", "3.14.1", "3.13.9")),
        c("host", NONE, lambda r: f"web-{r.rng.randint(1, 6):02d}"),
    ]
    return FileSpec(
        "app_events.jsonl",
        "jsonl",
        "en",
        "Structured application log (JSON Lines, nested)",
        [Tab("app_events", 1200, s.mixed({"GB": 0.4, "DE": 0.3, "SE": 0.3}), cols)],
        {"omit_null": 0.9},
    )


@register("newsletter_subscribers.csv")
def newsletter(s: Seeds) -> FileSpec:
    cols = [
        c("email", EMAIL, lambda r: ws(r, mixcase(r, r.p.email, upper=0.03, lower=0)), junk=0.01),
        c("first", NAME, lambda r: r.p.first, nulls=0.1),
        c("last", NAME, lambda r: r.p.last, nulls=0.15),
        c("country", NONE, lambda r: r.p.country),
        c("opt_in", NONE, weighted({"1": 0.85, "0": 0.15})),
        c("signup", NONE, lambda r: ts(r).strftime("%Y-%m-%d %H:%M")),
        c("source", NONE, pick("footer", "checkout", "popup", "landing-page", "import-2022")),
        c("ip", IP, lambda r: v.ipv4(r.rng, 0.02), nulls=0.2),
        c("lang", NONE, lambda r: {"GB": "en", "DE": "de", "FR": "fr", "IT": "it", "ES": "es"}[r.p.country]),
        c("score", NONE, lambda r: f"{r.rng.uniform(0, 1):.3f}"),
    ]
    for col in cols:
        col.name = ""  # headerless: orca names these column_1..n
    return FileSpec(
        "newsletter_subscribers.csv",
        "csv",
        "en",
        "Marketing list exported WITHOUT a header row",
        [Tab("newsletter_subscribers", 800, s.mixed({"GB": 0.4, "DE": 0.2, "FR": 0.15, "IT": 0.15, "ES": 0.1}), cols)],
        {"delimiter": ",", "encoding": "utf-8", "header": False},
    )


@register("gp_appointments.csv")
def gp(s: Seeds) -> FileSpec:
    clinicians = [f"Dr {n}" for n in ["A Patel", "S O'Brien", "M Hughes", "K Nowak", "J Okafor", "R Singh"]] + [
        "Nurse L Evans",
        "HCA T Moore",
    ]

    def slot(r: Row) -> dt.datetime:
        day = v.rand_date(r.rng, dt.date(2024, 3, 4), dt.date(2024, 3, 29))
        return dt.datetime(day.year, day.month, day.day, r.rng.randint(8, 17), r.rng.choice([0, 10, 20, 30, 40, 50]))

    cols = [
        c("Appt Ref", NONE, seq("APT", 12345, 7)),
        c("Slot Start", NONE, lambda r: slot(r).strftime("%d/%m/%Y %H:%M")),
        c("Clinician", NAME, lambda r: r.rng.choice(clinicians)),
        c("Patient", NAME, lambda r: f"{r.p.last.upper()}, {r.p.first}"),
        c("DOB", DOB, lambda r: d(r.p.dob, "dmy/")),
        c("Contact Tel", PHONE, lambda r: r.p.phone([0, 1, 3, 5]), nulls=0.05, junk=0.02),
        c("Reason for Visit", HEALTH, lambda r: r.rng.choice(GP_REASONS), nulls=0.15),
        c("Appt Type", NONE, pick("Face to face", "Telephone", "Video", "Home visit")),
        c("Duration (mins)", NONE, pick("10", "10", "15", "20", "30")),
        c("Status", NONE, pick("Booked", "Arrived", "Seen", "DNA", "Cancelled")),
        c("Room", NONE, pick("Room 1", "Room 2", "Room 3", "Treatment Rm", "")),
        c("Booked Via", NONE, pick("NHS App", "Reception", "Phone", "111", "Online")),
    ]
    return FileSpec(
        "gp_appointments.csv",
        "csv",
        "en",
        "GP surgery appointment list (UK)",
        [Tab("gp_appointments", 500, s.people("GB", 0, 95), cols)],
        {"delimiter": ",", "encoding": "utf-8"},
    )


@register("brp_uittreksel.csv")
def brp(s: Seeds) -> FileSpec:
    def surname(r: Row) -> str:
        return r.once(
            "sn",
            lambda: (
                (r.rng.choice(["van ", "de ", "van der ", "van den ", ""]) if r.rng.random() < 0.3 else "") + r.p.last
            ),
        )

    cols = [
        c("bsn", NID, lambda r: v.nl_bsn(r.rng, 1 if r.rng.random() < 0.1 else 0), sub="NL_BSN"),
        c("voornamen", NAME, lambda r: r.p.first + (" " + r.p.fake.first_name() if r.rng.random() < 0.4 else "")),
        c("geslachtsnaam", NAME, surname),
        c("geboortedatum", DOB, lambda r: d(r.p.dob, "dmy-")),
        c("geslacht", GENDER, lambda r: {"F": "V", "M": "M"}.get(r.p.gender, "O")),
        c("adres", STREET, lambda r: r.p.street),
        c("postcode", NONE, lambda r: r.p.postcode),
        c("woonplaats", NONE, city),
        c(
            "nationaliteit",
            NONE,
            weighted(
                {
                    "Nederlandse": 0.85,
                    "Turkse": 0.03,
                    "Marokkaanse": 0.03,
                    "Poolse": 0.03,
                    "Duitse": 0.03,
                    "Syrische": 0.03,
                }
            ),
        ),
        c(
            "burgerlijke_staat",
            NONE,
            pick("ongehuwd", "gehuwd", "gescheiden", "weduwe/weduwnaar", "geregistreerd partner"),
        ),
        c("telefoonnummer", PHONE, lambda r: r.p.phone([0, 1, 3, 4]), nulls=0.3),
        c("kenteken_parkeervergunning", PLATE, lambda r: v.plate(r.rng, "NL"), nulls=0.35),
        c(
            "datum_inschrijving",
            NONE,
            lambda r: d(v.rand_date(r.rng, dt.date(1994, 1, 1), dt.date(2024, 5, 1)), "dmy-"),
        ),
        c("wijk", NONE, pick("Centrum", "Noord", "Oost", "Zuid", "West", "Buitengebied")),
        c("aantal_bewoners", NONE, lambda r: str(r.rng.randint(1, 6))),
    ]
    return FileSpec(
        "brp_uittreksel.csv",
        "csv",
        "nl",
        "Dutch municipality population-register extract (cp1252)",
        [Tab("brp_uittreksel", 600, s.people("NL", 0, 95), cols)],
        {"delimiter": ";", "encoding": "cp1252"},
    )


@register("sklep_zamowienia_pl.csv")
def sklep(s: Seeds) -> FileSpec:
    cols = [
        c("id_klienta", NONE, lambda r: str(30_000 + r.i)),
        c("imie", NAME, lambda r: r.p.first),
        c("nazwisko", NAME, lambda r: r.p.last),
        c("pesel", NID, lambda r: v.pl_pesel(r.p), sub="PL_PESEL", nulls=0.2),
        c("data_urodzenia", DOB, lambda r: d(r.p.dob, r.rng.choice(["iso", "dmy."])), nulls=0.1),
        c("plec", GENDER, lambda r: {"F": "K", "M": "M"}.get(r.p.gender, "")),
        c("email", EMAIL, lambda r: r.p.email),
        c("telefon", PHONE, lambda r: r.p.phone(), nulls=0.1),
        c("ulica", STREET, lambda r: r.p.street),
        c("kod_pocztowy", NONE, lambda r: r.p.postcode),
        c("miasto", NONE, city),
        c("nr_konta", BANK, lambda r: nrb(r.rng), nulls=0.3),
        c("login", USER, lambda r: r.p.username),
        c("haslo", PASSWORD, lambda r: v.plain_password(r.rng), junk=0.01),
        c("nip_firmy", NONE, lambda r: v.pl_nip(r.rng), nulls=0.4),
        c("wartosc_zamowien", NONE, lambda r: money(r.rng, 20, 9000, "pl")),
        c("liczba_zamowien", NONE, lambda r: str(r.rng.randint(1, 60))),
        c("zgoda_marketingowa", NONE, weighted({"tak": 0.6, "nie": 0.4})),
        c("ostatnie_logowanie", NONE, lambda r: ts(r, dt.date(2024, 1, 1)).strftime("%Y-%m-%d %H:%M:%S")),
    ]
    return FileSpec(
        "sklep_zamowienia_pl.csv",
        "csv",
        "pl",
        "Polish e-shop customer table (legacy, plaintext passwords)",
        [Tab("sklep_zamowienia_pl", 700, s.people("PL"), cols)],
        {"delimiter": ",", "encoding": "utf-8"},
    )


@register("nordisk_personal.xlsx")
def nordic(s: Seeds) -> FileSpec:
    fi = [
        c("henkilönumero", NONE, lambda r: 7000 + r.i),
        c("etunimi", NAME, lambda r: r.p.first),
        c("sukunimi", NAME, lambda r: r.p.last),
        c("henkilötunnus", NID, lambda r: v.fi_hetu(r.p), sub="FI_HETU"),
        c("sukupuoli", GENDER, lambda r: {"F": "nainen", "M": "mies"}.get(r.p.gender, "muu")),
        c("syntymäaika", DOB, lambda r: fi_date(r.p.dob)),
        c("matkapuhelin", PHONE, lambda r: r.p.phone([0, 1, 2, 3, 5])),
        c("sähköposti", EMAIL, lambda r: r.p.email, nulls=0.05),
        c("tilinumero", IBAN_, lambda r: v.iban(r.rng, "FI")),
        c("passinumero", PASSPORT, lambda r: v.passport(r.rng, "FI"), nulls=0.4),
        c("osasto", NONE, pick("Talous", "Henkilöstö", "IT", "Myynti", "Tuotanto", "Logistiikka")),
        c(
            "tehtävänimike",
            NONE,
            pick("Kirjanpitäjä", "Ohjelmistokehittäjä", "Myyntipäällikkö", "Varastotyöntekijä", "Asiakaspalvelija"),
        ),
        c("kuukausipalkka", NONE, lambda r: round(r.rng.uniform(2300, 7200), 2)),
        c("työsuhde_alkoi", NONE, lambda r: v.rand_date(r.rng, dt.date(2005, 1, 1), dt.date(2024, 5, 1))),
        c("auton_rekisterinumero", PLATE, lambda r: v.plate(r.rng, "FI"), nulls=0.4),
    ]
    no = [
        c("ansattnr", NONE, lambda r: f"A{5000 + r.i}"),
        c("navn", NAME, lambda r: f"{r.p.last}, {r.p.first}"),
        c("fødselsnummer", NID, lambda r: v.no_fnr(r.p, 1 if r.rng.random() < 0.15 else 0), sub="NO_FNR"),
        c("kjønn", GENDER, lambda r: {"F": "K", "M": "M"}.get(r.p.gender, "U")),
        c("mobil", PHONE, lambda r: r.p.phone([0, 1, 2, 3])),
        c("epost", EMAIL, lambda r: r.p.email),
        c("kontonummer", BANK, lambda r: v.no_kontonr(r.rng, r.rng.randrange(2))),
        c("avdeling", NONE, pick("Økonomi", "HR", "IT", "Salg", "Produksjon", "Kundeservice")),
        c("stilling", NONE, pick("Regnskapsfører", "Utvikler", "Selger", "Lagermedarbeider", "Teamleder")),
        c("stillingsprosent", NONE, pick("100 %", "100 %", "80 %", "60 %", "50 %")),
        c(
            "sykefravær_årsak",
            HEALTH,
            pick(
                "Influensa",
                "Ryggsmerter",
                "Depresjon",
                "Svangerskapsrelatert",
                "Kneoperasjon",
                "Migrene",
                "Covid-19",
                "Utbrenthet",
            ),
            nulls=0.35,
        ),
        c("fraværsdager", NONE, lambda r: r.rng.randint(0, 25)),
        c("firmabil_regnr", PLATE, lambda r: v.plate(r.rng, "NO"), nulls=0.35),
        c("ansatt_dato", NONE, lambda r: d(v.rand_date(r.rng, dt.date(2005, 1, 1), dt.date(2024, 5, 1)), "dmy.")),
    ]
    dk = [
        c("medarbejdernr", NONE, lambda r: 900 + r.i),
        c("fornavn", NAME, lambda r: r.p.first),
        c("efternavn", NAME, lambda r: r.p.last),
        c("cpr_nr", NID, lambda r: v.dk_cpr(r.p, 1 if r.rng.random() < 0.3 else 0), sub="DK_CPR"),
        c("køn", GENDER, lambda r: {"F": "Kvinde", "M": "Mand"}.get(r.p.gender, "Andet")),
        c("telefon", PHONE, lambda r: r.p.phone()),
        c(
            "reg_og_kontonr",
            BANK,
            lambda r: (
                f"{r.rng.randint(1000, 9899)} {v.fill(r.rng, 'dddddddddd')}"
                if r.rng.random() < 0.6
                else f"{r.rng.randint(1000, 9899)}-{r.rng.randint(100000, 99999999)}"
            ),
        ),
        c("afdeling", NONE, pick("Økonomi", "HR", "IT", "Salg", "Lager", "Kundeservice")),
        c("stillingsbetegnelse", NONE, pick("Bogholder", "Udvikler", "Sælger", "Lagermedarbejder", "Afdelingsleder")),
        c("løn_dkk", NONE, lambda r: round(r.rng.uniform(28000, 72000), 0)),
        c("fødselsdato", DOB, lambda r: d(r.p.dob, "dmy-")),
        c("feriedage", NONE, lambda r: r.rng.randint(0, 30)),
    ]
    return FileSpec(
        "nordisk_personal.xlsx",
        "xlsx",
        "fi+no+da",
        "Nordic HR master file, one sheet per country",
        [
            Tab("FI_henkilöstö", 250, s.people("FI", 18, 66), fi),
            Tab("NO_ansatte", 250, s.people("NO", 18, 66), no),
            Tab("DK_medarbejdere", 250, s.people("DK", 18, 66), dk),
        ],
    )


@register("pacientes_clinica.json")
def clinica(s: Seeds) -> FileSpec:
    diagnoses = [
        "Hipertensión arterial esencial",
        "Diabetes mellitus tipo 2",
        "Lumbalgia mecánica",
        "Gastroenteritis aguda",
        "Trastorno de ansiedad generalizada",
        "Faringitis aguda",
        "Migraña sin aura",
        "Hipotiroidismo",
        "Dermatitis atópica",
        "Esguince de tobillo",
        "Asma bronquial",
    ]
    allergies = [
        "Penicilina",
        "Ninguna conocida",
        "Látex",
        "Frutos secos",
        "Ácido acetilsalicílico",
        "Polen de gramíneas",
        "Marisco",
        "Penicilina; Látex",
    ]

    def foreign(r: Row) -> bool:
        return r.once("foreign", lambda: r.rng.random() < 0.62)  # a clinic on the Costa del Sol

    def dni(r: Row) -> str | None:
        if not foreign(r):
            return v.es_dni(r.rng, 0.0)
        return v.es_dni(r.rng, 1.0) if r.rng.random() < 0.5 else None  # resident foreigners have an NIE

    cols = [
        c("id", NONE, lambda r: 1000 + r.i),
        c("paciente.nombre", NAME, lambda r: r.p.first),
        c("paciente.apellidos", NAME, lambda r: f"{r.p.last} {r.p.fake.last_name()}"),
        c("paciente.dni", NID, dni, sub="ES_DNI", nulls=0.03),
        c(
            "paciente.pasaporte",
            PASSPORT,
            lambda r: v.passport(r.rng, r.rng.choice(["GB", "DE", "FR", "IT", "ES"])) if foreign(r) else None,
        ),
        c("paciente.fecha_nacimiento", DOB, lambda r: d(r.p.dob, "dmy/")),
        c("paciente.sexo", GENDER, lambda r: {"F": "Mujer", "M": "Hombre"}.get(r.p.gender, "No binario")),
        c(
            "contacto.telefonos",
            PHONE,
            lambda r: [v.phone(r.rng, "ES", [0, 1, 2, 3]) for _ in range(r.rng.choice([1, 1, 2]))],
        ),
        c("contacto.email", EMAIL, lambda r: r.p.email, nulls=0.2),
        c("contacto.direccion", STREET, lambda r: r.p.street.strip()),
        c("contacto.provincia", NONE, city),
        c("historial.alergias", HEALTH, lambda r: r.rng.choice(allergies), nulls=0.1),
        c("historial.diagnostico_principal", HEALTH, lambda r: r.rng.choice(diagnoses)),
        c("historial.grupo_sanguineo", HEALTH, pick("A+", "A-", "B+", "B-", "AB+", "AB-", "O+", "O-"), nulls=0.3),
        c("cita.fecha", NONE, lambda r: ts(r, dt.date(2024, 5, 1), dt.date(2024, 6, 30)).strftime("%Y-%m-%dT%H:%M")),
        c(
            "cita.especialidad",
            NONE,
            pick("Medicina general", "Traumatología", "Dermatología", "Cardiología", "Ginecología", "Pediatría"),
        ),
        c("cita.box", NONE, lambda r: f"Consulta {r.rng.randint(1, 9)}"),
        c("seguro.aseguradora", NONE, pick("Sanitas", "Adeslas", "DKV", "Mapfre", "Asisa", "Privado")),
        c(
            "seguro.numero_poliza",
            NONE,
            lambda r: f"{r.rng.choice(['SAN', 'ADE', 'DKV', 'MAP'])}{v.fill(r.rng, 'dddddddd')}",
            nulls=0.2,
        ),
        c("importe_eur", NONE, lambda r: round(r.rng.uniform(0, 180), 2)),
        c("estado", NONE, pick("confirmada", "atendida", "cancelada", "no_presentado")),
    ]
    return FileSpec(
        "pacientes_clinica.json",
        "json",
        "es",
        "Spanish private clinic patients + next appointment",
        [Tab("pacientes_clinica", 400, s.people("ES", 0, 95), cols)],
        {"omit_null": 0.5, "indent": 2},
    )


@register("crm_clients_fr.csv")
def crm_fr(s: Seeds) -> FileSpec:
    cols = [
        c("id_client", NONE, lambda r: f"CLI-{r.i + 123:06d}"),
        c("nom", NAME, lambda r: r.p.last.upper()),
        c("prenom", NAME, lambda r: r.p.first),
        c("nir", NID, lambda r: v.fr_nir(r.p, r.rng.randrange(2)), sub="FR_NIR", nulls=0.3),
        c("date_naissance", DOB, lambda r: d(r.p.dob, "dmy/"), nulls=0.1),
        c("adresse", STREET, lambda r: r.p.street),
        c("code_postal", NONE, lambda r: r.p.postcode),
        c("ville", NONE, city),
        c("tel_portable", PHONE, lambda r: r.p.phone([0, 1, 2, 4, 5]), nulls=0.1, junk=0.02),
        c("courriel", EMAIL, lambda r: r.p.email, nulls=0.05),
        c("iban", IBAN_, lambda r: v.iban(r.rng, "FR"), nulls=0.35),
        c("segment", NONE, pick("Particulier", "Premium", "Fidélité Or", "Prospect")),
        c("ca_annuel", NONE, lambda r: money(r.rng, 0, 25000, "fr")),
        c("siret_employeur", NONE, lambda r: v.fr_siret(r.rng), nulls=0.3),
        c("date_creation", NONE, lambda r: d(v.rand_date(r.rng, dt.date(2012, 1, 1), dt.date(2024, 5, 1)), "dmy/")),
        c("commentaire", NONE, lambda r: r.rng.choice(COMMENTS_FR), nulls=0.4),
        c("canal_prefere", NONE, pick("Email", "SMS", "Courrier", "Téléphone")),
        c("nb_commandes", NONE, lambda r: str(r.rng.randint(0, 40))),
    ]
    return FileSpec(
        "crm_clients_fr.csv",
        "csv",
        "fr",
        "French CRM client export (Excel FR: semicolon, BOM)",
        [Tab("crm_clients_fr", 600, s.people("FR"), cols)],
        {"delimiter": ";", "encoding": "utf-8-sig"},
    )


@register("registro_officina_it.xlsx")
def officina(s: Seeds) -> FileSpec:
    work = [
        "Tagliando 30.000 km",
        "Sostituzione pastiglie freni",
        "Cambio gomme stagionale",
        "Revisione ministeriale",
        "Sostituzione batteria",
        "Ricarica climatizzatore",
        "Riparazione frizione",
    ]
    clienti = [
        c("codice_cliente", NONE, lambda r: f"C{r.i + 1:05d}"),
        c("nominativo", NAME, lambda r: f"{r.p.last.upper()} {r.p.first.upper()}"),
        c("codice_fiscale", NID, lambda r: v.it_codice_fiscale(r.p), sub="IT_CODICE_FISCALE"),
        c("data_nascita", DOB, lambda r: r.p.dob),
        c("indirizzo", STREET, lambda r: r.p.street),
        c("cap", NONE, lambda r: r.p.postcode),
        c("comune", NONE, city),
        c("cellulare", PHONE, lambda r: r.p.phone(), nulls=0.05),
        c(
            "pec",
            EMAIL,
            lambda r: r.p.email.split("@")[0] + "@" + r.rng.choice(["pec.it", "legalmail.it", "gmail.com"]),
        ),
        c("iban_addebito", IBAN_, lambda r: v.iban(r.rng, "IT"), nulls=0.4),
        c("ragione_sociale", NONE, lambda r: s.fake("IT").company(), nulls=0.4),
        c("partita_iva", NONE, lambda r: v.it_partita_iva(r.rng), nulls=0.35),
    ]
    fatture = [
        c("numero_fattura", NONE, lambda r: f"FT 2024/{r.i + 1:05d}"),
        c("data_fattura", NONE, lambda r: v.rand_date(r.rng, dt.date(2024, 1, 2), dt.date(2024, 6, 28))),
        c("codice_cliente", NONE, lambda r: f"C{r.rng.randint(1, 350):05d}"),
        c("cliente", NAME, lambda r: f"{r.p.last} {r.p.first}"),
        c("targa", PLATE, lambda r: v.plate(r.rng, "IT")),
        c("descrizione_lavori", NONE, lambda r: r.rng.choice(work)),
        c("km", NONE, lambda r: r.rng.randint(2000, 240000)),
        c("imponibile", NONE, lambda r: round(r.rng.uniform(40, 1800), 2)),
        c("aliquota_iva", NONE, lambda r: "22%"),
        c("totale", NONE, lambda r: money(r.rng, 49, 2200, "it")),
        c("stato_pagamento", NONE, pick("pagata", "da incassare", "scaduta")),
        c("metodo", NONE, pick("POS", "contanti", "bonifico", "RID")),
    ]
    return FileSpec(
        "registro_officina_it.xlsx",
        "xlsx",
        "it",
        "Italian car-repair shop: customers + invoice register",
        [Tab("Clienti", 350, s.people("IT"), clienti), Tab("Fatture", 600, s.people("IT"), fatture)],
    )


@register("benefits_enrollment.tsv")
def benefits(s: Seeds) -> FileSpec:
    states = ["IL", "TX", "AZ", "PA", "WA", "CO", "NY", "CA", "OH"]
    cols = [
        c("EMPLOYEE_ID", NONE, lambda r: f"E{4500 + r.i:06d}"),
        c("SSN", NID, lambda r: v.us_ssn(r.rng, 0 if r.rng.random() < 0.7 else 1), sub="US_SSN"),
        c("LAST_NAME", NAME, lambda r: r.p.last.upper()),
        c("FIRST_NAME", NAME, lambda r: r.p.first.upper()),
        c("DOB", DOB, lambda r: d(r.p.dob, "mdy/")),
        c("GENDER", GENDER, lambda r: {"F": "F", "M": "M"}.get(r.p.gender, "X")),
        c("ADDRESS_1", STREET, lambda r: r.p.street.upper()),
        c("CITY", NONE, lambda r: city(r).upper()),
        c("STATE", NONE, lambda r: r.rng.choice(states)),
        c("ZIP", NONE, lambda r: r.p.postcode),
        c("PLAN_CODE", NONE, pick("PPO-500", "HMO-250", "HDHP-3000", "DENTAL-B", "VISION")),
        c("COVERAGE_TIER", NONE, pick("EE", "EE+SP", "EE+CH", "FAM")),
        c("EE_PREMIUM", NONE, lambda r: money(r.rng, 20, 650, "us")),
        c("ROUTING_NO", NONE, lambda r: v.us_routing(r.rng), nulls=0.2),
        c("ACCOUNT_NO", BANK, lambda r: v.fill(r.rng, "d" * r.rng.randint(9, 12)), nulls=0.2),
        c(
            "PRE_EXISTING_CONDITIONS",
            HEALTH,
            pick(
                "None",
                "Hypertension",
                "Type 2 diabetes",
                "Asthma",
                "Pregnancy",
                "Depression",
                "Chronic kidney disease",
                "Cancer - in remission",
                "None",
                "None",
            ),
        ),
        c("EFFECTIVE_DATE", NONE, lambda r: d(r.rng.choice([dt.date(2024, 1, 1), dt.date(2024, 4, 1)]), "mdy/")),
        c("DEPENDENTS", NONE, lambda r: str(r.rng.choice([0, 0, 1, 2, 3]))),
    ]
    return FileSpec(
        "benefits_enrollment.tsv",
        "csv",
        "en",
        "US benefits enrollment feed (834-like, ALL CAPS, tab)",
        [Tab("benefits_enrollment", 500, s.people("US", 18, 67), cols)],
        {"delimiter": "\t", "encoding": "utf-8", "lineterminator": "\n"},
    )


@register("pnr_bookings.json")
def pnr(s: Seeds) -> FileSpec:
    airports = ["LHR", "FRA", "CDG", "AMS", "MAD", "FCO", "WAW", "ARN", "CPH", "OSL", "HEL", "JFK", "ORD"]
    nationality = {
        "GB": "GBR",
        "DE": "DEU",
        "FR": "FRA",
        "NL": "NLD",
        "ES": "ESP",
        "IT": "ITA",
        "PL": "POL",
        "SE": "SWE",
        "US": "USA",
    }

    def fly(r: Row) -> tuple[str, str]:
        return r.once("fly", lambda: tuple(r.rng.sample(airports, 2)))

    cols = [
        c("bookingRef", NONE, lambda r: "".join(r.rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ23456789") for _ in range(6))),
        c("createdAt", NONE, lambda r: ts(r, dt.date(2024, 1, 1)).strftime("%Y-%m-%dT%H:%M:%S+00:00")),
        c(
            "leadPassenger.fullName",
            NAME,
            lambda r: (
                f"{v.ascii_fold(r.p.last).upper()}/{v.ascii_fold(r.p.first).upper()}"
                + r.rng.choice(["", " MR" if r.p.gender == "M" else " MS"])
            ),
        ),
        c("leadPassenger.dateOfBirth", DOB, lambda r: d(r.p.dob, "iso")),
        c("leadPassenger.nationality", NONE, lambda r: nationality[r.p.country]),
        c("leadPassenger.passportNumber", PASSPORT, lambda r: v.passport(r.rng, r.p.country), nulls=0.1),
        c(
            "leadPassenger.passportExpiry",
            NONE,
            lambda r: d(v.rand_date(r.rng, dt.date(2024, 8, 1), dt.date(2034, 1, 1)), "iso"),
            nulls=0.1,
        ),
        c(
            "flight.number",
            NONE,
            lambda r: (
                f"{r.rng.choice(['LH', 'BA', 'AF', 'KL', 'IB', 'AZ', 'LO', 'SK', 'AY'])}{r.rng.randint(100, 2999)}"
            ),
        ),
        c("flight.origin", NONE, lambda r: fly(r)[0]),
        c("flight.destination", NONE, lambda r: fly(r)[1]),
        c(
            "flight.departure",
            NONE,
            lambda r: ts(r, dt.date(2024, 7, 1), dt.date(2024, 9, 30)).strftime("%Y-%m-%dT%H:%M"),
        ),
        c("seat", NONE, lambda r: f"{r.rng.randint(1, 38)}{r.rng.choice('ABCDEF')}", nulls=0.2),
        c("fareClass", NONE, pick("Y", "M", "B", "J", "C", "W")),
        c("contact.mobile", PHONE, lambda r: v.phone(r.rng, r.p.country, [1]), nulls=0.05),
        c("contact.email", EMAIL, lambda r: r.p.email),
        c("payment.cardNumber", CARD, lambda r: v.card_number(r.rng, 0), nulls=0.2),
        c("payment.total", NONE, lambda r: round(r.rng.uniform(59, 2400), 2)),
        c("payment.currency", NONE, pick("EUR", "GBP", "USD", "SEK", "PLN")),
        c("eTicket", NONE, lambda r: f"{r.rng.choice(['220', '125', '057', '074'])}-{v.fill(r.rng, 'dddddddddd')}"),
    ]
    return FileSpec(
        "pnr_bookings.json",
        "json",
        "en",
        "Airline/travel-agency bookings (JSON array, GDS-style names)",
        [
            Tab(
                "pnr_bookings",
                400,
                s.mixed(
                    {
                        "GB": 0.2,
                        "DE": 0.15,
                        "FR": 0.12,
                        "NL": 0.1,
                        "ES": 0.1,
                        "IT": 0.1,
                        "PL": 0.08,
                        "SE": 0.07,
                        "US": 0.08,
                    }
                ),
                cols,
            )
        ],
        {"omit_null": 0.0, "indent": None},
    )


@register("meldeschein_2024.txt")
def meldeschein(s: Seeds) -> FileSpec:
    nat = {
        "DE": "deutsch",
        "NL": "niederländisch",
        "FR": "französisch",
        "IT": "italienisch",
        "PL": "polnisch",
        "US": "US-amerikanisch",
        "GB": "britisch",
    }

    def stay(r: Row) -> tuple[dt.date, dt.date]:
        def make() -> tuple[dt.date, dt.date]:
            start = v.rand_date(r.rng, dt.date(2024, 1, 2), dt.date(2024, 6, 20))
            return start, start + dt.timedelta(days=r.rng.randint(1, 9))

        return r.once("stay", make)

    cols = [
        c("Meldeschein-Nr", NONE, lambda r: f"MS-{24000 + r.i}"),
        c("Anreise", NONE, lambda r: d(stay(r)[0], "dmy.")),
        c("Abreise", NONE, lambda r: d(stay(r)[1], "dmy.")),
        c("Zimmer", NONE, lambda r: str(r.rng.choice([101, 102, 114, 203, 214, 305, 312, 401]))),
        c("Name", NAME, lambda r: f"{r.p.last}, {r.p.first}"),
        c("Geburtsdatum", DOB, lambda r: d(r.p.dob, "dmy.")),
        c("Staatsangehörigkeit", NONE, lambda r: nat[r.p.country]),
        c("Reisepass-Nr", PASSPORT, lambda r: v.passport(r.rng, r.p.country) if r.p.country != "DE" else None),
        c("Anschrift", STREET, lambda r: f"{r.p.street}, {r.p.postcode} {city(r)}"),
        c(
            "Kfz-Kennzeichen",
            PLATE,
            lambda r: v.plate(r.rng, r.p.country) if r.p.country in {"DE", "NL", "FR", "IT", "GB"} else None,
            nulls=0.2,
        ),
        c("E-Mail", EMAIL, lambda r: r.p.email, nulls=0.2),
        c("Telefon", PHONE, lambda r: r.p.phone(), nulls=0.1),
        c("Kreditkarte", CARD, lambda r: v.card_number(r.rng, 1), nulls=0.3),
        c("Zimmerpreis", NONE, lambda r: money(r.rng, 79, 260, "eur")),
        c("Anzahl Personen", NONE, lambda r: str(r.rng.choice([1, 1, 2, 2, 2, 3]))),
        c("Buchungskanal", NONE, pick("Booking.com", "Direkt", "Expedia", "Telefon", "HRS")),
    ]
    return FileSpec(
        "meldeschein_2024.txt",
        "csv",
        "de",
        "Hotel guest registration, Excel 'Unicode text' (UTF-16, tab)",
        [
            Tab(
                "meldeschein_2024",
                300,
                s.mixed({"DE": 0.35, "NL": 0.15, "FR": 0.15, "IT": 0.1, "PL": 0.1, "US": 0.05, "GB": 0.1}),
                cols,
            )
        ],
        {"delimiter": "\t", "encoding": "utf-16"},
    )


@register("kyc_onboarding.parquet")
def kyc(s: Seeds) -> FileSpec:
    iban_country = {"DE": "DE", "NL": "NL", "FR": "FR", "ES": "ES", "IT": "IT", "FI": "FI"}
    cc = {"DE": "49", "NL": "31", "FR": "33", "ES": "34", "IT": "39", "FI": "358"}
    cols = [
        c("application_id", NONE, lambda r: v.guid(r.rng)),
        c("submitted_at", NONE, lambda r: ts(r, dt.date(2024, 1, 1))),
        c("full_name", NAME, lambda r: r.p.full),
        c("date_of_birth", DOB, lambda r: r.p.dob),
        c("nationality", NONE, lambda r: r.p.country),
        c("passport_number", PASSPORT, lambda r: v.passport(r.rng, r.p.country)),
        c("document_expiry", NONE, lambda r: v.rand_date(r.rng, dt.date(2024, 9, 1), dt.date(2034, 6, 1))),
        c("residential_address", STREET, lambda r: f"{r.p.street}, {r.p.postcode} {city(r)}"),
        c("iban", IBAN_, lambda r: v.iban(r.rng, iban_country[r.p.country], spaced=False)),
        c("card_pan", CARD, lambda r: v.card_number(r.rng, 0), nulls=0.35),
        c("signup_ip", IP, lambda r: v.ipv4(r.rng, 0.0)),
        c("signup_geo.latitude", GEO, lambda r: geo(r)[0]),
        c("signup_geo.longitude", GEO, lambda r: geo(r)[1]),
        c("mobile_e164", PHONE, lambda r: int(cc[r.p.country] + v.fill(r.rng, "6dddddddd"))),
        c("risk_score", NONE, lambda r: round(r.rng.betavariate(2, 8), 4)),
        c("pep_match", NONE, lambda r: r.rng.random() < 0.02),
        c("selfie_path", NONE, lambda r: f"/mnt/kyc/selfies/2024/{r.rng.randint(1, 6):02d}/{v.hexstr(r.rng, 24)}.jpg"),
        c("review_status", NONE, pick("approved", "approved", "approved", "manual_review", "rejected")),
    ]
    return FileSpec(
        "kyc_onboarding.parquet",
        "parquet",
        "en",
        "Neobank KYC onboarding (native types, int64 phone)",
        [
            Tab(
                "kyc_onboarding",
                500,
                s.mixed({"DE": 0.3, "NL": 0.15, "FR": 0.2, "ES": 0.15, "IT": 0.1, "FI": 0.1}),
                cols,
            )
        ],
        {"dictionary": ["review_status", "nationality"]},
    )


@register("legacy_forum_users.csv")
def forum(s: Seeds) -> FileSpec:
    handles = ["darkwolf", "pixel", "turbo", "ninja", "moonlight", "retro", "bassline", "cheetah", "sk8r", "neo"]

    def handle(r: Row) -> str:
        return r.rng.choice(
            [
                r.p.username,
                f"{r.rng.choice(handles)}_{r.rng.randint(1, 999)}",
                f"{r.rng.choice(handles).capitalize()}{r.p.dob.year % 100:02d}",
            ]
        )

    cols = [
        c("USER_ID", NONE, lambda r: str(100 + r.i * 2)),
        c("USERNAME", USER, handle),
        c("PASSWD", PASSWORD, lambda r: v.plain_password(r.rng), junk=0.01),
        c("PASSWD_NEW", NONE, lambda r: r.rng.choice([v.bcrypt_hash, v.argon2_hash, v.pbkdf2_hash])(r.rng), nulls=0.3),
        c("EMAIL", EMAIL, lambda r: r.p.email.upper() if r.rng.random() < 0.1 else r.p.email),
        c("REG_DATE", NONE, lambda r: d(v.rand_date(r.rng, dt.date(2003, 1, 1), dt.date(2012, 12, 31)), "iso")),
        c("LAST_LOGIN_IP", IP, lambda r: v.ipv4(r.rng, 0.05), nulls=0.1),
        c("POSTS", NONE, lambda r: str(int(r.rng.paretovariate(1.2)) - 1)),
        c(
            "SIGNATURE",
            NONE,
            pick(
                "Keep it simple.",
                "-- sent from my phone",
                "Linux user since 1998",
                "42 is the answer",
                "<b>carpe diem</b>",
                "",
            ),
            nulls=0.2,
        ),
        c(
            "AVATAR_URL",
            NONE,
            lambda r: f"http://forum.example.org/images/avatars/{r.rng.randint(1, 9999)}.gif",
            nulls=0.3,
        ),
        c("TZ", NONE, pick("Europe/Berlin", "Europe/London", "Europe/Paris", "America/New_York", "GMT")),
        c("LANG", NONE, pick("en", "de", "fr", "es", "it")),
        c("IS_MOD", NONE, weighted({"0": 0.97, "1": 0.03})),
    ]
    return FileSpec(
        "legacy_forum_users.csv",
        "csv",
        "en",
        "Legacy forum user table dump (latin-1, plaintext pw)",
        [Tab("legacy_forum_users", 500, s.mixed({"GB": 0.5, "DE": 0.25, "FR": 0.25}), cols)],
        {"delimiter": ",", "encoding": "latin-1", "null": "NULL"},
    )


@register("wifi_guest_sessions.csv")
def wifi(s: Seeds) -> FileSpec:
    def start(r: Row) -> dt.datetime:
        return r.once("start", lambda: ts(r, dt.date(2024, 5, 1), dt.date(2024, 5, 31)))

    cols = [
        c("session_id", NONE, lambda r: v.hexstr(r.rng, 16)),
        c("start_time", NONE, lambda r: start(r).strftime("%Y-%m-%d %H:%M:%S")),
        c(
            "end_time",
            NONE,
            lambda r: (start(r) + dt.timedelta(minutes=r.rng.randint(1, 300))).strftime("%Y-%m-%d %H:%M:%S"),
        ),
        c("client_mac", MAC, lambda r: v.mac(r.rng, r.rng.choice([1, 1, 3]))),
        c(
            "ap_name",
            NONE,
            lambda r: f"AP-{r.rng.choice(['LOBBY', 'CAFE', 'CONF', 'FLOOR2'])}-{r.rng.randint(1, 6):02d}",
        ),
        c("client_ip", IP, lambda r: f"10.20.{r.rng.randint(0, 15)}.{r.rng.randint(2, 254)}"),
        c("login_email", EMAIL, lambda r: r.p.email, nulls=0.3),
        c("portal_user", USER, lambda r: r.p.username, nulls=0.4),
        c(
            "voucher_code",
            NONE,
            lambda r: "WIFI-" + "".join(r.rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ23456789") for _ in range(4)),
            nulls=0.3,
        ),
        c("ssid", NONE, pick("Guest", "Guest-5G", "Cafe_Free_WiFi")),
        c("bytes_down", NONE, lambda r: str(r.rng.randint(10_000, 900_000_000))),
        c("bytes_up", NONE, lambda r: str(r.rng.randint(5_000, 90_000_000))),
        c("device_vendor", NONE, pick("Apple", "Samsung", "Xiaomi", "Google", "Intel", "Unknown")),
        c("os", NONE, pick("iOS 17", "Android 14", "Windows 11", "macOS 14", "")),
    ]
    return FileSpec(
        "wifi_guest_sessions.csv",
        "csv",
        "en",
        "Captive-portal Wi-Fi guest sessions (semicolon)",
        [Tab("wifi_guest_sessions", 600, s.mixed({"SE": 0.5, "GB": 0.3, "DE": 0.2}), cols)],
        {"delimiter": ";", "encoding": "utf-8"},
    )


# ============================================================================================================
# Rows and writers
# ============================================================================================================


def build_rows(tab: Tab, rng: random.Random, headerless_file: bool) -> list[list[Any]]:
    rows: list[list[Any]] = []
    for i in range(tab.rows):
        row = Row(rng, tab.person(rng), i)
        out: list[Any] = []
        for col in tab.cols:
            value = col.make(row)
            junk_roll, null_roll = rng.random(), rng.random()
            protected = headerless_file and i == 0  # the first row of a headerless file must look like data
            if col.junk and value is not None and junk_roll < col.junk and not protected:
                value = rng.choice(v.JUNK)
            if col.nulls and null_roll < col.nulls and not protected:
                value = None
            out.append(value)
        rows.append(out)
    return rows


def _cell_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def write_csv(spec: FileSpec, data: list[tuple[Tab, list[list[Any]]]]) -> bytes:
    opts = spec.options
    ((tab, rows),) = data
    buffer = io.StringIO()
    writer = csv.writer(
        buffer,
        delimiter=opts.get("delimiter", ","),
        quoting=opts.get("quoting", csv.QUOTE_MINIMAL),
        lineterminator=opts.get("lineterminator", "\r\n"),
    )
    if opts.get("header", True):
        writer.writerow([col.name for col in tab.cols])
    null = opts.get("null", "")
    for row in rows:
        writer.writerow([null if value is None else _cell_text(value) for value in row])
    text = buffer.getvalue()
    encoding = opts.get("encoding", "utf-8")
    if encoding == "utf-16":
        payload = b"\xff\xfe" + text.encode("utf-16-le")
    else:
        payload = text.encode(encoding)
    if opts.get("gzip"):
        payload = gzip.compress(payload, compresslevel=9, mtime=0)
    return payload


def _normalise_zip(payload: bytes) -> bytes:
    """openpyxl stamps the current time into docProps/core.xml and every zip entry: pin both."""
    source = zipfile.ZipFile(io.BytesIO(payload))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            body = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                body = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*", rb"\g<1>2024-07-01T00:00:00Z", body)
            entry = zipfile.ZipInfo(info.filename, date_time=(2024, 7, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, body)
    return out.getvalue()


def write_xlsx(spec: FileSpec, data: list[tuple[Tab, list[list[Any]]]]) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    workbook.properties.creator = "orca heldout generator"
    workbook.properties.created = dt.datetime(2024, 7, 1)
    workbook.properties.modified = dt.datetime(2024, 7, 1)
    for tab, rows in data:
        sheet = workbook.create_sheet(tab.name)
        sheet.append([col.name for col in tab.cols])
        for row in rows:
            sheet.append([_cell_text(value) if isinstance(value, list) else value for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return _normalise_zip(buffer.getvalue())


def _arrow_type(values: list[Any]) -> pa.DataType:
    sample = next((value for value in values if value is not None), "")
    if isinstance(sample, bool):
        return pa.bool_()
    if isinstance(sample, int):
        return pa.int64()
    if isinstance(sample, float):
        return pa.float64()
    if isinstance(sample, dt.datetime):
        return pa.timestamp("ms")
    if isinstance(sample, dt.date):
        return pa.date32()
    if isinstance(sample, list):
        return pa.list_(pa.string())
    return pa.string()


def write_parquet(spec: FileSpec, data: list[tuple[Tab, list[list[Any]]]]) -> bytes:
    ((tab, rows),) = data
    arrays: dict[str, pa.Array] = {}
    for position, col in enumerate(tab.cols):
        column = [row[position] for row in rows]
        arrays[col.name] = pa.array(column, type=_arrow_type(column))
    for name in spec.options.get("dictionary", []):
        arrays[name] = pc.dictionary_encode(arrays[name])
    # Group dotted names into struct columns (one level deep is all the set needs).
    top: dict[str, Any] = {}
    for name, array in arrays.items():
        if "." in name:
            parent, child = name.split(".", 1)
            top.setdefault(parent, {})[child] = array
        else:
            top[name] = array
    columns, names = [], []
    for name, item in top.items():
        if isinstance(item, dict):
            columns.append(pa.StructArray.from_arrays(list(item.values()), names=list(item)))
        else:
            columns.append(item)
        names.append(name)
    table = pa.Table.from_arrays(columns, names=names)
    sink = pa.BufferOutputStream()
    pq.write_table(table, sink, compression="snappy", row_group_size=500)
    return sink.getvalue().to_pybytes()


def _nest(names: list[str], row: list[Any], rng: random.Random, omit_null: float) -> dict[str, Any]:
    record: dict[str, Any] = {}
    for name, value in zip(names, row, strict=True):
        if value is None and rng.random() < omit_null:
            continue
        if isinstance(value, dt.datetime | dt.date):
            value = value.isoformat()
        parts = name.split(".")
        node = record
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = value
    return record


def write_json(spec: FileSpec, data: list[tuple[Tab, list[list[Any]]]], rng: random.Random) -> bytes:
    ((tab, rows),) = data
    names = [col.name for col in tab.cols]
    omit = spec.options.get("omit_null", 0.5)
    records = [_nest(names, row, rng, omit) for row in rows]
    if spec.fmt == "jsonl":
        text = "".join(json.dumps(record, ensure_ascii=False) + "\n" for record in records)
    else:
        text = json.dumps(records, ensure_ascii=False, indent=spec.options.get("indent"))
    return text.encode("utf-8")


def table_labels(spec: FileSpec) -> dict[str, dict[str, dict[str, str | None]]]:
    labels: dict[str, dict[str, dict[str, str | None]]] = {}
    for tab in spec.tables:
        names = [col.name for col in tab.cols]
        if spec.options.get("header", True) is False:
            names = headerless(names)
        table = tab.name
        labels[table] = {
            name: {"category": col.category, "subtype": col.subtype} for name, col in zip(names, tab.cols, strict=True)
        }
    return labels


def build(filename: str) -> tuple[bytes, dict[str, Any], dict[str, Any]]:
    """(file bytes, labels for the file, manifest entry)."""
    seeds = Seeds(filename)
    spec = REGISTRY[filename](seeds)
    assert spec.filename == filename
    headerless_file = spec.options.get("header", True) is False
    data = [(tab, build_rows(tab, seeds.rng, headerless_file)) for tab in spec.tables]
    if spec.fmt == "csv":
        payload = write_csv(spec, data)
    elif spec.fmt == "xlsx":
        payload = write_xlsx(spec, data)
    elif spec.fmt == "parquet":
        payload = write_parquet(spec, data)
    else:
        payload = write_json(spec, data, seeds.rng)
    labels = table_labels(spec)
    manifest = {
        "format": spec.fmt,
        "language": spec.language,
        "description": spec.description,
        "tables": {tab.name: tab.rows for tab in spec.tables},
        **{k: v_ for k, v_ in spec.options.items() if k in {"delimiter", "encoding", "gzip", "header", "null"}},
    }
    return payload, labels, manifest


def generate(out_dir: Path = HERE, only: list[str] | None = None) -> dict[str, Any]:
    """Write files (all, or `only` these) under out_dir/files; labels.json/manifest.json only for a full run."""
    names = sorted(REGISTRY) if only is None else only
    files_dir = out_dir / "files"
    files_dir.mkdir(parents=True, exist_ok=True)
    labels: dict[str, Any] = {}
    manifest: dict[str, Any] = {}
    for name in names:
        payload, file_labels, entry = build(name)
        (files_dir / name).write_bytes(payload)
        labels[name] = file_labels
        manifest[name] = entry
    if only is None:
        for stale in files_dir.iterdir():
            if stale.name not in REGISTRY:
                stale.unlink()
        (out_dir / "labels.json").write_text(json.dumps(labels, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        (out_dir / "manifest.json").write_text(
            json.dumps(manifest, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
        )
    return labels


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=HERE, help="directory to write files/ (and labels) under")
    parser.add_argument("--only", nargs="*", help="generate only these file names (labels.json is not rewritten)")
    args = parser.parse_args(argv)
    labels = generate(args.out, args.only)
    columns = sum(len(cols) for tables in labels.values() for cols in tables.values())
    total = sum((args.out / "files" / name).stat().st_size for name in labels)
    print(f"wrote {len(labels)} files, {columns} labelled columns, {total / 1e6:.2f} MB to {args.out / 'files'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
