from zoneinfo import ZoneInfo

from django.utils import timezone

# Chinese readers are mostly in China; everyone else sees UTC until they choose a zone.
LANGUAGE_DEFAULT_ZONES = {"zh-hans": "Asia/Shanghai"}


def zone_for(request) -> str:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.time_zone:
        return user.time_zone
    return LANGUAGE_DEFAULT_ZONES.get(getattr(request, "LANGUAGE_CODE", ""), "UTC")


class UserTimezoneMiddleware:
    """Activate the user's time zone so every date on every page is shown in it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        name = zone_for(request)
        request.time_zone = name
        timezone.activate(ZoneInfo(name))
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
