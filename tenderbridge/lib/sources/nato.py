"""The "nato" source: NATO Support and Procurement Agency (NSPA) awards 2008-2019, as tidied by Open State.

File: NATO.csv with the columns
`organisation, year, vendor_country, vendor_name, amount, description, country_code, Type, Period`
(Type = "Orders Awarded" | "Outline Agreement", Period = "Q1Q2" | "Q3Q4": the half-year of NSPA's
semi-annual disclosure). `sniff` recognises the header; the upstream NATO_raw.csv (EUR values, other
columns) is not this format and is refused with FileRejected("wrong_columns").

Mapping (one OCDS release per row, tag ["award"]):
- ocid = "nspa-" + the first 16 hex digits of sha1(year, Period, Type, vendor_country, vendor_name,
  description, amount): the row's content is its identity, so re-reading yields the same ocids and two
  identical rows share one ocid (stored once by the merge stage, the same rule as the ASR source;
  `NatoSource(collapse_identical_rows=False)` numbers repeats "-2", "-3", ... instead).
- id = ocid + "-award-" + year + "H1"/"H2"; date = the first day of the half-year ("2008-07-01T00:00:00Z"
  for Q3Q4), with awards[0].datePrecision = "halfYear" (our extension).
- buyer / parties[buyer, procuringEntity] = NSPA, id "nato-NSPA" (the organisation column always says
  "NATO"; the publisher of these disclosures is its support and procurement agency).
- parties[supplier] = vendor_name, address.countryName = vendor_country, address.countryCode from the
  ISO alpha-3 country_code column.
- awards[0] = {id "1", title = Type, description, date, status "active", value {amount, currency "USD"},
  suppliers}. Amounts are USD as Open State converted them from NSPA's EUR figures with ECB annual rates
  (the original EUR values are only in NATO_raw.csv); 199 rows carry 0.0 and are kept as written.
- tender = {id = ocid, noticeType "contract_award", procurementMethodDetails = Type,
  items[0].description = description}.

Bad rows: missing vendor name or amount, a year or Period that is not one, an amount that is not a plain
decimal -> Rejection("missing_field" / "bad_value") naming the row, field and value; bytes that are not
UTF-8 -> Rejection("encoding").
"""

from collections.abc import Iterator
from pathlib import Path
from typing import IO

from tenderbridge.lib.sources import _common as c
from tenderbridge.lib.sources.base import Item, Rejection, SourceRecord

REQUIRED = ("organisation", "year", "vendor_country", "vendor_name", "amount", "description", "country_code", "type", "period")
HALF_YEARS = {"Q1Q2": ("01", "H1"), "Q3Q4": ("07", "H2")}
BUYER = {"id": "nato-NSPA", "name": "NATO Support and Procurement Agency (NSPA)"}


class NatoSource(c.CsvRowsSource):
    required = REQUIRED
    name = "nato"

    def read(self, path: Path) -> Iterator[Item]:
        yield from c.read_contents(path, self._read_stream)

    def _read_stream(self, stream: IO[bytes], label: str) -> Iterator[Item]:
        index, rows = c.checked_rows(stream, label, REQUIRED, "NATO NSPA awards")
        repeats = self.repeats()
        for row in rows:
            yield row if isinstance(row, Rejection) else c.labelled(convert_row(row, index, repeats), label)


def convert_row(record: c.CsvRecord, index: dict[str, int], repeats: dict | None) -> Item:
    position = f"row {record.number}"
    if not record.clean:
        return Rejection(position, "encoding", c.encoding_reason(record))
    if len(record.fields) < len(index):
        return Rejection(position, "wrong_columns", f"Row {record.number} has {len(record.fields)} cells; the header has {len(index)}.")
    row = {name: record.fields[i].strip() for name, i in index.items()}
    checked = _check(row, record.number)
    if isinstance(checked, tuple):
        return Rejection(position, *checked)
    key = c.short_hash(row["year"], row["period"], row["type"], row["vendor_country"], row["vendor_name"], row["description"], repr(checked))
    ocid = "nspa-" + key
    if repeats is not None:
        repeats[key] = repeats.get(key, 0) + 1
        if repeats[key] > 1:
            ocid += f"-{repeats[key]}"
    return SourceRecord(build_release(ocid, row, checked), position)


def _check(row: dict[str, str], number: int) -> tuple[str, str] | int | float:
    """The row's amount, or (code, reason) for the first problem of the row."""
    for name in ("year", "vendor_name", "amount", "period"):
        if not row[name]:
            return "missing_field", f"Row {number}: the required field {name} is empty."
    if not (row["year"].isdigit() and len(row["year"]) == 4 and 1949 <= int(row["year"]) <= 2100):
        return "bad_value", f"Row {number}: year {row['year']!r} is not a year."
    if row["period"] not in HALF_YEARS:
        return "bad_value", f"Row {number}: Period {row['period']!r} is neither Q1Q2 nor Q3Q4."
    try:
        return c.parse_amount(row["amount"])
    except ValueError:
        return "bad_value", f"Row {number}: amount {row['amount']!r} is not a plain decimal number."


def build_release(ocid: str, row: dict[str, str], amount: int | float) -> dict:
    month, half = HALF_YEARS[row["period"]]
    date = f"{row['year']}-{month}-01T00:00:00Z"
    code = c.alpha2_from_alpha3(row["country_code"]) or c.country_code(row["vendor_country"])
    vendor = row["vendor_name"]
    supplier = {"id": "nspa-supplier-" + c.short_hash(vendor.casefold(), code or row["vendor_country"].casefold(), length=12), "name": vendor}
    release = {
        "ocid": ocid,
        "id": f"{ocid}-award-{row['year']}{half}",
        "date": date,
        "tag": ["award"],
        "initiationType": "tender",
        "language": "en",
        "buyer": BUYER,
        "parties": [
            {**BUYER, "roles": ["buyer", "procuringEntity"]},
            {**supplier, "roles": ["supplier"], "address": c.address(row["vendor_country"], code)},
        ],
        "tender": {
            "id": ocid,
            "noticeType": "contract_award",
            "procurementMethodDetails": row["type"],
            "items": [{"id": "1", "description": row["description"]}] if row["description"] else None,
        },
        "awards": [{
            "id": "1",
            "title": row["type"],
            "description": row["description"],
            "date": date,
            "datePrecision": "halfYear",
            "status": "active",
            "value": {"amount": amount, "currency": "USD"},
            "suppliers": [supplier],
        }],
    }
    return c.drop_empty(release)


SOURCE = NatoSource()
