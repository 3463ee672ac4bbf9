"""Pure value validators: one raw cell string in, a yes/no (or a small parsed fact) out.

No column context and no state here: the detectors decide what a share of validated values means. Cheap
compiled-regex shape checks come first in every validator so that the expensive parts (phonenumbers,
schwifty, stdnum) only see plausible candidates.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import re
from collections.abc import Callable, Iterable
from functools import lru_cache

import phonenumbers
from schwifty import IBAN
from stdnum import luhn
from stdnum.de import idnr as de_idnr
from stdnum.dk import cpr as dk_cpr
from stdnum.es import dni as es_dni
from stdnum.es import nie as es_nie
from stdnum.fi import hetu as fi_hetu
from stdnum.fr import nir as fr_nir
from stdnum.it import codicefiscale as it_cf
from stdnum.nl import bsn as nl_bsn
from stdnum.no import fodselsnummer as no_fnr
from stdnum.no import kontonr as no_kontonr
from stdnum.pl import pesel as pl_pesel
from stdnum.us import rtn as us_rtn
from stdnum.us import ssn as us_ssn

from orca_core.scan.categories import NationalIdSubtype

# ---------------------------------------------------------------- email
_EMAIL = re.compile(
    r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
    r"@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+([A-Za-z]{2,24}|xn--[a-z0-9-]{2,59})$"
)
# Asset file names such as "logo@2x.png" have the shape of an address but a file extension for a TLD.
_FILE_EXTENSIONS = frozenset(
    {
        "png",
        "jpg",
        "jpeg",
        "gif",
        "svg",
        "webp",
        "bmp",
        "ico",
        "css",
        "js",
        "json",
        "html",
        "htm",
        "txt",
        "csv",
        "pdf",
        "xml",
        "zip",
        "gz",
        "tar",
        "mp3",
        "mp4",
        "mov",
        "avi",
        "doc",
        "docx",
        "xls",
        "xlsx",
        "ppt",
        "log",
        "py",
        "java",
        "exe",
        "dll",
        "tiff",
        "tif",
        "heic",
    }
)

FILE_EXTENSIONS = _FILE_EXTENSIONS | frozenset({"yaml", "yml", "md", "sql", "sh", "bin", "dat", "bak", "tmp", "ini"})


def is_email(value: str) -> bool:
    value = value.strip()
    if len(value) > 254 or "@" not in value:
        return False
    match = _EMAIL.match(value)
    if match is None:
        return False
    local = value.rsplit("@", 1)[0]
    return len(local) <= 64 and match.group(1).lower() not in _FILE_EXTENSIONS


# ---------------------------------------------------------------- cards
_CARD_SHAPE = re.compile(r"^\d(?:[ -]?\d){11,18}$")

# (prefix ranges as (low, high) on the leading digits, allowed lengths), after ISO/IEC 7812 issuer tables.
_CARD_BRANDS: tuple[tuple[str, tuple[tuple[int, int], ...], tuple[int, ...]], ...] = (
    ("visa", ((4, 4),), (13, 16, 19)),
    ("mastercard", ((51, 55), (2221, 2720)), (16,)),
    ("amex", ((34, 34), (37, 37)), (15,)),
    ("discover", ((6011, 6011), (644, 649), (65, 65), (622126, 622925)), (16, 19)),
    ("jcb", ((3500, 3599),), (16, 17, 18, 19)),  # issued 3528-3589; test generators use all of 35
    ("jcb15", ((1800, 1800), (2131, 2131)), (15,)),
    ("diners", ((300, 305), (36, 36), (38, 39)), (14, 16, 19)),
    ("unionpay", ((62, 62),), (16, 17, 18, 19)),
    (
        "maestro",
        ((50, 50), (56, 58), (6304, 6304), (6390, 6390), (6759, 6759), (6761, 6763), (604, 604)),
        (12, 13, 14, 15, 16, 17, 18, 19),
    ),
    ("mir", ((2200, 2204),), (16, 17, 18, 19)),
)


def card_brand(digits: str) -> str | None:
    """The issuer brand whose IIN range and length fit `digits` (digits only), or None."""
    for brand, ranges, lengths in _CARD_BRANDS:
        if len(digits) not in lengths:
            continue
        for low, high in ranges:
            width = len(str(low))
            if low <= int(digits[:width]) <= high:
                return brand
    return None


def is_credit_card(value: str) -> bool:
    value = value.strip()
    if not _CARD_SHAPE.match(value):
        return False
    digits = value.replace(" ", "").replace("-", "")
    if len(set(digits)) == 1:  # 0000 0000 0000 0000-style fillers
        return False
    return card_brand(digits) is not None and luhn_ok(digits)


_LUHN_DOUBLED = (0, 2, 4, 6, 8, 1, 3, 5, 7, 9)


def luhn_ok(digits: str) -> bool:
    """ISO/IEC 7812 Luhn check on a digit string (a tight loop: stdnum's generic version is 20x slower)."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        digit = ord(char) - 48
        total += _LUHN_DOUBLED[digit] if position % 2 else digit
    return total % 10 == 0


# ---------------------------------------------------------------- IBAN
_IBAN_SHAPE = re.compile(r"^[A-Za-z]{2}\d{2}(?:[ -]?[A-Za-z0-9]){10,32}$")


def is_iban(value: str) -> bool:
    """ISO 13616: country length and mod-97 check digits (via schwifty)."""
    value = value.strip()
    if not _IBAN_SHAPE.match(value):
        return False
    try:
        IBAN(value.replace("-", " "))
    except ValueError:
        return False
    return True


# ---------------------------------------------------------------- network
_IPV4_SHAPE = re.compile(r"^\d{1,3}(?:\.\d{1,3}){3}(?:/\d{1,2})?$")
_IPV6_SHAPE = re.compile(r"^[0-9A-Fa-f:.]{2,45}(?:%\w+)?(?:/\d{1,3})?$")


def is_ip_address(value: str) -> bool:
    value = value.strip()
    if not (_IPV4_SHAPE.match(value) or (":" in value and _IPV6_SHAPE.match(value))):
        return False
    try:
        ipaddress.ip_interface(value)
    except ValueError:
        return False
    return True


_MAC = re.compile(
    r"^(?:[0-9A-Fa-f]{2}([:-])[0-9A-Fa-f]{2}(?:\1[0-9A-Fa-f]{2}){4}|[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4})$"
)
_MAC_BARE = re.compile(r"^[0-9A-Fa-f]{12}$")


def is_mac_address(value: str, *, allow_bare: bool = False) -> bool:
    """Colon, dash or Cisco dot notation; twelve bare hex digits only when the caller has a header for it."""
    value = value.strip()
    return bool(_MAC.match(value) or (allow_bare and _MAC_BARE.match(value)))


# ---------------------------------------------------------------- geolocation
_LATLON_PAIR = re.compile(
    r"^\s*[\(\[]?\s*(-?\d{1,3}(?:\.\d+)?)\s*°?\s*[NS]?\s*[,; ]"
    r"\s*(-?\d{1,3}(?:\.\d+)?)\s*°?\s*[EWO]?\s*[\)\]]?\s*$"
)
_WKT_POINT = re.compile(r"^\s*POINT\s*\(\s*(-?\d{1,3}(?:\.\d+)?)\s+(-?\d{1,3}(?:\.\d+)?)\s*\)\s*$", re.IGNORECASE)
_DECIMAL = re.compile(r"^[-+]?\d{1,3}[.,](\d+)$")


_DMS = re.compile(
    r"(\d{1,3})\s*[°º]\s*(?:(\d{1,2}(?:[.,]\d+)?)\s*['′’]\s*(?:(\d{1,2}(?:[.,]\d+)?)\s*(?:\"|″|''|”)\s*)?)?([NSEWO])",
    re.IGNORECASE,
)
_DMS_PREFIXED = re.compile(
    r"([NSEWO])\s*(\d{1,3})\s*[°º]\s*(?:(\d{1,2}(?:[.,]\d+)?)\s*['′’]\s*(?:(\d{1,2}(?:[.,]\d+)?)\s*(?:\"|″|''|”)\s*)?)?",
    re.IGNORECASE,
)
_GEOJSON_POINT = re.compile(r'"coordinates"\s*:\s*\[\s*(-?\d{1,3}\.\d+)\s*,\s*(-?\d{1,3}\.\d+)')
_EWKT_PREFIX = re.compile(r"^\s*SRID=\d+;", re.IGNORECASE)
_WKT_POINT_Z = re.compile(
    r"^\s*POINT\s*Z?M?\s*\(\s*(-?\d{1,3}(?:\.\d+)?)\s+(-?\d{1,3}(?:\.\d+)?)(?:\s+-?\d+(?:\.\d+)?){0,2}\s*\)\s*$",
    re.IGNORECASE,
)
_COMMA_DECIMAL_PAIR = re.compile(r"^\s*[\(\[]?\s*(-?\d{1,3},\d+)\s*;\s*(-?\d{1,3},\d+)\s*[\)\]]?\s*$")
_GEOHASH = re.compile(r"^[0-9bcdefghjkmnpqrstuvwxyz]{5,12}$")


def is_latlon_pair(value: str) -> bool:
    """A point: '59.3293, 18.0686', '(59.33; 18.06)', GeoJSON-ish '[-122.42, 37.77]' (lon, lat), WKT/EWKT
    'POINT(18.06 59.33)', a GeoJSON Point object, '59,3293; 18,0686' or two DMS coordinates, with decimals."""
    match = _LATLON_PAIR.match(value)
    if match is not None:
        first, second = match.group(1), match.group(2)
        if "." not in first or "." not in second:
            return False
        a, b = abs(float(first)), abs(float(second))
        # lat, lon as people write it; [lon, lat] as a GeoJSON position array
        return (a <= 90 and b <= 180) or (value.lstrip().startswith("[") and a <= 180 and b <= 90)
    if "," in value and ";" in value and (match := _COMMA_DECIMAL_PAIR.match(value)) is not None:
        a, b = (abs(float(group.replace(",", "."))) for group in match.groups())
        return (a <= 90 and b <= 180) or (a <= 180 and b <= 90)
    text = _EWKT_PREFIX.sub("", value) if "=" in value else value
    match = _WKT_POINT_Z.match(text)
    if match is not None:
        return abs(float(match.group(1))) <= 180 and abs(float(match.group(2))) <= 90
    if "coordinates" in value and (match := _GEOJSON_POINT.search(value)) is not None:
        return abs(float(match.group(1))) <= 180 and abs(float(match.group(2))) <= 90
    if "°" in value or "º" in value:
        return len(dms_coordinates(value)) == 2
    return False


def dms_coordinates(value: str) -> list[float]:
    """Signed decimal degrees of each degrees-minutes-seconds coordinate in `value` ('59°19'46"N 18°4'7"E')."""
    found: list[float] = []
    prefixed = value.strip()[:1].upper() in {"N", "S", "E", "W", "O"}
    matches = list((_DMS_PREFIXED if prefixed else _DMS).finditer(value))
    for match in matches:
        if match.re is _DMS:
            degrees, minutes, seconds, hemisphere = match.group(1), match.group(2), match.group(3), match.group(4)
        else:
            hemisphere, degrees, minutes, seconds = match.group(1), match.group(2), match.group(3), match.group(4)
        total = int(degrees) + float((minutes or "0").replace(",", ".")) / 60
        total += float((seconds or "0").replace(",", ".")) / 3600
        limit = 90 if hemisphere.upper() in "NS" else 180
        if total > limit or float((minutes or "0").replace(",", ".")) >= 60:
            return []
        found.append(-total if hemisphere.upper() in "SW" else total)
    return found


def is_dms_coordinate(value: str) -> bool:
    """One degrees-minutes(-seconds) coordinate with a hemisphere letter: '59°19'46"N', 'E 18° 4.12''."""
    return ("°" in value or "º" in value) and len(value) <= 40 and len(dms_coordinates(value)) == 1


def is_geohash(value: str) -> bool:
    """A geohash cell (base-32 without a, i, l, o) of 5-12 characters mixing letters and digits."""
    value = value.strip().lower()
    return bool(_GEOHASH.match(value)) and any(ch.isdigit() for ch in value) and any(ch.isalpha() for ch in value)


def coordinate_decimals(value: str) -> int | None:
    """Number of decimals of a single signed decimal coordinate ('59.3293' or '59,3293'), else None."""
    match = _DECIMAL.match(value.strip())
    return len(match.group(1)) if match else None


# ---------------------------------------------------------------- phone
_PHONE_SHAPE = re.compile(r"^(?:\+|00|\()?[\d\s().\-/]{6,22}(?:\s*(?:x|ext\.?|#)\s*\d{1,6})?$", re.IGNORECASE)
_DATE_LIKE = re.compile(r"^(?:\d{4}[-./]\d{1,2}[-./]\d{1,2}|\d{1,2}[-./]\d{1,2}[-./]\d{2,4})$")
# A decimal amount (one separator, 1-2 decimals) or a number with thousands separators and optional decimals.
_AMOUNT = re.compile(r"^[-+]?(?:\d+[.,]\d{1,2}|\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d{1,3}(?:\.\d{3})+,\d{1,2})$")
_PLAIN_DECIMAL = re.compile(r"^-\d+(?:\.\d+)?$|^\d+\.\d+$")
_PHONE_FORMATTED = re.compile(r"^\s*(?:\+|00\d)|[\s().\-/]")


def phone_shape(value: str) -> bool:
    value = value.strip()
    if not _PHONE_SHAPE.match(value):
        return False
    if _DATE_LIKE.match(value) or _IPV4_SHAPE.match(value):
        return False  # 1985-03-02, 02.03.1985 and 10.0.0.1 carry phone-ish punctuation
    if _AMOUNT.match(value):
        return False  # 48250.75, 1,250,000 and 1.250,50 are amounts: no phone layout ends in cents
    if _PLAIN_DECIMAL.match(value):
        return False  # 59.329323, 1699999999.123, -1234567: a measurement or a signed number, not a layout
    digits = sum(ch.isdigit() for ch in value)
    return 7 <= digits <= 15


def phone_is_formatted(value: str) -> bool:
    """True when the value carries phone formatting ('+', '00' prefix, spaces, dashes, brackets, dots)."""
    return bool(_PHONE_FORMATTED.search(value.strip()))


def phone_region(value: str, regions: Iterable[str]) -> str | None:
    """The first region (or '+' for an international number) in which `value` is a valid phone number."""
    value = value.strip()
    if not phone_shape(value):
        return None
    international = value.startswith("+") or value.startswith("00")
    candidates: Iterable[str | None] = [None] if value.startswith("+") else regions
    if value.startswith("00"):
        value = "+" + value[2:]
        candidates = [None]
    for region in candidates:
        try:
            number = phonenumbers.parse(value, region)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(number):
            if international:
                found = phonenumbers.region_code_for_number(number)
                return found or "+"
            return region
    return None


# ---------------------------------------------------------------- national identifiers
_SE_PNR = re.compile(r"^(\d{2})?(\d{2})(\d{2})(\d{2})([-+]?)(\d{3})(\d)$")


def is_se_personnummer(value: str) -> bool:
    """Swedish personnummer or samordningsnummer (day + 60); 10 or 12 digits, '-' or '+' (age 100+)."""
    compact = value.strip().replace(" ", "")
    match = _SE_PNR.match(compact)
    if match is None:
        return False
    century, yy, mm, dd, sign, serial, check = match.groups()
    day = int(dd)
    if day > 60:
        day -= 60
    today = dt.date.today()
    if century is not None:
        if sign == "+":
            return False
        year = int(century + yy)
    else:
        year = (today.year // 100) * 100 + int(yy)
        if year > today.year:
            year -= 100
        if sign == "+":
            year -= 100
    try:
        born = dt.date(year, int(mm), day)
    except ValueError:
        return False
    if born > today:
        return False
    return luhn.is_valid(yy + mm + dd + serial + check)


_NINO = re.compile(r"^([A-Z])([A-Z])\s?(\d{2})\s?(\d{2})\s?(\d{2})\s?([A-D])$")
_NINO_FORBIDDEN_PREFIXES = frozenset({"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"})


def is_uk_nino(value: str) -> bool:
    """UK National Insurance number (python-stdnum has none): prefix letter rules and suffix A-D."""
    match = _NINO.match(value.strip().upper())
    if match is None:
        return False
    first, second = match.group(1), match.group(2)
    if first in "DFIQUV" or second in "DFIQUVO":
        return False
    return first + second not in _NINO_FORBIDDEN_PREFIXES


_FI_HETU = re.compile(r"^(\d{2})(\d{2})(\d{2})([-+ABCDEFUVWXY])(\d{3})([0-9A-Y])$")
_FI_CHECK = "0123456789ABCDEFHJKLMNPRSTUVWXY"
_FI_CENTURY = {
    "+": 1800,
    "-": 1900,
    "U": 1900,
    "V": 1900,
    "W": 1900,
    "X": 1900,
    "Y": 1900,
    "A": 2000,
    "B": 2000,
    "C": 2000,
    "D": 2000,
    "E": 2000,
    "F": 2000,
}


def is_fi_hetu(value: str) -> bool:
    """Finnish henkilötunnus, including the 2023 century signs (B-F, U-Y) python-stdnum may not know."""
    value = value.strip().upper()
    if fi_hetu.is_valid(value):
        return True
    match = _FI_HETU.match(value)
    if match is None:
        return False
    dd, mm, yy, sign, serial, check = match.groups()
    try:
        dt.date(_FI_CENTURY[sign] + int(yy), int(mm), int(dd))
    except ValueError:
        return False
    if int(serial) < 2:  # 002-899 ordinary, 900-999 temporary
        return False
    return _FI_CHECK[int(dd + mm + yy + serial) % 31] == check


def is_dk_cpr(value: str) -> bool:
    compact = value.strip().replace("-", "").replace(" ", "")
    return len(compact) == 10 and dk_cpr.is_valid(compact)


def is_es_dni(value: str) -> bool:
    """Spanish DNI (8 digits + control letter) or NIE (X/Y/Z + 7 digits + letter)."""
    value = value.strip().upper().replace("-", "").replace(" ", "")
    return es_dni.is_valid(value) or es_nie.is_valid(value)


def is_us_ssn(value: str) -> bool:
    compact = value.strip().replace("-", "").replace(" ", "")
    return len(compact) == 9 and us_ssn.is_valid(compact)


def is_nl_bsn(value: str) -> bool:
    compact = value.strip().replace(".", "").replace(" ", "").replace("-", "")
    return len(compact) == 9 and compact.isdigit() and compact != "000000000" and nl_bsn.is_valid(compact)


def is_fr_nir(value: str) -> bool:
    compact = value.strip().replace(" ", "").replace(".", "").upper()
    return len(compact) == 15 and compact[0] in "12378" and fr_nir.is_valid(compact)


def is_de_steuer_id(value: str) -> bool:
    compact = value.strip().replace(" ", "").replace("/", "")
    return len(compact) == 11 and de_idnr.is_valid(compact)


def is_it_codice_fiscale(value: str) -> bool:
    compact = value.strip().replace(" ", "").upper()
    return len(compact) == 16 and it_cf.is_valid(compact)


def is_pl_pesel(value: str) -> bool:
    compact = value.strip().replace(" ", "")
    return len(compact) == 11 and pl_pesel.is_valid(compact)


def is_no_fnr(value: str) -> bool:
    compact = value.strip().replace(" ", "")
    return len(compact) == 11 and no_fnr.is_valid(compact)


NATIONAL_ID_VALIDATORS: dict[NationalIdSubtype, Callable[[str], bool]] = {
    NationalIdSubtype.US_SSN: is_us_ssn,
    NationalIdSubtype.SE_PERSONNUMMER: is_se_personnummer,
    NationalIdSubtype.UK_NINO: is_uk_nino,
    NationalIdSubtype.DK_CPR: is_dk_cpr,
    NationalIdSubtype.FI_HETU: is_fi_hetu,
    NationalIdSubtype.NO_FNR: is_no_fnr,
    NationalIdSubtype.NL_BSN: is_nl_bsn,
    NationalIdSubtype.ES_DNI: is_es_dni,
    NationalIdSubtype.FR_NIR: is_fr_nir,
    NationalIdSubtype.DE_STEUER_ID: is_de_steuer_id,
    NationalIdSubtype.IT_CODICE_FISCALE: is_it_codice_fiscale,
    NationalIdSubtype.PL_PESEL: is_pl_pesel,
}

# What each number encodes about its holder.
NATIONAL_ID_DERIVED: dict[NationalIdSubtype, dict[str, bool]] = {
    NationalIdSubtype.SE_PERSONNUMMER: {"birth_date": True, "sex": True},
    NationalIdSubtype.DK_CPR: {"birth_date": True, "sex": True},
    NationalIdSubtype.FI_HETU: {"birth_date": True, "sex": True},
    NationalIdSubtype.NO_FNR: {"birth_date": True, "sex": True},
    NationalIdSubtype.PL_PESEL: {"birth_date": True, "sex": True},
    NationalIdSubtype.IT_CODICE_FISCALE: {"birth_date": True, "sex": True},
    NationalIdSubtype.FR_NIR: {"birth_date": True, "sex": True},  # year and month of birth
}

_ID_DIGITS = re.compile(r"^[\d][\d \-+.]{7,16}\d$")
_ID_LETTERS = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 \-+]{7,18}[A-Za-z0-9]$")


@lru_cache(maxsize=65536)
def national_id_matches(value: str) -> frozenset[NationalIdSubtype]:
    """Every subtype whose full validation `value` passes (digit strings can pass several)."""
    value = value.strip()
    if not (_ID_DIGITS.match(value) or _ID_LETTERS.match(value)):
        return frozenset()
    compact = re.sub(r"[ \-+.]", "", value)
    if not compact.isalnum():
        return frozenset()
    candidates: list[NationalIdSubtype]
    if compact.isdigit():
        by_length = {
            9: [NationalIdSubtype.US_SSN, NationalIdSubtype.NL_BSN],
            10: [NationalIdSubtype.SE_PERSONNUMMER, NationalIdSubtype.DK_CPR],
            11: [NationalIdSubtype.NO_FNR, NationalIdSubtype.PL_PESEL, NationalIdSubtype.DE_STEUER_ID],
            12: [NationalIdSubtype.SE_PERSONNUMMER],
            15: [NationalIdSubtype.FR_NIR],
        }
        candidates = list(by_length.get(len(compact), []))
    else:
        candidates = [
            NationalIdSubtype.UK_NINO,
            NationalIdSubtype.FI_HETU,
            NationalIdSubtype.ES_DNI,
            NationalIdSubtype.IT_CODICE_FISCALE,
            NationalIdSubtype.FR_NIR,
        ]
    if _FI_HETU.match(value.upper()) and NationalIdSubtype.FI_HETU not in candidates:
        candidates.append(NationalIdSubtype.FI_HETU)  # 131052-308T and 111058-8097 alike
    return frozenset(subtype for subtype in candidates if NATIONAL_ID_VALIDATORS[subtype](value))


# ---------------------------------------------------------------- dates
_ISO_DATE = re.compile(
    r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(?:Z|[+-]\d{2}:?\d{2})?)?$"
)
_DMY = re.compile(r"^(\d{1,2})[./-](\d{1,2})[./-](\d{4})$")
_YMD_SLASH = re.compile(r"^(\d{4})[/.](\d{1,2})[/.](\d{1,2})$")
_COMPACT_DATE = re.compile(r"^(19\d{2}|20\d{2})(\d{2})(\d{2})$")


