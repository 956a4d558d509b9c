"""The demo supplier opens 市场 in Chinese, sees the agencies that buy its products with a chart, and opens one
agency and one competitor (issue 19, item 8). Real UN ASR rows (a slice), rebuilt into the market tables."""

import pytest
from playwright.sync_api import Page, expect

from tenderbridge.accounts import personas
from tenderbridge.suppliers import services as suppliers
from tests.market.conftest import asr_slice, market, titles  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_supplier(market):  # noqa: F811
    owner = personas.ensure(personas.SUPPLIER_OWNER)
    profile = suppliers.profile_for(owner.organisation)
    profile.categories.create(code="42131702")
    return owner


def test_the_demo_supplier_finds_who_buys_its_products_in_chinese(demo_supplier, live_server, page: Page, artifacts):
    page.set_viewport_size({"width": 390, "height": 844})  # a phone
    page.goto(f"{live_server.url}/zh-hans/accounts/login/")
    page.fill("#id_username", personas.SUPPLIER_OWNER.email)
    page.fill("#id_password", personas.DEMO_PASSWORD)
    page.click("[data-testid=login-submit]")
    page.locator("nav.main-nav").get_by_role("link", name="市场", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("市场")
    company = page.get_by_test_id("for-company")
    expect(company).to_contain_text("采购您产品的机构")
    expect(company).to_contain_text("医用服装和纺织品")
    targets = page.locator("#t-targets")
    expect(targets.locator(".market-chart svg")).to_be_visible()  # ECharts drew the bars
    expect(page.get_by_test_id("table-targets")).to_contain_text("UNDP")
    page.screenshot(path=str(artifacts / "market-zh-overview.png"), full_page=False)
    targets.screenshot(path=str(artifacts / "market-zh-targets.png"))

    first_agency = page.get_by_test_id("table-targets").locator("tbody a").first
    name = first_agency.inner_text()
    first_agency.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    expect(page.locator("#t-segments .market-chart svg")).to_be_visible()
    expect(page.get_by_role("heading", name="它采购什么（UNSPSC 大类）")).to_be_visible()
    page.screenshot(path=str(artifacts / "market-zh-agency.png"), full_page=False)

    page.go_back()
    competitor = page.get_by_test_id("table-competitors").locator("tbody a").first
    firm = competitor.inner_text()
    competitor.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(firm)
    expect(page.get_by_test_id("name-variants")).to_contain_text(firm)
    expect(page.get_by_role("heading", name="它中标的采购机构")).to_be_visible()
    page.screenshot(path=str(artifacts / "market-zh-competitor.png"), full_page=False)
