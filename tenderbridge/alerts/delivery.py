"""From new notice versions to messages, exactly once (docs/decisions/0016-alerts-exactly-once.md).

    record versions ─► match_versions: unmatched versions × every active list alert, in one pass (matcher.py)
                       match_feed_alerts: new feed items × every active feed alert
                          └─► DigestItem (alert, notice, version) — unique: a second match writes nothing
    plan_digests: a due alert is moved on with filter(pk, next_send=due).update(next_send=following) == 1;
                  its Sending (unique alert + due) takes every pending item of the alert
    send_sending: claimed with filter(pk, status=pending, claimed=None or stale).update(claimed=now) == 1,
                  rendered, handed to the channel, marked sent; a temporary failure frees the claim for a retry
    plan_reminders / due reminders: the same, for the deadlines of notices marked "bidding"

Every step is safe to run in two workers at once and to run again after a crash: the claims are single
UPDATEs that only one process can win, and the rows they create have unique keys. The one window left is
after the mail server accepted a message and before "sent" is committed: a crash there sends it again on
reclaim (the same Message-ID, so a receiver may drop the repeat); nothing is ever skipped.
"""

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import NamedTuple

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, OuterRef, Q, Subquery
from django.utils import timezone

from tenderbridge.matching.models import FeedItem, Mark
from tenderbridge.opportunities.models import Notice

from . import digest, schedule, services, versions
from .channels import EmailChannel, PermanentFailure, TemporaryFailure, WebhookChannel
from .matcher import Batch, Matcher, passes
from .models import Alert, DigestItem, NoticeVersion, Recipient, Reminder, Sending

logger = logging.getLogger(__name__)

MATCH_CHUNK = 5000  # versions matched per transaction
EMBED_WAIT = timedelta(minutes=10)  # a version waits this long for its notice's sentence vector
CLAIM_TIMEOUT = timedelta(minutes=10)  # a claim older than this is a crashed worker's: taken again
MAX_ATTEMPTS = 6
FEED_OVERLAP = timedelta(minutes=10)


# --- matching ------------------------------------------------------------------------------------------------


class Item(NamedTuple):
    """A digest item to insert (a row of DigestItem without its model object: there are hundreds of thousands)."""

    alert_id: int
    notice_id: int
    version_id: int
    kind: str


def match_versions(now: datetime | None = None) -> int:
    """Match every unmatched version against the active list alerts; returns how many items were written."""
    now, written = now or timezone.now(), 0
    while True:
        with transaction.atomic():
            waiting = (NoticeVersion.objects.filter(matched=None)
                       .exclude(notice__index_entry__stale=True, recorded__gt=now - EMBED_WAIT)
                       .select_for_update(skip_locked=True, of=("self",)).order_by("pk"))
            chunk = list(waiting[:MATCH_CHUNK])
            if not chunk:
                return written
            items = _items_for(chunk, now)
            insert_items(items)
            NoticeVersion.objects.filter(pk__in=[v.pk for v in chunk]).update(matched=now)
            _make_immediate_due({item.alert_id for item in items}, now)
        written += len(items)


def insert_items(items: list[Item]) -> None:
    """INSERT … one row per item, a conflict on the unique (alert, notice, version) ignored — what
    bulk_create(ignore_conflicts=True) does, without building a model object and its SQL per row (a third of the
    matching time at 300,000 items)."""
    if not items:
        return
    table, created = DigestItem._meta.db_table, connection.ops.adapt_datetimefield_value(timezone.now())
    columns = "(alert_id, notice_id, version_id, kind, created) VALUES (%s, %s, %s, %s, %s)"
    if connection.vendor == "sqlite":
        sql = f"INSERT OR IGNORE INTO {table} {columns}"
    else:
        sql = f"INSERT INTO {table} {columns} ON CONFLICT DO NOTHING"
    with connection.cursor() as cursor:
        for start in range(0, len(items), 10_000):
            cursor.executemany(sql, [(*item, created) for item in items[start : start + 10_000]])


def _latest(chunk: list[NoticeVersion]) -> dict[int, NoticeVersion]:
    latest: dict[int, NoticeVersion] = {}
    for version in chunk:
        if version.notice_id not in latest or version.number > latest[version.notice_id].number:
            latest[version.notice_id] = version
    return latest


