"""UNSPSC codes as the ranker compares them: cleaned, checked, and cut into their four levels.

A UNSPSC code is 8 digits, two per level: segment (42000000), family (42130000), class (42132200), commodity
(42132203). Trailing "00" pairs mean "this level and below are unspecified". Two codes match at the deepest
level both specify and agree on: a supplier registered for family 42130000 matches a notice for commodity
42132203 at family level, and two different commodities of one class match at class level.
"""

import re

LEVELS = ("segment", "family", "class", "commodity")  # shallow to deep; index = number of pairs - 1
_DIGITS = re.compile(r"\d{8}")
_SEPARATORS = re.compile(r"[\s.\-_]")


def clean(code) -> str | None:
    """The 8-digit code, or None for anything that is not one ("4213", "abc", "00000000", 42.1, None)."""
    if not isinstance(code, str | int) or isinstance(code, bool):
        return None
    text = _SEPARATORS.sub("", str(code))
    if len(text) == 10 and text.endswith("00"):  # UNSPSC with a business-function suffix, "4213220300"
        text = text[:8]
    if not _DIGITS.fullmatch(text) or text[:2] == "00":
        return None
    return text


def cleaned(codes) -> tuple[str, ...]:
    """The valid codes of a list, in order, once each; malformed ones are dropped (they carry no meaning)."""
    if isinstance(codes, str | int):
        codes = [codes]
    found: dict[str, None] = {}
    for code in codes or ():
        good = clean(code)
        if good:
            found[good] = None
    return tuple(found)


def depth(code: str) -> int:
    """How many levels a clean code specifies: 1 (segment) … 4 (commodity). A code with a gap ("42003100")
    counts up to the gap."""
    pairs = 1
    while pairs < 4 and code[2 * pairs : 2 * pairs + 2] != "00":
        pairs += 1
    return pairs


def prefixes(code: str) -> list[str]:
    """The keys of each level the code specifies, shallow to deep: 42132203 → 42, 4213, 421322, 42132203."""
    return [code[: 2 * (level + 1)] for level in range(depth(code))]


def at_level(prefix: str) -> str:
    """A level key written as a full code: "4213" → "42130000"."""
    return prefix.ljust(8, "0")


def family(code: str) -> str:
    return code[:4] + "0000" if depth(code) >= 2 else ""


def segment(code: str) -> str:
    return code[:2] + "000000"
