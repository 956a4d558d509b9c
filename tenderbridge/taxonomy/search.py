"""UNSPSC code search, shared by the search page and its JSON twin.

A query is read in one of two ways:
- only digits (spaces allowed, full-width digits too): codes starting with those digits;
- otherwise words: each Chinese run must appear in the Chinese title (substring: Chinese has no spaces
  between words), each Latin word must start a word of the English title ("glove" finds "Gloves").
  Every word must match. Punctuation is dropped, so quotes, `*`, `%` or `_` are never special.
Results are ordered by level (segments first), then code.
"""

import re
import unicodedata
from dataclasses import dataclass

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When

from .models import UnspscCode

MAX_RESULTS = 50
MAX_QUERY_LENGTH = 200  # characters kept from a query; longer ones are cut, never rejected
MAX_TERMS = 8  # each term is one more condition; a pasted paragraph must not build a huge query

_CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_TERM = re.compile(rf"[{_CJK}]+|[a-z0-9]+")
_HAS_CJK = re.compile(rf"[{_CJK}]")
_DIGITS = re.compile(r"\d+")
_LEVEL_ORDER = Case(
    *[When(level=level, then=Value(rank)) for rank, level in enumerate(UnspscCode.Level.values)],
    output_field=IntegerField(),
)


@dataclass(frozen=True)
class SearchResult:
    query: str  # the query as it was understood (normalised and cut)
    level: str | None
    kind: str  # "code", "words" or "empty"
    total: int  # how many codes match, before the limit
    codes: list[UnspscCode]


def normalise_query(q: str | None) -> str:
    """NFKC turns full-width digits and letters (common in Chinese input) into plain ones."""
    text = unicodedata.normalize("NFKC", q or "")[:MAX_QUERY_LENGTH]
    return " ".join(text.split())


def search_unspsc(q: str | None, level: str | None = None, limit: int = MAX_RESULTS) -> SearchResult:
    query = normalise_query(q)
    codes, kind = _matching(query)
    if level:
        codes = codes.filter(level=level)
    codes = codes.alias(level_rank=_LEVEL_ORDER).order_by("level_rank", "code")
    limit = max(1, min(limit, MAX_RESULTS))
    found = list(codes[:limit]) if kind != "empty" else []
    total = len(found) if len(found) < limit else codes.count()
    return SearchResult(query=query, level=level or None, kind=kind, total=total, codes=found)


def _matching(query: str) -> tuple[QuerySet[UnspscCode], str]:
    compact = query.replace(" ", "")
    if _DIGITS.fullmatch(compact):
        return UnspscCode.objects.filter(code__startswith=compact), "code"
    terms = _TERM.findall(query.lower())[:MAX_TERMS]
    if not terms:
        return UnspscCode.objects.none(), "empty"
    condition = Q()
    for term in terms:
        condition &= _term_condition(term)
    return UnspscCode.objects.filter(condition), "words"


def _term_condition(term: str) -> Q:
    if _HAS_CJK.match(term):
        return Q(title_zh__contains=term)
    # "gloves" should find "Glove boxes" too: match the word without a plural "s" as a word start.
    stem = term[:-1] if len(term) > 3 and term.endswith("s") else term
    # [^a-z0-9] rather than \b: PostgreSQL reads \b as a backspace, Python's re (SQLite) as a boundary.
    return Q(title_en__iregex=rf"(^|[^a-z0-9]){stem}")
