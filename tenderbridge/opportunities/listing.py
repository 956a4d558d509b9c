"""The opportunities list: discovery's results (search.discover) as the rows and labelled facets that the page
and /api/v1/opportunities show. One call, `list_notices`, behind both, so they always agree.

A page costs a fixed number of queries whatever its size: the index version, the full-text match (one or two,
with words), the ranking (one or two), the matched words of the page, the page's notices with their buyers,
their categories, the UNSPSC titles of the page and the facets, the buyers' names of the buyer facet, and the
date of the latest import.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models.fields.json import KT
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from tenderbridge.lib import countries
from tenderbridge.search import discover as discovery
from tenderbridge.search import suggest

from .filters import KIND_CHOICES, STATUS_CHOICES, YES_NO_CHOICES, Search, closing_choices, source_label
from .models import Notice, Party
from .queries import (
    LIST_CATEGORIES,
    NoticeRow,
    attach_listed_categories,
    data_as_of,
    loaded_categories,
    rows,
    unspsc_titles,
)

PAGE_SIZE = 25
MAX_PAGE_SIZE = discovery.MAX_PAGE_SIZE

FACET_LABELS = {
    "kind": _("Show"),
    "status": _("Status"),
    "closing": _("Deadline"),
    "notice_type": _("Notice type"),
    "buyer_family": _("Buyer family"),
    "segment": _("UNSPSC segment"),
    "family": _("UNSPSC family"),
    "country": _("Country of delivery"),
    "buyer": _("Buyer"),
    "sme": _("Suitable for SMEs"),
    "sustainable": _("Sustainable procurement"),
    "source": _("Source"),
}


@dataclass(frozen=True)
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool


@dataclass(frozen=True)
class FacetView:
    name: str
    label: str
    values: list[FacetValue]
    selected: str  # the chosen value, "" when none


@dataclass(frozen=True)
class NamedCount:
    value: str  # a buyer's id, a UNSPSC family code
    label: str
    count: int


@dataclass(frozen=True)
class NoCloseMatch:
    """What to try when no notice closely matches the words (suggest.py): the past contract awards for them and
    who bought them, their categories, a broader query."""

    awards: int  # past contract awards that closely match the words
    awards_search: Search
    buyers: list[NamedCount]
    categories: list[NamedCount]  # UNSPSC families of those awards
    broader: str  # the query less its most specific word ("" for a one-word query)


@dataclass
class Page:
    rows: list[NoticeRow]
    next_cursor: str | None
    previous_cursor: str | None
    data_as_of: datetime | None
    total: int
    facets: list[FacetView]
    sort: str
    terms: list[str]
    semantic: bool
    close_total: int = 0  # of the total, the close matches (listed first)
    words: list[discovery.WordWeight] = field(default_factory=list)
    no_close_match: NoCloseMatch | None = None  # with words, when no notice closely matches them

    @property
    def fewer_words_total(self) -> int:
        return self.total - self.close_total


def list_notices(
    search: Search, cursor: str | None = None, page_size: int = PAGE_SIZE, now: datetime | None = None
) -> Page:
    """One page of a search. Raises search.discover.BadCursor for a cursor that was changed or belongs to
    another search."""
    results = discovery.discover(search, discovery.check_cursor(search, cursor), page_size, now)
    notices = _notices([hit.notice_id for hit in results.hits])
    codes = {c.code for n in notices for c in loaded_categories(n)}
    for facet in results.facets:
        if facet.name in ("segment", "family"):
            codes |= {value for value, _n in facet.values}
    titles = unspsc_titles(codes)
    page_rows = rows(notices, titles)
    for row, hit in zip(page_rows, results.hits, strict=True):
        row.matched_terms, row.similarity, row.translated_terms = (
            hit.matched_terms,
            hit.similarity,
            hit.translated_terms,
        )
        row.close, row.coverage = hit.close, hit.coverage
    no_match = None
    if search.q and not results.close_total and search.filters.effective_kind == "opportunities":
        no_match = _no_close_match(search, results, now)
    return Page(
        rows=page_rows,
        next_cursor=results.next_cursor,
        previous_cursor=results.previous_cursor,
        data_as_of=data_as_of(),
        total=results.total,
        facets=_facet_views(results.facets, titles),
        sort=results.sort,
        terms=results.terms,
        semantic=results.semantic,
        close_total=results.close_total,
        words=results.words,
        no_close_match=no_match,
    )


def _no_close_match(search: Search, results: discovery.Results, now: datetime | None) -> NoCloseMatch:
    """The past awards for the words (two queries more: the buyers' names, the families' titles)."""
    past = suggest.past_awards(search, now)
    names = dict(Party.objects.filter(pk__in=[pk for pk, _n in past.buyers]).values_list("pk", "name"))
    titles = unspsc_titles({code for code, _n in past.families})
    buyers = [NamedCount(str(pk), names.get(pk, str(pk)), n) for pk, n in past.buyers]
    categories = [
        NamedCount(code, f"{code} {titles[code].title}" if code in titles else code, n) for code, n in past.families
    ]
    return NoCloseMatch(past.total, past.search, buyers, categories, " ".join(results.broader))


def notice_rows(
    ids: list[int], extra_codes: set[str] = frozenset(), with_segments: bool = False
) -> tuple[list[NoticeRow], dict]:
    """The rows of these notices, in this order (missing ones left out), in three queries: notices with their
    buyers, their categories, and the UNSPSC titles of those, of `extra_codes` and, `with_segments`, of the
    categories' segments (returned too)."""
    notices = _notices(ids)
    codes = {c.code for n in notices for c in loaded_categories(n)}
    segments = {code[:2] + "000000" for code in codes} if with_segments else set()
    titles = unspsc_titles(codes | segments | set(extra_codes))
    return rows(notices, titles), titles


