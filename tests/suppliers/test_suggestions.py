"""Categories suggested from the company description on the products page (accepted in one click) and in its
JSON twin; the "UN and development-bank work first" answer on the registration page and in the API."""

import re
from html import unescape

import pytest

from tenderbridge.suppliers import services
from tenderbridge.taxonomy import title_vectors

from .conftest import bearer

pytestmark = pytest.mark.django_db
GLOVES = "我们专业生产一次性丁腈手套、乳胶检查手套和医用防护服。"


def text(response) -> str:
    return unescape(re.sub(r"\s+", " ", response.content.decode()))


@pytest.fixture(autouse=True)
def _own_vectors(settings, tmp_path):
    settings.VAR_DIR = tmp_path  # the title vectors of this test's handful of codes
    title_vectors.reset()
    yield
    title_vectors.reset()


@pytest.fixture
def described(profile, codes):
    return services.do_update_company(profile, {"description": GLOVES})


def test_the_products_page_suggests_codes_from_the_description_and_adds_one_in_a_click(client, supplier_owner,
                                                                                       described):
    client.force_login(supplier_owner)
    page = text(client.get("/zh-hans/company/products/"))
    assert "根据您的企业简介推荐" in page
    assert 'data-testid="suggest-42132200"' in page and "医用手套和附件" in page and "丁腈手套" in page
    response = client.post("/zh-hans/company/products/", {"action": "pick", "code": "42132200"})
    assert response.status_code == 302
    assert list(described.categories.values_list("code", flat=True)) == ["42132200"]
    page = text(client.get("/zh-hans/company/products/"))
    assert 'data-testid="suggest-42132200"' not in page  # added: no longer suggested


def test_without_a_description_the_page_says_how_to_get_suggestions(client, supplier_owner, profile, codes):
    client.force_login(supplier_owner)
    page = text(client.get("/en/company/products/"))
    assert "Describe what your company makes on the company page" in page


def test_the_json_twin_lists_the_same_suggestions_for_the_owner_only(client, described, owner_token, other_token,
                                                                     buyer_token):
    page_codes = [s.code for s in services_suggestions(described)]
    body = client.get("/api/v1/suppliers/me/category-suggestions", headers=bearer(owner_token, "zh-hans")).json()
    assert [s["code"] for s in body["suggestions"]] == page_codes
    assert body["suggestions"][0]["title"] == body["suggestions"][0]["title_zh"]
    other = client.get("/api/v1/suppliers/me/category-suggestions", headers=bearer(other_token)).json()
    assert other["suggestions"] == []  # its own (empty) profile: never the owner's
    assert client.get("/api/v1/suppliers/me/category-suggestions",
                      headers=bearer(buyer_token)).status_code == 403
    assert client.get("/api/v1/suppliers/me/category-suggestions").status_code == 401


def services_suggestions(profile):
    from tenderbridge.suppliers.categories import suggestions_for

    return suggestions_for(profile)


def test_wanting_un_work_is_answered_on_the_page_and_in_the_api(client, supplier_owner, profile, owner_token):
    client.force_login(supplier_owner)
    response = client.post("/en/company/registration/", {"wants_international": "on", "ungm_level": ""})
    assert response.status_code == 302
    profile.refresh_from_db()
    assert profile.wants_international
    me = client.get("/api/v1/suppliers/me", headers=bearer(owner_token)).json()
    assert me["wants_international"] is True
    changed = client.patch("/api/v1/suppliers/me", {"wants_international": False}, content_type="application/json",
                           headers=bearer(owner_token))
    assert changed.status_code == 200 and changed.json()["wants_international"] is False
