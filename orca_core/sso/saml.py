"""SAML 2.0 service-provider side, on python3-saml: SP metadata, the AuthnRequest redirect, and the ACS check.

python3-saml runs in strict mode with signed assertions required, deprecated algorithms (rsa-sha1, sha1, dsa)
refused and no attribute statement required. A few of its checks are looser than an SP should be, so
`validate_response` adds its own on top (each failure a stable reason code for the audit log):

- InResponseTo must be present and equal the AuthnRequest ID this browser's flow sent (python3-saml skips the
  check when the attribute is missing, which would let an unsolicited response through);
- Destination must be present and equal our ACS URL exactly (python3-saml: a prefix match, and optional);
- an Audience must be present and name our entity ID (python3-saml: accepted when there is none);
- a bearer SubjectConfirmation of the signed assertion must carry Recipient equal to our ACS URL exactly
  (python3-saml: a substring match), InResponseTo equal to the request ID, and a NotOnOrAfter;
- any XML comment is refused before parsing: a comment inside a NameID (`admin@victim.com<!---->.evil.com`) is
  the classic canonicalisation trick, and no IdP needs comments;
- transient NameIDs are refused: they change at every login and cannot key an identity.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from onelogin.saml2.auth import OneLogin_Saml2_Auth
from onelogin.saml2.constants import OneLogin_Saml2_Constants as C
from onelogin.saml2.errors import OneLogin_Saml2_Error, OneLogin_Saml2_ValidationError
from onelogin.saml2.idp_metadata_parser import OneLogin_Saml2_IdPMetadataParser
from onelogin.saml2.response import OneLogin_Saml2_Response
from onelogin.saml2.settings import OneLogin_Saml2_Settings
from onelogin.saml2.utils import OneLogin_Saml2_Utils

MAX_SAML_RESPONSE_CHARS = 512 * 1024
MAX_CERTIFICATES = 4
MIN_RSA_BITS = 2048
MAX_SUBJECT_LENGTH = 1024
MAX_ASSERTION_ID_LENGTH = 255

_V = OneLogin_Saml2_ValidationError
# python3-saml's validation error codes -> our stable reason codes (audit metadata).
REASONS: dict[int, str] = {
    _V.WRONG_NUMBER_OF_ASSERTIONS: "wrong_number_of_assertions",
    _V.STATUS_CODE_IS_NOT_SUCCESS: "idp_status_not_success",
    _V.MISSING_STATUS: "idp_status_not_success",
    _V.MISSING_STATUS_CODE: "idp_status_not_success",
    _V.WRONG_SIGNED_ELEMENT: "signature_wrapping",
    _V.ID_NOT_FOUND_IN_SIGNED_ELEMENT: "signature_wrapping",
    _V.DUPLICATED_ID_IN_SIGNED_ELEMENTS: "signature_wrapping",
    _V.INVALID_SIGNED_ELEMENT: "signature_wrapping",
    _V.DUPLICATED_REFERENCE_IN_SIGNED_ELEMENTS: "signature_wrapping",
    _V.UNEXPECTED_SIGNED_ELEMENTS: "signature_wrapping",
    _V.WRONG_NUMBER_OF_SIGNATURES_IN_RESPONSE: "signature_wrapping",
    _V.WRONG_NUMBER_OF_SIGNATURES_IN_ASSERTION: "signature_wrapping",
    _V.WRONG_NUMBER_OF_SIGNATURES: "signature_wrapping",
    _V.INVALID_XML_FORMAT: "schema_invalid",
    _V.WRONG_INRESPONSETO: "in_response_to_mismatch",
    _V.MISSING_CONDITIONS: "missing_conditions",
    _V.ASSERTION_TOO_EARLY: "not_yet_valid",
    _V.ASSERTION_EXPIRED: "expired",
    _V.SESSION_EXPIRED: "expired",
    _V.RESPONSE_EXPIRED: "expired",
    _V.WRONG_NUMBER_OF_AUTHSTATEMENTS: "wrong_authn_statement",
    _V.ENCRYPTED_ATTRIBUTES: "encrypted_attributes_unsupported",
    _V.NO_ENCRYPTED_ASSERTION: "encrypted_assertion_unsupported",
    _V.WRONG_DESTINATION: "wrong_destination",
    _V.EMPTY_DESTINATION: "wrong_destination",
    _V.WRONG_AUDIENCE: "wrong_audience",
    _V.ISSUER_MULTIPLE_IN_RESPONSE: "wrong_issuer",
    _V.ISSUER_NOT_FOUND_IN_ASSERTION: "wrong_issuer",
    _V.WRONG_ISSUER: "wrong_issuer",
    _V.WRONG_SUBJECTCONFIRMATION: "wrong_subject_confirmation",
    _V.NO_SIGNED_MESSAGE: "unsigned",
    _V.NO_SIGNED_ASSERTION: "unsigned",
    _V.NO_SIGNATURE_FOUND: "unsigned",
    _V.NO_NAMEID: "missing_nameid",
    _V.EMPTY_NAMEID: "missing_nameid",
    _V.SP_NAME_QUALIFIER_NAME_MISMATCH: "wrong_audience",
    _V.DUPLICATED_ATTRIBUTE_NAME_FOUND: "duplicated_attribute",
    _V.INVALID_SIGNATURE: "invalid_signature",
    _V.DEPRECATED_SIGNATURE_METHOD: "deprecated_algorithm",
    _V.DEPRECATED_DIGEST_METHOD: "deprecated_algorithm",
}


class SamlRejected(Exception):
    """The response failed a check; `reason` is a stable code for the audit log (never shown raw values)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class SamlConfigError(ValueError):
    """An admin's IdP settings are unusable; the message is safe to return to that admin."""


