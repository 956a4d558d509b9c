"""How long until a deadline, or how long since it passed, as a sentence in the reader's language.

"Closes in 12 days 5 hours", "Closes in 3 hours 20 minutes", "Closed 3 days ago" — computed on the server
at `clock.now()`, so the page is right without JavaScript. Two units ahead (the reader plans by them), one
behind (it only says how stale the notice is). A deadline whose source gave only the day counts in days from
today (UTC, the day the source named), never in invented hours.

Each amount is its own plural phrase (ngettext: "1 day" / "12 days"), and the sentence that holds them is one
translatable string with named placeholders, so a translator orders the whole sentence ("%(duration)s后截止").
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from . import clock


@dataclass(frozen=True)
class Countdown:
    is_open: bool
    text: str
    seconds: int  # seconds left (negative once closed), for the API


def _days(count: int) -> str:
    return ngettext("%(count)d day", "%(count)d days", count) % {"count": count}


def _hours(count: int) -> str:
    return ngettext("%(count)d hour", "%(count)d hours", count) % {"count": count}


def _minutes(count: int) -> str:
    return ngettext("%(count)d minute", "%(count)d minutes", count) % {"count": count}


def _pair(first: str, second: str) -> str:
    # Translators: two amounts of time, largest first, such as "12 days 5 hours".
    return pgettext("duration of two units", "%(first)s %(second)s") % {"first": first, "second": second}


def _duration_ahead(left: timedelta) -> str:
    minutes = max(1, int(left.total_seconds() // 60))
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    if days:
        return _pair(_days(days), _hours(hours)) if hours else _days(days)
    if hours:
        return _pair(_hours(hours), _minutes(minutes)) if minutes else _hours(hours)
    return _minutes(minutes)


def _closed_ago(past: timedelta) -> str:
    minutes = int(past.total_seconds() // 60)
    if minutes >= 24 * 60:
        days = minutes // (24 * 60)
        return ngettext("Closed %(count)d day ago", "Closed %(count)d days ago", days) % {"count": days}
    if minutes >= 60:
        hours = minutes // 60
        return ngettext("Closed %(count)d hour ago", "Closed %(count)d hours ago", hours) % {"count": hours}
    if minutes >= 1:
        return ngettext("Closed %(count)d minute ago", "Closed %(count)d minutes ago", minutes) % {
            "count": minutes
        }
    return _("Closed just now")


def _by_day(deadline: datetime, now: datetime) -> Countdown:
    """The source gave the day only (stored as its 00:00 UTC): count whole days from today in UTC."""
    days = (deadline.date() - now.astimezone(deadline.tzinfo).date()).days
    seconds = int((deadline - now).total_seconds())
    if days > 0:
        text = ngettext("Closes in %(count)d day", "Closes in %(count)d days", days) % {"count": days}
        return Countdown(True, text, seconds)
    if days == 0:
        return Countdown(True, _("Closes today"), seconds)
    ago = -days
    return Countdown(
        False,
        ngettext("Closed %(count)d day ago", "Closed %(count)d days ago", ago) % {"count": ago},
        seconds,
    )


def countdown(
    deadline: datetime | None, day_only: bool = False, now: datetime | None = None
) -> Countdown | None:
    """The countdown to `deadline` at `now` (clock.now() by default); None when there is no deadline."""
    if deadline is None:
        return None
    now = now or clock.now()
    if day_only:
        return _by_day(deadline, now)
    left = deadline - now
    seconds = int(left.total_seconds())
    if left > timedelta(0):
        return Countdown(True, _("Closes in %(duration)s") % {"duration": _duration_ahead(left)}, seconds)
    return Countdown(False, _closed_ago(-left), seconds)
