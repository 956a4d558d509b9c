"""Map one compiled OCDS release to the columns TenderBridge stores (Django-free).

The compiled release stays whole in the database (the raw truth); this module picks out what search,
matching and analytics query: title, buyer, notice type, dates, value, countries, items and their codes,
awards and their suppliers. Every value is checked here, so the database layer only writes.
"""

import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from tenderbridge.lib import countries
from tenderbridge.lib.ocds import notice_types
from tenderbridge.lib.ocds.quality import prose

MAX_TEXT = 100_000  # longer descriptions are cut: nobody reads past this and it keeps rows bounded


@dataclass(frozen=True)
class PartyData:
    name: str
    scheme: str = ""
    identifier: str = ""
    country: str = ""  # ISO 3166-1 alpha-2 or ""
    roles: tuple[str, ...] = ()

    @property
    def key(self) -> tuple[str, str, str]:
        """How parties are deduplicated: by identifier when there is one, else by name and country."""
        if self.identifier:
            return ("id", self.scheme.upper(), self.identifier)
        return ("name", normalise_name(self.name), self.country)


@dataclass(frozen=True)
class ClassificationData:
    scheme: str  # "UNSPSC", "CPV", or the source's own scheme name
    code: str
    description: str = ""


@dataclass(frozen=True)
class ItemData:
    ocds_id: str
    description: str
    lot_id: str = ""
    quantity: Decimal | None = None
    unit: str = ""
    classifications: tuple[ClassificationData, ...] = ()


@dataclass(frozen=True)
class AwardData:
    ocds_id: str
    title: str
    status: str
    date: datetime | None
    amount: Decimal | None
    currency: str
    suppliers: tuple[PartyData, ...]


@dataclass
class NoticeData:
    ocid: str
    title: str
    description: str
    language: str
    notice_type: str
    procurement_method: str
    status: str
    published: datetime | None
    deadline: datetime | None  # UTC
    deadline_timezone: str  # the source's own zone or offset, e.g. "+01:00", "Europe/Oslo"
    value_amount: Decimal | None
    value_currency: str
    url: str
    buyer: PartyData | None
    sme_suitable: bool | None
    sustainable: bool | None
    countries: list[str] = field(default_factory=list)
    documents: list[dict] = field(default_factory=list)
    items: list[ItemData] = field(default_factory=list)
    awards: list[AwardData] = field(default_factory=list)
    parties: list[PartyData] = field(default_factory=list)


def fingerprint(value: dict) -> str:
    """A stable hash of a JSON document, to tell an unchanged release or notice from a changed one."""
    return hashlib.sha1(
        json.dumps(value, sort_keys=True, ensure_ascii=False, default=str).encode()
    ).hexdigest()