def _items_for(chunk: list[NoticeVersion], now: datetime) -> list[Item]:
    latest = _latest(chunk)  # an older unmatched version of the same notice is superseded by the newest
    newest = max(v.changed for v in latest.values())
    alerts = list(Alert.objects.active().filter(source=Alert.Source.LIST, created__lte=newest)
                  .values_list("pk", "query", "created"))
    if not alerts:
        return []
    # 30,000 alerts share a few hundred distinct searches: each is matched once
    searches = {query: services.saved_search(Alert.Source.LIST, query).search for _pk, query, _c in alerts}
    matcher, found = Matcher(Batch.read(list(latest)), now), {}
    matcher.prepare(list(searches.values()))
    items = []
    for alert_id, query, created in alerts:
        if query not in found:
            found[query] = [latest[pk] for pk in matcher.notice_ids(searches[query])]
        items += [Item(alert_id, v.notice_id, v.pk, v.kind) for v in found[query]
                  if v.changed >= created]  # what changed before the alert existed is not news to it
    return items + _follow_ups(latest, {(i.alert_id, i.notice_id) for i in items})


def _follow_ups(latest: dict[int, NoticeVersion], already: set) -> list[Item]:
    """A notice an alert reported before that is now cancelled or has a new deadline is reported again, even if
    it no longer matches (a cancelled tender often drops out of "open" searches)."""
    changed = [v for v in latest.values() if v.kind in (NoticeVersion.Kind.CANCELLED, NoticeVersion.Kind.DEADLINE_MOVED)]
    if not changed:
        return []
    pairs = set(DigestItem.objects.filter(notice_id__in=[v.notice_id for v in changed], alert__paused=False)
                .values_list("alert_id", "notice_id"))
    return [Item(a, n, latest[n].pk, latest[n].kind) for a, n in sorted(pairs - already)]


def _make_immediate_due(alert_ids: set[int], now: datetime) -> None:
    if alert_ids:
        Alert.objects.filter(pk__in=alert_ids, frequency=Alert.Frequency.IMMEDIATELY).filter(
            Q(next_send=None) | Q(next_send__gt=now)).update(next_send=now)


def match_feed_alerts(now: datetime | None = None) -> int:
    """Feed alerts: the notices that entered the supplier's ranked feed since it was last looked at."""
    now, written = now or timezone.now(), 0
    for alert in Alert.objects.active().filter(source=Alert.Source.FEED):
        since = (alert.feed_checked or alert.created) - FEED_OVERLAP
        with transaction.atomic():
            if Alert.objects.filter(pk=alert.pk, feed_checked=alert.feed_checked).update(feed_checked=now) != 1:
                continue  # another worker looks at it
            ids = list(FeedItem.objects.filter(profile_id=alert.profile_id, computed__gte=since)
                       .values_list("notice_id", flat=True))
            written += _feed_items(alert, ids, now)
    return written


def _feed_items(alert: Alert, notice_ids: list[int], now: datetime) -> int:
    latest: dict[int, NoticeVersion] = {}
    for version in NoticeVersion.objects.filter(notice_id__in=notice_ids, changed__gte=alert.created).order_by("number"):
        latest[version.notice_id] = version
    if not latest:
        return 0
    search = services.saved_search(alert.source, alert.query).search
    facts = Batch.read(list(latest)).facts
    items = [DigestItem(alert=alert, notice_id=f.pk, version=latest[f.pk], kind=latest[f.pk].kind)
             for f in facts if passes(f, search.filters, now)]
    DigestItem.objects.bulk_create(items, ignore_conflicts=True)
    _make_immediate_due({alert.pk} if items else set(), now)
    return len(items)


# --- planning and sending digests ----------------------------------------------------------------------------


PLAN_CHUNK = 2000  # due alerts planned per transaction


class _Contended(Exception):
    """Another worker moved some alerts of a group on: plan that group one alert at a time."""


