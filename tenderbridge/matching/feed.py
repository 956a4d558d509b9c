"""Reads of a supplier's feed: the page /<lang>/feed/ and its JSON twin /api/v1/feed make the same call.

A feed holds at most FEED_SIZE notices, so the filters (the opportunity list's, opportunities/filters.py) and the
pages are applied in Python to the few rows read: the same on both databases, and a fixed number of queries
whatever the page (items, notices with buyers, categories, UNSPSC titles, marks, the feed's state, counts,
saved filters).

Tabs: "feed" — the ranked open notices, less the dismissed ones; "saved", "bidding", "dismissed" — the notices
the supplier marked so, newest mark first, open or not (a mark outlives the notice's place in the feed).
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import Count
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from tenderbridge.lib import countries
from tenderbridge.opportunities import clock
from tenderbridge.opportunities.filters import FieldError, FilterError, NoticeFilters
from tenderbridge.opportunities.listing import notice_rows
from tenderbridge.opportunities.models import Notice, Party
from tenderbridge.opportunities.queries import NoticeRow
from tenderbridge.suppliers.models import SupplierProfile

from . import reasons as R
from .models import FeedItem, FeedState, Mark, SavedFilter

PAGE_SIZE = 20
MAX_MARKED = 500  # marked notices listed in a tab, newest first
TABS = {
    "feed": gettext_lazy("For you"),
    "saved": gettext_lazy("Saved"),
    "bidding": gettext_lazy("Bidding"),
    "dismissed": gettext_lazy("Dismissed"),
}
# Filters that mean something in a feed of open notices ("status" does not: every notice is open).
FEED_FILTERS = ("notice_type", "buyer_family", "country", "segment", "family", "closing", "sme", "sustainable",
                "source", "buyer")


@dataclass
class Entry:
    row: NoticeRow
    score: float | None  # None for a marked notice no longer in the feed
    reasons: list[R.Reason]
    explanation: dict
    mark: str  # "", "saved", "bidding", "dismissed"
    marked: datetime | None


@dataclass
class FeedPage:
    tab: str
    entries: list[Entry]
    total: int  # entries of the tab that pass the filters
    page: int
    pages: int
    filters: NoticeFilters
    counts: dict[str, int]
    state: FeedState | None
    saved_filters: list[SavedFilter] = field(default_factory=list)
    options: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # filter → (value, label) present

    @property
    def pending(self) -> bool:
        return self.state is None or self.state.pending


def read_tab(data) -> str:
    tab = str(data.get("tab") or "feed").strip().lower()
    if tab not in TABS:
        message = _("“%(value)s” is not a tab of the feed. Allowed values: %(allowed)s.")
        raise FilterError([FieldError("tab", message % {"value": tab[:40], "allowed": ", ".join(TABS)}, list(TABS))])
    return tab


def read_page(data) -> int:
    raw = str(data.get("page") or "1").strip()
    if not raw.isdigit() or not 0 < int(raw) < 10_000:
        message = _("“%(value)s” is not a page number. Use a whole number from 1.")
        raise FilterError([FieldError("page", message % {"value": raw[:40]})])
    return int(raw)


def read_filters(data) -> NoticeFilters:
    """The opportunity list's filters that apply to a feed (others, such as status, are ignored)."""
    return NoticeFilters.from_querydict({name: data.get(name) for name in FEED_FILTERS if data.get(name)})


