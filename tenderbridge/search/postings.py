"""The matches of the most common words, held by each web process with its in-memory index (snapshot.py).

Why: a word that a good share of the notices contain ("services", "supply", 服务) costs the engine a listing of
every notice that has it — 27 ms for 353,000 notices on SQLite at a million, about a second on PostgreSQL,
whose GIN index has no index-only scan and so visits the table row of each match — and such words are in most
queries. Their positions are read here once, by a pass over the documents' tokens when the index is loaded, and
kept current as the columns are: a refresh reads again the documents of the notices stamped since. Rarer words
are listed by the engine as before (discover.MatchCache), and the engine still ranks.

Which words: those that a sample of the documents (about SAMPLE_SIZE of them, evenly spread by id) says are in
at least FREQUENT_MATCHES notices, decided at each full load. A word that becomes common later is listed by the
engine until the next full load; a held word's list is exact whatever its count.
"""

from __future__ import annotations

import logging
import time
from array import array
from collections import Counter
from dataclasses import dataclass, field

import numpy as np
from django.db import connection

from .backends import TITLE_WEIGHT
from .models import IndexEntry, SearchDocument

logger = logging.getLogger(__name__)

# A word in this many notices or more is held. Below it the engine lists a word's matches (PostgreSQL visits
# each match's row: ~2–3 ms for 500) and, on PostgreSQL, BM25 reads the texts of the documents that have it
# (ranking.py): at 2,000 a Chinese query's rarer words made PostgreSQL read hundreds of texts (24–50 ms the
# first time); at 500, 8,264 words are held at a million notices instead of 2,504, 187 MB instead of 158.
FREQUENT_MATCHES = 500
SAMPLE_SIZE = 20_000  # documents read to decide which words are frequent
FETCH = 20_000  # rows per fetchmany while reading every document


