"""The market pages' reads: every page and its JSON twin call one function here and show what it returns.

Sums come from MarketCell (the pre-aggregation) where they can, from MarketAward (award lines) where a page needs
suppliers or single amounts (contract sizes, a supplier's awards). No share or average divides by zero: an
empty filter gives totals of 0 and shares of None ("no data"), never an error.
"""

import functools
import hashlib
from dataclasses import dataclass, field
from statistics import median

from django.core.cache import cache
from django.db.models import Count, Max, Min, Q, Sum
from django.utils.translation import get_language

from . import labels
from .models import Kind, MarketAward, MarketBuild, MarketCell, Priced

TOP = 15
CHINA = "CN"
# Contract sizes in USD, for the distribution (upper bounds; the ASR lists only awards above USD 30,000).
SIZE_BOUNDS = [30_000, 100_000, 300_000, 1_000_000, 3_000_000, 10_000_000]
SPEND = Sum("spend_usd")


def memoised(function):
    """A page's result kept in the shared cache until the next rebuild (its id is in the key): the figures
    change only when the pre-aggregation is rebuilt, and the overview's six sums over ~66,000 cells take
    ~0.5 s. Keyed by the language too (titles and country names are in the result)."""

    @functools.wraps(function)
    def wrapper(*args):
        build = MarketBuild.objects.order_by("-id").values_list("id", flat=True).first()
        if build is None:
            return function(*args)
        digest = hashlib.sha1(repr(args).encode()).hexdigest()[:16]
        key = f"market:{build}:{get_language()}:{function.__name__}:{digest}"
        result = cache.get(key)
        if result is None:
            result = function(*args)
            cache.set(key, result, 24 * 3600)
        return result

    return wrapper


def share(part: float, whole: float) -> float | None:
    return part / whole if whole else None


@dataclass(frozen=True)
class Filters:
    year: int | None = None
    kind: str | None = None  # "goods" | "services"
    source: str | None = None

    @classmethod
    def parse(cls, params) -> "Filters":
        """The filters from a query string; ValueError naming the parameter and value when one is wrong."""
        year, kind, source = params.get("year") or None, params.get("kind") or None, params.get("source") or None
        if year is not None:
            if not str(year).isdigit() or not 1900 <= int(year) <= 2100:
                raise ValueError(f"year={year!r} is not a year (four digits, such as 2015).")
            year = int(year)
        if kind is not None and kind not in (Kind.GOODS, Kind.SERVICES):
            raise ValueError(f"kind={kind!r} must be goods or services.")
        if source is not None and source not in ("asr", "nato", "ocds", "ted", "ungm"):
            raise ValueError(f"source={source!r} must be one of asr, nato, ocds, ted, ungm.")
        return cls(year=year, kind=kind, source=source)

    def q(self, model=MarketCell) -> Q:
        q = Q()
        if self.year is not None:
            q &= Q(year=self.year)
        if self.kind is not None:
            q &= Q(kind=self.kind)
        if self.source is not None:
            q &= Q(source=self.source) if model is MarketAward else Q(buyer_id__in=_buyers_of(self.source))
        return q


def _buyers_of(source: str):
    return MarketAward.objects.filter(source=source).values("buyer_id").distinct()


@dataclass(frozen=True)
class Totals:
    lines: int
    priced: int
    converted: int
    no_amount: int
    unknown_currency: int
    spend_usd: float

    @property
    def excluded(self) -> int:
        return self.no_amount + self.unknown_currency


@dataclass(frozen=True)
class Row:
    """One bar of a chart and one line of its table."""

    key: str
    label: str
    spend_usd: float
    awards: int
    share: float | None = None
    country: str = ""  # suppliers: the country code
    country_name: str = ""
    median_usd: float | None = None
    china_awards: int | None = None
    china_spend_usd: float | None = None


@dataclass(frozen=True)
class YearPoint:
    year: int
    spend_usd: float
    awards: int
    china_spend_usd: float
    china_share: float | None


@dataclass(frozen=True)
class Sizes:
    median_usd: float | None
    buckets: list[Row]


@dataclass(frozen=True)
class Concentration:
    suppliers: int
    top5_share: float | None
    hhi: float | None  # 0–10,000 (shares in per cent, squared and summed)


