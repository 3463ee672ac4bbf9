"""One detector per personal-data category: each reads a column's working sample and reports raw evidence.

A detector never decides the column. It returns a `Candidate`: how many sampled values it checked, how many
matched its rule, how specific that rule is (`strength`), how often values of the same *shape* that are not
of the category would still match (`chance`, e.g. ~9% of random 9-digit numbers pass the BSN 11-proof) and
the header prior. `classify` turns candidates into a calibrated confidence and picks one category.

Detectors work on distinct values with their counts, so each expensive check (phonenumbers, schwifty,
python-stdnum) runs once per distinct value, and only on values that passed a cheap compiled-regex shape test.
"""

from __future__ import annotations

import datetime as dt
import math
import random
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import pairwise
from statistics import median, pstdev

from orca_core.scan.categories import Category, NationalIdSubtype
from orca_core.scan.detect import gazetteers as gz
from orca_core.scan.detect import handles as hd
from orca_core.scan.detect import validators as va
from orca_core.scan.detect.lexicon import (
    LANGUAGE_REGIONS,
    NUMERIC_CONTEXT,
    SUBTYPE_LANGUAGE,
    HeaderEvidence,
    fold,
    tokenize,
)
from orca_core.scan.detect.model import Signal

_DIGITS = "0123456789"
WORKING_SAMPLE = 2000  # values any detector may look at
DEFAULT_REGIONS = ("US", "GB", "DE", "FR", "SE", "NL", "ES", "DK", "NO", "FI", "IT", "PL")


@lru_cache(maxsize=64)
def _shuffled_positions(count: int) -> tuple[int, ...]:
    """`random.Random(count).shuffle` of `count` items as positions. A shuffle depends on the list's length
    only, so every column shuffles its subsample of that size alike: drawn once, not once per column."""
    positions = list(range(count))
    random.Random(count).shuffle(positions)
    return tuple(positions)


@dataclass
class ColumnContext:
    """Everything detectors share about one column; built once by `classify`."""

    name: str
    header: HeaderEvidence
    values: list[str]  # evenly spaced working sample of the column sample
    rows: list[int]
    inferred_type: str
    languages: Counter[str]
    row_count: int = 0
    sibling_headers: tuple[HeaderEvidence, ...] = ()
    sibling_names: tuple[str, ...] = ()  # the table's other column names (coordinate pairs, context)
    _subsamples: dict[int, Counter[str]] = field(default_factory=dict)
    _cache: dict[str, object] = field(default_factory=dict)

    def counts(self, budget: int = WORKING_SAMPLE) -> Counter[str]:
        """Distinct values with counts of an evenly spaced subsample of at most `budget` values."""
        budget = min(budget, len(self.values))
        if budget not in self._subsamples:
            step = len(self.values) / budget if budget else 1
            # A fixed shuffle: any prefix is spread over the whole column, so detectors may stop early
            # without looking only at the first rows of a sorted table.
            picked = [self.values[int(i * step)] for i in _shuffled_positions(budget)]
            self._subsamples[budget] = Counter(picked)
        return self._subsamples[budget]

    @property
    def charset(self) -> frozenset[str]:
        """Every character occurring in the working sample: lets detectors skip columns at no cost."""
        if "charset" not in self._cache:
            self._cache["charset"] = frozenset("".join(self.counts()))
        return self._cache["charset"]  # type: ignore[return-value]

    def has_any(self, characters: str) -> bool:
        return not self.charset.isdisjoint(characters)

    @property
    def regions(self) -> tuple[str, ...]:
        """Phone regions to try, most likely first: the table's languages, then the default EU+US set."""
        ordered: list[str] = []
        for language, _votes in self.languages.most_common():
            for region in LANGUAGE_REGIONS.get(language, ()):
                if region not in ordered:
                    ordered.append(region)
        for region in DEFAULT_REGIONS:
            if region not in ordered:
                ordered.append(region)
        return tuple(ordered)


@dataclass
class Candidate:
    """Raw evidence for one category (see classify for how it becomes a confidence)."""

    category: Category
    checked: int = 0
    matched: int = 0
    strength: float = 0.0  # confidence the values alone give when every checked value matches
    chance: float = 0.0  # share of same-shaped non-category values that would match anyway
    full_share: float = 0.9  # chance-corrected share at which the value evidence counts in full
    header: float = 0.0
    requires_header: bool = False  # values alone may not decide (shape-only categories)
    contradicted: bool = False  # values plainly are not of this category: the header prior is discounted
    signals: list[Signal] = field(default_factory=list)
    subtype: str | None = None
    derived: dict[str, bool] = field(default_factory=dict)
    matched_values: list[str] = field(default_factory=list)
    override_confidence: float | None = None  # a delegated assessment (passwords) already calibrated

    @property
    def share(self) -> float:
        return self.matched / self.checked if self.checked else 0.0


_CHECKPOINT = 400
_Z_STOP = 2.576  # stop only when a 99% interval is on one side of the decision


def decided(matched: int, checked: int, chance: float = 0.0) -> bool:
    """Whether more values could still change the verdict for this category.

    Stops when the chance-corrected share is surely below 0.2 (not this category) or surely above 0.95.
    """
    if checked < _CHECKPOINT:
        return False
    share = matched / checked
    margin = _Z_STOP * math.sqrt(max(share * (1 - share), 0.25 / checked) / checked)
    upper = (min(1.0, share + margin) - chance) / (1 - chance)
    lower = (max(0.0, share - margin) - chance) / (1 - chance)
    return upper < 0.2 or lower > 0.95 or matched == checked or matched == 0


def _tally(
    counts: Counter[str], predicate: Callable[[str], bool], examples: int = 5, chance: float | None = None
) -> tuple[int, int, list[str]]:
    """(checked, matched, first matching distinct values) weighting each distinct value by its count.

    With `chance` set (an expensive predicate), stops at a checkpoint once the share is decisive.
    """
    checked = matched = 0
    next_checkpoint = _CHECKPOINT
    found: list[str] = []
    for value, count in counts.items():
        checked += count
        if predicate(value):
            matched += count
            if len(found) < examples:
                found.append(value)
        if chance is not None and checked >= next_checkpoint:
            if decided(matched, checked, chance):
                break
            next_checkpoint += _CHECKPOINT
    return checked, matched, found


