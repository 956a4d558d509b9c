"""Which requirements a supplier profile already answers (the requirement's `prefill` rule → a yes or no).

A rule only ever says "met": a profile without the data leaves the item for the firm to answer, because a
missing field in the profile is not evidence that the firm lacks it.
"""

from django.utils import timezone

from tenderbridge.suppliers.models import SupplierProfile

from .models import Requirement

REGISTERED = {"basic", "level_1", "level_2"}
Rule = Requirement.Prefill


def _trading_years(profile: SupplierProfile) -> bool:
    return bool(profile.founded_year) and timezone.localdate().year - profile.founded_year >= 3


RULES = {
    Rule.UNGM_REGISTERED: lambda p: p.ungm_level in REGISTERED,
    Rule.LEGAL_NAME: lambda p: bool(p.name_en and p.country and (p.city or p.province)),
    Rule.UNSPSC: lambda p: bool(list(p.categories.all())),
    Rule.COUNTRIES: lambda p: bool(p.export_countries or p.country),
    Rule.PAST_CONTRACTS: lambda p: bool(list(p.contracts.all())),
    Rule.TRADING_3_YEARS: _trading_years,
    Rule.UNGM_LEVEL_2: lambda p: p.ungm_level == "level_2",
}


def answered_by_profile(requirement: Requirement, profile: SupplierProfile | None) -> bool:
    """Whether the profile shows the requirement is met (profile loaded with_details, or None)."""
    rule = RULES.get(requirement.prefill)
    return bool(profile is not None and rule is not None and rule(profile))
