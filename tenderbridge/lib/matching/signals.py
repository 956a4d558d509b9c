"""The ranker's signals for one query against a whole index, each a numpy array over the index's rows.

Both directions compute the same signals with the same meaning:
- supplier → notices (`for_notices`): one supplier against every notice of a NoticeIndex (a supplier's feed);
- notice → suppliers (`for_suppliers`): one notice against every supplier of a SupplierIndex (who could bid).

| signal | value for a (supplier, notice) pair |
|---|---|
| code | UNSPSC overlap of the supplier's declared codes and the notice's: LEVEL_VALUE of the deepest level both specify and agree on (commodity 1, class 0.75, family 0.5, segment 0.25), half for a predicted notice code, half for a code read from the supplier's description (DESCRIBED_SHARE) |
| text_profile, text_history | tf-idf cosine of the notice's words and the supplier's name + description / past contracts |
| text_bm25 | Okapi BM25 of the supplier's name, description and contracts as one text against the notice's (the query's 64 heaviest terms), divided by the best score of the query — 1 for the best row — or by bm25_floor × the score of an ideal match (Σ idf of those terms) when that is larger, so a best row that shares only a word or two stays low |
| embedding_profile, embedding_history | cosine of the notice's vector and the supplier's profile vector / mean past-contract vector |
| history_buyer | ln(1 + Σ recency) over the supplier's past contracts with the notice's buyer |
| history_category | ln(1 + Σ recency × match): match 1 for a contract in a family of the notice, SEGMENT_SHARE in its segment only |
| history_buyer_category | the same, counting only contracts with the notice's buyer |
| history_value | max over past contracts with this buyer of recency × exp(-|log10 value - log10 amount| / value_scale) |
| experience | ln(1 + Σ recency) over all past contracts |
| local | 1 when the supplier's country is a country of delivery |
| sme | 1 when the notice is marked SME-suitable and the supplier is micro, small or medium |
| preference | 1 when the supplier asked for UN and development-bank work and such a buyer buys |

recency of a contract = 1 for the notice's year or the year before, decay^(k-1) for k years before; a contract
or notice without a date counts as two years apart. Gates (not weighted signals): `ineligible` (the notice admits
only some supplier countries and not this one's), `registration_gap` (a UN notice type that asks for a higher
UNGM registration level than the supplier has), `days_left` (to the deadline, NaN when none or no `now`).
"""

import math
from datetime import datetime

import numpy as np

from tenderbridge.lib import buyer_family

from . import codes as C
from .index import NoticeIndex, PreparedNotice, PreparedSupplier, SupplierIndex, is_international
from .text import QUERY_TERMS
from .weights import DESCRIBED_SHARE, LEVEL_VALUE, PREDICTED_SHARE, SEGMENT_SHARE, Weights

SIGNALS = (
    "code", "text_profile", "text_history", "text_bm25", "embedding_profile", "embedding_history", "history_buyer",
    "history_category", "history_buyer_category", "history_value", "experience", "local", "sme", "preference",
)
UNKNOWN_GAP = 2  # years between a contract and a notice when either has no date
VALUE_CONTRACTS = 50  # most recent contracts per buyer compared for history_value
# The UNGM registration level a UN notice type usually asks for (a hint: agencies differ).
REQUIRED_LEVEL = {"eoi": 1, "rfi": 1, "rfq": 1, "itb": 2, "rfp": 2, "individual_consultant": 0}
_LEVEL_VALUES = [LEVEL_VALUE[level] for level in C.LEVELS]


def _relative(scores: np.ndarray, floor: float = 0.0) -> np.ndarray:
    """Scores divided by the best of them — or by `floor` when that is larger (a partial index: the best of
    the whole index it is a part of)."""
    best = max(float(scores.max()) if len(scores) else 0.0, floor)
    return scores / best if best > 0 else scores


def bm25_best(supplier: PreparedSupplier, index: NoticeIndex) -> float:
    """The supplier's best raw text_bm25 score over the index (kept with its feed for partial updates)."""
    if not (supplier.profile_terms or supplier.history_terms) or not len(index):
        return 0.0
    return float(index.terms.bm25(supplier.profile_terms + supplier.history_terms, QUERY_TERMS).max())


