from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "tenderbridge.matching"
    verbose_name = _("Matching")

    def ready(self):
        # Feeds follow what they are made of: a changed profile is ranked again whole; stored or changed notices
        # are merged into every feed. Both signals are sent after the commit of the write.
        from tenderbridge.search.hooks import notices_indexed
        from tenderbridge.suppliers.signals import profile_changed

        from . import receivers

        profile_changed.connect(receivers.profile_changed, dispatch_uid="matching-profile-changed")
        notices_indexed.connect(receivers.notices_indexed, dispatch_uid="matching-notices-indexed")
