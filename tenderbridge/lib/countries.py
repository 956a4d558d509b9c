"""Countries: ISO 3166-1 codes (pycountry), their names from CLDR (Babel) in English and Simplified Chinese, and
the order a reader of each language expects (Django-free).

- Names: CLDR's territory names (`babel.Locale("en"/"zh_Hans").territories`), the ones operating systems and
  browsers show, with a short override table (NAME_OVERRIDES) where CLDR's standard name is long ("Hong Kong SAR
  China") or differs from mainland Chinese usage (台湾 → 中国台湾, as the programme's Chinese readers write it).
- Order: alphabetical on the English site (accents folded: Åland Islands with the A's, Côte d’Ivoire with the
  C's); by pinyin on the Chinese site (pypinyin: 阿尔巴尼亚 ā'ěrbāníyà before 埃及 āijí before 中国 zhōngguó), which
  is how Chinese readers expect a list of names ordered.
- Lookup of the names sources write: pycountry's names and codes, and the CLDR names in both languages.
"""

import unicodedata
from functools import cache, lru_cache

import pycountry

NAME_OVERRIDES: dict[str, dict[str, str]] = {
    "en": {"HK": "Hong Kong, China", "MO": "Macao, China", "PS": "Palestine"},
    "zh": {"TW": "中国台湾", "HK": "中国香港", "MO": "中国澳门", "PS": "巴勒斯坦"},
}


def _lang(lang: str) -> str:
    return "zh" if (lang or "").lower().startswith("zh") else "en"


@cache
def _cldr(lang: str) -> dict[str, str]:
    from babel import Locale

    territories = Locale.parse("zh_Hans" if lang == "zh" else "en").territories
    return {**{code: str(territories[code]) for code in codes() if code in territories}, **NAME_OVERRIDES[lang]}


def name(code: str, lang: str = "en") -> str:
    """The country's name in `lang` ("en", or "zh"/"zh-hans"); the code itself when unknown."""
    return _cldr(_lang(lang)).get((code or "").upper(), code)


def iso_name(code: str) -> str:
    """The ISO 3166 (pycountry) English name, as data files write it; the code itself when unknown."""
    country = pycountry.countries.get(alpha_2=(code or "").upper())
    return (getattr(country, "common_name", None) or country.name) if country else code


@cache
def codes() -> tuple[str, ...]:
    return tuple(sorted(c.alpha_2 for c in pycountry.countries))


def sort_key(text: str, lang: str = "en") -> tuple:
    """How a name sorts for a reader of `lang`: by pinyin (then tone, then the characters) in Chinese; by its
    letters with accents folded in English."""
    if _lang(lang) == "zh":
        return _pinyin_key(text)
    folded = unicodedata.normalize("NFKD", text)
    return ("".join(ch for ch in folded if not unicodedata.combining(ch)).casefold(), text)


@lru_cache(maxsize=2048)
def _pinyin_key(text: str) -> tuple:
    from pypinyin import Style, lazy_pinyin

    return (" ".join(lazy_pinyin(text)), " ".join(lazy_pinyin(text, style=Style.TONE3)), text)


@cache
def _sorted(lang: str) -> tuple[tuple[str, str], ...]:
    return tuple(sorted(((code, name(code, lang)) for code in codes()), key=lambda pair: sort_key(pair[1], lang)))


def choices(lang: str = "en", first: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    """(code, name) pairs in `lang`, in that language's order; the codes in `first` lead (China for sign-up)."""
    ordered = _sorted(_lang(lang))
    lead = [pair for code in first for pair in ordered if pair[0] == code]
    return lead + [pair for pair in ordered if pair[0] not in first]


@cache
def _names_to_codes() -> dict[str, str]:
    found = {}
    for lang in ("en", "zh"):
        for code, label in _cldr(lang).items():
            found.setdefault(label.casefold(), code)
    return found


@lru_cache(maxsize=4096)  # sources repeat the same few hundred spellings
def lookup(text: str) -> str | None:
    """ISO alpha-2 code for a country name or code as sources write it (English or Chinese), or None."""
    text = (text or "").strip()
    if not text:
        return None
    if len(text) == 2 and pycountry.countries.get(alpha_2=text.upper()):
        return text.upper()
    try:
        return pycountry.countries.lookup(text).alpha_2
    except LookupError:
        return _names_to_codes().get(text.casefold())
