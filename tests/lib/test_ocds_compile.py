"""The single-release shortcut must give exactly what ocdsmerge gives."""

import pytest

from tenderbridge.lib.ocds.compile import _plain, compile_group
from tenderbridge.lib.ocds.merge_rules import compile_releases
from tenderbridge.lib.ocds.readers import read_releases

FOLDERS = [
    "ocds-real-examples-17-publishers-2014-2018",
    "ocds-uk-contracts-finder-bluetail-2020/ocds",
    "ocds-uk-contracts-finder-2025q1-cfserver",
    "ted-eforms-notices-norway-2022-2024/ocds",
]


def real_releases(data_dir):
    for folder in FOLDERS:
        for path in sorted((data_dir / folder).rglob("*.json")):
            yield from read_releases(path)


def test_the_shortcut_matches_ocdsmerge_on_every_real_release(real_data):
    compared = shortcut = 0
    for release in real_releases(real_data):
        assert compile_group([release]) == compile_releases([release]), release.get("ocid")
        compared += 1
        shortcut += _plain(release)
    assert compared > 500
    assert shortcut > 0


@pytest.mark.parametrize(
    "release",
    [
        {"ocid": "o", "id": "r", "date": "2024-01-01", "tender": {"title": None}},
        {"ocid": "o", "id": "r", "tender": {"items": []}},
        {"ocid": "o", "id": "r", "tender": {"value": {}}},
        {"ocid": "o", "id": "r", "parties": [{"id": "1", "name": "a"}, {"id": "1", "roles": ["buyer"]}]},
    ],
)
def test_releases_ocdsmerge_would_change_are_merged_by_ocdsmerge(release):
    assert not _plain(release)
    assert compile_group([release]) == compile_releases([release])


def test_two_releases_are_merged_with_newer_values_winning():
    old = {"ocid": "o", "id": "1", "date": "2024-01-01T00:00:00Z", "tender": {"title": "Old", "status": "active"}}
    new = {"ocid": "o", "id": "2", "date": "2024-02-01T00:00:00Z", "tender": {"title": "New"}}
    compiled = compile_group([new, old])
    assert compiled["tender"] == {"title": "New", "status": "active"}
    assert compiled["tag"] == ["compiled"]
