"""Which saved searches a batch of new or changed notices matches — in one pass, not one search per alert.

After an ingest only the new versions can enter a digest, so the work is "these N notices against every saved
search", not "every saved search over every notice": the notices are read once (their filter columns, the
search document's tokens, the sentence vector), an inverted index of their tokens is built, and then each
alert costs a few set intersections and, when it has words, one dot product of its query vector (encoded once
per distinct query) with the N notice vectors.

A notice matches a saved search when it passes every filter of the search (the opportunity list's semantics,
search/facets.py: a filter value the notice lacks fails) and, when the search has words,
- it contains every query term (search/engine.query_terms: the same segmentation as the index), or
- unless the search asks for the words only, its sentence vector is at least ALERT_SIMILARITY from the query's.
The list's "some of the words" and translated-word rankings are left out on purpose: they rank, they do not
decide, and an alert must not mail every notice that shares one word (docs/alerts.md).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import numpy as np
from django.conf import settings
from django.db.models import Q

from tenderbridge.lib import sources
from tenderbridge.opportunities.filters import NoticeFilters, Search
from tenderbridge.opportunities.models import Notice, NoticeCategory
from tenderbridge.search import embedding
from tenderbridge.search.engine import query_terms
from tenderbridge.search.models import IndexEntry, SearchDocument

# A closeness in meaning worth mailing: higher than the list's floor (0.2 for USE, about the 95th percentile of
# an unrelated notice), the same as the feed's "closeness in meaning worth saying" (docs/matching.md).
ALERT_SIMILARITY = {"use": 0.35, "e5": 0.85}


@dataclass
class NoticeFacts:
    """What the filters and words of a search look at, for one notice."""

    pk: int
    source: str
    notice_type: str
    buyer_family: str
    buyer_id: int | None
    countries: frozenset
    segments: frozenset
    families: frozenset
    deadline: datetime | None
    sme: bool | None
    sustainable: bool | None
    is_award: bool = False  # from a source of award statistics (the list's "kind")


@dataclass
class Batch:
    """The notices of one matching run, read once."""

    facts: list[NoticeFacts]
    postings: dict[str, set[int]] = field(default_factory=dict)  # token → rows having it
    vectors: np.ndarray | None = None  # (n, dim) float32, zero rows for notices without a vector

    @classmethod
    def read(cls, notice_ids: list[int]) -> "Batch":
        ids = sorted(set(notice_ids))
        facts = _facts(ids)
        row_of = {f.pk: row for row, f in enumerate(facts)}
        postings: dict[str, set[int]] = defaultdict(set)
        for pk, title, body in SearchDocument.objects.filter(notice_id__in=ids).values_list(
                "notice_id", "title_tokens", "body_tokens").iterator(chunk_size=2000):
            row = row_of.get(pk)
            if row is not None:
                for token in set(title.split()) | set(body.split()):
                    postings[token].add(row)
        return cls(facts, dict(postings), _vectors(ids, row_of))


def _facts(ids: list[int]) -> list[NoticeFacts]:
    segments, families = defaultdict(set), defaultdict(set)
    for start in range(0, len(ids), 5000):
        chunk = ids[start : start + 5000]
        for pk, segment, family in NoticeCategory.objects.filter(notice_id__in=chunk).values_list(
                "notice_id", "segment", "family"):
            segments[pk].add(segment)
            families[pk].add(family)
    facts, awards = [], set(sources.award_sources())
    for start in range(0, len(ids), 5000):
        rows = Notice.objects.filter(pk__in=ids[start : start + 5000]).order_by("pk").values_list(
            "pk", "source", "notice_type", "buyer_family", "buyer_id", "countries", "deadline", "sme_suitable",
            "sustainable")
        for pk, source, kind, family, buyer, countries, deadline, sme, sustainable in rows:
            facts.append(NoticeFacts(pk, source, kind, family or "", buyer, frozenset(countries or []),
                                     frozenset(segments[pk]), frozenset(families[pk]), deadline, sme, sustainable,
                                     source in awards))
    return facts


def _vectors(ids: list[int], row_of: dict[int, int]) -> np.ndarray | None:
    found = []
    for start in range(0, len(ids), 5000):
        found += IndexEntry.objects.filter(notice_id__in=ids[start : start + 5000]).exclude(
            Q(vector=None) | Q(stale=True)).values_list("notice_id", "vector")
    if not found:
        return None
    dim = len(embedding.from_bytes(found[0][1]))
    matrix = np.zeros((len(row_of), dim), np.float32)
    for pk, blob in found:
        vector = embedding.from_bytes(blob)
        if len(vector) == dim:
            matrix[row_of[pk]] = vector
    return matrix


def passes(facts: NoticeFacts, filters: NoticeFilters, now: datetime) -> bool:
    """The opportunity list's filters (search/facets.py), for one notice. Called once per (search, notice) pair
    of a run: plain comparisons, the cheapest first."""
    f, kind = filters, filters.effective_kind
    if kind != "all" and facts.is_award != (kind == "awards"):
        return False
    if (f.source and facts.source != f.source) or (f.notice_type and facts.notice_type != f.notice_type):
        return False
    if (f.buyer_family and facts.buyer_family != f.buyer_family) or (f.buyer and facts.buyer_id != f.buyer):
        return False
    if (f.country and f.country not in facts.countries) or (f.segment and f.segment not in facts.segments):
        return False
    if f.family and f.family not in facts.families:
        return False
    is_open = facts.deadline is not None and facts.deadline > now
    if f.status and is_open != (f.status == "open"):
        return False
    if f.closing and not (is_open and facts.deadline <= now + timedelta(days=int(f.closing))):
        return False
    if f.sme and facts.sme is not (f.sme == "yes"):
        return False
    return not (f.sustainable and facts.sustainable is not (f.sustainable == "yes"))


class Matcher:
    """Match many searches against one batch; query vectors are encoded once per distinct query."""

    def __init__(self, batch: Batch, now: datetime):
        self.batch, self.now = batch, now
        self._vectors: dict[str, np.ndarray] = {}
        self._close: dict[str, set[int]] = {}  # query → rows at least `floor` from it in meaning
        self.floor = ALERT_SIMILARITY.get(settings.EMBEDDING_BACKEND, 0.5)

    def prepare(self, searches: list[Search]) -> None:
        """The meaning part of every search at once: one (notices × queries) matrix product instead of one
        matrix-vector product per query (which cost 10 ms each on a loaded machine: BLAS threads waiting)."""
        queries = sorted({s.q for s in searches if s.q and s.match != "words"} - set(self._close))
        if not queries or self.batch.vectors is None:
            return
        sims = self.batch.vectors @ np.stack([self._query_vector(q) for q in queries]).T
        for column, q in enumerate(queries):
            self._close[q] = set(np.flatnonzero(sims[:, column] >= self.floor).tolist())

    def rows(self, search: Search) -> list[int]:
        """The rows of the batch (positions in batch.facts) that the search matches, in order."""
        candidates = self._word_rows(search) if search.q else set(range(len(self.batch.facts)))
        facts = self.batch.facts
        return sorted(row for row in candidates if passes(facts[row], search.filters, self.now))

    def notice_ids(self, search: Search) -> list[int]:
        return [self.batch.facts[row].pk for row in self.rows(search)]

    def _word_rows(self, search: Search) -> set[int]:
        terms = query_terms(search.q)
        found: set[int] = set()
        if terms:
            lists = sorted((self.batch.postings.get(term, set()) for term in terms), key=len)
            found = set(lists[0]).intersection(*lists[1:])
        if search.match != "words" and self.batch.vectors is not None:
            if search.q not in self._close:
                self.prepare([search])
            found |= self._close[search.q]
        return found

    def _query_vector(self, q: str) -> np.ndarray:
        if q not in self._vectors:
            self._vectors[q] = embedding.encoder().query(q).astype(np.float32)
        return self._vectors[q]
