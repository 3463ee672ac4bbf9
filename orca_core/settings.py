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
# Issue 4: the TOTP seed encryption key (base64 of 32 bytes). The development default and the .env.example
# sample are refused in production.
DEV_TOTP_ENCRYPTION_KEY = "b3JjYS1kZXYtb25seS10b3RwLWtleS0zMi1ieXRlcyE="  # refused in production
SAMPLE_TOTP_ENCRYPTION_KEYS = frozenset({DEV_TOTP_ENCRYPTION_KEY, "UkVQTEFDRS1NRS1zYW1wbGUtdG90cC1rZXktMzJieSE="})
# Issue 4 SSO: the .env.example sample of ORCA_SSO_ENCRYPTION_KEY, refused in production.
SAMPLE_SSO_KEYS = frozenset({"UkVQTEFDRS1NRS1zYW1wbGUtc3NvLWtleS0zMmJ5dCE="})


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

    # Audit-chain anchors (orca_core/audit/anchor.py): where the worker writes each chain's head every minute.
    # Production: a separate bucket with versioning and Object Lock (compliance mode). Unset: the upload bucket.
    audit_anchor_bucket: str | None = None
    audit_anchor_prefix: str = "audit-anchors"

    # Uploads: the size limit is counted while the body streams; parts of this size go to S3 as they fill.
    upload_max_bytes: int = Field(default=2 * 1024**3, ge=1)
    # Per-user quotas: raw bytes kept in storage and files, over the user's uploads that still hold bytes.
    # Past them an upload is refused (429 for the file count, 413 for bytes) and audited `quota_exceeded`.
    quota_user_bytes: int = Field(default=50 * 1024**3, ge=1)
    quota_user_files: int = Field(default=10_000, ge=1)
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

    # --- LLM classification (issue 5, docs/llm.md): no key, built-in classification only ---
    gemini_api_key: SecretStr | None = None
    gemini_model: str = Field(default="gemini-2.5-flash", pattern=r"^[A-Za-z0-9._-]{1,80}$")
    # A local server speaking the generateContent wire format (tests, development); unset: Google's endpoint.
    gemini_base_url: str | None = None
    gemini_timeout_seconds: float = Field(default=30.0, gt=0, le=600)
    gemini_max_attempts: int = Field(default=3, ge=1, le=10)  # per request; 429/5xx/timeouts back off and retry
    gemini_retry_base_seconds: float = Field(default=1.0, ge=0, le=60)
    gemini_max_output_tokens: int = Field(default=4096, ge=256, le=65536)
    # Tokens (in + out) each org may spend per calendar month (UTC); 0 stops every request.
    llm_org_monthly_token_budget: int = Field(default=2_000_000, ge=0)
    llm_mask_timeout_seconds: float = Field(default=10.0, gt=0, le=300)
    llm_samples_per_column: int = Field(default=20, ge=1, le=100)
    llm_columns_per_request: int = Field(default=50, ge=1, le=500)

    @field_validator("gemini_api_key", mode="before")
    @classmethod
    def _empty_key_is_no_key(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    # Rate limits (`limits` expressions, counted in Redis and shared by every API process). Auth endpoints are
    # limited per client IP, and per account where the request names one; over the limit: 429 + Retry-After.
    rate_limit_key_prefix: str = "orca:rl"
    rate_limit_auth_per_ip: str = "20/minute"
    rate_limit_auth_per_account: str = "10/15 minutes"
    rate_limit_prescan_per_user: str = "30/minute"
    rate_limit_ws_per_ip: str = "30/minute"

    # Live progress (`WS /api/v1/ws/jobs/{id}`, api/routers/ws.py): a ticket lives this long and opens one socket;
    # the socket must present it within `ws_auth_timeout_seconds`, is closed (1000) after `ws_max_connection_seconds`
    # and re-checks its session this often, so a logout closes it (1008) within that interval plus a query.
    ws_ticket_ttl_seconds: int = Field(default=30, ge=1, le=300)
    ws_auth_timeout_seconds: float = Field(default=5.0, gt=0, le=60)
    ws_max_connection_seconds: float = Field(default=600.0, gt=0, le=3600)
    ws_session_check_seconds: float = Field(default=2.0, gt=0, le=4)

    # --- Accounts, email and 2FA (issue 4; README "Accounts and sign-in") ---
    # Links in emails point here (e.g. {public_base_url}/verify-email?token=...).
    public_base_url: str = "http://127.0.0.1:8000"
    # Outgoing mail. `make run` points these at a local aiosmtpd sink; `orca dev mail` shows what it received.
    smtp_host: str = "127.0.0.1"
    smtp_port: int = Field(default=1025, ge=1, le=65535)
    # none | starttls | tls (implicit TLS, usually port 465). Production refuses `none` to a non-loopback host.
    smtp_security: Literal["none", "starttls", "tls"] = "none"
    smtp_username: str | None = None
    smtp_password: SecretStr | None = None
    smtp_from: str = "orca <no-reply@orca.localhost>"
    smtp_timeout_seconds: float = Field(default=10.0, gt=0, le=120)
    # The JSON Lines file the development mail sink writes and `orca dev mail` reads (unset: the services dir).
    dev_mailbox_path: str | None = None
    email_verification_ttl_seconds: int = Field(default=24 * 3600, ge=300, le=7 * 24 * 3600)
    password_reset_ttl_seconds: int = Field(default=3600, ge=300, le=24 * 3600)
    # AES-256-GCM key of the TOTP seeds: base64 of exactly 32 random bytes (`openssl rand -base64 32`).
    totp_encryption_key: SecretStr = SecretStr(DEV_TOTP_ENCRYPTION_KEY)
    totp_issuer: str = Field(default="orca", min_length=1, max_length=60)
    # Wrong second-factor codes in a row before the account's 2FA step locks; each further lock doubles.
    mfa_max_failures: int = Field(default=5, ge=1, le=20)
    mfa_lockout_seconds: int = Field(default=900, ge=1, le=24 * 3600)

    # --- Single sign-on (issue 4, docs/sso.md). SAML and OIDC URLs are built from `public_base_url`. ---
    # AES-256-GCM key of stored OIDC client secrets: base64 of 32 random bytes (`openssl rand -base64 32`).
    # Unset: development and test derive one from the JWT secret; production refuses to store client secrets.
    sso_encryption_key: SecretStr | None = None
    # Development and tests only (refused in production): OIDC issuers on http:// or private/loopback addresses.
    sso_allow_insecure_issuers: bool = False
    # How long a browser has to come back from the IdP, and to exchange the one-time code it then receives.
    sso_flow_ttl_seconds: int = Field(default=600, ge=60, le=3600)
    sso_code_ttl_seconds: int = Field(default=60, ge=10, le=600)
    sso_http_timeout_seconds: float = Field(default=10.0, gt=0, le=60)

    @field_validator("sso_encryption_key", mode="before")
    @classmethod
    def _sso_key_is_32_bytes(cls, value: object) -> object:
        import base64
        import binascii

        raw = value.get_secret_value() if isinstance(value, SecretStr) else value
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            return None
        try:
            decoded = base64.b64decode(str(raw), validate=True)
        except (binascii.Error, ValueError):
            decoded = b""
        if len(decoded) != 32:  # the message names the setting, never the value
            raise ValueError("ORCA_SSO_ENCRYPTION_KEY must be base64 of exactly 32 bytes (`openssl rand -base64 32`)")
        return value

    @field_validator("totp_encryption_key")
    @classmethod
    def _totp_key_is_32_bytes(cls, key: SecretStr) -> SecretStr:
        import base64
        import binascii

        try:
            decoded = base64.b64decode(key.get_secret_value(), validate=True)
        except (binascii.Error, ValueError):
            decoded = b""
        if len(decoded) != 32:  # the message names the setting, never the value
            raise ValueError("ORCA_TOTP_ENCRYPTION_KEY must be base64 of exactly 32 bytes (`openssl rand -base64 32`)")
        return key

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
        if self.gemini_base_url is not None and not self.gemini_base_url.startswith("https://"):
            raise ValueError("ORCA_GEMINI_BASE_URL must be https:// outside development and test")
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
        if self.totp_encryption_key.get_secret_value() in SAMPLE_TOTP_ENCRYPTION_KEYS:
            raise WeakSecretError("ORCA_TOTP_ENCRYPTION_KEY is missing or a sample: `openssl rand -base64 32`")
        if self.smtp_security == "none" and self.smtp_host not in ("127.0.0.1", "::1", "localhost"):
            raise WeakSecretError("ORCA_SMTP_SECURITY=none is only allowed to a loopback relay in production")
        if self.sso_allow_insecure_issuers:
            raise ValueError("ORCA_SSO_ALLOW_INSECURE_ISSUERS is for development and tests only")
        if self.sso_encryption_key is not None and self.sso_encryption_key.get_secret_value() in SAMPLE_SSO_KEYS:
            raise WeakSecretError("ORCA_SSO_ENCRYPTION_KEY is a sample; generate one: openssl rand -base64 32")
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
