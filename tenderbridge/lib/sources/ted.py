"""The "ted" source: EU eForms notices (UBL XML, as published on TED and by national portals such as Doffin).

Reads one notice per .xml file (also gzipped), or every .xml member of a .zip (in archive order), through
containers.iter_contents and its decompression limits. `sniff` recognises the eForms UBL roots (ContractNotice-2, ContractAwardNotice-2, PriorInformationNotice-2 namespaces together
with the eForms extension namespace); the older TED R2 schema is not eForms and is not claimed.

Mapping (one OCDS release per notice), following OCDS for eForms where it is settled:
- ocid = "ted-" + the procedure identifier (BT-04 ContractFolderID), so the PIN, contract notice and award
  notice of one procedure merge into one compiled release; notices without BT-04 (some PINs) use the
  notice identifier (BT-701). id = BT-701 + "-" + notice version (BT-757); date = BT-05 issue date and
  time, with the notice's own offset.
- tag / tender.status / tender.noticeType (our extension) / procurementMethodDetails come from the notice
  type (BT-02), or from the notice subtype (OPP-070) when BT-02 is missing; see NOTICE_TYPES and
  docs/data-sources.md for the table. Contract notices of two-stage procedures (restricted, negotiated,
  dialogue, innovation partnership) are "eoi": their call is a request to participate.
- language = BT-702 as ISO 639-1 ("NOB" -> "nb"); title/description in that language, with title_en /
  description_en (OCDS's language-suffix convention) when the notice also carries English text.
- buyer = the first ContractingParty; parties = buyers (roles buyer), winners (supplier) and other
  tenderers (tenderer) from efac:Organizations, with identifier NO-BRC for Norwegian organisation numbers,
  address (country ISO alpha-2 and name, NUTS region) and details.scale from the winner size (BT-165).
- tender.description falls back to the first lot's description (converted TED notices often describe only
  the lot); groups of lots (schemeName LotsGroup) only restate their lots and are left out; PIN parts count
  as lots.
- tender.items: one per lot (or one for the procedure when there are no lots), CPV main classification
  (BT-262) and additional ones (BT-263), deliveryAddress from the place of performance; tender.lots: id,
  title, description, value, tenderPeriod; tender.value = the procedure's estimated value (BT-27), else
  the sum of the lots' estimates when they share a currency; documents = procurement document URLs
  (BT-15); submissionMethod from BT-17, submissionMethodDetails = the submission addresses (BT-18), one a
  line; parties' contactPoint from the organisation's contact (BT-502 name, BT-506 email, BT-503 telephone,
  BT-739 fax) and details.url from its web site (BT-505); suitability.sme from BT-726; sustainability goals from the
  strategic procurement codes (BT-06, BT-774, BT-775, BT-776).
- tender.tenderPeriod.endDate = the earliest lot deadline: tender submission (BT-131), else requests to
  participate (BT-1311), else expressions of interest (BT-630); sourceTimezone = the offset as written.
  Dates keep their own offset; a date written without one takes the notice's BT-05 offset. The
  converter's fill-in dates (year <= 2000 or >= 2099, e.g. "2000-01-01Z", "2099-01-01") are dropped.
- awards: one per lot result (efac:LotResult): status from BT-142 (selec-w active, clos-nw unsuccessful,
  open-nw pending), suppliers = the tenderers of its winning tenders, value = the framework maximum
  (BT-709) when stated, else the winning tenders' values (the highest per tendering party, summed over
  parties: one supplier's repeated tenders are alternatives), date = winner decision date (BT-1451),
  else contract conclusion date (BT-145), relatedLots (only lots the notice has).
- planning (PINs): planning.budget.amount = the estimated value; planning.milestones = the planned
  publication date of the contract notice (BT-127).

Bad notices: malformed XML -> Rejection("invalid_xml") with line and column; a notice without BT-701 or
BT-05 -> Rejection("missing_field"); a date or amount that cannot be read -> Rejection("bad_value").
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date as Date
from datetime import datetime
from pathlib import Path
from typing import IO
from xml.etree import ElementTree as ET

import pycountry

from tenderbridge.lib.sources import _common as c
from tenderbridge.lib.sources.base import FileRejected, Item, Rejection, SourceRecord
from tenderbridge.lib.sources.containers import LimitExceeded, iter_contents

NS = {
    "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
    "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
    "ext": "urn:oasis:names:specification:ubl:schema:xsd:CommonExtensionComponents-2",
    "efac": "http://data.europa.eu/p27/eforms-ubl-extension-aggregate-components/1",
    "efbc": "http://data.europa.eu/p27/eforms-ubl-extension-basic-components/1",
    "efext": "http://data.europa.eu/p27/eforms-ubl-extensions/1",
}
ROOTS = ("ContractNotice", "ContractAwardNotice", "PriorInformationNotice")
ROOT_NAMESPACES = tuple(f"urn:oasis:names:specification:ubl:schema:xsd:{r}-2" for r in ROOTS)
EFORMS_MARKER = b"http://data.europa.eu/p27/eforms-ubl-extension"

# BT-02 notice type -> (stage, noticeType, label after the eForms notice-type codelist).
NOTICE_TYPES = {
    "pin-only": ("planning", "planning", "Prior information notice used only for information"),
    "pin-buyer": ("planning", "planning", "Notice of the publication of a prior information notice on a buyer profile"),
    "pin-rtl": ("planning", "planning", "Prior information notice used to shorten time limits for receipt of tenders"),
    "pin-tran": ("planning", "planning", "Prior information notice for public passenger transport services"),
    "pmc": ("planning", "rfi", "Pre-market consultation notice"),
    "pin-cfc-standard": ("competition", "eoi", "Prior information notice used as a call for competition – standard regime"),
    "pin-cfc-social": ("competition", "eoi", "Prior information notice used as a call for competition – light regime"),
    "qu-sy": ("competition", "eoi", "Notice on the existence of a qualification system"),
    "cn-standard": ("competition", "itb", "Contract or concession notice – standard regime"),
    "cn-social": ("competition", "itb", "Contract or concession notice – light regime"),
    "subco": ("competition", "itb", "Subcontracting notice"),
    "cn-desg": ("competition", "rfp", "Design contest notice"),
    "veat": ("result", "contract_award", "Voluntary ex-ante transparency notice"),
    "can-standard": ("result", "contract_award", "Contract or concession award notice – standard regime"),
    "can-social": ("result", "contract_award", "Contract or concession award notice – light regime"),
    "can-desg": ("result", "contract_award", "Design contest result notice"),
    "can-tran": ("result", "contract_award", "Contract award notice for public passenger transport services"),
    "can-modif": ("modification", "contract_award", "Contract modification notice"),
    "compl": ("completion", "other", "Contract completion notice"),
}
# OPP-070 notice subtype -> BT-02 code, used when BT-02 is missing or unknown. N4/N16/N29 are Doffin's
# national clones of 4/16/29; E1-E6 are the SDK 1.13 subtypes for procurement outside the directives.
SUBTYPES = {
    **dict.fromkeys(["1", "2", "3"], "pin-buyer"), **dict.fromkeys(["4", "5", "6", "N4", "E2"], "pin-only"),
    **dict.fromkeys(["7", "8"], "pin-rtl"), "9": "pin-tran", "T01": "pin-tran", "E1": "pmc",
    **dict.fromkeys(["10", "11"], "pin-cfc-standard"), **dict.fromkeys(["12", "13", "14"], "pin-cfc-social"),
    "15": "qu-sy", **dict.fromkeys(["16", "17", "18", "19", "N16", "E3"], "cn-standard"),
    **dict.fromkeys(["20", "21"], "cn-social"), "22": "subco", **dict.fromkeys(["23", "24"], "cn-desg"),
    **dict.fromkeys(["25", "26", "27", "28"], "veat"), **dict.fromkeys(["29", "30", "31", "32", "N29", "E4"], "can-standard"),
    **dict.fromkeys(["33", "34", "35"], "can-social"), **dict.fromkeys(["36", "37"], "can-desg"),
    **dict.fromkeys(["38", "39", "40", "E6"], "can-modif"), "T02": "can-tran", "E5": "compl",
}
STAGE_TAG = {"planning": "planning", "competition": "tender", "result": "award", "modification": "awardUpdate",
             "completion": "contractTermination"}
STAGE_STATUS = {"planning": "planned", "competition": "active", "result": "complete"}
TWO_STAGE_PROCEDURES = {"restricted", "neg-w-call", "comp-dial", "innovation", "oth-mult"}
PROCEDURES = {"open": "open", "restricted": "selective", "neg-w-call": "selective", "comp-dial": "selective",
              "innovation": "selective", "oth-mult": "selective", "neg-wo-call": "limited"}
NATURE = {"supplies": "goods", "works": "works", "services": "services"}
RESULT_STATUS = {"selec-w": "active", "clos-nw": "unsuccessful", "open-nw": "pending"}
SCALE = {"micro": "micro", "small": "sme", "medium": "sme", "sme": "sme", "large": "large", "self-employed": "selfEmployed"}
SUSTAINABILITY = {"environmental-impact": "environmental", "gpp-criteria": "environmental", "social-objective": "social",
                  "social-procurement": "social", "innovative-acquisition": "economic.innovativeProducts"}
SUBMISSION = {"required": "electronicSubmission", "allowed": "electronicSubmission", "not-allowed": "written"}
DATE_RE = re.compile(r"^(\d{4}-\d{2}-\d{2})(Z|[+-]\d{2}:\d{2})?$")
TIME_RE = re.compile(r"^(\d{2}:\d{2})(:\d{2})?(?:\.\d+)?(Z|[+-]\d{2}:\d{2})?$")


class NoticeError(ValueError):
    def __init__(self, code: str, reason: str):
        super().__init__(reason)
        self.code = code


class TedSource:
    name = "ted"
    awards_only = False

    def sniff(self, path: Path, head: bytes) -> bool:
        return EFORMS_MARKER in head and any(ns.encode() in head for ns in ROOT_NAMESPACES)

    def read(self, path: Path) -> Iterator[Item]:
        for content in iter_contents(Path(path)):
            if isinstance(content, Rejection):
                yield content
                continue
            position = content.label.strip() or f"file {content.name}"
            if content.label and not content.name.lower().endswith(".xml"):
                yield Rejection(position, "unsupported_format", f"{content.name} is not an .xml notice; it was skipped.")
                continue
            try:
                with content.open() as stream:
                    item = read_notice(stream, position)
            except LimitExceeded as exc:
                item = Rejection(position, exc.code, exc.reason)
            if not content.label and isinstance(item, Rejection) and item.code == "unsupported_format":
                raise FileRejected(item.code, item.reason)
            yield item


def read_notice(source: Path | IO[bytes], position: str) -> Item:
    """One notice (a path or a binary stream) as a SourceRecord, or a Rejection."""
    try:
        root = ET.parse(source).getroot()
    except ET.ParseError as exc:
        line, column = exc.position
        return Rejection(position, "invalid_xml", f"The notice is not well-formed XML at line {line}, column {column} ({exc}).")
    namespace, _, local = root.tag[1:].partition("}")
    if local not in ROOTS or namespace not in ROOT_NAMESPACES:
        return Rejection(position, "unsupported_format", f"The root element {local or root.tag} is not an eForms notice.")
    try:
        return SourceRecord(build_release(Notice.of(root)), position)
    except NoticeError as exc:
        return Rejection(position, exc.code, str(exc))


# --- small XML and value helpers -------------------------------------------------------------------------

def txt(el: ET.Element | None, path: str = ".") -> str:
    found = el.find(path, NS) if el is not None else None
    return (found.text or "").strip() if found is not None else ""


def all_txt(el: ET.Element | None, path: str) -> list[str]:
    return [(x.text or "").strip() for x in el.findall(path, NS) if (x.text or "").strip()] if el is not None else []


def language(code: str) -> str:
    found = pycountry.languages.get(alpha_3=code.lower()) if code else None
    return getattr(found, "alpha_2", "") or code.lower()


def amount(el: ET.Element | None, what: str) -> dict | None:
    if el is None or not (el.text or "").strip():
        return None
    try:
        value = c.parse_amount(el.text)
    except ValueError:
        raise NoticeError("bad_value", f"{what} {el.text.strip()!r} is not a number.") from None
    return {"amount": value, "currency": el.get("currencyID", "").strip() or None}


@dataclass
class Notice:
    root: ET.Element
    ext: ET.Element | None  # the notice-level efext:EformsExtension
    lang: str  # BT-702 as written ("NOB")
    offset: str  # BT-05's offset, for dates written without one
    orgs: dict[str, ET.Element]  # ORG-xxxx -> efac:Company

    @classmethod
    def of(cls, root: ET.Element) -> "Notice":
        ext = root.find("ext:UBLExtensions/ext:UBLExtension/ext:ExtensionContent/efext:EformsExtension", NS)
        issue = txt(root, "cbc:IssueDate")
        match = DATE_RE.match(issue.split()[0]) if issue else None
        orgs = {txt(org, "efac:Company/cac:PartyIdentification/cbc:ID"): org.find("efac:Company", NS)
                for org in (ext.findall("efac:Organizations/efac:Organization", NS) if ext is not None else [])}
        return cls(root, ext, txt(root, "cbc:NoticeLanguageCode"), (match.group(2) if match else None) or "Z", orgs)

    def when(self, date_text: str, time_text: str = "", what: str = "date") -> str | None:
        """ISO 8601 with the offset the source wrote (else BT-05's); None for converter fill-in dates."""
        if not date_text:
            return None
        day = DATE_RE.match(date_text.split()[0])
        clock = TIME_RE.match(time_text) if time_text else None
        if day is None or (time_text and clock is None):
            written = " ".join(x for x in (date_text, time_text) if x)
            raise NoticeError("bad_value", f"The {what} {written!r} is not an eForms date and time.")
        try:
            year = Date.fromisoformat(day.group(1)).year
        except ValueError:
            raise NoticeError("bad_value", f"The {what} {date_text!r} is not a calendar date.") from None
        if year <= 2000 or year >= 2099:
            return None
        offset = (clock.group(3) if clock else None) or day.group(2) or self.offset
        hms = f"{clock.group(1)}{clock.group(2) or ':00'}" if clock else "00:00:00"
        return f"{day.group(1)}T{hms}{offset}"

    def local_text(self, el: ET.Element | None, path: str) -> tuple[str, str]:
        """(text in the notice language, English text if different), for multilingual UBL fields."""
        if el is None:
            return "", ""
        variants = [(x.get("languageID", ""), (x.text or "").strip()) for x in el.findall(path, NS)]
        variants = [(lang, text) for lang, text in variants if text]
        main = next((t for lang, t in variants if lang == self.lang), variants[0][1] if variants else "")
        english = next((t for lang, t in variants if lang == "ENG"), "")
        return main, (english if english != main and self.lang != "ENG" else "")


# --- the release ------------------------------------------------------------------------------------------

def build_release(n: Notice) -> dict:
    notice_id = txt(n.root, "cbc:ID")
    if not notice_id:
        raise NoticeError("missing_field", "The notice has no identifier (BT-701, cbc:ID).")
    issued = n.when(txt(n.root, "cbc:IssueDate"), txt(n.root, "cbc:IssueTime"), "issue date (BT-05)")
    if not issued:
        raise NoticeError("missing_field", "The notice has no usable issue date (BT-05, cbc:IssueDate).")
    code = notice_type_code(n)
    stage = NOTICE_TYPES[code][0] if code else "competition"
    ocid = "ted-" + (txt(n.root, "cbc:ContractFolderID") or notice_id)
    tender = build_tender(n, ocid, code, stage)
    release = {
        "ocid": ocid,
        "id": f"{notice_id}-{txt(n.root, 'cbc:VersionID') or '01'}",
        "date": issued,
        "tag": [STAGE_TAG.get(stage, "tender")],
        "initiationType": "tender",
        "language": language(n.lang),
        "buyer": _buyer(n),
        "parties": build_parties(n),
        "tender": tender,
        "awards": build_awards(n),
        "planning": build_planning(n, tender) if stage == "planning" else None,
    }
    return c.drop_empty(release)


def notice_type_code(n: Notice) -> str | None:
    code = txt(n.root, "cbc:NoticeTypeCode")
    if code in NOTICE_TYPES:
        return code
    subtype = txt(n.ext, "efac:NoticeSubType/cbc:SubTypeCode")
    return SUBTYPES.get(subtype)


def notice_type_key(code: str | None, procedure: str) -> str:
    if code is None:
        return "other"
    key = NOTICE_TYPES[code][1]
    if key == "itb" and procedure in TWO_STAGE_PROCEDURES:
        return "eoi"
    return key


def _buyer(n: Notice) -> dict | None:
    org_id = txt(n.root, "cac:ContractingParty/cac:Party/cac:PartyIdentification/cbc:ID")
    if not org_id:
        return None
    return {"id": org_id, "name": _org_name(n, n.orgs.get(org_id))}


def _org_name(n: Notice, company: ET.Element | None) -> str:
    return n.local_text(company, "cac:PartyName/cbc:Name")[0]


# --- parties ----------------------------------------------------------------------------------------------

def build_parties(n: Notice) -> list[dict]:
    roles: dict[str, list[str]] = {}
    for org_id in all_txt(n.root, "cac:ContractingParty/cac:Party/cac:PartyIdentification/cbc:ID"):
        roles.setdefault(org_id, []).append("buyer")
    winners, tenderers = _result_organisations(n)
    for org_id in winners:
        roles.setdefault(org_id, []).append("supplier")
    for org_id in tenderers:
        if org_id not in winners:
            roles.setdefault(org_id, []).append("tenderer")
    return [_party(n, org_id, r) for org_id, r in roles.items()]


def _party(n: Notice, org_id: str, roles: list[str]) -> dict:
    company = n.orgs.get(org_id)
    party = {"id": org_id, "name": _org_name(n, company), "roles": roles}
    if company is None:
        return party
    postal = company.find("cac:PostalAddress", NS)
    alpha2 = c.alpha2_from_alpha3(txt(postal, "cac:Country/cbc:IdentificationCode"))
    party["address"] = {
        "streetAddress": txt(postal, "cbc:StreetName"),
        "locality": txt(postal, "cbc:CityName"),
        "postalCode": txt(postal, "cbc:PostalZone"),
        "region": txt(postal, "cbc:CountrySubentityCode"),
        "countryName": c.country_name(alpha2) if alpha2 else "",
        "countryCode": alpha2,
    }
    party["identifier"] = _identifier(txt(company, "cac:PartyLegalEntity/cbc:CompanyID"), alpha2)
    party["contactPoint"] = {
        "name": txt(company, "cac:Contact/cbc:Name"),  # BT-502
        "email": txt(company, "cac:Contact/cbc:ElectronicMail"),  # BT-506
        "telephone": txt(company, "cac:Contact/cbc:Telephone"),  # BT-503
        "faxNumber": txt(company, "cac:Contact/cbc:Telefax"),  # BT-739
    }
    party["details"] = {
        "scale": SCALE.get(txt(company, "efbc:CompanySizeCode")),
        "url": txt(company, "cbc:WebsiteURI"),  # BT-505, the organisation's web site
    }
    return party


def _identifier(company_id: str, alpha2: str | None) -> dict | None:
    if not company_id:
        return None
    digits = re.sub(r"\D", "", company_id)
    if alpha2 == "NO" and len(digits) == 9:  # Brønnøysund organisation number, org-id.guide scheme NO-BRC
        return {"scheme": "NO-BRC", "id": digits}
    return {"id": company_id}


# --- results and awards -----------------------------------------------------------------------------------

@dataclass
class Results:
    tenders: dict[str, ET.Element]  # TEN-xxxx -> efac:LotTender
    parties: dict[str, list[str]]  # TPA-xxxx -> ORG ids of its tenderers
    contracts: dict[str, ET.Element]  # CON-xxxx -> efac:SettledContract
    lot_results: list[ET.Element]

    @classmethod
    def of(cls, n: Notice) -> "Results":
        result = n.ext.find("efac:NoticeResult", NS) if n.ext is not None else None
        if result is None:
            return cls({}, {}, {}, [])
        return cls(
            {txt(t, "cbc:ID"): t for t in result.findall("efac:LotTender", NS)},
            {txt(p, "cbc:ID"): all_txt(p, "efac:Tenderer/cbc:ID") for p in result.findall("efac:TenderingParty", NS)},
            {txt(k, "cbc:ID"): k for k in result.findall("efac:SettledContract", NS)},
            result.findall("efac:LotResult", NS),
        )

    def winning_tenders(self, lot_result: ET.Element) -> list[ET.Element]:
        if txt(lot_result, "cbc:TenderResultCode") not in ("", "selec-w"):
            return []
        ids = all_txt(lot_result, "efac:LotTender/cbc:ID")
        return [self.tenders[i] for i in ids if i in self.tenders]

    def tenderers(self, tender: ET.Element) -> list[str]:
        return self.parties.get(txt(tender, "efac:TenderingParty/cbc:ID"), [])


def _result_organisations(n: Notice) -> tuple[list[str], list[str]]:
    results = Results.of(n)
    winners = [org for lr in results.lot_results for t in results.winning_tenders(lr) for org in results.tenderers(t)]
    everyone = [org for orgs in results.parties.values() for org in orgs]
    return list(dict.fromkeys(winners)), list(dict.fromkeys(everyone))


def build_awards(n: Notice) -> list[dict]:
    results = Results.of(n)
    decided = [n.when(d.split()[0] if d else "", "", "winner decision date (BT-1451)") for d in all_txt(n.root, "cac:TenderResult/cbc:AwardDate")]
    decision = next((d for d in decided if d), None)
    lot_ids = {txt(lot, "cbc:ID") for lot in n.root.findall("cac:ProcurementProjectLot", NS)}
    return [_award(n, results, lr, decision, lot_ids) for lr in results.lot_results]


def _award(n: Notice, results: Results, lot_result: ET.Element, decision: str | None, lot_ids: set[str]) -> dict:
    winning = results.winning_tenders(lot_result)
    suppliers = list(dict.fromkeys(org for t in winning for org in results.tenderers(t)))
    contracts = [results.contracts[k] for k in all_txt(lot_result, "efac:SettledContract/cbc:ID") if k in results.contracts]
    code = txt(lot_result, "cbc:TenderResultCode")
    framework = amount(lot_result.find("efac:FrameworkAgreementValues/cbc:MaximumValueAmount", NS), "Framework maximum value (BT-709)")
    return {
        "id": txt(lot_result, "cbc:ID"),
        "title": next((t for t in (n.local_text(k, "cbc:Title")[0] for k in contracts) if t), ""),
        "status": RESULT_STATUS.get(code) or ("active" if winning else None),
        "date": _award_date(n, contracts, decision),
        # A framework's ceiling is stated once for all its participants; summing their tenders would overcount.
        "value": framework or _award_value(results, winning),
        "suppliers": [{"id": org, "name": _org_name(n, n.orgs.get(org))} for org in suppliers],
        # Converted TED notices write "MISSING" here: keep only references to lots the notice has.
        "relatedLots": [x for x in all_txt(lot_result, "efac:TenderLot/cbc:ID") if x in lot_ids],
    }


def _award_date(n: Notice, contracts: list[ET.Element], decision: str | None) -> str | None:
    """Winner decision date (BT-1451, per contract or notice-wide), else contract conclusion date (BT-145)."""
    decided = [n.when(txt(k, "cbc:AwardDate"), "", "winner decision date (BT-1451)") for k in contracts]
    signed = [n.when(txt(k, "cbc:IssueDate"), "", "contract conclusion date (BT-145)") for k in contracts]
    for dates in ([d for d in decided if d], [decision] if decision else [], [d for d in signed if d]):
        if dates:
            return min(dates, key=_instant)
    return None


def _award_value(results: Results, winning: list[ET.Element]) -> dict | None:
    best: dict[str, dict] = {}  # tendering party -> its highest tender value
    for tender in winning:
        value = amount(tender.find("cac:LegalMonetaryTotal/cbc:PayableAmount", NS), "Tender value (BT-720)")
        party = txt(tender, "efac:TenderingParty/cbc:ID")
        if value and (party not in best or value["amount"] > best[party]["amount"]):
            best[party] = value
    currencies = {v["currency"] for v in best.values()}
    if not best or len(currencies) != 1:
        return None
    return {"amount": sum(v["amount"] for v in best.values()), "currency": currencies.pop()}


# --- tender, lots and items -------------------------------------------------------------------------------

def build_tender(n: Notice, ocid: str, code: str | None, stage: str) -> dict:
    project = n.root.find("cac:ProcurementProject", NS)
    lots = lot_elements(n)
    procedure = txt(n.root, "cac:TenderingProcess/cbc:ProcedureCode")
    title, title_en = n.local_text(project, "cbc:Name")
    description, description_en = n.local_text(project, "cbc:Description")
    lot_list = [_lot(n, lot) for lot in lots]
    if not description and lot_list:  # converted TED notices often describe only the lot
        description, description_en = lot_list[0].get("description", ""), lot_list[0].get("description_en", "")
    return {
        "id": ocid.removeprefix("ted-"),
        "title": title, "title_en": title_en,
        "description": description, "description_en": description_en,
        "status": STAGE_STATUS.get(stage),
        "procurementMethod": PROCEDURES.get(procedure),
        "procurementMethodDetails": NOTICE_TYPES[code][2] if code else txt(n.root, "cbc:NoticeTypeCode"),
        "noticeType": notice_type_key(code, procedure),
        "mainProcurementCategory": NATURE.get(_nature(project) or next((_nature(x.find("cac:ProcurementProject", NS)) for x in lots), "")),
        "value": amount(project.find("cac:RequestedTenderTotal/cbc:EstimatedOverallContractAmount", NS), "Estimated value (BT-27)")
        if project is not None else None,
        "tenderPeriod": _earliest_period(lot_list),
        "items": _items(n, project, lots),
        "lots": lot_list,
        "documents": _documents(lots),
        "submissionMethod": list(dict.fromkeys(SUBMISSION[s] for lot in lots for s in all_txt(lot, "cac:TenderingProcess/cbc:SubmissionMethodCode") if s in SUBMISSION)),
        "submissionMethodDetails": "\n".join(dict.fromkeys(u for lot in lots for u in all_txt(lot, "cac:TenderingTerms/cac:TenderRecipientParty/cbc:EndpointID"))),
        "suitability": _suitability(lots),
        "sustainability": _sustainability(n.root),
    } | _value_from_lots(project, lot_list)


def lot_elements(n: Notice) -> list[ET.Element]:
    """Lots and (in PINs) parts; groups of lots only restate their lots and are left out."""
    return [lot for lot in n.root.findall("cac:ProcurementProjectLot", NS)
            if (lot.find("cbc:ID", NS) is None or lot.find("cbc:ID", NS).get("schemeName") != "LotsGroup")]


def _nature(project: ET.Element | None) -> str:
    return next((x.text.strip() for x in (project.findall("cbc:ProcurementTypeCode", NS) if project is not None else [])
                 if x.get("listName") == "contract-nature" and x.text), "")


def _value_from_lots(project: ET.Element | None, lots: list[dict]) -> dict:
    """tender.value from the lots when the procedure states none and every valued lot shares a currency."""
    if project is not None and project.find("cac:RequestedTenderTotal/cbc:EstimatedOverallContractAmount", NS) is not None:
        return {}
    values = [lot["value"] for lot in lots if lot.get("value")]
    currencies = {v["currency"] for v in values}
    if not values or len(currencies) != 1:
        return {}
    return {"value": {"amount": sum(v["amount"] for v in values), "currency": currencies.pop()}}


def _lot(n: Notice, lot: ET.Element) -> dict:
    project = lot.find("cac:ProcurementProject", NS)
    process = lot.find("cac:TenderingProcess", NS)
    title, title_en = n.local_text(project, "cbc:Name")
    description, description_en = n.local_text(project, "cbc:Description")
    return {
        "id": txt(lot, "cbc:ID"),
        "title": title, "title_en": title_en,
        "description": description, "description_en": description_en,
        "value": amount(project.find("cac:RequestedTenderTotal/cbc:EstimatedOverallContractAmount", NS), "Lot estimated value (BT-27)")
        if project is not None else None,
        "tenderPeriod": _deadline(n, process),
    }


def _deadline(n: Notice, process: ET.Element | None) -> dict | None:
    if process is None:
        return None
    paths = ("cac:TenderSubmissionDeadlinePeriod", "cac:ParticipationRequestReceptionPeriod",
             "ext:UBLExtensions/ext:UBLExtension/ext:ExtensionContent/efext:EformsExtension/efac:InterestExpressionReceptionPeriod")
    for path in paths:
        period = process.find(path, NS)
        when = n.when(txt(period, "cbc:EndDate"), txt(period, "cbc:EndTime"), "deadline") if period is not None else None
        if when:
            offset = "Z" if when.endswith("Z") else when[-6:]
            return {"endDate": when, "sourceTimezone": offset}
    return None


def _earliest_period(lots: list[dict]) -> dict | None:
    periods = [lot["tenderPeriod"] for lot in lots if lot.get("tenderPeriod")]
    # Compare as instants, not strings: offsets differ between lots.
    return min(periods, key=lambda p: _instant(p["endDate"]), default=None)


def _instant(iso: str) -> datetime:
    return datetime.fromisoformat(iso.replace("Z", "+00:00"))


def _items(n: Notice, project: ET.Element | None, lots: list[ET.Element]) -> list[dict]:
    sources = [(txt(lot, "cbc:ID"), lot.find("cac:ProcurementProject", NS)) for lot in lots] or [("", project)]
    items = []
    for number, (lot_id, part) in enumerate(sources, start=1):
        if part is None:
            continue
        main = txt(part, "cac:MainCommodityClassification/cbc:ItemClassificationCode")
        extra = [x for x in dict.fromkeys(all_txt(part, "cac:AdditionalCommodityClassification/cbc:ItemClassificationCode")) if x != main]
        items.append({
            "id": str(number),
            "description": n.local_text(part, "cbc:Name")[0],
            "classification": {"scheme": "CPV", "id": main} if main else None,
            "additionalClassifications": [{"scheme": "CPV", "id": x} for x in extra],
            "deliveryAddress": _place(part),
            "relatedLot": lot_id,
        })
    return items


def _place(part: ET.Element) -> dict | None:
    address = part.find("cac:RealizedLocation/cac:Address", NS)
    if address is None:
        return None
    alpha2 = c.alpha2_from_alpha3(txt(address, "cac:Country/cbc:IdentificationCode"))
    return {
        "locality": txt(address, "cbc:CityName"),
        "region": txt(address, "cbc:CountrySubentityCode"),
        "countryName": c.country_name(alpha2) if alpha2 else "",
        "countryCode": alpha2,
    }


def _documents(lots: list[ET.Element]) -> list[dict]:
    urls = [u for lot in lots for u in all_txt(lot, "cac:TenderingTerms/cac:CallForTendersDocumentReference/cac:Attachment/cac:ExternalReference/cbc:URI")]
    return [{"id": str(i), "url": url, "documentType": "biddingDocuments"} for i, url in enumerate(dict.fromkeys(urls), start=1)]


def _suitability(lots: list[ET.Element]) -> dict | None:
    flags = [x.lower() == "true" for lot in lots for x in all_txt(lot, "cac:ProcurementProject/cbc:SMESuitableIndicator")]
    return {"sme": any(flags)} if flags else None


def _sustainability(root: ET.Element) -> list[dict]:
    goals = []
    for el in root.iter(f"{{{NS['cbc']}}}ProcurementTypeCode"):
        goal = SUSTAINABILITY.get(el.get("listName", ""))
        if goal and (el.text or "").strip() not in ("", "none"):
            goals.append(goal)
    return [{"goal": g} for g in dict.fromkeys(goals)]


def build_planning(n: Notice, tender: dict) -> dict:
    planned = [n.when(d, "", "planned notice date (BT-127)") for d in all_txt(n.root, "cbc:PlannedDate")]
    return {
        "budget": {"amount": tender["value"]} if tender.get("value") else None,
        "milestones": [{"id": "future-notice", "title": "Planned publication of the contract notice",
                        "type": "preProcurement", "dueDate": d} for d in planned[:1] if d],
    }


SOURCE = TedSource()
