"""The content of a sending: a digest of an alert's new and changed notices (and the saved or bidding notices
closing within 7 days), or a deadline reminder — rendered in the reader's language and zone as text, HTML
(inline CSS: mail clients drop style sheets) and the webhook's JSON, with the unsubscribe headers of RFC 8058.
"""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from urllib.parse import urlparse

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import get_script_prefix, reverse
from django.utils import formats, translation
from django.utils import timezone as dj_timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tenderbridge.matching.models import Mark
from tenderbridge.opportunities.models import Notice
from tenderbridge.opportunities.queries import source_zone

from . import schedule, services
from .channels import Message
from .models import Alert, DigestItem, NoticeVersion, Sending

MAX_ITEMS = 50  # items shown in one digest; the rest are counted and linked
CLOSING_DAYS = 7


def site(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


@dataclass
class Entry:
    kind: str  # NoticeVersion.Kind value, or "closing"
    label: str
    title: str
    buyer: str
    ocid: str
    url: str
    deadline_local: str
    deadline_utc: str
    deadline_source: str
    previous_deadline: str


def _when(moment: datetime | None, zone) -> str:
    if moment is None:
        return ""
    local = moment.astimezone(zone)
    return f"{formats.date_format(local, 'DATE_FORMAT')} {local:%H:%M} ({local.tzname()})"


@lru_cache(maxsize=8192)
def notice_url(site_url: str, language: str, prefix: str, ocid: str) -> str:
    """A notice's link (the same notices recur in thousands of digests of one run: reversed once each)."""
    return site(reverse("opportunities:detail", args=[ocid]))


def _entry(notice: Notice, kind: str, zone, previous: datetime | None = None) -> Entry:
    return _entry_of(kind, notice.title, notice.ocid, notice.buyer.name if notice.buyer else "", notice.deadline,
                     notice.deadline_timezone, zone, previous)


def _entry_of(kind: str, title: str, ocid: str, buyer: str, deadline: datetime | None, deadline_timezone: str, zone,
              previous: datetime | None = None) -> Entry:
    labels = {**dict(NoticeVersion.Kind.choices), "closing": _("Closing soon")}
    source, _label = source_zone(deadline_timezone)
    return Entry(
        kind=kind, label=str(labels.get(kind, kind)), title=title or ocid, buyer=buyer or "", ocid=ocid,
        url=notice_url(settings.SITE_URL, translation.get_language(), get_script_prefix(), ocid),
        deadline_local=_when(deadline, zone), deadline_utc=_when(deadline, UTC),
        deadline_source=_when(deadline, source) if source and source != UTC else "",
        previous_deadline=_when(previous, zone) if previous else "",
    )


def _headers(sending: Sending, one: str, every: str) -> dict[str, str]:
    host = urlparse(settings.SITE_URL).hostname or "tenderbridge"
    return {
        "List-Unsubscribe": f"<{one}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "List-Id": f"TenderBridge alerts <alerts.{host}>",
        "Message-ID": f"<sending-{sending.pk}@{host}>",  # the same on a retry: a receiver can drop a repeat
        "Auto-Submitted": "auto-generated",
        "X-TenderBridge-Unsubscribe-All": f"<{every}>",
    }


def _unsubscribe_url(user_id: int, alert_id: int | None) -> str:
    return site(reverse("alerts:unsubscribe", args=[services.unsubscribe_token(user_id, alert_id)]))


def _closing_marks(now: datetime):
    return Mark.objects.filter(state__in=[Mark.State.SAVED, Mark.State.BIDDING], notice__deadline__gt=now,
                               notice__deadline__lte=now + timedelta(days=CLOSING_DAYS))


def profiles_with_closing_soon(profile_ids: set[int], now: datetime) -> set[int]:
    return set(_closing_marks(now).filter(profile_id__in=profile_ids).values_list("profile_id", flat=True).distinct())


def closing_soon(alert: Alert, now: datetime) -> list[Notice]:
    """The notices the supplier saved or is bidding on that close within CLOSING_DAYS."""
    # The ids first (most suppliers have none): one small query, no subquery over the notices per message
    ids = list(_closing_marks(now).filter(profile_id=alert.profile_id).values_list("notice_id", flat=True))
    if not ids:
        return []
    return list(Notice.objects.filter(pk__in=ids).select_related("buyer").defer(
        "description", "compiled_release", "documents").order_by("deadline", "pk"))


def digest_message(sending: Sending, now: datetime) -> Message | None:
    """The digest of a sending, or None when it has nothing to say."""
    alert = sending.alert
    # Plain rows, not model objects: only what an entry shows (a digest has up to hundreds of items)
    items = list(DigestItem.objects.filter(sending=sending).order_by("kind", "-notice__published", "pk").values_list(
        "kind", "notice__title", "notice__ocid", "notice__buyer__name", "notice__deadline",
        "notice__deadline_timezone", "version__previous_deadline"))
    with translation.override(alert.language), dj_timezone.override(schedule.zone(alert.time_zone)):
        zone = schedule.zone(alert.time_zone)
        closing = closing_soon(alert, now)
        if not items and not closing:
            return None
        entries = [_entry_of(kind, title, ocid, buyer, deadline, tz, zone, previous)
                   for kind, title, ocid, buyer, deadline, tz, previous in items[:MAX_ITEMS]]
        soon = [_entry(n, "closing", zone) for n in closing]
        return _render(sending, alert, entries, soon, len(items))


def _render(sending: Sending, alert: Alert, entries: list[Entry], soon: list[Entry], total: int) -> Message:
    one, every = _unsubscribe_url(alert.user_id, alert.pk), _unsubscribe_url(alert.user_id, None)
    search_url = site(_search_path(alert))
    subject = ngettext("TenderBridge: %(count)d new or changed notice for “%(name)s”",
                       "TenderBridge: %(count)d new or changed notices for “%(name)s”", total) % {
        "count": total, "name": alert.name}
    if not total:
        subject = _("TenderBridge: notices closing soon (“%(name)s”)") % {"name": alert.name}
    context = {"alert": alert, "entries": entries, "soon": soon, "total": total, "more": max(0, total - len(entries)),
               "search_url": search_url, "unsubscribe_one": one, "unsubscribe_all": every,
               "manage_url": site(reverse("alerts:list")), "zone": alert.time_zone}
    payload = {"alert": {"id": alert.pk, "name": alert.name, "search_url": search_url}, "sending": sending.pk,
               "items": [e.__dict__ for e in entries], "closing_soon": [e.__dict__ for e in soon], "total": total}
    return Message(to=alert.user.email, subject=subject,
                   text=render_to_string("alerts/email/digest.txt", context),
                   html=render_to_string("alerts/email/digest.html", context),
                   headers=_headers(sending, one, every), payload=payload)


def _search_path(alert: Alert) -> str:
    base = reverse("matching:feed") if alert.source == Alert.Source.FEED else reverse("opportunities:list")
    return base + (f"?{alert.query}" if alert.query else "")


def reminder_message(sending: Sending, now: datetime) -> Message | None:
    reminder = sending.reminder
    notice = Notice.objects.select_related("buyer").get(pk=reminder.notice_id)
    user = sending.user
    first = Alert.objects.for_user(user).order_by("pk").first()
    lang = first.language if first else settings.LANGUAGE_CODE
    zone_name = user.time_zone or (first.time_zone if first else "UTC")
    with translation.override(lang), dj_timezone.override(schedule.zone(zone_name)):
        zone = schedule.zone(zone_name)
        entry = _entry(notice, "closing", zone)
        every = _unsubscribe_url(user.pk, None)
        days = max(0, (notice.deadline - now).days) if notice.deadline else 0
        subject = ngettext("Reminder: “%(title)s” closes in %(days)d day", "Reminder: “%(title)s” closes in %(days)d days",
                           days) % {"title": entry.title[:120], "days": days}
        context = {"entry": entry, "days": days, "unsubscribe_all": every, "manage_url": site(reverse("alerts:list"))}
        return Message(to=user.email, subject=subject, text=render_to_string("alerts/email/reminder.txt", context),
                       html=render_to_string("alerts/email/reminder.html", context),
                       headers=_headers(sending, every, every), payload={"reminder": entry.__dict__, "days": days})
