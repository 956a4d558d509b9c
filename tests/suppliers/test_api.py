import json

import pytest
from django.test import Client

from tenderbridge.suppliers import services
from tenderbridge.suppliers.models import SupplierProfile

from .conftest import bearer
from .test_services import WOMEN_OWNED, company

pytestmark = pytest.mark.django_db

BODY = {
    "name_zh": "苏州美德纺织有限公司",
    "name_en": "Suzhou Medtex Co., Ltd.",
    "country": "CN",
    "province": "江苏省",
    "city": "苏州市",
    "employees": 120,
    "turnover": {"amount": "85000000", "currency": "CNY"},
    "founded_year": 2006,
    "description": "我们生产医用纺织品：手术衣、隔离衣、医用检查手套和防护口罩。",
    "unspsc": ["42132203", {"code": "46181504"}],
    "past_contracts": [
        {"title": "一次性隔离衣", "buyer": "UNICEF", "year": 2021, "value": {"amount": 120000, "currency": "USD"}}
    ],
    "certificates": [{"kind": "iso_9001", "number": "CN-9001-88", "expires": "2099-12-31"}],
    "women_owned": {**{k: v for k, v in WOMEN_OWNED.items()}, "ownership_percent": "60"},
    "ungm_level": "basic",
    "ungm_number": "123456",
    "languages": ["zh", "en"],
    "export_countries": ["KE"],
    "export_years": 6,
    "visible": True,
}


def send(client, method: str, url: str, token: str, body, lang: str = "en"):
    return getattr(client, method)(url, json.dumps(body), content_type="application/json", headers=bearer(token, lang))


def fields(response) -> dict[str, str]:
    """Location -> its messages, joined."""
    assert response.status_code == 422, response.content
    error = response.json()["error"]
    assert error["code"] == "validation_error"
    found: dict[str, str] = {}
    for field in error["details"]["fields"]:
        found[field["location"]] = (found.get(field["location"], "") + " " + field["message"]).strip()
    return found


def test_get_me_creates_and_returns_the_profile_with_its_completeness(client, owner_token):
    body = client.get("/api/v1/suppliers/me", headers=bearer(owner_token)).json()
    assert body["name_zh"] == "苏州美德纺织有限公司" and body["country"] == "CN" and body["visible"] is False
    assert body["completeness"]["score"] == 10 and body["completeness"]["next"]["key"] == "products"
    assert body["women_owned"] is None and body["unspsc"] == [] and body["page_url"] == f"/en/suppliers/{body['id']}/"


def test_put_writes_the_whole_profile_and_get_reads_it_back(client, owner_token, codes):
    response = send(client, "put", "/api/v1/suppliers/me", owner_token, BODY)
    assert response.status_code == 200, response.content
    body = client.get("/api/v1/suppliers/me", headers=bearer(owner_token, "zh-hans")).json()
    assert body["size_class"] == "medium" and body["turnover"] == {"amount": "85000000.00", "currency": "CNY"}
    assert [c["code"] for c in body["unspsc"]] == ["42132203", "46181504"]
    assert body["unspsc"][1]["title"] == "防护手套" and body["country_name"] == "中国"
    assert body["past_contracts"][0]["value"] == {"amount": "120000.00", "currency": "USD"}
    assert body["certificates"][0]["label"] == "ISO 9001" and body["certificates"][0]["expired"] is False
    assert body["women_owned"]["meets_iwa34"] is True and body["women_owned"]["status"] == "self_declared"
    assert body["completeness"]["score"] == 100 and body["completeness"]["next"] is None


def test_what_get_returns_can_be_put_back_unchanged(client, owner_token, codes):
    send(client, "put", "/api/v1/suppliers/me", owner_token, BODY)
    before = client.get("/api/v1/suppliers/me", headers=bearer(owner_token)).json()
    assert send(client, "put", "/api/v1/suppliers/me", owner_token, before).status_code == 200
    after = client.get("/api/v1/suppliers/me", headers=bearer(owner_token)).json()
    assert {k: v for k, v in after.items() if k != "updated"} == {k: v for k, v in before.items() if k != "updated"}


def test_patch_changes_only_what_is_sent(client, owner_token, codes):
    send(client, "put", "/api/v1/suppliers/me", owner_token, BODY)
    response = send(client, "patch", "/api/v1/suppliers/me", owner_token, {"city": "昆山市", "languages": ["zh"]})
    body = response.json()
    assert body["city"] == "昆山市" and body["languages"] == ["zh"]
    assert body["description"] == BODY["description"] and body["ungm_number"] == "123456"
    assert len(body["unspsc"]) == 2 and body["women_owned"]["meets_iwa34"]


def test_a_session_works_too_and_needs_the_csrf_token_to_write(supplier_owner, codes):
    client = Client(enforce_csrf_checks=True)
    client.force_login(supplier_owner)
    assert client.get("/api/v1/suppliers/me").status_code == 200
    response = client.patch("/api/v1/suppliers/me", json.dumps({"city": "昆山市"}), content_type="application/json")
    assert response.status_code == 403 and response.json()["error"]["code"] == "forbidden"