def plan_digests(now: datetime | None = None) -> list[int]:
    """A Sending for every due alert with something to say (claimed by moving its next sending on); an alert
    with nothing new and nothing closing soon is only moved on. Returns the sendings' ids.

    Set-based: the due alerts of a chunk are grouped by (due, following sending) and each group is claimed with one
    UPDATE; when it moves every alert of the group this worker owns them all (the rows are now locked by its
    transaction), their sendings are inserted in one statement and the pending items attached in another. When
    another worker got some first, the group is rolled back to its savepoint and planned alert by alert."""
    now, planned = now or timezone.now(), []
    due = list(Alert.objects.due(now).order_by("next_send", "pk").only(
        "pk", "user_id", "profile_id", "next_send", "frequency", "hour", "weekday", "time_zone", "source", "query",
        "problem"))
    searches, followings = {}, {}
    for start in range(0, len(due), PLAN_CHUNK):
        chunk = due[start : start + PLAN_CHUNK]
        with transaction.atomic():
            waiting = set(DigestItem.objects.filter(alert__in=[a.pk for a in chunk], sending=None)
                          .values_list("alert_id", flat=True).distinct())
            closing = digest.profiles_with_closing_soon({a.profile_id for a in chunk}, now)
            groups: dict[tuple, list[Alert]] = {}
            for alert in chunk:
                key = (alert.frequency, alert.hour, alert.weekday, alert.time_zone)
                if key not in followings:
                    followings[key] = schedule.next_sending(*key, now)
                groups.setdefault((alert.next_send, followings[key]), []).append(alert)
            for (when, following), alerts in groups.items():
                news = {a.pk for a in alerts if a.pk in waiting or a.profile_id in closing}
                try:
                    with transaction.atomic():
                        planned += _plan_group(alerts, when, following, news)
                except _Contended:
                    planned += [pk for a in alerts if (pk := _plan_one(a, now, a.pk in news)) is not None]
            _note_problems(chunk, searches)
    return planned


def _plan_group(alerts: list[Alert], due: datetime, following: datetime | None, news: set[int]) -> list[int]:
    ids = [a.pk for a in alerts]
    if Alert.objects.filter(pk__in=ids, next_send=due).update(next_send=following) != len(ids):
        raise _Contended
    if not news:
        return []
    Sending.objects.bulk_create([Sending(alert_id=a.pk, due=due, user_id=a.user_id) for a in alerts if a.pk in news],
                                ignore_conflicts=True, batch_size=1000)
    DigestItem.objects.filter(alert_id__in=news, sending=None).update(
        sending=Subquery(Sending.objects.filter(alert_id=OuterRef("alert_id"), due=due).values("pk")[:1]))
    return list(Sending.objects.filter(alert_id__in=news, due=due).order_by("pk").values_list("pk", flat=True))


def _plan_one(alert: Alert, now: datetime, has_news: bool) -> int | None:
    due = alert.next_send
    following = schedule.next_sending(alert.frequency, alert.hour, alert.weekday, alert.time_zone, now)
    if Alert.objects.filter(pk=alert.pk, next_send=due).update(next_send=following) != 1:
        return None  # another worker planned it
    if not has_news:
        return None
    sending, _created = Sending.objects.get_or_create(alert=alert, due=due, defaults={"user_id": alert.user_id})
    DigestItem.objects.filter(alert=alert, sending=None).update(sending=sending)
    return sending.pk


def _note_problems(alerts: list[Alert], searches: dict) -> None:
    """Say why a saved search no longer runs as saved: one UPDATE per distinct explanation that changed."""
    changed: dict[str, list[int]] = {}
    for alert in alerts:
        key = (alert.source, alert.query)
        if key not in searches:
            searches[key] = " ".join(services.saved_search(*key).problems)
        if searches[key] != alert.problem:
            changed.setdefault(searches[key], []).append(alert.pk)
    for problems, ids in changed.items():
        Alert.objects.filter(pk__in=ids).update(problem=problems)


def claim(sending_id: int, now: datetime) -> bool:
    """Take a sending for this worker: only one process can win the UPDATE (a stale claim is a crashed
    worker's and is taken again)."""
    free = Q(claimed=None) | Q(claimed__lt=now - CLAIM_TIMEOUT)
    ready = Q(next_attempt=None) | Q(next_attempt__lte=now)
    return Sending.objects.filter(free, ready, pk=sending_id, status=Sending.Status.PENDING).update(
        claimed=now, attempts=F("attempts") + 1) == 1


@dataclass
class Outcome:
    status: str
    retry_at: datetime | None = None


