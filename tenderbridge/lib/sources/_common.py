"""Helpers shared by the CSV and XML source modules (ungm, ted, asr, nato): no Django, no network.

- `read_contents` opens a file through `containers.iter_contents` (plain, gzip or each zip member, with the
  decompression-bomb limits) and turns a member's FileRejected or LimitExceeded into a Rejection.
- `csv_records` streams a CSV record by record, marking records with bytes that are not UTF-8 instead of
  guessing another encoding (the sources then reject those records by row number).
- `parse_amount` keeps money exact: an int when the value is whole, else a float whose repr is the
  source's decimal (checked), so no amount is silently rounded.
- `country_code` maps the many ways the sources write a country to an ISO 3166-1 alpha-2 code.
"""

import csv
import hashlib
import io
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import IO

import pycountry

from tenderbridge.lib import countries
from tenderbridge.lib.sources.base import FileRejected, Item, Rejection
from tenderbridge.lib.sources.containers import LimitExceeded, iter_contents


@dataclass(frozen=True)
class CsvRecord:
    number: int  # 1-based record number; with a header, the header is row 1 (as a spreadsheet shows it)
    line: int  # physical line on which the record ends (records may span lines inside quotes)
    fields: list[str]
    clean: bool  # False when the record holds bytes that are not valid UTF-8


def read_contents(path: Path, read_stream: Callable[[IO[bytes], str], Iterator[Item]]) -> Iterator[Item]:
    """Run `read_stream(stream, label)` on each readable content of the file (label: "" or "member x ").

    A plain or gzip file that cannot be read at all raises FileRejected; in a zip, that only costs the member.
    """
    for content in iter_contents(Path(path)):
        if isinstance(content, Rejection):
            yield content
            continue
        try:
            with content.open() as stream:
                yield from read_stream(stream, content.label)
        except LimitExceeded as exc:
            yield Rejection(content.label.strip() or "file", exc.code, exc.reason)
        except FileRejected as exc:
            if not content.label:
                raise
            yield Rejection(content.label + exc.position, exc.code, exc.reason)


def csv_records(stream: IO[bytes]) -> Iterator[CsvRecord | Rejection]:
    """Every CSV record of the stream. A broken CSV structure (an unclosed quote, a NUL byte) cannot be
    resynchronised, so it ends the stream: FileRejected if nothing was read yet, else a final
    Rejection("invalid_csv")."""
    # surrogateescape keeps undecodable bytes as lone surrogates, so one bad byte costs one record,
    # not the file, and the CSV structure (all ASCII) still parses in step.
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", errors="surrogateescape", newline="")
    reader = csv.reader(text)
    number = 0
    while True:
        try:
            fields = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            position = f"line {reader.line_num}"
            reason = f"The CSV structure breaks at line {reader.line_num} ({exc}); the rest of the file was not read."
            if number == 0:
                raise FileRejected("invalid_csv", reason, position) from exc
            yield Rejection(position, "invalid_csv", reason)
            return
        number += 1
        yield CsvRecord(number, reader.line_num, fields, _is_utf8(fields))


class CsvRowsSource:
    """What the award-statistics CSV sources share: header sniffing, and whether identical rows are one award."""

    awards_only = True  # rows of contracts awarded; the calls for bids were published elsewhere
    required: tuple[str, ...] = ()

    def __init__(self, collapse_identical_rows: bool = True):
        self.collapse_identical_rows = collapse_identical_rows

    def sniff(self, path: Path, head: bytes) -> bool:
        return set(self.required) <= set(normalise_header(head_record(head)))

    def repeats(self) -> dict[str, int] | None:
        """The counter that numbers repeated rows apart, or None when repeats collapse into one award."""
        return None if self.collapse_identical_rows else {}


def checked_rows(stream: IO[bytes], label: str, required: Iterable[str], what: str):
    """(column index, rows) of a CSV whose header must hold `required`: rows are CsvRecords, or Rejections
    (labelled) for rows that could not be read; blank lines are skipped, as they are not rows."""
    records = csv_records(stream)
    header = next(records, None)
    if not isinstance(header, CsvRecord):
        raise FileRejected("empty", "The file has no rows.")
    if not header.clean:
        raise FileRejected("encoding", "The header row is not valid UTF-8; save the file as UTF-8.", "row 1")
    index = require_columns(header.fields, required, what)

    def rows() -> Iterator[CsvRecord | Item]:
        for record in records:
            if isinstance(record, Rejection):
                yield labelled(record, label)
            elif any(f.strip() for f in record.fields):
                yield record

    return index, rows()