def _candidate(ctx: ColumnContext, category: Category, **kwargs: object) -> Candidate:
    candidate = Candidate(category=category, header=ctx.header.prior(category), **kwargs)  # type: ignore[arg-type]
    if candidate.header:
        phrase = ctx.header.phrases.get(category, "")
        candidate.signals.append(Signal(f"header:{phrase}", candidate.header))
    return candidate


def _finish(
    candidate: Candidate,
    rule: str,
    checked: int,
    matched: int,
    found: list[str],
    contradiction_below: float = 0.1,
) -> Candidate:
    candidate.checked, candidate.matched, candidate.matched_values = checked, matched, found
    if matched:
        candidate.signals.append(Signal(f"values:{rule}", round(matched / checked, 4)))
    if checked >= 10 and matched / checked < contradiction_below:
        candidate.contradicted = True
    return candidate


_INTEGER = re.compile(r"^-?\d+$")


def looks_like_sequential_ids(ctx: ColumnContext) -> bool:
    """An auto-increment key: all integers, all distinct, densely filling their range."""
    counts = ctx.counts()
    if len(counts) < 20 or any(count > 1 for count in counts.values()):
        return False
    if not all(_INTEGER.match(value) for value in counts):
        return False
    numbers = sorted(int(value) for value in counts)
    span = numbers[-1] - numbers[0] + 1
    # A key counts up: the distinct values fill a range about as wide as the table is long (gaps from deleted
    # rows allowed). Fixed-width identifiers (SSN, phone numbers, cards) spread far wider than the row count.
    rows = max(ctx.row_count, sum(counts.values()))
    return span <= 3 * rows


# ---------------------------------------------------------------- contact points
def detect_email(ctx: ColumnContext) -> Candidate:
    candidate = _candidate(ctx, Category.EMAIL_ADDRESS, strength=0.97, chance=0.0, full_share=0.8)
    if not ctx.has_any("@"):
        return _finish(candidate, "email_syntax", sum(ctx.counts().values()), 0, [])
    checked, matched, found = _tally(ctx.counts(), va.is_email)
    return _finish(candidate, "email_syntax", checked, matched, found)


_PHONE_BUDGET = 400


def _numeric_head_after_phone(header: HeaderEvidence) -> bool:
    """'mobile_data_bytes', 'phone_bill_amount': a numeric head word follows the phone word, so the column
    is a quantity *about* phones ('order_phone', 'customer_phone' keep the phone as the head)."""
    phrase = header.phrases.get(Category.PHONE_NUMBER, "").split()
    tokens = list(header.tokens)
    if not phrase or phrase[-1] not in tokens:
        return False
    after = tokens[len(tokens) - tokens[::-1].index(phrase[-1]) :]
    grams = set(after) | {f"{a} {b}" for a, b in pairwise(after)}
    return bool(grams & NUMERIC_CONTEXT)


def detect_phone(ctx: ColumnContext) -> Candidate:
    prior = ctx.header.prior(Category.PHONE_NUMBER)
    header = prior > 0
    candidate = _candidate(ctx, Category.PHONE_NUMBER, strength=0.9, chance=0.3, full_share=0.8)
    if (ctx.header.negative_context and not header) or not ctx.has_any(_DIGITS):
        return _finish(candidate, "phonenumbers", sum(ctx.counts(_PHONE_BUDGET).values()), 0, [])
    if ctx.header.numeric_context and (prior < 0.6 or _numeric_head_after_phone(ctx.header)):
        # "order_total", "zip", "duration_ms", "mobile_bytes": the header names another numeric thing
        candidate.signals.append(Signal("header:other_numeric_thing", 0.0))
        return _finish(candidate, "phonenumbers", sum(ctx.counts(_PHONE_BUDGET).values()), 0, [])
    if not header and ctx.inferred_type in {"integer", "float", "date", "datetime", "boolean"}:
        # A typed numeric column (Parquet int64, plain digit strings) has no '+', no leading zero and no
        # layout left: with no phone header nothing in it says phone rather than key, count or amount.
        return _finish(candidate, "phonenumbers", sum(ctx.counts(_PHONE_BUDGET).values()), 0, [])
    regions = list(ctx.regions)
    region_hits: Counter[str] = Counter()
    checked = matched = 0
    found: list[str] = []
    counts = ctx.counts(_PHONE_BUDGET)
    next_checkpoint = 50
    for value, count in counts.items():
        if checked >= next_checkpoint:
            # phonenumbers is the most expensive check here: stop as soon as the share is clear
            if matched / checked < 0.2 or (checked >= 200 and matched / checked > 0.95):
                break
            next_checkpoint += 50
        checked += count
        if not va.phone_shape(value):
            continue
        formatted = va.phone_is_formatted(value)
        if not formatted and not header:
            continue  # a bare digit string is only a phone number when the header says so
        # Regions that already matched first; at most five tries per value keeps the cost bounded once
        # some region has matched. Until then every candidate region is tried: a headerless Dutch or Polish
        # column must not depend on its region being among the first five defaults.
        ordered = sorted(regions, key=lambda region: -region_hits[region])
        if region_hits:
            ordered = ordered[:5]
        region = va.phone_region(value, ordered)
        if region is None:
            continue
        region_hits[region] += 1
        matched += count
        if len(found) < 5:
            found.append(value)
    if region_hits:
        top = ",".join(region for region, _ in region_hits.most_common(3))
        candidate.signals.append(Signal(f"values:regions:{top}", 0.0))
    return _finish(candidate, "phonenumbers", checked, matched, found)


# ---------------------------------------------------------------- financial
def detect_credit_card(ctx: ColumnContext) -> Candidate:
    candidate = _candidate(ctx, Category.CREDIT_CARD, strength=0.95, chance=0.05)
    if not ctx.has_any(_DIGITS):
        return _finish(candidate, "luhn_iin", sum(ctx.counts().values()), 0, [])
    checked, matched, found = _tally(ctx.counts(), va.is_credit_card, chance=candidate.chance)
    return _finish(candidate, "luhn_iin", checked, matched, found)


