from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tenderbridge.accounts.models import Organisation
from tenderbridge.lib.matching.features import PastContract as PastContractFeature
from tenderbridge.lib.matching.features import SupplierFeatures
from tenderbridge.suppliers import services
from tenderbridge.suppliers.models import (
    MAX_CODES,
    PastContract,
    SupplierCategory,
    SupplierProfile,
    WomenOwnership,
)
from tenderbridge.suppliers.signals import profile_changed

from .conftest import COMPANY

pytestmark = pytest.mark.django_db

WOMEN_OWNED = {
    "ownership_percent": Decimal("60"),
    "ownership_evidence": "营业执照和公司章程：李娜持股 60%。",
    "women_managed": True,
    "management_evidence": "总经理李娜，财务总监王芳。",
    "women_controlled": True,
    "control_evidence": "李娜为法定代表人，签署合同和财务报表。",
}


def company(**changes) -> dict:
    data = {**COMPANY, **changes}
    data["annual_turnover"] = Decimal(data["annual_turnover"]) if data["annual_turnover"] else None
    return data


def test_a_profile_is_created_on_first_use_with_the_names_and_country_from_sign_up(supplier_owner):
    profile = services.profile_for(supplier_owner.organisation)
    assert profile.name_zh == "苏州美德纺织有限公司"
    assert profile.name_en == "Suzhou Medtex Co., Ltd."
    assert profile.country == "CN"
    assert profile.visible is False
    assert services.profile_for(supplier_owner.organisation).pk == profile.pk
    assert SupplierProfile.objects.count() == 1


def test_buyers_and_operators_have_no_supplier_profile(un_buyer, operator):
    for user in (un_buyer, operator):
        with pytest.raises(services.NotASupplier):
            services.profile_for(user.organisation)
    assert not SupplierProfile.objects.exists()


def test_the_size_class_is_set_from_the_headcount_when_left_empty(profile):
    assert services.do_update_company(profile, company(employees=120)).size_class == "medium"
    assert services.do_update_company(profile, company(employees=8)).size_class == "micro"
    assert services.do_update_company(profile, company(employees=8, size_class="small")).size_class == "small"
    assert services.do_update_company(profile, company(employees=None)).size_class == ""


def test_codes_are_normalised_deduplicated_and_checked_against_the_loaded_taxonomy(profile, codes):
    added = services.do_add_codes(profile, ["4213 2203", "４６１８１５０４", "42-13-22-03"])
    assert added == ["42132203", "46181504"]
    assert services.do_add_codes(profile, ["42132203"]) == []
    with pytest.raises(ValidationError) as error:
        services.do_add_codes(profile, ["4213", "gloves", "99999999"])
    messages = " ".join(error.value.messages)
    assert "“4213”" in messages and "“gloves”" in messages  # malformed, each named
    assert "99999999" in messages and "no code" in messages  # well-formed but not in the code list
    assert sorted(SupplierCategory.objects.values_list("code", flat=True)) == ["42132203", "46181504"]


def test_well_formed_codes_are_accepted_before_any_taxonomy_is_loaded(profile):
    assert services.do_add_codes(profile, ["42132203"]) == ["42132203"]
    with pytest.raises(ValidationError):
        services.do_add_codes(profile, ["00132203"])  # never a UNSPSC code


def test_a_profile_holds_at_most_the_code_limit(profile):
    services.do_add_codes(profile, [f"42{n:06d}" for n in range(1, MAX_CODES + 1)])
    with pytest.raises(ValidationError) as error:
        services.do_add_codes(profile, ["43000001"])
    assert str(MAX_CODES) in error.value.messages[0]
    assert SupplierCategory.objects.filter(profile=profile).count() == MAX_CODES


def test_removing_codes_leaves_the_others(profile, codes):
    services.do_add_codes(profile, ["42132203", "46181504"])
    assert services.do_remove_codes(profile, ["42132203", "11111111"]) == 1
    assert list(profile.categories.values_list("code", flat=True)) == ["46181504"]


