"""JSON twins of the feed page and of the notice page's "suppliers that fit" section.

- `GET /api/v1/feed` — the caller's feed (a supplier organisation's token, or the browser session): the same
  tabs, filters and pages as /<lang>/feed/, from the same call (feed.feed_page).
- `POST /api/v1/feed/marks` — save, dismiss or mark a notice as bidding ({"ocid", "state"}; state "" clears).
- `GET|POST /api/v1/feed/filters`, `DELETE /api/v1/feed/filters/{id}` — saved filters.
- `GET /api/v1/fitting-suppliers/{ocid}` — buyers and programme operators: the visible supplier profiles that fit
  a notice, ranked and explained.

Each feed item carries the ranker's `explanation` (facts, lib/matching/explain.py) and `reasons` (those facts as
sentences in the request's language). Keys are additive-only within v1; errors have the one error format.
"""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.security import SessionAuth

from tenderbridge.accounts.models import Organisation
from tenderbridge.api.auth import OrganisationToken
from tenderbridge.api.errors import ApiError
from tenderbridge.api.schemas import ERRORS, ErrorOut
from tenderbridge.opportunities.api import NoticeOut, notice_out
from tenderbridge.opportunities.filters import FilterError
from tenderbridge.opportunities.models import Notice
from tenderbridge.suppliers.api import is_reader, own_profile

from . import feed as reads
from . import services
from .bidders import bidders
from .models import FILTER_NAME_MAX, SavedFilter

router = Router(tags=["feed"], auth=[OrganisationToken(), SessionAuth()])
ALL_ERRORS = {**ERRORS, 400: ErrorOut, 403: ErrorOut}


class ReasonOut(Schema):
    kind: str = Field(description="reason, or warning (a short deadline, a registration level, a restriction)")
    key: str = Field(description="The explanation entry it says: code, history_buyer, text_bm25, deadline, …")
    text: str


class FeedItemOut(Schema):
    notice: NoticeOut
    score: float | None = Field(description="Higher fits better; comparable within one feed. null: no longer in it")
    mark: str = Field(description='"", saved, bidding or dismissed')
    marked: datetime | None
    reasons: list[ReasonOut]
    explanation: dict = Field(description="The ranker's facts, one entry per signal (docs/matching.md)")


class FeedOut(Schema):
    tab: str
    total: int
    page: int
    pages: int
    pending: bool = Field(description="A ranking from the current profile is still to come")
    ranked: datetime | None
    updated: datetime | None
    counts: dict[str, int]
    items: list[FeedItemOut]


class FeedParams(Schema):
    tab: str = Field("feed", json_schema_extra={"enum": list(reads.TABS)})
    page: int = Field(1, ge=1, le=9999)
    notice_type: str = Field("", json_schema_extra={"enum": ["", *Notice.Type.values]})
    buyer_family: str = ""
    country: str = ""
    segment: str = Field("", json_schema_extra={"pattern": "^$|^(0[1-9]|[1-9][0-9])000000$"})
    family: str = Field("", json_schema_extra={"pattern": "^$|^(0[1-9]|[1-9][0-9])(0[1-9]|[1-9][0-9])0000$"})
    closing: str = Field("", json_schema_extra={"enum": ["", "7", "14", "30", "90"]})
    sme: str = Field("", json_schema_extra={"enum": ["", "yes", "no"]})
    sustainable: str = Field("", json_schema_extra={"enum": ["", "yes", "no"]})
    source: str = ""
    buyer: str = Field("", json_schema_extra={"pattern": "^$|^[1-9][0-9]{0,17}$"})


class MarkIn(Schema):
    ocid: str = Field(max_length=200)
    state: str = Field(description='saved, bidding, dismissed, or "" to clear the mark')


class MarkOut(Schema):
    ocid: str
    state: str
    changed: datetime | None


class SavedFilterIn(Schema):
    name: str = Field(max_length=FILTER_NAME_MAX * 2)
    query: str = Field("", description="The filters as a query string: notice_type=rfq&segment=42000000")


class SavedFilterOut(Schema):
    id: int
    name: str
    query: str
    feed_url: str


def _invalid(error: FilterError) -> ApiError:
    fields = [{"location": f"query.{e.field}", "message": e.message, **({"allowed": e.allowed} if e.allowed else {})}
              for e in error.errors]
    return ApiError(422, "validation_error", error.message, {"fields": fields})


