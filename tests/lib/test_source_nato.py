"""The NATO NSPA source: the real file, hand-checked rows, stable ids, bad input."""

from pathlib import Path

import pytest

from tenderbridge.lib import sources
from tenderbridge.lib.sources.base import FileRejected, Rejection, SourceRecord
from tenderbridge.lib.sources.nato import SOURCE, NatoSource

NATO = "nato-nspa-awards-2008-2019/NATO.csv"
NATO_RAW = "nato-nspa-awards-2008-2019/NATO_raw.csv"
HEADER = "organisation,year,vendor_country,vendor_name,amount,description,country_code,Type,Period"
GOOD = "NATO,2010,Greece,SIELMAN SA,515547.9,HAWK SERVICES,GRC,Orders Awarded,Q3Q4"


def read_all(path: Path) -> list:
    return list(SOURCE.read(path))


def by_position(items: list) -> dict[str, dict]:
    return {i.position: i.release for i in items if isinstance(i, SourceRecord)}


def write(tmp_path: Path, *rows: str) -> Path:
    path = tmp_path / "nato.csv"
    path.write_text("\n".join((HEADER, *rows)) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def real_items():
    from tests.conftest import data_dir

    path = data_dir() / NATO
    if not path.is_file():
        pytest.skip(f"the real data file {path} is not here")
    return read_all(path)


def test_sniff_recognises_the_header_and_not_the_raw_upstream_file(real_data):
    path = real_data / NATO
    assert SOURCE.sniff(path, path.read_bytes()[:65536])
    assert sources.detect(path).name == "nato"
    raw = real_data / NATO_RAW
    assert not SOURCE.sniff(raw, raw.read_bytes()[:65536])


def test_the_raw_upstream_file_is_refused_as_wrong_columns(real_data):
    with pytest.raises(FileRejected) as caught:
        read_all(real_data / NATO_RAW)
    assert caught.value.code == "wrong_columns" and "Value in €" in caught.value.reason


def test_every_real_row_reads_without_rejection(real_items):
    assert [i for i in real_items if isinstance(i, Rejection)] == []
    assert len(real_items) == 7202
    assert len({i.release["ocid"] for i in real_items}) == 7103  # 99 rows repeat an earlier row exactly


def test_rows_are_mapped_as_checked_by_hand(real_items):
    rows = by_position(real_items)
    # NATO,2008,Belgium,INFRAVISION BVBA,1259084.4,SOFTWARE LICENCES AND PRODUCT MAINTENANCE,BEL,Orders Awarded,Q3Q4
    first = rows["row 2"]
    assert first["ocid"].startswith("nspa-") and first["id"] == first["ocid"] + "-award-2008H2"
    assert first["date"] == "2008-07-01T00:00:00Z"
    assert first["buyer"] == {"id": "nato-NSPA", "name": "NATO Support and Procurement Agency (NSPA)"}
    supplier = first["parties"][1]
    assert supplier["name"] == "INFRAVISION BVBA"
    assert supplier["address"] == {"countryName": "Belgium", "countryCode": "BE"}
    award = first["awards"][0]
    assert award["value"] == {"amount": 1259084.4, "currency": "USD"}
    assert award["title"] == "Orders Awarded" and award["datePrecision"] == "halfYear"
    assert award["description"] == "SOFTWARE LICENCES AND PRODUCT MAINTENANCE"
    assert first["tender"]["noticeType"] == "contract_award"
    assert first["tender"]["procurementMethodDetails"] == "Orders Awarded"
    # Last row: NATO,2019,United States,WESCO MANUFACTURING INC,1876463.68,...,USA,Outline Agreement,Q1Q2
    last = rows["row 7203"]
    assert last["date"] == "2019-01-01T00:00:00Z" and last["id"].endswith("-award-2019H1")
    assert last["parties"][1]["address"]["countryCode"] == "US"
    assert last["awards"][0]["value"]["amount"] == 1876463.68


def test_zero_amounts_are_kept_and_kosovo_gets_no_iso_code(real_items):
    rows = by_position(real_items)
    assert rows["row 229"]["awards"][0]["value"] == {"amount": 0, "currency": "USD"}
    assert rows["row 4876"]["parties"][1]["address"] == {"countryName": "Kosovo"}  # KSV is not ISO 3166


def test_reading_twice_gives_identical_releases(real_data, real_items):
    assert [i.release for i in read_all(real_data / NATO)] == [i.release for i in real_items]


def test_repeats_share_an_ocid_unless_asked_otherwise(tmp_path):
    path = write(tmp_path, GOOD, GOOD)
    assert len({i.release["ocid"] for i in SOURCE.read(path)}) == 1
    apart = [i.release["ocid"] for i in NatoSource(collapse_identical_rows=False).read(path)]
    assert apart[1] == apart[0] + "-2"


def test_wrong_columns_reject_the_file(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("organisation,year,vendor_name,amount\nNATO,2010,X,1\n", encoding="utf-8")
    with pytest.raises(FileRejected) as caught:
        read_all(path)
    assert caught.value.code == "wrong_columns" and "period" in caught.value.reason


@pytest.mark.parametrize(("row", "code", "words"), [
    (GOOD.replace("515547.9", '"515.547,90"'), "bad_value", ["amount", "'515.547,90'"]),
    (GOOD.replace("Q3Q4", "Q2"), "bad_value", ["Period", "'Q2'"]),
    (GOOD.replace("2010", "10"), "bad_value", ["year", "'10'"]),
    (GOOD.replace("SIELMAN SA", ""), "missing_field", ["vendor_name"]),
])
def test_bad_rows_are_rejected_and_reading_goes_on(tmp_path, row, code, words):
    items = read_all(write(tmp_path, row, GOOD))
    assert items[0].code == code and items[0].position == "row 2"
    for word in words:
        assert word in items[0].reason
    assert isinstance(items[1], SourceRecord)


def test_row_with_bytes_that_are_not_utf8_is_rejected(tmp_path):
    path = tmp_path / "latin1.csv"
    path.write_bytes("\n".join([HEADER, GOOD.replace("SIELMAN", "SIÉLMAN"), GOOD]).encode("latin-1"))
    items = read_all(path)
    assert items[0].code == "encoding" and items[0].position == "row 2"
    assert isinstance(items[1], SourceRecord)
