"""Discovery: the one call behind /<lang>/opportunities/ and /api/v1/opportunities.

    discover(Search(q, filters, sort), cursor, page_size, now) -> Results(hits, total, facets, cursors)

1. Filters become masks over the in-memory columns (facets.py, snapshot.py).
2. Words (`q`) find notices three ways:
   - lexically, in the database's full-text engine (engine.py / backends.py; the most common words' matches
     are held in memory, postings.py): every notice containing all the terms (and, when that finds fewer than
     OR_BELOW, those containing some of them) is a match; the matches that pass the filters are ranked by
     BM25 / ts_rank_cd — at most the LEXICAL_POOL newest of them, so a query made of very common words costs
     the same as any other (the rest follow, newest first);
   - by meaning: the query's sentence vector against every notice's (binary codes over all notices, then the
     exact cosine on the best SEMANTIC_POOL), among the notices that pass the filters; the nearest SEMANTIC_K
     whose similarity reaches the backend's floor are matches too. This is what finds English, French and
     Spanish notices for a Chinese query, and the other way round;
   - by translated words: a Chinese query's words in English, Spanish and French, from the dictionary learnt
     on the UNSPSC titles (taxonomy/translation.py), matched lexically like the query's own.
   The ranked lists are fused by weighted reciprocal rank fusion (RRF_K = 60, the usual constant): a notice
   high in any list comes first, one high in several before it.
3. Facets count the matches (or, without words, every notice) that pass the other filters.
4. The page is cut by keyset on (sort key, notice id) — the cursor names the last (or first) notice of a page —
   so paging is stable while notices arrive, and costs the same on page 1 and page 1,000.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import datetime
from typing import NamedTuple

import numpy as np
from django.core import signing
from django.utils.translation import gettext as _

from tenderbridge.opportunities import clock
from tenderbridge.opportunities.filters import Search

from . import closeness, embedding, facets, postings, ranking, relevance, snapshot
from .backends import TITLE_WEIGHT, get_backend
from .engine import documents_text, matched_terms, query_terms
from .snapshot import Columns, Vectors

# All-word matches ranked by the engine, at most (the newest ones). The engine reads and scores each: at a
# million notices PostgreSQL's ts_rank_cd took 20–95 ms for 5,000 matches of common words (the documents of
# tenders are long) and 4–9 ms for 1,000; SQLite's BM25 ~8 ms for 5,000. One pool for both, so they rank the
# same notices (docs/search.md).
LEXICAL_POOL = 1000
PARTIAL_POOL = 1000  # notices with only some of the words (or translated ones) ranked, at most (the newest)
RANKED = 200  # ranks taken from each list into the fusion
RRF_K = 60
OR_BELOW = 20  # all-terms matches below this: notices with some of the terms are matches too
# Weights in the fusion (1.0 for all-terms word matches and for meaning), chosen on the development queries
# (tests/search/crosslingual.py DEV_QUERIES; docs/search.md): a notice with only some of the words (a Chinese
# query's "服务" alone matches hundreds of notices whose category titles say 服务), and one with the query's
# words translated through the UNSPSC dictionary (taxonomy/translation.py).
PARTIAL_WEIGHT = 0.25
TRANSLATED_WEIGHT = 0.5
SEMANTIC_K = 200  # nearest notices by meaning, at most
SEMANTIC_POOL = 2000  # candidates of the binary first pass, rescored exactly
# The similarity a notice needs to match by meaning alone, chosen on the development queries; for USE it is
# about the 95th percentile of a query's similarity to an unrelated notice (docs/search.md).
SIMILARITY_FLOOR = {"use": 0.2, "e5": 0.8}
MAX_PAGE_SIZE = 100


class BadCursor(ValueError):
    pass


def bad_cursor_message() -> str:
    return _(
        "This page link is not valid: its cursor was changed or does not come from TenderBridge. "
        "Start again from the first page."
    )


@dataclass(frozen=True)
class Hit:
    notice_id: int
    matched_terms: tuple[str, ...] = ()  # the query terms the notice contains ("why this matched")
    similarity: float | None = None  # cosine with the query when it matched by meaning
    translated_terms: tuple[str, ...] = ()  # translations of the query's words that the notice contains
    # Whether it is a close match (relevance.py): False places it below the "fewer words matched" divider
    close: bool = True
    coverage: float | None = None  # the share of the query's word weight its document contains


@dataclass(frozen=True)
class WordWeight:
    term: str
    notices: int  # notices with its commonest rendering (estimated from a sample for a rarer word of a large index)
    weight: float


@dataclass
class Results:
    hits: list[Hit]
    total: int
    facets: list[facets.Facet]
    next_cursor: str | None
    previous_cursor: str | None
    sort: str
    terms: list[str]
    semantic: bool  # whether meaning was searched (a query, and notices with vectors)
    close_total: int = 0  # of the total, the close matches (listed first); the total without words
    words: list[WordWeight] = field(default_factory=list)  # the query's words and how specific each is
    broader: list[str] = field(default_factory=list)  # the terms less the most specific one (a broader query)


@dataclass(frozen=True)
class Cursor:
    """A position in one search's order: the notice a page ends on (forwards) or starts on (backwards)."""

    fingerprint: str
    key: float
    pk: int
    backwards: bool = False
    tier: int = 1  # 1: among the close matches, 0: below the divider (the order's first key)

    SALT = "tenderbridge.search.cursor"

    def dumps(self) -> str:
        return signing.dumps(
            [self.fingerprint, self.key, self.pk, "b" if self.backwards else "f", self.tier], salt=self.SALT
        )

    @classmethod
    def loads(cls, token: str | None, fingerprint: str) -> Cursor | None:
        if not token:
            return None
        try:
            found, key, pk, direction, *rest = signing.loads(token, salt=cls.SALT)
            tier = rest[0] if rest else 1  # a cursor of before the divider: every notice was one tier
            if found != fingerprint or direction not in ("f", "b") or not isinstance(pk, int) or tier not in (0, 1):
                raise ValueError(found)
            return cls(found, float(key), pk, direction == "b", tier)
        except (signing.BadSignature, ValueError, TypeError) as error:
            raise BadCursor(bad_cursor_message()) from error