@lru_cache(maxsize=65536)  # party names repeat across notices
def normalise_name(name: str) -> str:
    text = unicodedata.normalize("NFKC", name or "").casefold()
    text = re.sub(r"[^\w\s]", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def text(value, limit: int = MAX_TEXT) -> str:
    if value is None:
        return ""
    if isinstance(value, dict | list):
        return ""
    return str(value).strip()[:limit]


def words(value, limit: int = MAX_TEXT) -> str:
    """A human-readable text (title, description, name): `text`, with entities decoded and lost letters
    restored (lib/ocds/quality.py). Not for ids, codes or URLs."""
    return prose(text(value, limit))


def parse_datetime(value) -> tuple[datetime | None, str]:
    """(UTC datetime, the offset or zone as written) from an ISO 8601 string; (None, "") if unusable.

    A date without time or zone is read as midnight UTC, and its zone is reported as "" (unknown).
    """
    raw = text(value, 64)
    if not raw:
        return None, ""
    try:
        parsed = datetime.fromisoformat(raw.replace("Z", "+00:00") if raw.endswith("Z") else raw)
    except ValueError:
        return None, ""
    if parsed.tzinfo is None:
        return parsed.replace(tzinfo=UTC), ""
    offset = "Z" if raw.endswith("Z") else raw[-6:] if re.search(r"[+-]\d\d:\d\d$", raw) else ""
    return parsed.astimezone(UTC), offset


def parse_amount(value) -> Decimal | None:
    if value is None or isinstance(value, bool | dict | list):
        return None
    try:
        amount = Decimal(str(value).replace(",", "").strip())
    except InvalidOperation:
        return None
    if not amount.is_finite() or abs(amount) >= Decimal("1e18"):
        return None
    return amount.quantize(Decimal("0.01"))


def _party(raw: dict) -> PartyData | None:
    if not isinstance(raw, dict):
        return None
    identifier = raw.get("identifier") if isinstance(raw.get("identifier"), dict) else {}
    name = _party_name(raw, identifier)
    address = raw.get("address") if isinstance(raw.get("address"), dict) else {}
    country = countries.lookup(text(address.get("countryCode") or address.get("countryName"), 100)) or ""
    scheme, ident = text(identifier.get("scheme"), 50), text(identifier.get("id"), 100)
    if not name and not ident:
        return None
    roles = tuple(sorted({text(r, 40) for r in raw.get("roles") or [] if isinstance(r, str)}))
    return PartyData(name=name or ident, scheme=scheme, identifier=ident, country=country, roles=roles)


def _party_name(raw: dict, identifier: dict) -> str:
    """The party's name; where `name` is missing, the bilingual fields some publishers use instead (Canada's
    pilot writes `name_en`/`name_fr` and `identifier.legalName_en`), so a buyer is not named by its code."""
    for value in (raw.get("name"), raw.get("name_en"), identifier.get("legalName"), identifier.get("legalName_en"),
                  raw.get("name_fr"), identifier.get("legalName_fr")):
        if found := words(value, 300):
            return found
    return ""


def _parties(release: dict) -> dict[str, PartyData]:
    """Parties by their release-local id (a party without one is keyed by its name)."""
    found = {}
    for raw in release.get("parties") or []:
        party = _party(raw)
        if party is not None:
            found[text(raw.get("id"), 200) or party.name] = party
    return found


def _reference(ref, parties: dict[str, PartyData], role: str) -> PartyData | None:
    """Resolve an OrganizationReference ({id, name}) to a party, adding the role it plays here."""
    if not isinstance(ref, dict):
        return None
    party = parties.get(text(ref.get("id"), 200)) or _party(ref)
    if party is None:
        return None
    return PartyData(
        party.name, party.scheme, party.identifier, party.country, tuple(sorted({*party.roles, role}))
    )


def _classifications(item: dict) -> tuple[ClassificationData, ...]:
    found = []
    raw = [item.get("classification"), *(item.get("additionalClassifications") or [])]
    for entry in raw:
        if isinstance(entry, dict) and text(entry.get("id"), 50):
            scheme = text(entry.get("scheme"), 40).upper() or "UNKNOWN"
            found.append(
                ClassificationData(scheme, text(entry.get("id"), 50), words(entry.get("description"), 500))
            )
    return tuple(found)


def _items(release: dict) -> list[ItemData]:
    tender = _obj(release, "tender")
    items = []
    for index, raw in enumerate(tender.get("items") or []):
        if not isinstance(raw, dict):
            continue
        unit = raw.get("unit") if isinstance(raw.get("unit"), dict) else {}
        items.append(
            ItemData(
                ocds_id=text(raw.get("id"), 100) or str(index),
                description=words(raw.get("description") or raw.get("description_en"), 5000),
                lot_id=text(raw.get("relatedLot"), 100),
                quantity=parse_amount(raw.get("quantity")),
                unit=text(unit.get("name"), 100),
                classifications=_classifications(raw),
            )
        )
    return items


def _awards(release: dict, parties: dict[str, PartyData]) -> list[AwardData]:
    awards = []
    for index, raw in enumerate(release.get("awards") or []):
        if not isinstance(raw, dict):
            continue
        value = _obj(raw, "value")
        suppliers = tuple(
            p for p in (_reference(s, parties, "supplier") for s in raw.get("suppliers") or []) if p
        )
        awards.append(
            AwardData(
                ocds_id=text(raw.get("id"), 100) or str(index),
                title=words(raw.get("title"), 1000) or words(raw.get("description"), 1000),
                status=text(raw.get("status"), 30),
                date=parse_datetime(raw.get("date"))[0],
                amount=parse_amount(value.get("amount")),
                currency=text(value.get("currency"), 3).upper(),
                suppliers=suppliers,
            )
        )
    return awards


def _obj(parent: dict, key: str) -> dict:
    value = parent.get(key) if isinstance(parent, dict) else None
    return value if isinstance(value, dict) else {}


def _delivery_countries(release: dict, buyer: PartyData | None) -> list[str]:
    found = []
    for item in _obj(release, "tender").get("items") or []:
        if not isinstance(item, dict):
            continue
        for key in ("deliveryAddress", "deliveryLocation"):
            place = _obj(item, key)
            code = countries.lookup(text(place.get("countryCode") or place.get("countryName"), 100))
            if code and code not in found:
                found.append(code)
    # National publishers rarely state delivery places: their buyer's own country is where delivery happens.
    if not found and buyer and buyer.country:
        found.append(buyer.country)
    return found


def _documents(tender: dict) -> list[dict]:
    docs = []
    for raw in tender.get("documents") or []:
        if isinstance(raw, dict) and (raw.get("url") or raw.get("title")):
            docs.append(
                {
                    "title": text(raw.get("title"), 500),
                    "url": text(raw.get("url"), 1000),
                    "type": text(raw.get("documentType"), 60),
                    "language": text(raw.get("language"), 10),
                }
            )
    return docs


def _notice_url(release: dict, docs: list[dict]) -> str:
    for doc in docs:
        if doc["type"] == "tenderNotice" and doc["url"].startswith("http"):
            return doc["url"]
    for candidate in (_obj(release, "tender").get("url"), release.get("url")):
        if isinstance(candidate, str) and candidate.startswith("http"):
            return candidate[:1000]
    return next((doc["url"] for doc in docs if doc["url"].startswith("http")), "")


def _flags(tender: dict) -> tuple[bool | None, bool | None]:
    suitability = _obj(tender, "suitability")
    sme = suitability.get("sme") if isinstance(suitability.get("sme"), bool) else None
    sustainability = tender.get("sustainability")
    sustainable = bool(sustainability) if sustainability is not None else None
    return sme, sustainable


def normalise(release: dict, tags: set[str] | None = None) -> NoticeData:
    """The stored columns of one compiled release (never raises on odd values: it leaves them empty).

    `tags`: the union of the tags of the releases it was compiled from (see notice_types.classify).
    """
    tender = _obj(release, "tender")
    parties = _parties(release)
    buyer = _reference(release.get("buyer"), parties, "buyer") or _reference(
        tender.get("procuringEntity"), parties, "procuringEntity"
    )
    deadline, deadline_offset = parse_datetime(_obj(tender, "tenderPeriod").get("endDate"))
    value = _obj(tender, "value") or _obj(_obj(release, "planning"), "budget").get("amount") or {}
    value = value if isinstance(value, dict) else {}
    docs = _documents(tender)
    sme, sustainable = _flags(tender)
    published = parse_datetime(tender.get("datePublished"))[0] or parse_datetime(release.get("date"))[0]
    data = NoticeData(
        ocid=text(release.get("ocid"), 200),
        title=words(tender.get("title"), 1000)
        or words(_obj(release, "planning").get("rationale"), 1000)
        or _first_award_title(release)
        or _other_title(release),
        description=words(tender.get("description")),
        language=text(release.get("language"), 10).lower(),
        notice_type=notice_types.classify(release, tags),
        procurement_method=text(tender.get("procurementMethod"), 30),
        status=text(tender.get("status"), 30) or ("complete" if release.get("awards") else ""),
        published=published,
        deadline=deadline,
        deadline_timezone=text(_obj(tender, "tenderPeriod").get("sourceTimezone"), 64) or deadline_offset,
        value_amount=parse_amount(value.get("amount")),
        value_currency=text(value.get("currency"), 3).upper(),
        url=_notice_url(release, docs),
        buyer=buyer,
        sme_suitable=sme,
        sustainable=sustainable,
        documents=docs,
        items=_items(release),
        awards=_awards(release, parties),
    )
    data.countries = _delivery_countries(release, buyer)
    data.parties = _all_parties(data)
    return data


def _first_award_title(release: dict) -> str:
    """A title for a process published only through its awards: the award's title or description, else the
    description of its first item (Montréal publishes nothing else)."""
    for award in release.get("awards") or []:
        if isinstance(award, dict):
            title = words(award.get("title"), 1000) or words(award.get("description"), 1000)
            items = [item for item in award.get("items") or [] if isinstance(item, dict)]
            title = title or next((t for item in items if (t := words(item.get("description"), 1000))), "")
            if title:
                return title
    return ""


def _other_title(release: dict) -> str:
    """A title where the tender and awards have none: the planning budget's description (Paraguay's plans), a
    contract's title (Canada's pilot writes `title_en`)."""
    budget = _obj(_obj(release, "planning"), "budget")
    if found := words(budget.get("description"), 1000) or words(budget.get("project"), 1000):
        return found
    for contract in release.get("contracts") or []:
        if isinstance(contract, dict):
            for key in ("title", "title_en", "description", "description_en"):
                if found := words(contract.get(key), 1000):
                    return found
    return ""


def _all_parties(data: NoticeData) -> list[PartyData]:
    """The buyer and every award supplier, once each (by dedup key), roles merged."""
    merged: dict[tuple, PartyData] = {}
    for party in [data.buyer, *(s for award in data.awards for s in award.suppliers)]:
        if party is None:
            continue
        seen = merged.get(party.key)
        roles = tuple(sorted({*party.roles, *(seen.roles if seen else ())}))
        merged[party.key] = PartyData(
            party.name, party.scheme, party.identifier, party.country or (seen.country if seen else ""), roles
        )
    return list(merged.values())
