"""Search that respects the words: a notice sharing only a generic word with the query is no close match; past
awards answer when no opportunity does; awards never in the opportunities; counts agree with the rows."""

from datetime import UTC, datetime, timedelta

import pytest
from django.http import QueryDict

from tenderbridge.lib.taxonomy.translation import Dictionary
from tenderbridge.opportunities.filters import NoticeFilters, Search
from tenderbridge.opportunities.listing import list_notices
from tenderbridge.opportunities.models import Notice
from tenderbridge.search import relevance
from tenderbridge.search.discover import discover
from tenderbridge.taxonomy import translation

from .conftest import ingest, release

pytestmark = pytest.mark.django_db

FUTURE = (datetime.now(UTC) + timedelta(days=30)).isoformat()
WHO = {"id": "WHO", "name": "World Health Organization", "roles": ["buyer"], "address": {"countryName": "Switzerland"}}


def tender(ocid: str, title: str, description: str = "", **kwargs) -> dict:
    """An open tender (its deadline 30 days ahead)."""
    r = release(ocid, title, description, **kwargs)
    r["tender"]["tenderPeriod"] = {"endDate": FUTURE}
    return r


def award(ocid: str, title: str, buyer=WHO) -> dict:
    """A notice that only reports a contract awarded (tag "award"): no opportunity."""
    r = release(ocid, title, buyer=buyer)
    r["tag"] = ["award"]
    r["awards"] = [{"id": "A1", "title": title, "status": "active"}]
    return r


GENERIC = [
    tender("m-monitors", "Patient monitors", "Medical equipment for the intensive care unit."),
    tender("m-transport", "Non-emergency patient transport", "Medical transport services for the region."),
    tender("m-study", "Birth defects follow-up study", "A medical research study of newborns."),
    tender("m-screening", "Diabetes screening tools", "Medical screening devices for clinics."),
    tender("m-maintenance", "Maintenance of laboratory equipment", "Calibration of medical and lab equipment."),
    tender("m-beds", "Specialist cot beds", "Beds and medical furniture for hospitals."),
]
GLOVES = tender("g-nitrile", "Supply of nitrile examination gloves", "Powder-free gloves for clinics, medical grade.")
OTHERS = [
    tender("o-chairs", "Office chairs", "Ergonomic chairs for the country office."),
    tender("o-laptops", "Laptops for schools", "Laptop computers and bags."),
    tender("o-fuel", "Fuel supply", "Diesel for generators."),
]


@pytest.fixture
def dictionary(settings, tmp_path):
    install_dictionary(settings, tmp_path)


def install_dictionary(settings, tmp_path) -> None:
    """A small zh → en dictionary, as the one learnt from the UNSPSC titles would give."""
    settings.VAR_DIR = tmp_path
    tables = {
        "en": {
            "医用": [["medical", 1.0]],
            "手套": [["gloves", 0.59], ["glove", 0.22], ["procedure", 0.05]],
            "笔记本电脑": [["laptops", 0.6], ["computers", 0.3]],
        }
    }
    Dictionary(tables).save(translation.path())


@pytest.fixture
def medical(tmp_path, dictionary) -> dict[str, int]:
    return ingest(tmp_path, *GENERIC, GLOVES, *OTHERS)


def titles(results) -> list[str]:
    by_id = dict(Notice.objects.values_list("pk", "ocid"))
    return [by_id[hit.notice_id] for hit in results.hits]


def test_a_generic_word_weighs_less_than_a_specific_one(medical):
    results = discover(Search("medical gloves", match="words"))
    weights = {w.term: w.weight for w in results.words}
    assert weights["gloves"] > 3 * weights["medical"]
    assert results.broader == ["medical"]  # less the most specific word


@pytest.mark.parametrize("q", ["医用手套", "medical gloves"])
def test_the_gloves_come_first_and_the_generic_medical_notices_below_the_divider(medical, q):
    # Words and meaning (the default: a Chinese query's words are translated); no notice has a vector here.
    results = discover(Search(q))
    found = titles(results)
    assert found[0] == "g-nitrile" and results.hits[0].close
    assert results.close_total == 1
    below = [ocid for ocid, hit in zip(found, results.hits, strict=True) if not hit.close]
    assert set(below) == {ocid for ocid in found if ocid.startswith("m-")} and len(below) == 6
    assert all(hit.coverage < relevance.CLOSE_COVERAGE for hit in results.hits[1:])


