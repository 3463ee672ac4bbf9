"""The development mailbox: a JSON Lines file the local SMTP sink appends to and `orca dev mail` reads.

One object per received message: received_at, from, to (list), subject, text, links (every http(s) URL in the
text, so a script can pick the verification link without parsing the body).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import tempfile
from pathlib import Path
from typing import Any, TextIO

LINK = re.compile(r"https?://[^\s<>\"]+")


def default_mailbox_path() -> Path:
    """ORCA_DEV_MAILBOX_PATH, else where `make run` keeps it: the state dir of .ci/services (ORCA_SERVICES_DIR,
    else $TMPDIR/orca-services-<uid>)."""
    configured = os.environ.get("ORCA_DEV_MAILBOX_PATH")
    if configured:
        return Path(configured)
    state = os.environ.get("ORCA_SERVICES_DIR") or str(Path(tempfile.gettempdir()) / f"orca-services-{os.getuid()}")
    return Path(state) / "mail.jsonl"


def links_in(text: str) -> list[str]:
    return LINK.findall(text)


def read_mailbox(path: Path, *, to: str | None = None) -> list[dict[str, Any]]:
    """Every message in arrival order (optionally only those addressed to `to`, case-insensitively)."""
    if not path.exists():
        return []
    messages = []
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            line = line.strip()
            if not line:
                continue
            try:
                message = json.loads(line)
            except ValueError:
                continue  # a line cut short by a crash: skip it rather than lose the others
            if to is None or to.lower() in (address.lower() for address in message.get("to", [])):
                messages.append(message)
    return messages


def dev_mail_command(args: argparse.Namespace, out: TextIO) -> int:
    """`orca dev mail [--json] [--to EMAIL] [--last N]`: what the development SMTP sink received, oldest first."""
    path = args.mailbox or default_mailbox_path()
    messages = read_mailbox(path, to=args.to)
    if args.last is not None:
        messages = messages[-args.last :] if args.last > 0 else []
    for message in messages:
        if args.json:
            out.write(json.dumps(message, ensure_ascii=False) + "\n")
        else:
            out.write(f"--- {message.get('received_at', '?')}  to {', '.join(message.get('to', []))}\n")
            out.write(f"Subject: {message.get('subject', '')}\n\n{message.get('text', '')}\n")
    if not messages and not args.json:
        out.write(f"no mail in {path}\n")
    return 0
