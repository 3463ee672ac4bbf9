"""Test identity providers that speak the real protocols (a signing SAML IdP, an OIDC provider on 127.0.0.1)."""
