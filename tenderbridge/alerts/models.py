"""Alerts: saved searches that come to the supplier (docs/alerts.md).

- `Alert`: a saved search (the opportunity list's query string, or the supplier's feed with its filters), a name
  and when to send: immediately, daily or weekly at an hour of the reader's zone, in the reader's language.
- `Recipient`: one per user — reminder days, the address's state (bounced), the private feed/calendar token,
  the webhook channel.
- `NoticeVersion`: every change of a notice as alerts see it (published, amended, deadline moved, cancelled),
  numbered per notice; the number is the "notice version" of a digest item and the calendar's SEQUENCE.
- `DigestItem`: one notice version for one alert, unique (alert, notice, version): matched once, sent once.
- `Sending`: one outgoing message (a digest or a reminder), claimed atomically by the worker that sends it.
- `Reminder`: a deadline reminder planned for a notice marked "bidding".
"""

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

NAME_MAX = 100
QUERY_MAX = 1000


class AlertQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(user=user)

    def active(self):
        """Alerts that send: not paused, and their reader has not unsubscribed from everything."""
        return self.filter(paused=False, user__alert_recipient__unsubscribed_all=None)

    def due(self, now):
        return self.active().filter(next_send__lte=now)


class Alert(models.Model):
    class Source(models.TextChoices):
        LIST = "list", _("Opportunities list")
        FEED = "feed", _("My feed")

    class Frequency(models.TextChoices):
        IMMEDIATELY = "immediately", _("Immediately")
        DAILY = "daily", _("Daily")
        WEEKLY = "weekly", _("Weekly")

    class Channel(models.TextChoices):
        EMAIL = "email", _("Email")
        WEBHOOK = "webhook", _("Webhook")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="alerts")
    profile = models.ForeignKey("suppliers.SupplierProfile", on_delete=models.CASCADE, related_name="alerts")
    name = models.CharField(_("name"), max_length=NAME_MAX)
    source = models.CharField(_("search of"), max_length=8, choices=Source.choices, default=Source.LIST)
    query = models.CharField(_("search"), max_length=QUERY_MAX, blank=True,
                             help_text=_("The search as a query string: q=…&notice_type=rfq"))
    frequency = models.CharField(_("frequency"), max_length=12, choices=Frequency.choices,
                                 default=Frequency.DAILY)
    hour = models.PositiveSmallIntegerField(_("hour"), default=8, help_text=_("0–23, in the alert's time zone."))
    weekday = models.PositiveSmallIntegerField(_("weekday"), default=0, help_text=_("0 is Monday (weekly alerts)."))
    language = models.CharField(_("language"), max_length=10, default="en")
    time_zone = models.CharField(_("time zone"), max_length=64, default="UTC")
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices, default=Channel.EMAIL)
    paused = models.BooleanField(_("paused"), default=False)
    problem = models.TextField(_("problem"), blank=True,
                               help_text=_("Why the saved search no longer runs as saved (kept, explained)."))
    created = models.DateTimeField(_("created"), default=timezone.now)
    last_sent = models.DateTimeField(_("last sent"), null=True, blank=True)
    next_send = models.DateTimeField(_("next sending"), null=True, blank=True, db_index=True)
    feed_checked = models.DateTimeField(null=True, blank=True,
                                        help_text=_("Feed alerts: feed items computed up to here were looked at."))

    objects = AlertQuerySet.as_manager()

    class Meta:
        verbose_name = _("alert")
        verbose_name_plural = _("alerts")
        constraints = [models.UniqueConstraint(fields=["user", "name"], name="alert_name_once")]
        ordering = ["name", "pk"]

    def __str__(self):
        return self.name


def new_token() -> str:
    return secrets.token_urlsafe(24)


