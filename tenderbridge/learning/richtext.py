"""Lesson text: Markdown → HTML, then sanitised with nh3 (an allow-list), so an operator's text can format but
never script. Links open safely (rel="noopener noreferrer nofollow"); images may only come from this site
(a lesson's attachments, written `![…](attachment:name.png)`), so no page loads anything from elsewhere.
"""

import re

import markdown
import nh3

TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "strong", "em", "b", "i", "code", "pre", "blockquote", "ul", "ol", "li",
    "a", "img", "table", "thead", "tbody", "tr", "th", "td", "dl", "dt", "dd", "sup", "sub",
}  # fmt: skip
ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title"}, "th": {"align"}, "td": {"align"}}
ATTACHMENT = re.compile(r"attachment:([^\s)\"']+)")


def _same_site_images(tag: str, attribute: str, value: str) -> str | None:
    if tag == "img" and attribute == "src" and not (value.startswith("/") and not value.startswith("//")):
        return None
    return value


def render(text: str, attachments: dict[str, str] | None = None) -> str:
    """Safe HTML of a lesson's Markdown; `attachment:<name>` becomes the attachment's address (if it has one)."""
    attachments = attachments or {}
    text = ATTACHMENT.sub(lambda m: attachments.get(m.group(1), "#missing-attachment"), text or "")
    html = markdown.markdown(text, extensions=["tables", "sane_lists", "fenced_code"], output_format="html")
    return nh3.clean(
        html,
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
        attribute_filter=_same_site_images,
    )
