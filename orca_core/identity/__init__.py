"""Accounts and sessions: users, email verification, passwords, access and refresh tokens, TOTP 2FA.

- service.py: signing in. A first factor (password here, SSO in orca_core/sso) ends in
  `IdentityService.finish_first_factor`, which alone decides between a session, a 2FA-pending token and an
  enrolment-only token. Also refresh, logout and the per-request `authenticate`.
- accounts.py: registration, email verification, password change and reset (emails through orca_core.mail).
- twofactor.py and totp.py: enrolment, the login step, backup codes; seeds encrypted per user.
- tokens.py: every token type and the checks that keep each in its lane.
"""
