"""discover(): words and meaning, filters, facets, orders and cursors, on whichever database the run uses."""

from datetime import UTC, datetime, timedelta

import numpy as np
import pytest
from django.http import QueryDict

from tenderbridge.opportunities.categories import _predict_batch
from tenderbridge.opportunities.filters import FilterError, NoticeFilters, Search
from tenderbridge.opportunities.models import Notice, NoticeCategory
from tenderbridge.search import embedding, snapshot
from tenderbridge.search.discover import BadCursor, Cursor, check_cursor, discover, fingerprint, nearest
from tests.opportunities.packages import ingest, item, release

pytestmark = pytest.mark.django_db

NOW = datetime.now(UTC).replace(microsecond=0)
NHS = {
    "id": "NHS",
    "name": "NHS Supply Chain",
    "roles": ["buyer"],
    "address": {"countryName": "United Kingdom"},
}


def when(days: float) -> str:
    return (NOW + timedelta(days=days)).isoformat()


def notice(ocid, title, code, country, deadline_days, amount=None, currency="USD", buyer=None, **tender):
    r = release(ocid, title, "2024-03-01T08:00:00Z", items=[item(code, country, description=title)], **tender)
    if deadline_days is not None:
        r["tender"]["tenderPeriod"] = {"endDate": when(deadline_days)}
    else:
        r["tender"].pop("tenderPeriod")
    if amount is not None:
        r["tender"]["value"] = {"amount": amount, "currency": currency}
    if buyer:
        r["buyer"], r["parties"] = {"id": buyer["id"], "name": buyer["name"]}, [buyer]
    return r


DATA = [
    notice(
        "d-gloves-cn",
        "Nitrile examination gloves",
        "42132203",
        "China",
        5,
        100_000,
        suitability={"sme": True},
    ),
    notice(
        "d-gloves-gb", "Examination gloves for clinics", "42132203", "United Kingdom", 20, 50_000, "GBP", NHS
    ),
    notice("d-masks", "Surgical face masks", "42131606", "China", 10, 20_000),
    notice("d-laptops", "Laptops for country offices", "43211503", "Kenya", -3, 2_000_000, "NOK"),
    notice("d-chairs-fr", "Chaises de bureau ergonomiques", "56101504", "France", None),
    notice("d-guantes-es", "Guantes de examen de nitrilo para hospitales", "42132203", "Colombia", 40),
]


@pytest.fixture
def data(tmp_path) -> dict[str, int]:
    ingest(tmp_path, *DATA)
    return dict(Notice.objects.values_list("ocid", "pk"))


@pytest.fixture
def embedded(data) -> dict[str, int]:
    assert embedding.embed_notices(list(data.values())) == len(data)
    return data


def ocids(results) -> list[str]:
    by_id = dict(Notice.objects.values_list("pk", "ocid"))
    return [by_id[hit.notice_id] for hit in results.hits]


def run(q="", sort="", cursor=None, page_size=25, **filters):
    """discover() of open and closed notices (status "any") unless a status is given ("": the default, open)."""
    filters.setdefault("status", "any")
    return discover(Search(q, NoticeFilters(**filters), sort), cursor, page_size, NOW)


def facet(results, name) -> dict[str, int]:
    return next((dict(f.values) for f in results.facets if f.name == name), {})


# --- Without words: filters, facets, orders ---------------------------------------------------------------


def test_without_words_every_notice_is_listed_newest_first_with_facets(data):
    results = run()
    assert results.total == 6 and results.sort == "published"
    assert facet(results, "segment") == {"42000000": 4, "43000000": 1, "56000000": 1}
    assert facet(results, "country") == {"CN": 2, "GB": 1, "KE": 1, "FR": 1, "CO": 1}
    assert facet(results, "status") == {"open": 4, "closed": 2, "any": 6}
    assert facet(results, "closing") == {"7": 1, "14": 2, "30": 3, "90": 4}
    assert facet(results, "sme") == {"yes": 1}
    assert facet(results, "buyer_family") == {"un": 5, "national": 1}


