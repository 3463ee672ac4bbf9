"""Single sign-on: per-org SAML 2.0 and OIDC connections, JIT provisioning, and SSO enforcement.

See docs/sso.md for the flows and what is checked. The API layer only parses requests and sets cookies; every
decision (which connection, which user, accept or refuse an IdP's answer) is made here.
"""
