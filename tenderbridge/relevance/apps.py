from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RelevanceConfig(AppConfig):
    name = "tenderbridge.relevance"
    verbose_name = _("Relevance benchmark")
