"""The admin side of SSO: an org's connections (create, read, update, delete) and its enforcement switch.

Every change is audited. Secrets go in and never come out: the OIDC client secret is encrypted before it is
stored and answered only as `client_secret_set`. A connection is checked when it is saved: a SAML connection's
certificate must parse and python3-saml must accept the settings; an OIDC issuer must answer its discovery
document (naming itself as issuer) and a JWKS with an RSA key.
"""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from orca_core.audit.service import AuditEventName, AuditLog
from orca_core.errors import NotFound
from orca_core.identity.repository import revoke_user_sessions_unscoped
from orca_core.orgs.models import Role
from orca_core.orgs.repository import MembershipRepository, OrgRepository
from orca_core.orgs.service import require_admin
from orca_core.settings import Settings
from orca_core.sso import oidc, saml
from orca_core.sso.crypto import encrypt_client_secret
from orca_core.sso.errors import SsoConfigInvalid, SsoDiscoveryFailed, SsoEnforcementNeedsConnection
from orca_core.sso.models import Protocol, SsoConnection
from orca_core.sso.outbound import OutboundRefused, check_url_shape
from orca_core.sso.repository import SsoConnectionRepository, org_has_owner_with_2fa
from orca_core.sso.schemas import (
    CertificateSummary,
    ConnectionResponse,
    ConnectionUpdate,
    OidcConnectionCreate,
    OidcDetails,
    SamlConnectionCreate,
    SamlDetails,
)


class SsoBreakGlassUnavailable(SsoEnforcementNeedsConnection):
    code = "sso_break_glass_unavailable"
    detail = (
        "SSO enforcement needs at least one owner with 2FA enabled: owners with 2FA keep the password break-glass "
        "path when the identity provider is unavailable."
    )


def saml_idp_of(connection: SsoConnection) -> saml.SamlIdp:
    assert connection.saml_idp_entity_id and connection.saml_idp_sso_url and connection.saml_idp_x509_certs
    return saml.SamlIdp(
        connection.saml_idp_entity_id, connection.saml_idp_sso_url, tuple(connection.saml_idp_x509_certs)
    )


def oidc_redirect_uri(settings: Settings, connection_id: uuid.UUID) -> str:
    return f"{settings.public_base_url.rstrip('/')}/api/v1/sso/oidc/{connection_id}/callback"


def login_url(settings: Settings, connection: SsoConnection) -> str:
    return f"{settings.public_base_url.rstrip('/')}/api/v1/sso/{connection.protocol}/{connection.id}/login"


def to_response(settings: Settings, connection: SsoConnection) -> ConnectionResponse:
    response = ConnectionResponse(
        id=connection.id,
        protocol=Protocol(connection.protocol).value,
        name=connection.name,
        enabled=connection.enabled,
        email_attribute=connection.email_attribute,
        name_attribute=connection.name_attribute,
        login_url=login_url(settings, connection),
        last_login_at=connection.last_login_at,
        created_at=connection.created_at,
        updated_at=connection.updated_at,
    )
    if connection.protocol == Protocol.SAML:
        sp = saml.sp_endpoints(settings.public_base_url, str(connection.id))
        idp = saml_idp_of(connection)
        response.saml = SamlDetails(
            sp_entity_id=sp.entity_id,
            sp_acs_url=sp.acs_url,
            sp_metadata_url=sp.entity_id,
            idp_entity_id=idp.entity_id,
            idp_sso_url=idp.sso_url,
            idp_certificates=[
                CertificateSummary.model_validate(saml.certificate_summary(cert)) for cert in idp.x509_certs
            ],
        )
    else:
        response.oidc = OidcDetails(
            issuer=connection.oidc_issuer or "",
            client_id=connection.oidc_client_id or "",
            client_secret_set=connection.oidc_client_secret_encrypted is not None,
            redirect_uri=oidc_redirect_uri(settings, connection.id),
            authorization_endpoint=connection.oidc_authorization_endpoint,
            token_endpoint=connection.oidc_token_endpoint,
            jwks_key_ids=[str(key.get("kid", "")) for key in (connection.oidc_jwks or {}).get("keys", [])],
        )
    return response