def recency(notice_year: int, contract_years: np.ndarray, decay: float) -> np.ndarray:
    gap = np.where((contract_years < 0) | (notice_year < 0), UNKNOWN_GAP, notice_year - contract_years)
    return np.power(decay, np.maximum(gap - 1, 0)).astype(np.float64)


def required_level(notice_type: str, buyer: str) -> int:
    if buyer_family.family(buyer or "") != buyer_family.UN:
        return 0
    return REQUIRED_LEVEL.get(notice_type or "", 0)


def _days_left(deadlines: np.ndarray, now: datetime | None) -> np.ndarray:
    if now is None or now.tzinfo is None:
        return np.full(len(deadlines), np.nan)
    return (deadlines - now.timestamp()) / 86400.0


# -- supplier → notices ------------------------------------------------------------------------------


def for_notices(
    supplier: PreparedSupplier, index: NoticeIndex, now: datetime | None, weights: Weights, separate: bool = False
) -> dict:
    """Every signal and gate of `supplier` against each notice of `index`: name → (n,) array, or None for a
    signal that is 0 everywhere. The two embedding signals come as one weighted array, "embedding" (one pass
    over the vectors instead of two), unless `separate` (the weight search needs them apart)."""
    n = len(index)
    out: dict = dict.fromkeys(SIGNALS)
    if supplier.codes or supplier.described:
        declared, described = notice_codes(supplier.codes, index), notice_codes(supplier.described, index)
        out["code"] = np.maximum(declared, DESCRIBED_SHARE * described)
        # the depth of the agreement whatever side the supplier code came from: what evidence() reads
        out["code_match"] = np.maximum(declared, described)
    out["text_profile"] = index.terms.scores(supplier.profile_terms) if supplier.profile_terms else None
    if supplier.history_terms and (weights.text_history or separate):
        out["text_history"] = index.terms.scores(supplier.history_terms)
    if supplier.profile_terms or supplier.history_terms:
        words = supplier.profile_terms + supplier.history_terms
        floor = weights.bm25_floor * index.terms.bm25_ideal(words, QUERY_TERMS)
        if index.partial:
            floor = max(floor, supplier.bm25_best)
        out["text_bm25"] = _relative(index.terms.bm25(words, QUERY_TERMS), floor)
    if separate:
        cosines = index.vectors @ np.stack([supplier.profile_vector, supplier.history_vector], axis=1)
        out["embedding_profile"], out["embedding_history"] = cosines[:, 0], cosines[:, 1]
    else:
        query = weights.embedding_profile * supplier.profile_vector + weights.embedding_history * supplier.history_vector
        out["embedding"] = index.vectors @ query.astype(np.float32)
    if len(supplier.history):
        _history_for_notices(supplier, index, weights, out)
    if supplier.country in index.delivery:
        out["local"] = np.zeros(n)
        out["local"][index.delivery[supplier.country]] = 1.0
    if supplier.sme and index.sme.any():
        out["sme"] = index.sme.astype(np.float64)
    if supplier.prefers_international and len(index.international) == n and index.international.any():
        out["preference"] = index.international.astype(np.float64)
    out["ineligible"] = _ineligible_notices(supplier, index)
    out["registration_gap"] = (_required_levels(index) > supplier.ungm_rank).astype(np.float64)
    out["days_left"] = _days_left(index.deadlines, now)
    return out


def notice_codes(supplier_codes: tuple[str, ...], index: NoticeIndex) -> np.ndarray:
    value = np.zeros(len(index), dtype=np.float64)
    for code in supplier_codes:
        for level, prefix in enumerate(C.prefixes(code)):
            posting = index.code_postings[level].get(prefix)
            if posting is not None:
                rows, strength = posting
                value[rows] = np.maximum(value[rows], _LEVEL_VALUES[level] * strength)
    return value


