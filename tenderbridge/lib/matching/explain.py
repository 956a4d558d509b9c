"""Why a notice and a supplier match: the structured explanation of one ranked result.

A dict with one entry per signal that added to the score, strongest first, then the gates that apply. Every
entry carries `value` (the signal, see signals.py) and `contribution` (weight × value) and the facts a page needs
to say it in either language — codes, buyer names as written, years, amounts — never a sentence:

    {
      "code": {"value": 1.0, "contribution": 1.2, "level": "commodity", "code": "42132203",
               "supplier_code": "42132203", "origin": "given",             # origin: "given" | "predicted"
               "supplier_origin": "declared", "words": ""},   # "described": read from the description, `words`
                                                              # the description's words that named it
      "history_buyer_category": {"value": .., "contribution": .., "buyer": "UNICEF", "year": 2023, "count": 3,
               "level": "family", "code": "42130000", "title": "Nitrile gloves"},   # the latest such contract
      "history_buyer": {"value", "contribution", "buyer", "year", "count", "title"},
      "history_category": {"value", "contribution", "level", "code", "year", "count", "title"},
      "history_value": {"value", "contribution", "amount": "120000", "currency": "USD", "year", "title"},
      "text_profile": {"value", "contribution", "terms": ["gloves", "nitrile"]},   # shared words
      "text_history": {"value", "contribution", "terms": [...]},   # weight 0 now: BM25 below does it better
      "text_bm25": {"value", "contribution", "terms": [...]},      # words shared with all the supplier's text
      "embedding_profile": {"value", "contribution"}, "embedding_history": {"value", "contribution"},
      "experience": {"value", "contribution", "count": 14},                  # past contracts known
      "local": {"value", "contribution", "country": "CN"},
      "sme": {"value", "contribution", "size_class": "small"},
      "preference": {"value", "contribution"},   # a UN or bank buyer, for a supplier who asked for such work
      "eligibility": {"eligible": true, "countries": ["CN", "VN"],           # present when the notice restricts
                      "registration": {"required": "level_1", "have": "basic", "penalty": 0.3}},
      "deadline": {"closes": "2024-05-01T12:00:00+00:00", "days_left": 12.5, "short": false, "penalty": 0.0}
    }

"year" is null when the contract has no date; "days_left" is null without `now`. Levels of "registration" are
the SupplierFeatures.ungm_level values ("", "basic", "level_1", "level_2").
"""

from datetime import datetime

import numpy as np

from . import codes as C
from .index import UNGM_RANK, PreparedNotice, PreparedSupplier
from .signals import SIGNALS, VALUE_CONTRACTS, required_level
from .weights import DESCRIBED_SHARE, LEVEL_VALUE, MIN_DAYS_TO_RESPOND, PREDICTED_SHARE, Weights

_LEVEL_NAMES = {rank: name for name, rank in UNGM_RANK.items()}
TITLE_CHARS = 200


def explain(
    supplier: PreparedSupplier,
    notice: PreparedNotice,
    values: dict,
    row: int,
    weights: Weights,
    now: datetime | None,
    *,
    profile_terms: list[str],
    history_terms: list[str],
) -> dict:
    """`profile_terms`: words the notice shares with the name and description; `history_terms`: with all the
    supplier's text (name, description, contracts)."""
    fired = []
    for name in SIGNALS:
        value, weight = _value(values, name, row, supplier, notice), getattr(weights, name)
        if value > 0 and weight > 0:
            fired.append((weight * value, name, value))
    fired.sort(key=lambda item: -item[0])
    details = _Details(supplier, notice, weights, profile_terms, history_terms)
    out = {}
    for contribution, name, value in fired:
        out[name] = {"value": round(value, 4), "contribution": round(contribution, 4), **details.of(name)}
    eligibility = _eligibility(supplier, notice, bool(values["ineligible"][row]), weights)
    if eligibility:
        out["eligibility"] = eligibility
    if notice.features.deadline is not None:
        out["deadline"] = _deadline(notice, float(values["days_left"][row]), weights)
    return out


def _value(values: dict, name: str, row: int, supplier: PreparedSupplier, notice: PreparedNotice) -> float:
    array = values.get(name)
    if array is not None:
        return float(array[row])
    if name == "embedding_profile":  # the ranker summed both embedding signals in one pass: take them apart
        return float(notice.vector @ supplier.profile_vector)
    if name == "embedding_history":
        return float(notice.vector @ supplier.history_vector)
    return 0.0


