"""The official names of international buyers (lib/orgnames): matched from the names the sources write."""

import pytest

from tenderbridge.lib import buyer_family, orgnames


@pytest.mark.parametrize(
    ("written", "acronym", "name_zh", "exact"),
    [
        ("UNITED NATIONS CHILDRENS FUND (UNICEF)", "UNICEF", "联合国儿童基金会", True),  # UNGM
        ("UNICEF", "UNICEF", "联合国儿童基金会", True),  # ASR
        ("UNICEF Supply Division", "UNICEF", "联合国儿童基金会", False),  # a part of it
        ("UNITED NATIONS DEVELOPMENT PROGRAMME (UNDP)", "UNDP", "联合国开发计划署", True),
        ("WHO", "WHO", "世界卫生组织", True),
        ("FOOD AND AGRICULTURE ORGANISATION (FAO)", "FAO", "联合国粮食及农业组织", True),
        # UNGM's export gives IOM the acronym of the International Maritime Organization: the name wins.
        ("INTERNATIONAL ORGANIZATION FOR MIGRATION (IMO)", "IOM", "国际移民组织", True),
        ("UN/PD", "UNPD", "联合国采购司", True),
        ("The World Bank", "WB", "世界银行", True),
        ("Asian Development Bank", "ADB", "亚洲开发银行", True),
        ("NATO Support and Procurement Agency (NSPA)", "NSPA", "北约支助和采购局", True),
    ],
)
def test_names_as_the_sources_write_them_find_the_official_chinese_name(written, acronym, name_zh, exact):
    match = orgnames.lookup(written)
    assert (match.organisation.acronym, match.organisation.name_zh, match.exact) == (acronym, name_zh, exact)


@pytest.mark.parametrize(
    "written", ["who cares", "Birmingham City Council", "SYKEHUSINNKJØP HF", "", "EC Harris LLP"]
)
def test_other_buyers_are_not_matched(written):
    assert orgnames.lookup(written) is None


def test_every_row_has_both_names_a_known_family_and_a_source():
    rows = orgnames.organisations()
    assert len(rows) >= 80
    assert len({r.acronym for r in rows}) == len(rows)
    for row in rows:
        assert row.name_en and row.name_zh and row.source in orgnames.SOURCES
        assert row.family in buyer_family.FAMILIES


def test_a_broken_table_is_refused_with_the_line(tmp_path):
    table = tmp_path / "organisations.csv"
    table.write_text("acronym,name_en,name_zh,family,aliases,source\nX,Ex,,un,,unterm\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"organisations.csv line 2: missing \['name_zh'\]"):
        orgnames._read(table)