def totals(cells) -> Totals:
    sums = cells.aggregate(
        lines=Sum("lines"), priced=Sum("priced"), converted=Sum("converted"), no_amount=Sum("no_amount"),
        unknown_currency=Sum("unknown_currency"), spend=SPEND,
    )
    return Totals(
        lines=sums["lines"] or 0, priced=sums["priced"] or 0, converted=sums["converted"] or 0,
        no_amount=sums["no_amount"] or 0, unknown_currency=sums["unknown_currency"] or 0,
        spend_usd=sums["spend"] or 0.0,
    )


def _grouped(cells, field_name: str, limit: int | None = TOP):
    rows = cells.values(field_name).annotate(spend=SPEND, awards=Sum("lines")).order_by("-spend", field_name)
    return list(rows[:limit] if limit else rows)


def by_agency(cells, whole: float, limit: int | None = TOP) -> list[Row]:
    rows = cells.values("buyer_id").annotate(spend=SPEND, awards=Sum("lines"), name=Max("buyer_name"))
    rows = rows.order_by("-spend", "buyer_id")
    rows = rows[:limit] if limit else rows
    return [Row(str(r["buyer_id"] or ""), r["name"] or "?", r["spend"] or 0.0, r["awards"], share(r["spend"] or 0.0, whole)) for r in rows]


def by_category(cells, whole: float, level: str = "segment", limit: int | None = TOP) -> list[Row]:
    rows = _grouped(cells, level, limit)
    titles = labels.category_titles(r[level] for r in rows)
    return [
        Row(r[level], titles.get(r[level]) or labels.category_title(""), r["spend"] or 0.0, r["awards"], share(r["spend"] or 0.0, whole))
        for r in rows
    ]


def by_country(cells, whole: float, limit: int | None = TOP) -> list[Row]:
    return [
        Row(r["supplier_country"], labels.country_name(r["supplier_country"]), r["spend"] or 0.0, r["awards"],
            share(r["spend"] or 0.0, whole), country=r["supplier_country"])
        for r in _grouped(cells, "supplier_country", limit)
    ]


def trend(cells) -> list[YearPoint]:
    rows = cells.exclude(year=None).values("year").annotate(
        spend=SPEND, awards=Sum("lines"), china=Sum("spend_usd", filter=Q(supplier_country=CHINA))
    ).order_by("year")
    return [
        YearPoint(r["year"], r["spend"] or 0.0, r["awards"], r["china"] or 0.0, share(r["china"] or 0.0, r["spend"] or 0.0))
        for r in rows
    ]


@dataclass(frozen=True)
class SupplierSum:
    key: str
    name: str
    country: str
    spend_usd: float
    awards: int


def supplier_sums(lines, named: int = TOP) -> list[SupplierSum]:
    """Every named supplier's spend and awards in `lines`, largest first; the first `named` with their name (the
    alphabetically first variant) and country. The sums read only (filter column, supplier_key, amount_usd), the
    covering indexes of MarketAward: grouping UNDP's ~40,000 lines through the table rows took ~1 s in SQLite on
    the 800 MB demo file; names are then read for the few suppliers shown."""
    rows = lines.suppliers_named().values("supplier_key").annotate(s=Sum("amount_usd"), n=Count("id")).order_by()
    found = sorted(((r["supplier_key"], r["s"] or 0.0, r["n"]) for r in rows), key=lambda r: (-r[1], r[0]))
    shown = [key for key, _, _ in found[:named]]
    names = {
        r["supplier_key"]: (r["name"], r["country"] or "")
        for r in lines.filter(supplier_key__in=shown).values("supplier_key").annotate(
            name=Min("supplier_name"), country=Max("supplier_country")
        ).order_by()
    }
    return [SupplierSum(key, *names.get(key, (key, "")), spend, n) for key, spend, n in found]


def suppliers(lines, whole: float, limit: int | None = TOP, sums: list[SupplierSum] | None = None) -> list[Row]:
    found = supplier_sums(lines, limit or TOP) if sums is None else sums
    return [
        Row(s.key, s.name, s.spend_usd, s.awards, share(s.spend_usd, whole), country=s.country,
            country_name=labels.country_name(s.country))
        for s in (found[:limit] if limit else found)
    ]


