from django import forms
from django.contrib.auth import authenticate, password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from tenderbridge.lib import countries

from . import throttle
from .middleware import known_zones
from .models import User


def country_choices() -> list[tuple[str, str]]:
    """CLDR names in the page's language, China first, then by pinyin (Chinese) or alphabetically (English)."""
    return countries.choices(get_language() or "en", first=("CN",))


class SignUpForm(forms.Form):
    organisation_name = forms.CharField(label=_("Company name"), max_length=200)
    country = forms.ChoiceField(label=_("Country"), choices=country_choices, initial="CN")
    full_name = forms.CharField(label=_("Your name"), max_length=150)
    email = forms.EmailField(label=_("Email"), max_length=150)
    password = forms.CharField(label=_("Password"), widget=forms.PasswordInput, strip=False)

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(
                _("An account with this email already exists. Sign in or reset your password.")
            )
        return email

    def clean(self):
        cleaned = super().clean()
        password = cleaned.get("password")
        if password:
            probe = User(email=cleaned.get("email", ""), full_name=cleaned.get("full_name", ""))
            try:
                password_validation.validate_password(password, probe)
            except forms.ValidationError as error:
                self.add_error("password", error)
        return cleaned


class LoginForm(AuthenticationForm):
    """Django's login form, by email, refusing further tries after repeated failures."""

    username = forms.EmailField(
        label=_("Email"), max_length=254, widget=forms.EmailInput(attrs={"autofocus": True})
    )
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("The email or password is not right. Check both and try again."),
        "locked": _("Too many failed sign-in attempts. Wait 15 minutes or reset your password."),
    }

    def clean(self):
        email = self.cleaned_data.get("username") or ""
        password = self.cleaned_data.get("password")
        ip = throttle.client_ip(self.request)
        if throttle.is_locked(email, ip):
            raise forms.ValidationError(self.error_messages["locked"], code="locked")
        if email and password:
            self.user_cache = authenticate(self.request, username=email, password=password)
            if self.user_cache is None:
                throttle.record_failure(email, ip)
                raise self.get_invalid_login_error()
            throttle.clear(email, ip)
            self.confirm_login_allowed(self.user_cache)
        return self.cleaned_data


def _timezone_choices():
    """Automatic first, then every IANA zone grouped by its region ("Asia", "Europe"; "Other" for UTC…)."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for name in sorted(known_zones()):
        region, _slash, place = name.partition("/")
        groups.setdefault(region if place else "", []).append((name, name))
    automatic = [("", _("Automatic: my browser's time zone, else the default for my language"))]
    regions = [(region, zones) for region, zones in groups.items() if region]
    return automatic + regions + [(_("Other"), groups.get("", []))]


def time_zone_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        label=_("Time zone"),
        choices=_timezone_choices,
        required=False,
        help_text=_("Every date on TenderBridge is shown in this time zone."),
    )


class ProfileForm(forms.ModelForm):
    time_zone = time_zone_field()

    class Meta:
        model = User
        fields = ["full_name", "time_zone"]


class TimeZoneForm(forms.Form):
    """The time-zone page: saved in the profile when signed in, else in the `tz` cookie."""

    time_zone = time_zone_field()