@dataclass(frozen=True)
class Postings:
    """word → the sorted positions (int32, read-only) of every notice whose document contains it; with, for
    BM25 without the engine (ranking.py), each held word's weighted count in each of those documents and every
    document's length."""

    words: dict[str, np.ndarray] = field(default_factory=dict)
    # word → its count in each document of its positions (same order), a title's counting TITLE_WEIGHT times,
    # as FTS5's bm25() counts it (uint16, read-only)
    counts: dict[str, np.ndarray] = field(default_factory=dict)
    # position → tokens in the notice's document, title and body (NO_DOCUMENT: none), as FTS5 counts a row's
    # size
    lengths: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int32))
    title_lengths: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int32))  # of the title alone
    # (documents, their tokens in all): BM25's row count and, divided, its average length (counted when built,
    # in gunicorn's master under --preload, not once per worker)
    documents: tuple[int, int] = (0, 0)
    # The other words' counts in the sample read to pick the held ones (at least twice in it), and the sample's
    # stride (one document in `stride`): how specific a rarer word is (search/relevance.py), at no cost per query
    sampled: dict[str, int] = field(default_factory=dict)
    stride: int = 1

    def estimate(self, word: str) -> int:
        """Notices containing a word: exact when held, else from the sample (exact when the sample is every
        document: an index of up to SAMPLE_SIZE notices)."""
        if word in self.words:
            return len(self.words[word])
        found = self.sampled.get(word)
        return found * self.stride if found is not None else max(1, self.stride // 2)

    @property
    def nbytes(self) -> int:
        arrays = [*self.words.values(), *self.counts.values(), self.lengths, self.title_lengths]
        return sum(part.nbytes for part in arrays)


EMPTY = Postings()


def load(columns) -> Postings:
    """The postings of the frequent words over these columns (snapshot.Columns); EMPTY when the index is too
    small for any word to be frequent (no query at all then: tests and small sites pay nothing)."""
    if columns.size < FREQUENT_MATCHES:
        return EMPTY
    started = time.perf_counter()
    frequent, sampled, stride = _frequent_words(columns.size)
    if not frequent:
        return EMPTY
    lengths = np.full((2, columns.size), NO_DOCUMENT, np.int32)
    found = _collect(frequent, _read_all(), columns, lengths)
    postings = _frozen({word: _split(packed) for word, packed in found.items()}, lengths, sampled, stride)
    logger.info(
        "frequent words loaded",
        extra={
            "words": len(postings.words),
            "bytes": postings.nbytes,
            "seconds": round(time.perf_counter() - started, 2),
        },
    )
    return postings


def updated(postings: Postings, columns, since: int) -> Postings:
    """These postings with the documents of the notices stamped after version `since` read again (a notice
    whose document is gone drops out of every list)."""
    if not postings.words:
        return postings
    rows = _read_changed(since)
    if not rows:
        return postings
    changed = np.zeros(columns.size, bool)
    changed[columns.positions(np.array([row[0] for row in rows], dtype=np.int64))] = True
    lengths = np.full((2, columns.size), NO_DOCUMENT, np.int32)
    lengths[0, : len(postings.lengths)] = postings.lengths
    lengths[1, : len(postings.title_lengths)] = postings.title_lengths
    found = _collect(set(postings.words), [rows], columns, lengths)
    merged = {}
    for word, old in postings.words.items():
        keep = ~changed[old] if len(old) else np.zeros(0, bool)
        added, counts = _split(found[word])
        if not len(added) and keep.all():
            merged[word] = (old, postings.counts[word])
        else:
            merged[word] = (
                np.concatenate([old[keep], added]),
                np.concatenate([postings.counts[word][keep], counts]),
            )
    return _frozen(merged, lengths, postings.sampled, postings.stride)


NO_DOCUMENT = -1  # the length of a notice without a search document (not a row for BM25)
MAX_COUNT = np.iinfo(np.uint16).max


def _frozen(
    found: dict[str, tuple[np.ndarray, np.ndarray]], lengths: np.ndarray, sampled: dict[str, int], stride: int
) -> Postings:
    words, counts = {}, {}
    for word, (positions, weighted) in found.items():
        positions, weighted = in_order(positions, weighted)
        words[word], counts[word] = shared(positions), _read_only(weighted)
    present = lengths[0][lengths[0] >= 0]
    documents = (len(present), int(present.sum(dtype=np.int64)))
    return Postings(
        words, counts, _read_only(lengths[0]), _read_only(lengths[1]), documents, sampled, stride
    )


def in_order(positions: np.ndarray, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Positions sorted, with the values that go with them (they follow ids, read in id order, unless a notice
    arrived out of order: then sorted, stably)."""
    if len(positions) > 1 and (positions[1:] < positions[:-1]).any():
        order = np.argsort(positions, kind="stable")
        return positions[order], values[order]
    return positions, values


def _read_only(array_: np.ndarray) -> np.ndarray:
    array_.flags.writeable = False
    return array_


def _frequent_words(size: int) -> tuple[set[str], dict[str, int], int]:
    """The words a sample of the documents says at least FREQUENT_MATCHES notices contain; the other words' counts
    in the sample (those seen at least twice: a word seen once weighs as one the sample missed); the stride."""
    stride = max(1, size // SAMPLE_SIZE)
    meta = SearchDocument._meta
    pk = meta.get_field("notice").column
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT title_tokens, body_tokens FROM {meta.db_table} WHERE {pk} %% %s = 0", [stride]
        )
        rows = cursor.fetchall()
    if not rows:
        return set(), {}, stride
    counts = Counter()
    for title, body in rows:
        counts.update(set(f"{title} {body}".split()))
    least = FREQUENT_MATCHES * len(rows) / size  # the sample's count of a word at the threshold
    frequent = {word for word, count in counts.items() if count >= least}
    sampled = {word: count for word, count in counts.items() if count >= 2 and word not in frequent}
    return frequent, sampled, stride


def _read_all():
    """(notice id, title tokens, body tokens) of every document, in chunks (bounded memory)."""
    meta = SearchDocument._meta
    pk = meta.get_field("notice").column
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {pk}, title_tokens, body_tokens FROM {meta.db_table} ORDER BY {pk}")
        while chunk := cursor.fetchmany(FETCH):
            yield chunk


def _read_changed(since: int) -> list[tuple]:
    """The same for the notices stamped after version `since`; None tokens for one without a document."""
    meta, entry = SearchDocument._meta, IndexEntry._meta.db_table
    pk = meta.get_field("notice").column
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT e.notice_id, d.title_tokens, d.body_tokens FROM {entry} e "
            f"LEFT JOIN {meta.db_table} d ON d.{pk} = e.notice_id WHERE e.version > %s",
            [since],
        )
        return cursor.fetchall()


def _collect(frequent: set[str], chunks, columns, lengths: np.ndarray) -> dict[str, np.ndarray]:
    """Each frequent word's (positions, weighted counts) among these documents, in the order read; each
    document's length set in `lengths[0]`, its title's in `lengths[1]`. Counted as FTS5's bm25() counts: a
    title token TITLE_WEIGHT times, a body token once, and a document's length in tokens, unweighted.
    A match is one 64-bit number while reading (position << 16 | count, in an array('q'): no Python int kept
    per match, one append), split by _split; counting every document's tokens (Counter, in C) is most of the
    pass: 22 s at a million notices, against 9 s for the positions alone."""
    title_weight = int(TITLE_WEIGHT)
    found = {word: array("q") for word in frequent}
    id2pos, top = columns.id2pos, len(columns.id2pos)
    for chunk in chunks:
        for notice_id, title, body in chunk:
            position = int(id2pos[notice_id]) if notice_id < top else -1
            if position < 0:  # stored after the columns were read: the next refresh adds it
                continue
            if title is None:  # no document (any more)
                lengths[:, position] = NO_DOCUMENT
                continue
            title_tokens = title.split()
            counts = Counter(body.split())
            lengths[0, position] = len(title_tokens) + counts.total()
            lengths[1, position] = len(title_tokens)
            for _ in range(title_weight):
                counts.update(title_tokens)
            key = position << 16
            for word in frequent.intersection(counts):
                count = counts[word]
                found[word].append(key | (count if count < MAX_COUNT else MAX_COUNT))
    return {word: np.frombuffer(packed, np.int64) for word, packed in found.items()}


def _split(packed: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """_collect's numbers as (positions int32, counts uint16)."""
    return (packed >> 16).astype(np.int32), (packed & MAX_COUNT).astype(np.uint16)


def shared(positions: np.ndarray) -> np.ndarray:
    """Positions sorted (they follow ids, which the engines list and documents are read in, unless a notice
    arrived out of order) and read-only: kept positions are shared between searches (here and in
    discover.MatchCache)."""
    if len(positions) > 1 and (positions[1:] < positions[:-1]).any():
        positions = np.sort(positions)
    positions.flags.writeable = False
    return positions
