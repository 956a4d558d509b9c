"""Chinese UNSPSC titles: the v7 dictionary, the join by code, and our hand-written segment/family titles."""

import re

import pytest

from tenderbridge.lib.taxonomy.unspsc import (
    english_titles_agree,
    read_unspsc_v7,
    read_unspsc_zh,
    unspsc_with_chinese,
)
from tenderbridge.lib.taxonomy.zh_titles_supplement import CORRECTIONS, SUPPLEMENT

HAN = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def joined(taxonomy_data):
    return unspsc_with_chinese(taxonomy_data)


def test_v7_dictionary_is_utf8_simplified_chinese_by_code(taxonomy_data):
    rows = list(read_unspsc_v7(taxonomy_data))
    assert len(rows) == 20_789
    zh = read_unspsc_zh(taxonomy_data)
    assert len(zh) == 19_683
    assert zh["42000000"] == "医疗设备、附件和用品"
    assert zh["10101501"] == "猫"
    assert sum(bool(HAN.search(t)) for t in zh.values()) == len(zh) - 1  # 43202003 is just "DVD"


def test_join_report_counts_by_level(joined):
    _, report = joined
    levels = report.by_level
    assert {level: c.total for level, c in levels.items()} == {
        "segment": 58, "family": 452, "class": 2_136, "commodity": 10_642,
    }
    assert {level: c.with_zh for level, c in levels.items()} == {
        "segment": 58, "family": 452, "class": 1_414, "commodity": 5_939,
    }
    assert (levels["class"].rejected_v7, levels["commodity"].rejected_v7) == (20, 50)
    for counts in levels.values():
        assert counts.from_v7 + counts.rejected_v7 + counts.not_in_v7 + counts.corrected == counts.total
    assert "with_zh" in report.as_table()


def test_every_segment_and_family_has_a_chinese_title_after_the_join(joined):
    codes, _ = joined
    top = [c for c in codes if c.level in ("segment", "family")]
    assert len(top) == 510
    assert all(c.title_zh and HAN.search(c.title_zh) for c in top)


def test_supplement_covers_exactly_the_segments_and_families_v7_cannot_title(joined):
    codes, report = joined
    by_code = {c.code: c for c in codes}
    assert all(by_code[code].level in ("segment", "family") for code in SUPPLEMENT)
    # Corrections: segments and families, and the classes and commodities the December 2026 audit found mistranslated by v7
    # (tests/lib/taxonomy/test_audit.py); every one is a code of the UNGM set.
    assert all(code in by_code for code in CORRECTIONS)
    assert sum(by_code[code].level in ("class", "commodity") for code in CORRECTIONS) == 13
    assert not set(SUPPLEMENT) & set(CORRECTIONS)
    supplemented = sum(report.by_level[level].supplemented for level in ("segment", "family"))
    assert supplemented == len(SUPPLEMENT) == 118  # every entry is used; none is dead
    assert by_code["57000000"].title_zh == SUPPLEMENT["57000000"]


def test_a_reused_code_does_not_inherit_the_old_meanings_translation(joined):
    codes, _ = joined
    by_code = {c.code: c for c in codes}
    # 42132201 was "Medical glove boxes or dispensers" in v7; UNGM now uses it for an iron reagent.
    assert by_code["42132201"].title_zh is None
    assert by_code["51100000"].title_zh == "抗阿米巴药、抗滴虫药和抗原虫药"  # v7: 抗感染药 (all anti-infectives)
    assert by_code["42132203"].title_zh  # Medical examination gloves keep their v7 title


def test_english_titles_agree_on_rewording_but_not_on_a_new_meaning():
    assert english_titles_agree("Castings and casting assemblies", "Castings")
    assert english_titles_agree("Busses", "Buses")
    assert not english_titles_agree("Rubber support block", "Trusses")
    assert not english_titles_agree("Water resource development service", "Development")
