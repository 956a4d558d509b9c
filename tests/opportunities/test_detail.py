"""One notice's page and JSON twin beyond the stored columns: how to take part, the countdown, the .ics
file, related notices; unknown OCIDs; the page size on the biggest real release."""

import re
from datetime import UTC, datetime
from html import unescape

import pytest

from tenderbridge.opportunities.detail import notice_page
from tenderbridge.opportunities.models import Notice
from tenderbridge.opportunities.related import related_notices
from tests import ics_strict
from tests.api.test_api import assert_error

from .packages import BUYER, ingest, item, release

pytestmark = pytest.mark.django_db

DEMO = datetime(2024, 3, 6, 12, 0, tzinfo=UTC)
CONTACT_BUYER = {
    **BUYER,
    "contactPoint": {
        "name": "Procurement desk",
        "email": "supply@unicef.org",
        "telephone": "+45 45 33 55 00",
        "url": "https://www.unicef.org/supply",
    },
}


def text(response) -> str:
    return unescape(re.sub(r"\s+", " ", response.content.decode()))


def with_contacts(r: dict) -> dict:
    r["parties"] = [CONTACT_BUYER]
    return r


@pytest.fixture
def demo_now(settings):
    settings.DEMO_NOW = DEMO
    settings.SITE_URL = "https://tenders.example.org"
    return DEMO


@pytest.fixture
def full(tmp_path, gloves_titles):
    r = with_contacts(
        release(
            "ocds-d-full",
            "Gloves, masks; and gowns",
            "2024-03-05T08:00:00Z",
            # 2024-04-02 17:00 at +08:00 = 09:00 UTC: 26 days 21 hours after DEMO.
            submissionMethod=["electronicSubmission"],
            submissionMethodDetails="https://etendering.example.org/t/12",
            eligibilityCriteria="Registered on UNGM at Level 1.\nISO 13485 certificate.",
            tenderPeriod={"startDate": "2024-03-05T09:00:00Z", "endDate": "2024-04-02T17:00:00+08:00"},
            enquiryPeriod={"endDate": "2024-03-20T10:00:00Z"},
            documents=[
                {"id": "1", "title": "Bidding document", "url": "https://example.org/bd.pdf"},
                {"id": "2", "title": "Trap", "url": "javascript:alert(1)"},
            ],
        )
    )
    ingest(tmp_path, r)
    return Notice.objects.get(ocid="ocds-d-full")


# --- How to take part ---------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "zh-hans"])
def test_the_page_shows_contacts_submission_and_periods_in_both_languages(client, full, demo_now, lang):
    response = client.get(f"/{lang}/opportunities/ocds-d-full/")
    page = text(response)
    assert response.status_code == 200
    for expected in [
        "Procurement desk",
        'href="mailto:supply@unicef.org"',
        'href="tel:+4545335500"',
        'href="https://www.unicef.org/supply"',
        'href="https://etendering.example.org/t/12"',
        "ISO 13485 certificate.",
        'data-testid="tender-start"',
        'data-testid="enquiry-end"',
    ]:
        assert expected in page, expected
    if lang == "en":
        assert "How to take part" in page and "Electronic submission" in page and "Who may bid" in page
        # Asia/Shanghai is the Chinese default; English readers without a zone see UTC.
        assert 'datetime="2024-03-20T10:00:00+00:00"' in page
    else:
        assert "如何参与" in page and "电子投标" in page and "投标资格" in page and "采购方" in page
        assert 'datetime="2024-03-20T18:00:00+08:00"' in page  # the enquiry deadline in Shanghai


def test_only_what_the_source_gave_is_shown(client, tmp_path):
    ingest(tmp_path, release("ocds-d-bare", "Bare", tenderPeriod=None))
    page = text(client.get("/en/opportunities/ocds-d-bare/"))
    assert 'data-testid="taking-part"' not in page and "Contacts" not in page
    assert "says nothing about how to take part" in page  # the summary says so, rather than leaving it out
    assert "The notice gives no deadline." in page and 'data-testid="ics-link"' not in page


def test_a_document_link_that_is_not_a_web_address_is_shown_but_never_linked(client, full):
    raw = client.get("/en/opportunities/ocds-d-full/").content.decode()
    assert 'href="https://example.org/bd.pdf"' in raw
    assert "javascript:alert(1)" in raw and 'href="javascript:' not in raw


