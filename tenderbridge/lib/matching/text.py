"""Words of notices and profiles, and the term matrices that compare them lexically.

Tokens come from the search tokeniser (lib/segment.py: Chinese segmented with rjieba, Latin text folded), the
index form on both sides: a profile and a notice are both documents, and cut_for_search's sub-words let 医用手套
meet 手套. Tokens that are only digits ("2016", "26") are dropped: quantities and years say nothing of what is
bought. One-letter Latin tokens, function words (segment.FUNCTION_WORDS: "and", "with", "we", 我们) and
NOISE_WORDS (company suffixes such as "ltd" and 有限公司, fillers such as "make" and "delivered") are dropped too.

Similarity (the product's signal): tf-idf cosine. Documents are rows of (1 + ln tf) · idf, L2-normalised; a query
(the other side's text) is weighted the same way with the documents' idf and normalised, so a score is in
[0, 1] whatever the text's length — a 100 KB description does not outweigh a title. A query keeps only its
QUERY_TERMS heaviest terms: the rest add little and cost a posting list each.

A matrix may borrow its statistics (idf, document frequencies, average length, number of documents) from a
larger `reference` matrix: a feed update scores an ingest's new notices in a small index of their own, and
with the statistics of the index of every open notice their scores are the ones the big index would give.
"""

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from tenderbridge.lib import segment

# Words that say nothing of what is bought, dropped from profiles and notices alike (as segment.FUNCTION_WORDS):
# company forms and suffixes ("Ltd", "Co.", 有限公司) and the verbs and fillers every description and tender
# uses ("make", "delivered", 生产, 提供). Without them "shared keywords: ltd" or "make, delivered" was a reason.
# Nouns that name what is bought in a short category title ("supplies", "products", "delivery") stay: dropping
# them cost 0.001 MRR on the held-out UN ASR fold, whose notices are such titles.
NOISE_WORDS = frozenset(
    """ltd limited co company companies corp corporation inc incorporated llc plc gmbh sarl srl bv ag nv oy ab
    as asa spa kft sro pte pty pvt jsc ojsc llp lp group holding holdings enterprise enterprises firm
    make makes made making deliver delivers delivered delivering provide provides provided providing
    supplied supplying offer offers offered including include includes etc various based mainly specialised
    specialized specialising specializing customers customer clients client leading well
    有限公司 有限责任公司 股份有限公司 公司 有限 责任 股份 集团 企业 本公司 我司 厂家 工厂 厂 主要 主营 从事 专业 生产 制造
    提供 销售 经营 产品 各类 各种 一家 一系列 包括 以及 客户 优质 领先 年 多年 等""".split()
)
MAX_CHARS = 20_000  # of one text: the subject of a notice or a profile is said long before this
QUERY_TERMS = 64
BM25_K1, BM25_B = 1.2, 0.75


def terms(*texts: str | None) -> Counter:
    """Term counts of some texts (each cut at MAX_CHARS)."""
    counts: Counter = Counter()
    for text in texts:
        if text:
            counts.update(t for t in segment.tokenize(text[:MAX_CHARS]) if _useful(t))
    return counts


def _useful(token: str) -> bool:
    if token.isdigit() or token in segment.FUNCTION_WORDS or token in NOISE_WORDS:
        return False
    return not (len(token) == 1 and token.isascii())


