"""Pages of the learning centre (/<lang>/learn/…). Courses and lessons are public; progress, quizzes and
certificates need a signed-in learner; a certificate's verification page is public (by its random number)."""

from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from tenderbridge.lib import pdf, uploads

from . import reads, services
from .models import Attachment, Certificate, Lesson, QuizAttempt


def index(request):
    return render(request, "learning/index.html", {"cards": reads.course_cards(request.user)})


def course(request, slug: str):
    return render(request, "learning/course.html", {"view": reads.course_view(request.user, slug)})


def lesson(request, course: str, slug: str):
    return render(request, "learning/lesson.html", {"view": reads.lesson_view(request.user, course, slug)})


@login_required
@require_POST
def lesson_done(request, course: str, slug: str):
    view = reads.lesson_view(request.user, course, slug)
    services.do_mark_lesson_done(request.user, view.lesson)
    messages.success(request, _("The lesson is marked as done."))
    if view.next is not None:
        return redirect(view.next.get_absolute_url())
    return redirect("learning:course", slug=course)


def _quiz_answers(post, quiz) -> dict[str, list[str]]:
    return {name.removeprefix("q-"): post.getlist(name) for name in post if name.startswith("q-")}


@login_required
@require_http_methods(["GET", "POST"])
def quiz(request, slug: str):
    course = reads.course_or_404(request.user, slug)
    found = getattr(course, "quiz", None)
    if found is None:
        raise Http404
    if request.method == "POST":
        try:
            result = services.do_submit_quiz(request.user, found, request.POST.get("nonce", ""),
                                             _quiz_answers(request.POST, found))  # fmt: skip
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            if result.repeated:
                messages.info(request, _("This quiz form was already submitted: here is its result."))
            return redirect("learning:attempt", slug=slug, pk=result.attempt.pk)
    questions = list(found.questions.prefetch_related("choices"))
    context = {"course": course, "quiz": found, "questions": questions, "nonce": services.quiz_nonce(found)}
    return render(request, "learning/quiz.html", context, status=400 if request.method == "POST" else 200)


@login_required
def attempt(request, slug: str, pk: int):
    found = get_object_or_404(QuizAttempt.objects.select_related("quiz__course"), pk=pk, user=request.user,
                              quiz__course__slug=slug)  # fmt: skip
    certificate = Certificate.objects.filter(user=request.user, course=found.quiz.course).first()
    questions = list(found.quiz.questions.prefetch_related("choices"))
    chosen = {int(q): set(c) for q, c in found.answers.items()}
    rows = [(q, chosen.get(q.pk, set())) for q in questions]
    context = {"attempt": found, "course": found.quiz.course, "rows": rows, "certificate": certificate}
    return render(request, "learning/attempt.html", context)


def verify(request, number: str):
    """Public: anyone holding the number (or scanning the QR code) sees who earned which certificate when."""
    certificate = reads.certificate_or_404(number)
    url = reads.verification_url(certificate)
    context = {"certificate": certificate, "url": url, "qr": reads.qr_svg_data_uri(url)}
    return render(request, "learning/verify.html", context)


def certificate_pdf_response(certificate: Certificate) -> HttpResponse:
    url = reads.verification_url(certificate)
    html = render_to_string(
        "learning/certificate_pdf.html",
        {"certificate": certificate, "url": url, "qr": reads.qr_svg_data_uri(url)},
    )
    document = pdf.render(html, extra_css="@page { size: A4 landscape; }")
    response = HttpResponse(document.content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="certificate-{certificate.number}.pdf"'
    return response


@login_required
def certificate_pdf(request, number: str):
    certificate = reads.certificate_or_404(number)
    if certificate.user_id != request.user.pk and not request.user.is_staff:
        raise Http404
    return certificate_pdf_response(certificate)


def file(request, pk: int):
    """A lesson's attachment, to whoever may read the lesson (published, or staff previewing), as a download."""
    found = Attachment.objects.select_related("lesson__course").filter(pk=pk).first()
    visible = found is not None and (
        request.user.is_staff or Lesson.objects.published().filter(pk=found.lesson_id).exists()
    )
    if not visible:
        raise Http404
    path = uploads.resolve(Path(settings.PRIVATE_MEDIA_ROOT), found.path)
    if not path.is_file():
        raise Http404
    response = FileResponse(path.open("rb"))
    headers = uploads.download_headers(uploads.KINDS[found.extension], found.name)
    if found.extension in ("png", "jpg", "jpeg"):
        # A lesson shows its images inline; their type is fixed and checked, and nosniff stays.
        headers["Content-Disposition"] = headers["Content-Disposition"].replace("attachment", "inline", 1)
    for header, value in headers.items():
        response[header] = value
    return response
