"""Names shown on the market pages: UNSPSC titles (the taxonomy's Chinese titles) and countries (CLDR, Babel)."""

from functools import cache

from babel import Locale
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from tenderbridge.taxonomy.models import UnspscCode, in_active_language


def is_chinese() -> bool:
    return (get_language() or "").startswith("zh")


@cache
def _territories(locale: str) -> dict[str, str]:
    return dict(Locale.parse(locale).territories)


def country_name(code: str) -> str:
    """The country's name in the page's language from CLDR ("CN" → "中国" / "China"); unknown codes as written."""
    if not code:
        return _("Country not given")
    names = _territories("zh_Hans" if is_chinese() else "en")
    return names.get(code.upper(), code)


def category_titles(codes) -> dict[str, str]:
    codes = [code for code in set(codes) if code]
    rows = UnspscCode.objects.filter(code__in=codes).values_list("code", "title_en", "title_zh")
    titles = {code: in_active_language(en, zh) for code, en, zh in rows}
    return {code: titles.get(code, code) for code in codes}


def category_title(code: str) -> str:
    if not code:
        return _("Not classified")
    return category_titles([code]).get(code, code)
