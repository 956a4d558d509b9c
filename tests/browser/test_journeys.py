import re

import pytest
from playwright.sync_api import Page, expect

from tenderbridge.accounts.models import User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_supplier_signs_up_switches_to_chinese_signs_out_and_in_again(page: Page, live_server, artifacts):
    page.goto(f"{live_server.url}/en/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("United Nations")
    page.screenshot(path=artifacts / "home-en.png", full_page=True)

    page.get_by_test_id("signup-link").click()
    page.get_by_label("Company name").fill("Changzhou Textile Works 常州纺织厂")
    page.get_by_label("Country").select_option("CN")
    page.get_by_label("Your name").fill("Xu Li")
    page.get_by_label("Email").fill("xu@changzhou-textile.example")
    page.get_by_label("Password").fill("weaving-since-1988-ok")
    page.get_by_test_id("signup-submit").click()
    expect(page.get_by_role("status")).to_contain_text("Welcome to TenderBridge")
    assert User.objects.filter(email="xu@changzhou-textile.example").exists()

    page.get_by_test_id("lang-zh-hans").click()
    expect(page).to_have_url(re.compile(r"/zh-hans/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("联合国")
    expect(page.get_by_role("navigation", name="主导航")).to_contain_text("采购机会")
    page.screenshot(path=artifacts / "home-zh-hans.png", full_page=True)

    page.get_by_test_id("logout").click()
    expect(page.get_by_test_id("login-link")).to_have_text("登录")

    page.get_by_test_id("login-link").click()
    page.get_by_label("电子邮箱").fill("xu@changzhou-textile.example")
    page.get_by_label("密码").fill("weaving-since-1988-ok")
    page.get_by_test_id("login-submit").click()
    expect(page.get_by_test_id("logout")).to_have_text("退出登录")


def test_a_wrong_password_is_explained_in_chinese(page: Page, live_server, supplier_owner):
    page.goto(f"{live_server.url}/zh-hans/accounts/login/")
    page.get_by_label("电子邮箱").fill(supplier_owner.email)
    page.get_by_label("密码").fill("not-my-password")
    page.get_by_test_id("login-submit").click()
    expect(page.get_by_role("alert")).to_contain_text("电子邮箱或密码不正确")
