"""Pydantic input and output models of the SSO endpoints. Inputs forbid unknown fields; outputs never carry a
client secret (only whether one is set) nor a full certificate (its fingerprint and expiry)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr, model_validator

AttributeName = Annotated[str, Field(min_length=1, max_length=255, pattern=r"^[^\s<>\"']+$")]
MAX_METADATA_CHARS = 512 * 1024
MAX_CERT_CHARS = 16 * 1024


class InputModel(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SamlConnectionCreate(InputModel):
    """Either `idp_metadata_xml`, or all of `idp_entity_id`, `idp_sso_url` and `idp_x509_cert` (PEM or base64)."""

    protocol: Literal["saml"]
    name: str = Field(min_length=1, max_length=200)
    enabled: bool = True
    idp_metadata_xml: str | None = Field(default=None, max_length=MAX_METADATA_CHARS)
    idp_entity_id: str | None = Field(default=None, min_length=1, max_length=1024)
    idp_sso_url: str | None = Field(default=None, min_length=1, max_length=2048)
    idp_x509_cert: str | None = Field(default=None, min_length=1, max_length=MAX_CERT_CHARS)
    email_attribute: AttributeName | None = None
    name_attribute: AttributeName | None = None

    @model_validator(mode="after")
    def _metadata_or_fields(self) -> SamlConnectionCreate:
        fields = (self.idp_entity_id, self.idp_sso_url, self.idp_x509_cert)
        if self.idp_metadata_xml is not None and any(field is not None for field in fields):
            raise ValueError("give either idp_metadata_xml or the idp_* fields, not both")
        if self.idp_metadata_xml is None and any(field is None for field in fields):
            raise ValueError("give idp_metadata_xml, or all of idp_entity_id, idp_sso_url and idp_x509_cert")
        return self


class OidcConnectionCreate(InputModel):
    protocol: Literal["oidc"]
    name: str = Field(min_length=1, max_length=200)
    enabled: bool = True
    issuer: str = Field(min_length=1, max_length=2048)
    client_id: str = Field(min_length=1, max_length=255)
    client_secret: SecretStr = Field(min_length=1, max_length=1024)
    email_attribute: AttributeName | None = None
    name_attribute: AttributeName | None = None


ConnectionCreate = Annotated[SamlConnectionCreate | OidcConnectionCreate, Field(discriminator="protocol")]


class ConnectionUpdate(InputModel):
    """Only the fields present change. An attribute name set to null goes back to the protocol's default names.

    The IdP's identity (SAML entity ID, OIDC issuer) cannot change: identities are keyed by connection, so a new
    IdP gets a new connection. SAML certificates and SSO URL can rotate; OIDC client credentials can be replaced,
    and `rediscover` re-reads the issuer's discovery document and keys.
    """

    name: str | None = Field(default=None, min_length=1, max_length=200)
    enabled: bool | None = None
    email_attribute: AttributeName | None = None
    name_attribute: AttributeName | None = None
    idp_metadata_xml: str | None = Field(default=None, max_length=MAX_METADATA_CHARS)
    idp_sso_url: str | None = Field(default=None, min_length=1, max_length=2048)
    idp_x509_cert: str | None = Field(default=None, min_length=1, max_length=MAX_CERT_CHARS)
    client_id: str | None = Field(default=None, min_length=1, max_length=255)
    client_secret: SecretStr | None = Field(default=None, min_length=1, max_length=1024)
    rediscover: bool = False


class CertificateSummary(BaseModel):
    sha256_fingerprint: str
    not_after: datetime
    subject: str


class SamlDetails(BaseModel):
    sp_entity_id: str
    sp_acs_url: str
    sp_metadata_url: str
    idp_entity_id: str
    idp_sso_url: str
    idp_certificates: list[CertificateSummary]


class OidcDetails(BaseModel):
    issuer: str
    client_id: str
    client_secret_set: bool
    redirect_uri: str
    authorization_endpoint: str | None
    token_endpoint: str | None
    jwks_key_ids: list[str]


class ConnectionResponse(BaseModel):
    id: uuid.UUID
    protocol: Literal["saml", "oidc"]
    name: str
    enabled: bool
    email_attribute: str | None
    name_attribute: str | None
    # Where to send a browser to sign in (append ?relay_state=/path to land somewhere after sign-in).
    login_url: str
    last_login_at: datetime | None
    created_at: datetime
    updated_at: datetime
    saml: SamlDetails | None = None
    oidc: OidcDetails | None = None


class EnforcementUpdate(InputModel):
    enforced: bool


class EnforcementResponse(BaseModel):
    enforced: bool


class CodeExchangeRequest(InputModel):
    code: str = Field(min_length=1, max_length=128)
