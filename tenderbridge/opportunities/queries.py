"""Reads of the opportunity pages and their JSON twins: filters, keyset pages, one notice with its provenance.

`list_notices(filters, cursor)` is the one call behind /<lang>/opportunities/ and /api/v1/opportunities, so the
two always agree. Full-text search and facets (a later issue) plug in here: they add fields to `NoticeFilters`
and narrow `_filtered()`, while the ordering, the cursor and the page shape stay as they are.

Pages are keyset pages (published desc, id desc; notices without a publication date last): a cursor names the
last notice of a page (or the first, to go back), signed so that it cannot be forged, and a page costs the same
few queries wherever it is in the list and whatever its size.
"""

import json
import re
from dataclasses import dataclass, fields
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from decimal import Decimal
from pathlib import PurePath
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.core import signing
from django.db import connection
from django.db.models import Exists, F, Max, OuterRef, Prefetch, Q, QuerySet
from django.db.models.fields.json import KT
from django.utils import timezone as django_timezone
from django.utils.translation import get_language, gettext_lazy, pgettext_lazy
from django.utils.translation import gettext as _

from tenderbridge.ingest.models import IngestJob, RawRelease
from tenderbridge.ingest.store import unspsc8
from tenderbridge.lib import countries, sources
from tenderbridge.taxonomy.models import UnspscCode, in_active_language

from .models import Award, Classification, Item, Notice, NoticeCategory, Party

PAGE_SIZE = 25
MAX_PAGE_SIZE = 100

# What the source column holds (lib/sources module names), as readers know them.
SOURCE_LABELS = {
    "ocds": gettext_lazy("OCDS publishers"),
    "ungm": gettext_lazy("UN Global Marketplace (UNGM)"),
    "ted": gettext_lazy("Tenders Electronic Daily (TED, European Union)"),
    "asr": gettext_lazy("UN Annual Statistical Report"),
    "nato": gettext_lazy("NATO Support and Procurement Agency"),
}
STATUS_CHOICES = [("open", gettext_lazy("Open for bids")), ("closed", gettext_lazy("Closed"))]
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


def source_names() -> list[str]:
    return sources.names()


def source_label(name: str) -> str:
    return str(SOURCE_LABELS.get(name, name))


# --- Filters -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FieldError:
    field: str
    message: str
    allowed: list[str] | None = None


class FilterError(ValueError):
    """One or more filter values are not allowed; each error says which values are."""

    def __init__(self, errors: list[FieldError]):
        super().__init__(" ".join(e.message for e in errors))
        self.errors = errors

    @property
    def message(self) -> str:
        return " ".join(e.message for e in self.errors)


@dataclass(frozen=True)
class NoticeFilters:
    """What narrows the list. Empty means "any"; every value is checked by `from_querydict`."""

    source: str = ""
    notice_type: str = ""
    buyer_family: str = ""
    country: str = ""  # ISO 3166-1 alpha-2
    segment: str = ""  # UNSPSC segment, 8 digits ("42000000")
    status: str = ""  # "open": the deadline is still ahead; "closed": it has passed or is not given
    buyer: int | None = None  # Party id

    @classmethod
    def names(cls) -> list[str]:
        return [f.name for f in fields(cls)]

    @classmethod
    def from_querydict(cls, data) -> "NoticeFilters":
        """Read the filters from GET parameters (other parameters are ignored); raise FilterError."""
        values, errors = {}, []
        for name in cls.names():
            raw = str(data.get(name) or "").strip()
            if not raw:
                continue
            try:
                values[name] = _PARSERS[name](raw)
            except ValueError as error:
                errors.append(error.args[0])
        if errors:
            raise FilterError(errors)
        return cls(**values)

    def as_query(self) -> dict[str, str]:
        """The filters as GET parameters, without the empty ones (for links that keep them)."""
        return {name: str(value) for name in self.names() if (value := getattr(self, name)) not in ("", None)}

    @property
    def active(self) -> bool:
        return bool(self.as_query())


def _shown(raw: str) -> str:
    return raw if len(raw) <= 40 else raw[:40] + "…"


def _choice(name: str, raw: str, allowed: list[str], message: str) -> str:
    value = raw.lower()
    if value not in allowed:
        text = message % {"value": _shown(raw), "allowed": ", ".join(allowed)}
        raise ValueError(FieldError(name, text, allowed))
    return value


def _parse_source(raw: str) -> str:
    message = _("“%(value)s” is not a known source. Allowed values: %(allowed)s.")
    return _choice("source", raw, source_names(), message)


def _parse_notice_type(raw: str) -> str:
    message = _("“%(value)s” is not a known notice type. Allowed values: %(allowed)s.")
    return _choice("notice_type", raw, list(Notice.Type.values), message)


