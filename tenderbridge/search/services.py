"""Writes to the search index: (re)index notices, remove them, rebuild everything; the index version.

A notice's document is built from its own columns and children in a few set-based queries per batch (no query
per notice), segmented with tenderbridge.lib.segment and upserted; the database keeps its engine index in step
(FTS5 triggers on SQLite, a generated tsvector column on PostgreSQL — see models.py). The same call stamps the
notices' IndexEntry rows with a new version (so the in-memory index of every web process picks them up) and
marks the ones whose text changed for a new embedding (embedding.py).
"""

import hashlib
import logging
import secrets
import time
from collections import defaultdict
from collections.abc import Iterable

from django.db import IntegrityError, connection, transaction

from tenderbridge.lib import embeddings, segment
from tenderbridge.opportunities.models import Item, Notice, NoticeCategory
from tenderbridge.taxonomy.models import UnspscCode

from .models import IndexEntry, IndexState, SearchDocument

logger = logging.getLogger(__name__)

CHUNK = 2000  # notices per round of reads and writes: bounded memory, few enough queries
MAX_BODY_CHARS = (
    100_000  # a pasted tender dossier must not blow up a row (PostgreSQL caps a tsvector at 1 MB)
)
# Category titles from the source's codes or the CPV crosswalk; a predicted family is a guess from the same
# text and would only add broad words (and could be wrong), so it stays out of the index.
INDEXED_CATEGORY_ORIGINS = (NoticeCategory.Origin.GIVEN, NoticeCategory.Origin.CROSSWALK)


def index_notices(notice_ids: Iterable[int], *, embed: bool = True) -> int:
    """(Re)build the documents of these notices, stamp their index entries with a new version and mark those
    whose text changed for embedding; returns how many were written. Ids of notices that no longer exist are
    ignored (their documents went with them). With `embed`, a background task embeds the marked notices
    once the transaction commits."""
    ids = sorted(set(notice_ids))
    written, stale = 0, []
    with transaction.atomic():
        version = bump() if ids else 0
        for start in range(0, len(ids), CHUNK):
            documents, texts = build_documents(ids[start : start + CHUNK])
            SearchDocument.objects.bulk_create(
                documents,
                update_conflicts=True,
                unique_fields=["notice"],
                update_fields=["title_tokens", "body_tokens"],
            )
            stale += _stamp_entries(texts, version)
            written += len(documents)
        if embed and stale:
            transaction.on_commit(lambda: _enqueue_embedding(stale))
    return written


def mark_changed(notice_ids: Iterable[int]) -> int:
    """Stamp these notices with a new version without rebuilding their documents: for changes the lexical
    index does not hold (predicted categories). Returns how many entries were stamped."""
    ids = list(set(notice_ids))
    if not ids:
        return 0
    with transaction.atomic():
        version = bump()
        return sum(
            IndexEntry.objects.filter(notice_id__in=ids[start : start + CHUNK]).update(version=version)
            for start in range(0, len(ids), CHUNK)
        )


