"""Rebuilding the market pre-aggregation from the stored awards (the only writer of market's tables).

`rebuild()` reads every award with its notice (buyer, source), one UNSPSC category per notice and each supplier,
turns it into award lines (amount in USD at the award year's rate, or excluded with the reason), then sums the
lines into cells. It runs inside one transaction: a failure leaves the previous build in place, whole.
"""

import time
from collections import defaultdict
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone

from tenderbridge.lib.ocds.normalise import normalise_name
from tenderbridge.lib.sources.asr import is_placeholder
from tenderbridge.opportunities.models import Award, Notice, NoticeCategory
from tenderbridge.suppliers.names import core_name

from .fx import year_rates
from .models import Kind, MarketAward, MarketBuild, MarketCell, Priced

BATCH = 5000
ORIGIN_RANK = {NoticeCategory.Origin.GIVEN: 0, NoticeCategory.Origin.CROSSWALK: 1, NoticeCategory.Origin.PREDICTED: 2}
CELL_FIELDS = ("buyer_id", "buyer_name", "buyer_family", "segment", "family", "kind", "supplier_country", "year")


@dataclass(frozen=True)
class BuildResult:
    lines: int
    cells: int
    seconds: float


def supplier_key(name: str) -> str:
    """The name variants of one firm share a key: case, punctuation and legal suffixes dropped ("ACME Ltd.",
    "Acme Limited" → "acme"). Placeholders ("Name withheld", "Various") get "" and are no firm."""
    if not name or is_placeholder(name):
        return ""
    return core_name(name) or normalise_name(name)


def kind_of(segment: str) -> str:
    """UNSPSC segments 70–95 are services, 10–64 goods; no category, not classified."""
    if not segment:
        return Kind.UNKNOWN
    return Kind.SERVICES if segment[:2] >= "70" else Kind.GOODS


def _categories() -> dict[int, tuple[str, str]]:
    """One (segment, family) per notice, so a notice's spend is counted once: the source's own code first, then
    the CPV crosswalk's, then the prediction; the highest score, then the lowest code, within an origin."""
    best: dict[int, tuple] = {}
    rows = NoticeCategory.objects.values_list("notice_id", "code", "segment", "family", "origin", "score")
    for notice_id, code, segment, family, origin, score in rows.iterator(chunk_size=20000):
        rank = (ORIGIN_RANK.get(origin, 3), -(score or 0.0), code)
        if notice_id not in best or rank < best[notice_id][0]:
            best[notice_id] = (rank, segment, family)
    return {notice_id: (segment, family) for notice_id, (_, segment, family) in best.items()}


def _suppliers() -> dict[int, list[tuple]]:
    by_award: dict[int, list[tuple]] = defaultdict(list)
    through = Award.suppliers.through.objects.values_list(
        "award_id", "party_id", "party__name", "party__country"
    ).order_by("award_id", "party_id")
    for award_id, party_id, name, country in through.iterator(chunk_size=20000):
        by_award[award_id].append((party_id, name, supplier_key(name), country or ""))
    return by_award


def _lines():
    """Every award line, built in memory one award at a time (~210,000 on the demo data)."""
    rates = year_rates()
    categories = _categories()
    suppliers = _suppliers()
    notices = {
        row[0]: row[1:]
        for row in Notice.objects.filter(awards__isnull=False).distinct().values_list(
            "id", "source", "buyer_id", "buyer__name", "buyer__family", "published"
        ).iterator(chunk_size=20000)
    }
    awards = Award.objects.values_list("id", "notice_id", "date", "value_amount", "value_currency")
    for award_id, notice_id, when, amount, currency in awards.iterator(chunk_size=20000):
        source, buyer_id, buyer_name, buyer_family, published = notices[notice_id]
        when = when or published
        year = when.year if when else None
        segment, family = categories.get(notice_id, ("", ""))
        firms = suppliers.get(award_id) or [(None, "", "", "")]
        share = float(amount) / len(firms) if amount is not None else None
        rate = rates.usd_per_unit(currency, year) if share is not None else None
        if share is None:
            priced = Priced.NO_AMOUNT
        elif rate is None:
            priced = Priced.UNKNOWN_CURRENCY
        else:
            priced = Priced.USD if (currency or "").upper() == "USD" else Priced.CONVERTED
        for party_id, name, key, country in firms:
            yield MarketAward(
                award_id=award_id, notice_id=notice_id, source=source, buyer_id=buyer_id,
                buyer_name=buyer_name or "", buyer_family=buyer_family or "", segment=segment, family=family,
                kind=kind_of(segment), year=year, supplier_id=party_id, supplier_name=name[:300],
                supplier_key=key[:300], supplier_country=country, amount=share, currency=(currency or "")[:3],
                amount_usd=share * rate if rate is not None else None, priced=priced,
            )


def _cells() -> list[MarketCell]:
    sums = MarketAward.objects.values(*CELL_FIELDS).annotate(
        lines=Count("id"),
        priced_lines=Count("id", filter=Q(amount_usd__isnull=False)),
        converted=Count("id", filter=Q(priced=Priced.CONVERTED)),
        no_amount=Count("id", filter=Q(priced=Priced.NO_AMOUNT)),
        unknown_currency=Count("id", filter=Q(priced=Priced.UNKNOWN_CURRENCY)),
        spend=Sum("amount_usd"),
    ).order_by()
    return [
        MarketCell(
            **{name: row[name] for name in CELL_FIELDS}, lines=row["lines"], priced=row["priced_lines"],
            converted=row["converted"], no_amount=row["no_amount"], unknown_currency=row["unknown_currency"],
            spend_usd=row["spend"] or 0.0,
        )
        for row in sums
    ]


def rebuild() -> BuildResult:
    """Replace the pre-aggregation with one built from the awards stored now."""
    started = time.perf_counter()
    with transaction.atomic():
        MarketCell.objects.all().delete()
        MarketAward.objects.all().delete()
        batch, lines = [], 0
        for line in _lines():
            batch.append(line)
            if len(batch) >= BATCH:
                MarketAward.objects.bulk_create(batch)
                lines += len(batch)
                batch = []
        MarketAward.objects.bulk_create(batch)
        lines += len(batch)
        cells = MarketCell.objects.bulk_create(_cells(), batch_size=BATCH)
        seconds = time.perf_counter() - started
        MarketBuild.objects.create(finished=timezone.now(), seconds=seconds, lines=lines, cells=len(cells))
    warm()
    return BuildResult(lines=lines, cells=len(cells), seconds=seconds)


def warm() -> None:
    """The unfiltered overview computed once per language into the cache (~0.5 s each cold), so the first
    reader after a rebuild does not wait for it."""
    from django.conf import settings
    from django.utils import translation

    from . import queries  # the reads sit beside this module; imported here as only warm() needs them

    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            queries.overview(queries.Filters())
