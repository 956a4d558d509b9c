import pytest

from tenderbridge.lib.taxonomy.crosswalk import cpv_to_unspsc
from tests.api.test_api import assert_error

CODE_KEYS = {"code", "level", "title", "title_en", "title_zh"}
ZH = {"Accept-Language": "zh-hans"}


def test_the_search_twin_has_the_documented_shape(client, taxonomy):
    body = client.get("/api/v1/taxonomy/unspsc", {"q": "手套", "limit": 5}).json()
    assert set(body) == {"q", "level", "kind", "total", "synonyms", "results"}
    assert (body["q"], body["level"], body["kind"]) == ("手套", None, "words")
    assert len(body["results"]) == 5 and body["total"] > 5
    assert all(set(result) == CODE_KEYS | {"matched_by"} for result in body["results"])
    assert {result["matched_by"] for result in body["results"]} == {"title"}


def test_the_search_twin_says_which_codes_come_from_the_vocabulary(client, taxonomy):
    body = client.get("/api/v1/taxonomy/unspsc", {"q": "光伏"}).json()
    assert body["results"][0]["matched_by"] == "vocabulary" and "photovoltaic" in body["synonyms"]


def test_the_search_twin_lists_what_the_page_lists(client, taxonomy):
    api = client.get("/api/v1/taxonomy/unspsc", {"q": "4213", "level": "class"}).json()
    page = client.get("/en/categories/search/", {"q": "4213", "level": "class"}).content.decode()
    assert api["kind"] == "code" and api["results"]
    for result in api["results"]:
        assert result["level"] == "class" and f'href="/en/categories/{result["code"]}/"' in page


def test_titles_follow_the_request_language_and_both_are_always_given(client, taxonomy):
    en = client.get("/api/v1/taxonomy/unspsc/42132205").json()
    zh = client.get("/api/v1/taxonomy/unspsc/42132205", headers=ZH).json()
    assert (en["title"], zh["title"]) == ("Surgical gloves", "外科手套")
    assert en["title_en"] == zh["title_en"] == "Surgical gloves"
    assert en["title_zh"] == zh["title_zh"] == "外科手套"


def test_a_code_without_a_chinese_title_says_null_and_falls_back_to_english(client, taxonomy):
    body = client.get("/api/v1/taxonomy/cpv/45233120-6", headers=ZH).json()
    assert body["title_zh"] is None and body["title"] == body["title_en"] == "Road construction works"


def test_the_unspsc_twin_gives_ancestors_parent_and_children(client, taxonomy):
    body = client.get("/api/v1/taxonomy/unspsc/42132200").json()
    assert set(body) == CODE_KEYS | {"segment", "family", "parent", "ancestors", "children"}
    assert (body["level"], body["segment"], body["family"]) == ("class", "42000000", "42130000")
    assert body["parent"]["code"] == "42130000" and set(body["parent"]) == CODE_KEYS
    assert [a["code"] for a in body["ancestors"]] == ["42000000", "42130000"]
    assert "42132205" in [c["code"] for c in body["children"]]


def test_a_segment_has_no_parent_and_no_family(client, taxonomy):
    body = client.get("/api/v1/taxonomy/unspsc/42000000").json()
    assert (body["parent"], body["family"], body["ancestors"]) == (None, None, [])


def test_the_cpv_twin_gives_its_unspsc_targets(client, taxonomy):
    body = client.get("/api/v1/taxonomy/cpv/45233120").json()
    assert set(body) == CODE_KEYS | {"code8", "parent", "ancestors", "children", "unspsc"}
    assert (body["code"], body["code8"], body["level"]) == ("45233120-6", "45233120", "subcategory")
    assert [a["code"] for a in body["ancestors"]][0] == "45000000-7"
    assert [t["code"] for t in body["unspsc"]] == cpv_to_unspsc("45233120") == ["72140000"]


def test_the_list_twins_give_segments_and_divisions(client, taxonomy):
    segments = client.get("/api/v1/taxonomy/unspsc/segments", headers=ZH).json()
    assert len(segments) == 58 and set(segments[0]) == CODE_KEYS | {"children"}
    assert all(s["title_zh"] and s["title"] == s["title_zh"] for s in segments)
    divisions = client.get("/api/v1/taxonomy/cpv/divisions").json()
    assert len(divisions) == 45 and divisions[0]["code"] == "03000000-1" and divisions[0]["children"] > 0


@pytest.mark.parametrize("path", ["/api/v1/taxonomy/unspsc/99999999", "/api/v1/taxonomy/cpv/99999999-9"])
def test_an_unknown_code_is_404_in_the_error_format(client, taxonomy, path):
    assert "99999999" in assert_error(client.get(path), 404, "not_found")["message"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/taxonomy/unspsc/4213",
        "/api/v1/taxonomy/unspsc/00000000",
        "/api/v1/taxonomy/unspsc/gloves",
        "/api/v1/taxonomy/unspsc/" + "1" * 300,
        "/api/v1/taxonomy/cpv/4523312",
        "/api/v1/taxonomy/cpv/45233120-66",
    ],
)
def test_a_malformed_code_is_422_in_the_error_format(client, path):
    error = assert_error(client.get(path), 422, "validation_error")
    assert error["details"]["fields"][0]["location"] == "path.code"


@pytest.mark.django_db
@pytest.mark.parametrize("params", [{"level": "galaxy"}, {"limit": 0}, {"limit": 51}, {"limit": "many"}])
def test_bad_search_parameters_are_422(client, params):
    assert_error(client.get("/api/v1/taxonomy/unspsc", {"q": "glove", **params}), 422, "validation_error")


@pytest.mark.parametrize("q", ["x" * 10_000, '"', "*", "%", "_", "'", "glove%_*'\""])
def test_odd_queries_are_answered(client, taxonomy, q):
    body = client.get("/api/v1/taxonomy/unspsc", {"q": q}).json()
    assert body["total"] < 100 and len(body["q"]) <= 200


@pytest.mark.django_db
def test_the_taxonomy_endpoints_are_documented(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in ("unspsc", "unspsc/segments", "unspsc/{code}", "cpv/divisions", "cpv/{code}"):
        assert f"/api/v1/taxonomy/{path}" in paths