def send_sending(sending_id: int, now: datetime | None = None, connection=None) -> Outcome | None:
    """Send one sending if this worker claims it; None when another has it (or it is done). `connection`: an
    open mail backend shared by a batch."""
    now = now or timezone.now()
    if not claim(sending_id, now):
        return None
    sending = Sending.objects.select_related("alert", "user__alert_recipient", "reminder").get(pk=sending_id)
    recipient = getattr(sending.user, "alert_recipient", None) or services.recipient_for(sending.user)
    reason = _skip_reason(sending, recipient, now)
    if reason is None and _over_limit(sending.user_id, now):
        return _retry_later(sending, now, "the reader's sending limit for 24 hours is reached",
                            now + timedelta(hours=1), count=False)
    message = None if reason else _message(sending, now)
    if message is None:
        return _finish(sending, Sending.Status.SKIPPED, now, reason or "nothing new")
    try:
        _channel(sending, recipient, connection).send(message)
    except TemporaryFailure as error:
        return _retry_later(sending, now, str(error), now + timedelta(minutes=2 ** sending.attempts))
    except PermanentFailure as error:
        if error.address_refused:
            services.do_mark_bounced(sending.user.email, str(error), now)
        return _finish(sending, Sending.Status.FAILED, now, str(error))
    return _finish(sending, Sending.Status.SENT, now, "")


def _skip_reason(sending: Sending, recipient: Recipient, now: datetime) -> str | None:
    if recipient.unsubscribed_all:
        return "unsubscribed from every alert"
    if recipient.bounced and _channel_name(sending) == "email":
        return "the address was refused: " + recipient.bounce_reason[:200]
    if sending.alert and sending.alert.paused:
        return "the alert is paused"
    if sending.reminder and sending.reminder.status == Reminder.Status.CANCELLED:
        return "the reminder was cancelled"
    return None


def _over_limit(user_id: int, now: datetime) -> bool:
    sent = Sending.objects.filter(user_id=user_id, status=Sending.Status.SENT, sent__gt=now - timedelta(hours=24))
    return sent.count() >= settings.ALERTS_MAX_MESSAGES_PER_DAY


def _message(sending: Sending, now: datetime):
    if sending.kind == Sending.Kind.REMINDER:
        return digest.reminder_message(sending, now)
    return digest.digest_message(sending, now)


def _channel_name(sending: Sending) -> str:
    return sending.alert.channel if sending.alert else Alert.Channel.EMAIL


def _channel(sending: Sending, recipient: Recipient, connection=None):
    if _channel_name(sending) == Alert.Channel.WEBHOOK and recipient.webhook_url:
        return WebhookChannel(recipient.webhook_url, recipient.webhook_secret)
    return EmailChannel(connection)


def _finish(sending: Sending, status: str, now: datetime, error: str) -> Outcome:
    with transaction.atomic():
        Sending.objects.filter(pk=sending.pk).update(status=status, sent=now if status == Sending.Status.SENT else None,
                                                    error=error[:2000])
        if status == Sending.Status.SENT and sending.alert_id:
            Alert.objects.filter(pk=sending.alert_id).update(last_sent=now)
        if sending.reminder_id and status == Sending.Status.SENT:
            Reminder.objects.filter(pk=sending.reminder_id).update(status=Reminder.Status.SENT)
    return Outcome(status)


def _retry_later(sending: Sending, now: datetime, error: str, at: datetime, count: bool = True) -> Outcome:
    if count and sending.attempts >= MAX_ATTEMPTS:
        return _finish(sending, Sending.Status.FAILED, now, error)
    changes = {"claimed": None, "next_attempt": at, "error": error[:2000]}
    if not count:
        changes["attempts"] = F("attempts") - 1
    Sending.objects.filter(pk=sending.pk).update(**changes)
    return Outcome(Sending.Status.PENDING, at)


def pending_sendings(now: datetime) -> list[int]:
    """Sendings a worker may take now (new, retried, or claimed by a worker that died)."""
    free = Q(claimed=None) | Q(claimed__lt=now - CLAIM_TIMEOUT)
    ready = Q(next_attempt=None) | Q(next_attempt__lte=now)
    return list(Sending.objects.filter(free, ready, status=Sending.Status.PENDING).order_by("pk")
                .values_list("pk", flat=True))


