"""The merge rules are OCDS 1.1.5's, and merging never needs the network."""

import ocdsmerge.util
import pytest
from ocdsmerge.rules import get_merge_rules

from tenderbridge.lib.ocds import merge_rules
from tenderbridge.lib.ocds.readers import read_releases
from tests.lib.ocds_testdata import require_data

ENGLAND = "ocds-uk-contracts-finder-2025q1-cfserver/contracts_finder_england_2025-01_2025-03_release_package.json"


def test_the_rules_constant_equals_what_ocdsmerge_derives_from_the_1_1_5_schema():
    schema = require_data("ocds-schema-1.1.5") / "ocds-schema-1.1.5" / "release-schema.json"
    # A local path: jsonref resolves the schema's "#/definitions/..." references inside the file.
    derived = get_merge_rules(str(schema))
    assert merge_rules.MERGE_RULES == derived


def test_the_merger_is_built_without_the_network(monkeypatch):
    def no_network(*args, **kwargs):
        raise AssertionError("ocdsmerge tried to download the schema or the list of OCDS versions")

    monkeypatch.setattr(ocdsmerge.util, "get_tags", no_network)
    monkeypatch.setattr(ocdsmerge.rules, "get_release_schema_url", no_network)
    merge_rules.merger.cache_clear()
    merger = merge_rules.merger()
    assert merger.merge_rules is merge_rules.MERGE_RULES
    assert merge_rules.merger() is merger  # cached


@pytest.fixture
def england_releases() -> list[dict]:
    return list(read_releases(require_data() / ENGLAND))


def _of(releases: list[dict], ocid: str) -> list[dict]:
    return sorted((r for r in releases if r["ocid"] == ocid), key=lambda r: r["date"])


def test_merging_two_real_releases_of_one_ocid_keeps_the_newer_values(england_releases):
    # A Contracts Finder framework call-off: tendered as "active", then awarded and marked "complete".
    older, newer = _of(england_releases, "ocds-b5fd17-0cb08240-82a6-4be3-b63a-1ba819a00d18")
    assert (older["tender"]["status"], newer["tender"]["status"]) == ("active", "complete")

    compiled = merge_rules.compile_releases([newer, older])  # input order must not matter

    assert compiled["tender"]["status"] == "complete"
    assert compiled["tender"]["procurementMethodDetails"] == newer["tender"]["procurementMethodDetails"]
    assert compiled["date"] == newer["date"]
    assert compiled["tag"] == ["compiled"]
    assert compiled["id"] == f"{newer['ocid']}-{newer['date']}"


def test_merging_keeps_older_values_the_newer_release_does_not_repeat(england_releases):
    # Renamed tender: the title is replaced, fields only the older release had are kept.
    older, newer = _of(england_releases, "ocds-b5fd17-4c20859e-a305-4461-84c9-31ee8b43f2d0")
    compiled = merge_rules.compile_releases([older, newer])
    assert compiled["tender"]["title"].endswith("December 2025 - January 2030")
    for key in older["tender"].keys() - newer["tender"].keys():
        assert compiled["tender"][key] == older["tender"][key]


def test_whole_list_merge_replaces_party_roles_instead_of_merging_them():
    older = {"ocid": "ocds-x-1", "id": "1", "date": "2024-01-01T00:00:00Z",
             "parties": [{"id": "GB-1", "roles": ["buyer", "procuringEntity"]}]}
    newer = {"ocid": "ocds-x-1", "id": "2", "date": "2024-02-01T00:00:00Z",
             "parties": [{"id": "GB-1", "roles": ["buyer"]}]}
    assert merge_rules.compile_releases([older, newer])["parties"] == [{"id": "GB-1", "roles": ["buyer"]}]
