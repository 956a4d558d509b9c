"""Opening uploaded files safely: plain, gzip or zip, with size and decompression-bomb limits.

Every source reads its bytes through `iter_contents`, which yields one `Content` per readable stream
(the file itself, its gunzipped content, or each member of a zip). The streams count the bytes they
hand out, so a lying archive header cannot make us decompress more than the limits allow.
"""

import gzip
import io
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from tenderbridge.lib.sources.base import Rejection

GIB = 1024**3
MIB = 1024**2
HEAD_BYTES = 64 * 1024
GZIP_MAGIC = b"\x1f\x8b"
ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06")  # a zip with members, an empty zip
_COMPRESSIONS = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA)
_SKIPPED_MEMBERS = ("__MACOSX/", ".")  # resource forks and hidden files that archivers add


@dataclass(frozen=True)
class Limits:
    """How much a single upload may make us read. The defaults let a 2 GB package stream through."""

    max_bytes: int = 4 * GIB  # the file as stored on disk
    max_decompressed_bytes: int = 4 * GIB  # one gzip stream or one zip member, once decompressed
    max_total_decompressed_bytes: int = 16 * GIB  # all members of one zip together
    max_ratio: float = 200.0  # decompressed:compressed; JSON rarely compresses beyond 20:1
    ratio_floor_bytes: int = 10 * MIB  # small files may compress extremely well; only judge big ones


DEFAULT_LIMITS = Limits()


class LimitExceeded(Exception):
    """Raised from inside a stream's read() so that parsers stop wherever they are."""

    def __init__(self, code: str, reason: str):
        super().__init__(reason)
        self.code = code
        self.reason = reason


@dataclass(frozen=True)
class Content:
    label: str  # prefix for positions: "" for a plain or gzip file, "member x.json " for a zip member
    name: str  # the file or member name, e.g. to recognise ".jsonl"
    open: Callable[[], BinaryIO]  # a fresh, guarded, buffered binary stream of the decompressed bytes


class _Budget:
    """Decompressed bytes of all members of one zip together.

    A member may be opened more than once (sniffing, then reading), so each member counts with the most
    bytes any one reading of it produced, not with the sum of its readings.
    """

    def __init__(self) -> None:
        self.total = 0
        self._by_member: dict[str, int] = {}

    def charge(self, member: str, count: int) -> int:
        seen = self._by_member.get(member, 0)
        if count > seen:
            self.total += count - seen
            self._by_member[member] = count
        return self.total


class _GuardedRaw(io.RawIOBase):
    """Counts decompressed bytes; raises LimitExceeded past the size cap or the compression-ratio limit."""

    def __init__(self, inner: BinaryIO, what: str, limits: Limits, compressed: Callable[[], int],
                 budget: _Budget | None = None, cap_code: str = "zip_bomb"):
        self._inner = inner
        self._what = what
        self._limits = limits
        self._compressed = compressed
        self._budget = budget
        self._cap_code = cap_code
        self.count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        data = self._inner.read(len(buffer))
        n = len(data)
        buffer[:n] = data
        self.count += n
        self._check()
        return n

    def _check(self) -> None:
        limits = self._limits
        if self.count > limits.max_decompressed_bytes:
            raise LimitExceeded(self._cap_code, f"{self._what} decompresses to more than "
                                f"{limits.max_decompressed_bytes:,} bytes, the most TenderBridge accepts.")
        if self._budget is not None:
            if self._budget.charge(self._what, self.count) > limits.max_total_decompressed_bytes:
                raise LimitExceeded("zip_bomb", f"The members of the archive of {self._what} decompress to more than "
                                    f"{limits.max_total_decompressed_bytes:,} bytes in total.")
        if self.count > limits.ratio_floor_bytes:
            ratio = self.count / max(self._compressed(), 1)
            if ratio > limits.max_ratio:
                raise LimitExceeded("zip_bomb", f"{self._what} expands more than {limits.max_ratio:.0f} times "
                                    "when decompressed, which is typical of a zip bomb; it was not read.")

    def close(self) -> None:
        self._inner.close()
        super().close()


def _buffered(raw: io.RawIOBase) -> BinaryIO:
    return io.BufferedReader(raw, buffer_size=256 * 1024)