# --- deadline reminders --------------------------------------------------------------------------------------


def plan_reminders(now: datetime | None = None) -> int:
    """Plan a reminder for every reader of a supplier bidding on an open notice; cancel those whose deadline
    moved (a new one is planned for the new deadline), whose notice was cancelled or is no longer bid on."""
    now, planned = now or timezone.now(), 0
    marks = Mark.objects.filter(state=Mark.State.BIDDING, notice__deadline__gt=now).select_related(
        "notice", "profile").only("notice__deadline", "notice__status", "profile__organisation_id")
    wanted = set()
    for mark in marks:
        if (mark.notice.status or "").lower() in versions.CANCELLED:
            continue
        for recipient in _readers(mark.profile.organisation_id):
            wanted.add((recipient.user_id, mark.notice_id, mark.notice.deadline))
            planned += _plan_reminder(recipient, mark.notice, now)
    _cancel_unwanted(wanted)
    return planned


def _readers(organisation_id: int) -> list[Recipient]:
    from tenderbridge.accounts.models import Membership

    users = Membership.objects.filter(organisation_id=organisation_id).values_list("user_id", flat=True)
    for pk in users:
        Recipient.objects.get_or_create(user_id=pk)
    return list(Recipient.objects.filter(user_id__in=users, unsubscribed_all=None, reminder_days__gt=0)
                .select_related("user"))


def _plan_reminder(recipient: Recipient, notice: Notice, now: datetime) -> int:
    zone = schedule.zone(recipient.user.time_zone or _reader_zone(recipient))
    day = (notice.deadline.astimezone(zone) - timedelta(days=recipient.reminder_days)).date()
    send_at = datetime(day.year, day.month, day.day, recipient.reminder_hour, tzinfo=zone)
    send_at = max(send_at, now)  # marked bidding later than the reminder day: remind now
    _reminder, created = Reminder.objects.get_or_create(user_id=recipient.user_id, notice=notice,
                                                        deadline=notice.deadline, defaults={"send_at": send_at})
    return int(created)


def _reader_zone(recipient: Recipient) -> str:
    alert = Alert.objects.for_user(recipient.user_id).order_by("pk").first()
    return alert.time_zone if alert else "UTC"


def _cancel_unwanted(wanted: set) -> None:
    for reminder in Reminder.objects.filter(status=Reminder.Status.PLANNED).select_related("notice"):
        if (reminder.user_id, reminder.notice_id, reminder.deadline) in wanted:
            continue
        status = (reminder.notice.status or "").lower()
        why = ("the notice was cancelled" if status in versions.CANCELLED else
               "the deadline moved" if reminder.notice.deadline != reminder.deadline else "no longer bidding")
        Reminder.objects.filter(pk=reminder.pk, status=Reminder.Status.PLANNED).update(
            status=Reminder.Status.CANCELLED, why=why)


def plan_due_reminders(now: datetime | None = None) -> list[int]:
    """A Sending for every planned reminder whose time has come (one per reminder: a one-to-one key)."""
    now, planned = now or timezone.now(), []
    for reminder in Reminder.objects.filter(status=Reminder.Status.PLANNED, send_at__lte=now):
        sending, _created = Sending.objects.get_or_create(
            reminder=reminder, defaults={"kind": Sending.Kind.REMINDER, "user_id": reminder.user_id, "due": reminder.send_at})
        planned.append(sending.pk)
    return planned


# --- one turn of the machinery --------------------------------------------------------------------------------


@dataclass
class TickReport:
    versions: int = 0
    items: int = 0
    sendings: int = 0
    reminders: int = 0


def tick(now: datetime | None = None, since: datetime | None = None) -> TickReport:
    """Everything due now: versions caught up, matched, digests and reminders planned (not yet sent)."""
    now, report = now or timezone.now(), TickReport()
    last = NoticeVersion.objects.order_by("-changed").values_list("changed", flat=True).first()
    report.versions = versions.sweep(since or last, now)
    report.items = match_versions(now) + match_feed_alerts(now)
    report.sendings = len(plan_digests(now))
    report.reminders = plan_reminders(now)
    report.sendings += len(plan_due_reminders(now))
    return report