def _history_for_notices(s: PreparedSupplier, index: NoticeIndex, weights: Weights, out: dict) -> None:
    decay = weights.decay
    buyer = np.asarray([index.buyers.id(b) for b in s.buyers], dtype=np.int64)
    fam = np.asarray([index.families.id(f) for f in s.families], dtype=np.int64)
    seg = np.asarray([index.segments.id(x) for x in s.segments], dtype=np.int64)
    keys = _pair_keys(index)
    out["history_buyer"] = np.log1p(_sum_by_key(buyer, s.years, keys["buyer_rows"], index.buyer_ids[keys["buyer_rows"]],
                                                index, decay, len(index.buyers)))
    in_family = _sum_by_key(fam, s.years, index.family_rows, index.family_ids, index, decay, len(index.families))
    in_segment = _sum_by_key(seg, s.years, index.segment_rows, index.segment_ids, index, decay, len(index.segments))
    out["history_category"] = np.log1p(in_family + SEGMENT_SHARE * np.maximum(in_segment - in_family, 0.0))
    nf, ns = keys["nf"], keys["ns"]
    both_f = _sum_by_key(np.where((buyer >= 0) & (fam >= 0), buyer * nf + fam, -1), s.years,
                         keys["bf_rows"], keys["bf_keys"], index, decay)
    both_s = _sum_by_key(np.where((buyer >= 0) & (seg >= 0), buyer * ns + seg, -1), s.years,
                         keys["bs_rows"], keys["bs_keys"], index, decay)
    out["history_buyer_category"] = np.log1p(both_f + SEGMENT_SHARE * np.maximum(both_s - both_f, 0.0))
    out["history_value"] = _value_for_notices(s, buyer, index, weights)
    totals = np.asarray([recency(int(y), s.years, decay).sum() for y in index.year_values])
    out["experience"] = np.log1p(totals[index.year_inverse])


def _pair_keys(index: NoticeIndex) -> dict:
    """(notice row, buyer × family / segment key) pairs of an index, computed once."""
    cached = getattr(index, "_pair_keys", None)
    if cached is None:
        nf, ns = max(len(index.families), 1), max(len(index.segments), 1)
        b_of_f, b_of_s = index.buyer_ids[index.family_rows], index.buyer_ids[index.segment_rows]
        ok_f, ok_s = b_of_f >= 0, b_of_s >= 0
        cached = {"nf": nf, "ns": ns, "buyer_rows": np.flatnonzero(index.buyer_ids >= 0),
                  "bf_rows": index.family_rows[ok_f], "bf_keys": b_of_f[ok_f] * nf + index.family_ids[ok_f],
                  "bs_rows": index.segment_rows[ok_s], "bs_keys": b_of_s[ok_s] * ns + index.segment_ids[ok_s]}
        index._pair_keys = cached
    return cached


def _sum_by_key(entry_keys, entry_years, rows, keys, index: NoticeIndex, decay: float, vocabulary: int = 0) -> np.ndarray:
    """For each notice: Σ recency over the supplier's contracts whose key equals one of the notice's keys
    (the (row, key) pairs `rows`, `keys`), recency taken from each notice's own year. Keys below `vocabulary`
    are looked up in a table; larger (pair) keys by binary search."""
    n = len(index)
    ok = entry_keys >= 0
    if not ok.any() or not len(rows):
        return np.zeros(n)
    local, inverse = np.unique(entry_keys[ok], return_inverse=True)
    years = entry_years[ok]
    table = np.zeros((len(index.year_values), len(local) + 1))  # the last column: no such contract
    for g, year in enumerate(index.year_values):
        np.add.at(table[g], inverse, recency(int(year), years, decay))
    if vocabulary:
        lookup = np.full(vocabulary, len(local), dtype=np.int64)
        lookup[local] = np.arange(len(local))
        position = lookup[keys]
    else:
        position = np.searchsorted(local, keys)
        position[(position >= len(local)) | (local[np.minimum(position, len(local) - 1)] != keys)] = len(local)
    hit = position < len(local)
    if len(index.year_values) == 1:
        values = table[0, position[hit]]
    else:
        values = table[index.year_inverse[rows[hit]], position[hit]]
    return np.bincount(rows[hit], weights=values, minlength=n)