def feed_page(profile: SupplierProfile, tab: str = "feed", filters: NoticeFilters | None = None, page: int = 1,
              page_size: int = PAGE_SIZE, now: datetime | None = None) -> FeedPage:
    now, filters = now or clock.now(), filters or NoticeFilters()
    marks = {n: (state, changed) for n, state, changed in
             Mark.objects.filter(profile=profile).order_by("-changed", "-pk").values_list("notice_id", "state", "changed")
             [:MAX_MARKED]}
    if tab == "feed":
        items = list(FeedItem.objects.for_profile(profile).open(now).order_by("-score", "notice_id")
                     .values_list("notice_id", "score", "explanation"))
        scored = [(n, s, e) for n, s, e in items if marks.get(n, ("",))[0] != Mark.State.DISMISSED]
    else:
        wanted = [n for n, (state, _changed) in marks.items() if state == tab]
        found = {n: (s, e) for n, s, e in FeedItem.objects.for_profile(profile).filter(notice_id__in=wanted)
                 .values_list("notice_id", "score", "explanation")}
        scored = [(n, *found.get(n, (None, {}))) for n in wanted]
    explanations = [e for _n, _s, e in scored]
    rows, titles = notice_rows([n for n, _s, _e in scored], R.named_codes(explanations), with_segments=True)
    by_id = {row.notice.pk: row for row in rows}
    options = _options(rows, titles)
    passing = [(n, s, e) for n, s, e in scored if n in by_id and _passes(by_id[n], filters, now)]
    pages = max(1, -(-len(passing) // page_size))
    shown = [_entry(by_id[n], s, e, marks.get(n), titles)
             for n, s, e in passing[(page - 1) * page_size : page * page_size]]
    return FeedPage(tab, shown, len(passing), page, pages, filters, _counts(profile, now),
                    FeedState.objects.filter(profile=profile).first(),
                    list(SavedFilter.objects.filter(profile=profile)), options)


def _options(rows: list[NoticeRow], titles: dict) -> dict[str, list[tuple[str, str]]]:
    """The values each filter can take among these notices, labelled (the filter form offers only these)."""
    lang = "zh" if get_language() == "zh-hans" else "en"
    types = dict(Notice.Type.choices)
    families = dict(Party.Family.choices)
    segments = sorted({c.code[:2] + "000000" for row in rows for c in row.categories})
    return {
        "notice_type": sorted({(r.notice.notice_type, str(types.get(r.notice.notice_type, r.notice.notice_type)))
                               for r in rows}, key=lambda pair: pair[1]),
        "buyer_family": sorted({(r.notice.buyer_family, str(families[r.notice.buyer_family]))
                                for r in rows if r.notice.buyer_family in families}, key=lambda pair: pair[1]),
        "segment": [(code, f"{code} {titles[code].title if code in titles else ''}".strip()) for code in segments],
        "country": sorted({(code, countries.name(code, lang)) for r in rows for code in r.notice.countries or []},
                          key=lambda pair: countries.sort_key(pair[1], lang)),
    }


def _entry(row: NoticeRow, score, explanation, mark, titles) -> Entry:
    notice = row.notice
    said = R.reasons(explanation or {}, titles, deadline=notice.deadline, day_only=row.deadline_day_only)
    return Entry(row, score, said, explanation or {}, mark[0] if mark else "", mark[1] if mark else None)


def _passes(row: NoticeRow, f: NoticeFilters, now: datetime) -> bool:
    n = row.notice
    codes = {c.code for c in row.categories}
    checks = (
        (f.notice_type, lambda: n.notice_type == f.notice_type),
        (f.buyer_family, lambda: n.buyer_family == f.buyer_family),
        (f.country, lambda: f.country in (n.countries or [])),
        (f.segment, lambda: any(code[:2] == f.segment[:2] for code in codes)),
        (f.family, lambda: any(code[:4] == f.family[:4] for code in codes)),
        (f.closing, lambda: n.deadline is not None and now < n.deadline <= now + timedelta(days=int(f.closing))),
        (f.sme, lambda: n.sme_suitable is (f.sme == "yes")),
        (f.sustainable, lambda: n.sustainable is (f.sustainable == "yes")),
        (f.source, lambda: n.source == f.source),
        (f.buyer, lambda: n.buyer_id == f.buyer),
    )
    return all(check() for wanted, check in checks if wanted)


def _counts(profile: SupplierProfile, now: datetime) -> dict[str, int]:
    marked = dict(Mark.objects.filter(profile=profile).values_list("state").annotate(n=Count("pk")))
    dismissed_open = Mark.objects.filter(profile=profile, state=Mark.State.DISMISSED,
                                         notice__feed_items__profile=profile, notice__deadline__gt=now)
    feed = FeedItem.objects.for_profile(profile).open(now).count() - dismissed_open.count()
    return {"feed": feed, **{state: marked.get(state, 0) for state in ("saved", "bidding", "dismissed")}}
