"""The list page and its JSON twin: close matches above the "fewer words matched" divider, the honest "no close
match" state, long queries refused, a bad filter explained while the rest still lists; the home card and the nav."""

import re
from html import unescape

import pytest

from tests.search.conftest import ingest
from tests.search.test_relevance import GENERIC, GLOVES, OTHERS, award, install_dictionary

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return unescape(re.sub(r"\s+", " ", response.content.decode()))


@pytest.fixture
def dictionary(settings, tmp_path):
    install_dictionary(settings, tmp_path)


@pytest.fixture
def medical(tmp_path, dictionary):
    return ingest(tmp_path, *GENERIC, GLOVES, *OTHERS)


@pytest.fixture
def no_gloves(tmp_path, dictionary):
    return ingest(
        tmp_path,
        *GENERIC,
        *OTHERS,
        award("a-gloves-1", "Examination gloves, nitrile"),
        award("a-gloves-2", "Surgical gloves"),
    )


def row_ocids(page: str) -> list[str]:
    return re.findall(r'data-testid="notice-row"[^>]*data-ocid="([^"]+)"', page)


@pytest.mark.parametrize("lang", ["zh-hans", "en"])
def test_the_gloves_come_first_and_the_generic_medical_notices_below_the_divider(client, medical, lang):
    page = text(client.get(f"/{lang}/opportunities/", {"q": "医用手套"}))
    ocids = row_ocids(page)
    assert ocids[0] == "g-nitrile"
    divider = page.index('data-testid="fewer-words-divider"')
    assert page.index('data-ocid="g-nitrile"') < divider
    assert all(page.index(f'data-ocid="{ocid}"') > divider for ocid in ocids[1:]) and len(ocids) == 7
    assert ("匹配的词较少" if lang == "zh-hans" else "Fewer words matched") in page
    assert 'data-testid="no-close-match"' not in page


def test_the_json_twin_flags_the_close_matches(client, medical):
    body = client.get("/api/v1/opportunities", {"q": "医用手套"}).json()
    assert body["close_total"] == 1 and body["total"] == 7
    assert [item["match"]["close"] for item in body["items"]] == [True] + [False] * 6
    assert body["items"][0]["ocid"] == "g-nitrile" and body["no_close_match"] is None
    weights = {w["term"]: w["weight"] for w in body["words"]}
    assert weights["手套"] > weights["医用"]


@pytest.mark.parametrize("lang", ["zh-hans", "en"])
def test_no_close_match_shows_the_past_awards_and_who_bought_them(client, no_gloves, lang):
    page = text(client.get(f"/{lang}/opportunities/", {"q": "医用手套"}))
    assert 'data-testid="no-close-match"' in page and 'data-testid="past-awards"' in page
    assert "World Health Organization" in page  # the buyer of the past awards
    assert ("2 个过往合同授予" if lang == "zh-hans" else "2 past contract awards") in page
    assert "kind=awards" in page and 'data-testid="broader-query"' in page and 'data-testid="save-search"' in page
    body = client.get("/api/v1/opportunities", {"q": "医用手套"}).json()
    found = body["no_close_match"]
    assert found["awards"] == 2 and found["buyers"][0] == {"value": found["buyers"][0]["value"],
                                                          "label": "World Health Organization", "count": 2}
    assert found["broader_query"] == "医用"


def test_no_close_match_offers_an_alert_to_a_signed_in_supplier_and_sign_in_to_others(client, no_gloves, supplier_owner):
    anonymous = text(client.get("/zh-hans/opportunities/", {"q": "医用手套"}))
    assert "/zh-hans/accounts/login/?next=" in anonymous and "登录</a>后即可订阅提醒" in anonymous
    client.force_login(supplier_owner)
    page = text(client.get("/zh-hans/opportunities/", {"q": "医用手套"}))
    assert "/zh-hans/alerts/new/?source=list&query=q%3D" in page and "订阅提醒</a>" in page


@pytest.mark.parametrize(("lang", "phrase"), [("en", "too long: 501 characters"), ("zh-hans", "501 个字符")])
def test_a_query_of_501_characters_is_refused_not_echoed(client, medical, lang, phrase):
    q = "手" * 501
    response = client.get(f"/{lang}/opportunities/", {"q": q, "country": "CN"})
    page = text(response)
    assert response.status_code == 400 and phrase in page and 'role="alert"' in page
    assert "手" * 60 not in page  # neither in the box nor in the title
    assert 'data-testid="notices"' not in page
    api = client.get("/api/v1/opportunities", {"q": q})
    error = api.json()["error"]
    assert api.status_code == 422 and error["code"] == "validation_error" and "501" in error["message"]
    assert error["details"]["fields"] == [
        {"location": "query.q", "message": error["message"], "max_length": 500}
    ]
    assert client.get("/api/v1/opportunities", {"q": "手" * 500}).status_code == 200


def test_a_bad_filter_is_explained_beside_it_and_the_rest_still_lists(client, medical):
    response = client.get("/zh-hans/opportunities/", {"q": "gloves", "sme": "perhaps", "status": "any"})
    page = text(response)
    assert response.status_code == 400 and 'data-testid="filter-error"' in page
    assert "perhaps" in page and "yes, no" in page
    assert row_ocids(page) == ["g-nitrile"] and 'value="gloves"' in page
    api = client.get("/api/v1/opportunities", {"q": "gloves", "sme": "perhaps"})
    fields = api.json()["error"]["details"]["fields"]
    assert api.status_code == 422 and fields[0]["location"] == "query.sme" and fields[0]["allowed"] == ["yes", "no"]


def test_the_opportunities_open_on_open_notices(client, medical):
    page = text(client.get("/en/opportunities/"))
    assert re.search(r'<option value="open"[^>]*selected', page)
    assert 'value="any"' in page and "Open and closed" in page


@pytest.mark.parametrize("lang", ["en", "zh-hans"])
def test_the_home_cards_opportunities_lead_to_the_search(client, lang):
    page = client.get(f"/{lang}/").content.decode()
    cards = page[page.index('class="cards"') :]
    assert f'href="/{lang}/opportunities/"' in cards and f"/{lang}/s/opportunities/" not in cards


def test_the_nav_offers_the_feed_to_suppliers_and_visitors_not_to_buyers_or_operators(
    client, supplier_owner, un_buyer, operator
):
    assert 'data-testid="nav-feed"' in client.get("/en/").content.decode()
    client.force_login(supplier_owner)
    assert 'data-testid="nav-feed"' in client.get("/en/").content.decode()
    # Also on the company pages, whose own context has a section "nav" of its own.
    assert 'data-testid="nav-feed"' in client.get("/zh-hans/company/products/").content.decode()
    for reader in (un_buyer, operator):
        client.force_login(reader)
        page = client.get("/zh-hans/opportunities/").content.decode()
        assert 'data-testid="nav-feed"' not in page and 'data-testid="nav-company"' not in page
        assert 'data-testid="nav-suppliers"' in page
