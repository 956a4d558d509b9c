import pytest

from tenderbridge.suppliers.names import core_name, split_names


@pytest.mark.parametrize(
    ("name", "chinese", "latin"),
    [
        ("Suzhou Medtex Co., Ltd. 苏州美德纺织有限公司", "苏州美德纺织有限公司", "Suzhou Medtex Co., Ltd."),
        ("宁波光能有限公司 Ningbo Solar Light Co.", "宁波光能有限公司", "Ningbo Solar Light Co."),
        ("苏州美德纺织有限公司", "苏州美德纺织有限公司", ""),
        ("UNICEF Supply Division", "", "UNICEF Supply Division"),
        ("🏭 工厂", "工厂", ""),
    ],
)
def test_a_sign_up_name_splits_into_its_chinese_and_latin_parts(name, chinese, latin):
    assert split_names(name) == (chinese, latin)


@pytest.mark.parametrize(
    "spelling",
    [
        "PEAK INTERNATIONAL TRADE (TIANJIN) CO. LTD.",
        "Peak International Trade (Tianjin) Co.",
        "PEAK INTERNATIONAL TRADE (TIANJIN)CO LTD",
        "PEAK INTERNATIONAL TRADE ( TIANJIN ) CO.LTD",
        "Peak International Trade (Tianjin) Company Limited",
    ],
)
def test_spellings_of_one_company_in_the_award_data_share_a_core(spelling):
    assert core_name(spelling) == "peak international trade tianjin"


def test_legal_forms_in_other_languages_and_in_chinese_are_dropped():
    assert core_name("ACIFI S.A.") == "acifi"
    assert core_name("Haier Medical And Laboratory Products Co., Ltd") == "haier medical and laboratory products"
    assert core_name("苏州美德纺织股份有限公司") == "苏州美德纺织"


def test_a_core_too_short_to_match_on_is_empty():
    assert core_name("Co., Ltd.") == ""
    assert core_name("🏭🏭") == ""
    assert core_name("美") == ""
    assert core_name("AB Ltd") == ""
