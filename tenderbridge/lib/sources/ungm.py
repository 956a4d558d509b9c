"""The "ungm" source: UN Global Marketplace tender notices, as exported by a notice scraper.

Two layouts of the same export are read, told apart by their first record (not by the file name):
- the headered CSV: `reference, title, description, beneficiary_country_iso2, organisation, deadline,
  competition, unspsc_codes, ungm_url, scraped_at` (an optional `notice_type` column, UNGM's own
  "Type of notice" text, is used when present);
- the raw CSV with no header and 32 columns (the scraper's tblTenders table): reference in column 3,
  title 4, description 5, country 6, organisation 7, deadline 12, UNSPSC codes 19, "UNGM" 20,
  notice URL 21, scraped-at 32 (1-based).

Mapping (one OCDS release per row, tag ["tender"]):
- ocid = "ungm-" + the UNGM notice number from the notice URL (".../Public/Notice/228092" ->
  "ungm-228092"); without a URL, "ungm-ref-" + the reference. id = ocid + "-tender-" + the scrape time
  ("ungm-228092-tender-20240305T230444"); date = the scrape time. The scraper wrote local time without a
  zone; it is read as UTC (documented assumption, it only orders snapshots). Repeated scrapes of one
  notice are separate releases of one ocid, which the merge stage compiles.
- buyer / parties[buyer, procuringEntity] = organisation, id "unorg-" + the acronym in its parentheses
  ("UNITED NATIONS CHILDRENS FUND (UNICEF)" -> "unorg-UNICEF", the id the ASR source gives UNICEF).
- tender: id = reference; title (the reference when the title is empty: the scraper moved IOM titles
  there); description without the scraper's "Tenders Are Invited For <title>" preamble, <br/> as new
  lines; status "active"; procurementMethod "open" (public UNGM notices); noticeType (our extension) from
  the notice_type column, else inferred from the reference and title (RFQ/LRQS -> rfq, LRPS/RFP -> rfp,
  ITB/DAO -> itb, EOI -> eoi, "national consultant" -> individual_consultant, else other);
  procurementMethodDetails = the notice_type text when the file has it.
- tender.tenderPeriod.endDate from deadline: UNGM's "18-Mar-2024 12:00 (GMT 2.00) Kyiv" keeps its
  offset ("2024-03-18T12:00:00+02:00") and the zone text goes to tenderPeriod.sourceTimezone (our
  extension); ISO 8601 with an offset is kept as is; a bare date (all this scrape has: the scraper cut
  the time and zone) becomes the start of that day in UTC with tenderPeriod.endDatePrecision = "day"
  (our extension), the earliest the deadline can be for nearly every zone.
- tender.items[0]: classification = the first most specific UNSPSC code of unspsc_codes (the list also
  holds every ancestor segment/family/class, which are dropped), additionalClassifications = the other
  most specific codes; deliveryAddress = the beneficiary country (ISO alpha-2 and its name).
- tender.documents[0] = the UNGM notice page (documentType "tenderNotice"); language "en": the scraper
  machine-translated titles and descriptions into English.

Bad rows: no notice URL nor reference, no scrape time, a deadline that cannot be read, bytes that are
not UTF-8, or the wrong number of cells -> Rejection naming the row, field and value.
"""

import html
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

from tenderbridge.lib.sources import _common as c
from tenderbridge.lib.sources.base import FileRejected, Item, Rejection, SourceRecord

HEADER_REQUIRED = ("reference", "title", "description", "beneficiary_country_iso2", "organisation",
                   "deadline", "unspsc_codes", "ungm_url", "scraped_at")
RAW_WIDTH = 32
# Field -> 0-based column of the raw export (the scraper's tblTenders columns).
RAW_INDEX = {"reference": 2, "title": 3, "description": 4, "beneficiary_country_iso2": 5, "organisation": 6,
             "deadline": 11, "competition": 17, "unspsc_codes": 18, "ungm_url": 20, "scraped_at": 31}

NOTICE_URL = re.compile(r"/Public/Notice/(\d+)", re.IGNORECASE)
UNGM_DEADLINE = re.compile(
    r"^(?P<date>\d{1,2}-[A-Za-z]{3}-\d{4})\s+(?P<time>\d{1,2}:\d{2})\s*"
    r"(?P<zone>\(GMT\s*(?P<sign>[+-]?)\s*(?P<hours>\d{1,2})?(?:[.:](?P<minutes>\d{1,2}))?\s*\).*)$"
)
PREAMBLE = re.compile(r"^\s*Tenders Are Invited For .*?<br/>\s*<br/>", re.IGNORECASE | re.DOTALL)

# Organisation names whose parenthesised acronym is wrong in the export (lower-case name -> acronym).
ACRONYM_FIXES = {"international organization for migration": "IOM"}

