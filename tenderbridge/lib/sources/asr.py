"""The "asr" source: UN Annual Statistical Report (ASR) supplier-level award rows, as tidied by Open State.

File: un_asr_supplier_awards_2010_2016.csv (one award per row) with the columns
`year, agency, table, vendor_country, vendor_name, description, amount_usd[, raw_file, raw_line]`.
`sniff` recognises the header; other files are refused with FileRejected("wrong_columns").

Mapping (one OCDS release per row, tag ["award"]):
- ocid = "unasr-" + the first 16 hex digits of sha1(agency, year, vendor_country, vendor_name,
  description, amount). The row has no identifier of its own, so its content is its identity: reading
  the file again yields the same ocids. Two rows identical in all these fields get the same ocid, so
  the later merge stage stores them once (the rule chosen for the product, see docs/data-sources.md for
  how many rows that affects). `AsrSource(collapse_identical_rows=False)` numbers repeats instead
  (ocid + "-2", "-3", ... in file order), keeping every row as its own award.
- id = ocid + "-award-" + year + "-" + table ("contracts", "orders", "all"; without it when the file has no
  table column): an award the ASR lists in two tables is one notice with two releases; date = "<year>-01-01T00:00:00Z": the ASR only says which calendar year
  the award was made in, so the date is the start of that year and awards[0].datePrecision = "year"
  (our extension) says so.
- buyer / parties[role buyer, procuringEntity] = the agency, normalised with normalize_un.json when
  that file sits next to the CSV; party id "unorg-" + the acronym's letters and digits ("unorg-UNDP"),
  the same id the UNGM source gives the agency.
- parties[role supplier] = vendor_name with address.countryName = vendor_country as written and
  address.countryCode = ISO 3166-1 alpha-2 (via normalize_countries.json and country_codes.json next to
  the CSV, then pycountry); regions ("Arab Countries", "Unspecified countries") and withdrawn countries
  get no code. Placeholder names ("Name withheld for security reasons", "N/A", "Various", "Unspecified
  Vendor", ...) are kept as written and flagged with details.placeholderName = true (our extension).
- awards[0] = {id "1", description, date, status "active", value {amount, currency "USD"}, suppliers};
  tender = {id = ocid, noticeType "contract_award", procurementMethodDetails = the ASR table,
  items[0].description = description}. Amounts are exact (int when whole, else the float whose repr is
  the source's decimal); negative amounts (de-obligations) are kept as written.

Bad rows: a missing agency, vendor name or amount, a year that is not a year, or an amount that is not
a plain decimal -> Rejection("missing_field" / "bad_value") naming the row, field and value; bytes that
are not UTF-8 -> Rejection("encoding"); a row with too few cells -> Rejection("wrong_columns").
"""

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import IO

from tenderbridge.lib.sources import _common as c
from tenderbridge.lib.sources.base import FileRejected, Item, Rejection, SourceRecord

REQUIRED = ("year", "agency", "vendor_country", "vendor_name", "description", "amount_usd")

TABLES = {
    "contracts": "UN ASR major contracts",
    "orders": "UN ASR major purchase orders",
    "all": "UN ASR major purchase orders and contracts",
}

# Vendor names that stand for "no supplier named" rather than a company (lower-cased, trailing "*" dropped).
PLACEHOLDER_NAMES = {
    "name withheld for security reasons", "name withheld for security reason", "n/a", "na", "various",
    "various suppliers", "various vendors", "unspecified", "unspecified vendor", "unspecified supplier",
    "unknown",
}


def is_placeholder(name: str) -> bool:
    return name.strip().rstrip("*").strip().lower() in PLACEHOLDER_NAMES


@dataclass
class Lookups:
    """The helper mappings published next to the ASR CSV, read at run time (never copied)."""

    agencies: dict[str, str] = field(default_factory=dict)  # normalize_un.json
    country_aliases: dict[str, str] = field(default_factory=dict)  # normalize_countries.json
    country_alpha3: dict[str, str] = field(default_factory=dict)  # country_codes.json
    _codes: dict[str, str | None] = field(default_factory=dict)

    @classmethod
    def beside(cls, path: Path) -> "Lookups":
        folder = path.parent
        return cls(
            agencies=_load_json(folder / "normalize_un.json"),
            country_aliases=_load_json(folder / "normalize_countries.json"),
            country_alpha3=_load_json(folder / "country_codes.json"),
        )

    def country_code(self, name: str) -> str | None:
        if name not in self._codes:  # ~400 distinct spellings over 200k rows: look each up once
            self._codes[name] = c.country_code(name, self.country_aliases, self.country_alpha3)
        return self._codes[name]


