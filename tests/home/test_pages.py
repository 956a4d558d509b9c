import pytest

pytestmark = pytest.mark.django_db


def test_the_root_redirects_to_a_language(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] in ("/en/", "/zh-hans/")


@pytest.mark.parametrize(
    ("lang", "phrase"),
    [("en", "United Nations"), ("zh-hans", "联合国")],
)
def test_the_home_page_says_what_tenderbridge_is_for(client, lang, phrase):
    page = client.get(f"/{lang}/").content.decode()
    assert phrase in page
    assert f'lang="{lang}"' in page
    assert f"/{lang}/opportunities/" in page
    for section in ("company", "learning", "market", "events"):
        assert f"/{lang}/s/{section}/" in page


def test_the_language_switcher_keeps_the_page(client):
    response = client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/en/accounts/login/"})
    assert response.status_code == 302
    assert response["Location"] == "/zh-hans/accounts/login/"


def test_the_language_switcher_leaves_a_chinese_page_opened_in_an_english_browser(client):
    response = client.post(
        "/i18n/setlang/",
        {"language": "en", "next": "/zh-hans/accounts/login/"},
        headers={"Accept-Language": "en-US,en;q=0.9"},
    )
    assert response["Location"] == "/en/accounts/login/"


def test_an_unknown_section_is_404(client):
    assert client.get("/en/s/nothing/").status_code == 404
