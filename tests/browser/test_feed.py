"""A seed company signs up in Chinese, describes itself, picks its UNSPSC codes, and reads its ranked, explained feed
of real UNGM notices in Chinese and in English; saves one; a UN buyer then sees the company among the suppliers that
fit the notice (issue: supplier profiles and matching)."""

import re
from datetime import UTC, datetime

import pytest
from django.core.management import call_command
from playwright.sync_api import Browser, Page, expect

from tenderbridge.ingest import services
from tenderbridge.matching import notices as open_notices
from tenderbridge.matching import profiles as visible_profiles
from tenderbridge.opportunities.models import Notice
from tenderbridge.search import embedding
from tenderbridge.taxonomy import services as taxonomy_services
from tests.browser.steps import sign_up_in_chinese

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

UNGM = "ungm-tender-notices-2024-03/ungm_notices_2024-03_scraped_with_header.csv"
DEMO = datetime(2024, 3, 6, tzinfo=UTC)  # the day after UNGM's scrape: its notices are open
PUMPKIN = "ungm-228041"  # "acquisition of 4,200 pumpkin seeds & 6,300 oignon seeds"
SEEDS = "ungm-228055"  # "Procurement of maize, mung bean, chickpea, teff and wheat seed"
DESCRIPTION = (
    "安徽丰禾种业有限公司培育和生产蔬菜与谷物种子：南瓜、洋葱和甜瓜种子，以及小麦、玉米和鹰嘴豆种子，"
    "为非洲和东南亚的农业援助项目供货。"
)


@pytest.fixture
def ungm(real_data, settings):
    settings.DEMO_NOW = DEMO
    open_notices.reset()
    visible_profiles.reset()
    taxonomy_services.do_import_taxonomy(real_data)
    services.ingest([real_data / UNGM])
    embedding.embed_notices(list(Notice.objects.values_list("pk", flat=True)))
    yield
    open_notices.reset()
    visible_profiles.reset()


def run_the_worker() -> None:
    """What `manage.py db_worker` does beside the site: the feed is ranked in the background."""
    call_command("db_worker", "--batch", "--no-reload", "--no-startup-delay", "--interval", "0")


def sign_up_and_describe(page: Page, base: str) -> None:
    sign_up_in_chinese(page, base, "安徽丰禾种业有限公司", "周敏", "zhou.min@fenghe-seeds.example", "nan-gua-zhong-zi-2011")

    page.goto(f"{base}/zh-hans/company/edit/")
    page.get_by_label("企业简介").fill(DESCRIPTION)
    page.get_by_test_id("save").click()
    expect(page.get_by_role("status")).to_contain_text("企业资料已保存")

    page.goto(f"{base}/zh-hans/company/products/")
    page.get_by_role("searchbox").fill("南瓜")
    page.get_by_test_id("code-search-submit").click()
    page.get_by_test_id("pick-10151529").click()
    expect(page.get_by_test_id("chosen-codes")).to_contain_text("南瓜种子")


def test_a_seed_company_reads_its_feed_in_chinese_and_english_and_a_buyer_finds_it(
    browser: Browser, live_server, ungm, un_buyer, artifacts
):
    context = browser.new_context(timezone_id="Asia/Shanghai", locale="zh-CN")
    page = context.new_page()
    base = live_server.url
    sign_up_and_describe(page, base)

    # "My feed" in the main navigation; the ranking runs in the background, and the page says so meanwhile.
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="我的匹配机会").click()
    expect(page).to_have_url(re.compile(r"/zh-hans/feed/$"))
    expect(page.get_by_test_id("feed-pending")).to_be_visible()
    run_the_worker()
    page.reload()
    expect(page.get_by_test_id("feed-state")).to_be_visible()

    items = page.get_by_test_id("feed-item")
    expect(items.first).to_be_visible()
    ranked = [items.nth(i).get_attribute("data-ocid") for i in range(min(items.count(), 3))]
    assert PUMPKIN in ranked and SEEDS in ranked, ranked
    pumpkin = page.locator(f'[data-ocid="{PUMPKIN}"]')
    expect(pumpkin.get_by_test_id("reasons")).to_contain_text("南瓜种子和苗")  # the code, titled in Chinese
    expect(pumpkin.get_by_test_id("reasons")).to_contain_text("2 天后截止（2024年3月8日）")  # UNGM gives the day
    page.screenshot(path=artifacts / "feed-zh-hans.png", full_page=True)

    # Saving a notice moves it to "Saved" too; the English page gives the same feed with English reasons.
    pumpkin.get_by_test_id("mark-saved").click()
    expect(page.get_by_role("status").first).to_contain_text("已收藏")
    page.get_by_test_id("tab-saved").click()
    expect(page.get_by_test_id("feed-item")).to_have_count(1)
    page.get_by_test_id("lang-en").click()
    expect(page).to_have_url(re.compile(r"/en/feed/\?tab=saved$"))
    saved = page.locator(f'[data-ocid="{PUMPKIN}"]')
    expect(saved.get_by_test_id("mark-state")).to_have_text("Saved")
    expect(saved.get_by_test_id("reasons")).to_contain_text("Pumpkin seeds or seedlings")
    page.get_by_test_id("tab-feed").click()
    expect(page.get_by_test_id("feed-item").first).to_be_visible()
    page.screenshot(path=artifacts / "feed-en.png", full_page=True)

    # The company shows its profile to buyers.
    page.goto(f"{base}/en/company/")
    page.get_by_test_id("visibility").get_by_role("checkbox").check()
    page.get_by_test_id("visibility-save").click()
    context.close()

    buyer = browser.new_context(timezone_id="Europe/Copenhagen", locale="en-GB").new_page()
    buyer.goto(f"{base}/en/accounts/login/")
    buyer.get_by_label("Email").fill("buyer@unicef.local")
    buyer.get_by_label("Password").fill("demo-tenderbridge-2026")
    buyer.get_by_test_id("login-submit").click()
    buyer.goto(f"{base}/en/opportunities/{PUMPKIN}/")
    bidders = buyer.get_by_test_id("bidders")
    expect(bidders).to_contain_text("Suppliers that fit this notice")
    expect(bidders.get_by_test_id("bidder").first).to_contain_text("安徽丰禾种业有限公司")
    expect(bidders.get_by_test_id("bidder").first).to_contain_text("one of the supplier's categories")
    buyer.screenshot(path=artifacts / "notice-bidders-en.png", full_page=True)


