from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IngestConfig(AppConfig):
    name = "tenderbridge.ingest"
    verbose_name = _("Data ingest")

    def ready(self):
        from . import signals  # noqa: F401  (keeps a deleted notice's releases)
