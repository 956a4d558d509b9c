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

from .models import IndexEntry, SearchDocument

logger = logging.getLogger(__name__)

# Listing 2,000 matches costs PostgreSQL ~5–10 ms (a visit to each table row); below that the engine lists.
FREQUENT_MATCHES = 2000
SAMPLE_SIZE = 20_000  # documents read to decide which words are frequent
FETCH = 20_000  # rows per fetchmany while reading every document


@dataclass(frozen=True)
class Postings:
    """word → the sorted positions (int32, read-only) of every notice whose document contains it."""

    words: dict[str, np.ndarray] = field(default_factory=dict)

    @property
    def nbytes(self) -> int:
        return sum(positions.nbytes for positions in self.words.values())


EMPTY = Postings()


def load(columns) -> Postings:
    """The postings of the frequent words over these columns (snapshot.Columns); EMPTY when the index is too
    small for any word to be frequent (no query at all then: tests and small sites pay nothing)."""
    if columns.size < FREQUENT_MATCHES:
        return EMPTY
    started = time.perf_counter()
    frequent = _frequent_words(columns.size)
    if not frequent:
        return EMPTY
    found = _collect(frequent, _read_all(), columns)
    postings = Postings({word: shared(np.array(found[word], np.int32)) for word in frequent})
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
    found = _collect(set(postings.words), [rows], columns)
    words = {}
    for word, old in postings.words.items():
        kept = old[~changed[old]] if len(old) else old
        added = np.frombuffer(found[word], np.int32)
        words[word] = shared(np.concatenate([kept, added])) if len(added) or len(kept) < len(old) else old
    return Postings(words)


def _frequent_words(size: int) -> set[str]:
    """The words a sample of the documents says at least FREQUENT_MATCHES notices contain."""
    stride = max(1, size // SAMPLE_SIZE)
    meta = SearchDocument._meta
    pk = meta.get_field("notice").column
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT title_tokens, body_tokens FROM {meta.db_table} WHERE {pk} %% %s = 0", [stride]
        )
        rows = cursor.fetchall()
    if not rows:
        return set()
    counts = Counter()
    for title, body in rows:
        counts.update(set(f"{title} {body}".split()))
    least = FREQUENT_MATCHES * len(rows) / size  # the sample's count of a word at the threshold
    return {word for word, count in counts.items() if count >= least}


def _read_all():
    """(notice id, title tokens, body tokens) of every document, in chunks (bounded memory)."""
    meta = SearchDocument._meta
    pk = meta.get_field("notice").column
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {pk}, title_tokens, body_tokens FROM {meta.db_table} ORDER BY {pk}")
        while chunk := cursor.fetchmany(FETCH):
            yield chunk


def _read_changed(since: int) -> list[tuple]:
    """The same for the notices stamped after version `since`; empty tokens for one without a document."""
    meta, entry = SearchDocument._meta, IndexEntry._meta.db_table
    pk = meta.get_field("notice").column
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT e.notice_id, COALESCE(d.title_tokens, ''), COALESCE(d.body_tokens, '') FROM {entry} e "
            f"LEFT JOIN {meta.db_table} d ON d.{pk} = e.notice_id WHERE e.version > %s",
            [since],
        )
        return cursor.fetchall()


def _collect(frequent: set[str], chunks, columns) -> dict[str, array]:
    """Each frequent word's positions among these documents, in the order read (array('i'): 4 bytes a
    position, no Python int kept per match)."""
    found = {word: array("i") for word in frequent}
    id2pos, top = columns.id2pos, len(columns.id2pos)
    for chunk in chunks:
        for notice_id, title, body in chunk:
            position = int(id2pos[notice_id]) if notice_id < top else -1
            if position < 0:  # stored after the columns were read: the next refresh adds it
                continue
            for word in frequent.intersection(f"{title} {body}".split()):
                found[word].append(position)
    return found


def shared(positions: np.ndarray) -> np.ndarray:
    """Positions sorted (they follow ids, which the engines list and documents are read in, unless a notice
    arrived out of order) and read-only: kept positions are shared between searches (here and in
    discover.MatchCache)."""
    if len(positions) > 1 and (positions[1:] < positions[:-1]).any():
        positions = np.sort(positions)
    positions.flags.writeable = False
    return positions
