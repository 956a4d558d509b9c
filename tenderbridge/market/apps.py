from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MarketConfig(AppConfig):
    name = "tenderbridge.market"
    verbose_name = _("Market")
    default_auto_field = "django.db.models.BigAutoField"
