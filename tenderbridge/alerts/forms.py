"""The alerts pages' forms: an alert (its search comes hidden from the page it was saved on) and the reader's
settings. The services check every value again (the API has no form)."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .models import NAME_MAX, QUERY_MAX, Alert

HOURS = [(h, f"{h:02d}:00") for h in range(24)]
WEEKDAYS = [(0, _("Monday")), (1, _("Tuesday")), (2, _("Wednesday")), (3, _("Thursday")), (4, _("Friday")),
            (5, _("Saturday")), (6, _("Sunday"))]
LANGUAGES = [("en", pgettext_lazy("language", "English")), ("zh-hans", pgettext_lazy("language", "Chinese"))]


class AlertForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=NAME_MAX)
    frequency = forms.ChoiceField(label=pgettext_lazy("alert frequency", "Send"), choices=Alert.Frequency.choices)
    hour = forms.TypedChoiceField(label=_("At"), choices=HOURS, coerce=int,
                                  help_text=_("In your time zone, below. Daily and weekly alerts."))
    weekday = forms.TypedChoiceField(label=_("On (weekly)"), choices=WEEKDAYS, coerce=int)
    language = forms.ChoiceField(label=_("Language of the email"), choices=LANGUAGES)
    time_zone = forms.CharField(label=_("Time zone"), max_length=64, help_text=_("An IANA name such as Asia/Shanghai."))
    channel = forms.ChoiceField(label=_("Channel"), choices=Alert.Channel.choices)
    source = forms.ChoiceField(choices=Alert.Source.choices, widget=forms.HiddenInput)
    query = forms.CharField(required=False, max_length=QUERY_MAX, widget=forms.HiddenInput)


class PreferencesForm(forms.Form):
    reminder_days = forms.IntegerField(label=_("Remind me this many days before the deadline of a notice I bid on"),
                                       min_value=0, max_value=30, help_text=_("0 sends no reminders."))
    webhook_url = forms.URLField(label=_("Webhook address"), required=False, max_length=500,
                                 help_text=_("Digests sent to this address as signed JSON (WeChat Work, DingTalk, your own system)."))
