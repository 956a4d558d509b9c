import os

from django.tasks import task

from .models import WorkerHeartbeat


@task()
def heartbeat(label: str) -> int:
    """Record that a worker ran; readiness checks and the scale-out test use it."""
    return WorkerHeartbeat.objects.create(label=label, worker_pid=os.getpid()).pk
