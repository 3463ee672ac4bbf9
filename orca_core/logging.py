"""Structured JSON logs (structlog) shared by the API, the worker and the CLI.

Context such as `request_id` or `job_id` is bound through contextvars (`bind_context`) and lands on every line
of that request or job. Log calls pass identifiers and counts, never values: a last-line defence,
`redact_secrets`, replaces any field whose name looks like a credential, whatever the caller passed.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import MutableMapping
from typing import Any

import structlog

SECRET_KEY_PARTS = ("password", "passwd", "secret", "token", "authorization", "cookie", "api_key", "apikey", "otp")
REDACTED = "[redacted]"


def redact_secrets(_logger: Any, _method: str, event_dict: MutableMapping[str, Any]) -> MutableMapping[str, Any]:
    for key in list(event_dict):
        lowered = key.lower()
        if any(part in lowered for part in SECRET_KEY_PARTS):
            event_dict[key] = REDACTED
    return event_dict


_configured = False
QUIET_LOGGERS = ("httpx", "httpcore", "urllib3", "botocore", "boto3", "s3transfer", "google_genai")


class _CurrentStdout:
    """Writes to whatever `sys.stdout` is at the moment of writing, not when logging was configured (a
    process or a test harness may swap stdout after configuration; lines must follow it)."""

    def write(self, text: str) -> int:
        return sys.stdout.write(text)

    def flush(self) -> None:
        sys.stdout.flush()


def configure_logging(level: str = "info") -> None:
    """Idempotent: the API factory, the worker and the CLI may each call it."""
    global _configured
    numeric_level = logging.getLevelName(level.upper())
    logging.basicConfig(format="%(message)s", stream=_CurrentStdout(), level=numeric_level, force=not _configured)
    # HTTP client libraries log every request's full URL (query strings included) at INFO: keep them to warnings.
    for noisy in QUIET_LOGGERS:
        logging.getLogger(noisy).setLevel(max(numeric_level, logging.WARNING))
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            redact_secrets,
            structlog.processors.format_exc_info,
            structlog.processors.JSONRenderer(),
        ],
        wrapper_class=structlog.make_filtering_bound_logger(numeric_level),
        logger_factory=structlog.PrintLoggerFactory(file=_CurrentStdout()),  # type: ignore[arg-type]
        cache_logger_on_first_use=False,
    )
    _configured = True


def get_logger(name: str) -> Any:
    return structlog.get_logger(name)


def bind_context(**values: Any) -> None:
    structlog.contextvars.bind_contextvars(**values)


def clear_context() -> None:
    structlog.contextvars.clear_contextvars()
