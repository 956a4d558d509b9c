from datetime import date

import pytest

from tenderbridge.suppliers import services
from tenderbridge.suppliers.completeness import RULES, completeness
from tenderbridge.suppliers.models import SupplierProfile

from .test_services import WOMEN_OWNED, company

pytestmark = pytest.mark.django_db


def score_of(profile) -> tuple[int, str | None]:
    result = completeness(SupplierProfile.objects.with_details().get(pk=profile.pk))
    return result.score, result.next.key if result.next else None


def test_a_fresh_profile_has_its_names_and_says_to_add_products_next(profile):
    assert score_of(profile) == (10, "products")  # names in both languages came from sign-up


def test_each_part_raises_the_score_until_the_profile_is_complete(profile, codes):
    services.do_update_company(profile, company())
    assert score_of(profile) == (40, "products")
    services.do_add_codes(profile, ["42132203"])
    assert score_of(profile) == (60, "contracts")
    services.do_save_contract(profile, {"title": "隔离衣"})
    services.do_save_certificate(profile, {"kind": "iso_9001", "expires": date(2099, 1, 1)})
    services.do_declare_women_owned(profile, WOMEN_OWNED)
    services.do_update_registration(
        profile, {"ungm_level": "none", "ungm_number": "", "languages": ["zh"], "export_countries": [],
                  "export_years": 0, "export_notes": ""},
    )
    assert score_of(profile) == (100, None)


def test_an_expired_certificate_and_an_emoji_description_do_not_count(profile):
    services.do_update_company(profile, company(description="🧤" * 200))
    services.do_save_certificate(profile, {"kind": "iso_9001", "expires": date(2001, 1, 1)})
    items = {item.key: item.done for item in completeness(SupplierProfile.objects.with_details().get(pk=profile.pk)).items}
    assert items["description"] is False and items["certificates"] is False


def test_the_checklist_weights_add_up_to_100_and_each_item_has_a_hint():
    assert sum(rule.weight for rule in RULES) == 100
    assert all(rule.hint and rule.label for rule in RULES)
