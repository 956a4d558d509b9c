import re
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tenderbridge.ingest.models import RawRelease
from tenderbridge.opportunities.models import Notice
from tenderbridge.search import discover

from .packages import BUYER, ingest, item, release

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_day")]

SLASHED = "ocds-34a6hz-01044-060931/001/USW"


def text(response) -> str:
    return unescape(re.sub(r"\s+", " ", response.content.decode()))


@pytest.fixture
def notices(tmp_path, gloves_titles):
    ingest(
        tmp_path,
        release(
            "ocds-t-rfq",
            "Examination gloves for Yunnan clinics",
            "2024-03-05T08:00:00Z",
            procurementMethodDetails="Request for quotation",
            value={"amount": 1250000, "currency": "USD"},
        ),
        release(
            "ocds-t-itb",
            "Laptops for country offices",
            "2024-03-04T08:00:00Z",
            procurementMethodDetails="Invitation to bid",
            items=[item("43211503", "United Kingdom")],
        ),
    )


@pytest.mark.parametrize("lang", ["en", "zh-hans"])
def test_the_list_renders_in_both_languages(client, notices, lang):
    response = client.get(f"/{lang}/opportunities/")
    page = text(response)
    assert response.status_code == 200
    assert f'lang="{lang}"' in page
    assert 'href="/' + lang + '/opportunities/ocds-t-rfq/"' in page
    assert "Examination gloves for Yunnan clinics" in page and "UNICEF Supply Division" in page
    assert "1,250,000 USD" in page and "42132203" in page
    assert 'data-testid="data-as-of"' in page
    if lang == "zh-hans":
        assert "采购机会" in page  # the heading
        assert "中国" in page and "英国" in page  # countries
        assert "医用检查手套" in page  # the category's Chinese title
        assert "Asia/Shanghai" in page  # dates in the Chinese reader's zone, named
    else:
        assert "China" in page and "United Kingdom" in page and "Medical examination gloves" in page
        assert "医用" not in page and "(<span data-time-zone-name>UTC</span>)" in page


def test_dates_are_shown_in_the_users_time_zone(client, notices, supplier_owner):
    supplier_owner.time_zone = "America/New_York"
    supplier_owner.save()
    client.force_login(supplier_owner)
    page = text(client.get("/en/opportunities/"))
    # The deadline 2024-04-02 17:00 +08:00 is 05:00 in New York (EDT).
    assert "America/New_York" in page and 'datetime="2024-04-02T05:00:00-04:00"' in page


def test_the_filter_form_narrows_the_list_and_keeps_its_state_in_the_url(client, notices):
    response = client.get("/en/opportunities/", {"notice_type": "rfq"})
    page = text(response)
    assert "Examination gloves for Yunnan clinics" in page and "Laptops for country offices" not in page
    assert '<option value="rfq" selected>' in page
    assert 'data-testid="clear-filters"' in page


def test_link_filters_are_shown_and_can_be_removed(client, notices):
    page = text(client.get("/en/opportunities/", {"country": "GB", "notice_type": "itb"}))
    assert "Laptops for country offices" in page and "Examination gloves" not in page
    assert 'data-testid="active-filters"' in page and "Country of delivery: United Kingdom" in page
    assert 'href="?notice_type=itb"' in page  # removing the country keeps the notice type
    assert '<option value="GB" selected>United Kingdom (1)</option>' in page


def test_no_match_says_so(client, notices):
    page = text(client.get("/en/opportunities/", {"notice_type": "eoi"}))
    assert "No notice matches this search. Try other words, or fewer filters." in page
    assert "0 notices" in page


def test_an_unknown_filter_value_is_a_400_page_naming_the_allowed_values_and_the_rest_still_lists(client, notices):
    response = client.get("/en/opportunities/", {"notice_type": "tender", "q": "laptops"})
    page = text(response)
    assert response.status_code == 400
    assert 'role="alert"' in page
    assert "“tender” is not a known notice type. Allowed values: eoi, rfi, rfq" in page
    # The message sits beside the notice-type filter; the words still search, the results still list.
    assert 'data-testid="field-error-notice_type"' in page
    assert 'data-testid="notices"' in page and "Laptops for country offices" in page
    assert 'value="laptops"' in page


