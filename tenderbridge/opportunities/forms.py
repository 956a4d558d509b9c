from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Notice, Party
from .queries import STATUS_CHOICES, source_label, source_names


def _select(testid: str) -> forms.Select:
    return forms.Select(attrs={"data-testid": testid})


class FilterForm(forms.Form):
    """The list's filter form: it only draws the selects; `queries.NoticeFilters` checks the values, so the
    page and the API refuse the same things with the same messages."""

    notice_type = forms.ChoiceField(
        label=_("Notice type"),
        required=False,
        choices=[("", _("All notice types")), *Notice.Type.choices],
        widget=_select("filter-notice-type"),
    )
    buyer_family = forms.ChoiceField(
        label=_("Buyer family"),
        required=False,
        choices=[("", _("All buyers")), *Party.Family.choices],
        widget=_select("filter-buyer-family"),
    )
    source = forms.ChoiceField(label=_("Source"), required=False, widget=_select("filter-source"))
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Open and closed")), *STATUS_CHOICES],
        widget=_select("filter-status"),
    )
    # Filters the selects do not offer (set by links on the page) ride along when the form is sent.
    country = forms.CharField(required=False, widget=forms.HiddenInput)
    segment = forms.CharField(required=False, widget=forms.HiddenInput)
    buyer = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "filter-%s")
        super().__init__(*args, **kwargs)
        self.fields["source"].choices = [("", _("All sources"))] + [
            (name, source_label(name)) for name in source_names()
        ]
