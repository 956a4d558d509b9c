"""The two engines behind search(): the same question — "the best `limit` documents containing all (or any) of
these terms, among these candidates" — asked in each database's own full-text SQL.

Terms arrive already segmented (tenderbridge.lib.segment) and only ever travel as query parameters: in FTS5 each
is a double-quoted string (so `NEAR`, `*`, `-`, `:`, `^` or a quote inside are plain text), in PostgreSQL each
goes through plainto_tsquery (no query syntax at all). Scores are "higher is better" on both; their scales
differ, so they only order hits of one search.
"""

import numpy as np
import orjson
from django.db import connection

from .models import FTS_INSTANCES, FTS_TABLE, VECTOR_COLUMN, SearchDocument

TABLE = SearchDocument._meta.db_table

TITLE_WEIGHT = 3.0  # a term in the title counts three times a term in the body, on both engines

Candidates = tuple[str, list] | None  # the SQL and parameters of a subquery selecting notice ids


class SqliteBackend:
    """FTS5 with BM25 (k1=1.2, b=0.75, per-column weights)."""

    def match(self, terms: list[str], *, require_all: bool, limit: int, candidates: Candidates):
        expression = (" AND " if require_all else " OR ").join(_fts5_string(term) for term in terms)
        # "+rowid": the unary plus keeps the IN out of FTS5's hands; given it, FTS5 probes the full-text index
        # once per candidate id (measured: 1.8 s instead of 6 ms for a common word over 20,000 notices).
        restrict, params = _restriction("+rowid", candidates)
        sql = (
            f"SELECT rowid, -bm25({FTS_TABLE}, {TITLE_WEIGHT}, 1.0) AS score FROM {FTS_TABLE} "
            f"WHERE {FTS_TABLE} MATCH %s{restrict} ORDER BY score DESC, rowid LIMIT %s"
        )
        return _fetch(sql, [expression, *params, limit])

    def match_all(self, terms: list[str], *, require_all: bool) -> np.ndarray:
        """The ids of every matching document, unranked: FTS5 only walks its doclists (~0.1 µs a match), and
        one string crosses into Python instead of a row per match."""
        sql = f"SELECT group_concat(rowid) FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s"
        return _ids(sql, [self._expression(terms, require_all)])

    # Listing one word's matches reads only the FTS5 index (27 ms for 353,000 at a million notices), so the
    # words' listings are kept and combined (discover.MatchCache).
    lists_words_cheaply = True
    # rank(lowest=…) alone: FTS5 seeks to that rowid in its doclists.
    ranks_from_lowest = True

    def match_each(self, terms: list[str]) -> list[np.ndarray]:
        """Each term's matching ids (ascending), in one query: a column per term."""
        one = f"(SELECT group_concat(rowid) FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s)"
        return _id_columns("SELECT " + ", ".join([one] * len(terms)), [_fts5_string(t) for t in terms])

    def rank(
        self,
        terms: list[str],
        *,
        require_all: bool,
        limit: int,
        ids: np.ndarray | None = None,
        lowest: int = 0,
    ) -> list[tuple[int, float]]:
        """The best `limit` matches by BM25: among these ids (`+rowid`: a filter on the matches, see match()),
        or among all matches from rowid `lowest` on (FTS5 seeks there itself: 3× cheaper than a list)."""
        restrict, params = "", []
        if lowest:
            restrict, params = " AND rowid >= %s", [lowest]
        if ids is not None:
            restrict += " AND +rowid IN (SELECT value FROM json_each(%s))"
            params.append(orjson.dumps(ids.tolist()).decode())
        sql = (
            f"SELECT rowid, -bm25({FTS_TABLE}, {TITLE_WEIGHT}, 1.0) AS score FROM {FTS_TABLE} "
            f"WHERE {FTS_TABLE} MATCH %s{restrict} ORDER BY score DESC, rowid LIMIT %s"
        )
        return _fetch(sql, [self._expression(terms, require_all), *params, limit])

    def newest(self, terms: list[str], *, require_all: bool, limit: int) -> np.ndarray:
        """The ids of the `limit` newest (highest id) matching documents: FTS5 walks its doclists from the
        end and stops there."""
        sql = f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s ORDER BY rowid DESC LIMIT %s"
        return _id_list(sql, [self._expression(terms, require_all), limit])

    # term_counts(): the FTS5 index says how often a word is in each document, without reading its text.
    counts_terms = True

    def term_counts(self, terms: list[str]) -> list[tuple[np.ndarray, np.ndarray]]:
        """For each term, the ids of the documents that contain it (ascending) and its count in each, a title
        occurrence counting TITLE_WEIGHT times (as bm25() counts), in one query: a column per term, each
        occurrence one number (id × 2, plus 1 in the title), read from the FTS5 index's doclist of the term
        (fts5vocab "instance": ~1–5 ms for a word in a thousand or two notices at a million, where reading
        those notices' texts cost tens of milliseconds)."""
        one = (
            f"(SELECT group_concat(doc * 2 + (col = 'title_tokens')) FROM {FTS_INSTANCES} WHERE term = %s)"
        )
        found = []
        for codes in _id_columns("SELECT " + ", ".join([one] * len(terms)), list(terms)):
            if len(codes) > 1 and (codes[1:] >> 1 < codes[:-1] >> 1).any():
                codes = np.sort(codes)  # not expected: a doclist is in document order
            ids, in_title = codes >> 1, (codes & 1).astype(bool)
            weights = np.where(in_title, TITLE_WEIGHT, 1.0)
            if not len(ids):
                found.append((ids, weights))
                continue
            # Occurrences come in doclist order (by document), so each document's are one run.
            starts = np.flatnonzero(np.r_[True, ids[1:] != ids[:-1]])
            found.append((ids[starts], np.add.reduceat(weights, starts)))
        return found

    @staticmethod
    def _expression(terms: list[str], require_all: bool) -> str:
        return (" AND " if require_all else " OR ").join(_fts5_string(term) for term in terms)


