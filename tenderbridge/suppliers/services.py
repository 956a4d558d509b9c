"""Writes to supplier profiles, each in one transaction, and the profile's export for the ranker.

Every write locks the profile row first (so limits such as MAX_CODES hold under concurrent requests), stamps
`updated`, and after the commit calls `on_profile_changed(profile_id)`: the one place where "this supplier's
profile changed" happens, for the matching part to recompute that supplier's feed.

Input comes validated by forms.py (the pages and the API use the same forms); what depends on the stored state
(limits, which contract belongs to whom, which awards are this company's) is checked here and refused with a
ValidationError.
"""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from tenderbridge.accounts.models import Organisation, User
from tenderbridge.lib.matching.features import PastContract as PastContractFeature
from tenderbridge.lib.matching.features import SupplierFeatures
from tenderbridge.opportunities.models import Award
from tenderbridge.taxonomy import suggest

from . import awards, categories
from .models import (
    MAX_CERTIFICATES,
    MAX_CODES,
    MAX_CONTRACTS,
    Certificate,
    PastContract,
    SupplierCategory,
    SupplierProfile,
    WomenOwnership,
)
from .names import split_names
from .signals import profile_changed

COMPANY_FIELDS = (
    "name_zh", "name_en", "country", "province", "city", "size_class", "employees", "annual_turnover",
    "turnover_currency", "founded_year", "description",
)
REGISTRATION_FIELDS = (
    "ungm_level", "ungm_number", "languages", "export_countries", "export_years", "export_notes",
    "wants_international",
)
CONTRACT_FIELDS = ("title", "buyer", "year", "amount", "currency", "description")
CERTIFICATE_FIELDS = ("kind", "name", "number", "issuer", "issued", "expires")
WOMEN_OWNED_FIELDS = (
    "ownership_percent", "ownership_evidence", "women_managed", "management_evidence", "women_controlled",
    "control_evidence",
)
UNCHANGED = object()  # "leave this part as it is" in ProfileChanges
# The award columns an import copies (not the notice's compiled release, which is most of its row).
IMPORT_COLUMNS = (
    "ocds_id", "title", "date", "value_amount", "value_currency", "notice__ocid", "notice__title",
    "notice__buyer__name",
)


class NotASupplier(Exception):
    """Only supplier organisations have a supplier profile."""


def on_profile_changed(profile_id: int) -> None:
    """Called once after every committed write to a profile (and on its creation).

    It does nothing itself yet: it sends `suppliers.signals.profile_changed(profile_id=…)`, so the matching
    part can connect a receiver that enqueues the recompute of this supplier's feed, without this app
    importing matching.
    """
    profile_changed.send(sender=SupplierProfile, profile_id=profile_id)


def size_from_headcount(employees: int | None) -> str:
    """The size class a headcount implies (EU thresholds: < 10 micro, < 50 small, < 250 medium)."""
    if employees is None:
        return ""
    for limit, size in ((10, "micro"), (50, "small"), (250, "medium")):
        if employees < limit:
            return size
    return "large"


def profile_for(organisation: Organisation) -> SupplierProfile:
    """The organisation's profile, created on first use from what sign-up knows (names, country)."""
    if organisation.kind != Organisation.Kind.SUPPLIER:
        raise NotASupplier(organisation.pk)
    existing = SupplierProfile.objects.filter(organisation=organisation).first()
    return existing or _create_profile(organisation)


@transaction.atomic
def _create_profile(organisation: Organisation) -> SupplierProfile:
    chinese, latin = split_names(organisation.name)
    profile, created = SupplierProfile.objects.get_or_create(
        organisation=organisation,
        defaults={"name_zh": chinese[:200], "name_en": latin[:200], "country": organisation.country},
    )
    if created:
        transaction.on_commit(lambda: on_profile_changed(profile.pk))
    return profile


def _locked(profile: SupplierProfile) -> SupplierProfile:
    return SupplierProfile.objects.select_for_update().select_related("organisation").get(pk=profile.pk)


def _changed(profile: SupplierProfile) -> None:
    profile.updated = timezone.now()
    SupplierProfile.objects.filter(pk=profile.pk).update(updated=profile.updated)
    transaction.on_commit(lambda: on_profile_changed(profile.pk))


def _refuse(message: str, code: str) -> None:
    raise ValidationError(message, code=code)


# --- company, registration, visibility -------------------------------------------------------------------------


