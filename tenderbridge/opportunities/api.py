"""JSON twins of the opportunity pages, under /api/v1/opportunities (public, read-only).

Same calls as the pages (`listing.list_notices`, `detail.notice_page`), so the words, filters, facets, order and
cursor are the same. Keys are additive-only within v1. Amounts are decimal strings ("1250000.00") with their
currency; datetimes are ISO 8601 in UTC. Titles follow the request's language (Accept-Language), falling back
to English.

Errors, in the project's one format: a filter or sort value that is not allowed, or words longer than
MAX_QUERY_CHARS (refused, not cut) -> 422 "validation_error" (`details.fields`: each parameter at fault, its
message, the allowed values or the maximum length), a cursor that was changed, made up or belongs to another search -> 400
"bad_cursor", an unknown OCID -> 404 "not_found".
"""

import json
from datetime import datetime
from typing import Literal

from django.http import HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.responses import NinjaJSONEncoder

from tenderbridge.api.errors import ApiError
from tenderbridge.api.schemas import ERRORS, ErrorOut
from tenderbridge.lib import countries, sources
from tenderbridge.lib.ocds.participation import Period
from tenderbridge.search.discover import BadCursor

from .detail import NoticePage, notice_page
from .filters import CLOSING_DAYS, KINDS, MAX_QUERY_CHARS, SORTS, STATUS_CHOICES, FilterError, Search
from .listing import MAX_PAGE_SIZE, PAGE_SIZE, Page, list_notices
from .models import Notice, Party
from .queries import NoticeDetail, NoticeRow
from .related import Related, RelatedNotice
from .summary_api import SummaryOut, summary_out
from .views import api_path

router = Router(tags=["opportunities"])

ERRORS_AND_BAD_CURSOR = {**ERRORS, 400: ErrorOut}


def _choices(values) -> dict:
    """The documented values of a filter ("" is "any"): the schema says what the view accepts (the view checks
    it again and answers 422 with the allowed values)."""
    return {"enum": ["", *values]}


def _pattern(regex: str) -> dict:
    return {"pattern": regex}


class ListParams(Schema):
    """The words, the filters (empty means any), the order and the page. Unknown parameters are ignored."""

    q: str = Field(
        "",
        description="Words in any language, matched by word and by meaning (Chinese finds English notices and "
        f"the other way round); at most {MAX_QUERY_CHARS} characters (a longer query is refused: 422)",
        json_schema_extra={"maxLength": MAX_QUERY_CHARS},
    )
    sort: str = Field(
        "",
        description="relevance (the default with words), published (newest first, the default without), "
        "deadline (open notices closing soonest, then closed ones), value (highest estimated value first, "
        "compared in US dollars)",
        json_schema_extra=_choices(SORTS),
    )
    match: str = Field(
        "",
        description="empty: the words and their meaning (notices in other languages too); words: the words only",
        json_schema_extra=_choices(["words"]),
    )
    kind: str = Field(
        "",
        description="opportunities (the default: notices of calls for bids, open by default — see `status`), "
        "awards (rows of award statistics, which report contracts awarded without the call: the UN Annual "
        "Statistical Report, NATO NSPA; and notices that only report a contract award) or all; the default is "
        "all when `source` is given",
        json_schema_extra=_choices(KINDS),
    )
    source: str = Field(
        "", description="The source that read the notice", json_schema_extra=_choices(sources.names())
    )
    notice_type: str = Field(
        "", description="The notice type", json_schema_extra=_choices(Notice.Type.values)
    )
    buyer_family: str = Field(
        "", description="The buyer family", json_schema_extra=_choices(Party.Family.values)
    )
    country: str = Field(
        "",
        description="A country of delivery, as an ISO 3166-1 alpha-2 code (CN, GB; any case)",
        json_schema_extra=_choices(sorted(countries.codes())),
    )
    segment: str = Field(
        "",
        description="A UNSPSC segment, as its 8-digit code (42000000)",
        json_schema_extra=_pattern("^$|^(0[1-9]|[1-9][0-9])000000$"),
    )
    family: str = Field(
        "",
        description="A UNSPSC family, as its 8-digit code (42130000)",
        json_schema_extra=_pattern("^$|^(0[1-9]|[1-9][0-9])(0[1-9]|[1-9][0-9])0000$"),
    )
    status: str = Field(
        "",
        description="open: the deadline is still ahead; closed: it has passed or is not given; any: both. "
        "Empty: open among the opportunities, any among the awards and all notices",
        json_schema_extra=_choices(value for value, _label in STATUS_CHOICES),
    )
    closing: str = Field(
        "",
        description="Open and closing within so many days",
        json_schema_extra=_choices(map(str, CLOSING_DAYS)),
    )
    sme: str = Field(
        "",
        description="yes: the source marks it suitable for SMEs; no: it says not",
        json_schema_extra=_choices(["yes", "no"]),
    )
    sustainable: str = Field(
        "",
        description="yes/no: the source's sustainable-procurement flag",
        json_schema_extra=_choices(["yes", "no"]),
    )
    buyer: str = Field(
        "",
        description="A buyer's id (`buyer.id` in the answers)",
        json_schema_extra=_pattern("^$|^[1-9][0-9]{0,17}$"),
    )
    cursor: str = Field("", description="`next_cursor` or `previous_cursor` of an earlier answer")
    limit: int = Field(PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description="Notices per page")


