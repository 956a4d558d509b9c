"""Writes to the search index: (re)index notices, remove them, rebuild everything; the index version.

A notice's document is built from its own columns and children in a few set-based queries per batch (no query
per notice), segmented with tenderbridge.lib.segment and upserted; the database keeps its engine index in step
(FTS5 triggers on SQLite, a generated tsvector column on PostgreSQL — see models.py). Ingest, which has those
columns in hand, builds the same documents with `document_rows` and writes them in its batch transaction. Both
paths then call `stamp_indexed`: the notices' IndexEntry rows get a new version (so the in-memory index of every
web process picks them up), and those whose text changed are marked for a new embedding (embedding.py).
"""

import logging
import secrets
import time
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.db import IntegrityError, connection, transaction

from tenderbridge.lib import embeddings, segment
from tenderbridge.opportunities.models import Item, Notice, NoticeCategory
from tenderbridge.taxonomy.models import UnspscCode

from .hooks import notices_indexed
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
    """(Re)build the documents of these notices from the database and stamp them (`stamp_indexed`); returns
    how many were written. Ids of notices that no longer exist are ignored (their documents went with them)."""
    ids = sorted(set(notice_ids))
    written = 0
    with transaction.atomic():
        for start in range(0, len(ids), CHUNK):
            texts = _stored_texts(ids[start : start + CHUNK])
            documents = [
                SearchDocument(notice_id=pk, title_tokens=title, body_tokens=body)
                for pk, title, body in document_rows(texts)
            ]
            SearchDocument.objects.bulk_create(
                documents,
                update_conflicts=True,
                unique_fields=["notice"],
                update_fields=["title_tokens", "body_tokens"],
            )
            stamp_indexed(texts, embed=embed)
            written += len(documents)
    return written


def stamp_indexed(texts: Iterable["NoticeText"], *, embed: bool = True) -> list[int]:
    """After these notices' documents were written, in the same transaction: a new index version on their
    entries, and the ones whose text to embed changed marked stale; with `embed`, a background task embeds
    those once the transaction commits. Returns the stale ids."""
    hashes = {t.notice_id: t.embedding_hash or embedding_hash(t.title, t.description) for t in texts}
    if not hashes:
        return []
    with transaction.atomic():
        stale = _stamp_entries(hashes, bump())
        if embed and stale:
            transaction.on_commit(lambda: _enqueue_embedding(stale))
        ids = list(hashes)
        transaction.on_commit(lambda: notices_indexed.send(sender=IndexEntry, notice_ids=ids))
    return stale


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


def _stamp_entries(hashes: dict[int, str], version: int) -> list[int]:
    """Upsert the entries of these notices at `version` with the hash of their text to embed; returns the ids
    whose text differs from the one their vector was made from.

    Plain SQL, one statement run for all rows (`executemany`): ingest stamps every notice it writes, and the
    ORM's bulk_create (with update_conflicts) spent 80 ms on 1,000 entries, this 10 ms."""
    table = IndexEntry._meta.db_table
    embedded: dict[int, str] = {}
    ids = list(hashes)
    with connection.cursor() as cursor:
        for start in range(0, len(ids), 500):
            part = ids[start : start + 500]
            cursor.execute(
                f"SELECT notice_id, vector_text_hash FROM {table} WHERE stale = %s AND notice_id IN "
                f"({', '.join(['%s'] * len(part))})",
                [False, *part],
            )
            embedded.update(cursor.fetchall())
        rows = [(pk, version, h, embedded.get(pk) != h) for pk, h in hashes.items()]
        columns, defaults = _entry_defaults()
        cursor.executemany(
            f"INSERT INTO {table} (notice_id, version, text_hash, stale{columns}) "
            f"VALUES (%s, %s, %s, %s{', %s' * len(defaults)}) ON CONFLICT (notice_id) DO UPDATE SET "
            "version = excluded.version, text_hash = excluded.text_hash, stale = excluded.stale",
            [(*row, *defaults) for row in rows],
        )
    return [pk for pk, _version, _hash, stale in rows if stale]


def _entry_defaults() -> tuple[str, list]:
    """The other columns of a new IndexEntry and their default values, as the ORM would write them."""
    fields = [
        f
        for f in IndexEntry._meta.concrete_fields
        if f.attname not in ("notice_id", "version", "text_hash", "stale")
    ]
    columns = "".join(f", {f.column}" for f in fields)
    return columns, [f.get_db_prep_save(f.get_default(), connection) for f in fields]


text_hash = embeddings.text_hash


def embedding_hash(title: str, description: str) -> str:
    """The hash of a notice's text to embed (lib/embeddings.document_text): its entry is stale when it changes."""
    return embeddings.document_hash(title, description)


def _enqueue_embedding(notice_ids: list[int]) -> None:
    from .tasks import embed_notices_task  # tasks imports this module

    for start in range(0, len(notice_ids), CHUNK):
        embed_notices_task.enqueue(notice_ids[start : start + CHUNK])


