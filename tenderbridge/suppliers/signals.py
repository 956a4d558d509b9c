"""Signals other parts connect to.

`profile_changed(sender=SupplierProfile, profile_id=int)`: sent once after each committed write to a supplier
profile (services.on_profile_changed). The matching part connects its recompute here, in its AppConfig.ready:

    profile_changed.connect(enqueue_recompute)   # def enqueue_recompute(sender, profile_id, **kwargs)
"""

from django.dispatch import Signal

profile_changed = Signal()
