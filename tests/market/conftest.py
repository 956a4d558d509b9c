"""Fixtures for the market tests: a real slice of the UN ASR file ingested, a few awards in other currencies,
UNSPSC titles, and categories put on some of the real notices (the classifier is not run in tests)."""

import csv
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from tenderbridge.ingest import services as ingest
from tenderbridge.market import services
from tenderbridge.opportunities.models import Award, Notice, NoticeCategory, Party
from tenderbridge.taxonomy.models import UnspscCode

ASR = "un-asr-supplier-awards-2010-2016/un_asr_supplier_awards_2010_2016.csv"
SLICE_ROWS = 1500  # the file's first rows (2010: UNDP and others) and every China row of the first 20,000
TITLES = [
    ("42000000", "segment", None, "Medical Equipment and Accessories and Supplies", "医疗设备、附件和用品"),
    ("42130000", "family", "42000000", "Medical apparel and textiles", "医用服装和纺织品"),
    ("80000000", "segment", None, "Management and Business Professionals and Administrative Services", "管理和商业专业人员及行政服务"),
    ("80100000", "family", "80000000", "Management advisory services", "管理咨询服务"),
]


def slice_rows(source):
    with source.open(encoding="utf-8", newline="") as stream:
        reader = csv.reader(stream)
        header = next(reader)
        country = header.index("vendor_country")
        rows = [row for number, row in zip(range(20000), reader, strict=False) if number < SLICE_ROWS or row[country] == "China"]
    return header, rows


@pytest.fixture
def asr_slice(real_data, tmp_path, db):
    """The slice written as a CSV next to the ASR helper files, ingested; returns (header, rows)."""
    source = real_data / ASR
    header, rows = slice_rows(source)
    sample = tmp_path / "asr_slice.csv"
    with sample.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(header)
        writer.writerows(rows)
    for name in ("normalize_un.json", "normalize_countries.json", "country_codes.json"):
        (tmp_path / name).write_bytes((source.parent / name).read_bytes())
    job = ingest.ingest([sample])
    assert sum(f.rejected for f in job.files.all()) == 0
    return header, rows


@pytest.fixture
def titles(db):
    for code, level, parent, en, zh in TITLES:
        UnspscCode.objects.create(code=code, level=level, parent_id=parent, segment=code[:2] + "000000",
                                  family="" if level == "segment" else code[:4] + "0000", title_en=en, title_zh=zh)


def put_category(notices, code: str) -> None:
    NoticeCategory.objects.bulk_create(
        NoticeCategory(notice=n, code=code, segment=code[:2] + "000000", family=code[:4] + "0000", origin="predicted", score=0.9)
        for n in notices
    )


def foreign_award(ocid: str, amount, currency: str, year: int = 2016, supplier: str = "Foreign Supplier Ltd") -> Award:
    buyer, _ = Party.objects.get_or_create(name="Test City Council", normalised_name="test city council", country="GB",
                                           defaults={"is_buyer": True})
    notice = Notice.objects.create(ocid=ocid, source="ocds", buyer=buyer, title=ocid)
    award = Award.objects.create(notice=notice, ocds_id="1", date=datetime(year, 5, 1, tzinfo=UTC),
                                 value_amount=None if amount is None else Decimal(amount), value_currency=currency)
    party, _ = Party.objects.get_or_create(name=supplier, normalised_name=supplier.lower(), country="GB")
    award.suppliers.add(party)
    return award


@pytest.fixture
def market(asr_slice, titles):
    """The slice, with medical textiles on UNDP's and UNICEF's first awards and three awards in other
    currencies (GBP: converted; AMD: no ECB rate; none: no amount), rebuilt."""
    asr = Notice.objects.filter(source="asr").select_related("buyer").order_by("id")
    by_agency = {}
    for notice in asr:
        by_agency.setdefault(notice.buyer.name, []).append(notice)
    put_category(by_agency["UNDP"][:20], "42131702")
    put_category(by_agency["UNICEF"][:5], "42131701")
    put_category(by_agency["UNDP"][20:30], "80101500")
    foreign_award("test-gbp", "1000000", "GBP")
    foreign_award("test-amd", "5000000", "AMD")
    foreign_award("test-none", None, "")
    services.rebuild()
    return by_agency