def remove_notices(notice_ids: Iterable[int]) -> int:
    """Take notices out of the index (they stay in the database); returns how many documents were removed. Their
    entries are stamped, so the web processes' word matches (postings.py, discover.MatchCache) drop them."""
    ids = list(set(notice_ids))
    removed = 0
    with transaction.atomic():
        for start in range(0, len(ids), CHUNK):
            removed += SearchDocument.objects.filter(notice_id__in=ids[start : start + CHUNK]).delete()[0]
        mark_changed(ids)
    return removed


def withdraw_notices(notice_ids: Iterable[int]) -> int:
    """Take notices out of search altogether, documents and index entries (the in-memory index holds every
    notice with an entry): for notices users must not see (another publication of one procurement, a test
    record; opportunities Notice.objects.hidden()). Returns how many entries went."""
    ids = list(set(notice_ids))
    removed = 0
    with transaction.atomic():
        for start in range(0, len(ids), CHUNK):
            part = ids[start : start + CHUNK]
            SearchDocument.objects.filter(notice_id__in=part).delete()
            removed += IndexEntry.objects.filter(notice_id__in=part).delete()[0]
        if removed:
            bump(deletion=True)  # rows gone: every process reloads its index whole
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


@dataclass(frozen=True, slots=True)
class NoticeText:
    """What a notice's search document is made of, as stored: its title and description, the name of its buyer's
    party row, its item descriptions and the codes of its indexed categories (both in the order stored)."""

    notice_id: int
    title: str
    description: str
    buyer: str
    items: list[str]
    category_codes: list[str]
    # Made ahead where the texts were at hand (ingest's worker processes), else here: the index tokens of some of
    # these texts (text -> segment.for_index(text)), and the hash of the text to embed (`embedding_hash`).
    tokens: Mapping[str, str] | None = None
    embedding_hash: str | None = None


def build_documents(notice_ids: list[int]) -> list[SearchDocument]:
    """The unsaved documents of these notices, in four queries whatever their number."""
    return [
        SearchDocument(notice_id=pk, title_tokens=title, body_tokens=body)
        for pk, title, body in document_rows(_stored_texts(notice_ids))
    ]


def document_rows(texts: Iterable[NoticeText]) -> list[tuple[int, str, str]]:
    """(notice id, title tokens, body tokens) of each notice, with one query for the category titles. Ingest
    builds its documents here from the rows it has just written, so it need not read them back."""
    texts = list(texts)
    titles = _unspsc_titles({code for text in texts for code in text.category_codes})
    rows = []
    for text in texts:
        categories = [titles.get(code, "") for code in text.category_codes]
        parts = _body_parts(text.title, [text.description, text.buyer, *text.items, *categories])
        if sum(map(len, parts)) + len(parts) - 1 > MAX_BODY_CHARS:
            body = segment.for_index("\n".join(parts)[:MAX_BODY_CHARS])
        else:
            body = segment.for_index_joined(parts, text.tokens)
        known = text.tokens or {}
        title = known[text.title] if text.title in known else segment.for_index(text.title)
        rows.append((text.notice_id, title, body))
    return rows


def _stored_texts(notice_ids: list[int]) -> list[NoticeText]:
    notices = Notice.objects.visible().filter(pk__in=notice_ids).values_list(
        "pk", "title", "description", "buyer__name"
    )
    items = _texts_by_notice(
        Item.objects.filter(notice_id__in=notice_ids).values_list("notice_id", "description")
    )
    categories = _texts_by_notice(
        NoticeCategory.objects.filter(notice_id__in=notice_ids, origin__in=INDEXED_CATEGORY_ORIGINS)
        .order_by("pk")
        .values_list("notice_id", "code")
    )
    return [
        NoticeText(pk, title, description, buyer or "", items.get(pk, []), categories.get(pk, []))
        for pk, title, description, buyer in notices
    ]


def _unspsc_titles(codes: set[str]) -> dict[str, str]:
    if not codes:
        return {}
    return {
        code: f"{title_en} {title_zh}".strip()
        for code, title_en, title_zh in UnspscCode.objects.filter(code__in=codes).values_list(
            "code", "title_en", "title_zh"
        )
    }


def _texts_by_notice(rows: Iterable[tuple[int, str]]) -> dict[int, list[str]]:
    texts: dict[int, list[str]] = defaultdict(list)
    for notice_id, text in rows:
        texts[notice_id].append(text)
    return texts


def _body_parts(title: str, parts: list[str]) -> list[str]:
    """The body's parts, each distinct text once (the body is them joined by line breaks, cut at
    MAX_BODY_CHARS): item descriptions often repeat the title or each other, and counting the same sentence twice
    would only inflate its words' frequency."""
    seen = {title.strip().casefold()}
    kept = []
    for part in parts:
        key = part.strip().casefold()
        if key and key not in seen:
            seen.add(key)
            kept.append(part)
    return kept
