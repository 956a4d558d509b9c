"""The product vocabulary: Chinese product words ↔ English / Spanish / French words ↔ UNSPSC codes.

The data is `vocabulary.csv` beside this module (hand-written and reviewed; its header says where it comes
from). One row is a concept — 光伏 = 太阳能电池板 = 光伏组件 = photovoltaic / solar panel / panneau solaire /
panel solar → 26131900, 26111607 … — with synonyms in each language, the most usual first, and codes, the best
first. This module only reads it:

    vocab = vocabulary.default()          # the packaged file, read once
    vocab.find("我们生产LED路灯和光伏组件")   # concepts a text mentions, with the words that matched
    vocab.in_query("solar panel")         # concepts a short query names
    vocab.translation_tables()            # {lang: {zh word: [(word, 1.0), …]}} for the search dictionary

A text mentions a concept when it contains one of its Chinese synonyms (Chinese has no spaces: a substring), or
one of its Latin synonyms as whole words ("LED" in "LED street lights", never in "Ledger"). A synonym the file writes
in capitals (LED, PV, UPS) is an acronym: a description must write it in capitals too ("women-led" is not LED), a
query may type it in any case. Django-free.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from tenderbridge.lib import segment

PATH = Path(__file__).with_name("vocabulary.csv")
LANGUAGES = ("zh", "en", "es", "fr")
COLUMNS = ("concept", *LANGUAGES, "unspsc")
_CODE = re.compile(r"(0[1-9]|[1-9]\d)\d{6}")
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# Words of a phrase that say nothing alone (function words, and words every tender has): never a translation of
# their own — "lighting equipment" translates 照明设备 as "lighting", not as "equipment".
GENERIC = segment.FUNCTION_WORDS | frozenset(
    """equipment equipments services service system systems supplies supply products product materials material
    set sets unit units kit kits parts items goods works equipo equipos servicios servicio sistema productos
    materiales suministro equipement equipements systeme produits materiel fournitures
    plant plants installation installations public power home grid off column post road high general small
    large portable mobile management planta publico publique""".split()
)


class VocabularyError(ValueError):
    """The file is not a vocabulary: the message names the file, the line and what is wrong."""


@dataclass(frozen=True)
class Concept:
    key: str
    zh: tuple[str, ...]
    en: tuple[str, ...]
    es: tuple[str, ...]
    fr: tuple[str, ...]
    unspsc: tuple[str, ...]

    def words(self, language: str) -> tuple[str, ...]:
        return getattr(self, language)

    @property
    def latin(self) -> tuple[str, ...]:
        return self.en + self.es + self.fr


@dataclass(frozen=True)
class Hit:
    concept: Concept
    words: tuple[str, ...]  # the synonyms found in the text, as the vocabulary writes them
    count: int  # how many times they occur in it


def normalise(text: str) -> str:
    """NFKC (full-width letters and digits become plain), lower case, runs of space as one."""
    return " ".join(unicodedata.normalize("NFKC", text or "").casefold().split())


def _latin_pattern(word: str) -> re.Pattern:
    # Whole words, a plural "s" or "es" allowed at the end; space, hyphen or nothing between the words of a phrase.
    parts = [re.escape(part) for part in word.split()]
    return re.compile(r"(?<![a-z0-9])" + r"[\s\-]?".join(parts) + r"(?:e?s)?(?![a-z0-9])", re.IGNORECASE)


def _is_acronym(word: str) -> bool:
    return any(c.isalpha() for c in word) and word.isascii() and word == word.upper()


class Vocabulary:
    def __init__(self, concepts: Iterable[Concept]):
        self.concepts: tuple[Concept, ...] = tuple(concepts)
        self.by_key = {c.key: c for c in self.concepts}
        latin = [(c, w) for c in self.concepts for w in c.latin + tuple(z for z in c.zh if z.isascii())]
        # (concept, word, pattern, acronym?, the word's first part lower-cased: a cheap test before the pattern)
        self._latin = [(c, w, _latin_pattern(w), _is_acronym(w), normalise(w).split()[0]) for c, w in latin]
        self._chinese = [(c, w, normalise(w)) for c in self.concepts for w in c.zh if not w.isascii()]

    def __len__(self) -> int:
        return len(self.concepts)

    def find(self, text: str, any_case: bool = False) -> list[Hit]:
        """The concepts a text mentions, most mentioned first (then in file order). A Chinese synonym inside
        a longer one that also matched is not counted again (太阳能路灯 is solar lighting, not also 路灯).
        `any_case`: acronyms match in lower case too (a typed query)."""
        body = normalise(text)
        cased = " ".join(unicodedata.normalize("NFKC", text or "").split())
        found: dict[str, tuple[Concept, dict[str, int]]] = {}
        spans: list[tuple[int, int, str]] = []
        for concept, word, form in self._chinese:
            if form not in body:  # a substring test first: most words are not in a given text
                continue
            for match in re.finditer(re.escape(form), body):
                spans.append((match.start(), match.end(), concept.key + "\x1f" + word))
        for _start, _end, label in _outermost(spans):
            key, word = label.split("\x1f")
            words = found.setdefault(key, (self.by_key[key], {}))[1]
            words[word] = words.get(word, 0) + 1
        for concept, word, pattern, acronym, first in self._latin:
            if first not in body:
                continue
            if acronym and not any_case:
                count = len(re.findall(pattern.pattern, cased))  # case-sensitive: "LED", not "led by"
            else:
                count = len(pattern.findall(body))
            if count:
                found.setdefault(concept.key, (concept, {}))[1][word] = count
        hits = [Hit(concept, tuple(words), sum(words.values())) for concept, words in found.values()]
        order = {c.key: i for i, c in enumerate(self.concepts)}
        return sorted(hits, key=lambda h: (-h.count, order[h.concept.key]))

    def in_query(self, query: str) -> list[Hit]:
        """The concepts a short query names, best first: those with a synonym in the query (the synonym covering
        most of it first), then — for a Chinese query of at least two characters — those with a synonym that starts
        with the whole query (光伏 → 光伏系统, 光伏逆变器). Not for Latin words: "office" would bring every
        "office …" concept and its synonyms."""
        body = normalise(query)
        hits = sorted(self.find(body, any_case=True),
                      key=lambda h: -max(len(normalise(w)) for w in h.words) / max(len(body), 1))
        named = {h.concept.key for h in hits}
        if len(body) >= 2 and _CJK.search(body):
            for concept in self.concepts:
                words = tuple(w for w in concept.zh + concept.latin if normalise(w).startswith(body))
                if words and concept.key not in named:
                    hits.append(Hit(concept, words, 0))
                    named.add(concept.key)
        return hits

    def translation_tables(self) -> dict[str, dict[str, list[tuple[str, float]]]]:
        """For the search's word dictionary (lib/taxonomy/translation.py): each Chinese synonym, as written and as
        the one token segmentation makes of it, → the words of its concept's synonyms in that language (phrases
        cut into words, each once, the most usual first), probability 1."""
        tables: dict[str, dict[str, list[tuple[str, float]]]] = {lang: {} for lang in LANGUAGES[1:]}
        for concept in self.concepts:
            for lang in LANGUAGES[1:]:
                words = words_of(concept.words(lang))
                if not words:
                    continue
                for zh in concept.zh:
                    for key in _keys(zh):
                        entry = tables[lang].setdefault(key, [])
                        entry.extend((w, 1.0) for w in words if (w, 1.0) not in entry)
        return tables


def words_of(phrases: Iterable[str]) -> list[str]:
    """The distinct words of some phrases as search tokenises them, less GENERIC ones, in order."""
    return list(dict.fromkeys(
        token for phrase in phrases for token in segment.tokenize(phrase, for_query=True)
        if token not in GENERIC and not token.isdigit()
    ))


def _keys(zh: str) -> list[str]:
    """A Chinese synonym as a query's tokens may show it: the whole word, and the word as segmented when it is
    one token (光伏组件 may be cut into 光伏 + 组件: the dictionary looks joined neighbours up too)."""
    form = normalise(zh)
    tokens = segment.tokenize(form, for_query=True)
    keys = [form]
    if len(tokens) > 1 and "".join(tokens) == form.replace(" ", ""):
        keys.append("".join(tokens))
    return list(dict.fromkeys(keys))


def _outermost(spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Of overlapping matches, the longest (earliest on a tie); the others are inside it."""
    kept: list[tuple[int, int, str]] = []
    for span in sorted(spans, key=lambda s: (-(s[1] - s[0]), s[0])):
        if all(span[1] <= k[0] or span[0] >= k[1] for k in kept):
            kept.append(span)
    return sorted(kept)


