import pytest

from tenderbridge.accounts import services
from tenderbridge.accounts.models import ApiToken

pytestmark = pytest.mark.django_db


def assert_error(response, status, code):
    assert response.status_code == status
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "details"}
    assert body["error"]["code"] == code
    return body["error"]


@pytest.fixture
def token(supplier_owner):
    _, raw = services.do_create_api_token(supplier_owner.organisation, "test")
    return raw


def test_the_openapi_document_is_served(client):
    doc = client.get("/api/v1/openapi.json").json()
    assert doc["info"]["title"] == "TenderBridge API"
    assert "/api/v1/me" in doc["paths"]


def test_a_token_reads_its_own_organisation(client, token, supplier_owner):
    response = client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    assert response.json()["organisation"]["name"] == supplier_owner.organisation.name
    assert ApiToken.objects.get().last_used is not None


def test_a_call_without_a_token_gets_401_in_the_error_format(client):
    assert_error(client.get("/api/v1/me"), 401, "unauthorized")


def test_a_wrong_token_gets_401_in_the_error_format(client, token):
    assert_error(client.get("/api/v1/me", headers={"Authorization": "Bearer tb_wrong"}), 401, "unauthorized")


def test_a_revoked_token_gets_401(client, token):
    services.do_revoke_api_token(ApiToken.objects.get())
    assert_error(client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}), 401, "unauthorized")


def test_an_unknown_api_address_gets_404_in_the_error_format(client):
    assert_error(client.get("/api/v1/no-such-thing"), 404, "not_found")
    assert_error(client.get("/api/v2/anything"), 404, "not_found")


def test_errors_speak_the_requested_language(client):
    error = assert_error(
        client.get("/api/v1/me", headers={"Accept-Language": "zh-hans"}), 401, "unauthorized"
    )
    assert "令牌" in error["message"]


def test_the_home_twin_lists_the_sections_in_the_requested_language(client):
    body = client.get("/api/v1/home", headers={"Accept-Language": "zh-hans"}).json()
    assert body["language"] == "zh-hans"
    assert [s["slug"] for s in body["sections"]] == [
        "opportunities",
        "company",
        "learning",
        "market",
        "events",
    ]
    assert body["sections"][0]["title"] == "采购机会"
