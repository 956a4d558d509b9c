"""Steps several browser journeys share."""

from playwright.sync_api import expect


def sign_up_in_chinese(page, base: str, company: str, name: str, email: str, password: str) -> None:
    """The sign-up form, filled in on the Chinese site (a supplier in China)."""
    page.goto(f"{base}/zh-hans/")
    page.get_by_test_id("signup-link").click()
    page.get_by_label("公司名称").fill(company)
    page.get_by_label("国家/地区").select_option("CN")
    page.get_by_label("您的姓名").fill(name)
    page.get_by_label("电子邮箱").fill(email)
    page.get_by_label("密码").fill(password)
    page.get_by_test_id("signup-submit").click()
    expect(page.get_by_role("status")).to_be_visible()
