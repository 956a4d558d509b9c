"""Where a rendered message goes: email (Django's mail framework: SMTP, or a provider through django-anymail —
the mailer named by ALERTS_MAILER) or a signed webhook (JSON POST, HMAC-SHA256 of "timestamp.body").

A channel raises TemporaryFailure (retry later: a 4xx reply, a dropped connection, a 5xx from a webhook) or
PermanentFailure (do not retry: a 5xx refusal of the address, a 4xx from a webhook); `address_refused` says the
address itself is bad, so it is marked bounced and not mailed again.
"""

import hashlib
import hmac
import ipaddress
import json
import smtplib
import socket
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from urllib.parse import urlparse

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.utils.translation import gettext as _

SIGNATURE_HEADER = "X-TenderBridge-Signature"
TIMESTAMP_HEADER = "X-TenderBridge-Timestamp"


@dataclass
class Message:
    """One rendered message, for any channel."""

    to: str
    subject: str
    text: str
    html: str
    headers: dict[str, str] = field(default_factory=dict)
    payload: dict = field(default_factory=dict)  # the same content as data, for the webhook


class TemporaryFailure(Exception):
    pass


class PermanentFailure(Exception):
    def __init__(self, message: str, address_refused: bool = False):
        super().__init__(message)
        self.address_refused = address_refused


class EmailChannel:
    """`connection`: an open mail backend to reuse for many messages (a batch of sendings); else each message
    opens its own through the ALERTS_MAILER mailer."""

    name = "email"

    def __init__(self, connection=None):
        self.connection = connection

    def send(self, message: Message) -> None:
        mail = EmailMultiAlternatives(message.subject, message.text, settings.DEFAULT_FROM_EMAIL, [message.to],
                                      headers=message.headers)
        mail.attach_alternative(message.html, "text/html")
        try:
            if self.connection is not None:
                sent = self.connection.send_messages([mail])
            else:
                sent = mail.send(using=settings.ALERTS_MAILER)
        except smtplib.SMTPRecipientsRefused as error:
            codes = [code for code, _text in error.recipients.values()]
            if all(400 <= code < 500 for code in codes):
                raise TemporaryFailure(str(error.recipients)) from error
            raise PermanentFailure(str(error.recipients), address_refused=True) from error
        except smtplib.SMTPResponseException as error:
            if 400 <= error.smtp_code < 500:
                raise TemporaryFailure(f"{error.smtp_code} {error.smtp_error!r}") from error
            raise PermanentFailure(f"{error.smtp_code} {error.smtp_error!r}",
                                   address_refused=error.smtp_code in (550, 551, 553)) from error
        except (smtplib.SMTPException, OSError) as error:  # refused connection, dropped, timeout
            raise TemporaryFailure(f"{type(error).__name__}: {error}") from error
        if sent != 1:
            raise TemporaryFailure("the mail backend sent nothing")


def signature(secret: str, timestamp: str, body: bytes) -> str:
    digest = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


def check_webhook_url(url: str) -> None:
    """https to a public host; http and private addresses only where ALERTS_WEBHOOK_ALLOW_PRIVATE (tests,
    an intranet). Refuses what would let a reader make the server call its own network."""
    parts = urlparse(url)
    allow_private = settings.ALERTS_WEBHOOK_ALLOW_PRIVATE
    if parts.scheme not in ("https", "http") or not parts.hostname or (parts.scheme == "http" and not allow_private):
        raise ValidationError(_("A webhook address must start with https:// and name a host."), code="bad_webhook")
    if allow_private:
        return
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(parts.hostname, parts.port or 443)}
    except OSError:
        raise ValidationError(_("The webhook host “%(host)s” cannot be found.") % {"host": parts.hostname},
                              code="bad_webhook") from None
    if any(not ipaddress.ip_address(a.split("%")[0]).is_global for a in addresses):
        raise ValidationError(_("A webhook address must be on the public internet."), code="bad_webhook")


class WebhookChannel:
    name = "webhook"

    def __init__(self, url: str, secret: str, timeout: float = 10.0):
        self.url, self.secret, self.timeout = url, secret, timeout

    def send(self, message: Message) -> None:
        body = json.dumps(message.payload, ensure_ascii=False, sort_keys=True).encode()
        stamp = str(int(time.time()))
        request = urllib.request.Request(self.url, data=body, method="POST", headers={
            "Content-Type": "application/json; charset=utf-8", TIMESTAMP_HEADER: stamp,
            SIGNATURE_HEADER: signature(self.secret, stamp, body), "User-Agent": "TenderBridge-Alerts/1"})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310 (checked URL)
                response.read(1024)
        except urllib.error.HTTPError as error:
            if error.code >= 500 or error.code == 429:
                raise TemporaryFailure(f"HTTP {error.code}") from error
            raise PermanentFailure(f"HTTP {error.code}") from error
        except OSError as error:
            raise TemporaryFailure(f"{type(error).__name__}: {error}") from error