class _Details:
    def __init__(self, supplier, notice, weights, profile_terms, history_terms):
        self.s, self.n, self.w = supplier, notice, weights
        self.profile_terms, self.history_terms = profile_terms, history_terms

    def of(self, name: str) -> dict:
        method = getattr(self, name, None)
        return method() if method else {}

    def code(self) -> dict:
        """The pair of codes that gave the signal its value: the strongest (depth × the notice code's origin × the
        supplier code's), then the deepest, then the supplier code nearest the notice's (most leading digits in
        common), so the reason names the code that matched — not the profile's first one."""
        best = None
        supplier_groups = (("declared", self.s.codes, 1.0), ("described", self.s.described, DESCRIBED_SHARE))
        for origin, group, strength in (("given", self.n.given, 1.0), ("predicted", self.n.predicted, PREDICTED_SHARE)):
            for notice_code in group:
                for supplier_origin, own, held in supplier_groups:
                    for supplier_code in own:
                        depth = _common_depth(notice_code, supplier_code)
                        if depth:
                            value = LEVEL_VALUE[C.LEVELS[depth - 1]] * strength * held
                            key = (value, depth, _shared_digits(notice_code, supplier_code),
                                   C.depth(supplier_code) == depth)
                            if best is None or key > best[0]:
                                best = (key, C.LEVELS[depth - 1], notice_code, supplier_code, origin, supplier_origin)
        if best is None:
            return {}
        out = {"level": best[1], "code": best[2], "supplier_code": best[3], "origin": best[4],
               "supplier_origin": best[5]}
        if best[5] == "described":
            out["words"] = dict(self.s.features.described_words).get(best[3], "")
        return out

    def text_profile(self) -> dict:
        return {"terms": self.profile_terms}

    def text_history(self) -> dict:
        return {"terms": self.history_terms}

    def text_bm25(self) -> dict:
        return {"terms": self.history_terms}

    def _with_buyer(self) -> list[int]:
        return contracts_by(self.s, "buyers").get(self.n.buyer, []) if self.n.buyer else []

    def history_buyer(self) -> dict:
        return self._contracts(self._with_buyer())

    def history_category(self) -> dict:
        return self._category(None)

    def history_buyer_category(self) -> dict:
        return self._category(set(self._with_buyer()))

    def history_value(self) -> dict:
        same = [i for i in self._with_buyer()[:VALUE_CONTRACTS] if np.isfinite(self.s.log_amounts[i])]
        if not same or not np.isfinite(self.n.log_value):
            return {}
        best = min(same, key=lambda i: abs(float(self.s.log_amounts[i]) - self.n.log_value))
        contract = self.s.history[best]
        return {"amount": str(contract.amount), "currency": contract.currency, "year": _year(contract),
                "title": _title(contract)}

    def experience(self) -> dict:
        return {"count": len(self.s.history)}

    def local(self) -> dict:
        return {"country": self.s.country}

    def sme(self) -> dict:
        return {"size_class": self.s.features.size_class}

    def _category(self, among: set[int] | None) -> dict:
        for level, keys, attribute in (("family", self.n.families, "families"), ("segment", self.n.segments, "segments")):
            groups = contracts_by(self.s, attribute)
            hits = sorted(i for key in keys for i in groups.get(key, []) if among is None or i in among)
            if hits:
                return {"level": level, "code": getattr(self.s, attribute)[hits[0]], **self._contracts(hits)}
        return {}

    def _contracts(self, hits: list[int]) -> dict:
        if not hits:
            return {}
        latest = self.s.history[hits[0]]  # the history is kept most recent first
        return {"buyer": latest.buyer, "year": _year(latest), "count": len(hits), "title": _title(latest)}


def contracts_by(supplier: PreparedSupplier, attribute: str) -> dict[str, list[int]]:
    """Positions of a supplier's contracts by buyer, family or segment (most recent first), computed once."""
    cache = supplier.__dict__.setdefault("_groups", {})
    if attribute not in cache:
        groups: dict[str, list[int]] = {}
        for i, key in enumerate(getattr(supplier, attribute)):
            if key:
                groups.setdefault(key, []).append(i)
        cache[attribute] = groups
    return cache[attribute]


def _shared_digits(a: str, b: str) -> int:
    """Leading digits two codes share: among supplier codes that agree at one level, the nearest one."""
    shared = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        shared += 1
    return shared


def _common_depth(a: str, b: str) -> int:
    depth = 0
    for x, y in zip(C.prefixes(a), C.prefixes(b), strict=False):
        if x != y:
            break
        depth += 1
    return depth


def _year(contract) -> int | None:
    return contract.date.year if contract.date is not None else None


def _title(contract) -> str:
    return (contract.title or contract.description or "")[:TITLE_CHARS]


def _eligibility(supplier: PreparedSupplier, notice: PreparedNotice, ineligible: bool, weights: Weights) -> dict:
    out = {}
    allowed = [c.upper() for c in notice.features.eligible_countries if c]
    if allowed:
        out["eligible"] = not ineligible
        out["countries"] = allowed
    need = required_level(notice.features.notice_type, notice.features.buyer)
    if need > supplier.ungm_rank:
        out["registration"] = {"required": _LEVEL_NAMES[need], "have": _LEVEL_NAMES[supplier.ungm_rank],
                               "penalty": weights.registration_penalty}
    return out


def _deadline(notice: PreparedNotice, days_left: float, weights: Weights) -> dict:
    known = np.isfinite(days_left)
    short = bool(known and days_left < MIN_DAYS_TO_RESPOND)
    penalty = weights.short_deadline_penalty * max(0.0, min(1.0, 1.0 - days_left / MIN_DAYS_TO_RESPOND)) if known else 0.0
    return {"closes": notice.features.deadline.isoformat(), "days_left": round(days_left, 1) if known else None,
            "short": short, "penalty": round(penalty, 4)}
