""" "How to take part" as sentences for the notice's summary (summary.py), from what the data has — and, when it
has nothing, saying so instead of guessing.

- OCDS and TED notices: lib/ocds/participation's submission method and address, the first contact point, the
  enquiry deadline, whether the notice sets conditions on who may bid;
- UNGM notices (the export carries no contact, method or document): the notice's page on UNGM, where all of
  that is, and the UNGM registration level UN notices of its type usually ask for (the hint the ranker uses,
  lib/matching/signals.REQUIRED_LEVEL — agencies differ, so it is said as a hint);
- contract awards (and the award statistics, ASR and NATO): that they cannot be bid for, and to whom they went;
- planning notices and general procurement notices: that bids are not invited yet.
"""

from dataclasses import dataclass, field

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from tenderbridge.lib.matching.signals import REQUIRED_LEVEL
from tenderbridge.lib.ocds import notice_types as types
from tenderbridge.lib.ocds.participation import web_url

UNGM_REGISTRATION_URL = "https://www.ungm.org/Account/Registration"
AWARD_SOURCES = ("asr", "nato")  # award statistics: every row is a contract already awarded
DETAILS_CHARS = 300


@dataclass(frozen=True)
class Link:
    text: str
    url: str


@dataclass(frozen=True)
class TakingPart:
    kind: str  # ocds, ungm, award, planning, none
    sentences: list[str]
    links: list[Link] = field(default_factory=list)


def taking_part(page, listed) -> TakingPart:
    """`listed(values)` writes a list the locale's way (summary.listed)."""
    notice = page.detail.notice
    if notice.notice_type == types.CONTRACT_AWARD or notice.source in AWARD_SOURCES:
        return _award(page, listed)
    if notice.notice_type in (types.PLANNING, types.GPN):
        return TakingPart(
            "planning",
            [
                _(
                    "Bids are not invited yet: this notice announces purchases to come. Watch "
                    "for the notice that invites bids."
                )
            ],
            _original(notice),
        )
    closed = [_("The deadline has passed: bids are no longer accepted.")] if _closed(page) else []
    if notice.source == "ungm":
        found = _ungm(notice)
    else:
        found = _ocds(page, listed)
    return TakingPart(found.kind, closed + found.sentences, found.links)


def _closed(page) -> bool:
    return page.countdown is not None and not page.countdown.is_open


def _original(notice) -> list[Link]:
    url = web_url(notice.url)
    return [Link(_("Read the original notice"), url)] if url else []


def _award(page, listed) -> TakingPart:
    sentences = [
        _(
            "This is a contract already awarded: it cannot be bid for. It shows what this buyer buys and "
            "from whom."
        )
    ]
    names = list(dict.fromkeys(s.name for entry in page.detail.awards for s in entry.suppliers))
    if names:
        sentences.append(_("Awarded to: %(suppliers)s.") % {"suppliers": listed(names[:3])})
    return TakingPart("award", sentences, _original(page.detail.notice))


def _ungm(notice) -> TakingPart:
    sentences = [
        _(
            "Open this notice on the UN Global Marketplace (UNGM): its documents, how to submit and whom to "
            "ask are there. The UNGM export TenderBridge reads has none of them."
        )
    ]
    level = REQUIRED_LEVEL.get(notice.notice_type)
    if notice.notice_type == types.INDIVIDUAL_CONSULTANT:
        sentences.append(
            _(
                "This notice is for an individual consultant: a person applies, usually without a "
                "company registration on UNGM."
            )
        )
    elif level == 1:
        sentences.append(
            _(
                "UN notices of this type usually ask suppliers to be registered on UNGM at Basic level "
                "to respond; agencies differ, and the notice on UNGM says which level it needs."
            )
        )
    elif level == 2:
        sentences.append(
            _(
                "UN notices of this type usually ask for UNGM registration at Level 1 (Basic plus the "
                "company's documents) to respond; agencies differ, and the notice on UNGM says which "
                "level it needs."
            )
        )
    else:
        sentences.append(
            _(
                "The UNGM export does not say which kind of notice this is, so TenderBridge cannot tell "
                "which registration level it needs; a Basic registration on UNGM is the first step for "
                "any UN notice."
            )
        )
    links = []
    if url := web_url(notice.url):
        links.append(Link(_("The notice on UNGM"), url))
    links.append(Link(_("Register on UNGM"), UNGM_REGISTRATION_URL))
    return TakingPart("ungm", sentences, links)


def _ocds(page, listed) -> TakingPart:
    part, notice = page.participation, page.detail.notice
    sentences, links = [], []
    if page.submission_labels:
        sentences.append(_("Submission: %(methods)s.") % {"methods": listed(page.submission_labels)})
    if url := web_url(part.submission_details):
        sentences.append(_("Bids are submitted through the address the notice gives."))
        links.append(Link(_("Where to submit"), url))
    elif part.submission_details:
        sentences.append(
            _("How to submit, as the notice writes it: “%(details)s”.")
            % {"details": part.submission_details[:DETAILS_CHARS]}
        )
    if part.contacts:
        sentences.append(_contact_sentence(part.contacts[0]))
        if part.contacts[0].email:
            links.append(Link(part.contacts[0].email, "mailto:" + part.contacts[0].email))
    if part.enquiry_period.end:
        when = timezone.localtime(part.enquiry_period.end)
        sentences.append(
            _("Questions are accepted until %(when)s in your time zone.")
            % {"when": formats.date_format(when, "DATE_FORMAT") + " " + when.strftime("%H:%M")}
        )
    if part.eligibility:
        sentences.append(
            _(
                "The notice sets conditions on who may bid: read them under “How to take part” below, in "
                "the notice's language."
            )
        )
    if not sentences:
        return _nothing(notice)
    original = _original(notice)
    if not links:  # a method but nowhere to send the bid and nobody to ask
        sentences.append(_("The data gives no address to submit to and no contact."))
        sentences.append(
            _("The original notice should say it.")
            if original
            else _("It gives no link to the original notice either.")
        )
    return TakingPart("ocds", sentences, links + original)


def _contact_sentence(contact) -> str:
    reach = contact.email or contact.telephone or contact.url or contact.name
    return _("Questions to %(organisation)s: %(contact)s.") % {
        "organisation": contact.organisation,
        "contact": reach,
    }


def _nothing(notice) -> TakingPart:
    sentences = [
        _(
            "The data TenderBridge has for this notice says nothing about how to take part: no submission "
            "method, contact or conditions."
        )
    ]
    links = _original(notice)
    sentences.append(
        _("The original notice should say it.")
        if links
        else _("It gives no link to the original notice either.")
    )
    return TakingPart("none", sentences, links)
