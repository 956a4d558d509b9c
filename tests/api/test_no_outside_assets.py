"""No page loads anything from another host (issue 14, item 6): every script, style sheet, image and frame is
served by the site itself, so pages work offline and from networks that cannot reach a CDN. The walk covers
the main pages in both languages, signed in where a page needs it, and the API docs page (Swagger UI, vendored
under static/vendor/swagger-ui/)."""

import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders

from tests.conftest import REPO
from tests.opportunities.conftest import gloves_titles  # noqa: F401 (a fixture: the category pages' rows)
from tests.opportunities.packages import ingest, release

pytestmark = pytest.mark.django_db

# The attributes through which a page makes the browser fetch something.
LOADING = {"script": ("src",), "link": ("href",), "img": ("src", "srcset"), "iframe": ("src",),
           "source": ("src", "srcset"), "embed": ("src",), "object": ("data",), "video": ("src", "poster"),
           "audio": ("src",)}
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")\s]+)|@import\s+['"]([^'"]+)""")
OCID = "ocds-nocdn-1"


class Loads(HTMLParser):
    """Collects every address a page asks the browser to load (tags above, inline styles, <style> blocks)."""

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and "alternate" in (attrs.get("rel") or "").split():
            pass  # a link to the page in the other language: navigation, not a load
        else:
            for name in LOADING.get(tag, ()):
                value = attrs.get(name)
                if value:
                    self.urls += [part.split()[0] for part in value.split(",")] if "srcset" in name else [value]
        self.urls += [m.group(1) or m.group(2) for m in CSS_URL.finditer(attrs.get("style") or "")]
        self._in_style = tag == "style"

    def handle_endtag(self, tag):
        self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.urls += [m.group(1) or m.group(2) for m in CSS_URL.finditer(data)]


def outside(url: str) -> bool:
    """True when the address names a host other than the site's own (relative and data: addresses are fine)."""
    parts = urlsplit(url)
    if parts.scheme == "data":
        return False
    if not parts.netloc:
        return False  # relative, or absolute on this host
    own = {"testserver", urlsplit(settings.SITE_URL).netloc}
    return parts.netloc not in own


@pytest.fixture
def site(tmp_path, gloves_titles, supplier_owner, settings):  # noqa: F811
    settings.DEMO_NOW = None
    ingest(tmp_path, release(OCID, "Nitrile examination gloves"))
    return supplier_owner


def pages(lang: str) -> list[tuple[str, bool]]:
    """(address, needs a signed-in supplier)"""
    return [
        (f"/{lang}/", False),
        (f"/{lang}/opportunities/", False),
        (f"/{lang}/opportunities/?q=gloves", False),
        (f"/{lang}/opportunities/{OCID}/", False),
        (f"/{lang}/categories/", False),
        (f"/{lang}/categories/42132203/", False),
        (f"/{lang}/accounts/login/", False),
        (f"/{lang}/admin/login/", False),
        (f"/{lang}/feed/", True),
        (f"/{lang}/company/", True),
    ]


@pytest.mark.parametrize("lang", ["en", "zh-hans"])
def test_no_page_loads_anything_from_another_host(client, site, lang):
    for address, signed_in in pages(lang):
        if signed_in:
            client.force_login(site)
        response = client.get(address)
        assert response.status_code == 200, address
        parser = Loads()
        parser.feed(response.content.decode())
        assert parser.urls, f"{address}: no script or style sheet found (is the parser still right?)"
        assert [url for url in parser.urls if outside(url)] == [], address
        client.logout()


@pytest.mark.parametrize("lang", ["en", "zh-hans"])
def test_the_api_docs_page_uses_the_vendored_swagger_ui(client, lang):
    response = client.get("/api/v1/docs", headers={"Accept-Language": lang})
    assert response.status_code == 200
    parser = Loads()
    parser.feed(response.content.decode())
    assert [url for url in parser.urls if outside(url)] == []
    static = [url.removeprefix(settings.STATIC_URL) for url in parser.urls if url.startswith(settings.STATIC_URL)]
    assert any(path.startswith("vendor/swagger-ui/") and path.endswith("swagger-ui-bundle.js") for path in static)
    for path in static:
        assert finders.find(path), f"{path} is referenced but not in the static files"
    # Swagger UI would ask validator.swagger.io for a badge unless told not to.
    assert '"validatorUrl": null' in response.content.decode()


def test_the_style_sheets_load_nothing_from_another_host():
    """url(…) and @import in the site's own CSS (the vendored Swagger UI's included) stay on the site."""
    package = REPO / "tenderbridge"
    sheets = sorted(package.glob("static/**/*.css")) + sorted(package.glob("*/static/**/*.css"))
    assert any("swagger-ui" in str(path) for path in sheets)
    for path in sheets:
        urls = [m.group(1) or m.group(2) for m in CSS_URL.finditer(path.read_text(encoding="utf-8"))]
        assert [url for url in urls if outside(url)] == [], path
