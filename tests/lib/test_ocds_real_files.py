"""Every real OCDS file in the shared data folder reads without an exception, with known counts."""

import collections
import json
from pathlib import Path

import pytest

from tenderbridge.lib.ocds.readers import read_file
from tenderbridge.lib.sources.base import Rejection, SourceRecord
from tests.lib.ocds_testdata import REAL_OCDS_FOLDERS, require_data

# (files, releases, rejections) per folder. The data is read-only, so any change here is a change in the reader.
EXPECTED = {
    "ocds-real-examples-17-publishers-2014-2018": (777, 882, 3),
    "ocds-uk-contracts-finder-bluetail-2020/ocds": (229, 229, 0),
    "ocds-uk-contracts-finder-2025q1-cfserver": (3, 290, 90),
    "ted-eforms-notices-norway-2022-2024/ocds": (100, 100, 0),
}


def _read_folder(folder: Path) -> tuple[int, list[SourceRecord], list[Rejection]]:
    files = sorted(folder.rglob("*.json"))
    items = [item for path in files for item in read_file(path)]
    records = [item for item in items if isinstance(item, SourceRecord)]
    return len(files), records, [item for item in items if isinstance(item, Rejection)]


@pytest.mark.parametrize("name", REAL_OCDS_FOLDERS)
def test_every_real_file_of_the_folder_reads_with_the_known_counts(name):
    files, records, rejections = _read_folder(require_data(name) / name)
    assert (files, len(records), len(rejections)) == EXPECTED[name], collections.Counter(r.code for r in rejections)
    for record in records:
        json.dumps(record.release)  # ready for a JSONField: no Decimal, no NaN
        assert isinstance(record.release["ocid"], str) and isinstance(record.release["id"], str)


def test_the_only_rejections_in_the_17_publishers_are_paraguay_records_of_linked_releases():
    name = REAL_OCDS_FOLDERS[0]
    _, _, rejections = _read_folder(require_data(name) / name / "paraguay")
    assert {r.code for r in rejections} == {"linked_release"}
    assert all("contrataciones.gov.py" in r.reason for r in rejections)


def test_the_scottish_releases_are_rejected_because_they_have_no_id():
    path = require_data(REAL_OCDS_FOLDERS[2]) / REAL_OCDS_FOLDERS[2] / "public_contracts_scotland_2019-03_04_release_package.json"
    items = list(read_file(path))
    assert len(items) == 90
    assert {(type(item), getattr(item, "code", None)) for item in items} == {(Rejection, "missing_id")}
    assert items[5].position == "releases[5]"


def test_paraguay_records_with_linked_releases_give_their_compiled_release():
    path = require_data(REAL_OCDS_FOLDERS[0]) / REAL_OCDS_FOLDERS[0] / "paraguay/sample/records/277004.json"
    [item] = list(read_file(path))
    assert isinstance(item, SourceRecord) and item.position == "records[0].compiledRelease"
    assert item.release["ocid"] == "ocds-03ad3f-277004"


def test_a_real_ocds_1_0_release_is_upgraded_to_1_1():
    folder = require_data(REAL_OCDS_FOLDERS[0]) / REAL_OCDS_FOLDERS[0] / "mexico/cdmx/sample/releases"
    [item] = list(read_file(folder / "OCDS-87SD3T-AD-SF-DRM-063-2015-02.json"))
    release = item.release
    assert "buyer" in {role for party in release["parties"] for role in party["roles"]}
    transactions = release["contracts"][0]["implementation"]["transactions"]
    assert transactions and all(t["value"]["currency"] == "MXN" and "amount" not in t for t in transactions)
    assert all("payer" in t and "providerOrganization" not in t for t in transactions)
