"""The learning centre's reads, shared by the pages and their JSON twins: courses with the learner's progress,
one course, one lesson (its text rendered), and a certificate's public verification. Each reads a fixed number
of queries whatever the number of learners (progress is read by the learner's own rows, on an index)."""

from dataclasses import dataclass

import segno
from django.conf import settings
from django.db.models import Count, Q
from django.http import Http404
from django.urls import reverse

from . import richtext
from .models import Certificate, Course, Lesson, LessonProgress, QuizAttempt


@dataclass(frozen=True)
class CourseCard:
    course: Course
    lessons: int
    done: int
    quiz_passed: bool
    certificate: Certificate | None

    @property
    def percent(self) -> int:
        steps = self.lessons + 1  # the lessons and the quiz
        return round(100 * (self.done + self.quiz_passed) / steps)


def _signed_in(user) -> bool:
    return bool(user and user.is_authenticated)


def course_cards(user) -> list[CourseCard]:
    courses = list(
        Course.objects.visible_to(user)
        .annotate(lesson_count=Count("lessons", filter=Q(lessons__published=True)))
        .order_by("order", "slug")  # an aggregate query drops Meta.ordering
    )
    done, passed, certificates = {}, set(), {}
    if _signed_in(user):
        rows = LessonProgress.objects.filter(user=user).values("lesson__course").annotate(n=Count("pk"))
        done = {row["lesson__course"]: row["n"] for row in rows}
        passed = set(QuizAttempt.objects.filter(user=user, passed=True).values_list("quiz__course", flat=True))
        certificates = {c.course_id: c for c in Certificate.objects.filter(user=user)}
    return [
        CourseCard(c, c.lesson_count, done.get(c.pk, 0), c.pk in passed, certificates.get(c.pk)) for c in courses
    ]


@dataclass(frozen=True)
class CourseView:
    course: Course
    lessons: list[Lesson]
    done: set[int]
    has_quiz: bool
    quiz_passed: bool
    best_score: int | None
    certificate: Certificate | None


def course_or_404(user, slug: str) -> Course:
    course = Course.objects.visible_to(user).select_related("quiz").filter(slug=slug).first()
    if course is None:
        raise Http404
    return course


def course_view(user, slug: str) -> CourseView:
    course = course_or_404(user, slug)
    lessons = list(course.lessons.all() if getattr(user, "is_staff", False) else course.lessons.filter(published=True))
    done, passed, best, certificate = set(), False, None, None
    quiz = getattr(course, "quiz", None)
    if _signed_in(user):
        done = set(LessonProgress.objects.filter(user=user, lesson__course=course).values_list("lesson_id", flat=True))
        scores = list(QuizAttempt.objects.filter(user=user, quiz__course=course).values_list("score", "passed"))
        passed, best = any(p for _s, p in scores), max((s for s, _p in scores), default=None)
        certificate = Certificate.objects.filter(user=user, course=course).first()
    return CourseView(course, lessons, done, quiz is not None, passed, best, certificate)


@dataclass(frozen=True)
class LessonView:
    course: Course
    lesson: Lesson
    html: str
    missing_body: bool
    sources: list[tuple[str, str]]
    attachments: list
    done: bool
    previous: Lesson | None
    next: Lesson | None


def _sources(text: str) -> list[tuple[str, str]]:
    """"Title https://…" per line → (title, address)."""
    found = []
    for line in text.splitlines():
        title, _space, address = line.strip().rpartition(" ")
        if address.startswith(("http://", "https://")):
            found.append((title.strip(), address))
        elif line.strip():
            found.append((line.strip(), ""))
    return found


def lesson_view(user, course_slug: str, lesson_slug: str) -> LessonView:
    course = course_or_404(user, course_slug)
    lessons = list(course.lessons.all() if getattr(user, "is_staff", False) else course.lessons.filter(published=True))
    index = next((i for i, lesson in enumerate(lessons) if lesson.slug == lesson_slug), None)
    if index is None:
        raise Http404
    lesson = lessons[index]
    attachments = list(lesson.attachments.order_by("name"))
    links = {a.name: a.get_absolute_url() for a in attachments}
    done = _signed_in(user) and LessonProgress.objects.filter(user=user, lesson=lesson).exists()
    return LessonView(
        course, lesson, richtext.render(lesson.text("body"), links), lesson.missing("body"), _sources(lesson.sources),
        attachments, done, lessons[index - 1] if index else None, lessons[index + 1] if index + 1 < len(lessons) else None,
    )  # fmt: skip


def verification_url(certificate: Certificate) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("learning:verify", args=[certificate.number])


def qr_svg_data_uri(url: str) -> str:
    """The QR code of an address, as an inline SVG image (nothing fetched, works in the PDF too)."""
    # A standalone SVG document (svg_inline has no namespace, which an <img> needs).
    return segno.make(url, error="m").svg_data_uri(scale=4, dark="#1d2733", xmldecl=False)


def certificate_or_404(number: str) -> Certificate:
    found = Certificate.objects.select_related("course").filter(number=number.upper()).first()
    if found is None:
        raise Http404
    return found