def fingerprint(search: Search) -> str:
    """What a cursor belongs to: the same words, filters and order (a cursor of another search is refused)."""
    text = repr((search.q, sorted(search.filters.as_query().items()), search.effective_sort, search.match))
    return hashlib.blake2b(text.encode(), digest_size=6).hexdigest()


def check_cursor(search: Search, token: str | None) -> Cursor | None:
    """The cursor of `token` for this search; BadCursor when it was changed or belongs to another search."""
    return Cursor.loads(token, fingerprint(search))


def discover(
    search: Search, cursor: Cursor | None = None, page_size: int = 25, now: datetime | None = None
) -> Results:
    now = now or clock.now()  # the same "now" as the notice pages' countdowns (DEMO_NOW in workshops)
    page_size = max(1, min(page_size, MAX_PAGE_SIZE))
    snap = snapshot.current()
    columns = snap.columns
    masks = facets.filter_masks(columns, search.filters, now)
    terms = query_terms(search.q)
    by_meaning = search.match != "words"
    words = relevance.query_words(snap, terms, by_meaning, lambda found: matches.listings(columns, found))
    translated = words.translated
    relevance_of, similarity, semantic, close = {}, {}, False, None
    if search.q:
        found = _matches(snap, search.q, words, masks, by_meaning)
        candidates, relevance_of, similarity, semantic, close = found
    else:
        candidates = np.arange(columns.size)
    selection = facets.Selection(candidates, masks)
    results = selection.passing()
    sort = search.effective_sort
    keys = _keys(columns, results, sort, relevance_of, now)
    tiers = close[results].astype(np.int8) if close is not None else None
    page, has_next, has_previous = _page(keys, columns.ids[results], cursor, page_size, tiers)
    ids = columns.ids[results[page]].tolist()
    found_terms = matched_terms(ids, terms + translated) if terms else {}
    positions = results[page]
    hits = []
    for pk, pos, at in zip(ids, positions.tolist(), page.tolist(), strict=True):
        found = found_terms.get(pk, ())
        own = tuple(t for t in found if t in terms)
        hits.append(
            Hit(
                pk,
                own,
                similarity.get(int(pos)),
                tuple(t for t in found if t not in own),
                close=bool(tiers[at]) if tiers is not None else True,
                coverage=round(words.coverage_of(found), 4) if terms else None,
            )
        )
    mark = fingerprint(search)
    tier_of = (lambda at: int(tiers[at])) if tiers is not None else (lambda at: 1)
    return Results(
        hits=hits,
        total=len(results),
        facets=facets.count(columns, selection, search.filters, now),
        next_cursor=Cursor(mark, float(keys[page[-1]]), ids[-1], tier=tier_of(page[-1])).dumps()
        if has_next and ids
        else None,
        previous_cursor=Cursor(mark, float(keys[page[0]]), ids[0], True, tier_of(page[0])).dumps()
        if has_previous and ids
        else None,
        sort=sort,
        terms=terms,
        semantic=semantic,
        close_total=int(tiers.sum()) if tiers is not None else len(results),
        words=[WordWeight(c.term, c.notices, round(c.weight, 3)) for c in words.concepts],
        broader=words.broader(),
    )


def close_positions(
    search: Search, now: datetime | None = None, meaning: bool = True
) -> tuple[Columns, np.ndarray]:
    """The positions of a search's close matches (relevance.py) that pass its filters, in no order: what the
    "no close match" state counts among the past awards (suggest.py). `meaning=False`: by the words (and
    their translations) alone."""
    snap = snapshot.current()
    columns = snap.columns
    terms = query_terms(search.q)
    if not terms:
        return columns, np.zeros(0, np.int64)
    masks = facets.filter_masks(columns, search.filters, now or clock.now())
    translate = search.match != "words"
    words = relevance.query_words(snap, terms, translate, lambda found: matches.listings(columns, found))
    found = _matches(snap, search.q, words, masks, translate and meaning)
    candidates, close = found[0], found[4]
    results = facets.Selection(candidates, masks).passing()
    return columns, results[close[results]]


# --- Matching words and meaning -------------------------------------------------------------------------


