from django.tasks import task

from . import services


@task()
def index_notices_task(notice_ids: list[int]) -> int:
    """(Re)index notices in the background; returns how many documents were written."""
    return services.index_notices(notice_ids)
