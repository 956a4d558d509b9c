"""The opportunity pages: the searchable list of notices and one notice with everything stored about it.

Thin on purpose: `listing` and `queries` read, these views pick the page's share of it (caps keep a page under
1 MB) and build the links that carry the words, the filters, the order and the cursor.
"""

from dataclasses import dataclass, replace
from urllib.parse import quote, urlencode

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from tenderbridge.search.discover import BadCursor
from tenderbridge.suppliers.access import is_reader

from . import ics
from .detail import notice_page
from .filters import FilterError, Search, source_label
from .forms import SearchForm
from .listing import list_notices
from .queries import PROCUREMENT_METHODS, TENDER_STATUSES

SHOWN = 50  # items, awards and raw releases listed on a notice's page; the rest are counted
DESCRIPTION_CHARS = 10_000
RELEASE_JSON_CHARS = 200_000


def api_path(ocid: str = "") -> str:
    return "/api/v1/opportunities" + (f"/{quote(ocid, safe='/')}" if ocid else "")


def notice_list(request):
    """The list. A value that is not allowed is explained beside its filter while the valid ones still list
    (400: the request was not all right); words longer than MAX_QUERY_CHARS are refused, not cut and echoed."""
    problem, cursor = None, request.GET.get("cursor")
    try:
        search = Search.from_querydict(request.GET)
    except FilterError as error:
        problem, search, cursor = error, error.search or Search(), None  # the cursor was of the refused search
        if error.query_too_long:
            context = {"form": SearchForm(search, problems=_problems(error)), "error": error.message}
            context["api_url"] = api_path()
            return render(request, "opportunities/list.html", context, status=400)
    try:
        page = list_notices(search, cursor)
    except BadCursor as error:
        context = {"form": SearchForm(Search()), "error": str(error), "api_url": api_path()}
        return render(request, "opportunities/list.html", context, status=400)
    query = search.as_query()
    tabs = kind_tabs(search, page)
    context = {
        "form": SearchForm(search, page.facets, problems=_problems(problem)),
        "search": search,
        "page": page,
        "error": problem.message if problem else "",
        "active_filters": _active_filters(search, page),
        "kind_tabs": tabs,
        "awards_hint": awards_hint(search, page, tabs),
        "no_match": no_match_links(search, page, tabs),
        "next_url": _url(query, page.next_cursor),
        "previous_url": _url(query, page.previous_cursor),
        "api_url": api_path() + (f"?{urlencode(query)}" if query else ""),
    }
    return render(request, "opportunities/list.html", context, status=400 if problem else 200)


def _problems(error: FilterError | None) -> dict[str, str]:
    """Each refused parameter's message, shown beside its field."""
    if error is None:
        return {}
    return {e.field: error.for_field(e.field) for e in error.errors}


@dataclass(frozen=True)
class NoMatchLinks:
    """The "no close match" state's links (listing.NoCloseMatch with the addresses)."""

    awards: int
    awards_url: str
    buyers: list[tuple[str, int, str]]  # (name, awards, the awards of the words by this buyer)
    categories: list[tuple[str, int, str]]  # (code and title, awards, the open notices of the category)
    broader: str
    broader_url: str
    save_url: str  # this search's own address, to keep (alerts hook in here)


def no_match_links(search: Search, page, tabs) -> NoMatchLinks | None:
    found = page.no_close_match
    if found is None:
        return None
    awards = found.awards_search
    awards_url = "?" + urlencode(awards.as_query())
    buyers = [
        (b.label, b.count, "?" + urlencode({**awards.as_query(), "buyer": b.value})) for b in found.buyers
    ]
    categories = [
        (c.label, c.count, "?" + urlencode({"segment": c.value[:2] + "000000", "family": c.value}))
        for c in found.categories
    ]
    broader = Search(found.broader, search.filters, search.sort, search.match)
    broader_url = "?" + urlencode(broader.as_query()) if found.broader else ""
    return NoMatchLinks(
        found.awards, awards_url, buyers, categories, found.broader, broader_url, "?" + urlencode(search.as_query())
    )


def _url(query: dict[str, str], cursor: str | None) -> str | None:
    if cursor is None:
        return None
    return "?" + urlencode({**query, "cursor": cursor})


