"""The feed page and its JSON twin, the marks and saved filters, the buyers' "suppliers that fit", and who may
see what."""

import pytest
from django.urls import reverse
from django.utils import translation

from tenderbridge.accounts import services as accounts
from tenderbridge.matching import services
from tenderbridge.matching.models import Mark, SavedFilter
from tenderbridge.opportunities.models import Notice
from tenderbridge.suppliers import services as suppliers


def token_for(user) -> str:
    return accounts.do_create_api_token(user.organisation, "test")[1]


def feed_url(lang="en", query=""):
    with translation.override(lang):
        return reverse("matching:feed") + query


@pytest.fixture
def ranked(notices, gloves_maker, solar_maker):
    services.recompute_feeds()
    return gloves_maker


@pytest.mark.parametrize(
    ("lang", "heading", "reason"),
    [("en", "My feed", "is one of your categories"), ("zh-hans", "我的匹配机会", "是您的品类之一")],
)
def test_the_feed_page_lists_the_ranked_notices_with_reasons_in_both_languages(
    client, supplier_owner, ranked, lang, heading, reason
):
    client.force_login(supplier_owner)
    page = client.get(feed_url(lang)).content.decode()
    assert heading in page and reason in page
    assert page.index("Supply of nitrile examination gloves") < page.index("Surgical gowns")
    assert "Office chairs" not in page


def test_the_feed_page_reads_a_fixed_number_of_queries(client, supplier_owner, ranked, django_assert_max_num_queries):
    client.force_login(supplier_owner)
    client.get(feed_url())
    with django_assert_max_num_queries(16):
        assert client.get(feed_url()).status_code == 200


def test_a_pending_feed_says_it_is_being_ranked(client, supplier_owner, notices, gloves_maker):
    client.force_login(supplier_owner)
    response = client.get(feed_url())
    assert b'data-testid="feed-pending"' in response.content


def test_marks_move_notices_between_the_tabs(client, supplier_owner, ranked):
    client.force_login(supplier_owner)
    gloves = Notice.objects.get(ocid="ocds-gloves")
    response = client.post(reverse("matching:mark", args=[gloves.pk]), {"state": "bidding", "next": feed_url()})
    assert response.status_code == 302 and response["Location"] == feed_url()
    assert Mark.objects.get(profile=ranked, notice=gloves).state == "bidding"
    bidding = client.get(feed_url(query="?tab=bidding")).content.decode()
    assert "Supply of nitrile examination gloves" in bidding
    client.post(reverse("matching:mark", args=[gloves.pk]), {"state": "dismissed"})
    assert "Supply of nitrile examination gloves" not in client.get(feed_url()).content.decode()


def test_a_mark_never_redirects_to_another_site(client, supplier_owner, ranked):
    client.force_login(supplier_owner)
    gloves = Notice.objects.get(ocid="ocds-gloves")
    response = client.post(reverse("matching:mark", args=[gloves.pk]), {"state": "saved", "next": "https://evil.example/"})
    assert response["Location"] == feed_url()


def test_filters_narrow_the_feed_and_can_be_saved(client, supplier_owner, ranked):
    client.force_login(supplier_owner)
    page = client.get(feed_url(query="?segment=42000000")).content.decode()
    assert "Supply of nitrile examination gloves" in page and "Solar water heaters" not in page
    client.post(reverse("matching:save_filter"), {"name": "Medical", "query": "segment=42000000"})
    assert SavedFilter.objects.get(profile=ranked).query == "segment=42000000"
    assert "Medical" in client.get(feed_url()).content.decode()


@pytest.mark.parametrize("query", ["?tab=everything", "?page=abc", "?page=0", "?segment=4200", "?country=XX"])
def test_bad_feed_parameters_get_a_clear_400(client, supplier_owner, ranked, query):
    client.force_login(supplier_owner)
    response = client.get(feed_url(query=query))
    assert response.status_code == 400
    assert b'data-testid="feed-error"' in response.content


def test_a_saved_filter_with_bad_values_is_refused(client, supplier_owner, ranked):
    client.force_login(supplier_owner)
    client.post(reverse("matching:save_filter"), {"name": "Bad", "query": "segment=banana"})
    assert not SavedFilter.objects.exists()


def test_the_api_gives_the_same_feed(client, supplier_owner, ranked):
    token = token_for(supplier_owner)
    body = client.get("/api/v1/feed", headers={"Authorization": f"Bearer {token}", "Accept-Language": "zh-hans"}).json()
    assert body["tab"] == "feed" and not body["pending"]
    assert body["items"][0]["notice"]["ocid"] == "ocds-gloves"
    assert body["items"][0]["explanation"]["code"]["code"] == "42132203"
    assert any("品类" in reason["text"] for reason in body["items"][0]["reasons"])
    assert body["counts"]["feed"] == len(body["items"])


def test_the_api_marks_and_saves_filters(client, supplier_owner, ranked):
    headers = {"Authorization": f"Bearer {token_for(supplier_owner)}"}
    mark = client.post("/api/v1/feed/marks", {"ocid": "ocds-gowns", "state": "saved"},
                       content_type="application/json", headers=headers)
    assert mark.status_code == 200 and mark.json()["state"] == "saved"
    saved = client.get("/api/v1/feed?tab=saved", headers=headers).json()
    assert [item["notice"]["ocid"] for item in saved["items"]] == ["ocds-gowns"]
    made = client.post("/api/v1/feed/filters", {"name": "RFQs", "query": "notice_type=rfq"},
                       content_type="application/json", headers=headers)
    assert made.status_code == 200
    assert client.get("/api/v1/feed/filters", headers=headers).json()[0]["name"] == "RFQs"
    assert client.delete(f"/api/v1/feed/filters/{made.json()['id']}", headers=headers).status_code == 204


