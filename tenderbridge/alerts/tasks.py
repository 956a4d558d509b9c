"""Background work of the alerts part (run by `manage.py db_worker`; `manage.py alerts_tick --loop 60` or a
scheduler enqueues `tick_task`). Each task is safe to run twice and in two workers at once (delivery.py)."""

from django.conf import settings
from django.core import mail
from django.db import transaction
from django.tasks import task

from . import delivery, versions


@task()
def record_versions_task(notice_ids: list[int]) -> int:
    """Record the versions of notices just stored, then match them (the sweep catches a task never run)."""
    written = versions.record(notice_ids)
    if written:
        delivery.match_versions()
    return written


@task()
def tick_task() -> dict:
    """Everything due now: versions, matching, digests and reminders planned; their sendings queued."""
    report = delivery.tick()
    queue_pending()
    return report.__dict__


@task()
def send_task(sending_id: int) -> str:
    """Send one sending (a worker that does not win its claim does nothing)."""
    outcome = delivery.send_sending(sending_id)
    if outcome is None:
        return "taken"
    if outcome.retry_at is not None:
        send_task.using(run_after=outcome.retry_at).enqueue(sending_id)
    return outcome.status


@task()
def send_batch_task(sending_ids: list[int]) -> dict:
    """Send a batch of sendings (one task row for many messages: the queue's own cost stays small); each is
    claimed on its own, so a batch queued twice, or overlapping another, sends every message once."""
    done: dict[str, int] = {}
    connection = mail.mailers[settings.ALERTS_MAILER]  # one SMTP session for the batch
    try:
        connection.open()
    except OSError:
        pass  # the server is away: each message tries on its own and is retried as a temporary failure
    try:
        for pk in sending_ids:
            _send_one(pk, connection, done)
    finally:
        connection.close()
    return done


def _send_one(pk: int, connection, done: dict[str, int]) -> None:
    try:
        outcome = delivery.send_sending(pk, connection=connection)
    except Exception:
        connection.close()  # a broken session is not reused; the sending's claim goes stale and is retried
        raise
    status = "taken" if outcome is None else outcome.status
    if outcome is not None and outcome.retry_at is not None:
        send_task.using(run_after=outcome.retry_at).enqueue(pk)
        connection.close()  # after a temporary failure the next message opens a fresh session
    done[status] = done.get(status, 0) + 1


BATCH = 50


def queue_pending() -> int:
    """Tasks for every sending a worker may take now, BATCH to a task (queued after the commit of what planned
    them)."""
    ids = delivery.pending_sendings(delivery.timezone.now())
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        transaction.on_commit(lambda chunk=chunk: send_batch_task.enqueue(chunk))
    return len(ids)