def _active_filters(search: Search, page) -> list[tuple[str, str]]:
    """Each chosen filter, labelled, with the address that drops it (and keeps the rest)."""
    labels = {facet.name: facet for facet in page.facets}
    found = []
    for name, value in search.filters.as_query().items():
        if name == "kind":  # shown as the tabs
            continue
        facet = labels.get(name)
        shown = next((v.label for v in facet.values if v.value == value), value) if facet else value
        title = facet.label if facet else name
        remaining = Search(search.q, search.filters.without(name), search.sort, search.match).as_query()
        label = _("%(filter)s: %(value)s") % {"filter": title, "value": shown}
        found.append((label, "?" + urlencode(remaining) if remaining else "?"))
    return found


@dataclass(frozen=True)
class KindTab:
    value: str
    label: str
    count: int
    url: str
    current: bool

    @property
    def shown_count(self) -> str:
        return f"{self.count:,}"


def awards_hint(search: Search, page, tabs: list[KindTab]) -> KindTab | None:
    """The awards tab, when the opportunities shown are none and some past contract awards match."""
    if page.total or search.filters.effective_kind != "opportunities":
        return None
    return next((tab for tab in tabs if tab.value == "awards" and tab.count), None)


def kind_tabs(search: Search, page) -> list[KindTab]:
    """Opportunities · past contract awards · all, each with its count and the address that shows it (the
    words, the other filters and the order kept; a new first page)."""
    facet = next((f for f in page.facets if f.name == "kind"), None)
    if facet is None:
        return []
    tabs = []
    for value in facet.values:
        filters = replace(search.filters, kind=value.value)
        query = Search(search.q, filters, search.sort, search.match).as_query()
        tabs.append(KindTab(value.value, value.label, value.count, "?" + urlencode(query), value.selected))
    return tabs


def _not_found(request, ocid: str, heading: str = "", message: str = ""):
    context = {"ocid": ocid, "heading": heading, "message": message}
    return render(request, "opportunities/not_found.html", context, status=404)


def notice_detail(request, ocid: str):
    page = notice_page(ocid, limit=SHOWN)
    if page is None:
        return _not_found(request, ocid)
    detail = page.detail
    release_json, release_cut = detail.release_json(RELEASE_JSON_CHARS)
    description = detail.notice.description
    context = {
        "page": page,
        "detail": detail,
        "notice": detail.notice,
        "row": detail.row,
        "taking_part": page.participation,
        "related": page.related,
        "description": description[:DESCRIPTION_CHARS],
        "description_cut": len(description) > DESCRIPTION_CHARS,
        "release_json": release_json,
        "release_cut": release_cut,
        "api_url": api_path(ocid),
        "source_label": source_label(detail.notice.source),
        "method_label": PROCUREMENT_METHODS.get(
            detail.notice.procurement_method, detail.notice.procurement_method
        ),
        "status_label": TENDER_STATUSES.get(detail.notice.status, detail.notice.status),
        "items_more": detail.items_total - len(detail.items),
        "awards_more": detail.awards_total - len(detail.awards),
        "releases_more": detail.provenance_total - len(detail.provenance),
        "documents": detail.notice.documents[:SHOWN],
        "documents_more": max(0, len(detail.notice.documents) - SHOWN),
    }
    if is_reader(request.user):  # buyers and operators: the suppliers that fit, to widen competition
        from tenderbridge.matching.bidders import bidders  # matching reads opportunities, not the reverse

        context["bidders"] = bidders(detail.notice)
        context["bidders_api_url"] = "/api/v1/fitting-suppliers/" + quote(ocid, safe="/")
    return render(request, "opportunities/detail.html", context)


def notice_ics(request, ocid: str):
    """The deadline as an iCalendar file; 404 (an HTML page saying why) when unknown or without a deadline."""
    notice = ics.notice_for_calendar(ocid)
    if notice is None:
        return _not_found(request, ocid)
    if notice.deadline is None:
        message = _("The notice “%(ocid)s” gives no deadline, so there is no calendar file for it.")
        return _not_found(request, ocid, _("No calendar file"), message % {"ocid": ocid})
    if not ics.offered(notice):
        return _not_found(request, ocid, _("No calendar file"), ics.closed_message(ocid))
    response = HttpResponse(
        ics.deadline_calendar(notice).encode("utf-8"), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{ics.filename(ocid)}"'
    return response