def parse_date(value: str) -> tuple[dt.date, bool] | None:
    """(date, has_time_of_day) for ISO 8601 and common day-first/month-first forms, else None.

    Ambiguous d/m orders resolve day-first unless that is impossible; only the year matters for births.
    """
    value = value.strip()
    match = _ISO_DATE.match(value)
    has_time = False
    if match is not None:
        year, month, day = int(match.group(1)), int(match.group(2)), int(match.group(3))
        if match.group(4) is not None:
            has_time = (match.group(4), match.group(5), match.group(6) or "00") != ("00", "00", "00")
    elif (match := _DMY.match(value)) is not None:
        first, second, year = int(match.group(1)), int(match.group(2)), int(match.group(3))
        day, month = (first, second) if second <= 12 else (second, first)
    elif (match := _YMD_SLASH.match(value)) is not None or (match := _COMPACT_DATE.match(value)) is not None:
        year, month, day = int(match.group(1)), int(match.group(2)), int(match.group(3))
    else:
        return None
    try:
        return dt.date(year, month, day), has_time
    except ValueError:
        return None


# ---------------------------------------------------------------- health
_ICD10 = re.compile(r"^[A-TV-Z]\d{2}(?:\.\d{1,4}|\.?[0-9A-Z]{1,4})?$")
_ICD10_DOTTED = re.compile(r"^[A-TV-Z]\d{2}\.\d{1,4}[A-Z]?$")
_BLOOD_TYPE = re.compile(
    r"^(?:A|B|AB|O|0)\s?(?:\+|-|−|pos(?:itive)?|neg(?:ative)?|Rh\s?[+-]|Rh(?:D)?\s?(?:pos|neg))?$",
    re.IGNORECASE,
)


