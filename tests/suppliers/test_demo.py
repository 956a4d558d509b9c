import pytest
from django.core.management import call_command

from tenderbridge.suppliers import services
from tenderbridge.suppliers.completeness import completeness
from tenderbridge.suppliers.models import SupplierProfile

pytestmark = pytest.mark.django_db


def demo_profile() -> SupplierProfile:
    return SupplierProfile.objects.with_details().get(organisation__name__startswith="Suzhou Medtex")


def test_the_demo_supplier_gets_a_complete_chinese_profile_once(codes):
    call_command("load_demo", "--accounts-only", stdout=None)
    profile = demo_profile()
    assert profile.name_zh == "苏州美德纺织有限公司" and "吴江" in profile.description
    assert profile.visible and profile.women_owned.meets_iwa34
    assert completeness(profile).score == 100
    counts = (profile.categories.count(), profile.contracts.count(), profile.certificates.count())
    call_command("load_demo", "--accounts-only", stdout=None)
    again = demo_profile()
    assert (again.categories.count(), again.contracts.count(), again.certificates.count()) == counts
    assert SupplierProfile.objects.count() == 1


def test_loading_the_demo_again_keeps_what_a_demo_user_changed(codes):
    call_command("load_demo", "--accounts-only", stdout=None)
    services.do_update_company(demo_profile(), {"description": "我们改了简介。"})
    call_command("load_demo", "--accounts-only", stdout=None)
    assert demo_profile().description == "我们改了简介。"
