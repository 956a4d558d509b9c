import re

import pytest

from tests.api.test_api import assert_error

from .packages import BUYER, ingest, item, release

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_day")]

ZH = {"Accept-Language": "zh-hans"}
NOTICE_KEYS = {
    "ocid", "title", "source", "notice_type", "notice_type_label", "status", "buyer", "buyer_family",
    "countries", "categories", "categories_total", "value", "published", "deadline", "deadline_timezone", "deadline_precision",
    "url", "api_url",
}  # fmt: skip
DETAIL_KEYS = NOTICE_KEYS | {
    "description", "language", "procurement_method", "deadline_in_source_zone", "sme_suitable", "sustainable",
    "documents", "items", "awards", "also_published_as",
    "contacts", "submission_methods", "submission_method_details", "eligibility_criteria", "tender_period",
    "enquiry_period", "countdown", "page_url", "ics_url",
}  # fmt: skip


@pytest.fixture
def notices(tmp_path, gloves_titles):
    supplier = {"id": "S1", "name": "Changzhou Medical Co", "roles": ["supplier"]}
    rfq = release(
        "ocds-a-rfq",
        "Gloves",
        "2024-03-05T08:00:00Z",
        procurementMethodDetails="Request for quotation",
        value={"amount": 1250000, "currency": "USD"},
    )
    rfq["parties"] = [BUYER, supplier]
    rfq["awards"] = [{"id": "A1", "value": {"amount": 10.5, "currency": "USD"}, "suppliers": [{"id": "S1"}]}]
    ingest(
        tmp_path,
        rfq,
        release(
            "ocds-a-itb", "Laptops", "2024-03-04T08:00:00Z", procurementMethodDetails="Invitation to bid"
        ),
        release("ocds-a-slash/001/X", "Slashed", "2024-03-03T08:00:00Z", items=[item("43211503", "Canada")]),
    )


def test_the_list_has_the_documented_shape(client, notices):
    body = client.get("/api/v1/opportunities").json()
    assert set(body) == {
        "items", "next_cursor", "previous_cursor", "data_as_of", "total", "sort", "terms", "semantic", "facets",
        "close_total", "words", "no_close_match",
    }  # fmt: skip
    assert body["next_cursor"] is None and body["previous_cursor"] is None and body["data_as_of"]
    assert body["total"] == 3 and body["sort"] == "published" and body["terms"] == []
    assert [n["ocid"] for n in body["items"]] == ["ocds-a-rfq", "ocds-a-itb", "ocds-a-slash/001/X"]
    first = body["items"][0]
    assert set(first) == NOTICE_KEYS | {"match"} and first["match"] is None
    assert first["value"] == {"amount": "1250000.00", "currency": "USD"}
    assert first["notice_type"] == "rfq" and first["notice_type_label"] == "Request for quotation"
    assert first["buyer"]["name"] == "UNICEF Supply Division" and first["buyer_family"] == "un"
    assert first["countries"] == [{"code": "CN", "name": "China"}]
    assert first["categories"] == [
        {
            "code": "42132203",
            "title": "Medical examination gloves",
            "title_en": "Medical examination gloves",
            "title_zh": "医用检查手套",
            "origin": "given",
            "score": None,
        }
    ]
    assert first["deadline"] == "2024-04-02T09:00:00Z" and first["deadline_timezone"] == "+08:00"
    assert first["api_url"] == "/api/v1/opportunities/ocds-a-rfq"


def test_titles_and_names_follow_the_request_language(client, notices):
    first = client.get("/api/v1/opportunities", headers=ZH).json()["items"][0]
    assert first["categories"][0]["title"] == "医用检查手套"
    assert first["countries"] == [{"code": "CN", "name": "中国"}]


def test_the_list_takes_the_pages_filters(client, notices):
    body = client.get("/api/v1/opportunities", {"notice_type": "itb"}).json()
    assert [n["ocid"] for n in body["items"]] == ["ocds-a-itb"]
    body = client.get("/api/v1/opportunities", {"country": "ca"}).json()
    assert [n["ocid"] for n in body["items"]] == ["ocds-a-slash/001/X"]


def test_the_list_lists_what_the_page_lists(client, notices):
    api = [n["ocid"] for n in client.get("/api/v1/opportunities", {"buyer_family": "un"}).json()["items"]]
    page = client.get("/en/opportunities/", {"buyer_family": "un"}).content.decode()
    assert api == re.findall(r'href="/en/opportunities/([^"]+)/" data-testid="notice-link"', page)


def test_the_cursor_walks_every_notice_once(client, notices):
    seen, params = [], {"limit": 1}
    while True:
        body = client.get("/api/v1/opportunities", params).json()
        seen += [n["ocid"] for n in body["items"]]
        if not body["next_cursor"]:
            break
        params = {"limit": 1, "cursor": body["next_cursor"]}
    assert seen == ["ocds-a-rfq", "ocds-a-itb", "ocds-a-slash/001/X"]
    back = client.get("/api/v1/opportunities", {"limit": 1, "cursor": body["previous_cursor"]}).json()
    assert [n["ocid"] for n in back["items"]] == ["ocds-a-itb"]


