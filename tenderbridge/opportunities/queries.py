"""Reads of the opportunity pages and their JSON twins: notice rows (with category titles, country names and
the value), and one notice with its items, awards and provenance. The list itself comes from discovery
(search.discover, through listing.py).
"""

import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from decimal import Decimal
from pathlib import PurePath
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.db import connection
from django.db.models import (
    Case,
    IntegerField,
    Max,
    Prefetch,
    QuerySet,
    Value,
    When,
)
from django.utils.translation import get_language, pgettext_lazy

from tenderbridge.ingest.models import IngestJob, RawRelease
from tenderbridge.ingest.store import unspsc8
from tenderbridge.lib import countries
from tenderbridge.taxonomy.models import UnspscCode, in_active_language

from .models import Award, Classification, Item, Notice, NoticeCategory, Party

# OCDS code lists (procurementMethod, tender status): labels for the values publishers use.
PROCUREMENT_METHODS = {
    "open": pgettext_lazy("procurement method", "Open"),
    "selective": pgettext_lazy("procurement method", "Selective"),
    "limited": pgettext_lazy("procurement method", "Limited"),
    "direct": pgettext_lazy("procurement method", "Direct"),
}
TENDER_STATUSES = {
    "planning": pgettext_lazy("tender status", "Planning"),
    "planned": pgettext_lazy("tender status", "Planned"),
    "active": pgettext_lazy("tender status", "Active"),
    "cancelled": pgettext_lazy("tender status", "Cancelled"),
    "unsuccessful": pgettext_lazy("tender status", "Unsuccessful"),
    "complete": pgettext_lazy("tender status", "Complete"),
    "withdrawn": pgettext_lazy("tender status", "Withdrawn"),
}


# --- Pages ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Category:
    code: str
    origin: str
    origin_label: str
    score: float | None
    title_en: str = ""
    title_zh: str = ""

    @property
    def title(self) -> str:
        """The title in the active language; English when there is no Chinese one; "" if not loaded."""
        return in_active_language(self.title_en, self.title_zh)


@dataclass
class NoticeRow:
    """A notice with what its pages show beside the columns: category titles, country names, the value."""

    notice: Notice
    categories: list[Category]  # in lists at most LIST_CATEGORIES (the strongest), on a notice's page all
    countries: list[tuple[str, str]]  # (ISO code, name in the active language)
    value: str  # "1,250,000.00 GBP", or "" when the source gave none
    deadline_day_only: bool = False  # the source gave the day of the deadline, not its time
    matched_terms: tuple[str, ...] = ()  # of a search's words, those the notice contains
    similarity: float | None = None  # when a search found it by meaning: the cosine with the query
    translated_terms: tuple[str, ...] = ()  # translations of a search's words that the notice contains
    close: bool = True  # a close match of the search's words (False: below the "fewer words matched" divider)
    coverage: float | None = None  # the share of the search's word weight the notice contains
    categories_total: int = 0  # how many categories the notice has in all
    notice_type_label: str = ""  # in the active language


def data_as_of() -> datetime | None:
    """When the latest successful import finished: the notices are as the sources published them then."""
    return IngestJob.objects.filter(status=IngestJob.Status.DONE).aggregate(latest=Max("finished"))["latest"]


# Categories a notice row carries in lists. A tender with many items can have hundreds (one replicated
# 17-publisher tender has 300+): reading and serialising them all was most of a search page's time at a million
# notices (docs/search.md), and the list shows three. The notice's own page and API have them all.
LIST_CATEGORIES = 10


