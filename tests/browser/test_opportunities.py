import re
from datetime import UTC, datetime

import pytest
from playwright.sync_api import Page, expect

from tenderbridge.ingest import services

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

UNGM = "ungm-tender-notices-2024-03/ungm_notices_2024-03_scraped_with_header.csv"


@pytest.fixture
def ungm_notices(real_data, settings):
    # The day after UNGM's scrape, as the demo runs: its notices are open, and the list opens on open notices.
    settings.DEMO_NOW = datetime(2024, 3, 6, tzinfo=UTC)
    job = services.ingest([real_data / UNGM])
    assert job.files.get().notices_created > 20


def test_a_chinese_reader_filters_rfqs_and_reads_one_with_its_raw_ocds(
    page: Page, live_server, ungm_notices, artifacts
):
    page.goto(f"{live_server.url}/zh-hans/opportunities/")
    expect(page.get_by_role("heading", level=1)).to_have_text("采购机会")
    expect(page.get_by_test_id("data-as-of")).to_be_visible()
    expect(page.get_by_test_id("notice-row").first).to_be_visible()
    page.screenshot(path=artifacts / "opportunities-zh-hans.png", full_page=True)

    page.get_by_test_id("filter-notice-type").select_option("rfq")
    page.get_by_test_id("filter-submit").focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/zh-hans/opportunities/\?.*notice_type=rfq"))
    rows = page.get_by_test_id("notice-row")
    expect(rows.first).to_be_visible()
    assert rows.count() > 1
    for index in range(rows.count()):
        expect(rows.nth(index)).to_have_attribute("data-notice-type", "rfq")
    expect(page.get_by_test_id("filter-notice-type")).to_have_value("rfq")  # the form keeps its state

    title = rows.first.get_by_test_id("notice-link").inner_text()
    rows.first.get_by_test_id("notice-link").click()
    expect(page).to_have_url(re.compile(r"/zh-hans/opportunities/ungm-\d+/$"))
    expect(page.get_by_test_id("notice-title")).to_have_text(title)
    expect(page.get_by_test_id("deadline")).to_contain_text("2024年")
    release = page.get_by_test_id("compiled-release")
    expect(release.locator("pre")).to_be_hidden()
    release.locator("summary").click()
    expect(release.locator("pre")).to_contain_text('"ocid": "ungm-')
    expect(page.get_by_test_id("provenance")).to_contain_text("ungm_notices_2024-03_scraped_with_header.csv")


def test_an_english_reader_on_a_phone_opens_a_notice_by_keyboard(
    page: Page, live_server, ungm_notices, artifacts
):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/en/opportunities/?buyer_family=un")
    expect(page.get_by_role("heading", level=1)).to_have_text("Opportunities")
    expect(page.get_by_test_id("notices")).to_contain_text("Deadline")
    # Nothing sticks out sideways on a phone: the table stacks into cards.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.screenshot(path=artifacts / "opportunities-en-phone.png", full_page=True)

    link = page.get_by_test_id("notice-link").first
    link.focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/en/opportunities/ungm-\d+/$"))
    expect(page.get_by_test_id("deadline")).to_contain_text("2024")
    expect(page.get_by_test_id("deadline")).to_contain_text("only the day")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.get_by_test_id("compiled-release").locator("summary").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("compiled-release").locator("pre")).to_contain_text('"tender"')
    page.screenshot(path=artifacts / "opportunity-en-phone.png", full_page=True)


def test_the_english_list_on_a_desktop(page: Page, live_server, ungm_notices, artifacts):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/en/opportunities/")
    expect(page.get_by_test_id("notice-row").first).to_be_visible()
    expect(page.get_by_test_id("data-as-of")).to_contain_text("Data as of")
    page.screenshot(path=artifacts / "opportunities-en.png", full_page=True)
