"""The TED eForms source: all real notices, hand-checked mappings, agreement with the sibling OCDS
conversions, the notice-type table, and bad input."""

import gzip
import json
import zipfile
from pathlib import Path

import pytest

from tenderbridge.lib import sources
from tenderbridge.lib.sources.base import FileRejected, Rejection, SourceRecord
from tenderbridge.lib.sources.ted import NOTICE_TYPES, SOURCE, SUBTYPES, notice_type_key

TED = "ted-eforms-notices-norway-2022-2024"
CN = "ContractNotice_cn-standard_2023-649037.xml"


def xml_dir(real_data: Path) -> Path:
    return real_data / TED / "xml"


def release_of(path: Path) -> dict:
    (item,) = list(SOURCE.read(path))
    assert isinstance(item, SourceRecord), item
    return item.release


def notice(real_data: Path, name: str) -> dict:
    return release_of(xml_dir(real_data) / name)


def test_sniff_recognises_every_notice_by_its_namespaces(real_data):
    paths = sorted(xml_dir(real_data).glob("*.xml"))
    assert len(paths) == 91
    for path in paths:
        assert SOURCE.sniff(path, path.read_bytes()[:65536]), path.name
    assert sources.detect(paths[0]).name == "ted"
    sanctions = real_data / "un-sc-consolidated-sanctions-list/consolidated_2025-08-16.xml"
    assert not SOURCE.sniff(sanctions, sanctions.read_bytes()[:65536])


def test_every_real_notice_reads_into_one_release(real_data):
    items = [item for path in sorted(xml_dir(real_data).glob("*.xml")) for item in SOURCE.read(path)]
    assert [i for i in items if isinstance(i, Rejection)] == []
    assert len(items) == 91
    assert len({(i.release["ocid"], i.release["id"]) for i in items}) == 91
    assert len({i.release["ocid"] for i in items}) == 90  # two notices of one procedure share an ocid


def test_reading_twice_gives_identical_releases(real_data):
    paths = sorted(xml_dir(real_data).glob("*.xml"))
    assert [release_of(p) for p in paths] == [release_of(p) for p in paths]


def test_contract_notice_is_mapped_as_checked_by_hand(real_data):
    release = notice(real_data, CN)
    assert release["ocid"] == "ted-2023-649037" and release["id"] == "2023-649037-01"
    assert release["date"] == "2023-02-16T12:00:00+02:00"
    assert release["tag"] == ["tender"] and release["language"] == "nb"
    assert release["buyer"] == {"id": "ORG-0001", "name": "SYKEHUSINNKJØP HF"}
    buyer = release["parties"][0]
    assert buyer["roles"] == ["buyer"] and buyer["identifier"] == {"scheme": "NO-BRC", "id": "916879067"}
    assert buyer["address"]["countryCode"] == "NO" and buyer["address"]["locality"] == "VADSØ"
    tender = release["tender"]
    assert tender["title"] == "Diatermipenner og -plater med tilbehør til foretakene i Helse Vest"
    assert (tender["status"], tender["procurementMethod"], tender["noticeType"]) == ("active", "open", "itb")
    assert tender["procurementMethodDetails"] == "Contract or concession notice – standard regime"
    assert tender["mainProcurementCategory"] == "goods"
    assert tender["value"] == {"amount": 30000000, "currency": "NOK"}
    assert tender["tenderPeriod"] == {"endDate": "2023-03-17T13:00:00+02:00", "sourceTimezone": "+02:00"}
    item = tender["items"][0]
    assert item["classification"] == {"scheme": "CPV", "id": "33100000"}
    assert item["additionalClassifications"] == [{"scheme": "CPV", "id": "33169000"}]
    assert item["relatedLot"] == "LOT-1-8" and tender["lots"][0]["id"] == "LOT-1-8"
    assert tender["documents"] == [{"id": "1", "url": "https://permalink.mercell.com/196628037.aspx", "documentType": "biddingDocuments"}]
    assert tender["submissionMethod"] == ["electronicSubmission"]
    assert tender["submissionMethodDetails"] == "https://permalink.mercell.com/196628037.aspx"  # BT-18
    assert buyer["contactPoint"] == {
        "name": "Postmottak Sykehusinnkjøp",
        "email": "post@sykehusinnkjop.no",
        "telephone": "+47 78950700",
    }
    assert buyer["details"]["url"] == "https://permalink.mercell.com/196628037.aspx"  # BT-505


