"""ISO 3166-1 countries with English and Simplified Chinese names, from pycountry's data.

pycountry ships the ISO code list and the Debian iso-codes translations inside its wheel, so
the names need no network and stay consistent with what the procurement sources use.
"""

import gettext
from functools import cache, lru_cache

import pycountry


@cache
def _zh() -> gettext.NullTranslations:
    return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["zh_CN"], fallback=True)


def name(code: str, lang: str = "en") -> str:
    """The country's common name in `lang` ("en" or "zh-hans"); the code itself when unknown."""
    country = pycountry.countries.get(alpha_2=(code or "").upper())
    if country is None:
        return code
    english = getattr(country, "common_name", None) or country.name
    if lang.startswith("zh"):
        return _zh().gettext(country.name)
    return english


@cache
def codes() -> tuple[str, ...]:
    return tuple(sorted(c.alpha_2 for c in pycountry.countries))


def choices() -> list[tuple[str, str]]:
    """(code, English name) pairs for model fields; templates show the localised name."""
    return [(code, name(code)) for code in codes()]


@lru_cache(maxsize=4096)  # sources repeat the same few hundred spellings
def lookup(text: str) -> str | None:
    """ISO alpha-2 code for a country name or code as sources write it, or None."""
    text = (text or "").strip()
    if not text:
        return None
    if len(text) == 2 and pycountry.countries.get(alpha_2=text.upper()):
        return text.upper()
    try:
        return pycountry.countries.lookup(text).alpha_2
    except LookupError:
        return None
