"""Notices and suppliers made ready for ranking: each one prepared once (its words, vectors, codes, history as
arrays), then many stacked into an index of matrices that one numpy pass scores against a query.

    notices = NoticeIndex.build(list_of_NoticeFeatures, vectors=stored_vectors_or_None)
    suppliers = SupplierIndex.build(list_of_SupplierFeatures)

Vectors: a notice is embedded from `embeddings.document_text(title, description)` — the text discovery stores one
vector per notice from — so stored vectors can be passed in unchanged. A supplier has two: its name and
description, and the mean of its past contracts (each `document_text(title, description)`). Missing vectors are
computed with the encoder given (default: `embeddings.get_encoder("use")`).

Buyers are compared by `buyer_key` (case, punctuation and spacing do not matter). Ids are kept for joining
the results back and are never read otherwise.
"""

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

import numpy as np

from tenderbridge.lib import buyer_family, embeddings
from tenderbridge.lib.ocds.normalise import normalise_name

from . import codes as C
from .features import NoticeFeatures, PastContract, SupplierFeatures
from .text import TermMatrix, terms
from .weights import DESCRIBED_SHARE, PREDICTED_SHARE

MAX_HISTORY = 500  # most recent past contracts used per supplier: older ones add little and cost memory
SME_CLASSES = {"micro", "small", "medium"}
UNGM_RANK = {"": 0, "basic": 1, "level_1": 2, "level_2": 3}
ENCODE_CHUNK = 4096


def buyer_key(name: str | None) -> str:
    """Case, punctuation and spacing do not tell buyers apart: "U.N.I.C.E.F." is "UNICEF"."""
    return normalise_name(name or "").replace(" ", "")


def year_of(when: date | datetime | None) -> int:
    return when.year if isinstance(when, date) else -1


def log_value(amount) -> float:
    """log10 of a positive amount, NaN when unknown or not positive (a de-obligation says nothing of size)."""
    try:
        value = float(amount) if amount is not None else math.nan
    except (TypeError, ValueError):
        return math.nan
    return math.log10(value) if value > 0 and math.isfinite(value) else math.nan


def notice_text(notice: NoticeFeatures) -> str:
    return embeddings.document_text(notice.title, notice.description)


def profile_text(supplier: SupplierFeatures) -> str:
    return embeddings.document_text(supplier.name, supplier.description)


_CLAUSE = re.compile(r"[。，,、；;！!？?\n：:（）()]+")
MAX_CLAUSES = 24  # of a description, embedded one by one: the products are named in its first sentences


def profile_texts(supplier: SupplierFeatures) -> list[str]:
    """What the profile vector is the mean direction of. A name alone (every evaluation profile): the name's
    text. With a description: the name and the description's start, each clause of the description (a list of
    products, 、-separated, names one product per clause: embedded alone, each keeps its meaning instead of
    being cut at DOCUMENT_CHARS), and its product words in English (translated_terms), which sit nearer the
    English notices' vectors than the Chinese text does."""
    first = profile_text(supplier)
    if not (supplier.description or "").strip():
        return [first]
    parts = [p.strip() for p in _CLAUSE.split(embeddings.clean(supplier.description)[:4000])]
    clauses = [embeddings.document_text(p) for p in parts if len(p) >= 2][:MAX_CLAUSES]
    english = [embeddings.document_text(" ".join(supplier.translated_terms))] if supplier.translated_terms else []
    return [first, *clauses, *english]


def contract_text(contract: PastContract) -> str:
    return embeddings.document_text(contract.title, contract.description)


