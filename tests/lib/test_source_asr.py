"""The UN ASR source: the full real file, hand-checked rows, stable ids, bad input."""

import itertools
import shutil
import time
from pathlib import Path

import pytest

from tenderbridge.lib import sources
from tenderbridge.lib.sources.asr import SOURCE, AsrSource
from tenderbridge.lib.sources.base import FileRejected, Rejection, SourceRecord
from tests.conftest import data_dir

ASR = "un-asr-supplier-awards-2010-2016/un_asr_supplier_awards_2010_2016.csv"
HEADER = "year,agency,table,vendor_country,vendor_name,description,amount_usd,raw_file,raw_line"
# Rows checked by hand in the file (row number as a spreadsheet shows it, header = row 1).
CHECKED_ROWS = {"row 2", "row 3", "row 9202", "row 83245", "row 134243", "row 153061", "row 175207", "row 177052"}


@pytest.fixture(scope="module")
def full_read():
    """One pass over the 207,581 rows (a few seconds), keeping counts and the hand-checked rows."""
    path = data_dir() / ASR
    if not path.is_file():
        pytest.skip(f"the real data file {path} is not here")
    started = time.perf_counter()
    ocids, rejections, checked, paho = set(), [], {}, []
    count = 0
    for item in SOURCE.read(path):
        if isinstance(item, Rejection):
            rejections.append(item)
            continue
        count += 1
        ocids.add(item.release["ocid"])
        if item.position in CHECKED_ROWS:
            checked[item.position] = item.release
        if item.release["awards"][0]["suppliers"][0]["name"] == "SERUM INSTITUTE OF INDIA":
            paho.append(item.release["ocid"])
    seconds = time.perf_counter() - started
    return {"count": count, "ocids": ocids, "rejections": rejections, "checked": checked, "paho": paho, "seconds": seconds}


def write(tmp_path: Path, *rows: str, lookups: bool = False) -> Path:
    folder = tmp_path / "asr"
    folder.mkdir(exist_ok=True)
    path = folder / "awards.csv"
    path.write_text("\n".join((HEADER, *rows)) + "\n", encoding="utf-8")
    if lookups:  # the helper files are read from next to the CSV, as in the data folder
        for name in ("normalize_countries.json", "country_codes.json", "normalize_un.json"):
            shutil.copy(data_dir() / ASR.rsplit("/", 1)[0] / name, folder / name)
    return path


def test_sniff_recognises_the_header(real_data):
    path = real_data / ASR
    assert SOURCE.sniff(path, path.read_bytes()[:65536])
    assert sources.detect(path).name == "asr"
    nato = real_data / "nato-nspa-awards-2008-2019/NATO.csv"
    assert not SOURCE.sniff(nato, nato.read_bytes()[:65536])


@pytest.mark.slow
def test_every_real_row_reads_without_rejection(full_read):
    assert full_read["rejections"] == []
    assert full_read["count"] == 207_581
    # 5,328 rows repeat an earlier row in every identifying field and share its ocid (see docs/data-sources.md).
    assert len(full_read["ocids"]) == 202_253
    print(f"ASR: {full_read['count'] / full_read['seconds']:,.0f} rows/s")


@pytest.mark.slow
def test_first_row_is_mapped_as_checked_by_hand(full_read):
    # 2010,ECLAC,contracts,Argentina,ACIFI S.A.,Rental of Office Premises - Buenos Aires,118800.0
    release = full_read["checked"]["row 2"]
    assert release["ocid"].startswith("unasr-") and len(release["ocid"]) == 22
    assert release["id"] == release["ocid"] + "-award-2010-contracts"
    assert release["date"] == "2010-01-01T00:00:00Z"
    assert release["tag"] == ["award"] and release["initiationType"] == "tender"
    assert release["buyer"] == {"id": "unorg-ECLAC", "name": "ECLAC"}
    supplier = release["parties"][1]
    assert supplier["name"] == "ACIFI S.A." and supplier["roles"] == ["supplier"]
    assert supplier["address"] == {"countryName": "Argentina", "countryCode": "AR"}
    award = release["awards"][0]
    assert award["value"] == {"amount": 118800, "currency": "USD"}
    assert isinstance(award["value"]["amount"], int)
    assert award["description"] == "Rental of Office Premises - Buenos Aires"
    assert award["datePrecision"] == "year" and award["status"] == "active"
    assert award["suppliers"] == [{"id": supplier["id"], "name": "ACIFI S.A."}]
    assert release["tender"]["noticeType"] == "contract_award"
    assert release["tender"]["procurementMethodDetails"] == "UN ASR major contracts"


