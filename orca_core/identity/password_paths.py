"""Whether an account may use a password at all: the one question every password path asks.

Password login, password change and password reset all call `password_use_allowed` after their own checks
(login: after bcrypt, so the answer costs the same). SSO enforcement (orca_core/sso/enforcement.py) answers
here for members of orgs that require single sign-on, so no password path needs to know about SSO.
"""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from orca_core.sso.enforcement import password_use_allowed as sso_allows_password


async def password_use_allowed(session: AsyncSession, user_id: uuid.UUID) -> bool:
    # SSO enforcement (issue 4): members of an org that enforces SSO may not use a password; owners with 2FA may.
    return await sso_allows_password(session, user_id)
