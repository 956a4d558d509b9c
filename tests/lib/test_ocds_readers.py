"""Reading OCDS files of every accepted shape, and rejecting bad ones with a reason (synthetic inputs)."""

import codecs
import json
from pathlib import Path

import pytest

from tenderbridge.lib.ocds import readers
from tenderbridge.lib.ocds.readers import read_file
from tenderbridge.lib.sources.base import Rejection, SourceRecord
from tenderbridge.lib.sources.containers import Limits
from tests.lib.ocds_testdata import package, release, write_gzip, write_json, write_zip


@pytest.fixture(autouse=True, params=["in memory", "streaming"])
def parse_mode(request, monkeypatch) -> str:
    """Run every test twice: small files are parsed at once, big ones streamed; both must behave the same."""
    if request.param == "streaming":
        monkeypatch.setattr(readers, "SMALL_BYTES", 0)
    return request.param


def read(path: Path, **kwargs) -> tuple[list[SourceRecord], list[Rejection]]:
    items = list(read_file(path, **kwargs))
    records = [item for item in items if isinstance(item, SourceRecord)]
    rejections = [item for item in items if isinstance(item, Rejection)]
    assert len(records) + len(rejections) == len(items)
    return records, rejections


def only_rejection(rejections: list[Rejection]) -> Rejection:
    assert len(rejections) == 1, rejections
    return rejections[0]


# --- shapes -----------------------------------------------------------------------------------------


def test_it_reads_every_release_of_a_release_package_with_its_position(tmp_path):
    records, rejections = read(write_json(tmp_path / "p.json", package([release(1), release(2), release(3)])))
    assert rejections == []
    assert [r.position for r in records] == ["releases[0]", "releases[1]", "releases[2]"]
    assert records[2].release["tender"]["title"] == "Tender 3"


def test_it_reads_a_record_package_yielding_the_records_releases(tmp_path):
    records_data = [{"ocid": "ocds-test-1", "releases": [release(1), release(1, id="r1b")]},
                    {"ocid": "ocds-test-2", "releases": [release(2)]}]
    path = write_json(tmp_path / "rp.json", {"version": "1.1", "records": records_data})
    records, rejections = read(path)
    assert rejections == []
    assert [r.position for r in records] == ["records[0].releases[0]", "records[0].releases[1]",
                                             "records[1].releases[0]"]


def test_a_record_with_only_linked_releases_gives_its_compiled_release(tmp_path):
    linked = [{"url": "https://example.org/r1.json", "date": "2024-01-01T00:00:00Z", "tag": ["tender"]}]
    compiled = release(1, tag=["compiled"])
    path = write_json(tmp_path / "rp.json", {"version": "1.1", "records": [
        {"ocid": "ocds-test-1", "releases": linked, "compiledRelease": compiled}]})
    records, rejections = read(path)
    assert rejections == []
    assert [(r.position, r.release["tag"]) for r in records] == [("records[0].compiledRelease", ["compiled"])]


def test_linked_releases_without_a_compiled_release_are_rejected_with_their_url(tmp_path):
    path = write_json(tmp_path / "p.json", package(["https://example.org/r1.json",
                                                    {"url": "https://example.org/r2.json"}, release(3)]))
    records, rejections = read(path)
    assert [r.position for r in records] == ["releases[2]"]
    assert [(r.position, r.code) for r in rejections] == [("releases[0]", "linked_release"),
                                                          ("releases[1]", "linked_release")]
    assert "https://example.org/r2.json" in rejections[1].reason


def test_it_reads_a_bare_release(tmp_path):
    records, rejections = read(write_json(tmp_path / "r.json", release(7), indent=2))
    assert rejections == []
    assert [(r.position, r.release["id"]) for r in records] == [("file", "r7")]


def test_it_reads_a_bare_record_with_its_compiled_release_first(tmp_path):
    record = {"compiledRelease": release(1, tag=["compiled"]), "ocid": "ocds-test-1",
              "releases": [release(1), release(1, id="r1b")]}
    records, rejections = read(write_json(tmp_path / "rec.json", record))
    assert rejections == []
    assert [r.position for r in records] == ["releases[0]", "releases[1]"]


