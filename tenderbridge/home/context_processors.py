from django.conf import settings


def site(request):
    """Values every template needs: where the user is and which time zone dates are shown in."""
    return {
        "site_url": settings.SITE_URL,
        "user_time_zone": getattr(request, "time_zone", "UTC"),
    }