def translations(terms: list[str]) -> list[str]:
    """The query's (Chinese) words in English, Spanish and French, from the UNSPSC dictionary, each once, less
    the words the query has already (at most MAX_TERMS); [] without the dictionary."""
    return [word for group in relevance._translations(terms) for word in group]


def _matches(
    snap: snapshot.Snapshot,
    q: str,
    words: relevance.QueryWords,
    masks: dict,
    by_meaning: bool = True,
):
    """The candidates (positions) of a query, their fused relevance, for those found by meaning their
    similarity, whether meaning was searched, and which positions are close matches (a mask over all notices:
    relevance.py). Every notice with all the words is a candidate (and, when they are few, every notice with
    some); of the ones found by meaning or by translated words, the best ranked are."""
    columns = snap.columns
    terms, translated = words.terms, words.translated
    allowed = _passing(columns.size, masks)
    every, some = np.zeros(0, np.int32), np.zeros(0, np.int32)
    unfiltered = not masks
    lists = [[]]
    # The ranked notices with some of the words, and which of the words (terms, then translated) each has.
    seen_at, seen = [], []
    if terms:
        every = matches.get(snap, terms, require_all=True)
        ranked, with_some = every[allowed[every]], len(terms) > 1 and len(every) < OR_BELOW
        # Each word's counts, read once for both rankings (SQLite: a statement for the words not held), and
        # only when a ranking needs them.
        counts = ranking.term_counts(snap, terms) if len(ranked) or with_some else []
        lists[0] = [(pos, 1.0) for pos in _lexical_ranking(snap, terms, ranked, unfiltered, counts)]
        if with_some:
            some, partial, having = _coverage_ranking(snap, terms, allowed, leave_out=every, counts=counts)
            lists[0] += [(pos, PARTIAL_WEIGHT) for pos in partial]
            seen_at.append(np.asarray(partial, np.int64))
            seen.append(closeness.widened(having, 0, len(words.words)))
    if translated:
        ranked, having = _translated_ranking(snap, translated, allowed)
        lists.append([(pos, TRANSLATED_WEIGHT) for pos in ranked])
        seen_at.append(np.asarray(ranked, np.int64))
        seen.append(closeness.widened(having, len(terms), len(words.words)))
    near, sims = np.zeros(0, np.int64), np.zeros(0, np.float32)
    if by_meaning:
        near, sims = nearest(snap.vectors, columns.size, embedding.encoder().query(q), allowed)
    lists.append([(pos, 1.0) for pos in near.tolist()])
    relevance_of: dict[int, float] = {}
    for ranked in lists:
        for rank, (pos, weight) in enumerate(ranked[:RANKED]):
            relevance_of[pos] = relevance_of.get(pos, 0.0) + weight / (RRF_K + rank + 1)
    similarity = dict(zip(near.tolist(), sims.tolist(), strict=True))
    extra = [pos for ranked in lists[1:] for pos, _w in ranked[:RANKED]]
    by_words = closeness.close_by_words(snap, words, matches) if len(words.concepts) > 1 or translated else None
    if len(some) or extra or (by_words is not None and len(by_words)):
        chosen = np.zeros(columns.size, bool)
        chosen[every], chosen[some], chosen[extra] = True, True, True
        if by_words is not None:
            chosen[by_words] = True
        candidates = np.flatnonzero(chosen)  # sorted, each once (a mask: no sort of the matches)
    else:
        candidates = every  # already sorted, each once (a common word's: ~3 ms saved at 350,000 matches)
    semantic = by_meaning and bool(snap.vectors.present[: columns.size].any())
    close = closeness.close_matches(columns.size, words, every, seen_at, seen, near, sims)
    if by_words is not None:
        close[by_words] = True
    return candidates, relevance_of, similarity, semantic, close


