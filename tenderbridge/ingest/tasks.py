from django.tasks import task

from tenderbridge.opportunities.tasks import predict_categories

from . import fetch, services


@task()
def ingest_paths(paths: list[str], kind: str | None = None) -> int:
    """Background ingest of files on the server (for large uploads and scheduled imports); returns the job id."""
    job = services.ingest(paths, kind=kind)
    predict_categories.enqueue()
    return job.pk


@task()
def pull_sources() -> list[str]:
    """Pull every due source; enqueue it periodically (cron: `manage.py pull_sources`, or this task)."""
    return [f"{r.source}: {r.status}" for r in fetch.pull_due_sources()]
