import re
from html import unescape

import pytest

from tenderbridge.suppliers import services
from tenderbridge.suppliers.models import SupplierProfile

from .conftest import COMPANY
from .test_services import WOMEN_OWNED, company

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return unescape(re.sub(r"\s+", " ", response.content.decode()))


@pytest.fixture
def owner(client, supplier_owner):
    client.force_login(supplier_owner)
    return client


@pytest.fixture
def filled(profile, codes):
    services.do_update_company(profile, company())
    services.do_add_codes(profile, ["42132203", "46181504"])
    services.do_save_contract(profile, {"title": "一次性隔离衣", "buyer": "UNICEF Supply Division", "year": 2021})
    services.do_save_certificate(profile, {"kind": "iso_9001", "number": "CN-9001-88"})
    services.do_declare_women_owned(profile, WOMEN_OWNED)
    return profile


@pytest.mark.parametrize("lang", ["en", "zh-hans"])
def test_the_profile_page_shows_the_company_and_its_completeness_in_both_languages(owner, filled, lang):
    page = text(owner.get(f"/{lang}/company/"))
    assert f'lang="{lang}"' in page
    assert "苏州美德纺织有限公司" in page and "Suzhou Medtex Co., Ltd." in page
    assert "医用检查手套" in page if lang == "zh-hans" else "Medical exam or non surgical procedure gloves" in page
    assert "一次性隔离衣" in page and "CN-9001-88" in page
    assert 'data-testid="completeness-score">85%' in page
    if lang == "zh-hans":
        assert "我的公司" in page and "中国" in page and "符合 IWA 34" in page and "接下来" in page
    else:
        assert "My company" in page and "China" in page and "Meets the IWA 34 definition" in page
        assert "What to add next" in page and "UNGM registration" in page


def test_the_home_sections_my_company_leads_to_the_profile(owner, profile):
    response = owner.get("/zh-hans/s/company/")
    assert response.status_code == 302 and response["Location"] == "/zh-hans/company/"


def test_the_profile_page_reads_a_fixed_number_of_queries(owner, filled, django_assert_max_num_queries):
    for n in range(20):
        services.do_save_contract(filled, {"title": f"Contract {n}"})
    with django_assert_max_num_queries(14):
        assert owner.get("/en/company/").status_code == 200


def test_the_company_section_saves_and_returns_to_the_profile(owner, profile):
    response = owner.post("/zh-hans/company/edit/", {**COMPANY, "employees": "120", "size_class": ""})
    assert response.status_code == 302 and response["Location"] == "/zh-hans/company/"
    profile.refresh_from_db()
    assert profile.city == "苏州市" and profile.size_class == "medium"
    assert "企业简介" in text(owner.get("/zh-hans/company/"))


def test_a_100_kb_description_gets_a_form_error_and_nothing_is_saved(owner, profile):
    response = owner.post("/en/company/edit/", {**COMPANY, "description": "A" * 102_400})
    assert response.status_code == 400
    assert "“What the company makes or does” can be at most 20000 characters; this has 102400." in text(response)
    profile.refresh_from_db()
    assert profile.description == ""


def test_codes_are_found_and_added_without_javascript(owner, profile, codes):
    page = text(owner.get("/zh-hans/company/products/", {"q": "手套"}))
    assert "防护手套" in page and 'data-testid="pick-46181504"' in page
    response = owner.post("/zh-hans/company/products/?q=%E6%89%8B%E5%A5%97", {"action": "pick", "code": "46181504"})
    assert response.status_code == 302 and response["Location"].endswith("?q=%E6%89%8B%E5%A5%97")
    page = text(owner.get(response["Location"]))
    assert "已添加" in page and "46181504" in page
    assert list(profile.categories.values_list("code", flat=True)) == ["46181504"]


