"""Writes to the search index: (re)index notices, remove them, rebuild everything.

A notice's document is built from its own columns and children in a few set-based queries per batch (no query
per notice), segmented with tenderbridge.lib.segment and upserted; the database keeps its engine index in step
(FTS5 triggers on SQLite, a generated tsvector column on PostgreSQL — see models.py). Ingest, which has those
columns in hand, builds the same documents with `document_rows` and writes them in its batch transaction.
"""

import logging
import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction

from tenderbridge.lib import segment
from tenderbridge.opportunities.models import Item, Notice, NoticeCategory
from tenderbridge.taxonomy.models import UnspscCode

from .models import SearchDocument

logger = logging.getLogger(__name__)

CHUNK = 2000  # notices per round of reads and writes: bounded memory, few enough queries
MAX_BODY_CHARS = 100_000  # a pasted tender dossier must not blow up a row (PostgreSQL caps a tsvector at 1 MB)
# Category titles from the source's codes or the CPV crosswalk; a predicted family is a guess from the same
# text and would only add broad words (and could be wrong), so it stays out of the index.
INDEXED_CATEGORY_ORIGINS = (NoticeCategory.Origin.GIVEN, NoticeCategory.Origin.CROSSWALK)


def index_notices(notice_ids: Iterable[int]) -> int:
    """(Re)build the documents of these notices; returns how many were written. Ids of notices that no longer
    exist are ignored (their documents went with them)."""
    ids = sorted(set(notice_ids))
    written = 0
    with transaction.atomic():
        for start in range(0, len(ids), CHUNK):
            documents = build_documents(ids[start : start + CHUNK])
            SearchDocument.objects.bulk_create(
                documents,
                update_conflicts=True,
                unique_fields=["notice"],
                update_fields=["title_tokens", "body_tokens"],
            )
            written += len(documents)
    return written


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
        body = _body_text(text.title, [text.description, text.buyer, *text.items, *categories])
        rows.append((text.notice_id, segment.for_index(text.title), segment.for_index(body)))
    return rows


def _stored_texts(notice_ids: list[int]) -> list[NoticeText]:
    notices = Notice.objects.filter(pk__in=notice_ids).values_list("pk", "title", "description", "buyer__name")
    items = _texts_by_notice(Item.objects.filter(notice_id__in=notice_ids).values_list("notice_id", "description"))
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