def encode(texts: list[str], encoder: embeddings.Encoder | None) -> np.ndarray:
    """Document vectors of texts, each distinct text encoded once (nothing loaded for no text)."""
    if not texts:
        return np.zeros((0, encoder.dim if encoder is not None else embeddings.UseEncoder.dim), dtype=np.float32)
    encoder = encoder or embeddings.get_encoder("use")
    distinct = list(dict.fromkeys(texts))
    position = {text: i for i, text in enumerate(distinct)}
    vectors = np.zeros((len(distinct), encoder.dim), dtype=np.float32)
    for start in range(0, len(distinct), ENCODE_CHUNK):
        vectors[start : start + ENCODE_CHUNK] = encoder.documents(distinct[start : start + ENCODE_CHUNK])
    return vectors[[position[text] for text in texts]] if texts else vectors


# -- one notice, one supplier ---------------------------------------------------------------------------


@dataclass
class PreparedNotice:
    features: NoticeFeatures
    terms: Counter
    vector: np.ndarray
    given: tuple[str, ...]  # clean UNSPSC codes given or mapped from CPV
    predicted: tuple[str, ...]  # clean codes predicted from the text (not also given)
    buyer: str
    year: int
    log_value: float

    @property
    def families(self) -> list[str]:
        return list(dict.fromkeys(C.family(c) for c in self.given + self.predicted if C.depth(c) >= 2))

    @property
    def segments(self) -> list[str]:
        return list(dict.fromkeys(C.segment(c) for c in self.given + self.predicted))


@dataclass
class PreparedSupplier:
    features: SupplierFeatures
    profile_terms: Counter
    history_terms: Counter
    profile_vector: np.ndarray
    history_vector: np.ndarray
    codes: tuple[str, ...]  # declared
    history: tuple[PastContract, ...]  # the contracts used (at most MAX_HISTORY, most recent)
    buyers: list[str]  # per contract
    years: np.ndarray  # per contract, -1 when unknown
    log_amounts: np.ndarray  # per contract, NaN when unknown
    families: list[str]  # per contract: the family of its first code, "" when none
    segments: list[str]
    country: str
    sme: bool
    ungm_rank: int
    # The supplier's best raw BM25 score in the index of every open notice, from its last full ranking: a
    # partial index (NoticeIndex.build(…, reference=…)) divides by it, so text_bm25 keeps the full index's scale.
    bm25_best: float = 0.0
    described: tuple[str, ...] = ()  # clean codes read from the description, not also declared
    prefers_international: bool = False


def prepare_notices(
    notices: Sequence[NoticeFeatures], vectors: np.ndarray | None = None, encoder: embeddings.Encoder | None = None
) -> list[PreparedNotice]:
    if vectors is None:
        vectors = encode([notice_text(n) for n in notices], encoder)
    elif len(vectors) != len(notices):
        raise ValueError(f"{len(vectors)} vectors for {len(notices)} notices")
    prepared = []
    for notice, vector in zip(notices, vectors, strict=True):
        given = C.cleaned(notice.unspsc)
        predicted = tuple(c for c in C.cleaned(notice.predicted_unspsc) if c not in given)
        prepared.append(
            PreparedNotice(
                features=notice,
                terms=terms(notice.title, notice.description),
                vector=np.asarray(vector, dtype=np.float32),
                given=given,
                predicted=predicted,
                buyer=buyer_key(notice.buyer),
                year=year_of(notice.date),
                log_value=log_value(notice.value),
            )
        )
    return prepared


def _recent(history: Sequence[PastContract]) -> tuple[PastContract, ...]:
    dated = sorted(history, key=lambda c: (c.date is not None, c.date or date.min), reverse=True)
    return tuple(dated[:MAX_HISTORY])