@pytest.mark.slow
def test_amounts_with_cents_and_accented_names_are_exact(full_read):
    # 2010,ECLAC,contracts,Brazil,CIDADE GRÁFICA E EDITORA LTDA,...,33255.81
    release = full_read["checked"]["row 3"]
    assert release["awards"][0]["value"]["amount"] == 33255.81
    assert release["parties"][1]["name"] == "CIDADE GRÁFICA E EDITORA LTDA"


@pytest.mark.slow
def test_country_spellings_map_through_the_helper_files(full_read):
    assert full_read["checked"]["row 9202"]["parties"][1]["address"] == {"countryName": "Congo, DRC", "countryCode": "CD"}
    # Regions have no ISO code; the name stays as written.
    assert full_read["checked"]["row 177052"]["parties"][1]["address"] == {"countryName": "Unspecified countries"}


@pytest.mark.slow
def test_placeholder_supplier_names_are_flagged(full_read):
    withheld = full_read["checked"]["row 83245"]["parties"][1]
    assert withheld["name"] == "Name withheld for security reasons*"
    assert withheld["details"] == {"placeholderName": True}
    assert full_read["checked"]["row 177052"]["parties"][1]["details"] == {"placeholderName": True}  # "Unspecified"
    assert "details" not in full_read["checked"]["row 2"]["parties"][1]


@pytest.mark.slow
def test_negative_amounts_and_later_years_are_kept(full_read):
    assert full_read["checked"]["row 153061"]["awards"][0]["value"]["amount"] == -342.76
    later = full_read["checked"]["row 175207"]  # 2016 ECLAC ACIFI S.A. 138800.0, table "all"
    assert later["date"] == "2016-01-01T00:00:00Z"
    assert later["tender"]["procurementMethodDetails"] == "UN ASR major purchase orders and contracts"
    # The same supplier gets the same party id in every year.
    assert later["parties"][1]["id"] == full_read["checked"]["row 2"]["parties"][1]["id"]


@pytest.mark.slow
def test_identical_rows_share_one_ocid(full_read):
    # 76 rows read 2014,PAHO,India,SERUM INSTITUTE OF INDIA,Vaccines and antigens and toxoids,650000.0.
    checked = full_read["checked"]["row 134243"]["ocid"]
    assert full_read["paho"].count(checked) == 76


def test_reading_twice_gives_identical_releases(real_data):
    first = [i.release for i in itertools.islice(SOURCE.read(real_data / ASR), 3000)]
    second = [i.release for i in itertools.islice(SOURCE.read(real_data / ASR), 3000)]
    assert first == second


def test_repeats_can_be_kept_apart_when_asked(tmp_path):
    row = "2014,PAHO,orders,India,SERUM INSTITUTE OF INDIA,Vaccines,650000.0,x.csv,1"
    path = write(tmp_path, row, row, row)
    collapsed = [i.release["ocid"] for i in SOURCE.read(path)]
    assert len(set(collapsed)) == 1
    apart = [i.release["ocid"] for i in AsrSource(collapse_identical_rows=False).read(path)]
    assert apart == [collapsed[0], collapsed[0] + "-2", collapsed[0] + "-3"]


def test_ocid_ignores_how_the_amount_is_written(tmp_path):
    a = write(tmp_path, "2012,UNDP,all,Kenya,ACME LTD,Tents,1200.50,x.csv,1")
    first = next(SOURCE.read(a)).release["ocid"]
    b = write(tmp_path, "2012,UNDP,orders,Kenya,ACME LTD,Tents,1200.5,y.csv,9")
    assert next(SOURCE.read(b)).release["ocid"] == first