def _apply_fields(profile: SupplierProfile, data: dict, names: tuple[str, ...]) -> None:
    for name in names:
        if name in data:
            setattr(profile, name, data[name])
    if "size_class" in names and not profile.size_class:
        profile.size_class = size_from_headcount(profile.employees)
    profile.save(update_fields=list(names))


@transaction.atomic
def do_update_company(profile: SupplierProfile, data: dict) -> SupplierProfile:
    profile = _locked(profile)
    _apply_fields(profile, data, COMPANY_FIELDS)
    _changed(profile)
    return profile


@transaction.atomic
def do_update_registration(profile: SupplierProfile, data: dict) -> SupplierProfile:
    profile = _locked(profile)
    _apply_fields(profile, data, REGISTRATION_FIELDS)
    _changed(profile)
    return profile


@transaction.atomic
def do_set_visibility(profile: SupplierProfile, visible: bool) -> SupplierProfile:
    profile = _locked(profile)
    profile.visible = bool(visible)
    profile.save(update_fields=["visible"])
    _changed(profile)
    return profile


# --- products and services (UNSPSC codes) -----------------------------------------------------------------------


def _set_codes(profile: SupplierProfile, codes: list[str]) -> None:
    codes = categories.check_codes(codes)
    if len(codes) > MAX_CODES:
        _refuse(categories.too_many_message(MAX_CODES), "too_many")
    SupplierCategory.objects.filter(profile=profile).exclude(code__in=codes).delete()
    existing = set(SupplierCategory.objects.filter(profile=profile).values_list("code", flat=True))
    SupplierCategory.objects.bulk_create(
        [SupplierCategory(profile=profile, code=code) for code in codes if code not in existing]
    )


@transaction.atomic
def do_add_codes(profile: SupplierProfile, codes: list[str]) -> list[str]:
    """Add codes (checked and normalised); returns those that were not there yet."""
    profile = _locked(profile)
    codes = categories.check_codes(codes)
    existing = list(SupplierCategory.objects.filter(profile=profile).values_list("code", flat=True))
    added = [code for code in codes if code not in existing]
    _set_codes(profile, existing + added)
    _changed(profile)
    return added


@transaction.atomic
def do_remove_codes(profile: SupplierProfile, codes: list[str]) -> int:
    profile = _locked(profile)
    removed, _rows = SupplierCategory.objects.filter(profile=profile, code__in=codes).delete()
    if removed:
        _changed(profile)
    return removed


# --- past contracts and certificates ---------------------------------------------------------------------------


def _owned(model, profile: SupplierProfile, pk) -> PastContract | Certificate:
    found = model.objects.filter(profile=profile, pk=pk).first()
    if found is None:
        # Another supplier's row and a missing one look the same: nothing leaks.
        raise model.DoesNotExist(pk)
    return found


def _save_child(model, fields, limit: int, too_many: str, profile, data: dict, pk=None):
    row = _owned(model, profile, pk) if pk is not None else model(profile=profile)
    if pk is None and model.objects.filter(profile=profile).count() >= limit:
        _refuse(too_many, "too_many")
    for name in fields:
        setattr(row, name, data.get(name, getattr(row, name)))
    row.save()
    return row


def _contracts_limit_message() -> str:
    return _("A profile can list at most %(limit)d past contracts.") % {"limit": MAX_CONTRACTS}


def _certificates_limit_message() -> str:
    return _("A profile can list at most %(limit)d certificates.") % {"limit": MAX_CERTIFICATES}


@transaction.atomic
def do_save_contract(profile: SupplierProfile, data: dict, contract_id: int | None = None) -> PastContract:
    """Add a past contract, or change one of this profile's (PastContract.DoesNotExist for any other)."""
    profile = _locked(profile)
    contract = _save_child(
        PastContract, CONTRACT_FIELDS, MAX_CONTRACTS, _contracts_limit_message(), profile, data, contract_id
    )
    _changed(profile)
    return contract


@transaction.atomic
def do_delete_contract(profile: SupplierProfile, contract_id: int) -> None:
    profile = _locked(profile)
    _owned(PastContract, profile, contract_id).delete()
    _changed(profile)


@transaction.atomic
def do_save_certificate(profile: SupplierProfile, data: dict, certificate_id: int | None = None) -> Certificate:
    profile = _locked(profile)
    certificate = _save_child(
        Certificate, CERTIFICATE_FIELDS, MAX_CERTIFICATES, _certificates_limit_message(), profile, data,
        certificate_id,
    )
    _changed(profile)
    return certificate


@transaction.atomic
def do_delete_certificate(profile: SupplierProfile, certificate_id: int) -> None:
    profile = _locked(profile)
    _owned(Certificate, profile, certificate_id).delete()
    _changed(profile)


