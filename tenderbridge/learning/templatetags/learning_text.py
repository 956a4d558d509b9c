"""`{{ obj|bi:"title" }}`: a bilingual field in the page's language, or the other language with a visible mark
(an operator has not written this language yet)."""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from ..models import chinese_page

register = template.Library()


@register.filter
def bi(obj, name: str):
    text = obj.text(name)
    if obj.missing(name):
        mark = _("(English only)") if chinese_page() else _("(Chinese only)")
        return format_html('{} <span class="missing-language" data-testid="missing-language">{}</span>', text, mark)
    return text