class MatchCache:
    """The positions of every notice containing a word, kept per process for the index columns they were read
    against; a query's matches are the intersection (all the words) or the union (some) of its words', worked
    out here over sorted positions in a millisecond or two. The most common words' positions are held by the
    snapshot from its load (postings.py); the others cost the engine a listing of their matches, and come back
    in many searches, in many combinations, and on every page of one. The words not kept yet are listed in
    one query. On PostgreSQL, where listing a word alone can cost more than listing it with the query's other
    words, the words not held are listed and kept together. Any refresh of the columns (a new index version)
    empties it; at most `limit_bytes` of positions are kept, the least recently used dropped first."""

    def __init__(self, limit_bytes: int = 128 * 1024**2):
        self.limit_bytes = limit_bytes
        self._lock = threading.Lock()  # gunicorn's threads share a process
        self.clear()

    def clear(self) -> None:
        with self._lock:
            self._columns: Columns | None = None
            self._found: OrderedDict[str | tuple, np.ndarray] = OrderedDict()  # by word, or by query
            self._bytes = 0

    def get(self, snap: snapshot.Snapshot, terms: list[str], require_all: bool) -> np.ndarray:
        """The sorted positions of the notices containing all (or some) of the terms. The most common words'
        positions are held by the snapshot (postings.py); the others come from here or from the engine."""
        columns, held = snap.columns, snap.postings.words
        lists = [held[term] for term in terms if term in held]
        rest = [term for term in terms if term not in held]
        # Some of a few rarer words, on PostgreSQL too, one by one: their union visits each match's row once
        # either way, and BM25 then knows which documents have each word, so it reads only those texts
        # (_bm25; a thousand texts cost PostgreSQL 20–180 ms at a million notices, the first time).
        one_by_one = get_backend().lists_words_cheaply or (not require_all and len(rest) <= FEW_WORDS)
        if len(rest) == 1 or (rest and one_by_one):
            lists += self.listings(columns, rest)
        elif rest:
            lists.append(self._combined(columns, rest, require_all))
        return _combine(lists, columns.size, require_all)

    def each(self, snap: snapshot.Snapshot, terms: list[str]) -> list[np.ndarray | None]:
        """Each term's sorted positions where they cost no more than the query's own listing: held by the
        snapshot, kept here, or (where the engine lists words cheaply) listed now; None for a word PostgreSQL
        listed only with the query's other words (listing 30 translated words one by one there took a
        hybrid search's p95 from 149 to 192 ms at a million notices)."""
        held, columns = snap.postings.words, snap.columns
        rest = [term for term in terms if term not in held]
        if rest and get_backend().lists_words_cheaply:
            listed = dict(zip(rest, self.listings(columns, rest), strict=True))
        else:
            with self._lock:
                kept = self._found if self._columns is columns else {}
                listed = {term: kept[term] for term in rest if term in kept}
        return [held[term] if term in held else listed.get(term) for term in terms]

    def _combined(self, columns: Columns, terms: list[str], require_all: bool) -> np.ndarray:
        """The matches of the whole query, listed by the engine and kept under the query (PostgreSQL: listing
        a word visits the table row of every notice that has it, so "services" alone would cost more than
        the notices with "services" and a rarer word)."""
        key = (tuple(terms), require_all)
        with self._lock:
            if self._columns is columns and (found := self._found.get(key)) is not None:
                self._found.move_to_end(key)
                return found
        found = postings.shared(columns.positions(get_backend().match_all(terms, require_all=require_all)))
        self._keep(columns, {key: found})
        return found

    def listings(self, columns: Columns, terms: list[str]) -> list[np.ndarray]:
        """Each term's sorted positions (read-only: shared between searches)."""
        with self._lock:
            kept = self._found if self._columns is columns else {}
            found = {term: kept[term] for term in terms if term in kept}
            for term in found:
                self._found.move_to_end(term)
        missing = [term for term in terms if term not in found]
        if missing:
            for term, ids in zip(missing, get_backend().match_each(missing), strict=True):
                found[term] = postings.shared(columns.positions(ids))
            self._keep(columns, {term: found[term] for term in missing})
        return [found[term] for term in terms]

    def _keep(self, columns: Columns, new: dict[str | tuple, np.ndarray]) -> None:
        with self._lock:
            if self._columns is not columns:
                self._columns, self._found, self._bytes = columns, OrderedDict(), 0
            for term, positions in new.items():
                if term not in self._found and positions.nbytes <= self.limit_bytes:
                    self._found[term] = positions
                    self._bytes += positions.nbytes
            while self._bytes > self.limit_bytes:
                self._bytes -= self._found.popitem(last=False)[1].nbytes


def _combine(listings: list[np.ndarray], size: int, require_all: bool) -> np.ndarray:
    """The intersection (require_all) or union of sorted position arrays, sorted."""
    if len(listings) == 1:
        return listings[0]
    if not listings:
        return np.zeros(0, np.int32)
    if not require_all:
        chosen = np.zeros(size, bool)
        for listing in listings:
            chosen[listing] = True
        return np.flatnonzero(chosen).astype(np.int32)
    listings = sorted(listings, key=len)
    found = listings[0]
    for other in listings[1:]:
        if not len(found):
            break
        if len(found) * 16 < len(other):  # a few against many: binary search in the sorted many
            at = np.minimum(np.searchsorted(other, found), len(other) - 1)
            found = found[other[at] == found]
        else:
            chosen = np.zeros(size, bool)
            chosen[other] = True
            found = found[chosen[found]]
    return found


matches = MatchCache()


class Document(NamedTuple):
    title: str  # tokens joined by spaces
    body: str
    length: float  # _weighted_length: counted once, when read