def is_icd10(value: str) -> bool:
    return bool(_ICD10.match(value.strip().upper()))


def is_icd10_dotted(value: str) -> bool:
    return bool(_ICD10_DOTTED.match(value.strip().upper()))


_ATC = re.compile(r"^[ABCDGHJLMNPRSV]\d{2}[A-HJ-NP-Z]{2}\d{2}$")
_BLOOD_PRESSURE = re.compile(r"^(\d{2,3})\s*/\s*(\d{2,3})(\s*mm\s*hg)?$", re.IGNORECASE)
# Units that only laboratories and clinics use: a number in one of them is a measurement of a body.
_CLINICAL_UNIT = re.compile(
    r"(?:^|[\s:=(])[<>]?\d+(?:[.,]\d+)?\s*(?:mmol/l|mmol/mol|mg/dl|mg/l|µmol/l|μmol/l|umol/l|g/dl|iu/l|u/l|"
    r"mu/l|miu/l|meq/l|ng/ml|pg/ml|nmol/l|pmol/l|mmhg|ml/min(?:/1[.,]73\s*m2)?|x\s?10\^?9/l|10\^9/l)(?:$|[\s,;)])",
    re.IGNORECASE,
)
# Doses and vitals whose unit is shared with everyday measurements (mg, ml, bpm, kg): only under a header.
_DOSE_OR_VITAL = re.compile(r"^[<>]?\d+(?:[.,]\d+)?\s*(?:mg|mcg|µg|ml|iu|units|bpm|°c|kg/m2|%)$", re.IGNORECASE)


