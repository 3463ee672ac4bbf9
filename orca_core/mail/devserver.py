"""A local SMTP sink for development and tests (aiosmtpd): every message it receives is appended to a JSON Lines
mailbox (see mailbox.py). Never a relay: nothing leaves the machine.

    python -m orca_core.mail.devserver --port 1025 --mailbox /tmp/orca-services-0/mail.jsonl
"""

from __future__ import annotations

import argparse
import json
import logging
import signal
import threading
from datetime import UTC, datetime
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller

from orca_core.mail.mailbox import links_in


def _text_of(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain",))
    if part is None:
        return ""
    content = part.get_content()
    return content if isinstance(content, str) else ""


class MailboxHandler:
    """aiosmtpd handler: parse, append one JSON line, answer 250 (only after the line is written)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        path.parent.mkdir(parents=True, exist_ok=True)

    async def handle_DATA(self, _server: Any, _session: Any, envelope: Any) -> str:  # aiosmtpd calls it by this name
        raw = envelope.original_content or envelope.content
        message = message_from_bytes(raw if isinstance(raw, bytes) else raw.encode(), policy=policy.default)
        assert isinstance(message, EmailMessage)
        text = _text_of(message).replace("\r\n", "\n")
        record = {
            "received_at": datetime.now(UTC).isoformat(),
            "from": envelope.mail_from,
            "to": list(envelope.rcpt_tos),
            "subject": str(message.get("subject", "")),
            "text": text,
            "links": links_in(text),
        }
        with self._lock, self.path.open("a", encoding="utf-8") as mailbox:
            mailbox.write(json.dumps(record) + "\n")
        return "250 Message accepted for delivery"


def start(host: str, port: int, mailbox: Path) -> Controller:
    # aiosmtpd logs every SMTP command (recipient addresses included) at INFO: keep it to warnings.
    logging.getLogger("mail.log").setLevel(logging.WARNING)
    controller = Controller(MailboxHandler(mailbox), hostname=host, port=port)
    controller.start()
    return controller


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="orca's development SMTP sink")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=1025)
    parser.add_argument("--mailbox", type=Path, required=True)
    args = parser.parse_args(argv)
    controller = start(args.host, args.port, args.mailbox)
    print(f"dev SMTP sink on {args.host}:{args.port}, mailbox {args.mailbox}", flush=True)
    stop = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stop.set())
    stop.wait()
    controller.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
