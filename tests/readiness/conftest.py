"""Fixtures for the readiness check: the real requirement set (data file), a supplier profile filled like a
small Chinese firm's, evidence files, API tokens."""

import io
import zipfile

import pytest

from tenderbridge.accounts import services as accounts
from tenderbridge.readiness import services
from tenderbridge.readiness.models import RequirementSet
from tenderbridge.suppliers import services as suppliers


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return settings.PRIVATE_MEDIA_ROOT


@pytest.fixture
def requirement_set(db) -> RequirementSet:
    services.load_all_requirement_sets()
    return RequirementSet.objects.current()


@pytest.fixture
def profile(supplier_owner):
    """Suzhou Medtex as a firm that has filled its profile but is not registered on UNGM yet."""
    profile = suppliers.profile_for(supplier_owner.organisation)
    suppliers.do_update_company(profile, {
        "name_zh": "苏州美德纺织有限公司", "name_en": "Suzhou Medtex Co., Ltd.", "country": "CN",
        "province": "江苏省", "city": "苏州市", "founded_year": 2006,
    })  # fmt: skip
    suppliers.do_add_codes(profile, ["42132203"])
    suppliers.do_save_contract(profile, {"title": "Isolation gowns", "buyer": "UNICEF", "year": 2022})
    return profile


def token_for(user) -> str:
    return accounts.do_create_api_token(user.organisation, "test")[1]


def bearer(token: str, lang: str = "en") -> dict:
    return {"Authorization": f"Bearer {token}", "Accept-Language": lang}


def pdf_bytes() -> bytes:
    return b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def docx_bytes(main_part: str = "word/document.xml") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(main_part, "<document/>")
    return buffer.getvalue()
