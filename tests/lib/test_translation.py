"""The Chinese → English/Spanish/French dictionary learnt from parallel titles (IBM Model 1)."""

from tenderbridge.lib.taxonomy.translation import Dictionary, train

PAIRS = [
    ("医用手套", "Medical gloves"),
    ("医用口罩", "Medical masks"),
    ("手术手套", "Surgical gloves"),
    ("手术刀", "Surgical knives"),
    ("检查手套", "Examination gloves"),
    ("割草机", "Lawn mowers"),
    ("割草服务", "Mowing services"),
    ("清洁服务", "Cleaning services"),
]


def test_it_learns_which_word_translates_which_from_co_occurrence():
    table = train(PAIRS)
    assert table["手套"][0][0] == "gloves"
    assert table["医用"][0][0] == "medical"
    assert table["手术"][0][0] == "surgical"
    assert table["服务"][0][0] == "services"
    assert all(0 < p <= 1 for translations in table.values() for _w, p in translations)


def test_function_words_and_numbers_are_not_translated():
    table = train([("手套和口罩", "Gloves and masks 2024"), ("手套", "Gloves")])
    assert "和" not in table
    assert all(word not in ("and", "2024") for translations in table.values() for word, _p in translations)


def test_translations_come_in_one_group_per_known_word_and_survive_a_save(tmp_path):
    dictionary = Dictionary({"en": train(PAIRS), "es": train([("手套", "Guantes"), ("口罩", "Mascarillas")])})
    path = tmp_path / "query-translation.json"
    dictionary.save(path)
    loaded = Dictionary.load(path)
    groups = loaded.translate(["手套", "没有的词"])
    assert len(groups) == 1 and {"gloves", "guantes"} <= set(groups[0])
    assert loaded.translate([]) == []