# --- women-owned business declaration ---------------------------------------------------------------------------


def _declare(profile: SupplierProfile, data: dict) -> WomenOwnership:
    declaration = profile.women_owned_or_none() or WomenOwnership(profile=profile)
    before = {name: getattr(declaration, name) for name in WOMEN_OWNED_FIELDS}
    for name in WOMEN_OWNED_FIELDS:
        setattr(declaration, name, data[name])
    if declaration.pk is None or before != {name: getattr(declaration, name) for name in WOMEN_OWNED_FIELDS}:
        # A changed declaration is a new claim: a verification of the old one does not carry over.
        declaration.status = WomenOwnership.Status.SELF_DECLARED
        declaration.verified_by, declaration.verified_at = None, None
        declaration.declared_at = timezone.now()
    declaration.save()
    return declaration


@transaction.atomic
def do_declare_women_owned(profile: SupplierProfile, data: dict) -> WomenOwnership:
    profile = _locked(profile)
    declaration = _declare(profile, data)
    _changed(profile)
    return declaration


@transaction.atomic
def do_withdraw_women_owned(profile: SupplierProfile) -> None:
    profile = _locked(profile)
    WomenOwnership.objects.filter(profile=profile).delete()
    _changed(profile)


def is_operator(user: User) -> bool:
    return Organisation.objects.for_user(user).filter(kind=Organisation.Kind.OPERATOR).exists()


@transaction.atomic
def do_verify_women_owned(profile: SupplierProfile, by: User) -> WomenOwnership:
    """A programme operator confirms the declaration after checking its evidence."""
    if not is_operator(by):
        raise PermissionDenied("only programme operators verify declarations")
    profile = _locked(profile)
    declaration = WomenOwnership.objects.filter(profile=profile).first()
    if declaration is None or not declaration.meets_iwa34:
        _refuse(_("Only a declaration that meets all three IWA 34 criteria can be verified."), "not_met")
    declaration.status = WomenOwnership.Status.VERIFIED
    declaration.verified_by, declaration.verified_at = by, timezone.now()
    declaration.save(update_fields=["status", "verified_by", "verified_at"])
    _changed(profile)
    return declaration


# --- importing past contracts from the award data --------------------------------------------------------------


@dataclass(frozen=True)
class ImportResult:
    created: int
    already: int  # chosen awards that were imported before (nothing is duplicated)


@transaction.atomic
def do_import_awards(
    profile: SupplierProfile, award_ids: list[int], extra_names: tuple[str, ...] = ()
) -> ImportResult:
    """Turn the chosen awards into past contracts, linked to the award and the supplier party.

    Only awards of a party that matches this company's names (or the other names searched under, the same as
    for awards.find_candidates) are imported, whatever ids a request sends.
    """
    profile = _locked(profile)
    _cores, parties = awards.matching_parties(profile, extra_names)
    chosen = list(
        Award.objects.filter(pk__in=set(award_ids), suppliers__in=parties)
        .select_related("notice__buyer")
        .only(*IMPORT_COLUMNS)
        .prefetch_related("suppliers")
        .distinct()
    )
    party_ids = {party.pk for party in parties}
    imported = set(profile.contracts.exclude(source_ocid="").values_list("source_ocid", "source_award_id"))
    new = [award for award in chosen if (award.notice.ocid, award.ocds_id) not in imported]
    if profile.contracts.count() + len(new) > MAX_CONTRACTS:
        _refuse(_contracts_limit_message(), "too_many")
    PastContract.objects.bulk_create([_contract_from(profile, award, party_ids) for award in new])
    if new:
        _changed(profile)
    return ImportResult(created=len(new), already=len(chosen) - len(new))


def _contract_from(profile: SupplierProfile, award: Award, party_ids: set[int]) -> PastContract:
    candidate = awards.award_candidate(award, set())
    party = next((p for p in award.suppliers.all() if p.pk in party_ids), None)
    return PastContract(
        profile=profile,
        title=candidate.title,
        buyer=candidate.buyer,
        year=candidate.year,
        amount=candidate.amount,
        currency=candidate.currency,
        source_ocid=candidate.ocid,
        source_award_id=candidate.award_id,
        award=award,
        party=party,
    )


# --- the API's whole-profile write (PUT / PATCH) ------------------------------------------------------------