def is_atc_code(value: str) -> bool:
    """A full (5th level) WHO ATC code such as N02BE01 (paracetamol) or A10BA02 (metformin)."""
    return bool(_ATC.match(value.strip().upper()))


def is_blood_pressure(value: str) -> bool:
    """'120/80' or '135 / 85 mmHg': systolic 70-260 above diastolic 30-160."""
    match = _BLOOD_PRESSURE.match(value.strip())
    if match is None:
        return False
    systolic, diastolic = int(match.group(1)), int(match.group(2))
    return 70 <= systolic <= 260 and 30 <= diastolic <= 160 and systolic > diastolic


def has_blood_pressure_unit(value: str) -> bool:
    return is_blood_pressure(value) and "hg" in value.lower()


def is_clinical_measurement(value: str) -> bool:
    """A number in a clinical-laboratory unit: '5.4 mmol/L', 'HbA1c 48 mmol/mol', 'eGFR 62 ml/min/1.73m2'."""
    return len(value) <= 80 and bool(_CLINICAL_UNIT.search(value.strip()))


def is_dose_or_vital(value: str) -> bool:
    return bool(_DOSE_OR_VITAL.match(value.strip()))


def is_blood_type(value: str) -> bool:
    return bool(_BLOOD_TYPE.match(value.strip()))


