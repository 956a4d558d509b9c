from django import template
from django.utils.translation import get_language

from tenderbridge.lib import countries
from tenderbridge.opportunities.queries import money as format_money

register = template.Library()


@register.filter
def country_name(code: str) -> str:
    """The country's name in the page's language."""
    return countries.name(code, get_language() or "en") if code else ""


@register.simple_tag
def money(amount, currency: str) -> str:
    """1250000, "USD" -> "1,250,000 USD"."""
    return format_money(amount, currency)
