"""Service configuration, read from `ORCA_*` environment variables (and an optional `.env` file).

The API, the worker and the CLI all read the same `Settings`. Outside `development` and `test` the settings
refuse to load with placeholder or weak secrets, so a production process cannot start with the sample values
of `.env.example` or a guessable JWT secret.
"""

from __future__ import annotations

import math
from collections import Counter
from functools import lru_cache
from typing import Annotated, Literal

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict
from sqlalchemy.engine import make_url

Environment = Literal["development", "test", "production"]

# Values that appear in .env.example, the docs or the development defaults below. A production process that
# finds one of them in a secret refuses to start.
SAMPLE_SECRETS = frozenset(
    {
        "change-me",
        "changeme",
        "secret",
        "password",
        "orca_owner_dev_password",
        "orca_app_dev_password",
        "dev-only-jwt-secret-do-not-use-in-production-0123456789abcdefghijklmnopqrstuvwxyz",
        "REPLACE_ME_with_at_least_64_random_characters_from_a_password_manager_or_openssl_rand",
    }
)
JWT_SECRET_MIN_LENGTH = 64
JWT_SECRET_MIN_BITS_PER_CHAR = 4.0
JWT_SECRET_MIN_DISTINCT_CHARS = 20
PRODUCTION_BCRYPT_ROUNDS = 12

DEV_OWNER_URL = "postgresql+asyncpg://orca_owner:orca_owner_dev_password@127.0.0.1:5432/orca"
DEV_RUNTIME_URL = "postgresql+asyncpg://orca_app:orca_app_dev_password@127.0.0.1:5432/orca"
DEV_JWT_SECRET = "dev-only-jwt-secret-do-not-use-in-production-0123456789abcdefghijklmnopqrstuvwxyz"  # noqa: S105 (refused in production)


class WeakSecretError(ValueError):
    """A secret fails the production policy. The message names the setting, never the value."""


def shannon_bits_per_char(text: str) -> float:
    counts = Counter(text)
    total = len(text)
    return -sum(n / total * math.log2(n / total) for n in counts.values()) if total else 0.0


def jwt_secret_problem(secret: str) -> str | None:
    """Why `secret` is not fit to sign production tokens, or None when it is."""
    if secret in SAMPLE_SECRETS or any(sample in secret for sample in SAMPLE_SECRETS if len(sample) >= 16):
        return "is a published sample value"
    if len(secret) < JWT_SECRET_MIN_LENGTH:
        return f"is shorter than {JWT_SECRET_MIN_LENGTH} characters"
    if len(set(secret)) < JWT_SECRET_MIN_DISTINCT_CHARS:
        return f"has fewer than {JWT_SECRET_MIN_DISTINCT_CHARS} distinct characters"
    if shannon_bits_per_char(secret) < JWT_SECRET_MIN_BITS_PER_CHAR:
        return f"has less than {JWT_SECRET_MIN_BITS_PER_CHAR} bits of entropy per character"
    return None


def _csv_list(value: object) -> object:
    """Lists come from the environment as comma-separated strings (`ORCA_CORS_ALLOW_ORIGINS=a,b`)."""
    if isinstance(value, str):
        return [item.strip() for item in value.split(",") if item.strip()]
    return value


