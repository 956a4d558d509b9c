"""The demo supplier's profile: the persona company (accounts.personas.SUPPLIER_OWNER, a medical textiles maker in
Suzhou) filled in as a Chinese SME would fill it. Used by `manage.py load_demo`.

Idempotent and careful: it fills a profile that has not been filled yet and leaves one a demo user has edited.
The company is invented; its data are what such a company would write (its codes are real UNSPSC codes).
"""

from datetime import date
from decimal import Decimal

from django.db import transaction

from tenderbridge.accounts import personas
from tenderbridge.accounts.models import Organisation

from . import services
from .models import SupplierProfile

COMPANY = {
    "name_zh": "苏州美德纺织有限公司",
    "name_en": "Suzhou Medtex Co., Ltd.",
    "country": "CN",
    "province": "江苏省",
    "city": "苏州市吴江区",
    "size_class": "",
    "employees": 160,
    "annual_turnover": Decimal("98000000"),
    "turnover_currency": "CNY",
    "founded_year": 2004,
    "description": (
        "苏州美德纺织有限公司成立于 2004 年，位于苏州吴江纺织产业集群，专业生产医用纺织品和个人防护用品："
        "一次性手术衣、隔离衣、手术洞巾、医用口罩和医用检查手套。\n\n"
        "公司拥有 6,000 平方米十万级洁净车间和 12 条无纺布复合与缝制生产线，手术衣和隔离衣年产能 800 万件，"
        "可按 EN 13795、EN 14126 和 YY/T 0506 标准生产并提供检测报告。产品已出口欧盟、东南亚和东非，"
        "为医院、分销商和国际援助项目供货，可按 FCA 上海或 CIF 目的港报价。\n\n"
        "We make single-use surgical gowns, isolation gowns, drapes, masks and examination gloves in Suzhou, "
        "with 8 million gowns a year of capacity and test reports to EN 13795 and EN 14126."
    ),
}
CODES = ["42131702", "42131612", "42131701", "42131713", "42132203"]
REGISTRATION = {
    "ungm_level": "basic",
    "ungm_number": "654321",
    "languages": ["zh", "en"],
    "export_countries": ["KE", "VN", "DE", "NG", "TZ"],
    "export_years": 8,
    "export_notes": "自 2016 年起出口；通过肯尼亚和越南的分销商向公立医院供货；熟悉 FCA、CIF 和 DAP 条款。",
}
CONTRACTS = [
    {"title": "一次性手术衣和手术洞巾年度供货", "buyer": "苏州市公立医院集中采购", "year": 2023,
     "amount": Decimal("3600000"), "currency": "CNY", "description": "手术衣 24 万件、洞巾 9 万件，分 12 批交付。"},
    {"title": "Isolation gowns to EN 14126, 400,000 pieces", "buyer": "Medical distributor, Nairobi (county hospitals)",
     "year": 2022, "amount": Decimal("236000"), "currency": "USD", "description": "FCA Shanghai, delivered in 8 weeks."},
    {"title": "医用检查手套（丁腈）", "buyer": "江苏省医药分销企业", "year": 2021, "amount": Decimal("820000"),
     "currency": "CNY", "description": ""},
]
CERTIFICATES = [
    {"kind": "iso_9001", "name": "", "number": "00122Q31845R2M", "issuer": "中国质量认证中心（CQC）",
     "issued": date(2022, 10, 8), "expires": date(2028, 10, 7)},
    {"kind": "iso_14001", "name": "", "number": "00122E30672R1M", "issuer": "中国质量认证中心（CQC）",
     "issued": date(2022, 10, 8), "expires": date(2028, 10, 7)},
    {"kind": "other", "name": "ISO 13485 医疗器械质量管理体系", "number": "MD-13485-2023-0417",
     "issuer": "TÜV SÜD", "issued": date(2023, 4, 17), "expires": date(2029, 4, 16)},
]
WOMEN_OWNED = {
    "ownership_percent": Decimal("55"),
    "ownership_evidence": "营业执照与公司章程：李娜持股 55%，另一名女性股东持股 10%。",
    "women_managed": True,
    "management_evidence": "总经理李娜，财务总监王敏。",
    "women_controlled": True,
    "control_evidence": "李娜为法定代表人，签署合同和年度财务报表；董事会三名成员中两名为女性。",
}


@transaction.atomic
def ensure_demo_profile() -> SupplierProfile | None:
    """Fill the demo supplier's profile once; None when its organisation is not there (accounts not loaded)."""
    organisation = Organisation.objects.filter(name=personas.SUPPLIER_OWNER.organisation).first()
    if organisation is None:
        return None
    profile = services.profile_for(organisation)
    if profile.description or profile.categories.exists():
        return profile  # filled before, perhaps edited since: leave it
    services.do_update_company(profile, COMPANY)
    services.do_add_codes(profile, CODES)
    services.do_update_registration(profile, REGISTRATION)
    for contract in CONTRACTS:
        services.do_save_contract(profile, contract)
    for certificate in CERTIFICATES:
        services.do_save_certificate(profile, certificate)
    services.do_declare_women_owned(profile, WOMEN_OWNED)
    return services.do_set_visibility(profile, True)
