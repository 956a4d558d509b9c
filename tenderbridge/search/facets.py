"""Filters and facet counts over the in-memory columns (snapshot.py).

Each active filter is one boolean mask over all notices. A facet counts the values of its column among the
results that pass every *other* filter ("disjunctive" facets, as in any shop's search: choosing the notice
type RFQ still shows how many ITBs there are, so the reader can switch). The counting is numpy: `bincount`
for one-value columns, and for many-valued ones (countries, UNSPSC segments and families) a count over the
(notice, value) pairs of the selected notices.
"""

import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

import numpy as np

from tenderbridge.lib import sources
from tenderbridge.opportunities.filters import CLOSING_DAYS, NoticeFilters

from . import snapshot
from .postings import in_order
from .snapshot import Columns

DAY = 86_400.0
TOP_VALUES = {"buyer": 10, "country": 15}  # long facets show their biggest values (and the chosen one)


@dataclass(frozen=True)
class Facet:
    """Counts of one facet: (value, count) pairs, biggest first (or in their natural order)."""

    name: str
    values: list[tuple[str, int]]
    selected: str = ""


def _is_open(c: Columns, now: float) -> np.ndarray:
    return c.deadline > now  # nan (no deadline) compares False: closed, as the list has always said


def _has(rows: np.ndarray, codes: np.ndarray, code: int, size: int) -> np.ndarray:
    mask = np.zeros(size, bool)
    mask[rows[codes == code]] = True
    return mask


def _code(values: list[str], value: str) -> int:
    return values.index(value) if value in values else -2  # -2 matches nothing


def _award_sources() -> list[int]:
    return [snapshot.SOURCES.index(name) for name in sources.award_sources()]


def _is_award(source: np.ndarray, notice_type: np.ndarray) -> np.ndarray:
    """Which of these notices (their source and notice type columns) are awards: rows of award statistics
    (Source.awards_only) or notices that only report a contract awarded (nothing left to take part in)."""
    award_source = np.zeros(len(snapshot.SOURCES) + 1, bool)  # by source code + 1 (0: unknown)
    award_source[np.array(_award_sources(), np.int64) + 1] = True
    # A lookup by code: np.isin over a million notices cost ~5 ms.
    return award_source[source.astype(np.int64) + 1] | (notice_type == snapshot.TYPES.index(CONTRACT_AWARD))


CONTRACT_AWARD = "contract_award"  # Notice.Type.CONTRACT_AWARD


def _mask(c: Columns, name: str, value, now: float) -> np.ndarray:
    if name == "kind":
        awards = _is_award(c.source, c.notice_type)
        return awards if value == "awards" else ~awards
    if name == "source":
        return c.source == _code(snapshot.SOURCES, value)
    if name == "notice_type":
        return c.notice_type == _code(snapshot.TYPES, value)
    if name == "buyer_family":
        return c.family == _code(snapshot.FAMILIES, value)
    if name == "buyer":
        return c.buyer == value
    if name == "country":
        return _has(c.country_rows, c.country_codes, snapshot.COUNTRIES.index(value), c.size)
    if name == "segment":
        return _has(c.segment_rows, c.segment_codes, int(value[:2]), c.size)
    if name == "family":
        return _has(c.family_rows, c.family_codes, int(value[:4]), c.size)
    if name == "status":
        is_open = _is_open(c, now)
        return is_open if value == "open" else ~is_open
    if name == "closing":
        return _is_open(c, now) & (c.deadline <= now + int(value) * DAY)
    if name in ("sme", "sustainable"):
        return getattr(c, name) == (1 if value == "yes" else 0)
    raise ValueError(name)


def filter_masks(c: Columns, filters: NoticeFilters, now: datetime) -> dict[str, np.ndarray]:
    """One mask per active filter."""
    moment = now.timestamp()
    defaulted = ("kind", "status")
    masks = {
        name: _mask(c, name, getattr(filters, name), moment) for name in filters.as_query() if name not in defaulted
    }
    if (kind := filters.effective_kind) != "all":  # a default: no parameter needed
        masks["kind"] = _mask(c, "kind", kind, moment)
    if status := filters.effective_status:  # open by default among the opportunities
        masks["status"] = _mask(c, "status", status, moment)
    return masks


