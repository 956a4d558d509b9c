"""Predict the UNSPSC family (and so the segment) of a notice from its text, with numpy only.

Model: each family is one "document" made of all its training texts, as hashed counts of words and
character n-grams (see text.py). A notice is scored against every family by query likelihood with
Dirichlet smoothing (a multinomial Naive Bayes whose smoothing borrows from the background frequency
of each feature):

    score(family) = Σ_f q_f · log(1 + n_family,f / (μ · p_f)) + |q| · log(μ / (N_family + μ))

This was chosen over TF-IDF centroids on the development sets: centroids let families with only a few
titles win on one generic word, while the length term here balances small and large families.
The per-feature terms of rare features are stored column-wise by feature (CSC), so a prediction only
reads the posting lists of the features in the notice; features seen in many families (most character
n-grams) are dense rows, read with one matrix product.
"""

from collections.abc import Sequence
from os import PathLike
from typing import Self

import numpy as np

from .text import features

N_FEATURES = 2**20
CHAR_WEIGHT = 0.3  # character n-grams are many per word; damp them so whole words still count most
MU = 200_000.0  # Dirichlet smoothing mass; chosen on the development sets (1e5–5e5 perform alike)
DENSE_MIN_FAMILIES = 64  # features seen in this many families are kept as dense rows: faster to read
MAX_CHARS = (
    4_000  # the subject of a notice is in its title and first paragraphs; bounds the cost of one prediction
)