class Recipient(models.Model):
    """What alerts know about a reader: created on first use."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True,
                                related_name="alert_recipient")
    reminder_days = models.PositiveSmallIntegerField(
        _("remind me days before a deadline"), default=3,
        help_text=_("For notices you are bidding on; 0 sends no reminders."))
    reminder_hour = models.PositiveSmallIntegerField(_("reminder hour"), default=9)
    unsubscribed_all = models.DateTimeField(_("unsubscribed from every alert"), null=True, blank=True)
    bounced = models.DateTimeField(_("address refused"), null=True, blank=True)
    bounce_reason = models.CharField(_("why"), max_length=500, blank=True)
    feed_token = models.CharField(max_length=64, unique=True, default=new_token,
                                  help_text=_("The private part of the feed and calendar addresses."))
    webhook_url = models.URLField(_("webhook address"), max_length=500, blank=True)
    webhook_secret = models.CharField(max_length=64, default=new_token)

    class Meta:
        verbose_name = _("alert recipient")
        verbose_name_plural = _("alert recipients")

    def __str__(self):
        return str(self.user_id)


class NoticeVersion(models.Model):
    class Kind(models.TextChoices):
        PUBLISHED = "published", _("New")
        AMENDED = "amended", _("Amended")
        DEADLINE_MOVED = "deadline", _("Deadline moved")
        CANCELLED = "cancelled", _("Cancelled")

    notice = models.ForeignKey("opportunities.Notice", on_delete=models.CASCADE, related_name="alert_versions")
    number = models.PositiveIntegerField()
    kind = models.CharField(max_length=12, choices=Kind.choices)
    fingerprint = models.CharField(max_length=40)
    deadline = models.DateTimeField(null=True, blank=True)
    previous_deadline = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=30, blank=True)
    changed = models.DateTimeField(db_index=True, help_text=_("When the notice changed (its updated time)."))
    recorded = models.DateTimeField(default=timezone.now)
    matched = models.DateTimeField(null=True, blank=True, db_index=True,
                                   help_text=_("When the alerts were matched against it."))

    class Meta:
        verbose_name = _("notice version")
        verbose_name_plural = _("notice versions")
        constraints = [models.UniqueConstraint(fields=["notice", "number"], name="notice_version_once")]

    def __str__(self):
        return f"{self.notice_id} v{self.number} {self.kind}"


class Sending(models.Model):
    class Kind(models.TextChoices):
        DIGEST = "digest", _("Digest")
        REMINDER = "reminder", _("Reminder")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        SENT = "sent", _("Sent")
        SKIPPED = "skipped", _("Nothing to send")
        FAILED = "failed", _("Failed")

    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.DIGEST)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, null=True, blank=True, related_name="sendings")
    reminder = models.OneToOneField("Reminder", on_delete=models.CASCADE, null=True, blank=True,
                                    related_name="sending")
    due = models.DateTimeField(_("due"))
    created = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True)
    claimed = models.DateTimeField(null=True, blank=True, help_text=_("Set by the worker that sends it."))
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt = models.DateTimeField(null=True, blank=True)
    sent = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("sending")
        verbose_name_plural = _("sendings")
        constraints = [models.UniqueConstraint(fields=["alert", "due"], name="sending_once_per_due")]

    def __str__(self):
        return f"{self.kind} {self.pk} ({self.status})"


class DigestItem(models.Model):
    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="items")
    notice = models.ForeignKey("opportunities.Notice", on_delete=models.CASCADE, related_name="+")
    version = models.ForeignKey(NoticeVersion, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=12, choices=NoticeVersion.Kind.choices)
    sending = models.ForeignKey(Sending, on_delete=models.SET_NULL, null=True, blank=True, related_name="items")
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("digest item")
        verbose_name_plural = _("digest items")
        constraints = [models.UniqueConstraint(fields=["alert", "notice", "version"], name="digest_item_once")]
        indexes = [models.Index(fields=["alert", "sending"], name="digest_item_pending")]

    def __str__(self):
        return f"{self.alert_id}: {self.notice_id} v{self.version_id}"


class Reminder(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        SENT = "sent", _("Sent")
        CANCELLED = "cancelled", _("Cancelled")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    notice = models.ForeignKey("opportunities.Notice", on_delete=models.CASCADE, related_name="+")
    deadline = models.DateTimeField(_("deadline planned for"))
    send_at = models.DateTimeField(_("send at"), db_index=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PLANNED)
    why = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name = _("deadline reminder")
        verbose_name_plural = _("deadline reminders")
        constraints = [models.UniqueConstraint(fields=["user", "notice", "deadline"], name="reminder_once")]

    def __str__(self):
        return f"{self.user_id} {self.notice_id} {self.send_at:%Y-%m-%d %H:%M}"
