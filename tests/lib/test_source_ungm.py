"""The UNGM source: both layouts of the real export, hand-checked notices, deadlines, bad input."""

import csv
import gzip
from pathlib import Path

import pytest

from tenderbridge.lib import sources
from tenderbridge.lib.sources.base import FileRejected, Rejection, SourceRecord
from tenderbridge.lib.sources.ungm import SOURCE, deadline, most_specific, notice_type_key

HEADERED = "ungm-tender-notices-2024-03/ungm_notices_2024-03_scraped_with_header.csv"
RAW = "ungm-tender-notices-2024-03/output_raw_noheader.csv"
HEADER = "reference,title,description,beneficiary_country_iso2,organisation,deadline,competition,unspsc_codes,ungm_url,scraped_at"
GOOD_ROW = ('RFQ/1,Supply of pumps,"Tenders Are Invited For Supply of pumps <br/><br/>Pumps &amp; pipes.",KE,'
            'UNITED NATIONS DEVELOPMENT PROGRAMME (UNDP),2024-03-18,icb,"40000000,40150000,40151500,40151510",'
            'https://www.ungm.org/Public/Notice/1,2024-03-06 01:20:37')


def read(path: Path) -> list:
    return list(SOURCE.read(path))


def releases(items: list) -> list[dict]:
    return [item.release for item in items if isinstance(item, SourceRecord)]