class PostgresBackend:
    """tsvector ('simple') + GIN, ranked with ts_rank_cd (cover density), normalised by document length."""

    # {D, C, B, A}: the body is indexed with weight D, the title with A.
    WEIGHTS = "{%s,%s,%s,1.0}" % ((round(1 / TITLE_WEIGHT, 4),) * 3)
    # 2: rank / document length, so a long notice does not win by repeating a word. Of ts_rank_cd's
    # normalisations it agrees best with FTS5's BM25 on the real notices (docs/search.md).
    NORMALISATION = 2

    def match(self, terms: list[str], *, require_all: bool, limit: int, candidates: Candidates):
        tsquery = (" && " if require_all else " || ").join(["plainto_tsquery('simple', %s)"] * len(terms))
        restrict, params = _restriction("notice_id", candidates)
        sql = (
            f"SELECT notice_id, ts_rank_cd(%s::float4[], {VECTOR_COLUMN}, query, {self.NORMALISATION}) AS score "
            f"FROM {TABLE}, (SELECT {tsquery}) AS q(query) "
            f"WHERE {VECTOR_COLUMN} @@ query{restrict} ORDER BY score DESC, notice_id LIMIT %s"
        )
        return _fetch(sql, [self.WEIGHTS, *terms, *params, limit])

    def match_all(self, terms: list[str], *, require_all: bool) -> np.ndarray:
        """The ids of every matching document, unranked, as one string (see SqliteBackend.match_all)."""
        sql = f"SELECT string_agg(notice_id::text, ',') FROM {TABLE} WHERE {VECTOR_COLUMN} @@ ({self._tsquery(terms, require_all)})"
        return _ids(sql, list(terms))

    # Listing a word's matches visits the table row of each (GIN has no index-only scan): a common word alone
    # costs far more than its combination with a rarer one, so queries are listed whole.
    lists_words_cheaply = False
    # rank(lowest=…) alone visits every match's row and filters on the id after: rank() is given the ids.
    ranks_from_lowest = False
    # No term counts without reading each document's tsvector (its text, in effect): BM25 reads the texts.
    counts_terms = False

    def match_each(self, terms: list[str]) -> list[np.ndarray]:
        """Each term's matching ids, in one query: a column per term."""
        one = f"(SELECT string_agg(notice_id::text, ',') FROM {TABLE} WHERE {VECTOR_COLUMN} @@ plainto_tsquery('simple', %s))"
        return _id_columns("SELECT " + ", ".join([one] * len(terms)), list(terms))

    def rank(
        self,
        terms: list[str],
        *,
        require_all: bool,
        limit: int,
        ids: np.ndarray | None = None,
        lowest: int = 0,
    ) -> list[tuple[int, float]]:
        """The best `limit` matches by ts_rank_cd: among these ids, or among all matches from `lowest` on."""
        documents, params = TABLE, []
        if ids is not None:
            # The ids' rows first, by primary key ("OFFSET 0" keeps the planner from folding the subquery): the
            # planner cannot count a tsquery's matches and, left to choose, took every match of common words
            # from the GIN index and filtered on the ids after (54,574 rows visited for 1,000: 219 ms).
            documents = (
                f"(SELECT notice_id, {VECTOR_COLUMN} FROM {TABLE} WHERE notice_id = ANY(%s::bigint[]) OFFSET 0) d"
            )
            params.append(ids.tolist())
        restrict = ""
        if lowest:
            restrict = " AND notice_id >= %s"
        sql = (
            f"SELECT notice_id, ts_rank_cd(%s::float4[], {VECTOR_COLUMN}, query, {self.NORMALISATION}) AS score "
            f"FROM {documents}, (SELECT {self._tsquery(terms, require_all)}) AS q(query) "
            f"WHERE {VECTOR_COLUMN} @@ query{restrict} ORDER BY score DESC, notice_id LIMIT %s"
        )
        return _fetch(sql, [self.WEIGHTS, *params, *terms, *([lowest] if lowest else []), limit])

    def newest(self, terms: list[str], *, require_all: bool, limit: int) -> np.ndarray:
        """The ids of the `limit` newest (highest id) matching documents."""
        sql = (
            f"SELECT notice_id FROM {TABLE} WHERE {VECTOR_COLUMN} @@ ({self._tsquery(terms, require_all)}) "
            "ORDER BY notice_id DESC LIMIT %s"
        )
        return _id_list(sql, [*terms, limit])

    @staticmethod
    def _tsquery(terms: list[str], require_all: bool) -> str:
        return (" && " if require_all else " || ").join(["plainto_tsquery('simple', %s)"] * len(terms))