class DocumentCache:
    """The (title tokens, body tokens, BM25 length) of the documents BM25 reads, kept per process for the index
    columns they were read against (a new index version empties it, as it does MatchCache; every change of a
    document stamps a new version). BM25 reads the newest matches with some of a query's words, and a Chinese
    query's translated words match most notices, so the same newest documents come back query after query: of
    the 48,560 documents the benchmark's 200 lexical queries read at a million notices, 23,012 were distinct,
    and PostgreSQL spent 7–130 ms reading (and decompressing) a thousand of them. At most `limit_bytes` of text
    is kept, the least recently used dropped first."""

    def __init__(self, limit_bytes: int = 64 * 1024**2):
        self.limit_bytes = limit_bytes
        self._lock = threading.Lock()
        self.clear()

    def clear(self) -> None:
        with self._lock:
            self._columns: Columns | None = None
            self._kept: OrderedDict[int, Document] = OrderedDict()
            self._bytes = 0

    def get(self, columns: Columns, notice_ids: list[int]) -> list[Document]:
        """The documents of these notices, in the order given; ("", "", 0) for a notice without one."""
        with self._lock:
            if self._columns is not columns:
                self._columns, self._kept, self._bytes = columns, OrderedDict(), 0
            found = {pk: self._kept[pk] for pk in notice_ids if pk in self._kept}
            for pk in found:
                self._kept.move_to_end(pk)
        missing = [pk for pk in notice_ids if pk not in found]
        if missing:
            texts = documents_text(missing)
            for pk, (title, body) in zip(missing, texts, strict=True):
                found[pk] = Document(title, body, _weighted_length(title, body))
            self._keep(columns, {pk: found[pk] for pk in missing})
        return [found[pk] for pk in notice_ids]

    def _keep(self, columns: Columns, new: dict[int, Document]) -> None:
        with self._lock:
            if self._columns is not columns:
                return  # the index moved meanwhile: these may be older than it
            for pk, document in new.items():
                if pk not in self._kept:
                    self._kept[pk] = document
                    self._bytes += _size(document)
            while self._bytes > self.limit_bytes:
                self._bytes -= _size(self._kept.popitem(last=False)[1])


def _size(document: Document) -> int:
    # Characters, and the tuple's, the strings' and the float's overhead.
    return len(document.title) + len(document.body) + 130


documents = DocumentCache()


def _passing(size: int, masks: dict[str, np.ndarray]) -> np.ndarray:
    allowed = np.ones(size, bool)
    for mask in masks.values():
        allowed &= mask
    return allowed


def _lexical_ranking(
    snap: snapshot.Snapshot,
    terms: list[str],
    positions: np.ndarray,
    every_match: bool,
    counts: list[ranking.Counts | None],
) -> list[int]:
    """The best RANKED of these positions (notices with all the terms) by BM25, among the LEXICAL_POOL newest:
    computed here when every term's `counts` are known (ranking.term_counts: FTS5's bm25() would first walk each
    common word's whole list of matches), else by the engine's score.
    The engine is told the lowest id to rank from (FTS5 and the GIN scan seek there rather than check every
    match); `every_match`: the positions are all the engine's matches (no filter left any out), so on SQLite
    the lowest id is enough, without the list of ids (3× cheaper). PostgreSQL is always given the ids: from the
    lowest id alone it visits the table row of every match before filtering on the id."""
    if not len(positions):
        return []
    columns = snap.columns
    newest = _newest(columns, positions, LEXICAL_POOL)
    if all(found is not None for found in counts):
        return ranking.best(snap.postings, counts, newest, columns.ids[newest], RANKED).tolist()
    backend = get_backend()
    ids = columns.ids[newest]
    lowest = int(ids.min()) if len(ids) == LEXICAL_POOL or not every_match else 0
    pool = None if every_match and backend.ranks_from_lowest else ids
    ranked = backend.rank(terms, require_all=True, limit=RANKED, ids=pool, lowest=lowest)
    return columns.positions(np.array([pk for pk, _score in ranked], dtype=np.int64)).tolist()


def _newest(columns: Columns, positions: np.ndarray, count: int) -> np.ndarray:
    """The `count` positions of the newest notices (highest ids) among these sorted positions: the last ones
    when positions follow ids (no partition of a few hundred thousand ids), else found by id."""
    if len(positions) <= count:
        return positions
    if columns.ids_ascending:
        return positions[-count:]
    return positions[np.argpartition(columns.ids[positions], len(positions) - count)[-count:]]


def _coverage_ranking(
    snap: snapshot.Snapshot,
    words: list[str],
    allowed: np.ndarray,
    leave_out: np.ndarray | None = None,
    counts: list[ranking.Counts | None] | None = None,
) -> tuple[np.ndarray, list[int], np.ndarray]:
    """Notices that contain some of these words, ranked by BM25 computed here from the documents' tokens
    rather than by the engine, so that it is the same on both (PostgreSQL's ts_rank_cd has no IDF: in an OR
    query of many words a common one would win). Each word's IDF is taken among the ranked notices (the
    PARTIAL_POOL newest matches): a word most of them contain weighs little, one only a few contain much —
    what BM25's IDF does, without a query per word for its document frequency.
    `counts`: the words' ranking.term_counts, when already read.
    Returns (every matching position, the best RANKED among the allowed ones, best first, and which of the
    words each of those contains: bool [ranked, words])."""
    columns = snap.columns
    found = matches.get(snap, words, require_all=False)
    listings = matches.each(snap, words)  # after get(): what it listed is kept
    if leave_out is not None and len(leave_out) and len(found):
        found = found[~np.isin(found, leave_out, kind="table")]
    pool = _newest(columns, found[allowed[found]], PARTIAL_POOL)
    if not len(pool):
        return found, [], np.zeros((0, len(words)), bool)
    scores, tf = _bm25_counts(snap, pool, words, listings, counts)
    best = _largest(scores, columns.ids[pool], RANKED)
    return found, pool[best].tolist(), tf[best] > 0