class Selection:
    """The candidate positions (all notices, or a search's matches) with, for each, the filters it fails."""

    def __init__(self, candidates: np.ndarray, masks: dict[str, np.ndarray]):
        self.candidates = candidates
        self.masks = {name: mask[candidates] for name, mask in masks.items()}
        failed = np.zeros(len(candidates), np.int8)
        for passed in self.masks.values():
            failed += ~passed
        self.failed = failed
        self._passing: np.ndarray | None = None

    def passing(self) -> np.ndarray:
        """The positions that pass every filter: the results (computed once: most facets count these)."""
        if self._passing is None:
            self._passing = self.candidates if not self.masks else self.candidates[self.failed == 0]
        return self._passing

    def passing_all_but(self, name: str) -> np.ndarray:
        """The positions that pass every filter except `name` (whatever they do for that one)."""
        if name not in self.masks:
            return self.passing()
        keep = (self.failed == 0) | ((self.failed == 1) & ~self.masks[name])
        return self.candidates[keep]

    def passing_all_but_these(self, names: tuple[str, ...]) -> tuple[np.ndarray, np.ndarray]:
        """The positions that pass every filter except these, and whether each passes those too."""
        failed_these = np.zeros(len(self.candidates), np.int8)
        for name in names:
            if name in self.masks:
                failed_these += ~self.masks[name]
        keep = self.failed == failed_these
        return self.candidates[keep], failed_these[keep] == 0


def _bincount(column: np.ndarray, positions: np.ndarray, labels: list[str]) -> list[tuple[str, int]]:
    values = column[positions].astype(np.int64)
    counts = np.bincount(values[values >= 0], minlength=len(labels))
    return [(labels[i], int(n)) for i, n in enumerate(counts) if n]


def _pair_counts(c: Columns, name: str, positions: np.ndarray) -> dict[int, int]:
    """Code -> number of the chosen notices that have it, for the multi-valued column `name` (country,
    segment, family). Codes are small integers: bincounts, no sort. For many chosen notices, a mask over all
    notices picks their pairs; for fewer, that pass over every pair (~1 ms a facet at a million notices,
    however few are chosen) is left out: each notice's first code is a column, gathered at the chosen
    positions, and its other codes are found by position (Pairs)."""
    rows, codes = getattr(c, f"{name}_rows"), getattr(c, f"{name}_codes")
    if not len(rows):
        return {}
    if len(positions) == c.size:  # everything chosen (the unfiltered list)
        picked = codes
    elif len(positions) * MANY_CHOSEN > c.size:
        picked = codes[_chosen(positions, c.size)[rows]]
    else:
        pairs = arranged(c, name)
        firsts = pairs.first[positions]
        picked = np.concatenate([firsts[firsts >= 0], pairs.rest_of(positions)])
    counts = np.bincount(picked.astype(np.int64), minlength=1)
    found = np.flatnonzero(counts)
    return dict(zip(found.tolist(), counts[found].tolist(), strict=True))


def family_counts(c: Columns, positions: np.ndarray) -> dict[int, int]:
    """UNSPSC family (four digits) -> how many of these notices are filed under it."""
    return _pair_counts(c, "family", positions)


MANY_CHOSEN = 8  # from an eighth of all notices chosen on, the mask over every pair costs less


