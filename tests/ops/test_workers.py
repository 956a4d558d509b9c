"""Scale-out: several task workers on one database claim jobs atomically, so no job runs twice."""

import subprocess
import sys
from collections import Counter

import pytest
from django_tasks_db.models import DBTaskResult

from tenderbridge.ops.models import WorkerHeartbeat
from tenderbridge.ops.tasks import heartbeat
from tests.conftest import REPO

from .subprocesses import child_env

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

JOBS = 60


def test_two_workers_never_run_the_same_job():
    for number in range(JOBS):
        heartbeat.enqueue(f"job-{number}")
    env = child_env()
    command = [
        sys.executable,
        str(REPO / "manage.py"),
        "db_worker",
        "--batch",
        "--no-reload",
        "--no-startup-delay",
        "--interval",
        "0.05",
        "-v",
        "0",
    ]
    workers = [subprocess.Popen([*command, "--worker-id", f"w{i}"], env=env, cwd=REPO) for i in range(2)]
    assert [worker.wait(timeout=120) for worker in workers] == [0, 0]

    runs = Counter(WorkerHeartbeat.objects.values_list("label", flat=True))
    assert len(runs) == JOBS
    assert max(runs.values()) == 1, f"some jobs ran twice: {[k for k, v in runs.items() if v > 1]}"
    assert DBTaskResult.objects.successful().count() == JOBS