# ---------------------------------------------------------------- passport, bank account, plates, handles
_PASSPORT_SHAPES = (
    re.compile(r"^[A-Z]\d{7,8}$"),  # US (letter + 8), ES/IT-ish, FI (letter+7)
    re.compile(r"^\d{8,9}$"),  # US, UK, SE, DK, NO, PL digits
    re.compile(r"^[CFGHJKLMNPRTVWXYZ][CFGHJKLMNPRTVWXYZ0-9]{8}$"),  # DE
    re.compile(r"^\d{2}[A-Z]{2}\d{5}$"),  # FR
    re.compile(r"^[A-Z]{2}[A-Z0-9]{6}\d$"),  # NL
    re.compile(r"^[A-Z]{3}\d{6}$"),  # ES
    re.compile(r"^[A-Z]{2}\d{6,7}$"),  # IT, PL, FI, NO
    re.compile(r"^[A-Z0-9]{6,9}$"),  # generic ICAO 9303 document number
)


def passport_shape(value: str) -> bool:
    compact = value.strip().upper().replace(" ", "")
    if not any(pattern.match(compact) for pattern in _PASSPORT_SHAPES):
        return False
    return any(ch.isdigit() for ch in compact) and len(set(compact)) > 2


_SORT_CODE = re.compile(r"^\d{2}-\d{2}-\d{2}$")
_ACCOUNT = re.compile(r"^(?:\d{4,5}[-/ ,.])?\d[\d \-/.]{4,20}\d$")
_NO_KONTONR_LAYOUT = re.compile(r"^\d{4}([. ])\d{2}\1\d{5}$")
_PL_NRB_LAYOUT = re.compile(r"^\d{2} ?(?:\d{4} ?){5}\d{4}$")