@router.get("", response={200: FeedOut, **ALL_ERRORS}, summary="Your ranked, explained feed (JSON twin of /<lang>/feed/)")
def get_feed(request, params: Query[FeedParams]):
    profile = own_profile(request)
    data = {k: str(v) for k, v in params.model_dump().items() if v not in ("", None)}
    try:
        tab, page_number, filters = reads.read_tab(data), reads.read_page(data), reads.read_filters(data)
    except FilterError as error:
        raise _invalid(error) from None
    page = reads.feed_page(profile, tab, filters, page_number)
    return {
        "tab": page.tab, "total": page.total, "page": page.page, "pages": page.pages, "pending": page.pending,
        "ranked": page.state.ranked if page.state else None, "updated": page.state.updated if page.state else None,
        "counts": page.counts,
        "items": [
            {"notice": notice_out(e.row), "score": e.score, "mark": e.mark, "marked": e.marked,
             "reasons": [{"kind": r.kind, "key": r.key, "text": r.text} for r in e.reasons],
             "explanation": e.explanation}
            for e in page.entries
        ],
    }


@router.post("/marks", response={200: MarkOut, **ALL_ERRORS}, summary="Save, dismiss or mark a notice as bidding")
def post_mark(request, payload: MarkIn):
    profile = own_profile(request)
    notice = Notice.objects.filter(ocid=payload.ocid).first()
    if notice is None:
        raise ApiError(404, "not_found", _("There is no notice “%(ocid)s”.") % {"ocid": payload.ocid[:200]})
    try:
        mark = services.do_mark(profile, notice, payload.state, _user(request))
    except ValidationError as error:
        raise ApiError(422, "validation_error", " ".join(error.messages),
                       {"fields": [{"location": "body.payload.state", "message": " ".join(error.messages)}]}) from None
    return {"ocid": notice.ocid, "state": mark.state if mark else "", "changed": mark.changed if mark else None}


@router.get("/filters", response={200: list[SavedFilterOut], **ALL_ERRORS}, summary="Your saved feed filters")
def get_filters(request):
    return [_filter_out(f) for f in SavedFilter.objects.filter(profile=own_profile(request))]


@router.post("/filters", response={200: SavedFilterOut, **ALL_ERRORS},
             summary="Save feed filters under a name (the same name replaces them)")
def post_filter(request, payload: SavedFilterIn):
    profile = own_profile(request)
    try:
        reads.read_filters(QueryDict(payload.query))
        saved = services.do_save_filter(profile, payload.name, payload.query)
    except FilterError as error:
        raise _invalid(error) from None
    except ValidationError as error:
        message = " ".join(error.messages)
        raise ApiError(422, "validation_error", message, {"fields": [{"location": "body.payload", "message": message}]}) from None
    return _filter_out(saved)


@router.delete("/filters/{int:filter_id}", response={204: None, **ALL_ERRORS}, summary="Delete a saved filter")
def delete_filter(request, filter_id: int):
    if not services.do_delete_filter(own_profile(request), filter_id):
        raise ApiError(404, "not_found", _("You have no saved filter with this number."))
    return 204, None


def _filter_out(saved: SavedFilter) -> dict:
    url = reverse("matching:feed")
    return {"id": saved.pk, "name": saved.name, "query": saved.query,
            "feed_url": f"{url}?{saved.query}" if saved.query else url}


def _user(request):
    return None if isinstance(request.auth, Organisation) else request.auth


# --- for buyers ----------------------------------------------------------------------------------------------

bidders_router = Router(tags=["feed"], auth=[OrganisationToken(), SessionAuth()])


class BidderOut(Schema):
    id: int
    name: str
    country: str
    size_class: str
    women_owned: bool | None
    url: str
    api_url: str
    score: float
    reasons: list[ReasonOut]
    explanation: dict


class BiddersOut(Schema):
    ocid: str
    suppliers: list[BidderOut]


@bidders_router.get(
    "/{path:ocid}",
    response={200: BiddersOut, **ALL_ERRORS},
    summary="Buyers and operators: the visible supplier profiles that fit a notice, ranked and explained",
)
def get_bidders(request, ocid: str):
    if not is_reader(request):
        raise ApiError(403, "not_a_reader", _("Only buyers and programme operators see the suppliers that fit a notice."))
    notice = Notice.objects.filter(ocid=ocid).first()
    if notice is None:
        raise ApiError(404, "not_found", _("There is no notice “%(ocid)s”.") % {"ocid": ocid[:200]})
    out = []
    for b in bidders(notice):
        declaration = b.profile.women_owned_or_none()
        out.append({
            "id": b.profile.pk, "name": b.profile.display_name, "country": b.profile.country,
            "size_class": b.profile.size_class, "women_owned": declaration.meets_iwa34 if declaration else None,
            "url": reverse("suppliers:detail", args=[b.profile.pk]), "api_url": f"/api/v1/suppliers/{b.profile.pk}",
            "score": b.score, "reasons": [{"kind": r.kind, "key": r.key, "text": r.text} for r in b.reasons],
            "explanation": b.explanation,
        })
    return {"ocid": notice.ocid, "suppliers": out}

