"""The product's main sections, in navigation order; later issues fill each one."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Section:
    slug: str
    title: str
    summary: str
    url_name: str = ""  # the section's own page, once its capability has landed

    def url(self) -> str:
        return reverse(self.url_name) if self.url_name else reverse("home:section", args=[self.slug])


SECTIONS = [
    Section(
        "opportunities",
        _("Opportunities"),
        _("Tenders from UN agencies, development banks and public buyers, in one feed."),
        url_name="opportunities:list",
    ),
    Section(
        "company",
        _("My company"),
        _("Your supplier profile, the categories you sell and the feed ranked for you."),
        url_name="suppliers:profile",
    ),
    Section(
        "learning",
        _("Learning"),
        _("Guides and courses on UN supplier registration and sustainable procurement."),
        url_name="learning:index",
    ),
    Section("market", _("Market"), _("Which agency buys what you make, and who wins the contracts."), url_name="market:overview"),
    Section("events", _("Events"), _("Procurement conferences and workshops with UN buyers.")),
]

BY_SLUG = {section.slug: section for section in SECTIONS}
