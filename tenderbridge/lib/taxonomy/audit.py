"""The audit of the hand-written taxonomy data (Django-free): how well each mapping's or title's two sides agree.

- The crosswalk: each (CPV prefix, UNSPSC target) row's CPV title against the UNSPSC title.
- The Chinese titles: each code's English title against its Chinese one.

A pair is scored by the cosine of multilingual sentence vectors (lib/embeddings, USE by default: ~0.8 for a
zh↔en match, ~0 for unrelated texts) when an encoder is given, else by word overlap. The weakest pairs are the
ones a reviewer reads (`scripts/audit_taxonomy.py` writes them to docs/taxonomy-audit.md); a weak pair that is
right says why in its `review`/`note` column, and tests/lib/taxonomy/test_audit.py holds every weak pair to that.
"""

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np

Encode = Callable[[list[str]], np.ndarray]  # texts -> unit vectors, one row each

_STOP = frozenset({"and", "or", "of", "for", "the", "a", "an", "in", "with", "to", "other", "general", "related",
                   "products", "services", "service", "equipment", "supplies", "accessories", "materials"})


@dataclass(frozen=True)
class Pair:
    key: str  # "09331 -> 26110000" or "39101603"
    left: str  # the CPV or English title
    right: str  # the UNSPSC or Chinese title
    review: str  # the reviewer's note ("" when none)
    score: float = 0.0


def words(title: str) -> set[str]:
    """A title's content words, lightly stemmed (plural s; "-ing", "-ion" kept: too crude to cut)."""
    found = set()
    for token in re.findall(r"[a-z0-9]+", title.lower()):
        if token not in _STOP:
            found.add(token[:-1] if len(token) > 3 and token.endswith("s") else token)
    return found


def overlap(a: str, b: str) -> float:
    """Share of the smaller title's content words found in the other (0 when either has none)."""
    x, y = words(a), words(b)
    return len(x & y) / min(len(x), len(y)) if x and y else 0.0


def score_pairs(pairs: Iterable[Pair], encode: Encode | None = None) -> list[Pair]:
    """The pairs with their score, weakest first."""
    pairs = list(pairs)
    if encode is None:
        scores = [overlap(p.left, p.right) for p in pairs]
    else:
        left, right = encode([p.left for p in pairs]), encode([p.right for p in pairs])
        scores = list(np.einsum("ij,ij->i", left, right).astype(float))
    scored = [Pair(p.key, p.left, p.right, p.review, round(float(s), 3)) for p, s in zip(pairs, scores, strict=True)]
    return sorted(scored, key=lambda p: (p.score, p.key))


def crosswalk_pairs(rows: Iterable[dict[str, str]]) -> list[Pair]:
    return [Pair(f"{r['cpv_prefix']} -> {r['unspsc']}", r["cpv_title"], r["unspsc_title"], r["review"]) for r in rows]


def title_pairs(titles: Iterable[tuple[str, str, str, str]]) -> list[Pair]:
    """(code, English title, Chinese title, note) -> pairs."""
    return [Pair(code, en, zh, note) for code, en, zh, note in titles]