def test_framework_award_gives_each_result_its_own_supplier(real_data):
    release = notice(real_data, "ContractAwardNotice_can-social_2023-653024.xml")
    assert release["tag"] == ["award"] and release["tender"]["noticeType"] == "contract_award"
    awards = release["awards"]
    assert [a["id"] for a in awards] == [f"RES-{n:04d}" for n in range(1, 11)]
    assert awards[0]["suppliers"] == [{"id": "ORG-0002", "name": "Ecura Care AS"}]
    assert awards[1]["suppliers"] == [{"id": "ORG-0003", "name": "Dedicare AS"}]
    assert all(a["status"] == "active" and a["value"] == {"amount": 65000000, "currency": "NOK"} for a in awards)
    roles = {p["id"]: p["roles"] for p in release["parties"]}
    assert roles["ORG-0001"] == ["buyer"] and roles["ORG-0010"] == ["supplier"]


def test_native_eforms_veat_with_uuids_and_english_text(real_data):
    release = notice(real_data, "2024-110489.xml")
    assert release["ocid"] == "ted-3f04e24d-412f-4334-90f3-5244f30593b4"
    assert release["id"] == "8791620e-39a1-435d-985a-bee33825e3f4-01"
    assert release["date"] == "2024-07-04T12:29:33+00:00" and release["language"] == "no"
    assert release["parties"][0]["identifier"] == {"scheme": "NO-BRC", "id": "988517860"}
    assert release["tender"]["description_en"].startswith("The Norwegian Defence Logistics Organisation")
    assert "title_en" not in release["tender"]  # the English title is the same text
    (award,) = release["awards"]
    # 13 tenders of the one tendering party are alternatives: the highest value counts, not their sum.
    assert award["value"] == {"amount": 95000000, "currency": "NOK"}
    assert award["suppliers"] == [{"id": "ORG-0003", "name": "Elbit Systems of America"}]
    assert "date" not in award  # the only decision date is the converter's fill-in 2000-01-01
    assert next(p for p in release["parties"] if p["id"] == "ORG-0003")["address"]["countryCode"] == "US"


def test_sdk_example_with_framework_lots_and_an_unsuccessful_result(real_data):
    release = notice(real_data, "can_24_maximal.xml")
    assert release["language"] == "en" and release["id"].endswith("-03")
    first, second = release["awards"]
    assert first["value"] == {"amount": 9999999.99, "currency": "EUR"}  # the framework maximum, stated once
    assert [s["id"] for s in first["suppliers"]] == ["ORG-0008", "ORG-0009", "ORG-0011"]
    assert first["date"] == "2023-03-23T00:00:00+02:00" and first["relatedLots"] == ["LOT-0001"]
    assert second == {"id": "RES-0002", "status": "unsuccessful", "relatedLots": ["LOT-0002"]}
    scales = {p["id"]: p.get("details", {}).get("scale") for p in release["parties"]}
    assert scales["ORG-0008"] == "large" and scales["ORG-0009"] == "micro"
    assert [lot["id"] for lot in release["tender"]["lots"]] == ["LOT-0001", "LOT-0002"]  # the lot group is left out
    assert {"goal": "environmental"} in release["tender"]["sustainability"]


def test_converted_notice_dates_without_offset_take_the_notice_offset(real_data):
    release = notice(real_data, "ContractAwardNotice_can-social_2022-927623.xml")
    (award,) = release["awards"]
    assert award["date"] == "2022-10-14T00:00:00+02:00"  # written "2022-10-14 2022-10-14"
    assert "relatedLots" not in award  # the converter wrote "MISSING"
    assert len(award["suppliers"]) == 2