UN_SOLAR = "ungm-228090"  # UNOPS: supply, installation … of a solar PV system (UNSPSC 26131507)
LED_SOLAR = (
    "常州明光照明科技有限公司专业生产LED路灯、LED投光灯、太阳能路灯、光伏组件（太阳能电池板）和离网光伏发电系统，"
    "产品出口东南亚和非洲。我们希望参与联合国和开发银行的采购项目。"
)


def test_a_new_supplier_with_only_a_chinese_description_reads_a_ranked_feed_and_takes_a_suggested_code(
    browser: Browser, live_server, ungm, artifacts
):
    context = browser.new_context(timezone_id="Asia/Shanghai", locale="zh-CN")
    page = context.new_page()
    base = live_server.url
    sign_up_in_chinese(page, base, "常州明光照明科技有限公司", "王丽", "wang.li@mingguang-led.example", "guang-fu-lu-deng-2015")
    page.goto(f"{base}/zh-hans/company/edit/")
    page.get_by_label("企业简介").fill(LED_SOLAR)
    page.get_by_test_id("save").click()
    expect(page.get_by_role("status")).to_contain_text("企业资料已保存")

    # No codes, no contracts: the description alone ranks the feed, with reasons that say what matched.
    page.goto(f"{base}/zh-hans/feed/")
    run_the_worker()
    page.reload()
    items = page.get_by_test_id("feed-item")
    expect(items.first).to_be_visible()
    assert items.first.get_attribute("data-ocid") == UN_SOLAR
    reasons = items.first.get_by_test_id("reasons")
    expect(reasons).to_contain_text("26131507")
    expect(reasons).to_contain_text("光伏组件")  # the description's own words
    said = " ".join(page.get_by_test_id("reasons").all_inner_texts()).lower()
    assert not any(noise in said for noise in ("有限公司", "ltd", "make", "delivered")), said
    page.screenshot(path=artifacts / "feed-description-only-zh-hans.png", full_page=True)

    # The products page suggests codes from the same description; one click takes one.
    page.goto(f"{base}/zh-hans/company/products/")
    suggested = page.get_by_test_id("suggested-codes")
    expect(suggested).to_contain_text("根据您的企业简介推荐")
    expect(suggested).to_contain_text("Solar power equipment")  # first: 光伏组件、太阳能电池板 named it
    expect(suggested).to_contain_text("室外照明和支架")
    page.get_by_test_id("suggest-26131900").click()
    expect(page.get_by_test_id("chosen-codes")).to_contain_text("26131900")
    expect(page.get_by_test_id("suggest-26131900")).to_have_count(0)
    page.screenshot(path=artifacts / "products-suggested-zh-hans.png", full_page=True)

    # The category picker finds the product words a supplier types.
    page.get_by_role("searchbox").fill("光伏")
    page.get_by_test_id("code-search-submit").click()
    expect(page.get_by_test_id("code-results")).to_contain_text("26131900")
    expect(page.get_by_test_id("synonyms")).to_contain_text("photovoltaic")
    context.close()
