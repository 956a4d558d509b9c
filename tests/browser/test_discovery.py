"""A reader searches real UNGM notices in Chinese and in English, narrows them by UNSPSC segment and deadline,
opens one and saves its deadline to a calendar (issue: discovery)."""

import re
from datetime import UTC, datetime
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import Browser, expect

from tenderbridge.ingest import services
from tenderbridge.opportunities.models import Notice
from tenderbridge.search import embedding
from tenderbridge.taxonomy import services as taxonomy_services
from tenderbridge.taxonomy import translation
from tests import ics_strict

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

UNGM = "ungm-tender-notices-2024-03/ungm_notices_2024-03_scraped_with_header.csv"
DEMO = datetime(2024, 3, 6, tzinfo=UTC)  # the day after UNGM's scrape: its notices are open
PUMPKIN = "ungm-228041"  # "acquisition of 4,200 pumpkin seeds & 6,300 oignon seeds", closes 2024-03-08
SEEDS = "ungm-228055"  # "Procurement of maize, mung bean, chickpea, teff and wheat seed", closes 2024-03-19


@pytest.fixture
def notices(real_data, settings, live_server):
    settings.DEMO_NOW = DEMO
    settings.SITE_URL = live_server.url  # the notice page links its calendar file at the site's own address
    taxonomy_services.do_import_taxonomy(real_data)
    if translation.get() is None:
        translation.build(real_data)
    services.ingest([real_data / UNGM])
    embedding.embed_notices(list(Notice.objects.values_list("pk", flat=True)))


def open_page(browser: Browser, zone: str, locale: str):
    context = browser.new_context(timezone_id=zone, locale=locale, accept_downloads=True)
    return context, context.new_page()


def search_filter_open_and_save(page, base: str, query: str, closing: str, tmp_path, artifacts, name: str):
    page.goto(f"{base}/opportunities/")
    page.get_by_test_id("search-box").fill(query)
    page.get_by_test_id("search-box").press("Enter")
    expect(page).to_have_url(re.compile(r"/opportunities/\?.*q="))
    rows = page.get_by_test_id("notice-row")
    expect(rows.first).to_be_visible()
    found = [rows.nth(i).get_attribute("data-ocid") for i in range(rows.count())]
    assert found.index(PUMPKIN) < 3, found
    expect(rows.first.get_by_test_id("why")).not_to_be_empty()

    facets = page.get_by_test_id("facets")
    if facets.get_attribute("open") is None:  # folded on a phone: the reader unfolds it
        facets.locator("summary").click()
    page.get_by_test_id("filter-segment").select_option("10000000")
    page.get_by_test_id("filter-closing").select_option(closing)
    page.get_by_test_id("filter-submit").click()
    state = parse_qs(urlparse(page.url).query)
    assert state["q"] == [query] and state["segment"] == ["10000000"] and state["closing"] == [closing]
    expect(page.get_by_test_id("filter-segment")).to_have_value("10000000")  # the form keeps its state
    expect(page.get_by_test_id("active-filters")).to_be_visible()
    # Opportunities are shown; the other kinds are a tab away, with the same words and filters.
    tabs = page.get_by_test_id("kind-tabs")
    expect(tabs.get_by_test_id("kind-opportunities")).to_have_attribute("aria-current", "page")
    kept = parse_qs(urlparse(tabs.get_by_test_id("kind-all").get_attribute("href")).query)
    assert kept["q"] == [query] and kept["segment"] == ["10000000"] and kept["kind"] == ["all"]
    page.screenshot(path=artifacts / f"discovery-{name}.png", full_page=True)
    shown = [rows.nth(i).get_attribute("data-ocid") for i in range(rows.count())]
    assert shown[0] == PUMPKIN
    for ocid in shown:  # every notice is in segment 10 and closes inside the window
        notice = Notice.objects.get(ocid=ocid)
        assert notice.categories.filter(segment="10000000").exists()
        assert 0 < (notice.deadline - DEMO).days <= int(closing)

    rows.first.get_by_test_id("notice-link").click()
    expect(page).to_have_url(re.compile(rf"/opportunities/{PUMPKIN}/$"))
    with page.expect_download() as download_info:
        page.get_by_test_id("ics-link").click()
    saved = tmp_path / f"{name}.ics"
    download_info.value.save_as(saved)
    vevent = ics_strict.parse(saved.read_bytes()).one("VEVENT")
    assert vevent.get("DTSTART") == "20240308"  # UNGM gives the day: an all-day event
    return shown, vevent