@pytest.mark.parametrize(
    ("path", "body", "status", "code"),
    [
        ("/api/v1/feed/marks", {"ocid": "ocds-nowhere", "state": "saved"}, 404, "not_found"),
        ("/api/v1/feed/marks", {"ocid": "ocds-gowns", "state": "maybe"}, 422, "validation_error"),
        ("/api/v1/feed/filters", {"name": "", "query": ""}, 422, "validation_error"),
        ("/api/v1/feed/filters", {"name": "x", "query": "closing=5"}, 422, "validation_error"),
    ],
)
def test_bad_api_writes_get_the_error_format(client, supplier_owner, ranked, path, body, status, code):
    headers = {"Authorization": f"Bearer {token_for(supplier_owner)}"}
    response = client.post(path, body, content_type="application/json", headers=headers)
    assert response.status_code == status
    assert response.json()["error"]["code"] == code


def test_bad_api_parameters_get_422(client, supplier_owner, ranked):
    headers = {"Authorization": f"Bearer {token_for(supplier_owner)}"}
    response = client.get("/api/v1/feed?tab=nope", headers=headers)
    assert response.status_code == 422 and response.json()["error"]["code"] == "validation_error"


# --- who sees what ---------------------------------------------------------------------------------------------


def test_a_supplier_sees_only_its_own_feed_and_marks(client, supplier_owner, other_supplier_member, ranked):
    gowns = Notice.objects.get(ocid="ocds-gowns")
    services.do_mark(ranked, gowns, "bidding", supplier_owner)
    client.force_login(other_supplier_member)
    page = client.get(feed_url(query="?tab=bidding")).content.decode()
    assert "Surgical gowns" not in page
    api = client.get("/api/v1/feed?tab=bidding", headers={"Authorization": f"Bearer {token_for(other_supplier_member)}"})
    assert api.json()["items"] == []
    # Marking the same notice changes the other company's mark only.
    client.post(reverse("matching:mark", args=[gowns.pk]), {"state": "dismissed"})
    assert Mark.objects.get(profile=ranked, notice=gowns).state == "bidding"


def test_a_saved_filter_of_another_supplier_cannot_be_deleted(client, other_supplier_member, ranked):
    saved = services.do_save_filter(ranked, "Mine", "")
    client.force_login(other_supplier_member)
    client.post(reverse("matching:delete_filter", args=[saved.pk]))
    assert SavedFilter.objects.filter(pk=saved.pk).exists()
    api = client.delete(f"/api/v1/feed/filters/{saved.pk}",
                        headers={"Authorization": f"Bearer {token_for(other_supplier_member)}"})
    assert api.status_code == 404 and SavedFilter.objects.filter(pk=saved.pk).exists()


def test_buyers_have_no_feed(client, un_buyer, ranked):
    client.force_login(un_buyer)
    assert client.get(feed_url()).status_code == 403
    api = client.get("/api/v1/feed", headers={"Authorization": f"Bearer {token_for(un_buyer)}"})
    assert api.status_code == 403 and api.json()["error"]["code"] == "not_a_supplier"


def test_anonymous_visitors_are_sent_to_sign_in(client):
    assert client.get(feed_url()).status_code == 302
    assert client.get("/api/v1/feed").status_code == 401


def test_a_buyer_sees_the_visible_suppliers_that_fit_a_notice(client, un_buyer, supplier_owner, ranked, solar_maker):
    suppliers.do_set_visibility(ranked, True)  # the glove maker shows its profile; the solar maker does not
    client.force_login(un_buyer)
    with translation.override("en"):
        url = reverse("opportunities:detail", args=["ocds-gloves"])
    page = client.get(url).content.decode()
    assert 'data-testid="bidders"' in page and "Suzhou Medtex" in page and "宁波光能" not in page
    api = client.get("/api/v1/fitting-suppliers/ocds-gloves", headers={"Authorization": f"Bearer {token_for(un_buyer)}"})
    found = api.json()["suppliers"]
    assert [s["id"] for s in found] == [ranked.pk]
    assert found[0]["explanation"]["code"]["code"] == "42132203"


def test_suppliers_do_not_see_who_else_fits_a_notice(client, supplier_owner, ranked):
    client.force_login(supplier_owner)
    with translation.override("en"):
        page = client.get(reverse("opportunities:detail", args=["ocds-gloves"])).content.decode()
    assert 'data-testid="bidders"' not in page
    api = client.get("/api/v1/fitting-suppliers/ocds-gloves", headers={"Authorization": f"Bearer {token_for(supplier_owner)}"})
    assert api.status_code == 403


def test_fitting_suppliers_of_an_unknown_notice_is_404(client, un_buyer, ranked):
    api = client.get("/api/v1/fitting-suppliers/ocds-nowhere", headers={"Authorization": f"Bearer {token_for(un_buyer)}"})
    assert api.status_code == 404 and api.json()["error"]["code"] == "not_found"
