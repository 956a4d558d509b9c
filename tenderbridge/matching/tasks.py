"""Background work of the matching part (run by `manage.py db_worker`)."""

from django.db import transaction
from django.tasks import task

from . import services
from .models import PendingNotice

CLAIM = 20_000  # notices taken in by one feed update


@task()
def recompute_feed_task(profile_id: int) -> int | None:
    """Rank every open notice for one supplier (its profile changed)."""
    return services.recompute_feed(profile_id)


def request_recompute(profile_id: int) -> None:
    """Note that this supplier's feed needs a full ranking and queue it, once the note is committed."""
    with transaction.atomic():
        services.note_recompute_requested(profile_id)
        transaction.on_commit(lambda: recompute_feed_task.enqueue(profile_id))


@task()
def update_feeds_task() -> int:
    """Take every waiting notice into the stored feeds; returns how many notices were taken. Several queued
    runs share the work: the first takes what is waiting, the others find less or nothing."""
    taken = 0
    while ids := _claim():
        try:
            services.update_feeds(ids)
        except Exception:
            PendingNotice.objects.bulk_create([PendingNotice(notice_id=pk) for pk in ids], ignore_conflicts=True)
            raise
        taken += len(ids)
    return taken


def _claim() -> list[int]:
    with transaction.atomic():
        ids = list(PendingNotice.objects.select_for_update().order_by("pk").values_list("pk", flat=True)[:CLAIM])
        PendingNotice.objects.filter(pk__in=ids).delete()
    return ids


def queue_notices(notice_ids: list[int]) -> None:
    """Note these notices for the feeds and queue an update (nothing when no feed has been ranked yet)."""
    from .models import FeedState

    if not notice_ids or not FeedState.objects.filter(ranked__isnull=False).exists():
        return
    for start in range(0, len(notice_ids), 5000):
        PendingNotice.objects.bulk_create(
            [PendingNotice(notice_id=pk) for pk in notice_ids[start : start + 5000]], ignore_conflicts=True
        )
    update_feeds_task.enqueue()