def test_a_chinese_reader_finds_english_notices_filters_them_and_saves_a_deadline(
    browser: Browser, live_server, notices, artifacts, tmp_path
):
    context, page = open_page(browser, "Asia/Shanghai", "zh-CN")
    shown, vevent = search_filter_open_and_save(
        page, f"{live_server.url}/zh-hans", "南瓜种子和洋葱种子", "14", tmp_path, artifacts, "zh-hans"
    )
    assert set(shown) == {PUMPKIN, SEEDS}  # both close within 14 days of 6 March
    assert ics_strict.unescape_text(vevent.get("SUMMARY")).startswith("截止时间：")
    expect(page.get_by_test_id("notice-title")).to_contain_text("pumpkin")
    context.close()


def test_an_english_reader_on_a_phone_finds_seeds_closing_this_week(
    browser: Browser, live_server, notices, artifacts, tmp_path
):
    context, page = open_page(browser, "Europe/London", "en-GB")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/en/opportunities/")
    expect(page.get_by_test_id("facets")).not_to_have_attribute("open", "")  # folded on a phone
    shown, vevent = search_filter_open_and_save(
        page, f"{live_server.url}/en", "seeds", "7", tmp_path, artifacts, "en-phone"
    )
    assert shown == [PUMPKIN]  # the maize seed closes on 19 March: outside the week
    assert ics_strict.unescape_text(vevent.get("SUMMARY")).startswith("Deadline: ")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    context.close()


NATO = "nato-nspa-awards-2008-2019/NATO.csv"


@pytest.fixture
def with_awards(notices, real_data):
    """The UNGM notices and NATO NSPA's real contract awards (gloves among them)."""
    services.ingest([real_data / NATO])
    embedding.embed_notices(list(Notice.objects.values_list("pk", flat=True)))


def test_a_chinese_reader_looking_for_medical_gloves_is_told_no_open_tender_fits_and_led_to_past_awards(
    browser: Browser, live_server, with_awards, artifacts
):
    context, page = open_page(browser, "Asia/Shanghai", "zh-CN")
    page.goto(f"{live_server.url}/zh-hans/opportunities/")
    page.get_by_test_id("search-box").fill("医用手套")
    page.get_by_test_id("search-box").press("Enter")
    # No UNGM tender buys gloves: the page says so, and nothing that shares only "medical" is passed off as a match.
    panel = page.get_by_test_id("no-close-match")
    expect(panel).to_be_visible()
    expect(panel).to_contain_text("没有正在招标的采购机会与“医用手套”紧密匹配")
    rows = page.get_by_test_id("notice-row")
    for index in range(rows.count()):
        expect(rows.nth(index)).to_have_attribute("data-close", "no")
    if rows.count():
        expect(page.get_by_test_id("fewer-words-divider")).to_be_visible()
    page.screenshot(path=artifacts / "discovery-gloves-zh-hans.png", full_page=True)
    # The past gloves awards, and who bought them.
    expect(panel.get_by_test_id("past-award-buyers")).to_contain_text("NATO")
    panel.get_by_test_id("past-awards").get_by_role("link").first.click()
    expect(page).to_have_url(re.compile(r"kind=awards"))
    expect(page.get_by_test_id("kind-awards")).to_have_attribute("aria-current", "page")
    first = page.get_by_test_id("notice-row").first
    expect(first).to_have_attribute("data-close", "yes")
    expect(first.get_by_test_id("why")).to_contain_text(re.compile("glove", re.IGNORECASE))  # it has the word
    page.screenshot(path=artifacts / "discovery-gloves-awards-zh-hans.png", full_page=True)
    context.close()
