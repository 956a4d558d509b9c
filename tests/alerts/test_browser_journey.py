"""A supplier in Chinese saves a search as an alert, receives the digest (the send task run against a real SMTP
server), opens its link, and unsubscribes with the email's link."""

import re

import pytest
from playwright.sync_api import Browser, expect

from tenderbridge.alerts import delivery
from tenderbridge.alerts.models import Alert
from tests.browser.conftest import CHROMIUM_FLAGS, chromium_path  # noqa: F401  (the launch settings)

from .conftest import NOTICES, ingest_embedded, parts

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": chromium_path(), "args": CHROMIUM_FLAGS}


@pytest.fixture(autouse=True)
def _no_network():
    yield  # Playwright talks to its driver and the live server on 127.0.0.1


def test_save_a_search_receive_the_digest_open_it_and_unsubscribe_in_chinese(browser: Browser, live_server, smtp,
                                                                            supplier_owner, settings, tmp_path):
    settings.SITE_URL = live_server.url
    page = browser.new_page(locale="zh-CN")
    page.goto(f"{live_server.url}/zh-hans/accounts/login/")
    page.get_by_label("电子邮箱").fill(supplier_owner.email)
    page.get_by_label("密码").fill("demo-tenderbridge-2026")
    page.get_by_test_id("login-submit").click()
    page.goto(f"{live_server.url}/zh-hans/opportunities/?q=gloves")
    page.get_by_test_id("save-as-alert").click()
    page.get_by_label("名称").fill("手套")
    page.get_by_label("发送频率").select_option("immediately")
    page.get_by_test_id("save-alert").click()
    expect(page.get_by_test_id("alert-row")).to_contain_text("手套")

    ingest_embedded(tmp_path, *NOTICES)  # new notices arrive; the worker's turn runs the send task
    alert = Alert.objects.get(user=supplier_owner)
    delivery.tick()
    for pk in delivery.pending_sendings(delivery.timezone.now()):
        delivery.send_sending(pk)
    [message] = smtp.messages
    text, _html = parts(message)
    assert "您的订阅提醒“手套”" in text
    link = re.search(re.escape(live_server.url) + r"/zh-hans/opportunities/ocds-gloves/", text).group(0)
    page.goto(link)
    expect(page.locator("h1")).to_contain_text("nitrile examination gloves")

    page.goto(message["List-Unsubscribe"].strip("<>"))
    page.get_by_test_id("confirm-unsubscribe").click()
    expect(page.get_by_test_id("unsubscribed")).to_contain_text("已暂停")
    alert.refresh_from_db()
    assert alert.paused