@dataclass(frozen=True)
class SamlIdp:
    entity_id: str
    sso_url: str
    x509_certs: tuple[str, ...]  # base64 DER bodies


@dataclass(frozen=True)
class SpEndpoints:
    entity_id: str  # the metadata URL doubles as our entity ID
    acs_url: str
    login_url: str


@dataclass(frozen=True)
class SamlAssertion:
    name_id: str
    name_id_format: str | None
    attributes: dict[str, list[Any]]
    assertion_id: str
    not_on_or_after: datetime


def sp_endpoints(public_base_url: str, connection_id: str) -> SpEndpoints:
    base = f"{public_base_url.rstrip('/')}/api/v1/sso/saml/{connection_id}"
    return SpEndpoints(entity_id=f"{base}/metadata", acs_url=f"{base}/acs", login_url=f"{base}/login")


# --- IdP configuration -------------------------------------------------------------------------------------------


def certificate_body(text: str) -> str:
    """The base64 DER body of one X.509 certificate given as PEM or bare base64; SamlConfigError otherwise.

    A full certificate is required (never a fingerprint): RSA of at least 2048 bits or an EC key.
    """
    body = "".join(
        line.strip() for line in text.strip().splitlines() if line.strip() and not line.strip().startswith("-----")
    )
    try:
        der = base64.b64decode(body, validate=True)
        certificate = x509.load_der_x509_certificate(der)
    except (binascii.Error, ValueError) as error:
        raise SamlConfigError("idp_x509_cert is not a PEM or base64 X.509 certificate") from error
    key = certificate.public_key()
    if isinstance(key, rsa.RSAPublicKey):
        if key.key_size < MIN_RSA_BITS:
            raise SamlConfigError(f"idp_x509_cert has an RSA key under {MIN_RSA_BITS} bits")
    elif not isinstance(key, ec.EllipticCurvePublicKey):
        raise SamlConfigError("idp_x509_cert must hold an RSA or EC public key")
    return base64.b64encode(der).decode("ascii")


def certificate_summary(body: str) -> dict[str, str]:
    certificate = x509.load_der_x509_certificate(base64.b64decode(body))
    return {
        "sha256_fingerprint": certificate.fingerprint(hashes.SHA256()).hex(":").upper(),
        "not_after": certificate.not_valid_after_utc.isoformat(),
        "subject": certificate.subject.rfc4514_string()[:255],
    }


