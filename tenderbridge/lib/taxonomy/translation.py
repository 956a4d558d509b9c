"""A Chinese → English / Spanish / French word dictionary of procurement, learnt from the UNSPSC titles.

The 2005 UNSPSC list has the same ~19,700 titles in Chinese, English, Spanish and French: a parallel corpus of
exactly the vocabulary of tenders (割草 mowing, 石棉 asbestos, 墨盒 cartridges, 五金 hardware, 救护车 ambulances).
IBM Model 1 (Brown et al., 1993: expectation-maximisation over word co-occurrences in aligned sentences)
learns t(target word | Chinese word) from it in seconds. Search uses it to look for a Chinese query's words in
English, Spanish and French notices, beside the sentence vectors (docs/search.md).

Tokens are those of lib/segment, so translations are looked up by the same Chinese words a query is cut into.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

from tenderbridge.lib import segment

LANGUAGES = ("en", "es", "fr")
ITERATIONS = 8
KEEP = 5  # translations kept per Chinese word and language
REVIEWED_KEPT = 8  # words of one reviewed vocabulary entry given per language
MIN_PROBABILITY = 0.05  # below this a "translation" is co-occurrence noise
# Function words of the titles: they carry no meaning of their own and would align with everything.
TARGET_STOP = frozenset(
    "a an and are as at be by for from in into is of on or the to with other not elsewhere specified "
    "de del la las el los y o en para con por al un una et des du le les pour sur avec ou".split()
)
SOURCE_STOP = frozenset("和 的 与 及 或 等 用 类 其他".split())


def _tokens(text: str, stop: frozenset) -> list[str]:
    """Distinct words, without function words, numbers and single Latin letters (a single Han character is a
    word: 泵 pump, 墙 wall)."""
    words = dict.fromkeys(segment.tokenize(text or "", for_query=True))
    return [w for w in words if w not in stop and not w.isdigit() and (len(w) > 1 or not w.isascii())]


def train(
    pairs: Iterable[tuple[str, str]], iterations: int = ITERATIONS
) -> dict[str, list[tuple[str, float]]]:
    """t(target | source) by IBM Model 1 from (Chinese title, other-language title) pairs; for each Chinese
    word its best translations, most probable first."""
    corpus = []
    for source, target in pairs:
        zs, ts = _tokens(source, SOURCE_STOP), _tokens(target, TARGET_STOP)
        if zs and ts:
            corpus.append((zs, ts))
    t: dict[tuple[str, str], float] = defaultdict(lambda: 1.0)
    for _ in range(iterations):
        counts: dict[tuple[str, str], float] = defaultdict(float)
        totals: dict[str, float] = defaultdict(float)
        for zs, ts in corpus:
            for word in ts:
                norm = sum(t[(word, z)] for z in zs)
                for z in zs:
                    share = t[(word, z)] / norm
                    counts[(word, z)] += share
                    totals[z] += share
        t = defaultdict(float, {key: count / totals[key[1]] for key, count in counts.items()})
    best: dict[str, list[tuple[str, float]]] = defaultdict(list)
    for (word, z), p in t.items():
        if p >= MIN_PROBABILITY:
            best[z].append((word, round(p, 4)))
    return {z: sorted(found, key=lambda pair: -pair[1])[:KEEP] for z, found in best.items()}


def train_from_unspsc_v7(rows) -> dict[str, dict[str, list[tuple[str, float]]]]:
    """One dictionary per language from lib/taxonomy.unspsc.read_unspsc_v7 rows."""
    rows = list(rows)
    return {
        lang: train(
            (row.title_zh, getattr(row, f"title_{lang}"))
            for row in rows
            if row.title_zh and getattr(row, f"title_{lang}")
        )
        for lang in LANGUAGES
    }


class Dictionary:
    """The learnt dictionaries, loaded from their JSON file."""

    def __init__(self, tables: dict[str, dict[str, list[tuple[str, float]]]]):
        self.tables = tables

    @classmethod
    def load(cls, path: Path) -> Dictionary:
        return cls(json.loads(Path(path).read_text(encoding="utf-8")))

    def save(self, path: Path) -> None:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(".tmp")
        temporary.write_text(json.dumps(self.tables, ensure_ascii=False), encoding="utf-8")
        temporary.replace(path)  # whole or not at all: a reader never sees half a file

    def merged(self, first: dict[str, dict[str, list[tuple[str, float]]]]) -> Dictionary:
        """A dictionary whose entries from `first` (the reviewed product vocabulary, lib/taxonomy/vocabulary.py)
        come before the learnt ones, each word once; merging the same tables twice changes nothing."""
        tables = {lang: dict(table) for lang, table in self.tables.items()}
        for lang, table in first.items():
            target = tables.setdefault(lang, {})
            for term, words in table.items():
                known = [tuple(pair) for pair in target.get(term, [])]
                given = [tuple(pair) for pair in words]
                seen = {word for word, _p in given}
                target[term] = given + [pair for pair in known if pair[0] not in seen]
        return Dictionary(tables)

    def translate(self, terms: Iterable[str], per_language: int = 3) -> list[list[str]]:
        """For each (Chinese) term that the dictionary knows, its translations in every language, each word
        once: [["mowing"], ["pumps", "pump", "bombas", …], …]. Terms it does not know give no group. Two or three
        neighbouring terms are looked up joined as well (光伏 + 组件 → 光伏组件), after the single terms."""
        terms = list(terms)
        joined = [
            "".join(terms[i : i + n]) for n in (2, 3) for i in range(len(terms) - n + 1)
            if all(not t.isascii() or t.isalnum() for t in terms[i : i + n])
        ]
        groups = []
        for term in terms + joined:
            words = []
            for table in self.tables.values():
                entry = table.get(term, [])
                # the vocabulary's words (probability 1) count, up to REVIEWED_KEPT, and the best learnt ones with
                # them: a vocabulary entry names a product's concept (道路 → road construction, bridges…), the
                # learnt words keep the word's own rendering (道路 → road), which a query needs as much
                sure = [word for word, p in entry if p >= 1.0][:REVIEWED_KEPT]
                words += sure + [word for word, p in entry if p < 1.0][:per_language]
            if words:
                groups.append(list(dict.fromkeys(words)))
        return groups
