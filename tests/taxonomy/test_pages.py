import pytest

# Page twins of the API: the UNSPSC browser, code pages, search and the CPV list.


@pytest.mark.parametrize("lang", ["en", "zh-hans"])
def test_the_segment_list_renders_in_both_languages(client, taxonomy, lang, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        response = client.get(f"/{lang}/categories/")
    page = response.content.decode()
    assert response.status_code == 200
    assert f'lang="{lang}"' in page
    assert f'href="/{lang}/categories/42000000/"' in page
    assert "Medical Equipment and Accessories and Supplies" in page
    assert ("医疗设备" in page) is (lang == "zh-hans")
    assert 'role="search"' in page and 'for="id_q"' in page


def test_a_chinese_code_page_shows_both_titles_its_ancestors_and_children(client, taxonomy):
    page = client.get("/zh-hans/categories/42132200/").content.decode()
    assert "医用手套和附件" in page and "Medical gloves and accessories" in page
    assert 'href="/zh-hans/categories/42000000/"' in page  # segment in the breadcrumb
    assert 'href="/zh-hans/categories/42130000/"' in page  # family in the breadcrumb
    assert 'href="/zh-hans/categories/42132205/"' in page  # a child: surgical gloves
    assert "外科手套" in page


def test_an_english_code_page_shows_english_titles(client, taxonomy):
    page = client.get("/en/categories/42132205/").content.decode()
    assert '<span lang="en">Surgical gloves</span>' in page


def test_a_family_page_links_to_its_notices(client, taxonomy, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        page = client.get("/en/categories/42130000/").content.decode()
    assert 'data-testid="category-notices"' in page and 'href="/en/opportunities/?segment=42000000"' in page
    assert 'data-testid="category-notices"' not in client.get("/en/categories/42132200/").content.decode()


@pytest.mark.parametrize("path", ["/en/categories/99999999/", "/en/categories/4213/", "/en/categories/abc/"])
def test_unknown_and_malformed_codes_are_404(client, taxonomy, path):
    assert client.get(path).status_code == 404


def test_the_search_page_finds_gloves_in_chinese(client, taxonomy, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        response = client.get("/zh-hans/categories/search/", {"q": "手套"})
    page = response.content.decode()
    assert response.status_code == 200
    assert (
        'href="/zh-hans/categories/46181504/"' in page and "防护手套" in page and "Protective gloves" in page
    )


def test_the_search_page_finds_english_words_and_code_prefixes(client, taxonomy):
    assert (
        "/en/categories/42132205/"
        in client.get("/en/categories/search/", {"q": "surgical gloves"}).content.decode()
    )
    page = client.get("/en/categories/search/", {"q": "4213", "level": "class"}).content.decode()
    assert "/en/categories/42132200/" in page and "/en/categories/42132205/" not in page


def test_the_search_page_without_a_query_shows_only_the_form(client, taxonomy):
    response = client.get("/en/categories/search/")
    assert response.status_code == 200 and 'data-testid="results"' not in response.content.decode()


def test_an_unknown_level_is_a_form_error(client, taxonomy):
    response = client.get("/en/categories/search/", {"q": "glove", "level": "galaxy"})
    assert response.status_code == 400 and 'role="alert"' in response.content.decode()


@pytest.mark.parametrize("q", ["x" * 10_000, '"', "*", "%", "_", "'", "<script>alert(1)</script>"])
def test_odd_queries_do_not_break_the_search_page(client, taxonomy, q):
    response = client.get("/en/categories/search/", {"q": q})
    assert response.status_code == 200
    assert "<script>alert" not in response.content.decode()


@pytest.mark.parametrize("lang", ["en", "zh-hans"])
def test_the_cpv_pages_render_and_link_to_unspsc(client, taxonomy, lang):
    assert (
        f'href="/{lang}/categories/cpv/45000000/"' in client.get(f"/{lang}/categories/cpv/").content.decode()
    )
    page = client.get(f"/{lang}/categories/cpv/45233120/").content.decode()
    assert "45233120-6" in page and "Road construction works" in page
    assert f'href="/{lang}/categories/72140000/"' in page  # the crosswalk's UNSPSC family
    assert f'href="/{lang}/categories/cpv/45000000/"' in page  # the division in the breadcrumb
    assert client.get(f"/{lang}/categories/cpv/99999999/").status_code == 404
