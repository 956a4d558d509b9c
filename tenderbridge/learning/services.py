"""Writes of the learning centre, each in one transaction: a lesson marked done, a quiz submitted (checked here,
on the server, against the stored answers), a certificate issued, an attachment added.

A quiz form carries a nonce signed by the server (`quiz_nonce`); the attempt is stored once per (learner,
nonce), so a form posted twice counts once and returns the first result. A submission naming a question or a
choice that is not the quiz's, or several choices for a one-answer question, is refused whole.
"""

import secrets
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from tenderbridge.lib import uploads

from .models import Attachment, Certificate, Course, Lesson, LessonProgress, Question, Quiz, QuizAttempt

NONCE_SALT = "learning.quiz"
NONCE_MAX_AGE = 7 * 24 * 3600  # a quiz form stays valid a week
NUMBER_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I: numbers are read aloud and typed


# --- progress ---------------------------------------------------------------------------------------------------


@transaction.atomic
def do_mark_lesson_done(user, lesson: Lesson) -> LessonProgress:
    progress, _created = LessonProgress.objects.get_or_create(user=user, lesson=lesson)
    return progress


# --- quizzes ----------------------------------------------------------------------------------------------------


def quiz_nonce(quiz: Quiz) -> str:
    """A fresh, signed token for one quiz form."""
    return signing.dumps({"quiz": quiz.pk, "n": secrets.token_hex(8)}, salt=NONCE_SALT)


def _nonce_value(quiz: Quiz, token: str) -> str:
    try:
        data = signing.loads(token or "", salt=NONCE_SALT, max_age=NONCE_MAX_AGE)
    except signing.BadSignature:
        raise ValidationError(
            _("This quiz form has expired or was altered: open the quiz again."), code="bad_nonce"
        ) from None
    if not isinstance(data, dict) or data.get("quiz") != quiz.pk:
        raise ValidationError(_("This quiz form belongs to another quiz: open the quiz again."), code="bad_nonce")
    return str(data["n"])


def _checked_answers(quiz: Quiz, answers: dict) -> dict[int, set[int]]:
    """The submission as question id → choice ids, refused whole when any part is not the quiz's."""
    questions = {q.pk: q for q in quiz.questions.prefetch_related("choices")}
    checked: dict[int, set[int]] = {}
    for raw_question, raw_choices in answers.items():
        try:
            question_id, choice_ids = int(raw_question), {int(c) for c in raw_choices}
        except (TypeError, ValueError):
            raise ValidationError(_("The answers are not in the expected form."), code="tampered") from None
        question = questions.get(question_id)
        if question is None or not choice_ids <= {c.pk for c in question.choices.all()}:
            raise ValidationError(_("The answers name a question or a choice that is not in this quiz."),
                                  code="tampered")  # fmt: skip
        if question.kind == Question.Kind.SINGLE and len(choice_ids) > 1:
            raise ValidationError(_("Choose only one answer for: %(question)s") % {"question": question.text("text")},
                                  code="tampered")  # fmt: skip
        checked[question_id] = choice_ids
    return checked


@dataclass(frozen=True)
class QuizResult:
    attempt: QuizAttempt
    repeated: bool  # the same form was posted before: this is the first attempt's result
    certificate: Certificate | None


def _score(quiz: Quiz, chosen: dict[int, set[int]]) -> tuple[int, int]:
    correct, total = 0, 0
    for question in quiz.questions.prefetch_related("choices"):
        total += 1
        right = {c.pk for c in question.choices.all() if c.correct}
        correct += chosen.get(question.pk, set()) == right
    return correct, total


def do_submit_quiz(user, quiz: Quiz, nonce: str, answers: dict) -> QuizResult:
    """Check a submitted quiz on the server and store it once; a pass issues the course's certificate."""
    value = _nonce_value(quiz, nonce)
    chosen = _checked_answers(quiz, answers)
    existing = QuizAttempt.objects.filter(user=user, nonce=value).first()
    if existing is not None:
        return QuizResult(existing, True, Certificate.objects.filter(user=user, course=quiz.course).first())
    try:
        return _store_attempt(user, quiz, value, chosen)
    except IntegrityError:  # the same form, posted twice at once: the other request stored it
        attempt = QuizAttempt.objects.get(user=user, nonce=value)
        return QuizResult(attempt, True, Certificate.objects.filter(user=user, course=quiz.course).first())


@transaction.atomic
def _store_attempt(user, quiz: Quiz, value: str, chosen: dict[int, set[int]]) -> QuizResult:
    correct, total = _score(quiz, chosen)
    score = round(100 * correct / total) if total else 0
    attempt = QuizAttempt.objects.create(
        user=user, quiz=quiz, nonce=value, answers={str(q): sorted(c) for q, c in chosen.items()},
        correct=correct, total=total, score=score, passed=bool(total) and score >= quiz.pass_mark,
    )  # fmt: skip
    certificate = _issue_certificate(user, quiz.course, attempt) if attempt.passed else None
    certificate = certificate or Certificate.objects.filter(user=user, course=quiz.course).first()
    return QuizResult(attempt, False, certificate)


def new_number() -> str:
    body = "".join(secrets.choice(NUMBER_ALPHABET) for _ in range(8))
    return f"TB-{body[:4]}-{body[4:]}"


def _certificate_name(user) -> str:
    return (user.full_name or user.email.split("@")[0])[:200]


def _issue_certificate(user, course: Course, attempt: QuizAttempt) -> Certificate:
    found = Certificate.objects.filter(user=user, course=course).first()
    if found is not None:
        return found
    for _try in range(5):  # 32^8 numbers: a collision is very unlikely, but the column is unique
        number = new_number()
        if not Certificate.objects.filter(number=number).exists():
            break
    return Certificate.objects.create(
        number=number, user=user, course=course, name=_certificate_name(user), course_title_en=course.title_en,
        course_title_zh=course.title_zh, attempt=attempt,
    )  # fmt: skip


# --- attachments ------------------------------------------------------------------------------------------------


def do_add_attachment(lesson: Lesson, name: str, stream) -> Attachment:
    """Check (lib/uploads) and store a lesson's file; ValidationError with the upload's refusal code."""
    try:
        upload = uploads.check_upload(name, stream, settings.UPLOAD_MAX_MB * 1024 * 1024)
    except uploads.UploadRefused as error:
        raise ValidationError(_(uploads.MESSAGES[error.code]) % error.params, code=error.code) from None
    root = Path(settings.PRIVATE_MEDIA_ROOT)
    relative = uploads.store(root, f"learning/{lesson.pk}", upload)
    try:
        with transaction.atomic():
            Attachment.objects.filter(lesson=lesson, name=upload.name).delete()  # a new file of the same name
            return Attachment.objects.create(
                lesson=lesson, name=upload.name, path=relative, extension=upload.kind.extension, size=upload.size
            )
    except BaseException:
        uploads.remove(root, relative)
        raise
