"""Stored matches: each supplier's feed (its best open notices, ranked and explained), what the supplier did with
them (saved, dismissed, bidding) and the filters it saved.

Feeds are computed in the background (services.py, tasks.py) and only read on request: a feed page never ranks.
A FeedItem is replaced whenever the feed is recomputed; a Mark is the supplier's own decision and outlives it.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tenderbridge.opportunities import clock

FEED_SIZE = 100  # notices kept per supplier: several pages of a feed; a filter narrows among them
# A notice enters a feed only above this score: about a segment-level code match, or a clear closeness in meaning
# (unrelated texts score ~0.1 on the embedding signal alone). Set by judgement, not tuned (docs/matching.md).
FEED_MIN_SCORE = 0.25
MAX_SAVED_FILTERS = 20
FILTER_NAME_MAX = 100
FILTER_QUERY_MAX = 1000


class FeedItemQuerySet(models.QuerySet):
    def open(self, now=None):
        """Items whose notice still takes bids (the feed was ranked earlier; deadlines pass meanwhile)."""
        return self.filter(notice__deadline__gt=now or clock.now())

    def for_profile(self, profile):
        return self.filter(profile=profile)


class FeedItem(models.Model):
    """One notice in a supplier's feed: its score and the explanation of the ranker (lib/matching/explain.py)."""

    profile = models.ForeignKey(
        "suppliers.SupplierProfile", on_delete=models.CASCADE, related_name="feed_items"
    )
    notice = models.ForeignKey("opportunities.Notice", on_delete=models.CASCADE, related_name="feed_items")
    score = models.FloatField(_("score"), help_text=_("Higher is a better fit; comparable within one feed."))
    explanation = models.JSONField(_("explanation"), default=dict)
    computed = models.DateTimeField(_("computed"), default=timezone.now)

    objects = FeedItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("feed item")
        verbose_name_plural = _("feed items")
        constraints = [models.UniqueConstraint(fields=["profile", "notice"], name="feed_item_once")]
        indexes = [models.Index(fields=["profile", "-score"], name="feed_item_profile_score")]

    def __str__(self):
        return f"{self.profile_id} → {self.notice_id} ({self.score:.3f})"


class Mark(models.Model):
    """What a supplier decided about a notice. Kept when the feed is recomputed: a dismissed notice stays out."""

    class State(models.TextChoices):
        SAVED = "saved", _("Saved")
        BIDDING = "bidding", _("Bidding")
        DISMISSED = "dismissed", _("Dismissed")

    profile = models.ForeignKey("suppliers.SupplierProfile", on_delete=models.CASCADE, related_name="marks")
    notice = models.ForeignKey("opportunities.Notice", on_delete=models.CASCADE, related_name="marks")
    state = models.CharField(_("state"), max_length=12, choices=State.choices)
    changed = models.DateTimeField(_("changed"), default=timezone.now)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("mark")
        verbose_name_plural = _("marks")
        constraints = [models.UniqueConstraint(fields=["profile", "notice"], name="mark_once")]
        indexes = [models.Index(fields=["profile", "state", "-changed"], name="mark_profile_state")]

    def __str__(self):
        return f"{self.profile_id} {self.state} {self.notice_id}"


class FeedState(models.Model):
    """When a supplier's feed was ranked, and what a partial update needs from that ranking."""

    profile = models.OneToOneField(
        "suppliers.SupplierProfile", on_delete=models.CASCADE, primary_key=True, related_name="feed_state"
    )
    ranked = models.DateTimeField(_("last ranked against every open notice"), null=True, blank=True)
    updated = models.DateTimeField(_("last changed"), null=True, blank=True)
    requested = models.DateTimeField(
        _("recompute requested"),
        null=True,
        blank=True,
        help_text=_("Set when the profile changed; cleared by the recompute."),
    )
    notices_ranked = models.PositiveIntegerField(_("open notices ranked"), default=0)
    bm25_best = models.FloatField(
        default=0.0, help_text=_("The best raw text score of the last full ranking (lib/matching/signals.py).")
    )
    texts_hash = models.CharField(max_length=16, blank=True, help_text=_("Of the texts the vectors were made from."))
    profile_vector = models.BinaryField(null=True, blank=True)
    history_vector = models.BinaryField(null=True, blank=True)

    class Meta:
        verbose_name = _("feed state")
        verbose_name_plural = _("feed states")

    def __str__(self):
        return f"feed of {self.profile_id}"

    @property
    def pending(self) -> bool:
        return self.ranked is None or (self.requested is not None and self.requested >= self.ranked)


class SavedFilter(models.Model):
    """A named set of feed filters (the opportunity list's filter parameters, as a query string)."""

    profile = models.ForeignKey("suppliers.SupplierProfile", on_delete=models.CASCADE, related_name="saved_filters")
    name = models.CharField(_("name"), max_length=FILTER_NAME_MAX)
    query = models.CharField(_("filters"), max_length=FILTER_QUERY_MAX, blank=True)
    created = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("saved filter")
        verbose_name_plural = _("saved filters")
        constraints = [models.UniqueConstraint(fields=["profile", "name"], name="saved_filter_name_once")]
        ordering = ["name"]

    def __str__(self):
        return self.name


class PendingNotice(models.Model):
    """A notice stored or changed since the feeds last took it in: update_feeds_task takes them all at once, so
    an ingest of many batches costs one feed update per run of the worker, not one per batch."""

    notice = models.OneToOneField(
        "opportunities.Notice", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    queued = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("notice waiting for the feeds")
        verbose_name_plural = _("notices waiting for the feeds")

    def __str__(self):
        return f"notice {self.notice_id}"
