"""The notices a feed ranks, read from the database into the ranker's NoticeIndex (lib/matching/index.py).

A feed holds notices a supplier can still bid for: a deadline after "now" (opportunities/clock.py), not an
award. Their vectors are the ones discovery stored (search.IndexEntry); a notice embedded by another
backend or not yet embedded is encoded here.

The index of every open notice is kept per process (the task worker's) and rebuilt when the notices change —
the search index's version (search.IndexState) moves with every stored, re-categorised or embedded notice — or
the hour turns (deadlines pass).
"""

import logging
import threading
import time
from dataclasses import dataclass
from datetime import datetime

import numpy as np
from django.conf import settings

from tenderbridge.lib import embeddings
from tenderbridge.lib.matching.features import NoticeFeatures
from tenderbridge.lib.matching.index import NoticeIndex, PreparedNotice, prepare_notices
from tenderbridge.opportunities import clock
from tenderbridge.opportunities.models import Notice, NoticeCategory
from tenderbridge.search.embedding import from_bytes
from tenderbridge.search.models import IndexEntry, IndexState

logger = logging.getLogger(__name__)

CHUNK = 5000  # notices read per query


def open_notices(now: datetime):
    """Notices a supplier can bid for at `now`: open as the opportunity list's "open" filter says (the deadline
    is ahead), awards aside."""
    return Notice.objects.visible().filter(deadline__gt=now).exclude(notice_type=Notice.Type.CONTRACT_AWARD)


def features(notice_ids: list[int]) -> tuple[list[NoticeFeatures], np.ndarray]:
    """The ranker's view of these notices (ids as strings of their primary keys) and their vectors, in order."""
    found, vectors = [], []
    for start in range(0, len(notice_ids), CHUNK):
        chunk = notice_ids[start : start + CHUNK]
        rows = {row[0]: row for row in Notice.objects.filter(pk__in=chunk).values_list(*_COLUMNS)}
        codes = _codes(chunk)
        stored = _vectors(chunk)
        for pk in chunk:
            if pk in rows:
                found.append(_features(rows[pk], codes.get(pk, ((), ()))))
                vectors.append(stored.get(pk))
    return found, _fill(found, vectors)


_COLUMNS = (
    "pk", "title", "description", "buyer__name", "published", "deadline", "notice_type", "countries",
    "sme_suitable", "value_amount", "value_currency", "buyer_family",
)


def _features(row: tuple, codes: tuple[tuple[str, ...], tuple[str, ...]]) -> NoticeFeatures:
    pk, title, description, buyer, published, deadline, notice_type, countries, sme, value, currency, family = row
    return NoticeFeatures(
        id=str(pk), title=title, description=description, buyer=buyer or "", date=published, deadline=deadline,
        notice_type=notice_type, countries=tuple(countries or ()), unspsc=codes[0], predicted_unspsc=codes[1],
        sme_suitable=sme, value=value, currency=currency, buyer_family=family or "",
    )


def _codes(notice_ids: list[int]) -> dict[int, tuple[tuple[str, ...], tuple[str, ...]]]:
    """Per notice: (codes given or mapped from CPV, codes predicted from its text)."""
    given: dict[int, list[str]] = {}
    predicted: dict[int, list[str]] = {}
    rows = NoticeCategory.objects.filter(notice_id__in=notice_ids).order_by("pk")
    for notice_id, code, origin in rows.values_list("notice_id", "code", "origin"):
        target = predicted if origin == NoticeCategory.Origin.PREDICTED else given
        target.setdefault(notice_id, []).append(code)
    return {pk: (tuple(given.get(pk, ())), tuple(predicted.get(pk, ()))) for pk in set(given) | set(predicted)}


def _vectors(notice_ids: list[int]) -> dict[int, np.ndarray]:
    rows = IndexEntry.objects.filter(
        notice_id__in=notice_ids, stale=False, vector_backend=settings.EMBEDDING_BACKEND, vector__isnull=False
    ).values_list("notice_id", "vector")
    return {pk: from_bytes(blob).astype(np.float32) for pk, blob in rows}


def _fill(notices: list[NoticeFeatures], vectors: list[np.ndarray | None]) -> np.ndarray:
    """Stack the stored vectors; encode the notices that have none yet (the embedding task may not have run)."""
    dim = embeddings.BACKENDS[settings.EMBEDDING_BACKEND].dim
    missing = [i for i, vector in enumerate(vectors) if vector is None]
    if missing:
        encoder = embeddings.get_encoder(settings.EMBEDDING_BACKEND)
        texts = [embeddings.document_text(notices[i].title, notices[i].description) for i in missing]
        for i, vector in zip(missing, encoder.documents(texts), strict=True):
            vectors[i] = vector
    return np.stack(vectors).astype(np.float32) if vectors else np.zeros((0, dim), dtype=np.float32)


# --- the process's index of every open notice ------------------------------------------------------------


@dataclass(frozen=True)
class OpenIndex:
    index: NoticeIndex
    now: datetime
    key: tuple


_cached: OpenIndex | None = None
# Each notice made ready for ranking (its words counted, its vector read), with the search index version it was
# read at: a rebuild prepares again only the notices whose IndexEntry version moved (stored again, re-categorised,
# embedded), so taking in an ingest of 1,000 notices does not tokenise 100,000.
_prepared: dict[int, tuple[int, PreparedNotice]] = {}
_lock = threading.Lock()


def _key(now: datetime) -> tuple:
    state = IndexState.objects.filter(pk=1).values_list("version", "deletions", "epoch").first()
    # DEMO_NOW is fixed; the real clock moves, and with it which notices are open: a new index each hour.
    moment = now if clock.demo_now() else now.replace(minute=0, second=0, microsecond=0)
    return (state, moment, settings.EMBEDDING_BACKEND)


def current(now: datetime | None = None) -> OpenIndex:
    """The index of every notice open at `now` (default clock.now()), rebuilt when the notices changed."""
    global _cached
    now = now or clock.now()
    key = _key(now)
    with _lock:
        if _cached is not None and _cached.key == key:
            return _cached
        started = time.perf_counter()
        if _cached is None or _cached.key[0] is None or key[0] is None or _cached.key[0][1:] != key[0][1:]:
            _prepared.clear()  # a deletion or a new epoch: versions say nothing of what is gone
        versions = dict(open_notices(now).order_by("pk").values_list("pk", "index_entry__version"))
        stale = [pk for pk, version in versions.items() if _prepared.get(pk, (None,))[0] != (version or 0)]
        fresh, vectors = features(stale)
        for notice, prepared in zip(fresh, prepare_notices(fresh, vectors), strict=True):
            _prepared[int(notice.id)] = (versions[int(notice.id)] or 0, prepared)
        for pk in set(_prepared) - set(versions):
            del _prepared[pk]  # closed or gone
        index = NoticeIndex.from_prepared([_prepared[pk][1] for pk in versions if pk in _prepared])
        _cached = OpenIndex(index, now, key)
        logger.info("open notice index built", extra={"notices": len(index), "prepared": len(stale),
                                                      "seconds": round(time.perf_counter() - started, 2)})
        return _cached


def reset() -> None:
    """Forget the index (tests: each test's database starts over)."""
    global _cached
    with _lock:
        _cached = None
        _prepared.clear()
