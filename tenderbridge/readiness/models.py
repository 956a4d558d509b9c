"""Readiness for UN supplier registration: versioned requirement sets and each firm's answers against one.

A RequirementSet is data (loaded from data/requirements-*.yaml, editable by operators in the admin until a firm
has answered it); once answered, a set is frozen and a change is made as a new version, so every firm's answers
stay against the questions they answered. A firm has one ReadinessCheck per set version it has started.
Reads are QuerySet methods here; every write goes through services.py.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from tenderbridge.accounts.models import Organisation, User


class Level(models.TextChoices):
    """UNGM's registration levels, in order (a firm ready for a level is ready for those below it)."""

    BASIC = "basic", _("UNGM Basic")
    LEVEL_1 = "level_1", _("UNGM Level 1")
    LEVEL_2 = "level_2", _("UNGM Level 2")


LEVEL_ORDER = [Level.BASIC, Level.LEVEL_1, Level.LEVEL_2]


def in_language(english: str, chinese: str) -> str:
    """The Chinese text on Chinese pages when there is one, else the English (and the reverse)."""
    if (get_language() or "en").startswith("zh"):
        return chinese or english
    return english or chinese


class RequirementSetQuerySet(models.QuerySet):
    def current(self):
        """The set firms start now: the newest published one."""
        return self.filter(published=True).order_by("-published_at", "-pk").first()


class RequirementSet(models.Model):
    version = models.CharField(_("version"), max_length=40, unique=True)
    title_en = models.CharField(_("title in English"), max_length=200)
    title_zh = models.CharField(_("title in Chinese"), max_length=200, blank=True)
    published = models.BooleanField(_("published"), default=False)
    published_at = models.DateTimeField(_("published"), default=timezone.now)
    notes = models.TextField(_("what changed"), blank=True)

    objects = RequirementSetQuerySet.as_manager()

    class Meta:
        verbose_name = _("requirement set")
        verbose_name_plural = _("requirement sets")

    def __str__(self):
        return f"{self.title_en} ({self.version})"

    @property
    def title(self) -> str:
        return in_language(self.title_en, self.title_zh)

    def is_answered(self) -> bool:
        return self.checks.exists()


class Requirement(models.Model):
    class Prefill(models.TextChoices):
        """What in the supplier profile answers the item (the loader's `prefill` key)."""

        NONE = "", _("nothing (the firm answers)")
        UNGM_REGISTERED = "ungm_registered", _("a UNGM registration level in the profile")
        LEGAL_NAME = "legal_name", _("English name, country and city in the profile")
        UNSPSC = "unspsc", _("at least one UNSPSC code in the profile")
        COUNTRIES = "countries", _("countries in the profile")
        PAST_CONTRACTS = "past_contracts", _("at least one past contract in the profile")
        TRADING_3_YEARS = "trading_3_years", _("founded three or more years ago")
        UNGM_LEVEL_2 = "ungm_level_2", _("UNGM Level 2 in the profile")

    requirement_set = models.ForeignKey(RequirementSet, on_delete=models.CASCADE, related_name="requirements")
    key = models.SlugField(_("key"), max_length=60, help_text=_("Stable across versions: answers carry over by key."))
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    weight = models.PositiveSmallIntegerField(_("weight"), default=1)
    text_en = models.CharField(_("requirement in English"), max_length=300)
    text_zh = models.CharField(_("requirement in Chinese"), max_length=300, blank=True)
    help_en = models.TextField(_("explanation in English"), blank=True)
    help_zh = models.TextField(_("explanation in Chinese"), blank=True)
    action_en = models.CharField(_("next action in English"), max_length=300, blank=True)
    action_zh = models.CharField(_("next action in Chinese"), max_length=300, blank=True)
    source_title = models.CharField(_("public source"), max_length=300)
    source_url = models.URLField(_("source address"), blank=True)
    lesson = models.CharField(
        _("lesson that teaches it"), max_length=120, blank=True, help_text=_("course-slug/lesson-slug")
    )
    evidence_required = models.BooleanField(_("a document is needed"), default=False)
    prefill = models.CharField(_("answered from the profile by"), max_length=20, choices=Prefill.choices, blank=True)

    class Meta:
        verbose_name = _("requirement")
        verbose_name_plural = _("requirements")
        ordering = ["requirement_set", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["requirement_set", "key"], name="requirement_key_once")]

    def __str__(self):
        return f"{self.requirement_set.version}: {self.key}"

    @property
    def text(self) -> str:
        return in_language(self.text_en, self.text_zh)

    @property
    def help(self) -> str:
        return in_language(self.help_en, self.help_zh)

    @property
    def action(self) -> str:
        return in_language(self.action_en, self.action_zh) or self.text

    @property
    def missing_language(self) -> bool:
        """Whether the page's language lacks this item's text (shown with a mark)."""
        chinese = (get_language() or "en").startswith("zh")
        return not (self.text_zh if chinese else self.text_en)