def detect_iban(ctx: ColumnContext) -> Candidate:
    candidate = _candidate(ctx, Category.IBAN, strength=0.97, chance=0.011)
    if not ctx.has_any(_DIGITS):
        return _finish(candidate, "iban_mod97", sum(ctx.counts(600).values()), 0, [])
    checked, matched, found = _tally(ctx.counts(600), va.is_iban, chance=candidate.chance)
    return _finish(candidate, "iban_mod97", checked, matched, found)


_NATIONAL_ACCOUNT_CHANCE = 0.02  # a checksum on a fixed national layout (PL NRB mod-97, NO 4.2.5 MOD11)


def detect_bank_account(ctx: ColumnContext) -> Candidate:
    candidate = _candidate(ctx, Category.BANK_ACCOUNT, strength=0.8, chance=0.3, requires_header=True)
    if ctx.has_any(_DIGITS):
        # Domestic formats that carry their own check digits need no header, like IBANs.
        checked, matched, found = _tally(
            ctx.counts(), lambda value: va.national_account(value) is not None, chance=_NATIONAL_ACCOUNT_CHANCE
        )
        if matched and matched / checked >= 0.5:
            candidate.requires_header = False
            candidate.strength, candidate.chance = 0.92, _NATIONAL_ACCOUNT_CHANCE
            return _finish(candidate, "national_account_checksum", checked, matched, found)
    if not candidate.header:
        return candidate
    checked, matched, found = _tally(ctx.counts(), lambda value: va.bank_account_shape(value) is not None)
    return _finish(candidate, "account_shape", checked, matched, found)


# ---------------------------------------------------------------- identifiers
_SUBTYPE_CHANCE: dict[NationalIdSubtype, float] = {
    # share of random same-length digit strings (or same-shape codes) that would pass the full validation
    NationalIdSubtype.US_SSN: 0.89,
    NationalIdSubtype.NL_BSN: 0.09,
    NationalIdSubtype.SE_PERSONNUMMER: 0.005,
    NationalIdSubtype.DK_CPR: 0.04,
    NationalIdSubtype.NO_FNR: 0.005,
    NationalIdSubtype.PL_PESEL: 0.02,
    NationalIdSubtype.DE_STEUER_ID: 0.04,
    NationalIdSubtype.FR_NIR: 0.01,
    NationalIdSubtype.FI_HETU: 0.03,
    NationalIdSubtype.ES_DNI: 0.04,
    NationalIdSubtype.IT_CODICE_FISCALE: 0.04,
    NationalIdSubtype.UK_NINO: 0.05,
}
_SSN_DASHED = re.compile(r"^\d{3}-\d{2}-\d{4}$")


def detect_national_id(ctx: ColumnContext) -> Candidate:
    candidate = _candidate(ctx, Category.NATIONAL_ID, strength=0.95)
    counts = ctx.counts()
    if not ctx.has_any(_DIGITS):
        return _finish(candidate, "national_id", sum(counts.values()), 0, [])
    per_subtype: Counter[NationalIdSubtype] = Counter()
    examples: dict[NationalIdSubtype, list[str]] = {}
    checked = dashed = 0
    next_checkpoint = _CHECKPOINT
    for value, count in counts.items():
        if checked >= next_checkpoint:
            leader = max(per_subtype, key=lambda subtype: per_subtype[subtype], default=None)
            if leader is None or decided(per_subtype[leader], checked, _SUBTYPE_CHANCE[leader]):
                break
            next_checkpoint += _CHECKPOINT
        checked += count
        if _SSN_DASHED.match(value.strip()):
            dashed += count
        for subtype in va.national_id_matches(value):
            per_subtype[subtype] += count
            examples.setdefault(subtype, [])
            if len(examples[subtype]) < 5:
                examples[subtype].append(value)
    if not per_subtype:
        return _finish(candidate, "national_id", checked, 0, [])

    def chance_of(subtype: NationalIdSubtype) -> float:
        if subtype is NationalIdSubtype.US_SSN and dashed / max(checked, 1) >= 0.8:
            return 0.3  # the ddd-dd-dddd layout itself is evidence
        return _SUBTYPE_CHANCE[subtype]

    def score(subtype: NationalIdSubtype) -> tuple[float, float, float]:
        share = per_subtype[subtype] / checked
        chance = chance_of(subtype)
        corrected = max(0.0, (share - chance) / (1 - chance))
        hinted = 1.0 if ctx.header.subtype_hint is subtype else 0.0
        language = ctx.languages.get(SUBTYPE_LANGUAGE[subtype], 0)
        return (round(corrected, 2), hinted, language)

    best = max(per_subtype, key=score)
    candidate.subtype = best.value
    candidate.chance = chance_of(best)
    candidate.derived = dict(va.NATIONAL_ID_DERIVED.get(best, {}))
    if best is NationalIdSubtype.DK_CPR:
        candidate.strength = 0.85  # date plausibility only, no checksum since 2007
    if best is NationalIdSubtype.US_SSN:
        candidate.strength = 0.9
        if ctx.header.negative_context and candidate.chance > 0.5:
            candidate.strength = 0.45  # undashed 9 digits under an order/reference header: likely a key
    others = [s.value for s in per_subtype if s is not best and per_subtype[s] / checked >= 0.5]
    if others:
        candidate.signals.append(Signal(f"values:also_valid_as:{','.join(sorted(others))}", 0.0))
    if ctx.header.subtype_hint is best:
        candidate.signals.append(Signal(f"header:subtype:{best.value}", 0.0))
    return _finish(candidate, f"checksum:{best.value}", checked, per_subtype[best], examples[best])


def detect_passport(ctx: ColumnContext) -> Candidate:
    candidate = _candidate(ctx, Category.PASSPORT_NUMBER, strength=0.8, chance=0.3, requires_header=True)
    if not candidate.header:
        return candidate
    checked, matched, found = _tally(ctx.counts(), va.passport_shape)
    return _finish(candidate, "passport_shape", checked, matched, found)


def detect_vehicle(ctx: ColumnContext) -> Candidate:
    candidate = _candidate(ctx, Category.VEHICLE_REGISTRATION, strength=0.8, chance=0.2, requires_header=True)
    if not candidate.header:
        return candidate
    if candidate.header >= 0.45:
        checked, matched, found = _tally(ctx.counts(), va.plate_shape)
        return _finish(candidate, "plate_shape", checked, matched, found)
    # A weak header ("vehicle", "car") may name a model or a fleet id: only documented national formats count.
    candidate.chance = 0.05
    checked, matched, found = _tally(ctx.counts(), lambda value: va.plate_kind(value) == "specific")
    return _finish(candidate, "national_plate_format", checked, matched, found)


