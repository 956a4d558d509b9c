"""Each market page as tables: one table per chart, shown under it (for screen readers and phones), exported as
CSV, and drawn by static/market/market.js from the same rows (so chart, table and CSV never disagree)."""

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from . import labels
from .queries import Row, YearPoint


@dataclass
class Table:
    slug: str  # the CSV's name: ?csv=<slug>
    title: str
    chart: str  # "bar" | "line" | "treemap" | "" (table only)
    columns: list[str]
    rows: list[list] = field(default_factory=list)  # raw values (numbers stay numbers: CSV and chart read them)
    links: list[str] = field(default_factory=list)  # the first cell's link, per row ("" for none)
    money_columns: tuple[int, ...] = ()
    share_columns: tuple[int, ...] = ()

    @property
    def lines(self) -> list[tuple[list, str]]:
        return list(zip(self.rows, self.links + [""] * (len(self.rows) - len(self.links)), strict=True))

    @property
    def data_id(self) -> str:
        return f"chart-data-{self.slug}"

    def chart_data(self) -> dict:
        """What the chart draws: the first column's labels and the first money (or count) column's values."""
        value = self.money_columns[0] if self.money_columns else 1
        return {
            "type": self.chart, "title": self.title, "labels": [str(r[0]) for r in self.rows],
            "values": [r[value] if r[value] is not None else 0 for r in self.rows], "series": self.columns[value],
            "money": bool(self.money_columns), "percent": value in self.share_columns,
        }


def money(value: float | None) -> str:
    """US dollars, short: "US$ 12.3 million" in English; in Chinese in 亿 (10^8) and 万 (10^4), the units a
    Chinese reader counts money in ("1,393.6 亿美元", not "139,364.1 百万美元")."""
    if value is None:
        return "—"
    if labels.is_chinese():
        if abs(value) >= 100_000_000:
            return _("US$ %(amount)s × 100 million") % {"amount": f"{value / 100_000_000:,.2f}"}
        if abs(value) >= 10_000:
            return _("US$ %(amount)s × 10,000") % {"amount": f"{value / 10_000:,.1f}"}
        return _("US$ %(amount)s") % {"amount": f"{value:,.0f}"}
    if abs(value) >= 1_000_000:
        return _("US$ %(amount)s million") % {"amount": f"{value / 1_000_000:,.1f}"}
    return _("US$ %(amount)s") % {"amount": f"{value:,.0f}"}


def percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f} %"


def _rows_table(slug, title, chart, first, rows: list[Row], link=None) -> Table:
    table = Table(slug, title, chart, [first, _("Spend (USD)"), _("Awards"), _("Share of spend")],
                  money_columns=(1,), share_columns=(3,))
    for row in rows:
        table.rows.append([row.label, round(row.spend_usd, 2), row.awards, row.share])
        table.links.append(link(row) if link and row.key else "")
    return table


def agencies_table(rows: list[Row], title: str | None = None) -> Table:
    return _rows_table("agencies", title or _("Spend by agency"), "bar", _("Agency"), rows,
                       lambda r: reverse("market:agency", args=[r.key]))


def categories_table(rows: list[Row], slug="segments", title: str | None = None, chart="treemap") -> Table:
    return _rows_table(slug, title or _("Spend by category (UNSPSC segment)"), chart, pgettext("market", "Category"), rows,
                       lambda r: reverse("market:category", args=[r.key]))


def countries_table(rows: list[Row], title: str | None = None) -> Table:
    return _rows_table("countries", title or _("Spend by supplier country"), "bar", _("Supplier country"), rows)


def suppliers_table(rows: list[Row], title: str | None = None) -> Table:
    table = Table("suppliers", title or _("Suppliers that win it"), "bar",
                  [_("Supplier"), _("Spend (USD)"), _("Awards"), _("Share of spend"), _("Supplier country")],
                  money_columns=(1,), share_columns=(3,))
    for row in rows:
        table.rows.append([row.label, round(row.spend_usd, 2), row.awards, row.share, row.country_name])
        table.links.append(reverse("market:supplier", args=[row.key]))
    return table


def years_table(points: list[YearPoint]) -> Table:
    table = Table("years", _("Spend by year"), "line",
                  [pgettext("calendar", "Year"), _("Spend (USD)"), _("Awards"), _("Spend with Chinese suppliers (USD)"), _("China's share")],
                  money_columns=(1, 3), share_columns=(4,))
    for p in points:
        table.rows.append([p.year, round(p.spend_usd, 2), p.awards, round(p.china_spend_usd, 2), p.china_share])
        table.links.append("")
    return table


def china_table(points: list[YearPoint]) -> Table:
    table = Table("china", _("China's share of spend, by year"), "line", [pgettext("calendar", "Year"), _("China's share")],
                  share_columns=(1,))
    for p in points:
        table.rows.append([p.year, p.china_share])
        table.links.append("")
    table.money_columns = ()
    return table


def sizes_table(buckets: list[Row]) -> Table:
    table = Table("sizes", _("Contract sizes (USD)"), "bar", [_("Contract size (USD)"), _("Awards"), _("Share of awards")],
                  share_columns=(2,))
    for b in buckets:
        table.rows.append([b.label, b.awards, b.share])
        table.links.append("")
    return table


def targets_table(targets) -> Table:
    table = Table("targets", _("Agencies to target"), "bar",
                  [_("Agency"), _("Spend in your categories (USD)"), _("Awards"), _("Awards to Chinese suppliers"),
                   _("Spend with Chinese suppliers (USD)"), _("Typical contract (median, USD)"), _("Share of spend"),
                   _("Buyer family")],
                  money_columns=(1, 4, 5), share_columns=(6,))
    for t in targets:
        table.rows.append([t.name, round(t.spend_usd, 2), t.awards, t.china_awards, round(t.china_spend_usd, 2),
                           None if t.median_usd is None else round(t.median_usd, 2), t.share, t.family_label])
        table.links.append(reverse("market:agency", args=[t.buyer_id]))
    return table


def awards_table(awards) -> Table:
    table = Table("awards", _("Its awards (largest first)"), "",
                  [pgettext("calendar", "Year"), _("Agency"), _("Name as written"), pgettext("market", "Category"), _("Amount"),
                   _("Currency"), _("Amount (USD)"), _("Source")], money_columns=(6,))
    for a in awards:
        table.rows.append([a.year, a.buyer_name, a.supplier_name, a.category_title, a.amount, a.currency,
                           None if a.amount_usd is None else round(a.amount_usd, 2), a.source])
        table.links.append("")
    return table
