from django import forms
from django.utils.translation import gettext_lazy as _

from .models import UnspscCode


class SearchForm(forms.Form):
    # No max_length: a pasted paragraph is cut by the search (search.MAX_QUERY_LENGTH), not refused.
    q = forms.CharField(
        label=_("Code or words"),
        required=False,
        help_text=_(
            "Type the start of a code, such as 4213, or words in English or Chinese, such as gloves."
        ),
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off", "data-testid": "category-q"}),
    )
    level = forms.ChoiceField(
        label=_("Level"),
        required=False,
        choices=[("", _("All levels")), *UnspscCode.Level.choices],
    )
