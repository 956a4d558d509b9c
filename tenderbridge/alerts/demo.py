"""The demo supplier's saved search with a daily alert (load_demo), so a newcomer sees /<lang>/alerts/ at work."""

from tenderbridge.accounts import personas
from tenderbridge.accounts.models import User
from tenderbridge.suppliers import services as suppliers

from . import services
from .models import Alert

DEMO_ALERT = services.AlertData(name="医用手套 Medical gloves", query="q=医用手套&status=open", frequency="daily",
                                hour=8, language="zh-hans", time_zone="Asia/Shanghai")


def ensure_demo_alert() -> Alert | None:
    """Idempotent: the alert is made once, kept as the supplier edits it."""
    user = User.objects.filter(email=personas.SUPPLIER_OWNER.email).first()
    if user is None or user.organisation is None:
        return None
    existing = Alert.objects.filter(user=user, name=DEMO_ALERT.name).first()
    return existing or services.do_save_alert(user, suppliers.profile_for(user.organisation), DEMO_ALERT)
