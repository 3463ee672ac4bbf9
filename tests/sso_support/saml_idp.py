"""A SAML 2.0 identity provider for tests: it reads the AuthnRequest our SP sends (HTTP-Redirect binding), builds a
Response and Assertion for it, and signs them with xmlsec (python3-saml's `add_sign`) using its own RSA key.

Every field an attacker could play with is a parameter, so the negative corpus builds its responses from the same
code as the happy path and differs in exactly one thing.
"""

from __future__ import annotations

import base64
import uuid
import zlib
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit
from xml.sax.saxutils import escape, quoteattr

from lxml import etree
from onelogin.saml2.constants import OneLogin_Saml2_Constants as C
from onelogin.saml2.utils import OneLogin_Saml2_Utils

from tests.sso_support.keys import KeyPair, make_key_pair

NS_SAMLP = "urn:oasis:names:tc:SAML:2.0:protocol"
NS_SAML = "urn:oasis:names:tc:SAML:2.0:assertion"
EMAIL_FORMAT = "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress"
PERSISTENT_FORMAT = "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent"
TRANSIENT_FORMAT = "urn:oasis:names:tc:SAML:2.0:nameid-format:transient"
_MISSING = object()


def saml_time(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def new_id() -> str:
    return "_" + uuid.uuid4().hex


@dataclass(frozen=True)
class AuthnRequest:
    """What the IdP learns from our redirect: the request ID, our ACS URL and entity ID, and the RelayState."""

    id: str
    acs_url: str
    sp_entity_id: str
    relay_state: str | None
    destination: str


def read_authn_request(redirect_url: str) -> AuthnRequest:
    query = parse_qs(urlsplit(redirect_url).query)
    deflated = base64.b64decode(query["SAMLRequest"][0])
    xml = zlib.decompress(deflated, -15)
    root = etree.fromstring(xml)
    issuer = root.find(f"{{{NS_SAML}}}Issuer")
    return AuthnRequest(
        id=root.get("ID"),
        acs_url=root.get("AssertionConsumerServiceURL"),
        sp_entity_id=issuer.text if issuer is not None else "",
        relay_state=query.get("RelayState", [None])[0],
        destination=root.get("Destination"),
    )


@dataclass
class Assertion:
    """One assertion's content; defaults make a valid answer to `request`."""

    request: AuthnRequest
    name_id: str
    issuer: str
    name_id_format: str = EMAIL_FORMAT
    attributes: dict[str, list[str]] = field(default_factory=dict)
    id: str = field(default_factory=new_id)
    audience: Any = _MISSING  # default: the SP's entity ID; None: no AudienceRestriction at all
    recipient: Any = _MISSING  # default: the ACS URL; None: attribute left out
    in_response_to: Any = _MISSING  # default: the request ID; None: attribute left out
    not_on_or_after: datetime | None = None  # SubjectConfirmationData; default now + 5 minutes
    conditions_not_on_or_after: datetime | None = None  # default now + 5 minutes
    issue_instant: datetime | None = None

    def xml(self) -> str:
        now = datetime.now(UTC)
        issue = self.issue_instant or now
        scd_expiry = self.not_on_or_after or now + timedelta(minutes=5)
        conditions_expiry = self.conditions_not_on_or_after or now + timedelta(minutes=5)
        audience = self.request.sp_entity_id if self.audience is _MISSING else self.audience
        recipient = self.request.acs_url if self.recipient is _MISSING else self.recipient
        in_response_to = self.request.id if self.in_response_to is _MISSING else self.in_response_to
        scd_attributes = f'NotOnOrAfter="{saml_time(scd_expiry)}"'
        if recipient is not None:
            scd_attributes += f" Recipient={quoteattr(recipient)}"
        if in_response_to is not None:
            scd_attributes += f" InResponseTo={quoteattr(in_response_to)}"
        audience_xml = (
            f"<saml:AudienceRestriction><saml:Audience>{escape(audience)}</saml:Audience></saml:AudienceRestriction>"
            if audience is not None
            else ""
        )
        attributes_xml = ""
        if self.attributes:
            rendered = "".join(
                f"<saml:Attribute Name={quoteattr(name)}>"
                + "".join(f"<saml:AttributeValue>{escape(value)}</saml:AttributeValue>" for value in values)
                + "</saml:Attribute>"
                for name, values in self.attributes.items()
            )
            attributes_xml = f"<saml:AttributeStatement>{rendered}</saml:AttributeStatement>"
        return (
            f'<saml:Assertion xmlns:saml="{NS_SAML}" ID="{self.id}" Version="2.0" '
            f'IssueInstant="{saml_time(issue)}">'
            f"<saml:Issuer>{escape(self.issuer)}</saml:Issuer>"
            f"<saml:Subject><saml:NameID Format={quoteattr(self.name_id_format)}>{escape(self.name_id)}</saml:NameID>"
            f'<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer">'
            f"<saml:SubjectConfirmationData {scd_attributes}/></saml:SubjectConfirmation></saml:Subject>"
            f'<saml:Conditions NotBefore="{saml_time(issue - timedelta(minutes=1))}" '
            f'NotOnOrAfter="{saml_time(conditions_expiry)}">{audience_xml}</saml:Conditions>'
            f'<saml:AuthnStatement AuthnInstant="{saml_time(issue)}" SessionIndex="{new_id()}">'
            "<saml:AuthnContext><saml:AuthnContextClassRef>"
            "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport"
            "</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>"
            f"{attributes_xml}</saml:Assertion>"
        )


class SamlTestIdp:
    def __init__(self, entity_id: str = "https://idp.example.test/saml", keys: KeyPair | None = None) -> None:
        self.entity_id = entity_id
        self.sso_url = "https://idp.example.test/saml/sso"
        self.keys = keys or make_key_pair("test saml idp")

    def metadata_xml(self) -> str:
        return (
            '<?xml version="1.0"?>'
            f'<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="{self.entity_id}">'
            '<md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">'
            '<md:KeyDescriptor use="signing"><ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#">'
            f"<ds:X509Data><ds:X509Certificate>{self.keys.cert_body}</ds:X509Certificate></ds:X509Data>"
            "</ds:KeyInfo></md:KeyDescriptor>"
            f"<md:NameIDFormat>{EMAIL_FORMAT}</md:NameIDFormat>"
            '<md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" '
            f'Location="{self.sso_url}"/>'
            "</md:IDPSSODescriptor></md:EntityDescriptor>"
        )

    def assertion(self, request: AuthnRequest, name_id: str, **overrides: Any) -> Assertion:
        return Assertion(request=request, name_id=name_id, issuer=self.entity_id, **overrides)

    def sign(
        self, xml: str, *, keys: KeyPair | None = None, algorithm: str = C.RSA_SHA256, digest: str = C.SHA256
    ) -> str:
        """Sign the root element of `xml` (an Assertion or a Response) with xmlsec; the signature follows the
        Issuer, as SAML requires."""
        signer = keys or self.keys
        signed = OneLogin_Saml2_Utils.add_sign(
            xml, signer.key_pem, signer.cert_pem, sign_algorithm=algorithm, digest_algorithm=digest
        )
        return signed.decode() if isinstance(signed, bytes) else signed

    def response_xml(
        self,
        request: AuthnRequest,
        assertions_xml: str,
        *,
        destination: Any = _MISSING,
        in_response_to: Any = _MISSING,
        response_id: str | None = None,
    ) -> str:
        destination = request.acs_url if destination is _MISSING else destination
        in_response_to = request.id if in_response_to is _MISSING else in_response_to
        attributes = f'ID="{response_id or new_id()}" Version="2.0" IssueInstant="{saml_time(datetime.now(UTC))}"'
        if destination is not None:
            attributes += f" Destination={quoteattr(destination)}"
        if in_response_to is not None:
            attributes += f" InResponseTo={quoteattr(in_response_to)}"
        return (
            f'<samlp:Response xmlns:samlp="{NS_SAMLP}" xmlns:saml="{NS_SAML}" {attributes}>'
            f"<saml:Issuer>{escape(self.entity_id)}</saml:Issuer>"
            '<samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>'
            f"{assertions_xml}</samlp:Response>"
        )

    def signed_response(
        self, request: AuthnRequest, name_id: str, *, sign_response: bool = False, **assertion_overrides: Any
    ) -> str:
        """The usual answer: a Response with one signed Assertion (and the Response signed too if asked)."""
        assertion = self.sign(self.assertion(request, name_id, **assertion_overrides).xml())
        response = self.response_xml(request, strip_declaration(assertion))
        return self.sign(response) if sign_response else response


def strip_declaration(xml: str) -> str:
    return xml.split("?>", 1)[1] if xml.startswith("<?xml") else xml


def encode(xml: str) -> str:
    return base64.b64encode(xml.encode("utf-8")).decode("ascii")
