"""Sending one `EgressRequest` to Gemini with the official async google-genai client.

* Structured output: `responseMimeType: application/json` and `responseJsonSchema` (contract.response_schema).
* Timeouts per attempt (the SDK's, with an asyncio backstop), retries with exponential backoff and jitter on 429,
  5xx, timeouts and unreachable endpoints (a `Retry-After` is honoured up to the cap). The SDK's own retries are
  off so that every attempt is seen, and recorded, here.
* The exact bytes of every request body are captured at the HTTP layer (a recording httpx transport under the
  SDK): the ledger hashes what really went out, not a re-serialisation of it. A `pre_send` hook receives those
  bytes before they are handed to the network (the worker stores them there); if it fails, the request is not
  sent and the run stops (`egress_not_recorded`).

Errors are reduced to outcome codes (`http_429`, `timeout`, ...): an exception's message can echo a response body
and is never logged or stored.
"""

from __future__ import annotations

import asyncio
import hashlib
import random
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import httpx

from orca_core.llm.config import LlmConfig
from orca_core.llm.contract import SYSTEM_INSTRUCTION, InvalidAnswer, ParsedAnswer, parse_answer, response_schema
from orca_core.llm.payload import EgressRequest, check_request
from orca_core.logging import get_logger

log = get_logger("orca.llm")

RETRY_MAX_SECONDS = 30.0
_RETRYABLE_STATUS = frozenset({408, 429, 500, 502, 503, 504})


@dataclass(frozen=True)
class Attempt:
    """One HTTP attempt. `body` is exactly what went out (None when nothing left the process)."""

    number: int
    body: bytes | None
    egress_id: str | None  # what `pre_send` returned for this body (the stored copy's id), if anything
    outcome: str
    http_status: int | None
    tokens_in: int
    tokens_out: int
    latency_ms: int

    @property
    def request_sha256(self) -> str | None:
        return hashlib.sha256(self.body).hexdigest() if self.body is not None else None


# Called after each attempt that sent bytes; returns the ledger's id for it (None when there is no ledger).
AttemptRecorder = Callable[[Attempt, EgressRequest], Awaitable[int | None]]
# Called with the exact body bytes before they go on the wire; returns the stored copy's id. Raising stops the send.
PreSend = Callable[[bytes], Awaitable[str | None]]


class EgressNotRecorded(Exception):
    """A body could not be stored before sending: it was not sent. `attempts` are the earlier ones, which were."""

    def __init__(self, attempts: list[tuple[Attempt, int | None]] | None = None) -> None:
        super().__init__("egress_not_recorded")
        self.attempts = attempts or []


@dataclass
class SendResult:
    outcome: str  # the last attempt's outcome, or "ok"
    parsed: ParsedAnswer | None
    attempts: list[tuple[Attempt, int | None]] = field(default_factory=list)

    @property
    def tokens_used(self) -> int:
        return sum(attempt.tokens_in + attempt.tokens_out for attempt, _ in self.attempts)


class _RecordingTransport(httpx.AsyncBaseTransport):
    """Delegates to httpx's transport; hands each request body to `pre_send` first and keeps it, and keeps the
    last response's status."""

    def __init__(self) -> None:
        self._inner = httpx.AsyncHTTPTransport(retries=0)
        self.pre_send: PreSend | None = None
        self.body: bytes | None = None
        self.egress_id: str | None = None
        self.refused = False
        self.status: int | None = None
        self.retry_after: str | None = None

    def reset(self) -> None:
        self.body, self.egress_id, self.refused, self.status, self.retry_after = None, None, False, None, None

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        body = request.content
        if self.pre_send is not None:
            try:
                self.egress_id = await self.pre_send(body)
            except Exception as error:
                self.refused = True
                log.error("llm_egress_not_recorded", error_type=type(error).__name__)
                raise EgressNotRecorded() from None
        self.body = body
        response = await self._inner.handle_async_request(request)
        self.status = response.status_code
        self.retry_after = response.headers.get("retry-after")
        return response

    async def aclose(self) -> None:
        await self._inner.aclose()


def _usage(response: Any) -> tuple[int, int]:
    usage = getattr(response, "usage_metadata", None)
    if usage is None:
        return 0, 0
    tokens_in = usage.prompt_token_count or 0
    tokens_out = (usage.candidates_token_count or 0) + (getattr(usage, "thoughts_token_count", None) or 0)
    return int(tokens_in), int(tokens_out)


def _retry_after_seconds(header: str | None) -> float | None:
    if header is None:
        return None
    try:
        return max(0.0, float(header))
    except ValueError:
        return None  # an HTTP date: fall back to our own backoff