def test_a_supplier_cannot_change_or_delete_another_suppliers_contract(profile, other_profile):
    theirs = services.do_save_contract(other_profile, {"title": "Solar lanterns", "buyer": "UNHCR"})
    with pytest.raises(PastContract.DoesNotExist):
        services.do_save_contract(profile, {"title": "Mine now"}, theirs.pk)
    with pytest.raises(PastContract.DoesNotExist):
        services.do_delete_contract(profile, theirs.pk)
    theirs.refresh_from_db()
    assert theirs.title == "Solar lanterns" and theirs.profile == other_profile


def test_certificates_expire_and_name_themselves(profile):
    today = timezone.localdate()
    valid = services.do_save_certificate(profile, {"kind": "iso_9001", "expires": today + timedelta(days=30)})
    old = services.do_save_certificate(profile, {"kind": "other", "name": "CE 认证", "expires": date(2020, 1, 1)})
    assert valid.label == "ISO 9001" and not valid.is_expired()
    assert old.label == "CE 认证" and old.is_expired()


def test_the_women_owned_declaration_meets_iwa34_only_with_all_three_criteria(profile):
    assert services.do_declare_women_owned(profile, WOMEN_OWNED).meets_iwa34
    half = {**WOMEN_OWNED, "ownership_percent": Decimal("50")}
    assert not services.do_declare_women_owned(profile, half).meets_iwa34  # "more than 50%"
    unmanaged = {**WOMEN_OWNED, "women_managed": False}
    assert not services.do_declare_women_owned(profile, unmanaged).meets_iwa34


def test_an_operator_verifies_a_declaration_and_a_change_makes_it_self_declared_again(profile, operator):
    services.do_declare_women_owned(profile, WOMEN_OWNED)
    declaration = services.do_verify_women_owned(profile, operator)
    assert declaration.verified and declaration.verified_by == operator
    services.do_declare_women_owned(profile, WOMEN_OWNED)  # the same answers: still verified
    assert WomenOwnership.objects.get().verified
    services.do_declare_women_owned(profile, {**WOMEN_OWNED, "ownership_percent": Decimal("75")})
    declaration = WomenOwnership.objects.get()
    assert declaration.status == "self_declared" and declaration.verified_by is None


def test_only_operators_verify_and_only_declarations_that_meet_iwa34(profile, un_buyer, operator):
    services.do_declare_women_owned(profile, {**WOMEN_OWNED, "women_controlled": False})
    with pytest.raises(PermissionDenied):
        services.do_verify_women_owned(profile, un_buyer)
    with pytest.raises(ValidationError):
        services.do_verify_women_owned(profile, operator)
    assert not WomenOwnership.objects.get().verified


def test_every_write_announces_the_change_once_after_commit(profile, django_capture_on_commit_callbacks):
    seen = []

    def receiver(sender, profile_id, **kwargs):
        seen.append(profile_id)

    profile_changed.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            services.do_update_company(profile, company())
        with django_capture_on_commit_callbacks(execute=True):
            services.do_set_visibility(profile, True)
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            with pytest.raises(ValidationError):
                services.do_add_codes(profile, ["bad"])
        assert callbacks == []  # refused: nothing changed, nothing announced
    finally:
        profile_changed.disconnect(receiver)
    assert seen == [profile.pk, profile.pk]


def test_a_whole_profile_write_is_all_or_nothing(profile, codes):
    changes = services.ProfileChanges(
        company=company(description="新的简介"),
        codes=["42132203"],
        contracts=[(None, {"title": f"合同 {n}"}) for n in range(3)],
    )
    services.do_save_profile(profile, changes)
    refused = services.ProfileChanges(company=company(description="不应保存"), codes=["99999999"])
    with pytest.raises(ValidationError):
        services.do_save_profile(profile, refused)
    profile.refresh_from_db()
    assert profile.description == "新的简介"
    assert list(profile.categories.values_list("code", flat=True)) == ["42132203"]
    assert profile.contracts.count() == 3


