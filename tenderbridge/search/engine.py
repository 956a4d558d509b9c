"""Lexical search over notices: one function, `search()`, whatever the database (see backends.py, docs/search.md).

Ranking: the query is segmented like the documents; notices containing *every* query term come first, then —
to fill the page — notices containing *some* of them; inside each tier the engine's relevance score decides
(BM25 on SQLite, ts_rank_cd on PostgreSQL; a title match weighs three times a body match). On the real notices,
AND alone found nothing for 40 % of 2–5 word queries, and OR alone let a notice with some of the words outrank
one with all of them in 5 % (BM25) to 19 % (ts_rank_cd) of queries; two tiers avoid both."""

from dataclasses import dataclass

import orjson
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import QuerySet

from tenderbridge.lib import segment

from .backends import Candidates, get_backend
from .models import SearchDocument

MAX_QUERY_CHARS = 500  # a longer query is cut, never refused
MAX_TERMS = 32  # distinct terms kept from a query: each one is more work for the engine
MAX_LIMIT = 1000  # hits per call; a page shows far fewer, and every hit is ranked and read back
# Dropped from a query that has other words: they would match nearly every notice. (The index keeps them.)
STOP_WORDS = segment.STOP_WORDS


@dataclass(frozen=True, slots=True)
class Hit:
    notice_id: int
    score: float  # higher is better; orders the hits of one search only (scales differ between engines)
    matched_terms: tuple[str, ...]  # the query terms the notice contains, in query order ("why this matched")


def query_terms(query: str | None) -> list[str]:
    """The distinct search terms of a query, in order: segmented, stop words dropped (unless nothing else)."""
    tokens = list(dict.fromkeys(segment.tokenize((query or "")[:MAX_QUERY_CHARS], for_query=True)))
    content = [token for token in tokens if token not in STOP_WORDS]
    return (content or tokens)[:MAX_TERMS]


def search(query: str | None, *, limit: int = 100, candidate_ids: QuerySet | None = None) -> list[Hit]:
    """The best notices for a query, best first. An empty query (or one with no words) gives []: what to show
    then is the caller's decision. `candidate_ids` (a QuerySet of notices, or a values()/values_list() of
    notice ids) restricts the search, e.g. to open notices."""
    terms = query_terms(query)
    limit = max(0, min(limit, MAX_LIMIT))
    if not terms or limit == 0:
        return []
    try:
        candidates = _candidates_sql(candidate_ids)
    except EmptyResultSet:
        return []  # e.g. Notice.objects.none(): nothing can match
    backend = get_backend()
    ranked = backend.match(terms, require_all=True, limit=limit, candidates=candidates)
    if len(ranked) < limit and len(terms) > 1:
        found = {notice_id for notice_id, _ in ranked}
        some = backend.match(terms, require_all=False, limit=limit, candidates=candidates)
        ranked += [hit for hit in some if hit[0] not in found][: limit - len(ranked)]
    return _with_matched_terms(ranked, terms)


def _candidates_sql(candidate_ids: QuerySet | None) -> Candidates:
    if candidate_ids is None:
        return None
    ids = candidate_ids
    if len(ids.query.values_select) != 1:
        ids = ids.values("pk")  # a queryset of notices (or of anything whose pk is the notice id)
    sql, params = ids.query.sql_with_params()
    return sql, list(params)


def _with_matched_terms(ranked: list[tuple[int, float]], terms: list[str]) -> list[Hit]:
    found = matched_terms([notice_id for notice_id, _ in ranked], terms)
    return [Hit(notice_id, score, found.get(notice_id, ())) for notice_id, score in ranked]


def documents_text(notice_ids: list[int]) -> list[tuple[str, str]]:
    """The (title tokens, body tokens) strings of these notices' documents, in the order given (one query);
    ("", "") for a notice without one."""
    found = {pk: (title, body) for pk, title, body in _documents(notice_ids)}
    return [found.get(pk, ("", "")) for pk in notice_ids]


def _documents(notice_ids: list[int]) -> list[tuple[int, str, str]]:
    # Written out: the ORM prepared each of a thousand ids and built the query anew (BM25 of partial matches
    # reads the 1,000 newest; docs/search.md), for three plain columns. The ids travel as one parameter (a
    # JSON list on SQLite, an array on PostgreSQL): psycopg took ~15 ms to parse a statement of 1,000 "%s".
    if not notice_ids:
        return []
    meta = SearchDocument._meta
    pk = meta.get_field("notice").column
    sql = f"SELECT {pk}, title_tokens, body_tokens FROM {meta.db_table} WHERE "
    ids = [int(notice_id) for notice_id in notice_ids]
    if connection.vendor == "postgresql":
        sql, param = sql + f"{pk} = ANY(%s::bigint[])", ids
    else:
        sql, param = sql + f"{pk} IN (SELECT value FROM json_each(%s))", orjson.dumps(ids).decode()
    with connection.cursor() as cursor:
        cursor.execute(sql, [param])
        return cursor.fetchall()


def matched_terms(notice_ids: list[int], terms: list[str]) -> dict[int, tuple[str, ...]]:
    """For each notice, the query terms its document contains, in query order (one query)."""
    # Tokens are space-separated, so " term " inside " title body " is an exact token match; searching the
    # string is several times faster than building a set of a long notice's tokens.
    found = {}
    for notice_id, title, body in _documents(notice_ids):
        padded = f" {title} {body} "
        found[notice_id] = tuple(term for term in terms if f" {term} " in padded)
    return found
