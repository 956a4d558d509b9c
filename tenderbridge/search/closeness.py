"""Which of a search's matches are close ones (relevance.py says how a query's words weigh): the ranked notices
whose words carry enough of the query's weight, every notice that does whatever its age, and the strongly
similar ones by meaning. Called by discover._matches; O(ranked notices) + O(matches of the query's heavy words)
+ a few passes over the candidates (docs/search-relevance.md).
"""

import numpy as np

from . import relevance, snapshot


def widened(having: np.ndarray, start: int, width: int) -> np.ndarray:
    """A presence matrix of some of the query's words placed at their columns among all `width`."""
    wide = np.zeros((len(having), width), bool)
    wide[:, start : start + having.shape[1]] = having
    return wide


def close_matches(
    size: int,
    words: relevance.QueryWords,
    every: np.ndarray,
    seen_at: list[np.ndarray],
    seen: list[np.ndarray],
    near: np.ndarray,
    sims: np.ndarray,
) -> np.ndarray:
    """A mask of the close matches (relevance.py): every notice with all the words; a ranked one whose words
    carry at least CLOSE_COVERAGE of the query's weight (what it has among the words and among their
    translations, seen by different rankings, put together); one whose meaning is strongly similar. O(ranked)
    beside one mask over all notices."""
    from django.conf import settings

    close = np.zeros(size, bool)
    close[every] = True
    if seen_at:
        positions, presence = np.concatenate(seen_at), np.concatenate(seen)
        if len(positions):
            order = np.argsort(positions, kind="stable")
            positions, presence = positions[order], presence[order]
            starts = np.flatnonzero(np.r_[True, positions[1:] != positions[:-1]])
            merged = np.logical_or.reduceat(presence, starts, axis=0)
            covered = words.coverage(merged) >= relevance.CLOSE_COVERAGE
            close[positions[starts][covered]] = True
    close[near[sims >= relevance.strong_similarity(settings.EMBEDDING_BACKEND)]] = True
    return close


def close_by_words(snap: snapshot.Snapshot, words: relevance.QueryWords, matches) -> np.ndarray:
    """The sorted positions of every notice whose words carry at least CLOSE_COVERAGE of the query's weight,
    whatever its age (the rankings score only the newest matches of some of the words). Only a notice with one
    of the *heavy* concepts can reach it — those left once the lightest, which together weigh less than the
    coverage, are set aside — so only their renderings' matches are gathered ("medical" of 医用手套, "services" of
    any query are never walked); each candidate's concepts are then looked up in each rendering's sorted
    matches (held words from memory, others listed once by the engine and kept by MatchCache)."""
    need = relevance.CLOSE_COVERAGE * words.total - 1e-9
    light, heavy = 0.0, []
    for concept in sorted(words.concepts, key=lambda c: c.weight):
        if not heavy and light + concept.weight < need:
            light += concept.weight
        else:
            heavy.append(concept)
    found = {word: _listing(snap, word, matches) for concept in words.concepts for word in concept.words}
    parts = [found[word] for concept in heavy for word in concept.words if len(found[word])]
    if not parts:
        return np.zeros(0, np.int32)
    candidates = _union(parts, snap.columns.size)
    covered = np.zeros(len(candidates), np.float32)
    for concept in words.concepts:
        present = np.zeros(len(candidates), bool)
        for word in concept.words:
            present |= _within(candidates, found[word])
        covered += np.float32(concept.weight) * present
    return candidates[covered >= np.float32(need)]


def _listing(snap: snapshot.Snapshot, word: str, matches) -> np.ndarray:
    held = snap.postings.words.get(word)
    return held if held is not None else matches.listings(snap.columns, [word])[0]


def _union(parts: list[np.ndarray], size: int) -> np.ndarray:
    """The sorted union of sorted position arrays: sorted together when they are few, else through a mask."""
    if len(parts) == 1:
        return parts[0]
    total = sum(len(part) for part in parts)
    if total * 8 < size:
        return np.unique(np.concatenate(parts))
    chosen = np.zeros(size, bool)
    for part in parts:
        chosen[part] = True
    return np.flatnonzero(chosen).astype(np.int32)


def _within(positions: np.ndarray, listing: np.ndarray) -> np.ndarray:
    """Which of these positions are in the sorted listing (a mask over positions)."""
    if not len(listing) or not len(positions):
        return np.zeros(len(positions), bool)
    at = np.minimum(np.searchsorted(listing, positions), len(listing) - 1)
    return listing[at] == positions
