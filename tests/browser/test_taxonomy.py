import re

import pytest
from playwright.sync_api import Page, expect

from tenderbridge.taxonomy.services import do_import_taxonomy

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_chinese_reader_finds_gloves_by_keyboard_on_a_phone(page: Page, live_server, real_data, artifacts):
    do_import_taxonomy(real_data)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/zh-hans/categories/")
    expect(page.get_by_test_id("segments")).to_contain_text("医疗设备")

    search_box = page.get_by_role("searchbox")
    search_box.fill("手套")
    search_box.press("Enter")
    expect(page).to_have_url(re.compile(r"/zh-hans/categories/search/\?q=%E6%89%8B%E5%A5%97"))
    results = page.get_by_test_id("results")
    expect(results).to_contain_text("防护手套")
    page.screenshot(path=artifacts / "categories-search-zh-hans-phone.png", full_page=True)

    results.get_by_role("link", name=re.compile("^防护手套|46181504")).focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/zh-hans/categories/46181504/$"))
    title = page.get_by_test_id("category-title")
    expect(title).to_contain_text("防护手套")
    expect(title).to_contain_text("Protective gloves")
    expect(page.get_by_test_id("breadcrumb")).to_contain_text("46180000")
    # Nothing sticks out sideways on a phone screen.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.screenshot(path=artifacts / "category-zh-hans-phone.png", full_page=True)
