"""The text of each account email. Plain text only: nothing to render, nothing to inject into."""

from __future__ import annotations

from urllib.parse import quote

from orca_core.mail import OutgoingMail


def _link(base_url: str, path: str, token: str) -> str:
    return f"{base_url.rstrip('/')}{path}?token={quote(token, safe='')}"


def verify_email(*, to: str, base_url: str, token: str, ttl_hours: int) -> OutgoingMail:
    link = _link(base_url, "/verify-email", token)
    text = (
        "Welcome to orca.\n\n"
        "Confirm that this is your email address by opening the link below (or by sending its token to\n"
        'POST /api/v1/auth/verify-email as {"token": "..."}):\n\n'
        f"{link}\n\n"
        f"The link works once and expires in {ttl_hours} hours. If you did not sign up, ignore this email.\n"
    )
    return OutgoingMail("verify_email", to, "Confirm your email address for orca", text)


def account_exists(*, to: str, base_url: str) -> OutgoingMail:
    text = (
        "Someone (perhaps you) tried to create an orca account with this email address, which already has one.\n\n"
        f"To sign in, go to {base_url.rstrip('/')}. If you forgot your password, request a reset\n"
        "(POST /api/v1/auth/password-reset/request). If this was not you, you can ignore this email: nothing\n"
        "was changed.\n"
    )
    return OutgoingMail("account_exists", to, "You already have an orca account", text)


def password_reset(*, to: str, base_url: str, token: str, ttl_minutes: int) -> OutgoingMail:
    link = _link(base_url, "/reset-password", token)
    text = (
        "A password reset was requested for your orca account.\n\n"
        "Choose a new password by opening the link below (or by sending its token and the new password to\n"
        "POST /api/v1/auth/password-reset/complete):\n\n"
        f"{link}\n\n"
        f"The link works once and expires in {ttl_minutes} minutes. Resetting signs out every session;\n"
        "two-factor authentication stays on. If you did not ask for this, ignore this email.\n"
    )
    return OutgoingMail("password_reset", to, "Reset your orca password", text)


def password_changed(*, to: str) -> OutgoingMail:
    text = (
        "The password of your orca account was just changed, and your other sessions were signed out.\n\n"
        "If this was not you, reset your password now and tell your organisation's administrator.\n"
    )
    return OutgoingMail("password_changed", to, "Your orca password was changed", text)
