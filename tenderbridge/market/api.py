"""JSON twins of the market pages, under /api/v1/market/: the same queries functions, returned whole.

Amounts are US dollars (floats); shares are fractions 0–1, or null when the filter matched nothing (never a
division by zero). Titles and country names follow the request's language (Accept-Language).
"""

from dataclasses import asdict

from django.utils.translation import gettext as _
from ninja import Router
from ninja.security import SessionAuth

from tenderbridge.accounts.models import Organisation
from tenderbridge.api.auth import OrganisationToken
from tenderbridge.api.errors import ApiError
from tenderbridge.api.schemas import ERRORS, ErrorOut
from tenderbridge.suppliers.access import supplier_organisation
from tenderbridge.suppliers.models import SupplierProfile

from . import queries, targeting

router = Router(tags=["market"])


def _filters(request) -> queries.Filters:
    try:
        return queries.Filters.parse(request.GET)
    except ValueError as exc:
        raise ApiError(422, "bad_filter", str(exc)) from exc


def _totals(totals: queries.Totals) -> dict:
    return {**asdict(totals), "excluded": totals.excluded}


def _page(page) -> dict:
    data = asdict(page)
    data["totals"] = _totals(page.totals)
    return data


@router.get("/overview", response={200: dict, **ERRORS}, summary="Spend by agency, category, supplier country and year (JSON twin of /<lang>/market/)")
def overview(request):
    return _page(queries.overview(_filters(request)))


@router.get("/category/{code}", response={200: dict, **ERRORS}, summary="One UNSPSC segment or family: its buyers, suppliers, sizes, concentration")
def category(request, code: str):
    try:
        return _page(queries.category(code, _filters(request)))
    except ValueError as exc:
        raise ApiError(404, "not_a_category", str(exc)) from exc


@router.get("/agency/{buyer_id}", response={200: dict, **ERRORS}, summary="One buyer: what it buys, from which countries, its trend")
def agency(request, buyer_id: int):
    page = queries.agency(buyer_id, _filters(request))
    if page is None:
        raise ApiError(404, "not_found", _("No awards from this agency are loaded."))
    return _page(page)


@router.get("/supplier/{key}", response={200: dict, **ERRORS}, summary="One supplier's awards across sources and name variants")
def supplier(request, key: str):
    page = queries.supplier(key)
    if page is None:
        raise ApiError(404, "not_found", _("No awards to a supplier of this name are loaded."))
    return _page(page)


@router.get(
    "/for-my-company", response={200: dict, **ERRORS, 403: ErrorOut}, auth=[OrganisationToken(), SessionAuth()],
    summary="The agencies to target from the supplier's own profile codes, with evidence and competitors",
)
def for_my_company(request):
    if isinstance(request.auth, Organisation):
        organisation = request.auth if request.auth.kind == Organisation.Kind.SUPPLIER else None
    else:
        organisation = supplier_organisation(request.auth)
    profile = SupplierProfile.objects.filter(organisation=organisation).first() if organisation else None
    if profile is None:
        raise ApiError(403, "not_a_supplier", _("Only a supplier organisation with a profile has this list."))
    return asdict(targeting.for_company(targeting.profile_codes(profile)))
