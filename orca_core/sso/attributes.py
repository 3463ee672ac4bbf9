"""Attribute mapping: which SAML attribute or OIDC claim carries a user's email and display name.

A connection may name its own attributes (`email_attribute`, `name_attribute`); otherwise the usual names of the
major IdPs are tried in order. The subject (NameID / `sub`) is the identity's key and is never taken from here.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from orca_core.identity.schemas import EMAIL_PATTERN

SAML_EMAIL_ATTRIBUTES = (
    "email",
    "mail",
    "emailAddress",
    "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress",
    "urn:oid:0.9.2342.19200300.100.1.3",
)
SAML_NAME_ATTRIBUTES = (
    "name",
    "displayName",
    "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name",
    "http://schemas.microsoft.com/identity/claims/displayname",
    "urn:oid:2.16.840.1.113730.3.1.241",
)
NAMEID_EMAIL_FORMAT = "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress"
OIDC_EMAIL_CLAIM = "email"
OIDC_NAME_CLAIM = "name"
MAX_EMAIL_LENGTH = 320
MAX_NAME_LENGTH = 255
_EMAIL = re.compile(EMAIL_PATTERN)


@dataclass(frozen=True)
class MappedAttributes:
    email: str | None
    display_name: str | None


def _clean_email(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    email = value.strip()
    if len(email) > MAX_EMAIL_LENGTH or not _EMAIL.fullmatch(email):
        return None
    return email


def _clean_name(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    name = " ".join(value.split())
    return name[:MAX_NAME_LENGTH] or None


def _first_string(attributes: Mapping[str, Sequence[Any]], names: Sequence[str]) -> str | None:
    for name in names:
        for value in attributes.get(name) or ():
            if isinstance(value, str) and value.strip():
                return value
    return None


def map_saml(
    attributes: Mapping[str, Sequence[Any]],
    *,
    name_id: str,
    name_id_format: str | None,
    email_attribute: str | None,
    name_attribute: str | None,
) -> MappedAttributes:
    email_names = (email_attribute,) if email_attribute else SAML_EMAIL_ATTRIBUTES
    email = _first_string(attributes, email_names)
    if email is None and not email_attribute and name_id_format == NAMEID_EMAIL_FORMAT:
        email = name_id
    name = _first_string(attributes, (name_attribute,) if name_attribute else SAML_NAME_ATTRIBUTES)
    return MappedAttributes(email=_clean_email(email), display_name=_clean_name(name))


def map_oidc(claims: Mapping[str, Any], *, email_claim: str | None, name_claim: str | None) -> MappedAttributes:
    """An email the IdP itself marks unverified (`email_verified: false`) is not used."""
    email = claims.get(email_claim or OIDC_EMAIL_CLAIM)
    if claims.get("email_verified") in (False, "false"):
        email = None
    return MappedAttributes(
        email=_clean_email(email), display_name=_clean_name(claims.get(name_claim or OIDC_NAME_CLAIM))
    )