def national_account(value: str) -> str | None:
    """A domestic account number whose own check digits validate: 'NO_KONTONR' or 'PL_NRB', else None.

    Norwegian kontonummer: 11 digits, MOD11 check digit, written 4.2.5 ("8601.11.17947"). Polish NRB:
    26 digits whose first two are the IBAN check digits, so "PL" + NRB passes ISO 13616 mod-97. Both are
    specific enough to recognise without a header; plain digit runs of other countries are not.
    """
    value = value.strip()
    if _PL_NRB_LAYOUT.match(value):
        try:
            IBAN("PL" + value.replace(" ", ""))
        except ValueError:
            return None
        return "PL_NRB"
    if _NO_KONTONR_LAYOUT.match(value) and no_kontonr.is_valid(value):
        return "NO_KONTONR"
    return None


_ACCOUNT_ALNUM = re.compile(r"^[A-Z0-9]{2,6}[ -]?\d{6,18}$")


def bank_account_shape(value: str) -> str | None:
    """Which bank-account shape a value has ('sort_code', 'routing', 'account'), or None. Never IBANs."""
    value = value.strip()
    if _SORT_CODE.match(value):
        return "sort_code"
    if national_account(value) is not None:
        return "account"
    compact = re.sub(r"[ \-/,.]", "", value)
    if len(compact) == 9 and compact.isdigit() and us_rtn.is_valid(compact):
        return "routing"
    if _ACCOUNT.match(value) and 6 <= len(compact) <= 20 and compact.isdigit() and not _AMOUNT.match(value):
        return "account"
    if _ACCOUNT_ALNUM.match(value.upper()) and not _IBAN_SHAPE.match(value):
        return "account"
    return None