_ENUM_DISTINCT = 12  # at most this many distinct values, each repeated: an enumeration, not a user list


def detect_username(ctx: ColumnContext) -> Candidate:
    candidate = _candidate(ctx, Category.USERNAME, strength=0.8, chance=0.3, requires_header=True)
    if not candidate.header:
        return candidate
    counts = ctx.counts()
    distinct = len(counts)
    total = sum(counts.values())
    if distinct <= _ENUM_DISTINCT and total >= 4 * distinct:
        # A handful of repeated values: roles, statuses, methods ("admin/editor/viewer", "sso/password").
        # Only a small team of named people ("anna.berg", "jdoe85") keeps the column a user list.
        personal = sum(hd.personal_handle(value) for value in counts)
        if personal * 2 < distinct:
            candidate.signals.append(Signal("values:enumeration", 0.0))
            return _finish(candidate, "handle_enumeration", total, 0, [])
    if candidate.header >= 0.45:
        # A login header: any handle counts, except what systems name (service accounts, hosts, files, codes).
        checked, matched, found = _tally(
            counts, lambda value: va.handle_shape(value) and not hd.non_personal_handle(value)
        )
        return _finish(candidate, "handle_shape", checked, matched, found)
    # A weak header ("author", "agent", "created_by", "user") may hold names, roles or system names: only
    # values that read as a person's handle count.
    checked, matched, found = _tally(counts, hd.personal_handle)
    return _finish(candidate, "personal_handle", checked, matched, found)


# ---------------------------------------------------------------- network and location
def detect_ip(ctx: ColumnContext) -> Candidate:
    candidate = _candidate(ctx, Category.IP_ADDRESS, strength=0.92, chance=0.02)
    if (ctx.header.negative_context and "version" in ctx.header.tokens) or not ctx.has_any(".:"):
        return _finish(candidate, "ipaddress", sum(ctx.counts().values()), 0, [])
    # ipaddress parsing is the costliest check here: stop once the share is decided either way
    checked, matched, found = _tally(ctx.counts(), va.is_ip_address, chance=candidate.chance)
    return _finish(candidate, "ipaddress", checked, matched, found)


def detect_mac(ctx: ColumnContext) -> Candidate:
    header = ctx.header.prior(Category.MAC_ADDRESS) > 0
    candidate = _candidate(ctx, Category.MAC_ADDRESS, strength=0.93, chance=0.0)
    if not header and not ctx.has_any(":-."):
        return _finish(candidate, "mac_syntax", sum(ctx.counts().values()), 0, [])
    checked, matched, found = _tally(ctx.counts(), lambda value: va.is_mac_address(value, allow_bare=header))
    return _finish(candidate, "mac_syntax", checked, matched, found)


_LAT_TOKENS = frozenset(
    {"lat", "latitude", "latitud", "latitudine", "breddgrad", "breitengrad", "breedtegraad", "breddegrad",
     "leveysaste", "breite", "bredde", "breedte", "leveys", "szerokosc", "northing", "y"}
)  # fmt: skip
_LON_TOKENS = frozenset(
    {"lon", "lng", "long", "longitude", "longitud", "longitudine", "langdgrad", "langengrad", "laengengrad",
     "lengtegraad", "lengdegrad", "laengdegrad", "pituusaste", "lange", "langd", "lengte", "laengde", "lengde",
     "pituus", "dlugosc", "easting", "x"}
)  # fmt: skip
# Words in the table's other column names (or its name) that make x/y and breite/länge coordinates.
_COORDINATE_CONTEXT = frozenset(
    {"coord", "coords", "coordinate", "coordinates", "gps", "geo", "geom", "geometry", "location", "position",
     "map", "wgs84", "epsg", "srid", "crs", "point", "koordinater", "koordinaten", "coordonnees", "coordinaten",
     "coordenadas", "koordinaatit", "wspolrzedne", "standort", "sijainti", "posizione",
     "ubicacion", "locatie", "lokalizacja", "altitude", "elevation", "hohe", "accuracy", "heading", "bearing"}
    | _LAT_TOKENS - {"y"} | _LON_TOKENS - {"x"}
)  # fmt: skip
_PLANE_AXES = {"x": "y", "y": "x"}


def _coordinate_context(ctx: ColumnContext) -> tuple[bool, bool]:
    """(a sibling column names the partner axis, the table talks about coordinates at all)."""
    tokens = set(ctx.header.tokens)
    own_lat, own_lon = bool(tokens & _LAT_TOKENS), bool(tokens & _LON_TOKENS)
    partner = context = False
    for name in ctx.sibling_names:
        sibling = set(tokenize(name))
        if (own_lat and sibling & _LON_TOKENS) or (own_lon and sibling & _LAT_TOKENS):
            partner = True
        if sibling & _COORDINATE_CONTEXT:
            context = True
    return partner, context