def get_backend() -> SqliteBackend | PostgresBackend:
    if connection.vendor == "postgresql":
        return PostgresBackend()
    if connection.vendor == "sqlite":
        return SqliteBackend()
    raise NotImplementedError(f"search has no engine for {connection.vendor}")


def _fts5_string(term: str) -> str:
    # An FTS5 string: the term between double quotes, a double quote inside doubled.
    return '"' + term.replace('"', '""') + '"'


def _restriction(column: str, candidates: Candidates) -> tuple[str, list]:
    if candidates is None:
        return "", []
    sql, params = candidates
    return f" AND {column} IN ({sql})", list(params)


def _ids(sql: str, params: list) -> np.ndarray:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        text = cursor.fetchone()[0]
    return np.fromstring(text, dtype=np.int64, sep=",") if text else np.zeros(0, np.int64)


def _id_columns(sql: str, params: list) -> list[np.ndarray]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        texts = cursor.fetchone()
    return [np.fromstring(text, dtype=np.int64, sep=",") if text else np.zeros(0, np.int64) for text in texts]


def _id_list(sql: str, params: list) -> np.ndarray:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return np.array([row[0] for row in cursor.fetchall()], dtype=np.int64)


def _fetch(sql: str, params: list) -> list[tuple[int, float]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [(notice_id, float(score)) for notice_id, score in cursor.fetchall()]
