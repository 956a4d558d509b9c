"""Reads of the alerts part: the list page /<lang>/alerts/ and its JSON twin /api/v1/alerts make the same call."""

from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlparse

from django.conf import settings
from django.db.models import Count
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from . import services
from .models import Alert, Recipient


@dataclass
class AlertRow:
    alert: Alert
    problems: list[str]
    search_url: str
    pending: int  # items waiting for the next sending
    feed_urls: dict[str, str]

    @property
    def next_send(self) -> datetime | None:
        return None if self.alert.paused else self.alert.next_send


@dataclass
class AlertsPage:
    rows: list[AlertRow]
    recipient: Recipient
    limit: int
    feed_urls: dict[str, str]  # the ranked feed's Atom and RSS
    calendar_url: str  # webcal://
    address_problem: str

    @property
    def can_add(self) -> bool:
        return len(self.rows) < self.limit


def site(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def search_url(alert: Alert) -> str:
    base = reverse("matching:feed") if alert.source == Alert.Source.FEED else reverse("opportunities:list")
    return base + (f"?{alert.query}" if alert.query else "")


def feed_urls(token: str, alert: Alert | None) -> dict[str, str]:
    """The Atom and RSS addresses of the ranked feed (in the page's language), or of an alert (in its own)."""
    if alert is None:
        return {kind: site(reverse("alerts:ranked_feed", args=[token, kind])) for kind in ("atom", "rss")}
    with translation.override(alert.language):
        return {kind: site(reverse("alerts:alert_feed", args=[token, alert.pk, kind])) for kind in ("atom", "rss")}


def calendar_url(token: str) -> str:
    https = site(reverse("alerts:calendar", args=[token]))
    return "webcal://" + https.split("://", 1)[1] if urlparse(https).scheme else https


def address_problem(recipient: Recipient) -> str:
    if recipient.bounced:
        return _("Mail to your address was refused (%(reason)s), so no alert is emailed to it. Correct your "
                 "address in your account, then mark it as working again.") % {"reason": recipient.bounce_reason[:200]}
    return ""


def alerts_page(user) -> AlertsPage:
    recipient = services.recipient_for(user)
    alerts = list(Alert.objects.for_user(user).order_by("name", "pk"))
    pending = dict(Alert.objects.for_user(user).filter(items__sending=None).values_list("pk")
                   .annotate(n=Count("items")))
    rows = [AlertRow(a, services.saved_search(a.source, a.query).problems, search_url(a), pending.get(a.pk, 0),
                     feed_urls(recipient.feed_token, a)) for a in alerts]
    return AlertsPage(rows, recipient, services.max_alerts(), feed_urls(recipient.feed_token, None),
                      calendar_url(recipient.feed_token), address_problem(recipient))