def test_a_forged_cursor_is_a_400_page(client, notices):
    response = client.get("/en/opportunities/", {"cursor": "forged:cursor"})
    assert response.status_code == 400
    assert "This page link is not valid" in text(response)


def test_next_and_previous_links_walk_the_whole_list(client, tmp_path):
    ingest(
        tmp_path,
        *[release(f"ocds-w-{i:02}", f"Walk {i:02}", f"2024-01-{i + 1:02}T00:00:00Z") for i in range(30)],
    )
    seen, url = [], "/en/opportunities/"
    while url:
        page = client.get(url).content.decode()
        seen += re.findall(r'data-testid="notice-link">Walk (\d+)<', page)
        found = re.search(r'href="(\?[^"]+)" rel="next"', page)
        url = "/en/opportunities/" + unescape(found.group(1)) if found else None
    assert seen == [f"{i:02}" for i in range(29, -1, -1)]
    assert 'rel="prev"' in page  # the last page links back


def test_the_list_page_costs_a_fixed_number_of_queries(
    client, tmp_path, django_assert_num_queries, gloves_titles
):
    ingest(
        tmp_path, *[release(f"ocds-c-{i:02}", f"C{i}", f"2024-01-{i + 1:02}T00:00:00Z") for i in range(28)]
    )
    assert client.get("/en/opportunities/").status_code == 200  # the process loads the search index once
    # The index version, notices + buyers, categories, UNSPSC titles, buyer names, the latest import.
    with django_assert_num_queries(6):
        assert client.get("/en/opportunities/").status_code == 200
    # With words: also the full-text match, the ranking and the matched words of the page.
    for limit in (5, 100):
        discover.matches.clear()
        with django_assert_num_queries(9):
            assert client.get("/api/v1/opportunities", {"q": "gloves", "limit": limit}).status_code == 200
    discover.matches.clear()
    with django_assert_num_queries(9):
        assert client.get("/en/opportunities/", {"q": "gloves", "segment": "42000000"}).status_code == 200
    # The same words again: their matches are kept by the process (discover.MatchCache), one query fewer.
    with django_assert_num_queries(8):
        assert client.get("/en/opportunities/", {"q": "gloves"}).status_code == 200


def test_the_list_page_costs_as_many_queries_for_one_row_as_for_a_full_page(
    client, tmp_path, django_assert_num_queries, gloves_titles
):
    # Each notice has its own buyer, a category and a country of its own: a query per row would show.
    codes = ["42132203", "43211503", "42000000"]
    ingest(
        tmp_path,
        *[
            {
                **release(f"ocds-r-{i:03}", f"Row {i} {'single' if i == 0 else 'many'}", f"2024-02-{i % 28 + 1:02}T00:00:00Z",
                          items=[item(codes[i % 3], ["China", "Kenya", "Peru"][i % 3])]),
                "buyer": {"id": f"B{i}", "name": f"Buyer {i}"},
                "parties": [{"id": f"B{i}", "name": f"Buyer {i}", "roles": ["buyer"]}],
            }
            for i in range(120)
        ],
    )  # fmt: skip
    assert client.get("/en/opportunities/").status_code == 200  # the process loads the search index once
    counts = {}
    for name, path, params in (
        ("page, 1 row", "/en/opportunities/", {"q": "single", "match": "words"}),
        ("page, 25 rows", "/en/opportunities/", {"q": "many"}),
        ("api, 1 row", "/api/v1/opportunities", {"q": "many", "limit": 1}),
        ("api, 100 rows", "/api/v1/opportunities", {"q": "many", "limit": 100}),
    ):
        discover.matches.clear()  # each counts its full-text match
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path, params)
        assert response.status_code == 200
        counts[name] = len(queries)
    rows = {q: text(client.get("/en/opportunities/", {"q": q, "match": "words"})).count('data-testid="notice-link"')
            for q in ("single", "many")}  # fmt: skip
    assert rows == {"single": 1, "many": 25}
    assert counts["page, 1 row"] == counts["page, 25 rows"] == counts["api, 1 row"] == counts["api, 100 rows"], counts
    with django_assert_num_queries(6):  # without words, whatever the page size (as above)
        assert client.get("/api/v1/opportunities", {"limit": 100}).status_code == 200
    with django_assert_num_queries(6):
        assert client.get("/api/v1/opportunities", {"limit": 1}).status_code == 200