def test_facets_count_the_other_filters_but_not_their_own(data):
    results = run(notice_type="", country="CN")
    assert sorted(ocids(results)) == ["d-gloves-cn", "d-masks"]
    # The country facet still offers the other countries (with their counts), the others count China's.
    assert facet(results, "country")["GB"] == 1
    assert facet(results, "segment") == {"42000000": 2}


@pytest.mark.parametrize(
    "filters", [{}, {"kind": "all"}, {"notice_type": "rfq"}, {"sme": "yes", "kind": "awards"}, {"country": "CN"}]
)
def test_the_small_columns_counted_together_give_each_facets_own_count(data, filters):
    from tenderbridge.search import facets

    search = Search(filters=NoticeFilters(**{"status": "any", **filters}))
    columns = snapshot.current().columns
    selection = facets.Selection(np.arange(columns.size), facets.filter_masks(columns, search.filters, NOW))
    counted = {f.name: f.values for f in facets.count(columns, selection, search.filters, NOW)}
    for name in facets.SMALL_COUNTERS:
        alone = facets.COUNTERS[name](columns, selection.passing_all_but(name), search.filters, NOW.timestamp())
        assert counted[name] == alone, name


def test_a_segment_drills_down_into_its_families(data):
    assert facet(run(), "family") == {}  # families only within a chosen segment
    results = run(segment="42000000")
    assert results.total == 4
    assert facet(results, "family") == {"42130000": 4}
    assert run(segment="42000000", family="42130000").total == 4
    assert run(family="43210000").total == 1


def test_deadline_windows_and_status_follow_the_clock(data):
    assert sorted(ocids(run(closing="14"))) == ["d-gloves-cn", "d-masks"]
    assert sorted(ocids(run(status="closed"))) == ["d-chairs-fr", "d-laptops"]
    later = discover(Search(filters=NoticeFilters(status="open")), None, 25, NOW + timedelta(days=30))
    assert ocids(later) == ["d-guantes-es"]


def test_closing_soonest_lists_open_notices_first_then_the_latest_closed(data):
    assert ocids(run(sort="deadline")) == [
        "d-gloves-cn",
        "d-masks",
        "d-gloves-gb",
        "d-guantes-es",
        "d-laptops",
        "d-chairs-fr",
    ]


def test_highest_value_compares_currencies_in_dollars(data):
    # NOK 2,000,000 ≈ USD 186,000 > USD 100,000 > GBP 50,000 ≈ USD 64,000 > USD 20,000; no value last.
    assert ocids(run(sort="value"))[:4] == ["d-laptops", "d-gloves-cn", "d-gloves-gb", "d-masks"]


# --- Words ---------------------------------------------------------------------------------------------


def test_words_find_the_notices_that_contain_them_and_say_which(data):
    results = run("examination gloves")
    assert results.sort == "relevance"
    assert set(ocids(results)[:2]) == {"d-gloves-cn", "d-gloves-gb"}
    assert results.hits[0].matched_terms == ("examination", "gloves")
    assert facet(results, "country") == {"CN": 1, "GB": 1}


def test_words_and_filters_combine(data):
    assert ocids(run("gloves", country="GB")) == ["d-gloves-gb"]
    assert run("gloves", notice_type="eoi").total == 0


def test_a_chinese_query_finds_english_and_spanish_notices_by_meaning(embedded):
    results = run("医用手套")
    found = ocids(results)
    assert results.semantic
    assert set(found[:3]) == {"d-gloves-cn", "d-gloves-gb", "d-guantes-es"}
    assert "d-laptops" not in found
    gloves, others = results.hits[:3], results.hits[3:]
    assert min(hit.similarity for hit in gloves) > max((hit.similarity or 0) for hit in others)


def test_an_english_query_finds_the_french_notice_by_meaning(embedded):
    assert ocids(run("office chairs"))[0] == "d-chairs-fr"


def test_meaning_respects_the_filters(embedded):
    assert ocids(run("医用手套", country="CO")) == ["d-guantes-es"]


def test_without_vectors_words_still_work_and_the_results_say_so(data):
    results = run("gloves")
    assert not results.semantic
    assert set(ocids(results)) == {"d-gloves-cn", "d-gloves-gb"}


# --- Pages and cursors -----------------------------------------------------------------------------------