def labelled(item: Item, label: str) -> Item:
    """The item with its position prefixed by the zip member label ("member a.csv row 3")."""
    return replace(item, position=label + item.position) if label else item


def _is_utf8(fields: list[str]) -> bool:
    try:
        "".join(fields).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def encoding_reason(record: CsvRecord) -> str:
    return (
        f"Row {record.number} (line {record.line}) contains bytes that are not valid UTF-8, so it was skipped; "
        "save the file as UTF-8 and import it again."
    )


def head_record(head: bytes) -> list[str]:
    """The first CSV record of a file's first bytes, for sniffing (never raises)."""
    text = head.decode("utf-8-sig", errors="replace")
    try:
        return next(csv.reader(io.StringIO(text, newline="")), [])
    except csv.Error:
        return []


def normalise_header(fields: Iterable[str]) -> list[str]:
    return [f.strip().lower() for f in fields]


def require_columns(header: list[str], required: Iterable[str], what: str) -> dict[str, int]:
    """Normalised column name -> index; FileRejected("wrong_columns") naming expected and found columns."""
    found = normalise_header(header)
    index = {name: i for i, name in reversed(list(enumerate(found)))}
    missing = [name for name in required if name not in index]
    if missing:
        written = ", ".join(h.strip() for h in header) or "no columns"
        raise FileRejected(
            "wrong_columns",
            f"This is not a {what} file: expected the columns {', '.join(required)}; "
            f"found {written} (missing: {', '.join(missing)}).",
            position="row 1",
        )
    return index


def parse_amount(text: str) -> int | float:
    """An exact money amount from a decimal string ("118800.0" -> 118800, "33255.81" -> 33255.81).

    Raises ValueError for anything that is not a plain finite decimal number, including thousands
    separators, which are ambiguous between sources.
    """
    cleaned = text.strip()
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(text) from None
    if not value.is_finite() or not re.fullmatch(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?", cleaned):
        raise ValueError(text)
    if value == value.to_integral_value():
        return int(value)
    as_float = float(value)
    if Decimal(repr(as_float)) != value:  # more significant digits than a float holds: refuse to round
        raise ValueError(text)
    return as_float


def short_hash(*parts: str, length: int = 16) -> str:
    """A stable hex digest of the parts (joined with a separator that cannot occur in CSV text)."""
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:length]


def slug(text: str) -> str:
    """Upper-case letters and digits only: "UN-Women" -> "UNWOMEN", for stable party ids."""
    return re.sub(r"[^A-Z0-9]", "", text.upper())


def alpha2_from_alpha3(code: str) -> str | None:
    country = pycountry.countries.get(alpha_3=(code or "").strip().upper())
    return country.alpha_2 if country else None


def country_name(alpha2: str) -> str:
    """The ISO 3166 name written into converted releases (`countryName`): stable, so re-reading a file gives the
    same releases whatever names the pages show (CLDR's, lib/countries.name)."""
    return countries.iso_name(alpha2)


def country_code(name: str, aliases: dict[str, str] | None = None, alpha3: dict[str, str] | None = None) -> str | None:
    """ISO alpha-2 for a country name as a source writes it, or None (regions, "N/A", withdrawn codes).

    `aliases` maps variant spellings to a canonical name and `alpha3` canonical names to ISO alpha-3
    (the ASR folder's normalize_countries.json and country_codes.json); both are optional, pycountry's
    own lookup is the fallback.
    """
    name = (name or "").strip()
    if not name:
        return None
    canonical = (aliases or {}).get(name, name)
    code3 = (alpha3 or {}).get(canonical)
    found = alpha2_from_alpha3(code3) if code3 else None
    return found or countries.lookup(canonical) or countries.lookup(name)


def address(country: str | None, code: str | None) -> dict | None:
    out = {}
    if country:
        out["countryName"] = country
    if code:
        out["countryCode"] = code
    return out or None


def drop_empty(value):
    """Remove None, "" and empty containers, recursively, so releases only carry what the source said."""
    kind = type(value)
    if kind is dict:
        out = {}
        for key, item in value.items():
            if type(item) in _CONTAINERS:
                item = drop_empty(item)
            if item is not None and (type(item) not in _SIZED or item):
                out[key] = item
        return out
    if kind is list:
        out_list = []
        for item in value:
            if type(item) in _CONTAINERS:
                item = drop_empty(item)
            if item is not None and (type(item) not in _SIZED or item):
                out_list.append(item)
        return out_list
    return value


_CONTAINERS = (dict, list)
_SIZED = (str, dict, list)