def parse_idp_metadata(metadata_xml: str) -> SamlIdp:
    """Entity ID, redirect-binding SSO URL and signing certificates from IdP metadata (DTDs and entities refused)."""
    if len(metadata_xml) > MAX_SAML_RESPONSE_CHARS:
        raise SamlConfigError("idp_metadata_xml is too large")
    try:
        parsed = OneLogin_Saml2_IdPMetadataParser.parse(metadata_xml)
    except Exception as error:  # lxml syntax errors, forbidden DTDs or entities: the library raises several types
        raise SamlConfigError("idp_metadata_xml is not valid SAML metadata XML") from error
    idp = parsed.get("idp") or {}
    entity_id = idp.get("entityId")
    sso_url = (idp.get("singleSignOnService") or {}).get("url")
    certs: list[str] = []
    if idp.get("x509cert"):
        certs = [idp["x509cert"]]
    elif idp.get("x509certMulti"):
        certs = list(idp["x509certMulti"].get("signing") or [])
    if not entity_id:
        raise SamlConfigError("idp_metadata_xml has no IDPSSODescriptor with an entityID")
    if not sso_url:
        raise SamlConfigError("idp_metadata_xml has no SingleSignOnService with the HTTP-Redirect binding")
    if not certs:
        raise SamlConfigError("idp_metadata_xml has no signing certificate")
    return SamlIdp(str(entity_id), str(sso_url), tuple(certificate_body(cert) for cert in certs))


def build_settings(idp: SamlIdp, sp: SpEndpoints) -> OneLogin_Saml2_Settings:
    if not idp.x509_certs or len(idp.x509_certs) > MAX_CERTIFICATES:
        raise SamlConfigError(f"a SAML connection needs 1 to {MAX_CERTIFICATES} IdP signing certificates")
    idp_settings: dict[str, Any] = {
        "entityId": idp.entity_id,
        "singleSignOnService": {"url": idp.sso_url, "binding": C.BINDING_HTTP_REDIRECT},
    }
    if len(idp.x509_certs) == 1:
        idp_settings["x509cert"] = idp.x509_certs[0]
    else:
        idp_settings["x509certMulti"] = {"signing": list(idp.x509_certs)}
    settings = {
        "strict": True,
        "debug": False,
        "sp": {
            "entityId": sp.entity_id,
            "assertionConsumerService": {"url": sp.acs_url, "binding": C.BINDING_HTTP_POST},
            "NameIDFormat": C.NAMEID_UNSPECIFIED,
        },
        "idp": idp_settings,
        "security": {
            "authnRequestsSigned": False,
            "wantMessagesSigned": False,  # many IdPs sign only the assertion; a Response signature is still checked
            "wantAssertionsSigned": True,
            "wantAssertionsEncrypted": False,
            "wantNameId": True,
            "wantNameIdEncrypted": False,
            "wantAttributeStatement": False,
            "rejectDeprecatedAlgorithm": True,
            "allowRepeatAttributeName": False,
            "requestedAuthnContext": False,  # let the IdP use MFA rather than demanding PasswordProtectedTransport
            "rejectUnsolicitedResponsesWithInResponseTo": True,
            "signatureAlgorithm": C.RSA_SHA256,
            "digestAlgorithm": C.SHA256,
            "allowSingleLabelDomains": True,  # a URL syntax check only: lets http://orca:8000 style hosts through
        },
    }
    try:
        return OneLogin_Saml2_Settings(settings, sp_validation_only=False)
    except OneLogin_Saml2_Error as error:
        # The toolkit's message lists setting names only (e.g. "idp_sso_url_invalid"), never values.
        raise SamlConfigError(f"the SAML toolkit refused the settings ({error})") from error


def sp_metadata_xml(settings: OneLogin_Saml2_Settings) -> str:
    metadata = settings.get_sp_metadata()
    return metadata.decode("utf-8") if isinstance(metadata, bytes) else str(metadata)


def _request_data(url: str, post_data: dict[str, str] | None = None) -> dict[str, Any]:
    parts = urlsplit(url)
    return {
        "https": "on" if parts.scheme == "https" else "off",
        "http_host": parts.netloc,
        "script_name": parts.path,
        "get_data": {},
        "post_data": post_data or {},
    }


def authn_request_redirect(settings: OneLogin_Saml2_Settings, sp: SpEndpoints, relay_state: str) -> tuple[str, str]:
    """The IdP URL to redirect the browser to (HTTP-Redirect binding) and the AuthnRequest's ID."""
    auth = OneLogin_Saml2_Auth(_request_data(sp.login_url), old_settings=settings)
    url = auth.login(return_to=relay_state)
    return str(url), str(auth.get_last_request_id())


# --- The ACS -----------------------------------------------------------------------------------------------------


