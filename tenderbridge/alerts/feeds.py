"""Private subscriptions for feed readers and calendars, at addresses carrying the reader's token
(Recipient.feed_token; re-issuing it revokes every old address):

- /<lang>/alerts/feeds/<token>/<alert>.atom|rss — a saved search's newest notices (the search re-run, newest
  first; a feed alert: the supplier's ranked feed through its filters);
- /<lang>/alerts/feeds/<token>/feed.atom|rss — the supplier's ranked feed;
- /<lang>/alerts/calendar/<token>.ics (offered as webcal://) — the deadlines of the notices the supplier saved or
  bids on, each with an alarm a day before; an event keeps its UID (the same as the notice's own .ics) and its
  SEQUENCE is the notice's version number, so a moved deadline updates the event.

A wrong or revoked token, or another reader's alert, is a bare 404 that says nothing about what exists.

Readers poll: a rendered feed is kept in the cache for FEED_SECONDS (the Cache-Control the response sends), a
calendar under the fingerprint of what it shows (the marks, the notices' updated times and versions), so a change
is seen at the next poll and an unchanged calendar is not rendered again. The token is checked before the cache.
"""

import hashlib
from datetime import UTC, datetime, timedelta
from typing import NamedTuple
from urllib.parse import urlparse

from django.conf import settings
from django.core.cache import cache
from django.db.models import Max
from django.db.models.functions import Substr
from django.http import HttpResponse, HttpResponseNotFound
from django.urls import get_script_prefix, reverse
from django.utils import feedgenerator
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from tenderbridge.lib import ical
from tenderbridge.matching.models import FeedItem, Mark
from tenderbridge.opportunities import clock
from tenderbridge.opportunities.filters import Search
from tenderbridge.opportunities.models import Notice
from tenderbridge.search.discover import discover
from tenderbridge.suppliers import access
from tenderbridge.suppliers import services as supplier_services

from . import services
from .digest import notice_url
from .matcher import Batch, passes
from .models import Alert, NoticeVersion, Recipient
from .reads import site

ENTRIES = 50
DESCRIPTION_CHARS = 500
FEED_SECONDS = 300
KINDS = {"atom": feedgenerator.Atom1Feed, "rss": feedgenerator.Rss201rev2Feed}


def _nothing() -> HttpResponse:
    return HttpResponseNotFound(b"Not found", content_type="text/plain")


def _reader(token: str):
    recipient = Recipient.objects.select_related("user").filter(feed_token=token).first() if len(token) < 80 else None
    if recipient is None or not recipient.user.is_active:
        return None
    organisation = access.supplier_organisation(recipient.user)
    return (recipient.user, supplier_services.profile_for(organisation)) if organisation else None


def _notices(ids: list[int]) -> list[Notice]:
    found = {n.pk: n for n in Notice.objects.filter(pk__in=ids).select_related("buyer").defer("compiled_release", "documents")}
    return [found[pk] for pk in ids if pk in found]


def _describe(notice: Notice) -> str:
    return _description(notice.buyer.name if notice.buyer else "", notice.deadline, notice.description)


def _description(buyer: str | None, deadline, description: str | None) -> str:
    lines = [_("Buyer: %(name)s") % {"name": buyer}] if buyer else []
    if deadline:
        lines.append(_("Deadline: %(when)s UTC") % {"when": deadline.astimezone(UTC).strftime("%Y-%m-%d %H:%M")})
    lines.append((description or "")[:DESCRIPTION_CHARS])
    return "\n".join(line for line in lines if line)


def _cached(key: str, build, timeout: int = FEED_SECONDS) -> HttpResponse:
    """The response kept under `key` (its body and type), else built and kept."""
    key = "alerts:" + hashlib.blake2b(key.encode(), digest_size=16).hexdigest()
    found = cache.get(key)
    if found is None:
        response = build()
        found = (response.content, response["Content-Type"])
        cache.set(key, found, timeout)
    response = HttpResponse(found[0], content_type=found[1])
    response["Cache-Control"] = f"private, max-age={FEED_SECONDS}"
    return response


def _feed(kind: str, title: str, link: str, notices: list[Notice]) -> HttpResponse:
    feed = KINDS[kind](title=title, link=link, description=title, language="zh-hans" if "zh" in link else "en")
    for n in notices:
        url = site(reverse("opportunities:detail", args=[n.ocid]))
        feed.add_item(title=n.title or n.ocid, link=url, description=_describe(n), unique_id=url,
                      unique_id_is_permalink=True, pubdate=n.published or n.created, updateddate=n.updated,
                      author_name=n.buyer.name if n.buyer else None)
    response = HttpResponse(content_type=f"{feed.content_type}")
    feed.write(response, "utf-8")
    response["Cache-Control"] = "private, max-age=300"
    return response


def ranked_feed(request, token: str, kind: str):
    reader = _reader(token)
    if reader is None or kind not in KINDS:
        return _nothing()
    _user, profile = reader

    def build():
        ids = list(FeedItem.objects.for_profile(profile).open(clock.now()).order_by("-score", "notice_id")
                   .values_list("notice_id", flat=True)[:ENTRIES])
        return _feed(kind, _("TenderBridge: my feed"), site(reverse("matching:feed")), _notices(ids))

    return _cached(request.path, build)


def alert_feed(request, token: str, pk: int, kind: str):
    reader = _reader(token)
    alert = Alert.objects.filter(pk=pk, user=reader[0]).first() if reader else None
    if alert is None or kind not in KINDS:
        return _nothing()
    return _cached(f"{request.path} {alert.source} {alert.query} {alert.name}", lambda: _alert_feed(alert, kind))


