"""The rankings the product's ranker is measured against, scored over the same indexes:

- random: a seeded uniform score per row (what knowing nothing gives);
- unspsc: the UNSPSC overlap alone (the product's own `code` signal: what UNGM's code matching does);
- bm25: Okapi BM25 (k1 = 1.2, b = 0.75) of the query side's words over the other side's documents — a notice's
  title and description, a supplier's name, description and past contracts all in one document.

Each returns the score of every row, like ranker.score_notices / score_suppliers.
"""

import numpy as np

from .index import NoticeIndex, PreparedNotice, PreparedSupplier, SupplierIndex
from .signals import notice_codes, supplier_codes

BASELINES = ("random", "unspsc", "bm25")


def random_scores(n: int, rng: np.random.Generator) -> np.ndarray:
    return rng.random(n)


def unspsc_notices(supplier: PreparedSupplier, index: NoticeIndex) -> np.ndarray:
    return notice_codes(supplier.codes, index)


def unspsc_suppliers(notice: PreparedNotice, index: SupplierIndex) -> np.ndarray:
    return supplier_codes(notice, index)


def bm25_notices(supplier: PreparedSupplier, index: NoticeIndex) -> np.ndarray:
    return index.terms.bm25(supplier.profile_terms + supplier.history_terms)


def bm25_suppliers(notice: PreparedNotice, index: SupplierIndex) -> np.ndarray:
    return index.all_terms.bm25(notice.terms)
