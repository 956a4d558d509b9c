from dataclasses import dataclass

from django.conf import settings
from django.utils.functional import SimpleLazyObject


def site(request):
    """Values every template needs: where the user is, which time zone dates are shown in, and which of the
    main sections the navigation offers them (worked out only when a page draws the navigation)."""
    return {
        "site_url": settings.SITE_URL,
        "user_time_zone": getattr(request, "time_zone", "UTC"),
        "main_nav": SimpleLazyObject(lambda: navigation_for(getattr(request, "user", None))),
    }


@dataclass(frozen=True)
class Navigation:
    supplier_pages: bool  # the feed and the company profile (suppliers only: others get 403 there)
    reader_pages: bool  # the supplier directory (buyers and programme operators)


def navigation_for(user) -> Navigation:
    """Anonymous visitors are offered the supplier pages (signing in leads there); a signed-in user the pages
    their organisation may open — a buyer or operator is not offered a feed that would answer 403."""
    if user is None or not user.is_authenticated:
        return Navigation(supplier_pages=True, reader_pages=False)
    from tenderbridge.accounts.models import Organisation

    kinds = set(Organisation.objects.for_user(user).values_list("kind", flat=True))
    readers = {Organisation.Kind.BUYER, Organisation.Kind.OPERATOR}
    return Navigation(supplier_pages=Organisation.Kind.SUPPLIER in kinds, reader_pages=bool(kinds & readers))
