"""The CPV 2008 vocabulary reads completely, with levels from the trailing zeros and existing parents."""

from collections import Counter

import pytest

from tenderbridge.lib.taxonomy.cpv import cpv_code8, cpv_level, read_cpv, read_cpv_translations
from tenderbridge.lib.taxonomy.models import CPV_LEVELS


@pytest.fixture(scope="module")
def cpv(taxonomy_data):
    return list(read_cpv(taxonomy_data))


def test_reads_9454_codes_with_check_digits(cpv):
    assert len(cpv) == 9_454
    assert len({c.code8 for c in cpv}) == 9_454
    assert all(len(c.code) == 10 and c.code[8] == "-" and c.code[:8] == c.code8 for c in cpv)
    assert cpv[0].code == "03000000-1"
    assert all(c.title_en and c.title_zh is None for c in cpv)


def test_levels_follow_trailing_zeros(cpv):
    assert Counter(c.level for c in cpv) == {
        "division": 45, "group": 272, "class": 1_002, "category": 2_379, "subcategory": 5_756,
    }
    assert cpv_level("45000000") == "division"
    assert cpv_level("45200000") == "group"
    assert cpv_level("45230000") == "class"
    assert cpv_level("45233000") == "category"
    assert cpv_level("45233120") == "subcategory"


def test_parents_exist_and_are_prefixes_at_a_higher_level(cpv):
    by_code = {c.code8: c for c in cpv}
    skips = 0
    for code in cpv:
        if code.level == "division":
            assert code.parent is None
            continue
        parent = by_code[code.parent]
        digits = len(parent.code8.rstrip("0"))
        assert code.code8.startswith(parent.code8[: max(2, digits)])
        assert CPV_LEVELS.index(parent.level) <= CPV_LEVELS.index(code.level)
        assert parent.code8 != code.code8
        skips += len(code.code8.rstrip("0")) - max(2, digits) > 1
    assert skips == 35  # e.g. 30192121 hangs off 30192100; no 3019212x level exists


def test_cpv_code8_accepts_codes_with_and_without_check_digit():
    assert cpv_code8("45233120-6") == "45233120"
    assert cpv_code8(" 45233120 ") == "45233120"
    with pytest.raises(ValueError):
        cpv_code8("4523312")


def test_translations_in_five_languages_for_every_code(taxonomy_data):
    titles = read_cpv_translations(taxonomy_data)
    assert len(titles) == 9_454
    assert Counter(lang for langs in titles.values() for lang in langs) == {
        "en": 9_454, "ro": 9_454, "pl": 9_454, "da": 9_454, "sv": 9_454,
    }
    assert titles["03111000"]["da"] == "Frø"
