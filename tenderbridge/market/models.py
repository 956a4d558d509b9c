"""The market pre-aggregation: award lines made comparable (USD, one category, one year) and their sums.

Both tables are derived data, rebuilt whole by `services.rebuild()` (`manage.py build_market`, called by
load_demo after ingest); nothing else writes them. Ids of awards, notices and parties are plain integers, not
foreign keys: a rebuild is a bulk insert of ~210,000 rows, and a re-ingest between two rebuilds must not be
blocked or cascaded by these rows.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    GOODS = "goods", _("Goods")
    SERVICES = "services", _("Services")
    UNKNOWN = "", _("Not classified")


class Priced(models.TextChoices):
    USD = "usd", _("In US dollars")
    CONVERTED = "converted", _("Converted to US dollars")
    NO_AMOUNT = "no_amount", _("No amount")
    UNKNOWN_CURRENCY = "unknown_currency", _("Currency without a rate")


class MarketAwardQuerySet(models.QuerySet):
    def priced(self):
        return self.filter(amount_usd__isnull=False)

    def suppliers_named(self):
        """Lines whose supplier is a firm (not "Name withheld", "Various" …, which have no key)."""
        return self.exclude(supplier_key="")


class MarketAward(models.Model):
    """One award line: an award × one of its suppliers (an award with n suppliers gives n lines, its value
    split equally, so sums over lines equal sums over awards)."""

    award_id = models.BigIntegerField()
    notice_id = models.BigIntegerField()
    source = models.CharField(max_length=40)
    buyer_id = models.BigIntegerField(null=True)
    buyer_name = models.CharField(max_length=300, blank=True)
    buyer_family = models.CharField(max_length=20, blank=True)
    segment = models.CharField(max_length=8, blank=True)
    family = models.CharField(max_length=8, blank=True)
    kind = models.CharField(max_length=10, choices=Kind.choices, blank=True)
    year = models.SmallIntegerField(null=True)
    supplier_id = models.BigIntegerField(null=True)
    supplier_name = models.CharField(max_length=300, blank=True)
    supplier_key = models.CharField(max_length=300, blank=True)
    supplier_country = models.CharField(max_length=2, blank=True)
    amount = models.FloatField(null=True)  # as published (the line's share), in `currency`
    currency = models.CharField(max_length=3, blank=True)
    amount_usd = models.FloatField(null=True)  # null: excluded from sums (see `priced`)
    priced = models.CharField(max_length=20, choices=Priced.choices)

    objects = MarketAwardQuerySet.as_manager()

    class Meta:
        indexes = [
            # Covering the suppliers' sums of a category or a buyer (queries.supplier_sums) and the sizes.
            models.Index(fields=["family", "supplier_key", "amount_usd"], name="market_award_family"),
            models.Index(fields=["segment", "supplier_key", "amount_usd"], name="market_award_segment"),
            models.Index(fields=["buyer_id", "supplier_key", "amount_usd"], name="market_award_buyer_supplier"),
            models.Index(fields=["buyer_id", "family"], name="market_award_buyer"),
            models.Index(fields=["supplier_key"], name="market_award_supplier"),
        ]

    def __str__(self):
        return f"{self.buyer_name} → {self.supplier_name} ({self.year})"


class MarketCell(models.Model):
    """Sums of award lines by buyer × UNSPSC segment and family × supplier country × year × goods/services."""

    buyer_id = models.BigIntegerField(null=True)
    buyer_name = models.CharField(max_length=300, blank=True)
    buyer_family = models.CharField(max_length=20, blank=True)
    segment = models.CharField(max_length=8, blank=True)
    family = models.CharField(max_length=8, blank=True)
    kind = models.CharField(max_length=10, choices=Kind.choices, blank=True)
    supplier_country = models.CharField(max_length=2, blank=True)
    year = models.SmallIntegerField(null=True)
    lines = models.IntegerField()  # award lines, priced or not
    priced = models.IntegerField()  # lines in spend_usd
    converted = models.IntegerField()  # of those, converted from another currency
    no_amount = models.IntegerField()
    unknown_currency = models.IntegerField()
    spend_usd = models.FloatField()

    class Meta:
        indexes = [
            models.Index(fields=["buyer_id"], name="market_cell_buyer"),
            models.Index(fields=["family"], name="market_cell_family"),
            models.Index(fields=["segment"], name="market_cell_segment"),
        ]

    def __str__(self):
        return f"{self.buyer_name} {self.family or self.segment} {self.supplier_country} {self.year}"


class MarketBuild(models.Model):
    """One rebuild: when, how long, how much (the pages say how fresh they are)."""

    finished = models.DateTimeField()
    seconds = models.FloatField()
    lines = models.IntegerField()
    cells = models.IntegerField()

    def __str__(self):
        return f"{self.finished:%Y-%m-%d %H:%M} ({self.lines} lines)"
