"""The UNGM UNSPSC code set reads completely, with consistent levels and parents."""

import csv
from collections import Counter

import pytest

from tenderbridge.lib.taxonomy.models import UNSPSC_LEVELS
from tenderbridge.lib.taxonomy.unspsc import (
    UNGM_CSV,
    family_of,
    read_unspsc_segments_es,
    read_unspsc_ungm,
    structural_ancestors,
    unspsc_level,
)


@pytest.fixture(scope="module")
def codes(taxonomy_data):
    return list(read_unspsc_ungm(taxonomy_data))


def test_the_file_has_13317_rows_which_are_10_ungm_groups_and_13288_distinct_codes(taxonomy_data, codes):
    with open(taxonomy_data / UNGM_CSV, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 13_317
    assert sum(row["level"] == "group" for row in rows) == 10
    assert len(rows) - 10 - len(codes) == 19  # rows repeating an earlier code
    assert len(codes) == 13_288
    assert len({c.code for c in codes}) == len(codes)


def test_level_counts_match_the_source_description_less_the_repeated_rows(codes):
    counts = Counter(c.level for c in codes)
    assert counts == {"segment": 58, "family": 452, "class": 2_136, "commodity": 10_642}


def test_level_follows_the_zero_padding_of_the_code(codes):
    assert all(len(c.code) == 8 and c.code.isdigit() for c in codes)
    assert all(unspsc_level(c.code) == c.level for c in codes)
    assert unspsc_level("42000000") == "segment"
    assert unspsc_level("42130000") == "family"
    assert unspsc_level("42132200") == "class"
    assert unspsc_level("42132203") == "commodity"


def test_every_parent_exists_is_an_ancestor_by_code_and_sits_at_a_higher_level(codes):
    by_code = {c.code: c for c in codes}
    for code in codes:
        if code.level == "segment":
            assert code.parent is None
            continue
        parent = by_code[code.parent]
        assert code.parent in structural_ancestors(code.code)
        assert UNSPSC_LEVELS.index(parent.level) < UNSPSC_LEVELS.index(code.level)


def test_parents_are_the_direct_level_above_except_the_humanitarian_classes_without_a_family(codes):
    skipping = [c for c in codes if c.parent and UNSPSC_LEVELS.index(c.level) - UNSPSC_LEVELS.index(unspsc_level(c.parent)) > 1]
    # UNGM lists 18 classes in segment 57 (e.g. 57333200 Emergency latrine facility) whose family is absent.
    assert len(skipping) == 18
    assert all(c.code.startswith("57") and c.level == "class" and c.parent == "57000000" for c in skipping)


def test_titles_are_clean_english(codes):
    assert all(c.title_en and c.title_en == c.title_en.strip() and "  " not in c.title_en for c in codes)
    assert all(c.title_zh is None for c in codes)
    by_code = {c.code: c for c in codes}
    assert by_code["42000000"].title_en == "Medical Equipment and Accessories and Supplies"
    assert by_code["23160000"].title_en == "Foundry machines and equipment and supplies"  # double space in file


def test_family_of_a_code():
    assert family_of("42132203") == "42130000"
    assert family_of("42130000") == "42130000"
    assert family_of("42000000") is None


def test_spanish_segment_titles_cover_56_segments(taxonomy_data):
    segments = read_unspsc_segments_es(taxonomy_data)
    assert len(segments) == 56
    assert segments["78000000"][1] == "Servicios de Transporte, Almacenaje y Correo"