def bump(*, deletion: bool = False) -> int:
    """The next index version, inside the caller's transaction. The UPDATE locks the one IndexState row until
    the transaction ends, so writers take versions in the order they commit, and a reader that sees version V
    has every row stamped with V or less."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("bump() must run inside the transaction that writes the stamped rows")
    with connection.cursor() as cursor:
        for _attempt in range(2):
            cursor.execute(
                f"UPDATE {IndexState._meta.db_table} SET version = version + 1, deletions = deletions + %s "
                "WHERE id = 1 RETURNING version",
                [1 if deletion else 0],
            )
            row = cursor.fetchone()
            if row is not None:
                return row[0]
            try:  # the first write ever (or after a flush): create the row, then take its first version
                with transaction.atomic():
                    IndexState.objects.create(pk=1, epoch=secrets.token_hex(16))
            except IntegrityError:
                pass  # another writer created it first
    raise RuntimeError("could not take an index version")


def _stamp_entries(texts: dict[int, str], version: int) -> list[int]:
    """Upsert the entries of these notices at `version` with the hash of their text to embed; returns the ids
    whose text differs from the one their vector was made from."""
    hashes = {pk: text_hash(text) for pk, text in texts.items()}
    embedded = dict(
        IndexEntry.objects.filter(notice_id__in=list(hashes), stale=False).values_list(
            "notice_id", "vector_text_hash"
        )
    )
    entries = [
        IndexEntry(notice_id=pk, version=version, text_hash=h, stale=embedded.get(pk) != h)
        for pk, h in hashes.items()
    ]
    IndexEntry.objects.bulk_create(
        entries,
        update_conflicts=True,
        unique_fields=["notice"],
        update_fields=["version", "text_hash", "stale"],
    )
    return [entry.notice_id for entry in entries if entry.stale]


def text_hash(text: str) -> str:
    return hashlib.blake2b(text.encode(), digest_size=8).hexdigest()


def _enqueue_embedding(notice_ids: list[int]) -> None:
    from .tasks import embed_notices_task  # tasks imports this module

    for start in range(0, len(notice_ids), CHUNK):
        embed_notices_task.enqueue(notice_ids[start : start + CHUNK])


def remove_notices(notice_ids: Iterable[int]) -> int:
    """Take notices out of the index (they stay in the database); returns how many documents were removed."""
    ids = list(set(notice_ids))
    removed = 0
    with transaction.atomic():
        for start in range(0, len(ids), CHUNK):
            removed += SearchDocument.objects.filter(notice_id__in=ids[start : start + CHUNK]).delete()[0]
    return removed


def reindex_all(batch: int = CHUNK) -> int:
    """Rebuild every notice's document, walking notices by primary key (a deleted notice's document went with
    it: the foreign key cascades). One transaction per batch, so a large rebuild does not hold one huge one."""
    started, done, after = time.perf_counter(), 0, 0
    while True:
        ids = list(Notice.objects.filter(pk__gt=after).order_by("pk").values_list("pk", flat=True)[:batch])
        if not ids:
            break
        done += index_notices(ids)
        after = ids[-1]
    logger.info(
        "search index rebuilt", extra={"documents": done, "seconds": round(time.perf_counter() - started, 2)}
    )
    return done


def build_documents(notice_ids: list[int]) -> tuple[list[SearchDocument], dict[int, str]]:
    """The unsaved documents of these notices and the text each is embedded from (notice id -> text), in four
    queries whatever their number."""
    notices = Notice.objects.filter(pk__in=notice_ids).values_list(
        "pk", "title", "description", "buyer__name"
    )
    items = _texts_by_notice(
        Item.objects.filter(notice_id__in=notice_ids).values_list("notice_id", "description")
    )
    categories = _category_titles(notice_ids)
    documents, texts = [], {}
    for pk, title, description, buyer in notices:
        body = _body_text(title, [description, buyer or "", *items.get(pk, []), *categories.get(pk, [])])
        documents.append(
            SearchDocument(
                notice_id=pk, title_tokens=segment.for_index(title), body_tokens=segment.for_index(body)
            )
        )
        texts[pk] = embeddings.document_text(title, description)
    return documents, texts


def _category_titles(notice_ids: list[int]) -> dict[int, list[str]]:
    rows = list(
        NoticeCategory.objects.filter(notice_id__in=notice_ids, origin__in=INDEXED_CATEGORY_ORIGINS)
        .order_by("pk")
        .values_list("notice_id", "code")
    )
    titles = {
        code: f"{title_en} {title_zh}".strip()
        for code, title_en, title_zh in UnspscCode.objects.filter(code__in={c for _, c in rows}).values_list(
            "code", "title_en", "title_zh"
        )
    }
    return _texts_by_notice((notice_id, titles.get(code, "")) for notice_id, code in rows)


def _texts_by_notice(rows: Iterable[tuple[int, str]]) -> dict[int, list[str]]:
    texts: dict[int, list[str]] = defaultdict(list)
    for notice_id, text in rows:
        texts[notice_id].append(text)
    return texts


def _body_text(title: str, parts: list[str]) -> str:
    """The body parts joined, each distinct text once: item descriptions often repeat the title or each other,
    and counting the same sentence twice would only inflate its words' frequency."""
    seen = {title.strip().casefold()}
    kept = []
    for part in parts:
        key = part.strip().casefold()
        if key and key not in seen:
            seen.add(key)
            kept.append(part)
    return "\n".join(kept)[:MAX_BODY_CHARS]
