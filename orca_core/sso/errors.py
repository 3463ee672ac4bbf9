"""SSO failures, each with a stable code.

Errors raised after something was audited (a refused IdP answer, a refused password login under enforcement)
set `keep_changes`, so the audit row (and the spent login flow) survive the failed request.
"""

from __future__ import annotations

from orca_core.errors import AuthenticationRequired, BadRequest, Conflict, OrcaError, PermissionDenied, ValidationFailed


class SsoRequired(PermissionDenied):
    code = "sso_required"
    detail = "Your organisation requires single sign-on: sign in through its identity provider."
    keep_changes = True


class SsoConfigInvalid(ValidationFailed):
    """An admin's connection settings are unusable; `detail` says which part and why (never echoing secrets)."""

    code = "sso_config_invalid"
    detail = "The SSO connection settings are not valid."


class SsoDiscoveryFailed(ValidationFailed):
    code = "sso_discovery_failed"
    detail = "The OIDC issuer's discovery document or key set could not be used."


class SsoEncryptionKeyMissing(Conflict):
    code = "sso_encryption_key_missing"
    detail = "ORCA_SSO_ENCRYPTION_KEY must be set before OIDC client secrets can be stored."


class SsoEnforcementNeedsConnection(Conflict):
    code = "sso_enforcement_needs_connection"
    detail = (
        "SSO enforcement needs at least one enabled connection through which someone has already signed in "
        "successfully."
    )


class SsoFlowMissing(BadRequest):
    """No login of this browser is in progress: no cookie, a forged cookie, or an expired or spent flow.

    It is also what an unsolicited (IdP-initiated) SAML response gets.
    """

    code = "sso_flow_missing"
    detail = "No single sign-on started from this browser is waiting for this answer; start the sign-in again."
    keep_changes = True


class SsoResponseRejected(AuthenticationRequired):
    """The IdP's answer failed a check. The precise reason is in the audit log, not in the response."""

    code = "sso_response_rejected"
    detail = "The identity provider's answer could not be accepted; start the sign-in again."
    keep_changes = True


class SsoAccountExists(Conflict):
    """E28: the asserted email belongs to an existing account, which an IdP may never take over."""

    code = "sso_account_exists"
    detail = (
        "An account with this email address already exists and cannot be signed in through this identity "
        "provider. Sign in with that account, or ask your admin."
    )
    keep_changes = True


class SsoEmailMissing(AuthenticationRequired):
    code = "sso_email_missing"
    detail = "The identity provider did not assert a usable, verified email address for this user."
    keep_changes = True


class SsoAccountUnavailable(PermissionDenied):
    """The identity is known but its account is disabled or no longer a member of the connection's org."""

    code = "sso_account_unavailable"
    detail = "This account cannot sign in to the organisation; ask your admin."
    keep_changes = True


class SsoCodeInvalid(AuthenticationRequired):
    code = "sso_code_invalid"
    detail = "The sign-in code is invalid, expired, already used or was issued to another browser."
    keep_changes = True


class SsoIdpError(OrcaError):
    """The IdP answered the callback with an OAuth error (e.g. the user cancelled)."""

    status_code = 400
    code = "sso_idp_error"
    detail = "The identity provider did not sign the user in."
    keep_changes = True
