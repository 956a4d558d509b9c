"""The one place where the ranker's weights live.

A pair's score is Σ weight × signal over the signals of signals.SIGNALS, minus the penalties of the gates
(ranker.py). The tuned weights were chosen on the tuning folds of the development set only (ASR history ≤ Y →
awards of Y+1 for Y+1 = 2012…2015, NATO NSPA Y+1 = 2015…2018), by the coordinate search of
benchmarks/matching_tune.py (mean MRR over folds and both directions, 600 queries per fold and direction:
0.1803 at the start, 0.1921 chosen); the
held-out folds (ASR ≤ 2015 → 2016, NATO ≤ 2018 → 2019) were never looked at while choosing. docs/matching.md
gives the search and the figures.

Weights marked "not tuned" belong to signals that the development data cannot show (its notices carry no
delivery country, SME flag, registration requirement or deadline): they are set by judgement, small enough that
they reorder near-ties rather than override what the data showed, and changing them leaves every development
figure unchanged.
"""

from dataclasses import dataclass, fields, replace


@dataclass(frozen=True)
class Weights:
    # -- tuned on the development set ----------------------------------------------------------------
    text_profile: float = 1.5  # tf-idf cosine, notice ↔ name + description
    text_history: float = 0.0  # tf-idf cosine, notice ↔ the supplier's past contracts (BM25 does it better)
    text_bm25: float = 2.0  # BM25 of all the supplier's text against the notice's, relative to the query's best
    embedding_history: float = 1.5  # cross-lingual cosine, notice ↔ mean of the past contracts
    history_buyer: float = 0.5  # log(1 + recency-weighted past contracts with this buyer)
    history_category: float = 0.1125  # … in the notice's family (a segment-only match counts SEGMENT_SHARE)
    history_buyer_category: float = 0.5  # … with this buyer and in this family / segment
    history_value: float = 0.75  # a past contract with this buyer of about this value
    experience: float = 0.01875  # log(1 + recency-weighted past contracts), any buyer
    # -- held, not searched: the development set cannot measure them -----------------------------------
    # Its profiles' codes are derived from their own histories (the history signals carry them already; the
    # unconstrained search set code to 0 for +0.001 MRR) and its profiles are bare vendor names (no
    # description, no Chinese): declared codes and described products are what new suppliers have.
    code: float = 1.0  # UNSPSC overlap of the supplier's declared codes with the notice's
    embedding_profile: float = 1.0  # cross-lingual cosine, notice ↔ name + description
    decay: float = 0.7  # a contract k years before the notice's year (k ≥ 1) counts decay^(k-1)
    # text_bm25 is divided by the query's best score, or by this share of an ideal match's score when larger: a
    # supplier whose best notice shares one generic word does not get the full weight for it. Chosen on the
    # tuning folds among 0, 0.25, 0.5 (mean MRR 0.1953, 0.1961, 0.1968; benchmarks/matching_floor_sweep.py).
    bm25_floor: float = 0.5
    value_scale: float = 0.3  # history_value = exp(-|log10 value - log10 amount| / value_scale)
    # -- not tuned (the development data cannot show them) -------------------------------------------
    local: float = 0.3  # the supplier is in a country of delivery
    sme: float = 0.2  # the notice is marked SME-suitable and the supplier is an SME
    registration_penalty: float = 0.3  # the supplier's UNGM registration is below what the notice type asks
    short_deadline_penalty: float = 1.0  # scaled by how far below MIN_DAYS_TO_RESPOND the time left is
    # The supplier asked for UN and development-bank work and a UN organisation or a bank buys: enough to put
    # such a notice above a national one that fits as well, not above a clearly better one.
    preference: float = 0.3

    def with_(self, **changes: float) -> "Weights":
        return replace(self, **changes)

    def as_dict(self) -> dict[str, float]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


# Fixed shape of the signals (not weights: they say how strong each kind of evidence is relative to its peers).
LEVEL_VALUE = {"segment": 0.25, "family": 0.5, "class": 0.75, "commodity": 1.0}  # code match by depth
PREDICTED_SHARE = 0.5  # a code predicted from the notice's text counts half of a given one
DESCRIBED_SHARE = 0.5  # a code read from the supplier's description counts half of a declared one
SEGMENT_SHARE = 0.3  # a past contract in the notice's segment but another family
MIN_DAYS_TO_RESPOND = 5.0  # less time than this to the deadline is a penalty; none at all excludes

WEIGHTS = Weights()
# Evidence: what makes a match worth showing when asked for (rank_notices / rank_suppliers with evidence=True) —
# a reason about what is bought, not boosts (SME flag, country, experience) or the background similarity of
# unrelated texts (cosines of 0.1–0.2). Set by judgement on real feeds, not tuned (docs/matching.md).
EVIDENCE_MEANING = 0.35  # a cosine of the two texts' vectors at least this high is "similar in meaning"
EVIDENCE_WORDS = 0.3  # the word signals' weighted sum at least this high is "shares words"
EVIDENCE_CODE = 0.75  # a code in common at class level or deeper (a given notice code) is a reason alone
# Weaker readings, a reason when two agree: a code in common at family or segment level, a cosine this high,
# words this heavy (set by reading the feeds of the demo supplier and a description-only LED/solar maker).
SUPPORT_MEANING = 0.28
SUPPORT_WORDS = 0.08
