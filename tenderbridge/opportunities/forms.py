from django import forms
from django.utils.translation import gettext_lazy as _

from .filters import MATCH_CHOICES, MAX_QUERY_CHARS, SORT_CHOICES, NoticeFilters, Search

# The "any" choice of each facet's select.
ANY_LABELS = {
    "status": _("Open and closed"),
    "closing": _("Any deadline"),
    "notice_type": _("All notice types"),
    "buyer_family": _("All buyers"),
    "segment": _("All segments"),
    "family": _("All families of the segment"),
    "country": _("All countries"),
    "buyer": _("All buyer organisations"),
    "sme": _("Any"),
    "sustainable": _("Any"),
    "source": _("All sources"),
}


def _testid(name: str) -> str:
    return "filter-" + name.replace("_", "-")


class SearchForm(forms.Form):
    """The list's search form: the words, the order and one select per facet, each option with its count.
    It only draws; `filters.Search` checks the values, so the page and the API refuse the same things with
    the same messages."""

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=MAX_QUERY_CHARS,
        widget=forms.TextInput(
            attrs={
                "type": "search",
                "data-testid": "search-box",
                "placeholder": _("Words in any language, e.g. examination gloves"),
                "autocomplete": "off",
            }
        ),
    )
    sort = forms.ChoiceField(
        label=_("Order"),
        required=False,
        choices=[("", _("Default order")), *SORT_CHOICES],
        widget=forms.Select(attrs={"data-testid": "sort"}),
    )

    match = forms.ChoiceField(
        label=_("Match"),
        required=False,
        choices=MATCH_CHOICES,
        widget=forms.Select(attrs={"data-testid": "match"}),
    )

    def __init__(self, search: Search, facets=(), problems: dict[str, str] | None = None, **kwargs):
        kwargs.setdefault("auto_id", "filter-%s")
        self.problems = problems or {}  # parameter -> why its value was refused (shown beside the field)
        initial = {"q": search.q, "sort": search.sort, "match": search.match, **search.filters.as_query()}
        super().__init__(initial=initial, **kwargs)
        self.facet_names = []
        for facet in facets:
            if facet.name == "kind":  # tabs above the results, not a select (views.kind_tabs)
                continue
            # The status has no "any" choice of its own: its default is open notices, "any" is a value.
            choices = [] if facet.name == "status" else [("", ANY_LABELS[facet.name])]
            choices += [(v.value, f"{v.label} ({v.count:,})") for v in facet.values]
            if facet.selected and all(v.value != facet.selected for v in facet.values):
                choices.append((facet.selected, facet.selected))  # chosen, though nothing matches now
            self.fields[facet.name] = forms.ChoiceField(
                label=facet.label,
                required=False,
                choices=choices,
                widget=forms.Select(attrs={"data-testid": _testid(facet.name)}),
                initial=facet.selected if facet.name == "status" else None,
            )
            if facet.name == "status":
                self.initial["status"] = facet.selected
            self.facet_names.append(facet.name)
        # A chosen filter whose facet has no values at all still rides along when the form is sent.
        for name, value in search.filters.as_query().items():
            if name not in self.fields and name in NoticeFilters.names():
                self.fields[name] = forms.CharField(required=False, widget=forms.HiddenInput, initial=value)

    def facet_fields(self):
        return [self[name] for name in self.facet_names]

    def facet_entries(self):
        """(field, why its value was refused or "") for each facet's select."""
        return [(self[name], self.problems.get(name, "")) for name in self.facet_names]

    def unplaced_problems(self) -> list[str]:
        """The messages of refused parameters that have no field on the page (their facet has no values)."""
        placed = {*self.facet_names, "q", "sort", "match"}
        return [message for name, message in self.problems.items() if name not in placed]
