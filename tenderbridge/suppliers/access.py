"""Who acts for which organisation, and who may read which profile (shared by the pages and the API).

Only a supplier organisation's own users (owners and members) read and edit its profile; buyers and
programme operators read visible profiles. Anyone else gets "not found", so a profile's existence never leaks.
"""

from tenderbridge.accounts.models import Organisation, User

from .models import READER_KINDS, SupplierProfile


def supplier_organisation(user: User) -> Organisation | None:
    """The supplier organisation the user acts for (the first one joined), or None."""
    if not user.is_authenticated:
        return None
    return Organisation.objects.suppliers().for_user(user).order_by("memberships__created").first()


def is_reader(user: User) -> bool:
    """Whether the user belongs to a buyer or operator organisation (they read visible profiles)."""
    return user.is_authenticated and Organisation.objects.for_user(user).filter(kind__in=READER_KINDS).exists()


def readable_profile(user: User, pk: int) -> SupplierProfile | None:
    """The profile with this id if the user may read it, else None (missing and hidden look the same)."""
    return SupplierProfile.objects.readable_by(user).with_details().filter(pk=pk).first()