def _notices(ids: list[int]) -> list[Notice]:
    found = (
        Notice.objects.filter(pk__in=ids)
        .select_related("buyer")
        # The list shows neither the text nor the release: they can be large, so they stay in the database.
        .defer("description", "compiled_release", "documents")
        .annotate(deadline_precision=KT("compiled_release__tender__tenderPeriod__endDatePrecision"))
        .in_bulk(ids)
    )
    notices = [found[pk] for pk in ids if pk in found]
    attach_listed_categories(notices, LIST_CATEGORIES)
    return notices


def _facet_views(found, titles) -> list[FacetView]:
    buyers = {}
    for facet in found:
        if facet.name == "buyer" and facet.values:
            wanted = [int(value) for value, _n in facet.values]
            buyers = {
                str(pk): name for pk, name in Party.objects.filter(pk__in=wanted).values_list("pk", "name")
            }
    labels = _labels(titles, buyers)
    views = []
    for facet in found:
        label_of = labels[facet.name]
        values = [FacetValue(value, label_of(value), n, value == facet.selected) for value, n in facet.values]
        if values or facet.selected:
            views.append(FacetView(facet.name, str(FACET_LABELS[facet.name]), values, facet.selected))
    return views


def _labels(titles, buyers) -> dict:
    lang = get_language() or "en"
    status = {value: str(label) for value, label in STATUS_CHOICES}
    kinds = {value: str(label) for value, label in KIND_CHOICES}
    closing = dict(closing_choices())
    yes_no = {value: str(label) for value, label in YES_NO_CHOICES}
    types = {value: str(label) for value, label in Notice.Type.choices}
    families = {value: str(label) for value, label in Party.Family.choices}

    def unspsc(code: str) -> str:
        found = titles.get(code)
        title = found.title if found else ""
        return f"{code} {title}".strip()

    return {
        "kind": lambda v: kinds.get(v, v),
        "status": lambda v: status.get(v, v),
        "closing": lambda v: closing.get(v, v),
        "notice_type": lambda v: types.get(v, v),
        "buyer_family": lambda v: families.get(v, v),
        "segment": unspsc,
        "family": unspsc,
        "country": lambda v: countries.name(v, lang),
        "buyer": lambda v: buyers.get(v, v),
        "sme": lambda v: yes_no.get(v, v),
        "sustainable": lambda v: yes_no.get(v, v),
        "source": source_label,
    }
