"""How closely a notice matches a query's words: each word weighs as much as it is specific (docs/search-relevance.md).

Why: fused ranking alone put a notice that shares one generic word with the query ("medical" of 医用手套,
"services", "supply", 服务) at the top when no notice had the specific one (gloves). Here each of the query's
words — a *concept*: the word as typed and, for a Chinese word, its English, Spanish and French translations
(taxonomy/translation.py) — weighs its IDF over every indexed notice,

    idf(n) = ln(1 + (N − n + 0.5) / (n + 0.5))        N notices, n those with the concept's commonest word

and a notice's *coverage* is the share of the query's weight whose concepts it contains. A notice is a close
match when its coverage reaches CLOSE_COVERAGE, or when its meaning is strongly similar to the query's
(STRONG_SIMILARITY: a meaning-only match above the floor of discover.SIMILARITY_FLOOR but below this one is
weak, ~0.2–0.3 for USE); the others are listed after them, below the "fewer words matched" divider.

Where the counts come from, at no cost per query: a word the snapshot holds (postings.py: the words in at least
FREQUENT_MATCHES notices) has its exact count; any other word its count in the sample of documents read at the
snapshot's load to choose those (exact up to SAMPLE_SIZE notices; one document in 50 at a million: coarse, but a
rare word is specific whatever its exact count). A small index (no word held) counts every word exactly from the
engine's listing (a few notices: cheap on both databases). So both databases weigh a query alike.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from tenderbridge.taxonomy import translation as taxonomy_translation

from .engine import MAX_TERMS

CLOSE_COVERAGE = 0.5  # the share of the query's word weight a notice must contain to be a close match
# The cosine of a meaning-only match that makes it a close match, by embedding backend; chosen on the development
# queries (tests/search/crosslingual.py DEV_QUERIES, docs/decisions/0020-word-weights-and-similarity-floor.md).
STRONG_SIMILARITY = {"use": 0.4, "e5": 0.86}
# A translation renders its concept for coverage from this probability on (the dictionary's, learnt on the
# UNSPSC titles). Below it are the alignment's by-products — 手套 → "procedure", 太阳能 → "blanket", "heating"
# — which still rank (as before) but neither make a notice a close match nor make the concept look common.
CONFIDENT_TRANSLATION = 0.15


@dataclass(frozen=True)
class Concept:
    """One word of the query with its translations, and how specific it is."""

    term: str
    words: tuple[str, ...]  # the term first, then its confident translations (CONFIDENT_TRANSLATION)
    notices: int  # notices containing its commonest word (for a rarer word of a large index: from a sample)
    weight: float  # idf(notices)


@dataclass(frozen=True)
class QueryWords:
    terms: list[str]
    translated: list[str]  # every concept's translations, in order, each once (at most MAX_TERMS)
    concepts: list[Concept]

    @property
    def words(self) -> list[str]:
        """The columns of a presence matrix: the terms, then the translated words."""
        return self.terms + self.translated

    @property
    def total(self) -> float:
        return sum(concept.weight for concept in self.concepts)

    def membership(self) -> np.ndarray:
        """bool [words, concepts]: which concept each word renders."""
        column = {word: i for i, word in enumerate(self.words)}
        matrix = np.zeros((len(column), len(self.concepts)), bool)
        for j, concept in enumerate(self.concepts):
            for word in concept.words:
                matrix[column[word], j] = True
        return matrix

    def coverage(self, presence: np.ndarray) -> np.ndarray:
        """The share of the query's weight each notice contains (presence: bool [notices, words])."""
        if not self.concepts or not len(presence):
            return np.zeros(len(presence))
        weights = np.array([concept.weight for concept in self.concepts])
        having = (presence.astype(np.int32) @ self.membership().astype(np.int32)) > 0
        return having @ weights / max(weights.sum(), 1e-9)

    def coverage_of(self, found: tuple[str, ...]) -> float:
        """The coverage of one notice whose document contains these words (of `words`)."""
        present = set(found)
        covered = sum(c.weight for c in self.concepts if present.intersection(c.words))
        return covered / self.total if self.concepts and self.total > 0 else 0.0

    def broader(self) -> list[str]:
        """The terms less the most specific one (the least found): a query that finds more; [] for one term."""
        if len(self.concepts) < 2:
            return []
        specific = max(self.concepts, key=lambda c: (c.weight, -self.terms.index(c.term)))
        return [term for term in self.terms if term != specific.term]