# --- One notice ----------------------------------------------------------------------------------------


@pytest.fixture
def full_notice(tmp_path, gloves_titles):
    supplier = {
        "id": "S1",
        "name": "Changzhou Medical Co",
        "roles": ["supplier"],
        "address": {"countryName": "China"},
    }
    r = release(
        "ocds-full-1",
        "Gloves framework",
        "2024-03-01T08:00:00Z",
        description="First line of the description.\nSecond line.",
        tenderPeriod={"endDate": "2024-04-02T10:00:00-05:00"},
        value={"amount": 98765.5, "currency": "USD"},
        procurementMethod="open",
        status="active",
        suitability={"sme": True},
        documents=[
            {
                "id": "d1",
                "title": "Bidding document",
                "documentType": "biddingDocuments",
                "url": "https://example.org/bd.pdf",
            }
        ],
    )
    r["parties"] = [BUYER, supplier]
    r["awards"] = [
        {
            "id": "A1",
            "title": "Gloves contract",
            "status": "active",
            "date": "2024-05-01T00:00:00Z",
            "value": {"amount": 1234567.89, "currency": "USD"},
            "suppliers": [{"id": "S1", "name": "Changzhou Medical Co"}],
        }
    ]
    ingest(tmp_path, r, name="gloves-package.json")
    return Notice.objects.get(ocid="ocds-full-1")


def test_the_deadline_is_shown_in_the_users_zone_and_the_notices_own_zone(
    client, full_notice, supplier_owner
):
    supplier_owner.time_zone = "Asia/Shanghai"
    supplier_owner.save()
    client.force_login(supplier_owner)
    page = text(client.get("/en/opportunities/ocds-full-1/"))
    # 10:00 at UTC-05:00 is 15:00 UTC, 23:00 in Shanghai.
    user = re.search(r'data-testid="deadline">(.*?)</dd>', page).group(1)
    source = re.search(r'data-testid="deadline-source">(.*?)</dd>', page).group(1)
    assert "23:00" in user and 'datetime="2024-04-02T23:00:00+08:00"' in user
    assert "10:00" in source and 'datetime="2024-04-02T10:00:00-05:00"' in source
    assert "Deadline in your time zone (Asia/Shanghai)" in page
    assert "Deadline in the notice's time zone (UTC-05:00)" in page


def test_the_detail_shows_everything_stored(client, full_notice):
    response = client.get("/en/opportunities/ocds-full-1/")
    raw = response.content.decode()
    page = text(response)
    assert response.status_code == 200
    assert "First line of the description.\nSecond line." in unescape(raw)  # line breaks kept (pre-line)
    for expected in [
        "Gloves framework",
        "UNICEF Supply Division",
        "United Nations system",  # buyer family
        "98,765.50 USD",
        "Bidding document",
        "https://example.org/bd.pdf",
        "Nitrile examination gloves",
        "42132203",
        "Medical examination gloves",
        "Given by the source",
        "Gloves contract",
        "Changzhou Medical Co",
        "1,234,567.89 USD",
        "Suitable for SMEs",
        "gloves-package.json",
        "releases[0]",
        "ocds-full-1-r1",
    ]:
        assert expected in page, expected
    assert re.search(r'data-testid="sme">\s*Yes', page)
    assert '<details class="release" data-testid="compiled-release">' in raw
    assert "&quot;ocid&quot;: &quot;ocds-full-1&quot;" in raw  # the compiled release, escaped, pretty-printed


