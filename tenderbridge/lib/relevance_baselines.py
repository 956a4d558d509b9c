"""The two baselines of the relevance benchmark (docs/relevance.md), over the open notices only (Django-free):

- BM25 alone: Okapi BM25 (k1 1.2, b 0.75) of the query's words over each notice's title + description, words
  from lib/segment (the tokeniser both search engines use: Chinese segmented, accents folded), function words
  and digits-only words dropped; the title counted once, like any other words. No translation: a Chinese query
  finds only notices with its Chinese words.
- vectors alone: the cosine of the query's sentence vector (multilingual USE, lib/embeddings) with each notice's
  `document_text(title, description)` vector; every notice gets a score, so the ranking is never empty.

For a supplier profile the query is its text: names, description, past contracts (title, description, buyer)
and the English and Chinese titles of its UNSPSC codes (so a profile of codes only has words too).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from tenderbridge.lib import embeddings, segment

K1, B = 1.2, 0.75


@dataclass(frozen=True)
class Document:
    ocid: str
    title: str
    description: str

    @property
    def text(self) -> str:
        return f"{self.title}\n{self.description}"


def words(text: str, *, for_query: bool = False) -> list[str]:
    return [w for w in segment.tokenize(text, for_query=for_query)
            if w not in segment.FUNCTION_WORDS and not w.isdigit()]


class BM25:
    def __init__(self, documents: Sequence[Document]):
        self.ocids = [d.ocid for d in documents]
        self.counts = [Counter(words(d.text)) for d in documents]
        self.lengths = np.array([sum(c.values()) for c in self.counts], dtype=np.float64)
        self.average = float(self.lengths.mean()) if len(self.lengths) else 0.0
        frequency = Counter(w for c in self.counts for w in c)
        n = len(documents)
        self.idf = {w: math.log(1 + (n - f + 0.5) / (f + 0.5)) for w, f in frequency.items()}

    def scores(self, query: str) -> np.ndarray:
        out = np.zeros(len(self.ocids))
        # A query's word counted once (a long profile text repeats its product words: BM25 over distinct words).
        terms = [w for w in dict.fromkeys(words(query, for_query=True)) if w in self.idf]
        norm = K1 * (1 - B + B * self.lengths / (self.average or 1.0))
        for row, counts in enumerate(self.counts):
            total = 0.0
            for term in terms:
                tf = counts.get(term, 0)
                if tf:
                    total += self.idf[term] * tf * (K1 + 1) / (tf + norm[row])
            out[row] = total
        return out

    def rank(self, query: str, k: int) -> list[str]:
        """The best k notices with a word of the query (none when no notice shares one)."""
        scores = self.scores(query)
        rows = [r for r in np.lexsort((np.arange(len(scores)), -scores)) if scores[r] > 0]
        return [self.ocids[r] for r in rows[:k]]


class Vectors:
    def __init__(self, documents: Sequence[Document], encoder: embeddings.Encoder):
        self.ocids = [d.ocid for d in documents]
        self.encoder = encoder
        texts = [embeddings.document_text(d.title, d.description) for d in documents]
        self.matrix = encoder.documents(texts) if texts else np.zeros((0, encoder.dim), np.float32)

    def rank(self, query: str, k: int) -> list[str]:
        if not len(self.ocids) or not query.strip():
            return []
        vector = self.encoder.query(query)  # the first 500 characters, as the search box keeps
        scores = self.matrix @ vector
        rows = np.lexsort((np.arange(len(scores)), -scores))[:k]
        return [self.ocids[r] for r in rows]


def profile_text(names: Sequence[str], description: str, contracts: Sequence[tuple[str, str, str]],
                 code_titles: Sequence[str]) -> str:
    """A profile as one text: names, description, contracts (title, description, buyer), codes' titles."""
    parts = [*names, description]
    for title, text, buyer in contracts:
        parts += [title, text, buyer]
    parts += list(code_titles)
    return "\n".join(p for p in parts if p)


Ranker = Callable[[str, int], list[str]]