def test_the_api_gives_the_same_contacts_submission_and_countdown(client, full, demo_now):
    notice = client.get("/api/v1/opportunities/ocds-d-full", headers={"Accept-Language": "zh-hans"}).json()[
        "notice"
    ]
    assert notice["contacts"] == [
        {
            "organisation": "UNICEF Supply Division",
            "roles": ["buyer"],
            "name": "Procurement desk",
            "email": "supply@unicef.org",
            "telephone": "+45 45 33 55 00",
            "fax": None,
            "url": "https://www.unicef.org/supply",
        }
    ]
    assert notice["submission_methods"] == ["electronicSubmission"]
    assert notice["submission_method_details"] == "https://etendering.example.org/t/12"
    assert notice["eligibility_criteria"].startswith("Registered on UNGM")
    assert notice["tender_period"] == {"start": "2024-03-05T09:00:00Z", "end": "2024-04-02T09:00:00Z"}
    assert notice["enquiry_period"] == {"start": None, "end": "2024-03-20T10:00:00Z"}
    assert notice["countdown"] == {
        "open": True,
        "seconds_left": 26 * 86400 + 21 * 3600,
        "text": "26 天 21 小时后截止",
        "now": "2024-03-06T12:00:00Z",
        "demo_now": True,
    }
    assert notice["page_url"] == "/zh-hans/opportunities/ocds-d-full/"
    assert notice["ics_url"] == "/zh-hans/opportunities/ocds-d-full/deadline.ics"


# --- The countdown ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "expected", "note"),
    [
        ("en", "Closes in 26 days 21 hours", "the demonstration date"),
        ("zh-hans", "26 天 21 小时后截止", "演示时间"),
    ],
)
def test_the_countdown_is_on_the_page_without_javascript(client, full, demo_now, lang, expected, note):
    page = text(client.get(f"/{lang}/opportunities/ocds-d-full/"))
    assert re.search(r'data-testid="countdown">\s*' + expected, page)
    assert 'data-testid="demo-now"' in page and note in page


def test_without_demo_now_the_countdown_uses_the_real_time(client, full, settings):
    settings.DEMO_NOW = None
    page = text(client.get("/en/opportunities/ocds-d-full/"))
    days = (datetime.now(UTC) - datetime(2024, 4, 2, 9, tzinfo=UTC)).days
    assert f"Closed {days} days ago" in page and 'data-testid="demo-now"' not in page


# --- The calendar file --------------------------------------------------------------------------------


