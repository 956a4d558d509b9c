"""The supplier profile pages: the company's own profile and its edit sections (/<lang>/company/…), and the
read-only profile and list for buyers and programme operators (/<lang>/suppliers/…).

Views stay thin: forms.py validates, services.py writes, access.py decides who sees what. Every edit page
works without JavaScript (the code picker is a search form with an "Add" button per result).
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods, require_POST

from tenderbridge.taxonomy.forms import SearchForm
from tenderbridge.taxonomy.search import search_unspsc

from . import access, awards, categories, services
from .completeness import completeness
from .forms import (
    AddCodesForm,
    CertificateForm,
    CompanyForm,
    ContractForm,
    RegistrationForm,
    VisibilityForm,
    WomenOwnedForm,
)
from .models import Certificate, Language, PastContract, SupplierProfile

# The edit sections, in the profile's order: slug -> (title, URL name). Completeness items point at these.
SECTIONS = {
    "company": (gettext_lazy("Company"), "suppliers:edit_company"),
    "products": (gettext_lazy("Products and services"), "suppliers:products"),
    "contracts": (gettext_lazy("Past contracts"), "suppliers:contracts"),
    "certificates": (gettext_lazy("Certificates"), "suppliers:certificates"),
    "women-owned": (gettext_lazy("Women-owned business"), "suppliers:edit_women_owned"),
    "registration": (gettext_lazy("Registration and languages"), "suppliers:edit_registration"),
}
DIRECTORY_PAGE = 50


def supplier_view(view):
    """Signed-in users of a supplier organisation only; sets request.profile (created on first use)."""

    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        organisation = access.supplier_organisation(request.user)
        if organisation is None:
            return render(request, "suppliers/not_a_supplier.html", {}, status=403)
        request.profile = services.profile_for(organisation)
        return view(request, *args, **kwargs)

    return wrapped


def _status(*forms) -> int:
    return 400 if any(form is not None and form.errors for form in forms) else 200


def _sections_nav(current: str) -> list[dict]:
    return [
        {"slug": slug, "title": title, "url": reverse(name), "current": slug == current}
        for slug, (title, name) in SECTIONS.items()
    ]


def profile_context(profile: SupplierProfile) -> dict:
    """What the profile pages show, read in a fixed number of queries (profile loaded with_details)."""
    languages = dict(Language.choices)
    return {
        "profile": profile,
        "codes": categories.titles([c.code for c in profile.categories.all()]),
        "contracts": list(profile.contracts.all()),
        "certificates": list(profile.certificates.all()),
        "declaration": profile.women_owned_or_none(),
        "language_labels": [languages.get(code, code) for code in profile.languages],
    }


def completeness_context(profile: SupplierProfile) -> dict:
    result = completeness(profile)
    steps = [{"item": item, "url": reverse(SECTIONS[item.section][1])} for item in result.items]
    next_step = next((step for step in steps if result.next and step["item"].key == result.next.key), None)
    return {"completeness": result, "steps": steps, "next_step": next_step}


@login_required
def my_profile(request):
    organisation = access.supplier_organisation(request.user)
    if organisation is None:
        if access.is_reader(request.user):
            return redirect("suppliers:directory")
        return render(request, "suppliers/not_a_supplier.html", {}, status=403)
    profile = services.profile_for(organisation)
    profile = SupplierProfile.objects.with_details().get(pk=profile.pk)
    context = {
        **profile_context(profile),
        **completeness_context(profile),
        "visibility_form": VisibilityForm(initial={"visible": profile.visible}),
        "editable": True,
        "api_url": "/api/v1/suppliers/me",
    }
    return render(request, "suppliers/profile.html", context)


def _section_form(request, form_class, save, section: str, instance=None, template="suppliers/edit.html", **extra):
    """GET: the section's form; POST: validate, save through `save(cleaned_data)`, back to the profile."""
    form = form_class(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your company profile is saved."))
            return redirect(extra.get("success_url", "suppliers:profile"))
    context = {
        "form": form,
        "section": section,
        "title": SECTIONS[section][0],
        "nav": _sections_nav(section),
        **extra,
    }
    return render(request, template, context, status=_status(form))


@supplier_view
@require_http_methods(["GET", "POST"])
def edit_company(request):
    profile = request.profile
    return _section_form(
        request, CompanyForm, lambda data: services.do_update_company(profile, data), "company", profile
    )


@supplier_view
@require_http_methods(["GET", "POST"])
def edit_registration(request):
    profile = request.profile
    return _section_form(
        request,
        RegistrationForm,
        lambda data: services.do_update_registration(profile, data),
        "registration",
        profile,
    )


@supplier_view
@require_http_methods(["GET", "POST"])
def edit_women_owned(request):
    profile = request.profile
    if request.method == "POST" and request.POST.get("action") == "withdraw":
        services.do_withdraw_women_owned(profile)
        messages.success(request, _("Your women-owned business declaration is withdrawn."))
        return redirect("suppliers:profile")
    declaration = profile.women_owned_or_none()
    return _section_form(
        request,
        WomenOwnedForm,
        lambda data: services.do_declare_women_owned(profile, data),
        "women-owned",
        declaration,
        template="suppliers/women_owned.html",
    )


@supplier_view
@require_POST
def visibility(request):
    form = VisibilityForm(request.POST)
    form.is_valid()  # a checkbox: always valid; unticked means private
    profile = services.do_set_visibility(request.profile, form.cleaned_data.get("visible", False))
    if profile.visible:
        messages.success(request, _("Buyers and programme operators can now see your profile."))
    else:
        messages.success(request, _("Your profile is private: only your organisation can see it."))
    return redirect("suppliers:profile")


@supplier_view
@require_http_methods(["GET", "POST"])
def products(request):
    profile = request.profile
    add_form = AddCodesForm(request.POST if request.POST.get("action") == "add" else None)
    if request.method == "POST":
        done = _change_codes(request, profile, add_form)
        if done:  # back to the same search, so several results can be picked in a row
            query = request.GET.urlencode()
            return redirect(reverse("suppliers:products") + (f"?{query}" if query else ""))
    search_form = SearchForm(request.GET or None)
    result = search_unspsc(search_form.cleaned_data["q"]) if search_form.is_valid() else None
    chosen = list(profile.categories.order_by("code").values_list("code", flat=True))
    context = {
        "suggestions": categories.suggestions_for(profile),
        "has_description": bool(profile.description.strip()),
        "nav": _sections_nav("products"),
        "codes": categories.titles(chosen),
        "chosen": set(chosen),
        "add_form": add_form,
        "search_form": search_form,
        "result": result,
        "query": request.GET.get("q", ""),
    }
    return render(request, "suppliers/products.html", context, status=_status(add_form, search_form))


def _change_codes(request, profile, add_form) -> bool:
    """Handle one of the products page's buttons; False when the add form has errors to show."""
    action = request.POST.get("action")
    try:
        if action == "add":
            if not add_form.is_valid():
                return False
            added = services.do_add_codes(profile, add_form.cleaned_data["codes"])
        elif action == "pick":
            added = services.do_add_codes(profile, [request.POST.get("code", "")])
        elif action == "remove":
            services.do_remove_codes(profile, request.POST.getlist("code"))
            messages.success(request, _("The code is removed from your products and services."))
            return True
        else:
            raise Http404
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return True
    if added:
        messages.success(request, _("Added to your products and services: %(codes)s.") % {"codes": ", ".join(added)})
    else:
        messages.info(request, _("These codes are already in your products and services."))
    return True


def _child_list(request, model, form_class, save, section: str, template: str):
    profile = request.profile
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            save(profile, form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your company profile is saved."))
            return redirect(SECTIONS[section][1])
    rows = model.objects.filter(profile=profile)
    rows = rows.order_by("-year", "title", "pk") if model is PastContract else rows.order_by("kind", "name", "pk")
    context = {"form": form, "rows": rows, "nav": _sections_nav(section), "title": SECTIONS[section][0]}
    return render(request, template, context, status=_status(form))


def _child_edit(request, model, form_class, save, delete, section: str, pk: int):
    profile = request.profile
    row = model.objects.filter(profile=profile, pk=pk).first()
    if row is None:
        raise Http404
    if request.method == "POST" and request.POST.get("action") == "delete":
        delete(profile, pk)
        messages.success(request, _("Deleted."))
        return redirect(SECTIONS[section][1])
    return _section_form(
        request,
        form_class,
        lambda data: save(profile, data, pk),
        section,
        row,
        success_url=SECTIONS[section][1],
        deletable=True,
    )


@supplier_view
@require_http_methods(["GET", "POST"])
def contracts(request):
    return _child_list(
        request, PastContract, ContractForm, services.do_save_contract, "contracts", "suppliers/contracts.html"
    )


@supplier_view
@require_http_methods(["GET", "POST"])
def contract_edit(request, pk: int):
    return _child_edit(
        request, PastContract, ContractForm, services.do_save_contract, services.do_delete_contract,
        "contracts", pk,
    )


@supplier_view
@require_http_methods(["GET", "POST"])
def certificates(request):
    return _child_list(
        request, Certificate, CertificateForm, services.do_save_certificate, "certificates",
        "suppliers/certificates.html",
    )


@supplier_view
@require_http_methods(["GET", "POST"])
def certificate_edit(request, pk: int):
    return _child_edit(
        request, Certificate, CertificateForm, services.do_save_certificate, services.do_delete_certificate,
        "certificates", pk,
    )


@supplier_view
@require_http_methods(["GET", "POST"])
def import_awards(request):
    """Candidates from the award data; POST: import the ticked ones. `name` searches under another name too."""
    profile = request.profile
    data = request.POST if request.method == "POST" else request.GET
    other_name = " ".join(data.get("name", "").split())[:200]
    extra = (other_name,) if other_name else ()
    if request.method == "POST":
        chosen = [int(v) for v in request.POST.getlist("award") if v.isdigit()]
        if not chosen:
            messages.error(request, _("Tick at least one award that is yours."))
        else:
            try:
                result = services.do_import_awards(profile, chosen, extra)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, _import_message(result))
                return redirect("suppliers:contracts")
    context = {
        "candidates": awards.find_candidates(profile, extra),
        "other_name": other_name,
        "nav": _sections_nav("contracts"),
    }
    return render(request, "suppliers/import_awards.html", context)


def _import_message(result: services.ImportResult) -> str:
    if not result.created:
        return _("These awards are already in your past contracts.")
    message = ngettext(
        "%(count)d award is added to your past contracts.",
        "%(count)d awards are added to your past contracts.",
        result.created,
    ) % {"count": result.created}
    if result.already:
        message += " " + ngettext(
            "%(count)d was there already.", "%(count)d were there already.", result.already
        ) % {"count": result.already}
    return message


@login_required
def detail(request, pk: int):
    """A profile, read-only: for buyers and operators when it is visible, and for the company itself."""
    profile = access.readable_profile(request.user, pk)
    if profile is None:
        raise Http404
    context = {
        **profile_context(profile),
        "editable": False,
        "own": access.supplier_organisation(request.user) == profile.organisation,
        "can_verify": services.is_operator(request.user),
        "api_url": f"/api/v1/suppliers/{profile.pk}",
    }
    return render(request, "suppliers/detail.html", context)


@login_required
@require_POST
def verify_women_owned(request, pk: int):
    profile = access.readable_profile(request.user, pk)
    if profile is None or not services.is_operator(request.user):
        raise Http404
    try:
        services.do_verify_women_owned(profile, request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The women-owned business declaration is marked as verified."))
    return redirect("suppliers:detail", pk=pk)


@login_required
def directory(request):
    """Visible supplier profiles, for buyers and programme operators (others: not found)."""
    if not access.is_reader(request.user):
        raise Http404
    profiles = (
        SupplierProfile.objects.visible().select_related("organisation", "women_owned").order_by("-updated", "pk")
    )
    page = Paginator(profiles, DIRECTORY_PAGE).get_page(request.GET.get("page"))
    return render(request, "suppliers/directory.html", {"page": page})
