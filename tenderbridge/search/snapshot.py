"""The in-memory index: every notice's filterable columns and sentence vector, held by each web process.

Why in memory: counting nine facets, filtering and sorting over a million notices costs 100–300 ms per facet in
SQL on either database; over numpy columns it costs about a millisecond, and the nearest vectors of a query are
found in ~30 ms (binary codes, then exact rescoring). The database stays the truth: this is a cache of it, read
once when the process first searches and then kept current by version (search.models.IndexState):

- every write that changes what search shows stamps its notices' IndexEntry rows with a new version;
- on each search, one query reads the current version; when it moved, only the entries stamped since are read
  again (a batch of 1,000 notices costs ~20 ms); a notice deletion or a new IndexState row (epoch) reloads all.

A refresh builds new column arrays (copy on write: a search running meanwhile keeps a consistent view); the
vector matrix, too large to copy, is updated in place, so a concurrent search may see one notice's old or new
vector — never a torn snapshot of the columns.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field, replace

import numpy as np
import orjson
from django.conf import settings
from django.db import connection

from tenderbridge.lib import countries, embeddings, money, sources
from tenderbridge.opportunities.models import Notice, NoticeCategory, Party

from . import postings as word_postings
from .models import IndexEntry, IndexState

logger = logging.getLogger(__name__)

SOURCES = sources.names()
FAMILIES = list(Party.Family.values)
TYPES = list(Notice.Type.values)
COUNTRIES = sorted(countries.codes())
_SOURCE_CODE = {name: i for i, name in enumerate(SOURCES)}
_FAMILY_CODE = {name: i for i, name in enumerate(FAMILIES)}
_TYPE_CODE = {name: i for i, name in enumerate(TYPES)}
_COUNTRY_CODE = {code: i for i, code in enumerate(COUNTRIES)}
UNKNOWN = -1  # the code of an empty or unknown value in a small-integer column
FETCH = 50_000  # rows per fetchmany: bounded memory while loading a million notices


@dataclass(frozen=True)
class Columns:
    """One row per notice, aligned by position; `id2pos[notice id]` is its position (-1: not indexed)."""

    ids: np.ndarray  # int64
    buyer: np.ndarray  # int64, 0 = none
    family: np.ndarray  # int8, index into FAMILIES
    notice_type: np.ndarray  # int8, index into TYPES
    source: np.ndarray  # int8, index into SOURCES
    published: np.ndarray  # float64 epoch seconds, nan = unknown
    deadline: np.ndarray  # float64 epoch seconds, nan = none
    value_usd: np.ndarray  # float64, nan = unknown (lib/money: for ordering only)
    sme: np.ndarray  # int8: 1 yes, 0 no, -1 unknown
    sustainable: np.ndarray  # int8, as sme
    # Multi-valued columns as (position, code) pairs, each pair once.
    country_rows: np.ndarray
    country_codes: np.ndarray  # index into COUNTRIES
    segment_rows: np.ndarray
    segment_codes: np.ndarray  # the segment's two digits (42 for 42000000)
    family_rows: np.ndarray
    family_codes: np.ndarray  # the family's four digits (4213 for 42130000)
    id2pos: np.ndarray  # int32, indexed by notice id
    # Whether positions follow notice ids (a new notice's id is above every other's, unless a transaction that
    # took a lower one committed later): then the newest of some sorted positions are simply the last ones.
    ids_ascending: bool = False

    @property
    def size(self) -> int:
        return len(self.ids)

    def positions(self, notice_ids: np.ndarray) -> np.ndarray:
        """The positions of these notice ids (ids not in the index are dropped)."""
        notice_ids = np.asarray(notice_ids, dtype=np.int64)
        notice_ids = notice_ids[(notice_ids >= 0) & (notice_ids < len(self.id2pos))]
        found = self.id2pos[notice_ids]
        return found[found >= 0]


@dataclass
class Vectors:
    """Unit vectors (float16) by position, their binary codes for the first pass, and which rows have one."""

    dim: int
    matrix: np.ndarray  # float16 [capacity, dim]
    # The signs of (vector - center), 64 to a word, word-major: codes[w] holds word w of every notice, so the
    # Hamming distances are computed one contiguous column at a time (4× faster than row by row).
    codes: np.ndarray  # uint64 [dim / 64, capacity]
    present: np.ndarray  # bool [capacity]
    center: np.ndarray  # float32 [dim]

    @classmethod
    def empty(cls, dim: int, capacity: int = 0) -> Vectors:
        return cls(
            dim,
            np.zeros((capacity, dim), np.float16),
            np.zeros((dim // 64, capacity), np.uint64),
            np.zeros(capacity, bool),
            np.zeros(dim, np.float32),
        )

    def grown(self, capacity: int) -> Vectors:
        if capacity <= len(self.present):
            return self
        capacity = max(capacity, int(len(self.present) * 1.5))
        bigger = Vectors.empty(self.dim, capacity)
        n = len(self.present)
        bigger.matrix[:n], bigger.codes[:, :n], bigger.present[:n] = self.matrix, self.codes, self.present
        bigger.center = self.center
        return bigger

    def put(self, positions: np.ndarray, vectors: np.ndarray) -> None:
        """Store these vectors (float16 as stored, or float32) at these positions, with their codes."""
        self.matrix[positions] = vectors.astype(np.float16, copy=False)
        self.codes[:, positions] = self.encode(vectors).T
        self.present[positions] = True

    def encode(self, vectors: np.ndarray) -> np.ndarray:
        """The binary codes of these vectors, one row of dim / 64 words each (compared in their own precision:
        no float32 copy of a million stored float16 vectors)."""
        vectors = np.asarray(vectors)
        bits = np.packbits(vectors > self.center.astype(vectors.dtype), axis=-1)
        return bits.view(np.uint64).reshape(len(vectors), self.dim // 64)

    def distances(self, code: np.ndarray, size: int) -> np.ndarray:
        """Hamming distance of a code (one row of encode()) to the first `size` notices' codes."""
        total = np.bitwise_count(self.codes[0, :size] ^ code[0]).astype(np.uint16)
        for word in range(1, len(code)):
            total += np.bitwise_count(self.codes[word, :size] ^ code[word])
        return total

    @property
    def nbytes(self) -> int:
        return self.matrix.nbytes + self.codes.nbytes + self.present.nbytes


