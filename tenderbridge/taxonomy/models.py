"""UNSPSC (what UN agencies classify by) and CPV 2008 (what the EU uses), with English and Chinese titles."""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from tenderbridge.lib.taxonomy.cpv import cpv_ancestors
from tenderbridge.lib.taxonomy.crosswalk import cpv_to_unspsc
from tenderbridge.lib.taxonomy.unspsc import structural_ancestors


def in_active_language(title_en: str, title_zh: str | None) -> str:
    """The Chinese title on Chinese pages when there is one, else the English title."""
    return title_zh if (get_language() or "").startswith("zh") and title_zh else title_en


class TitledCodeQuerySet(models.QuerySet):
    def roots(self):
        return self.filter(parent=None)


class UnspscCode(models.Model):
    class Level(models.TextChoices):
        SEGMENT = "segment", _("Segment")
        FAMILY = "family", _("Family")
        CLASS = "class", _("Class")
        COMMODITY = "commodity", _("Commodity")

    code = models.CharField(_("code"), max_length=8, primary_key=True)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children"
    )
    segment = models.CharField(_("segment"), max_length=8, db_index=True)
    family = models.CharField(_("family"), max_length=8, blank=True, db_index=True)
    title_en = models.CharField(_("English title"), max_length=300)
    title_zh = models.CharField(_("Chinese title"), max_length=300, blank=True)

    objects = TitledCodeQuerySet.as_manager()

    class Meta:
        verbose_name = _("UNSPSC code")
        verbose_name_plural = _("UNSPSC codes")
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} {self.title_en}"

    @property
    def title(self) -> str:
        """The title in the active language (English when no Chinese title exists)."""
        return in_active_language(self.title_en, self.title_zh)

    def ancestors(self) -> list["UnspscCode"]:
        """Segment first. The parent chain is exactly the ancestors the code implies that exist, so one query."""
        return list(UnspscCode.objects.filter(code__in=structural_ancestors(self.code)).order_by("code"))


class CpvCode(models.Model):
    class Level(models.TextChoices):
        DIVISION = "division", _("Division")
        GROUP = "group", _("Group")
        CLASS = "class", _("Class")
        CATEGORY = "category", _("Category")
        SUBCATEGORY = "subcategory", _("Subcategory")

    code8 = models.CharField(_("code"), max_length=8, primary_key=True)
    code = models.CharField(_("code with check digit"), max_length=10, unique=True)
    level = models.CharField(_("level"), max_length=12, choices=Level.choices)
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children"
    )
    title_en = models.CharField(_("English title"), max_length=400)
    title_zh = models.CharField(_("Chinese title"), max_length=400, blank=True)

    objects = TitledCodeQuerySet.as_manager()

    class Meta:
        verbose_name = _("CPV code")
        verbose_name_plural = _("CPV codes")
        ordering = ["code8"]

    def __str__(self):
        return f"{self.code} {self.title_en}"

    @property
    def title(self) -> str:
        return in_active_language(self.title_en, self.title_zh)

    def ancestors(self) -> list["CpvCode"]:
        """Division first (the parent chain, read in one query as for UNSPSC)."""
        return list(CpvCode.objects.filter(code8__in=cpv_ancestors(self.code8)).order_by("code8"))

    def unspsc_targets(self) -> list[UnspscCode]:
        """The UNSPSC segments and families the crosswalk maps this code to, most likely first."""
        targets = cpv_to_unspsc(self.code8)
        found = UnspscCode.objects.in_bulk(targets)
        return [found[code] for code in targets if code in found]
