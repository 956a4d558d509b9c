import io
import json
import time

import pypdf
import pytest
from django.core.exceptions import ValidationError

from tenderbridge.learning import richtext, services
from tenderbridge.learning.curriculum import load_curriculum
from tenderbridge.learning.models import Certificate, Course, Lesson, LessonProgress, QuizAttempt

from .conftest import right_answers, wrong_answers

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(content)).pages)


# --- the starter curriculum ----------------------------------------------------------------------------------------


def test_the_starter_curriculum_has_seven_courses_25_lessons_and_a_quiz_each_in_both_languages(curriculum):
    assert len(curriculum) >= 7 and Lesson.objects.count() >= 25
    for course in curriculum:
        assert course.title_en and course.title_zh and course.summary_en and course.summary_zh, course.slug
        assert course.quiz.questions.count() >= 4, course.slug
        kinds = set(course.quiz.questions.values_list("kind", flat=True))
        assert kinds == {"single", "multiple"}, course.slug
    for lesson in Lesson.objects.all():
        assert lesson.title_zh and len(lesson.body_en) > 500 and len(lesson.body_zh) > 250, lesson.slug
        assert lesson.sources, f"{lesson.slug} cites no public source"


def test_every_readiness_action_links_to_a_lesson_of_the_curriculum(curriculum):
    from tenderbridge.readiness import services as readiness

    readiness.load_all_requirement_sets()
    from tenderbridge.readiness.models import Requirement

    for requirement in Requirement.objects.all():
        course, slug = requirement.lesson.split("/")
        assert Lesson.objects.filter(course__slug=course, slug=slug).exists(), requirement.lesson


def test_loading_again_changes_nothing_and_keeps_what_an_operator_edited(curriculum):
    assert {r.status for r in load_curriculum()} == {"unchanged"}
    Course.objects.filter(slug="world-bank").update(title_en="Edited by an operator", edited=True, source_digest="x")
    results = {r.slug: r.status for r in load_curriculum()}
    assert results["world-bank"] == "kept" and Course.objects.get(slug="world-bank").title_en == "Edited by an operator"


def test_the_load_demo_hook_loads_the_curriculum_and_the_requirements(db):
    from django.core.management import call_command

    call_command("load_curriculum", stdout=io.StringIO())
    from tenderbridge.readiness.models import RequirementSet

    assert Course.objects.count() >= 7 and RequirementSet.objects.count() == 1


# --- rich text -----------------------------------------------------------------------------------------------------


def test_lesson_text_is_sanitised_and_loads_no_image_from_elsewhere():
    html = richtext.render(
        "**ok** <script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror=alert(1)>\n\n"
        "![elsewhere](https://images.example.com/a.png) ![own](attachment:chart.png) [UNGM](https://www.ungm.org)",
        {"chart.png": "/en/learn/files/7/"},
    )
    assert "<strong>ok</strong>" in html and "<script" not in html and "javascript:" not in html
    assert "onerror" not in html and "images.example.com" not in html and 'src="/en/learn/files/7/"' in html
    assert 'href="https://www.ungm.org" rel="noopener noreferrer nofollow"' in html


# --- pages ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("lang", "phrase"), [("en", "Learning centre"), ("zh-hans", "学习中心")])
def test_anyone_reads_the_courses_and_lessons_in_both_languages(client, curriculum, lang, phrase):
    index = client.get(f"/{lang}/learn/").content.decode()
    assert phrase in index and "UNGM" in index
    lesson = client.get(f"/{lang}/learn/ungm-registration/create-account/")
    assert lesson.status_code == 200
    page = lesson.content.decode()
    assert ("UNSPSC" in page) and ("统一社会信用代码" in page if lang == "zh-hans" else "legal name in English" in page)
    assert "https://www.ungm.org" in page  # its public source


def test_a_field_missing_in_one_language_is_shown_in_the_other_with_a_mark(client, curriculum):
    Lesson.objects.filter(slug="create-account").update(title_zh="", body_zh="")
    page = client.get("/zh-hans/learn/ungm-registration/create-account/").content.decode()
    assert "Creating the company" in page and "（仅有英文）" in page and 'data-testid="missing-body"' in page
    english = client.get("/en/learn/ungm-registration/create-account/").content.decode()
    assert "missing-language" not in english


