"""The profile's forms, one per edit section. The pages and the API validate with the same forms (api.py feeds
them the JSON body), so both refuse the same input with the same messages.

Every message names the field it is about; text that cannot be stored (NUL bytes, lone surrogates) is refused;
numbers accept what people type in China too: full-width digits, thousands separators, "1,250,000".
"""

import unicodedata
from decimal import Decimal

import pycountry
from django import forms
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from tenderbridge.lib import countries

from . import categories
from .models import (
    DESCRIPTION_MAX,
    EARLIEST_YEAR,
    Certificate,
    Language,
    PastContract,
    SupplierProfile,
    WomenOwnership,
)
from .names import has_letters

EARLIEST_CONTRACT_YEAR = 1945
YES_NO = [("true", _("Yes")), ("false", _("No"))]


def current_year() -> int:
    return timezone.localdate().year


def country_choices(blank: bool = True) -> list[tuple[str, str]]:
    """Countries named in the page's language, China first (most of our suppliers are there)."""
    ordered = countries.choices(get_language() or "en", first=("CN",))  # by pinyin on the Chinese site
    return ([("", _("Choose a country"))] if blank else []) + ordered


def _normalised_number(value):
    if isinstance(value, str):
        value = unicodedata.normalize("NFKC", value).strip().replace(",", "").replace(" ", "")
    return value


class AmountField(forms.DecimalField):
    """A money amount: full-width digits and thousands separators allowed."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", 20)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("min_value", Decimal(0))
        super().__init__(**kwargs)

    def to_python(self, value):
        return super().to_python(_normalised_number(value))


class PercentField(AmountField):
    def to_python(self, value):
        if isinstance(value, str):
            value = unicodedata.normalize("NFKC", value).strip().removesuffix("%")
        return super().to_python(value)


class YearField(forms.IntegerField):
    def __init__(self, earliest: int, **kwargs):
        super().__init__(min_value=earliest, **kwargs)
        self.earliest = earliest

    def to_python(self, value):
        return super().to_python(_normalised_number(value))

    def validate(self, value):
        super().validate(value)
        if value is not None and value > current_year():
            raise forms.ValidationError(
                _("%(value)s is in the future: give a year up to %(year)s.")
                % {"value": value, "year": current_year()},
                code="future",
            )


class CurrencyField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 3)
        kwargs.setdefault("widget", forms.TextInput(attrs={"size": 4, "autocomplete": "off"}))
        super().__init__(**kwargs)

    def to_python(self, value):
        return unicodedata.normalize("NFKC", super().to_python(value)).upper()

    def validate(self, value):
        super().validate(value)
        if value and pycountry.currencies.get(alpha_3=value) is None:
            raise forms.ValidationError(
                _("“%(value)s” is not a currency code: use three letters such as CNY, USD or EUR.")
                % {"value": value},
                code="currency",
            )


class ProfileFormMixin:
    """Messages that name their field, and text that the databases can store."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            label = str(field.label or "").replace("%", "%%")
            if getattr(field, "max_length", None):
                field.error_messages["max_length"] = str(
                    _("“%(field)s” can be at most %(limit_value)d characters; this has %(show_value)d.")
                ).replace("%(field)s", label)
            field.error_messages["required"] = str(_("“%(field)s” is required.")).replace("%(field)s", label)
            if isinstance(field, forms.IntegerField | forms.DecimalField):
                numbers = {
                    "invalid": _("“%(field)s” must be a number."),
                    "min_value": _("“%(field)s” must be at least %(limit_value)s."),
                    "max_value": _("“%(field)s” can be at most %(limit_value)s."),
                }
                for code, message in numbers.items():
                    field.error_messages[code] = str(message).replace("%(field)s", label)

    def clean(self):
        cleaned = super().clean()
        for name, value in list(cleaned.items()):
            if isinstance(value, str) and not _storable(value):
                self.add_error(name, _("This text holds characters that cannot be stored. Type it again."))
        return cleaned


def _storable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates, as a broken paste or a JSON "\ud800" gives
        return False
    return True