def _split(value: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(part.strip() for part in (value or "").split("|") if part.strip()))


def _concept(row: list[str], where: str, known_codes: set[str] | None) -> Concept:
    if len(row) != len(COLUMNS):
        raise VocabularyError(f"{where}: {len(row)} columns, expected {len(COLUMNS)} ({', '.join(COLUMNS)})")
    key, *words, codes = (cell.strip() for cell in row)
    if not key:
        raise VocabularyError(f"{where}: the concept key is empty")
    values = dict(zip(LANGUAGES, (_split(w) for w in words), strict=True))
    if not values["zh"] or not values["en"]:
        raise VocabularyError(f"{where}: concept {key!r} needs at least one Chinese and one English word")
    if any(not _CJK.search(word) for word in values["zh"] if not word.isascii() or not word.isalnum()):
        raise VocabularyError(f"{where}: concept {key!r} has a zh word without a Chinese character")
    unspsc = _split(codes)
    bad = [c for c in unspsc if not _CODE.fullmatch(c) or (known_codes is not None and c not in known_codes)]
    if bad or not unspsc:
        raise VocabularyError(f"{where}: concept {key!r} has no code or codes that are not UNSPSC: {', '.join(bad)}")
    return Concept(key=key, unspsc=unspsc, **values)


def load(path: Path | str = PATH, known_codes: set[str] | None = None) -> Vocabulary:
    """Read a vocabulary file; `known_codes` (the loaded UNSPSC codes), when given, must hold every code.
    Any bad row stops the load with a VocabularyError naming the file and line: half a vocabulary is worse than
    the one before."""
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise VocabularyError(f"{path}: cannot be read ({error})") from error
    numbered = [(n, line) for n, line in enumerate(lines, 1) if line.strip() and not line.lstrip().startswith("#")]
    if not numbered or [c.strip() for c in next(csv.reader([numbered[0][1]]))] != list(COLUMNS):
        raise VocabularyError(f"{path}: the first row must be the header {','.join(COLUMNS)}")
    concepts, seen = [], set()
    for number, line in numbered[1:]:
        concept = _concept(next(csv.reader([line])), f"{path.name} line {number}", known_codes)
        if concept.key in seen:
            raise VocabularyError(f"{path.name} line {number}: concept {concept.key!r} is listed twice")
        seen.add(concept.key)
        concepts.append(concept)
    return Vocabulary(concepts)


@cache
def default() -> Vocabulary:
    """The packaged vocabulary, read once per process."""
    return load(PATH)