def prepare_suppliers(
    suppliers: Sequence[SupplierFeatures],
    encoder: embeddings.Encoder | None = None,
    vectors: Sequence[tuple[np.ndarray, np.ndarray] | None] | None = None,
) -> list[PreparedSupplier]:
    """`vectors`: per supplier, its (profile vector, history vector) as `supplier_vectors` made them before
    (kept by the product), or None to encode its texts."""
    vectors = list(vectors) if vectors is not None else [None] * len(suppliers)
    if len(vectors) != len(suppliers):
        raise ValueError(f"{len(vectors)} vector pairs for {len(suppliers)} suppliers")
    histories = [_recent(s.history) for s in suppliers]
    todo = [i for i, pair in enumerate(vectors) if pair is None]
    texts = [profile_texts(suppliers[i]) for i in todo]
    profile_vectors = encode([t for own in texts for t in own], encoder)
    contract_vectors = encode([contract_text(c) for i in todo for c in histories[i]], encoder)
    start, at = 0, 0
    for position, i in enumerate(todo):
        own = contract_vectors[start : start + len(histories[i])]
        start += len(histories[i])
        profile = profile_vectors[at : at + len(texts[position])]
        at += len(texts[position])
        vectors[i] = (profile[0] if len(profile) == 1 else _mean_direction(profile), _mean_direction(own))
    return [
        _prepare_supplier(supplier, history, pair[0], pair[1])
        for supplier, history, pair in zip(suppliers, histories, vectors, strict=True)
    ]


def supplier_texts_key(supplier: SupplierFeatures) -> str:
    """What a supplier's two vectors are made from, as one string (hash it to know when they are stale)."""
    history = _recent(supplier.history)
    return "\x1e".join(["\x1f".join(profile_texts(supplier)), *(contract_text(c) for c in history)])


def _mean_direction(vectors: np.ndarray) -> np.ndarray:
    mean = vectors.sum(axis=0) if len(vectors) else np.zeros(vectors.shape[1], dtype=np.float32)
    norm = float(np.linalg.norm(mean))
    return (mean / norm if norm > 0 else mean).astype(np.float32)


def _prepare_supplier(
    supplier: SupplierFeatures, history: tuple[PastContract, ...], profile_vector, history_vector
) -> PreparedSupplier:
    firsts = [next(iter(C.cleaned(c.unspsc)), "") for c in history]
    declared = C.cleaned(supplier.unspsc)
    words = terms(supplier.name, supplier.description)
    words.update(dict.fromkeys(terms(" ".join(supplier.translated_terms)), 1))  # each translated word once
    return PreparedSupplier(
        features=supplier,
        profile_terms=words,
        history_terms=terms(*(t for c in history for t in (c.title, c.description))),
        profile_vector=np.asarray(profile_vector, dtype=np.float32),
        history_vector=history_vector,
        codes=declared,
        described=tuple(c for c in C.cleaned(supplier.described_unspsc) if c not in declared),
        prefers_international=supplier.prefers_international,
        history=history,
        buyers=[buyer_key(c.buyer) for c in history],
        years=np.asarray([year_of(c.date) for c in history], dtype=np.int32),
        log_amounts=np.asarray([log_value(c.amount) for c in history], dtype=np.float32),
        families=[C.family(code) if code else "" for code in firsts],
        segments=[C.segment(code) if code else "" for code in firsts],
        country=(supplier.country or "").upper(),
        sme=(supplier.size_class or "").lower() in SME_CLASSES,
        ungm_rank=UNGM_RANK.get((supplier.ungm_level or "").lower(), 0),
    )


# -- helpers shared by both indexes ---------------------------------------------------------------------


class Vocabulary(dict):
    """Key → dense id, growing as keys are added; "" is never an id (-1)."""

    def add(self, key: str) -> int:
        return self.setdefault(key, len(self)) if key else -1

    def id(self, key: str) -> int:
        return self.get(key, -1) if key else -1


def _postings(pairs: dict[str, dict[int, float]]) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    return {
        key: (np.fromiter(rows.keys(), dtype=np.int64, count=len(rows)),
              np.fromiter(rows.values(), dtype=np.float32, count=len(rows)))
        for key, rows in pairs.items()
    }


