"""What to try when no notice closely matches a search: the past contract awards for the same words and who
bought them, the categories those awards are filed under, and a broader query (docs/search-relevance.md).

Only computed for the "no close match" state (listing.py), so an ordinary search pays nothing: one more search
of the words (and their translations, not their meaning: award rows are short and near any short query) among
the awards, and a few bincounts over its close matches.
"""

from dataclasses import dataclass
from datetime import datetime

import numpy as np

from tenderbridge.opportunities.filters import NoticeFilters, Search

from . import discover, facets

TOP = 5  # buyers and categories shown


@dataclass(frozen=True)
class PastAwards:
    search: Search  # the same words among the past contract awards (the awards tab)
    total: int  # awards that closely match the words
    buyers: list[tuple[int, int]]  # (buyer party id, awards), most first
    families: list[tuple[str, int]]  # (UNSPSC family code, awards), most first


def past_awards(search: Search, now: datetime | None = None, top: int = TOP) -> PastAwards:
    """The awards among every notice (whatever the other filters) that closely match the search's words — by
    the words and their translations, not by meaning: award rows are short ("Medical equipment") and close in
    meaning to any short query."""
    awards = Search(search.q, NoticeFilters(kind="awards"), match=search.match)
    columns, positions = discover.close_positions(awards, now, meaning=False)
    return PastAwards(
        awards,
        len(positions),
        _top_buyers(columns.buyer[positions], top),
        _top_families(columns, positions, top),
    )


def _top_buyers(buyers: np.ndarray, top: int) -> list[tuple[int, int]]:
    buyers = buyers[buyers > 0]
    if not len(buyers):
        return []
    ids, counts = np.unique(buyers, return_counts=True)
    order = np.lexsort((ids, -counts))[:top]
    return list(zip(ids[order].tolist(), counts[order].tolist(), strict=True))


def _top_families(columns, positions: np.ndarray, top: int) -> list[tuple[str, int]]:
    if not len(positions):
        return []
    counts = facets.family_counts(columns, positions)
    ranked = sorted(counts.items(), key=lambda pair: (-pair[1], pair[0]))[:top]
    return [(f"{code:04d}0000", n) for code, n in ranked]
