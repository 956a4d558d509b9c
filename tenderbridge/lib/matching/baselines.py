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
from .text import TermMatrix

K1, B = 1.2, 0.75
BASELINES = ("random", "unspsc", "bm25")


def random_scores(n: int, rng: np.random.Generator) -> np.ndarray:
    return rng.random(n)


def unspsc_notices(supplier: PreparedSupplier, index: NoticeIndex) -> np.ndarray:
    return notice_codes(supplier.codes, index)


def unspsc_suppliers(notice: PreparedNotice, index: SupplierIndex) -> np.ndarray:
    return supplier_codes(notice, index)


def bm25(matrix: TermMatrix, query: dict) -> np.ndarray:
    """BM25 of a query's distinct terms over every document of the matrix."""
    columns = np.asarray([matrix.vocabulary[t] for t in query if t in matrix.vocabulary], dtype=np.int64)
    if not len(columns) or not matrix.n_docs:
        return np.zeros(matrix.n_docs)
    sub = matrix.counts[:, columns].tocoo()
    df = np.bincount(sub.col, minlength=len(columns))
    idf = np.log(1.0 + (matrix.n_docs - df + 0.5) / (df + 0.5))
    average = max(float(matrix.lengths.mean()), 1e-9)
    norm = K1 * (1.0 - B + B * matrix.lengths[sub.row] / average)
    tf = sub.data.astype(np.float64)
    return np.bincount(sub.row, weights=idf[sub.col] * tf * (K1 + 1.0) / (tf + norm), minlength=matrix.n_docs)


def bm25_notices(supplier: PreparedSupplier, index: NoticeIndex) -> np.ndarray:
    return bm25(index.terms, supplier.profile_terms + supplier.history_terms)


def bm25_suppliers(notice: PreparedNotice, index: SupplierIndex) -> np.ndarray:
    matrix = getattr(index, "_bm25_documents", None)
    if matrix is None:
        matrix = TermMatrix.build([s.profile_terms + s.history_terms for s in index.suppliers])
        index._bm25_documents = matrix
    return bm25(matrix, notice.terms)