# Current and recent national formats, written as the registries document them (upper-cased, spaces or
# dashes as printed). A value matching one of these is hard to mistake for a product code.
_PLATE_SPECIFIC = (
    # United Kingdom: current (AB12 CDE), prefix (A123 BCD), suffix (ABC 123D), Northern Ireland (ABZ 1234)
    re.compile(r"^[A-Z]{2}\d{2} ?[A-Z]{3}$"),
    re.compile(r"^[A-Z]\d{1,3} ?[A-Z]{3}$"),
    re.compile(r"^[A-Z]{3} ?\d{1,3} ?[A-Z]$"),
    re.compile(r"^[A-Z]{3} \d{1,4}$"),  # also SE (ABC 123), dateless UK; unspaced it is a code shape
    # Netherlands sidecodes 1-14 (dashes as printed); Portugal's AA-00-AA family shares sidecodes 1-6
    re.compile(r"^[A-Z]{2}-\d{2}-\d{2}$"),  # 1
    re.compile(r"^\d{2}-\d{2}-[A-Z]{2}$"),  # 2
    re.compile(r"^\d{2}-[A-Z]{2}-\d{2}$"),  # 3
    re.compile(r"^[A-Z]{2}-\d{2}-[A-Z]{2}$"),  # 4
    re.compile(r"^[A-Z]{2}-[A-Z]{2}-\d{2}$"),  # 5
    re.compile(r"^\d{2}-[A-Z]{2}-[A-Z]{2}$"),  # 6
    re.compile(r"^\d{2}-[A-Z]{3}-\d$"),  # 7
    re.compile(r"^\d-[A-Z]{3}-\d{2}$"),  # 8
    re.compile(r"^[A-Z]{2}-\d{3}-[A-Z]$"),  # 9
    re.compile(r"^[A-Z]-\d{3}-[A-Z]{2}$"),  # 10
    re.compile(r"^[A-Z]{3}-\d{2}-[A-Z]$"),  # 11
    re.compile(r"^[A-Z]-\d{2}-[A-Z]{3}$"),  # 12
    re.compile(r"^\d-[A-Z]{2}-\d{3}$"),  # 13
    re.compile(r"^\d{3}-[A-Z]{2}-\d$"),  # 14
    # Italy (AB 123 CD), France SIV (AB-123-CD) and FNI (1234 AB 56)
    re.compile(r"^[A-Z]{2} ?\d{3} ?[A-Z]{2}$"),
    re.compile(r"^[A-Z]{2}-\d{3}-[A-Z]{2}$"),
    re.compile(r"^\d{1,4} ?[A-Z]{2,3} ?(?:\d{2}|2[AB])$"),
    # Germany (M-AB 1234, B XY 123E): district 1-3 letters, 1-2 letters, 1-4 digits, E/H suffix
    re.compile(r"^[A-ZÄÖÜ]{1,3}[- ][A-Z]{1,2}[- ]?\d{1,4}[EH]?$"),
    # Spain: current (1234 BCD, no vowels), provincial (M 1234 AB)
    re.compile(r"^\d{4}[ -]?[BCDFGHJKLMNPRSTVWXYZ]{3}$"),
    re.compile(r"^[A-Z]{1,2}[ -]?\d{4}[ -]?[A-Z]{1,2}$"),
    # Sweden (ABC 12A), Finland (ABC-123), Denmark (AB 12 345), Norway (AB 12345)
    re.compile(r"^[A-Z]{3} \d{2}[A-Z]$"),
    re.compile(r"^[A-Z]{2,3}-\d{1,3}$"),
    re.compile(r"^[A-Z]{2} \d{2} ?\d{3}$"),
    re.compile(r"^[A-Z]{2} \d{5}$"),
    # Poland: 2-3 letter district, then 4-5 characters with digits (WA 12345, KR 1AB23, WPI 1234A)
    re.compile(r"^[A-Z]{2,3} (?=[A-Z0-9]*\d)[A-Z0-9]{4,5}$"),
    # Belgium (1-ABC-234), Ireland (12-D-12345), Austria (W-12345A)
    re.compile(r"^\d-[A-Z]{3}-\d{3}$"),
    re.compile(r"^\d{2,3}-[A-Z]{1,2}-\d{1,6}$"),
)
# Shapes many other codes share too (US states issue almost any 5-8 letter/digit mix).
_PLATE_GENERIC = (
    re.compile(r"^[A-Z]{2,3}\d{3,5}$"),
    re.compile(r"^[A-Z]{3}\d{2}[A-Z]$"),
    re.compile(r"^[A-Z]{2} ?\d{4}$"),
    re.compile(r"^[A-Z]{2,3} ?[A-Z0-9]{4,5}$"),
    re.compile(r"^[A-Z0-9]{1,3}-[A-Z0-9]{2,3}-[A-Z0-9]{1,2}$"),
    re.compile(r"^(?=.*\d)(?=.*[A-Z])[A-Z0-9]{2,4}[ -]?[A-Z0-9]{2,4}$"),
)


