"""Build the shipped gazetteer files from faker's locale provider lists.

Run from the repository root with the dev group installed:

    uv run python -m orca_core.scan.detect.data.build

faker is a dev dependency only: the service reads the generated ``*.txt.gz`` files (one folded, lower-case
entry per line, sorted) and never imports faker. Re-run this script when faker is upgraded and commit the
output. Only Latin-script locales are used: the detectors fold accents and compare ASCII-ish tokens.
"""

from __future__ import annotations

import gzip
import importlib
import unicodedata
from collections.abc import Iterable
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent

LOCALES = (
    "en_US",
    "en_GB",
    "en_IE",
    "en_NZ",
    "en_IN",
    "sv_SE",
    "da_DK",
    "no_NO",
    "fi_FI",
    "is_IS",
    "de_DE",
    "de_AT",
    "de_CH",
    "fr_FR",
    "fr_BE",
    "fr_CA",
    "fr_CH",
    "nl_NL",
    "nl_BE",
    "es_ES",
    "es_MX",
    "es_AR",
    "es_CO",
    "it_IT",
    "pt_PT",
    "pt_BR",
    "pl_PL",
    "cs_CZ",
    "sk_SK",
    "hu_HU",
    "ro_RO",
    "hr_HR",
    "sl_SI",
    "et_EE",
    "lt_LT",
    "lv_LV",
    "tr_TR",
    "id_ID",
    "ga_IE",
    "en_NG",
    "en_KE",
    "sw",
    "zu_ZA",
    "yo_NG",
    "vi_VN",
)


def fold(text: str) -> str:
    """Lower-case and strip accents (ß -> ss, ø -> o, æ -> ae), as the detectors do."""
    text = text.lower().replace("ß", "ss").replace("æ", "ae").replace("ø", "o").replace("đ", "d").replace("ł", "l")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _is_latin_word(word: str) -> bool:
    return bool(word) and all(ch.isascii() and (ch.isalpha() or ch in "-' ") for ch in word)


def _collect(module_prefix: str, attributes: Iterable[str]) -> set[str]:
    found: set[str] = set()
    for locale in LOCALES:
        try:
            provider = importlib.import_module(f"{module_prefix}.{locale}").Provider
        except ModuleNotFoundError:
            continue
        for attribute in attributes:
            entries = getattr(provider, attribute, None)
            if not entries:
                continue
            for entry in entries:
                folded = fold(str(entry)).strip()
                if _is_latin_word(folded) and len(folded) >= 2:
                    found.add(folded)
    return found


def _write(name: str, entries: set[str]) -> None:
    path = DATA_DIR / name
    payload = "\n".join(sorted(entries)) + "\n"
    # mtime=0 keeps the file byte-identical across rebuilds.
    with path.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as out:
        out.write(payload.encode("utf-8"))
    print(f"{name}: {len(entries)} entries")


def main() -> None:
    first = _collect(
        "faker.providers.person",
        ("first_names", "first_names_male", "first_names_female", "first_names_nonbinary"),
    )
    last = _collect("faker.providers.person", ("last_names",))
    cities = _collect("faker.providers.address", ("cities", "city_names", "cities_with_postcodes"))
    countries = _collect("faker.providers.address", ("countries",))
    _write("first_names.txt.gz", first)
    _write("last_names.txt.gz", last)
    _write("cities.txt.gz", cities | countries)


if __name__ == "__main__":
    main()
