"""Exactly once with two task workers (db_worker processes) on the test database, against a real SMTP server:
every digest is planned once and mailed once, even with every task queued twice and a crashed claim."""

import subprocess
import sys
from collections import Counter
from datetime import timedelta

import pytest
from django.utils import timezone

from tenderbridge.alerts import delivery, tasks
from tenderbridge.alerts.models import Alert, Sending
from tests.conftest import REPO
from tests.ops.subprocesses import child_env

from .conftest import NOTICES, ingest_embedded, save_alert

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

ALERTS = 12


def _workers(env: dict) -> list[int]:
    command = [sys.executable, str(REPO / "manage.py"), "db_worker", "--batch", "--no-reload", "--no-startup-delay",
               "--interval", "0.05", "-v", "0"]
    workers = [subprocess.Popen([*command, "--worker-id", f"alerts-w{i}"], env=env, cwd=REPO) for i in range(2)]
    return [worker.wait(timeout=180) for worker in workers]


def test_two_workers_send_every_digest_exactly_once(smtp, supplier_owner, tmp_path):
    alerts = [save_alert(supplier_owner, "q=gloves", name=f"Gloves {i}", frequency="immediately") for i in range(ALERTS)]
    ingest_embedded(tmp_path, *NOTICES)
    now = timezone.now()
    delivery.versions.sweep(None, now)
    delivery.match_versions(now)  # every immediate alert is due now
    assert Alert.objects.filter(next_send__lte=now).count() == ALERTS
    for _twice in range(2):
        tasks.tick_task.enqueue()  # both workers plan, and queue what is pending: only one wins each alert
    # Every digest planned here; half queued twice here, the rest found pending by both workers' ticks.
    planned = delivery.plan_digests(now)
    assert len(planned) == ALERTS and delivery.plan_digests(now) == []
    planned = planned[: ALERTS // 2]
    crashed = Sending.objects.get(pk=planned[0])
    Sending.objects.filter(pk=crashed.pk).update(claimed=now - timedelta(hours=1), attempts=1)  # a dead worker's
    for pk in planned:
        tasks.send_task.enqueue(pk)
        tasks.send_task.enqueue(pk)
    env = child_env(EMAIL_BACKEND="smtp", EMAIL_HOST="127.0.0.1", EMAIL_PORT=str(smtp.port),
                    SITE_URL="https://tenders.example.org")
    assert _workers(env) == [0, 0]

    ids = Counter(message["Message-ID"] for message in smtp.messages)
    assert len(ids) == ALERTS, f"{len(ids)} distinct digests for {ALERTS} alerts"
    assert max(ids.values()) == 1, f"sent twice: {[k for k, v in ids.items() if v > 1]}"
    assert Sending.objects.filter(status="sent").count() == ALERTS
    assert Sending.objects.count() == ALERTS
    assert {a.pk for a in alerts} == set(Sending.objects.values_list("alert_id", flat=True))