class SsoAdminService:
    def __init__(self, session: AsyncSession, settings: Settings, org_id: uuid.UUID) -> None:
        self.session = session
        self.settings = settings
        self.org_id = org_id
        self.connections = SsoConnectionRepository(session, org_id)
        self.audit = AuditLog(session)

    # --- reading ---

    async def list_connections(self) -> list[ConnectionResponse]:
        return [to_response(self.settings, connection) for connection in await self.connections.list()]

    async def get(self, connection_id: uuid.UUID) -> ConnectionResponse:
        return to_response(self.settings, await self._get(connection_id))

    async def _get(self, connection_id: uuid.UUID, *, for_update: bool = False) -> SsoConnection:
        connection = await self.connections.get(connection_id, for_update=for_update)
        if connection is None:  # also another org's connection: indistinguishable from a random id
            raise NotFound()
        return connection

    # --- writing ---

    async def create(
        self, body: SamlConnectionCreate | OidcConnectionCreate, *, actor_id: uuid.UUID, ip: str | None
    ) -> ConnectionResponse:
        connection = SsoConnection(
            id=uuid.uuid4(),
            protocol=body.protocol,
            name=body.name,
            enabled=body.enabled,
            email_attribute=body.email_attribute,
            name_attribute=body.name_attribute,
        )
        if isinstance(body, SamlConnectionCreate):
            if body.idp_metadata_xml is not None:
                idp = self._parse_metadata(body.idp_metadata_xml)
            else:
                assert body.idp_entity_id and body.idp_sso_url and body.idp_x509_cert
                idp = saml.SamlIdp(
                    body.idp_entity_id, self._sso_url(body.idp_sso_url), (self._certificate(body.idp_x509_cert),)
                )
            self._apply_saml(connection, idp)
        else:
            try:
                oidc.check_issuer(body.issuer, allow_insecure=self.settings.sso_allow_insecure_issuers)
            except oidc.OidcConfigError as error:
                raise SsoConfigInvalid(str(error)) from error
            connection.oidc_issuer = body.issuer
            connection.oidc_client_id = body.client_id
            connection.oidc_client_secret_encrypted = encrypt_client_secret(
                self.settings, connection.id, body.client_secret.get_secret_value()
            )
            await self._discover(connection)
        await self.connections.add(connection)
        await self.audit.record(
            AuditEventName.SSO_CONNECTION_CREATED,
            org_id=self.org_id,
            user_id=actor_id,
            ip=ip,
            metadata={"connection_id": str(connection.id), "protocol": connection.protocol},
        )
        return to_response(self.settings, connection)

    async def update(
        self, connection_id: uuid.UUID, body: ConnectionUpdate, *, actor_id: uuid.UUID, ip: str | None
    ) -> ConnectionResponse:
        connection = await self._get(connection_id, for_update=True)
        changed: list[str] = []
        given = body.model_fields_set
        if body.name is not None:
            connection.name = body.name
            changed.append("name")
        if "email_attribute" in given:
            connection.email_attribute = body.email_attribute
            changed.append("email_attribute")
        if "name_attribute" in given:
            connection.name_attribute = body.name_attribute
            changed.append("name_attribute")
        if connection.protocol == Protocol.SAML:
            changed += self._update_saml(connection, body)
        else:
            changed += await self._update_oidc(connection, body)
        if body.enabled is not None and body.enabled != connection.enabled:
            if not body.enabled:
                await self._keep_enforcement_possible(without=connection.id)
            connection.enabled = body.enabled
            changed.append("enabled")
        if changed:
            await self.session.flush()
            await self.audit.record(
                AuditEventName.SSO_CONNECTION_UPDATED,
                org_id=self.org_id,
                user_id=actor_id,
                ip=ip,
                metadata={"connection_id": str(connection.id), "fields": sorted(set(changed))},
            )
        return to_response(self.settings, connection)

    async def delete(self, connection_id: uuid.UUID, *, actor_id: uuid.UUID, ip: str | None) -> None:
        connection = await self._get(connection_id, for_update=True)
        await self._keep_enforcement_possible(without=connection.id)
        await self.connections.delete(connection.id)
        await self.audit.record(
            AuditEventName.SSO_CONNECTION_DELETED,
            org_id=self.org_id,
            user_id=actor_id,
            ip=ip,
            metadata={"connection_id": str(connection.id), "protocol": connection.protocol},
        )

    # --- enforcement ---

    async def enforcement(self) -> bool:
        org = await OrgRepository(self.session, self.org_id).get()
        if org is None:
            raise NotFound()
        return org.sso_enforced

    async def set_enforcement(
        self,
        enforced: bool,
        *,
        actor_id: uuid.UUID,
        actor_role: Role,
        actor_session_id: uuid.UUID | None,
        ip: str | None,
    ) -> bool:
        """Turning enforcement on also ends the sessions of every member who is not an owner (they may have come
        from a password): they sign in again through the IdP. The acting admin keeps the session they act in."""
        require_admin(actor_role)
        org = await OrgRepository(self.session, self.org_id).get_for_update()
        if org is None:
            raise NotFound()
        if org.sso_enforced == enforced:
            return enforced
        if enforced:
            if not await self.connections.has_working_connection():
                raise SsoEnforcementNeedsConnection()
            if not await org_has_owner_with_2fa(self.session, self.org_id):
                raise SsoBreakGlassUnavailable()
        org.sso_enforced = enforced
        await self.session.flush()
        sessions_ended = 0
        if enforced:
            for membership in await MembershipRepository(self.session, self.org_id).list():
                if membership.role == Role.OWNER.value:
                    continue
                keep = actor_session_id if membership.user_id == actor_id else None
                sessions_ended += await revoke_user_sessions_unscoped(
                    self.session, membership.user_id, keep_session_id=keep
                )
        await self.audit.record(
            AuditEventName.SSO_ENFORCEMENT_CHANGED,
            org_id=self.org_id,
            user_id=actor_id,
            ip=ip,
            metadata={"enforced": enforced, "sessions_ended": sessions_ended},
        )
        return enforced

    async def _keep_enforcement_possible(self, *, without: uuid.UUID) -> None:
        """Disabling or deleting the last working connection of an enforcing org would lock its members out."""
        org = await OrgRepository(self.session, self.org_id).get()
        if (
            org is not None
            and org.sso_enforced
            and not await self.connections.has_working_connection(excluding=without)
        ):
            raise SsoEnforcementNeedsConnection(
                "This is the org's last working SSO connection and SSO is enforced: turn enforcement off first."
            )

    # --- protocol details ---

    def _parse_metadata(self, metadata_xml: str) -> saml.SamlIdp:
        try:
            idp = saml.parse_idp_metadata(metadata_xml)
        except saml.SamlConfigError as error:
            raise SsoConfigInvalid(str(error)) from error
        return saml.SamlIdp(idp.entity_id, self._sso_url(idp.sso_url), idp.x509_certs)

    def _sso_url(self, url: str) -> str:
        try:
            check_url_shape(url, allow_insecure=self.settings.sso_allow_insecure_issuers)
        except OutboundRefused as refused:
            raise SsoConfigInvalid(f"idp_sso_url {refused.reason}") from refused
        return url

    def _certificate(self, text: str) -> str:
        try:
            return saml.certificate_body(text)
        except saml.SamlConfigError as error:
            raise SsoConfigInvalid(str(error)) from error

    def _apply_saml(self, connection: SsoConnection, idp: saml.SamlIdp) -> None:
        sp = saml.sp_endpoints(self.settings.public_base_url, str(connection.id))
        try:
            saml.build_settings(idp, sp)
        except saml.SamlConfigError as error:
            raise SsoConfigInvalid(str(error)) from error
        connection.saml_idp_entity_id = idp.entity_id
        connection.saml_idp_sso_url = idp.sso_url
        connection.saml_idp_x509_certs = list(idp.x509_certs)

    def _update_saml(self, connection: SsoConnection, body: ConnectionUpdate) -> list[str]:
        if body.client_id is not None or body.client_secret is not None or body.rediscover:
            raise SsoConfigInvalid("client_id, client_secret and rediscover apply to OIDC connections only")
        current = saml_idp_of(connection)
        if body.idp_metadata_xml is not None:
            if body.idp_sso_url is not None or body.idp_x509_cert is not None:
                raise SsoConfigInvalid("give either idp_metadata_xml or the idp_* fields, not both")
            parsed = self._parse_metadata(body.idp_metadata_xml)
            if parsed.entity_id != current.entity_id:
                raise SsoConfigInvalid("the metadata names another IdP entity ID: create a new connection for it")
            self._apply_saml(connection, parsed)
            return ["idp_metadata_xml"]
        changed: list[str] = []
        sso_url, certs = current.sso_url, current.x509_certs
        if body.idp_sso_url is not None:
            sso_url = self._sso_url(body.idp_sso_url)
            changed.append("idp_sso_url")
        if body.idp_x509_cert is not None:
            certs = (self._certificate(body.idp_x509_cert),)
            changed.append("idp_x509_cert")
        if changed:
            self._apply_saml(connection, saml.SamlIdp(current.entity_id, sso_url, certs))
        return changed

    async def _update_oidc(self, connection: SsoConnection, body: ConnectionUpdate) -> list[str]:
        if body.idp_metadata_xml is not None or body.idp_sso_url is not None or body.idp_x509_cert is not None:
            raise SsoConfigInvalid("idp_metadata_xml, idp_sso_url and idp_x509_cert apply to SAML connections only")
        changed: list[str] = []
        if body.client_id is not None:
            connection.oidc_client_id = body.client_id
            changed.append("client_id")
        if body.client_secret is not None:
            connection.oidc_client_secret_encrypted = encrypt_client_secret(
                self.settings, connection.id, body.client_secret.get_secret_value()
            )
            changed.append("client_secret")
        if body.rediscover:
            await self._discover(connection)
            changed.append("discovery")
        return changed

    async def _discover(self, connection: SsoConnection) -> None:
        assert connection.oidc_issuer is not None
        try:
            provider = await oidc.discover(
                connection.oidc_issuer,
                allow_insecure=self.settings.sso_allow_insecure_issuers,
                timeout=self.settings.sso_http_timeout_seconds,
            )
        except oidc.OidcConfigError as error:
            raise SsoDiscoveryFailed(f"OIDC discovery failed: {error}") from error
        connection.oidc_authorization_endpoint = provider.authorization_endpoint
        connection.oidc_token_endpoint = provider.token_endpoint
        connection.oidc_token_endpoint_auth_method = provider.token_endpoint_auth_method
        connection.oidc_jwks_uri = provider.jwks_uri
        connection.oidc_jwks = provider.jwks


def provider_of(connection: SsoConnection) -> oidc.OidcProvider:
    """An OIDC connection's discovered provider (every column is set when the connection is saved)."""
    assert connection.oidc_issuer is not None and connection.oidc_authorization_endpoint is not None
    assert connection.oidc_token_endpoint is not None and connection.oidc_token_endpoint_auth_method is not None
    assert connection.oidc_jwks_uri is not None and connection.oidc_jwks is not None
    return oidc.OidcProvider(
        issuer=connection.oidc_issuer,
        authorization_endpoint=connection.oidc_authorization_endpoint,
        token_endpoint=connection.oidc_token_endpoint,
        token_endpoint_auth_method=connection.oidc_token_endpoint_auth_method,
        jwks_uri=connection.oidc_jwks_uri,
        jwks=connection.oidc_jwks,
    )
