"""Writes of the matching part: the stored feeds, and what suppliers do with them.

Feeds are computed here, in the background (tasks.py), never on a page request:
- `recompute_feed(profile_id)`: the supplier against every open notice (a profile changed, or a nightly
  refresh): its FEED_SIZE best, explained, replace its feed in one transaction.
- `update_feeds(notice_ids)`: after an ingest, only the new and changed notices are ranked for every supplier —
  in a small index that borrows the word statistics of the index of every open notice (lib/matching: the
  scores are the ones a full ranking would give) — and merged into the stored feeds.

A supplier's marks (saved, bidding, dismissed) are its own rows and survive every recompute.
"""

import logging
import math
import time
from dataclasses import dataclass
from datetime import datetime

import numpy as np
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tenderbridge.lib.matching.index import NoticeIndex, PreparedSupplier
from tenderbridge.lib.matching.ranker import Match, rank_notices
from tenderbridge.lib.matching.signals import bm25_best
from tenderbridge.opportunities.models import Notice
from tenderbridge.suppliers.models import SupplierProfile

from . import notices, profiles
from .models import (
    FEED_MIN_SCORE,
    FEED_SIZE,
    FILTER_NAME_MAX,
    FILTER_QUERY_MAX,
    MAX_SAVED_FILTERS,
    FeedItem,
    FeedState,
    Mark,
    SavedFilter,
)

logger = logging.getLogger(__name__)

SUPPLIER_CHUNK = 500  # suppliers read, ranked and written per transaction in a feed update


# --- computing feeds -------------------------------------------------------------------------------------------


def recompute_feed(profile_id: int, now: datetime | None = None) -> int | None:
    """Rank every open notice for this supplier and store its best FEED_SIZE; returns how many, or None when
    the profile is gone."""
    started = timezone.now()
    supplier = next(iter(profiles.prepared(SupplierProfile.objects.filter(pk=profile_id))), None)
    if supplier is None:
        return None
    open_index = notices.current(now)
    supplier.bm25_best = bm25_best(supplier, open_index.index)
    matches = rank_notices(supplier, open_index.index, open_index.now, k=FEED_SIZE, explain=True,
                           floor=min_score(supplier), require_evidence=needs_evidence(supplier))
    with transaction.atomic():
        state = _state(profile_id)
        alive = _existing_notices([int(m.id) for m in matches])
        FeedItem.objects.filter(profile_id=profile_id).delete()
        FeedItem.objects.bulk_create([_item(profile_id, m, started) for m in matches if int(m.id) in alive])
        state.ranked = state.updated = started
        if state.requested is not None and state.requested <= started:
            state.requested = None  # a change made while ranking keeps its request for the next run
        state.notices_ranked = len(open_index.index)
        state.bm25_best = supplier.bm25_best
        for name, value in profiles.vector_fields(supplier).items():
            setattr(state, name, value)
        state.save()
    return len(alive)


def recompute_feeds(profile_ids: list[int] | None = None, now: datetime | None = None) -> int:
    """recompute_feed for these profiles (default: every supplier profile); returns how many were ranked."""
    ids = profile_ids if profile_ids is not None else list(SupplierProfile.objects.values_list("pk", flat=True))
    return sum(recompute_feed(pk, now) is not None for pk in ids)


@dataclass
class UpdateReport:
    notices: int = 0  # of those given, how many are open (ranked)
    suppliers: int = 0
    added: int = 0  # feed items written
    removed: int = 0  # feed items deleted (changed or closed notices, and those pushed out)
    seconds: float = 0.0


def update_feeds(notice_ids: list[int], now: datetime | None = None) -> UpdateReport:
    """Merge these new or changed notices into every stored feed. A supplier whose feed was never ranked is
    left out: its full ranking is pending (requested when its profile was created or changed)."""
    started, report = time.perf_counter(), UpdateReport()
    open_index = notices.current(now)
    full = open_index.index
    changed = sorted(set(notice_ids))
    rows = [full.row_of[str(pk)] for pk in changed if str(pk) in full.row_of]
    report.notices = len(rows)
    partial = NoticeIndex.from_prepared([full.notices[row] for row in rows], reference=full)
    ranked = list(FeedState.objects.filter(ranked__isnull=False).order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ranked), SUPPLIER_CHUNK):
        chunk = ranked[start : start + SUPPLIER_CHUNK]
        suppliers = profiles.prepared_for_update(chunk)
        _merge_chunk(suppliers, partial, changed, open_index.now, report)
    report.seconds = round(time.perf_counter() - started, 3)
    logger.info("feeds updated", extra=dict(report.__dict__))
    return report


