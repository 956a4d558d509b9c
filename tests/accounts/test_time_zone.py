"""Which zone dates are shown in: the profile's, else the browser's (the `tz` cookie), else the language's."""

import re

import pytest
from django.urls import reverse

from tenderbridge.accounts.middleware import COOKIE

pytestmark = pytest.mark.django_db


def footer_zone(response) -> str:
    return re.search(r'data-time-zone="([^"]*)"', response.content.decode()).group(1)


def source(response) -> str:
    return re.search(r'data-time-zone-from="([^"]*)"', response.content.decode()).group(1)


@pytest.mark.parametrize(("lang", "zone"), [("en", "UTC"), ("zh-hans", "Asia/Shanghai")])
def test_with_nothing_known_the_language_decides(client, lang, zone):
    response = client.get(f"/{lang}/")
    assert (footer_zone(response), source(response)) == (zone, "language")
    assert zone in response.content.decode().split('data-testid="footer-time-zone"')[1]


@pytest.mark.parametrize("lang", ["en", "zh-hans"])
def test_the_browser_cookie_beats_the_language_default(client, lang):
    client.cookies[COOKIE] = "America/New_York"
    response = client.get(f"/{lang}/")
    assert (footer_zone(response), source(response)) == ("America/New_York", "browser")


def test_the_saved_profile_zone_beats_the_browser_cookie(client, supplier_owner):
    supplier_owner.time_zone = "Europe/Oslo"
    supplier_owner.save()
    client.force_login(supplier_owner)
    client.cookies[COOKIE] = "America/New_York"
    response = client.get("/zh-hans/")
    assert (footer_zone(response), source(response)) == ("Europe/Oslo", "profile")


def test_a_signed_in_user_without_a_saved_zone_gets_the_browsers(client, supplier_owner):
    client.force_login(supplier_owner)
    client.cookies[COOKIE] = "Asia/Kolkata"
    assert footer_zone(client.get("/en/")) == "Asia/Kolkata"


@pytest.mark.parametrize(
    "cookie",
    ["Mars/Olympus", "../../etc/passwd", "/usr/share/zoneinfo/UTC", "", "x" * 500, "Asia/Shanghai\x00"],
)
def test_an_invalid_cookie_is_ignored_never_an_error(client, cookie):
    client.cookies[COOKIE] = cookie
    response = client.get("/zh-hans/opportunities/")
    assert response.status_code == 200
    assert (footer_zone(response), source(response)) == ("Asia/Shanghai", "language")


def test_an_invalid_saved_zone_falls_back_instead_of_failing(client, supplier_owner):
    supplier_owner.time_zone = "Not/AZone"  # written around the form, e.g. in the admin
    supplier_owner.save()
    client.force_login(supplier_owner)
    assert footer_zone(client.get("/en/")) == "UTC"


def test_the_browser_zone_is_used_for_the_dates_of_a_page(client, tmp_path):
    from tests.opportunities.packages import ingest, release

    ingest(tmp_path, release("ocds-tz-1", "Gloves"))  # deadline 2024-04-02 17:00 +08:00
    client.cookies[COOKIE] = "America/New_York"
    page = client.get("/en/opportunities/ocds-tz-1/").content.decode()
    assert 'datetime="2024-04-02T05:00:00-04:00"' in page
    assert "Deadline in your time zone (America/New_York)" in page


def test_every_page_loads_the_browser_zone_script_and_links_to_change_the_zone(client):
    page = client.get("/en/categories/").content.decode()
    assert "js/timezone.js" in page
    assert 'href="/en/accounts/time-zone/?next=/en/categories/"' in page


def test_the_footer_links_a_signed_in_user_to_the_settings(client, supplier_owner):
    client.force_login(supplier_owner)
    assert (
        f'href="{reverse("accounts:profile")}" data-testid="change-time-zone"'
        in client.get("/en/").content.decode()
    )


# --- Choosing a zone ----------------------------------------------------------------------------------


def test_an_anonymous_reader_chooses_a_zone_kept_in_the_cookie(client):
    response = client.post(
        "/en/accounts/time-zone/", {"time_zone": "Europe/Oslo", "next": "/en/opportunities/"}
    )
    assert response.status_code == 302 and response["Location"] == "/en/opportunities/"
    assert client.cookies[COOKIE].value == "Europe/Oslo"
    page = client.get("/en/accounts/time-zone/")
    assert footer_zone(page) == "Europe/Oslo"
    assert '<option value="Europe/Oslo" selected>' in page.content.decode()


def test_automatic_clears_the_choice(client):
    client.cookies[COOKIE] = "Europe/Oslo"
    client.post("/zh-hans/accounts/time-zone/", {"time_zone": ""})
    assert client.cookies[COOKIE].value == ""
    assert footer_zone(client.get("/zh-hans/")) == "Asia/Shanghai"


def test_a_signed_in_user_choosing_a_zone_saves_it_in_the_profile(client, supplier_owner):
    client.force_login(supplier_owner)
    client.post("/en/accounts/time-zone/", {"time_zone": "Asia/Shanghai"})
    supplier_owner.refresh_from_db()
    assert supplier_owner.time_zone == "Asia/Shanghai"


def test_an_unknown_zone_or_a_foreign_next_is_refused(client):
    response = client.post("/en/accounts/time-zone/", {"time_zone": "Mars/Olympus"})
    assert response.status_code == 400 and "Mars/Olympus" in response.content.decode()
    assert COOKIE not in client.cookies
    response = client.post("/en/accounts/time-zone/", {"time_zone": "UTC", "next": "https://evil.example/"})
    assert response["Location"] == "/en/accounts/time-zone/"


def test_the_profile_offers_every_zone_with_the_saved_one_selected(client, supplier_owner):
    supplier_owner.time_zone = "Asia/Shanghai"
    supplier_owner.save()
    client.force_login(supplier_owner)
    page = client.get("/zh-hans/accounts/settings/").content.decode()
    assert '<option value="Asia/Shanghai" selected>' in page
    assert '<optgroup label="Europe">' in page and '<option value="Europe/Oslo">' in page
    assert "日期现按 Asia/Shanghai 显示" in page