@dataclass(frozen=True)
class Snapshot:
    columns: Columns
    vectors: Vectors
    version: int
    deletions: int
    epoch: str
    loaded_at: float = field(default_factory=time.time)
    # The matches of the most common words (postings.py), over these columns' positions.
    postings: word_postings.Postings = word_postings.EMPTY

    @property
    def size(self) -> int:
        return self.columns.size

    def state(self) -> tuple[int, int, str]:
        return self.version, self.deletions, self.epoch


# --- The process's snapshot ---------------------------------------------------------------------------

_current: Snapshot | None = None
_lock = threading.Lock()


def current() -> Snapshot:
    """The snapshot, brought up to the database's current version (one query when nothing changed)."""
    global _current
    state = _read_state()
    snapshot = _current
    if snapshot is not None and snapshot.state() == state:
        return snapshot
    with _lock:
        snapshot = _current
        if snapshot is not None and snapshot.state() == state:
            return snapshot
        if (
            snapshot is None
            or snapshot.epoch != state[2]
            or snapshot.deletions != state[1]
            or state[0] < snapshot.version
        ):
            snapshot = _load_all(state)
        else:
            snapshot = _apply_changes(snapshot, state)
        _current = snapshot
        return snapshot


def reset() -> None:
    """Forget the snapshot (tests: each test's database starts over)."""
    global _current
    with _lock:
        _current = None


def _read_state() -> tuple[int, int, str]:
    # Every search asks this first: written out, it costs a tenth of the ORM's compiling of the same query.
    meta = IndexState._meta
    columns = ", ".join(meta.get_field(name).column for name in ("version", "deletions", "epoch"))
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns} FROM {meta.db_table} WHERE {meta.pk.column} = %s", [1])
        row = cursor.fetchone()
    return tuple(row) if row is not None else (0, 0, "")


def _load_all(state: tuple[int, int, str]) -> Snapshot:
    started = time.perf_counter()
    columns = _columns_from(_read_rows(None), _read_categories(None), previous=None)
    vectors = Vectors.empty(embeddings.BACKENDS[settings.EMBEDDING_BACKEND].dim, columns.size)
    _load_vectors(vectors, columns, None)
    postings = word_postings.load(columns)
    logger.info(
        "search index loaded",
        extra={
            "notices": columns.size,
            "seconds": round(time.perf_counter() - started, 2),
            "version": state[0],
        },
    )
    return Snapshot(columns, vectors, *state, postings=postings)