@pytest.mark.parametrize("sort", ["relevance", "published", "deadline", "value"])
def test_cursors_walk_every_result_once_forwards_and_back(embedded, sort):
    search = Search("gloves masks laptops chairs", NoticeFilters(), sort)
    everything = ocids(discover(search, None, 25, NOW))
    pages, cursor = [], None
    while True:
        results = discover(search, cursor, 2, NOW)
        pages.append(ocids(results))
        if not results.next_cursor:
            break
        cursor = check_cursor(search, results.next_cursor)
    assert [o for page in pages for o in page] == everything
    back = discover(search, check_cursor(search, results.previous_cursor), 2, NOW)
    assert ocids(back) == pages[-2]


def test_a_cursor_of_another_search_or_a_forged_one_is_refused(data):
    first, every = run(page_size=2), Search(filters=NoticeFilters(status="any"))
    with pytest.raises(BadCursor):
        check_cursor(Search("gloves"), first.next_cursor)
    with pytest.raises(BadCursor):
        check_cursor(Search(), first.next_cursor)  # of the open notices only: another search
    with pytest.raises(BadCursor):
        check_cursor(every, first.next_cursor[:-2] + "xx")
    with pytest.raises(BadCursor):
        check_cursor(every, "not-a-cursor")
    assert check_cursor(every, first.next_cursor).fingerprint == fingerprint(every)


def test_going_back_past_the_start_shows_the_first_page(data):
    mark = fingerprint(Search(filters=NoticeFilters(status="any")))
    assert ocids(run(cursor=Cursor(mark, 1e12, 10**9, backwards=True), page_size=2)) == ocids(
        run(page_size=2)
    )


# --- Bad input -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "q",
    [
        '"gloves',
        "gloves*",
        "NEAR(gloves masks)",
        "-gloves",
        "gloves AND OR NOT",
        "'; DROP TABLE opportunities_notice; --",
        "1' OR '1'='1",
        "😀😀😀",
        "   ",
        "x" * 10_000,
        "\x00gloves",
    ],
)
def test_strange_queries_give_results_or_none_never_an_error(embedded, q):
    results = run(q)
    assert results.total >= 0
    assert Notice.objects.count() == 6


def test_a_query_has_its_whitespace_folded_when_read():
    search = Search.from_querydict(QueryDict("q=" + "gloves%20%20%0A" + "x" * 492))
    assert search.q == "gloves " + "x" * 492 and len(search.q) == 499


@pytest.mark.parametrize("length", [501, 5000])
def test_a_query_longer_than_500_characters_is_refused_and_the_filters_kept(length):
    with pytest.raises(FilterError) as raised:
        Search.from_querydict(QueryDict("q=" + "x" * length + "&country=CN"))
    error = raised.value
    assert error.query_too_long and [e.field for e in error.errors] == ["q"]
    assert error.errors[0].max_length == 500 and str(length) in error.message and "x" * 40 not in error.message
    assert error.search.q == "" and error.search.filters.country == "CN"


def test_a_bad_filter_is_refused_and_the_valid_ones_kept():
    with pytest.raises(FilterError) as raised:
        Search.from_querydict(QueryDict("q=gloves&country=CN&notice_type=tender&status=soon"))
    error = raised.value
    assert [e.field for e in error.errors] == ["notice_type", "status"]
    assert error.errors[1].allowed == ["open", "closed", "any"]
    assert error.search.q == "gloves" and error.search.filters.country == "CN"
    assert error.search.filters.notice_type == "" and error.search.filters.status == ""


# --- The index follows the database ----------------------------------------------------------------------


def test_new_changed_and_deleted_notices_show_at_the_next_search(data, tmp_path):
    assert run().total == 6
    ingest(tmp_path, notice("d-new", "Solar lanterns", "39111800", "Kenya", 3), name="new.json")
    assert run("lanterns").total == 1 and run().total == 7
    assert facet(run(), "country")["KE"] == 2
    changed = notice("d-new", "Solar lanterns", "39111800", "Uganda", 3)
    changed["id"], changed["date"] = "d-new-r2", "2024-03-02T08:00:00Z"
    ingest(tmp_path, changed, name="changed.json")
    assert facet(run(), "country")["UG"] == 1 and facet(run(), "country")["KE"] == 1  # the laptops only
    Notice.objects.filter(ocid="d-new").delete()
    assert run().total == 6 and run("lanterns").total == 0