class Settings(BaseSettings):
    # hide_input_in_errors: a refused secret must not be echoed into the start-up error (and the logs).
    model_config = SettingsConfigDict(
        env_prefix="ORCA_", env_file=".env", extra="ignore", frozen=True, hide_input_in_errors=True
    )

    environment: Environment = "development"

    # The runtime role: what the API and the worker connect as. It does not own the tables.
    database_url: SecretStr = SecretStr(DEV_RUNTIME_URL)
    # The owner role: runs the migrations and owns the tables; the CLI's `orca audit verify` uses it too.
    migration_database_url: SecretStr = SecretStr(DEV_OWNER_URL)
    # A superuser (or CREATEROLE + CREATEDB) URL, used only by `orca db bootstrap` to create the two roles and
    # the database on a development machine. Never needed by the running service.
    admin_database_url: SecretStr | None = None
    database_pool_size: int = Field(default=10, ge=1, le=100)

    redis_url: SecretStr = SecretStr("redis://127.0.0.1:6379/0")

    jwt_secret: SecretStr = SecretStr(DEV_JWT_SECRET)
    jwt_issuer: str = "orca"
    jwt_audience: str = "orca-api"
    access_token_ttl_seconds: int = Field(default=15 * 60, ge=60, le=60 * 60)
    refresh_token_ttl_seconds: int = Field(default=30 * 24 * 3600, ge=3600)
    # Seconds of clock skew accepted on exp/iat/nbf.
    jwt_leeway_seconds: int = Field(default=10, ge=0, le=60)

    # bcrypt work factor. 12 everywhere except the test suite, which may lower it to keep tests fast.
    bcrypt_rounds: int = Field(default=PRODUCTION_BCRYPT_ROUNDS, ge=4, le=16)

    # Exact origins (scheme://host[:port]) allowed to call the API from a browser.
    cors_allow_origins: Annotated[list[str], NoDecode] = Field(default_factory=list)
    # Peers (IPs or CIDRs) whose X-Forwarded-For is believed, e.g. the load balancer. Empty: none.
    trusted_proxies: Annotated[list[str], NoDecode] = Field(default_factory=list)

    log_level: Literal["debug", "info", "warning", "error"] = "info"

    # Object storage (any S3-protocol endpoint; moto's server in development and tests). No endpoint: AWS.
    s3_endpoint_url: str | None = None
    s3_region: str = "us-east-1"
    s3_bucket: str = "orca-uploads"
    s3_prefix: str = "uploads"
    # Leave unset to use boto3's usual credential chain (instance role, AWS_* variables).
    s3_access_key_id: SecretStr | None = None
    s3_secret_access_key: SecretStr | None = None
    # Development only: create the bucket (versioned) at start-up when it does not exist.
    s3_create_bucket: bool = False

    # Uploads: the size limit is counted while the body streams; parts of this size go to S3 as they fill.
    upload_max_bytes: int = Field(default=2 * 1024**3, ge=1)
    upload_part_bytes: int = Field(default=8 * 1024 * 1024, ge=5 * 1024 * 1024)
    # Bytes of the head examined by the upload prescan (format sniffing, raw-password detector).
    prescan_head_bytes: int = Field(default=256 * 1024, ge=4096, le=8 * 1024 * 1024)

    # The ARQ queue. Tests use a private name so parallel runs on one Redis never share jobs.
    queue_name: str = "orca:queue"
    job_timeout_seconds: int = Field(default=3600, ge=1)
    job_max_tries: int = Field(default=5, ge=1, le=50)
    # The worker's sweeper enqueues `queued` jobs older than this whose ARQ job is missing (Redis was down).
    sweeper_min_age_seconds: float = Field(default=30.0, ge=0)
    # Test only (refused elsewhere): the worker pauses this long after marking a job running, so a test can
    # kill it mid-job deterministically.
    worker_test_pause_seconds: float = Field(default=0.0, ge=0)

    # Rate limits (`limits` expressions, counted in Redis and shared by every API process). Auth endpoints are
    # limited per client IP, and per account where the request names one; over the limit: 429 + Retry-After.
    rate_limit_key_prefix: str = "orca:rl"
    rate_limit_auth_per_ip: str = "20/minute"
    rate_limit_auth_per_account: str = "10/15 minutes"
    rate_limit_prescan_per_user: str = "30/minute"
    rate_limit_ws_per_ip: str = "30/minute"

    @field_validator(
        "rate_limit_auth_per_ip",
        "rate_limit_auth_per_account",
        "rate_limit_prescan_per_user",
        "rate_limit_ws_per_ip",
    )
    @classmethod
    def _limits_parse(cls, expression: str) -> str:
        from orca_core.ratelimit import validate_limit

        return validate_limit(expression)

    @field_validator("cors_allow_origins", "trusted_proxies", mode="before")
    @classmethod
    def _split_lists(cls, value: object) -> object:
        return _csv_list(value)

    @field_validator("cors_allow_origins")
    @classmethod
    def _origins_are_exact(cls, origins: list[str]) -> list[str]:
        for origin in origins:
            if origin == "*" or origin == "null" or origin.endswith("/") or "://" not in origin:
                raise ValueError("each CORS origin must be an exact scheme://host[:port], never '*' or 'null'")
        return [origin.lower() for origin in origins]

    @model_validator(mode="after")
    def _refuse_weak_secrets_outside_development(self) -> Settings:
        if self.worker_test_pause_seconds and self.environment != "test":
            raise ValueError("ORCA_WORKER_TEST_PAUSE_SECONDS is for the test suite only")
        if self.environment in ("development", "test"):
            return self
        problem = jwt_secret_problem(self.jwt_secret.get_secret_value())
        if problem:
            raise WeakSecretError(f"ORCA_JWT_SECRET {problem}; generate one with `openssl rand -base64 66`")
        for name in ("database_url", "migration_database_url", "redis_url"):
            url: SecretStr = getattr(self, name)
            password = _url_password(url.get_secret_value())
            if password is not None and (password in SAMPLE_SECRETS or len(password) < 16):
                raise WeakSecretError(f"ORCA_{name.upper()} carries a sample or short password")
        if self.bcrypt_rounds < PRODUCTION_BCRYPT_ROUNDS:
            raise WeakSecretError(f"ORCA_BCRYPT_ROUNDS must be at least {PRODUCTION_BCRYPT_ROUNDS} in production")
        return self

    @property
    def runtime_role(self) -> str:
        """The runtime role's name: the user of `database_url`. Migrations grant to it."""
        role = make_url(self.database_url.get_secret_value()).username
        if not role:
            raise ValueError("ORCA_DATABASE_URL must name the runtime role as its user")
        return role


def _url_password(url: str) -> str | None:
    from urllib.parse import unquote, urlsplit

    password = urlsplit(url).password
    return unquote(password) if password is not None else None


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
