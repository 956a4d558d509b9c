"""Supplier profiles: what a supplier company makes, has done and can show (one profile per supplier organisation).

Reads are QuerySet methods here; every write goes through services.py. Field limits live on the fields, so the
pages, the API and the admin refuse the same things; forms.py words the messages.
"""

from datetime import date
from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tenderbridge.accounts.models import Organisation, User
from tenderbridge.lib import countries
from tenderbridge.taxonomy.models import in_active_language

DESCRIPTION_MAX = 20_000  # characters: several pages of text; a pasted 100 KB document is refused, never cut
EVIDENCE_MAX = 2_000
NOTES_MAX = 2_000
MAX_CODES = 100  # UNSPSC codes per profile
MAX_CONTRACTS = 500  # past contracts per profile (imports included)
MAX_CERTIFICATES = 50
EARLIEST_YEAR = 1800
READER_KINDS = (Organisation.Kind.BUYER, Organisation.Kind.OPERATOR)  # they read visible profiles


class Language(models.TextChoices):
    """Working languages a supplier can do business in (the six UN languages first)."""

    ZH = "zh", _("Chinese")
    EN = "en", _("English")
    FR = "fr", _("French")
    ES = "es", _("Spanish")
    RU = "ru", _("Russian")
    AR = "ar", _("Arabic")
    PT = "pt", _("Portuguese")
    DE = "de", _("German")
    JA = "ja", _("Japanese")
    KO = "ko", _("Korean")


class SupplierProfileQuerySet(models.QuerySet):
    def visible(self):
        return self.filter(visible=True)

    def visible_to(self, organisation: Organisation | None):
        """The profiles `organisation` may read: its own, and visible ones for buyers and operators."""
        if organisation is None:
            return self.none()
        own = models.Q(organisation=organisation)
        if organisation.kind in READER_KINDS:
            return self.filter(own | models.Q(visible=True))
        return self.filter(own)

    def readable_by(self, user: User):
        """The profiles a signed-in user may read, over every organisation the user belongs to."""
        if not user.is_authenticated:
            return self.none()
        organisations = Organisation.objects.for_user(user)
        own = models.Q(organisation__in=organisations.suppliers())
        if organisations.filter(kind__in=READER_KINDS).exists():
            return self.filter(own | models.Q(visible=True))
        return self.filter(own)

    def with_details(self):
        """Everything a profile page, the API and the ranker's features read, in four queries for any number."""
        return self.select_related("organisation", "women_owned").prefetch_related(
            Prefetch("categories", queryset=SupplierCategory.objects.order_by("code")),
            Prefetch("contracts", queryset=PastContract.objects.order_by("-year", "title", "pk")),
            Prefetch("certificates", queryset=Certificate.objects.order_by("kind", "name", "pk")),
        )


