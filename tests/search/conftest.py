"""Small hand-written notices, taken in through the real ingest pipeline, then indexed."""

import json
from pathlib import Path

import pytest

from tenderbridge.ingest import services as ingest_services
from tenderbridge.opportunities.models import Notice
from tenderbridge.search import services

BUYER = {"id": "B1", "name": "UNICEF Supply Division", "roles": ["buyer"], "address": {"countryName": "Denmark"}}


def release(ocid: str, title: str, description: str = "", items: list[str] = (), code: str = "", buyer=BUYER):
    """A tender release; each item description becomes an item (with `code` as its UNSPSC code, if given)."""
    return {
        "ocid": ocid,
        "id": f"{ocid}-r1",
        "date": "2024-03-01T08:00:00Z",
        "tag": ["tender"],
        "buyer": {"id": buyer["id"], "name": buyer["name"]},
        "parties": [buyer],
        "tender": {
            "id": f"T-{ocid}",
            "title": title,
            "description": description,
            "items": [
                {"id": str(n), "description": text, **({"classification": {"scheme": "UNSPSC", "id": code}} if code else {})}
                for n, text in enumerate(items, 1)
            ],
        },
    }


def ingest(tmp_path: Path, *releases: dict, name: str = "package.json") -> dict[str, int]:
    """Ingest the releases and index every notice; returns ocid -> notice id."""
    path = tmp_path / name
    path.write_text(json.dumps({"version": "1.1", "releases": list(releases)}, ensure_ascii=False), encoding="utf-8")
    assert ingest_services.ingest([path]).files.get().rejected == 0
    ids = dict(Notice.objects.values_list("ocid", "pk"))
    services.index_notices(ids.values())
    return ids


SHANGHAI = {"id": "B2", "name": "上海市卫生健康委员会", "roles": ["buyer"], "address": {"countryName": "China"}}

SMALL = [
    release("ocds-zh-gloves", "医用手套采购", "采购一次性医用手套，共十万副。", ["一次性丁腈手套"], buyer=SHANGHAI),
    release("ocds-en-gloves", "Supply of nitrile examination gloves", "Powder-free NITRILE gloves for clinics.",
            ["Examination gloves, size M"]),
    release("ocds-en-chairs", "Office chairs", "Ergonomic chairs for the country office."),
    release("ocds-en-office", "Office supplies",
            "Office paper, office pens, office folders and office staplers for the office of the office manager."),
    release("ocds-en-school-equipment", "Framework for school equipment",
            "Includes furniture such as desks, and sports equipment for the school grounds."),
    release("ocds-en-school-furniture", "School furniture", "Desks and tables for the school."),
    release("ocds-no-furniture", "Innkjøp av møbler til Kärcher-verksted", "Rammeavtale for møbler."),
    release("ocds-fullwidth", "ＩＴ ｓｅｒｖｉｃｅｓ ２０２４", "Helpdesk &amp; network support<br/>for 3 offices."),
]


@pytest.fixture
def small(db, tmp_path) -> dict[str, int]:
    """The SMALL notices, ingested and indexed: ocid -> notice id."""
    return ingest(tmp_path, *SMALL)

# Chinese notices that share words, so the order of a Chinese query's results means something.
CHINESE = [
    release("ocds-zh-masks", "医用口罩采购", "采购一次性医用外科口罩二十万只，符合国家标准。", ["医用外科口罩"], buyer=SHANGHAI),
    release("ocds-zh-surgical-gloves", "手术手套及检查手套", "无菌手术手套、一次性检查手套，分两个包。",
            ["无菌手术手套", "一次性检查手套"], buyer=SHANGHAI),
    release("ocds-zh-school-furniture", "学校家具采购项目", "为三所小学采购课桌椅、书柜和讲台。", ["课桌椅"]),
    release("ocds-zh-office-furniture", "办公家具采购", "办公桌、办公椅和文件柜。", ["办公桌", "办公椅"]),
    release("ocds-zh-equipment-repair", "医疗设备维修服务", "医院影像设备和检验设备的维修与保养服务，为期三年。"),
    release("ocds-zh-lab", "实验室设备采购", "采购离心机、显微镜等实验室设备，并提供安装培训服务。", ["离心机", "显微镜"]),
]
