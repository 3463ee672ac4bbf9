"""SSO sign-in: start a login at the IdP, accept (or refuse) its answer, provision the user, hand over tokens.

The flow, for both protocols (docs/sso.md draws it):
1. `start_*` creates a login flow (AuthnRequest ID, or OIDC state + nonce + PKCE verifier) and returns the IdP
   URL plus a signed cookie value naming the flow: the answer will only be accepted from this browser.
2. `finish_saml` / `finish_oidc` check the IdP's answer against that flow (one answer per flow), then find the
   identity by (connection, subject) or provision it (JIT), and return where to send the browser: the relay path
   with a one-time code in the URL fragment (never a token in a URL).
3. `exchange` turns the code (single use, short-lived, and only with the same browser's cookie) into what every
   first factor earns: `IdentityService.finish_first_factor` decides between a session and a 2FA step.

Every refusal is audited (`login_failed` with `method` and a `reason` code; `sso_link_refused` when an IdP asserts
an existing account's email) and leaves no session. Reasons never carry asserted values.
"""

from __future__ import annotations

import hmac
import secrets
import uuid
from dataclasses import dataclass
from datetime import timedelta
from typing import NoReturn

from sqlalchemy.ext.asyncio import AsyncSession

from orca_core.audit.service import AuditEventName, AuditLog
from orca_core.db import utcnow
from orca_core.errors import NotFound, OrcaError
from orca_core.identity.repository import UserRepository
from orca_core.identity.service import IdentityService, LoginOutcome, VerifiedUser
from orca_core.orgs.models import Role
from orca_core.orgs.repository import MembershipRepository
from orca_core.settings import Settings
from orca_core.sso import oidc, saml
from orca_core.sso.admin import oidc_redirect_uri, provider_of, saml_idp_of
from orca_core.sso.attributes import MappedAttributes, map_oidc, map_saml
from orca_core.sso.crypto import (
    ClientSecretUnreadable,
    decrypt_client_secret,
    hash_one_time_code,
    new_one_time_code,
    read_flow_cookie,
    sign_flow_cookie,
)
from orca_core.sso.errors import (
    SsoAccountExists,
    SsoAccountUnavailable,
    SsoCodeInvalid,
    SsoEmailMissing,
    SsoFlowMissing,
    SsoIdpError,
    SsoResponseRejected,
)
from orca_core.sso.models import Protocol, SsoConnection, SsoLoginFlow
from orca_core.sso.relay import safe_relay_state
from orca_core.sso.repository import (
    SsoConnectionRepository,
    SsoIdentityRepository,
    add_flow_unscoped,
    add_sso_user_if_email_free,
    find_flow_by_code_for_update_unscoped,
    get_connection_unscoped,
    get_flow_for_update_unscoped,
    remember_assertion_unscoped,
)
from orca_core.tenancy import act_for_org

# Assertion IDs stay in the replay cache this long past the assertion's own expiry (python3-saml tolerates
# five minutes of clock drift on Conditions).
REPLAY_CACHE_MARGIN = timedelta(minutes=10)
CODE_FRAGMENT_NAME = "sso_code"


@dataclass(frozen=True)
class LoginStart:
    redirect_url: str
    cookie_value: str