def _grouped(keys: np.ndarray) -> dict[int, np.ndarray]:
    """Positions of each distinct non-negative key."""
    order = np.argsort(keys, kind="stable")
    sorted_keys = keys[order]
    starts = np.flatnonzero(np.r_[True, sorted_keys[1:] != sorted_keys[:-1]]) if len(keys) else []
    bounds = list(starts) + [len(keys)]
    return {int(sorted_keys[a]): order[a:b] for a, b in zip(bounds[:-1], bounds[1:], strict=True) if sorted_keys[a] >= 0}


# -- the notice index -------------------------------------------------------------------------------------


@dataclass
class NoticeIndex:
    ids: list[str]
    notices: list[PreparedNotice]
    vectors: np.ndarray  # (n, dim) float32
    terms: TermMatrix
    code_postings: list[dict[str, tuple[np.ndarray, np.ndarray]]]  # per level: prefix → (rows, strength)
    buyers: Vocabulary
    buyer_ids: np.ndarray  # (n,) int64, -1 = none
    years: np.ndarray  # (n,) int32, -1 = unknown
    year_values: np.ndarray  # distinct years
    year_inverse: np.ndarray  # (n,) position of each notice's year in year_values
    log_values: np.ndarray  # (n,) float32, NaN = unknown
    deadlines: np.ndarray  # (n,) float64 POSIX seconds, NaN = none
    families: Vocabulary
    family_rows: np.ndarray  # (notice row, family id) pairs, each pair once
    family_ids: np.ndarray
    segments: Vocabulary
    segment_rows: np.ndarray
    segment_ids: np.ndarray
    delivery: dict[str, np.ndarray]  # country → rows delivered there
    restricted: np.ndarray  # (n,) bool: admits only some supplier countries
    eligible: dict[str, np.ndarray]  # country → rows that admit it
    types: list[str]
    sme: np.ndarray  # (n,) bool: marked SME-suitable
    international: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))  # (n,) UN or a bank buys
    row_of: dict[str, int] = field(default_factory=dict)
    # True when built with a reference index's word statistics (a part of it, scored on its scale).
    partial: bool = False

    def __len__(self) -> int:
        return len(self.ids)

    @classmethod
    def build(
        cls,
        notices: Sequence[NoticeFeatures],
        vectors: np.ndarray | None = None,
        encoder: embeddings.Encoder | None = None,
        reference: "NoticeIndex | None" = None,
    ) -> "NoticeIndex":
        """`reference`: a bigger index that contains these notices too (every open notice); the word statistics
        come from it, so a supplier's scores here equal its scores there (given its PreparedSupplier.bm25_best
        from that index)."""
        return cls.from_prepared(prepare_notices(notices, vectors, encoder), reference)

    @classmethod
    def from_prepared(cls, notices: list[PreparedNotice], reference: "NoticeIndex | None" = None) -> "NoticeIndex":
        n = len(notices)
        dim = notices[0].vector.shape[0] if notices else embeddings.UseEncoder.dim
        codes: list[dict[str, dict[int, float]]] = [{} for _ in C.LEVELS]
        buyers, families, segments = Vocabulary(), Vocabulary(), Vocabulary()
        fam_pairs, seg_pairs = set(), set()
        delivery: dict[str, list[int]] = {}
        eligible: dict[str, list[int]] = {}
        for row, notice in enumerate(notices):
            for strength, group in ((1.0, notice.given), (PREDICTED_SHARE, notice.predicted)):
                for code in group:
                    for level, prefix in enumerate(C.prefixes(code)):
                        rows = codes[level].setdefault(prefix, {})
                        rows[row] = max(rows.get(row, 0.0), strength)
            fam_pairs.update((row, families.add(f)) for f in notice.families)
            seg_pairs.update((row, segments.add(s)) for s in notice.segments)
            for country in dict.fromkeys(c.upper() for c in notice.features.countries if c):
                delivery.setdefault(country, []).append(row)
            for country in dict.fromkeys(c.upper() for c in notice.features.eligible_countries if c):
                eligible.setdefault(country, []).append(row)
        years = np.asarray([p.year for p in notices], dtype=np.int32)
        year_values, year_inverse = np.unique(years, return_inverse=True)
        fam = np.asarray(sorted(fam_pairs), dtype=np.int64).reshape(-1, 2)
        seg = np.asarray(sorted(seg_pairs), dtype=np.int64).reshape(-1, 2)
        index = cls(
            ids=[p.features.id for p in notices],
            notices=notices,
            vectors=np.ascontiguousarray(np.stack([p.vector for p in notices]) if n else np.zeros((0, dim), np.float32)),
            terms=TermMatrix.build([p.terms for p in notices], reference.terms if reference is not None else None),
            code_postings=[_postings(level) for level in codes],
            buyers=buyers,
            buyer_ids=np.asarray([buyers.add(p.buyer) for p in notices], dtype=np.int64),
            years=years,
            year_values=year_values,
            year_inverse=year_inverse.astype(np.int64),
            log_values=np.asarray([p.log_value for p in notices], dtype=np.float32),
            deadlines=np.asarray([_timestamp(p.features.deadline) for p in notices], dtype=np.float64),
            families=families,
            family_rows=fam[:, 0],
            family_ids=fam[:, 1],
            segments=segments,
            segment_rows=seg[:, 0],
            segment_ids=seg[:, 1],
            delivery={c: np.asarray(r, dtype=np.int64) for c, r in delivery.items()},
            restricted=np.asarray([bool(p.features.eligible_countries) for p in notices], dtype=bool),
            eligible={c: np.asarray(r, dtype=np.int64) for c, r in eligible.items()},
            types=[p.features.notice_type or "" for p in notices],
            sme=np.asarray([p.features.sme_suitable is True for p in notices], dtype=bool),
            international=np.asarray([is_international(p.features) for p in notices], dtype=bool),
            partial=reference is not None,
        )
        index.row_of = {notice_id: row for row, notice_id in enumerate(index.ids)}
        return index