@pytest.mark.parametrize(("lang", "summary"), [("en", "Deadline: "), ("zh-hans", "截止时间：")])
def test_the_deadline_downloads_as_a_strict_icalendar_file(client, full, demo_now, lang, summary):
    response = client.get(f"/{lang}/opportunities/ocds-d-full/deadline.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="deadline-ocds-d-full.ics"'
    vevent = ics_strict.parse(response.content).one("VEVENT")
    assert ics_strict.unescape_text(vevent.get("SUMMARY")) == summary + "Gloves, masks; and gowns"
    assert vevent.get("DTSTART") == "20240402T090000Z"
    assert vevent.get("UID") == "ocds-d-full.deadline@tenders.example.org"
    description = ics_strict.unescape_text(vevent.get("DESCRIPTION"))
    assert "UNICEF Supply Division" in description
    assert f"https://tenders.example.org/{lang}/opportunities/ocds-d-full/" in description
    assert "UTC+08:00" in description and "17:00" in description  # the deadline in the notice's own zone
    assert vevent.get("URL") == f"https://tenders.example.org/{lang}/opportunities/ocds-d-full/"
    assert vevent.one("VALARM").get("TRIGGER") == "-P1D"
    again = ics_strict.parse(client.get(f"/{lang}/opportunities/ocds-d-full/deadline.ics").content)
    assert again.one("VEVENT").get("UID") == vevent.get("UID")  # a second download updates, never adds


def test_a_day_only_deadline_downloads_as_an_all_day_event(client, tmp_path, demo_now):
    ingest(
        tmp_path,
        release(
            "ungm-1",
            "Cold chain",
            tenderPeriod={"endDate": "2024-03-18T00:00:00Z", "endDatePrecision": "day"},
        ),
    )
    vevent = ics_strict.parse(client.get("/en/opportunities/ungm-1/deadline.ics").content).one("VEVENT")
    assert (vevent.get("DTSTART"), vevent.params("DTSTART"), vevent.get("DTEND")) == (
        "20240318",
        {"VALUE": "DATE"},
        "20240319",
    )
    assert "only the day" in ics_strict.unescape_text(vevent.get("DESCRIPTION"))


def test_an_ocid_with_slashes_has_its_calendar_file(client, tmp_path, demo_now, settings):
    settings.SITE_URL = "https://tenders.example.org"
    ingest(tmp_path, release("ocds-34a6hz-01044-060931/001/USW", "Canadian lab supplies"))
    page = client.get("/en/opportunities/ocds-34a6hz-01044-060931/001/USW/").content.decode()
    # At the site's own address (SITE_URL), never the address the page happened to be read at.
    assert 'href="https://tenders.example.org/en/opportunities/ocds-34a6hz-01044-060931/001/USW/deadline.ics"' in page
    response = client.get("/en/opportunities/ocds-34a6hz-01044-060931/001/USW/deadline.ics")
    assert response.status_code == 200
    assert 'filename="deadline-ocds-34a6hz-01044-060931-001-USW.ics"' in response["Content-Disposition"]
    ics_strict.parse(response.content)


# --- Unknown notices ----------------------------------------------------------------------------------


# "%00": a NUL byte, which PostgreSQL refuses in any query (it was a 500 there before can_exist).
@pytest.mark.parametrize("ocid", ["ocds-none", "a/b/c", "%E4%B8%AD", "x" * 300, "nul%00byte"])
def test_an_unknown_ocid_is_a_clear_404_on_the_page_the_api_and_the_calendar(client, ocid):
    for url in (f"/en/opportunities/{ocid}/", f"/zh-hans/opportunities/{ocid}/deadline.ics"):
        response = client.get(url)
        assert response.status_code == 404 and 'data-testid="not-found"' in response.content.decode()
    error = assert_error(client.get(f"/api/v1/opportunities/{ocid}"), 404, "not_found")
    assert "OCID" in error["message"]


def test_a_closed_notice_offers_no_calendar_file(client, tmp_path, settings):
    settings.DEMO_NOW = None  # the real time: the test release's 2024 deadline has passed
    ingest(tmp_path, release("ocds-d-closed", "Closed gloves"))
    page = client.get("/en/opportunities/ocds-d-closed/").content.decode()
    assert 'data-testid="ics-link"' not in page
    response = client.get("/en/opportunities/ocds-d-closed/deadline.ics")
    assert response.status_code == 404 and "is closed" in text(response)


def test_a_notice_without_deadline_has_no_calendar_file(client, tmp_path):
    ingest(tmp_path, release("ocds-d-open-ended", "Framework", tenderPeriod=None))
    response = client.get("/zh-hans/opportunities/ocds-d-open-ended/deadline.ics")
    assert response.status_code == 404
    assert "没有日历文件" in text(response) and "ocds-d-open-ended" in text(response)


# --- Related notices ----------------------------------------------------------------------------------


@pytest.fixture
def family(tmp_path, gloves_titles):
    """Five UNICEF notices (gloves, UNSPSC 42132203), two of them open at DEMO, and one laptop tender of
    another buyer in another segment."""
    deadlines = [
        "2024-03-01T00:00:00Z",
        "2024-05-01T00:00:00Z",
        "2024-03-10T00:00:00Z",
        None,
        "2024-02-01T00:00:00Z",
    ]
    releases = [
        release(
            f"ocds-r-{n}",
            f"Gloves {n}",
            f"2024-0{n + 1}-01T00:00:00Z",
            tenderPeriod={"endDate": d} if d else None,
        )
        for n, d in enumerate(deadlines)
    ]
    laptops = release("ocds-r-laptops", "Laptops", items=[item("43211503")])
    laptops["parties"] = [{"id": "B9", "name": "UNDP", "roles": ["buyer"]}]
    laptops["buyer"] = {"id": "B9", "name": "UNDP"}
    ingest(tmp_path, *releases, laptops)


def test_related_notices_are_open_first_then_newest_and_never_the_notice_itself(family, demo_now):
    notice = Notice.objects.prefetch_related("categories").get(ocid="ocds-r-0")
    related = related_notices(notice, limit=3)
    # Open at DEMO: r-2 (closes 10 March) before r-1 (1 May); then the newest of the rest: r-4 (published May).
    assert [r.notice.ocid for r in related.same_buyer] == ["ocds-r-2", "ocds-r-1", "ocds-r-4"]
    assert [r.is_open for r in related.same_buyer] == [True, True, False]
    assert [r.notice.ocid for r in related.same_category] == ["ocds-r-2", "ocds-r-1", "ocds-r-4"]
    assert (related.category.code, related.category.level) == ("42130000", "family")  # 4 others: enough
    # With five asked for, the family's four others are too few: the segment is used.
    assert related_notices(notice).category.level == "segment"
    all_of_them = related_notices(notice, limit=10)
    assert {r.notice.ocid for r in all_of_them.same_buyer} == {f"ocds-r-{n}" for n in range(1, 5)}


def test_related_notices_are_on_the_page_and_in_the_api(client, family, demo_now):
    page = text(client.get("/zh-hans/opportunities/ocds-r-0/"))
    assert "相关公告" in page and "UNICEF Supply Division 的其他公告" in page and "同一 UNSPSC 大类" in page
    links = re.findall(r'href="(/zh-hans/opportunities/ocds-r-\d)/" data-testid="related-link"', page)
    assert links[:2] == ["/zh-hans/opportunities/ocds-r-2", "/zh-hans/opportunities/ocds-r-1"]
    assert "ocds-r-laptops" not in page
    related = client.get("/api/v1/opportunities/ocds-r-0").json()["related"]
    assert [r["ocid"] for r in related["same_buyer"]][:2] == ["ocds-r-2", "ocds-r-1"]
    assert (
        related["same_buyer"][0]["open"] is True
        and related["same_buyer"][0]["buyer"]["name"] == BUYER["name"]
    )
    assert related["category"] == {
        "code": "42000000",
        "level": "segment",
        "title": "Medical Equipment and Accessories and Supplies",
        "title_en": "Medical Equipment and Accessories and Supplies",
        "title_zh": "医疗设备和附件和用品",
    }


def test_a_notice_without_buyer_or_category_has_no_related_notices(client, tmp_path):
    r = release("ocds-r-alone", "Alone", items=[])
    r.pop("buyer"), r.pop("parties")
    ingest(tmp_path, r)
    page = text(client.get("/en/opportunities/ocds-r-alone/"))
    assert "cannot find related notices" in page
    assert client.get("/api/v1/opportunities/ocds-r-alone").json()["related"] == {
        "same_buyer": [],
        "same_category": [],
        "category": None,
    }


def test_related_notices_cost_a_fixed_number_of_queries_whatever_the_data(
    tmp_path, gloves_titles, demo_now, django_assert_num_queries
):
    few = [release("ocds-q-0", "Gloves 0"), release("ocds-q-1", "Gloves 1")]
    ingest(tmp_path, *few, name="few.json")
    notice = Notice.objects.prefetch_related("categories").get(ocid="ocds-q-0")
    # same buyer: open, newest; category: its size, open, newest; its title
    with django_assert_num_queries(6):
        related_notices(notice)
    many = [
        release(f"ocds-q-{n}", f"Gloves {n}", f"2024-03-{n % 28 + 1:02d}T00:00:00Z") for n in range(2, 402)
    ]
    ingest(tmp_path, *many, name="many.json")
    with django_assert_num_queries(4):  # more than five open notices: the "newest" queries are not needed
        found = related_notices(notice)
    assert len(found.same_buyer) == len(found.same_category) == 5


def test_the_whole_page_costs_a_fixed_number_of_queries(
    tmp_path, gloves_titles, demo_now, django_assert_num_queries
):
    ingest(tmp_path, *[release(f"ocds-p-{n}", f"Gloves {n}") for n in range(30)])
    # get_notice 8 (notice, categories, items, classifications, awards, releases, titles, other publications)
    # + related 4
    with django_assert_num_queries(12):
        page = notice_page("ocds-p-0", limit=50)
    assert len(page.related.same_buyer) == 5


# --- Size ----------------------------------------------------------------------------------------------


def test_the_biggest_real_release_gives_a_page_under_a_megabyte(client, real_data):
    """ocds-03ad3f-275348 (Paraguay, 8 releases, 377 items) has the largest compiled release of all the
    demo data (301,456 characters of JSON, measured on a full `load_demo`)."""
    from tenderbridge.ingest import services

    services.ingest([real_data / "ocds-real-examples-17-publishers-2014-2018" / "paraguay" / "sample"])
    notice = Notice.objects.get(ocid="ocds-03ad3f-275348")
    assert notice.items.count() == 377
    for lang in ("en", "zh-hans"):
        response = client.get(f"/{lang}/opportunities/ocds-03ad3f-275348/")
        assert response.status_code == 200 and len(response.content) < 1_000_000
        assert "And 327 more items, listed in the JSON below." in text(response) or lang != "en"
