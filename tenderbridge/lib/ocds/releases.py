"""Checking single releases, and unpacking in-memory packages and records into releases.

The streaming readers hand every release they parse to `check_release`; documents that are small enough
to hold in memory (a bare release, a bare record, one line of JSON Lines, one element of a JSON array)
go through `items_from_document`.

Positions are built from a prefix that ends with a space or a dot (or is empty), e.g. "line 4 " +
"releases[2]" or "records[3]." + "releases[0]".
"""

import logging
import re
from collections.abc import Iterator
from typing import Any

from ocdskit.upgrade import upgrade_release_10_11

from tenderbridge.lib.sources.base import Item, Rejection, SourceRecord

logger = logging.getLogger(__name__)

MISSING = object()  # a key that is absent, as opposed to present with the value null
_VERSION = re.compile(r"1\.([01])(?:\.\d+)?")  # "1.0", "1.1" and their patch versions, e.g. "1.0.1"
_URL = re.compile(r"https?://", re.IGNORECASE)


def json_type(value: Any) -> str:
    """The JSON name of a parsed value's type, for messages ("an array", "a number", ...)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    return "an object"


def check_version(value: Any, position: str) -> str | Rejection:
    """The OCDS minor version ("1.0" or "1.1") a package declares; a missing version means 1.0."""
    if value is MISSING or value is None:
        return "1.0"
    match = None if isinstance(value, bool) else _VERSION.fullmatch(str(value).strip())
    if match:
        return f"1.{match[1]}"
    return Rejection(position, "unknown_version", f"The package declares OCDS version {value!r} in \"version\"; "
                     "TenderBridge reads OCDS 1.0 and 1.1 only.")


def is_linked_release(value: Any) -> bool:
    """A linked release (a record's pointer to a release published elsewhere): a url, but no content."""
    if isinstance(value, str):
        return bool(_URL.match(value))
    return isinstance(value, dict) and "url" in value and "ocid" not in value and "id" not in value


def check_release(obj: Any, position: str, version: str | None) -> Item:
    """A SourceRecord for a usable release, else a Rejection saying what is wrong with it.

    `version` is the OCDS version of the package the release came in, or None when there is no package.
    The dict is the parser's own, so it is normalised in place rather than copied (for speed).
    """
    if is_linked_release(obj):
        url = obj if isinstance(obj, str) else obj.get("url")
        return Rejection(position, "linked_release", f"The release at {position} is only a link to {url!r}; "
                         "TenderBridge does not download linked releases, so import the file it points to.")
    if not isinstance(obj, dict):
        return Rejection(position, "wrong_type", f"The release at {position} is {json_type(obj)}, "
                         "but a release must be a JSON object.")
    problem = (_identifier_problem(obj, "ocid", position) or _identifier_problem(obj, "id", position)
               or _date_problem(obj, position))
    if problem is not None:
        return problem
    if _needs_upgrade(obj, version):
        obj = upgrade_release(obj)
    return SourceRecord(obj, position)


def _identifier_problem(release: dict, field: str, position: str) -> Rejection | None:
    value = release.get(field)
    if value is None or (isinstance(value, str) and not value.strip()):
        code, purpose = ("missing_ocid", "the ocid of its contracting process") if field == "ocid" else (
            "missing_id", "an id that is unique among the releases of its ocid")
        return Rejection(position, code, f"The release at {position} has no \"{field}\"; "
                         f"every release needs {purpose}.")
    if isinstance(value, str):
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        return Rejection(position, "wrong_type", f"The release at {position} has an \"{field}\" that is "
                         f"{json_type(value)}; it must be a string.")
    # Some OCDS 1.0 publishers used numbers; grouping and merging need one type, so store strings.
    release[field] = str(int(value)) if value == int(value) else str(value)
    return None


def _date_problem(release: dict, position: str) -> Rejection | None:
    # A missing or null date is allowed; any other non-string would break sorting releases by date.
    date = release.get("date")
    if date is None or isinstance(date, str):
        return None
    return Rejection(position, "wrong_type", f"The release at {position} has a \"date\" that is "
                     f"{json_type(date)}; it must be a string like \"2024-03-01T00:00:00Z\".")


def _needs_upgrade(release: dict, version: str | None) -> bool:
    # Outside a package the version is unknown: a release without `parties` is written the 1.0 way.
    return version == "1.0" or (version is None and "parties" not in release)


def upgrade_release(release: dict) -> dict:
    """The release converted from OCDS 1.0 to 1.1 (parties, amendments, transactions), by ocdskit.

    The upgrade works in place and can fail half-way on malformed data, so it runs on a copy and
    the release is kept as read if it fails; this path only runs for (rare, small) 1.0 data.
    """
    upgraded = _copy_json(release)
    try:
        upgrade_release_10_11(upgraded, reorder=False)
    except (KeyError, TypeError, AttributeError, ValueError) as exc:
        logger.info("Kept OCDS 1.0 release %s as read; upgrading it failed: %r", release.get("id"), exc)
        return release
    return upgraded


def _copy_json(value: Any) -> Any:
    """A deep copy of parsed JSON (dicts, lists, scalars): several times faster than copy.deepcopy."""
    if isinstance(value, dict):
        return {key: _copy_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_copy_json(item) for item in value]
    return value


def items_from_document(doc: Any, prefix: str = "") -> Iterator[Item]:
    """The items of a parsed JSON document: a release or record package, a record, a release, or an array
    of any of these."""
    if isinstance(doc, list):
        for i, item in enumerate(doc):
            yield from items_from_document(item, f"{prefix}[{i}] ")
    elif _is_package(doc):
        version = check_version(doc.get("version", MISSING), prefix.strip() or "file")
        if isinstance(version, Rejection):
            yield version
        elif "records" in doc:
            yield from _items_from_list(doc, "records", prefix, version)
        else:
            yield from _items_from_list(doc, "releases", prefix, version)
    elif _is_record(doc):
        yield from items_from_record(doc, prefix, None)
    else:
        yield check_release(doc, prefix.strip() or "file", None)


def _is_package(doc: Any) -> bool:
    return isinstance(doc, dict) and ("releases" in doc or "records" in doc) and not _is_record(doc)


def _is_record(doc: Any) -> bool:
    return isinstance(doc, dict) and "releases" in doc and (
        "ocid" in doc or "compiledRelease" in doc or "versionedRelease" in doc)


def _items_from_list(doc: dict, key: str, prefix: str, version: str) -> Iterator[Item]:
    values = doc[key]
    if not isinstance(values, list):
        yield Rejection(f"{prefix}{key}", "wrong_type", f"\"{key}\" is {json_type(values)}, but it must be an array.")
        return
    for i, value in enumerate(values):
        if key == "records":
            yield from items_from_record(value, f"{prefix}records[{i}].", version)
        else:
            yield check_release(value, f"{prefix}releases[{i}]", version)


def items_from_record(record: Any, prefix: str, version: str | None) -> Iterator[Item]:
    """A record's releases; its compiledRelease instead when some releases are only links."""
    where = prefix.rstrip(". ") or "file"
    if not isinstance(record, dict):
        yield Rejection(where, "wrong_type", f"The record at {where} is {json_type(record)}, not a JSON object.")
        return
    releases = record.get("releases", [])
    if not isinstance(releases, list):
        yield Rejection(f"{prefix}releases", "wrong_type", f"\"releases\" in the record at {where} is "
                        f"{json_type(releases)}, but it must be an array.")
        return
    compiled = record.get("compiledRelease")
    # The compiled release already contains every embedded release, so it alone stands for the record.
    if isinstance(compiled, dict) and (not releases or any(map(is_linked_release, releases))):
        yield check_release(compiled, f"{prefix}compiledRelease", version)
        return
    for j, release in enumerate(releases):
        yield check_release(release, f"{prefix}releases[{j}]", version)
