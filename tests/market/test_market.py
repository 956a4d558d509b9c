"""The market pre-aggregation and pages: sums equal to the source's, exclusions counted, empty filters, both
languages, JSON twins, CSV, and "for my company" for the supplier's own profile only."""

import csv
import io
from collections import defaultdict

import pytest
from django.db.models import Sum

from tenderbridge.accounts import personas
from tenderbridge.lib.sources.asr import Lookups
from tenderbridge.market import queries, services
from tenderbridge.market.fx import year_rates
from tenderbridge.market.models import MarketAward, MarketBuild, MarketCell
from tenderbridge.suppliers import services as suppliers
from tests.market.conftest import ASR

pytestmark = pytest.mark.django_db


def direct_sums(real_data, rows, header) -> tuple[dict[str, float], int]:
    """Sums by agency straight from the CSV rows, once per identity (the ASR source stores identical rows once)."""
    agencies = Lookups.beside(real_data / ASR).agencies
    col = {name: header.index(name) for name in header}
    seen, sums, china = set(), defaultdict(float), 0
    for row in rows:
        agency = agencies.get(row[col["agency"]].strip(), row[col["agency"]].strip())
        amount = float(row[col["amount_usd"]])
        key = (agency, *(row[col[n]].strip() for n in ("year", "vendor_country", "vendor_name", "description")), amount)
        if key not in seen:
            seen.add(key)
            sums[agency] += amount
            china += row[col["vendor_country"]] == "China"
    return sums, china


def test_the_aggregation_equals_a_direct_sum_over_real_asr_rows(asr_slice, real_data):
    header, rows = asr_slice
    result = services.rebuild()
    expected, china_rows = direct_sums(real_data, rows, header)
    total = MarketCell.objects.aggregate(s=Sum("spend_usd"))["s"]
    assert total == pytest.approx(sum(expected.values()), rel=1e-9)
    by_agency = dict(MarketCell.objects.values_list("buyer_name").annotate(s=Sum("spend_usd")))
    assert by_agency.keys() == expected.keys()
    for agency, spend in expected.items():
        assert by_agency[agency] == pytest.approx(spend, rel=1e-9)
    assert result.lines == MarketAward.objects.count() == MarketCell.objects.aggregate(n=Sum("lines"))["n"]
    china = MarketCell.objects.filter(supplier_country="CN").aggregate(s=Sum("lines"))["s"]
    assert china == china_rows > 200
    assert MarketBuild.objects.count() == 1


def test_a_rebuild_replaces_the_previous_one_whole(market):
    lines = MarketAward.objects.count()
    services.rebuild()
    assert MarketAward.objects.count() == lines and MarketBuild.objects.count() == 2


def test_other_currencies_are_converted_and_unknown_or_missing_amounts_are_counted_but_excluded(market):
    page = queries.overview(queries.Filters())
    assert (page.totals.converted, page.totals.unknown_currency, page.totals.no_amount) == (1, 1, 1)
    gbp = MarketAward.objects.get(currency="GBP")
    assert gbp.amount_usd == pytest.approx(1_000_000 * year_rates().usd_per_unit("GBP", 2016))
    assert 1.2 < gbp.amount_usd / 1_000_000 < 1.5  # the 2016 average, about 1.36 dollars a pound
    assert MarketAward.objects.get(currency="AMD").amount_usd is None
    assert page.totals.lines == page.totals.priced + page.totals.excluded


def test_a_name_is_grouped_with_its_variants_but_placeholders_are_no_firm():
    assert services.supplier_key("ACME Trading Co., Ltd.") == services.supplier_key("Acme trading company limited")
    assert services.supplier_key("Name withheld for security reasons") == ""
    assert services.supplier_key("") == ""


def test_an_empty_filter_gives_zeros_and_no_shares_never_an_error(market, client):
    page = queries.overview(queries.Filters(year=1999))
    assert page.totals.spend_usd == 0 and page.agencies == [] and page.china.share is None
    empty = queries.category("42130000", queries.Filters(year=1999))
    assert empty.sizes.median_usd is None and empty.concentration.hhi is None and empty.concentration.top5_share is None
    response = client.get("/en/market/?year=1999")
    assert response.status_code == 200 and "No awards match these filters." in response.text
    data = client.get("/api/v1/market/category/42130000?year=1999").json()
    assert data["totals"]["spend_usd"] == 0 and data["concentration"]["hhi"] is None


def test_a_bad_filter_is_named_on_the_page_and_in_the_api(market, client):
    response = client.get("/en/market/?year=abc")
    assert response.status_code == 400 and "year=&#x27;abc&#x27; is not a year" in response.text
    api = client.get("/api/v1/market/overview?kind=food")
    assert api.status_code == 422 and api.json()["error"]["code"] == "bad_filter"
    assert client.get("/api/v1/market/category/4213").status_code == 404


@pytest.mark.parametrize("lang,words", [("en", ["Spend by agency", "United States", "UNDP"]), ("zh-hans", ["按机构的支出", "美国", "UNDP"])])
def test_the_overview_in_both_languages(market, client, lang, words):
    response = client.get(f"/{lang}/market/")
    assert response.status_code == 200
    for word in words:
        assert word in response.text
    assert "vendor/echarts/6.1.0/echarts.min.js" in response.text and "cdn" not in response.text.lower()