class BuyerOut(Schema):
    id: int
    name: str
    family: str
    country: str | None = Field(description="ISO 3166-1 alpha-2; null when unknown")


class CountryOut(Schema):
    code: str = Field(description="ISO 3166-1 alpha-2")
    name: str = Field(description="The country's name in the request's language")


class CategoryOut(Schema):
    code: str = Field(description="UNSPSC, 8 digits")
    title: str | None = Field(description="In the request's language; null when the taxonomy lacks the code")
    title_en: str | None
    title_zh: str | None
    origin: Literal["given", "crosswalk", "predicted"] = Field(
        description="given by the source, mapped from CPV, or predicted from the text"
    )
    score: float | None = Field(description="The prediction's confidence; null unless predicted")


class MoneyOut(Schema):
    amount: str = Field(description="A decimal string, such as 1250000.00")
    currency: str = Field(description="ISO 4217; empty when the source did not say")


class NoticeOut(Schema):
    ocid: str
    title: str
    source: str
    notice_type: str
    notice_type_label: str = Field(description="In the request's language")
    status: str | None = Field(description="The OCDS tender status as published (not recomputed)")
    buyer: BuyerOut | None
    buyer_family: str | None
    countries: list[CountryOut]
    categories: list[CategoryOut] = Field(
        description="Strongest first: given by the source, then mapped from CPV, then predicted. In lists at "
        "most 10 (see categories_total); a notice's own answer has them all"
    )
    categories_total: int = Field(description="How many UNSPSC categories the notice has in all")
    value: MoneyOut | None = Field(description="The estimated value; null when not given")
    published: datetime | None
    deadline: datetime | None = Field(description="UTC")
    deadline_timezone: str | None = Field(description="The zone or offset the source gave, as written")
    deadline_precision: Literal["day"] | None = Field(
        description='"day" when the source gave only the day (the time is then 00:00 UTC)'
    )
    url: str | None = Field(description="The original notice")
    api_url: str


class MatchOut(Schema):
    terms: list[str] = Field(description="The query's words the notice contains")
    translated_terms: list[str] = Field(
        description="Translations of the query's (Chinese) words into English, Spanish or French that the "
        "notice contains"
    )
    similarity: float | None = Field(
        description="Cosine similarity of meaning with the query, when it matched by meaning; else null"
    )
    close: bool = Field(
        description="A close match: it has the query's specific words (at least half of their weight, each word "
        "weighing by how rare it is), or its meaning is strongly similar. false: listed after the close matches, "
        "below the page's “fewer words matched” divider"
    )
    coverage: float = Field(description="The share of the query's word weight that the notice contains, 0–1")


class WordWeightOut(Schema):
    term: str = Field(description="A word of the query, as segmented")
    notices: int = Field(
        description="Notices containing its commonest rendering (the word or a translation); for a rarer word of "
        "a large index, estimated from a sample of the notices"
    )
    weight: float = Field(description="Its IDF: how specific it is (generic words such as “services” weigh little)")


