"""ORM models of SSO connections, the identities they assert, login flows in progress and the SAML replay cache."""

from __future__ import annotations

import enum
import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, Index, String, Text, UniqueConstraint, func
from sqlalchemy.dialects.postgresql import ARRAY, BYTEA, JSONB, UUID
from sqlalchemy.orm import Mapped, mapped_column

from orca_core.db import Base, created_at_column, utcnow, uuid_pk


class Protocol(enum.StrEnum):
    SAML = "saml"
    OIDC = "oidc"


class SsoConnection(Base):
    """One identity provider of one org. Protocol-specific columns are NULL for the other protocol.

    The OIDC client secret is stored AES-256-GCM encrypted (see `orca_core.sso.crypto`) and never returned.
    `last_login_at` is set by every successful login through the connection: a connection that has one is
    "working", the precondition of SSO enforcement.
    """

    __tablename__ = "sso_connections"
    __table_args__ = (
        CheckConstraint("protocol IN ('saml', 'oidc')", name="protocol"),
        CheckConstraint(
            "(protocol = 'saml' AND saml_idp_entity_id IS NOT NULL AND saml_idp_sso_url IS NOT NULL "
            "AND saml_idp_x509_certs IS NOT NULL) OR "
            "(protocol = 'oidc' AND oidc_issuer IS NOT NULL AND oidc_client_id IS NOT NULL "
            "AND oidc_client_secret_encrypted IS NOT NULL)",
            name="protocol_fields",
        ),
    )

    id: Mapped[uuid.UUID] = uuid_pk()
    org_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("orgs.id", ondelete="CASCADE"), nullable=False, index=True
    )
    protocol: Mapped[str] = mapped_column(Text, nullable=False)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    enabled: Mapped[bool] = mapped_column(nullable=False, default=True, server_default="true")
    # Attribute (SAML) or claim (OIDC) names; NULL: the protocol's usual names (see orca_core.sso.attributes).
    email_attribute: Mapped[str | None] = mapped_column(String(255), nullable=True)
    name_attribute: Mapped[str | None] = mapped_column(String(255), nullable=True)

    saml_idp_entity_id: Mapped[str | None] = mapped_column(String(1024), nullable=True)
    saml_idp_sso_url: Mapped[str | None] = mapped_column(String(2048), nullable=True)
    # Base64 DER bodies of the IdP's signing certificates (several during a key rollover).
    saml_idp_x509_certs: Mapped[list[str] | None] = mapped_column(ARRAY(Text), nullable=True)

    oidc_issuer: Mapped[str | None] = mapped_column(String(2048), nullable=True)
    oidc_client_id: Mapped[str | None] = mapped_column(String(255), nullable=True)
    oidc_client_secret_encrypted: Mapped[bytes | None] = mapped_column(BYTEA, nullable=True)
    oidc_authorization_endpoint: Mapped[str | None] = mapped_column(String(2048), nullable=True)
    oidc_token_endpoint: Mapped[str | None] = mapped_column(String(2048), nullable=True)
    oidc_token_endpoint_auth_method: Mapped[str | None] = mapped_column(Text, nullable=True)
    oidc_jwks_uri: Mapped[str | None] = mapped_column(String(2048), nullable=True)
    oidc_jwks: Mapped[dict[str, Any] | None] = mapped_column(JSONB, nullable=True)

    last_login_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    created_at: Mapped[datetime] = created_at_column()
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, default=utcnow, onupdate=utcnow, server_default=func.now()
    )


class SsoIdentity(Base):
    """A user as one connection knows them: keyed by (connection, subject), never by the asserted email."""

    __tablename__ = "sso_identities"
    __table_args__ = (UniqueConstraint("connection_id", "subject", name="uq_sso_identities_connection_id_subject"),)

    id: Mapped[uuid.UUID] = uuid_pk()
    connection_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("sso_connections.id", ondelete="CASCADE"), nullable=False
    )
    org_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("orgs.id", ondelete="CASCADE"), nullable=False, index=True
    )
    user_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True
    )
    # The SAML NameID or the OIDC `sub`, exactly as asserted.
    subject: Mapped[str] = mapped_column(String(1024), nullable=False)
    # The mapped attributes as last asserted (the account's own email is set once, at provisioning).
    email: Mapped[str | None] = mapped_column(String(320), nullable=True)
    display_name: Mapped[str | None] = mapped_column(String(255), nullable=True)
    created_at: Mapped[datetime] = created_at_column()
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class SsoLoginFlow(Base):
    """One browser's SSO login, from the redirect to the IdP until its one-time code is exchanged for tokens.

    The browser holds the flow id in a signed cookie; `request_id` is the SAML AuthnRequest ID or the OIDC
    `state`. After the IdP's answer is accepted, `user_id` and the SHA-256 of a one-time code are set; the code
    travels in the redirect's URL fragment and is exchanged (with the same cookie) for the usual tokens.
    """

    __tablename__ = "sso_login_flows"
    __table_args__ = (
        CheckConstraint("protocol IN ('saml', 'oidc')", name="protocol"),
        CheckConstraint("exchange_code_hash IS NULL OR exchange_code_hash ~ '^[0-9a-f]{64}$'", name="code_hash_hex"),
    )

    id: Mapped[uuid.UUID] = uuid_pk()
    connection_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("sso_connections.id", ondelete="CASCADE"), nullable=False, index=True
    )
    org_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("orgs.id", ondelete="CASCADE"), nullable=False
    )
    protocol: Mapped[str] = mapped_column(Text, nullable=False)
    request_id: Mapped[str] = mapped_column(String(255), nullable=False)
    nonce: Mapped[str | None] = mapped_column(String(255), nullable=True)
    code_verifier: Mapped[str | None] = mapped_column(String(255), nullable=True)
    relay_state: Mapped[str] = mapped_column(String(1024), nullable=False)
    created_at: Mapped[datetime] = created_at_column()
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False, index=True)
    # Set when the IdP's answer was processed (accepted or not): one answer per request.
    answered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    user_id: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), ForeignKey("users.id", ondelete="CASCADE"), nullable=True
    )
    exchange_code_hash: Mapped[str | None] = mapped_column(String(64), nullable=True, unique=True)
    code_expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    exchanged_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class SsoSamlAssertion(Base):
    """The replay cache: every accepted assertion ID per connection, kept until the assertion expires."""

    __tablename__ = "sso_saml_assertions"
    __table_args__ = (Index("ix_sso_saml_assertions_expires_at", "expires_at"),)

    connection_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("sso_connections.id", ondelete="CASCADE"), primary_key=True
    )
    assertion_id: Mapped[str] = mapped_column(String(255), primary_key=True)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