def test_a_malformed_or_unknown_code_is_explained_on_the_page(owner, profile, codes):
    response = owner.post("/en/company/products/", {"action": "add", "codes": "4213, 99999999"})
    assert response.status_code == 400
    page = text(response)
    assert "“4213” is not a UNSPSC code" in page and "no code 99999999" in page
    assert not profile.categories.exists()


def test_a_code_can_be_removed(owner, profile, codes):
    services.do_add_codes(profile, ["42132203", "46181504"])
    assert owner.post("/en/company/products/", {"action": "remove", "code": "42132203"}).status_code == 302
    assert list(profile.categories.values_list("code", flat=True)) == ["46181504"]


def test_contracts_and_certificates_are_added_changed_and_deleted(owner, profile):
    assert owner.post("/en/company/contracts/", {"title": "Surgical gowns", "amount": "1,200", "currency": "usd"})[
        "Location"
    ] == "/en/company/contracts/"
    contract = profile.contracts.get()
    assert contract.currency == "USD"
    owner.post(f"/en/company/contracts/{contract.pk}/", {"title": "Surgical gowns for WHO", "year": "2020"})
    contract.refresh_from_db()
    assert contract.title == "Surgical gowns for WHO" and contract.year == 2020
    owner.post(f"/en/company/contracts/{contract.pk}/", {"action": "delete"})
    assert not profile.contracts.exists()
    response = owner.post("/zh-hans/company/certificates/", {"kind": "other"})
    assert response.status_code == 400 and "证书名称" in text(response)
    owner.post("/zh-hans/company/certificates/", {"kind": "iso_14001", "expires": "2028-06-30"})
    assert profile.certificates.get().label == "ISO 14001"


def test_the_women_owned_section_asks_for_evidence_and_can_be_withdrawn(owner, profile):
    response = owner.post(
        "/en/company/women-owned/", {"ownership_percent": "60", "women_managed": "true", "women_controlled": "false"}
    )
    assert response.status_code == 400 and "Say what shows that women own more than half" in text(response)
    data = {k: str(v).lower() if isinstance(v, bool) else v for k, v in WOMEN_OWNED.items()}
    assert owner.post("/en/company/women-owned/", data).status_code == 302
    assert profile.women_owned_or_none().meets_iwa34
    owner.post("/en/company/women-owned/", {"action": "withdraw"})
    assert SupplierProfile.objects.get(pk=profile.pk).women_owned_or_none() is None


def test_the_registration_section_saves_languages_and_export_countries(owner, profile):
    owner.post(
        "/zh-hans/company/registration/",
        {"ungm_level": "basic", "ungm_number": "654321", "languages": ["zh", "en"], "export_countries": ["KE", "NG"],
         "export_years": "5"},
    )
    profile.refresh_from_db()
    assert (profile.ungm_level, profile.languages, profile.export_countries) == ("basic", ["zh", "en"], ["KE", "NG"])
    page = text(owner.get("/zh-hans/company/"))
    assert "肯尼亚" in page and "尼日利亚" in page and "中文, 英文" in page


def test_the_owner_makes_the_profile_visible_and_private_again(owner, profile):
    owner.post("/en/company/visibility/", {"visible": "on"})
    assert SupplierProfile.objects.get(pk=profile.pk).visible
    owner.post("/en/company/visibility/", {})
    assert not SupplierProfile.objects.get(pk=profile.pk).visible


# --- access control ---------------------------------------------------------------------------------------------

OWN_PAGES = [
    "/en/company/", "/en/company/edit/", "/en/company/products/", "/en/company/contracts/",
    "/en/company/contracts/import/", "/en/company/certificates/", "/en/company/women-owned/",
    "/en/company/registration/",
]


@pytest.mark.parametrize("url", [*OWN_PAGES, "/en/suppliers/", "/en/suppliers/1/"])
def test_anonymous_visitors_are_sent_to_sign_in(client, url):
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith("/en/accounts/login/?next=")


