from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from django.http import QueryDict

from tenderbridge.opportunities import listing
from tenderbridge.opportunities.filters import FilterError, NoticeFilters, Search
from tenderbridge.opportunities.models import Notice, Party
from tenderbridge.opportunities.queries import get_notice, money, source_zone
from tenderbridge.search.discover import BadCursor, Cursor, check_cursor, fingerprint

from .packages import ingest, item, release

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_day")]


def parse(query: str) -> NoticeFilters:
    return NoticeFilters.from_querydict(QueryDict(query))


def ocids(page) -> list[str]:
    return [row.notice.ocid for row in page.rows]


def list_notices(filters: NoticeFilters, cursor: str | None = None, page_size: int = 25):
    return listing.list_notices(Search(filters=filters), cursor, page_size)


# --- Filters -------------------------------------------------------------------------------------------


def test_filters_are_read_from_the_query_string_and_normalised():
    filters = parse("notice_type=RFQ&country=cn&segment=42000000&status=open&buyer=7&source=ocds&page=3")
    assert filters == NoticeFilters(
        source="ocds", notice_type="rfq", country="CN", segment="42000000", status="open", buyer=7
    )
    assert filters.as_query() == {
        "source": "ocds",
        "notice_type": "rfq",
        "country": "CN",
        "segment": "42000000",
        "status": "open",
        "buyer": "7",
    }
    assert parse("notice_type=&country=") == NoticeFilters() and not NoticeFilters().active


def test_an_unknown_value_is_refused_with_the_allowed_values():
    with pytest.raises(FilterError) as raised:
        parse("notice_type=tender&buyer_family=ngo")
    by_field = {e.field: e for e in raised.value.errors}
    assert set(by_field) == {"notice_type", "buyer_family"}
    assert "“tender” is not a known notice type" in by_field["notice_type"].message
    assert "rfq" in by_field["notice_type"].message and "rfq" in by_field["notice_type"].allowed
    assert by_field["buyer_family"].allowed == ["un", "development_bank", "international", "national"]


@pytest.mark.parametrize(
    "query, field",
    [
        ("country=XX", "country"),
        ("country=China", "country"),
        ("segment=42130000", "segment"),
        ("segment=00000000", "segment"),
        ("segment=42", "segment"),
        ("family=42000000", "family"),
        ("family=4213", "family"),
        ("closing=15", "closing"),
        ("sme=maybe", "sme"),
        ("sustainable=1", "sustainable"),
        ("status=active", "status"),
        ("buyer=abc", "buyer"),
        ("buyer=-1", "buyer"),
        ("buyer=99999999999999999999999", "buyer"),
        ("source=ungm2", "source"),
    ],
)
def test_malformed_values_are_refused_never_crash(query, field):
    with pytest.raises(FilterError) as raised:
        parse(query)
    assert [e.field for e in raised.value.errors] == [field]


def test_a_very_long_value_is_cut_in_the_message():
    with pytest.raises(FilterError) as raised:
        parse("notice_type=" + "x" * 5000)
    assert len(raised.value.message) < 400


def test_each_filter_narrows_the_list(tmp_path, settings):
    settings.DEMO_NOW = None  # the real clock: the packages' deadline (2024) has passed
    future = (datetime.now(UTC) + timedelta(days=30)).isoformat()
    ingest(
        tmp_path,
        release("ocds-t-rfq", "Gloves RFQ", procurementMethodDetails="Request for quotation"),
        release(
            "ocds-t-itb",
            "Laptops ITB",
            procurementMethodDetails="Invitation to bid",
            items=[item("43211503", "United Kingdom")],
        ),
        release("ocds-t-open", "Tents", tenderPeriod={"endDate": future}, items=[item("56101700", "Kenya")]),
    )
    assert ocids(list_notices(parse(""))) == ["ocds-t-open"]  # by default the open ones
    assert ocids(list_notices(parse("status=open"))) == ["ocds-t-open"]
    assert set(ocids(list_notices(parse("status=closed")))) == {"ocds-t-rfq", "ocds-t-itb"}
    assert len(list_notices(parse("status=any")).rows) == 3
    # The other filters, over open and closed notices alike:
    assert ocids(list_notices(parse("notice_type=rfq&status=any"))) == ["ocds-t-rfq"]
    assert ocids(list_notices(parse("notice_type=itb&status=any"))) == ["ocds-t-itb"]
    assert ocids(list_notices(parse("country=GB&status=any"))) == ["ocds-t-itb"]
    assert set(ocids(list_notices(parse("country=CN&status=any")))) == {"ocds-t-rfq"}
    assert ocids(list_notices(parse("segment=43000000&status=any"))) == ["ocds-t-itb"]
    assert len(list_notices(parse("buyer_family=un&status=any")).rows) == 3
    assert list_notices(parse("buyer_family=national&status=any")).rows == []
    assert len(list_notices(parse("source=ocds")).rows) == 3 and list_notices(parse("source=ungm")).rows == []
    buyer = Party.objects.get(name="UNICEF Supply Division")
    assert len(list_notices(parse(f"buyer={buyer.pk}&status=any")).rows) == 3
    assert list_notices(parse(f"buyer={buyer.pk + 1000}&status=any")).rows == []


def test_a_notice_with_two_codes_in_one_segment_is_listed_once(tmp_path):
    two = [item("42132203"), {**item("42132205"), "id": "2"}]
    ingest(tmp_path, release("ocds-t-two", items=two))
    assert ocids(list_notices(parse("segment=42000000"))) == ["ocds-t-two"]


