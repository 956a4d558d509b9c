"""The "ocds" source: OCDS release/record packages, releases, JSON arrays and JSON Lines, plain/.gz/.zip."""

import codecs
import re
from collections.abc import Iterator
from pathlib import Path

from tenderbridge.lib.ocds.readers import read_file
from tenderbridge.lib.sources.base import Item
from tenderbridge.lib.sources.containers import DEFAULT_LIMITS, Limits

# What only OCDS data has near its start: a package's array, or a release's ocid with a value.
# (A JSON schema mentions the same names, but as property definitions: `"ocid": {`.)
_OCDS_SIGN = re.compile(rb'"(?:releases|records)"\s*:\s*\[|"ocid"\s*:\s*["\d]')
# A big release or record can push its "ocid" past the head: then OCDS's own sections, holding values, do.
_OCDS_SECTIONS = re.compile(
    rb'"(?:tender|awards|contracts|planning|parties|buyer|compiledRelease|versionedRelease|initiationType)"'
    rb'\s*:\s*[\[{"]'
)
_SCHEMA = re.compile(rb'"\$schema"|"properties"\s*:\s*\{')


class OcdsSource:
    name = "ocds"
    awards_only = False

    def __init__(self, limits: Limits = DEFAULT_LIMITS):
        self.limits = limits

    def sniff(self, path: Path, head: bytes) -> bool:
        """JSON (object, array or lines) that mentions an OCDS key in its first 64 KiB."""
        text = _as_utf8(head).lstrip()
        if text[:1] not in (b"{", b"["):
            return False
        return _OCDS_SIGN.search(text) is not None or (
            _OCDS_SECTIONS.search(text) is not None and _SCHEMA.search(text) is None
        )

    def read(self, path: Path) -> Iterator[Item]:
        return read_file(path, limits=self.limits)


def _as_utf8(head: bytes) -> bytes:
    if head.startswith(codecs.BOM_UTF8):
        return head[len(codecs.BOM_UTF8):]
    for bom, encoding in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                          (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if head.startswith(bom):
            return head.decode(encoding, "ignore").encode("utf-8")
    return head


SOURCE = OcdsSource()
