"""Streaming readers for OCDS files: memory does not grow with the size of the file.

Accepted: release packages, record packages, bare releases and records, JSON arrays of releases (or of
packages), JSON Lines (one release, record or package per line), OCDS 1.0 and 1.1, plain, .gz or .zip
(every .json/.jsonl member), UTF-8 with or without BOM, UTF-16/32 with BOM.

How a file is read (one parse of the big array, in C):
1. Look at the first 64 KiB: JSON Lines, a JSON array, or a JSON object.
1b. A content of at most 1 MiB (most files: one release, or a small package) is parsed at once with json.loads.
2. For an object, parse events only up to the first top-level "releases" or "records" key (the "preamble":
   uri, version, publisher, ...), in Python, which is cheap because the preamble is small. A document with
   neither key (a bare release) is small too and is built whole.
3. Stream "releases.item" or "records.item": with the json module's C scanner on chunks of text (json_stream,
   twice as fast as ijson), handing over to ijson.items wherever that reader is not sure to give what ijson gives. Only when "version" was not in the preamble
   (e.g. keys sorted alphabetically put it after "releases") is the file scanned once more, for "version" only,
   before any release is yielded, so that an unknown version rejects the file before anything is stored.

Numbers: ijson is asked for floats (use_float=True) rather than Decimals, so that releases can go straight
into json.dumps / a JSONField. Integers stay exact Python ints; a float keeps 15-17 significant digits,
i.e. amounts are exact to the cent up to about 10^13, far above any contract value. JSON Lines are parsed
with the standard json module, which makes the same choice.

Errors: each bad release is rejected and reading continues. Invalid JSON stops the file after the releases
read so far, with a Rejection naming the byte offset and line (found by re-reading, only on that path).
"""

import io
import itertools
import json
import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, BinaryIO

import ijson

from tenderbridge.lib.ocds import json_stream
from tenderbridge.lib.ocds.releases import (
    MISSING,
    check_release,
    check_version,
    items_from_document,
    items_from_record,
)
from tenderbridge.lib.ocds.text_streams import (
    BACKEND,
    Encoding,
    Utf8Transcoder,
    find_invalid_utf8,
    locate_json_error,
    sniff_encoding,
)
from tenderbridge.lib.sources.base import Item, Rejection, SourceRecord
from tenderbridge.lib.sources.containers import (
    ARCHIVE_ERRORS,
    DEFAULT_LIMITS,
    HEAD_BYTES,
    Content,
    LimitExceeded,
    Limits,
    iter_contents,
)

JSON_LINES_SUFFIXES = (".jsonl", ".ndjson", ".jl")
JSON_SUFFIXES = (".json", *JSON_LINES_SUFFIXES)
MAX_LINE_BYTES = 256 * 1024**2  # one line of JSON Lines is parsed in memory
SMALL_BYTES = 1024**2  # a content this small is parsed in memory, at once
_NOT_PARSED = object()


def read_file(path: Path | str, *, max_bytes: int | None = None, limits: Limits = DEFAULT_LIMITS) -> Iterator[Item]:
    """Yield a SourceRecord per release and a Rejection per unreadable part of an OCDS file, in file order.

    Never raises for bad content: a file that cannot be read at all gives one Rejection (position "file").
    `max_bytes` overrides `limits.max_bytes` (the size of the file as stored).
    """
    if max_bytes is not None:
        limits = replace(limits, max_bytes=max_bytes)
    for content in iter_contents(Path(path), limits):
        if isinstance(content, Rejection):
            yield content
        elif content.label and not content.name.lower().endswith(JSON_SUFFIXES):
            yield Rejection(content.label.strip(), "unsupported_format", f"{content.name} in the zip file is not "
                            "a .json or .jsonl file, so it was skipped.")
        else:
            yield from read_content(content)


def read_releases(path: Path | str, **kwargs: Any) -> Iterator[dict]:
    """Only the releases of a file (rejections dropped), e.g. for benchmarks and scripts."""
    for item in read_file(path, **kwargs):
        if isinstance(item, SourceRecord):
            yield item.release


def read_content(content: Content) -> Iterator[Item]:
    """The items of one stream: a plain file, a gunzipped file or one zip member."""
    whole = content.label.strip() or "file"
    try:
        yield from _read_content(content, whole)
    except LimitExceeded as exc:
        yield Rejection(whole, exc.code, exc.reason)
    except ARCHIVE_ERRORS as exc:
        yield Rejection(whole, "corrupt_archive", f"The compressed data of {content.name} is damaged or "
                        f"incomplete ({exc}); the releases before the damage were read.")


@dataclass(frozen=True)
class _Stream:
    """One content with its encoding: open() gives UTF-8 bytes without BOM, as often as needed."""

    content: Content
    encoding: Encoding
    whole: str  # position naming the whole stream: "file" or "member x.json"

    def open(self) -> BinaryIO:
        stream = self.content.open()
        if self.encoding.skip:
            stream.read(self.encoding.skip)
        if self.encoding.name != "utf-8":
            return io.BufferedReader(Utf8Transcoder(stream, self.encoding.name), 256 * 1024)
        return stream

    def at(self, position: str) -> str:
        return f"{self.content.label}{position}"


