"""Text encodings of uploaded JSON, and finding exactly where a file stops being valid.

The parser (yajl, via ijson) wants UTF-8 and reports errors without a byte offset, so these helpers
re-read the file on the (rare) error path to name the byte and line for the user.
"""

import codecs
import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import BinaryIO

import ijson

from tenderbridge.lib.sources.base import Rejection

try:
    BACKEND = ijson.get_backend("yajl2_c")  # C parser: several times faster than the pure-Python one
except ImportError:  # pragma: no cover - only when ijson was built without its C extension
    BACKEND = ijson

CHUNK = 64 * 1024
_BOMS = (  # longest first: the UTF-32 LE mark begins with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)


@dataclass(frozen=True)
class Encoding:
    name: str  # "utf-8", "utf-16" or "utf-32"
    skip: int  # bytes of byte-order mark to drop before parsing (the UTF-16/32 decoders drop theirs)


def sniff_encoding(head: bytes, position: str) -> Encoding | Rejection:
    """UTF-8 (with or without BOM) is expected; UTF-16/32 are accepted only with a byte-order mark."""
    for bom, name in _BOMS:
        if head.startswith(bom):
            return Encoding(name, len(bom) if name == "utf-8" else 0)
    if len(head) >= 2 and (head[0] == 0 or head[1] == 0):
        return Rejection(position, "encoding", "The file looks like UTF-16 or UTF-32 without a byte-order mark; "
                         "save it as UTF-8 and import it again.")
    return Encoding("utf-8", 0)


class Utf8Transcoder(io.RawIOBase):
    """Presents a UTF-16/32 stream as UTF-8 bytes, for the parser."""

    def __init__(self, inner: BinaryIO, encoding: str):
        self._inner = inner
        self._decoder = codecs.getincrementaldecoder(encoding)()
        self._pending = b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        while not self._pending:
            data = self._inner.read(CHUNK)
            self._pending = self._decoder.decode(data, final=not data).encode("utf-8")
            if not data:
                break
        n = min(len(buffer), len(self._pending))
        buffer[:n] = self._pending[:n]
        self._pending = self._pending[n:]
        return n

    def close(self) -> None:
        self._inner.close()
        super().close()


@dataclass(frozen=True)
class Where:
    offset: int  # bytes before the error
    line: int  # 1-based line of the error


def find_invalid_utf8(open_stream: Callable[[], BinaryIO]) -> tuple[Where, int] | None:
    """Where the first byte that is not valid UTF-8 is, and its value."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    offset = lines = 0
    with open_stream() as f:
        while data := f.read(CHUNK):
            held = decoder.getstate()[0]  # the start of a character split across chunks
            try:
                decoder.decode(data)
            except UnicodeDecodeError as exc:
                start = exc.start - len(held)
                bad = (held + data)[exc.start]
                return Where(offset + start, lines + data.count(b"\n", 0, max(start, 0)) + 1), bad
            offset += len(data)
            lines += data.count(b"\n")
    return None


def locate_json_error(open_stream: Callable[[], BinaryIO]) -> tuple[Where, bool] | None:
    """Where the parser first fails, and whether it failed because the text ended; None if it does not fail.

    First finds the failing 64 KiB chunk, then re-parses up to it and feeds that chunk byte by byte.
    """
    found = _failing_chunk(open_stream)
    if found is None:
        return None
    start, lines, at_end = found
    if at_end:
        return Where(start, lines + 1), True
    sink = ijson.sendable_list()
    parser = BACKEND.basic_parse_coro(sink, use_float=True)
    with open_stream() as f:
        _feed(parser, sink, f, start)
        chunk = f.read(CHUNK)
    for i in range(len(chunk)):
        try:
            parser.send(chunk[i:i + 1])
        except ijson.JSONError:
            return Where(start + i, lines + chunk.count(b"\n", 0, i) + 1), False
        sink.clear()
    return Where(start, lines + 1), False


def _failing_chunk(open_stream: Callable[[], BinaryIO]) -> tuple[int, int, bool] | None:
    """(offset of the failing chunk, newlines before it, whether the failure is at the end of the text)."""
    sink = ijson.sendable_list()
    parser = BACKEND.basic_parse_coro(sink, use_float=True)
    offset = lines = 0
    with open_stream() as f:
        while data := f.read(CHUNK):
            try:
                parser.send(data)
            except ijson.JSONError:
                return offset, lines, False
            sink.clear()
            offset += len(data)
            lines += data.count(b"\n")
    try:
        parser.close()
    except ijson.JSONError:
        return offset, lines, True
    return None


def _feed(parser, sink: list, f: BinaryIO, size: int) -> None:
    while size > 0:
        data = f.read(min(CHUNK, size))
        if not data:
            return
        parser.send(data)
        sink.clear()
        size -= len(data)