class GeminiTransport:
    """`async with GeminiTransport(config) as transport: await transport.send(request, recorder)`."""

    def __init__(
        self,
        config: LlmConfig,
        *,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        jitter: Callable[[], float] = random.random,
    ) -> None:
        self.config = config
        self._sleep = sleep
        self._jitter = jitter
        self._recording = _RecordingTransport()
        self._http: httpx.AsyncClient | None = None
        self._client: Any = None

    async def __aenter__(self) -> GeminiTransport:
        from google import genai
        from google.genai import types

        timeout = self.config.timeout_seconds
        self._http = httpx.AsyncClient(transport=self._recording, timeout=httpx.Timeout(timeout), trust_env=False)
        options = types.HttpOptions(
            base_url=self.config.base_url,
            timeout=int(timeout * 1000),
            retry_options=types.HttpRetryOptions(attempts=1),
            httpx_async_client=self._http,
        )
        self._client = genai.Client(
            api_key=self.config.api_key.get_secret_value(), vertexai=False, http_options=options
        )
        self._generation_config = types.GenerateContentConfig(
            system_instruction=SYSTEM_INSTRUCTION,
            temperature=0.0,
            response_mime_type="application/json",
            response_json_schema=response_schema(),
            max_output_tokens=self.config.max_output_tokens,
        )
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._client is not None:
            self._client.close()
        if self._http is not None:
            await self._http.aclose()

    def backoff_seconds(self, attempt: int, retry_after: str | None) -> float:
        """Exponential backoff with jitter (half to full delay), at least the server's Retry-After, capped."""
        delay = min(RETRY_MAX_SECONDS, self.config.retry_base_seconds * 2.0 ** (attempt - 1))
        delay *= 0.5 + float(self._jitter()) / 2
        asked = _retry_after_seconds(retry_after)
        if asked is not None:
            delay = max(delay, min(asked, RETRY_MAX_SECONDS))
        return delay

    async def _attempt(self, request: EgressRequest, number: int) -> tuple[Attempt, ParsedAnswer | None]:
        from google.genai import errors

        self._recording.reset()
        started = time.perf_counter()
        outcome, tokens_in, tokens_out, parsed = "ok", 0, 0, None
        try:
            response = await asyncio.wait_for(
                self._client.aio.models.generate_content(
                    model=self.config.model, contents=request.text, config=self._generation_config
                ),
                timeout=self.config.timeout_seconds + 2,
            )
        except errors.APIError as error:
            outcome = f"http_{self._recording.status or error.code}"
        except EgressNotRecorded:
            outcome = "egress_not_recorded"
        except (httpx.TimeoutException, TimeoutError):
            outcome = "timeout"
        except httpx.TransportError:
            outcome = "unreachable"
        except Exception as error:  # the SDK's own parsing of a malformed HTTP answer, and anything unforeseen
            outcome = "egress_not_recorded" if self._recording.refused else "client_error"
            log.warning("llm_client_error", error_type=type(error).__name__)
        else:
            tokens_in, tokens_out = _usage(response)
            try:
                parsed = parse_answer(response.text, request.column_ids)
            except InvalidAnswer as problem:
                outcome = problem.code
            except Exception as error:  # e.g. `.text` on a candidate-less answer
                outcome = "invalid_answer"
                log.warning("llm_answer_unreadable", error_type=type(error).__name__)
        latency_ms = int((time.perf_counter() - started) * 1000)
        attempt = Attempt(
            number=number,
            body=self._recording.body,
            egress_id=self._recording.egress_id,
            outcome=outcome,
            http_status=self._recording.status,
            tokens_in=tokens_in,
            tokens_out=tokens_out,
            latency_ms=latency_ms,
        )
        return attempt, parsed

    async def send(
        self, request: EgressRequest, record: AttemptRecorder, pre_send: PreSend | None = None
    ) -> SendResult:
        """Send with retries; every attempt that put bytes on the wire is passed to `record` before the next."""
        check_request(request)
        if self._client is None:
            raise RuntimeError("GeminiTransport is used outside `async with`")
        self._recording.pre_send = pre_send
        result = SendResult(outcome="not_sent", parsed=None)
        for number in range(1, self.config.max_attempts + 1):
            attempt, parsed = await self._attempt(request, number)
            ledger_id = await record(attempt, request) if attempt.body is not None else None
            result.attempts.append((attempt, ledger_id))
            result.outcome, result.parsed = attempt.outcome, parsed
            log.info(
                "llm_attempt",
                attempt=number,
                outcome=attempt.outcome,
                latency_ms=attempt.latency_ms,
            )
            if attempt.outcome == "egress_not_recorded":
                raise EgressNotRecorded(result.attempts[:-1])
            if not self._retryable(attempt) or number == self.config.max_attempts:
                break
            await self._sleep(self.backoff_seconds(number, self._recording.retry_after))
        return result

    @staticmethod
    def _retryable(attempt: Attempt) -> bool:
        if attempt.outcome in ("timeout", "unreachable"):
            return True
        return attempt.http_status in _RETRYABLE_STATUS and attempt.outcome.startswith("http_")
