"""UNSPSC code search (the category picker), shared by the search page, the products page and their JSON twins.

A query is read in one of two ways:
- only digits (spaces allowed, full-width digits too): codes starting with those digits, by level then code;
- otherwise words, found two ways and ranked together:
  1. in the titles: each Chinese run must appear in the Chinese title (Chinese has no spaces between words),
     each Latin word must start a word of the English title ("glove" finds "Gloves") — and a word of three
     letters or fewer must be a whole word ("LED" finds "LED display", not "Ledger paper"). Every word must match.
  2. in the product vocabulary (lib/taxonomy/vocabulary.csv): a query that names a concept — 光伏, 太阳能电池板,
     "solar panel", 路灯, 笔记本电脑 — brings that concept's codes, and the codes whose titles carry one of its
     synonyms (English word starts, Chinese substrings).
  Ranked: the concept's own codes first (in the vocabulary's order), then titles with every query word as a
  whole word, then the other title matches, then titles found through synonyms; shorter titles first within each
  (the shortest title that holds the words is the most on point), then by code.
Punctuation is dropped, so quotes, `*`, `%` or `_` are never special. 13,288 rows are few enough to rank in Python.
"""

import re
import unicodedata
from dataclasses import dataclass, field

from django.db.models import Case, IntegerField, Q, Value, When

from tenderbridge.lib.taxonomy import vocabulary

from .models import UnspscCode

MAX_RESULTS = 50
MAX_QUERY_LENGTH = 200  # characters kept from a query; longer ones are cut, never rejected
MAX_TERMS = 8  # each term is one more condition; a pasted paragraph must not build a huge query
MAX_CONCEPTS = 4  # vocabulary concepts a query may bring
WHOLE_WORD_MAX = 3  # Latin words this short must match whole words ("led", "pv", "ups")

_CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_TERM = re.compile(rf"[{_CJK}]+|[a-z0-9]+")
_HAS_CJK = re.compile(rf"[{_CJK}]")
_DIGITS = re.compile(r"\d+")
_LEVEL_ORDER = Case(
    *[When(level=level, then=Value(rank)) for rank, level in enumerate(UnspscCode.Level.values)],
    output_field=IntegerField(),
)
# Why a code is in the results (shown on the page, given in the JSON): its own title, or the vocabulary.
TITLE, VOCABULARY, SYNONYM = "title", "vocabulary", "synonym"


@dataclass(frozen=True)
class SearchResult:
    query: str  # the query as it was understood (normalised and cut)
    level: str | None
    kind: str  # "code", "words" or "empty"
    total: int  # how many codes match, before the limit
    codes: list[UnspscCode]
    # code → TITLE (the title holds the words), VOCABULARY (a code of a concept the query names) or SYNONYM
    # (the title holds a synonym of that concept)
    matched_by: dict[str, str] = field(default_factory=dict)
    synonyms: list[str] = field(default_factory=list)  # the vocabulary words the query was read as


def normalise_query(q: str | None) -> str:
    """NFKC turns full-width digits and letters (common in Chinese input) into plain ones."""
    text = unicodedata.normalize("NFKC", q or "")[:MAX_QUERY_LENGTH]
    return " ".join(text.split())


def search_unspsc(q: str | None, level: str | None = None, limit: int = MAX_RESULTS) -> SearchResult:
    query = normalise_query(q)
    limit = max(1, min(limit, MAX_RESULTS))
    compact = query.replace(" ", "")
    if _DIGITS.fullmatch(compact):
        return _by_code(query, compact, level, limit)
    terms = _TERM.findall(query.lower())[:MAX_TERMS]
    if not terms:
        return SearchResult(query=query, level=level or None, kind="empty", total=0, codes=[])
    return _by_words(query, terms, level, limit)


def _by_code(query: str, prefix: str, level: str | None, limit: int) -> SearchResult:
    codes = UnspscCode.objects.filter(code__startswith=prefix)
    if level:
        codes = codes.filter(level=level)
    codes = codes.alias(level_rank=_LEVEL_ORDER).order_by("level_rank", "code")
    found = list(codes[:limit])
    total = len(found) if len(found) < limit else codes.count()
    return SearchResult(query=query, level=level or None, kind="code", total=total, codes=found)


