"""One read of a firm's readiness check, shared by the page, its JSON twin and the printable PDF."""

from dataclasses import dataclass

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from tenderbridge.lib import pdf

from . import scoring, services
from .models import LEVEL_ORDER, ReadinessCheck, Snapshot


@dataclass(frozen=True)
class LevelGroup:
    level: str
    label: str
    items: list[scoring.ItemState]


@dataclass(frozen=True)
class Report:
    check: ReadinessCheck
    result: scoring.Result
    groups: list[LevelGroup]
    history: list[Snapshot]
    company: str


def lesson_url(lesson: str) -> str:
    """The learning centre's page of a "course/lesson" reference ("" when it is not there)."""
    course, _slash, slug = lesson.partition("/")
    if not (course and slug):
        return ""
    try:
        return reverse("learning:lesson", args=[course, slug])
    except NoReverseMatch:
        return ""


def build(check: ReadinessCheck) -> Report:
    result = services.result_for(check)
    groups = [
        LevelGroup(level, str(level.label), [i for i in result.items if i.requirement.level == level])
        for level in LEVEL_ORDER
    ]
    profile = getattr(check.organisation, "supplier_profile", None)
    company = profile.local_name if profile is not None else check.organisation.name
    return Report(check, result, groups, list(check.snapshots.order_by("taken", "pk")), company)


def render_pdf(report: Report) -> pdf.Pdf:
    """The printable gap report (A4, both scripts through Noto Sans CJK)."""
    html = render_to_string(
        "readiness/report_pdf.html",
        {"report": report, "printed": timezone.now(), "site_url": _site_url()},
    )
    return pdf.render(html)


def _site_url() -> str:
    return settings.SITE_URL.rstrip("/")
