"""Text a reader can trust: HTML entities decoded once, characters lost to '?' restored, placeholders spotted.

Django-free; normalise.py applies `prose()` to every human-readable text it picks out (titles, descriptions,
names, item and award texts), and ingest asks `placeholder_reason()` of every notice it stores
(docs/ingest.md "Data quality" lists the rules and what they found in the demo data).

- Entities: publishers escape text for HTML, some twice ("Supply &amp;amp; Delivery"). An entity is decoded
  only when it is complete (`&name;`, `&#39;`, `&#x27;`), repeatedly until none is left (at most three rounds),
  so "Supply &amp;amp; Delivery" -> "Supply & Delivery" while a real "&" ("R&D", "AT&T", "&notice") stays.
- Lost characters: a publisher that wrote its text through a non-Unicode code page replaced each letter it
  could not encode with "?" ("Ciudad de M?xico", "Gen?ve"). The letter is gone; a word with "?" between
  letters is restored only when exactly one known word fits it (KNOWN_WORDS: CLDR's country names in the
  languages our publishers write, and a short list of cities), else it is left as written.
"""

import html
import re
from functools import cache

_ENTITY = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_LOST = re.compile(r"(?<![\w?])[^\W\d_]+(?:\?+[^\W\d_]+)+(?![\w?])")  # a word with '?' between letters
_ENTITY_ROUNDS = 3
_PLACE_LOCALES = ("es", "fr", "pt", "de", "it", "tr", "pl", "cs", "ro", "hu", "nl", "sv", "nb", "da")
# Places our publishers name that CLDR's country lists do not (cities, regions); each has a letter outside ASCII.
_CITIES = (
    "México Bogotá Asunción Genève Zürich Düsseldorf München Köln Montréal Québec Curaçao Göteborg Malmö "
    "Tromsø Bærum Kraków Gdańsk Łódź Poznań Brașov Iași Medellín Cúcuta Querétaro Mérida Potosí Panamá Perú "
    "Córdoba Málaga León Cádiz Ibagué Popayán Fortaleza Belém Goiânia Brasília Kyïv Sevilla Valparaíso "
    "Yaoundé Lomé Conakry Nouméa Réunion"
).split()


def prose(value: str) -> str:
    """A text with its HTML entities decoded and its lost letters restored where they can be."""
    if not value:
        return value
    if "&" in value:
        value = decode_entities(value)
    if "?" in value:
        value = restore_lost_letters(value)
    return value


def decode_entities(value: str) -> str:
    """Complete HTML entities decoded, again while decoding made new ones (double escaping), at most 3 rounds."""
    for _ in range(_ENTITY_ROUNDS):
        decoded = _ENTITY.sub(lambda m: html.unescape(m.group()), value)
        if decoded == value:
            break
        value = decoded
    return value


def restore_lost_letters(value: str) -> str:
    """Each word with '?' between letters replaced by the one known word it can be, if there is exactly one."""
    return _LOST.sub(_restore_word, value)


def _restore_word(match: re.Match) -> str:
    word = match.group()
    pattern = re.compile("^" + "".join("." if ch == "?" else re.escape(ch.casefold()) for ch in word) + "$")
    found = {known for known in _known_by_length().get(len(word), ()) if pattern.match(known.casefold())}
    if len(found) != 1:
        return word
    restored = found.pop()
    return restored.upper() if word.isupper() else restored


@cache
def _known_by_length() -> dict[int, frozenset[str]]:
    """KNOWN_WORDS by their length (a lost letter is one character, so only same-length words can fit)."""
    by_length: dict[int, set[str]] = {}
    for word in known_words():
        by_length.setdefault(len(word), set()).add(word)
    return {length: frozenset(words) for length, words in by_length.items()}


@cache
def known_words() -> frozenset[str]:
    """Words with a letter outside ASCII from CLDR's country names (Babel) in our publishers' languages, and
    _CITIES. Only these can be restored: a '?' that stood for such a letter."""
    from babel import Locale

    words = set(_CITIES)
    for code in _PLACE_LOCALES:
        for name in Locale.parse(code).territories.values():
            words.update(re.findall(r"[^\W\d_]+", name))
    return frozenset(w for w in words if not w.isascii() and len(w) > 2)


# --- placeholders and test records -------------------------------------------------------------------------

TEST_WORDS = frozenset({"test", "tests", "prod", "demo", "dummy", "sample", "testing123", "ignore", "please"})
PLACEHOLDER_WORDS = frozenset({"procurement", "title", "description", "tbd", "tba", "xxx", "xx", "x", "abc"})
# A text that only says it is unknown ("NA", "N/A", "none"): a real record with nothing written, not a template.
UNKNOWN_WORDS = frozenset({"na", "n", "a", "none", "null", "nil"})
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
LOREM = re.compile(r"\blorem ipsum\b", re.IGNORECASE)
_SHORT = 200  # characters: a description longer than this is no test or template text
_LOREM_CHARS = 2000  # filler text starts a description


class Placeholder:
    """Why a notice is a test or placeholder record (the values stored in Notice.placeholder)."""

    EMPTY = "empty"  # no title, description or item text at all
    PLACEHOLDER_TEXT = "placeholder_text"  # "Procurement Title ---", "TBD", "xxx": a template left unfilled
    TEST_RECORD = "test_record"  # "Dzmitry PROD Test", "Test Natasha": the word test and a name at most
    LOREM_IPSUM = "lorem_ipsum"  # filler text


def placeholder_reason(title: str, description: str, item_texts: list[str] | tuple[str, ...] = ()) -> str:
    """The Placeholder reason of a notice with these texts, or "" for a real notice.

    A title that only mentions a test ("Analytical Testing Support", "Asbestos Surveys and Testing", "Pressure
    test equipment") is real: a test record's title is the word test (or prod, demo, dummy…) and at most one
    other word (a person's name, a number), with a description that says no more than that or a title that
    names the environment (prod, demo, dummy). "Test kits" with no description is not flagged."""
    if len(description or "") > _SHORT:  # a real description: only filler text can make it a placeholder
        return Placeholder.LOREM_IPSUM if LOREM.search(description[:_LOREM_CHARS]) else ""
    words = [w.casefold() for w in _WORD.findall(title or "")]
    described = [w.casefold() for w in _WORD.findall(description or "")]
    if not _says_something(words) and not _says_something(described):
        if not any(_says_something(_WORD.findall((t or "").casefold())) for t in item_texts):
            return Placeholder.EMPTY
    if LOREM.search(title or "") or LOREM.search(description or ""):
        return Placeholder.LOREM_IPSUM
    if words and all(w in PLACEHOLDER_WORDS for w in words) and all(w in PLACEHOLDER_WORDS for w in described):
        return Placeholder.PLACEHOLDER_TEXT
    if _is_test(words) and (_is_test(described) or {"prod", "demo", "dummy"} & set(words)):
        return Placeholder.TEST_RECORD
    return ""


def _says_something(words: list[str]) -> bool:
    return any(w not in UNKNOWN_WORDS for w in words)


def _is_test(words: list[str]) -> bool:
    """The word test (or a synonym) and at most one other word."""
    if not any(w in ("test", "tests", "dummy", "testing123") for w in words):
        return False
    return len([w for w in words if w not in TEST_WORDS]) <= 1
