"""A deleted notice leaves no row for the in-memory index to read: count the deletion, so it reloads whole."""

from django.db.models.signals import post_delete
from django.dispatch import receiver

from tenderbridge.opportunities.models import Notice

from .services import bump


@receiver(post_delete, sender=Notice, dispatch_uid="search-notice-deleted")
def notice_deleted(sender, instance, **kwargs):
    bump(deletion=True)