def test_category_agency_and_supplier_pages_in_chinese(market, client):
    category = client.get("/zh-hans/market/category/42130000/")
    assert category.status_code == 200 and "医用服装和纺织品" in category.text and "中位数" in category.text
    undp = MarketCell.objects.filter(buyer_name="UNDP").values_list("buyer_id", flat=True).first()
    agency = client.get(f"/zh-hans/market/agency/{undp}/")
    assert agency.status_code == 200 and "UNDP" in agency.text
    key = MarketAward.objects.suppliers_named().filter(buyer_id=undp).values_list("supplier_key", flat=True).first()
    supplier = client.get(f"/zh-hans/market/supplier/{key}/")
    assert supplier.status_code == 200 and "名称" in supplier.text
    assert client.get("/en/market/agency/999999/").status_code == 404
    assert client.get("/en/market/supplier/no such firm at all/").status_code == 404


def test_the_json_twins_carry_the_page_figures(market, client):
    page = queries.overview(queries.Filters())
    data = client.get("/api/v1/market/overview").json()
    assert data["totals"]["spend_usd"] == pytest.approx(page.totals.spend_usd)
    assert data["totals"]["excluded"] == 2
    assert [a["label"] for a in data["agencies"]] == [a.label for a in page.agencies]
    category = client.get("/api/v1/market/category/42000000").json()
    assert category["level"] == "segment" and category["agencies"][0]["label"] in ("UNDP", "UNICEF")
    zh = client.get("/api/v1/market/category/42000000", HTTP_ACCEPT_LANGUAGE="zh-hans").json()
    assert zh["title"] == "医疗设备、附件和用品"


def test_every_table_downloads_as_csv(market, client):
    response = client.get("/en/market/?csv=agencies")
    assert response["Content-Type"].startswith("text/csv") and "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["Agency", "Spend (USD)", "Awards", "Share of spend"]
    page = queries.overview(queries.Filters())
    assert len(rows) == 1 + len(page.agencies) and float(rows[1][1]) == pytest.approx(page.agencies[0].spend_usd, abs=0.01)
    for slug in ("segments", "countries", "years", "china"):
        assert client.get(f"/en/market/?csv={slug}").status_code == 200
    assert client.get("/zh-hans/market/category/42130000/?csv=sizes").status_code == 200
    assert client.get("/en/market/?csv=nothing").status_code == 404


@pytest.fixture
def demo_supplier(market):
    owner = personas.ensure(personas.SUPPLIER_OWNER)
    profile = suppliers.profile_for(owner.organisation)
    profile.categories.create(code="42131702")
    profile.categories.create(code="42132203")
    return owner


def test_for_my_company_ranks_agencies_by_spend_in_the_firms_families(demo_supplier, client):
    client.force_login(demo_supplier)
    data = client.get("/api/v1/market/for-my-company").json()
    assert data["level"] == "family" and [c["key"] for c in data["categories"]] == ["42130000"]
    targets = data["targets"]
    spends = {}
    for name in ("UNDP", "UNICEF"):
        spends[name] = MarketAward.objects.filter(buyer_name=name, family="42130000").aggregate(s=Sum("amount_usd"))["s"]
    expected = sorted(spends, key=spends.get, reverse=True)
    assert [t["name"] for t in targets] == expected
    assert targets[0]["spend_usd"] == pytest.approx(spends[expected[0]]) and targets[0]["median_usd"] > 0
    assert sum(t["share"] for t in targets) == pytest.approx(1.0)
    assert {t["family"] for t in targets} == {"un"} and targets[0]["family_label"] == "United Nations system"
    assert data["competitors"] and all(c["key"] for c in data["competitors"])
    page = client.get("/zh-hans/market/")
    assert 'data-testid="for-company"' in page.text and "要重点关注的机构" in page.text and "联合国系统" in page.text


def test_for_my_company_is_the_signed_in_suppliers_own(demo_supplier, client):
    assert client.get("/api/v1/market/for-my-company").status_code == 401
    assert 'data-testid="for-company"' not in client.get("/en/market/").text
    buyer = personas.ensure(personas.UN_BUYER)
    client.force_login(buyer)
    assert client.get("/api/v1/market/for-my-company").status_code == 403
    assert 'data-testid="for-company"' not in client.get("/en/market/").text


def test_the_home_pages_market_section_opens_the_market(client):
    response = client.get("/zh-hans/s/market/")
    assert response.status_code == 302 and response["Location"] == "/zh-hans/market/"
    empty = client.get("/zh-hans/market/")  # nothing built yet: the page says so instead of failing
    assert empty.status_code == 200 and "没有符合这些筛选条件的授标。" in empty.text


def test_a_suppliers_page_gathers_its_name_variants_across_sources(asr_slice, titles, client):
    from tests.market.conftest import foreign_award

    foreign_award("test-acme-1", "200000", "USD", supplier="Acme Trading Co., Ltd.")
    foreign_award("test-acme-2", "100000", "GBP", supplier="ACME TRADING LIMITED")
    services.rebuild()
    page = queries.supplier("acme trading")
    assert {row.label for row in page.names} == {"Acme Trading Co., Ltd.", "ACME TRADING LIMITED"}
    assert page.totals.lines == 2 and page.totals.converted == 1
    assert page.totals.spend_usd == pytest.approx(200_000 + 100_000 * year_rates().usd_per_unit("GBP", 2016))
    response = client.get("/en/market/supplier/acme trading/")
    assert response.status_code == 200 and "ACME TRADING LIMITED" in response.text
    data = client.get("/api/v1/market/supplier/acme trading").json()
    assert len(data["awards"]) == 2 and data["totals"]["converted"] == 1


def test_the_source_filter_keeps_one_sources_awards(market):
    asr = queries.overview(queries.Filters(source="asr"))
    everything = queries.overview(queries.Filters())
    assert asr.totals.converted == 0 and asr.totals.excluded == 0
    assert asr.totals.lines == MarketAward.objects.filter(source="asr").count() < everything.totals.lines
