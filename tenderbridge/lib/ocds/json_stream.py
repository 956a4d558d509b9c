"""The elements of a package's big array ("releases" or "records"), parsed by the json module's C scanner.

ijson's yajl2_c backend builds each release at about 70 MB/s; `json.JSONDecoder.raw_decode` builds the same
release from text twice as fast (measured on the 428 MB benchmark package: 2.7 s instead of 5-6 s, decoding
included). So the document is read as text in chunks, and each element of the array is decoded where it starts.

The result must be exactly what ijson gives, and every error must be reported as ijson reports it, so anything
this reader is not sure of makes it stop (`Unusual`); the caller then reads on with ijson from the element
where it stopped. That covers invalid JSON or UTF-8 (ijson then raises its own error, which names the byte), NaN
and Infinity, numbers too large for a float or for 64 bits (yajl rejects them), unpaired UTF-16 surrogate escapes
(yajl writes "?" or fails), nesting deep enough for RecursionError, an element over MAX_ELEMENT_CHARS, and the
array's key appearing twice. The rest of the document after the array is checked too (ijson reads to the end).
"""

import codecs
import json
import math
import re
from collections.abc import Iterator
from typing import Any, BinaryIO

CHUNK_BYTES = 1024**2
MAX_ELEMENT_CHARS = 64 * 1024**2  # a bigger element is left to ijson, which streams it with flat memory
_INT64 = (-(2**63), 2**63 - 1)  # yajl's integers
_WHITESPACE = re.compile(r"[ \t\n\r]*")
_SURROGATE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")
_SURROGATE_PAIR = re.compile(r"\\u[dD][89abAB][0-9a-fA-F]{2}\\u[dD][c-fC-F][0-9a-fA-F]{2}")


class Unusual(Exception):
    """Something only ijson may decide on: the caller reads on with ijson."""


def _float(text: str) -> float:
    value = float(text)
    if math.isinf(value):
        raise Unusual
    return value


def _int(text: str) -> int:
    value = int(text)
    if not _INT64[0] <= value <= _INT64[1]:
        raise Unusual
    return value


def _constant(name: str) -> Any:
    raise Unusual


_DECODER = json.JSONDecoder(parse_float=_float, parse_int=_int, parse_constant=_constant)


class _Text:
    """The document as text, read on demand; `text[0]` is character `base` of the document."""

    def __init__(self, f: BinaryIO):
        self.f = f
        self.decoder = codecs.getincrementaldecoder("utf-8")("strict")
        self.text, self.base, self.eof = "", 0, False
        self.escapes = False  # whether the text read so far holds a surrogate escape (then elements are checked)

    def more(self, keep_from: int) -> None:
        """Read another chunk, keeping the text from document position `keep_from` on."""
        if self.eof:
            raise Unusual
        data = self.f.read(CHUNK_BYTES)
        self.eof = not data
        try:
            new = self.decoder.decode(data, final=self.eof)
        except UnicodeDecodeError:
            raise Unusual from None
        cut = keep_from - self.base
        self.text, self.base = self.text[cut:] + new, keep_from
        self.escapes = _SURROGATE.search(self.text) is not None

    def char(self, pos: int) -> str:
        """The character at document position `pos` after any whitespace, and its position ("" at the end)."""
        while True:
            end = _WHITESPACE.match(self.text, pos - self.base).end()
            if end < len(self.text):
                return self.text[end], self.base + end
            if self.eof:
                return "", self.base + end
            self.more(self.base + end)
            pos = self.base

    def expect(self, pos: int, wanted: str) -> int:
        found, at = self.char(pos)
        if found != wanted:
            raise Unusual
        return at + 1

    def value(self, pos: int) -> tuple[Any, int]:
        """The JSON value starting at `pos` (after whitespace), and the position after it."""
        _, pos = self.char(pos)
        while True:
            start = pos - self.base
            try:
                value, end = _DECODER.raw_decode(self.text, start)
            except json.JSONDecodeError as error:
                if not _cut_short(error, len(self.text)):
                    raise Unusual from None
                value, end = None, -1
            except RecursionError:
                raise Unusual from None
            # A value that reaches the end of the text read so far may go on (a number, or an error).
            if end != -1 and (end < len(self.text) or self.eof):
                if self.escapes and _lone_surrogate(self.text[start:end]):
                    raise Unusual
                return value, self.base + end
            if self.eof or len(self.text) - start > MAX_ELEMENT_CHARS:
                raise Unusual
            self.more(pos)


def _cut_short(error: json.JSONDecodeError, length: int) -> bool:
    """Whether the error may come only from the end of the text read so far (an unterminated string is reported
    where it starts; every other cut is reported at the end, or inside a \\u escape just before it)."""
    return error.msg.startswith("Unterminated string") or error.pos >= length - 8


def _lone_surrogate(text: str) -> bool:
    return len(_SURROGATE.findall(text)) != 2 * len(_SURROGATE_PAIR.findall(text))


def array_items(f: BinaryIO, key: str) -> Iterator[Any]:
    """The elements of the array under the top-level `key` of the JSON object in `f` (UTF-8), then a check of the
    rest of the document. Raises Unusual (after the elements it could read) when ijson must take over."""
    text = _Text(f)
    pos = _find_key(text, key)
    pos = text.expect(pos, "[")
    found, at = text.char(pos)
    if found == "]":
        pos = at + 1
    else:
        while True:
            item, pos = text.value(pos)
            yield item
            found, at = text.char(pos)
            pos = at + 1
            if found == "]":
                break
            if found != ",":
                raise Unusual
    _check_rest(text, pos, key)


def _find_key(text: _Text, key: str) -> int:
    """The position after `"key":` at the top level, having read (and dropped) the members before it."""
    pos = text.expect(0, "{")
    while True:
        name, pos = _member_name(text, pos)
        if name == key:
            return pos
        _, pos = text.value(pos)
        pos = text.expect(pos, ",")


def _member_name(text: _Text, pos: int) -> tuple[str, int]:
    found, at = text.char(pos)
    if found != '"':
        raise Unusual
    name, pos = text.value(at)
    return name, text.expect(pos, ":")


def _check_rest(text: _Text, pos: int, key: str) -> None:
    """The members after the array, the closing brace, and nothing but whitespace after it."""
    while True:
        found, at = text.char(pos)
        if found == "}":
            break
        if found != ",":
            raise Unusual
        name, pos = _member_name(text, at + 1)
        if name == key:
            raise Unusual  # ijson would go on with the elements of this second array
        _, pos = text.value(pos)
    found, _ = text.char(at + 1)
    if found != "":
        raise Unusual