def concentration(lines, sums: list[SupplierSum] | None = None) -> Concentration:
    found = supplier_sums(lines) if sums is None else sums
    spends = [s.spend_usd for s in found if s.spend_usd > 0]
    whole = sum(spends)
    if not whole:
        return Concentration(len(spends), None, None)
    return Concentration(len(spends), sum(spends[:5]) / whole, sum((s / whole * 100) ** 2 for s in spends))


def sizes(lines) -> Sizes:
    amounts = [a for a in lines.priced().filter(amount_usd__gt=0).values_list("amount_usd", flat=True)]
    counts = [0] * (len(SIZE_BOUNDS) + 1)
    for amount in amounts:
        counts[sum(1 for bound in SIZE_BOUNDS if amount >= bound)] += 1
    return Sizes(median(amounts) if amounts else None, [
        Row(str(i), size_label(i), 0.0, count, share(count, len(amounts))) for i, count in enumerate(counts)
    ])


def size_label(index: int) -> str:
    def short(value: int) -> str:
        return f"{value / 1_000_000:g}M" if value >= 1_000_000 else f"{value // 1000}k"

    if index == 0:
        return f"< {short(SIZE_BOUNDS[0])}"
    if index == len(SIZE_BOUNDS):
        return f"≥ {short(SIZE_BOUNDS[-1])}"
    return f"{short(SIZE_BOUNDS[index - 1])}–{short(SIZE_BOUNDS[index])}"


# --- the pages ---------------------------------------------------------------------------------------------------


@dataclass
class Overview:
    filters: Filters
    totals: Totals
    agencies: list[Row]
    segments: list[Row]
    countries: list[Row]
    years: list[YearPoint]
    china: Row


@memoised
def overview(filters: Filters) -> Overview:
    cells = MarketCell.objects.filter(filters.q())
    whole = totals(cells)
    china = cells.filter(supplier_country=CHINA).aggregate(spend=SPEND, awards=Sum("lines"))
    return Overview(
        filters, whole, by_agency(cells, whole.spend_usd), by_category(cells, whole.spend_usd),
        by_country(cells, whole.spend_usd), trend(cells),
        Row(CHINA, labels.country_name(CHINA), china["spend"] or 0.0, china["awards"] or 0, share(china["spend"] or 0.0, whole.spend_usd)),
    )


def category_level(code: str) -> str | None:
    """"segment" or "family" for an 8-digit UNSPSC code ending in 6 or 4 zeros; None otherwise."""
    if len(code) != 8 or not code.isdigit() or code.startswith("00"):
        return None
    if code.endswith("000000"):
        return "segment"
    return "family" if code.endswith("0000") else None


@dataclass
class CategoryPage:
    code: str
    level: str
    title: str
    filters: Filters
    totals: Totals
    agencies: list[Row]
    suppliers: list[Row]
    families: list[Row]
    years: list[YearPoint]
    sizes: Sizes
    concentration: Concentration


@memoised
def category(code: str, filters: Filters) -> CategoryPage:
    level = category_level(code)
    if level is None:
        raise ValueError(f"{code!r} is not a UNSPSC segment or family (8 digits ending in 000000 or 0000).")
    cells = MarketCell.objects.filter(filters.q(), **{level: code})
    lines = MarketAward.objects.filter(filters.q(MarketAward), **{level: code})
    whole = totals(cells)
    sums = supplier_sums(lines)
    return CategoryPage(
        code, level, labels.category_title(code), filters, whole, by_agency(cells, whole.spend_usd),
        suppliers(lines, whole.spend_usd, sums=sums),
        by_category(cells, whole.spend_usd, "family") if level == "segment" else [],
        trend(cells), sizes(lines), concentration(lines, sums),
    )


@dataclass
class AgencyPage:
    buyer_id: int
    name: str
    family: str
    filters: Filters
    totals: Totals
    segments: list[Row]
    families: list[Row]
    countries: list[Row]
    suppliers: list[Row]
    years: list[YearPoint]
    china: Row