# (pattern, noticeType): first match wins; applied to the notice type text, else the reference, else the title.
NOTICE_TYPE_PATTERNS = [
    (r"individual consultant|\b(national|international|individual)\s+consultant\b", "individual_consultant"),
    (r"contract award|\baward notice\b", "contract_award"),
    (r"general procurement notice|\bgpn\b", "gpn"),
    (r"specific procurement notice|\bspn\b", "spn"),
    (r"procurement plan|prior information", "planning"),
    (r"expression of interest|\b(l?eoi)", "eoi"),
    (r"request for information|\brfi\b", "rfi"),
    (r"quotation|\b(l?rfq|lrqs|rfqs)\b", "rfq"),
    (r"invitation to (bid|tender)|appel d.offres|\b(l?itb|dao|aoi|ifb)\b", "itb"),
    (r"proposal|\b(l?rfp|lrps|rfps)\b", "rfp"),
]


class UngmSource:
    name = "ungm"
    awards_only = False

    def sniff(self, path: Path, head: bytes) -> bool:
        first = c.head_record(head)
        return _is_header(first) or _is_raw_row(first)

    def read(self, path: Path) -> Iterator[Item]:
        yield from c.read_contents(path, self._read_stream)

    def _read_stream(self, stream: IO[bytes], label: str) -> Iterator[Item]:
        records = c.csv_records(stream)
        first = next(records, None)
        if not isinstance(first, c.CsvRecord):
            raise FileRejected("empty", "The file has no rows.")
        if _is_header(first.fields):
            names = c.normalise_header(first.fields)
            index = c.require_columns(first.fields, HEADER_REQUIRED, "UNGM notices")
            if "notice_type" in names:  # UNGM's own "Type of notice" text, when an export carries it
                index["notice_type"] = names.index("notice_type")
            width = len(first.fields)
        elif _is_raw_row(first.fields):
            index, width = RAW_INDEX, RAW_WIDTH
            yield c.labelled(convert_row(first, index, width), label)
        else:
            found = ", ".join(f[:30] for f in first.fields[:12]) or "nothing"
            raise FileRejected(
                "wrong_columns",
                f"This is not a UNGM notice export: expected a header with {', '.join(HEADER_REQUIRED)} "
                f"or the raw {RAW_WIDTH}-column export; found {found}.",
                position="row 1",
            )
        for record in records:
            if isinstance(record, Rejection):
                yield c.labelled(record, label)
            elif any(f.strip() for f in record.fields):
                yield c.labelled(convert_row(record, index, width), label)


def _is_header(fields: list[str]) -> bool:
    return {"reference", "ungm_url"} <= set(c.normalise_header(fields))


def _is_raw_row(fields: list[str]) -> bool:
    return (len(fields) == RAW_WIDTH and fields[19].strip() == "UNGM"
            and NOTICE_URL.search(fields[20]) is not None)


def convert_row(record: c.CsvRecord, index: dict[str, int], width: int) -> Item:
    position = f"row {record.number}"
    if not record.clean:
        return Rejection(position, "encoding", c.encoding_reason(record))
    if len(record.fields) != width:
        return Rejection(position, "wrong_columns", f"Row {record.number} has {len(record.fields)} cells; expected {width}.")
    row = {name: record.fields[i].strip() for name, i in index.items()}
    try:
        return SourceRecord(build_release(row, record.number), position)
    except RowError as exc:
        return Rejection(position, exc.code, str(exc))


class RowError(ValueError):
    def __init__(self, code: str, reason: str):
        super().__init__(reason)
        self.code = code


def build_release(row: dict[str, str], number: int) -> dict:
    ocid = _ocid(row, number)
    scraped = _scrape_time(row["scraped_at"], number)
    buyer = _buyer(row["organisation"])
    release = {
        "ocid": ocid,
        "id": f"{ocid}-tender-{scraped.strftime('%Y%m%dT%H%M%S')}",
        "date": scraped.isoformat().replace("+00:00", "Z"),
        "tag": ["tender"],
        "initiationType": "tender",
        "language": "en",
        "buyer": buyer,
        "parties": [{**buyer, "roles": ["buyer", "procuringEntity"]}] if buyer else None,
        "tender": _tender(row, ocid, number),
    }
    return c.drop_empty(release)


def _ocid(row: dict[str, str], number: int) -> str:
    match = NOTICE_URL.search(row["ungm_url"])
    if match:
        return "ungm-" + match.group(1)
    if row["reference"]:
        return "ungm-ref-" + re.sub(r"[^A-Za-z0-9._-]+", "-", row["reference"]).strip("-")
    raise RowError("missing_field", f"Row {number}: neither ungm_url nor reference identifies the notice.")


