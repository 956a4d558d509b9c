from django import template

from tenderbridge.market import tables

register = template.Library()


@register.filter
def usd(value):
    return tables.money(value)


@register.filter
def pct(value):
    return tables.percent(value)


@register.filter
def num(value):
    """A count with thousands separators (211,452), the same in both languages."""
    return f"{value:,}" if isinstance(value, int) else value


@register.simple_tag
def cell(table, row, index):
    """One table cell as shown: money short, shares in per cent, counts with separators."""
    value = row[index]
    if index in table.money_columns:
        return tables.money(value)
    if index in table.share_columns:
        return tables.percent(value)
    if isinstance(value, int) and index > 0:
        return f"{value:,}"
    return "—" if value is None or value == "" else value
