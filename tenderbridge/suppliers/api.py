"""JSON twins of the supplier profile pages, under /api/v1/suppliers.

Authentication: an organisation's API token (`Authorization: Bearer tb_…`) or the browser session (then
unsafe methods need the CSRF token, as forms do). `/me` is the caller's own supplier profile; `/{id}` is a
profile as buyers and programme operators see it (visible profiles only; 404 for anyone else, so hidden and
missing look the same).

Writes validate with the pages' own forms (forms.py), so the API refuses the same input with the same
messages: 422 "validation_error" with `details.fields` = [{"location": "body.payload.past_contracts.0.year",
"message": "…"}], and nothing is written unless everything is valid. Keys are additive-only within v1.
"""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from ninja import Query, Router
from ninja.security import SessionAuth

from tenderbridge.accounts.models import Organisation
from tenderbridge.api.auth import OrganisationToken
from tenderbridge.api.errors import ApiError
from tenderbridge.api.schemas import ERRORS, ErrorOut
from tenderbridge.lib import countries
from tenderbridge.taxonomy.api import SuggestionsOut, suggestion_out

from . import access, awards, categories, services
from .completeness import completeness
from .forms import CertificateForm, CompanyForm, ContractForm, RegistrationForm, WomenOwnedForm
from .models import MAX_CERTIFICATES, MAX_CODES, MAX_CONTRACTS, Certificate, PastContract, SupplierProfile
from .schemas import (
    CandidateParams,
    CandidatesOut,
    DirectoryOut,
    DirectoryParams,
    ImportIn,
    ImportOut,
    ProfileIn,
    ProfileOut,
)

router = Router(tags=["suppliers"], auth=[OrganisationToken(), SessionAuth()])
ALL_ERRORS = {**ERRORS, 403: ErrorOut}
BODY = "body.payload"


# --- who is asking ----------------------------------------------------------------------------------------------


def own_profile(request) -> SupplierProfile:
    if isinstance(request.auth, Organisation):
        organisation = request.auth if request.auth.kind == Organisation.Kind.SUPPLIER else None
    else:
        organisation = access.supplier_organisation(request.auth)
    if organisation is None:
        raise ApiError(403, "not_a_supplier", _("Only a supplier organisation has a supplier profile."))
    return services.profile_for(organisation)


def _readable(request):
    if isinstance(request.auth, Organisation):
        return SupplierProfile.objects.visible_to(request.auth)
    return SupplierProfile.objects.readable_by(request.auth)


def is_reader(request) -> bool:
    if isinstance(request.auth, Organisation):
        return request.auth.kind in (Organisation.Kind.BUYER, Organisation.Kind.OPERATOR)
    return access.is_reader(request.auth)


def _loaded(profile: SupplierProfile) -> SupplierProfile:
    return SupplierProfile.objects.with_details().get(pk=profile.pk)


def _extra(name: str) -> tuple[str, ...]:
    name = " ".join(name.split())
    return (name,) if name else ()


# --- endpoints -------------------------------------------------------------------------------------------------


@router.get("/me", response={200: ProfileOut, **ALL_ERRORS}, summary="Your supplier profile (/<lang>/company/)")
def get_me(request):
    return profile_out(_loaded(own_profile(request)))


@router.put("/me", response={200: ProfileOut, **ALL_ERRORS}, summary="Replace your supplier profile")
def put_me(request, payload: ProfileIn):
    profile = own_profile(request)
    changes = _changes(profile, payload.model_dump(), {}, partial=False)
    return profile_out(_loaded(_save(profile, changes)))


@router.patch("/me", response={200: ProfileOut, **ALL_ERRORS}, summary="Change parts of your supplier profile")
def patch_me(request, payload: ProfileIn):
    profile = own_profile(request)
    sent = payload.model_dump(exclude_unset=True)
    changes = _changes(profile, payload.model_dump(), sent, partial=True)
    return profile_out(_loaded(_save(profile, changes)))


@router.get(
    "/me/award-candidates",
    response={200: CandidatesOut, **ALL_ERRORS},
    summary="Awards in the award data that may be yours (/<lang>/company/contracts/import/)",
)
def award_candidates(request, params: Query[CandidateParams]):
    return _candidates_out(awards.find_candidates(own_profile(request), _extra(params.name)))