def detect_geolocation(ctx: ColumnContext) -> Candidate:
    candidate = _candidate(ctx, Category.GEOLOCATION, strength=0.88, chance=0.02)
    counts = ctx.counts()
    if not ctx.has_any(_DIGITS):
        return _finish(candidate, "latlon_pair", sum(counts.values()), 0, [])
    checked, matched, found = _tally(counts, va.is_latlon_pair)
    if matched or ctx.has_any("°º"):
        if not matched or matched / checked < 0.5:
            # One degrees-minutes-seconds coordinate per cell: the notation itself says geography.
            single = _tally(counts, va.is_dms_coordinate)
            if single[1] > matched:
                return _finish(candidate, "dms_coordinate", *single)
        return _finish(candidate, "latlon_pair", checked, matched, found)
    tokens = set(ctx.header.tokens)
    if {"geohash", "geohashes"} & tokens or ctx.header.phrases.get(Category.GEOLOCATION) == "geo hash":
        candidate.chance, candidate.strength = 0.05, 0.85
        return _finish(candidate, "geohash_with_header", *_tally(counts, va.is_geohash))
    partner, context = _coordinate_context(ctx)
    axes = tokens & set(_PLANE_AXES)
    if not candidate.header and axes and len(tokens) <= 2 and context:
        # "x"/"y" beside "lat"/"gps"/"location" columns: coordinates, judged by their values below
        candidate.header = 0.3
        candidate.signals.append(Signal("header:axis_with_coordinate_context", 0.3))
    if not candidate.header:
        return _finish(candidate, "latlon_pair", checked, matched, found)
    # A single coordinate per column only counts with a latitude/longitude header. Weak words (Breite =
    # width, längd = length, x) need coordinate-like precision unless the partner column is there too.
    limit = 90.0 if tokens & _LAT_TOKENS and not tokens & _LON_TOKENS else 180.0
    precise = 2 if candidate.header >= 0.45 or partner else 4

    def coordinate(value: str) -> bool:
        decimals = va.coordinate_decimals(value)
        return decimals is not None and decimals >= precise and abs(float(value.replace(",", "."))) <= limit

    checked, matched, found = _tally(counts, coordinate)
    if not matched:
        dms = _tally(counts, va.is_dms_coordinate)
        if dms[1]:
            checked, matched, found = dms
    candidate.chance, candidate.strength = 0.2, 0.85
    if partner:
        candidate.signals.append(Signal("header:coordinate_partner_column", 0.0))
    return _finish(candidate, "coordinate_with_header", checked, matched, found)


# ---------------------------------------------------------------- people
# Lower-case words that sit inside names: nobiliary particles and honorifics ("pani Anna Nowak", "Dr. Weber").
_NAME_PARTICLES = frozenset(
    {"van", "von", "de", "der", "den", "la", "le", "del", "da", "di", "du", "af", "bin", "al", "ten", "ter", "zu"}
)
_HONORIFICS = frozenset(
    {"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "herr", "frau", "mme", "mlle", "sr", "sra", "srta",
     "don", "dona", "pan", "pani", "inz", "mgr", "dott", "sig", "ing", "hr", "fru", "fr"}
)  # fmt: skip
_NAME_SPLIT = re.compile(r"[\s,]+")


@lru_cache(maxsize=65536)
def _name_word(token: str) -> bool:
    """A capitalised word of letters (any script's accented letters: Ł, ż, ő, ş), or a particle/honorific."""
    core = token[:-1] if token.endswith(".") else token
    if not core:
        return False
    folded = fold(core)
    if folded in _HONORIFICS or (core == folded and core in _NAME_PARTICLES):
        return True
    return core[0].isupper() and core[0].isalpha() and all(ch.isalpha() or ch in "'’-" for ch in core[1:])


def _name_tokens(value: str) -> list[str] | None:
    tokens = [token for token in _NAME_SPLIT.split(value.strip()) if token]
    if not 1 <= len(tokens) <= 5 or len(value) > 60:
        return None
    if value.isupper() and len(value) > 3:
        tokens = [token.capitalize() for token in tokens]
    if not all(_name_word(token) for token in tokens):
        return None
    return tokens


def detect_person_name(ctx: ColumnContext) -> Candidate:
    candidate = _candidate(ctx, Category.PERSON_NAME, strength=0.85, chance=0.05, full_share=0.75)
    header = candidate.header > 0
    first, last, places = gz.first_names(), gz.last_names(), gz.places()

    def name_like(value: str) -> bool:
        tokens = _name_tokens(value)
        if tokens is None:
            return False
        folded = [fold(token.strip(".'’-")) for token in tokens]
        folded = [token for token in folded if token not in _HONORIFICS] or folded
        if len(folded) > 1 and any(token in gz.COMPANY_MARKERS for token in folded):
            return False
        if any(token.endswith(gz.ORGANISATION_HEADS) for token in folded):
            return False  # "Techniker Krankenkasse", "Sparkasse", "Deutsche Bank": institutions
        known = [token for token in folded if (token in first or token in last) and token not in gz.COMMON_WORDS]
        if len(folded) == 1:
            # One word: a listed name that is not also a place ("Paris", "Florence" are both).
            return bool(known) and (folded[0] not in places or header)
        # Several words: every capitalised word shaped like a name and at least one listed.
        return bool(known)

    def shaped(value: str) -> bool:
        return _name_tokens(value) is not None

    counts = ctx.counts()
    checked, matched, found = _tally(counts, name_like, chance=candidate.chance)
    if header and matched / max(checked, 1) >= 0.3:
        # The header says names and enough are listed: unlisted but name-shaped values count too.
        checked, matched, found = _tally(counts, shaped, chance=candidate.chance)
        candidate.signals.append(Signal("values:name_shape_with_header", 0.0))
        candidate.strength = 0.85
        return _finish(candidate, "name_gazetteer_or_shape", checked, matched, found)
    if len(counts) < 5 and not header:
        candidate.strength = 0.5  # a handful of repeated words is an enumeration more often than people
    if ctx.header.non_person_name and not header:
        candidate.strength = 0.4  # "company_name", "product name": surnames in firm names are not people
    return _finish(candidate, "name_gazetteer", checked, matched, found)


_HOUSE_NUMBER = re.compile(r"^\d{1,5}[A-Za-z]?(?:[-/]\d{1,4}[A-Za-z]?)?,?$")
_ADDRESS_WORDS = re.compile(r"[A-Za-zÀ-ÿ]+\.?|\d+[A-Za-z]?")


_STREET_SUFFIX = re.compile(r"^\w{3,}(?:" + "|".join(re.escape(s) for s in gz.STREET_SUFFIXES) + r")$")


@lru_cache(maxsize=65536)
def _street_word(word: str) -> bool:
    folded = fold(word).rstrip(",")
    bare = folded.rstrip(".")
    return bare in gz.STREET_WORDS or bool(_STREET_SUFFIX.match(folded))


def street_address_like(value: str) -> tuple[bool, bool]:
    """(has a street word, has a house number next to words) for one value."""
    if len(value) > 120 or "@" in value:
        return False, False
    words = value.replace(",", " ").split()
    if not 2 <= len(words) <= 14:
        return (len(words) == 1 and _street_word(words[0])), False
    has_street = any(_street_word(word) for word in words if not word[0].isdigit())
    has_number = any(_HOUSE_NUMBER.match(word) for word in words)
    alpha_words = sum(word[0].isalpha() for word in words)
    return has_street, has_street and has_number and alpha_words >= 1


