"""Categories suggested from a company description (taxonomy/suggest.py), its JSON twin, and what the ranker
reads from a description."""

import pytest

from tenderbridge.taxonomy import suggest, title_vectors

LED_SOLAR = ("我们是江苏常州的一家照明与光伏企业，主要生产LED路灯、LED灯具、太阳能路灯、光伏组件（太阳能电池板）和"
             "离网太阳能发电系统，产品出口东南亚和非洲。")
GLOVES = "浙江某医疗用品有限公司，专业生产一次性丁腈手套、乳胶检查手套和外科手术手套。"


@pytest.fixture
def vectors(taxonomy, settings, tmp_path):
    settings.VAR_DIR = tmp_path  # the title vectors are computed once for this test's folder
    title_vectors.reset()
    yield
    title_vectors.reset()


def test_a_chinese_description_gets_its_five_categories_with_chinese_titles(vectors):
    found = suggest.suggest_categories(LED_SOLAR)
    assert len(found) == 5
    codes = [s.code for s in found]
    assert codes[0].startswith(("2613", "2611"))  # solar power equipment first: named three times
    assert any(c.startswith("3910") or c.startswith("3911") for c in codes)  # and the lamps
    assert "vocabulary" in found[0].sources and "光伏" in found[0].words
    assert all(s.title_zh or s.title_en for s in found)
    assert [s.score for s in found] == sorted((s.score for s in found), reverse=True)


def test_gloves_are_suggested_for_a_gloves_maker_and_known_codes_are_left_out(vectors):
    codes = [s.code for s in suggest.suggest_categories(GLOVES)]
    assert {"42132200", "42132203", "42132205"} <= set(codes)
    kept = [s.code for s in suggest.suggest_categories(GLOVES, exclude={"42132203"})]
    assert "42132203" not in kept and len(kept) == 5


def test_the_title_vectors_are_kept_and_read_back(vectors, settings):
    first = title_vectors.get()
    assert title_vectors.path().exists() and len(first.codes) > 10_000
    title_vectors.reset()
    assert title_vectors.get().key == first.key  # read from the file, not computed again


def test_an_empty_description_suggests_nothing(taxonomy):
    assert suggest.suggest_categories("   ") == []


def test_the_ranker_reads_codes_and_english_words_from_a_description():
    described = suggest.read_description(LED_SOLAR)
    assert described.codes[:3] == ("26131900", "26111607", "26131507")
    assert {"photovoltaic", "solar", "led", "lighting"} <= set(described.translated)
    assert "equipment" not in described.translated
    assert dict(described.words)["26131900"].startswith("光伏")


def test_the_json_twin_suggests_for_a_posted_description(vectors, client):
    response = client.post("/api/v1/taxonomy/unspsc/suggestions", {"text": GLOVES}, content_type="application/json",
                           headers={"accept-language": "zh-hans"})
    assert response.status_code == 200
    suggestions = response.json()["suggestions"]
    assert len(suggestions) == 5 and suggestions[0]["code"].startswith("4213")
    assert suggestions[0]["title"] == suggestions[0]["title_zh"]
    assert suggestions[0]["words"] and "vocabulary" in suggestions[0]["sources"]


def test_a_description_too_long_to_read_is_refused_with_where_and_why(taxonomy, client):
    response = client.post("/api/v1/taxonomy/unspsc/suggestions", {"text": "光伏" * 10_001},
                           content_type="application/json")
    assert response.status_code == 422
    body = response.json()
    assert body["error"]["details"]["fields"][0]["location"] == "body.payload.text"
    assert "20,000" in body["error"]["message"]
