"""Opportunities by default, past contract awards on request: the list's `kind`, on the page, the API and in
discover(), with real UN award statistics beside tenders."""

import re

import numpy as np
import pytest
from django.http import QueryDict

from tenderbridge.ingest import services as ingest_services
from tenderbridge.opportunities import clock
from tenderbridge.opportunities.filters import FilterError, NoticeFilters, Search
from tenderbridge.opportunities.models import Notice
from tenderbridge.search import discover as discovery
from tenderbridge.search import embedding, facets, snapshot
from tests.api.test_api import assert_error

from .packages import ingest, item, release

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_day")]

ASR = "un-asr-supplier-awards-2010-2016/un_asr_supplier_awards_2010_2016.csv"
ASR_ROWS = 40  # the file's first rows: ECLAC's 2010 contracts (office rental, printing services, …)


@pytest.fixture
def mixed(real_data, tmp_path) -> dict[str, list[str]]:
    """Two tenders (one about printing services) and the first real UN ASR award rows."""
    source = real_data / ASR
    sample = tmp_path / "asr_slice.csv"
    with source.open(encoding="utf-8") as full, sample.open("w", encoding="utf-8") as out:
        for number, line in enumerate(full):
            if number > ASR_ROWS:
                break
            out.write(line)
    for name in ("normalize_un.json", "normalize_countries.json", "country_codes.json"):
        (tmp_path / name).write_bytes((source.parent / name).read_bytes())
    ingest_services.ingest([sample])
    ingest(
        tmp_path,
        release("kind-printing", "Printing services for annual reports", "2024-03-01T08:00:00Z",
                items=[item("82121500", "China")]),
        release("kind-gloves", "Nitrile examination gloves", "2024-03-02T08:00:00Z",
                items=[item("42132203", "China")]),
    )  # fmt: skip
    embedding.embed_notices(list(Notice.objects.values_list("pk", flat=True)))  # as the ingest's task does
    by_source = {}
    for ocid, source_name in Notice.objects.values_list("ocid", "source"):
        by_source.setdefault(source_name, []).append(ocid)
    assert len(by_source["asr"]) > 20 and sorted(by_source["ocds"]) == ["kind-gloves", "kind-printing"]
    return by_source


def found(search: Search, size: int = 100) -> set[str]:
    by_id = dict(Notice.objects.values_list("pk", "ocid"))
    return {by_id[hit.notice_id] for hit in discovery.discover(search, page_size=size).hits}


def kind_facet(results) -> facets.Facet:
    return next(facet for facet in results.facets if facet.name == "kind")


def test_the_list_shows_opportunities_by_default_and_awards_on_request(mixed):
    assert found(Search()) == set(mixed["ocds"])
    assert found(Search(filters=NoticeFilters(kind="awards"))) == set(mixed["asr"])
    assert found(Search(filters=NoticeFilters(kind="all"))) == set(mixed["asr"]) | set(mixed["ocds"])


def test_words_find_awards_only_when_asked(mixed):
    # "printing services": an ECLAC award row and one tender say it.
    assert found(Search(q="printing services", match="words")) == {"kind-printing"}
    with_awards = found(Search(q="printing services", filters=NoticeFilters(kind="all"), match="words"))
    assert "kind-printing" in with_awards and with_awards & set(mixed["asr"])
    by_meaning = found(Search(q="印刷服务"))  # Chinese: the meaning finds the English notices
    assert by_meaning <= set(mixed["ocds"]) and "kind-printing" in by_meaning


def test_the_kind_facet_counts_each_kind_and_marks_the_one_shown(mixed):
    counts = {"opportunities": 2, "awards": len(mixed["asr"]), "all": 2 + len(mixed["asr"])}
    for kind, selected in (("", "opportunities"), ("awards", "awards"), ("all", "all")):
        facet = kind_facet(discovery.discover(Search(filters=NoticeFilters(kind=kind))))
        assert dict(facet.values) == counts and facet.selected == selected


def test_choosing_a_source_shows_every_kind_of_it(mixed):
    filters = NoticeFilters.from_querydict(QueryDict("source=asr"))
    assert filters.effective_kind == "all"
    assert found(Search(filters=filters)) == set(mixed["asr"])


def test_an_unknown_kind_is_refused_naming_the_allowed_values():
    with pytest.raises(FilterError) as refused:
        NoticeFilters.from_querydict(QueryDict("kind=tenders"))
    (error,) = refused.value.errors
    assert error.field == "kind" and error.allowed == ["opportunities", "awards", "all"]


def test_the_newest_translated_matches_give_the_full_listings_ranking(mixed):
    """With only the default filter, translated words are ranked among the newest matches the engine gives;
    on data this small that is every match, so the ranking must be the full listing's."""
    snap = snapshot.current()
    masks = facets.filter_masks(snap.columns, NoticeFilters(), clock.now())
    allowed = discovery._passing(snap.size, masks)
    assert 0 < np.count_nonzero(allowed) < snap.size
    words = ["printing", "services", "gloves", "rental"]
    newest, _having = discovery._translated_ranking(snap, words, allowed)
    assert newest and newest == discovery._coverage_ranking(snap, words, allowed)[1]


@pytest.mark.parametrize(("lang", "labels"), [
    ("en", ["Opportunities", "Past contract awards", "All notices"]),
    ("zh-hans", ["采购机会", "过往合同授予", "全部公告"]),
])  # fmt: skip
def test_the_page_shows_the_kinds_as_tabs_in_the_readers_language(client, mixed, lang, labels):
    page = client.get(f"/{lang}/opportunities/").content.decode()
    tabs = page[page.index('data-testid="kind-tabs"') : page.index("</nav>", page.index('data-testid="kind-tabs"'))]
    for label in labels:
        assert label in tabs
    assert 'data-testid="kind-opportunities" aria-current="page"' in tabs
    assert f"({len(mixed['asr'])})" in tabs and "?kind=awards" in tabs
    awards = client.get(f"/{lang}/opportunities/", {"kind": "awards"}).content.decode()
    assert 'data-testid="kind-awards" aria-current="page"' in awards
    shown = re.findall(r'data-testid="notice-row"[^>]*data-ocid="([^"]+)"', awards)
    assert shown and set(shown) <= set(mixed["asr"])


def test_a_search_that_finds_only_awards_offers_them(client, mixed):
    page = client.get("/en/opportunities/", {"q": "Rental of Office Premises", "match": "words"}).content.decode()
    assert 'data-testid="no-notices"' in page
    # The "no close match" state leads to them (it replaced the one-line hint).
    assert 'data-testid="no-close-match"' in page and 'data-testid="past-awards"' in page and "kind=awards" in page


def test_the_api_takes_the_kind_and_counts_it(client, mixed):
    body = client.get("/api/v1/opportunities").json()
    assert {n["ocid"] for n in body["items"]} == set(mixed["ocds"])
    facet = next(f for f in body["facets"] if f["name"] == "kind")
    assert [(v["value"], v["count"], v["selected"]) for v in facet["values"]] == [
        ("opportunities", 2, True),
        ("awards", len(mixed["asr"]), False),
        ("all", 2 + len(mixed["asr"]), False),
    ]
    awards = client.get("/api/v1/opportunities", {"kind": "awards", "limit": 100}).json()
    assert {n["source"] for n in awards["items"]} == {"asr"}
    error = assert_error(client.get("/api/v1/opportunities", {"kind": "tenders"}), 422, "validation_error")
    assert "“tenders” is not a kind of notice" in error["message"]
