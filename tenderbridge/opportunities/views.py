"""The opportunity pages: the list of notices and one notice with everything stored about it.

Thin on purpose: `queries` reads, these views pick the page's share of it (caps keep a page under 1 MB) and
build the links that carry the filters and the cursor.
"""

from urllib.parse import quote, urlencode

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from tenderbridge.lib import countries

from . import ics
from .detail import notice_page
from .forms import FilterForm
from .models import Party
from .queries import (
    PROCUREMENT_METHODS,
    TENDER_STATUSES,
    BadCursor,
    Cursor,
    FilterError,
    NoticeFilters,
    list_notices,
    source_label,
)

SHOWN = 50  # items, awards and raw releases listed on a notice's page; the rest are counted
DESCRIPTION_CHARS = 10_000
RELEASE_JSON_CHARS = 200_000


def api_path(ocid: str = "") -> str:
    return "/api/v1/opportunities" + (f"/{quote(ocid, safe='/')}" if ocid else "")


def notice_list(request):
    try:
        filters = NoticeFilters.from_querydict(request.GET)
        cursor = Cursor.loads(request.GET.get("cursor"))
    except (FilterError, BadCursor) as error:
        message = error.message if isinstance(error, FilterError) else str(error)
        context = {"form": FilterForm(), "error": message, "api_url": api_path()}
        return render(request, "opportunities/list.html", context, status=400)
    page = list_notices(filters, cursor)
    query = filters.as_query()
    context = {
        "form": FilterForm(initial=query),
        "filters": filters,
        "page": page,
        "extra_filters": _extra_filters(filters),
        "next_url": _url(query, page.next_cursor),
        "previous_url": _url(query, page.previous_cursor),
        "api_url": api_path() + (f"?{urlencode(query)}" if query else ""),
    }
    return render(request, "opportunities/list.html", context)


def _url(query: dict[str, str], cursor: str | None) -> str | None:
    if cursor is None:
        return None
    return "?" + urlencode({**query, "cursor": cursor})


def _extra_filters(filters: NoticeFilters) -> list[tuple[str, str]]:
    """The filters set by links rather than the selects, each with the address that drops it."""
    query = filters.as_query()
    found = []
    if filters.country:
        found.append(
            ("country", _("Country: %(name)s") % {"name": countries.name(filters.country, get_language())})
        )
    if filters.segment:
        found.append(("segment", _("UNSPSC segment %(code)s") % {"code": filters.segment}))
    if filters.buyer is not None:
        buyer = Party.objects.filter(pk=filters.buyer).values_list("name", flat=True).first()
        found.append(("buyer", _("Buyer: %(name)s") % {"name": buyer or filters.buyer}))
    return [(label, "?" + urlencode({k: v for k, v in query.items() if k != key})) for key, label in found]


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
    return render(request, "opportunities/detail.html", context)


def notice_ics(request, ocid: str):
    """The deadline as an iCalendar file; 404 (an HTML page saying why) when unknown or without a deadline."""
    notice = ics.notice_for_calendar(ocid)
    if notice is None:
        return _not_found(request, ocid)
    if notice.deadline is None:
        message = _("The notice “%(ocid)s” gives no deadline, so there is no calendar file for it.")
        return _not_found(request, ocid, _("No calendar file"), message % {"ocid": ocid})
    response = HttpResponse(
        ics.deadline_calendar(notice).encode("utf-8"), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{ics.filename(ocid)}"'
    return response