@dataclass
class ProfileChanges:
    """Validated parts of a profile to write together; UNCHANGED parts are left as they are.

    contracts / certificates: (existing id or None, data) pairs; the profile then holds exactly these, so a
    listed id keeps its row (and an imported contract its link to the award) and an unlisted one is deleted.
    women_owned: the declaration's data, or None to withdraw it.
    """

    company: dict | object = UNCHANGED
    registration: dict | object = UNCHANGED
    visible: bool | object = UNCHANGED
    codes: list[str] | object = UNCHANGED
    contracts: list[tuple[int | None, dict]] | object = UNCHANGED
    certificates: list[tuple[int | None, dict]] | object = UNCHANGED
    women_owned: dict | None | object = UNCHANGED


@transaction.atomic
def do_save_profile(profile: SupplierProfile, changes: ProfileChanges) -> SupplierProfile:
    """Write every given part, or nothing: a part refused here (ValidationError) rolls back the others."""
    profile = _locked(profile)
    if changes.company is not UNCHANGED:
        _apply_fields(profile, changes.company, COMPANY_FIELDS)
    if changes.registration is not UNCHANGED:
        _apply_fields(profile, changes.registration, REGISTRATION_FIELDS)
    if changes.visible is not UNCHANGED:
        profile.visible = bool(changes.visible)
        profile.save(update_fields=["visible"])
    if changes.codes is not UNCHANGED:
        _set_codes(profile, changes.codes)
    if changes.contracts is not UNCHANGED:
        _replace_children(PastContract, CONTRACT_FIELDS, MAX_CONTRACTS, _contracts_limit_message(),
                          profile, changes.contracts)
    if changes.certificates is not UNCHANGED:
        _replace_children(Certificate, CERTIFICATE_FIELDS, MAX_CERTIFICATES, _certificates_limit_message(),
                          profile, changes.certificates)
    if changes.women_owned is None:
        WomenOwnership.objects.filter(profile=profile).delete()
    elif changes.women_owned is not UNCHANGED:
        _declare(profile, changes.women_owned)
    _changed(profile)
    return profile


def _replace_children(model, fields, limit: int, too_many: str, profile, rows: list[tuple[int | None, dict]]):
    if len(rows) > limit:
        _refuse(too_many, "too_many")
    kept = [pk for pk, _data in rows if pk is not None]
    model.objects.filter(profile=profile).exclude(pk__in=kept).delete()
    for pk, data in rows:
        _save_child(model, fields, limit, too_many, profile, data, pk)


# --- the ranker's view of a profile (Django-free values) ---------------------------------------------------------


def features_for(profile: SupplierProfile, today: date | None = None) -> SupplierFeatures:
    """What the ranker knows of this supplier (lib/matching/features.py). Reads the profile's children; load it
    with `SupplierProfile.objects.with_details()` (or use features_for_many) to read them in bulk."""
    today = today or timezone.localdate()
    declaration = profile.women_owned_or_none()
    described = suggest.read_description(profile.description)
    return SupplierFeatures(
        id=str(profile.pk),
        name=profile.display_name,
        country=profile.country,
        description=profile.description,
        unspsc=tuple(category.code for category in profile.categories.all()),
        history=tuple(_history(contract) for contract in profile.contracts.all()),
        size_class=profile.size_class,
        ungm_level="" if profile.ungm_level == SupplierProfile.UngmLevel.NOT_REGISTERED else profile.ungm_level,
        certificates=tuple(
            sorted({c.label for c in profile.certificates.all() if not c.is_expired(today)})
        ),
        women_owned=declaration.meets_iwa34 if declaration else None,
        languages=tuple(profile.languages),
        names=tuple(profile.names),
        founded_year=profile.founded_year,
        export_countries=tuple(profile.export_countries),
        women_owned_verified=bool(declaration and declaration.meets_iwa34 and declaration.verified),
        described_unspsc=described.codes,
        translated_terms=described.translated,
        described_words=described.words,
        prefers_international=profile.wants_international,
    )


def _history(contract: PastContract) -> PastContractFeature:
    return PastContractFeature(
        title=contract.title,
        description=contract.description,
        buyer=contract.buyer,
        date=date(contract.year, 1, 1) if contract.year else None,
        amount=contract.amount,
        currency=contract.currency,
    )


def features_for_many(profiles: QuerySet[SupplierProfile] | None = None) -> list[SupplierFeatures]:
    """features_for of many profiles (all by default) in four queries, whatever their number; ordered by id."""
    queryset = SupplierProfile.objects.all() if profiles is None else profiles
    today = timezone.localdate()
    return [features_for(profile, today) for profile in queryset.with_details().order_by("pk")]
