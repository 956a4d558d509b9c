"""The API docs page draws the OpenAPI description with the site's own copy of Swagger UI: it renders offline,
and the browser asks no other host for anything (issue 14, item 6)."""

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_developer_reads_the_api_docs_with_no_request_leaving_the_site(page: Page, live_server, artifacts):
    own = urlsplit(live_server.url).netloc
    requested, failed = [], []
    page.on("request", lambda request: requested.append(request.url))
    page.on("requestfailed", lambda request: failed.append(request.url))
    page.on("response", lambda response: response.status >= 400 and failed.append(response.url))

    page.goto(f"{live_server.url}/api/v1/docs")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("TenderBridge API")
    expect(page.locator(".opblock-summary-path", has_text="/api/v1/opportunities").first).to_be_visible()
    page.wait_for_load_state("networkidle")
    page.screenshot(path=artifacts / "api-docs.png", full_page=False)

    assert failed == []
    assert [url for url in requested if urlsplit(url).netloc not in (own, "")] == []
    assert any("/static/vendor/swagger-ui/" in url for url in requested)