_NAME_AND_NUMBER = re.compile(r"^[^\W\d_][\w'’.-]*(?: [^\W\d_][\w'’.-]*){0,4},? \d{1,5}[A-Za-z]?(?:[-/]\d{1,4})?$")


def detect_street_address(ctx: ColumnContext) -> Candidate:
    candidate = _candidate(ctx, Category.STREET_ADDRESS, strength=0.88, chance=0.02, full_share=0.8)
    header = candidate.header > 0

    def address(value: str) -> bool:
        has_street, full = street_address_like(value)
        # Under an address header, "Bakkemarka 2" (name + house number, no street word) counts too.
        return full or (header and (has_street or bool(_NAME_AND_NUMBER.match(value.strip()))))

    checked, matched, found = _tally(ctx.counts(), address, chance=candidate.chance)
    return _finish(candidate, "street_word_and_number", checked, matched, found)


_VALUE_ONLY_RANGE = 30.0  # years between the 5th and 95th percentile ages: births spread over generations


def _percentile(ordered: Sequence[float], share: float) -> float:
    return ordered[min(len(ordered) - 1, max(0, int(share * (len(ordered) - 1))))]


def detect_date_of_birth(ctx: ColumnContext) -> Candidate:
    candidate = _candidate(ctx, Category.DATE_OF_BIRTH, strength=0.7, chance=0.05, full_share=0.9)
    header = candidate.header > 0
    if not header and ctx.header.event_context:
        # "hire_date", "Eintrittsdatum", "admission", "valid_from": when something happened to a record
        candidate.signals.append(Signal("header:event_date", 0.0))
        return _finish(candidate, "birth_date", sum(ctx.counts().values()), 0, [])
    today = dt.date.today()
    counts = ctx.counts()
    ages: list[float] = []
    checked = matched = timed = future = 0
    found: list[str] = []
    for value, count in counts.items():
        checked += count
        parsed = va.parse_date(value)
        if parsed is None:
            if header and value.isdigit() and len(value) == 4 and today.year - 120 <= int(value) <= today.year:
                ages.extend([float(today.year - int(value))] * count)  # a birth year
                matched += count
                if len(found) < 5:
                    found.append(value)
            continue
        born, has_time = parsed
        if has_time:
            timed += count
        age = (today - born).days / 365.25
        if age < 0:
            future += count
        if 0 <= age <= 120 and not has_time:
            matched += count
            ages.extend([age] * count)
            if len(found) < 5:
                found.append(value)
    if checked and timed / checked > 0.2:
        candidate.signals.append(Signal("values:has_time_of_day", 0.0))
        return _finish(candidate, "birth_date", checked, 0, [])
    if not header and (future or timed):
        # Value-only evidence must be clean: nobody is born in the future or at a time of day.
        candidate.signals.append(Signal("values:future_or_timed_dates", 0.0))
        return _finish(candidate, "birth_date", checked, 0, [])
    if len(ages) >= 5:
        ordered = sorted(ages)
        spread, middle = pstdev(ages), median(ages)
        width = _percentile(ordered, 0.95) - _percentile(ordered, 0.05)
        births = spread >= 8 and 12 <= middle <= 85  # spread over decades, a human median age
        if not header:
            # No birth header: only a population's worth of ages counts (adults of several generations).
            births = births and width >= _VALUE_ONLY_RANGE and 18 <= middle <= 75
        if births:
            candidate.signals.append(Signal(f"values:age_spread:{spread:.0f}y,median:{middle:.0f}y", 0.0))
        elif not header or middle < 1:
            # Order, shipping and created dates cluster in recent years: these are not births.
            candidate.signals.append(Signal(f"values:recent_dates:median_age:{middle:.1f}y", 0.0))
            return _finish(candidate, "birth_date", checked, 0, [])
        else:
            candidate.strength = 0.5
    elif not header:
        return _finish(candidate, "birth_date", checked, 0, [])
    return _finish(candidate, "birth_date", checked, matched, found)


def detect_gender(ctx: ColumnContext) -> Candidate:
    candidate = _candidate(ctx, Category.GENDER, strength=0.9, chance=0.02)
    header = candidate.header > 0
    counts = ctx.counts()
    if len(counts) > 60 and not header:
        return candidate  # a gender column is a handful of distinct values
    normalised = {value: gz.folded_phrase(value) for value in counts}
    vocabulary = gz.GENDER_FEMALE | gz.GENDER_MALE | gz.GENDER_OTHER
    distinct = set(normalised.values())
    has_female = bool(distinct & gz.GENDER_FEMALE)
    has_male = bool(distinct & gz.GENDER_MALE)
    low_cardinality = len(distinct) <= 12

    def gender(value: str) -> bool:
        word = normalised[value]
        if word in gz.GENDER_CODES:
            return header
        return word in vocabulary

    checked, matched, found = _tally(counts, gender)
    if not low_cardinality or not ((has_female and has_male) or header):
        return _finish(candidate, "gender_vocabulary", checked, 0 if not header else matched, found)
    if all(len(word) <= 1 for word in distinct):
        candidate.strength = 0.75  # m/f alone could be other codes
    return _finish(candidate, "gender_vocabulary", checked, matched, found)


# ---------------------------------------------------------------- Art. 9 data
_LONG_TEXT = 40

# Answers of a yes/no (or tested positive/negative) column: under an Art. 9 header ("has_diabetes",
# "union_member", "covid_test") the header carries the meaning and the flag is the personal data.
_FLAG_WORDS: frozenset[str] = frozenset(
    {"yes", "no", "true", "false", "y", "n", "1", "0", "t", "f", "x", "ja", "nej", "nein", "oui", "non", "si",
     "sim", "nao", "kylla", "ei", "tak", "nie", "nee", "jo", "positive", "negative", "pos", "neg", "detected",
     "not detected", "pending", "positiv", "negativ", "positief", "negatief", "positivo", "negativo",
     "positif", "negatif", "positiivinen", "negatiivinen", "pozytywny", "negatywny", "member", "non member",
     "not a member", "medlem", "ej medlem", "inte medlem", "mitglied", "kein mitglied", "nicht mitglied",
     "adherent", "non adherent", "lid", "geen lid", "miembro", "afiliado", "no afiliado", "jasen",
     "ei jasen", "iscritto", "non iscritto", "czlonek", "nie czlonek", "unknown", "n a", "na", "none"}
)  # fmt: skip
_FLAG_DISTINCT = 6
# Health header words that are also software states: "disabled: true" is an account, not a disability.
_STATE_WORDS: frozenset[str | None] = frozenset({"disabled", "health", "drug", "therapy", "dose", "injury"})