def _parse_buyer_family(raw: str) -> str:
    message = _("“%(value)s” is not a known buyer family. Allowed values: %(allowed)s.")
    return _choice("buyer_family", raw, list(Party.Family.values), message)


def _parse_status(raw: str) -> str:
    message = _("“%(value)s” is not a known status. Allowed values: %(allowed)s.")
    return _choice("status", raw, [value for value, _label in STATUS_CHOICES], message)


def _parse_country(raw: str) -> str:
    code = raw.upper()
    if code not in countries.codes():
        message = _(
            "“%(value)s” is not a country code. Use the two-letter ISO 3166-1 code, such as CN or GB."
        )
        raise ValueError(FieldError("country", message % {"value": _shown(raw)}))
    return code


def _parse_segment(raw: str) -> str:
    if not re.fullmatch(r"\d{2}000000", raw) or raw.startswith("00"):
        message = _(
            "“%(value)s” is not a UNSPSC segment. Use the eight-digit code of a segment, such as 42000000."
        )
        raise ValueError(FieldError("segment", message % {"value": _shown(raw)}))
    return raw


def _parse_buyer(raw: str) -> int:
    if not raw.isdigit() or not 0 < int(raw) < 2**63:
        message = _("“%(value)s” is not a buyer number. Use the number of a buyer, such as 12.")
        raise ValueError(FieldError("buyer", message % {"value": _shown(raw)}))
    return int(raw)


_PARSERS = {
    "source": _parse_source,
    "notice_type": _parse_notice_type,
    "buyer_family": _parse_buyer_family,
    "country": _parse_country,
    "segment": _parse_segment,
    "status": _parse_status,
    "buyer": _parse_buyer,
}


def _filtered(filters: NoticeFilters, now: datetime | None = None) -> QuerySet:
    qs = Notice.objects.all()
    for name in ("source", "notice_type", "buyer_family"):
        if value := getattr(filters, name):
            qs = qs.filter(**{name: value})
    if filters.buyer is not None:
        qs = qs.filter(buyer_id=filters.buyer)
    if filters.country:
        # PostgreSQL answers JSON containment from the column; SQLite has no such operator, and the
        # quoted code cannot match anything but a whole element of a list of two-letter codes.
        if connection.features.supports_json_field_contains:
            qs = qs.filter(countries__contains=[filters.country])
        else:
            qs = qs.filter(countries__icontains=f'"{filters.country}"')
    if filters.segment:
        in_segment = NoticeCategory.objects.filter(notice=OuterRef("pk"), segment=filters.segment)
        qs = qs.filter(Exists(in_segment))
    if filters.status:
        is_open = Q(deadline__gt=now or django_timezone.now())
        qs = qs.filter(is_open if filters.status == "open" else ~is_open)
    return qs


# --- Cursor --------------------------------------------------------------------------------------------

CURSOR_SALT = "tenderbridge.opportunities.cursor"


class BadCursor(ValueError):
    pass


def bad_cursor_message() -> str:
    return _(
        "This page link is not valid: its cursor was changed or does not come from TenderBridge. "
        "Start again from the first page."
    )


@dataclass(frozen=True)
class Cursor:
    """A position in the list: the notice a page ends on (forwards) or starts on (backwards)."""

    published: datetime | None
    pk: int
    backwards: bool = False

    def dumps(self) -> str:
        published = self.published.astimezone(UTC).isoformat() if self.published else None
        return signing.dumps(["b" if self.backwards else "f", published, self.pk], salt=CURSOR_SALT)

    @classmethod
    def loads(cls, token: str | None) -> "Cursor | None":
        if not token:
            return None
        try:
            direction, published, pk = signing.loads(token, salt=CURSOR_SALT)
            when = datetime.fromisoformat(published) if published is not None else None
            if direction not in ("f", "b") or not isinstance(pk, int) or (when and when.tzinfo is None):
                raise ValueError(direction)
        except (signing.BadSignature, ValueError, TypeError) as error:
            raise BadCursor(bad_cursor_message()) from error
        return cls(when, pk, direction == "b")


# Newest first; notices without a publication date come last, in both databases.
FORWARDS = [F("published").desc(nulls_last=True), F("id").desc()]
BACKWARDS = [F("published").asc(nulls_first=True), F("id").asc()]


def _after(c: Cursor) -> Q:
    if c.published is None:
        return Q(published__isnull=True, id__lt=c.pk)
    return Q(published__lt=c.published) | Q(published=c.published, id__lt=c.pk) | Q(published__isnull=True)


