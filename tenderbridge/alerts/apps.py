from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AlertsConfig(AppConfig):
    name = "tenderbridge.alerts"
    verbose_name = _("Alerts")

    def ready(self):
        # New and changed notices become versions (then digest items); a provider's bounce marks the address.
        from anymail.signals import tracking

        from tenderbridge.search.hooks import notices_indexed

        from . import receivers

        notices_indexed.connect(receivers.notices_indexed, dispatch_uid="alerts-notices-indexed")
        tracking.connect(receivers.anymail_tracking, dispatch_uid="alerts-anymail-tracking")
