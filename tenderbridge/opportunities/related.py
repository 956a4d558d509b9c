"""Notices related to one notice: others of the same buyer, and others in the same UNSPSC family (the segment
when the family holds too few). Open ones first (soonest deadline first), then the newest; never the notice
itself.

Cheap whatever the data — a fixed number of queries, each reading about `limit` rows off an index:
- same buyer: the open ones by the (buyer, deadline) index, the newest by (buyer, published, id);
- same category: one count of the category's rows picks the plan. A large category is read by walking the
  newest notices and probing each one's categories (members are dense, so `limit` come quickly); a small
  one by reading its few members off the family/segment index and sorting them. Either way the open ones
  come off the deadline index (open notices are a thin slice of the data).
benchmarks/notice_detail.py measures it on the demo data.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.db.models.fields.json import KT

from tenderbridge.taxonomy.models import UnspscCode, in_active_language

from . import clock
from .models import Notice, NoticeCategory

SHOWN = 5
DENSE = 2_000  # category rows above which walking the newest notices finds `limit` members quickly
# What a related notice shows: a title, its buyer, type and dates. Text and releases stay in the database.
_HEAVY = ("description", "compiled_release", "documents")
_ORIGIN_RANK = {"given": 0, "crosswalk": 1, "predicted": 2}


@dataclass(frozen=True)
class RelatedNotice:
    notice: Notice
    is_open: bool
    deadline_day_only: bool


@dataclass(frozen=True)
class SharedCategory:
    """The UNSPSC family or segment the category list shares with the notice."""

    code: str
    level: str  # "family" or "segment"
    segment: str
    title_en: str = ""  # "" when the taxonomy is not loaded
    title_zh: str = ""

    @property
    def title(self) -> str:
        return in_active_language(self.title_en, self.title_zh)


@dataclass
class Related:
    same_buyer: list[RelatedNotice] = field(default_factory=list)
    same_category: list[RelatedNotice] = field(default_factory=list)
    category: SharedCategory | None = None

    @property
    def category_level(self) -> str:
        return self.category.level if self.category else ""


def _light(qs: QuerySet) -> QuerySet:
    return (
        qs.select_related("buyer")
        .defer(*_HEAVY)
        .annotate(deadline_precision=KT("compiled_release__tender__tenderPeriod__endDatePrecision"))
    )


def _open_then_newest(qs: QuerySet, now: datetime, limit: int) -> list[RelatedNotice]:
    """Open notices of `qs` by soonest deadline, then the newest others: two queries of `limit` rows."""
    found = {n.pk: n for n in _light(qs.filter(deadline__gt=now)).order_by("deadline", "id")[:limit]}
    if len(found) < limit:
        # Notices without a publication date are not "newest"; leaving them out keeps the index order usable
        # on both databases (they sort NULLs at opposite ends).
        newest = qs.filter(published__isnull=False).exclude(pk__in=list(found))
        for n in _light(newest).order_by("-published", "-id")[: limit - len(found)]:
            found[n.pk] = n
    return [
        RelatedNotice(n, n.deadline is not None and n.deadline > now, n.deadline_precision == "day")
        for n in found.values()
    ]


def strongest_category(notice: Notice) -> NoticeCategory | None:
    """Given before mapped before predicted, and a code below segment level (it names a family) before a bare
    segment; `notice.categories` should be prefetched."""
    ranked = sorted(
        notice.categories.all(), key=lambda c: (_ORIGIN_RANK.get(c.origin, 3), not c.family, c.code)
    )
    return ranked[0] if ranked else None


def _category_filter(category: NoticeCategory, limit: int) -> tuple[Q | Exists, str, str]:
    """The filter for notices sharing the category's family (its segment when the family has no `limit`
    others), with the code and level shared. One query: the rows of the segment and of the family."""
    sizes = NoticeCategory.objects.filter(segment=category.segment).aggregate(
        segment=Count("id"), family=Count("id", filter=Q(family=category.family))
    )
    level = "family" if category.family and sizes["family"] > limit else "segment"
    code = category.family if level == "family" else category.segment
    members = NoticeCategory.objects.filter(**{level: code})
    if sizes[level] > DENSE:
        return Exists(members.filter(notice=OuterRef("pk"))), code, level
    return Q(pk__in=members.values("notice_id")), code, level


def related_notices(notice: Notice, limit: int = SHOWN, now: datetime | None = None) -> Related:
    """Up to `limit` notices of the same buyer and `limit` in the same category, never `notice` itself.
    At most six queries: two per list, the category's size and its title."""
    now = now or clock.now()
    others = Notice.objects.visible().exclude(pk=notice.pk)
    related = Related()
    if notice.buyer_id is not None:
        related.same_buyer = _open_then_newest(others.filter(buyer_id=notice.buyer_id), now, limit)
    if (category := strongest_category(notice)) is not None:
        condition, code, level = _category_filter(category, limit)
        related.same_category = _open_then_newest(others.filter(condition), now, limit)
        title = UnspscCode.objects.only("title_en", "title_zh").filter(code=code).first()
        related.category = SharedCategory(
            code, level, category.segment, title.title_en if title else "", title.title_zh if title else ""
        )
    return related