class SupplierProfile(models.Model):
    class Size(models.TextChoices):
        MICRO = "micro", _("Micro enterprise")
        SMALL = "small", _("Small enterprise")
        MEDIUM = "medium", _("Medium-sized enterprise")
        LARGE = "large", _("Large enterprise")

    class UngmLevel(models.TextChoices):
        NOT_REGISTERED = "none", _("Not registered with UNGM")
        BASIC = "basic", _("UNGM Basic")
        LEVEL_1 = "level_1", _("UNGM Level 1")
        LEVEL_2 = "level_2", _("UNGM Level 2")

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="supplier_profile"
    )
    name_zh = models.CharField(_("company name in Chinese"), max_length=200, blank=True)
    name_en = models.CharField(_("company name in English"), max_length=200, blank=True)
    country = models.CharField(_("country"), max_length=2, choices=countries.choices, blank=True)
    province = models.CharField(_("province or region"), max_length=100, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    size_class = models.CharField(_("size class"), max_length=10, choices=Size.choices, blank=True)
    employees = models.PositiveIntegerField(
        _("headcount"), null=True, blank=True, validators=[MaxValueValidator(10_000_000)]
    )
    annual_turnover = models.DecimalField(
        _("annual turnover"),
        max_digits=20,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
    )
    turnover_currency = models.CharField(_("turnover currency"), max_length=3, blank=True)
    founded_year = models.PositiveSmallIntegerField(_("year founded"), null=True, blank=True)
    description = models.TextField(
        _("what the company makes or does"), max_length=DESCRIPTION_MAX, blank=True
    )
    ungm_level = models.CharField(
        _("UNGM registration level"), max_length=10, choices=UngmLevel.choices, blank=True
    )
    ungm_number = models.CharField(_("UNGM number"), max_length=12, blank=True)
    languages = models.JSONField(_("working languages"), default=list, blank=True)
    export_countries = models.JSONField(_("countries exported to"), default=list, blank=True)
    export_years = models.PositiveSmallIntegerField(
        _("years of export experience"), null=True, blank=True, validators=[MaxValueValidator(200)]
    )
    export_notes = models.TextField(_("export experience"), max_length=NOTES_MAX, blank=True)
    wants_international = models.BooleanField(
        _("wants UN and development-bank work"),
        default=False,
        db_default=False,  # rows written by code that does not know the field yet get False too
        help_text=_("The feed puts UN and development-bank notices above national ones that fit as well."),
    )
    visible = models.BooleanField(
        _("visible to buyers and programme operators"),
        default=False,
        help_text=_("Private until the supplier chooses to show it."),
    )
    created = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated = models.DateTimeField(_("updated"), default=timezone.now)

    objects = SupplierProfileQuerySet.as_manager()

    class Meta:
        verbose_name = _("supplier profile")
        verbose_name_plural = _("supplier profiles")

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.name_en or self.name_zh or self.organisation.name

    @property
    def local_name(self) -> str:
        """The name for the page's language: Chinese on Chinese pages when there is one."""
        return in_active_language(self.display_name, self.name_zh)

    @property
    def other_name(self) -> str:
        """The company's name in the other language, shown under the local one ("" when there is none)."""
        if not (self.name_zh and self.name_en):
            return ""
        return self.name_en if self.local_name == self.name_zh else self.name_zh

    @property
    def names(self) -> list[str]:
        """Every name the company goes by, without repeats (Chinese first)."""
        found = []
        for name in (self.name_zh, self.name_en, self.organisation.name):
            if name and name not in found:
                found.append(name)
        return found

    def women_owned_or_none(self) -> "WomenOwnership | None":
        try:
            return self.women_owned
        except WomenOwnership.DoesNotExist:
            return None


class SupplierCategory(models.Model):
    """A UNSPSC code the supplier sells. A plain code, not a foreign key: the taxonomy can be reloaded (and
    loses stale codes) without taking suppliers' choices with it."""

    profile = models.ForeignKey(SupplierProfile, on_delete=models.CASCADE, related_name="categories")
    code = models.CharField(_("UNSPSC code"), max_length=8)
    created = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("product or service category")
        verbose_name_plural = _("product and service categories")
        constraints = [models.UniqueConstraint(fields=["profile", "code"], name="supplier_code_once")]
        indexes = [models.Index(fields=["code"], name="supplier_category_code")]

    def __str__(self):
        return self.code


class PastContract(models.Model):
    """A contract the supplier has delivered: typed in, or imported from the award data (then linked)."""

    profile = models.ForeignKey(SupplierProfile, on_delete=models.CASCADE, related_name="contracts")
    title = models.CharField(_("contract title"), max_length=500)
    buyer = models.CharField(_("buyer"), max_length=300, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    amount = models.DecimalField(
        _("value"),
        max_digits=20,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
    )
    currency = models.CharField(_("currency"), max_length=3, blank=True)
    description = models.TextField(_("what was delivered"), max_length=NOTES_MAX, blank=True)
    # Where an imported contract came from. The ocid and award id are stable across re-ingests (award rows are
    # rewritten when their notice changes), so they make imports idempotent; the foreign keys are for links.
    source_ocid = models.CharField(max_length=200, blank=True, editable=False)
    source_award_id = models.CharField(max_length=100, blank=True, editable=False)
    award = models.ForeignKey(
        "opportunities.Award", on_delete=models.SET_NULL, null=True, blank=True, editable=False, related_name="+"
    )
    party = models.ForeignKey(
        "opportunities.Party", on_delete=models.SET_NULL, null=True, blank=True, editable=False, related_name="+"
    )
    created = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("past contract")
        verbose_name_plural = _("past contracts")
        constraints = [
            models.UniqueConstraint(
                fields=["profile", "source_ocid", "source_award_id"],
                condition=~models.Q(source_ocid=""),
                name="past_contract_imported_once",
            )
        ]

    def __str__(self):
        return self.title

    @property
    def imported(self) -> bool:
        return bool(self.source_ocid)


class Certificate(models.Model):
    class Kind(models.TextChoices):
        ISO_9001 = "iso_9001", "ISO 9001"
        ISO_14001 = "iso_14001", "ISO 14001"
        ISO_45001 = "iso_45001", "ISO 45001"
        SA8000 = "sa8000", "SA8000"
        OTHER = "other", _("Other certificate")

    profile = models.ForeignKey(SupplierProfile, on_delete=models.CASCADE, related_name="certificates")
    kind = models.CharField(_("certificate"), max_length=12, choices=Kind.choices)
    name = models.CharField(
        _("certificate name"), max_length=200, blank=True, help_text=_("Needed for other certificates.")
    )
    number = models.CharField(_("certificate number"), max_length=100, blank=True)
    issuer = models.CharField(_("issued by"), max_length=200, blank=True)
    issued = models.DateField(_("date issued"), null=True, blank=True)
    expires = models.DateField(_("expiry date"), null=True, blank=True)
    created = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        """"ISO 9001", or the name of an other certificate."""
        return self.name if self.kind == self.Kind.OTHER else self.Kind(self.kind).label

    def is_expired(self, today: date | None = None) -> bool:
        return self.expires is not None and self.expires < (today or timezone.localdate())


class WomenOwnership(models.Model):
    """The women-owned business declaration by IWA 34:2021: more than 50% owned, managed and controlled by
    women, each criterion with its evidence. Self-declared; a programme operator may verify it. Any change to
    the declaration returns it to self-declared."""

    class Status(models.TextChoices):
        SELF_DECLARED = "self_declared", _("Self-declared")
        VERIFIED = "verified", _("Verified by the programme")

    profile = models.OneToOneField(SupplierProfile, on_delete=models.CASCADE, related_name="women_owned")
    ownership_percent = models.DecimalField(
        _("share owned by women (%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
    )
    ownership_evidence = models.TextField(_("evidence of ownership"), max_length=EVIDENCE_MAX, blank=True)
    women_managed = models.BooleanField(_("managed by women"), default=False)
    management_evidence = models.TextField(_("evidence of management"), max_length=EVIDENCE_MAX, blank=True)
    women_controlled = models.BooleanField(_("controlled by women"), default=False)
    control_evidence = models.TextField(_("evidence of control"), max_length=EVIDENCE_MAX, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.SELF_DECLARED
    )
    verified_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, editable=False, related_name="+"
    )
    verified_at = models.DateTimeField(_("verified"), null=True, blank=True, editable=False)
    declared_at = models.DateTimeField(_("declared"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("women-owned business declaration")
        verbose_name_plural = _("women-owned business declarations")

    def __str__(self):
        return f"{self.profile_id}: {self.ownership_percent}%"

    @property
    def meets_iwa34(self) -> bool:
        """All three criteria: more than half owned, and management and control with women."""
        return self.ownership_percent > 50 and self.women_managed and self.women_controlled

    @property
    def verified(self) -> bool:
        return self.status == self.Status.VERIFIED
