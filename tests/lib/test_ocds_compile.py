"""The single-release shortcut must give exactly what ocdsmerge gives."""

import json

import pytest

from tenderbridge.lib.ocds.compile import compile_group
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
    compared = 0
    for release in real_releases(real_data):
        assert compile_group([release]) == compile_releases([release]), release.get("ocid")
        compared += 1
    assert compared > 1000


@pytest.mark.parametrize(
    "release",
    [
        {"ocid": "o", "id": "r", "date": "d", "tender": {"title": None}},
        {"ocid": "o", "id": "r", "tender": {"items": []}},
        {"ocid": "o", "id": "r", "tender": {"value": {}}},
        {"ocid": "o", "id": "r", "a": {"b": []}, "c": {"d": {}}},
        {"ocid": "o", "id": "r", "a": [{"x": None}]},
        {"ocid": "o", "id": "r", "a": [{}]},
        {"ocid": "o", "id": "r", "a": [None, 1]},
        {"ocid": "o", "id": "r", "a": [{"id": "1"}, 3]},
        {"ocid": "o", "id": "r", "a": [{"id": "1", "b": {}}]},
        {"ocid": "o", "id": "r", "parties": [{"id": "1", "additionalIdentifiers": [{"id": "x", "scheme": None}, {}]}]},
        {"ocid": "o", "id": "r", "parties": [{"id": "1", "name": "a"}, {"id": "1", "roles": ["buyer"]}]},
        {"ocid": "o", "id": "r", "a": [{"id": 1, "x": 1}, {"id": "1", "x": 2}]},
        {"ocid": "o", "id": "r", "date": None, "tender": {"id": "t"}},
    ],
)
def test_the_shortcut_matches_ocdsmerge_on_its_quirks(release):
    assert compile_group([release]) == compile_releases([release])


def test_two_releases_are_merged_with_newer_values_winning():
    old = {"ocid": "o", "id": "1", "date": "2024-01-01T00:00:00Z", "tender": {"title": "Old", "status": "active"}}
    new = {"ocid": "o", "id": "2", "date": "2024-02-01T00:00:00Z", "tender": {"title": "New"}}
    compiled = compile_group([new, old])
    assert compiled["tender"] == {"title": "New", "status": "active"}
    assert compiled["tag"] == ["compiled"]


def test_the_rebuilding_walk_matches_ocdsmerge_on_every_real_release(real_data):
    # json_text=b"null" says "not plain": the walk that drops nulls and empties runs even where none are.
    for release in real_releases(real_data):
        assert compile_group([release], json_text=b"null") == compile_releases([release]), release.get("ocid")


def test_the_shortcut_leaves_the_release_as_it_was(real_data):
    for release in real_releases(real_data):
        before = json.dumps(release, sort_keys=True)
        compile_group([release])
        assert json.dumps(release, sort_keys=True) == before


def test_a_compiled_release_normalises_the_same_from_its_json(real_data):
    # The database process normalises from the JSON the worker sends (sorted keys, floats round-tripped).
    import orjson

    from tenderbridge.lib.ocds.normalise import normalise

    for release in real_releases(real_data):
        tags = set(release.get("tag") or [])
        compiled = compile_group([release])
        sent = orjson.dumps(compiled, option=orjson.OPT_SORT_KEYS)
        assert normalise(orjson.loads(sent), tags) == normalise(compiled, tags), release.get("ocid")


def test_a_release_said_to_be_in_its_compiled_release_is_rebuilt_from_it_byte_for_byte(real_data):
    from tenderbridge.lib.ocds import prepare

    held = compared = 0
    for release in real_releases(real_data):
        cleaned, dumped = prepare.clean(release)
        tags = prepare.tags_of(cleaned)
        compiled = prepare.compile_ocid([cleaned], dumped)
        if prepare._holds(compiled.data, cleaned, tags):
            assert prepare.release_json(compiled.data, str(cleaned["id"]), tags) == dumped, release.get("ocid")
            held += 1
        compared += 1
    assert held > compared / 2


@pytest.mark.parametrize(
    "release",
    [
        {"ocid": "o", "id": "r", "date": "d", "tag": []},  # an empty tag list: no tags to rebuild it from
        {"ocid": "o", "id": "r", "date": "d", "tag": ["tender", 1]},  # not only strings
        {"ocid": "o", "id": "r", "date": "d", "tag": "tender"},  # not a list
        {"ocid": "o", "id": 7, "date": "d", "tag": ["tender"]},  # the id is a number, stored as text
        {"ocid": "o", "id": "r", "date": None, "tag": ["tender"]},  # a null date is dropped by the compile
        {"ocid": "o", "id": "r", "tag": ["compiled"]},  # a compiled release given as such
        {"ocid": "o", "id": "r", "date": "d", "tender": {"title": None}},  # the compile drops the null
    ],
)
def test_a_release_the_compiled_release_cannot_give_back_is_stored_as_it_is(release):
    from tenderbridge.lib.ocds import prepare

    cleaned, dumped = prepare.clean(release)
    compiled = prepare.compile_ocid([cleaned], dumped)
    assert not prepare._holds(compiled.data, cleaned, prepare.tags_of(cleaned))


def test_a_plain_release_is_held_by_its_compiled_release():
    from tenderbridge.lib.ocds import prepare

    for release in (
        {"ocid": "o", "id": "r", "date": "d", "tag": ["tender"], "tender": {"title": "T"}},
        {"ocid": "o", "id": "r", "tender": {"title": "T"}},  # no date, no tag
    ):
        cleaned, dumped = prepare.clean(release)
        compiled = prepare.compile_ocid([cleaned], dumped)
        assert prepare._holds(compiled.data, cleaned, prepare.tags_of(cleaned))
        assert prepare.release_json(compiled.data, "r", prepare.tags_of(cleaned)) == dumped
