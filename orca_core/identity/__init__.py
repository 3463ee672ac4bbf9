"""Accounts and sessions: users, password login, access and refresh tokens.

Later identity features (email verification, 2FA, SSO, rate limits) plug in at `service.IdentityService`:
login is split into "check the first factor" and "issue a session", so a second step can sit between them.
"""