def categories_prefetch() -> Prefetch:
    """All the notices' categories (a notice's own page), strongest first: given, then mapped from CPV, then
    predicted; by code within."""
    strength = Case(
        When(origin=NoticeCategory.Origin.GIVEN, then=Value(0)),
        When(origin=NoticeCategory.Origin.CROSSWALK, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    return Prefetch("categories", queryset=NoticeCategory.objects.order_by(strength, "code"))


@dataclass(frozen=True)
class ListedCategory:
    """A category as a list row reads it: no model instance (a page of replicated tenders reads hundreds)."""

    code: str
    origin: str
    score: float | None


def attach_listed_categories(notices: list[Notice], limit: int = LIST_CATEGORIES) -> None:
    """Give each notice `listed_categories`, its `limit` strongest categories (as categories_prefetch orders
    them), and `categories_total`, how many it has in all: one window-function query, written out. Django's
    sliced Prefetch compiled the window filter into a subquery and built a model per row: ~35 ms a page of 25
    notices at 210,000 (docs/search.md). On Django's cursor, not bulk.select_in's driver cursor: the page's
    queries are counted (tests assert a fixed number)."""
    for notice in notices:
        notice.listed_categories, notice.categories_total = [], 0
    if not notices:
        return
    table = NoticeCategory._meta.db_table
    placeholders = ", ".join(["%s"] * len(notices))
    sql = (
        "SELECT notice_id, code, origin, score, total FROM ("
        " SELECT notice_id, code, origin, score,"
        "  ROW_NUMBER() OVER (PARTITION BY notice_id ORDER BY"
        "   CASE origin WHEN %s THEN 0 WHEN %s THEN 1 ELSE 2 END, code) AS n,"
        "  COUNT(*) OVER (PARTITION BY notice_id) AS total"
        f" FROM {table} WHERE notice_id IN ({placeholders})"
        ") AS ranked WHERE n <= %s ORDER BY notice_id, n"
    )
    by_id = {notice.pk: notice for notice in notices}
    params = [NoticeCategory.Origin.GIVEN, NoticeCategory.Origin.CROSSWALK, *by_id, limit]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for notice_id, code, origin, score, total in cursor.fetchall():
            notice = by_id[notice_id]
            notice.listed_categories.append(ListedCategory(code, origin, score))
            notice.categories_total = total


def loaded_categories(notice: Notice) -> list:
    """The categories read with the notice: the listed few (attach_listed_categories) or all of them."""
    listed = getattr(notice, "listed_categories", None)
    return listed if listed is not None else list(notice.categories.all())


def rows(notices: list[Notice], titles: dict[str, "CodeTitles"]) -> list[NoticeRow]:
    """The rows of notices read with `deadline_precision` annotated (listing.py); `titles` must hold their
    categories' codes."""
    origins, types = origin_labels(), notice_type_labels()
    return [_row(n, titles, n.deadline_precision == "day", origins, types) for n in notices]


def origin_labels() -> dict[str, str]:
    """The category origins' labels in the active language. Model.get_origin_display() costs ~0.3 ms a call
    (it rebuilds a dict of the lazy choices each time): a page of notices with many categories spent more on
    those labels than on its search."""
    return {value: str(label) for value, label in NoticeCategory.Origin.choices}


def notice_type_labels() -> dict[str, str]:
    """The notice types' labels in the active language (for the same reason as origin_labels)."""
    return {value: str(label) for value, label in Notice.Type.choices}


def _row(
    notice: Notice, titles: dict[str, "CodeTitles"], day_only: bool, origins: dict[str, str], types: dict[str, str]
) -> NoticeRow:
    lang = get_language() or "en"
    categories = sorted((category(c, titles, origins) for c in loaded_categories(notice)), key=_origin_rank)
    return NoticeRow(
        notice=notice,
        # Given codes first, then mapped, then predicted: the strongest evidence leads.
        categories=categories,
        categories_total=getattr(notice, "categories_total", None) or len(categories),
        notice_type_label=types.get(notice.notice_type, notice.notice_type),
        countries=[(code, countries.name(code, lang)) for code in notice.countries or []],
        value=money(notice.value_amount, notice.value_currency),
        deadline_day_only=day_only,
    )


_ORIGIN_RANK = {
    NoticeCategory.Origin.GIVEN: 0,
    NoticeCategory.Origin.CROSSWALK: 1,
    NoticeCategory.Origin.PREDICTED: 2,
}


def _origin_rank(c: "Category") -> tuple:
    return (_ORIGIN_RANK.get(c.origin, 3), c.code)


@dataclass(frozen=True)
class CodeTitles:
    """A UNSPSC code's titles as pages show them: no model instance (a search page reads dozens, and building
    them through the ORM cost more than the search's ranking)."""

    code: str
    title_en: str
    title_zh: str

    @property
    def title(self) -> str:
        """The title in the active language (English when there is no Chinese one), as UnspscCode.title."""
        return in_active_language(self.title_en, self.title_zh)


def unspsc_titles(codes: set[str]) -> dict[str, CodeTitles]:
    """The titles of these codes, in one query (none when the taxonomy is not loaded)."""
    if not codes:
        return {}
    meta = UnspscCode._meta
    columns = [meta.get_field(name).column for name in ("code", "title_en", "title_zh")]
    sql = (
        f"SELECT {', '.join(columns)} FROM {meta.db_table} "
        f"WHERE {columns[0]} IN ({', '.join(['%s'] * len(codes))})"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, sorted(codes))
        return {code: CodeTitles(code, en, zh) for code, en, zh in cursor.fetchall()}


def category(
    c: NoticeCategory, titles: dict[str, CodeTitles], origins: dict[str, str] | None = None
) -> Category:
    """`origins`: origin_labels(), when many categories are shown (else each is looked up)."""
    found = titles.get(c.code)
    return Category(
        code=c.code,
        origin=c.origin,
        origin_label=origins.get(c.origin, c.origin) if origins is not None else str(c.get_origin_display()),
        score=c.score,
        title_en=found.title_en if found else "",
        title_zh=found.title_zh if found else "",
    )


def money(amount: Decimal | None, currency: str) -> str:
    """The amount with thousands separators and its currency ("1,250,000 GBP", "1,250.50 USD");
    cents only when there are some."""
    if amount is None:
        return ""
    places = ",.0f" if amount == amount.to_integral_value() else ",.2f"
    return f"{format(amount, places)} {currency}".strip()


# --- One notice ----------------------------------------------------------------------------------------

SHOWN_ITEMS = 50
SHOWN_AWARDS = 50
SHOWN_RELEASES = 50


@dataclass
class Deadline:
    """The deadline in the notice's own zone, when the source said which one."""

    local: datetime | None  # the deadline in the source's zone (None when the zone is unknown)
    zone: tzinfo | None
    zone_label: str  # "UTC+08:00", "Europe/Oslo", "(GMT 2.00) Kyiv"; "" when the source gave none
    day_only: bool  # the source gives the day, not the hour


@dataclass(frozen=True)
class ClassificationRow:
    scheme: str
    code: str
    description: str
    title_en: str = ""  # UNSPSC codes only, when the taxonomy is loaded
    title_zh: str = ""

    @property
    def title(self) -> str:
        return in_active_language(self.title_en, self.title_zh)


@dataclass
class ItemRow:
    item: Item
    classifications: list[ClassificationRow]


@dataclass
class AwardRow:
    award: Award
    value: str
    suppliers: list[Party]


@dataclass(frozen=True)
class Provenance:
    """Where one raw release of the notice came from."""

    release_id: str
    date: str  # as written in the release
    tags: list[str]
    position: str  # inside the file, as the reader reported it ("releases[3]", "row 12")
    file_name: str  # the file's name, without the server's folders
    file_id: int | None
    job_id: int | None
    ingested: datetime | None  # when the job that read it started


@dataclass(frozen=True)
class Publications:
    """One procurement published more than once (lib/ocds/dedupe.py): the notice shown for it, and the others.

    On the canonical notice's page `canonical` is None and `others` are its copies; on a copy's page
    `canonical` is the notice users see and `others` the rest of the group (this page's notice aside)."""

    canonical: Notice | None
    others: list[Notice]

    @property
    def any(self) -> bool:
        return self.canonical is not None or bool(self.others)


def publications(notice: Notice) -> Publications:
    """The other publications of this notice's procurement, oldest first (one query, two for a copy)."""
    head = notice.canonical if notice.canonical_id else None
    root = notice.canonical_id or notice.pk
    others = (
        Notice.objects.filter(canonical_id=root)
        .exclude(pk=notice.pk)
        .only("pk", "ocid", "title", "source", "published", "deadline", "canonical_id")
        .order_by("published", "pk")
    )
    return Publications(head, list(others))


@dataclass
class NoticeDetail:
    row: NoticeRow
    deadline: Deadline
    items: list[ItemRow]
    items_total: int
    awards: list[AwardRow]
    awards_total: int
    provenance: list[Provenance]
    provenance_total: int
    publications: Publications | None = None

    @property
    def notice(self) -> Notice:
        return self.row.notice

    def release_json(self, limit: int | None = None) -> tuple[str, bool]:
        """The compiled release, pretty-printed; cut at `limit` characters (True when it was cut)."""
        text = json.dumps(self.notice.compiled_release, indent=2, ensure_ascii=False)
        if limit is not None and len(text) > limit:
            return text[:limit], True
        return text, False


def can_exist(ocid: str) -> bool:
    """False for a text no stored OCID can be: PostgreSQL refuses NUL in a query, so asking would be a 500."""
    return "\x00" not in ocid


def get_notice(ocid: str, limit: int | None = None) -> NoticeDetail | None:
    """A notice with its items, awards and raw releases; at most `limit` of each (all when None).
    Seven queries (and a count for each list longer than `limit`)."""
    if not can_exist(ocid):
        return None
    notice = (
        Notice.objects.select_related("buyer", "canonical")
        .prefetch_related(categories_prefetch())
        .filter(ocid=ocid)
        .first()
    )
    if notice is None:
        return None
    items = notice.items.order_by("id").prefetch_related(
        Prefetch("classifications", queryset=Classification.objects.order_by("id"))
    )
    awards = notice.awards.order_by("date", "id").prefetch_related(
        Prefetch("suppliers", queryset=Party.objects.order_by("name"))
    )
    releases = RawRelease.objects.filter(ocid=ocid).select_related("file__job").defer("data")
    items, items_total = _capped(items, limit)
    awards, awards_total = _capped(awards, limit)
    releases, releases_total = _capped(releases.order_by("date", "id"), limit)
    codes = {c.code for c in notice.categories.all()}
    codes |= {_unspsc8(c) for i in items for c in i.classifications.all()} - {None}
    titles = unspsc_titles(codes)
    when = deadline(notice)
    return NoticeDetail(
        row=_row(notice, titles, when.day_only, origin_labels(), notice_type_labels()),
        deadline=when,
        items=[ItemRow(i, [_classification(c, titles) for c in i.classifications.all()]) for i in items],
        items_total=items_total,
        awards=[
            AwardRow(a, money(a.value_amount, a.value_currency), list(a.suppliers.all())) for a in awards
        ],
        awards_total=awards_total,
        provenance=[_provenance(r) for r in releases],
        provenance_total=releases_total,
        publications=publications(notice),
    )


def _unspsc8(c: Classification) -> str | None:
    return unspsc8(c.code) if c.scheme == "UNSPSC" else None


def _classification(c: Classification, titles: dict[str, CodeTitles]) -> ClassificationRow:
    found = titles.get(_unspsc8(c) or "")
    return ClassificationRow(
        scheme=c.scheme,
        code=c.code,
        description=c.description,
        title_en=found.title_en if found else "",
        title_zh=found.title_zh if found else "",
    )


def _provenance(r: RawRelease) -> Provenance:
    file, job = r.file, r.file.job if r.file else None
    return Provenance(
        release_id=r.release_id,
        date=r.date,
        tags=list(r.tags or []),
        position=r.position,
        file_name=PurePath(file.name).name if file else "",
        file_id=file.pk if file else None,
        job_id=job.pk if job else None,
        ingested=job.started if job else None,
    )


def _capped(qs: QuerySet, limit: int | None) -> tuple[list, int]:
    if limit is None:
        found = list(qs)
        return found, len(found)
    found = list(qs[: limit + 1])
    if len(found) <= limit:
        return found, len(found)
    return found[:limit], qs.count()


_GMT = re.compile(r"GMT\s*([+-]?)\s*(\d{1,2})(?:[.:](\d{1,2}))?", re.IGNORECASE)
_OFFSET = re.compile(r"([+-])(\d{2}):?(\d{2})")


def source_zone(text: str) -> tuple[tzinfo | None, str]:
    """The zone a source wrote ("+08:00", "Z", "Europe/Oslo", UNGM's "(GMT 2.00) Kyiv") and its label."""
    text = (text or "").strip()
    if not text:
        return None, ""
    if text.upper() in ("Z", "UTC", "GMT"):
        return UTC, "UTC"
    if match := _OFFSET.fullmatch(text):
        sign, hours, minutes = match.groups()
        return _fixed(sign, int(hours), int(minutes)), f"UTC{sign}{hours}:{minutes}"
    if "/" in text:
        try:
            return ZoneInfo(text), text
        except (ZoneInfoNotFoundError, ValueError):
            return None, text
    if match := _GMT.search(text):
        sign, hours, minutes = match.groups()
        return _fixed(sign or "+", int(hours), int(minutes or 0)), text
    return None, text


def _fixed(sign: str, hours: int, minutes: int) -> tzinfo | None:
    delta = timedelta(hours=hours, minutes=minutes)
    if delta >= timedelta(hours=24):
        return None
    return timezone(-delta if sign == "-" else delta)


def deadline(notice: Notice) -> Deadline:
    zone, label = source_zone(notice.deadline_timezone)
    period = (notice.compiled_release.get("tender") or {}).get("tenderPeriod") or {}
    day_only = isinstance(period, dict) and period.get("endDatePrecision") == "day"
    local = notice.deadline.astimezone(zone) if notice.deadline and zone else None
    return Deadline(local=local, zone=zone, zone_label=label, day_only=day_only)