class NamedCountOut(Schema):
    value: str = Field(description="A buyer's id (the `buyer` parameter) or a UNSPSC family code (`family`)")
    label: str
    count: int = Field(description="Past contract awards")


class NoCloseMatchOut(Schema):
    awards: int = Field(description="Past contract awards that closely match the words (`kind=awards`)")
    buyers: list[NamedCountOut] = Field(description="Who bought them, most awards first (at most 5)")
    categories: list[NamedCountOut] = Field(description="Their UNSPSC families, most awards first (at most 5)")
    broader_query: str | None = Field(description="The query less its most specific word; null for one word")


class NoticeListItemOut(NoticeOut):
    match: MatchOut | None = Field(description="Why it matched the words; null without words")


class FacetValueOut(Schema):
    value: str = Field(description="Pass as the facet's parameter to filter by it")
    label: str = Field(description="In the request's language")
    count: int = Field(description="Matching notices that pass the other filters")
    selected: bool


class FacetOut(Schema):
    name: str = Field(description="The filter parameter it sets")
    label: str
    values: list[FacetValueOut]


class NoticeListOut(Schema):
    items: list[NoticeListItemOut]
    next_cursor: str | None = Field(description="Pass as `cursor` for the next page; null on the last")
    previous_cursor: str | None = Field(description="Pass as `cursor` for the page before; null on the first")
    data_as_of: datetime | None = Field(description="When the latest import finished")
    total: int = Field(description="Notices matching the words and every filter")
    sort: str = Field(description="The order applied")
    terms: list[str] = Field(description="The words searched for, as segmented (stop words dropped)")
    semantic: bool = Field(description="Whether the notices were also searched by meaning")
    close_total: int = Field(
        description="Of `total`, the close matches (`match.close`), listed first; `total` without words"
    )
    words: list[WordWeightOut] = Field(description="The query's words and how specific each is")
    no_close_match: NoCloseMatchOut | None = Field(
        description="With words, when no opportunity closely matches them: what to try; else null"
    )
    facets: list[FacetOut] = Field(
        description="Counts by kind (opportunities / awards / all: the `kind` parameter; `selected` marks "
        "the kind shown, the default included), status, deadline, notice type, buyer family, UNSPSC "
        "segment (and family within a chosen segment), country, buyer, SME, "
        "sustainability and source"
    )


class DocumentOut(Schema):
    title: str
    type: str
    url: str
    language: str


class ClassificationOut(Schema):
    scheme: str
    code: str
    description: str
    title: str | None = Field(description="UNSPSC codes: the taxonomy title in the request's language")
    title_en: str | None
    title_zh: str | None


class ItemOut(Schema):
    id: str
    description: str
    quantity: str | None
    unit: str
    lot: str | None
    classifications: list[ClassificationOut]


class SupplierOut(Schema):
    id: int
    name: str
    country: str | None


class AwardOut(Schema):
    id: str
    title: str
    status: str | None
    date: datetime | None
    value: MoneyOut | None
    suppliers: list[SupplierOut]


class ContactOut(Schema):
    organisation: str = Field(description="The party's name")
    roles: list[Literal["buyer", "procuringEntity"]]
    name: str | None = Field(description="The contact point (a person or a desk); null when not given")
    email: str | None
    telephone: str | None
    fax: str | None
    url: str | None = Field(description="http(s) only")


class PeriodOut(Schema):
    start: datetime | None = Field(description="UTC")
    end: datetime | None = Field(description="UTC")


class CountdownOut(Schema):
    open: bool = Field(description="The deadline is still ahead (at `now`)")
    seconds_left: int = Field(description="Seconds until the deadline; negative once it has passed")
    text: str = Field(
        description='"Closes in 12 days 5 hours", "Closed 3 days ago", in the request\'s language'
    )
    now: datetime = Field(description="The moment it was computed at (the real time, or the site's DEMO_NOW)")
    demo_now: bool = Field(description="True when `now` is the site's fixed demonstration moment")


class PublicationsOut(Schema):
    canonical: str | None = Field(
        description="The OCID of the notice shown for this procurement; null on that notice itself"
    )
    others: list[str] = Field(description="The OCIDs of the procurement's other publications")


