"""The versions of notices as alerts see them: what changed, numbered per notice.

Ingest keeps one row per notice and overwrites it (its fingerprint is the hash of the compiled release), so the
history a digest needs — "amended", "deadline moved", "cancelled" — is kept here: when a notice is stored or
changed (the search part's `notices_indexed` signal, after the commit) its fingerprint, deadline and status are
compared with its last recorded version and, if the fingerprint moved, a new version is written:

- no earlier version and the notice was created within RECENT of now → published; an older notice seen for the
  first time → amended (it existed before alerts knew it);
- status now "cancelled" (or "withdrawn") and it was not → cancelled;
- the deadline differs → deadline moved (previous_deadline keeps the old one);
- else → amended.

A signal lost to a crash between the ingest's commit and the receiver is caught by `sweep`, which looks at the
notices updated since its last run (with an overlap): recording is idempotent, the unique (notice, number) and
the fingerprint comparison make a second look write nothing.
"""

from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from tenderbridge.opportunities.models import Notice

from .models import NoticeVersion

CANCELLED = {"cancelled", "withdrawn", "unsuccessful"}
RECENT = timedelta(days=2)  # a notice created this recently, seen for the first time, is new
SWEEP_OVERLAP = timedelta(minutes=30)
FIRST_LOOK_BACK = timedelta(days=2)
CHUNK = 2000


def record(notice_ids: list[int], now: datetime | None = None) -> int:
    """Record a version for each of these notices whose fingerprint moved; returns how many were written."""
    now, written = now or timezone.now(), 0
    ids = sorted(set(notice_ids))
    for start in range(0, len(ids), CHUNK):
        written += _record_chunk(ids[start : start + CHUNK], now)
    return written


def _record_chunk(ids: list[int], now: datetime) -> int:
    with transaction.atomic():
        last = _last_versions(ids)
        rows = []
        for pk, fingerprint, deadline, status, created, updated in Notice.objects.filter(pk__in=ids).values_list(
                "pk", "fingerprint", "deadline", "status", "created", "updated"):
            before = last.get(pk)
            if before is not None and before.fingerprint == fingerprint:
                continue
            kind = _kind(before, deadline, (status or "").lower(), created, now)
            rows.append(NoticeVersion(notice_id=pk, number=(before.number + 1) if before else 1, kind=kind,
                                      fingerprint=fingerprint, deadline=deadline, status=status or "",
                                      previous_deadline=before.deadline if before else None, recorded=now,
                                      changed=updated or now))
        try:
            with transaction.atomic():
                NoticeVersion.objects.bulk_create(rows)
        except IntegrityError:  # another process recorded some of them meanwhile: one by one
            return sum(_record_one(row) for row in rows)
        return len(rows)


def _record_one(row: NoticeVersion) -> int:
    try:
        with transaction.atomic():
            row.save()
        return 1
    except IntegrityError:
        return 0


def _last_versions(ids: list[int]) -> dict[int, NoticeVersion]:
    numbers = dict(NoticeVersion.objects.filter(notice_id__in=ids).values_list("notice_id")
                   .annotate(n=Max("number")).values_list("notice_id", "n"))
    if not numbers:
        return {}
    wanted = NoticeVersion.objects.filter(notice_id__in=list(numbers), number__in=set(numbers.values()))
    return {v.notice_id: v for v in wanted if numbers.get(v.notice_id) == v.number}


def _kind(before: NoticeVersion | None, deadline, status: str, created, now) -> str:
    cancelled = status in CANCELLED
    if before is None:
        if cancelled:
            return NoticeVersion.Kind.CANCELLED
        return NoticeVersion.Kind.PUBLISHED if created and created >= now - RECENT else NoticeVersion.Kind.AMENDED
    if cancelled and before.status.lower() not in CANCELLED:
        return NoticeVersion.Kind.CANCELLED
    if deadline != before.deadline:
        return NoticeVersion.Kind.DEADLINE_MOVED
    return NoticeVersion.Kind.AMENDED


def sweep(since: datetime | None, now: datetime | None = None) -> int:
    """Record the versions of the notices updated since `since` (less an overlap): catches a lost signal.
    Without one (no version recorded yet), the last FIRST_LOOK_BACK."""
    now = now or timezone.now()
    start = (since - SWEEP_OVERLAP) if since else now - FIRST_LOOK_BACK
    ids = list(Notice.objects.filter(updated__gte=start).values_list("pk", flat=True))
    return record(ids, now)
