"""What the matching part does when profiles and notices change (connected in apps.py)."""

from . import tasks


def profile_changed(sender, profile_id: int, **kwargs) -> None:
    tasks.request_recompute(profile_id)


def notices_indexed(sender, notice_ids: list[int], **kwargs) -> None:
    tasks.queue_notices(notice_ids)