class FamilyClassifier:
    def __init__(
        self, n_features: int = N_FEATURES, char_weight: float = CHAR_WEIGHT, mu: float = MU
    ) -> None:
        self.n_features = n_features
        self.char_weight = char_weight
        self.mu = mu
        self.families: list[str] = []
        self.base = np.zeros(0, dtype=np.float64)  # log(μ / (N_family + μ)) per family
        self.indptr = np.zeros(n_features + 1, dtype=np.int64)
        self.indices = np.zeros(0, dtype=np.int32)
        self.data = np.zeros(0, dtype=np.float32)
        self.dense_rows = np.full(n_features, -1, dtype=np.int32)  # feature → row of self.dense, or -1
        self.dense = np.zeros((0, 0), dtype=np.float32)

    # -- training --------------------------------------------------------------------------------

    def _weighted_counts(self, text: str, sublinear: bool = False) -> tuple[np.ndarray, np.ndarray]:
        """(feature ids, weights): occurrence counts, char n-grams damped; 1 + log(count) if sublinear."""
        words, chars = features(text, self.n_features)
        ids = np.asarray(words + chars, dtype=np.int64)
        scale = np.concatenate([np.ones(len(words)), np.full(len(chars), self.char_weight)])
        unique, inverse, counts = np.unique(ids, return_inverse=True, return_counts=True)
        # a word and a character feature may hash to the same id; their scales then average
        mean_scale = np.bincount(inverse, weights=scale, minlength=len(unique)) / np.maximum(counts, 1)
        tf = 1.0 + np.log(counts) if sublinear else counts.astype(np.float64)
        return unique, tf * mean_scale

    def fit(
        self, texts: Sequence[str], families: Sequence[str], weights: Sequence[float] | None = None
    ) -> Self:
        """Train from texts labelled with 8-digit family codes; a weight scales a text's counts."""
        if len(texts) != len(families) or (weights is not None and len(weights) != len(texts)):
            raise ValueError("texts, families and weights must have the same length")
        self.families = sorted(set(families))
        column = {f: i for i, f in enumerate(self.families)}
        feature_parts, family_parts, value_parts = [], [], []
        for i, text in enumerate(texts):
            ids, values = self._weighted_counts(text)
            feature_parts.append(ids)
            family_parts.append(np.full(len(ids), column[families[i]], dtype=np.int64))
            value_parts.append(values * (1.0 if weights is None else float(weights[i])))
        self._store(np.concatenate(feature_parts), np.concatenate(family_parts), np.concatenate(value_parts))
        return self

    def _store(self, feature_ids: np.ndarray, family_ids: np.ndarray, values: np.ndarray) -> None:
        n_families = len(self.families)
        keys, inverse = np.unique(feature_ids * n_families + family_ids, return_inverse=True)
        counts = np.bincount(inverse, weights=values)
        feats, fams = keys // n_families, keys % n_families
        background = np.bincount(feats, weights=counts, minlength=self.n_features)
        probability = background / background.sum()
        family_mass = np.bincount(fams, weights=counts, minlength=n_families)
        self.base = np.log(self.mu / (family_mass + self.mu))
        values = np.log1p(counts / (self.mu * probability[feats])).astype(np.float32)
        self._split_dense(feats, fams, values)

    def _split_dense(self, feats: np.ndarray, fams: np.ndarray, values: np.ndarray) -> None:
        """Frequent features (most character n-grams) as dense rows; the rest as CSC posting lists."""
        per_feature = np.bincount(feats, minlength=self.n_features)
        frequent = np.flatnonzero(per_feature >= DENSE_MIN_FAMILIES)
        self.dense_rows = np.full(self.n_features, -1, dtype=np.int32)
        self.dense_rows[frequent] = np.arange(len(frequent), dtype=np.int32)
        self.dense = np.zeros((len(frequent), len(self.families)), dtype=np.float32)
        in_dense = self.dense_rows[feats] >= 0
        self.dense[self.dense_rows[feats[in_dense]], fams[in_dense]] = values[in_dense]
        sparse = ~in_dense  # feats is sorted, so the sparse entries stay in CSC order
        self.indptr = np.concatenate([[0], np.cumsum(np.bincount(feats[sparse], minlength=self.n_features))])
        self.indices = fams[sparse].astype(np.int32)
        self.data = values[sparse]

    # -- prediction ------------------------------------------------------------------------------

    def _query(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """Sublinear query weights of the features the model knows (unknown ones carry no evidence)."""
        ids, values = self._weighted_counts(text[:MAX_CHARS], sublinear=True)
        known = (self.indptr[ids + 1] > self.indptr[ids]) | (self.dense_rows[ids] >= 0)
        return ids[known], values[known]

    def family_scores(self, text: str) -> np.ndarray:
        """Log-likelihood score of the text for every family, in the order of self.families."""
        ids, values = self._query(text)
        rows = self.dense_rows[ids]
        in_dense = rows >= 0
        evidence = values[in_dense].astype(np.float32) @ self.dense[rows[in_dense]]
        ids, sparse_values = ids[~in_dense], values[~in_dense]
        starts, lengths = self.indptr[ids], self.indptr[ids + 1] - self.indptr[ids]
        total = int(lengths.sum())
        if total:
            # positions of all posting-list entries, built without a Python loop
            offsets = np.repeat(starts - np.cumsum(lengths) + lengths, lengths) + np.arange(total)
            weights = self.data[offsets] * np.repeat(sparse_values, lengths)
            evidence = evidence + np.bincount(
                self.indices[offsets], weights=weights, minlength=len(self.families)
            )
        return evidence + values.sum() * self.base

    def _ranked(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """Families best first, with softmax shares of the scores (relative confidence, not calibrated)."""
        scores = self.family_scores(text)
        shares = np.exp(scores - scores.max())
        shares /= shares.sum()
        return np.argsort(-scores, kind="stable"), shares

    def predict(self, text: str, k: int = 3) -> list[tuple[str, float]]:
        """The k most likely UNSPSC families as (family code, score in 0–1), best first."""
        order, shares = self._ranked(text)
        return [(self.families[i], float(shares[i])) for i in order[:k]]

    def predict_segments(self, text: str, k: int = 3) -> list[tuple[str, float]]:
        """The k best segments, ranked by their best family, each with the summed share of its families."""
        order, shares = self._ranked(text)
        totals: dict[str, float] = {}
        for i in order:
            segment = self.families[i][:2] + "000000"
            totals[segment] = totals.get(segment, 0.0) + float(shares[i])
        ranked = list(dict.fromkeys(self.families[i][:2] + "000000" for i in order))
        return [(segment, totals[segment]) for segment in ranked[:k]]

    # -- persistence -----------------------------------------------------------------------------

    def save(self, path: str | PathLike[str]) -> None:
        np.savez_compressed(
            path,
            families=np.array(self.families),
            params=np.array([self.n_features, self.char_weight, self.mu], dtype=np.float64),
            base=self.base,
            indptr=self.indptr,
            indices=self.indices,
            data=self.data,
            dense_rows=self.dense_rows,
            dense=self.dense,
        )

    @classmethod
    def load(cls, path: str | PathLike[str]) -> Self:
        with np.load(path, allow_pickle=False) as saved:
            n_features, char_weight, mu = saved["params"]
            model = cls(int(n_features), float(char_weight), float(mu))
            model.families = [str(f) for f in saved["families"]]
            model.base, model.indptr = saved["base"], saved["indptr"]
            model.indices, model.data = saved["indices"], saved["data"]
            model.dense_rows, model.dense = saved["dense_rows"], saved["dense"]
        return model