def idf(notices: float, total: int) -> float:
    return math.log1p((total - notices + 0.5) / (notices + 0.5))


def query_words(
    snap, terms: list[str], with_translations: bool, listings: Callable[[list[str]], list[np.ndarray]]
) -> QueryWords:
    """The query's concepts, their translations and weights. `listings` lists words' positions (the
    engine's, for a small index)."""
    groups = _translations(terms) if with_translations else [() for _ in terms]
    translated = list(dict.fromkeys(word for group in groups for word in group))
    confident = _confident(terms, groups) if with_translations else [() for _ in terms]
    counts = document_frequencies(snap, terms + [w for group in confident for w in group], listings)
    total = max(1, snap.columns.size)
    concepts = []
    for term, group in zip(terms, confident, strict=True):
        words = (term, *group)
        notices = max(counts[word] for word in words)
        weight = 0.0 if term in FUNCTION_WORDS else idf(notices, total)
        concepts.append(Concept(term, words, notices, weight))
    return QueryWords(terms, translated, _untranslated_bounded(concepts))


# Chinese function words the segmenter keeps as terms ("供应并铺设地毯" → 供应 / 并 / 铺设 / 地毯): almost no
# notice is written in Chinese, so their count is tiny and their IDF the largest of the query — they would
# make coverage unreachable. They weigh nothing (they still match lexically).
FUNCTION_WORDS = frozenset("并 的 和 与 及 或 等 其 之 对 在 于 为 以 及其 以及 或者 并且 用于 关于 有关 相关 各 所 将 从 由 向".split())


def _untranslated_bounded(concepts: list[Concept]) -> list[Concept]:
    """A Chinese word with no confident translation (a place such as 利比里亚, a word the dictionary lacks) is
    rare only because the notices are not in Chinese: its specificity is unknown, so it weighs at most as much
    as the query's most specific word that notices can contain (one translated, or typed in Latin letters).
    Without that, one untranslatable word outweighed the rest and no English notice could be a close match."""
    readable = [c.weight for c in concepts if c.term.isascii() or len(c.words) > 1]
    if not readable:
        return concepts
    bound = max(readable)
    return [
        c if c.term.isascii() or len(c.words) > 1 or c.weight <= bound else Concept(c.term, c.words, c.notices, bound)
        for c in concepts
    ]


def _translations(terms: list[str]) -> list[tuple[str, ...]]:
    """Each term's translations (English, Spanish, French; the UNSPSC dictionary), each word under the first
    term that gives it and not a term itself; at most MAX_TERMS in all (as discover searched them before)."""
    dictionary = taxonomy_translation.get()
    if dictionary is None:
        return [() for _ in terms]
    seen, kept, groups = set(terms), 0, []
    for term in terms:
        found = dictionary.translate([term])
        group = []
        for word in found[0] if found else []:
            if word not in seen and kept < MAX_TERMS:
                seen.add(word)
                group.append(word)
                kept += 1
        groups.append(tuple(group))
    return groups


def _confident(terms: list[str], groups: list[tuple[str, ...]]) -> list[tuple[str, ...]]:
    """Of each term's translations, those the dictionary gives with at least CONFIDENT_TRANSLATION."""
    dictionary = taxonomy_translation.get()
    found = []
    for term, group in zip(terms, groups, strict=True):
        chance: dict[str, float] = {}
        for table in dictionary.tables.values() if dictionary is not None and group else ():
            for word, p in table.get(term, []):
                chance[word] = max(chance.get(word, 0.0), p)
        found.append(tuple(word for word in group if chance.get(word, 0.0) >= CONFIDENT_TRANSLATION))
    return found


def document_frequencies(
    snap, words: list[str], listings: Callable[[list[str]], list[np.ndarray]]
) -> dict[str, int]:
    """Notices containing each word: exact for the words the snapshot holds and, on a small index (none held),
    for every word; from the load's sample for the other words of a large index."""
    held = snap.postings.words
    if not words:
        return {}
    if held:
        return {word: snap.postings.estimate(word) for word in words}
    unique = list(dict.fromkeys(words))
    return {word: len(found) for word, found in zip(unique, listings(unique), strict=True)}


def strong_similarity(backend: str) -> float:
    return STRONG_SIMILARITY.get(backend, 0.9)