def _value_for_notices(s: PreparedSupplier, buyer: np.ndarray, index: NoticeIndex, weights: Weights) -> np.ndarray:
    value = np.zeros(len(index))
    by_buyer = index_rows_by_buyer(index)
    for b in np.unique(buyer[buyer >= 0]):
        rows = by_buyer.get(int(b))
        mine = np.flatnonzero(buyer == b)[:VALUE_CONTRACTS]  # the history is most recent first
        mine = mine[np.isfinite(s.log_amounts[mine])]
        if rows is None or not len(mine):
            continue
        rows = rows[np.isfinite(index.log_values[rows])]
        by_year = np.stack([recency(int(y), s.years[mine], weights.decay) for y in index.year_values])
        for start in range(0, len(rows), 4096):  # bounds the (notices × contracts) block
            part = rows[start : start + 4096]
            distance = np.abs(index.log_values[part][:, None] - s.log_amounts[mine][None, :])
            kernel = by_year[index.year_inverse[part]] * np.exp(-distance / weights.value_scale)
            value[part] = kernel.max(axis=1)
    return value


def index_rows_by_buyer(index: NoticeIndex) -> dict[int, np.ndarray]:
    cached = getattr(index, "_rows_by_buyer", None)
    if cached is None:
        from .index import _grouped

        cached = _grouped(index.buyer_ids)
        index._rows_by_buyer = cached
    return cached


def _required_levels(index: NoticeIndex) -> np.ndarray:
    cached = getattr(index, "_required_levels", None)
    if cached is None:
        cached = np.asarray(
            [required_level(t, p.features.buyer) for t, p in zip(index.types, index.notices, strict=True)],
            dtype=np.int8,
        )
        index._required_levels = cached
    return cached


def _ineligible_notices(s: PreparedSupplier, index: NoticeIndex) -> np.ndarray:
    out = index.restricted.copy()
    if not s.country or not out.any():
        return np.zeros(len(index), dtype=bool)  # an unknown country is not held against the supplier
    rows = index.eligible.get(s.country)
    if rows is not None:
        out[rows] = False
    return out


# -- notice → suppliers ------------------------------------------------------------------------------


def for_suppliers(
    notice: PreparedNotice, index: SupplierIndex, now: datetime | None, weights: Weights, separate: bool = False
) -> dict:
    """Every signal and gate of `notice` against each supplier of `index` (as for_notices)."""
    m = len(index)
    out = {name: np.zeros(m, dtype=np.float64) for name in SIGNALS}
    out["code"] = supplier_codes(notice, index)
    out["text_profile"] = index.profile_terms.scores(notice.terms)
    if weights.text_history or separate:
        out["text_history"] = index.history_terms.scores(notice.terms)
    floor = weights.bm25_floor * index.all_terms.bm25_ideal(notice.terms, QUERY_TERMS)
    out["text_bm25"] = _relative(index.all_terms.bm25(notice.terms, QUERY_TERMS), floor)
    cosines = index.vectors @ notice.vector
    if separate:
        out["embedding_profile"], out["embedding_history"] = cosines[:m], cosines[m:]
    else:
        out["embedding_profile"] = out["embedding_history"] = None
        out["embedding"] = weights.embedding_profile * cosines[:m] + weights.embedding_history * cosines[m:]
    if len(index.entry_supplier):
        _history_for_suppliers(notice, index, weights, out)
    delivery = [index.countries.id(c.upper()) for c in notice.features.countries if c]
    if any(c >= 0 for c in delivery):
        out["local"] = np.isin(index.country_ids, [c for c in delivery if c >= 0]).astype(np.float64)
    if notice.features.sme_suitable is True:
        out["sme"] = index.sme.astype(np.float64)
    if len(index.prefers) == m and index.prefers.any() and _is_international(notice):
        out["preference"] = index.prefers.astype(np.float64)
    out["ineligible"] = _ineligible_suppliers(notice, index)
    need = required_level(notice.features.notice_type, notice.features.buyer)
    out["registration_gap"] = (index.ungm_rank < need).astype(np.float64)
    out["days_left"] = np.full(m, _days_left(np.asarray([_deadline(notice)]), now)[0])
    return out


