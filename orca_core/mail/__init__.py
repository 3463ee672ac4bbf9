"""Outgoing email over SMTP: the account emails (verification, password reset, notices).

Services never send: they append `OutgoingMail` to an outbox, and the API hands the outbox to `Mailer.send_all`
after the request's transaction committed and the response went out (a Starlette background task). So a rolled
back registration never mails a link to a token that does not exist, and a slow or dead SMTP server never delays
an answer (register/reset therefore take the same time whether or not they send mail).

smtplib is blocking: each send runs in a worker thread. A failure is logged with the mail's kind and the error's
type only: the message body holds a live token and the exception text may hold the address.
"""

from __future__ import annotations

import asyncio
import smtplib
import ssl
from collections.abc import Iterable
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from orca_core.logging import get_logger
from orca_core.settings import Settings

log = get_logger("orca.mail")


@dataclass(frozen=True)
class OutgoingMail:
    kind: str  # verify_email, account_exists, password_reset, password_changed
    to: str
    subject: str
    text: str


class Mailer:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    async def send_all(self, outbox: Iterable[OutgoingMail]) -> int:
        """Send each mail; returns how many were accepted by the SMTP server. Never raises."""
        sent = 0
        for mail in outbox:
            sent += await self.send(mail)
        return sent

    async def send(self, mail: OutgoingMail) -> bool:
        try:
            await asyncio.to_thread(self._send_blocking, mail)
        except Exception as error:  # a background task: log the failure, never propagate it
            log.warning("mail_send_failed", kind=mail.kind, error_type=type(error).__name__)
            return False
        log.info("mail_sent", kind=mail.kind)
        return True

    def _message(self, mail: OutgoingMail) -> EmailMessage:
        message = EmailMessage()
        message["From"] = self.settings.smtp_from
        message["To"] = mail.to
        message["Subject"] = mail.subject
        message["Date"] = formatdate(localtime=False)
        message["Message-ID"] = make_msgid(domain="orca.localhost")
        message.set_content(mail.text)
        return message

    def _send_blocking(self, mail: OutgoingMail) -> None:
        settings = self.settings
        message = self._message(mail)
        timeout = settings.smtp_timeout_seconds
        client: smtplib.SMTP
        if settings.smtp_security == "tls":
            client = smtplib.SMTP_SSL(
                settings.smtp_host, settings.smtp_port, timeout=timeout, context=ssl.create_default_context()
            )
        else:
            client = smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=timeout)
        with client:
            if settings.smtp_security == "starttls":
                client.starttls(context=ssl.create_default_context())
            if settings.smtp_username and settings.smtp_password is not None:
                client.login(settings.smtp_username, settings.smtp_password.get_secret_value())
            client.send_message(message)