def _read_content(content: Content, whole: str) -> Iterator[Item]:
    with content.open() as f:
        encoding = sniff_encoding(f.read(HEAD_BYTES), whole)
    if isinstance(encoding, Rejection):
        yield encoding
        return
    stream = _Stream(content, encoding, whole)
    with stream.open() as f:
        head = f.read(max(HEAD_BYTES, SMALL_BYTES + 1))
    reader = _choose_reader(head, content.name)
    if reader is None:
        yield _not_json(stream, head)
        return
    doc = _parse_small(head) if reader is not _read_json_lines else _NOT_PARSED
    try:
        yield from items_from_document(doc, stream.at("")) if doc is not _NOT_PARSED else reader(stream)
    except ijson.JSONError as exc:
        yield _json_error(stream, exc)
    except UnicodeDecodeError as exc:  # only from the UTF-16/32 transcoder
        yield Rejection(whole, "encoding", f"The file is not valid {encoding.name.upper()} ({exc.reason}); "
                        "save it as UTF-8 and import it again.")


def _parse_small(head: bytes) -> Any:
    """The document, parsed at once, when the whole content is in `head` and valid JSON.

    Most OCDS files are one small release or package; building them in C with json.loads is much faster
    than parsing events in Python. Invalid JSON takes the streaming path, which yields the releases
    before the error and names its byte.
    """
    if len(head) > SMALL_BYTES or not head:
        return _NOT_PARSED
    try:
        return json.loads(head, parse_constant=_reject_constant, parse_float=_finite_float)
    except ValueError:
        return _NOT_PARSED


def _choose_reader(head: bytes, name: str) -> Callable[[_Stream], Iterator[Item]] | None:
    start = head.lstrip()[:1]
    if name.lower().endswith(JSON_LINES_SUFFIXES) or (start and _looks_like_json_lines(head)):
        return _read_json_lines
    return {b"{": _read_object, b"[": _read_array}.get(start)


def _looks_like_json_lines(head: bytes) -> bool:
    """A complete JSON value on the first line, and more text after it (pretty-printed JSON fails this)."""
    first, newline, rest = head.lstrip().partition(b"\n")
    if not newline or not rest.strip():
        return False
    try:
        json.loads(first)
    except ValueError:
        return False
    return True


def _not_json(stream: _Stream, head: bytes) -> Rejection:
    if not head.strip():
        return Rejection(stream.whole, "empty", "The file is empty; there is nothing to import.")
    start = head.lstrip()[:20].decode("utf-8", "replace")
    return Rejection(stream.whole, "invalid_json", f"The file does not start with '{{' or '[' (it starts with "
                     f"{start!r}), so it is not OCDS JSON.")


def _read_array(stream: _Stream) -> Iterator[Item]:
    with stream.open() as f:
        for i, doc in enumerate(BACKEND.items(f, "item", use_float=True)):
            yield from items_from_document(doc, stream.at(f"[{i}] "))


def _read_object(stream: _Stream) -> Iterator[Item]:
    with stream.open() as f:
        preamble, key, next_event = _read_preamble(f)
    if key is None:  # the whole document was read: a release, or a record without releases
        yield from items_from_document(preamble, stream.at(""))
    elif _is_bare_record(preamble):
        with stream.open() as f:  # one record: small enough to build whole
            yield from items_from_document(next(BACKEND.items(f, "", use_float=True)), stream.at(""))
    elif next_event != "start_array":
        yield Rejection(stream.at(key), "wrong_type", f"\"{key}\" is not an array; a package's {key} must be "
                        "a JSON array.")
    else:
        yield from _read_package(stream, key, preamble)


def _read_preamble(f: BinaryIO) -> tuple[Any, str | None, str | None]:
    """The top-level keys before "releases"/"records", that key, and the event after it (None: read it all)."""
    builder = ijson.ObjectBuilder()
    events = BACKEND.parse(f, use_float=True)
    for prefix, event, value in events:
        if not prefix and event == "map_key" and value in ("releases", "records"):
            return builder.value, value, next(events, (None, None, None))[1]
        builder.event(event, value)
    return builder.value, None, None


def _is_bare_record(preamble: dict) -> bool:
    return any(key in preamble for key in ("ocid", "compiledRelease", "versionedRelease"))


def _read_package(stream: _Stream, key: str, preamble: dict) -> Iterator[Item]:
    declared = preamble["version"] if "version" in preamble else _scan_version(stream)
    version = check_version(declared, stream.whole)
    if isinstance(version, Rejection):
        yield version
        return
    if key == "releases":
        for i, release in enumerate(_elements(stream, key)):
            yield check_release(release, stream.at(f"releases[{i}]"), version)
    else:
        for i, record in enumerate(_elements(stream, key)):
            yield from items_from_record(record, stream.at(f"records[{i}]."), version)