class NoticeDetailOut(NoticeOut):
    description: str
    language: str | None
    procurement_method: str | None
    deadline_in_source_zone: str | None = Field(
        description="The deadline as ISO 8601 in the source's zone; null when the zone is unknown"
    )
    sme_suitable: bool | None
    sustainable: bool | None
    documents: list[DocumentOut]
    items: list[ItemOut]
    awards: list[AwardOut]
    also_published_as: PublicationsOut | None = Field(
        None, description="Set when the procurement was published more than once (shown once, under `canonical`)"
    )
    contacts: list[ContactOut] = Field(description="Contact points of the buyer and procuring entity")
    submission_methods: list[str] = Field(
        description="OCDS submissionMethod codes (electronicSubmission, written, inPerson…)"
    )
    submission_method_details: str | None = Field(description="How to submit, as written (often a URL)")
    eligibility_criteria: str | None = Field(description="Who may bid, as written")
    tender_period: PeriodOut | None = Field(description="When bids are accepted; null when not given")
    enquiry_period: PeriodOut | None = Field(description="When questions are accepted; null when not given")
    countdown: CountdownOut | None = Field(description="Null when there is no deadline")
    page_url: str = Field(description="The notice's page in the request's language")
    ics_url: str | None = Field(
        description="The deadline as an iCalendar file; null when there is no deadline"
    )


class RelatedNoticeOut(Schema):
    ocid: str
    title: str
    notice_type: str
    notice_type_label: str
    buyer: BuyerOut | None
    published: datetime | None
    deadline: datetime | None = Field(description="UTC")
    deadline_precision: Literal["day"] | None
    open: bool = Field(description="The deadline is still ahead")
    api_url: str


class SharedCategoryOut(Schema):
    code: str = Field(description="The UNSPSC family or segment, 8 digits")
    level: Literal["family", "segment"]
    title: str | None
    title_en: str | None
    title_zh: str | None


class RelatedOut(Schema):
    same_buyer: list[RelatedNoticeOut] = Field(description="Open first (soonest deadline), then newest")
    same_category: list[RelatedNoticeOut] = Field(description="Open first (soonest deadline), then newest")
    category: SharedCategoryOut | None = Field(description="What `same_category` shares with the notice")


class ProvenanceOut(Schema):
    release_id: str
    date: str = Field(description="The release's date, as written")
    tags: list[str]
    file: str = Field(description="The name of the file it was read from")
    position: str = Field(description="Where in the file")
    file_id: int | None
    job_id: int | None
    ingested: datetime | None = Field(description="When the import that read it started")


class NoticeFullOut(Schema):
    notice: NoticeDetailOut
    compiled_release: dict = Field(description="The OCDS release compiled from all the notice's releases")
    provenance: list[ProvenanceOut] = Field(description="The releases it was compiled from, oldest first")
    related: RelatedOut = Field(description="A few notices of the same buyer and of the same UNSPSC category")
    summary: SummaryOut | None = Field(
        description="The notice summed up in the request's language from its data (what, buyer, where, deadline, "
        "how to take part, language): the page's 'at a glance' box"
    )


@router.get(
    "",
    response={200: NoticeListOut, **ERRORS_AND_BAD_CURSOR},
    summary="Search and filter the notices, with facets (JSON twin of /<lang>/opportunities/)",
)
def list_opportunities(request, params: Query[ListParams]):
    try:
        search = Search.from_querydict(request.GET)
    except FilterError as error:
        fields = [
            {
                "location": f"query.{e.field}",
                "message": e.message,
                **({"allowed": e.allowed} if e.allowed else {}),
                **({"max_length": e.max_length} if e.max_length else {}),
            }
            for e in error.errors
        ]
        raise ApiError(422, "validation_error", error.message, {"fields": fields}) from None
    try:
        page = list_notices(search, params.cursor, params.limit)
    except BadCursor as error:
        fields = [{"location": "query.cursor", "message": str(error)}]
        raise ApiError(400, "bad_cursor", str(error), {"fields": fields}) from None
    # Sent as it is built, not validated against NoticeListOut first: ninja's validation of a page of 25 notices
    # with their categories and facets cost 5–6 ms of a search's time (docs/search.md). The shape is still the
    # documented one — the tests validate answers against NoticeListOut, and tests/api/test_fuzz.py checks every
    # answer against the OpenAPI document.
    body = json.dumps(page_out(page, bool(search.q)), cls=NinjaJSONEncoder, ensure_ascii=False)
    return HttpResponse(body.encode(), content_type="application/json; charset=utf-8")


