from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from . import services, throttle
from .forms import LoginForm, ProfileForm, SignUpForm, TimeZoneForm
from .middleware import COOKIE, COOKIE_MAX_AGE, Source


@require_http_methods(["GET", "POST"])
def sign_up(request):
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        user = services.do_sign_up(
            services.SignUp(
                organisation_name=data["organisation_name"],
                country=data["country"],
                full_name=data["full_name"],
                email=data["email"],
                password=data["password"],
            )
        )
        login(request, user, backend="tenderbridge.accounts.backends.EmailBackend")
        messages.success(request, _("Welcome to TenderBridge. Your company account is ready."))
        return redirect("home:index")
    return render(request, "accounts/sign_up.html", {"form": form}, status=400 if form.errors else 200)


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def form_invalid(self, form):
        response = super().form_invalid(form)
        response.status_code = 400
        return response


@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your settings are saved."))
        return redirect("accounts:profile")
    context = {"form": form, "organisation": request.user.organisation}
    return render(request, "accounts/profile.html", context, status=400 if form.errors else 200)


def _next_page(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return target
    return reverse("accounts:time_zone")


@require_http_methods(["GET", "POST"])
def time_zone(request):
    """Choose the zone dates are shown in: saved in the profile when signed in, else in the `tz` cookie
    (which the browser script then leaves alone). "Automatic" clears the choice."""
    chosen = request.time_zone if request.time_zone_source != Source.LANGUAGE else ""
    form = TimeZoneForm(request.POST or None, initial={"time_zone": chosen})
    if request.method == "POST" and form.is_valid():
        zone = form.cleaned_data["time_zone"]
        response = redirect(_next_page(request))
        if request.user.is_authenticated:
            services.do_set_time_zone(request.user, zone)
        elif zone:
            response.set_cookie(
                COOKIE, zone, max_age=COOKIE_MAX_AGE, samesite="Lax", secure=request.is_secure()
            )
        else:
            response.delete_cookie(COOKIE, samesite="Lax")
        messages.success(request, _("Your time zone is saved."))
        return response
    context = {"form": form, "next": _next_page(request)}
    return render(request, "accounts/time_zone.html", context, status=400 if form.errors else 200)


password_reset = auth_views.PasswordResetView.as_view(
    template_name="accounts/password_reset.html",
    email_template_name="accounts/password_reset_email.txt",
    subject_template_name="accounts/password_reset_subject.txt",
    success_url=reverse_lazy("accounts:password_reset_done"),
)
password_reset_done = auth_views.PasswordResetDoneView.as_view(
    template_name="accounts/password_reset_done.html"
)
class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """The reset link's page: the new password signs the owner in at once and forgets every failed sign-in of
    the account (accounts/throttle.py), so a guesser who throttled an address never keeps the owner out."""

    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")
    post_reset_login = True
    post_reset_login_backend = "tenderbridge.accounts.backends.EmailBackend"

    def form_valid(self, form):
        response = super().form_valid(form)
        throttle.forget_account(form.user.email)
        return response


password_reset_confirm = PasswordResetConfirmView.as_view()
password_reset_complete = auth_views.PasswordResetCompleteView.as_view(
    template_name="accounts/password_reset_complete.html"
)
