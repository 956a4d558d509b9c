"""The ranker the product's feeds and `manage.py evaluate_matching` share.

    rank_notices(supplier, notice_index, now=None, k=20) -> [Match]   a supplier's feed, best first
    rank_suppliers(notice, supplier_index, now=None, k=20) -> [Match]  suppliers for a notice, best first
    score_notices / score_suppliers                                     the score of every row (the evaluation)

score = Σ weights.<signal> × signal (signals.py) − penalties, where the penalties are
- registration_penalty when a UN notice type usually asks for a higher UNGM level than the supplier's;
- short_deadline_penalty × (1 − days_left / MIN_DAYS_TO_RESPOND) when fewer days than that are left.
A row is excluded (score −inf, never returned) when the notice admits only other supplier countries, or — in
rank_notices, given `now` — when its deadline has passed. Without `now` nothing is judged by deadline (the
evaluation ranks past notices). Ties are broken by index row, so a ranking is deterministic.

`Match.explanation` says which signals fired and why (explain.py documents the structure).
"""

from dataclasses import dataclass
from datetime import datetime
from functools import cache, wraps

import numpy as np
from threadpoolctl import ThreadpoolController

from tenderbridge.lib import embeddings

from .explain import explain as explain_pair
from .features import NoticeFeatures, SupplierFeatures
from .index import (
    NoticeIndex,
    PreparedNotice,
    PreparedSupplier,
    SupplierIndex,
    prepare_notices,
    prepare_suppliers,
)
from .signals import SIGNALS, for_notices, for_suppliers
from .weights import (
    EVIDENCE_CODE,
    EVIDENCE_MEANING,
    EVIDENCE_WORDS,
    MIN_DAYS_TO_RESPOND,
    SUPPORT_MEANING,
    SUPPORT_WORDS,
    WEIGHTS,
    Weights,
)

DEFAULT_K = 20


@cache
def _blas():
    return ThreadpoolController()


def one_blas_thread(function):
    """Run with one BLAS thread: a query's products are small or memory-bound, and a second thread costs more
    in hand-over than it gains (1,000 × 512 matrix × vector: 1.1 ms with two threads, 0.03 ms with one, on
    this machine; equal at 100,000 rows)."""

    @wraps(function)
    def limited(*args, **kwargs):
        with _blas().limit(limits=1, user_api="blas"):
            return function(*args, **kwargs)

    return limited


@dataclass(frozen=True)
class Match:
    id: str  # the notice's OCID (rank_notices) or the supplier's id (rank_suppliers)
    score: float
    explanation: dict | None


def combine(values: dict, weights: Weights, *, deadline_excludes: bool) -> np.ndarray:
    """The scores of one query's rows from its signals (−inf for an excluded row)."""
    score = np.zeros(len(values["days_left"]), dtype=np.float64)
    for name in SIGNALS:
        weight, value = getattr(weights, name), values.get(name)
        if weight and value is not None:
            score += weight * value
    if values.get("embedding") is not None:  # both embedding signals, already weighted
        score += values["embedding"]
    score -= weights.registration_penalty * values["registration_gap"]
    days = values["days_left"]
    with np.errstate(invalid="ignore"):
        short = np.clip(1.0 - days / MIN_DAYS_TO_RESPOND, 0.0, 1.0)
    score -= weights.short_deadline_penalty * np.nan_to_num(short, nan=0.0)
    excluded = values["ineligible"].copy()
    if deadline_excludes:
        with np.errstate(invalid="ignore"):
            excluded |= days < 0
    score[excluded] = -np.inf
    return score


def order(scores: np.ndarray, k: int | None = None, floor: float | None = None) -> np.ndarray:
    """Rows best first (ties by row), excluded rows left out; the first k when k is given; with `floor`, only
    rows scoring above it."""
    candidates = np.flatnonzero(np.isfinite(scores) if floor is None else scores > floor)
    if k is not None and k < len(candidates):
        # the k-th best score, then every row at least that good, so ties at the border sort by row
        kth = np.partition(scores[candidates], len(candidates) - k)[len(candidates) - k]
        candidates = candidates[scores[candidates] >= kth]
    ranked = candidates[np.lexsort((candidates, -scores[candidates]))]
    return ranked if k is None else ranked[:k]


WORD_SIGNALS = ("text_profile", "text_history", "text_bm25")
HISTORY_SIGNALS = ("history_buyer", "history_category", "history_buyer_category", "history_value")


