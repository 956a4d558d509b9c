"""Writes of the alerts part: saving, editing, pausing and deleting alerts, unsubscribing, the reader's settings,
bounced addresses, the private feed token. Each `do_*` runs in one transaction and raises ValidationError with
a message for the reader when a value is not allowed (nothing is half-written).

The machinery that matches and sends is delivery.py.
"""

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _

from tenderbridge.accounts.middleware import valid_zone
from tenderbridge.opportunities.filters import FilterError, Search

from . import schedule
from .models import NAME_MAX, QUERY_MAX, Alert, Recipient, new_token

LANGUAGES = {"en", "zh-hans"}
UNSUBSCRIBE_SALT = "tenderbridge.alerts.unsubscribe"


def max_alerts() -> int:
    return settings.ALERTS_MAX_PER_USER


def recipient_for(user) -> Recipient:
    recipient, _created = Recipient.objects.get_or_create(user=user)
    return recipient


# --- the saved search ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SavedSearch:
    """The search an alert runs now, and what of the saved one could not be kept (explained to the reader)."""

    search: Search
    problems: list[str]


def saved_search(source: str, query: str) -> SavedSearch:
    """The search of a saved query string. Values that are no longer allowed (a source or category removed since
    it was saved) are left out — the rest still runs — and each is explained."""
    data = QueryDict(query or "", mutable=True)
    if source == Alert.Source.FEED:
        data.pop("q", None)  # a feed is ranked for the supplier: its filters narrow it, words do not apply
    problems = []
    for _attempt in range(20):
        try:
            return SavedSearch(Search.from_querydict(data), problems)
        except FilterError as error:
            for field_error in error.errors:
                problems.append(field_error.message)
                data.pop(field_error.field, None)
    return SavedSearch(Search(), problems)


def check_query(source: str, query: str) -> None:
    """A new or edited alert's search must be valid as it is typed (the explanations are for old alerts)."""
    if len(query or "") > QUERY_MAX:
        raise ValidationError(_("This search is too long to save."), code="query_too_long")
    found = saved_search(source, query)
    if found.problems:
        raise ValidationError(" ".join(found.problems), code="invalid_search")


@dataclass
class AlertData:
    name: str
    source: str = Alert.Source.LIST
    query: str = ""
    frequency: str = Alert.Frequency.DAILY
    hour: int = 8
    weekday: int = 0
    language: str = "en"
    time_zone: str = "UTC"
    channel: str = Alert.Channel.EMAIL


def _clean(data: AlertData) -> AlertData:
    name = " ".join((data.name or "").split())
    if not name:
        raise ValidationError(_("Give the alert a name."), code="name_required")
    if len(name) > NAME_MAX:
        raise ValidationError(_("An alert name can be at most %(limit)d characters; this has %(length)d.")
                              % {"limit": NAME_MAX, "length": len(name)}, code="name_too_long")
    _choice(data.source, Alert.Source.values, _("“%(value)s” is not something an alert can search. Allowed values: %(allowed)s."))
    _choice(data.frequency, Alert.Frequency.values, _("“%(value)s” is not a known frequency. Allowed values: %(allowed)s."))
    _choice(data.channel, Alert.Channel.values, _("“%(value)s” is not a known channel. Allowed values: %(allowed)s."))
    _choice(data.language, sorted(LANGUAGES), _("“%(value)s” is not a language of TenderBridge. Allowed values: %(allowed)s."))
    if not isinstance(data.hour, int) or not 0 <= data.hour <= 23:
        raise ValidationError(_("The hour must be a whole number from 0 to 23."), code="bad_hour")
    if not isinstance(data.weekday, int) or not 0 <= data.weekday <= 6:
        raise ValidationError(_("The weekday must be a whole number from 0 (Monday) to 6 (Sunday)."), code="bad_weekday")
    if not valid_zone(data.time_zone):
        raise ValidationError(_("“%(value)s” is not a time zone. Use an IANA name such as Asia/Shanghai.")
                              % {"value": str(data.time_zone)[:64]}, code="bad_time_zone")
    check_query(data.source, data.query)
    return AlertData(**{**data.__dict__, "name": name, "query": data.query or ""})


def _choice(value, allowed, message) -> None:
    if value not in allowed:
        raise ValidationError(message % {"value": str(value)[:40], "allowed": ", ".join(allowed)}, code="bad_choice")


def _lock_user(user) -> None:
    """One writer of a user's alerts at a time (the limit is counted inside the lock)."""
    get_user_model().objects.select_for_update().filter(pk=user.pk).first()


def _check_channel(user, channel: str) -> None:
    if channel == Alert.Channel.WEBHOOK and not recipient_for(user).webhook_url:
        raise ValidationError(_("Set a webhook address in your alert settings before choosing the webhook channel."),
                              code="no_webhook")