def test_prior_information_notice_is_planning_with_english_title_and_milestone(real_data):
    release = notice(real_data, "PriorInformationNotice_pin-only_2023-101219.xml")
    assert release["tag"] == ["planning"]
    tender = release["tender"]
    assert (tender["status"], tender["noticeType"]) == ("planned", "planning")
    assert tender["title_en"].startswith("Invitation to market dialogue - Fitness equipment")
    assert release["planning"]["budget"] == {"amount": {"amount": 2000000, "currency": "NOK"}}
    assert release["planning"]["milestones"][0]["dueDate"] == "2024-02-29T00:00:00+01:00"


def test_placeholder_deadlines_are_dropped(real_data):
    tender = notice(real_data, "PriorInformationNotice_pin-rtl_2023-607152.xml")["tender"]
    assert "tenderPeriod" not in tender  # the converter wrote 2099-01-01 11:59:59


def test_two_notices_of_one_procedure_share_the_ocid(real_data):
    a = notice(real_data, "ContractNotice_pin-cfc-standard_2023-100718.xml")
    b = notice(real_data, "ContractNotice_pin-cfc-standard_2023-101942.xml")
    assert a["ocid"] == b["ocid"] == "ted-7e315dc5-76c1-4a66-9067-fb9bc00cb234"
    assert a["id"] != b["id"]
    assert a["tender"]["noticeType"] == "eoi"
    assert a["tender"]["tenderPeriod"]["endDate"] == "2023-12-08T00:00:00+01:00"  # interest expressions (BT-630)


def test_two_stage_contract_notice_is_an_expression_of_interest(real_data):
    tender = notice(real_data, "ContractNotice_cn-social_2024-102327.xml")["tender"]
    assert (tender["procurementMethod"], tender["noticeType"]) == ("selective", "eoi")


def test_agrees_with_the_sibling_ocds_conversions(real_data):
    """Fields the two converters must agree on; known differences are listed in docs/data-sources.md."""
    base = real_data / TED
    for path in sorted((base / "xml").glob("*.xml")):
        ours = release_of(path)
        theirs = json.loads((base / "ocds" / f"{path.stem}_release_0.json").read_text(encoding="utf-8"))
        assert ours["date"] == theirs["date"], path.name
        assert ours["language"] == theirs["language"], path.name
        mine, other = ours["tender"], theirs["tender"]
        assert mine.get("title") == other.get("title"), path.name
        assert mine.get("status") == other.get("status"), path.name
        assert mine.get("mainProcurementCategory") == other.get("mainProcurementCategory"), path.name
        assert mine.get("value", {}).get("amount") == other.get("value", {}).get("amount"), path.name
        if path.name != "can_24_maximal.xml":  # theirs takes the lot group's CPV
            assert _main_cpv(mine) == _main_cpv(other), path.name


def _main_cpv(tender: dict) -> str | None:
    items = tender.get("items") or [{}]
    return items[0].get("classification", {}).get("id")


@pytest.mark.parametrize(("code", "procedure", "key"), [
    ("pin-only", "", "planning"), ("pin-buyer", "", "planning"), ("pin-rtl", "", "planning"), ("pmc", "", "rfi"),
    ("pin-cfc-standard", "open", "eoi"), ("pin-cfc-social", "", "eoi"), ("qu-sy", "", "eoi"),
    ("cn-standard", "open", "itb"), ("cn-standard", "", "itb"), ("cn-standard", "restricted", "eoi"),
    ("cn-social", "neg-w-call", "eoi"), ("cn-desg", "open", "rfp"), ("subco", "open", "itb"),
    ("veat", "neg-wo-call", "contract_award"), ("can-standard", "open", "contract_award"),
    ("can-modif", "", "contract_award"), ("compl", "", "other"), (None, "", "other"),
])
def test_notice_type_table(code, procedure, key):
    assert notice_type_key(code, procedure) == key