INTERNATIONAL_FAMILIES = (buyer_family.UN, buyer_family.DEVELOPMENT_BANK)


def is_international(notice: NoticeFeatures) -> bool:
    """The buyer is a UN organisation or a development bank (as stored, or read from its name)."""
    return (notice.buyer_family or buyer_family.family(notice.buyer or "")) in INTERNATIONAL_FAMILIES


def _timestamp(when: datetime | None) -> float:
    if not isinstance(when, datetime) or when.tzinfo is None:
        return math.nan
    return when.timestamp()


# -- the supplier index -----------------------------------------------------------------------------------


@dataclass
class SupplierIndex:
    ids: list[str]
    suppliers: list[PreparedSupplier]
    vectors: np.ndarray  # (2m, dim): rows 0..m-1 profile vectors, m..2m-1 history vectors
    profile_terms: TermMatrix
    history_terms: TermMatrix
    all_terms: TermMatrix  # name, description and past contracts in one document (BM25)
    code_postings: list[dict[str, tuple[np.ndarray, np.ndarray]]]  # declared codes 1, described ones DESCRIBED_SHARE
    buyers: Vocabulary
    families: Vocabulary
    segments: Vocabulary
    entry_supplier: np.ndarray  # per past contract of every supplier: its supplier's row
    entry_contract: np.ndarray  # its position in that supplier's kept history
    entry_buyer_rank: np.ndarray  # how many more recent contracts of that supplier had the same buyer
    entry_buyer: np.ndarray
    entry_year: np.ndarray
    entry_log_amount: np.ndarray
    entry_family: np.ndarray
    entry_segment: np.ndarray
    by_buyer: dict[int, np.ndarray]  # buyer id → entry positions
    by_family: dict[int, np.ndarray]
    by_segment: dict[int, np.ndarray]
    countries: Vocabulary
    country_ids: np.ndarray  # (m,) -1 = unknown
    sme: np.ndarray  # (m,) bool
    ungm_rank: np.ndarray  # (m,) int8
    prefers: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))  # (m,) wants UN / bank work
    row_of: dict[str, int] = field(default_factory=dict)
    experience_cache: dict[int, np.ndarray] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.ids)

    def entry(self, row: int) -> PreparedSupplier:
        """The prepared supplier at a row: pass it to rank_notices to skip re-encoding its texts."""
        return self.suppliers[row]

    @classmethod
    def build(
        cls, suppliers: Sequence[SupplierFeatures], encoder: embeddings.Encoder | None = None
    ) -> "SupplierIndex":
        return cls.from_prepared(prepare_suppliers(suppliers, encoder))

    @classmethod
    def from_prepared(cls, suppliers: list[PreparedSupplier]) -> "SupplierIndex":
        m = len(suppliers)
        dim = suppliers[0].profile_vector.shape[0] if suppliers else embeddings.UseEncoder.dim
        codes: list[dict[str, dict[int, float]]] = [{} for _ in C.LEVELS]
        buyers, families, segments, countries = Vocabulary(), Vocabulary(), Vocabulary(), Vocabulary()
        entries: list[tuple[int, int, int, int, float, int, int, int]] = []
        for row, s in enumerate(suppliers):
            for strength, group in ((1.0, s.codes), (DESCRIBED_SHARE, s.described)):
                for code in group:
                    for level, prefix in enumerate(C.prefixes(code)):
                        rows = codes[level].setdefault(prefix, {})
                        rows[row] = max(rows.get(row, 0.0), strength)
            seen: Counter = Counter()
            for i in range(len(s.history)):
                entries.append((row, i, buyers.add(s.buyers[i]), int(s.years[i]), float(s.log_amounts[i]),
                                families.add(s.families[i]), segments.add(s.segments[i]), seen[s.buyers[i]]))
                seen[s.buyers[i]] += 1
        columns = list(zip(*entries, strict=True)) if entries else [()] * 8
        ints = [np.asarray(columns[k], dtype=np.int64) for k in (0, 1, 2, 3, 5, 6, 7)]
        entry_buyer, entry_family, entry_segment = ints[2], ints[4], ints[5]
        vectors = (np.concatenate([np.stack([s.profile_vector for s in suppliers]),
                                   np.stack([s.history_vector for s in suppliers])])
                   if m else np.zeros((0, dim), np.float32))
        index = cls(
            ids=[s.features.id for s in suppliers],
            suppliers=suppliers,
            vectors=np.ascontiguousarray(vectors, dtype=np.float32),
            profile_terms=TermMatrix.build([s.profile_terms for s in suppliers]),
            history_terms=TermMatrix.build([s.history_terms for s in suppliers]),
            all_terms=TermMatrix.build([s.profile_terms + s.history_terms for s in suppliers]),
            code_postings=[_postings(level) for level in codes],
            buyers=buyers,
            families=families,
            segments=segments,
            entry_supplier=ints[0],
            entry_contract=ints[1],
            entry_buyer_rank=ints[6],
            entry_buyer=entry_buyer,
            entry_year=ints[3].astype(np.int32),
            entry_log_amount=np.asarray(columns[4], dtype=np.float32),
            entry_family=entry_family,
            entry_segment=entry_segment,
            by_buyer=_grouped(entry_buyer),
            by_family=_grouped(entry_family),
            by_segment=_grouped(entry_segment),
            countries=countries,
            country_ids=np.asarray([countries.add(s.country) for s in suppliers], dtype=np.int64),
            sme=np.asarray([s.sme for s in suppliers], dtype=bool),
            ungm_rank=np.asarray([s.ungm_rank for s in suppliers], dtype=np.int8),
            prefers=np.asarray([s.prefers_international for s in suppliers], dtype=bool),
        )
        index.row_of = {supplier_id: row for row, supplier_id in enumerate(index.ids)}
        return index