def test_listed_contracts_keep_their_rows_and_unlisted_ones_are_deleted(profile):
    keep = services.do_save_contract(profile, {"title": "Gowns for WHO", "buyer": "WHO", "year": 2019})
    services.do_save_contract(profile, {"title": "Dropped"})
    changes = services.ProfileChanges(contracts=[(keep.pk, {"title": "Gowns for WHO (2019)"}), (None, {"title": "New"})])
    services.do_save_profile(profile, changes)
    rows = dict(profile.contracts.values_list("pk", "title"))
    assert rows[keep.pk] == "Gowns for WHO (2019)" and sorted(rows.values()) == ["Gowns for WHO (2019)", "New"]
    assert PastContract.objects.get(pk=keep.pk).buyer == "WHO"  # fields not sent are kept


def test_features_for_gives_the_ranker_plain_values(profile, codes):
    services.do_update_company(profile, company())
    services.do_update_registration(
        profile,
        {"ungm_level": "level_1", "ungm_number": "123456", "languages": ["zh", "en"],
         "export_countries": ["KE", "DE"], "export_years": 6, "export_notes": ""},
    )
    services.do_add_codes(profile, ["46181504", "42132203"])
    services.do_save_contract(
        profile, {"title": "隔离衣", "buyer": "UNICEF", "year": 2021, "amount": Decimal("120000"), "currency": "USD"}
    )
    services.do_save_certificate(profile, {"kind": "iso_9001", "expires": date(2099, 1, 1)})
    services.do_save_certificate(profile, {"kind": "iso_14001", "expires": date(2001, 1, 1)})  # expired
    services.do_declare_women_owned(profile, WOMEN_OWNED)
    features = services.features_for(SupplierProfile.objects.with_details().get(pk=profile.pk))
    assert isinstance(features, SupplierFeatures)
    assert features.id == str(profile.pk) and features.name == "Suzhou Medtex Co., Ltd."
    assert features.names[:2] == ("苏州美德纺织有限公司", "Suzhou Medtex Co., Ltd.")
    assert (features.country, features.size_class, features.ungm_level) == ("CN", "medium", "level_1")
    assert features.unspsc == ("42132203", "46181504")
    assert features.history == (
        PastContractFeature(title="隔离衣", buyer="UNICEF", date=date(2021, 1, 1), amount=Decimal("120000.00"),
                            currency="USD"),
    )
    assert features.certificates == ("ISO 9001",)
    assert features.women_owned is True and features.women_owned_verified is False
    assert features.languages == ("zh", "en") and features.export_countries == ("KE", "DE")
    assert features.founded_year == 2006 and "医用检查手套" in features.description


def test_a_name_only_profile_still_exports_features(profile):
    features = services.features_for(profile)
    assert features.unspsc == () and features.history == () and features.women_owned is None
    assert features.ungm_level == "" and features.name == "Suzhou Medtex Co., Ltd."


def test_features_for_many_reads_any_number_of_profiles_in_four_queries(
    profile, other_profile, django_assert_num_queries
):
    for n in range(5):
        organisation = Organisation.objects.create(name=f"Factory {n} 工厂{n}", kind="supplier", country="CN")
        extra = services.profile_for(organisation)
        services.do_add_codes(extra, ["42132203"])
        services.do_save_contract(extra, {"title": f"Contract {n}"})
        services.do_save_certificate(extra, {"kind": "sa8000"})
    with django_assert_num_queries(4):
        features = services.features_for_many()
    assert len(features) == 7 and [f.id for f in features] == sorted((f.id for f in features), key=int)
    assert features[-1].certificates == ("SA8000",) and features[-1].history[0].title == "Contract 4"