def test_drafts_are_hidden_from_learners_and_shown_to_operators(client, curriculum, supplier_owner, operator):
    Course.objects.filter(slug="world-bank").update(published=False)
    assert client.get("/en/learn/world-bank/").status_code == 404
    client.force_login(supplier_owner)
    assert client.get("/en/learn/world-bank/wb-framework/").status_code == 404
    client.force_login(operator)
    assert "Draft" in client.get("/en/learn/world-bank/").content.decode()


def test_progress_is_stored_per_learner(client, curriculum, supplier_owner, other_supplier_member):
    client.force_login(supplier_owner)
    response = client.post("/en/learn/ungm-registration/create-account/done/")
    assert response.status_code == 302 and response["Location"].endswith("/registration-levels/")
    client.post("/en/learn/ungm-registration/create-account/done/")  # twice: still one
    assert LessonProgress.objects.filter(user=supplier_owner).count() == 1
    assert "20% done" in client.get("/en/learn/").content.decode()  # 1 of 4 lessons + the quiz
    client.force_login(other_supplier_member)
    assert "0% done" in client.get("/en/learn/").content.decode()


def test_the_course_list_reads_a_fixed_number_of_queries_whatever_the_progress(
    client, curriculum, supplier_owner, django_assert_max_num_queries
):
    client.force_login(supplier_owner)
    for lesson in Lesson.objects.all():
        services.do_mark_lesson_done(supplier_owner, lesson)
    with django_assert_max_num_queries(8):
        client.get("/en/learn/")


# --- quizzes -------------------------------------------------------------------------------------------------------


def test_a_passed_quiz_issues_a_certificate_once(quiz, supplier_owner):
    result = services.do_submit_quiz(supplier_owner, quiz, services.quiz_nonce(quiz), right_answers(quiz))
    assert result.attempt.passed and result.attempt.score == 100 and result.certificate.number.startswith("TB-")
    again = services.do_submit_quiz(supplier_owner, quiz, services.quiz_nonce(quiz), right_answers(quiz))
    assert again.certificate == result.certificate and Certificate.objects.count() == 1


def test_a_failed_quiz_issues_nothing(quiz, supplier_owner):
    result = services.do_submit_quiz(supplier_owner, quiz, services.quiz_nonce(quiz), wrong_answers(quiz))
    assert not result.attempt.passed and result.attempt.score == 0 and result.certificate is None


def test_the_same_quiz_form_posted_twice_counts_once(quiz, supplier_owner):
    nonce = services.quiz_nonce(quiz)
    first = services.do_submit_quiz(supplier_owner, quiz, nonce, wrong_answers(quiz))
    second = services.do_submit_quiz(supplier_owner, quiz, nonce, right_answers(quiz))
    assert second.repeated and second.attempt == first.attempt and not second.attempt.passed
    assert QuizAttempt.objects.count() == 1 and not Certificate.objects.exists()


def test_a_tampered_quiz_is_refused_whole_and_nothing_is_stored(quiz, supplier_owner, curriculum):
    other_choice = Course.objects.get(slug="world-bank").quiz.questions.first().choices.first()
    answers = right_answers(quiz)
    first_question = next(iter(answers))
    cases = [
        {**answers, first_question: [other_choice.pk]},  # a choice of another quiz
        {**answers, "999999": [1]},  # a question that is not there
        {**answers, first_question: ["x"]},  # not a number
    ]
    single = quiz.questions.filter(kind="single").first()
    cases.append({**answers, str(single.pk): [c.pk for c in single.choices.all()]})  # every choice of a one-answer question
    for case in cases:
        with pytest.raises(ValidationError) as error:
            services.do_submit_quiz(supplier_owner, quiz, services.quiz_nonce(quiz), case)
        assert error.value.code == "tampered"
    with pytest.raises(ValidationError):
        services.do_submit_quiz(supplier_owner, quiz, services.quiz_nonce(quiz) + "x", answers)
    other_quiz_nonce = services.quiz_nonce(Course.objects.get(slug="world-bank").quiz)
    with pytest.raises(ValidationError):
        services.do_submit_quiz(supplier_owner, quiz, other_quiz_nonce, answers)
    assert not QuizAttempt.objects.exists()


