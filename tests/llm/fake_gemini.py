"""A local HTTP server speaking Gemini's `generateContent` wire format, for tests and the accuracy bench.

The real google-genai client is pointed at it (`ORCA_GEMINI_BASE_URL` / `HttpOptions(base_url=...)`), so the
SDK's serialisation, our retries and timeouts run for real. Every request body is recorded byte for byte.

Answers are scripted: `server.script(http_error(429), agree())` answers the next two requests in that order; once
the script is used up, `server.default` answers (agree, unless changed). A reply is a function of the parsed
request (`Seen`) returning (status, headers, body bytes, delay seconds).
"""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Seen:
    """One recorded request: path, headers, the exact body, and our payload document decoded from it."""

    path: str
    headers: dict[str, str]
    body: bytes
    document: dict[str, Any] = field(default_factory=dict)  # the SDK's JSON body
    payload: dict[str, Any] | None = None  # orca's user-turn JSON document, when it parses

    @property
    def columns(self) -> list[dict[str, Any]]:
        return (self.payload or {}).get("classify", [])

    def all_strings(self) -> list[str]:
        """Every string in the body, decoded at every level (JSON escapes undone): what a leak check must scan."""
        found: list[str] = []

        def walk(value: Any) -> None:
            if isinstance(value, str):
                found.append(value)
            elif isinstance(value, dict):
                for key, item in value.items():
                    found.append(key)
                    walk(item)
            elif isinstance(value, list):
                for item in value:
                    walk(item)

        walk(self.document)
        if self.payload is not None:
            walk(self.payload)
        return found


Reply = Callable[[Seen], tuple[int, dict[str, str], bytes, float]]


def gemini_body(text: str, *, tokens_in: int = 100, tokens_out: int = 20) -> bytes:
    return json.dumps(
        {
            "candidates": [
                {"content": {"role": "model", "parts": [{"text": text}]}, "finishReason": "STOP", "index": 0}
            ],
            "usageMetadata": {
                "promptTokenCount": tokens_in,
                "candidatesTokenCount": tokens_out,
                "totalTokenCount": tokens_in + tokens_out,
            },
            "modelVersion": "fake-gemini",
        }
    ).encode()


def _ok(seen: Seen, columns: list[dict[str, Any]]) -> tuple[int, dict[str, str], bytes, float]:
    text = json.dumps({"columns": columns})
    return 200, {}, gemini_body(text, tokens_in=max(1, len(seen.body) // 4), tokens_out=max(1, len(text) // 4)), 0.0


def answer(decide: Callable[[dict[str, Any]], tuple[str, float, str]]) -> Reply:
    """Answer every asked column with `decide(column) -> (category, confidence, reason)`."""

    def reply(seen: Seen) -> tuple[int, dict[str, str], bytes, float]:
        columns = []
        for column in seen.columns:
            category, confidence, reason = decide(column)
            columns.append(
                {"id": column["id"], "category": category, "subtype": None, "confidence": confidence, "reason": reason}
            )
        return _ok(seen, columns)

    return reply


def agree(confidence: float = 0.9) -> Reply:
    return answer(lambda column: (column["builtin"]["category"], confidence, "agrees with the rules"))


def everything(category: str, confidence: float = 0.95, reason: str = "scripted") -> Reply:
    return answer(lambda column: (category, confidence, reason))


def raw_text(text: str) -> Reply:
    """An HTTP 200 whose model text is `text` (e.g. not JSON at all)."""

    def reply(seen: Seen) -> tuple[int, dict[str, str], bytes, float]:
        return 200, {}, gemini_body(text), 0.0

    return reply


def invalid_json() -> Reply:
    return raw_text('{"columns": [{"id": "t0.c0", "category": ')


def unknown_category() -> Reply:
    return everything("BLOOD_TYPE")


def http_error(status: int, retry_after: str | None = None) -> Reply:
    def reply(seen: Seen) -> tuple[int, dict[str, str], bytes, float]:
        headers = {"Retry-After": retry_after} if retry_after is not None else {}
        body = json.dumps({"error": {"code": status, "message": "scripted failure", "status": "UNAVAILABLE"}})
        return status, headers, body.encode(), 0.0

    return reply


def slow(seconds: float, then: Reply | None = None) -> Reply:
    after = then or agree()

    def reply(seen: Seen) -> tuple[int, dict[str, str], bytes, float]:
        status, headers, body, _ = after(seen)
        return status, headers, body, seconds

    return reply


class FakeGemini:
    def __init__(self) -> None:
        self.requests: list[Seen] = []
        self.default: Reply = agree()
        self._script: deque[Reply] = deque()
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None

    def script(self, *replies: Reply) -> None:
        with self._lock:
            self._script.extend(replies)

    @property
    def url(self) -> str:
        assert self._server is not None
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def _next_reply(self) -> Reply:
        with self._lock:
            return self._script.popleft() if self._script else self.default

    def _record(self, path: str, headers: dict[str, str], body: bytes) -> Seen:
        seen = Seen(path=path, headers=headers, body=body)
        try:
            seen.document = json.loads(body)
            text = seen.document["contents"][0]["parts"][0]["text"]
            seen.payload = json.loads(text)
        except (ValueError, KeyError, IndexError, TypeError):
            pass
        with self._lock:
            self.requests.append(seen)
        return seen

    def start(self) -> FakeGemini:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("content-length") or 0)
                body = self.rfile.read(length)
                seen = fake._record(self.path, dict(self.headers.items()), body)
                status, headers, content, delay = fake._next_reply()(seen)
                if delay:
                    time.sleep(delay)
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(content)))
                    for name, value in headers.items():
                        self.send_header(name, value)
                    self.end_headers()
                    self.wfile.write(content)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (timeout): nothing to answer

            def log_message(self, *args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, name="fake-gemini", daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> FakeGemini:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