class SsoLoginService:
    def __init__(self, session: AsyncSession, settings: Settings) -> None:
        self.session = session
        self.settings = settings
        self.audit = AuditLog(session)

    # --- the connection a public endpoint names --------------------------------------------------------------

    async def connection(self, connection_id: uuid.UUID, protocol: Protocol) -> SsoConnection:
        """An enabled connection of this protocol, or 404 (the same for a disabled or unknown one)."""
        connection = await get_connection_unscoped(self.session, connection_id)
        if connection is None or not connection.enabled or connection.protocol != protocol:
            raise NotFound()
        return connection

    async def saml_metadata(self, connection_id: uuid.UUID) -> str:
        connection = await self.connection(connection_id, Protocol.SAML)
        sp = saml.sp_endpoints(self.settings.public_base_url, str(connection.id))
        return saml.sp_metadata_xml(saml.build_settings(saml_idp_of(connection), sp))

    # --- 1. start ----------------------------------------------------------------------------------------------

    async def start_saml(self, connection_id: uuid.UUID, relay_state: str | None) -> LoginStart:
        connection = await self.connection(connection_id, Protocol.SAML)
        relay = safe_relay_state(relay_state)
        sp = saml.sp_endpoints(self.settings.public_base_url, str(connection.id))
        url, request_id = saml.authn_request_redirect(saml.build_settings(saml_idp_of(connection), sp), sp, relay)
        flow = await self._new_flow(connection, request_id=request_id, relay_state=relay)
        return LoginStart(url, sign_flow_cookie(self.settings, flow.id))

    async def start_oidc(self, connection_id: uuid.UUID, relay_state: str | None) -> LoginStart:
        connection = await self.connection(connection_id, Protocol.OIDC)
        state, nonce, verifier = secrets.token_urlsafe(32), secrets.token_urlsafe(32), secrets.token_urlsafe(48)
        url = oidc.authorization_url(
            provider_of(connection),
            client_id=connection.oidc_client_id or "",
            redirect_uri=oidc_redirect_uri(self.settings, connection.id),
            state=state,
            nonce=nonce,
            code_verifier=verifier,
        )
        flow = await self._new_flow(
            connection, request_id=state, relay_state=safe_relay_state(relay_state), nonce=nonce, verifier=verifier
        )
        return LoginStart(url, sign_flow_cookie(self.settings, flow.id))

    async def _new_flow(
        self,
        connection: SsoConnection,
        *,
        request_id: str,
        relay_state: str,
        nonce: str | None = None,
        verifier: str | None = None,
    ) -> SsoLoginFlow:
        now = utcnow()
        flow = SsoLoginFlow(
            id=uuid.uuid4(),
            connection_id=connection.id,
            org_id=connection.org_id,
            protocol=connection.protocol,
            request_id=request_id,
            nonce=nonce,
            code_verifier=verifier,
            relay_state=relay_state,
            created_at=now,
            expires_at=now + timedelta(seconds=self.settings.sso_flow_ttl_seconds),
        )
        return await add_flow_unscoped(self.session, flow)

    # --- 2. the IdP's answer -----------------------------------------------------------------------------------

    async def finish_saml(
        self,
        connection_id: uuid.UUID,
        *,
        cookie: str | None,
        saml_response: str,
        relay_state: str | None,
        ip: str | None,
    ) -> str:
        connection = await self.connection(connection_id, Protocol.SAML)
        flow = await self._flow_of(connection, cookie, ip)
        sp = saml.sp_endpoints(self.settings.public_base_url, str(connection.id))
        flow.answered_at, answered_before = utcnow(), flow.answered_at is not None
        try:
            assertion = saml.validate_response(
                saml.build_settings(saml_idp_of(connection), sp), sp, saml_response, flow.request_id
            )
        except saml.SamlRejected as rejected:
            await self._refuse(connection, rejected.reason, ip, SsoResponseRejected())
        # The replay cache first: a replayed response is reported as such even from the browser that sent it.
        fresh = await remember_assertion_unscoped(
            self.session, connection.id, assertion.assertion_id, assertion.not_on_or_after + REPLAY_CACHE_MARGIN
        )
        if not fresh:
            await self._refuse(connection, "replayed", ip, SsoResponseRejected())
        if answered_before:
            await self._refuse(connection, "flow_already_answered", ip, SsoFlowMissing())
        mapped = map_saml(
            assertion.attributes,
            name_id=assertion.name_id,
            name_id_format=assertion.name_id_format,
            email_attribute=connection.email_attribute,
            name_attribute=connection.name_attribute,
        )
        user_id = await self._sign_in(connection, assertion.name_id, mapped, ip)
        # RelayState comes back from the IdP unsigned: only a path of ours is followed, anything else is "/".
        relay = safe_relay_state(relay_state) if relay_state is not None else flow.relay_state
        return await self._complete(flow, connection, user_id, relay, ip)

    async def finish_oidc(
        self,
        connection_id: uuid.UUID,
        *,
        cookie: str | None,
        code: str | None,
        state: str | None,
        issuer: str | None,
        idp_error: str | None,
        ip: str | None,
    ) -> str:
        connection = await self.connection(connection_id, Protocol.OIDC)
        flow = await self._flow_of(connection, cookie, ip)
        if not state or not hmac.compare_digest(state.encode(), flow.request_id.encode()):
            # A state from another browser's login (or none): this browser's flow stays usable for its own answer.
            await self._refuse(connection, "state_mismatch", ip, SsoFlowMissing())
        if flow.answered_at is not None:
            await self._refuse(connection, "flow_already_answered", ip, SsoFlowMissing())
        flow.answered_at = utcnow()
        if idp_error is not None:
            await self._refuse(connection, "idp_error", ip, SsoIdpError())
        # RFC 9207: an authorization response naming another issuer is a mix-up attack.
        if issuer is not None and issuer != connection.oidc_issuer:
            await self._refuse(connection, "issuer_mismatch", ip, SsoResponseRejected())
        if not code:
            await self._refuse(connection, "missing_code", ip, SsoResponseRejected())
        assert flow.nonce is not None and flow.code_verifier is not None and connection.oidc_client_id is not None
        assert connection.oidc_client_secret_encrypted is not None
        provider = provider_of(connection)
        try:
            client_secret = decrypt_client_secret(self.settings, connection.id, connection.oidc_client_secret_encrypted)
        except ClientSecretUnreadable:
            await self._refuse(connection, "client_secret_unreadable", ip, SsoResponseRejected())
        try:
            id_token = await oidc.exchange_code(
                provider,
                client_id=connection.oidc_client_id,
                client_secret=client_secret,
                redirect_uri=oidc_redirect_uri(self.settings, connection.id),
                code=code,
                code_verifier=flow.code_verifier,
                allow_insecure=self.settings.sso_allow_insecure_issuers,
                timeout=self.settings.sso_http_timeout_seconds,
            )
            claims = await self._verified_claims(connection, provider, id_token, flow.nonce)
        except oidc.OidcRejected as rejected:
            await self._refuse(connection, rejected.reason, ip, SsoResponseRejected())
        mapped = map_oidc(claims, email_claim=connection.email_attribute, name_claim=connection.name_attribute)
        user_id = await self._sign_in(connection, str(claims["sub"]), mapped, ip)
        return await self._complete(flow, connection, user_id, flow.relay_state, ip)

    async def _verified_claims(
        self, connection: SsoConnection, provider: oidc.OidcProvider, id_token: str, nonce: str
    ) -> dict[str, object]:
        check = {"issuer": provider.issuer, "client_id": connection.oidc_client_id or "", "nonce": nonce}
        try:
            return oidc.verify_id_token(id_token, jwks=provider.jwks, **check)
        except oidc.OidcRejected as rejected:
            if rejected.reason != "unknown_key":
                raise
        # A key id we have not seen: the IdP may have rotated its keys. Fetch the JWKS once and retry.
        try:
            jwks = await oidc.fetch_jwks(
                provider.jwks_uri,
                allow_insecure=self.settings.sso_allow_insecure_issuers,
                timeout=self.settings.sso_http_timeout_seconds,
            )
        except oidc.OidcConfigError as error:
            raise oidc.OidcRejected("unknown_key") from error
        await SsoConnectionRepository(self.session, connection.org_id).store_jwks(connection.id, jwks)
        return oidc.verify_id_token(id_token, jwks=jwks, **check)

    async def _flow_of(self, connection: SsoConnection, cookie: str | None, ip: str | None) -> SsoLoginFlow:
        flow_id = read_flow_cookie(self.settings, cookie)
        if flow_id is None:
            await self._refuse(connection, "no_login_in_progress", ip, SsoFlowMissing())
        flow = await get_flow_for_update_unscoped(self.session, flow_id)
        if flow is None or flow.connection_id != connection.id:
            await self._refuse(connection, "no_login_in_progress", ip, SsoFlowMissing())
        if flow.expires_at <= utcnow():
            await self._refuse(connection, "login_expired", ip, SsoFlowMissing())
        return flow

    async def _refuse(self, connection: SsoConnection, reason: str, ip: str | None, error: OrcaError) -> NoReturn:
        await self.audit.record(
            AuditEventName.LOGIN_FAILED,
            org_id=connection.org_id,
            user_id=None,
            ip=ip,
            metadata={"method": connection.protocol, "reason": reason, "connection_id": str(connection.id)},
        )
        raise error

    # --- JIT provisioning --------------------------------------------------------------------------------------

    async def _sign_in(
        self, connection: SsoConnection, subject: str, mapped: MappedAttributes, ip: str | None
    ) -> uuid.UUID:
        """The user behind (connection, subject): found, or created in the connection's org (role member).

        The asserted email is never used to find an account (E28): an IdP asserting the email of any existing
        account, in this org or another, gets `sso_account_exists` and links nothing.
        """
        identities = SsoIdentityRepository(self.session, connection.org_id)
        context = {"method": connection.protocol, "connection_id": str(connection.id)}
        identity = await identities.get(connection.id, subject)
        if identity is not None:
            user = await UserRepository(self.session).get(identity.user_id)
            membership = await MembershipRepository(self.session, connection.org_id).get_by_user(identity.user_id)
            if user is None or not user.is_active or membership is None:
                await self.audit.record(
                    AuditEventName.LOGIN_FAILED,
                    org_id=connection.org_id,
                    user_id=identity.user_id,
                    ip=ip,
                    metadata={**context, "reason": "account_unavailable"},
                )
                raise SsoAccountUnavailable()
            await identities.record_login(identity.id, email=mapped.email, display_name=mapped.display_name)
            return identity.user_id

        if mapped.email is None:
            await self.audit.record(
                AuditEventName.LOGIN_FAILED,
                org_id=connection.org_id,
                user_id=None,
                ip=ip,
                metadata={**context, "reason": "email_missing"},
            )
            raise SsoEmailMissing()
        user_id = await add_sso_user_if_email_free(self.session, mapped.email)
        if user_id is None:
            # Which account holds the address (and in which org) is not recorded in this org's chain.
            await self.audit.record(
                AuditEventName.SSO_LINK_REFUSED,
                org_id=connection.org_id,
                user_id=None,
                ip=ip,
                metadata={**context, "reason": "email_in_use"},
            )
            raise SsoAccountExists()
        await MembershipRepository(self.session, connection.org_id).add(user_id, Role.MEMBER)
        created = await identities.add_if_absent(
            connection_id=connection.id,
            subject=subject,
            user_id=user_id,
            email=mapped.email,
            display_name=mapped.display_name,
        )
        if not created:  # a concurrent first login of the same subject won: this one leaves nothing behind
            await self._refuse(connection, "concurrent_first_login", ip, SsoResponseRejected())
        await self.audit.record(
            AuditEventName.SSO_USER_PROVISIONED,
            org_id=connection.org_id,
            user_id=user_id,
            ip=ip,
            metadata={**context, "role": Role.MEMBER.value},
        )
        return user_id

    async def _complete(
        self, flow: SsoLoginFlow, connection: SsoConnection, user_id: uuid.UUID, relay: str, ip: str | None
    ) -> str:
        code, code_hash = new_one_time_code()
        now = utcnow()
        flow.user_id = user_id
        flow.exchange_code_hash = code_hash
        flow.code_expires_at = now + timedelta(seconds=self.settings.sso_code_ttl_seconds)
        flow.expires_at = max(flow.expires_at, flow.code_expires_at)
        await SsoConnectionRepository(self.session, connection.org_id).mark_login(connection.id)
        await self.audit.record(
            AuditEventName.SSO_LOGIN,
            org_id=connection.org_id,
            user_id=user_id,
            ip=ip,
            metadata={"method": connection.protocol, "connection_id": str(connection.id)},
        )
        await self.session.flush()
        return f"{relay}#{CODE_FRAGMENT_NAME}={code}"

    # --- 3. code -> tokens -------------------------------------------------------------------------------------

    async def exchange(self, code: str, *, cookie: str | None, ip: str | None) -> LoginOutcome:
        flow = await find_flow_by_code_for_update_unscoped(self.session, hash_one_time_code(code))
        reason = None
        if flow is None:
            reason = "unknown_code"
        elif flow.exchanged_at is not None:
            reason = "code_already_used"
        elif flow.code_expires_at is None or flow.code_expires_at <= utcnow():
            reason = "code_expired"
        elif read_flow_cookie(self.settings, cookie) != flow.id:
            reason = "other_browser"
        if reason is not None or flow is None or flow.user_id is None:
            await self.audit.record(
                AuditEventName.LOGIN_FAILED,
                org_id=flow.org_id if flow else None,
                user_id=flow.user_id if flow else None,
                ip=ip,
                metadata={"method": flow.protocol if flow else "sso", "reason": reason or "unknown_code"},
            )
            raise SsoCodeInvalid()
        flow.exchanged_at = utcnow()
        # The flow was found by its code, across orgs; from here on this request acts for the flow's org.
        act_for_org(self.session, flow.org_id)
        await self.session.flush()
        membership = await MembershipRepository(self.session, flow.org_id).get_by_user(flow.user_id)
        verified = VerifiedUser(
            user_id=flow.user_id, org_id=flow.org_id, role=Role(membership.role) if membership else Role.MEMBER
        )
        # The one seam of every first factor: a user with 2FA gets an mfa-pending answer, not tokens.
        return await IdentityService(self.session, self.settings).finish_first_factor(
            verified, method=flow.protocol, ip=ip
        )