def do_save_alert(user, profile, data: AlertData, now: datetime | None = None) -> Alert:
    data = _clean(data)
    with transaction.atomic():
        _lock_user(user)
        if Alert.objects.for_user(user).count() >= max_alerts():
            raise ValidationError(_("You can have at most %(limit)d alerts; delete one first.")
                                  % {"limit": max_alerts()}, code="too_many_alerts")
        if Alert.objects.for_user(user).filter(name=data.name).exists():
            raise ValidationError(_("You already have an alert named “%(name)s”; choose another name.")
                                  % {"name": data.name}, code="name_taken")
        _check_channel(user, data.channel)
        recipient_for(user)
        alert = Alert(user=user, profile=profile, **data.__dict__)
        alert.created = now or timezone.now()
        alert.feed_checked = alert.created
        alert.next_send = schedule.next_sending(alert.frequency, alert.hour, alert.weekday, alert.time_zone,
                                                alert.created)
        alert.save()
        return alert


def do_update_alert(alert: Alert, data: AlertData, now: datetime | None = None) -> Alert:
    data = _clean(data)
    with transaction.atomic():
        _lock_user(alert.user)
        if Alert.objects.for_user(alert.user).filter(name=data.name).exclude(pk=alert.pk).exists():
            raise ValidationError(_("You already have an alert named “%(name)s”; choose another name.")
                                  % {"name": data.name}, code="name_taken")
        _check_channel(alert.user, data.channel)
        for key, value in data.__dict__.items():
            setattr(alert, key, value)
        alert.problem = ""
        alert.next_send = schedule.next_sending(alert.frequency, alert.hour, alert.weekday, alert.time_zone,
                                                now or timezone.now())
        alert.save()
        return alert


def do_pause(alert: Alert, paused: bool, now: datetime | None = None) -> Alert:
    with transaction.atomic():
        alert.paused = paused
        if not paused:
            alert.next_send = schedule.next_sending(alert.frequency, alert.hour, alert.weekday, alert.time_zone,
                                                    now or timezone.now())
        alert.save(update_fields=["paused", "next_send"])
        return alert


def do_delete_alert(alert: Alert) -> None:
    with transaction.atomic():
        alert.delete()


# --- unsubscribing -------------------------------------------------------------------------------------------


def unsubscribe_token(user_id: int, alert_id: int | None) -> str:
    """A signed token naming one alert of a user, or all of them (alert_id None); it never expires."""
    return signing.dumps({"u": user_id, "a": alert_id}, salt=UNSUBSCRIBE_SALT, compress=True)


@dataclass(frozen=True)
class Unsubscription:
    user_id: int
    alert: Alert | None  # None: every alert of the user


def read_unsubscribe_token(token: str) -> Unsubscription | None:
    """What the token names, or None when it is not ours or names an alert that is gone."""
    try:
        value = signing.loads(token, salt=UNSUBSCRIBE_SALT)
        user_id, alert_id = int(value["u"]), value["a"]
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
    if alert_id is None:
        return Unsubscription(user_id, None) if Recipient.objects.filter(user_id=user_id).exists() else None
    alert = Alert.objects.filter(pk=alert_id, user_id=user_id).first()
    return Unsubscription(user_id, alert) if alert else None


def do_unsubscribe(found: Unsubscription, now: datetime | None = None) -> None:
    """One alert is paused (kept, so the reader can resume it); "all" stops every alert and reminder."""
    with transaction.atomic():
        if found.alert is not None:
            Alert.objects.filter(pk=found.alert.pk).update(paused=True)
        else:
            Recipient.objects.filter(user_id=found.user_id).update(unsubscribed_all=now or timezone.now())


def do_resubscribe_all(user) -> None:
    with transaction.atomic():
        recipient_for(user)
        Recipient.objects.filter(user=user).update(unsubscribed_all=None)


# --- the reader's settings and address -----------------------------------------------------------------------


def do_set_preferences(user, reminder_days: int, webhook_url: str) -> Recipient:
    if not isinstance(reminder_days, int) or not 0 <= reminder_days <= 30:
        raise ValidationError(_("Reminder days must be a whole number from 0 to 30."), code="bad_reminder_days")
    from .channels import check_webhook_url

    webhook_url = (webhook_url or "").strip()
    if webhook_url:
        check_webhook_url(webhook_url)
    with transaction.atomic():
        recipient = recipient_for(user)
        recipient.reminder_days, recipient.webhook_url = reminder_days, webhook_url
        recipient.save(update_fields=["reminder_days", "webhook_url"])
        return recipient


def do_mark_bounced(email: str, reason: str, now: datetime | None = None) -> int:
    """An address the mail server refused for good (or a provider reported bounced): not mailed again until the
    reader changes it or clears the mark. Returns how many readers were marked."""
    from tenderbridge.accounts.models import User

    with transaction.atomic():
        users = list(User.objects.filter(email__iexact=(email or "").strip()).values_list("pk", flat=True))
        for pk in users:
            Recipient.objects.get_or_create(user_id=pk)
        return Recipient.objects.filter(user_id__in=users).update(bounced=now or timezone.now(),
                                                                  bounce_reason=(reason or "")[:500])


def do_clear_bounce(user) -> None:
    with transaction.atomic():
        recipient_for(user)
        Recipient.objects.filter(user=user).update(bounced=None, bounce_reason="")


def do_reissue_feed_token(user) -> Recipient:
    """Revoke the private feed and calendar addresses and issue new ones (the old ones answer 404)."""
    with transaction.atomic():
        recipient = recipient_for(user)
        recipient.feed_token = new_token()
        recipient.save(update_fields=["feed_token"])
        return recipient