def _apply_changes(snapshot: Snapshot, state: tuple[int, int, str]) -> Snapshot:
    since = snapshot.version
    columns = _columns_from(_read_rows(since), _read_categories(since), previous=snapshot.columns)
    vectors = snapshot.vectors.grown(columns.size)
    _load_vectors(vectors, columns, since)
    postings = word_postings.updated(snapshot.postings, columns, since)
    return replace(
        snapshot, columns=columns, vectors=vectors, postings=postings, version=state[0], loaded_at=time.time()
    )


# --- Reading the database ------------------------------------------------------------------------------


def _epoch(column: str) -> str:
    if connection.vendor == "postgresql":
        return f"EXTRACT(EPOCH FROM {column})::float8"
    return f"CAST(strftime('%%s', {column}) AS REAL)"


def _since(since: int | None) -> tuple[str, list]:
    return ("", []) if since is None else (" WHERE e.version > %s", [since])


def _read_rows(since: int | None) -> list[tuple]:
    notice, entry = Notice._meta.db_table, IndexEntry._meta.db_table
    where, params = _since(since)
    sql = (
        f"SELECT n.id, n.buyer_id, n.buyer_family, n.notice_type, n.source, {_epoch('n.published')}, "
        f"{_epoch('n.deadline')}, CAST(n.value_amount AS DOUBLE PRECISION), n.value_currency, n.sme_suitable, "
        f"n.sustainable, n.countries FROM {entry} e JOIN {notice} n ON n.id = e.notice_id{where} "
        # In id order, so positions follow ids (Columns.ids_ascending) as long as notices arrive in id order.
        "ORDER BY e.notice_id"
    )
    return _fetch(sql, params)


def _read_categories(since: int | None) -> list[tuple]:
    category, entry = NoticeCategory._meta.db_table, IndexEntry._meta.db_table
    where, params = _since(since)
    sql = (
        f"SELECT DISTINCT c.notice_id, c.segment, c.family FROM {entry} e "
        f"JOIN {category} c ON c.notice_id = e.notice_id{where}"
    )
    return _fetch(sql, params)


def _load_vectors(vectors: Vectors, columns: Columns, since: int | None) -> None:
    """Read the entries' vectors into `vectors`, a chunk at a time (a million vectors are 1 GB as float16: they
    are never all in memory twice). On a full load the first chunk also sets the center of the binary codes."""
    where, params = _since(since)
    condition = (" AND" if where else " WHERE") + " e.vector IS NOT NULL AND e.vector_backend = %s"
    sql = f"SELECT e.notice_id, e.vector FROM {IndexEntry._meta.db_table} e{where}{condition}"
    first = since is None
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, settings.EMBEDDING_BACKEND])
        while chunk := cursor.fetchmany(FETCH):
            ids = np.array([row[0] for row in chunk], dtype=np.int64)
            matrix = np.frombuffer(b"".join(bytes(row[1]) for row in chunk), dtype=np.float16)
            matrix = matrix.reshape(len(chunk), vectors.dim)
            if first:
                # Centering makes the signs informative: embeddings share a common direction.
                vectors.center = matrix.mean(axis=0, dtype=np.float32)
                first = False
            vectors.put(columns.positions(ids), matrix)


def _fetch(sql: str, params: list) -> list[tuple]:
    rows = []
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        while chunk := cursor.fetchmany(FETCH):
            rows.extend(chunk)
    return rows


# --- Building the columns ------------------------------------------------------------------------------


def _tri(value) -> int:
    return UNKNOWN if value is None else int(bool(value))


def _country_list(value) -> list:
    if isinstance(value, str):
        value = orjson.loads(value) if value else []
    return value or []