def evidence(values: dict, rows: np.ndarray, cosines: np.ndarray, weights: Weights) -> np.ndarray:
    """For these rows, whether the match has a reason about what is bought: a past contract in common, a code
    in common at class level or deeper (EVIDENCE_CODE), a closeness in meaning (`cosines`: (len(rows), 2) of
    the two embedding signals), or words with some weight — or two weaker readings that agree: a code in common
    at family or segment level, a cosine of SUPPORT_MEANING, words of SUPPORT_WORDS. (A family in common alone
    is what the crosswalk's broad families give a tool-hire notice and a solar-panel maker.) Boosts alone (SME,
    country, experience, a preferred buyer) are not."""
    best_cosine = cosines.max(axis=1) if cosines.size else np.zeros(len(rows))
    found = best_cosine >= EVIDENCE_MEANING
    for name in HISTORY_SIGNALS:
        if values.get(name) is not None:
            found |= values[name][rows] > 0
    words = np.zeros(len(rows))
    for name in WORD_SIGNALS:
        if values.get(name) is not None:
            words += getattr(weights, name) * values[name][rows]
    code = values.get("code_match", values.get("code"))
    code = code[rows] if code is not None else np.zeros(len(rows))
    weak = (code > 0).astype(int) + (best_cosine >= SUPPORT_MEANING) + (words >= SUPPORT_WORDS)
    return found | (words >= EVIDENCE_WORDS) | (code >= EVIDENCE_CODE) | (weak >= 2)


def best_rows(scores: np.ndarray, k: int, floor: float | None, proven=None) -> np.ndarray:
    """order(scores, k, floor), or — given `proven(rows) -> bool mask` — the k best rows that pass it, looking
    at a few times k rows first and at every one only when those are not enough."""
    if proven is None:
        return order(scores, k, floor)
    for width in (4 * k, None):
        rows = order(scores, width, floor)
        kept = rows[proven(rows)] if len(rows) else rows
        if len(kept) >= k or width is None or len(rows) < width:
            return kept[:k]
    return kept[:k]


def _supplier(supplier, encoder) -> PreparedSupplier:
    if isinstance(supplier, PreparedSupplier):
        return supplier
    if isinstance(supplier, SupplierFeatures):
        return prepare_suppliers([supplier], encoder)[0]
    raise TypeError(f"expected SupplierFeatures or PreparedSupplier, got {type(supplier).__name__}")


def _notice(notice, encoder) -> PreparedNotice:
    if isinstance(notice, PreparedNotice):
        return notice
    if isinstance(notice, NoticeFeatures):
        return prepare_notices([notice], encoder=encoder)[0]
    raise TypeError(f"expected NoticeFeatures or PreparedNotice, got {type(notice).__name__}")


def notice_signals(supplier, index: NoticeIndex, now=None, weights: Weights = WEIGHTS, encoder=None) -> dict:
    """Every signal apart (None = 0 everywhere), for the weight search: combine(…) of them is score_notices."""
    return for_notices(_supplier(supplier, encoder), index, now, weights, separate=True)


def supplier_signals(notice, index: SupplierIndex, now=None, weights: Weights = WEIGHTS, encoder=None) -> dict:
    return for_suppliers(_notice(notice, encoder), index, now, weights, separate=True)


@one_blas_thread
def score_notices(
    supplier: SupplierFeatures | PreparedSupplier,
    index: NoticeIndex,
    now: datetime | None = None,
    weights: Weights = WEIGHTS,
    encoder: embeddings.Encoder | None = None,
) -> np.ndarray:
    """The score of every notice of the index for this supplier, (n,) float64, −inf = excluded."""
    values = notice_signals(supplier, index, now, weights, encoder)
    return combine(values, weights, deadline_excludes=now is not None)


@one_blas_thread
def score_suppliers(
    notice: NoticeFeatures | PreparedNotice,
    index: SupplierIndex,
    now: datetime | None = None,
    weights: Weights = WEIGHTS,
    encoder: embeddings.Encoder | None = None,
) -> np.ndarray:
    """The score of every supplier of the index for this notice, (m,) float64, −inf = excluded."""
    values = supplier_signals(notice, index, now, weights, encoder)
    return combine(values, weights, deadline_excludes=False)


