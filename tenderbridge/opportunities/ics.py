"""The deadline of a notice as an iCalendar file (/<lang>/opportunities/<ocid>/deadline.ics).

Offered while the notice is open (a closed notice has none: the page shows no link and the address is a 404);
the notice page links it at SITE_URL, the site's public address, so a copied link works from anywhere.

The texts are in the page's language; the event is at the deadline in UTC, or an all-day event on the day
when the source gave only the day. The UID is the OCID at this site's host, so a second download updates the
event instead of adding another; DTSTAMP is when our copy of the notice last changed.
"""

import re
from datetime import UTC
from urllib.parse import urlparse

from django.conf import settings
from django.db.models.fields.json import KT
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _

from tenderbridge.lib import ical

from . import clock
from .models import Notice
from .queries import can_exist, source_zone


def notice_for_calendar(ocid: str) -> Notice | None:
    """The notice with its buyer and deadline precision, without its text or release (one query)."""
    if not can_exist(ocid):
        return None
    return (
        Notice.objects.select_related("buyer")
        .defer("description", "documents", "compiled_release")
        .annotate(deadline_precision=KT("compiled_release__tender__tenderPeriod__endDatePrecision"))
        .filter(ocid=ocid)
        .first()
    )


def offered(notice: Notice, now=None) -> bool:
    """A calendar file is offered while the notice takes bids: a closed one has no deadline left to keep."""
    return notice.deadline is not None and notice.deadline > (now or clock.now())


def closed_message(ocid: str) -> str:
    return _("The notice “%(ocid)s” is closed, so there is no calendar file for it.") % {"ocid": ocid}


def calendar_url(notice: Notice) -> str | None:
    """The file's address at this site's own address (SITE_URL), or None for a closed notice."""
    if not offered(notice):
        return None
    return settings.SITE_URL.rstrip("/") + reverse("opportunities:deadline_ics", args=[notice.ocid])


def page_url(ocid: str) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("opportunities:detail", args=[ocid])


def filename(ocid: str) -> str:
    return "deadline-" + (re.sub(r"[^A-Za-z0-9._-]+", "-", ocid).strip("-.")[:80] or "notice") + ".ics"


def _when_in_source_zone(notice: Notice) -> str:
    zone, label = source_zone(notice.deadline_timezone)
    if zone is None:
        return ""
    local = notice.deadline.astimezone(zone)
    when = formats.date_format(local, "DATE_FORMAT") + " " + local.strftime("%H:%M")
    return _("Deadline in the notice's time zone (%(zone)s): %(when)s") % {"zone": label, "when": when}


def _description(notice: Notice, day_only: bool) -> str:
    lines = []
    if notice.buyer:
        lines.append(_("Buyer: %(name)s") % {"name": notice.buyer.name})
    if day_only:
        lines.append(_("The source gives only the day of the deadline, not its time or time zone."))
    elif when := _when_in_source_zone(notice):
        lines.append(when)
    lines.append(_("The notice on TenderBridge: %(url)s") % {"url": page_url(notice.ocid)})
    if notice.url:
        lines.append(_("The original notice: %(url)s") % {"url": notice.url})
    return "\n".join(lines)


def deadline_calendar(notice: Notice) -> str:
    """The .ics text of the notice's deadline (the notice must have one)."""
    day_only = notice.deadline_precision == "day"
    title = notice.title or notice.ocid
    host = urlparse(settings.SITE_URL).hostname or "tenderbridge"
    event = ical.Event(
        uid=f"{notice.ocid}.deadline@{host}",
        stamp=notice.updated,
        # A day-only deadline is stored as 00:00 UTC of the day the source named: that day, all day.
        start=notice.deadline.astimezone(UTC).date() if day_only else notice.deadline,
        summary=_("Deadline: %(title)s") % {"title": title},
        description=_description(notice, day_only),
        url=page_url(notice.ocid),
        alarm_text=_("This tender closes tomorrow: %(title)s") % {"title": title},
    )
    return ical.calendar(event)