def _columns_from(rows: list[tuple], categories: list[tuple], previous: Columns | None) -> Columns:
    """The columns of `previous` with these rows put in (changed notices in place, new ones appended)."""
    n_rows = len(rows)
    (ids, buyer, family, kind, source, published, deadline, amount, currency, sme, sustainable, country) = (
        zip(*rows, strict=True) if rows else [()] * 12
    )
    ids = np.array(ids, dtype=np.int64)
    fresh = {
        "buyer": np.array([b or 0 for b in buyer], dtype=np.int64),
        "family": np.array([_FAMILY_CODE.get(f, UNKNOWN) for f in family], dtype=np.int8),
        "notice_type": np.array([_TYPE_CODE.get(t, UNKNOWN) for t in kind], dtype=np.int8),
        "source": np.array([_SOURCE_CODE.get(s, UNKNOWN) for s in source], dtype=np.int8),
        "published": np.array(published, dtype=np.float64),
        "deadline": np.array(deadline, dtype=np.float64),
        "value_usd": np.array(
            [money.usd_value(a, c) for a, c in zip(amount, currency, strict=True)], dtype=np.float64
        ),
        "sme": np.array([_tri(v) for v in sme], dtype=np.int8),
        "sustainable": np.array([_tri(v) for v in sustainable], dtype=np.int8),
    }
    old = previous or _empty_columns()
    id2pos = old.id2pos
    top = int(ids.max()) + 1 if n_rows else 0
    if top > len(id2pos):
        id2pos = np.concatenate([id2pos, np.full(top - len(id2pos), -1, np.int32)])
    else:
        id2pos = id2pos.copy()
    known = id2pos[ids] if n_rows else np.zeros(0, np.int32)
    new_ids = ids[known < 0]
    id2pos[new_ids] = np.arange(old.size, old.size + len(new_ids), dtype=np.int32)
    positions = id2pos[ids]
    size = old.size + len(new_ids)
    arrays = {}
    for name, values in fresh.items():
        column = np.concatenate([getattr(old, name), np.zeros(len(new_ids), values.dtype)])
        column[positions] = values
        arrays[name] = column
    all_ids = np.concatenate([old.ids, new_ids])
    changed = np.zeros(size, bool)
    changed[positions] = True
    country_pairs = [
        (pos, _COUNTRY_CODE[c])
        for pos, codes in zip(positions.tolist(), country, strict=True)
        for c in _country_list(codes)
        if c in _COUNTRY_CODE
    ]
    # Only the categories of the notices read above: rows and categories are two statements, and a notice an
    # ingest commits between them has categories but no row yet (its entry's version is newer than this
    # snapshot's, so the next search reads both).
    cat_ids = np.array([c[0] for c in categories], dtype=np.int64)
    cat_rows = np.full(len(cat_ids), -1, np.int64)
    known_id = cat_ids < len(id2pos)
    cat_rows[known_id] = id2pos[cat_ids[known_id]]
    read_now = cat_rows >= 0
    read_now[read_now] = changed[cat_rows[read_now]]  # an old notice whose row was not read now: next time
    cat_rows[~read_now] = -1
    segments = [
        (pos, int(seg[:2]))
        for pos, (_i, seg, _f) in zip(cat_rows.tolist(), categories, strict=True)
        if pos >= 0 and seg[:2].isdigit()
    ]
    families = [
        (pos, int(fam[:4]))
        for pos, (_i, _s, fam) in zip(cat_rows.tolist(), categories, strict=True)
        if pos >= 0 and fam[:4].isdigit()
    ]
    return Columns(
        ids=all_ids,
        **arrays,
        **_pairs("country", old, changed, country_pairs, np.int16),
        **_pairs("segment", old, changed, segments, np.int16),
        **_pairs("family", old, changed, families, np.int32),
        id2pos=id2pos,
        ids_ascending=bool((all_ids[1:] > all_ids[:-1]).all()),
    )


def _pairs(
    name: str, old: Columns, changed: np.ndarray, new: list[tuple[int, int]], dtype
) -> dict[str, np.ndarray]:
    """The (position, code) pairs of a multi-valued column: the old pairs of unchanged rows, then the new ones,
    each distinct pair once."""
    rows, codes = getattr(old, f"{name}_rows"), getattr(old, f"{name}_codes")
    keep = ~changed[rows] if len(rows) else np.zeros(0, bool)
    added = np.array(new, dtype=np.int64).reshape(-1, 2)
    if len(added):
        added = np.unique(added, axis=0)
    return {
        f"{name}_rows": np.concatenate([rows[keep], added[:, 0].astype(np.int32)]),
        f"{name}_codes": np.concatenate([codes[keep], added[:, 1].astype(dtype)]),
    }


def _empty_columns() -> Columns:
    empty = {
        "ids": np.zeros(0, np.int64),
        "buyer": np.zeros(0, np.int64),
        "family": np.zeros(0, np.int8),
        "notice_type": np.zeros(0, np.int8),
        "source": np.zeros(0, np.int8),
        "published": np.zeros(0, np.float64),
        "deadline": np.zeros(0, np.float64),
        "value_usd": np.zeros(0, np.float64),
        "sme": np.zeros(0, np.int8),
        "sustainable": np.zeros(0, np.int8),
        "country_rows": np.zeros(0, np.int32),
        "country_codes": np.zeros(0, np.int16),
        "segment_rows": np.zeros(0, np.int32),
        "segment_codes": np.zeros(0, np.int16),
        "family_rows": np.zeros(0, np.int32),
        "family_codes": np.zeros(0, np.int32),
        "id2pos": np.zeros(0, np.int32),
    }
    return Columns(**empty)