# Header words of shop and catalogue columns: "Cold & Flu", "Allergy", "Pain relief" there are aisles.
_PRODUCT_CONTEXT: frozenset[str] = frozenset(
    {"product", "products", "category", "categories", "department", "aisle", "shelf", "sku", "item", "items",
     "catalog", "catalogue", "brand", "store", "shop", "merchant", "vendor", "supplier", "genre", "tag", "tags",
     "keyword", "keywords", "produkt", "produkte", "kategori", "kategorie", "categorie", "categoria",
     "kategoria", "tuote", "tuoteryhma", "varugrupp", "varukategori", "warengruppe", "artikel", "article",
     "articolo", "artikkel", "artykul", "producto", "prodotto", "produit", "rayon", "segment", "menu", "course",
     "book", "title", "topic", "subject", "campaign"}
)  # fmt: skip


def _flag_column(ctx: ColumnContext, counts: Counter[str]) -> tuple[int, int, list[str]] | None:
    """(checked, matched, found) when the column is a handful of yes/no-like answers, else None."""
    normalised = {value: gz.folded_phrase(value) for value in counts}
    if len(set(normalised.values())) > _FLAG_DISTINCT:
        return None
    checked, matched, found = _tally(counts, lambda value: normalised[value] in _FLAG_WORDS)
    return (checked, matched, found) if matched and matched / checked >= 0.8 else None


def _membership_dates(counts: Counter[str]) -> tuple[int, int, list[str]]:
    """Dates or years a membership began ("member since"): under a union/party/church header."""
    this_year = dt.date.today().year

    def since(value: str) -> bool:
        text = value.strip()
        if text.isdigit() and len(text) == 4:
            return 1900 <= int(text) <= this_year
        return va.parse_date(text) is not None

    return _tally(counts, since)


def detect_health(ctx: ColumnContext) -> Candidate:
    candidate = _candidate(ctx, Category.HEALTH_DATA, strength=0.85, chance=0.01, full_share=0.5)
    header = candidate.header > 0
    counts = ctx.counts(600)
    flag_header = candidate.header >= 0.45 and ctx.header.phrases.get(Category.HEALTH_DATA) not in _STATE_WORDS
    if flag_header and (flags := _flag_column(ctx, counts)) is not None:
        candidate.strength = 0.0  # the flag confirms the header without adding evidence: header-only cap
        return _finish(candidate, "flag_with_header", *flags)
    free_text = sum(len(value) > _LONG_TEXT for value in counts) > len(counts) / 2
    distinct_blood = {value.strip().upper() for value in counts if va.is_blood_type(value)}
    if not any(len(group) > 1 or group in {"O", "0"} for group in distinct_blood):
        distinct_blood = set()  # "A", "B" without AB, O or a rhesus sign are grades or variants

    def health(value: str) -> bool:
        if va.is_icd10_dotted(value) or va.is_atc_code(value) or (header and va.is_icd10(value)):
            return True
        # one blood-type-shaped value alone ("0", "A", "B") is a flag or a grade, not a blood group
        if value.strip().upper() in distinct_blood and len(distinct_blood) >= (2 if header else 4):
            return True
        if va.is_blood_pressure(value) and (header or va.has_blood_pressure_unit(value)):
            return True
        if va.is_clinical_measurement(value) or (header and va.is_dose_or_vital(value)):
            return True
        words = gz.folded_words(value)
        if not words or len(words) > 200:
            return False
        if gz.phrases_in(words, gz.HEALTH_TERMS):
            return True
        return free_text and len(set(words) & gz.CLINICAL_WORDS) >= 2

    checked, matched, found = _tally(counts, health, chance=None if free_text else candidate.chance)
    if free_text:
        candidate.full_share = 0.25  # a notes column with a quarter clinical notes holds health data
        candidate.signals.append(Signal("values:free_text", 0.0))
    if not header and set(ctx.header.tokens) & _PRODUCT_CONTEXT:
        # A shop's categories or a catalogue's titles name conditions without being about anybody's health.
        candidate.signals.append(Signal("header:product_context", 0.0))
        matched, found = 0, []
    return _finish(candidate, "health_terms", checked, matched, found)


# Header words of biometric and genetic columns: their values are templates, sequences and genotypes.
_BIOMETRIC_TOKENS: frozenset[str] = frozenset(
    {"biometric", "biometrics", "fingerprint", "fingerprints", "faceprint", "iris", "retina", "voiceprint",
     "palmprint", "dna", "genotype", "genome", "genomic", "genetic", "snp", "brca", "face", "facial", "palm",
     "voice", "fingeravtryck", "fingerabdruck", "fingerabdrucke", "empreinte", "empreintes", "vingerafdruk",
     "vingerafdrukken", "huella", "huellas", "fingeraftryk", "fingeravtrykk", "sormenjalki", "impronta",
     "impronte", "odcisk", "odciski", "biometri", "biometrie", "biometria", "biometrisk", "biometrisch",
     "biometrique", "biometrico", "biometrinen", "biometryczne", "genetisk", "genetisch", "genetique",
     "genetico", "geneettinen", "genetyczny", "genetyczne", "genotyp", "genotipo", "genotyyppi", "adn",
     "erbgut"}
)  # fmt: skip
_DNA = re.compile(r"^[ACGTN]{8,}$", re.IGNORECASE)
_GENOTYPE = re.compile(r"^(?:rs\d{2,12}\s*[:=\s]\s*)?(?:[ACGT]{2}|[ACGT]\s*/\s*[ACGT])$|^rs\d{2,12}$", re.IGNORECASE)
_TEMPLATE_BLOB = re.compile(r"^(?:0x)?[0-9a-fA-F]{32,}$|^[A-Za-z0-9+/_-]{24,}={0,2}$")