def test_helper_files_next_to_the_csv_are_used_when_present(tmp_path):
    row = "2011,UN Women,contracts,Congo, Dem. Rep.,ACME,Tents,1000.0,x.csv,1".replace("Congo, Dem. Rep.", '"Congo, Dem. Rep."')
    without = next(SOURCE.read(write(tmp_path, row))).release
    assert without["buyer"]["id"] == "unorg-UNWOMEN"
    assert "countryCode" not in without["parties"][1]["address"]
    with_lookups = next(SOURCE.read(write(tmp_path, row, lookups=True))).release
    assert with_lookups["parties"][1]["address"]["countryCode"] == "CD"


def test_wrong_columns_reject_the_file_naming_expected_and_found(tmp_path):
    path = tmp_path / "other.csv"
    path.write_text("year,agency,supplier,value\n2010,UNDP,ACME,1\n", encoding="utf-8")
    with pytest.raises(FileRejected) as caught:
        list(SOURCE.read(path))
    assert caught.value.code == "wrong_columns"
    assert "vendor_name" in caught.value.reason and "found year, agency, supplier, value" in caught.value.reason


@pytest.mark.parametrize(("row", "code", "words"), [
    ("2012,UNDP,all,Kenya,ACME,Tents,\"12,000\",x.csv,1", "bad_value", ["Row 2", "amount_usd", "'12,000'"]),
    ("2012,UNDP,all,Kenya,ACME,Tents,USD 5,x.csv,1", "bad_value", ["amount_usd", "'USD 5'"]),
    ("2012,UNDP,all,Kenya,ACME,Tents,,x.csv,1", "missing_field", ["amount_usd"]),
    ("2012,UNDP,all,Kenya,,Tents,5.0,x.csv,1", "missing_field", ["vendor_name"]),
    ("20X2,UNDP,all,Kenya,ACME,Tents,5.0,x.csv,1", "bad_value", ["year", "'20X2'"]),
    ("2012,UNDP,all,Kenya", "wrong_columns", ["4 cells"]),
])
def test_bad_rows_are_rejected_by_row_and_field_and_reading_goes_on(tmp_path, row, code, words):
    items = list(SOURCE.read(write(tmp_path, row, "2012,UNDP,all,Kenya,ACME,Tents,5.0,x.csv,2")))
    assert isinstance(items[0], Rejection) and items[0].code == code and items[0].position == "row 2"
    for word in words:
        assert word in items[0].reason
    assert isinstance(items[1], SourceRecord) and items[1].position == "row 3"


def test_row_with_bytes_that_are_not_utf8_is_rejected(tmp_path):
    path = tmp_path / "cp1252.csv"
    rows = [HEADER, "2010,ECLAC,contracts,Brazil,CIDADE GRÁFICA,Printing,33255.81,x.csv,3", "2010,ECLAC,contracts,Chile,ACME,Rent,1.0,x.csv,4"]
    path.write_bytes("\n".join(rows).encode("cp1252"))
    items = list(SOURCE.read(path))
    assert items[0].code == "encoding" and items[0].position == "row 2"
    assert isinstance(items[1], SourceRecord)


def test_broken_csv_structure_ends_the_file_with_a_rejection(tmp_path):
    huge = "x" * 200_000  # past the csv module's field limit: the reader cannot find the next record
    items = list(SOURCE.read(write(tmp_path, "2012,UNDP,all,Kenya,ACME,Tents,5.0,x.csv,1", f"2012,UNDP,all,Kenya,ACME,{huge},5.0,x.csv,2")))
    assert isinstance(items[0], SourceRecord)
    assert items[-1].code == "invalid_csv" and "line 3" in items[-1].reason


def test_empty_file_is_rejected(tmp_path):
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    with pytest.raises(FileRejected):
        list(SOURCE.read(path))


def test_an_award_listed_in_two_tables_is_one_notice_with_a_release_from_each(tmp_path):
    path = tmp_path / "asr.csv"
    row = "2012,UNDP,{table},Denmark,Acme A/S,Laptops,50000.0,f.xlsx,{line}"
    path.write_text("\n".join([HEADER, row.format(table="contracts", line=3), row.format(table="orders", line=9)]) + "\n")
    first, second = [item.release for item in AsrSource().read(path)]
    assert first["ocid"] == second["ocid"]
    assert first["id"].endswith("-award-2012-contracts") and second["id"].endswith("-award-2012-orders")
