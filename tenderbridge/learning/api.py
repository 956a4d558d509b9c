"""JSON twins of the learning centre's pages, under /api/v1/learn (built from the same reads.py calls).

Courses, lessons and certificate verification are public. Progress, quizzes and certificates belong to a
learner, a person: those endpoints use the browser session (an organisation's API token has no learner);
unsafe methods then need the CSRF token, as the pages' forms do.
"""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.security import SessionAuth

from tenderbridge.api.errors import ApiError
from tenderbridge.api.schemas import ERRORS, ErrorOut

from . import reads, services

router = Router(tags=["learning"])
session = SessionAuth()
LEARNER_ERRORS = {**ERRORS, 403: ErrorOut}  # 403: a session's unsafe request without its CSRF token


class LearnCourseOut(Schema):
    slug: str
    title: str
    title_missing: bool
    summary: str
    lessons: int
    done: int
    quiz_passed: bool
    percent: int
    certificate: str | None
    url: str


class LearnCoursesOut(Schema):
    items: list[LearnCourseOut]


class LearnLessonRef(Schema):
    slug: str
    title: str
    minutes: int
    done: bool
    url: str


class LearnCourseDetailOut(Schema):
    slug: str
    title: str
    summary: str
    lessons: list[LearnLessonRef]
    has_quiz: bool
    quiz_passed: bool
    best_score: int | None
    certificate: str | None


class LearnSourceOut(Schema):
    title: str
    url: str


class LearnAttachmentOut(Schema):
    name: str
    size: int
    url: str


class LearnLessonOut(Schema):
    course: str
    slug: str
    title: str
    title_missing: bool
    body_missing: bool
    html: str
    video_url: str
    sources: list[LearnSourceOut]
    attachments: list[LearnAttachmentOut]
    done: bool


class LearnChoiceOut(Schema):
    id: int
    text: str


class LearnQuestionOut(Schema):
    id: int
    kind: str
    text: str
    choices: list[LearnChoiceOut]


class LearnQuizOut(Schema):
    course: str
    pass_mark: int
    nonce: str
    questions: list[LearnQuestionOut]


class LearnAttemptIn(Schema):
    nonce: str
    answers: dict[str, list[int]]


class LearnAttemptOut(Schema):
    id: int
    correct: int
    total: int
    score: int
    passed: bool
    repeated: bool
    certificate: str | None
    certificate_pdf_url: str | None


class LearnVerificationOut(Schema):
    number: str
    name: str
    course: str
    issued: datetime
    url: str


def _card(card: reads.CourseCard) -> dict:
    course = card.course
    return {
        "slug": course.slug, "title": course.text("title"), "title_missing": course.missing("title"),
        "summary": course.text("summary"), "lessons": card.lessons, "done": card.done,
        "quiz_passed": card.quiz_passed, "percent": card.percent,
        "certificate": card.certificate.number if card.certificate else None, "url": course.get_absolute_url(),
    }  # fmt: skip


@router.get("/courses", response={200: LearnCoursesOut}, summary="Courses with your progress (/<lang>/learn/)")
def courses(request):
    return {"items": [_card(card) for card in reads.course_cards(request.user)]}


@router.get("/courses/{slug}", response={200: LearnCourseDetailOut, **ERRORS}, summary="A course (/<lang>/learn/<slug>/)")
def get_course(request, slug: str):
    view = reads.course_view(request.user, slug)
    return {
        "slug": view.course.slug, "title": view.course.text("title"), "summary": view.course.text("summary"),
        "lessons": [{"slug": lesson.slug, "title": lesson.text("title"), "minutes": lesson.minutes,
                     "done": lesson.pk in view.done, "url": lesson.get_absolute_url()} for lesson in view.lessons],
        "has_quiz": view.has_quiz, "quiz_passed": view.quiz_passed, "best_score": view.best_score,
        "certificate": view.certificate.number if view.certificate else None,
    }  # fmt: skip


@router.get(
    "/courses/{slug}/lessons/{lesson}",
    response={200: LearnLessonOut, **ERRORS},
    summary="A lesson, its text as sanitised HTML (/<lang>/learn/<course>/<lesson>/)",
)
def get_lesson(request, slug: str, lesson: str):
    return _lesson_out(reads.lesson_view(request.user, slug, lesson))


def _lesson_out(view: reads.LessonView) -> dict:
    found = view.lesson
    return {
        "course": view.course.slug, "slug": found.slug, "title": found.text("title"),
        "title_missing": found.missing("title"), "body_missing": view.missing_body, "html": view.html,
        "video_url": found.video_url, "sources": [{"title": t, "url": u} for t, u in view.sources],
        "attachments": [{"name": a.name, "size": a.size, "url": a.get_absolute_url()} for a in view.attachments],
        "done": view.done,
    }  # fmt: skip


@router.post(
    "/courses/{slug}/lessons/{lesson}/done",
    response={200: LearnLessonOut, **LEARNER_ERRORS},
    auth=session,
    summary="Mark a lesson as done (signed-in learner)",
)
def lesson_done(request, slug: str, lesson: str):
    services.do_mark_lesson_done(request.auth, reads.lesson_view(request.auth, slug, lesson).lesson)
    return _lesson_out(reads.lesson_view(request.auth, slug, lesson))


def _quiz(request, slug: str):
    found = getattr(reads.course_or_404(request.auth, slug), "quiz", None)
    if found is None:
        raise ApiError(404, "not_found", _("This course has no quiz."))
    return found


@router.get(
    "/courses/{slug}/quiz", response={200: LearnQuizOut, **LEARNER_ERRORS}, auth=session,
    summary="The course's quiz, without its answers, and a nonce for one submission",
)  # fmt: skip
def quiz(request, slug: str):
    found = _quiz(request, slug)
    questions = [
        {"id": q.pk, "kind": q.kind, "text": q.text("text"),
         "choices": [{"id": c.pk, "text": c.text("text")} for c in q.choices.all()]}
        for q in found.questions.prefetch_related("choices")
    ]  # fmt: skip
    return {"course": slug, "pass_mark": found.pass_mark, "nonce": services.quiz_nonce(found), "questions": questions}


@router.post(
    "/courses/{slug}/quiz/attempts", response={200: LearnAttemptOut, **LEARNER_ERRORS}, auth=session,
    summary="Submit the quiz: checked on the server; the same nonce twice counts once",
)  # fmt: skip
def submit(request, slug: str, payload: LearnAttemptIn):
    found = _quiz(request, slug)
    try:
        result = services.do_submit_quiz(request.auth, found, payload.nonce, payload.answers)
    except ValidationError as error:
        code = error.error_list[0].code or "invalid"
        raise ApiError(422, code, " ".join(error.messages), {"fields": [
            {"location": "body.payload.answers", "message": m} for m in error.messages]}) from None  # fmt: skip
    certificate = result.certificate
    return {
        "id": result.attempt.pk, "correct": result.attempt.correct, "total": result.attempt.total,
        "score": result.attempt.score, "passed": result.attempt.passed, "repeated": result.repeated,
        "certificate": certificate.number if certificate else None,
        "certificate_pdf_url": f"{certificate.get_absolute_url()}certificate.pdf" if certificate else None,
    }  # fmt: skip


@router.get(
    "/certificates/{number}", response={200: LearnVerificationOut, **ERRORS},
    summary="Public verification of a certificate of completion (/<lang>/learn/certificates/<number>/)",
)  # fmt: skip
def verify(request, number: str):
    found = reads.certificate_or_404(number)
    return {"number": found.number, "name": found.name, "course": found.course_title, "issued": found.issued,
            "url": reads.verification_url(found)}  # fmt: skip