class CompanyForm(ProfileFormMixin, forms.ModelForm):
    country = forms.ChoiceField(label=_("Country"), required=False)
    employees = forms.IntegerField(
        label=_("Headcount"), required=False, min_value=0, max_value=10_000_000,
        help_text=_("People employed, full-time equivalent."),
    )
    annual_turnover = AmountField(label=_("Annual turnover"), required=False)
    turnover_currency = CurrencyField(label=_("Turnover currency"), required=False)
    founded_year = YearField(EARLIEST_YEAR, label=_("Year founded"), required=False)

    class Meta:
        model = SupplierProfile
        fields = [
            "name_zh", "name_en", "country", "province", "city", "size_class", "employees",
            "annual_turnover", "turnover_currency", "founded_year", "description",
        ]
        labels = {
            "name_zh": _("Company name in Chinese"),
            "name_en": _("Company name in English"),
            "province": _("Province or region"),
            "city": _("City"),
            "size_class": _("Size class"),
            "description": _("What the company makes or does"),
        }
        help_texts = {
            "size_class": _(
                "By headcount and turnover. Left empty, it is set from the headcount: under 10 people micro, "
                "under 50 small, under 250 medium, otherwise large."
            ),
            "description": _(
                "In any language, up to 20,000 characters: products, materials, capacity, markets."
            ),
        }
        widgets = {"description": forms.Textarea(attrs={"rows": 8, "data-testid": "description"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = country_choices()
        self.fields["size_class"].choices = [("", _("Set from the headcount"))] + list(
            SupplierProfile.Size.choices
        )
        self.fields["description"].max_length = DESCRIPTION_MAX

    def _clean_name(self, name: str) -> str:
        value = " ".join(self.cleaned_data.get(name, "").split())
        if value and not has_letters(value):
            raise forms.ValidationError(
                _("A company name needs letters or characters; symbols or emoji alone are not a name."),
                code="no_letters",
            )
        return value

    def clean_name_zh(self):
        return self._clean_name("name_zh")

    def clean_name_en(self):
        return self._clean_name("name_en")

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("name_zh") and not cleaned.get("name_en") and not self.has_error("name_zh"):
            if not self.has_error("name_en"):
                self.add_error("name_zh", _("Give the company's name in Chinese, in English or both."))
        if cleaned.get("annual_turnover") is not None and not cleaned.get("turnover_currency"):
            if not self.has_error("turnover_currency"):
                self.add_error("turnover_currency", _("Say which currency the turnover is in."))
        return cleaned


class RegistrationForm(ProfileFormMixin, forms.ModelForm):
    ungm_number = forms.CharField(
        label=_("UNGM number"), required=False, max_length=12,
        help_text=_("The vendor number UNGM gave the company, digits only."),
    )
    languages = forms.MultipleChoiceField(
        label=_("Working languages"), required=False, choices=Language.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    export_countries = forms.MultipleChoiceField(
        label=_("Countries exported to"), required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Hold Ctrl (⌘ on a Mac) to choose several."),
    )
    export_years = forms.IntegerField(
        label=_("Years of export experience"), required=False, min_value=0, max_value=200,
        help_text=_("0 if the company has not exported yet."),
    )

    class Meta:
        model = SupplierProfile
        fields = ["ungm_level", "ungm_number", "languages", "export_countries", "export_years", "export_notes",
                  "wants_international"]
        labels = {"ungm_level": _("UNGM registration level"), "export_notes": _("Export experience"),
                  "wants_international": _("We want UN and development-bank work")}
        help_texts = {
            "export_notes": _("Markets, buyers, certifications for export, Incoterms you work with."),
            "wants_international": _(
                "Your feed then puts UN and development-bank notices above national ones that fit as well."
            ),
        }
        widgets = {"export_notes": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ungm_level"].choices = [("", _("Not answered yet"))] + list(
            SupplierProfile.UngmLevel.choices
        )
        self.fields["export_countries"].choices = country_choices(blank=False)

    def clean_ungm_number(self):
        value = unicodedata.normalize("NFKC", self.cleaned_data["ungm_number"]).replace(" ", "")
        if value and not value.isdigit():
            raise forms.ValidationError(
                _("A UNGM number has digits only, such as 123456."), code="ungm_number"
            )
        return value

    def clean(self):
        cleaned = super().clean()
        level, number = cleaned.get("ungm_level"), cleaned.get("ungm_number")
        if number and level in ("", SupplierProfile.UngmLevel.NOT_REGISTERED):
            self.add_error(
                "ungm_level", _("A company with a UNGM number is registered: choose its registration level.")
            )
        return cleaned


class VisibilityForm(forms.Form):
    visible = forms.BooleanField(
        label=_("Show my profile to buyers and programme operators"), required=False
    )


class AddCodesForm(ProfileFormMixin, forms.Form):
    codes = forms.CharField(
        label=_("Add codes by number"), max_length=2000,
        help_text=_("One or more 8-digit UNSPSC codes, separated by commas, such as 42132203, 46181504."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "data-testid": "add-codes"}),
    )

    def clean_codes(self):
        return categories.check_codes(categories.split_codes(self.cleaned_data["codes"]))


class ContractForm(ProfileFormMixin, forms.ModelForm):
    year = YearField(EARLIEST_CONTRACT_YEAR, label=_("Year"), required=False)
    amount = AmountField(label=_("Value"), required=False)
    currency = CurrencyField(label=_("Currency"), required=False)

    class Meta:
        model = PastContract
        fields = ["title", "buyer", "year", "amount", "currency", "description"]
        labels = {
            "title": _("Contract title"),
            "buyer": _("Buyer"),
            "description": _("What was delivered"),
        }
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def clean_title(self):
        value = " ".join(self.cleaned_data["title"].split())
        if not has_letters(value):
            raise forms.ValidationError(_("A contract title needs letters or characters."), code="no_letters")
        return value

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("amount") is not None and not cleaned.get("currency"):
            if not self.has_error("currency"):
                self.add_error("currency", _("Say which currency the value is in."))
        return cleaned


class CertificateForm(ProfileFormMixin, forms.ModelForm):
    class Meta:
        model = Certificate
        fields = ["kind", "name", "number", "issuer", "issued", "expires"]
        labels = {
            "kind": _("Certificate"),
            "name": _("Certificate name"),
            "number": _("Certificate number"),
            "issuer": _("Issued by"),
            "issued": _("Date issued"),
            "expires": _("Expiry date"),
        }
        widgets = {
            "issued": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "expires": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") == Certificate.Kind.OTHER and not cleaned.get("name"):
            if not self.has_error("name"):
                self.add_error("name", _("Give the name of the certificate."))
        issued, expires = cleaned.get("issued"), cleaned.get("expires")
        if issued and expires and expires < issued:
            self.add_error("expires", _("The expiry date is before the date the certificate was issued."))
        if cleaned.get("kind") != Certificate.Kind.OTHER:
            cleaned["name"] = ""
        return cleaned


def _yes_no(label):
    return forms.TypedChoiceField(
        label=label, choices=YES_NO, coerce=lambda value: value == "true", widget=forms.RadioSelect
    )


class WomenOwnedForm(ProfileFormMixin, forms.ModelForm):
    """IWA 34:2021's three criteria, each with its evidence (required when the criterion is claimed)."""

    ownership_percent = PercentField(
        label=_("Share of the company owned by women (%)"), max_digits=5, max_value=Decimal(100),
        help_text=_("The first criterion is more than 50 percent."),
    )
    women_managed = _yes_no(_("Do women manage the company's day-to-day operations?"))
    women_controlled = _yes_no(_("Do women control the company's long-term decisions and sign for it?"))

    class Meta:
        model = WomenOwnership
        fields = [
            "ownership_percent", "ownership_evidence", "women_managed", "management_evidence",
            "women_controlled", "control_evidence",
        ]
        labels = {
            "ownership_evidence": _("Evidence of ownership"),
            "management_evidence": _("Evidence of management"),
            "control_evidence": _("Evidence of control"),
        }
        help_texts = {
            "ownership_evidence": _("Who owns which share, and the document that shows it (business licence, "
                                    "articles of association, shareholder register)."),
            "management_evidence": _("Which women hold which management posts."),
            "control_evidence": _("Who is the legal representative and signs the accounts and contracts."),
        }
        widgets = {
            "ownership_evidence": forms.Textarea(attrs={"rows": 3}),
            "management_evidence": forms.Textarea(attrs={"rows": 3}),
            "control_evidence": forms.Textarea(attrs={"rows": 3}),
        }

    def clean(self):
        cleaned = super().clean()
        percent = cleaned.get("ownership_percent")
        claims = [
            ("ownership_evidence", percent is not None and percent > 50,
             _("Say what shows that women own more than half of the company.")),
            ("management_evidence", cleaned.get("women_managed") is True,
             _("Say which women manage the company.")),
            ("control_evidence", cleaned.get("women_controlled") is True,
             _("Say which women control the company.")),
        ]
        for field, claimed, message in claims:
            if claimed and not (cleaned.get(field) or "").strip() and not self.has_error(field):
                self.add_error(field, message)
        return cleaned
