"""The personal-data category contract: the closed set of verdicts a column can get."""

from __future__ import annotations

from enum import StrEnum


class Category(StrEnum):
    EMAIL_ADDRESS = "EMAIL_ADDRESS"
    PHONE_NUMBER = "PHONE_NUMBER"
    PERSON_NAME = "PERSON_NAME"
    STREET_ADDRESS = "STREET_ADDRESS"
    DATE_OF_BIRTH = "DATE_OF_BIRTH"
    NATIONAL_ID = "NATIONAL_ID"
    PASSPORT_NUMBER = "PASSPORT_NUMBER"
    IBAN = "IBAN"
    CREDIT_CARD = "CREDIT_CARD"
    BANK_ACCOUNT = "BANK_ACCOUNT"
    IP_ADDRESS = "IP_ADDRESS"
    MAC_ADDRESS = "MAC_ADDRESS"
    GEOLOCATION = "GEOLOCATION"
    HEALTH_DATA = "HEALTH_DATA"
    GENDER = "GENDER"
    SPECIAL_CATEGORY = "SPECIAL_CATEGORY"
    USERNAME = "USERNAME"
    VEHICLE_REGISTRATION = "VEHICLE_REGISTRATION"
    PASSWORD = "PASSWORD"  # noqa: S105 - a category label, not a credential
    NONE = "NONE"


class NationalIdSubtype(StrEnum):
    US_SSN = "US_SSN"
    SE_PERSONNUMMER = "SE_PERSONNUMMER"
    UK_NINO = "UK_NINO"
    DK_CPR = "DK_CPR"
    FI_HETU = "FI_HETU"
    NO_FNR = "NO_FNR"
    NL_BSN = "NL_BSN"
    ES_DNI = "ES_DNI"
    FR_NIR = "FR_NIR"
    DE_STEUER_ID = "DE_STEUER_ID"
    IT_CODICE_FISCALE = "IT_CODICE_FISCALE"
    PL_PESEL = "PL_PESEL"


# GDPR Article 9 categories: processing them needs an explicit legal basis.
SPECIAL_CATEGORIES: frozenset[Category] = frozenset({Category.HEALTH_DATA, Category.SPECIAL_CATEGORY})

PERSONAL_CATEGORIES: frozenset[Category] = frozenset(c for c in Category if c is not Category.NONE)
