"""The reader's time zone, activated for every request so that every date on every page is shown in it.

Which zone, in order: the zone saved in the user's profile; else the zone the browser reported (the `tz`
cookie, written by static/js/timezone.js from Intl.DateTimeFormat, or chosen on the time-zone page); else the
language's default (Asia/Shanghai on the Chinese site, UTC otherwise). A cookie or saved value that is not an
IANA zone is ignored, never an error.
"""

from functools import lru_cache
from zoneinfo import ZoneInfo, available_timezones

from django.utils import timezone

# Chinese readers are mostly in China; everyone else sees UTC until their browser or profile says otherwise.
LANGUAGE_DEFAULT_ZONES = {"zh-hans": "Asia/Shanghai"}
COOKIE = "tz"
COOKIE_MAX_AGE = 365 * 24 * 3600


class Source:
    """Where the zone came from (templates use it: the script only writes the cookie when not `PROFILE`)."""

    PROFILE = "profile"
    BROWSER = "browser"
    LANGUAGE = "language"


@lru_cache(maxsize=1)
def known_zones() -> frozenset[str]:
    return frozenset(available_timezones())


def valid_zone(name) -> str | None:
    """The name when it is an IANA zone this machine knows ("Asia/Shanghai"), else None."""
    if isinstance(name, str) and 0 < len(name) <= 64 and name in known_zones():
        return name
    return None


def zone_and_source(request) -> tuple[str, str]:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and (saved := valid_zone(user.time_zone)):
        return saved, Source.PROFILE
    if browser := valid_zone(request.COOKIES.get(COOKIE)):
        return browser, Source.BROWSER
    return LANGUAGE_DEFAULT_ZONES.get(getattr(request, "LANGUAGE_CODE", ""), "UTC"), Source.LANGUAGE


def zone_for(request) -> str:
    return zone_and_source(request)[0]


class UserTimezoneMiddleware:
    """Activate the reader's zone (see the module docstring) and name it on the request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        name, source = zone_and_source(request)
        request.time_zone, request.time_zone_source = name, source
        timezone.activate(ZoneInfo(name))
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