@dataclass(frozen=True)
class Pairs:
    """A multi-valued column's (position, code) pairs arranged for counting few notices: each notice's first
    code, and the other pairs sorted by position with, per position, where its own start (CSR)."""

    first: np.ndarray  # the code of each position's first pair, -1 for none
    rest_codes: np.ndarray
    # int64 [size + 1]: position p's other codes are rest_codes[rest_starts[p] : rest_starts[p + 1]]
    rest_starts: np.ndarray

    @classmethod
    def of(cls, rows: np.ndarray, codes: np.ndarray, size: int) -> "Pairs":
        rows, codes = in_order(rows, codes)  # a refresh appends the changed notices' pairs after the others
        leading = np.ones(len(rows), bool)
        leading[1:] = rows[1:] != rows[:-1]
        first = np.full(size, -1, np.int32)
        first[rows[leading]] = codes[leading]
        starts = np.zeros(size + 1, np.int64)
        np.cumsum(np.bincount(rows[~leading], minlength=size), out=starts[1:])
        return cls(first, codes[~leading], starts)

    def rest_of(self, positions: np.ndarray) -> np.ndarray:
        """The other codes of these positions."""
        starts = self.rest_starts[positions]
        counts = self.rest_starts[positions + 1] - starts
        having = counts > 0
        starts, counts = starts[having], counts[having]
        total = int(counts.sum())
        if not total:
            return self.rest_codes[:0]
        # Each chosen position's run of codes, end to end: its start repeated over its run, plus 0, 1, ….
        offsets = np.repeat(starts - (np.cumsum(counts) - counts), counts) + np.arange(total)
        return self.rest_codes[offsets]


_last = threading.local()  # per thread (gunicorn's threads share a process): the last positions made a mask


def _chosen(positions: np.ndarray, size: int) -> np.ndarray:
    """`positions` as a mask over all notices, built once for the pair facets (countries, segments, families),
    which mostly count the same positions (those passing every filter)."""
    if getattr(_last, "positions", None) is positions and len(_last.mask) == size:
        return _last.mask
    mask = np.zeros(size, bool)
    mask[positions] = True
    _last.positions, _last.mask = positions, mask
    return mask


_arranged: dict[str, tuple[Columns | None, Pairs | None]] = {}


def arranged(c: Columns, name: str) -> Pairs:
    """The pairs of column `name` arranged (built once per index state: ~30 ms for a million notices; wsgi.py
    builds them in gunicorn's master with small_key, for the workers to share)."""
    columns, pairs = _arranged.get(name, (None, None))
    if columns is not c or pairs is None:
        pairs = Pairs.of(getattr(c, f"{name}_rows"), getattr(c, f"{name}_codes"), c.size)
        _arranged[name] = (c, pairs)  # one assignment: a thread reading it sees the old pair or the new one
    return pairs


PAIRED = ("country", "segment", "family")


def prepare(c: Columns) -> None:
    """Build what counting needs once per index state (wsgi.py calls it in gunicorn's master)."""
    small_key(c)
    for name in PAIRED:
        arranged(c, name)


def _biggest(pairs: list[tuple[str, int]], top: int | None, selected: str) -> list[tuple[str, int]]:
    pairs = sorted(pairs, key=lambda pair: (-pair[1], pair[0]))
    if top is None or len(pairs) <= top:
        return pairs
    kept = pairs[:top]
    if selected and all(value != selected for value, _n in kept):
        kept += [pair for pair in pairs if pair[0] == selected]
    return kept


def _count_kind(c, p, f, now):
    awards = int(_is_award(c.source[p], c.notice_type[p]).sum())
    return [("opportunities", len(p) - awards), ("awards", awards), ("all", len(p))]


def _count_kind_defaulted(c: Columns, selection: "Selection", now: float) -> list[tuple[str, int]]:
    """The kind tabs' counts when the status is the default one, which differs by kind (the opportunities
    open, the awards and all notices whatever their deadline): each tab counts what it would list."""
    positions, _passes = selection.passing_all_but_these(("kind", "status"))
    awards = _is_award(c.source[positions], c.notice_type[positions])
    is_open = c.deadline[positions] > now
    everything = len(positions)
    return [
        ("opportunities", int((~awards & is_open).sum())),
        ("awards", int(awards.sum())),
        ("all", everything),
    ]


