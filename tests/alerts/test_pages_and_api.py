"""The alerts pages and their JSON twins, with the personas: owner, another supplier, a buyer, anonymous."""

import pytest
from django.urls import reverse

from tenderbridge.accounts import services as accounts
from tenderbridge.alerts.models import Alert

from .conftest import save_alert

pytestmark = pytest.mark.django_db


def test_save_as_alert_from_the_list_and_see_it_with_its_next_sending(client, supplier_owner):
    client.force_login(supplier_owner)
    listing = client.get("/en/opportunities/?q=gloves&notice_type=rfq").content.decode()
    assert 'data-testid="save-as-alert"' in listing and "query=q%3Dgloves%26notice_type%3Drfq" in listing
    form = client.get("/en/alerts/new/?source=list&query=q%3Dgloves%26notice_type%3Drfq%26page%3D2")
    assert form.status_code == 200 and "q=gloves&amp;notice_type=rfq" in form.content.decode()
    response = client.post("/en/alerts/new/", {"name": "Gloves RFQs", "frequency": "daily", "hour": "9", "weekday": "0",
                                               "language": "zh-hans", "time_zone": "Asia/Shanghai", "channel": "email",
                                               "source": "list", "query": "q=gloves&notice_type=rfq"})
    assert response.status_code == 302
    alert = Alert.objects.get(user=supplier_owner)
    assert alert.query == "q=gloves&notice_type=rfq" and alert.next_send.astimezone().minute == 0
    page = client.get("/en/alerts/").content.decode()
    assert "Gloves RFQs" in page and "Asia/Shanghai" in page
    data = client.get("/api/v1/alerts").json()
    assert data["alerts"][0]["name"] == "Gloves RFQs" and data["alerts"][0]["next_send"]
    assert data["calendar_url"].startswith("webcal://")


def test_the_feed_page_offers_save_as_alert_of_the_feed(client, supplier_owner):
    client.force_login(supplier_owner)
    assert "source=feed" in client.get("/en/feed/").content.decode()


def test_a_bad_search_or_value_is_refused_with_a_clear_message(client, supplier_owner):
    client.force_login(supplier_owner)
    response = client.post("/api/v1/alerts", {"name": "X", "query": "notice_type=nonsense"}, content_type="application/json")
    assert response.status_code == 422 and "nonsense" in response.json()["error"]["message"]
    response = client.post("/api/v1/alerts", {"name": "X", "time_zone": "Mars/Base"}, content_type="application/json")
    assert response.status_code == 422 and "Mars/Base" in response.json()["error"]["message"]
    page = client.post("/en/alerts/new/", {"name": "", "frequency": "daily", "hour": "9", "weekday": "0", "language": "en",
                                           "time_zone": "UTC", "channel": "email", "source": "list", "query": ""})
    assert page.status_code == 400
    assert not Alert.objects.exists()


def test_the_limit_of_alerts_is_enforced_with_a_message(client, supplier_owner, settings):
    settings.ALERTS_MAX_PER_USER = 25
    for number in range(25):
        save_alert(supplier_owner, f"q=gloves+{number}", name=f"Alert {number}")
    client.force_login(supplier_owner)
    response = client.post("/api/v1/alerts", {"name": "One too many"}, content_type="application/json")
    assert response.status_code == 422 and "at most 25 alerts" in response.json()["error"]["message"]


def test_pause_resume_edit_and_delete_through_the_api(client, supplier_owner):
    alert = save_alert(supplier_owner)
    client.force_login(supplier_owner)
    paused = client.post(f"/api/v1/alerts/{alert.pk}/pause", {"paused": True}, content_type="application/json").json()
    assert paused["paused"] and paused["next_send"] is None
    resumed = client.post(f"/api/v1/alerts/{alert.pk}/pause", {"paused": False}, content_type="application/json").json()
    assert not resumed["paused"] and resumed["next_send"]
    edited = client.put(f"/api/v1/alerts/{alert.pk}", {"name": "Weekly gloves", "query": "q=gloves", "frequency": "weekly",
                                                       "weekday": 2, "hour": 7, "time_zone": "Europe/Oslo"},
                        content_type="application/json").json()
    assert edited["frequency"] == "weekly" and edited["weekday"] == 2
    assert client.delete(f"/api/v1/alerts/{alert.pk}").status_code == 204
    assert not Alert.objects.exists()


def test_a_saved_search_whose_filter_no_longer_exists_is_kept_and_explained(client, supplier_owner):
    alert = save_alert(supplier_owner)
    Alert.objects.filter(pk=alert.pk).update(query="q=gloves&source=gone-publisher")
    client.force_login(supplier_owner)
    page = client.get("/en/alerts/").content.decode()
    assert 'data-testid="alert-problem"' in page and "gone-publisher" in page
    assert "gone-publisher" in client.get("/api/v1/alerts").json()["alerts"][0]["problems"][0]


@pytest.mark.parametrize("who", ["other", "buyer", "anonymous"])
def test_nobody_else_sees_or_changes_someones_alerts(client, supplier_owner, other_supplier_member, un_buyer, who):
    alert = save_alert(supplier_owner)
    if who == "other":
        client.force_login(other_supplier_member)
    elif who == "buyer":
        client.force_login(un_buyer)
    api = client.get("/api/v1/alerts")
    assert api.status_code in (200, 401, 403)
    if api.status_code == 200:
        assert api.json()["alerts"] == []
    assert client.post(f"/api/v1/alerts/{alert.pk}/pause", {"paused": True}, content_type="application/json").status_code in (401, 403, 404)
    assert client.delete(f"/api/v1/alerts/{alert.pk}").status_code in (401, 403, 404)
    assert client.put(f"/api/v1/alerts/{alert.pk}", {"name": "Mine"}, content_type="application/json").status_code in (401, 403, 404)
    page = client.get(reverse("alerts:list"))
    assert page.status_code in (200, 302, 403) and "Gloves" not in page.content.decode()
    assert client.post(reverse("alerts:delete", args=[alert.pk])).status_code in (302, 403, 404)
    assert client.get(reverse("alerts:edit", args=[alert.pk])).status_code in (302, 403, 404)
    alert.refresh_from_db()
    assert not alert.paused and alert.name == "Gloves"


def test_an_organisation_token_reads_the_owners_alerts(client, supplier_owner, other_supplier_member):
    save_alert(supplier_owner)
    _token, raw = accounts.do_create_api_token(supplier_owner.organisation, "alerts")
    data = client.get("/api/v1/alerts", headers={"Authorization": f"Bearer {raw}"}).json()
    assert [a["name"] for a in data["alerts"]] == ["Gloves"]
    _token, theirs = accounts.do_create_api_token(other_supplier_member.organisation, "theirs")
    assert client.get("/api/v1/alerts", headers={"Authorization": f"Bearer {theirs}"}).json()["alerts"] == []


def test_the_alerts_page_is_in_chinese(client, supplier_owner):
    save_alert(supplier_owner)
    client.force_login(supplier_owner)
    page = client.get("/zh-hans/alerts/").content.decode()
    assert "我的订阅提醒" in page and "保存设置" in page


def test_the_demo_supplier_has_one_saved_search_with_a_daily_alert(supplier_owner):
    from tenderbridge.alerts.demo import ensure_demo_alert

    first, again = ensure_demo_alert(), ensure_demo_alert()
    assert first.pk == again.pk and first.frequency == "daily" and first.language == "zh-hans"
    assert Alert.objects.filter(user=supplier_owner).count() == 1
