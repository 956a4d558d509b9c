"""The one "now" of the opportunity pages: countdowns, "open"/"closed" and the open-filter all ask `now()`.

The demo data is historic (UNGM's March 2024 scrape), so against the real clock every deadline has passed.
`DEMO_NOW` (docs/settings.md) fixes the moment for demonstrations and training, so countdowns and the open
filter read as they did on that day. Unset — always in production — it is the real time.
"""

from datetime import datetime

from django.conf import settings
from django.utils import timezone


def now() -> datetime:
    """The moment deadlines are compared with: settings.DEMO_NOW when set, else the real time (aware, UTC)."""
    return demo_now() or timezone.now()


def demo_now() -> datetime | None:
    """The fixed moment of a demonstration, or None in normal use."""
    return getattr(settings, "DEMO_NOW", None)