def _count_source(c, p, f, now):
    return _bincount(c.source, p, snapshot.SOURCES)


def _count_notice_type(c, p, f, now):
    return _bincount(c.notice_type, p, snapshot.TYPES)


def _count_buyer_family(c, p, f, now):
    return _bincount(c.family, p, snapshot.FAMILIES)


def _count_buyer(c, p, f, now):
    counts = np.bincount(c.buyer[p], minlength=1)
    counts[0] = 0  # no buyer
    top = TOP_VALUES["buyer"]
    best = np.flatnonzero(counts) if np.count_nonzero(counts) <= top else np.argpartition(counts, -top)[-top:]
    pairs = [(str(v), int(counts[v])) for v in best.tolist()]
    if f.buyer and 0 < f.buyer < len(counts) and counts[f.buyer]:
        pairs.append((str(f.buyer), int(counts[f.buyer])))
    return _biggest(list(dict(pairs).items()), top, str(f.buyer or ""))


def _count_country(c, p, f, now):
    counts = _pair_counts(c, "country", p)
    pairs = [(snapshot.COUNTRIES[code], n) for code, n in counts.items()]
    return _biggest(pairs, TOP_VALUES["country"], f.country)


def _count_segment(c, p, f, now):
    counts = _pair_counts(c, "segment", p)
    return _biggest([(f"{code:02d}000000", n) for code, n in counts.items()], None, f.segment)