@one_blas_thread
def rank_notices(
    supplier: SupplierFeatures | PreparedSupplier,
    index: NoticeIndex,
    now: datetime | None = None,
    k: int = DEFAULT_K,
    weights: Weights = WEIGHTS,
    encoder: embeddings.Encoder | None = None,
    explain: bool = True,
    floor: float | None = None,
    require_evidence: bool = False,
) -> list[Match]:
    """The k best notices for a supplier, each with its explanation (None when explain=False). Pass
    `index.entry(row)` of a SupplierIndex (or a PreparedSupplier kept from before) to skip encoding the
    supplier's texts again. `floor`: only notices scoring above it (a full feed's last score: what cannot
    enter it is neither returned nor explained). `require_evidence`: only notices with a reason about what is
    bought (`evidence`)."""
    prepared = _supplier(supplier, encoder)
    values = for_notices(prepared, index, now, weights)
    scores = combine(values, weights, deadline_excludes=now is not None)

    def proven(rows):
        pair = np.stack([prepared.profile_vector, prepared.history_vector], axis=1)
        return evidence(values, rows, index.vectors[rows] @ pair, weights)

    rows = best_rows(scores, k, floor, proven if require_evidence else None)
    if not explain:
        return [Match(index.ids[row], float(scores[row]), None) for row in rows]
    profile_terms = index.terms.shared_terms(rows, prepared.profile_terms)
    history_terms = index.terms.shared_terms(rows, prepared.profile_terms + prepared.history_terms)
    return [
        Match(index.ids[row], float(scores[row]),
              explain_pair(prepared, index.notices[row], values, row, weights, now,
                              profile_terms=profile_terms[i], history_terms=history_terms[i]))
        for i, row in enumerate(rows)
    ]


@one_blas_thread
def rank_suppliers(
    notice: NoticeFeatures | PreparedNotice,
    index: SupplierIndex,
    now: datetime | None = None,
    k: int = DEFAULT_K,
    weights: Weights = WEIGHTS,
    encoder: embeddings.Encoder | None = None,
    explain: bool = True,
    require_evidence: bool = False,
) -> list[Match]:
    """The k best suppliers for a notice, each with its explanation (None when explain=False);
    `require_evidence` as for rank_notices."""
    prepared = _notice(notice, encoder)
    values = for_suppliers(prepared, index, now, weights)
    scores = combine(values, weights, deadline_excludes=False)
    m = len(index)

    def proven(rows):
        cosines = np.stack([index.vectors[rows] @ prepared.vector, index.vectors[m + rows] @ prepared.vector], axis=1)
        return evidence(values, rows, cosines, weights)

    rows = best_rows(scores, k, None, proven if require_evidence else None)
    if not explain:
        return [Match(index.ids[row], float(scores[row]), None) for row in rows]
    profile_terms = index.profile_terms.shared_terms(rows, prepared.terms)
    history_terms = index.all_terms.shared_terms(rows, prepared.terms)
    return [
        Match(index.ids[row], float(scores[row]),
              explain_pair(index.suppliers[row], prepared, values, row, weights, now,
                              profile_terms=profile_terms[i], history_terms=history_terms[i]))
        for i, row in enumerate(rows)
    ]


@one_blas_thread
def rank_feeds(
    suppliers: SupplierIndex,
    notices: NoticeIndex,
    now: datetime | None = None,
    k: int = DEFAULT_K,
    weights: Weights = WEIGHTS,
    explain: bool = False,
) -> dict[str, list[Match]]:
    """Every supplier's k best notices of `notices` (e.g. the notices of one ingest, to merge into the stored
    feeds): rank_notices for each supplier of the index, from its prepared entry. Without explanations by
    default (a feed stores ids and scores; `explain_notice` explains the results a page shows)."""
    return {
        suppliers.ids[row]: rank_notices(suppliers.entry(row), notices, now, k, weights, explain=explain)
        for row in range(len(suppliers))
    }


@one_blas_thread
def explain_notice(
    supplier: SupplierFeatures | PreparedSupplier,
    index: NoticeIndex,
    notice_id: str,
    now: datetime | None = None,
    weights: Weights = WEIGHTS,
    encoder: embeddings.Encoder | None = None,
) -> Match | None:
    """One notice of the index as rank_notices would return it (score and explanation), or None when the
    notice is not in the index or is excluded for this supplier."""
    row = index.row_of.get(notice_id)
    if row is None:
        return None
    prepared = _supplier(supplier, encoder)
    values = for_notices(prepared, index, now, weights)
    score = combine(values, weights, deadline_excludes=now is not None)[row]
    if not np.isfinite(score):
        return None
    terms = (index.terms.shared_terms([row], prepared.profile_terms)[0],
             index.terms.shared_terms([row], prepared.profile_terms + prepared.history_terms)[0])
    why = explain_pair(prepared, index.notices[row], values, row, weights, now,
                          profile_terms=terms[0], history_terms=terms[1])
    return Match(notice_id, float(score), why)