@router.get(
    "/me/category-suggestions",
    response={200: SuggestionsOut, **ALL_ERRORS},
    summary="UNSPSC codes your description suggests, less those you have (/<lang>/company/products/)",
)
def category_suggestions(request):
    return {"suggestions": [suggestion_out(s) for s in categories.suggestions_for(own_profile(request))]}


@router.post(
    "/me/award-imports",
    response={200: ImportOut, **ALL_ERRORS},
    summary="Import chosen awards as past contracts (a second import adds nothing)",
)
def import_awards(request, payload: ImportIn):
    profile = own_profile(request)
    try:
        result = services.do_import_awards(profile, payload.awards, _extra(payload.name))
    except ValidationError as error:
        raise _invalid([(f"{BODY}.awards", message) for message in error.messages]) from None
    return {"created": result.created, "already": result.already, "profile": profile_out(_loaded(profile))}


@router.get(
    "",
    response={200: DirectoryOut, **ALL_ERRORS},
    summary="Visible supplier profiles, for buyers and programme operators (/<lang>/suppliers/)",
)
def directory(request, params: Query[DirectoryParams]):
    if not is_reader(request):
        raise ApiError(404, "not_found", _("Nothing was found at this address."))
    profiles = SupplierProfile.objects.visible().select_related("organisation", "women_owned").order_by(
        "-updated", "pk"
    )
    total = profiles.count()
    size = 50
    rows = profiles[(params.page - 1) * size : params.page * size]
    return {
        "items": [_summary(p) for p in rows],
        "page": params.page,
        "pages": max(1, -(-total // size)),
        "total": total,
    }


@router.get(
    "/{profile_id}",
    response={200: ProfileOut, **ALL_ERRORS},
    summary="A supplier profile, read-only (/<lang>/suppliers/<id>/)",
)
def get_profile(request, profile_id: int):
    profile = _readable(request).with_details().filter(pk=profile_id).first()
    if profile is None:
        raise ApiError(404, "not_found", _("There is no supplier profile %(id)s.") % {"id": profile_id})
    return profile_out(profile)


@router.post(
    "/{profile_id}/women-owned/verify",
    response={200: ProfileOut, **ALL_ERRORS},
    summary="Mark a women-owned declaration as verified (programme operators, session only)",
)
def verify_women_owned(request, profile_id: int):
    user = None if isinstance(request.auth, Organisation) else request.auth
    profile = _readable(request).filter(pk=profile_id).first()
    if profile is None or user is None or not services.is_operator(user):
        raise ApiError(404, "not_found", _("There is no supplier profile %(id)s.") % {"id": profile_id})
    try:
        services.do_verify_women_owned(profile, user)
    except ValidationError as error:
        raise _invalid([(BODY, message) for message in error.messages]) from None
    return profile_out(_loaded(profile))


# --- validation: the JSON body through the pages' forms ----------------------------------------------------------

COMPANY_KEYS = {
    "name_zh", "name_en", "country", "province", "city", "size_class", "employees", "turnover", "founded_year",
    "description",
}
REGISTRATION_KEYS = {
    "ungm_level", "ungm_number", "languages", "export_countries", "export_years", "export_notes", "wants_international",
}
# Form fields that the API names differently.
RENAMED = {"annual_turnover": "turnover.amount", "turnover_currency": "turnover.currency",
           "amount": "value.amount", "currency": "value.currency"}


def _invalid(fields: list[tuple[str, str]]) -> ApiError:
    return ApiError(
        422,
        "validation_error",
        _("Some fields are not valid: see details.fields."),
        {"fields": [{"location": location, "message": message} for location, message in fields]},
    )


def _form_errors(form, prefix: str) -> list[tuple[str, str]]:
    found = []
    for name, errors in form.errors.as_data().items():
        location = prefix if name == NON_FIELD_ERRORS else f"{prefix}.{RENAMED.get(name, name)}"
        found += [(location, message) for error in errors for message in error.messages]
    return found


def _money_data(value: dict | None, amount_key: str, currency_key: str) -> dict:
    value = value or {}
    amount = value.get("amount")
    return {amount_key: "" if amount is None else str(amount), currency_key: value.get("currency", "")}


def _validated(form) -> dict | None:
    return form.cleaned_data if form.is_valid() else None


def _changes(profile: SupplierProfile, full: dict, sent: dict, partial: bool) -> services.ProfileChanges:
    """The body as ProfileChanges, or ApiError 422 naming every field that is wrong (nothing is written)."""
    given = sent.keys() if partial else full.keys()
    errors: list[tuple[str, str]] = []
    changes = services.ProfileChanges()
    if given & COMPANY_KEYS:
        changes.company = _company(profile, full, given, errors)
    if given & REGISTRATION_KEYS:
        changes.registration = _section(RegistrationForm, profile, full, set(given), errors)
    if "visible" in given:
        changes.visible = full["visible"]
    if "unspsc" in given:
        changes.codes = _codes(full["unspsc"], errors)
    if "past_contracts" in given:
        changes.contracts = _children(profile, PastContract, full["past_contracts"], errors)
    if "certificates" in given:
        changes.certificates = _children(profile, Certificate, full["certificates"], errors)
    if "women_owned" in given:
        changes.women_owned = _women_owned(full["women_owned"], errors)
    if errors:
        raise _invalid(errors)
    return changes


def _company(profile, full: dict, given, errors) -> dict | None:
    data = {key: full[key] for key in COMPANY_KEYS - {"turnover"}}
    data.update(_money_data(full["turnover"], "annual_turnover", "turnover_currency"))
    sent = set(given) | ({"annual_turnover", "turnover_currency"} if "turnover" in given else set())
    return _section(CompanyForm, profile, data, sent, errors)


def _section(form_class, profile, data: dict, sent: set[str], errors) -> dict | None:
    """A section's form bound to the stored values with the sent ones on top (so PATCH keeps the rest).

    The form gets a fresh instance: validating must not change the stored profile object."""
    stored = form_class(instance=profile)
    bound = {name: _form_value(stored[name].value()) for name in stored.fields}
    bound.update({name: _form_value(data[name]) for name in stored.fields if name in sent and name in data})
    form = form_class(data=bound, instance=SupplierProfile(organisation=profile.organisation))
    errors += _form_errors(form, BODY)
    return _validated(form)


def _form_value(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def _codes(raw: list, errors) -> list[str] | None:
    codes = [item if isinstance(item, str) else item["code"] for item in raw]
    try:
        codes = categories.check_codes(codes)
    except ValidationError as error:
        errors += [(f"{BODY}.unspsc", message) for message in error.messages]
        return None
    if len(codes) > MAX_CODES:
        errors.append((f"{BODY}.unspsc", categories.too_many_message(MAX_CODES)))
    return codes


def _children(profile, model, rows: list[dict], errors) -> list[tuple[int | None, dict]]:
    form_class, key, limit = (
        (ContractForm, "past_contracts", MAX_CONTRACTS) if model is PastContract
        else (CertificateForm, "certificates", MAX_CERTIFICATES)
    )
    if len(rows) > limit:
        errors.append((f"{BODY}.{key}", _("At most %(limit)d items can be sent here.") % {"limit": limit}))
        return []
    owned = set(model.objects.filter(profile=profile).values_list("pk", flat=True))
    found, seen = [], set()
    for index, row in enumerate(rows):
        prefix = f"{BODY}.{key}.{index}"
        pk = row.get("id")
        if pk is not None and (pk not in owned or pk in seen):
            errors.append((f"{prefix}.id", _("There is no item %(id)s of this kind in your profile to keep.") % {"id": pk}))
            continue
        seen.add(pk)
        data = {k: _form_value(v) for k, v in row.items() if k not in ("id", "value")}
        if model is PastContract:
            data.update(_money_data(row.get("value"), "amount", "currency"))
        form = form_class(data=data)
        errors += _form_errors(form, prefix)
        if form.is_valid():
            found.append((pk, form.cleaned_data))
    return found


def _women_owned(data: dict | None, errors) -> dict | None:
    if data is None:
        return None
    form = WomenOwnedForm(data={k: _form_value(v) for k, v in data.items()})
    errors += _form_errors(form, f"{BODY}.women_owned")
    return _validated(form)


def _save(profile: SupplierProfile, changes: services.ProfileChanges) -> SupplierProfile:
    try:
        return services.do_save_profile(profile, changes)
    except ValidationError as error:  # a limit that depends on the stored state
        raise _invalid([(BODY, message) for message in error.messages]) from None


# --- output -----------------------------------------------------------------------------------------------------


def _money(amount, currency: str) -> dict | None:
    return None if amount is None else {"amount": str(amount), "currency": currency}


def _contract(c: PastContract) -> dict:
    source = None
    if c.imported:
        source = {"ocid": c.source_ocid, "award_id": c.source_award_id,
                  "opportunity_url": f"/api/v1/opportunities/{c.source_ocid}"}
    return {
        "id": c.pk, "title": c.title, "buyer": c.buyer, "year": c.year, "value": _money(c.amount, c.currency),
        "description": c.description, "imported": c.imported, "source": source,
    }


def _certificate(c: Certificate) -> dict:
    return {
        "id": c.pk, "kind": c.kind, "name": c.name, "label": c.label, "number": c.number, "issuer": c.issuer,
        "issued": c.issued, "expires": c.expires, "expired": c.is_expired(),
    }


def _women_owned_out(profile: SupplierProfile) -> dict | None:
    d = profile.women_owned_or_none()
    if d is None:
        return None
    return {
        "ownership_percent": str(d.ownership_percent), "ownership_evidence": d.ownership_evidence,
        "women_managed": d.women_managed, "management_evidence": d.management_evidence,
        "women_controlled": d.women_controlled, "control_evidence": d.control_evidence,
        "meets_iwa34": d.meets_iwa34, "status": d.status, "verified_at": d.verified_at,
        "declared_at": d.declared_at,
    }


def _completeness(profile: SupplierProfile) -> dict:
    result = completeness(profile)
    items = [item.__dict__ for item in result.items]
    return {"score": result.score, "next": result.next.__dict__ if result.next else None, "items": items}


def profile_out(profile: SupplierProfile) -> dict:
    """The profile as the API shows it; `profile` loaded with SupplierProfile.objects.with_details()."""
    codes = categories.titles([c.code for c in profile.categories.all()])
    return {
        "id": profile.pk,
        "organisation": {"id": profile.organisation_id, "name": profile.organisation.name},
        "names": profile.names,
        **{name: getattr(profile, name) for name in (
            "name_zh", "name_en", "province", "city", "employees", "founded_year", "description", "ungm_number",
            "languages", "export_countries", "export_years", "export_notes", "wants_international", "visible",
            "updated",
        )},
        "country": profile.country or None,
        "country_name": countries.name(profile.country, get_language() or "en") if profile.country else None,
        "size_class": profile.size_class or None,
        "turnover": _money(profile.annual_turnover, profile.turnover_currency),
        "unspsc": [
            {"code": c.code, "title": c.title, "title_en": c.title_en, "title_zh": c.title_zh} for c in codes
        ],
        "past_contracts": [_contract(c) for c in profile.contracts.all()],
        "certificates": [_certificate(c) for c in profile.certificates.all()],
        "women_owned": _women_owned_out(profile),
        "ungm_level": profile.ungm_level or None,
        "completeness": _completeness(profile),
        "page_url": reverse("suppliers:detail", args=[profile.pk]),
    }


def _candidates_out(found: awards.Candidates) -> dict:
    def award(a: awards.AwardCandidate) -> dict:
        return {
            "id": a.pk, "ocid": a.ocid, "award_id": a.award_id, "title": a.title, "buyer": a.buyer, "year": a.year,
            "value": _money(a.amount, a.currency), "already_imported": a.already_imported,
        }

    parties = [
        {"id": p.pk, "name": p.name, "country": p.country or None, "awards": [award(a) for a in p.awards]}
        for p in found.parties
    ]
    return {"searched": found.cores, "parties": parties, "more": found.more}


def _summary(profile: SupplierProfile) -> dict:
    declaration = profile.women_owned_or_none()
    return {
        "id": profile.pk,
        "name": profile.display_name,
        "names": profile.names,
        "country": profile.country or None,
        "size_class": profile.size_class or None,
        "women_owned": declaration.meets_iwa34 if declaration else None,
        "updated": profile.updated,
        "api_url": f"/api/v1/suppliers/{profile.pk}",
    }
