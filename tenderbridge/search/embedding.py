"""Sentence embeddings of notices: computed in the background after ingest, stored in their IndexEntry.

`index_notices` marks an entry stale when the notice's text to embed (lib/embeddings.document_text of its title
and description) changed; `embed_notices` embeds stale entries and stamps them with a new index version, so
the web processes load the new vectors. A vector is float16 (half the size of float32; the ranking is the same
to 3 decimals) and L2-normalised.

Throughput: the encoder is the cost (~600 notices/s per core for 200-character texts); `embed_all` runs one
process per core, each embedding its own range of notices.
"""

import logging
import multiprocessing
import os
import time
from concurrent.futures import ProcessPoolExecutor

import numpy as np
from django.conf import settings
from django.db import close_old_connections, connection, transaction

from tenderbridge.lib import embeddings
from tenderbridge.opportunities.models import Notice

from .models import IndexEntry
from .services import bump, text_hash

logger = logging.getLogger(__name__)

BATCH = 512  # notices encoded and written per transaction
VECTOR_DTYPE = np.float16


def encoder() -> embeddings.Encoder:
    return embeddings.get_encoder(settings.EMBEDDING_BACKEND)


def to_bytes(vector: np.ndarray) -> bytes:
    return np.asarray(vector, dtype=VECTOR_DTYPE).tobytes()


def from_bytes(blob: bytes | memoryview) -> np.ndarray:
    return np.frombuffer(blob, dtype=VECTOR_DTYPE)


def embed_notices(notice_ids: list[int]) -> int:
    """Embed those of these notices whose entry is stale (or made by another backend); returns how many got
    a vector. Notices deleted meanwhile are skipped."""
    done = 0
    for start in range(0, len(notice_ids), BATCH):
        done += _embed_batch(notice_ids[start : start + BATCH])
    return done


def _embed_batch(notice_ids: list[int]) -> int:
    backend = settings.EMBEDDING_BACKEND
    wanted = set(
        IndexEntry.objects.filter(notice_id__in=notice_ids)
        .exclude(stale=False, vector_backend=backend)
        .values_list("notice_id", flat=True)
    )
    if not wanted:
        return 0
    rows = list(Notice.objects.filter(pk__in=wanted).values_list("pk", "title", "description"))
    texts = [embeddings.document_text(title, description) for _pk, title, description in rows]
    vectors = _encode(texts)  # outside the transaction: encoding is the slow part
    with transaction.atomic():
        version = bump()
        # Only where the text is still the one embedded: a notice changed meanwhile stays stale for its task.
        params = [
            (to_bytes(vector), backend, text_hash(text), version, pk, text_hash(text))
            for (pk, _t, _d), text, vector in zip(rows, texts, vectors, strict=True)
        ]
        with connection.cursor() as cursor:
            cursor.executemany(
                f"UPDATE {IndexEntry._meta.db_table} SET vector = %s, vector_backend = %s, vector_text_hash = %s, "
                "stale = false, version = %s WHERE notice_id = %s AND text_hash = %s",
                params,
            )
    return len(rows)


# Vectors of texts this process encoded lately. Notices repeat texts (award rows that say "Not identified" or
# name the same goods; a notice changed without a change to its title): each distinct text is encoded once.
_recent: dict[tuple[str, str], np.ndarray] = {}  # (backend, text) -> vector
RECENT = 20_000  # texts kept (float16: ~20 MB), forgotten all at once when full


def _encode(texts: list[str]) -> list[np.ndarray]:
    backend = settings.EMBEDDING_BACKEND
    found, missing = {}, []
    for text in dict.fromkeys(texts):
        vector = _recent.get((backend, text))
        if vector is None:
            missing.append(text)
        else:
            found[text] = vector
    if missing:
        for text, vector in zip(missing, encoder().documents(missing), strict=True):
            found[text] = vector.astype(VECTOR_DTYPE)
        if len(_recent) + len(missing) > RECENT:
            _recent.clear()
        _recent.update(((backend, text), found[text]) for text in missing)
    return [found[text] for text in texts]


def pending_ids(after: int = 0, limit: int = 10_000) -> list[int]:
    """Ids of notices that need a vector (stale, or made by another backend), in id order."""
    qs = IndexEntry.objects.filter(notice_id__gt=after).exclude(
        stale=False, vector_backend=settings.EMBEDDING_BACKEND
    )
    return list(qs.order_by("notice_id").values_list("notice_id", flat=True)[:limit])


def embed_all(processes: int | None = None) -> int:
    """Embed every notice that needs it; one process per core (the encoder holds the interpreter)."""
    started = time.perf_counter()
    processes = processes or min(2, os.cpu_count() or 1)
    chunks, after = [], 0
    while ids := pending_ids(after):
        chunks.append(ids)
        after = ids[-1]
    if not chunks:
        return 0
    if (
        processes == 1
        or connection.vendor == "sqlite"
        and settings.DATABASES["default"]["NAME"] == ":memory:"
    ):
        done = sum(embed_notices(ids) for ids in chunks)
    else:
        connection.close()  # the children open their own
        # fork: the children start with Django set up and the encoder's module imported.
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(processes, mp_context=context, initializer=close_old_connections) as pool:
            done = sum(pool.map(_embed_in_child, chunks))
    logger.info(
        "notices embedded", extra={"notices": done, "seconds": round(time.perf_counter() - started, 1)}
    )
    return done


def _embed_in_child(ids: list[int]) -> int:
    try:
        return embed_notices(ids)
    finally:
        connection.close()