def _by_words(query: str, terms: list[str], level: str | None, limit: int) -> SearchResult:
    hits = vocabulary.default().in_query(query)[:MAX_CONCEPTS]
    concept_codes = list(dict.fromkeys(code for hit in hits for code in hit.concept.unspsc))
    # English first: what the titles are matched in, and what a Chinese reader wants to learn
    synonyms = list(dict.fromkeys(w for lang in ("en", "zh", "es", "fr") for hit in hits for w in hit.concept.words(lang)))
    condition = _all_terms(terms)
    if hits:
        condition |= Q(code__in=concept_codes) | _any_synonym(hits)
    rows = UnspscCode.objects.filter(condition)
    if level:
        rows = rows.filter(level=level)
    ranked = sorted(rows.values_list("code", "title_en", "title_zh"),
                    key=lambda row: _rank(row, terms, concept_codes))
    top = [row[0] for row in ranked[:limit]]
    found = UnspscCode.objects.in_bulk(top, field_name="code")
    matched_by = {row[0]: _why(row, terms, concept_codes) for row in ranked[:limit]}
    return SearchResult(query=query, level=level or None, kind="words", total=len(ranked),
                        codes=[found[code] for code in top], matched_by=matched_by, synonyms=synonyms)


def _all_terms(terms: list[str]) -> Q:
    condition = Q()
    for term in terms:
        condition &= _term_condition(term)
    return condition


def _any_synonym(hits: list[vocabulary.Hit]) -> Q:
    """Titles that hold a synonym of a concept: a Chinese one as written, an English one as a phrase starting a
    word (one pattern for all: each pattern is a pass over the table)."""
    condition = Q()
    for word in dict.fromkeys(w for hit in hits for w in hit.concept.zh if not w.isascii()):
        condition |= Q(title_zh__contains=word)
    phrases = dict.fromkeys(" ".join(_TERM.findall(p.lower())) for hit in hits for p in hit.concept.en)
    alternatives = "|".join(_phrase_pattern(p) for p in phrases if p)
    if alternatives:
        condition |= Q(title_en__iregex=rf"(^|[^a-z0-9])({alternatives})")
    return condition


def _phrase_pattern(phrase: str) -> str:
    words = phrase.split()
    last = words[-1]
    # a short last word must end there ("pv", not "pvc"); a longer one may go on ("lamp" → "lamps")
    end = "s?([^a-z0-9]|$)" if len(last) <= WHOLE_WORD_MAX else ""
    return "[^a-z0-9]+".join(re.escape(w) for w in words[:-1] + [_stem(last)]) + end


def _term_condition(term: str) -> Q:
    if _HAS_CJK.match(term):
        return Q(title_zh__contains=term)
    # [^a-z0-9] rather than \b: PostgreSQL reads \b as a backspace, Python's re (SQLite) as a boundary.
    if len(term) <= WHOLE_WORD_MAX:
        return Q(title_en__iregex=rf"(^|[^a-z0-9]){term}s?([^a-z0-9]|$)")
    # "gloves" should find "Glove boxes" too: match the word without a plural "s" as a word start.
    return Q(title_en__iregex=rf"(^|[^a-z0-9]){_stem(term)}")


def _stem(term: str) -> str:
    return term[:-1] if len(term) > 3 and term.endswith("s") else term


def _holds(row: tuple, term: str, whole: bool) -> bool:
    code, title_en, title_zh = row
    if _HAS_CJK.match(term):
        return term in (title_zh or "")
    word = _stem(term) if not whole or len(term) > WHOLE_WORD_MAX else term
    tail = r"(s|es)?([^a-z0-9]|$)" if whole or len(term) <= WHOLE_WORD_MAX else ""
    return re.search(rf"(^|[^a-z0-9]){re.escape(word)}{tail}", (title_en or "").lower()) is not None


def _why(row: tuple, terms: list[str], concept_codes: list[str]) -> str:
    if row[0] in concept_codes:
        return VOCABULARY
    return TITLE if all(_holds(row, t, whole=False) for t in terms) else SYNONYM


def _rank(row: tuple, terms: list[str], concept_codes: list[str]) -> tuple:
    code, title_en, title_zh = row
    if code in concept_codes:
        return (0, concept_codes.index(code), 0, code)
    why = _why(row, terms, concept_codes)
    if why == TITLE:
        whole = all(_holds(row, t, whole=True) for t in terms)
        tier = 1 if whole else 2
    else:
        tier = 3
    length = len(title_zh or title_en) if _HAS_CJK.search("".join(terms)) else len(title_en or "")
    return (tier, length, 0, code)
