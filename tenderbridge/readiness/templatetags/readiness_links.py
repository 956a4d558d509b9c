from django import template

from ..report import lesson_url as _lesson_url

register = template.Library()


@register.simple_tag
def lesson_url(lesson: str) -> str:
    """The learning centre's page of a "course/lesson" reference, or ""."""
    return _lesson_url(lesson or "")
