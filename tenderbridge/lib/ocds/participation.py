"""What a supplier needs to take part in a tender, read from its compiled OCDS release: whom to ask
(the buyer's and procuring entity's contact points), how and until when to submit, who may bid.

Django-free and forgiving: publishers write odd types (a number for a phone, a string for a list), so each
value is kept only when it is text of a sane length, and nothing here raises. Only what the release says is
returned: an empty field means the source did not say.
"""

import re
from dataclasses import dataclass, field
from datetime import datetime

from .normalise import parse_datetime, text

CONTACT_ROLES = ("buyer", "procuringEntity")  # the parties a supplier asks about a tender
MAX_CRITERIA = 5_000  # eligibility criteria as shown; the API's compiled release has them whole

_EMAIL = re.compile(r"[^@\s<>\"']+@[^@\s<>\"']+\.[^@\s<>\"']+")
_PHONE = re.compile(r"[+\d][\d\s().\-/]{2,40}")


@dataclass(frozen=True)
class Contact:
    organisation: str  # the party's name
    roles: tuple[str, ...]  # of CONTACT_ROLES
    name: str = ""  # the contact point's name (a person or a desk)
    email: str = ""
    telephone: str = ""
    fax: str = ""
    url: str = ""  # http(s) only: another scheme is dropped, never linked

    @property
    def tel_uri(self) -> str:
        """The telephone as a tel: link target ("" when it is not a number)."""
        if not _PHONE.fullmatch(self.telephone):
            return ""
        return "tel:" + re.sub(r"[^\d+]", "", self.telephone)


@dataclass(frozen=True)
class Period:
    start: datetime | None = None  # UTC
    end: datetime | None = None

    def __bool__(self) -> bool:
        return self.start is not None or self.end is not None


@dataclass(frozen=True)
class Participation:
    contacts: list[Contact] = field(default_factory=list)
    submission_methods: list[str] = field(default_factory=list)  # OCDS submissionMethod codes
    submission_details: str = ""  # submissionMethodDetails: often the address of the e-tendering portal
    eligibility: str = ""  # eligibilityCriteria, cut at MAX_CRITERIA characters
    eligibility_cut: bool = False
    tender_period: Period = field(default_factory=Period)
    enquiry_period: Period = field(default_factory=Period)

    def __bool__(self) -> bool:
        """Something to show beyond the deadline (tenderPeriod.endDate, which pages show on its own)."""
        return bool(
            self.contacts
            or self.submission_methods
            or self.submission_details
            or self.eligibility
            or self.tender_period.start
            or self.enquiry_period
        )


def web_url(value) -> str:
    """The value when it is an http(s) address without spaces, else "" (never a javascript: link)."""
    url = text(value, 1000)
    if re.match(r"https?://[^\s]+$", url, re.IGNORECASE):
        return url
    return ""


def email(value) -> str:
    found = text(value, 200).removeprefix("mailto:")
    return found if _EMAIL.fullmatch(found) else ""


def _obj(parent, key: str) -> dict:
    value = parent.get(key) if isinstance(parent, dict) else None
    return value if isinstance(value, dict) else {}


def _contact(party: dict, roles: tuple[str, ...]) -> Contact | None:
    point = _obj(party, "contactPoint")
    contact = Contact(
        organisation=text(party.get("name"), 300) or text(point.get("name"), 300),
        roles=roles,
        name=text(point.get("name"), 300),
        email=email(point.get("email")),
        telephone=text(point.get("telephone"), 60),
        fax=text(point.get("faxNumber"), 60),
        url=web_url(point.get("url")) or web_url(_obj(party, "details").get("url")),
    )
    if not (contact.name or contact.email or contact.telephone or contact.fax or contact.url):
        return None
    return contact


def contacts(release: dict) -> list[Contact]:
    """The contact points of the buyer and the procuring entity (one entry per party, both roles named)."""
    referenced = {
        text(_obj(release, "buyer").get("id"), 200): "buyer",
        text(_obj(_obj(release, "tender"), "procuringEntity").get("id"), 200): "procuringEntity",
    }
    found, seen = [], set()
    for party in release.get("parties") or []:
        if not isinstance(party, dict):
            continue
        party_id = text(party.get("id"), 200)
        listed = {r for r in party.get("roles") or [] if isinstance(r, str)}
        if party_id and party_id in referenced:
            listed.add(referenced[party_id])
        roles = tuple(role for role in CONTACT_ROLES if role in listed)
        key = party_id or text(party.get("name"), 300)
        if roles and key not in seen and (contact := _contact(party, roles)):
            seen.add(key)
            found.append(contact)
    return found


def _period(value) -> Period:
    if not isinstance(value, dict):
        return Period()
    return Period(
        start=parse_datetime(value.get("startDate"))[0], end=parse_datetime(value.get("endDate"))[0]
    )


def _methods(value) -> list[str]:
    values = value if isinstance(value, list) else [value]
    return list(dict.fromkeys(found for v in values if (found := text(v, 60))))


def participation(release: dict, criteria_limit: int | None = MAX_CRITERIA) -> Participation:
    """What the release says about taking part; eligibility criteria cut at `criteria_limit` (None: whole)."""
    tender = _obj(release, "tender")
    criteria = text(tender.get("eligibilityCriteria"))
    limit = len(criteria) if criteria_limit is None else criteria_limit
    return Participation(
        contacts=contacts(release),
        submission_methods=_methods(tender.get("submissionMethod")),
        submission_details=text(tender.get("submissionMethodDetails"), 2000),
        eligibility=criteria[:limit],
        eligibility_cut=len(criteria) > limit,
        tender_period=_period(tender.get("tenderPeriod")),
        enquiry_period=_period(tender.get("enquiryPeriod")),
    )
