"""One email's SMTP conversation, in phases, so that the caller knows what the server may have.

A failure before the message data goes out leaves the server without the message (the
caller may retry); a refusal is the server's answer; a silence after the data went out
(a timeout, a dropped connection) is ``MaybeDelivered``: the server may have accepted it.
"""

from __future__ import annotations

import smtplib
from collections.abc import Callable

from django.conf import settings
from django.core.mail import EmailMessage


class Refused(Exception):
    """The server answered no; ``permanent`` for a 5xx."""

    def __init__(self, code: int, reply):
        self.code = code
        self.text = reply.decode(errors="replace") if isinstance(reply, bytes) else str(reply)
        super().__init__(f"{code} {self.text}")

    @property
    def permanent(self) -> bool:
        return 500 <= self.code < 600


class MaybeDelivered(Exception):
    """The connection stopped after the message data went out: the server may have accepted it."""


def send(message: EmailMessage, *, before_data: Callable[[], bool]) -> bool:
    """Send ``message`` to its one recipient; False, and nothing sent, if ``before_data()`` says no.

    ``before_data`` runs once the server has taken the sender and recipient, just before the
    data: the last moment at which stopping certainly sends nothing. Raises ``Refused``,
    ``MaybeDelivered``, or (before the data) ``TimeoutError``, ``smtplib.SMTPException``, ``OSError``.
    """
    try:
        return _converse(message, before_data)
    except smtplib.SMTPResponseException as exc:
        raise Refused(exc.smtp_code, exc.smtp_error) from exc
    except smtplib.SMTPRecipientsRefused as exc:
        code, reply = next(iter(exc.recipients.values()))
        raise Refused(code, reply) from exc


def _converse(message: EmailMessage, before_data: Callable[[], bool]) -> bool:
    to = message.to[0]
    with smtplib.SMTP(settings.EMAIL_HOST, settings.EMAIL_PORT, timeout=settings.EMAIL_TIMEOUT) as smtp:
        smtp.ehlo()
        if settings.EMAIL_USE_TLS:
            smtp.starttls()
            smtp.ehlo()
        if settings.EMAIL_HOST_USER:
            smtp.login(settings.EMAIL_HOST_USER, settings.EMAIL_HOST_PASSWORD)
        code, reply = smtp.mail(message.from_email)
        if code != 250:
            raise smtplib.SMTPSenderRefused(code, reply, message.from_email)
        code, reply = smtp.rcpt(to)
        if code not in (250, 251):
            raise smtplib.SMTPRecipientsRefused({to: (code, reply)})
        if not before_data():
            smtp.rset()
            return False
        try:
            code, reply = smtp.data(message.message().as_bytes(linesep="\r\n"))
            if code != 250:
                # The server answered: it did not take the message.
                raise smtplib.SMTPDataError(code, reply)
        except smtplib.SMTPResponseException:
            raise  # an answer, not a silence: a refusal
        except (TimeoutError, smtplib.SMTPServerDisconnected, OSError) as exc:
            # smtplib has closed the connection by now, so leaving the block sends no QUIT.
            raise MaybeDelivered(f"{type(exc).__name__} while the server had the message: {exc}") from exc
    return True