def _load_json(path: Path) -> dict[str, str]:
    if not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise FileRejected("bad_lookup", f"The helper file {path.name} next to the data is not valid JSON: {exc}.") from exc
    if not isinstance(data, dict):
        raise FileRejected("bad_lookup", f"The helper file {path.name} next to the data is not a JSON object.")
    return {str(k): str(v) for k, v in data.items()}


@cache
def un_party_id(agency: str) -> str:
    return "unorg-" + (c.slug(agency) or "UNKNOWN")


class AsrSource(c.CsvRowsSource):
    required = REQUIRED
    name = "asr"

    def read(self, path: Path) -> Iterator[Item]:
        lookups = Lookups.beside(Path(path))
        yield from c.read_contents(path, lambda stream, label: self._read_stream(stream, label, lookups))

    def _read_stream(self, stream: IO[bytes], label: str, lookups: Lookups) -> Iterator[Item]:
        index, rows = c.checked_rows(stream, label, REQUIRED, "UN ASR awards")
        repeats = self.repeats()
        for row in rows:
            yield row if isinstance(row, Rejection) else c.labelled(convert_row(row, index, lookups, repeats), label)


def convert_row(record: c.CsvRecord, index: dict[str, int], lookups: Lookups, repeats: dict | None) -> Item:
    position = f"row {record.number}"
    if not record.clean:
        return Rejection(position, "encoding", c.encoding_reason(record))
    if len(record.fields) < len(index):
        return Rejection(position, "wrong_columns", f"Row {record.number} has {len(record.fields)} cells; the header has {len(index)}.")
    row = {name: record.fields[i].strip() for name, i in index.items()}
    checked = _check(row, record.number)
    if isinstance(checked, tuple):
        return Rejection(position, *checked)
    amount = checked
    agency = lookups.agencies.get(row["agency"], row["agency"])
    key = c.short_hash(agency, row["year"], row["vendor_country"], row["vendor_name"], row["description"], repr(amount))
    ocid = "unasr-" + key
    if repeats is not None:
        repeats[key] = repeats.get(key, 0) + 1
        if repeats[key] > 1:
            ocid += f"-{repeats[key]}"
    return SourceRecord(build_release(ocid, row, agency, amount, lookups), position)


def _check(row: dict[str, str], number: int) -> tuple[str, str] | int | float:
    """The row's amount, or (code, reason) for the first problem of the row."""
    for name in ("year", "agency", "vendor_name", "amount_usd"):
        if not row[name]:
            return "missing_field", f"Row {number}: the required field {name} is empty."
    if not (row["year"].isdigit() and len(row["year"]) == 4 and 1945 <= int(row["year"]) <= 2100):
        return "bad_value", f"Row {number}: year {row['year']!r} is not a year."
    try:
        return c.parse_amount(row["amount_usd"])
    except ValueError:
        return "bad_value", f"Row {number}: amount_usd {row['amount_usd']!r} is not a plain decimal number."


def build_release(ocid: str, row: dict[str, str], agency: str, amount: int | float, lookups: Lookups) -> dict:
    # Built field by field rather than through _common.drop_empty: this runs 200k times per file.
    year, vendor, country, description = row["year"], row["vendor_name"], row["vendor_country"], row["description"]
    date = f"{year}-01-01T00:00:00Z"
    buyer = {"id": un_party_id(agency), "name": agency}
    code = lookups.country_code(country)
    supplier = {"id": "unasr-supplier-" + c.short_hash(vendor.casefold(), code or country.casefold(), length=12), "name": vendor}
    supplier_party = {**supplier, "roles": ["supplier"]}
    if country:
        supplier_party["address"] = c.address(country, code)
    if is_placeholder(vendor):
        supplier_party["details"] = {"placeholderName": True}
    tender = {"id": ocid, "noticeType": "contract_award"}
    if row.get("table") in TABLES:
        tender["procurementMethodDetails"] = TABLES[row["table"]]
    award = {"id": "1", "date": date, "datePrecision": "year", "status": "active",
             "value": {"amount": amount, "currency": "USD"}, "suppliers": [supplier]}
    if description:
        tender["items"] = [{"id": "1", "description": description}]
        award["description"] = description
    return {
        "ocid": ocid,
        # The table in the id: the ASR lists some awards in two of its tables (6 in 2010–2016); collapsed into
        # one notice they are two releases of it, not one release with two contents (idempotent re-ingest).
        "id": f"{ocid}-award-{year}-{row['table']}" if row.get("table") else f"{ocid}-award-{year}",
        "date": date,
        "tag": ["award"],
        "initiationType": "tender",
        "language": "en",
        "buyer": buyer,
        "parties": [{**buyer, "roles": ["buyer", "procuringEntity"]}, supplier_party],
        "tender": tender,
        "awards": [award],
    }


SOURCE = AsrSource()
