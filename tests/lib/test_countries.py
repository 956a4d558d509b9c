"""Country names from CLDR in both languages, in the order each language's reader expects."""

from tenderbridge.lib import countries


def test_names_come_from_cldr_in_both_languages():
    assert countries.name("CN", "en") == "China" and countries.name("CN", "zh-hans") == "中国"
    assert countries.name("CI", "en") == "Côte d’Ivoire" and countries.name("CI", "zh") == "科特迪瓦"
    assert countries.name("KR", "zh-hans") == "韩国"  # CLDR's everyday name, not pycountry's 大韩民国
    assert countries.name("TW", "zh-hans") == "中国台湾" and countries.name("HK", "zh-hans") == "中国香港"
    assert countries.name("XX") == "XX"


def test_every_iso_country_has_a_name_in_each_language():
    for code in countries.codes():
        assert countries.name(code, "en") != code and countries.name(code, "zh") != code


def test_the_chinese_list_is_in_pinyin_order():
    names = [label for _code, label in countries.choices("zh-hans")]
    assert names[:3] == ["阿尔巴尼亚", "阿尔及利亚", "阿富汗"]  # a'erbaniya, a'erjiliya, afuhan
    assert names.index("埃及") < names.index("巴西") < names.index("德国") < names.index("中国")
    assert len(names) == len(countries.codes()) == 249


def test_the_english_list_is_alphabetical_with_accents_folded():
    names = [label for _code, label in countries.choices("en")]
    assert names.index("Åland Islands") < names.index("Albania")
    assert names.index("Côte d’Ivoire") < names.index("Croatia")
    assert names == sorted(names, key=lambda n: countries.sort_key(n, "en"))


def test_chosen_codes_lead():
    assert countries.choices("zh", first=("CN",))[0] == ("CN", "中国")
    assert [c for c, _ in countries.choices("en", first=("CN",))].count("CN") == 1


def test_sources_names_are_found_in_either_language():
    assert countries.lookup("Denmark") == "DK" and countries.lookup("丹麦") == "DK"
    assert countries.lookup("Côte d’Ivoire") == "CI" and countries.lookup("nowhere") is None