def _elements(stream: _Stream, key: str) -> Iterator[Any]:
    """The elements of the package's array: by the fast text reader (json_stream) while it is sure of them,
    then by ijson from where it stopped (which also raises ijson's errors, with their positions)."""
    count = 0
    with stream.open() as f:
        try:
            for element in json_stream.array_items(f, key):
                count += 1
                yield element
            return
        except json_stream.Unusual:
            pass
    with stream.open() as f:
        yield from itertools.islice(BACKEND.items(f, f"{key}.item", use_float=True), count, None)


def _scan_version(stream: _Stream) -> Any:
    """A package's top-level "version" wherever it is; MISSING if absent (or unreadable: reported later)."""
    try:
        with stream.open() as f:
            return next(BACKEND.items(f, "version", use_float=True), MISSING)
    except ijson.JSONError:
        return MISSING


def _read_json_lines(stream: _Stream) -> Iterator[Item]:
    with stream.open() as f:
        for number, line in enumerate(_lines(f), start=1):
            where = stream.at(f"line {number}")
            if line is None:
                yield Rejection(where, "too_large", f"Line {number} is longer than {MAX_LINE_BYTES:,} bytes; "
                                "it was skipped.")
            elif line.strip():
                yield from _items_from_line(line, where, number)


def _lines(f: BinaryIO) -> Iterator[bytes | None]:
    """The lines of a stream; None for a line too long to hold (which is skipped, not read)."""
    while line := f.readline(MAX_LINE_BYTES + 1):
        if len(line) <= MAX_LINE_BYTES or line.endswith(b"\n"):
            yield line
            continue
        while (rest := f.readline(MAX_LINE_BYTES)) and not rest.endswith(b"\n"):
            pass
        yield None


def _items_from_line(line: bytes, where: str, number: int) -> Iterator[Item]:
    try:
        doc = json.loads(line, parse_constant=_reject_constant, parse_float=_finite_float)
    except UnicodeDecodeError as exc:
        yield Rejection(where, "encoding", f"Line {number} is not valid UTF-8 (byte 0x{line[exc.start]:02X} at "
                        f"byte {exc.start + 1} of the line); save the file as UTF-8 and import it again.")
        return
    except ValueError as exc:
        reason = exc.msg if isinstance(exc, json.JSONDecodeError) else str(exc)
        column = f" at column {exc.colno}" if isinstance(exc, json.JSONDecodeError) else ""
        yield Rejection(where, "invalid_json", f"Line {number} is not valid JSON: {reason}{column}.")
        return
    yield from items_from_document(doc, f"{where} ")


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not allowed in JSON")


def _finite_float(text: str) -> float:
    # Like yajl: a number too large for a float is an error, not infinity (which json.dumps cannot write).
    value = float(text)
    if math.isinf(value):
        raise ValueError(f"the number {text} is too large")
    return value


def _json_error(stream: _Stream, exc: ijson.JSONError) -> Rejection:
    message = exc.args[0] if exc.args else ""
    if isinstance(message, bytes):
        message = message.decode("utf-8", "replace")
    message = str(message).split("\n", 1)[0]
    if "invalid bytes in UTF8" in message:
        return _utf8_error(stream)
    try:
        located = locate_json_error(stream.open)
    except (LimitExceeded, OSError, *ARCHIVE_ERRORS):
        located = None
    if located is None:
        return Rejection(stream.whole, "invalid_json", f"The file is not valid JSON ({message}).")
    where, at_end = located
    offset = where.offset + stream.encoding.skip
    position = stream.at(f"byte {offset}")
    if at_end:
        return Rejection(position, "invalid_json", f"The JSON ends unexpectedly at byte {offset} (line {where.line}); "
                         "the file is probably truncated. The releases before that point were read.")
    if "trailing garbage" in message:
        return Rejection(position, "invalid_json", f"There is more data after the end of the JSON at byte {offset} "
                         f"(line {where.line}); if the file has one JSON value per line, name it .jsonl.")
    detail = message.split(":", 1)[-1].strip()
    return Rejection(position, "invalid_json", f"The JSON is invalid at byte {offset} (line {where.line}): {detail}. "
                     "The releases before that point were read.")


def _utf8_error(stream: _Stream) -> Rejection:
    found = find_invalid_utf8(stream.content.open)
    if found is None:
        return Rejection(stream.whole, "encoding", "The file is not valid UTF-8; save it as UTF-8 and import it again.")
    where, byte = found
    return Rejection(stream.at(f"byte {where.offset}"), "encoding", f"The file is not valid UTF-8: byte "
                     f"{where.offset} (line {where.line}) is 0x{byte:02X}. Save the file as UTF-8 and import it "
                     "again; the releases before that point were read.")