def _alert_feed(alert: Alert, kind: str) -> HttpResponse:
    search = services.saved_search(alert.source, alert.query).search
    if alert.source == Alert.Source.FEED:
        ranked = list(FeedItem.objects.for_profile(alert.profile).open(clock.now()).order_by("-score", "notice_id")
                      .values_list("notice_id", flat=True))
        now = clock.now()
        ids = [f.pk for f in Batch.read(ranked).facts if passes(f, search.filters, now)]
        ids = [pk for pk in ranked if pk in set(ids)][:ENTRIES]
    else:
        newest = Search(search.q, search.filters, "published", search.match)
        ids = [hit.notice_id for hit in discover(newest, None, ENTRIES).hits]
    title = _("TenderBridge: %(name)s") % {"name": alert.name}
    return _feed(kind, title, site(reverse("alerts:list")), _notices(ids))


def calendar(request, token: str):
    reader = _reader(token)
    if reader is None:
        return _nothing()
    _user, profile = reader
    marked = Mark.objects.filter(profile=profile, state__in=[Mark.State.SAVED, Mark.State.BIDDING],
                                 notice__deadline__isnull=False).values_list("notice_id", "state")
    states = dict(marked)
    numbers = dict(NoticeVersion.objects.filter(notice_id__in=list(states)).values_list("notice_id")
                   .annotate(n=Max("number")).values_list("notice_id", "n"))
    updated = list(Notice.objects.filter(pk__in=list(states)).order_by("pk").values_list("pk", "updated"))
    shown = repr((request.path, sorted(states.items()), sorted(numbers.items()), updated))
    return _cached(shown, lambda: _calendar(states, numbers), timeout=24 * 3600)


def _calendar(states: dict, numbers: dict) -> HttpResponse:
    """The calendar written as text with lib/ical.py's RFC 5545 escaping and folding: 200 events in a few
    milliseconds (the icalendar package's objects took about 2 ms an event)."""
    # Plain rows with the description's first characters: what an event shows, not 200 whole notices
    notices = [CalendarNotice(*row) for row in Notice.objects.filter(pk__in=list(states)).order_by("pk").annotate(
        head=Substr("description", 1, DESCRIPTION_CHARS)).values_list(
        "pk", "ocid", "title", "updated", "deadline", "status", "buyer__name", "head")]
    host = urlparse(site("/")).hostname or "tenderbridge"
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//TenderBridge//Saved and bidding deadlines//EN",
             "CALSCALE:GREGORIAN", f"X-WR-CALNAME:{ical.escape_text(_('TenderBridge deadlines'))}"]
    texts = {"bidding": _("Bidding — deadline: %(title)s"), "saved": _("Deadline: %(title)s"),
             "alarm": _("This tender closes tomorrow: %(title)s")}
    for notice in notices:
        lines += _event(notice, states[notice.pk], numbers.get(notice.pk, 1), host, texts)
    lines.append("END:VCALENDAR")
    body = "".join(_fold(line) + "\r\n" for line in lines)
    response = HttpResponse(body.encode("utf-8"), content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=300"
    return response


def _fold(line: str) -> str:
    """lib/ical.fold's lines (at most 75 octets, then 74 after the continuation space, never inside a UTF-8
    character), cut on the encoded bytes: its character loop was three quarters of a 200-event calendar."""
    data = line.encode("utf-8")
    if len(data) <= ical.MAX_OCTETS:
        return line
    chunks, start, limit = [], 0, ical.MAX_OCTETS
    while len(data) - start > limit:
        end = start + limit
        while data[end] & 0xC0 == 0x80:  # a continuation byte: the cut goes before its character
            end -= 1
        chunks.append(data[start:end])
        start, limit = end, ical.MAX_OCTETS - 1
    chunks.append(data[start:])
    return b"\r\n ".join(chunks).decode("utf-8")


def _stamp(moment) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


class CalendarNotice(NamedTuple):
    pk: int
    ocid: str
    title: str
    updated: datetime
    deadline: datetime
    status: str
    buyer: str | None
    head: str | None  # the description's first DESCRIPTION_CHARS


def _event(notice: CalendarNotice, state: str, number: int, host: str, texts: dict) -> list[str]:
    url = notice_url(settings.SITE_URL, get_language(), get_script_prefix(), notice.ocid)
    title = notice.title or notice.ocid
    summary = texts["bidding" if state == Mark.State.BIDDING else "saved"] % {"title": title}
    lines = [
        "BEGIN:VEVENT",
        f"UID:{ical.escape_text(f'{notice.ocid}.deadline@{host}')}",  # the single notice's .ics has the same UID
        f"DTSTAMP:{_stamp(notice.updated)}",
        f"LAST-MODIFIED:{_stamp(notice.updated)}",
        f"SEQUENCE:{max(0, number - 1)}",
        f"DTSTART:{_stamp(notice.deadline)}",
        f"DTEND:{_stamp(notice.deadline + timedelta(minutes=30))}",
        f"SUMMARY:{ical.escape_text(summary)}",
        f"DESCRIPTION:{ical.escape_text(_description(notice.buyer, notice.deadline, notice.head) + chr(10) + url)}",
        f"URL:{url}",  # a URI value, not TEXT: not escaped (a site URL has no spaces)
        "TRANSP:TRANSPARENT",
    ]
    if (notice.status or "").lower() in ("cancelled", "withdrawn"):
        lines.append("STATUS:CANCELLED")
    lines += ["BEGIN:VALARM", "ACTION:DISPLAY",
              f"DESCRIPTION:{ical.escape_text(texts['alarm'] % {'title': title})}", "TRIGGER:-P1D", "END:VALARM",
              "END:VEVENT"]
    return lines