def test_a_bad_filter_value_is_a_422_naming_the_allowed_values(client, notices):
    error = assert_error(
        client.get("/api/v1/opportunities", {"notice_type": "tender", "country": "XX"}),
        422,
        "validation_error",
    )
    assert "“tender” is not a known notice type" in error["message"]
    fields = {f["location"]: f for f in error["details"]["fields"]}
    assert set(fields) == {"query.notice_type", "query.country"}
    assert "rfq" in fields["query.notice_type"]["allowed"]


def test_a_bad_limit_is_a_422(client, notices):
    assert_error(client.get("/api/v1/opportunities", {"limit": 1000}), 422, "validation_error")


def test_a_forged_cursor_is_a_400_bad_cursor(client, notices):
    real = client.get("/api/v1/opportunities", {"limit": 1}).json()["next_cursor"]
    for forged in ["nonsense", real[:-1] + ("A" if real[-1] != "A" else "B")]:
        error = assert_error(client.get("/api/v1/opportunities", {"cursor": forged}), 400, "bad_cursor")
        assert "cursor" in error["message"]


def test_one_notice_has_its_fields_release_and_provenance(client, notices):
    body = client.get("/api/v1/opportunities/ocds-a-rfq").json()
    assert set(body) == {"notice", "compiled_release", "provenance", "related", "summary"}
    notice = body["notice"]
    assert set(notice) == DETAIL_KEYS
    assert notice["deadline_in_source_zone"] == "2024-04-02T17:00:00+08:00"
    assert notice["items"][0]["classifications"][0] == {
        "scheme": "UNSPSC",
        "code": "42132203",
        "description": "Medical gloves",
        "title": "Medical examination gloves",
        "title_en": "Medical examination gloves",
        "title_zh": "医用检查手套",
    }
    award = notice["awards"][0]
    assert award["value"] == {"amount": "10.50", "currency": "USD"}
    assert [s["name"] for s in award["suppliers"]] == ["Changzhou Medical Co"]
    assert (
        body["compiled_release"]["ocid"] == "ocds-a-rfq"
        and body["compiled_release"]["tender"]["title"] == "Gloves"
    )
    (source,) = body["provenance"]
    assert set(source) == {"release_id", "date", "tags", "file", "position", "file_id", "job_id", "ingested"}
    assert (source["release_id"], source["file"], source["position"]) == (
        "ocds-a-rfq-r1",
        "package.json",
        "releases[0]",
    )


def test_an_ocid_with_slashes_works_in_the_api_path(client, notices):
    body = client.get("/api/v1/opportunities/ocds-a-slash/001/X").json()
    assert body["notice"]["ocid"] == "ocds-a-slash/001/X"
    listed = client.get("/api/v1/opportunities", {"country": "CA"}).json()["items"][0]
    assert client.get(listed["api_url"]).status_code == 200


def test_an_unknown_ocid_is_a_404_in_the_error_format(client, notices):
    error = assert_error(client.get("/api/v1/opportunities/ocds-nothing"), 404, "not_found")
    assert "ocds-nothing" in error["message"]


def test_the_endpoints_are_documented(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    listed = next(p for p in paths if p.endswith("/opportunities"))
    parameters = {p["name"] for p in paths[listed]["get"]["parameters"]}
    assert {
        "notice_type",
        "buyer_family",
        "source",
        "country",
        "segment",
        "status",
        "buyer",
        "cursor",
    } <= parameters
    assert any(p.endswith("/opportunities/{ocid}") for p in paths)


def test_a_list_row_carries_its_ten_strongest_categories_and_counts_them_all(client, tmp_path, gloves_titles):
    codes = [f"421322{n:02d}" for n in range(14)]
    items = [{**item(code), "id": str(n)} for n, code in enumerate(codes)]
    # A CPV code too: a category mapped through the crosswalk, weaker than the given ones.
    items.append({**item("33141420", scheme="CPV"), "id": "cpv"})
    ingest(tmp_path, release("ocds-many", "Many gloves", items=items))
    listed = client.get("/api/v1/opportunities").json()["items"][0]
    full = client.get("/api/v1/opportunities/ocds-many").json()["notice"]
    assert listed["categories_total"] == full["categories_total"] == len(full["categories"]) > 10
    assert len(listed["categories"]) == 10
    assert listed["categories"] == full["categories"][:10]
    assert {c["origin"] for c in listed["categories"]} == {"given"}  # the strongest first
    assert [c["code"] for c in listed["categories"]] == codes[:10]
    page = client.get("/en/opportunities/").content.decode()
    assert f"and {full['categories_total'] - 3} more" in page


def test_the_list_answers_in_the_documented_shape_with_and_without_words(client, notices):
    # The list is sent without ninja's own validation (a search's time): this is the check, with the fuzzing.
    from tenderbridge.opportunities.api import NoticeListOut

    for params in ({}, {"q": "gloves"}, {"q": "手套", "kind": "all", "limit": 1}):
        response = client.get("/api/v1/opportunities", params, headers=ZH)
        assert response.status_code == 200 and response["Content-Type"] == "application/json; charset=utf-8"
        assert NoticeListOut.model_validate(response.json()).items
