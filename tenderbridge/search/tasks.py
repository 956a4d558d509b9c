from django.tasks import task

from . import embedding, services


@task()
def index_notices_task(notice_ids: list[int]) -> int:
    """(Re)index notices in the background; returns how many documents were written."""
    return services.index_notices(notice_ids)


@task()
def embed_notices_task(notice_ids: list[int]) -> int:
    """Embed the notices whose text changed (enqueued by index_notices after each ingest batch)."""
    return embedding.embed_notices(notice_ids)
