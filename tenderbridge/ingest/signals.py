"""A notice that goes takes no release with it: a raw release kept only in the notice's compiled release
(RawRelease.data null, see services._raw_data) is written out in full first."""

from django.db import transaction
from django.db.models.signals import pre_delete
from django.dispatch import receiver

from tenderbridge.opportunities.models import Notice


@receiver(pre_delete, sender=Notice, dispatch_uid="ingest-notice-deleted")
def notice_deleting(sender, instance, **kwargs):
    from .services import raw_releases

    with transaction.atomic():
        raw_releases([instance.ocid])
