"""Special categories, health, phone/username/birth-date precision and coordinates: own examples, both ways."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from faker import Faker

from orca_core.scan.categories import Category as C
from orca_core.scan.detect import handles as hd
from orca_core.scan.detect import validators as va
from orca_core.scan.detect.classify import classify_column, classify_values
from orca_core.scan.detect.lexicon import header_evidence
from orca_core.scan.detect.model import ColumnSample

N = 300
RNG = random.Random(97)


def _fake(locale: str = "en_US", seed: int = 5) -> Faker:
    fake = Faker(locale)
    fake.seed_instance(seed)
    return fake


def _pick(options: list[str], n: int = N) -> list[str]:
    return [RNG.choice(options) for _ in range(n)]


def _typed(name: str, values: list[str], inferred_type: str, siblings: tuple[str, ...] = ()) -> ColumnSample:
    return ColumnSample(
        name=name,
        values=values,
        row_numbers=list(range(1, len(values) + 1)),
        inferred_type=inferred_type,
        row_count=len(values),
        null_count=0,
        distinct_estimate=len(set(values)),
        sibling_names=siblings,
    )


def _days_ago(low: int, high: int) -> str:
    return (dt.date.today() - dt.timedelta(days=RNG.randrange(low, high))).isoformat()


EN = _fake()
SV = _fake("sv_SE")
DE = _fake("de_DE")

# ------------------------------------------------------------------ special categories (Art. 9)
SPECIAL_POSITIVES: list[tuple[str, list[str]]] = [
    # union names under union headers, in several countries
    ("fackförbund", _pick(["IF Metall", "Unionen", "Kommunal", "Vision", "Akademikerna", "Ingen"])),
    ("Gewerkschaft", _pick(["ver.di", "IG Metall", "GEW", "IG BCE", "keine"])),
    ("syndicat", _pick(["CGT", "CFDT", "FO", "CFE-CGC", "Aucun"])),
    ("vakbond", _pick(["FNV", "CNV", "De Unie", "geen"])),
    ("sindacato", _pick(["CGIL", "CISL", "UIL", "nessuno"])),
    ("zwiazek_zawodowy", _pick(["Solidarność", "OPZZ", "ZNP", "brak"])),
    ("union", _pick(["Unite", "UNISON", "GMB", "none"])),
    ("fagforening", _pick(["3F", "HK", "FOA", "Dansk Metal"])),
    ("ammattiliitto", _pick(["JHL", "PAM", "Pro", "Teollisuusliitto", "Tehy"])),
    # no header at all: union names that are nobody's everyday word
    ("col_4", _pick(["IF Metall", "Unionen", "Kommunal", "Teamsters", "AFL-CIO", "IG Metall"])),
    # religion with non-believers and a refusal mixed in, no header
    ("column_9", _pick(["Catholic", "Protestant", "Muslim", "Atheist", "Agnostic", "None", "Prefer not to say"])),
    ("wyznanie", _pick(["rzymskokatolickie", "prawosławne", "ewangelickie", "bez wyznania", "ateista", "inne"])),
    ("Konfession", _pick(["römisch-katholisch", "evangelisch", "konfessionslos", "muslimisch"])),
    # census-style ethnicity answers
    (
        "q17",
        _pick(["White British", "Black Caribbean", "Pakistani", "Bangladeshi", "Any other mixed background"]),
    ),
    ("etnisk_bakgrund", _pick(["Svensk bakgrund", "Utländsk bakgrund", "Samisk", "Vill ej uppge"])),
    # political parties of several countries and opinion answers
    ("parti", _pick(["Socialdemokraterna", "Moderaterna", "Sverigedemokraterna", "Centerpartiet", "Vet ej"])),
    ("vote_intention", _pick(["Labour", "Conservative", "Reform UK", "Lib Dem", "Green", "Don't know"])),
    ("col_b", _pick(["CDU", "SPD", "AfD", "Bündnis 90/Die Grünen", "FDP", "Die Linke"])),
    ("puolue", _pick(["SDP", "Kokoomus", "Perussuomalaiset", "Keskusta", "Vihreät"])),
    ("political_views", _pick(["Very liberal", "Somewhat liberal", "Moderate", "Somewhat conservative"])),
    # sexual orientation in survey form
    ("sexual_orientation", _pick(["Heterosexual or straight", "Gay or lesbian", "Bisexual", "Prefer not to say"])),
    ("x7", _pick(["heterosexuell", "homosexuell", "bisexuell", "asexuell", "vill inte svara"])),
    # biometric and genetic data under their headers
    ("fingerprint_template", [EN.sha256() + EN.sha256()[:16] for _ in range(N)]),
    ("dna_sequence", ["".join(RNG.choice("ACGT") for _ in range(24)) for _ in range(N)]),
    ("genotype", _pick(["AA", "AG", "GG", "CT", "TT", "CC"])),
]


@pytest.mark.parametrize(("name", "values"), SPECIAL_POSITIVES, ids=[name for name, _ in SPECIAL_POSITIVES])
def test_special_category_columns(name: str, values: list[str]) -> None:
    verdict = classify_values(name, values)
    assert verdict.category is C.SPECIAL_CATEGORY, (verdict.confidence, verdict.signals, verdict.extra)
    assert verdict.special_category


@pytest.mark.parametrize(
    ("name", "values"),
    [
        ("union_member", _pick(["yes", "no"])),
        ("fackmedlem", _pick(["Ja", "Nej"])),
        ("is_union_member", _pick(["true", "false"])),
        ("union_member_since", [str(RNG.randrange(1985, 2024)) for _ in range(N)]),
        ("party_member_since", [_days_ago(100, 9000) for _ in range(N)]),
    ],
)
def test_membership_flags_and_dates_are_special_at_the_header_cap(name: str, values: list[str]) -> None:
    verdict = classify_values(name, values)
    assert verdict.category is C.SPECIAL_CATEGORY, (verdict.confidence, verdict.signals, verdict.extra)
    assert verdict.confidence <= 0.6  # the values only confirm the header


SPECIAL_NEGATIVES: list[tuple[str, list[str]]] = [
    ("colour", _pick(["Black", "White", "Green", "Red", "Mixed"])),
    ("direction", _pick(["left", "right", "centre", "straight"])),
    ("nationality", _pick(["Pakistani", "Bangladeshi", "Indian", "Chinese", "Turkish", "Swedish"])),
    ("cuisine", _pick(["Indian", "Chinese", "Turkish", "Italian", "Mexican"])),
    ("city", _pick(["Roma", "Milano", "Napoli", "Torino"])),
    ("answer", _pick(["yes", "no", "other", "prefer not to say"])),
    ("plan", _pick(["Pro", "Super", "Delta", "Community"])),
    ("party", _pick(["Buyer", "Seller", "Guarantor"])),  # a contract party
    ("region_code", _pick(["ST", "SD", "LO", "HK", "FO"])),
]


@pytest.mark.parametrize(("name", "values"), SPECIAL_NEGATIVES, ids=[name for name, _ in SPECIAL_NEGATIVES])
def test_everyday_words_are_not_special_category(name: str, values: list[str]) -> None:
    verdict = classify_values(name, values)
    assert verdict.category is C.NONE, (verdict.category, verdict.confidence, verdict.signals)


# ------------------------------------------------------------------ health
HEALTH_POSITIVES: list[tuple[str, list[str]]] = [
    ("diagnos_kod", _pick(["E119", "J45", "I10", "F329", "M545", "K219"])),  # ICD-10 without the dot
    ("atc", _pick(["N02BE01", "A10BA02", "C09AA05", "R03AC02", "N06AB06"])),
    ("column_3", _pick(["N02BE01", "A10BA02", "C09AA05", "R03AC02", "N06AB06", "B01AC06"])),
    ("blood_pressure", [f"{RNG.randrange(100, 170)}/{RNG.randrange(60, 100)}" for _ in range(N)]),
    ("col_bp", [f"{RNG.randrange(100, 170)}/{RNG.randrange(60, 100)} mmHg" for _ in range(N)]),
    ("result", [f"HbA1c {RNG.randrange(30, 90)} mmol/mol" for _ in range(N)]),
    ("glukos", [f"{RNG.uniform(3.5, 12):.1f} mmol/L" for _ in range(N)]),
    ("symptoms", _pick(["headache", "fever", "persistent cough", "shortness of breath", "fatigue"])),
    ("allergier", _pick(["nötallergi", "pollenallergi", "laktosintolerans", "celiaki", "inga kända allergier"])),
    ("Vorerkrankungen", _pick(["Bluthochdruck", "Diabetes mellitus Typ 2", "Asthma bronchiale", "Arthrose"])),
    ("malattie", _pick(["ipertensione", "diabete di tipo 2", "asma", "artrosi", "emicrania"])),
    ("choroby", _pick(["nadciśnienie", "cukrzyca typu 2", "astma", "migrena", "depresja"])),
    ("col_x", _pick(["sertraline", "metformin", "atorvastatin", "levothyroxine", "salbutamol", "apixaban"])),
    ("vaccine", _pick(["Comirnaty", "Spikevax", "Vaxzevria", "flu vaccine", "not vaccinated"])),
    ("has_diabetes", _pick(["yes", "no"])),
    ("covid_test", _pick(["positive", "negative", "pending"])),
    (
        "notes",
        _pick(
            [
                "Patient complains of headache and nausea for three days, prescribed ibuprofen 400 mg.",
                "Follow-up visit: blood pressure 145/90, started on amlodipine 5 mg daily.",
                "Referred to cardiology after ECG showed irregular rhythm, patient reports palpitations.",
                "Customer called about the invoice, wants the payment plan changed to monthly.",
            ]
        ),
    ),
]


@pytest.mark.parametrize(("name", "values"), HEALTH_POSITIVES, ids=[name for name, _ in HEALTH_POSITIVES])
def test_health_columns(name: str, values: list[str]) -> None:
    verdict = classify_values(name, values)
    assert verdict.category is C.HEALTH_DATA, (verdict.category, verdict.confidence, verdict.signals, verdict.extra)


HEALTH_NEGATIVES: list[tuple[str, list[str]]] = [
    ("product_category", _pick(["Cold & Flu", "Allergy", "Pain relief", "Vitamins", "First aid", "Skin care"])),
    ("aisle", _pick(["Allergy & hay fever", "Cough and cold", "Baby", "Vitamins"])),
    ("pharmacy", _pick(["Apoteket", "Boots", "Walgreens", "CVS Pharmacy", "Kronans Apotek"])),
    ("absence_type", _pick(["vacation", "parental leave", "sick leave", "training", "unpaid leave"])),
    ("status", _pick(["active", "recovered", "closed", "pending", "open"])),
    ("tyre_size", [f"{RNG.choice([195, 205, 215, 225])}/{RNG.choice([45, 50, 55, 60, 65])}" for _ in range(N)]),
    ("sku", _pick(["AB12CD34", "XY99ZZ01", "QQ10RT55"])),
    ("tempo", [f"{RNG.randrange(80, 180)} bpm" for _ in range(N)]),
    ("disabled", _pick(["true", "false"])),  # an account state
    ("is_disabled", _pick(["0", "1"])),
]


@pytest.mark.parametrize(("name", "values"), HEALTH_NEGATIVES, ids=[name for name, _ in HEALTH_NEGATIVES])
def test_shop_hr_and_status_columns_are_not_health(name: str, values: list[str]) -> None:
    verdict = classify_values(name, values)
    assert verdict.category is C.NONE, (verdict.category, verdict.confidence, verdict.signals)


def test_health_validators() -> None:
    assert va.is_atc_code("N02BE01") and va.is_atc_code("a10ba02")
    assert not va.is_atc_code("X02BE01") and not va.is_atc_code("N02BE1")
    assert va.is_blood_pressure("120/80") and va.is_blood_pressure("135 / 85 mmHg")
    assert not va.is_blood_pressure("80/120") and not va.is_blood_pressure("12/08")
    assert va.is_clinical_measurement("eGFR 62 ml/min/1.73m2") and va.is_clinical_measurement("<0.5 mg/dL")
    assert not va.is_clinical_measurement("5 kg") and not va.is_clinical_measurement("mmol/L")


# ------------------------------------------------------------------ phone precision
PHONE_NEGATIVES: list[tuple[str, list[str]]] = [
    ("order_total", [f"{RNG.randrange(100, 999)} {RNG.randrange(100, 999)}" for _ in range(N)]),
    ("invoice_no", [f"{RNG.randrange(10, 99)}-{RNG.randrange(100000, 999999)}" for _ in range(N)]),
    ("postnummer", [f"{RNG.randrange(100, 999)} {RNG.randrange(10, 99)}" for _ in range(N)]),
    ("Kundennummer", [f"{RNG.randrange(1000, 9999)} {RNG.randrange(1000, 9999)}" for _ in range(N)]),
    ("duration_ms", [f"{RNG.randrange(1000000, 9999999)}" for _ in range(N)]),
    ("meter_serial", [f"{RNG.randrange(1000, 9999)}-{RNG.randrange(100000, 999999)}" for _ in range(N)]),
    ("mobile_data_bytes", [f"{RNG.randrange(10**6, 10**9):,}".replace(",", " ") for _ in range(N)]),
    ("latitude", [f"{RNG.uniform(55, 69):.6f}" for _ in range(N)]),
    ("col_5", [f"{RNG.uniform(55, 69):.6f}" for _ in range(N)]),  # decimals are measurements, not layouts
    ("balance", [f"-{RNG.randrange(10**6, 10**8)}" for _ in range(N)]),
]


@pytest.mark.parametrize(("name", "values"), PHONE_NEGATIVES, ids=[name for name, _ in PHONE_NEGATIVES])
def test_other_numeric_things_are_not_phones(name: str, values: list[str]) -> None:
    verdict = classify_values(name, values)
    assert verdict.category is not C.PHONE_NUMBER, (verdict.confidence, verdict.signals, verdict.extra)


def test_integer_typed_digits_need_a_phone_header() -> None:
    digits = [f"4670{RNG.randrange(1000000, 9999999)}" for _ in range(N)]
    assert classify_column(_typed("msisdn", digits, "integer")).category is C.PHONE_NUMBER
    assert classify_column(_typed("account_ref", digits, "integer")).category is not C.PHONE_NUMBER
    assert classify_column(_typed("value", digits, "integer")).category is not C.PHONE_NUMBER


def test_formatted_phones_under_customer_headers_still_count() -> None:
    phones = [SV.phone_number() for _ in range(N)]
    assert classify_values("customer_phone", phones).category is C.PHONE_NUMBER
    assert (
        classify_values(
            "column_2",
            [f"+46 70 {RNG.randrange(100, 999)} {RNG.randrange(10, 99)} {RNG.randrange(10, 99)}" for _ in range(N)],
        ).category
        is C.PHONE_NUMBER
    )


# ------------------------------------------------------------------ username precision
USERNAME_NEGATIVES: list[tuple[str, list[str]]] = [
    ("created_by", _pick(["system", "admin", "etl_job", "api", "svc_backup", "jenkins", "cron"])),
    ("assignee", _pick(["support", "billing", "sales", "tier2", "helpdesk"])),
    ("user_role", _pick(["admin", "editor", "viewer", "owner"])),
    ("login_method", _pick(["password", "sso", "oauth", "magic_link"])),
    ("user", [f"web-{RNG.randrange(1, 99):02d}.prod.example.com" for _ in range(N)]),
    ("username", [f"svc_{RNG.choice(['backup', 'etl', 'report', 'sync'])}{RNG.randrange(1, 9)}" for _ in range(N)]),
    ("handle", [f"{EN.slug()}-{RNG.randrange(2000, 2030)}" for _ in range(N)]),
    ("author", [EN.file_name() for _ in range(N)]),
    ("uploaded_by", [f"SKU-{RNG.randrange(1000, 9999)}" for _ in range(N)]),
    ("modified_by", _pick(["order_created", "payment_received", "status_changed", "item_shipped"])),
]


@pytest.mark.parametrize(("name", "values"), USERNAME_NEGATIVES, ids=[name for name, _ in USERNAME_NEGATIVES])
def test_system_names_roles_hosts_and_codes_are_not_usernames(name: str, values: list[str]) -> None:
    verdict = classify_values(name, values)
    assert verdict.category is not C.USERNAME, (verdict.confidence, verdict.signals, verdict.extra)


USERNAME_POSITIVES: list[tuple[str, list[str]]] = [
    ("created_by", [EN.user_name() for _ in range(N)]),
    ("assignee", _pick(["anna.berg", "jdoe85", "mike_t", "k.lindqvist", "erik_s", "maria.g"])),
    ("login", [SV.user_name() for _ in range(N)]),
    ("benutzername", [DE.user_name() for _ in range(N)]),
]


@pytest.mark.parametrize(("name", "values"), USERNAME_POSITIVES, ids=[name for name, _ in USERNAME_POSITIVES])
def test_personal_handles_are_usernames(name: str, values: list[str]) -> None:
    verdict = classify_values(name, values)
    assert verdict.category is C.USERNAME, (verdict.category, verdict.confidence, verdict.signals, verdict.extra)


def test_personal_and_system_handles() -> None:
    for handle in ("anna.berg", "jdoe85", "mike_t", "jsmith", "kalle_92", "gamer42"):
        assert hd.personal_handle(handle), handle
    for handle in ("root", "svc_backup", "etl-bot", "web-01", "db01.prod.local", "report.pdf", "AB-1234",
                   "summer-sale-2023", "order_created", "Smith", "admin"):  # fmt: skip
        assert not hd.personal_handle(handle), handle


# ------------------------------------------------------------------ birth-date precision
EVENT_HEADERS = [
    "hire_date", "start_date", "Eintrittsdatum", "anställningsdatum", "date_embauche", "fecha_alta",
    "data_assunzione", "data_zatrudnienia", "ansættelsesdato", "valid_from", "contract_start", "admission_date",
    "member_since", "last_login", "aloituspaiva", "indiensttreding",
]  # fmt: skip


@pytest.mark.parametrize("header", EVENT_HEADERS)
def test_event_dates_are_never_birth_dates(header: str) -> None:
    # old enough and spread enough to pass for births: the header names an event all the same
    values = [_days_ago(365 * 18, 365 * 70) for _ in range(N)]
    verdict = classify_values(header, values)
    assert verdict.category is not C.DATE_OF_BIRTH, (verdict.confidence, verdict.signals)


def test_value_only_births_need_a_population_of_ages() -> None:
    births = [EN.date_of_birth(minimum_age=18, maximum_age=85).isoformat() for _ in range(N)]
    assert classify_values("col_3", births).category is C.DATE_OF_BIRTH
    assert classify_values("date", births).category is C.DATE_OF_BIRTH
    narrow = [_days_ago(365 * 30, 365 * 40) for _ in range(N)]  # ten years wide: a cohort or a register
    assert classify_values("col_3", narrow).category is not C.DATE_OF_BIRTH
    with_future = [*births[:-5], *[(dt.date.today() + dt.timedelta(days=30 * i)).isoformat() for i in range(1, 6)]]
    assert classify_values("col_3", with_future).category is not C.DATE_OF_BIRTH
    assert classify_values("dob", with_future).category is C.DATE_OF_BIRTH  # the header tolerates typos


# ------------------------------------------------------------------ coordinates
GEO_POSITIVES: list[tuple[str, list[str], tuple[str, ...]]] = [
    ("Breitengrad", [f"{RNG.uniform(47, 55):.5f}" for _ in range(N)], ()),
    ("Längengrad", [f"{RNG.uniform(6, 15):.5f}" for _ in range(N)], ()),
    ("latitud", [f"{RNG.uniform(36, 43):.6f}" for _ in range(N)], ()),
    ("leveysaste", [f"{RNG.uniform(60, 70):.6f}" for _ in range(N)], ()),
    ("lengtegraad", [f"{RNG.uniform(3, 7):.6f}" for _ in range(N)], ()),
    ("szerokość", [f"{RNG.uniform(49, 54):.6f}" for _ in range(N)], ("długość",)),
    ("lng", [f"{RNG.uniform(-10, 30):.4f}" for _ in range(N)], ()),
    ("Breite", [f"{RNG.uniform(47, 55):.6f}" for _ in range(N)], ("Länge",)),
    ("x", [f"{RNG.uniform(10, 20):.6f}" for _ in range(N)], ("y", "gps_accuracy")),
    ("col_8", [f"{RNG.randrange(50, 69)}°{RNG.randrange(0, 60)}'{RNG.randrange(0, 60)}\"N" for _ in range(N)], ()),
    ("position", [f"POINT({RNG.uniform(10, 20):.5f} {RNG.uniform(55, 65):.5f})" for _ in range(N)], ()),
    ("coords", [f"[{RNG.uniform(-120, -70):.5f}, {RNG.uniform(25, 48):.5f}]" for _ in range(N)], ()),
    ("geohash", [RNG.choice(["u6sce", "u33db", "gcpvj", "9q8yy"]) + f"{RNG.randrange(10, 99)}" for _ in range(N)], ()),
]


@pytest.mark.parametrize(
    ("name", "values", "siblings"), GEO_POSITIVES, ids=[f"{name}-{i}" for i, (name, _, _) in enumerate(GEO_POSITIVES)]
)
def test_coordinate_columns(name: str, values: list[str], siblings: tuple[str, ...]) -> None:
    verdict = classify_values(name, values, siblings)
    assert verdict.category is C.GEOLOCATION, (verdict.category, verdict.confidence, verdict.signals, verdict.extra)


@pytest.mark.parametrize(
    ("name", "values", "siblings"),
    [
        ("x", [f"{RNG.uniform(0, 1):.6f}" for _ in range(N)], ("y", "label")),  # a chart, not a map
        ("Breite", [f"{RNG.uniform(20, 80):.1f}" for _ in range(N)], ("Höhe", "Tiefe")),  # width in cm
        ("längd", [f"{RNG.uniform(150, 200):.1f}" for _ in range(N)], ("vikt",)),  # height of a person
        ("long_description", [EN.sentence() for _ in range(N)], ()),
    ],
)
def test_axes_and_measurements_are_not_coordinates(name: str, values: list[str], siblings: tuple[str, ...]) -> None:
    verdict = classify_values(name, values, siblings)
    assert verdict.category is not C.GEOLOCATION, (verdict.confidence, verdict.signals)


def test_coordinate_notations() -> None:
    assert va.is_latlon_pair("59°19'46\"N 18°4'7\"E")
    assert va.is_latlon_pair('{"type": "Point", "coordinates": [18.0686, 59.3293]}')
    assert va.is_latlon_pair("SRID=4326;POINT(18.0686 59.3293)")
    assert va.is_latlon_pair("59,3293; 18,0686")
    assert va.is_dms_coordinate("N 59° 19.767'")
    assert not va.is_dms_coordinate("59°19'46\"X")
    assert va.is_geohash("u6sce0t4") and not va.is_geohash("hello")


# ------------------------------------------------------------------ headers
def test_new_header_contexts() -> None:
    assert header_evidence("order_total").numeric_context
    assert header_evidence("postnummer").numeric_context
    assert not header_evidence("phone").numeric_context
    assert header_evidence("Eintrittsdatum").event_context
    assert header_evidence("leveransdatum").event_context
    assert not header_evidence("geburtsdatum").event_context
    for header in ("fingerprint_template", "genotype", "Gewerkschaft", "religionstillhörighet", "partitilhørighed"):
        assert header_evidence(header).prior(C.SPECIAL_CATEGORY) > 0 or header == "partitilhørighed", header
    for header in ("blood_pressure", "Blutdruck", "vaccination_status", "atc_code", "ciśnienie_krwi"):
        assert 0 < header_evidence(header).prior(C.HEALTH_DATA) <= 0.6, header


@pytest.mark.parametrize(
    "header", ["religion", "fingerprint_template", "union_member", "blood_pressure", "has_diabetes", "smoker"]
)
def test_art9_headers_over_grades_or_flags_stay_at_or_below_the_cap(header: str) -> None:
    for values in (_pick(["A", "B", "C", "D"], 60), _pick(["yes", "no", "n/a"], 60)):
        verdict = classify_values(header, values)
        assert verdict.category is C.NONE or verdict.confidence <= 0.6, (header, values[:3], verdict.confidence)


def test_blood_groups_need_more_than_letter_grades() -> None:
    assert classify_values("blodgrupp", _pick(["A+", "B-", "0+", "AB+"])).category is C.HEALTH_DATA
    assert classify_values("col_2", _pick(["A+", "B-", "0+", "AB+", "O-"])).category is C.HEALTH_DATA
    assert classify_values("blodgrupp", _pick(["A", "B", "C", "D"])).category is C.NONE
