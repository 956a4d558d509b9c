"""BM25 from word counts held in memory or read from the engine's index, without the engine's ranking.

Why: FTS5's bm25() first counts, for each word of the query, every document that contains it (its IDF): for
"services" (353,000 notices at a million) that walk of the word's whole doclist cost 15–25 ms a query, whatever
the few documents being ranked, and the most common words are in most queries; a rarer word, met for the first
time, cost 30–60 ms more, reading the size of each ranked document from FTS5's tables. PostgreSQL's ts_rank_cd
reads (and decompresses) each ranked document's tsvector. Here a word's document frequency is the length of its
list, its count in each document is beside it, and each document's length is kept by the snapshot
(postings.py): the score is a few numpy gathers.

Where the counts come from (`term_counts`): a word the snapshot holds (the most common ones) from memory; any
other from the engine's index where that reads no text (SQLite: FTS5's list of the word's occurrences, 1–5 ms
for a word in a thousand or two notices), else nowhere (PostgreSQL: a word not held is ranked by the engine).

The formula is FTS5's (fts5_aux.c, fts5Bm25Function), so on SQLite the ranking is the one the engine gives:
    idf(w) = ln((N − n(w) + 0.5) / (n(w) + 0.5)), 1e-6 when not positive
    score  = Σ_w idf(w) · f(w, d) · (k1 + 1) / (f(w, d) + k1 · (1 − b + b · |d| / avgdl))
with N the documents, n(w) those containing w, f(w, d) w's count in d with a title token counting TITLE_WEIGHT
times, |d| d's tokens (unweighted) and avgdl their mean; k1 = 1.2, b = 0.75; ties to the lower id, as the
engine's `ORDER BY score DESC, rowid`. On PostgreSQL it replaces ts_rank_cd for queries of held words, so both
databases rank a query of common words alike (tests/search/test_ranking.py).
"""

import numpy as np

from .backends import get_backend
from .postings import Postings, in_order
from .snapshot import Columns, Snapshot

K1, B = 1.2, 0.75

Counts = tuple[np.ndarray, np.ndarray]  # (sorted positions of the documents with the word, its count in each)


def term_counts(snap: Snapshot, terms: list[str]) -> list[Counts | None]:
    """Each term's counts: held by the snapshot, or read from the engine's index (SQLite); None for a term
    neither has (PostgreSQL, a word not held), and for every term when nothing is held (a small index: no
    document lengths either)."""
    postings = snap.postings
    if not postings.counts:
        return [None] * len(terms)
    unheld = [term for term in terms if term not in postings.counts]
    engine = {}
    if unheld and get_backend().counts_terms:
        engine = dict(zip(unheld, _engine_counts(snap.columns, unheld), strict=True))
    return [
        (postings.words[term], postings.counts[term]) if term in postings.counts else engine.get(term)
        for term in terms
    ]


def _engine_counts(columns: Columns, terms: list[str]) -> list[Counts]:
    found = []
    for ids, counts in get_backend().term_counts(terms):
        known = ids < len(columns.id2pos)
        positions = columns.id2pos[ids[known]]
        counts = counts[known][positions >= 0]
        found.append(in_order(positions[positions >= 0], counts))
    return found


def scores(postings: Postings, counts: list[Counts], positions: np.ndarray) -> np.ndarray:
    """BM25 of these positions' documents, each of which contains every term (`counts`, one per term, in the
    query's order)."""
    documents, tokens = postings.documents
    average = tokens / documents if documents else 1.0
    lengths = np.maximum(postings.lengths[positions], 0).astype(np.float64)
    norm = K1 * (1 - B + B * lengths / average)
    total = np.zeros(len(positions))
    for listing, weighted in counts:  # in the query's order, as FTS5 adds its phrases' scores
        found = len(listing)
        idf = np.log((documents - found + 0.5) / (found + 0.5))
        idf = idf if idf > 0 else 1e-6
        frequency = weighted[np.searchsorted(listing, positions)].astype(np.float64)
        total += idf * (frequency * (K1 + 1.0)) / (frequency + norm)  # FTS5's order of operations
    return total


def best(
    postings: Postings, counts: list[Counts], positions: np.ndarray, ids: np.ndarray, limit: int
) -> np.ndarray:
    """The `limit` best of these positions (all-term matches; `ids` their notice ids), best first."""
    score = scores(postings, counts, positions)
    order = np.lexsort((ids, -score))[:limit]
    return positions[order]