def test_the_chinese_detail_shows_chinese_titles_and_country_names(client, full_notice):
    page = text(client.get("/zh-hans/opportunities/ocds-full-1/"))
    assert "医用检查手套" in page and "中国" in page and "Asia/Shanghai" in page


def test_an_unknown_ocid_is_a_404_page(client, notices):
    response = client.get("/en/opportunities/ocds-no-such-notice/")
    assert response.status_code == 404
    assert "There is no notice with the OCID" in text(response) and "ocds-no-such-notice" in text(response)


def test_an_ocid_with_slashes_has_its_page(client, tmp_path):
    ingest(tmp_path, release(SLASHED, "Canadian lab supplies"))
    list_page = client.get("/en/opportunities/").content.decode()
    assert f'href="/en/opportunities/{SLASHED}/"' in list_page
    response = client.get(f"/en/opportunities/{SLASHED}/")
    assert response.status_code == 200 and "Canadian lab supplies" in text(response)


def test_a_huge_notice_stays_under_a_megabyte_and_counts_what_it_leaves_out(client, tmp_path):
    items = [{**item("42132203", description="Glove " + "x" * 3000), "id": str(i)} for i in range(120)]
    ingest(tmp_path, release("ocds-huge", "Huge", description="word " * 30000, items=items))
    response = client.get("/en/opportunities/ocds-huge/")
    assert response.status_code == 200
    assert len(response.content) < 1_000_000
    page = text(response)
    assert "And 70 more items, listed in the JSON below." in page
    assert "The description is cut here." in page
    assert "The release is too long to show here in full" in page


def test_the_detail_lists_every_file_a_notice_came_from(client, tmp_path):
    ingest(tmp_path, release("ocds-two-files", "Old title"), name="first.json")
    newer = release("ocds-two-files", "New title", "2024-03-09T08:00:00Z")
    newer["id"] = "ocds-two-files-r2"
    ingest(tmp_path, newer, name="second.json")
    assert RawRelease.objects.filter(ocid="ocds-two-files").count() == 2
    page = text(client.get("/en/opportunities/ocds-two-files/"))
    assert "New title" in page and "first.json" in page and "second.json" in page
    assert "compiled this notice from 2 releases" in page


# --- Real data -----------------------------------------------------------------------------------------


def test_real_ungm_notices_list_filter_and_open(client, real_data, gloves_titles):
    from tenderbridge.ingest import services

    services.ingest(
        [real_data / "ungm-tender-notices-2024-03" / "ungm_notices_2024-03_scraped_with_header.csv"]
    )
    ungm = Notice.objects.filter(source="ungm")
    assert ungm.count() > 20
    page = text(client.get("/zh-hans/opportunities/", {"source": "ungm", "notice_type": "rfq"}))
    rfqs = set(ungm.filter(notice_type="rfq").values_list("ocid", flat=True))
    shown = set(re.findall(r'href="/zh-hans/opportunities/(ungm-[^/"]+)/"', page))
    assert shown == rfqs and rfqs
    for ocid in ungm.values_list("ocid", flat=True):
        response = client.get(f"/zh-hans/opportunities/{ocid}/")
        assert response.status_code == 200, ocid
        assert len(response.content) < 1_000_000
    # UNGM's scrape kept only the day of each deadline: the page says so rather than invent an hour.
    detail = text(client.get(f"/en/opportunities/{ungm.exclude(deadline=None).first().ocid}/"))
    assert "The source gives only the day of the deadline" in detail


def test_real_canadian_records_with_slashes_in_their_ocids(client, real_data):
    from tenderbridge.ingest import services

    services.ingest(
        [real_data / "ocds-real-examples-17-publishers-2014-2018/canada/buyandsell/sample/records"]
    )
    slashed = list(Notice.objects.filter(ocid__contains="/").values_list("ocid", flat=True))
    assert slashed
    for ocid in slashed:
        assert client.get(f"/en/opportunities/{ocid}/").status_code == 200
        body = client.get(f"/api/v1/opportunities/{ocid}").json()
        assert body["notice"]["ocid"] == ocid and body["compiled_release"]["ocid"] == ocid
