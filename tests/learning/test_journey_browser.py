"""The capacity-building journey in Chinese, in a real browser: a new supplier runs the readiness check,
downloads its gap report, takes the suggested lesson and its course's quiz, gets a certificate and opens its
public verification page, then asks the help desk a question that an operator answers."""

import re

import pypdf
import pytest
from playwright.sync_api import Page, expect

from tenderbridge.accounts import personas
from tenderbridge.learning.curriculum import load_curriculum
from tenderbridge.learning.models import Course
from tenderbridge.readiness.services import load_all_requirement_sets
from tests.browser.conftest import browser_type_launch_args  # noqa: F401  (Debian's Chromium)
from tests.browser.steps import sign_up_in_chinese

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _no_network():
    """Playwright talks to its driver over pipes and to the live server on 127.0.0.1 (as tests/browser)."""
    yield


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


def pdf_text(path) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(path).pages)


def test_a_new_supplier_checks_its_readiness_learns_what_it_lacks_and_earns_a_certificate(
    page: Page, browser, live_server, tmp_path
):
    load_curriculum()
    load_all_requirement_sets()
    base = live_server.url
    sign_up_in_chinese(page, base, "无锡织梦纺织品有限公司", "周敏", "zhou.min@zhimeng.example", "zhi-meng-since-2015")

    # From the learning centre to the readiness check.
    page.goto(f"{base}/zh-hans/learn/")
    expect(page.get_by_role("heading", name="学习中心")).to_be_visible()
    page.get_by_role("link", name="检查您的联合国供应商注册准备情况").click()
    expect(page).to_have_url(re.compile(r"/zh-hans/readiness/$"))
    expect(page.get_by_test_id("ready-level")).to_have_text("尚未准备好 UNGM 基础级注册。")
    expect(page.get_by_test_id("item-countries")).to_contain_text("已根据您的供应商资料回答")  # China, from sign-up

    # Two declarations answered; the Code of Conduct not yet.
    for key in ("not_sanctioned", "not_debarred"):
        page.get_by_test_id(f"item-{key}").get_by_label("是，我们已满足").check()
    page.get_by_test_id("save-answers").click()
    expect(page.get_by_role("status")).to_contain_text("您的回答已保存")
    actions = page.get_by_test_id("next-actions")
    expect(actions.locator("li").first).to_contain_text("《联合国供应商行为守则》")
    page.screenshot(path=str(tmp_path / "readiness.png"), full_page=True)

    # The gap report, as the PDF a firm prints.
    with page.expect_download() as download:
        page.get_by_test_id("report-pdf").click()
    report = tmp_path / "report.pdf"
    download.value.save_as(report)
    text = pdf_text(report)
    assert "无锡织梦纺织品有限公司" in text and "接下来的三项行动" in text

    # The first action's lesson, then its course's quiz.
    actions.locator("li").first.get_by_role("link", name="学习如何做到").click()
    expect(page).to_have_url(re.compile(r"/zh-hans/learn/code-of-conduct/code-overview/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("《行为守则》涵盖哪些内容")
    page.screenshot(path=str(tmp_path / "lesson.png"), full_page=True)
    page.get_by_test_id("lesson-done").click()
    page.goto(f"{base}/zh-hans/learn/code-of-conduct/")
    page.get_by_test_id("take-quiz").click()
    quiz = Course.objects.get(slug="code-of-conduct").quiz
    for question in quiz.questions.prefetch_related("choices"):
        for choice in question.choices.all():
            if choice.correct:
                page.locator(f'input[name="q-{question.pk}"][value="{choice.pk}"]').check()
    page.get_by_test_id("submit-quiz").click()
    expect(page.get_by_test_id("quiz-result")).to_contain_text("您已通过")

    # The certificate: its PDF, then its public verification page.
    with page.expect_download() as download:
        page.get_by_test_id("certificate-pdf").click()
    certificate = tmp_path / "certificate.pdf"
    download.value.save_as(certificate)
    text = pdf_text(certificate)
    number = re.search(r"TB-[0-9A-Z]{4}-[0-9A-Z]{4}", text).group(0)
    assert "结业证书" in text and "周敏" in text
    page.get_by_test_id("verify-link").click()
    expect(page.get_by_test_id("verification")).to_contain_text("真实有效")
    expect(page.get_by_test_id("number")).to_have_text(number)
    page.screenshot(path=str(tmp_path / "verification.png"))

    # A question to the help desk, answered by an operator in the thread.
    page.goto(f"{base}/zh-hans/support/")
    page.get_by_label("主题").fill("营业执照翻译")
    page.get_by_label("您的问题").fill("营业执照的英文译本需要公证吗？")
    page.get_by_test_id("ask").click()
    expect(page.get_by_test_id("thread")).to_contain_text("需要公证吗")
    personas.ensure(personas.OPERATOR)
    operator = browser.new_context(locale="en-GB").new_page()
    operator.goto(f"{base}/en/accounts/login/")
    operator.get_by_label("Email").fill(personas.OPERATOR.email)
    operator.get_by_label("Password").fill(personas.DEMO_PASSWORD)
    operator.get_by_test_id("login-submit").click()
    operator.goto(page.url.replace("/zh-hans/", "/en/"))
    operator.get_by_label("Your reply").fill("A certified translation is enough; no notarisation is needed.")
    operator.get_by_test_id("reply").click()
    expect(operator.get_by_test_id("thread")).to_contain_text("certified translation")
    page.reload()
    expect(page.get_by_test_id("thread")).to_contain_text("A certified translation is enough")
    expect(page.get_by_text("已答复")).to_be_visible()