def _is_international(notice: PreparedNotice) -> bool:
    return is_international(notice.features)


def _deadline(notice: PreparedNotice) -> float:
    deadline = notice.features.deadline
    return deadline.timestamp() if isinstance(deadline, datetime) and deadline.tzinfo else math.nan


def supplier_codes(notice: PreparedNotice, index: SupplierIndex) -> np.ndarray:
    value = np.zeros(len(index), dtype=np.float64)
    for strength, group in ((1.0, notice.given), (PREDICTED_SHARE, notice.predicted)):
        for code in group:
            for level, prefix in enumerate(C.prefixes(code)):
                posting = index.code_postings[level].get(prefix)
                if posting is not None:
                    rows, held = posting  # held: 1 for a declared supplier code, DESCRIBED_SHARE for a described one
                    value[rows] = np.maximum(value[rows], _LEVEL_VALUES[level] * strength * held)
    return value


def _entries(groups: dict[int, np.ndarray], ids: list[int]) -> np.ndarray:
    found = [groups[i] for i in ids if i in groups]
    return np.concatenate(found) if found else np.zeros(0, dtype=np.int64)


def _history_for_suppliers(notice: PreparedNotice, index: SupplierIndex, weights: Weights, out: dict) -> None:
    m, decay, year = len(index), weights.decay, notice.year
    buyer = index.buyers.id(notice.buyer)
    in_family = _entries(index.by_family, [index.families.id(f) for f in notice.families])
    in_segment = _entries(index.by_segment, [index.segments.id(s) for s in notice.segments])
    fresh_all = _experience_recency(index, year, decay)
    e_sup = index.entry_supplier
    fam_sum = np.bincount(e_sup[in_family], weights=fresh_all[in_family], minlength=m)
    seg_sum = np.bincount(e_sup[in_segment], weights=fresh_all[in_segment], minlength=m)
    out["history_category"] = np.log1p(fam_sum + SEGMENT_SHARE * np.maximum(seg_sum - fam_sum, 0.0))
    out["experience"] = np.log1p(np.bincount(e_sup, weights=fresh_all, minlength=m))
    mine = index.by_buyer.get(buyer) if buyer >= 0 else None
    if mine is None:
        return
    out["history_buyer"] = np.log1p(np.bincount(e_sup[mine], weights=fresh_all[mine], minlength=m))
    fam_ids = [index.families.id(f) for f in notice.families]
    seg_ids = [index.segments.id(s) for s in notice.segments]
    f_hit = mine[np.isin(index.entry_family[mine], fam_ids)]
    s_hit = mine[np.isin(index.entry_segment[mine], seg_ids)]
    both_f = np.bincount(e_sup[f_hit], weights=fresh_all[f_hit], minlength=m)
    both_s = np.bincount(e_sup[s_hit], weights=fresh_all[s_hit], minlength=m)
    out["history_buyer_category"] = np.log1p(both_f + SEGMENT_SHARE * np.maximum(both_s - both_f, 0.0))
    if math.isfinite(notice.log_value):
        priced = mine[np.isfinite(index.entry_log_amount[mine])]
        priced = priced[index.entry_buyer_rank[priced] < VALUE_CONTRACTS]
        kernel = fresh_all[priced] * np.exp(-np.abs(index.entry_log_amount[priced] - notice.log_value) / weights.value_scale)
        value = np.zeros(m)
        np.maximum.at(value, e_sup[priced], kernel)
        out["history_value"] = value


def _experience_recency(index: SupplierIndex, year: int, decay: float) -> np.ndarray:
    key = (year, decay)
    cached = index.experience_cache.get(key)
    if cached is None:
        cached = recency(year, index.entry_year, decay)
        index.experience_cache[key] = cached
    return cached


def _ineligible_suppliers(notice: PreparedNotice, index: SupplierIndex) -> np.ndarray:
    allowed = {c.upper() for c in notice.features.eligible_countries if c}
    if not allowed:
        return np.zeros(len(index), dtype=bool)
    ids = [index.countries.id(c) for c in allowed]
    known = index.country_ids >= 0
    return known & ~np.isin(index.country_ids, [i for i in ids if i >= 0])