def test_a_supplier_cannot_read_another_suppliers_profile_even_when_it_is_visible(
    client, other_supplier_member, filled
):
    services.do_set_visibility(filled, True)
    client.force_login(other_supplier_member)
    assert client.get(f"/en/suppliers/{filled.pk}/").status_code == 404
    assert client.get(f"/en/suppliers/{filled.pk + 1000}/").status_code == 404  # missing looks the same
    assert client.get("/en/suppliers/").status_code == 404
    page = text(client.get("/en/company/"))
    assert "Ningbo Solar Light" in page and "苏州美德" not in page  # "My company" is their own


def test_a_supplier_cannot_edit_another_suppliers_contracts_through_the_pages(client, other_supplier_member, filled):
    contract = filled.contracts.get()
    client.force_login(other_supplier_member)
    assert client.get(f"/en/company/contracts/{contract.pk}/").status_code == 404
    assert client.post(f"/en/company/contracts/{contract.pk}/", {"action": "delete"}).status_code == 404
    assert client.post(f"/en/company/contracts/{contract.pk}/", {"title": "Mine"}).status_code == 404
    contract.refresh_from_db()
    assert contract.title == "一次性隔离衣"


def test_a_buyer_sees_visible_profiles_read_only_and_nothing_else(client, un_buyer, filled, other_profile):
    client.force_login(un_buyer)
    assert client.get(f"/en/suppliers/{filled.pk}/").status_code == 404  # private by default
    services.do_set_visibility(filled, True)
    page = text(client.get(f"/zh-hans/suppliers/{filled.pk}/"))
    assert "苏州美德纺织有限公司" in page and "防护手套" in page and "编辑" not in page
    assert "标记为已核实" not in page  # buyers do not verify
    directory = text(client.get("/en/suppliers/"))
    assert "Suzhou Medtex" in directory and "Ningbo Solar" not in directory
    assert client.get(f"/en/suppliers/{other_profile.pk}/").status_code == 404


@pytest.mark.parametrize("url", OWN_PAGES[1:])
def test_buyers_have_no_company_profile_to_edit(client, un_buyer, url):
    client.force_login(un_buyer)
    assert client.get(url).status_code == 403
    assert not SupplierProfile.objects.exists()


def test_a_buyers_my_company_leads_to_the_supplier_list(client, un_buyer):
    client.force_login(un_buyer)
    assert client.get("/en/company/")["Location"] == "/en/suppliers/"


def test_an_operator_verifies_a_visible_declaration_from_the_profile_page(client, operator, filled):
    services.do_set_visibility(filled, True)
    client.force_login(operator)
    assert 'data-testid="verify-women-owned"' in text(client.get(f"/en/suppliers/{filled.pk}/"))
    assert client.post(f"/en/suppliers/{filled.pk}/verify-women-owned/").status_code == 302
    assert SupplierProfile.objects.get(pk=filled.pk).women_owned.verified
    assert "Verified by the programme" in text(client.get(f"/en/suppliers/{filled.pk}/"))


def test_a_buyer_cannot_verify_a_declaration(client, un_buyer, filled):
    services.do_set_visibility(filled, True)
    client.force_login(un_buyer)
    assert client.post(f"/en/suppliers/{filled.pk}/verify-women-owned/").status_code == 404
    assert not SupplierProfile.objects.get(pk=filled.pk).women_owned.verified


def test_the_owner_previews_the_read_only_page_even_while_private(owner, filled):
    page = text(owner.get(f"/en/suppliers/{filled.pk}/"))
    assert "only your organisation can see this page" in page


def test_the_supplier_list_reads_a_fixed_number_of_queries(client, un_buyer, django_assert_max_num_queries):
    from tenderbridge.accounts.models import Organisation

    for n in range(30):
        organisation = Organisation.objects.create(name=f"Factory {n}", kind="supplier", country="CN")
        services.do_set_visibility(services.profile_for(organisation), True)
    client.force_login(un_buyer)
    with django_assert_max_num_queries(9):
        assert client.get("/en/suppliers/").status_code == 200
