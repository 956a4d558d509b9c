"""Everything one notice's page shows beyond its stored columns — one call behind the page and its JSON twin.

`notice_page(ocid)` = `queries.get_notice` (the notice, items, awards, provenance) + what the compiled release
says about taking part (contacts, submission, eligibility, periods: lib/ocds/participation) + the countdown to
the deadline at `clock.now()` + related notices (same buyer, same category) + the summary in the reader's
language and zone (summary.py: built from the above; one query more on the Chinese site when a category has no
Chinese title, for its ancestors'). At most 14 queries whatever the notice (tests/opportunities/test_detail.py
counts them).
"""

from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext_lazy, pgettext_lazy

from tenderbridge.lib.ocds.participation import MAX_CRITERIA, Participation, participation

from . import clock
from .countdown import Countdown, countdown
from .queries import NoticeDetail, get_notice
from .related import Related, related_notices
from .summary import NoticeSummary, notice_summary

# OCDS submissionMethod code list (open: publishers may write others, shown as written).
SUBMISSION_METHODS = {
    "electronicSubmission": gettext_lazy("Electronic submission"),
    "electronicAuction": gettext_lazy("Electronic auction"),
    "written": gettext_lazy("Written (paper) submission"),
    "inPerson": gettext_lazy("In person"),
}
CONTACT_ROLES = {
    "buyer": pgettext_lazy("party role", "Buyer"),
    "procuringEntity": pgettext_lazy("party role", "Procuring entity"),
}


@dataclass
class NoticePage:
    detail: NoticeDetail
    participation: Participation
    countdown: Countdown | None
    related: Related
    now: datetime  # the moment the countdown and "open" were computed at
    demo_now: bool  # True when that moment is settings.DEMO_NOW, not the real time
    summary: NoticeSummary | None = None  # set by notice_page once the rest is read

    @property
    def submission_labels(self) -> list[str]:
        return [str(SUBMISSION_METHODS.get(m, m)) for m in self.participation.submission_methods]


def role_labels(roles) -> str:
    return ", ".join(str(CONTACT_ROLES.get(r, r)) for r in roles)


def notice_page(ocid: str, limit: int | None = None) -> NoticePage | None:
    """One notice with all its page shows (lists and long texts capped at `limit`; all when None, as the API
    wants); None when unknown."""
    detail = get_notice(ocid, limit=limit)
    if detail is None:
        return None
    now = clock.now()
    notice = detail.notice
    page = NoticePage(
        detail=detail,
        participation=participation(notice.compiled_release, None if limit is None else MAX_CRITERIA),
        countdown=countdown(notice.deadline, detail.deadline.day_only, now),
        related=related_notices(notice, now=now),
        now=now,
        demo_now=clock.demo_now() is not None,
    )
    page.summary = notice_summary(page)
    return page
