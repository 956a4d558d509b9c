"""Notices taken in through the real ingest pipeline, and supplier profiles written through their services."""

import json
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from tenderbridge.ingest import services as ingest_services
from tenderbridge.matching import notices as open_notices
from tenderbridge.matching import profiles as visible_profiles
from tenderbridge.opportunities.models import Notice
from tenderbridge.suppliers import services as suppliers

UNICEF = {"id": "B1", "name": "UNICEF Supply Division", "roles": ["buyer"], "address": {"countryName": "Denmark"}}


def release(ocid, title, description="", code="", days=30, tag="tender", release_id=None, date="2024-03-01T08:00:00Z"):
    """A tender release closing in `days` days from now (negative: closed)."""
    deadline = (timezone.now() + timedelta(days=days)).isoformat()
    tender = {
        "id": f"T-{ocid}", "title": title, "description": description,
        "tenderPeriod": {"endDate": deadline},
        "items": [{"id": "1", "description": title,
                   **({"classification": {"scheme": "UNSPSC", "id": code}} if code else {})}],
    }
    body = {"ocid": ocid, "id": release_id or f"{ocid}-r1", "date": date, "tag": [tag],
            "buyer": {"id": UNICEF["id"], "name": UNICEF["name"]}, "parties": [UNICEF], "tender": tender}
    if tag == "award":
        body["awards"] = [{"id": "A1", "title": title, "status": "active"}]
    return body


NOTICES = [
    release("ocds-gloves", "Supply of nitrile examination gloves", "Powder-free nitrile examination gloves for clinics",
            code="42132203"),
    release("ocds-gowns", "Surgical gowns and drapes", "Single-use surgical gowns and drapes to EN 13795",
            code="42131702"),
    release("ocds-chairs", "Office chairs", "Ergonomic office chairs for the country office"),
    release("ocds-solar", "Solar water heaters", "Supply and installation of solar water heaters for clinics"),
    release("ocds-closed-gloves", "Examination gloves, closed", "Nitrile gloves", code="42132203", days=-3),
]


def ingest(tmp_path: Path, *releases: dict, name: str = "package.json") -> dict[str, int]:
    path = tmp_path / name
    path.write_text(json.dumps({"version": "1.1", "releases": list(releases)}), encoding="utf-8")
    assert ingest_services.ingest([path]).files.get().rejected == 0
    return dict(Notice.objects.values_list("ocid", "pk"))


@pytest.fixture(autouse=True)
def _fresh_indexes():
    """The matching indexes are kept per process; each test's database starts over."""
    open_notices.reset()
    visible_profiles.reset()
    yield
    open_notices.reset()
    visible_profiles.reset()


@pytest.fixture
def notices(db, tmp_path):
    return ingest(tmp_path, *NOTICES)


@pytest.fixture
def gloves_maker(supplier_owner):
    """The demo persona's company, described in Chinese, selling examination gloves."""
    profile = suppliers.profile_for(supplier_owner.organisation)
    suppliers.do_update_company(profile, {"description": "我们生产医用丁腈检查手套和手术衣。We make nitrile examination gloves."})
    suppliers.do_add_codes(profile, ["42132203"])
    return profile


@pytest.fixture
def solar_maker(other_supplier_member):
    profile = suppliers.profile_for(other_supplier_member.organisation)
    suppliers.do_update_company(profile, {"description": "太阳能热水器的生产和安装。Solar water heaters."})
    return profile
