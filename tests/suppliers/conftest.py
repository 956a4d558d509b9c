"""Fixtures for the supplier profile tests: the personas' profiles, API tokens, and the taxonomy rows the
code picker needs (a handful of real UNSPSC rows, so most tests need not import the whole code list)."""

import pytest

from tenderbridge.accounts import services as accounts
from tenderbridge.suppliers import services
from tenderbridge.taxonomy.models import UnspscCode

# Real UNSPSC rows (code, level, parent, English title, Chinese title) as the taxonomy import stores them.
CODES = [
    ("42000000", "segment", None, "Medical Equipment and Accessories and Supplies", "医疗设备、附件和用品"),
    ("42130000", "family", "42000000", "Medical apparel and textiles", "医用服装和纺织品"),
    ("42131600", "class", "42130000", "Medical staff clothing and related articles", "一次性医务人员服装和相关物品"),
    ("42131612", "commodity", "42131600", "Medical staff isolation or cover gowns", "一次性医务人员隔离长袍和外套"),
    ("42131700", "class", "42130000", "Surgical textiles", "一次性手术用纺织品"),
    ("42131701", "commodity", "42131700", "Surgical drapes", "一次性手术用帘"),
    ("42131713", "commodity", "42131700", "Surgical isolation or surgical masks", ""),
    ("42131702", "commodity", "42131700", "Surgical gowns", "一次性手术长袍"),
    ("42132200", "class", "42130000", "Medical gloves and accessories", "医用手套和附件"),
    ("42132203", "commodity", "42132200", "Medical exam or non surgical procedure gloves", "医用测试用和非外科用手套"),
    (
        "46000000", "segment", None, "Defense and Law Enforcement and Security and Safety Equipment and Supplies",
        "国防、执法、安全、保密设施和用品",
    ),
    ("46180000", "family", "46000000", "Personal safety and protection", "个人安全和保护"),
    ("46181500", "class", "46180000", "Safety apparel", "安全服"),
    ("46181504", "commodity", "46181500", "Protective gloves", "防护手套"),
]


@pytest.fixture
def codes(db):
    for code, level, parent, title_en, title_zh in CODES:
        UnspscCode.objects.create(
            code=code,
            level=level,
            parent_id=parent,
            segment=code[:2] + "000000",
            family="" if level == "segment" else code[:4] + "0000",
            title_en=title_en,
            title_zh=title_zh,
        )


@pytest.fixture
def profile(supplier_owner):
    return services.profile_for(supplier_owner.organisation)


@pytest.fixture
def other_profile(other_supplier_member):
    return services.profile_for(other_supplier_member.organisation)


def token_for(user) -> str:
    _, raw = accounts.do_create_api_token(user.organisation, "test")
    return raw


@pytest.fixture
def owner_token(supplier_owner) -> str:
    return token_for(supplier_owner)


@pytest.fixture
def other_token(other_supplier_member) -> str:
    return token_for(other_supplier_member)


@pytest.fixture
def buyer_token(un_buyer) -> str:
    return token_for(un_buyer)


def bearer(token: str, lang: str = "en") -> dict:
    return {"Authorization": f"Bearer {token}", "Accept-Language": lang}


COMPANY = {
    "name_zh": "苏州美德纺织有限公司",
    "name_en": "Suzhou Medtex Co., Ltd.",
    "country": "CN",
    "province": "江苏省",
    "city": "苏州市",
    "size_class": "",
    "employees": 120,
    "annual_turnover": "85000000",
    "turnover_currency": "CNY",
    "founded_year": 2006,
    "description": "我们生产医用纺织品：手术衣、隔离衣、医用检查手套和防护口罩，年产能 500 万件，出口欧洲和非洲。",
}
