"""The feed page's forms: its filters (the opportunity list's, offered with the values present in the feed),
a filter's name to save it, and a mark."""

from django import forms
from django.utils.translation import gettext_lazy as _

from tenderbridge.opportunities.filters import YES_NO_CHOICES, closing_choices

from .models import FILTER_NAME_MAX, Mark

ANY = [("", _("Any"))]


class FeedFilterForm(forms.Form):
    notice_type = forms.ChoiceField(label=_("Notice type"), required=False)
    buyer_family = forms.ChoiceField(label=_("Buyer family"), required=False)
    segment = forms.ChoiceField(label=_("UNSPSC segment"), required=False)
    country = forms.ChoiceField(label=_("Country of delivery"), required=False)
    closing = forms.ChoiceField(label=_("Deadline"), required=False)
    sme = forms.ChoiceField(label=_("Suitable for SMEs"), required=False, choices=ANY + YES_NO_CHOICES)

    def __init__(self, data, options: dict[str, list[tuple[str, str]]]):
        super().__init__(data)
        for name in ("notice_type", "buyer_family", "segment", "country"):
            chosen = (data or {}).get(name) or ""
            present = list(options.get(name, []))
            if chosen and chosen not in {value for value, _label in present}:
                present.append((chosen, chosen))  # a saved filter's value that no notice has today
            self.fields[name].choices = ANY + present
        self.fields["closing"].choices = ANY + closing_choices()


class SaveFilterForm(forms.Form):
    name = forms.CharField(label=_("Name these filters"), max_length=FILTER_NAME_MAX)
    query = forms.CharField(required=False, widget=forms.HiddenInput, max_length=1000)


class MarkForm(forms.Form):
    state = forms.ChoiceField(choices=[("", _("No mark"))] + list(Mark.State.choices), required=False)
    next = forms.CharField(required=False, widget=forms.HiddenInput)