def _translated_ranking(
    snap: snapshot.Snapshot, words: list[str], allowed: np.ndarray
) -> tuple[list[int], np.ndarray]:
    """The best RANKED notices with some of a query's translated words (_coverage_ranking's ranking), and
    which of the words each contains. Only the
    ranked ones are candidates, not every match, so when the filters let most notices through (none, or only
    the default "opportunities") the engine is asked for the newest matches alone — enough of them that
    PARTIAL_POOL pass the filters: thirty translated words match most notices, and listing them all cost
    ~0.1 s on SQLite and seconds on PostgreSQL at a million notices."""
    columns = snap.columns
    share = float(np.count_nonzero(allowed)) / max(1, columns.size)
    if share >= NEWEST_SHARE:
        newest = _newest_matches(snap, words, int(PARTIAL_POOL / share * 1.2) + 1)
        pool = newest[0][allowed[newest[0]]] if newest is not None else None
        # Enough of them pass the filters, or there are no more to ask for.
        if newest is not None and (len(pool) >= PARTIAL_POOL or newest[1]):
            pool = pool[np.argsort(-columns.ids[pool], kind="stable")[:PARTIAL_POOL]]
            if not len(pool):
                return [], np.zeros((0, len(words)), bool)
            scores, tf = _bm25_counts(snap, pool, words, newest[2])
            best = _largest(scores, columns.ids[pool], RANKED)
            return pool[best].tolist(), tf[best] > 0
    return _coverage_ranking(snap, words, allowed)[1:]


def _newest_matches(
    snap: snapshot.Snapshot, words: list[str], count: int
) -> tuple[np.ndarray, bool, list[np.ndarray | None] | None] | None:
    """The positions of the `count` newest notices with some of the words, whether those are all there
    are, and each word's positions when they were read (None: not read); None when a match the index does not
    hold yet (stored since it was read) could have let an older one in. When positions follow ids, the held
    words' newest are the ends of their lists and the other words, rare by definition, are listed whole (kept
    by MatchCache); asking PostgreSQL for the newest matches of rare words alone walked the table backwards
    from the newest notice (1.2 s p95 for hybrid queries). Otherwise the engine is asked for the newest matches
    of them all, and stops after `count`."""
    columns = snap.columns
    if columns.ids_ascending:
        held = snap.postings.words
        parts = [held[word][-count:] for word in words if word in held]
        if rest := [word for word in words if word not in held]:
            parts.append(matches.get(snap, rest, require_all=False)[-count:])
        union = np.unique(np.concatenate(parts)) if len(parts) > 1 else parts[0]
        return union[-count:], len(union) < count, matches.each(snap, words)
    ids = get_backend().newest(words, require_all=False, limit=count)
    found = columns.positions(ids)
    return (found, len(ids) < count, None) if len(found) == len(ids) else None


# Of all notices passing the filters: from this share on, the newest matches are asked for.
NEWEST_SHARE = 0.25


def _bm25(snap: snapshot.Snapshot, positions: np.ndarray, words: list[str], *args, **kwargs) -> np.ndarray:
    """_bm25_counts' scores alone."""
    return _bm25_counts(snap, positions, words, *args, **kwargs)[0]


def _bm25_counts(
    snap: snapshot.Snapshot,
    positions: np.ndarray,
    words: list[str],
    listings: list[np.ndarray | None] | None = None,
    counts: list[ranking.Counts | None] | None = None,
    k1: float = 1.2,
    b: float = 0.75,
) -> tuple[np.ndarray, np.ndarray]:
    """BM25 of these notices' documents for the words, IDF among the documents themselves; a title word counts
    TITLE_WEIGHT times, as in the engines. Returns the scores and the counts (tf: [notices, words]).
    A word's count in each document comes from memory (held by the snapshot, postings.py) or from the engine's
    index (SQLite: ranking.term_counts), and each document's length from the snapshot: no text is read. Where
    neither has a word (PostgreSQL, a word not held) it is counted in the documents' texts, only in those that
    contain it, known from its sorted positions (`listings`, one per word: MatchCache.each; a word without its
    list — None: PostgreSQL listed it with others — is looked for in every document): a pass over a long text
    per word and document cost 15–40 ms for a thousand documents at a million notices, and PostgreSQL 7–130 ms
    to read (and decompress) them. For many such words (a Chinese query's translations) one pass over each
    document's split tokens costs less than a pass per word. Without held words (a small index) every document
    is read, and its length counted when it is (DocumentCache)."""
    tf = np.zeros((len(positions), len(words)))
    unheld = []
    for i, found in enumerate(counts if counts is not None else ranking.term_counts(snap, words)):
        if found is None:
            unheld.append(i)
            continue
        listing, weighted = found
        rows = _containing(positions, listing)
        tf[rows, i] = weighted[np.searchsorted(listing, positions[rows])]
    known_lengths = bool(snap.postings.counts)
    texts: list[Document] = []
    if unheld or not known_lengths:
        rows = _rows_to_read(positions, unheld, listings) if known_lengths else np.arange(len(positions))
        texts = documents.get(snap.columns, snap.columns.ids[positions[rows]].tolist())
        _count_in_texts(texts, rows, {words[i]: i for i in unheld}, positions, listings, tf)
    if known_lengths:
        lengths = _weighted_lengths(snap.postings, positions)
    else:
        lengths = np.array([document.length for document in texts], dtype=float)
    df = (tf > 0).sum(axis=0)
    idf = np.log1p((len(positions) - df + 0.5) / (df + 0.5))
    norm = k1 * (1 - b + b * lengths / max(1.0, float(lengths.mean())))
    return ((tf * (k1 + 1)) / (tf + norm[:, None]) * idf[None, :]).sum(axis=1), tf