def _biometric_value(value: str) -> bool:
    """A DNA sequence, a genotype call, or an opaque template (hex or base64) as biometric systems store."""
    text = value.strip()
    if _DNA.match(text) or _GENOTYPE.match(text) or _TEMPLATE_BLOB.match(text):
        return True
    words = gz.folded_words(text)
    return bool(words) and words[0] in {"positive", "negative", "carrier", "heterozygous", "homozygous"}


_SPECIAL_TERMS: frozenset[str] = frozenset().union(*gz.SPECIAL_VOCABULARIES)  # one lookup, not one per vocabulary


def detect_special_category(ctx: ColumnContext) -> Candidate:
    candidate = _candidate(ctx, Category.SPECIAL_CATEGORY, strength=0.85, chance=0.02, full_share=0.8)
    header = candidate.header > 0
    counts = ctx.counts()
    tokens = set(ctx.header.tokens)
    if header and tokens & _BIOMETRIC_TOKENS:
        candidate.strength = 0.8
        return _finish(candidate, "biometric_or_genetic_value", *_tally(counts, _biometric_value))
    phrases = {value: gz.folded_phrase(value) if len(value) <= 60 else "" for value in counts}
    listed = {phrase for phrase in phrases.values() if phrase in _SPECIAL_TERMS}
    unambiguous = listed - gz.AMBIGUOUS_SPECIAL
    # A survey column: a special header, or two distinct unmistakable answers ("Buddhist", "Hindu"). Then the
    # everyday words beside them ("White", "Left", "LO") and the neutral answers ("prefer not to say") count.
    survey = header or len(unambiguous) >= 2
    if not header and tokens & _NATIONALITY_CONTEXT:
        survey, unambiguous = False, set()  # "nationality: Pakistani / Indian / Turkish" is not ethnic origin

    def special(value: str) -> bool:
        phrase = phrases[value]
        if not phrase:
            return False
        if phrase in unambiguous:
            return True
        if phrase in listed or phrase in gz.NEUTRAL_ANSWERS:
            return survey and bool(listed)
        return False

    checked, matched, found = _tally(counts, special, chance=candidate.chance)
    if not survey:
        matched, found = 0, []  # "black/white" alone is a colour column
    if header and candidate.header >= 0.45 and not listed:
        # union_member: yes/no; member_since: dates. The header carries the meaning, values are a flag.
        # Neither adds evidence of its own (strength 0): the verdict stays at the header-only cap.
        flags = _flag_column(ctx, counts)
        if flags is not None:
            candidate.strength = 0.0
            return _finish(candidate, "flag_with_header", *flags)
        if tokens & _SINCE_TOKENS:
            candidate.strength = 0.0
            return _finish(candidate, "membership_date_with_header", *_membership_dates(counts))
    return _finish(candidate, "art9_vocabulary", checked, matched, found)


_SINCE_TOKENS: frozenset[str] = frozenset(
    {"since", "date", "joined", "join", "from", "start", "year", "seit", "sedan", "depuis", "desde", "sinds",
     "siden", "alkaen", "dal", "od", "datum", "dato", "fecha", "data", "paivamaara", "ar", "jahr", "annee",
     "jaar", "ano", "anno", "vuosi", "rok", "entry", "eintritt", "intrade", "medlem", "member",
     "membership", "mitglied", "lid", "jasen", "iscritto", "czlonek"}
)  # fmt: skip
_NATIONALITY_CONTEXT: frozenset[str] = frozenset(
    {"nationality", "citizenship", "country", "nation", "land", "pays", "pais", "nationalitat",
     "staatsangehorigkeit", "medborgarskap", "nationalitet", "statsborgerskab", "statsborgerskap",
     "kansalaisuus", "nazionalita", "cittadinanza", "obywatelstwo", "nacionalidad", "nationalite",
     "nationaliteit", "language", "languages", "sprache", "sprak", "langue", "idioma", "lingua", "kieli",
     "jezyk", "taal", "sprog", "cuisine", "kitchen", "food", "dish", "restaurant"}
)  # fmt: skip


PASSWORD_SAMPLE = 500  # passwords.MAX_VALUES: the assessment looks at no more than this


def detect_password(ctx: ColumnContext, raw_values: Sequence[str]) -> Candidate:
    candidate = _candidate(ctx, Category.PASSWORD)
    try:
        from orca_core.scan.passwords import assess_password_column
    except ImportError:  # the password module is another engineer's; absent means no evidence
        return candidate
    assessment = assess_password_column(ctx.name, list(raw_values))
    candidate.checked = min(len(raw_values), PASSWORD_SAMPLE)
    candidate.matched = round(float(assessment.plaintext_share) * candidate.checked)
    candidate.signals.append(Signal(f"password:{assessment.reason}", float(assessment.confidence)))
    confidence = float(assessment.confidence) if assessment.is_raw_password else 0.0
    if not assessment.header_hit:
        # Without a password header the assessment judges character mix only; values that a structural
        # validator accepts (IPv6, IBAN, codes) must win over "looks random".
        confidence = min(confidence, _PASSWORD_NO_HEADER_CAP)
    candidate.override_confidence = confidence
    return candidate


_PASSWORD_NO_HEADER_CAP = 0.75


ALL_DETECTORS: tuple[Callable[[ColumnContext], Candidate], ...] = (
    detect_email,
    detect_phone,
    detect_credit_card,
    detect_iban,
    detect_bank_account,
    detect_national_id,
    detect_passport,
    detect_vehicle,
    detect_username,
    detect_ip,
    detect_mac,
    detect_geolocation,
    detect_person_name,
    detect_street_address,
    detect_date_of_birth,
    detect_gender,
    detect_health,
    detect_special_category,
)

# Categories whose value evidence is a digit string: an auto-increment key column is never one of them.
NUMERIC_ID_CATEGORIES = frozenset(
    {
        Category.NATIONAL_ID,
        Category.CREDIT_CARD,
        Category.PHONE_NUMBER,
        Category.BANK_ACCOUNT,
        Category.PASSPORT_NUMBER,
    }
)

__all__ = [
    "ALL_DETECTORS",
    "NUMERIC_ID_CATEGORIES",
    "Candidate",
    "ColumnContext",
    "detect_password",
    "looks_like_sequential_ids",
]