def test_every_subtype_maps_to_a_known_notice_type():
    expected = {str(n) for n in range(1, 41)} | {"E1", "E2", "E3", "E4", "E5", "E6", "N4", "N16", "N29", "T01", "T02"}
    assert set(SUBTYPES) == expected
    assert set(SUBTYPES.values()) <= set(NOTICE_TYPES)
    assert (SUBTYPES["16"], SUBTYPES["N16"], SUBTYPES["29"], SUBTYPES["25"], SUBTYPES["38"]) == (
        "cn-standard", "cn-standard", "can-standard", "veat", "can-modif")


# --- bad input ------------------------------------------------------------------------------------------

def variant(real_data: Path, tmp_path: Path, old: str, new: str, count: int = 1) -> Path:
    text = (xml_dir(real_data) / CN).read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / CN
    path.write_text(text.replace(old, new, count), encoding="utf-8")
    return path


def test_malformed_xml_is_rejected_with_line_and_column(real_data, tmp_path):
    path = tmp_path / "broken.xml"
    path.write_bytes((xml_dir(real_data) / CN).read_bytes()[:5000])
    (item,) = list(SOURCE.read(path))
    assert isinstance(item, Rejection) and item.code == "invalid_xml"
    assert item.position == "file broken.xml"
    assert "line" in item.reason and "column" in item.reason


def test_xml_that_is_not_an_eforms_notice_is_refused(real_data, tmp_path):
    path = tmp_path / "other.xml"
    path.write_text('<?xml version="1.0"?><TED_EXPORT xmlns="http://publications.europa.eu/resource/schema/ted/R2.0.9/publication"/>')
    assert not SOURCE.sniff(path, path.read_bytes())
    with pytest.raises(FileRejected) as caught:
        list(SOURCE.read(path))
    assert caught.value.code == "unsupported_format"


def test_unreadable_issue_date_is_rejected(real_data, tmp_path):
    path = variant(real_data, tmp_path, "<cbc:IssueDate>2023-02-16+02:00</cbc:IssueDate>", "<cbc:IssueDate>2023-02-30+02:00</cbc:IssueDate>")
    (item,) = list(SOURCE.read(path))
    assert item.code == "bad_value" and "2023-02-30" in item.reason


def test_unreadable_amount_is_rejected(real_data, tmp_path):
    path = variant(real_data, tmp_path, "30000000.00</cbc:EstimatedOverallContractAmount>", "30 000 000,00</cbc:EstimatedOverallContractAmount>")
    (item,) = list(SOURCE.read(path))
    assert item.code == "bad_value" and "30 000 000,00" in item.reason


def test_notice_without_identifier_is_rejected(real_data, tmp_path):
    path = variant(real_data, tmp_path, '<cbc:ID schemeName="notice-id">2023-649037</cbc:ID>', "")
    (item,) = list(SOURCE.read(path))
    assert item.code == "missing_field" and "BT-701" in item.reason


def test_zip_of_notices_reads_each_member(real_data, tmp_path):
    archive = tmp_path / "notices.zip"
    good = xml_dir(real_data) / CN
    with zipfile.ZipFile(archive, "w") as zf:
        zf.write(good, "a.xml")
        zf.writestr("b.xml", good.read_bytes()[:3000])
        zf.write(xml_dir(real_data) / "2024-110489.xml", "c.xml")
        zf.writestr("readme.txt", "not a notice")
    items = list(SOURCE.read(archive))
    assert [type(i).__name__ for i in items] == ["SourceRecord", "Rejection", "SourceRecord", "Rejection"]
    assert (items[1].position, items[1].code) == ("member b.xml", "invalid_xml")
    assert (items[3].position, items[3].code) == ("member readme.txt", "unsupported_format")
    assert items[0].release == release_of(good)


def test_gzipped_notice_reads_the_same(real_data, tmp_path):
    path = tmp_path / (CN + ".gz")
    path.write_bytes(gzip.compress((xml_dir(real_data) / CN).read_bytes()))
    assert release_of(path) == notice(real_data, CN)
