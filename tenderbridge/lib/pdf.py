"""HTML → PDF with WeasyPrint, Chinese included (Noto Sans CJK, installed with the system fonts). Django-free.

The caller renders its own HTML (a Django template) and passes it here. Nothing is fetched while rendering:
the URL fetcher allows only inline `data:` URLs, so a report never reaches the network and a user's text cannot
make the server load a file or a page (images such as a QR code are passed inline).

Speed (docs/learning.md has the figures): one font file and one weight (Noto Sans CJK SC Regular has the Latin
letters too, and every extra face is one more font subset to write), tables with a fixed layout (the automatic
one measures every CJK character as a line-break opportunity), and the font configuration kept per process.
"""

from dataclasses import dataclass
from functools import lru_cache

# One stylesheet for every printed page: A4, one CJK font, a footer with the page number.
BASE_CSS = """
@page { size: A4; margin: 18mm 16mm 20mm; @bottom-right { content: counter(page) " / " counter(pages);
  font-size: 8pt; color: #5b6775; } }
html { font-family: "Noto Sans CJK SC"; font-size: 10pt; color: #1d2733; line-height: 1.5; }
* { font-weight: normal !important; }
h1 { font-size: 18pt; margin: 0 0 4mm; color: #0b6e99; } h2 { font-size: 13pt; margin: 6mm 0 2mm; color: #0b6e99; }
h3 { font-size: 11pt; }
table { border-collapse: collapse; width: 100%; table-layout: fixed; }
th, td { border-bottom: 0.5pt solid #d9dee5; padding: 1.5mm; text-align: left; vertical-align: top; }
th { color: #5b6775; }
.muted { color: #5b6775; } .ok { color: #1e7b34; } .gap { color: #b3261e; }
"""


@dataclass(frozen=True)
class Pdf:
    content: bytes
    pages: int


@lru_cache(maxsize=1)
def _font_config():
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


@lru_cache(maxsize=8)
def _stylesheet(extra_css: str):
    import weasyprint

    return weasyprint.CSS(string=BASE_CSS + extra_css, font_config=_font_config())


def render(html: str, extra_css: str = "") -> Pdf:
    """The PDF of an HTML document (WeasyPrint is imported on first use: it takes ~0.7 s to import)."""
    import weasyprint
    from weasyprint.urls import URLFetcher

    fetcher = URLFetcher(allowed_protocols={"data"}, allow_redirects=False)
    document = weasyprint.HTML(string=html, url_fetcher=fetcher).render(
        stylesheets=[_stylesheet(extra_css)], font_config=_font_config()
    )
    return Pdf(content=document.write_pdf(), pages=len(document.pages))
