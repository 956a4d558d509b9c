"""The UNSPSC codes a supplier picks: reading what people type, checking it against the taxonomy, titles.

A code is 8 digits not starting with 00 (tenderbridge.lib.taxonomy.unspsc). People paste codes with spaces,
hyphens or full-width digits ("4213 2203", "42-13-22-03", "４２１３２２０３"): those are read as the code.
When the taxonomy is loaded, a well-formed code must also be in it; before it is loaded (a fresh install),
well-formed codes are accepted as they are, since there is nothing to check them against.
"""

import re
import unicodedata
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tenderbridge.lib.taxonomy.unspsc import unspsc_level
from tenderbridge.taxonomy import suggest
from tenderbridge.taxonomy.models import UnspscCode, in_active_language

_SEPARATORS = re.compile(r"[\s\-.]")
_SPLIT = re.compile(r"[\s,;，；、]+")
SHOWN_IN_MESSAGE = 60  # characters of a bad value repeated back in a message


@dataclass(frozen=True)
class CodeTitle:
    code: str
    title_en: str | None  # None when the code is not in the loaded taxonomy
    title_zh: str | None

    @property
    def title(self) -> str | None:
        return in_active_language(self.title_en, self.title_zh) if self.title_en else None

    @property
    def other_title(self) -> str | None:
        """The title in the other language, shown smaller beside the main one."""
        if not self.title_en or not self.title_zh:
            return None
        return self.title_en if self.title == self.title_zh else self.title_zh


def parse_code(raw: str) -> str | None:
    """The 8-digit code in what was typed, or None when it is not one."""
    compact = _SEPARATORS.sub("", unicodedata.normalize("NFKC", raw or ""))
    try:
        unspsc_level(compact)
    except ValueError:
        return None
    return compact


def split_codes(text: str) -> list[str]:
    """Several codes typed in one box, separated by commas, semicolons or new lines (spaces inside one code
    are allowed only when the whole box holds one code)."""
    text = unicodedata.normalize("NFKC", text or "").strip()
    if not text:
        return []
    if parse_code(text):
        return [text]
    return [part for part in _SPLIT.split(text) if part]


def check_codes(raw_codes: list[str]) -> list[str]:
    """The codes, normalised and without repeats, in the order given; ValidationError naming every bad one."""
    codes, malformed = [], []
    for raw in raw_codes:
        code = parse_code(str(raw))
        if code is None:
            malformed.append(str(raw)[:SHOWN_IN_MESSAGE])
        elif code not in codes:
            codes.append(code)
    errors = []
    if malformed:
        errors.append(
            ValidationError(
                ngettext(
                    "%(codes)s is not a UNSPSC code: a code has 8 digits, such as 42132203.",
                    "These are not UNSPSC codes: %(codes)s. A code has 8 digits, such as 42132203.",
                    len(malformed),
                )
                % {"codes": ", ".join(f"“{value}”" for value in malformed)},
                code="malformed",
            )
        )
    unknown = unknown_codes(codes)
    if unknown:
        errors.append(
            ValidationError(
                ngettext(
                    "The UNSPSC code list has no code %(codes)s. Search the categories to find the right one.",
                    "The UNSPSC code list has no codes %(codes)s. Search the categories to find the right ones.",
                    len(unknown),
                )
                % {"codes": ", ".join(unknown)},
                code="unknown",
            )
        )
    if errors:
        raise ValidationError(errors)
    return codes


def unknown_codes(codes: list[str]) -> list[str]:
    """Well-formed codes that the loaded taxonomy lacks ([] when no taxonomy is loaded)."""
    if not codes or not UnspscCode.objects.exists():
        return []
    known = set(UnspscCode.objects.filter(code__in=codes).values_list("code", flat=True))
    return [code for code in codes if code not in known]


def titles(codes: list[str]) -> list[CodeTitle]:
    """Each code with its English and Chinese titles, in one query."""
    found = {
        row["code"]: row
        for row in UnspscCode.objects.filter(code__in=codes).values("code", "title_en", "title_zh")
    }
    return [
        CodeTitle(code, found[code]["title_en"], found[code]["title_zh"] or None)
        if code in found
        else CodeTitle(code, None, None)
        for code in codes
    ]


def suggestions_for(profile) -> list:
    """The codes the profile's description suggests (taxonomy/suggest.py), less those it has: the products page
    offers them to add in one click."""
    if not (profile.description or "").strip():
        return []
    own = set(profile.categories.values_list("code", flat=True))
    return suggest.suggest_categories(profile.description, exclude=own)


def too_many_message(limit: int) -> str:
    return _("A profile can list at most %(limit)d product and service codes.") % {"limit": limit}