def _before(c: Cursor) -> Q:
    if c.published is None:
        return Q(published__isnull=False) | Q(published__isnull=True, id__gt=c.pk)
    return Q(published__gt=c.published) | Q(published=c.published, id__gt=c.pk)


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
    categories: list[Category]
    countries: list[tuple[str, str]]  # (ISO code, name in the active language)
    value: str  # "1,250,000.00 GBP", or "" when the source gave none
    deadline_day_only: bool = False  # the source gave the day of the deadline, not its time


@dataclass
class Page:
    rows: list[NoticeRow]
    next_cursor: str | None
    previous_cursor: str | None
    data_as_of: datetime | None


def list_notices(
    filters: NoticeFilters,
    cursor: Cursor | None = None,
    page_size: int = PAGE_SIZE,
    now: datetime | None = None,
) -> Page:
    """One page of notices, newest first. Four queries whatever the page size: the notices with their
    buyers, their categories, the titles of those categories, and the date of the latest import."""
    page_size = max(1, min(page_size, MAX_PAGE_SIZE))
    qs = (
        _filtered(filters, now)
        .select_related("buyer")
        .prefetch_related(_categories())
        # The list shows neither the text nor the release: they can be large, so they stay in the database.
        .defer("description", "compiled_release", "documents")
        .annotate(deadline_precision=KT("compiled_release__tender__tenderPeriod__endDatePrecision"))
    )
    if cursor is None:
        qs = qs.order_by(*FORWARDS)
    elif cursor.backwards:
        qs = qs.filter(_before(cursor)).order_by(*BACKWARDS)
    else:
        qs = qs.filter(_after(cursor)).order_by(*FORWARDS)
    notices = list(qs[: page_size + 1])
    more, notices = len(notices) > page_size, notices[:page_size]
    if cursor is not None and cursor.backwards:
        if not notices:  # gone back past the start (the list changed): show the first page
            return list_notices(filters, None, page_size, now)
        notices.reverse()
        has_next, has_previous = True, more
    else:
        has_next, has_previous = more, cursor is not None
    return Page(
        rows=_rows(notices),
        next_cursor=Cursor(notices[-1].published, notices[-1].pk).dumps() if has_next and notices else None,
        previous_cursor=(
            Cursor(notices[0].published, notices[0].pk, backwards=True).dumps()
            if has_previous and notices
            else None
        ),
        data_as_of=data_as_of(),
    )


def data_as_of() -> datetime | None:
    """When the latest successful import finished: the notices are as the sources published them then."""
    return IngestJob.objects.filter(status=IngestJob.Status.DONE).aggregate(latest=Max("finished"))["latest"]


def _categories() -> Prefetch:
    return Prefetch("categories", queryset=NoticeCategory.objects.order_by("code"))


def _rows(notices: list[Notice]) -> list[NoticeRow]:
    titles = unspsc_titles({c.code for n in notices for c in n.categories.all()})
    return [_row(n, titles, n.deadline_precision == "day") for n in notices]


def _row(notice: Notice, titles: dict[str, UnspscCode], day_only: bool) -> NoticeRow:
    lang = get_language() or "en"
    return NoticeRow(
        notice=notice,
        # Given codes first, then mapped, then predicted: the strongest evidence leads.
        categories=sorted((category(c, titles) for c in notice.categories.all()), key=_origin_rank),
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


def unspsc_titles(codes: set[str]) -> dict[str, UnspscCode]:
    """The taxonomy rows of these codes, in one query (none when the taxonomy is not loaded)."""
    if not codes:
        return {}
    return UnspscCode.objects.only("code", "title_en", "title_zh").in_bulk(sorted(codes))


def category(c: NoticeCategory, titles: dict[str, UnspscCode]) -> Category:
    found = titles.get(c.code)
    return Category(
        code=c.code,
        origin=c.origin,
        origin_label=str(c.get_origin_display()),
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
    notice = Notice.objects.select_related("buyer").prefetch_related(_categories()).filter(ocid=ocid).first()
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
        row=_row(notice, titles, when.day_only),
        deadline=when,
        items=[ItemRow(i, [_classification(c, titles) for c in i.classifications.all()]) for i in items],
        items_total=items_total,
        awards=[
            AwardRow(a, money(a.value_amount, a.value_currency), list(a.suppliers.all())) for a in awards
        ],
        awards_total=awards_total,
        provenance=[_provenance(r) for r in releases],
        provenance_total=releases_total,
    )


def _unspsc8(c: Classification) -> str | None:
    return unspsc8(c.code) if c.scheme == "UNSPSC" else None


def _classification(c: Classification, titles: dict[str, UnspscCode]) -> ClassificationRow:
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