def test_predicted_categories_are_facets_at_once(data, tmp_path):
    ingest(tmp_path, notice("d-nocode", "Water pumps", "", "Kenya", 3), name="nocode.json")
    pk = Notice.objects.get(ocid="d-nocode").pk
    NoticeCategory.objects.filter(notice_id=pk).delete()
    assert run(segment="40000000").total == 0

    class Model:
        def predict(self, text, k=1):
            return [("40151500", 0.9)]

    _predict_batch(Model(), [(pk, "Water pumps", "")])
    assert run(segment="40000000").total == 1


@pytest.mark.parametrize("first_load", [True, False])
def test_a_notice_stored_between_the_rows_and_the_categories_reads_waits_for_the_next_search(
    data, tmp_path, monkeypatch, first_load
):
    # The index reads the notices' rows, then their categories, in two statements: an ingest may commit a
    # notice in between (seen at a million notices), whose categories then come without its row.
    if not first_load:
        snapshot.current()
    read_rows = snapshot._read_rows

    def rows_then_an_ingest(since):
        rows = read_rows(since)
        monkeypatch.setattr(snapshot, "_read_rows", read_rows)  # once
        ingest(tmp_path, notice("d-between", "Solar lanterns", "39111800", "Kenya", 3), name="between.json")
        return rows

    monkeypatch.setattr(snapshot, "_read_rows", rows_then_an_ingest)
    if first_load:
        snapshot.reset()
    else:
        ingest(tmp_path, notice("d-other", "Water pumps", "40151500", "Peru", 3), name="other.json")
    results = run()  # reads the index, with the ingest in between: no error, and no notice half-read
    assert results.total == (6 if first_load else 7) and "39000000" not in facet(results, "segment")
    assert run("lanterns").total == 1 and facet(run(), "segment")["39000000"] == 1


def test_the_index_reloads_when_the_database_was_replaced(data):
    assert run().total == 6
    first = snapshot.current()
    from tenderbridge.search.models import IndexState

    IndexState.objects.filter(pk=1).update(epoch="another-database")
    assert snapshot.current() is not first and run().total == 6


def test_words_only_leaves_meaning_out(embedded):
    assert run("医用手套").total >= 3
    words_only = discover(Search("医用手套", NoticeFilters(), "", "words"), None, 25, NOW)
    assert not words_only.semantic and ocids(words_only) == []  # no notice has these Chinese words
    assert ocids(discover(Search("office chairs", NoticeFilters(), "", "words"), None, 25, NOW)) == []


def test_an_unknown_way_to_match_is_refused():
    with pytest.raises(FilterError) as raised:
        Search.from_querydict(QueryDict("q=gloves&match=fuzzy"))
    assert raised.value.errors[0].field == "match" and "words" in raised.value.errors[0].allowed


def test_meaning_never_returns_notices_without_a_vector_or_outside_the_filters(embedded):
    snap = snapshot.current()
    query = embedding.encoder().query("gloves")
    allowed = np.zeros(snap.size, bool)
    allowed[snap.columns.positions(np.array([embedded["d-masks"], embedded["d-laptops"]]))] = True
    near, sims = nearest(snap.vectors, snap.size, query, allowed, k=10)
    assert set(snap.columns.ids[near].tolist()) <= {embedded["d-masks"], embedded["d-laptops"]}
    snap.vectors.present[:] = False
    assert len(nearest(snap.vectors, snap.size, query)[0]) == 0


def test_notices_with_some_of_the_words_are_ranked_by_the_rarer_words_on_both_databases(tmp_path):
    many = [notice(f"d-common-{i}", f"Cleaning services lot {i}", "76111500", "Kenya", 30) for i in range(8)]
    rare = notice("d-rare", "Asbestos survey", "77101604", "Kenya", 30)
    ingest(tmp_path, *many, rare)
    # No notice has all three words; "asbestos" is in one notice, "services" in eight: the rare word leads.
    results = run("asbestos services removal")
    assert ocids(results)[0] == "d-rare"
    assert results.hits[0].matched_terms == ("asbestos",)
    assert results.total == 9