# --- Pages and cursors ---------------------------------------------------------------------------------


@pytest.fixture
def twelve(tmp_path):
    """Twelve notices: three share a publication time, two have none (they come last)."""
    releases = [release(f"ocds-p-{i:02}", f"N{i}", f"2024-03-{i + 1:02}T08:00:00Z") for i in range(1, 8)]
    releases += [release(f"ocds-p-same-{i}", f"S{i}", "2024-02-01T08:00:00Z") for i in range(3)]
    releases += [release(f"ocds-p-none-{i}", f"X{i}", None) for i in range(2)]
    ingest(tmp_path, *releases)
    return list(
        Notice.objects.order_by("-published", "-id").exclude(published=None).values_list("ocid", flat=True)
    ) + list(Notice.objects.filter(published=None).order_by("-id").values_list("ocid", flat=True))


def test_pages_walk_every_notice_once_forwards_and_back(twelve):
    pages, cursor = [], None
    while True:
        page = list_notices(NoticeFilters(), cursor, page_size=5)
        pages.append(ocids(page))
        assert (page.previous_cursor is None) == (cursor is None)
        if page.next_cursor is None:
            break
        cursor = page.next_cursor
    assert [len(p) for p in pages] == [5, 5, 2]
    assert [o for p in pages for o in p] == twelve
    # And back from the last page, through the previous cursors.
    back = [pages[-1]]
    while page.previous_cursor:
        page = list_notices(NoticeFilters(), page.previous_cursor, page_size=5)
        back.append(ocids(page))
    assert back == pages[::-1]


def test_a_cursor_is_signed_and_a_changed_one_is_refused(twelve):
    token = list_notices(NoticeFilters(), page_size=5).next_cursor
    assert check_cursor(Search(), token).pk > 0
    for forged in [
        "abc",
        token[:-2] + ("AA" if not token.endswith("AA") else "BB"),
        token.replace(":", ";", 1),
        "x" * 500,
    ]:
        with pytest.raises(BadCursor):
            check_cursor(Search(), forged)
        with pytest.raises(BadCursor):
            list_notices(NoticeFilters(), forged)
    assert check_cursor(Search(), "") is None


def test_going_back_past_the_start_shows_the_first_page(twelve):
    first = list_notices(NoticeFilters(), page_size=5)
    top = first.rows[0].notice
    cursor = Cursor(fingerprint(Search()), top.published.timestamp(), top.pk, backwards=True)
    page = list_notices(NoticeFilters(), cursor.dumps(), page_size=5)
    assert ocids(page) == ocids(first) and page.previous_cursor is None


@pytest.mark.parametrize("size", [5, 50])
def test_a_page_costs_a_fixed_number_of_queries_whatever_its_size(
    tmp_path, gloves_titles, django_assert_num_queries, size
):
    ingest(
        tmp_path,
        *[release(f"ocds-q-{i:03}", f"Q{i}", f"2024-01-01T{i % 24:02}:{i % 60:02}:00Z") for i in range(60)],
    )
    first = list_notices(NoticeFilters(), page_size=size)
    # The index version, notices + buyers, categories, the UNSPSC titles of the page and the facets, the
    # buyers of the buyer facet, the latest import.
    with django_assert_num_queries(6):
        page = list_notices(NoticeFilters(), first.next_cursor, page_size=size)
        assert len(page.rows) == min(size, 60 - size)
        assert page.rows[0].categories[0].title_en == "Medical examination gloves"


# --- One notice ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "written, label, offset_hours",
    [
        ("+08:00", "UTC+08:00", 8),
        ("-05:30", "UTC-05:30", -5.5),
        ("Z", "UTC", 0),
        ("(GMT 2.00) Kyiv", "(GMT 2.00) Kyiv", 2),
        ("(GMT -4.00) Atlantic Time (Canada)", "(GMT -4.00) Atlantic Time (Canada)", -4),
    ],
)
def test_the_source_zone_is_read_from_offsets_and_ungm_text(written, label, offset_hours):
    zone, shown = source_zone(written)
    assert shown == label
    assert zone.utcoffset(None) == timedelta(hours=offset_hours)


def test_a_zone_name_is_a_real_zone_and_nonsense_is_kept_as_text():
    zone, label = source_zone("Europe/Oslo")
    assert label == "Europe/Oslo" and datetime(2024, 7, 1, tzinfo=zone).utcoffset() == timedelta(hours=2)
    assert source_zone("Mars/Olympus") == (None, "Mars/Olympus")
    assert source_zone("") == (None, "")


def test_money_has_thousands_separators_and_cents_only_when_needed():
    assert money(Decimal("1250000.00"), "USD") == "1,250,000 USD"
    assert money(Decimal("1234.5"), "GBP") == "1,234.50 GBP"
    assert money(Decimal("12"), "") == "12"
    assert money(None, "USD") == ""


def test_a_notice_is_read_with_a_fixed_number_of_queries(tmp_path, django_assert_num_queries):
    ingest(tmp_path, release("ocds-d-1"))
    # notice + buyer, categories, items, classifications, awards, suppliers (none: skipped), releases, titles,
    # the procurement's other publications
    with django_assert_num_queries(8):
        detail = get_notice("ocds-d-1", limit=50)
    assert detail.items_total == 1 and detail.provenance[0].file_name == "package.json"
    assert get_notice("ocds-d-unknown") is None