def plate_kind(value: str) -> str | None:
    """'specific' for a documented national plate format, 'generic' for a plate-like letter/digit mix."""
    upper = value.strip().upper()
    if not 4 <= len(upper) <= 11:
        return None
    if not (any(ch.isdigit() for ch in upper) and any(ch.isalpha() for ch in upper)):
        return None
    if any(pattern.match(upper) for pattern in _PLATE_SPECIFIC):
        return "specific"
    if any(pattern.match(upper) for pattern in _PLATE_GENERIC):
        return "generic"
    return None


def plate_shape(value: str) -> bool:
    return plate_kind(value) is not None


_HANDLE = re.compile(r"^@?[A-Za-z0-9](?:[A-Za-z0-9._-]{1,38}[A-Za-z0-9_])?$")


_UUID = re.compile(r"^\{?[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}\}?$")
_HEX_TOKEN = re.compile(r"^(?:0x)?[0-9a-fA-F]{16,}$")
_PLAIN_WORD = re.compile(r"^[A-ZÀ-Þ]?[a-zß-ÿ]+$|^[A-Z]{2,}$")


def handle_shape(value: str) -> bool:
    """A login handle: 3-40 characters of letters, digits and ._- with at least one letter, no spaces.

    Machine identifiers are not chosen by people: UUIDs and long hex tokens (user *ids*) never count.
    """
    value = value.strip()
    if not (3 <= len(value) <= 40 and _HANDLE.match(value) and any(ch.isalpha() for ch in value)):
        return False
    return not (_UUID.match(value) or (_HEX_TOKEN.match(value) and any(ch.isdigit() for ch in value)))


def handle_traits(value: str) -> bool:
    """A handle that does not also read as an ordinary word or a name: lower-case, digits or ._- inside.

    'jdoe85', 'anna.berg', 'mike_t', 'root' are handles; 'Telia', 'Smith', 'POST' are words or codes.
    """
    value = value.strip().lstrip("@")
    if not handle_shape(value):
        return False
    if any(ch.isdigit() or ch in "._-" for ch in value):
        return True
    return value.islower() or not _PLAIN_WORD.match(value)
