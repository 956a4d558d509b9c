"""How complete a profile is: a scored checklist, and what to add next.

Each item has a weight; the score is the sum of the weights of the items that are done (the weights add up
to 100). "Next" is the missing item that weighs most (ties in the checklist's order), since that is what
helps buyers and the ranking most. Reads a profile loaded with `SupplierProfile.objects.with_details()`.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from .models import SupplierProfile

DESCRIPTION_MIN_CHARS = 50  # letters or digits; a Chinese character counts as two (emoji and punctuation: none)
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


@dataclass(frozen=True)
class Rule:
    key: str
    weight: int
    label: str
    hint: str  # what to do when it is missing
    section: str  # the edit section that fills it (views.SECTIONS)
    done: Callable[[SupplierProfile], bool]


@dataclass(frozen=True)
class Item:
    key: str
    weight: int
    label: str
    hint: str
    section: str
    done: bool


@dataclass(frozen=True)
class Completeness:
    score: int  # 0–100
    items: list[Item]

    @property
    def missing(self) -> list[Item]:
        return [item for item in self.items if not item.done]

    @property
    def next(self) -> Item | None:
        missing = self.missing
        return max(missing, key=lambda item: item.weight) if missing else None


def letters(text: str) -> int:
    """How much a text says: letters and digits, a Chinese character (denser than a letter) counting twice."""
    return sum(1 for char in text or "" if char.isalnum()) + len(_CJK.findall(text or ""))


def _valid_certificates(profile: SupplierProfile) -> bool:
    return any(not certificate.is_expired() for certificate in profile.certificates.all())


RULES = [
    Rule(
        "names", 10, _("Company name in Chinese and in English"),
        _("Give the company's name in both Chinese and English, as on its business licence."), "company",
        lambda p: bool(p.name_zh and p.name_en),
    ),
    Rule(
        "location", 5, _("Country and province or city"),
        _("Say where the company is: country, and province or city."), "company",
        lambda p: bool(p.country and (p.province or p.city)),
    ),
    Rule(
        "size", 5, _("Size class"), _("Choose the company's size class, or give its headcount."), "company",
        lambda p: bool(p.size_class),
    ),
    Rule(
        "founded", 5, _("Year founded"), _("Give the year the company was founded."), "company",
        lambda p: p.founded_year is not None,
    ),
    Rule(
        "description", 15, _("What the company makes or does"),
        _("Describe what the company makes or does in a few sentences (at least 50 letters or 25 Chinese "
          "characters)."), "company",
        lambda p: letters(p.description) >= DESCRIPTION_MIN_CHARS,
    ),
    Rule(
        "products", 20, _("Products and services (UNSPSC codes)"),
        _("Pick the UNSPSC codes of what you sell: buyers and the ranking find you by them."), "products",
        lambda p: bool(p.categories.all()),
    ),
    Rule(
        "contracts", 10, _("Past contracts"),
        _("Add a contract you have delivered, or import your awards from the UN award data."), "contracts",
        lambda p: bool(p.contracts.all()),
    ),
    Rule(
        "certificates", 10, _("Certificates"),
        _("Add a certificate that is still valid, such as ISO 9001."), "certificates",
        _valid_certificates,
    ),
    Rule(
        "women_owned", 5, _("Women-owned business declaration"),
        _("Answer the women-owned business questions (IWA 34), whatever the answer."), "women-owned",
        lambda p: p.women_owned_or_none() is not None,
    ),
    Rule(
        "ungm", 5, _("UNGM registration"),
        _("Say whether the company is registered with UNGM, and at which level."), "registration",
        lambda p: bool(p.ungm_level),
    ),
    Rule(
        "languages", 5, _("Working languages"),
        _("Tick the languages the company can do business in."), "registration",
        lambda p: bool(p.languages),
    ),
    Rule(
        "export", 5, _("Export experience"),
        _("Say how many years the company has exported, and to which countries."), "registration",
        lambda p: p.export_years is not None or bool(p.export_countries),
    ),
]

assert sum(rule.weight for rule in RULES) == 100, "the completeness weights must add up to 100"


def completeness(profile: SupplierProfile) -> Completeness:
    items = [
        Item(rule.key, rule.weight, str(rule.label), str(rule.hint), rule.section, bool(rule.done(profile)))
        for rule in RULES
    ]
    return Completeness(score=sum(item.weight for item in items if item.done), items=items)
