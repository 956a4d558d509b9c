import pytest

from tenderbridge.taxonomy.models import UnspscCode
from tenderbridge.taxonomy.search import MAX_RESULTS, TITLE, VOCABULARY, normalise_query, search_unspsc

LEVELS = ["segment", "family", "class", "commodity"]


def codes(q, level=None):
    return [code.code for code in search_unspsc(q, level).codes]


def by_title(q):
    """The codes found by their own title (not through the product vocabulary)."""
    result = search_unspsc(q)
    return [c.code for c in result.codes if result.matched_by[c.code] == TITLE]


def test_digits_find_codes_by_prefix_ordered_by_level_then_code(taxonomy):
    result = search_unspsc("4213")
    assert result.kind == "code"
    assert result.codes[0].code == "42130000"  # the family comes before its classes and commodities
    assert all(code.code.startswith("4213") for code in result.codes)
    order = [(LEVELS.index(code.level), code.code) for code in result.codes]
    assert order == sorted(order)


def test_the_level_filter_keeps_one_level(taxonomy):
    found = search_unspsc("4213", "class").codes
    assert found and {code.level for code in found} == {"class"}
    assert "42132200" in [code.code for code in found]


def test_a_full_code_finds_itself(taxonomy):
    assert codes("42132205") == ["42132205"]


def test_english_words_must_all_start_a_word_of_the_title(taxonomy):
    result = search_unspsc("Surgical GLOVES")
    assert "42132205" in [code.code for code in result.codes]
    for code in result.codes:
        if result.matched_by[code.code] == TITLE:  # the others are codes of the vocabulary's "surgical gloves"
            title = code.title_en.lower()
            assert "surgical" in title and "glove" in title
        else:
            assert code.code.startswith("4213")


def test_a_word_does_not_match_inside_another_word(taxonomy):
    found = codes("ice", "segment")
    assert "44000000" not in found  # "Office Equipment and Accessories and Supplies"
    assert codes("office", "segment") == ["44000000"]


def test_chinese_words_match_the_chinese_titles(taxonomy):
    found = search_unspsc("手套").codes
    assert {"46181504", "42132205", "42132200"} <= {
        code.code for code in found
    }  # protective, surgical gloves
    assert all("手套" in code.title_zh for code in found)


def test_chinese_and_english_words_combine(taxonomy):
    # Separate words may be apart in the title; a run of characters must appear as written.
    assert "42132200" in codes("医用手套")
    assert set(by_title("医用手套")) < set(by_title("医用 手套"))
    assert "42204005" in codes("医用 手套")  # 医用射线防护手套
    assert set(codes("手套 surgical")) <= set(codes("手套"))


def test_full_width_digits_are_read_as_a_code():
    assert normalise_query("４２１３") == "4213"


def test_results_stop_at_fifty_and_say_how_many_matched(taxonomy):
    result = search_unspsc("equipment")
    assert len(result.codes) == MAX_RESULTS
    assert result.total == UnspscCode.objects.filter(title_en__iregex=r"(^|[^a-z0-9])equipment").count() > 50


def test_an_empty_query_finds_nothing(taxonomy):
    for q in ("", "   ", None):
        result = search_unspsc(q)
        assert (result.kind, result.total, result.codes) == ("empty", 0, [])


@pytest.mark.parametrize("special", ['"', "*", "%", "_", "'", "\\", "%%", "\"*%_'"])
def test_search_syntax_characters_are_plain_text(taxonomy, special):
    result = search_unspsc(special)
    assert result.total < UnspscCode.objects.count()  # "%" or "_" must never match everything
    assert codes(f"glove{special}") == codes("glove")
    assert codes(f"手套{special}") == codes("手套")


def test_sql_in_a_query_is_only_words(taxonomy):
    assert search_unspsc("'; DELETE FROM taxonomy_unspsccode; --").total == 0
    assert UnspscCode.objects.count() == 13_288


def test_a_ten_thousand_character_query_is_cut_not_refused(taxonomy):
    assert search_unspsc("x" * 10_000).total == 0
    assert len(search_unspsc("glove " * 2_000).query) <= 200
    assert codes("glove " * 2_000) == codes("glove")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("光伏", {"26131900", "26111607", "26131507"}),
        ("太阳能电池板", {"26131900", "26111607"}),
        ("solar panel", {"26131900", "26111607"}),
        ("photovoltaic", {"26131900", "26131507"}),
        ("LED灯", {"39101600"}),
        ("路灯", {"39111608", "39111617"}),
        ("笔记本电脑", {"43211503"}),
        ("laptop", {"43211503"}),
        ("净水设备", {"47101514"}),
        ("办公家具", {"56101700"}),
    ],
)
def test_product_words_and_their_synonyms_find_the_codes_first(taxonomy, query, expected):
    result = search_unspsc(query)
    first = [c.code for c in result.codes[: len(expected) + 3]]
    assert expected <= set(first), (query, first)
    assert result.matched_by[result.codes[0].code] == VOCABULARY
    assert result.synonyms  # the page says what the query was read as


def test_led_finds_lamps_and_never_ledger_paper(taxonomy):
    result = search_unspsc("LED")
    titles = [c.title_en.lower() for c in result.codes]
    assert not any("ledger" in t or "sealed" in t for t in titles)
    assert {"39101600", "39110000"} <= {c.code for c in result.codes[:3]}
    assert "43211909" in {c.code for c in result.codes}  # "Poly light emitting diode LED display": a whole word
    assert codes("LED") == codes("led")


def test_a_short_word_must_be_a_whole_word_of_the_title(taxonomy):
    assert all("pvc" not in c.title_en.lower() for c in search_unspsc("pv").codes if c.code in by_title("pv"))
    assert "14111600" not in by_title("led")  # no "Ledger…"


def test_titles_holding_every_word_whole_come_before_word_starts(taxonomy):
    found = search_unspsc("gloves").codes
    first = found[0].title_en.lower()
    assert "gloves" in first.split() and len(first) <= min(len(c.title_en) for c in found[:5])
