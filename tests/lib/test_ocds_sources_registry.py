"""The source registry: detection of the format of a file, and registration rules."""

import json

import pytest

from tenderbridge.lib import sources
from tenderbridge.lib.sources.base import FileRejected
from tenderbridge.lib.sources.ocds import OcdsSource
from tests.lib.ocds_testdata import (
    REAL_OCDS_FOLDERS,
    package,
    release,
    require_data,
    write_gzip,
    write_json,
    write_zip,
)


def test_the_ocds_source_is_registered():
    assert "ocds" in sources.names()
    assert sources.get("ocds").name == "ocds"


def test_an_unknown_source_name_is_a_key_error_listing_the_known_ones():
    with pytest.raises(KeyError, match="ocds"):
        sources.get("no-such-source")


def test_a_second_source_with_a_taken_name_is_refused():
    with pytest.raises(ValueError, match="already registered"):
        sources.register(OcdsSource())


def test_detect_recognises_plain_gzip_and_zip_ocds_files(tmp_path):
    data = json.dumps(package([release(1)])).encode()
    plain = write_json(tmp_path / "p.json", package([release(1)]), indent=2)
    gz = write_gzip(tmp_path / "p.json.gz", data)
    zipped = write_zip(tmp_path / "p.zip", {"p.json": data})
    lines = tmp_path / "r.jsonl"
    lines.write_text(json.dumps(release(1)) + "\n", encoding="utf-8")
    for path in (plain, gz, zipped, lines):
        assert sources.detect(path).name == "ocds", path


def test_detect_refuses_a_file_no_source_claims(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("Just some notes.\n", encoding="utf-8")
    with pytest.raises(FileRejected) as caught:
        sources.detect(path)
    assert caught.value.code == "unsupported_format" and "notes.txt" in caught.value.reason


def test_the_ocds_source_does_not_claim_the_ocds_json_schema():
    schema = require_data("ocds-schema-1.1.5") / "ocds-schema-1.1.5" / "release-package-schema.json"
    head = schema.read_bytes()[:65536]
    assert not OcdsSource().sniff(schema, head)


def test_the_ocds_source_claims_every_real_ocds_file():
    folder = require_data(REAL_OCDS_FOLDERS[2]) / REAL_OCDS_FOLDERS[2]
    for path in folder.glob("*.json"):
        assert sources.detect(path).name == "ocds"


def test_reading_through_the_source_gives_the_same_items_as_the_reader(tmp_path):
    path = write_json(tmp_path / "p.json", package([release(1), {"id": "x"}]))
    items = list(sources.get("ocds").read(path))
    assert [type(item).__name__ for item in items] == ["SourceRecord", "Rejection"]