def _scrape_time(text: str, number: int) -> datetime:
    if not text:
        raise RowError("missing_field", f"Row {number}: the required field scraped_at is empty.")
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise RowError("bad_value", f"Row {number}: scraped_at {text!r} is not a date and time.") from None
    # The scraper wrote its machine's local time with no zone: read as UTC (see the module docstring).
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _buyer(organisation: str) -> dict | None:
    if not organisation:
        return None
    match = re.search(r"\(([^()]+)\)\s*$", organisation)
    bare = re.sub(r"\s*\([^()]*\)\s*$", "", organisation).strip().lower()
    acronym = ACRONYM_FIXES.get(bare) or (match.group(1) if match else organisation)
    return {"id": "unorg-" + (c.slug(acronym) or "UNKNOWN"), "name": organisation}


def _tender(row: dict[str, str], ocid: str, number: int) -> dict:
    notice_type = row.get("notice_type", "")
    return {
        "id": row["reference"] or ocid.removeprefix("ungm-"),
        "title": row["title"] or row["reference"],
        "description": clean_description(row["description"]),
        "status": "active",
        "procurementMethod": "open",
        "procurementMethodDetails": notice_type,
        "noticeType": notice_type_key(notice_type, row["reference"], row["title"]),
        "tenderPeriod": deadline(row["deadline"], number),
        "items": [_item(row["unspsc_codes"], row["beneficiary_country_iso2"])],
        "documents": [{"id": "ungm-notice", "title": "UNGM notice", "url": row["ungm_url"],
                       "documentType": "tenderNotice"}] if row["ungm_url"] else None,
    }


def clean_description(text: str) -> str:
    text = PREAMBLE.sub("", text, count=1)
    text = re.sub(r"<br\s*/?>", "\n", text, flags=re.IGNORECASE)
    return html.unescape(text).strip()


def notice_type_key(*texts: str) -> str:
    """Our noticeType key from the first of the texts that says what the notice is."""
    for text in texts:
        lowered = (text or "").lower()
        for pattern, key in NOTICE_TYPE_PATTERNS:
            if re.search(pattern, lowered):
                return key
    return "other"


def deadline(text: str, number: int) -> dict | None:
    """tenderPeriod for UNGM's deadline text, keeping the source's offset and zone text."""
    if not text:
        return None
    match = UNGM_DEADLINE.match(text)
    if match:
        return _ungm_deadline(match)
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise RowError("bad_value", f"Row {number}: deadline {text!r} is not a date UNGM writes.") from None
    if len(text) == 10:  # a bare date: no time, no zone
        return {"endDate": f"{text}T00:00:00Z", "endDatePrecision": "day"}
    if value.tzinfo is None:
        raise RowError("bad_value", f"Row {number}: deadline {text!r} has a time but no time zone.")
    return {"endDate": value.isoformat(), "sourceTimezone": value.strftime("%:z")}


def _ungm_deadline(match: re.Match) -> dict:
    moment = datetime.strptime(f"{match['date']} {match['time']}", "%d-%b-%Y %H:%M")
    hours, minutes = int(match["hours"] or 0), int((match["minutes"] or "0").ljust(2, "0"))
    sign = "-" if match["sign"] == "-" else "+"
    offset = f"{sign}{hours:02d}:{minutes:02d}"
    return {"endDate": moment.strftime("%Y-%m-%dT%H:%M:00") + offset, "sourceTimezone": match["zone"].strip()}


def _item(codes_text: str, country: str) -> dict:
    leaves = most_specific(codes_text)
    code = country.upper() if len(country) == 2 else ""
    return {
        "id": "1",
        "classification": {"scheme": "UNSPSC", "id": leaves[0]} if leaves else None,
        "additionalClassifications": [{"scheme": "UNSPSC", "id": x} for x in leaves[1:]],
        "deliveryAddress": c.address(c.country_name(code) if code else None, code or None),
    }


def most_specific(codes_text: str) -> list[str]:
    """The 8-digit UNSPSC codes of the list that are not an ancestor of another listed code, in order."""
    codes = list(dict.fromkeys(x.strip() for x in codes_text.split(",") if re.fullmatch(r"\d{8}", x.strip())))
    ancestors = {code for code in codes if _level_digits(code) < 8
                 and any(o != code and o.startswith(code[:_level_digits(code)]) for o in codes)}
    return [code for code in codes if code not in ancestors]


def _level_digits(code: str) -> int:
    """How many leading digits identify the code: 2 segment, 4 family, 6 class, 8 commodity."""
    for digits in (2, 4, 6):
        if code[digits:] == "0" * (8 - digits):
            return digits
    return 8


SOURCE = UngmSource()