def _count_family(c, p, f, now):
    """Families of the chosen segment only: the drill-down's second level."""
    if not f.segment:
        return []
    counts = _pair_counts(c, "family", p)
    prefix = int(f.segment[:2])
    pairs = [(f"{code:04d}0000", n) for code, n in counts.items() if code // 100 == prefix]
    return _biggest(pairs, None, f.family)


def _count_status(c, p, f, now):
    is_open = int((c.deadline[p] > now).sum())  # gathered first: not a comparison over every notice
    # All three, even at 0: the select always offers them (the default, open, may have none).
    return [("open", is_open), ("closed", len(p) - is_open), ("any", len(p))]


def _count_closing(c, p, f, now):
    deadlines = c.deadline[p]
    ahead = deadlines[deadlines > now] - now
    return [(str(days), n) for days in CLOSING_DAYS if (n := int((ahead <= days * DAY).sum()))]


def _yes_no_counts(column: np.ndarray, p: np.ndarray) -> list[tuple[str, int]]:
    values = column[p]
    return [
        (value, n) for value, n in (("yes", int((values == 1).sum())), ("no", int((values == 0).sum()))) if n
    ]


def _count_sme(c, p, f, now):
    return _yes_no_counts(c.sme, p)


def _count_sustainable(c, p, f, now):
    return _yes_no_counts(c.sustainable, p)


# In the order the page shows them.
COUNTERS: dict[str, Callable] = {
    "kind": _count_kind,
    "status": _count_status,
    "closing": _count_closing,
    "notice_type": _count_notice_type,
    "buyer_family": _count_buyer_family,
    "segment": _count_segment,
    "family": _count_family,
    "country": _count_country,
    "buyer": _count_buyer,
    "sme": _count_sme,
    "sustainable": _count_sustainable,
    "source": _count_source,
}


def count(c: Columns, selection: Selection, filters: NoticeFilters, now: datetime) -> list[Facet]:
    moment = now.timestamp()
    small = None  # the small columns' counts over the results, for the facets that count the results
    facets = []
    for name, counter in COUNTERS.items():
        if name == "kind" and not filters.status:
            values = _count_kind_defaulted(c, selection, moment)
        elif name in SMALL_COUNTERS and name not in selection.masks:
            small = small if small is not None else SmallCounts(c, selection.passing())
            values = SMALL_COUNTERS[name](small, filters)
        else:
            values = counter(c, selection.passing_all_but(name), filters, moment)
        selected = {"kind": filters.effective_kind, "status": filters.effective_status or "any"}.get(
            name, getattr(filters, name)
        )
        facets.append(Facet(name, values, "" if selected in ("", None) else str(selected)))
    return facets


# --- The small columns counted together --------------------------------------------------------------------
# Six facets count columns of a few values each (source, notice type, buyer family, SME, sustainable; kind is
# a grouping of sources). Counted one by one, each gathers its column at every result: for a query matching
# half a million notices that was ~16 ms of the ~30 its facets cost at a million notices. Their values combined
# make one small integer per notice (a few thousand possible), so one gather and one bincount count them all,
# and each facet's counts are a sum over the others' axes.

_SMALL_COLUMNS = ("source", "notice_type", "family", "sme", "sustainable")


def _small_shape() -> tuple[int, ...]:
    # Each column's values run from UNKNOWN (-1) up: shifted by one, 0 is "unknown".
    return (len(snapshot.SOURCES) + 1, len(snapshot.TYPES) + 1, len(snapshot.FAMILIES) + 1, 3, 3)


_small_keys: tuple[Columns | None, np.ndarray] = (None, np.zeros(0, np.int32))


def small_key(c: Columns) -> np.ndarray:
    """The combined value of the small columns, per notice (built once per index state: ~10 ms at a million
    notices; wsgi.py builds it in gunicorn's master, for the workers to share)."""
    global _small_keys
    columns, keys = _small_keys
    if columns is not c:
        shifted = [getattr(c, name).astype(np.int64) + 1 for name in _SMALL_COLUMNS]
        keys = np.ravel_multi_index(shifted, _small_shape()).astype(np.int32)
        _small_keys = (c, keys)  # one assignment: a thread reading it sees the old pair or the new one
    return keys


class SmallCounts:
    """The counts of the small columns' values among these positions: counts[source + 1, type + 1, ...]."""

    def __init__(self, c: Columns, positions: np.ndarray):
        shape = _small_shape()
        self.total = len(positions)
        self.counts = np.bincount(small_key(c)[positions], minlength=int(np.prod(shape))).reshape(shape)

    def of(self, column: str) -> np.ndarray:
        """Counts by value of one column (index 0: unknown, then each code)."""
        axis = _SMALL_COLUMNS.index(column)
        return self.counts.sum(axis=tuple(i for i in range(self.counts.ndim) if i != axis))

    def labelled(self, column: str, labels: list[str]) -> list[tuple[str, int]]:
        return [(labels[i], int(n)) for i, n in enumerate(self.of(column)[1:]) if n]

    def yes_no(self, column: str) -> list[tuple[str, int]]:
        by_value = self.of(column)  # unknown, no (0), yes (1)
        return [(value, int(n)) for value, n in (("yes", by_value[2]), ("no", by_value[1])) if n]


def _small_kind(small: SmallCounts, f) -> list[tuple[str, int]]:
    # Award sources, and contract-award notices of the other sources (axes: source + 1, type + 1, …).
    by_source_type = small.counts.sum(axis=(2, 3, 4))
    award_rows = [code + 1 for code in _award_sources()]
    award_type = snapshot.TYPES.index(CONTRACT_AWARD) + 1
    awards = int(by_source_type[award_rows].sum())
    others = np.ones(len(by_source_type), bool)
    others[award_rows] = False
    awards += int(by_source_type[others, award_type].sum())
    return [("opportunities", small.total - awards), ("awards", awards), ("all", small.total)]


# The facets counted from SmallCounts when they count the results (no filter of their own is set); each gives
# what its counter above gives.
SMALL_COUNTERS: dict[str, Callable] = {
    "kind": _small_kind,
    "notice_type": lambda small, f: small.labelled("notice_type", snapshot.TYPES),
    "buyer_family": lambda small, f: small.labelled("family", snapshot.FAMILIES),
    "sme": lambda small, f: small.yes_no("sme"),
    "sustainable": lambda small, f: small.yes_no("sustainable"),
    "source": lambda small, f: small.labelled("source", snapshot.SOURCES),
}