def test_the_quiz_page_checks_answers_on_the_server_and_leads_to_the_certificate(client, quiz, supplier_owner):
    client.force_login(supplier_owner)
    page = client.get("/zh-hans/learn/ungm-registration/quiz/").content.decode()
    assert "在 UNGM 注册需要多少费用？" in page and "correct" not in page.replace('"correct"', "")
    nonce = page.split('name="nonce" value="')[1].split('"')[0]
    form = {"nonce": nonce, **{f"q-{q}": c for q, c in right_answers(quiz).items()}}
    response = client.post("/zh-hans/learn/ungm-registration/quiz/", form, follow=True)
    result = response.content.decode()
    assert "您已通过" in result and "结业证书" in result
    assert client.post("/zh-hans/learn/ungm-registration/quiz/", form).status_code == 302
    assert QuizAttempt.objects.count() == 1


# --- certificates --------------------------------------------------------------------------------------------------


@pytest.fixture
def certificate(quiz, supplier_owner):
    return services.do_submit_quiz(supplier_owner, quiz, services.quiz_nonce(quiz), right_answers(quiz)).certificate


def test_the_certificate_pdf_names_the_learner_the_course_and_its_number(
    client, certificate, supplier_owner
):
    client.force_login(supplier_owner)
    address = f"/zh-hans/learn/certificates/{certificate.number}/certificate.pdf"
    client.get(address)  # the first render loads WeasyPrint and the fonts
    started = time.perf_counter()
    response = client.get(address)
    elapsed = time.perf_counter() - started
    text = pdf_text(response.content)
    assert "结业证书" in text and "李娜" in text and certificate.number in text and "UNGM 注册分步指南" in text
    assert f"/zh-hans/learn/certificates/{certificate.number}/" in text
    # A guard against a slow regression only: the ≤ 1 s figure is measured by benchmarks/learning_pages.py
    # (a test on a machine shared by many processes cannot hold a sub-second bound).
    assert elapsed < 5, f"the certificate took {elapsed:.2f} s"


def test_anyone_can_verify_a_certificate_but_only_its_learner_downloads_it(
    client, certificate, other_supplier_member
):
    page = client.get(f"/en/learn/certificates/{certificate.number}/").content.decode()
    assert "genuine" in page and certificate.number in page and "data:image/svg+xml" in page
    assert "demo@tenderbridge.local" not in page
    assert client.get("/en/learn/certificates/TB-AAAA-AAAA/").status_code == 404
    client.force_login(other_supplier_member)
    assert client.get(f"/en/learn/certificates/{certificate.number}/certificate.pdf").status_code == 404
    body = client.get(f"/api/v1/learn/certificates/{certificate.number}").json()
    assert body["number"] == certificate.number and body["name"] == "Li Na 李娜"


# --- API -------------------------------------------------------------------------------------------------------


def test_the_api_twins_list_courses_and_a_lesson(client, curriculum):
    courses = client.get("/api/v1/learn/courses", headers={"Accept-Language": "zh-hans"}).json()["items"]
    assert len(courses) >= 7 and courses[0]["title"] == "联合国采购如何运作，谁在采购什么"
    lesson = client.get("/api/v1/learn/courses/code-of-conduct/lessons/code-overview").json()
    assert "<strong>Labour</strong>" in lesson["html"] and lesson["sources"][0]["title"] == "UN Supplier Code of Conduct"
    assert client.get("/api/v1/learn/courses/nope").status_code == 404


def test_the_api_quiz_needs_a_session_checks_answers_and_counts_a_nonce_once(client, quiz, supplier_owner):
    assert client.get("/api/v1/learn/courses/ungm-registration/quiz").status_code == 401
    client.force_login(supplier_owner)
    body = client.get("/api/v1/learn/courses/ungm-registration/quiz").json()
    assert "correct" not in json.dumps(body) and len(body["questions"]) == 5
    payload = json.dumps({"nonce": body["nonce"], "answers": right_answers(quiz)})
    first = client.post("/api/v1/learn/courses/ungm-registration/quiz/attempts", payload, content_type="application/json")
    second = client.post("/api/v1/learn/courses/ungm-registration/quiz/attempts", payload, content_type="application/json")
    assert first.json()["passed"] and first.json()["certificate"] and second.json()["repeated"]
    tampered = json.dumps({"nonce": body["nonce"], "answers": {"999999": [1]}})
    response = client.post("/api/v1/learn/courses/ungm-registration/quiz/attempts", tampered, content_type="application/json")
    assert response.status_code == 422 and response.json()["error"]["code"] == "tampered"
    assert QuizAttempt.objects.count() == 1