def _rows_to_read(
    positions: np.ndarray, unheld: list[int], listings: list[np.ndarray | None] | None
) -> np.ndarray:
    """The rows (indexes into positions) whose texts the words not held need: where each is listed, or all."""
    if not unheld:
        return np.zeros(0, np.int64)
    if listings is None or any(listings[i] is None for i in unheld):
        return np.arange(len(positions))
    chosen = np.zeros(len(positions), bool)
    for i in unheld:
        chosen[_containing(positions, listings[i])] = True
    return np.flatnonzero(chosen)


def _count_in_texts(
    texts: list[Document],
    rows: np.ndarray,
    column: dict[str, int],
    positions: np.ndarray,
    listings: list[np.ndarray | None] | None,
    tf: np.ndarray,
) -> None:
    """tf[row, column[word]] for these words, from the texts read for `rows` (in that order)."""
    if not column:
        return
    if len(column) > FEW_WORDS:  # many words (a Chinese query's translations): one pass over each document
        counted = np.zeros((len(texts), len(column)))
        _count_by_splitting(texts, {word: j for j, word in enumerate(column)}, counted)
        tf[np.ix_(rows, list(column.values()))] = counted
        return
    for word, i in column.items():
        listing = listings[i] if listings else None
        having = rows if listing is None else _containing(positions, listing)
        for row, at in zip(having.tolist(), np.searchsorted(rows, having).tolist(), strict=True):
            title, body, _length = texts[at]
            tf[row, i] = TITLE_WEIGHT * _occurrences(title, word) + _occurrences(body, word)


def _weighted_lengths(held: postings.Postings, positions: np.ndarray) -> np.ndarray:
    """_weighted_length of these positions' documents, from the lengths the snapshot keeps (0: no document)."""
    total = held.lengths[positions].astype(float)
    weighted = total + (TITLE_WEIGHT - 1) * held.title_lengths[positions]
    return np.where(total >= 0, weighted, 0.0)


FEW_WORDS = 6  # up to this many words, str.count per word (where it is) beats splitting each document


def _count_by_splitting(texts: list[Document], column: dict[str, int], tf: np.ndarray) -> None:
    """tf[row, column[word]] for many words at once: the words a document has are found by a set intersection
    with its split tokens and counted by list.count (a loop in Python over every token cost 65 ms for a
    thousand documents at a million notices; this, 9 ms)."""
    wanted = set(column)
    for row, (title, body, _length) in enumerate(texts):
        for weight, tokens in ((TITLE_WEIGHT, title), (1.0, body)):
            split = tokens.split()
            for word in wanted.intersection(split):  # the few words it has, counted in C
                tf[row, column[word]] += weight * split.count(word)


def _containing(positions: np.ndarray, listing: np.ndarray) -> np.ndarray:
    """The indexes of the positions that are in the sorted listing."""
    if not len(listing):
        return np.zeros(0, np.int64)
    at = np.minimum(np.searchsorted(listing, positions), len(listing) - 1)
    return np.flatnonzero(listing[at] == positions)


def _weighted_length(title: str, body: str) -> float:
    """A document's length for BM25: its tokens, a title's counting TITLE_WEIGHT times."""
    return TITLE_WEIGHT * _token_count(title) + _token_count(body)


def _token_count(tokens: str) -> int:
    # Tokens are joined by single spaces (segment.for_index).
    return tokens.count(" ") + 1 if tokens else 0


def _occurrences(tokens: str, word: str) -> int:
    """How many of the space-joined tokens are `word`, without a padded copy of a long text: " word " inside,
    plus the first and the last token. str.count does not overlap its matches, so in " w w " it finds one
    " w ": only then are the tokens split and counted."""
    if " " in word or not tokens:
        return 0  # a token never holds a space
    found = tokens.count(f" {word} ")
    found += tokens.startswith(f"{word} ") + tokens.endswith(f" {word}") + (tokens == word)
    if found and f" {word} {word} " in tokens:
        found = tokens.split().count(word)
    return found


def nearest(
    vectors: Vectors, size: int, query: np.ndarray, allowed: np.ndarray | None = None, k: int = SEMANTIC_K
) -> tuple[np.ndarray, np.ndarray]:
    """The positions of the notices nearest the query vector (at most k, similarity ≥ the floor), best first,
    and their cosine similarities. First pass: Hamming distance of the binary codes over every allowed notice;
    second: the exact cosine of the SEMANTIC_POOL nearest."""
    from django.conf import settings

    present = vectors.present[:size]
    if allowed is not None:
        present = present & allowed
    if not query.any() or not present.any():
        return np.zeros(0, np.int64), np.zeros(0, np.float32)
    distances = vectors.distances(vectors.encode(query[None, :])[0], size)
    distances[~present] = vectors.dim + 1  # farther than any code can be
    candidates = _nearest_codes(distances, SEMANTIC_POOL, vectors.dim)
    sims = vectors.matrix[candidates].astype(np.float32) @ query
    order = np.argsort(-sims, kind="stable")[:k]
    floor = SIMILARITY_FLOOR.get(settings.EMBEDDING_BACKEND, 0.5)
    order = order[sims[order] >= floor]
    return candidates[order], sims[order]


