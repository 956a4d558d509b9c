"""The product vocabulary (lib/taxonomy/vocabulary.csv) and its loader."""

import csv

import pytest

from tenderbridge.lib.taxonomy import vocabulary
from tenderbridge.lib.taxonomy.translation import Dictionary
from tests.conftest import data_dir

HEADER = "concept,zh,en,es,fr,unspsc\n"


def write(tmp_path, body: str, header: str = HEADER):
    path = tmp_path / "vocabulary.csv"
    path.write_text("# provenance line\n" + header + body, encoding="utf-8")
    return path


def test_the_packaged_vocabulary_loads_with_hundreds_of_product_words():
    vocab = vocabulary.default()
    assert len(vocab) >= 200
    assert sum(len(c.zh) for c in vocab.concepts) >= 800
    solar = vocab.by_key["solar_pv"]
    assert {"光伏", "太阳能电池板", "光伏组件"} <= set(solar.zh)
    assert {"photovoltaic", "solar panel"} <= set(solar.en) and "panneau solaire" in solar.fr
    assert "panel solar" in solar.es


def test_every_code_of_the_vocabulary_is_a_real_unspsc_code():
    path = data_dir() / "unspsc-ungm-codeset" / "unspsc_ungm.csv"
    if not path.exists():
        pytest.skip(f"the real data folder {path.parent} is not here")
    with path.open(encoding="utf-8") as file:
        known = {row["code"] for row in csv.DictReader(file)}
    assert len(vocabulary.load(known_codes=known)) == len(vocabulary.default())


def test_a_text_names_concepts_by_chinese_substrings_and_whole_latin_words():
    vocab = vocabulary.default()
    found = {h.concept.key: h for h in vocab.find("我们生产LED路灯、太阳能路灯和光伏组件（太阳能电池板），也做笔记本电脑")}
    assert {"street_lighting", "solar_lighting", "solar_pv", "laptop"} <= set(found)
    assert found["solar_pv"].count == 2  # 光伏组件 and 太阳能电池板
    # 太阳能路灯 is solar lighting; the 路灯 inside it is not counted again as street lighting
    assert found["street_lighting"].words == ("LED路灯",)


def test_acronyms_match_a_description_only_in_capitals_and_never_inside_words():
    vocab = vocabulary.default()
    keys = {h.concept.key for h in vocab.find("A women-led company that sells Ledger paper")}
    assert not keys & {"led_lamp", "led_fixture"}
    assert "led_lamp" in {h.concept.key for h in vocab.find("LED street lights")}
    assert "led_lamp" in {h.concept.key for h in vocab.in_query("led")}  # a typed query: any case


def test_a_query_names_the_concept_whose_synonym_covers_it():
    vocab = vocabulary.default()
    for query, key in [("光伏", "solar_pv"), ("太阳能电池板", "solar_pv"), ("solar panel", "solar_pv"),
                       ("photovoltaic", "solar_pv"), ("路灯", "street_lighting"), ("LED灯", "led_lamp"),
                       ("笔记本电脑", "laptop"), ("laptop", "laptop"), ("净水设备", "water_purification"),
                       ("医用手套", "medical_gloves"), ("办公家具", "office_furniture"), ("咨询服务", "consulting")]:
        assert vocab.in_query(query)[0].concept.key == key, query


def test_translation_tables_give_every_synonym_its_concepts_words_without_generic_ones():
    tables = vocabulary.default().translation_tables()
    english = [word for word, _p in tables["en"]["光伏"]]
    assert {"photovoltaic", "solar", "pv"} <= set(english)
    assert "equipment" not in [w for w, _p in tables["en"]["净水设备"]]
    assert all(p == 1.0 for entry in tables["fr"].values() for _w, p in entry)


def test_the_search_dictionary_puts_the_vocabulary_first_and_looks_up_joined_words():
    learnt = Dictionary({"en": {"组件": [("assemblies", 0.85)], "手套": [("gloves", 0.6), ("mitts", 0.06)]}})
    merged = learnt.merged(vocabulary.default().translation_tables())
    assert merged.merged(vocabulary.default().translation_tables()).tables == merged.tables  # idempotent
    groups = merged.translate(["光伏", "组件"])  # how search cuts 光伏组件
    assert "photovoltaic" in groups[0] and groups[1][0] == "assemblies"
    assert any("solar" in group for group in groups[2:])  # 光伏组件 looked up joined
    assert merged.translate(["医用手套"])[0][:2] == ["medical", "gloves"]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("solar,光伏,photovoltaic,,\n", "line 3: 5 columns, expected 6"),
        (",光伏,photovoltaic,,,26131900\n", "line 3: the concept key is empty"),
        ("solar,,photovoltaic,,,26131900\n", "needs at least one Chinese and one English word"),
        ("solar,光伏,photovoltaic,,,2613\n", "codes that are not UNSPSC: 2613"),
        ("solar,光伏,photovoltaic,,,\n", "has no code"),
        ("solar,光伏,photovoltaic,,,26131900\nsolar,太阳能,solar,,,26131900\n", "line 4: concept 'solar' is listed twice"),
    ],
)
def test_a_bad_row_stops_the_load_with_the_file_and_line(tmp_path, body, message):
    with pytest.raises(vocabulary.VocabularyError, match=message):
        vocabulary.load(write(tmp_path, body))


def test_a_missing_header_or_file_is_a_clear_error(tmp_path):
    with pytest.raises(vocabulary.VocabularyError, match="first row must be the header"):
        vocabulary.load(write(tmp_path, "solar,光伏,photovoltaic,,,26131900\n", header=""))
    with pytest.raises(vocabulary.VocabularyError, match="cannot be read"):
        vocabulary.load(tmp_path / "missing.csv")


def test_a_code_the_loaded_taxonomy_lacks_is_refused(tmp_path):
    with pytest.raises(vocabulary.VocabularyError, match="26131900"):
        vocabulary.load(write(tmp_path, "solar,光伏,photovoltaic,,,26131900\n"), known_codes={"42132203"})
