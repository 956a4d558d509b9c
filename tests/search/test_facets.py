"""search/facets.py: the multi-valued columns' counts (countries, segments, families) from their arranged pairs
are those of counting every pair, for few chosen notices, many, or all, and whatever order the pairs are in."""

from collections import Counter

import numpy as np
import pytest

from tenderbridge.search import facets

SIZE = 5_000


def _pairs(rng, size=SIZE, unsorted=False):
    per = rng.choice([0, 1, 2, 3, 7], size, p=[0.15, 0.6, 0.15, 0.07, 0.03])
    rows = np.repeat(np.arange(size), per).astype(np.int32)
    codes = rng.integers(0, 60, len(rows)).astype(np.int16)
    # A notice's codes are distinct, as the columns hold them.
    seen = set()
    keep = np.array(
        [
            (r, c) not in seen and not seen.add((r, c))
            for r, c in zip(rows.tolist(), codes.tolist(), strict=True)
        ]
    )
    rows, codes = rows[keep], codes[keep]
    if unsorted:  # a refresh appends the changed notices' pairs after the others
        order = rng.permutation(len(rows))
        rows, codes = rows[order], codes[order]
    return rows, codes


def _expected(rows, codes, positions):
    chosen = set(positions.tolist())
    return dict(Counter(c for r, c in zip(rows.tolist(), codes.tolist(), strict=True) if r in chosen))


class _Columns:  # what _pair_counts reads of snapshot.Columns
    def __init__(self, rows, codes, size=SIZE):
        self.country_rows, self.country_codes, self.size = rows, codes, size


@pytest.mark.parametrize("unsorted", [False, True])
@pytest.mark.parametrize("chosen", [0, 1, 30, 400, SIZE // 2, SIZE])
def test_pair_counts_are_those_of_every_pair(chosen, unsorted):
    rng = np.random.default_rng(chosen + unsorted)
    rows, codes = _pairs(rng, unsorted=unsorted)
    columns = _Columns(rows, codes)
    positions = np.sort(rng.choice(SIZE, chosen, replace=False)).astype(np.int64)
    assert facets._pair_counts(columns, "country", positions) == _expected(rows, codes, positions)


def test_the_arranged_pairs_are_built_once_per_index_state():
    rows, codes = _pairs(np.random.default_rng(1))
    columns = _Columns(rows, codes)
    assert facets.arranged(columns, "country") is facets.arranged(columns, "country")
    other = _Columns(rows[:-1], codes[:-1])
    assert facets.arranged(other, "country") is not facets.arranged(columns, "country")


def test_no_pairs_count_nothing():
    empty = _Columns(np.zeros(0, np.int32), np.zeros(0, np.int16))
    assert facets._pair_counts(empty, "country", np.arange(10)) == {}
    assert facets._pair_counts(empty, "country", np.arange(SIZE)) == {}
