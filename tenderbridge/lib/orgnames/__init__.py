"""Official names of international buyers — the UN system, the development banks, a few other international
organisations — in English and Simplified Chinese, matched from the names the sources write.

The table is `organisations.csv` beside this module (data, not code): one row per organisation with its acronym,
English and Chinese names, buyer family, the other spellings met in the demo data ("UNITED NATIONS CHILDRENS FUND
(UNICEF)", ASR's "UN/PD", UNGM's "INTERNATIONAL ORGANIZATION FOR MIGRATION (IMO)") and where the Chinese name
comes from (`source`, see SOURCES). Read once; Django-free.

A source's name is matched, first hit wins:
1. the whole name, or the name without a trailing "(…)", against every name and alias (case, punctuation and
   "&"/"and" ignored) — before the acronym, because UNGM's export gives IOM the acronym "(IMO)";
2. the acronym in a trailing "(…)" or the whole name, case-sensitive ("WHO", never "who");
3. an acronym of three letters or more standing as a word in the name ("UNICEF Supply Division"): a part of
   that organisation, `exact` False, so pages keep the source's own name beside the Chinese one.
"""

import csv
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

TABLE = Path(__file__).with_name("organisations.csv")
# What each `source` key of the table means. The names were entered by hand (2026-12-07) from these
# references, not fetched: nothing here is read from the network.
SOURCES = {
    "un-system-chart-zh": "The United Nations System Chart, Chinese edition (un.org/zh), and the organisation's "
    "Chinese name on its own site",
    "unterm": "UNTERM, the United Nations terminology database (the Chinese entry of the name)",
    "org-site-zh": "The organisation's own Chinese-language pages (for banks: their Chinese annual report)",
}
_WORDS_TOO_COMMON = {
    "UN",
    "EC",
    "WB",
    "ECA",
    "ECE",
    "IDA",
    "OPS",
    "BID",
}  # never matched inside a longer name


@dataclass(frozen=True)
class Organisation:
    acronym: str
    name_en: str
    name_zh: str
    family: str  # lib.buyer_family's keys: un, development_bank, international
    aliases: tuple[str, ...]
    source: str  # a key of SOURCES


@dataclass(frozen=True)
class Match:
    organisation: Organisation
    exact: bool  # the source's name is the organisation's (not a part of it, such as a division)


def normalise(name: str) -> str:
    text = (name or "").upper().replace("&", " AND ").replace("'", "").replace("’", "")
    text = re.sub(r"[^0-9A-Z\u00C0-\u024F\u4E00-\u9FFF]+", " ", text).strip()
    return text.removeprefix("THE ")


@dataclass(frozen=True)
class _Index:
    by_name: dict[str, Organisation]
    by_acronym: dict[str, Organisation]
    words: re.Pattern | None


def _read(path: Path) -> list[Organisation]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    found = []
    for number, row in enumerate(rows, start=2):
        missing = [key for key in ("acronym", "name_en", "name_zh", "family", "source") if not row.get(key)]
        if missing or row["source"] not in SOURCES:
            raise ValueError(f"{path.name} line {number}: missing {missing or ['a known source']}")
        aliases = tuple(a.strip() for a in row["aliases"].split("|") if a.strip())
        found.append(
            Organisation(
                row["acronym"], row["name_en"], row["name_zh"], row["family"], aliases, row["source"]
            )
        )
    return found


@cache
def _index(path: Path = TABLE) -> _Index:
    organisations = _read(path)
    by_name: dict[str, Organisation] = {}
    by_acronym: dict[str, Organisation] = {}
    for org in organisations:
        for name in (org.name_en, *org.aliases):
            by_name.setdefault(normalise(name), org)
        for acronym in (org.acronym, *(a for a in org.aliases if a.isupper() and " " not in a)):
            by_acronym.setdefault(acronym, org)
    words = sorted(
        (a for a in by_acronym if len(a) >= 3 and a not in _WORDS_TOO_COMMON), key=len, reverse=True
    )
    pattern = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, words)) + r")(?![\w-])") if words else None
    return _Index(by_name, by_acronym, pattern)


def organisations() -> list[Organisation]:
    """Every row of the table, in its order."""
    return _read(TABLE)


def lookup(name: str) -> Match | None:
    """The organisation a source's buyer name is (or is a part of); None for any other buyer."""
    name = (name or "").strip()
    if not name:
        return None
    index = _index()
    trailing = re.search(r"\(([^()]+)\)\s*$", name)
    bare = re.sub(r"\s*\([^()]*\)\s*$", "", name)
    for candidate in (name, bare):
        if (org := index.by_name.get(normalise(candidate))) is not None:
            return Match(org, exact=True)
    for candidate in (trailing.group(1).strip() if trailing else "", name):
        if (org := index.by_acronym.get(candidate)) is not None:
            return Match(org, exact=True)
    if index.words and (found := index.words.search(name)):
        return Match(index.by_acronym[found.group(1)], exact=False)
    return None
