"""A real SMTP server on loopback (aiosmtpd) that keeps what it receives, can refuse addresses, and notices
ingested through the real pipeline (with their sentence vectors)."""

import email
import email.policy
import threading
from dataclasses import dataclass, field
from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller
from django.utils import timezone

from tenderbridge.alerts import delivery, services
from tenderbridge.opportunities.models import Notice
from tenderbridge.search.embedding import embed_notices
from tests.matching.conftest import NOTICES, ingest, release  # noqa: F401  (fixtures and helpers)
from tests.ops.subprocesses import free_port


@dataclass
class Inbox:
    messages: list = field(default_factory=list)
    refuse: dict = field(default_factory=dict)  # address → SMTP reply ("550 …" permanent, "451 …" temporary)
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return self.refuse[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.messages.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp(settings):
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                                    "OPTIONS": {"host": "127.0.0.1", "port": controller.port, "timeout": 5}}}
    settings.ALERTS_MAILER = "default"
    settings.SITE_URL = "https://tenders.example.org"
    inbox.port = controller.port
    yield inbox
    controller.stop()


def ingest_embedded(tmp_path, *releases, name="package.json") -> dict[str, int]:
    """Ingest through the real pipeline and give the notices their sentence vectors (the worker's job)."""
    ids = ingest(tmp_path, *releases, name=name)
    embed_notices(list(Notice.objects.values_list("pk", flat=True)))
    return ids


def parts(message) -> tuple[str, str]:
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    return text, html


def save_alert(user, query="q=gloves", **changes):
    from tenderbridge.suppliers import services as suppliers

    profile = suppliers.profile_for(user.organisation)
    data = services.AlertData(**{"name": "Gloves", "query": query, "time_zone": "Asia/Shanghai", **changes})
    return services.do_save_alert(user, profile, data, now=timezone.now() - timedelta(minutes=5))


def run_until_sent(alert, now=None):
    """One turn of the machinery at the alert's next sending, sending in this process."""
    alert.refresh_from_db()
    moment = now or ((alert.next_send or timezone.now()) + timedelta(minutes=1))
    delivery.tick(moment)
    return [delivery.send_sending(pk, moment) for pk in delivery.pending_sendings(moment)]