def test_it_reads_a_json_array_of_releases_and_of_packages(tmp_path):
    path = write_json(tmp_path / "a.json", [release(1), package([release(2), release(3)])])
    records, rejections = read(path)
    assert rejections == []
    assert [r.position for r in records] == ["[0]", "[1] releases[0]", "[1] releases[1]"]


def test_json_lines_reject_a_bad_line_by_number_and_go_on(tmp_path):
    lines = [json.dumps(release(1)), '{"ocid": "ocds-test-2", "id": ', "", json.dumps(package([release(3)]))]
    path = tmp_path / "r.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    records, rejections = read(path)
    assert [r.position for r in records] == ["line 1", "line 4 releases[0]"]
    rejection = only_rejection(rejections)
    assert (rejection.position, rejection.code) == ("line 2", "invalid_json")
    assert "Line 2" in rejection.reason


def test_json_lines_are_recognised_without_the_jsonl_extension(tmp_path):
    path = tmp_path / "releases.json"
    path.write_text(f"{json.dumps(release(1))}\n{json.dumps(release(2))}\n", encoding="utf-8")
    records, rejections = read(path)
    assert [r.position for r in records] == ["line 1", "line 2"] and rejections == []


def test_a_gzip_file_is_read_transparently(tmp_path):
    data = json.dumps(package([release(1), release(2)])).encode()
    records, rejections = read(write_gzip(tmp_path / "p.json.gz", data))
    assert [r.position for r in records] == ["releases[0]", "releases[1]"] and rejections == []


def test_every_json_member_of_a_zip_is_read_and_named_in_positions(tmp_path):
    path = write_zip(tmp_path / "bundle.zip", {
        "a.json": json.dumps(package([release(1)])).encode(),
        "sub/b.jsonl": (json.dumps(release(2)) + "\n").encode(),
        "README.txt": b"not data",
        "__MACOSX/._a.json": b"resource fork",
    })
    records, rejections = read(path)
    assert [r.position for r in records] == ["member a.json releases[0]", "member sub/b.jsonl line 1"]
    rejection = only_rejection(rejections)
    assert (rejection.position, rejection.code) == ("member README.txt", "unsupported_format")


def test_releases_are_json_serialisable_with_ints_and_floats_not_decimals(tmp_path):
    value = {"amount": 1234567.89, "currency": "GBP"}
    path = write_json(tmp_path / "p.json", package([release(1, tender={"id": "t", "value": value,
                                                                        "numberOfTenderers": 3})]))
    [record], _ = read(path)
    tender = record.release["tender"]
    assert tender["value"]["amount"] == 1234567.89 and type(tender["value"]["amount"]) is float
    assert type(tender["numberOfTenderers"]) is int
    json.dumps(record.release)


def test_a_compiled_release_is_read_like_any_release(tmp_path):
    path = write_json(tmp_path / "c.json", package([release(1, tag=["compiled"], id="ocds-test-1-2024")]))
    [record], rejections = read(path)
    assert record.release["tag"] == ["compiled"] and rejections == []


# --- versions -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("version", ["1.0", "1.1", "1.1.5", "1.0.1", None])
def test_it_accepts_ocds_1_0_and_1_1_packages(tmp_path, version):
    data = package([release(1)], version=version)
    if version is None:
        del data["version"]
    records, rejections = read(write_json(tmp_path / "p.json", data))
    assert len(records) == 1 and rejections == []


def test_an_unknown_version_rejects_the_whole_file(tmp_path):
    records, rejections = read(write_json(tmp_path / "p.json", package([release(1)], version="2.0")))
    rejection = only_rejection(rejections)
    assert records == [] and (rejection.position, rejection.code) == ("file", "unknown_version")
    assert "'2.0'" in rejection.reason


