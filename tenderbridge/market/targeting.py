""""For my company": the agencies to target, from the UNSPSC codes on a supplier's profile.

The firm's codes are widened to their UNSPSC families (42131702 → 42130000): award data is classified at
family level at best (the ASR's categories are predicted from its descriptions), and a buyer of surgical
drapes is a likely buyer of gowns. Agencies are ranked by spend in those families over every year loaded;
each comes with its evidence. When the families have no awards at all, the segments are used instead, and
the page says so (`level`).
"""

from dataclasses import dataclass
from statistics import median

from django.db.models import Max, Q, Sum

from tenderbridge.opportunities.models import Party
from tenderbridge.suppliers.models import SupplierCategory, SupplierProfile

from . import labels
from .models import MarketAward, MarketCell
from .queries import CHINA, Row, memoised, share, suppliers

AGENCIES = 10
FAMILIES = dict(Party.Family.choices)  # so a UK hospital buyer is not mistaken for a UN agency


@dataclass(frozen=True)
class Target:
    buyer_id: int
    name: str
    spend_usd: float
    awards: int
    china_awards: int
    china_spend_usd: float
    median_usd: float | None
    share: float | None  # of all spend in the firm's categories
    family: str = ""  # buyer family: un, development_bank, international, national
    family_label: str = ""


@dataclass
class ForCompany:
    codes: list[str]
    level: str  # "family" | "segment" | "" (no codes)
    categories: list[Row]
    spend_usd: float
    targets: list[Target]
    competitors: list[Row]


def profile_codes(profile: SupplierProfile) -> list[str]:
    return list(SupplierCategory.objects.filter(profile=profile).order_by("code").values_list("code", flat=True))


@memoised
def for_company(codes: list[str]) -> ForCompany:
    families = sorted({code[:4] + "0000" for code in codes if len(code) == 8})
    segments = sorted({code[:2] + "000000" for code in codes if len(code) == 8})
    level, chosen = "family", families
    if families and not MarketCell.objects.filter(family__in=families).exists():
        level, chosen = "segment", segments
    if not chosen:
        return ForCompany(codes, "", [], 0.0, [], [])
    cells = MarketCell.objects.filter(**{f"{level}__in": chosen})
    lines = MarketAward.objects.filter(**{f"{level}__in": chosen})
    whole = cells.aggregate(spend=Sum("spend_usd"))["spend"] or 0.0
    titles = labels.category_titles(chosen)
    per_code = {r[level]: r for r in cells.values(level).annotate(s=Sum("spend_usd"), n=Sum("lines"))}
    categories = [
        Row(code, titles.get(code, code), (per_code.get(code) or {}).get("s") or 0.0, (per_code.get(code) or {}).get("n") or 0)
        for code in chosen
    ]
    return ForCompany(codes, level, categories, whole, _targets(cells, lines, whole), suppliers(lines, whole, 10))


def _targets(cells, lines, whole: float) -> list[Target]:
    rows = cells.exclude(buyer_id=None).values("buyer_id").annotate(
        spend=Sum("spend_usd"), awards=Sum("lines"), name=Max("buyer_name"), family=Max("buyer_family"),
        cn_awards=Sum("lines", filter=Q(supplier_country=CHINA)),
        cn_spend=Sum("spend_usd", filter=Q(supplier_country=CHINA)),
    ).order_by("-spend", "buyer_id")[:AGENCIES]
    targets = []
    for r in rows:
        amounts = list(lines.filter(buyer_id=r["buyer_id"]).priced().values_list("amount_usd", flat=True))
        targets.append(Target(
            r["buyer_id"], r["name"], r["spend"] or 0.0, r["awards"], r["cn_awards"] or 0, r["cn_spend"] or 0.0,
            median(amounts) if amounts else None, share(r["spend"] or 0.0, whole),
            r["family"] or "", str(FAMILIES.get(r["family"] or "", "")),
        ))
    return targets