def test_every_close_match_comes_before_the_others_in_every_order(medical):
    for sort in ("relevance", "published", "deadline", "value"):
        hits = discover(Search("medical gloves", sort=sort, match="words")).hits
        closes = [hit.close for hit in hits]
        assert closes == sorted(closes, reverse=True), sort


def test_the_divider_pages_forwards_and_back(medical):
    search = Search("medical gloves", match="words")
    first = discover(search, page_size=2)
    from tenderbridge.search.discover import check_cursor

    second = discover(search, check_cursor(search, first.next_cursor), page_size=2)
    back = discover(search, check_cursor(search, second.previous_cursor), page_size=2)
    assert [h.notice_id for h in back.hits] == [h.notice_id for h in first.hits]
    seen, cursor = [], None
    while True:
        page = discover(search, check_cursor(search, cursor), page_size=2)
        seen += [h.notice_id for h in page.hits]
        if not page.next_cursor:
            break
        cursor = page.next_cursor
    assert len(seen) == len(set(seen)) == first.total


def test_a_meaning_only_match_below_the_strong_floor_is_never_a_close_match(medical):
    from tenderbridge.search import embedding

    embedding.embed_notices(list(medical.values()))
    results = discover(Search("medical gloves"))
    for hit in results.hits:
        if not hit.matched_terms and not hit.translated_terms and hit.similarity is not None:
            assert hit.close == (hit.similarity >= relevance.strong_similarity("use"))
    assert titles(results)[0] == "g-nitrile"


def test_no_close_match_shows_the_past_awards_and_who_bought_them(tmp_path, dictionary):
    unicef = {"id": "U", "name": "UNICEF Supply Division", "roles": ["buyer"], "address": {"countryName": "Denmark"}}
    ingest(
        tmp_path,
        *GENERIC,
        *OTHERS,
        award("a-gloves-1", "Examination gloves, nitrile"),
        award("a-gloves-2", "Surgical gloves", buyer=unicef),
        award("a-gloves-3", "Gloves for clinics"),
        award("a-masks", "Face masks"),
    )
    page = list_notices(Search("医用手套"))
    assert page.close_total == 0
    found = page.no_close_match
    assert found is not None and found.awards == 3
    assert [(b.label, b.count) for b in found.buyers] == [("World Health Organization", 2), ("UNICEF Supply Division", 1)]
    assert found.broader == "医用" and found.awards_search.filters.kind == "awards"


def test_awards_never_appear_among_the_opportunities_and_the_counts_agree_with_the_rows(tmp_path, dictionary):
    closed = release("c-closed", "Gloves tender that closed", "Examination gloves.")
    closed["tender"]["tenderPeriod"] = {"endDate": "2020-01-01T00:00:00Z"}
    ingest(tmp_path, GLOVES, closed, award("a-gloves", "Examination gloves"), *OTHERS)
    for q in ("", "gloves"):
        page = list_notices(Search(q))
        ocids = [row.notice.ocid for row in page.rows]
        assert "a-gloves" not in ocids and "c-closed" not in ocids  # open opportunities by default
        tabs = {v.value: v.count for f in page.facets if f.name == "kind" for v in f.values}
        status = {v.value: v.count for f in page.facets if f.name == "status" for v in f.values}
        assert tabs["opportunities"] == page.total == len(page.rows) == status["open"]
        awards = list_notices(Search(q, NoticeFilters(kind="awards")))
        assert [row.notice.ocid for row in awards.rows] == ["a-gloves"] == ["a-gloves"][: tabs["awards"]]
        closed_too = list_notices(Search(q, NoticeFilters(status="any")))
        assert "c-closed" in [row.notice.ocid for row in closed_too.rows]
        assert "a-gloves" not in [row.notice.ocid for row in closed_too.rows]
        assert closed_too.total == status["any"] == len(closed_too.rows)


def test_a_bad_filter_keeps_the_words_and_the_other_filters(medical):
    from tenderbridge.opportunities.filters import FilterError

    with pytest.raises(FilterError) as raised:
        Search.from_querydict(QueryDict("q=gloves&status=any&sme=perhaps"))
    kept = raised.value.search
    assert kept.q == "gloves" and kept.filters.status == "any" and kept.filters.sme == ""
    assert titles(discover(kept))[0] == "g-nitrile"
