"""The fast reader of a package's array gives exactly what ijson gives, or hands over to ijson."""

import io
import json

import ijson
import pytest

from tenderbridge.lib.ocds import json_stream, readers
from tenderbridge.lib.ocds.readers import read_file

YAJL = ijson.get_backend("yajl2_c")
FOLDERS = [
    "ocds-real-examples-17-publishers-2014-2018",
    "ocds-uk-contracts-finder-bluetail-2020/ocds",
    "ocds-uk-contracts-finder-2025q1-cfserver",
    "ted-eforms-notices-norway-2022-2024/ocds",
]


def fast(data: bytes, key: str = "releases") -> tuple[list, bool]:
    """(the elements read, whether it handed over)."""
    items = []
    try:
        for item in json_stream.array_items(io.BytesIO(data), key):
            items.append(item)
    except json_stream.Unusual:
        return items, True
    return items, False


def ijson_items(data: bytes, key: str = "releases") -> list:
    return list(YAJL.items(io.BytesIO(data), f"{key}.item", use_float=True))


def test_it_gives_what_ijson_gives_on_every_real_package_whatever_the_chunk_size(real_data, monkeypatch):
    monkeypatch.setattr(json_stream, "CHUNK_BYTES", 997)  # elements, keys and escapes split across chunks
    compared = 0
    for folder in FOLDERS:
        for path in sorted((real_data / folder).rglob("*.json")):
            data = path.read_bytes()
            head = json.loads(data)
            key = next((k for k in ("releases", "records") if isinstance(head, dict) and k in head), None)
            if key is None or "ocid" in head:
                continue
            items, handed_over = fast(data, key)
            assert not handed_over, path
            assert items == ijson_items(data, key), path
            compared += 1
    assert compared > 20


@pytest.mark.parametrize(
    "data",
    [
        b'{"releases": [{"a": "\\ud800"}]}',  # yajl writes "?" for an unpaired high surrogate
        b'{"releases": [{"a": "\\udc00"}]}',  # and fails on an unpaired low one
        b'{"releases": [{"a": 1e400}]}',
        b'{"releases": [{"a": 123456789012345678901234567890}]}',
        b'{"releases": [{"a": NaN}]}',
        b'{"releases": [{"a": "x\ty"}]}',
        b'{"releases": [{"a": 1},]}',
        b'{"releases": [{"a": 1}]} trailing',
        b'{"releases": [{"a": 1}], "releases": [{"b": 2}]}',
        b'{"releases": [{"a": 1}, {"b": ',
        b'{"releases": [{"a": "\xff"}]}',
    ],
)
def test_it_hands_over_to_ijson_on_what_only_ijson_decides(data):
    items, handed_over = fast(data)
    assert handed_over
    assert items == [{"a": 1}] or items == []


def test_a_surrogate_pair_is_read_like_ijson_reads_it():
    data = b'{"releases": [{"a": "\\ud83d\\ude00"}], "uri": "x"}'
    assert fast(data) == ([{"a": "\U0001f600"}], False)
    assert ijson_items(data) == [{"a": "\U0001f600"}]


@pytest.mark.parametrize(
    "data",
    [
        b'{"version": "1.1", "releases": [{"ocid": "o", "id": "1"}, {"ocid": "o", "id": "2", "x": 1e400}]}',
        b'{"version": "1.1", "releases": [{"ocid": "o", "id": "1"}, {"ocid": "o", "id": "2"}',
        b'{"version": "1.1", "releases": [{"ocid": "o", "id": "1"}], "releases": [{"ocid": "o", "id": "2"}]}',
        b'{"version": "1.1", "releases": [{"ocid": "o", "id": "1", "t": "\\ud800"}]} x',
    ],
)
def test_the_file_reads_as_with_ijson_alone_after_a_hand_over(tmp_path, monkeypatch, data):
    path = tmp_path / "p.json"
    path.write_bytes(data)
    monkeypatch.setattr(readers, "SMALL_BYTES", 0)
    with_fast = [(type(item).__name__, vars(item)) for item in read_file(path)]

    def unusual(f, key):
        raise json_stream.Unusual
        yield

    monkeypatch.setattr(json_stream, "array_items", unusual)
    assert with_fast == [(type(item).__name__, vars(item)) for item in read_file(path)]
