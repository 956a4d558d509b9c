"""The market pages: /<lang>/market/ (overview and "for my company"), /category/<code>/, /agency/<id>/,
/supplier/<key>/. Each calls the same queries function as its JSON twin (api.py); ?csv=<table> downloads one of
its tables as CSV."""

import csv

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from tenderbridge.suppliers.access import supplier_organisation
from tenderbridge.suppliers.models import SupplierProfile

from . import queries, tables, targeting
from .models import MarketBuild


def _filters(request) -> tuple[queries.Filters, str]:
    try:
        return queries.Filters.parse(request.GET), ""
    except ValueError as exc:
        return queries.Filters(), str(exc)


def _respond(request, template: str, context: dict, page_tables: list[tables.Table], status: int = 200):
    wanted = request.GET.get("csv")
    if wanted:
        for table in page_tables:
            if table.slug == wanted:
                return csv_response(table)
        raise Http404(_("This page has no table of that name."))
    context.update(tables=page_tables, build=MarketBuild.objects.order_by("-finished").first())
    return render(request, template, context, status=status)


def csv_response(table: tables.Table) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="market-{table.slug}.csv"'
    response.write("\ufeff")  # Excel opens UTF-8 (Chinese names) correctly only with the BOM
    writer = csv.writer(response)
    writer.writerow(table.columns)
    writer.writerows(table.rows)
    return response


def my_profile(user) -> SupplierProfile | None:
    organisation = supplier_organisation(user)
    if organisation is None:
        return None
    return SupplierProfile.objects.filter(organisation=organisation).first()


def overview(request):
    filters, error = _filters(request)
    page = queries.overview(filters)
    page_tables = [
        tables.agencies_table(page.agencies), tables.categories_table(page.segments),
        tables.countries_table(page.countries), tables.years_table(page.years), tables.china_table(page.years),
    ]
    context = {"page": page, "error": error, "company": None, "profile": None}
    profile = my_profile(request.user)
    if profile is not None:
        company = targeting.for_company(targeting.profile_codes(profile))
        context.update(company=company, profile=profile)
        page_tables.insert(0, tables.targets_table(company.targets))
        page_tables.insert(1, tables.suppliers_table(company.competitors, _("Competitors who win your categories")))
        page_tables[1].slug = "competitors"
    return _respond(request, "market/overview.html", context, page_tables, 400 if error else 200)


def category(request, code: str):
    filters, error = _filters(request)
    try:
        page = queries.category(code, filters)
    except ValueError as exc:
        raise Http404(str(exc)) from exc
    page_tables = [
        tables.agencies_table(page.agencies, _("Agencies that buy it")), tables.suppliers_table(page.suppliers),
        tables.sizes_table(page.sizes.buckets), tables.years_table(page.years),
    ]
    if page.families:
        page_tables.insert(1, tables.categories_table(page.families, "families", _("Spend by family"), "bar"))
    return _respond(request, "market/category.html", {"page": page, "error": error}, page_tables, 400 if error else 200)


def agency(request, buyer_id: int):
    filters, error = _filters(request)
    page = queries.agency(buyer_id, filters)
    if page is None:
        raise Http404(_("No awards from this agency are loaded."))
    page_tables = [
        tables.categories_table(page.segments, title=_("What it buys (UNSPSC segment)")),
        tables.categories_table(page.families, "families", _("What it buys (UNSPSC family)"), "bar"),
        tables.countries_table(page.countries, _("From which countries")), tables.suppliers_table(page.suppliers, _("Its main suppliers")),
        tables.years_table(page.years),
    ]
    return _respond(request, "market/agency.html", {"page": page, "error": error}, page_tables, 400 if error else 200)


def supplier(request, key: str):
    page = queries.supplier(key)
    if page is None:
        raise Http404(_("No awards to a supplier of this name are loaded."))
    page_tables = [
        tables.agencies_table(page.agencies, _("Agencies it won from")),
        tables.categories_table(page.segments, title=_("What it won (UNSPSC segment)"), chart="bar"),
        tables.years_table(page.years), tables.awards_table(page.awards),
    ]
    return _respond(request, "market/supplier.html", {"page": page}, page_tables)
