"""The canonical store: notices (one per OCDS contracting process), their items and codes, awards, parties.

Shaped on OCDS 1.1: every column here is picked out of the notice's compiled release, which is kept whole in
`compiled_release`; the releases it was compiled from are `ingest.RawRelease` rows.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tenderbridge.lib import buyer_family
from tenderbridge.lib.ocds import notice_types
from tenderbridge.lib.ocds.quality import Placeholder

from . import clock


class Party(models.Model):
    """A buyer or supplier organisation, deduplicated by identifier, else by normalised name + country."""

    class Family(models.TextChoices):
        UN = buyer_family.UN, _("United Nations system")
        DEVELOPMENT_BANK = buyer_family.DEVELOPMENT_BANK, _("Development bank")
        INTERNATIONAL = buyer_family.INTERNATIONAL, _("Other international organisation")
        NATIONAL = buyer_family.NATIONAL, _("National or local public buyer")

    name = models.CharField(_("name"), max_length=300)
    normalised_name = models.CharField(max_length=300, db_index=True, editable=False)
    scheme = models.CharField(
        _("identifier scheme"), max_length=50, blank=True, help_text=_("e.g. GB-COH, NO-ORG")
    )
    identifier = models.CharField(_("identifier"), max_length=100, blank=True)
    country = models.CharField(_("country"), max_length=2, blank=True)
    family = models.CharField(
        _("buyer family"), max_length=20, choices=Family.choices, default=Family.NATIONAL
    )
    is_buyer = models.BooleanField(_("is a buyer"), default=False)
    is_supplier = models.BooleanField(_("is a supplier"), default=False)
    created = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        constraints = [
            models.UniqueConstraint(
                fields=["scheme", "identifier"],
                condition=~models.Q(identifier=""),
                name="party_unique_identifier",
            ),
            models.UniqueConstraint(
                fields=["normalised_name", "country"],
                condition=models.Q(identifier=""),
                name="party_unique_name",
            ),
        ]

    def __str__(self):
        return self.name


class NoticeQuerySet(models.QuerySet):
    def open(self, now=None):
        return self.filter(deadline__gt=now or clock.now())

    def with_buyer(self):
        return self.select_related("buyer")

    def visible(self):
        """What users see in search, feeds and lists: canonical notices that are not test or placeholder
        records (the others stay stored, for provenance, and their own pages point to the canonical one)."""
        return self.filter(canonical=None, placeholder="")

    def hidden(self):
        return self.exclude(canonical=None, placeholder="")


PLACEHOLDER_CHOICES = [
    (Placeholder.EMPTY, _("No title, description or item text")),
    (Placeholder.PLACEHOLDER_TEXT, _("Template text left unfilled")),
    (Placeholder.TEST_RECORD, _("Test record")),
    (Placeholder.LOREM_IPSUM, _("Filler text (lorem ipsum)")),
]


class Notice(models.Model):
    """One contracting process (OCDS `ocid`), compiled from all its releases."""

    class Type(models.TextChoices):
        EOI = notice_types.EOI, _("Expression of interest")
        RFI = notice_types.RFI, _("Request for information")
        RFQ = notice_types.RFQ, _("Request for quotation")
        ITB = notice_types.ITB, _("Invitation to bid")
        RFP = notice_types.RFP, _("Request for proposal")
        INDIVIDUAL_CONSULTANT = notice_types.INDIVIDUAL_CONSULTANT, _("Individual consultant")
        CONTRACT_AWARD = notice_types.CONTRACT_AWARD, _("Contract award")
        PLANNING = notice_types.PLANNING, _("Planning")
        GPN = notice_types.GPN, _("General procurement notice")
        SPN = notice_types.SPN, _("Specific procurement notice")
        OTHER = notice_types.OTHER, _("Other")

    ocid = models.CharField(_("OCID"), max_length=200, unique=True)
    source = models.CharField(
        _("source"), max_length=40, db_index=True, help_text=_("The source module that read it.")
    )
    title = models.TextField(_("title"), blank=True)
    description = models.TextField(_("description"), blank=True)
    language = models.CharField(_("language"), max_length=10, blank=True)
    notice_type = models.CharField(_("notice type"), max_length=30, choices=Type.choices, default=Type.OTHER)
    procurement_method = models.CharField(_("procurement method"), max_length=30, blank=True)
    status = models.CharField(_("status"), max_length=30, blank=True)
    published = models.DateTimeField(_("published"), null=True, blank=True, db_index=True)
    deadline = models.DateTimeField(_("submission deadline"), null=True, blank=True, db_index=True)
    deadline_timezone = models.CharField(
        _("deadline time zone"),
        max_length=64,
        blank=True,
        help_text=_("The zone or UTC offset the source gave."),
    )
    value_amount = models.DecimalField(
        _("estimated value"), max_digits=20, decimal_places=2, null=True, blank=True
    )
    value_currency = models.CharField(_("currency"), max_length=3, blank=True)
    countries = models.JSONField(_("countries of delivery"), default=list, blank=True)
    url = models.URLField(_("original notice"), max_length=1000, blank=True)
    documents = models.JSONField(_("documents"), default=list, blank=True)
    sme_suitable = models.BooleanField(_("suitable for SMEs"), null=True, blank=True)
    sustainable = models.BooleanField(_("sustainable procurement"), null=True, blank=True)
    buyer = models.ForeignKey(Party, on_delete=models.PROTECT, null=True, blank=True, related_name="notices")
    buyer_family = models.CharField(
        _("buyer family"), max_length=20, choices=Party.Family.choices, blank=True
    )
    compiled_release = models.JSONField(_("compiled release"), default=dict)
    fingerprint = models.CharField(
        max_length=40, editable=False, help_text=_("Hash of the compiled release.")
    )
    ingest_file = models.ForeignKey(
        "ingest.IngestFile",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="notices",
        help_text=_("The file that last changed this notice."),
    )
    created = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated = models.DateTimeField(_("updated"), default=timezone.now, editable=False)
    # One notice per procurement (lib/ocds/dedupe.py): notices with the same block key are compared; a copy
    # points to its group's canonical notice and is hidden from search, feeds and lists.
    block_key = models.CharField(max_length=16, blank=True, db_index=True, editable=False)
    canonical = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="copies",
        verbose_name=_("published first as"),
        help_text=_("Set when this notice is another publication of the same procurement."),
    )
    placeholder = models.CharField(
        _("test or placeholder record"),
        max_length=20,
        blank=True,
        choices=PLACEHOLDER_CHOICES,
        help_text=_("Why ingest took this notice for a test or placeholder record (hidden from users)."),
    )

    objects = NoticeQuerySet.as_manager()

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        indexes = [
            models.Index(fields=["notice_type", "deadline"], name="notice_type_deadline"),
            # A buyer's other notices (opportunities/related.py): its open ones by deadline and its newest,
            # each read off an index in `limit` rows, even for a buyer with tens of thousands of notices.
            models.Index(fields=["buyer", "deadline"], name="notice_buyer_deadline"),
            models.Index(fields=["buyer", "published", "id"], name="notice_buyer_published"),
        ]

    def __str__(self):
        return self.title or self.ocid

    @property
    def is_hidden(self) -> bool:
        return self.canonical_id is not None or bool(self.placeholder)


class Item(models.Model):
    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="items")
    ocds_id = models.CharField(_("item id"), max_length=100)
    lot_id = models.CharField(_("lot"), max_length=100, blank=True)
    description = models.TextField(_("description"), blank=True)
    quantity = models.DecimalField(_("quantity"), max_digits=20, decimal_places=2, null=True, blank=True)
    unit = models.CharField(_("unit"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("item")
        verbose_name_plural = _("items")

    def __str__(self):
        return self.description[:80] or self.ocds_id


class Classification(models.Model):
    """A code an item carries, as the source gave it (UNSPSC, CPV or a local scheme)."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="classifications")
    scheme = models.CharField(_("scheme"), max_length=40)
    code = models.CharField(_("code"), max_length=50)
    description = models.CharField(_("description"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("classification")
        verbose_name_plural = _("classifications")
        indexes = [models.Index(fields=["scheme", "code"], name="classification_scheme_code")]

    def __str__(self):
        return f"{self.scheme} {self.code}"


class NoticeCategory(models.Model):
    """A UNSPSC category of the notice: given by the source, mapped from CPV, or predicted from its text."""

    class Origin(models.TextChoices):
        GIVEN = "given", _("Given by the source")
        CROSSWALK = "crosswalk", _("Mapped from CPV")
        PREDICTED = "predicted", _("Predicted from the text")

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="categories")
    code = models.CharField(_("UNSPSC code"), max_length=8)
    segment = models.CharField(_("UNSPSC segment"), max_length=8, db_index=True)
    family = models.CharField(_("UNSPSC family"), max_length=8, db_index=True)
    origin = models.CharField(_("origin"), max_length=12, choices=Origin.choices)
    score = models.FloatField(_("confidence"), null=True, blank=True)

    class Meta:
        verbose_name = _("notice category")
        verbose_name_plural = _("notice categories")
        constraints = [models.UniqueConstraint(fields=["notice", "code"], name="notice_category_once")]

    def __str__(self):
        return f"{self.notice_id}: {self.code} ({self.origin})"


class Award(models.Model):
    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="awards")
    ocds_id = models.CharField(_("award id"), max_length=100)
    title = models.TextField(_("title"), blank=True)
    status = models.CharField(_("status"), max_length=30, blank=True)
    date = models.DateTimeField(_("date"), null=True, blank=True, db_index=True)
    value_amount = models.DecimalField(_("value"), max_digits=20, decimal_places=2, null=True, blank=True)
    value_currency = models.CharField(_("currency"), max_length=3, blank=True)
    suppliers = models.ManyToManyField(Party, related_name="awards", blank=True)

    class Meta:
        verbose_name = _("award")
        verbose_name_plural = _("awards")

    def __str__(self):
        return self.title or self.ocds_id