@memoised
def agency(buyer_id: int, filters: Filters) -> AgencyPage | None:
    base = MarketCell.objects.filter(buyer_id=buyer_id)
    first = base.values("buyer_name", "buyer_family").first()
    if first is None:
        return None
    cells = base.filter(filters.q())
    whole = totals(cells)
    china = cells.filter(supplier_country=CHINA).aggregate(spend=SPEND, awards=Sum("lines"))
    lines = MarketAward.objects.filter(filters.q(MarketAward), buyer_id=buyer_id)
    return AgencyPage(
        buyer_id, first["buyer_name"], first["buyer_family"], filters, whole, by_category(cells, whole.spend_usd),
        by_category(cells, whole.spend_usd, "family"), by_country(cells, whole.spend_usd),
        suppliers(lines, whole.spend_usd), trend(cells),
        Row(CHINA, labels.country_name(CHINA), china["spend"] or 0.0, china["awards"] or 0, share(china["spend"] or 0.0, whole.spend_usd)),
    )


@dataclass(frozen=True)
class AwardLine:
    year: int | None
    buyer_id: int | None
    buyer_name: str
    supplier_name: str
    country: str
    category: str
    category_title: str
    amount: float | None
    currency: str
    amount_usd: float | None
    source: str


@dataclass
class SupplierPage:
    key: str
    name: str
    names: list[Row]  # the name variants grouped under the key, with their awards
    countries: list[Row]
    totals: Totals
    agencies: list[Row]
    segments: list[Row]
    years: list[YearPoint]
    awards: list[AwardLine]
    more_awards: int = 0
    note: str = field(default="")


AWARDS_SHOWN = 100


@memoised
def supplier(key: str) -> SupplierPage | None:
    lines = MarketAward.objects.filter(supplier_key=key)
    if not key or not lines.exists():
        return None
    names = list(lines.values("supplier_name").annotate(n=Count("id"), s=Sum("amount_usd")).order_by("-n", "supplier_name"))
    sums = lines.aggregate(
        n=Count("id"), n_priced=Count("id", filter=Q(amount_usd__isnull=False)),
        n_converted=Count("id", filter=Q(priced=Priced.CONVERTED)), n_none=Count("id", filter=Q(priced=Priced.NO_AMOUNT)),
        n_unknown=Count("id", filter=Q(priced=Priced.UNKNOWN_CURRENCY)), spend=Sum("amount_usd"),
    )
    whole = Totals(sums["n"], sums["n_priced"], sums["n_converted"], sums["n_none"], sums["n_unknown"], sums["spend"] or 0.0)
    spend = whole.spend_usd
    agencies = [
        Row(str(r["buyer_id"] or ""), r["name"] or "?", r["s"] or 0.0, r["n"], share(r["s"] or 0.0, spend))
        for r in lines.values("buyer_id").annotate(s=Sum("amount_usd"), n=Count("id"), name=Max("buyer_name")).order_by("-s")[:TOP]
    ]
    segment_rows = list(lines.values("segment").annotate(s=Sum("amount_usd"), n=Count("id")).order_by("-s")[:TOP])
    titles = labels.category_titles(r["segment"] for r in segment_rows)
    segments = [Row(r["segment"], titles.get(r["segment"]) or labels.category_title(""), r["s"] or 0.0, r["n"], share(r["s"] or 0.0, spend)) for r in segment_rows]
    years = [
        YearPoint(r["year"], r["s"] or 0.0, r["n"], r["cn"] or 0.0, share(r["cn"] or 0.0, r["s"] or 0.0))
        for r in lines.exclude(year=None).values("year").annotate(
            s=Sum("amount_usd"), n=Count("id"), cn=Sum("amount_usd", filter=Q(supplier_country=CHINA))
        ).order_by("year")
    ]
    countries = [
        Row(r["supplier_country"], labels.country_name(r["supplier_country"]), r["s"] or 0.0, r["n"], country=r["supplier_country"])
        for r in lines.values("supplier_country").annotate(s=Sum("amount_usd"), n=Count("id")).order_by("-n")
    ]
    shown = list(lines.order_by("-amount_usd", "-year", "id")[:AWARDS_SHOWN])
    award_titles = labels.category_titles(a.segment for a in shown)
    awards = [
        AwardLine(a.year, a.buyer_id, a.buyer_name, a.supplier_name, a.supplier_country, a.segment,
                  award_titles.get(a.segment) or labels.category_title(""), a.amount, a.currency, a.amount_usd, a.source)
        for a in shown
    ]
    return SupplierPage(
        key, names[0]["supplier_name"],
        [Row(r["supplier_name"], r["supplier_name"], r["s"] or 0.0, r["n"]) for r in names],
        countries, whole, agencies, segments, years, awards, max(0, whole.lines - len(shown)),
    )
