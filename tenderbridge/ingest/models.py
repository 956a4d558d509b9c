"""Where data comes from and what each ingest did: registered sources, jobs, files, rejections, raw releases."""

from datetime import timedelta

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SourceQuerySet(models.QuerySet):
    def due(self, now=None):
        now = now or timezone.now()
        return self.filter(enabled=True).filter(models.Q(next_due=None) | models.Q(next_due__lte=now))


class Source(models.Model):
    """A feed TenderBridge pulls on a schedule (an OCDS API, a published file, an export)."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    kind = models.CharField(
        _("kind"), max_length=20, help_text=_("The source module: ocds, ungm, ted, asr, nato.")
    )
    url = models.URLField(_("URL"), max_length=1000)
    interval = models.DurationField(_("pull every"), default=timedelta(hours=24))
    enabled = models.BooleanField(_("enabled"), default=True)
    next_due = models.DateTimeField(_("next pull"), null=True, blank=True)
    etag = models.CharField(max_length=300, blank=True, editable=False)
    last_modified = models.CharField(max_length=100, blank=True, editable=False)
    last_success = models.DateTimeField(_("last success"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    last_error_at = models.DateTimeField(_("last error at"), null=True, blank=True)

    objects = SourceQuerySet.as_manager()

    class Meta:
        verbose_name = _("source")
        verbose_name_plural = _("sources")

    def __str__(self):
        return self.name


class IngestJobQuerySet(models.QuerySet):
    def finished(self):
        return self.exclude(finished=None)


class IngestJob(models.Model):
    class Status(models.TextChoices):
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    source = models.ForeignKey(Source, on_delete=models.SET_NULL, null=True, blank=True, related_name="jobs")
    started = models.DateTimeField(_("started"), default=timezone.now)
    finished = models.DateTimeField(_("finished"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.RUNNING)
    error = models.TextField(_("error"), blank=True)

    objects = IngestJobQuerySet.as_manager()

    class Meta:
        verbose_name = _("ingest job")
        verbose_name_plural = _("ingest jobs")
        ordering = ["-started"]

    def __str__(self):
        return f"#{self.pk} {self.started:%Y-%m-%d %H:%M} ({self.status})"


class IngestFile(models.Model):
    """One file of a job, with what became of its records."""

    job = models.ForeignKey(IngestJob, on_delete=models.CASCADE, related_name="files")
    name = models.CharField(_("file"), max_length=1000)
    source_kind = models.CharField(_("read as"), max_length=20, blank=True)
    releases_read = models.PositiveIntegerField(_("releases read"), default=0)
    notices_created = models.PositiveIntegerField(_("notices created"), default=0)
    notices_updated = models.PositiveIntegerField(_("notices updated"), default=0)
    notices_unchanged = models.PositiveIntegerField(_("notices unchanged"), default=0)
    rejected = models.PositiveIntegerField(_("rejected"), default=0)
    notices_placeholder = models.PositiveIntegerField(
        _("test or placeholder records"),
        default=0,
        help_text=_("Notices stored but hidden from users: test records, unfilled templates, empty notices."),
    )
    notices_duplicate = models.PositiveIntegerField(
        _("other publications"),
        default=0,
        help_text=_("Notices stored but hidden: another publication of a procurement shown once."),
    )
    seconds = models.FloatField(_("seconds"), default=0)

    class Meta:
        verbose_name = _("ingested file")
        verbose_name_plural = _("ingested files")

    def __str__(self):
        return self.name

    def counts(self) -> dict[str, int]:
        return {
            "releases_read": self.releases_read,
            "notices_created": self.notices_created,
            "notices_updated": self.notices_updated,
            "notices_unchanged": self.notices_unchanged,
            "rejected": self.rejected,
            "notices_placeholder": self.notices_placeholder,
            "notices_duplicate": self.notices_duplicate,
        }


class Rejection(models.Model):
    """A record (or a whole file) that could not be taken in, and why."""

    file = models.ForeignKey(IngestFile, on_delete=models.CASCADE, related_name="rejections")
    position = models.CharField(_("position"), max_length=300)
    code = models.CharField(_("code"), max_length=40, db_index=True)
    reason = models.TextField(_("reason"))
    ocid = models.CharField(_("OCID"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("rejection")
        verbose_name_plural = _("rejections")

    def __str__(self):
        return f"{self.file.name} {self.position}: {self.code}"


RELEASE_ID_CHARS = 300


class RawRelease(models.Model):
    """One release exactly as read (or converted), so a notice can be recompiled and its provenance shown.

    `data` is null when the release is its notice's compiled release but for the compiled id and tag (a notice
    made from one release with no null or empty field: most of them): the release is then stored once, in
    Notice.compiled_release, and `release()` rebuilds it from there, exactly (ingest checks this byte for byte
    before it leaves data null). Ingest writes the release out in full before the notice changes or goes."""

    ocid = models.CharField(_("OCID"), max_length=200, db_index=True)
    release_id = models.CharField(_("release id"), max_length=RELEASE_ID_CHARS)
    date = models.CharField(_("date"), max_length=64, blank=True, help_text=_("As written in the release."))
    tags = models.JSONField(_("tags"), default=list)
    data = models.JSONField(_("release"))
    fingerprint = models.CharField(max_length=40)
    file = models.ForeignKey(IngestFile, on_delete=models.SET_NULL, null=True, related_name="releases")
    position = models.CharField(_("position in file"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("raw release")
        verbose_name_plural = _("raw releases")
        constraints = [models.UniqueConstraint(fields=["ocid", "release_id"], name="raw_release_once")]

    def __str__(self):
        return f"{self.ocid} / {self.release_id}"

    def release(self) -> dict | None:
        """The release as read: `data`, or rebuilt from the notice's compiled release (None if neither is there)."""
        if self.data is not None:
            return self.data
        from tenderbridge.lib.ocds.prepare import release_of
        from tenderbridge.opportunities.models import Notice

        compiled = Notice.objects.filter(ocid=self.ocid).values_list("compiled_release", flat=True).first()
        return None if compiled is None else release_of(compiled, self.release_id, self.tags or ())
