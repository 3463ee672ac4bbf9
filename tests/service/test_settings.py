"""Settings refuse weak secrets outside development (battery C16)."""

from __future__ import annotations

import base64
import re
import secrets
from pathlib import Path

import pytest
from pydantic import ValidationError

from orca_core.settings import DEV_JWT_SECRET, Settings

STRONG_DB = {
    "database_url": f"postgresql+asyncpg://orca_app:{secrets.token_urlsafe(24)}@db:5432/orca",
    "migration_database_url": f"postgresql+asyncpg://orca_owner:{secrets.token_urlsafe(24)}@db:5432/orca",
    # issue 4: production also needs its own TOTP seed key (tests/service/test_2fa.py checks the refusals)
    "totp_encryption_key": base64.b64encode(secrets.token_bytes(32)).decode(),
}


def production(**values) -> Settings:
    return Settings(_env_file=None, environment="production", **{**STRONG_DB, **values})  # type: ignore[call-arg]


def env_example_value(name: str) -> str:
    text = (Path(__file__).resolve().parents[2] / ".env.example").read_text()
    match = re.search(rf"^#?\s*{name}=(.*)$", text, re.MULTILINE)
    assert match, name
    return match.group(1).strip()


def test_c16_production_accepts_a_strong_secret():
    settings = production(jwt_secret=secrets.token_urlsafe(64))
    assert settings.environment == "production"


@pytest.mark.parametrize(
    "secret",
    [
        secrets.token_urlsafe(40),  # random but shorter than 64 characters
        "a" * 80,  # long, one distinct character
        "abab" * 20,  # long, low entropy
        "0123456789" * 8,  # 10 distinct characters
        DEV_JWT_SECRET,  # the development default
        "change-me",
    ],
)
def test_c16_production_refuses_weak_jwt_secrets(secret):
    with pytest.raises(ValidationError) as raised:
        production(jwt_secret=secret)
    assert "ORCA_JWT_SECRET" in str(raised.value)
    assert secret not in str(raised.value)  # the message names the setting, never the value


def test_c16_production_refuses_the_env_example_values():
    with pytest.raises(ValidationError):
        production(jwt_secret=env_example_value("ORCA_JWT_SECRET"))
    with pytest.raises(ValidationError):
        production(jwt_secret=secrets.token_urlsafe(64), database_url=env_example_value("ORCA_DATABASE_URL"))


def test_production_refuses_low_bcrypt_cost():
    with pytest.raises(ValidationError):
        production(jwt_secret=secrets.token_urlsafe(64), bcrypt_rounds=10)


def test_development_and_test_accept_the_defaults():
    assert Settings(_env_file=None, environment="development").jwt_secret.get_secret_value() == DEV_JWT_SECRET  # type: ignore[call-arg]
    assert Settings(_env_file=None, environment="test").access_token_ttl_seconds == 900  # type: ignore[call-arg]


def test_environment_variables_are_read_with_the_orca_prefix(monkeypatch):
    monkeypatch.setenv("ORCA_ENVIRONMENT", "test")
    monkeypatch.setenv("ORCA_CORS_ALLOW_ORIGINS", "https://a.example, https://b.example")
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    assert settings.cors_allow_origins == ["https://a.example", "https://b.example"]


@pytest.mark.parametrize("origin", ["*", "null", "https://a.example/", "a.example"])
def test_cors_allowlist_takes_exact_origins_only(origin):
    with pytest.raises(ValidationError):
        Settings(_env_file=None, cors_allow_origins=[origin])  # type: ignore[call-arg]


def test_secrets_do_not_show_in_the_settings_repr():
    secret = secrets.token_urlsafe(64)
    settings = production(jwt_secret=secret)
    assert secret not in repr(settings) and secret not in str(settings.model_dump())