class ReadinessCheckQuerySet(models.QuerySet):
    def readable_by_operator(self):
        return self.select_related("organisation", "requirement_set")

    def for_organisation(self, organisation: Organisation):
        return self.filter(organisation=organisation)


class ReadinessCheck(models.Model):
    """One firm's answers to one requirement set version."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="readiness_checks")
    requirement_set = models.ForeignKey(RequirementSet, on_delete=models.PROTECT, related_name="checks")
    started = models.DateTimeField(_("started"), default=timezone.now)
    updated = models.DateTimeField(_("updated"), default=timezone.now)

    objects = ReadinessCheckQuerySet.as_manager()

    class Meta:
        verbose_name = _("readiness check")
        verbose_name_plural = _("readiness checks")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "requirement_set"], name="one_check_per_set_version")
        ]

    def __str__(self):
        return f"{self.organisation} · {self.requirement_set.version}"


class Answer(models.Model):
    class Status(models.TextChoices):
        UNANSWERED = "unanswered", _("Not answered yet")
        MET = "met", _("Yes, we meet it")
        NOT_MET = "not_met", _("Not yet")
        UNSURE = "unsure", _("I am not sure")

    check_run = models.ForeignKey(ReadinessCheck, on_delete=models.CASCADE, related_name="answers")
    requirement = models.ForeignKey(Requirement, on_delete=models.PROTECT, related_name="answers")
    status = models.CharField(_("answer"), max_length=12, choices=Status.choices, default=Status.UNANSWERED)
    note = models.TextField(_("note"), max_length=2_000, blank=True)
    from_profile = models.BooleanField(_("from the company profile"), default=False)
    answered_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [models.UniqueConstraint(fields=["check_run", "requirement"], name="one_answer_per_item")]

    def __str__(self):
        return f"{self.requirement.key}: {self.status}"


class Evidence(models.Model):
    """A document uploaded for one answer, stored under PRIVATE_MEDIA_ROOT (tenderbridge/lib/uploads.py)."""

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="evidence")
    path = models.CharField(max_length=300, editable=False)
    name = models.CharField(_("file name"), max_length=200)
    extension = models.CharField(max_length=8)
    size = models.PositiveIntegerField(_("size in bytes"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    uploaded = models.DateTimeField(_("uploaded"), default=timezone.now)

    class Meta:
        verbose_name = _("evidence document")
        verbose_name_plural = _("evidence documents")

    def __str__(self):
        return self.name


class Snapshot(models.Model):
    """The result after a change of answers: the firm's progress over time."""

    check_run = models.ForeignKey(ReadinessCheck, on_delete=models.CASCADE, related_name="snapshots")
    taken = models.DateTimeField(default=timezone.now)
    ready_level = models.CharField(max_length=10, blank=True)
    score = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["taken", "pk"]
        get_latest_by = "taken"

    def __str__(self):
        return f"{self.check_run_id} @ {self.taken:%Y-%m-%d %H:%M}: {self.score}"