def _decode(saml_response: str) -> bytes:
    if not saml_response or len(saml_response) > MAX_SAML_RESPONSE_CHARS:
        raise SamlRejected("malformed")
    try:
        return base64.b64decode(saml_response, validate=False)
    except (binascii.Error, ValueError) as error:
        raise SamlRejected("malformed") from error


def _parse_time(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromtimestamp(OneLogin_Saml2_Utils.parse_SAML_to_time(value), tz=UTC)
    except (ValueError, TypeError):
        return None


def _check_subject_confirmation(response: Any, sp: SpEndpoints, request_id: str) -> datetime:
    """The NotOnOrAfter of a bearer confirmation, in the signed assertion, that names exactly us and this request."""
    now = datetime.now(UTC)
    first_problem = "wrong_subject_confirmation"
    # _query_assertion reads from the assertion the signature covers (python3-saml's own accessor).
    for confirmation in response._query_assertion("/saml:Subject/saml:SubjectConfirmation"):
        if confirmation.get("Method") != C.CM_BEARER:
            continue
        data = confirmation.find("saml:SubjectConfirmationData", namespaces=C.NSMAP)
        if data is None:
            continue
        not_on_or_after = _parse_time(data.get("NotOnOrAfter"))
        problem = None
        if data.get("Recipient") != sp.acs_url:
            problem = "wrong_recipient"
        elif data.get("InResponseTo") != request_id:
            problem = "in_response_to_mismatch"
        elif not_on_or_after is None or not_on_or_after <= now:
            problem = "expired"
        if problem is None and not_on_or_after is not None:
            return not_on_or_after
        if first_problem == "wrong_subject_confirmation" and problem is not None:
            first_problem = problem  # report the first bearer confirmation's defect
    raise SamlRejected(first_problem)


def validate_response(
    settings: OneLogin_Saml2_Settings, sp: SpEndpoints, saml_response: str, request_id: str
) -> SamlAssertion:
    """Every check of a SAML Response posted to our ACS for the AuthnRequest `request_id`; SamlRejected if any fails."""
    xml = _decode(saml_response)
    if b"<!--" in xml:
        raise SamlRejected("xml_comment")
    try:
        response = OneLogin_Saml2_Response(settings, saml_response)
    except Exception as error:  # lxml syntax errors, DTD/entity refusals, undecodable input: several types
        raise SamlRejected("malformed") from error

    try:
        response.is_valid(_request_data(sp.acs_url), request_id, raise_exceptions=True)
    except OneLogin_Saml2_ValidationError as error:
        raise SamlRejected(REASONS.get(error.code, "invalid")) from error
    except Exception as error:  # xmlsec or lxml failures while checking signatures: a malformed document
        raise SamlRejected("malformed") from error

    in_response_to = response.get_in_response_to()
    if in_response_to is None:
        raise SamlRejected("unsolicited")
    if in_response_to != request_id:
        raise SamlRejected("in_response_to_mismatch")
    if response.document.get("Destination") != sp.acs_url:
        raise SamlRejected("wrong_destination")
    if sp.entity_id not in response.get_audiences():
        raise SamlRejected("wrong_audience")
    not_on_or_after = _check_subject_confirmation(response, sp, request_id)

    try:
        name_id_data = response.get_nameid_data()
        attributes = response.get_attributes()
        assertion_id = response.get_assertion_id()
    except OneLogin_Saml2_ValidationError as error:
        raise SamlRejected(REASONS.get(error.code, "invalid")) from error
    name_id = name_id_data.get("Value")
    name_id_format = name_id_data.get("Format")
    if not isinstance(name_id, str) or not name_id.strip() or len(name_id) > MAX_SUBJECT_LENGTH:
        raise SamlRejected("missing_nameid")
    if name_id_format == C.NAMEID_TRANSIENT:
        raise SamlRejected("transient_nameid")
    if not isinstance(assertion_id, str) or not assertion_id or len(assertion_id) > MAX_ASSERTION_ID_LENGTH:
        raise SamlRejected("malformed")
    return SamlAssertion(
        name_id=name_id,
        name_id_format=str(name_id_format) if name_id_format else None,
        attributes={str(key): list(values) for key, values in attributes.items()},
        assertion_id=assertion_id,
        not_on_or_after=not_on_or_after,
    )