def _merge_chunk(suppliers: list[PreparedSupplier], partial: NoticeIndex, changed: list[int], now, report) -> None:
    ids = [int(s.features.id) for s in suppliers]
    changed_set = set(changed)
    kept: dict[int, list[tuple[float, int, int]]] = {pk: [] for pk in ids}  # profile → (score, notice, item id)
    stale_items: dict[int, list[int]] = {pk: [] for pk in ids}
    for item_id, profile_id, notice_id, score in FeedItem.objects.filter(profile_id__in=ids).values_list(
        "pk", "profile_id", "notice_id", "score"
    ):
        if notice_id in changed_set:
            stale_items[profile_id].append(item_id)  # re-ranked below, or closed
        else:
            kept[profile_id].append((score, notice_id, item_id))
    stamp, new_items, removed, touched = timezone.now(), [], [], set()
    for supplier in suppliers:
        pk = int(supplier.features.id)
        own = sorted(kept[pk], reverse=True)
        floor = min_score(supplier)
        if len(own) >= FEED_SIZE:
            floor = own[FEED_SIZE - 1][0] if floor is None else max(own[FEED_SIZE - 1][0], floor)
        matches = rank_notices(supplier, partial, now, k=FEED_SIZE, explain=True, floor=floor,
                               require_evidence=needs_evidence(supplier)) if len(partial) else []
        merged = sorted([(s, n, i, None) for s, n, i in own] + [(m.score, int(m.id), None, m) for m in matches],
                        key=lambda entry: (-entry[0], entry[1]))
        gone = stale_items[pk] + [entry[2] for entry in merged[FEED_SIZE:] if entry[2] is not None]
        added = [_item(pk, entry[3], stamp) for entry in merged[:FEED_SIZE] if entry[3] is not None]
        if gone or added:
            touched.add(pk)
        removed += gone
        new_items += added
    with transaction.atomic():
        alive = _existing_notices([item.notice_id for item in new_items])
        report.removed += sum(FeedItem.objects.filter(pk__in=removed[i : i + 5000]).delete()[0]
                              for i in range(0, len(removed), 5000))
        written = FeedItem.objects.bulk_create([item for item in new_items if item.notice_id in alive])
        FeedState.objects.filter(pk__in=touched).update(updated=stamp)
    report.added += len(written)
    report.suppliers += len(suppliers)


def needs_evidence(supplier: PreparedSupplier) -> bool:
    """Whether the profile says what the company does (codes, a description, past contracts): then a notice
    enters its feed only with a reason about what is bought (lib/matching ranker.evidence) and above
    FEED_MIN_SCORE. A profile with little more than a name is ranked by what is known (its name's meaning,
    deadlines) rather than left empty."""
    features = supplier.features
    return bool(features.unspsc or features.history or (features.description or "").strip())


def min_score(supplier: PreparedSupplier) -> float | None:
    return FEED_MIN_SCORE if needs_evidence(supplier) else None


def _item(profile_id: int, match: Match, stamp: datetime) -> FeedItem:
    return FeedItem(profile_id=profile_id, notice_id=int(match.id), score=float(match.score),
                    explanation=_jsonable(match.explanation or {}), computed=stamp)


def _existing_notices(ids: list[int]) -> set[int]:
    """Of these notice ids, those still stored (a notice may be deleted while a feed is ranked)."""
    found = set()
    for start in range(0, len(ids), 5000):
        found.update(Notice.objects.filter(pk__in=ids[start : start + 5000]).values_list("pk", flat=True))
    return found


def _jsonable(value):
    """The explanation with numpy numbers as plain ones (JSONField writes with json.dumps)."""
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, np.bool_):
        return bool(value)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating | float):
        number = float(value)
        return number if math.isfinite(number) else None
    return value


def _state(profile_id: int) -> FeedState:
    """The supplier's FeedState row, locked for this transaction (created on first use)."""
    FeedState.objects.get_or_create(profile_id=profile_id)
    return FeedState.objects.select_for_update().get(profile_id=profile_id)


def note_recompute_requested(profile_id: int) -> None:
    """Note that this supplier's feed needs a full ranking (its profile changed); tasks.request_recompute
    calls this and queues the ranking (this module does not import tasks, which imports it)."""
    with transaction.atomic():
        _state(profile_id)
        FeedState.objects.filter(pk=profile_id).update(requested=timezone.now())


# --- what suppliers do with their feed ------------------------------------------------------------------------


MARK_STATES = {state.value for state in Mark.State}


def do_mark(profile: SupplierProfile, notice: Notice, state: str, user=None) -> Mark | None:
    """Save, dismiss or mark as bidding (state "" clears the mark); returns the mark, None when cleared."""
    if state and state not in MARK_STATES:
        raise ValidationError(
            _("“%(value)s” is not a known mark. Allowed values: %(allowed)s.")
            % {"value": state[:40], "allowed": ", ".join(sorted(MARK_STATES))},
            code="unknown_mark",
        )
    with transaction.atomic():
        if not state:
            Mark.objects.filter(profile=profile, notice=notice).delete()
            return None
        mark, _created = Mark.objects.update_or_create(
            profile=profile, notice=notice,
            defaults={"state": state, "changed": timezone.now(), "changed_by": user if user and user.pk else None},
        )
        return mark


def do_save_filter(profile: SupplierProfile, name: str, query: str) -> SavedFilter:
    """Save the feed's filters under a name (the same name replaces them)."""
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError(_("Give the filter a name."), code="name_required")
    if len(name) > FILTER_NAME_MAX:
        raise ValidationError(
            _("A filter name can be at most %(limit)d characters; this has %(length)d.")
            % {"limit": FILTER_NAME_MAX, "length": len(name)},
            code="name_too_long",
        )
    if len(query) > FILTER_QUERY_MAX:
        raise ValidationError(_("These filters are too long to save."), code="query_too_long")
    with transaction.atomic():
        SupplierProfile.objects.select_for_update().filter(pk=profile.pk).first()  # one writer at a time
        existing = SavedFilter.objects.filter(profile=profile, name=name).first()
        if existing is None and SavedFilter.objects.filter(profile=profile).count() >= MAX_SAVED_FILTERS:
            raise ValidationError(
                _("You can save at most %(limit)d filters; delete one first.") % {"limit": MAX_SAVED_FILTERS},
                code="too_many_filters",
            )
        saved, _created = SavedFilter.objects.update_or_create(profile=profile, name=name, defaults={"query": query})
        return saved


def do_delete_filter(profile: SupplierProfile, filter_id: int) -> bool:
    with transaction.atomic():
        return SavedFilter.objects.filter(profile=profile, pk=filter_id).delete()[0] > 0