def test_an_unknown_version_after_the_releases_still_rejects_before_any_release(tmp_path):
    # json.dumps(sort_keys=True) puts "version" after "releases".
    path = write_json(tmp_path / "p.json", package([release(1)], version="2.0"), sort_keys=True)
    records, rejections = read(path)
    assert records == [] and only_rejection(rejections).code == "unknown_version"


def test_releases_of_an_ocds_1_0_package_are_upgraded_to_1_1(tmp_path):
    old = {"ocid": "ocds-test-1", "id": "1", "date": "2015-01-01T00:00:00Z",
           "buyer": {"name": "Ministry of Works", "identifier": {"scheme": "GB-COH", "id": "123"}},
           "tender": {"id": "t1", "amendment": {"date": "2015-02-01T00:00:00Z"}}}
    [record], _ = read(write_json(tmp_path / "p.json", {"releases": [old]}))
    upgraded = record.release
    assert upgraded["parties"][0]["roles"] == ["buyer"]
    assert upgraded["buyer"] == {"id": upgraded["parties"][0]["id"], "name": "Ministry of Works"}
    assert upgraded["tender"]["amendments"] == [{"date": "2015-02-01T00:00:00Z"}]


# --- bad releases -------------------------------------------------------------------------------------


def test_it_rejects_a_release_without_ocid_and_goes_on_with_the_next(tmp_path):
    bad = release(2)
    del bad["ocid"]
    records, rejections = read(write_json(tmp_path / "p.json", package([release(1), bad, release(3)])))
    assert [r.position for r in records] == ["releases[0]", "releases[2]"]
    rejection = only_rejection(rejections)
    assert (rejection.position, rejection.code) == ("releases[1]", "missing_ocid")
    assert '"ocid"' in rejection.reason and "releases[1]" in rejection.reason


@pytest.mark.parametrize("ocid", ["", "   ", None])
def test_it_rejects_an_empty_or_null_ocid(tmp_path, ocid):
    _, rejections = read(write_json(tmp_path / "p.json", package([release(1, ocid=ocid)])))
    assert only_rejection(rejections).code == "missing_ocid"


def test_it_rejects_a_release_without_id(tmp_path):
    bad = release(1)
    del bad["id"]
    records, rejections = read(write_json(tmp_path / "p.json", package([bad])))
    assert records == [] and only_rejection(rejections).code == "missing_id"


@pytest.mark.parametrize(("field", "value", "named"), [
    ("ocid", ["ocds-1"], "an array"), ("ocid", {"x": 1}, "an object"), ("id", True, "a boolean"),
    ("date", 20240101, "a number"),
])
def test_it_rejects_identifiers_and_dates_of_the_wrong_type(tmp_path, field, value, named):
    _, rejections = read(write_json(tmp_path / "p.json", package([release(1, **{field: value})])))
    rejection = only_rejection(rejections)
    assert rejection.code == "wrong_type" and f'"{field}"' in rejection.reason and named in rejection.reason


def test_numeric_ocid_and_id_are_accepted_as_strings(tmp_path):
    [record], _ = read(write_json(tmp_path / "p.json", package([release(1, ocid=123, id=4)])))
    assert (record.release["ocid"], record.release["id"]) == ("123", "4")


def test_a_release_without_date_is_allowed(tmp_path):
    data = release(1)
    del data["date"]
    records, rejections = read(write_json(tmp_path / "p.json", package([data])))
    assert len(records) == 1 and rejections == []


@pytest.mark.parametrize(("value", "named"), [("text", "a string"), (5, "a number"), ([], "an array")])
def test_it_rejects_a_release_that_is_not_an_object(tmp_path, value, named):
    _, rejections = read(write_json(tmp_path / "p.json", package([value, release(2)])))
    rejection = only_rejection(rejections)
    assert (rejection.position, rejection.code) == ("releases[0]", "wrong_type") and named in rejection.reason


def test_it_rejects_a_releases_key_that_is_not_an_array(tmp_path):
    _, rejections = read(write_json(tmp_path / "p.json", {"version": "1.1", "releases": {"a": 1}}))
    assert only_rejection(rejections).code == "wrong_type"


