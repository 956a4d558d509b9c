"""The hand-written CPV → UNSPSC crosswalk covers every CPV division and points at real UNGM codes."""

import pytest

from tenderbridge.lib.taxonomy.cpv import read_cpv
from tenderbridge.lib.taxonomy.crosswalk import CPV_TO_UNSPSC, cpv_to_unspsc, mapping_reaches_family
from tenderbridge.lib.taxonomy.unspsc import read_unspsc_ungm


@pytest.fixture(scope="module")
def cpv(taxonomy_data):
    return list(read_cpv(taxonomy_data))


@pytest.fixture(scope="module")
def unspsc(taxonomy_data):
    return {c.code: c for c in read_unspsc_ungm(taxonomy_data)}


def test_every_cpv_division_maps(cpv):
    divisions = [c for c in cpv if c.level == "division"]
    assert len(divisions) == 45
    assert all(c.code8[:2] in CPV_TO_UNSPSC for c in divisions)
    assert all(cpv_to_unspsc(c.code) for c in cpv)  # so every code reaches at least a segment


def test_every_target_is_a_segment_or_family_in_the_ungm_code_set(unspsc):
    targets = {t for ts in CPV_TO_UNSPSC.values() for t in ts}
    assert targets <= set(unspsc)
    assert all(unspsc[t].level in ("segment", "family") for t in targets)


def test_every_key_is_a_real_cpv_division_group_class_or_category(cpv):
    known = {c.code8 for c in cpv}
    assert all(2 <= len(key) <= 5 and key.ljust(8, "0") in known for key in CPV_TO_UNSPSC)
    assert all(len(set(ts)) == len(ts) for ts in CPV_TO_UNSPSC.values())


def test_most_groups_reach_a_unspsc_family(cpv):
    groups = [c for c in cpv if c.level == "group"]
    at_family = [c for c in groups if mapping_reaches_family(cpv_to_unspsc(c.code))]
    assert len(groups) == 272
    assert len(at_family) >= 250


def test_the_most_specific_mapping_wins():
    assert cpv_to_unspsc("33141420-0") == ["42140000", "42310000", "42130000"]  # class 3314 over group 331
    assert cpv_to_unspsc("33100000-1") == ["42000000"]  # group 331: medical equipment spreads over segment 42
    assert cpv_to_unspsc("72212000") == ["81110000"]  # group 722 over division 72
    assert cpv_to_unspsc("48000000-8") == ["43230000"]  # division only
    assert cpv_to_unspsc("NA") == []
    assert cpv_to_unspsc("99000000") == []


def test_mapping_reaches_family():
    assert mapping_reaches_family(["42130000", "42140000"])
    assert not mapping_reaches_family(["42000000"])
    assert not mapping_reaches_family(["42130000", "51000000"])
    assert not mapping_reaches_family([])
