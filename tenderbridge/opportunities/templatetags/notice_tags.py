"""Filters of the notice pages."""

from django import template

from tenderbridge.lib.ocds.participation import web_url as _web_url

from ..detail import role_labels as _role_labels
from ..summary import language_name

register = template.Library()


@register.filter
def web_url(value) -> str:
    """The address when it is http(s), else "": sources' links are shown, but only web links are linked
    (a `javascript:` "document" must never become a link on our page)."""
    return _web_url(value)


@register.filter
def role_labels(roles) -> str:
    return _role_labels(roles)


@register.filter
def language_label(code) -> str:
    """CLDR's name of a language tag in the page's language, with the tag ("英语（英国） · en-gb"); the tag
    alone when it names no language."""
    name = language_name(code or "")
    return f"{name} · {code}" if name else code