# --- bad files ------------------------------------------------------------------------------------------


def test_a_truncated_file_yields_the_releases_read_then_names_the_byte_where_it_ends(tmp_path):
    text = json.dumps(package([release(1), release(2), release(3)]), indent=1)
    cut = text.index('"ocds-test-3"') + 5
    path = tmp_path / "p.json"
    path.write_text(text[:cut], encoding="utf-8")
    records, rejections = read(path)
    assert [r.position for r in records] == ["releases[0]", "releases[1]"]
    rejection = only_rejection(rejections)
    assert rejection.code == "invalid_json"
    assert rejection.position == f"byte {cut}"
    assert f"ends unexpectedly at byte {cut}" in rejection.reason and "truncated" in rejection.reason


def test_invalid_json_names_the_exact_byte_and_line(tmp_path):
    text = json.dumps(package([release(1), release(2)]), indent=1)
    broken = text.replace('"ocds-test-2"', "oops", 1)
    path = tmp_path / "p.json"
    path.write_text(broken, encoding="utf-8")
    records, rejections = read(path)
    offset = broken.index("oops")
    rejection = only_rejection(rejections)
    assert [r.position for r in records] == ["releases[0]"]
    assert (rejection.position, rejection.code) == (f"byte {offset}", "invalid_json")
    assert f"line {broken[:offset].count(chr(10)) + 1}" in rejection.reason


def test_data_after_the_json_suggests_json_lines(tmp_path):
    path = tmp_path / "p.json"
    path.write_text(json.dumps(package([release(1)]), indent=1) + "\n{}", encoding="utf-8")
    _, rejections = read(path)
    assert ".jsonl" in only_rejection(rejections).reason


def test_an_oversize_file_is_rejected_before_reading(tmp_path):
    path = write_json(tmp_path / "p.json", package([release(1)]))
    records, rejections = read(path, max_bytes=100)
    rejection = only_rejection(rejections)
    assert records == [] and (rejection.position, rejection.code) == ("file", "too_large")
    assert "100 bytes" in rejection.reason


def test_a_zip_member_declaring_a_huge_size_is_rejected_without_reading_it(tmp_path):
    path = write_zip(tmp_path / "bomb.zip", {"bomb.json": b" " * 2_000_000 + b"[]",
                                             "ok.json": json.dumps(package([release(1)])).encode()})
    records, rejections = read(path, limits=Limits(max_decompressed_bytes=1_000_000))
    rejection = only_rejection(rejections)
    assert (rejection.position, rejection.code) == ("member bomb.json", "zip_bomb")
    assert [r.position for r in records] == ["member ok.json releases[0]"]


def test_a_zip_member_with_an_extreme_compression_ratio_is_rejected(tmp_path):
    path = write_zip(tmp_path / "bomb.zip", {"bomb.json": b"[" + b" " * 5_000_000 + b"]"})
    records, rejections = read(path, limits=Limits(ratio_floor_bytes=1_000_000, max_ratio=200))
    assert records == [] and only_rejection(rejections).code == "zip_bomb"
    assert "200 times" in rejections[0].reason or "expands" in rejections[0].reason


def test_the_members_of_a_zip_together_are_limited(tmp_path):
    member = json.dumps(package([release(1)])).encode()
    path = write_zip(tmp_path / "many.zip", {f"m{i}.json": member for i in range(5)})
    records, rejections = read(path, limits=Limits(max_total_decompressed_bytes=len(member) * 3))
    assert len(records) == 3 and only_rejection(rejections).code == "zip_bomb"


def test_a_gzip_bomb_is_stopped_at_the_decompressed_cap(tmp_path):
    path = write_gzip(tmp_path / "p.json.gz", b'{"releases": [' + b" " * 3_000_000 + b"]}")
    records, rejections = read(path, limits=Limits(max_decompressed_bytes=1_000_000))
    assert records == [] and only_rejection(rejections).code == "too_large"
    records, rejections = read(path, limits=Limits(ratio_floor_bytes=500_000, max_ratio=50))
    assert records == [] and only_rejection(rejections).code == "zip_bomb"