def page_out(page: Page, searched: bool) -> dict:
    return {
        "items": [{**notice_out(row), "match": _match(row) if searched else None} for row in page.rows],
        "next_cursor": page.next_cursor,
        "previous_cursor": page.previous_cursor,
        "data_as_of": page.data_as_of,
        "total": page.total,
        "sort": page.sort,
        "terms": page.terms,
        "semantic": page.semantic,
        "close_total": page.close_total,
        "words": [{"term": w.term, "notices": w.notices, "weight": w.weight} for w in page.words],
        "no_close_match": _no_close_match(page),
        "facets": [
            {
                "name": facet.name,
                "label": facet.label,
                "values": [
                    {"value": v.value, "label": v.label, "count": v.count, "selected": v.selected}
                    for v in facet.values
                ],
            }
            for facet in page.facets
        ],
    }


def _match(row: NoticeRow) -> dict:
    similarity = None if row.similarity is None else round(row.similarity, 4)
    return {
        "terms": list(row.matched_terms),
        "translated_terms": list(row.translated_terms),
        "similarity": similarity,
        "close": row.close,
        "coverage": row.coverage or 0.0,
    }


def _no_close_match(page: Page) -> dict | None:
    found = page.no_close_match
    if found is None:
        return None

    def named(items) -> list[dict]:
        return [{"value": i.value, "label": i.label, "count": i.count} for i in items]

    return {
        "awards": found.awards,
        "buyers": named(found.buyers),
        "categories": named(found.categories),
        "broader_query": found.broader or None,
    }


@router.get(
    "/{path:ocid}",
    response={200: NoticeFullOut, **ERRORS},
    summary="One notice with its compiled OCDS release and provenance (JSON twin of /<lang>/opportunities/<ocid>/)",
)
def opportunity_detail(request, ocid: str):
    page = notice_page(ocid)
    if page is None:
        raise ApiError(404, "not_found", _("There is no notice with the OCID %(ocid)s.") % {"ocid": ocid})
    detail = page.detail
    return {
        "notice": {**notice_detail_out(detail), **taking_part_out(page)},
        "compiled_release": detail.notice.compiled_release,
        "provenance": [
            {
                "release_id": p.release_id,
                "date": p.date,
                "tags": p.tags,
                "file": p.file_name,
                "position": p.position,
                "file_id": p.file_id,
                "job_id": p.job_id,
                "ingested": p.ingested,
            }
            for p in detail.provenance
        ],
        "related": related_out(page.related),
        "summary": summary_out(page.summary),
    }


def _money(amount, currency: str) -> dict | None:
    return None if amount is None else {"amount": str(amount), "currency": currency}


def notice_out(row: NoticeRow) -> dict:
    n = row.notice
    return {
        "ocid": n.ocid,
        "title": n.title,
        "source": n.source,
        "notice_type": n.notice_type,
        "notice_type_label": row.notice_type_label,
        "status": n.status or None,
        "buyer": _buyer(n.buyer),
        "buyer_family": n.buyer_family or None,
        "countries": [{"code": code, "name": name} for code, name in row.countries],
        "categories": [
            {
                "code": c.code,
                "title": c.title or None,
                "title_en": c.title_en or None,
                "title_zh": c.title_zh or None,
                "origin": c.origin,
                "score": c.score,
            }
            for c in row.categories
        ],
        "categories_total": row.categories_total,
        "value": _money(n.value_amount, n.value_currency),
        "published": n.published,
        "deadline": n.deadline,
        "deadline_timezone": n.deadline_timezone or None,
        "deadline_precision": "day" if row.deadline_day_only else None,
        "url": n.url or None,
        "api_url": api_path(n.ocid),
    }


def _buyer(party: Party | None) -> dict | None:
    if party is None:
        return None
    return {"id": party.pk, "name": party.name, "family": party.family, "country": party.country or None}