def iter_contents(path: Path, limits: Limits = DEFAULT_LIMITS) -> Iterator[Content | Rejection]:
    """Yield the readable contents of a file, or Rejections for the parts (or whole) that must not be read."""
    try:
        size = path.stat().st_size
        with open(path, "rb") as f:
            magic = f.read(4)
    except OSError as exc:
        yield Rejection("file", "unreadable", f"The file {path.name} could not be opened ({exc.strerror}).")
        return
    if size > limits.max_bytes:
        yield Rejection("file", "too_large", f"The file {path.name} is {size:,} bytes; the limit is "
                        f"{limits.max_bytes:,} bytes. Split it into smaller files.")
    elif magic.startswith(GZIP_MAGIC):
        yield _gzip_content(path, limits)
    elif magic in ZIP_MAGICS:
        yield from _zip_contents(path, limits)
    else:
        yield Content("", path.name, lambda: open(path, "rb", buffering=256 * 1024))


def _gzip_content(path: Path, limits: Limits) -> Content:
    inner_name = path.name[:-3] if path.name.lower().endswith(".gz") else path.name

    def open_gzip() -> BinaryIO:
        compressed = open(path, "rb")
        raw = _GuardedRaw(gzip.GzipFile(fileobj=compressed, mode="rb"), f"The gzip file {path.name}", limits,
                          compressed.tell, cap_code="too_large")
        return _buffered(raw)

    return Content("", inner_name, open_gzip)


def _zip_contents(path: Path, limits: Limits) -> Iterator[Content | Rejection]:
    try:
        with zipfile.ZipFile(path) as zf:
            members = zf.infolist()
    except (zipfile.BadZipFile, OSError) as exc:
        yield Rejection("file", "corrupt_archive", f"The zip file {path.name} is damaged and cannot be read ({exc}).")
        return
    budget = _Budget()
    declared_total = 0
    for info in members:
        if info.is_dir() or info.filename.startswith(_SKIPPED_MEMBERS) or "/." in info.filename:
            continue
        declared_total += info.file_size
        if declared_total > limits.max_total_decompressed_bytes:
            yield Rejection(f"member {info.filename}", "zip_bomb", f"The members of {path.name} declare more than "
                            f"{limits.max_total_decompressed_bytes:,} bytes in total once decompressed; "
                            "the rest of the archive was not read.")
            return
        yield _member_rejection(path, info, limits) or _member_content(path, info, limits, budget)


def _member_rejection(path: Path, info: zipfile.ZipInfo, limits: Limits) -> Rejection | None:
    """Judge a member by its declared sizes, before decompressing a single byte of it."""
    where = f"member {info.filename}"
    if info.flag_bits & 0x1:
        return Rejection(where, "encrypted", f"{info.filename} in {path.name} is password-protected; "
                         "upload it without a password.")
    if info.compress_type not in _COMPRESSIONS:
        return Rejection(where, "unsupported_format", f"{info.filename} in {path.name} uses a compression method "
                         "Python cannot read; re-create the zip with the usual (deflate) compression.")
    if info.file_size > limits.max_decompressed_bytes:
        return Rejection(where, "zip_bomb", f"{info.filename} in {path.name} declares {info.file_size:,} bytes once "
                         f"decompressed; the limit is {limits.max_decompressed_bytes:,} bytes.")
    ratio = info.file_size / max(info.compress_size, 1)
    if info.file_size > limits.ratio_floor_bytes and ratio > limits.max_ratio:
        return Rejection(where, "zip_bomb", f"{info.filename} in {path.name} expands {ratio:.0f} times when "
                         "decompressed, which is typical of a zip bomb; it was not read.")
    return None


def _member_content(path: Path, info: zipfile.ZipInfo, limits: Limits, budget: _Budget) -> Content:
    what = f"{info.filename} in {path.name}"

    def open_member() -> BinaryIO:
        zf = zipfile.ZipFile(path)
        member = zf.open(info)
        raw = _GuardedRaw(_ClosingBoth(member, zf), what, limits, lambda: info.compress_size, budget)
        return _buffered(raw)

    return Content(f"member {info.filename} ", info.filename, open_member)


class _ClosingBoth:
    """A zip member stream that also closes its ZipFile."""

    def __init__(self, member: BinaryIO, zf: zipfile.ZipFile):
        self._member = member
        self._zf = zf

    def read(self, n: int = -1) -> bytes:
        return self._member.read(n)

    def close(self) -> None:
        self._member.close()
        self._zf.close()


ARCHIVE_ERRORS = (zipfile.BadZipFile, gzip.BadGzipFile, zlib.error, EOFError)


def read_head(path: Path, size: int = HEAD_BYTES, limits: Limits = DEFAULT_LIMITS) -> bytes:
    """The first `size` bytes of the first readable content (gunzipped, or the first zip member); b"" if none."""
    for content in iter_contents(path, limits):
        if isinstance(content, Content):
            with content.open() as stream:
                return stream.read(size)
    return b""