def test_a_damaged_gzip_file_is_rejected(tmp_path):
    good = write_gzip(tmp_path / "p.json.gz", json.dumps(package([release(1)] * 50)).encode())
    damaged = tmp_path / "damaged.json.gz"
    damaged.write_bytes(good.read_bytes()[:-40])
    _, rejections = read(damaged)
    assert only_rejection(rejections).code in ("corrupt_archive", "invalid_json")


def test_invalid_utf8_is_rejected_naming_the_byte_after_the_releases_before_it(tmp_path):
    text = json.dumps(package([release(1), release(2, tender={"id": "t", "title": "CAFE"})]), indent=1)
    data = text.encode("utf-8").replace(b"CAFE", b"CAF\xe9")  # Latin-1 "é" in a UTF-8 file
    path = tmp_path / "p.json"
    path.write_bytes(data)
    records, rejections = read(path)
    offset = data.index(b"\xe9")
    rejection = only_rejection(rejections)
    assert [r.position for r in records] == ["releases[0]"]
    assert (rejection.position, rejection.code) == (f"byte {offset}", "encoding")
    assert "0xE9" in rejection.reason and "UTF-8" in rejection.reason


def test_a_utf8_byte_order_mark_is_skipped(tmp_path):
    path = tmp_path / "p.json"
    path.write_bytes(codecs.BOM_UTF8 + json.dumps(package([release(1)])).encode())
    records, rejections = read(path)
    assert len(records) == 1 and rejections == []


def test_utf16_with_a_byte_order_mark_is_decoded(tmp_path):
    path = tmp_path / "p.json"
    path.write_bytes(json.dumps(package([release(1, tender={"id": "t", "title": "Café 采购"})]),
                                ensure_ascii=False).encode("utf-16"))
    [record], rejections = read(path)
    assert record.release["tender"]["title"] == "Café 采购" and rejections == []


def test_utf16_without_a_byte_order_mark_is_rejected(tmp_path):
    path = tmp_path / "p.json"
    path.write_bytes(json.dumps(package([release(1)])).encode("utf-16-le"))
    _, rejections = read(path)
    assert only_rejection(rejections).code == "encoding"


@pytest.mark.parametrize(("content", "code"), [(b"", "empty"), (b"  \n ", "empty"), (b"ocid,id\n1,2\n", "invalid_json")])
def test_empty_and_non_json_files_are_rejected(tmp_path, content, code):
    path = tmp_path / "p.json"
    path.write_bytes(content)
    records, rejections = read(path)
    assert records == [] and only_rejection(rejections).code == code


def test_a_missing_file_is_rejected_not_raised(tmp_path):
    _, rejections = read(tmp_path / "nowhere.json")
    assert only_rejection(rejections).code == "unreadable"


def test_utf16_json_lines_are_read_line_by_line(tmp_path):
    path = tmp_path / "r.jsonl"
    path.write_bytes(f"{json.dumps(release(1))}\n{json.dumps(release(2))}\n".encode("utf-16"))
    records, rejections = read(path)
    assert [r.position for r in records] == ["line 1", "line 2"] and rejections == []


@pytest.mark.parametrize("literal", ["NaN", "Infinity", "1e400"])
def test_numbers_json_cannot_hold_are_invalid_json(tmp_path, literal):
    path = tmp_path / "p.json"
    path.write_text(json.dumps(package([release(1)])).replace('"Tender 1"', literal), encoding="utf-8")
    records, rejections = read(path)
    assert records == [] and only_rejection(rejections).code == "invalid_json"
    lines = tmp_path / "r.jsonl"
    lines.write_text(json.dumps(release(1)).replace('"Tender 1"', literal) + "\n", encoding="utf-8")
    records, rejections = read(lines)
    assert records == [] and only_rejection(rejections).code == "invalid_json"