def _nearest_codes(distances: np.ndarray, count: int, dim: int) -> np.ndarray:
    """The positions of (about) the `count` smallest distances (at most `dim`), the ties at the cut-off
    included: distances are small integers, so a histogram finds the cut-off in one pass where a partition
    would sort."""
    histogram = np.bincount(distances, minlength=dim + 2)[: dim + 1]
    cut = min(int(np.searchsorted(np.cumsum(histogram), count)), dim)
    return np.flatnonzero(distances <= cut)


# --- Order and pages -------------------------------------------------------------------------------------

_FAR = 1e11  # beyond any epoch second: keeps open notices (by deadline) ahead of closed ones


def _keys(columns: Columns, positions: np.ndarray, sort: str, relevance: dict[int, float], now: datetime):
    """One float per result, larger first; ties go to the newer notice (larger id)."""
    if sort == "relevance":
        keys = np.zeros(len(positions))
        if relevance:
            lookup = np.zeros(columns.size)
            lookup[list(relevance)] = list(relevance.values())
            keys = lookup[positions]
        return keys
    if sort == "deadline":
        deadline = columns.deadline[positions]
        moment = now.timestamp()
        # Open notices soonest first, then closed ones latest first, then those without a deadline.
        keys = np.where(deadline > moment, 2 * _FAR - deadline, deadline)
        return np.nan_to_num(keys, nan=-np.inf)
    column = columns.value_usd if sort == "value" else columns.published
    return np.nan_to_num(column[positions], nan=-np.inf)


def _page(
    keys: np.ndarray, ids: np.ndarray, cursor: Cursor | None, size: int, tiers: np.ndarray | None = None
) -> tuple[np.ndarray, bool, bool]:
    """The indexes (into keys/ids) of the page, in order, and whether there are pages after and before it.
    The order is (tier, key, id), largest first: the close matches (tier 1) before the others (0)."""
    top = None if tiers is None else tiers == 1
    low = None if tiers is None else ~top
    cursor_tier = cursor.tier if cursor is not None and tiers is not None else 1
    if cursor is not None and cursor.backwards:
        before = (keys > cursor.key) | ((keys == cursor.key) & (ids > cursor.pk))
        if tiers is None:
            parts = [before]
        elif cursor_tier == 0:
            parts = [low & before, top]
        else:
            parts = [top & before]
        chosen = _take(parts, keys, ids, size + 1, _smallest)
        if not len(chosen):  # gone back past the start (the list changed): the first page
            return _page(keys, ids, None, size, tiers)
        more = len(chosen) > size
        return chosen[:size][::-1], True, more
    if cursor is not None:
        after = (keys < cursor.key) | ((keys == cursor.key) & (ids < cursor.pk))
        if tiers is None:
            parts = [after]
        else:
            parts = [top & after, low] if cursor_tier == 1 else [low & after]
    else:
        parts = [None] if tiers is None else [top, low]
    chosen = _take(parts, keys, ids, size + 1, _largest)
    return chosen[:size], len(chosen) > size, cursor is not None


def _take(parts: list, keys: np.ndarray, ids: np.ndarray, m: int, pick) -> np.ndarray:
    """The first m indexes in order from each part (a mask; None: all) in turn."""
    chosen, total = [], 0
    for mask in parts:
        at = np.arange(len(keys)) if mask is None else np.flatnonzero(mask)
        if not len(at):
            continue
        got = at[pick(keys[at], ids[at], m - total)]
        chosen.append(got)
        total += len(got)
        if total >= m:
            break
    return np.concatenate(chosen) if chosen else np.zeros(0, np.int64)


def _largest(keys: np.ndarray, ids: np.ndarray, m: int) -> np.ndarray:
    """Indexes of the m largest (key, id), largest first."""
    if len(keys) > m:
        # By relevance most keys are 0 (only the fused few hundred score): when at least m are positive, the
        # m largest are among them, and partitioning those few is cheaper than a few hundred thousand.
        positive = np.flatnonzero(keys > 0)
        candidates = positive if m <= len(positive) < len(keys) // 2 else np.arange(len(keys))
        part = keys[candidates]
        kth = np.partition(part, len(part) - m)[len(part) - m]
        within = candidates[part >= kth]
    else:
        within = np.arange(len(keys))
    order = np.lexsort((-ids[within], -keys[within]))
    return within[order[:m]]


def _smallest(keys: np.ndarray, ids: np.ndarray, m: int) -> np.ndarray:
    """Indexes of the m smallest (key, id), smallest first."""
    if len(keys) > m:
        kth = np.partition(keys, m - 1)[m - 1]
        within = np.flatnonzero(keys <= kth)
    else:
        within = np.arange(len(keys))
    order = np.lexsort((ids[within], keys[within]))
    return within[order[:m]]