def write(tmp_path: Path, text: str, name: str = "ungm.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("name", [HEADERED, RAW])
def test_sniff_recognises_both_layouts_from_their_first_bytes(real_data, name):
    path = real_data / name
    assert SOURCE.sniff(path, path.read_bytes()[:65536])
    assert sources.detect(path).name == "ungm"


def test_sniff_does_not_claim_other_sources_files(real_data):
    for other in ("nato-nspa-awards-2008-2019/NATO.csv", "un-asr-supplier-awards-2010-2016/un_asr_supplier_awards_2010_2016.csv"):
        path = real_data / other
        assert not SOURCE.sniff(path, path.read_bytes()[:65536])


@pytest.mark.parametrize("name", [HEADERED, RAW])
def test_every_real_notice_reads_without_rejection(real_data, name):
    items = read(real_data / name)
    assert [i for i in items if isinstance(i, Rejection)] == []
    found = releases(items)
    assert len(found) == 131
    assert len({r["ocid"] for r in found}) == 30  # the scraper saved 30 notices, most of them several times
    assert len({(r["ocid"], r["id"]) for r in found}) == 81  # one release per notice and scrape time


def test_both_layouts_give_the_same_releases(real_data):
    headered, raw = releases(read(real_data / HEADERED)), releases(read(real_data / RAW))
    for a, b in zip(headered, raw, strict=True):
        assert (a["ocid"], a["id"], a["date"]) == (b["ocid"], b["id"], b["date"])
        assert a["tender"]["tenderPeriod"] == b["tender"]["tenderPeriod"]
        assert a["tender"]["items"] == b["tender"]["items"]
        assert a["tender"]["noticeType"] == b["tender"]["noticeType"]


def test_unicef_notice_is_mapped_as_checked_by_hand(real_data):
    # Row 2 of the headered file: LRPS-2024-9188749, UNICEF Ukraine, deadline 2024-03-18, codes 82000000,82100000,82101800.
    first = releases(read(real_data / HEADERED))[0]
    assert first["ocid"] == "ungm-228092"
    assert first["id"] == "ungm-228092-tender-20240305T230444"
    assert first["date"] == "2024-03-05T23:04:44Z"
    assert first["tag"] == ["tender"] and first["language"] == "en"
    assert first["buyer"] == {"id": "unorg-UNICEF", "name": "UNITED NATIONS CHILDRENS FUND (UNICEF)"}
    assert first["parties"][0]["roles"] == ["buyer", "procuringEntity"]
    tender = first["tender"]
    assert tender["id"] == "LRPS-2024-9188749"
    assert tender["title"].startswith("Development and roll out of behaviour change communication")
    assert tender["description"].startswith("Unicef has now issued a request for proposals")
    assert "<br/>" not in tender["description"]
    assert tender["noticeType"] == "rfp"
    assert tender["tenderPeriod"] == {"endDate": "2024-03-18T00:00:00Z", "endDatePrecision": "day"}
    assert tender["items"] == [{
        "id": "1",
        "classification": {"scheme": "UNSPSC", "id": "82101800"},
        "deliveryAddress": {"countryName": "Ukraine", "countryCode": "UA"},
    }]
    assert tender["documents"][0]["url"] == "https://www.ungm.org/Public/Notice/228092"


def test_iom_notice_without_title_uses_its_reference_and_the_right_acronym(real_data):
    # Notice 228095: the scraper left the title empty and put it in the reference; the export says "(IMO)".
    notice = next(r for r in releases(read(real_data / HEADERED)) if r["ocid"] == "ungm-228095")
    assert notice["tender"]["title"].startswith("Preventive maintenance and calibration of laboratory")
    assert notice["buyer"]["id"] == "unorg-IOM"


def test_notice_without_organisation_has_no_buyer(real_data):
    notice = next(r for r in releases(read(real_data / HEADERED)) if r["ocid"] == "ungm-228123")
    assert "buyer" not in notice and "parties" not in notice
    assert notice["tender"]["noticeType"] == "rfq"  # reference "RFQ -LI-0039-24"


def test_reading_twice_gives_identical_releases(real_data):
    assert releases(read(real_data / RAW)) == releases(read(real_data / RAW))


@pytest.mark.parametrize(("text", "expected"), [
    ("18-Mar-2024 12:00 (GMT 2.00) Kyiv", {"endDate": "2024-03-18T12:00:00+02:00", "sourceTimezone": "(GMT 2.00) Kyiv"}),
    ("05-Apr-2024 17:00 (GMT -4.00) Eastern Time", {"endDate": "2024-04-05T17:00:00-04:00", "sourceTimezone": "(GMT -4.00) Eastern Time"}),
    ("01-Jul-2024 09:30 (GMT 5.30)", {"endDate": "2024-07-01T09:30:00+05:30", "sourceTimezone": "(GMT 5.30)"}),
    ("01-Jul-2024 09:30 (GMT)", {"endDate": "2024-07-01T09:30:00+00:00", "sourceTimezone": "(GMT)"}),
    ("2024-03-18T12:00:00+03:00", {"endDate": "2024-03-18T12:00:00+03:00", "sourceTimezone": "+03:00"}),
    ("2024-03-18", {"endDate": "2024-03-18T00:00:00Z", "endDatePrecision": "day"}),
])
def test_deadline_keeps_the_source_offset_and_zone_text(text, expected):
    assert deadline(text, 1) == expected


def test_most_specific_codes_drop_listed_ancestors():
    codes = "43000000,43230000,43231500,43231501,43231503,43231503,86000000,86100000,86101400,86101401"
    assert most_specific(codes) == ["43231501", "43231503", "86101401"]
    assert most_specific("82000000,82100000,82101800") == ["82101800"]  # a class can be the most specific
    assert most_specific("432,abc,") == []


@pytest.mark.parametrize(("texts", "key"), [
    (("Request for quotation",), "rfq"),
    (("", "LRQS-2024-9188785"), "rfq"),
    (("", "ITB/2024/50946"), "itb"),
    (("", "2024/FRNER/FRNER/126163", 'Dao no. "purchase of cattle food"'), "itb"),
    (("", "EOIUNECA22432"), "eoi"),
    (("Call for individual consultants",), "individual_consultant"),
    (("", "UNDP-AGO-00094", "National consultant for terminal evaluation"), "individual_consultant"),
    (("Request for EOI",), "eoi"),
    (("Request for information",), "rfi"),
    (("Invitation to bid",), "itb"),
    (("Grant support-call for proposal",), "rfp"),
    (("Contract award",), "contract_award"),
    (("", "7000006744", "Provision of services"), "other"),
])
def test_notice_type_key(texts, key):
    assert notice_type_key(*texts) == key


def test_notice_type_column_is_used_when_present(tmp_path):
    path = write(tmp_path, HEADER + ",notice_type\n" + GOOD_ROW + ",Request for EOI\n")
    (release,) = releases(read(path))
    assert release["tender"]["procurementMethodDetails"] == "Request for EOI"
    assert release["tender"]["noticeType"] == "eoi"


def test_small_file_maps_description_codes_and_buyer(tmp_path):
    (release,) = releases(read(write(tmp_path, HEADER + "\n" + GOOD_ROW + "\n\n")))  # a blank line is not a row
    assert release["tender"]["description"] == "Pumps & pipes."
    assert release["tender"]["items"][0]["classification"]["id"] == "40151510"
    assert release["buyer"]["id"] == "unorg-UNDP"
    assert release["tender"]["noticeType"] == "rfq"


def test_wrong_columns_reject_the_file_naming_expected_and_found(tmp_path):
    path = write(tmp_path, "reference,ungm_url,title\nA,https://www.ungm.org/Public/Notice/1,T\n")
    with pytest.raises(FileRejected) as caught:
        read(path)
    assert caught.value.code == "wrong_columns"
    assert "deadline" in caught.value.reason and "found reference, ungm_url, title" in caught.value.reason


def test_a_file_of_something_else_is_rejected(tmp_path):
    path = write(tmp_path, "name,amount\nx,1\n")
    assert not SOURCE.sniff(path, path.read_bytes())
    with pytest.raises(FileRejected) as caught:
        read(path)
    assert caught.value.code == "wrong_columns"


def test_bad_deadline_rejects_the_row_and_reading_goes_on(tmp_path):
    bad = GOOD_ROW.replace("2024-03-18", "next Friday")
    items = read(write(tmp_path, "\n".join([HEADER, bad, GOOD_ROW]) + "\n"))
    assert isinstance(items[0], Rejection) and items[0].code == "bad_value"
    assert items[0].position == "row 2"
    assert "deadline" in items[0].reason and "next Friday" in items[0].reason
    assert isinstance(items[1], SourceRecord) and items[1].position == "row 3"


def test_deadline_with_a_time_but_no_zone_is_rejected(tmp_path):
    items = read(write(tmp_path, HEADER + "\n" + GOOD_ROW.replace("2024-03-18", "2024-03-18 12:00") + "\n"))
    assert items[0].code == "bad_value" and "no time zone" in items[0].reason


def test_row_without_url_or_reference_is_rejected(tmp_path):
    row = GOOD_ROW.replace("RFQ/1", "").replace("https://www.ungm.org/Public/Notice/1", "")
    (item,) = read(write(tmp_path, HEADER + "\n" + row + "\n"))
    assert item.code == "missing_field" and "row 2" in item.reason.lower()


def test_row_with_bytes_that_are_not_utf8_is_rejected_by_number(tmp_path):
    path = tmp_path / "latin1.csv"
    path.write_bytes((HEADER + "\n" + GOOD_ROW.replace("Supply of pumps", "Bombas de água") + "\n" + GOOD_ROW + "\n").encode("latin-1"))
    items = read(path)
    assert items[0].code == "encoding" and items[0].position == "row 2" and "UTF-8" in items[0].reason
    assert isinstance(items[1], SourceRecord)


def test_raw_row_with_the_wrong_number_of_cells_is_rejected(real_data, tmp_path):
    with open(real_data / RAW, encoding="utf-8", newline="") as f:
        first = next(csv.reader(f))
    path = tmp_path / "raw.csv"
    with open(path, "w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([first, ["", "1", "2", "3"]])
    items = read(path)
    assert isinstance(items[0], SourceRecord) and items[0].position == "row 1"  # no header in this layout
    assert items[1].code == "wrong_columns" and items[1].position == "row 2"


def test_gzipped_and_zipped_exports_read_the_same(real_data, tmp_path):
    import zipfile

    gz = tmp_path / "ungm.csv.gz"
    gz.write_bytes(gzip.compress((real_data / HEADERED).read_bytes()))
    zipped = tmp_path / "ungm.zip"
    with zipfile.ZipFile(zipped, "w") as zf:
        zf.write(real_data / HEADERED, "notices.csv")
    plain = releases(read(real_data / HEADERED))
    assert releases(read(gz)) == plain
    zipped_items = read(zipped)
    assert [i.release for i in zipped_items] == plain
    assert zipped_items[0].position == "member notices.csv row 2"
