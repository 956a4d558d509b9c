"""HTML → PDF with WeasyPrint, Chinese included (Noto Sans CJK, installed with the system fonts). Django-free.

The caller renders its own HTML (a Django template) and passes it here. Nothing is fetched while rendering:
the URL fetcher allows only inline `data:` URLs, so a report never reaches the network and a
user's text cannot make the server load a file or a page (images such as a QR code are passed inline).
"""

from dataclasses import dataclass

# One stylesheet for every printed page: A4, the CJK font first for Chinese, a footer with the page number.
BASE_CSS = """
@page { size: A4; margin: 18mm 16mm 20mm; @bottom-right { content: counter(page) " / " counter(pages);
  font-size: 8pt; color: #5b6775; } }
html { font-family: "Noto Sans CJK SC", "Noto Sans", sans-serif; font-size: 10pt; color: #1d2733; line-height: 1.5; }
h1 { font-size: 18pt; margin: 0 0 4mm; } h2 { font-size: 13pt; margin: 6mm 0 2mm; } h3 { font-size: 11pt; }
table { border-collapse: collapse; width: 100%; } th, td { border-bottom: 0.5pt solid #d9dee5; padding: 1.5mm;
  text-align: left; vertical-align: top; }
.muted { color: #5b6775; } .ok { color: #1e7b34; } .gap { color: #b3261e; }
"""


@dataclass(frozen=True)
class Pdf:
    content: bytes
    pages: int


def render(html: str, extra_css: str = "") -> Pdf:
    """The PDF of an HTML document (WeasyPrint is imported on first use: it takes ~0.7 s to import)."""
    import weasyprint
    from weasyprint.urls import URLFetcher

    fetcher = URLFetcher(allowed_protocols={"data"}, allow_redirects=False)
    document = weasyprint.HTML(string=html, url_fetcher=fetcher).render(
        stylesheets=[weasyprint.CSS(string=BASE_CSS + extra_css)]
    )
    return Pdf(content=document.write_pdf(), pages=len(document.pages))
