import re

import pytest
from playwright.sync_api import Page, expect

from tenderbridge.suppliers.models import SupplierProfile
from tenderbridge.taxonomy.services import do_import_taxonomy
from tests.browser.steps import sign_up_in_chinese

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESCRIPTION = (
    "我们是一家专业生产医用防护用品的中小企业，主要产品包括一次性手术衣、隔离衣、医用防护手套和口罩。"
    "工厂位于常州，拥有十万级洁净车间，年产能三百万件，产品出口东南亚和非洲。"
)


def test_a_new_supplier_builds_its_profile_in_chinese_and_reads_it_in_english(
    page: Page, live_server, real_data, artifacts
):
    do_import_taxonomy(real_data)
    sign_up_in_chinese(page, live_server.url, "常州康纺医疗用品有限公司", "徐丽", "xu.li@kangfang.example",
                       "fang-zhi-since-2009")

    # "My company" in the main navigation leads to the new, almost empty profile.
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="我的公司").click()
    expect(page).to_have_url(re.compile(r"/zh-hans/company/$"))
    expect(page.get_by_test_id("company-name")).to_have_text("常州康纺医疗用品有限公司")  # no English name yet
    expect(page.get_by_test_id("completeness-score")).to_have_text("0%")

    # The company section, in Chinese.
    page.get_by_test_id("section-company").get_by_role("link", name="编辑").click()
    page.get_by_label("英文公司名称").fill("Changzhou Kangfang Medical Supplies Co., Ltd.")
    page.get_by_label("省份或地区").fill("江苏省")
    page.get_by_label("城市").fill("常州市")
    page.get_by_label("员工人数").fill("45")
    page.get_by_label("成立年份").fill("2009")
    page.get_by_label("企业简介").fill(DESCRIPTION)
    page.get_by_test_id("save").click()
    expect(page.get_by_role("status")).to_contain_text("企业资料已保存")
    expect(page.get_by_test_id("completeness-score")).to_have_text("40%")
    expect(page.get_by_test_id("next-step")).to_contain_text("产品与服务")

    # A UNSPSC code found by searching 手套, picked without typing the code.
    page.get_by_test_id("next-step").get_by_role("link").click()
    page.get_by_role("searchbox").fill("手套")
    page.get_by_test_id("code-search-submit").click()
    expect(page.get_by_test_id("code-results")).to_contain_text("防护手套")
    page.get_by_test_id("pick-46181504").click()
    expect(page.get_by_test_id("chosen-codes")).to_contain_text("防护手套")
    page.screenshot(path=artifacts / "supplier-products-zh-hans.png", full_page=True)

    # A certificate.
    page.get_by_role("navigation", name="资料栏目").get_by_role("link", name="资质证书").click()
    page.get_by_label(re.compile(r"^证书[:：]?$")).select_option("iso_9001")
    page.get_by_label("证书编号").fill("CN-QMS-2023-0415")
    page.get_by_label("发证机构").fill("中国质量认证中心")
    page.get_by_label("有效期至").fill("2027-06-30")
    page.get_by_test_id("save").click()
    expect(page.get_by_test_id("certificates-table")).to_contain_text("CN-QMS-2023-0415")

    # The women-owned business declaration, by the three IWA 34 criteria.
    page.get_by_role("navigation", name="资料栏目").get_by_role("link", name="女性拥有的企业").click()
    page.get_by_label("女性持股比例（%）").fill("65")
    page.get_by_label("所有权证明").fill("营业执照与公司章程：徐丽持股 65%。")
    page.get_by_role("group", name="公司的日常经营是否由女性管理？").get_by_label("是").check()
    page.get_by_label("管理权证明").fill("总经理徐丽，生产总监陈梅。")
    page.get_by_role("group", name=re.compile("长期决策")).get_by_label("是").check()
    page.get_by_label("控制权证明").fill("徐丽为法定代表人，签署合同与财务报表。")
    page.get_by_test_id("save").click()

    expect(page).to_have_url(re.compile(r"/zh-hans/company/$"))
    expect(page.get_by_test_id("completeness-score")).to_have_text("75%")
    expect(page.get_by_test_id("company-name")).to_have_text("常州康纺医疗用品有限公司")
    expect(page.get_by_test_id("iwa34")).to_contain_text("符合 IWA 34")
    expect(page.get_by_test_id("profile-codes")).to_contain_text("防护手套")
    page.screenshot(path=artifacts / "supplier-profile-zh-hans.png", full_page=True)

    # The same profile in English.
    page.get_by_test_id("lang-en").click()
    expect(page).to_have_url(re.compile(r"/en/company/$"))
    expect(page.get_by_test_id("company-name")).to_have_text("Changzhou Kangfang Medical Supplies Co., Ltd.")
    expect(page.get_by_role("heading", name="Products and services")).to_be_visible()
    expect(page.get_by_test_id("profile-codes")).to_contain_text("Protective gloves")
    expect(page.get_by_test_id("profile-description")).to_contain_text("十万级洁净车间")
    expect(page.get_by_test_id("section-certificates")).to_contain_text("ISO 9001")
    expect(page.get_by_test_id("iwa34")).to_contain_text("Meets the IWA 34 definition")
    expect(page.get_by_test_id("completeness-score")).to_have_text("75%")
    expect(page.get_by_test_id("section-company")).to_contain_text("Small enterprise")
    page.screenshot(path=artifacts / "supplier-profile-en.png", full_page=True)

    profile = SupplierProfile.objects.get(name_zh="常州康纺医疗用品有限公司")
    assert profile.size_class == "small" and profile.visible is False
    assert list(profile.categories.values_list("code", flat=True)) == ["46181504"]
