"""lib/pdf.py: Chinese and English text survive into the PDF, and rendering fetches nothing."""

import io

import pypdf

from tenderbridge.lib import pdf


def test_chinese_and_english_text_is_in_the_pdf():
    result = pdf.render("<h1>准备情况差距报告</h1><p>Readiness gap report · 苏州美德纺织有限公司</p>")
    text = pypdf.PdfReader(io.BytesIO(result.content)).pages[0].extract_text()
    assert result.pages == 1 and "准备情况差距报告" in text and "苏州美德纺织有限公司" in text


def test_rendering_fetches_no_url_and_no_file():
    # Refused fetches leave the images out; nothing reaches the network (the tests' guard) or the disk.
    html = '<img src="http://127.0.0.1:9/x.png"><img src="file:///etc/passwd"><link rel=stylesheet href="http://x/y.css">'
    assert pdf.render(html).content.startswith(b"%PDF")