@dataclass
class TermMatrix:
    """Documents × terms, tf-idf rows of unit length, stored by column (a query reads its terms' columns)."""

    vocabulary: dict[str, int]
    idf: np.ndarray  # (n_terms,)
    weights: sparse.csc_array  # (n_docs, n_terms) float32
    counts: sparse.csc_array  # raw term counts, for BM25 (the lexical baseline)
    lengths: np.ndarray  # tokens per document
    words: list[str]  # column → term
    # The statistics idf and BM25 are computed from: this matrix's own, or its reference's.
    df: np.ndarray  # (n_terms,) documents that contain each term
    stats_docs: int  # number of documents
    average_length: float  # tokens per document, on average
    reference: "TermMatrix | None" = None  # the matrix the statistics come from, when borrowed

    @property
    def n_docs(self) -> int:
        return self.weights.shape[0]

    @classmethod
    def build(cls, docs: Sequence[Counter], reference: "TermMatrix | None" = None) -> "TermMatrix":
        vocabulary: dict[str, int] = {}
        rows, cols, values = [], [], []
        for row, counts in enumerate(docs):
            for term, count in counts.items():
                rows.append(row)
                cols.append(vocabulary.setdefault(term, len(vocabulary)))
                values.append(count)
        n_docs, n_terms = len(docs), len(vocabulary)
        rows_a = np.asarray(rows, dtype=np.int64)
        cols_a = np.asarray(cols, dtype=np.int64)
        tf = np.asarray(values, dtype=np.float64)
        lengths = np.bincount(rows_a, weights=tf, minlength=n_docs)
        df = np.bincount(cols_a, minlength=n_terms)
        stats_docs, average_length = n_docs, float(lengths.mean()) if n_docs else 0.0
        if reference is not None:
            df, stats_docs, average_length = _borrowed(vocabulary, df, reference)
        idf = np.log((1.0 + stats_docs) / (1.0 + df)) + 1.0
        w = (1.0 + np.log(np.maximum(tf, 1.0))) * idf[cols_a]
        norms = np.sqrt(np.bincount(rows_a, weights=w * w, minlength=n_docs))
        w = w / np.where(norms > 0, norms, 1.0)[rows_a]
        shape = (n_docs, n_terms)
        weights = sparse.csc_array((w.astype(np.float32), (rows_a, cols_a)), shape=shape)
        counts = sparse.csc_array((tf.astype(np.float32), (rows_a, cols_a)), shape=shape)
        return cls(vocabulary, idf, weights, counts, lengths, list(vocabulary), df, stats_docs, average_length,
                   reference)

    def query(self, counts: Counter, limit: int = QUERY_TERMS) -> tuple[np.ndarray, np.ndarray]:
        """(columns, weights) of a query: its terms weighted like documents, normalised over all its terms
        (unknown ones count with the largest idf, so a query mostly made of unknown words scores low).

        With a reference, the terms are weighted and chosen (the `limit` heaviest, ties by the reference's
        column) as the reference would, then those absent here are dropped: the scores are the reference's."""
        if not counts:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        top_idf = float(np.log(1.0 + self.stats_docs)) + 1.0
        ranking = self.reference or self
        weighted = []
        for term, count in counts.items():
            key = ranking.vocabulary.get(term, -1)  # a term known to the ranking matrix, and its tie-break
            idf = ranking.idf[key] if key >= 0 else top_idf
            weighted.append(((1.0 + np.log(count)) * idf, key, self.vocabulary.get(term, -1)))
        norm = np.sqrt(sum(w * w for w, _, _ in weighted)) or 1.0
        known = sorted(((w, key, c) for w, key, c in weighted if key >= 0), reverse=True)[:limit]
        kept = [(w, c) for w, _, c in known if c >= 0]
        columns = np.asarray([c for _, c in kept], dtype=np.int64)
        values = np.asarray([w / norm for w, _ in kept], dtype=np.float32)
        return columns, values

    def scores(self, counts: Counter) -> np.ndarray:
        """Cosine similarity of the query text to every document, (n_docs,) float32."""
        columns, values = self.query(counts)
        if not len(columns):
            return np.zeros(self.n_docs, dtype=np.float32)
        return np.asarray(self.weights[:, columns] @ values, dtype=np.float32)

    def bm25(self, counts: Counter, limit: int | None = None) -> np.ndarray:
        """Okapi BM25 (k1 = 1.2, b = 0.75) of a query's distinct terms over every document; with `limit`, only
        its `limit` heaviest terms (by tf-idf, as `query` keeps them)."""
        if limit is None:
            columns = np.asarray([self.vocabulary[t] for t in counts if t in self.vocabulary], dtype=np.int64)
        else:
            columns = self.query(counts, limit)[0]
        if not len(columns) or not self.n_docs:
            return np.zeros(self.n_docs)
        sub = self.counts[:, columns].tocoo()
        df = self.df[columns]
        idf = np.log(1.0 + (self.stats_docs - df + 0.5) / (df + 0.5))
        average = max(self.average_length, 1e-9)
        norm = BM25_K1 * (1.0 - BM25_B + BM25_B * self.lengths[sub.row] / average)
        tf = sub.data.astype(np.float64)
        return np.bincount(sub.row, weights=idf[sub.col] * tf * (BM25_K1 + 1.0) / (tf + norm), minlength=self.n_docs)

    def bm25_ideal(self, counts: Counter, limit: int = QUERY_TERMS) -> float:
        """The BM25 score of the best match a document of average length could be: one that holds the query's
        rarest terms, as many as such a document has words (at most `limit`), each once — their Σ idf. A term no
        document has counts with the largest idf: a query mostly made of words the index lacks (a Chinese
        description against English notices) has a high ideal, so its few word matches stay low. With a
        reference, its statistics."""
        ranking = self.reference or self
        if not counts:
            return 0.0
        n = ranking.stats_docs
        idfs = []
        for term in counts:
            column = ranking.vocabulary.get(term, -1)
            df = int(ranking.df[column]) if column >= 0 else 0
            idfs.append(float(np.log(1.0 + (n - df + 0.5) / (df + 0.5))))
        room = max(1, min(limit, round(ranking.average_length)))
        return sum(sorted(idfs, reverse=True)[:room])

    def shared_terms(self, rows, counts: Counter, n: int = 5) -> list[list[str]]:
        """For each of some documents, the query's terms it contains, most telling first (for explanations)."""
        columns, values = self.query(counts)
        if not len(columns) or not len(rows):
            return [[] for _ in rows]
        by_row = getattr(self, "_by_row", None)
        if by_row is None:
            by_row = self._by_row = self.weights.tocsr()  # once per index: rows read without a column slice
        weight_of = dict(zip(columns.tolist(), values.tolist(), strict=True))
        out = []
        for row in rows:
            start, end = by_row.indptr[row], by_row.indptr[row + 1]
            shared = [(float(w) * weight_of[c], c) for c, w in zip(by_row.indices[start:end].tolist(),
                                                                    by_row.data[start:end], strict=True)
                      if c in weight_of]
            shared.sort(key=lambda item: (-item[0], item[1]))
            out.append([self.words[c] for _, c in shared[:n]])
        return out


def _borrowed(vocabulary: dict[str, int], own_df: np.ndarray, reference: TermMatrix) -> tuple[np.ndarray, int, float]:
    """Document frequencies, document count and average length from `reference` (which should contain these
    documents). A term it lacks counts as if these documents were added to it."""
    df = own_df.astype(np.int64).copy()
    for term, column in vocabulary.items():
        known = reference.vocabulary.get(term)
        if known is not None:
            df[column] = max(int(reference.df[known]), int(own_df[column]))
    return df, reference.stats_docs, reference.average_length