def test_validation_errors_name_every_bad_field_and_nothing_is_written(client, owner_token, codes):
    bad = {
        **BODY,
        "description": "x" * 102_400,
        "name_en": "🏭🏭",
        "unspsc": ["4213", "99999999"],
        "past_contracts": [{"title": "ok"}, {"title": "Gowns", "year": 2999, "value": {"amount": "1,000"}}],
        "certificates": [{"kind": "diamond"}],
        "women_owned": {"ownership_percent": "60", "women_managed": True, "women_controlled": True},
    }
    found = fields(send(client, "put", "/api/v1/suppliers/me", owner_token, bad))
    assert "20000" in found["body.payload.description"] and "102400" in found["body.payload.description"]
    assert "emoji" in found["body.payload.name_en"]
    assert "“4213”" in found["body.payload.unspsc"]
    assert "2999" in found["body.payload.past_contracts.1.year"]
    assert "currency" in found["body.payload.past_contracts.1.value.currency"]
    assert "body.payload.certificates.0.kind" in found
    assert "body.payload.women_owned.ownership_evidence" in found
    assert "body.payload.past_contracts.0.title" not in found
    profile = SupplierProfile.objects.get()
    assert profile.description == "" and not profile.contracts.exists() and not profile.categories.exists()


def test_validation_messages_follow_the_requested_language(client, owner_token):
    found = fields(send(client, "patch", "/api/v1/suppliers/me", owner_token, {"founded_year": 1500}, "zh-hans"))
    assert "成立年份" in found["body.payload.founded_year"]


def test_wrong_json_types_get_the_one_error_format(client, owner_token):
    found = fields(send(client, "patch", "/api/v1/suppliers/me", owner_token, {"employees": "many", "unspsc": 5}))
    assert any("employees" in location for location in found) and any("unspsc" in location for location in found)


def test_an_id_that_is_not_one_of_your_contracts_is_refused(client, owner_token, other_profile):
    theirs = services.do_save_contract(other_profile, {"title": "Solar lanterns"})
    found = fields(
        send(client, "patch", "/api/v1/suppliers/me", owner_token, {"past_contracts": [{"id": theirs.pk, "title": "x"}]})
    )
    assert "body.payload.past_contracts.0.id" in found
    theirs.refresh_from_db()
    assert theirs.title == "Solar lanterns"


def test_a_profile_with_nothing_but_a_name_is_accepted(client, owner_token):
    response = send(client, "put", "/api/v1/suppliers/me", owner_token, {"name_en": "Medtex"})
    assert response.status_code == 200
    assert response.json()["name_zh"] == "" and response.json()["completeness"]["score"] == 0


def test_buyers_and_operators_have_no_me_profile(client, buyer_token):
    response = client.get("/api/v1/suppliers/me", headers=bearer(buyer_token))
    assert response.status_code == 403 and response.json()["error"]["code"] == "not_a_supplier"


def test_without_a_token_or_session_the_api_answers_401(client):
    assert client.get("/api/v1/suppliers/me").status_code == 401


def test_another_supplier_gets_404_for_a_profile_visible_or_not(client, profile, other_token):
    for visible in (False, True):
        services.do_set_visibility(profile, visible)
        response = client.get(f"/api/v1/suppliers/{profile.pk}", headers=bearer(other_token))
        assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"
    assert client.get("/api/v1/suppliers", headers=bearer(other_token)).status_code == 404


def test_a_buyer_reads_visible_profiles_only(client, profile, other_profile, buyer_token):
    assert client.get(f"/api/v1/suppliers/{profile.pk}", headers=bearer(buyer_token)).status_code == 404
    services.do_update_company(profile, company())
    services.do_set_visibility(profile, True)
    body = client.get(f"/api/v1/suppliers/{profile.pk}", headers=bearer(buyer_token)).json()
    assert body["name_en"] == "Suzhou Medtex Co., Ltd." and body["province"] == "江苏省"
    listing = client.get("/api/v1/suppliers", headers=bearer(buyer_token)).json()
    assert [item["id"] for item in listing["items"]] == [profile.pk] and listing["total"] == 1
    assert send(client, "put", f"/api/v1/suppliers/{profile.pk}", buyer_token, {"name_en": "x"}).status_code == 405


def test_an_operator_session_verifies_a_declaration(client, operator, profile):
    services.do_declare_women_owned(profile, WOMEN_OWNED)
    services.do_set_visibility(profile, True)
    client.force_login(operator)
    response = client.post(f"/api/v1/suppliers/{profile.pk}/women-owned/verify")
    assert response.status_code == 200 and response.json()["women_owned"]["status"] == "verified"


def test_the_openapi_document_describes_the_supplier_endpoints(client):
    doc = client.get("/api/v1/openapi.json").json()
    me = doc["paths"]["/api/v1/suppliers/me"]
    assert {"get", "put", "patch"} <= set(me)
    assert "/api/v1/suppliers/{profile_id}" in doc["paths"]
    assert "/api/v1/suppliers/me/award-candidates" in doc["paths"]
    assert "ProfileIn" in doc["components"]["schemas"] and "ProfileOut" in doc["components"]["schemas"]


def test_a_body_over_the_upload_limit_gets_413_not_a_server_error(client, owner_token):
    response = send(client, "patch", "/api/v1/suppliers/me", owner_token, {"description": "x" * 3_000_000})
    assert response.status_code == 413 and response.json()["error"]["code"] == "too_large"
    assert "2.5 MB" in response.json()["error"]["message"]
