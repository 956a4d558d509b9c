"""The interface every data source (OCDS files, UNGM, TED, ASR, NATO, ...) implements.

A source turns one file into a stream of items: either a SourceRecord (one OCDS 1.1 release,
as read or as converted) or a Rejection (one part of the file that could not be read, with a reason
a user can act on). Reading goes on after a Rejection wherever the format allows it; when nothing
at all can be read from the file, the source raises FileRejected instead.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol


@dataclass(frozen=True)
class SourceRecord:
    release: dict  # one OCDS 1.1 release (dict), as read or as converted
    position: str  # where it was in the file, for provenance and errors, e.g. "releases[12]", "line 40",
    # "row 17", "records[3].releases[1]", "member x.json releases[2]"


@dataclass(frozen=True)
class Rejection:
    position: str  # where in the file ("line 40", "byte 1024", "row 17", "file")
    code: str  # machine code: "invalid_json", "missing_ocid", "missing_id", "wrong_type", "unknown_version",
    # "too_large", "zip_bomb", "wrong_columns", "encoding", "unsupported_format", ...
    reason: str  # one clear English sentence a user can act on, naming the field/value


Item = SourceRecord | Rejection


class Source(Protocol):
    name: str  # "ocds", "ungm", "ted", "asr", "nato"
    # True for sources that report contracts awarded without the call for bids (award statistics): the list
    # shows their notices as "past contract awards", apart from the opportunities.
    awards_only: bool

    def sniff(self, path: Path, head: bytes) -> bool:
        """Whether this source can read the file; head = first 64 KiB (decompressed if gz)."""
        ...

    def read(self, path: Path) -> Iterator[Item]:
        """Yield the file's releases and rejections, in file order."""
        ...


class FileRejected(Exception):
    """The whole file cannot be read (no record could be read from it)."""

    def __init__(self, code: str, reason: str, position: str = "file"):
        super().__init__(reason)
        self.code = code
        self.reason = reason
        self.position = position

    def __reduce__(self):  # so a worker process can hand it to the ingest as it is
        return (type(self), (self.code, self.reason, self.position))

    def as_rejection(self) -> Rejection:
        return Rejection(self.position, self.code, self.reason)
