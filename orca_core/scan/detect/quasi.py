"""Quasi-identifiers: columns that are not personal data alone but re-identify people in combination.

Sweeney's classic triple (ZIP code, birth date, sex) identifies most of a population; age, city and
nationality narrow it further. The report uses these roles for k-anonymity style warnings.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from itertools import pairwise

from orca_core.scan.categories import Category
from orca_core.scan.detect import gazetteers as gz
from orca_core.scan.detect import validators as va
from orca_core.scan.detect.lexicon import fold, header_evidence, tokenize

_ROLE_WORDS: dict[str, frozenset[str]] = {
    "zip": frozenset({"zip", "zipcode", "zip code", "zip5", "zip 5"}),
    "postcode": frozenset(
        {
            "postcode",
            "post code",
            "postal code",
            "postalcode",
            "postnummer",
            "postnr",
            "plz",
            "postleitzahl",
            "code postal",
            "codepostal",
            "cp",
            "codigo postal",
            "postinumero",
            "cap",
            "kod pocztowy",
            "eircode",
        }
    ),
    "age": frozenset(
        {
            "age",
            "alder",
            "alter",
            "age years",
            "edad",
            "leeftijd",
            "ika",
            "eta",
            "wiek",
            "aldersgruppe",
            "age group",
            "age band",
            "age range",
            "ageband",
        }
    ),
    "city": frozenset(
        {
            "city",
            "town",
            "ort",
            "postort",
            "stad",
            "stadt",
            "wohnort",
            "ville",
            "ciudad",
            "plaats",
            "woonplaats",
            "by",
            "poststed",
            "kaupunki",
            "paikkakunta",
            "citta",
            "miasto",
            "municipality",
            "kommun",
            "kommune",
            "gemeente",
            "locality",
            "place of residence",
        }
    ),
    "nationality": frozenset(
        {
            "nationality",
            "citizenship",
            "nationalitet",
            "medborgarskap",
            "staatsangehorigkeit",
            "nationalite",
            "nationaliteit",
            "nacionalidad",
            "statsborgerskab",
            "statsborgerskap",
            "kansalaisuus",
        }
    ),
}
_POSTCODE = re.compile(
    r"^(?:\d{4,5}|\d{3} ?\d{2}|\d{2}-\d{3}|\d{4} ?[A-Z]{2}|[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}|"
    r"\d{5}-\d{4})$"
)
_AGE = re.compile(r"^\d{1,3}$")


def _phrases(name: str) -> set[str]:
    tokens = tokenize(name)
    grams = set(tokens)
    grams |= {f"{a} {b}" for a, b in pairwise(tokens)}
    grams |= {f"{a} {b} {c}" for a, b, c in zip(tokens, tokens[1:], tokens[2:], strict=False)}
    return grams


def _share(values: Sequence[str], predicate: Callable[[str], bool]) -> float:
    checked = [value for value in values[:500] if value]
    if not checked:
        return 0.0
    return sum(1 for value in checked if predicate(value)) / len(checked)


def quasi_identifier_role(name: str, values: Sequence[str]) -> str | None:
    """'birth_date' | 'zip' | 'postcode' | 'gender' | 'age' | 'city' | 'nationality', or None."""
    evidence = header_evidence(name)
    grams = _phrases(name)
    if (
        evidence.prior(Category.DATE_OF_BIRTH)
        and _share(values, lambda v: va.parse_date(v) is not None or (v.isdigit() and len(v) == 4)) >= 0.5
    ):
        return "birth_date"
    if evidence.prior(Category.GENDER):
        return "gender"
    for role in ("zip", "postcode"):
        if grams & _ROLE_WORDS[role] and _share(values, lambda v: bool(_POSTCODE.match(v.strip().upper()))) >= 0.5:
            return role
    if grams & _ROLE_WORDS["age"] and _share(values, lambda v: bool(_AGE.match(v.strip())) and int(v) <= 120) >= 0.8:
        return "age"
    if grams & _ROLE_WORDS["nationality"]:
        return "nationality"
    places = gz.places()
    if grams & _ROLE_WORDS["city"] and _share(values, lambda v: not any(ch.isdigit() for ch in v)) >= 0.8:
        return "city"
    # Values alone: a gender vocabulary with both sexes, or mostly known place names.
    distinct = {" ".join(gz.folded_words(v)) for v in values[:500] if v}
    if (
        2 <= len(distinct) <= 8
        and distinct & gz.GENDER_FEMALE
        and distinct & gz.GENDER_MALE
        and distinct <= (gz.GENDER_FEMALE | gz.GENDER_MALE | gz.GENDER_OTHER)
    ):
        return "gender"
    if _share(values, lambda v: fold(v.strip()) in places) >= 0.8 and not evidence.priors:
        return "city"
    return None
