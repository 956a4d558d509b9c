"""What the alerts part does when notices are stored (connected in apps.py)."""

from . import tasks


def notices_indexed(sender, notice_ids: list[int], **kwargs) -> None:
    """Queue the recording of their versions (sent after the ingest's commit; a lost one is swept up)."""
    if notice_ids:
        tasks.record_versions_task.enqueue(sorted(set(notice_ids)))


def anymail_tracking(sender, event, esp_name, **kwargs) -> None:
    """A provider (django-anymail) reports a bounce or a refusal: the address is not mailed again."""
    from . import services

    if getattr(event, "event_type", "") in ("bounced", "rejected") and getattr(event, "recipient", ""):
        services.do_mark_bounced(event.recipient, f"{esp_name}: {event.event_type} {event.description or ''}")