def notice_detail_out(detail: NoticeDetail) -> dict:
    n = detail.notice
    return {
        **notice_out(detail.row),
        "description": n.description,
        "language": n.language or None,
        "procurement_method": n.procurement_method or None,
        "deadline_in_source_zone": detail.deadline.local.isoformat() if detail.deadline.local else None,
        "sme_suitable": n.sme_suitable,
        "sustainable": n.sustainable,
        "documents": [
            {key: doc.get(key, "") for key in ("title", "type", "url", "language")} for doc in n.documents
        ],
        "items": [
            {
                "id": entry.item.ocds_id,
                "description": entry.item.description,
                "quantity": None if entry.item.quantity is None else str(entry.item.quantity),
                "unit": entry.item.unit,
                "lot": entry.item.lot_id or None,
                "classifications": [
                    {
                        "scheme": c.scheme,
                        "code": c.code,
                        "description": c.description,
                        "title": c.title or None,
                        "title_en": c.title_en or None,
                        "title_zh": c.title_zh or None,
                    }
                    for c in entry.classifications
                ],
            }
            for entry in detail.items
        ],
        "also_published_as": _publications(detail),
        "awards": [
            {
                "id": entry.award.ocds_id,
                "title": entry.award.title,
                "status": entry.award.status or None,
                "date": entry.award.date,
                "value": _money(entry.award.value_amount, entry.award.value_currency),
                "suppliers": [
                    {"id": s.pk, "name": s.name, "country": s.country or None} for s in entry.suppliers
                ],
            }
            for entry in detail.awards
        ],
    }


def _publications(detail: NoticeDetail) -> dict | None:
    """The procurement's other publications (opportunities/_also_published.html): the canonical notice's ocid
    (None on the canonical notice itself) and the other ocids of its group."""
    pub = detail.publications
    if pub is None or not pub.any:
        return None
    return {"canonical": pub.canonical.ocid if pub.canonical else None, "others": [n.ocid for n in pub.others]}


def _text(value: str) -> str | None:
    return value or None


def _period(period: Period) -> dict | None:
    return {"start": period.start, "end": period.end} if period else None


def taking_part_out(page: NoticePage) -> dict:
    """The detail's additive keys: contacts, submission, periods, countdown and links."""
    part, n, countdown = page.participation, page.detail.notice, page.countdown
    return {
        "contacts": [
            {
                "organisation": c.organisation,
                "roles": list(c.roles),
                **{key: _text(getattr(c, key)) for key in ("name", "email", "telephone", "fax", "url")},
            }
            for c in part.contacts
        ],
        "submission_methods": part.submission_methods,
        "submission_method_details": _text(part.submission_details),
        "eligibility_criteria": _text(part.eligibility),
        "tender_period": _period(part.tender_period),
        "enquiry_period": _period(part.enquiry_period),
        "countdown": None
        if countdown is None
        else {
            "open": countdown.is_open,
            "seconds_left": countdown.seconds,
            "text": countdown.text,
            "now": page.now,
            "demo_now": page.demo_now,
        },
        "page_url": reverse("opportunities:detail", args=[n.ocid]),
        "ics_url": reverse("opportunities:deadline_ics", args=[n.ocid]) if n.deadline else None,
    }


def _related_notice(r: RelatedNotice) -> dict:
    n = r.notice
    return {
        "ocid": n.ocid,
        "title": n.title,
        "notice_type": n.notice_type,
        "notice_type_label": str(n.get_notice_type_display()),
        "buyer": _buyer(n.buyer),
        "published": n.published,
        "deadline": n.deadline,
        "deadline_precision": "day" if r.deadline_day_only else None,
        "open": r.is_open,
        "api_url": api_path(n.ocid),
    }


def related_out(related: Related) -> dict:
    c = related.category
    return {
        "same_buyer": [_related_notice(r) for r in related.same_buyer],
        "same_category": [_related_notice(r) for r in related.same_category],
        "category": None
        if c is None
        else {
            "code": c.code,
            "level": c.level,
            "title": c.title or None,
            "title_en": c.title_en or None,
            "title_zh": c.title_zh or None,
        },
    }
