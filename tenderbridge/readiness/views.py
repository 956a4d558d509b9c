"""Pages of the readiness check (/<lang>/readiness/…): the firm's own check, its evidence and PDF report;
the programme operators' list of firms. Thin: the writes are services.py, the read is report.build."""

from functools import wraps
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from tenderbridge.lib import uploads

from . import access, report, services
from .models import Answer, Evidence, ReadinessCheck

FIRMS_PAGE = 50


def supplier_check_view(view):
    """Signed-in users of a supplier organisation; sets request.check (the firm's check, started on first use).
    Operators are sent to the firms' list; buyers get a page saying the check is for suppliers."""

    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        organisation = access.supplier_organisation(request.user)
        if organisation is None:
            if access.operator(request.user):
                return redirect("readiness:firms")
            return render(request, "readiness/not_a_supplier.html", {}, status=403)
        try:
            request.check = services.do_start_check(organisation, request.user)
        except services.NoRequirementSet:
            return render(request, "readiness/no_set.html", {}, status=503)
        return view(request, *args, **kwargs)

    return wrapped


def _answers_from(post) -> list[services.AnswerInput]:
    keys = [name.removeprefix("status-") for name in post if name.startswith("status-")]
    return [
        services.AnswerInput(key, post.get(f"status-{key}", ""), post.get(f"note-{key}", "").strip())
        for key in keys
    ]


@supplier_check_view
@require_http_methods(["GET", "POST"])
def index(request):
    check = request.check
    if request.method == "POST":
        try:
            services.do_save_answers(check, _answers_from(request.POST), request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Your answers are saved."))
            return redirect("readiness:index")
    context = {
        "report": report.build(check), "statuses": Answer.Status.choices, "editable": True,
        "upload_mb": settings.UPLOAD_MAX_MB,
    }
    return render(request, "readiness/index.html", context)


@supplier_check_view
@require_POST
def prefill(request):
    count = services.do_prefill(request.check)
    messages.success(request, ngettext(
        "%(count)d answer was taken from your company profile.",
        "%(count)d answers were taken from your company profile.", count) % {"count": count})
    return redirect("readiness:index")


@supplier_check_view
@require_POST
def upload(request):
    key, file = request.POST.get("key", ""), request.FILES.get("file")
    if file is None:
        messages.error(request, _("Choose a file to upload."))
        return redirect("readiness:index")
    try:
        services.do_add_evidence(request.check, key, request.user, file.name, file)
    except ValidationError as error:
        messages.error(request, _("%(name)s was not uploaded: %(reason)s") % {
            "name": file.name, "reason": " ".join(error.messages)})  # fmt: skip
    else:
        messages.success(request, _("%(name)s is uploaded.") % {"name": file.name})
    return redirect(reverse("readiness:index") + f"#item-{slugify(key)}")


@supplier_check_view
@require_POST
def delete_evidence(request, pk: int):
    try:
        services.do_delete_evidence(request.check, pk)
    except Evidence.DoesNotExist:  # another firm's document and a missing one look the same
        raise Http404 from None
    messages.success(request, _("The document is deleted."))
    return redirect("readiness:index")


@login_required
def evidence(request, pk: int):
    """A stored document, to the firm and operators only, always as a download (never shown inline)."""
    found = access.readable_evidence(request.user, pk)
    if found is None:
        raise Http404
    sent = uploads.download(Path(settings.PRIVATE_MEDIA_ROOT), found.path, found.extension, found.name)
    if sent is None:
        raise Http404
    response = FileResponse(sent.path.open("rb"))
    for header, value in sent.headers.items():
        response[header] = value
    return response


def _pdf_response(check: ReadinessCheck) -> HttpResponse:
    document = report.render_pdf(report.build(check))
    response = HttpResponse(document.content, content_type="application/pdf")
    name = f"readiness-{check.requirement_set.version}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


@supplier_check_view
def report_pdf(request):
    return _pdf_response(request.check)


def operator_view(view):
    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not access.operator(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapped


@operator_view
def firms(request):
    checks = ReadinessCheck.objects.select_related("organisation", "requirement_set").order_by("-updated", "pk")
    page = Paginator(checks, FIRMS_PAGE).get_page(request.GET.get("page"))
    rows = [(check, services.result_for(check)) for check in page]
    return render(request, "readiness/firms.html", {"page": page, "rows": rows})


@operator_view
def firm(request, pk: int):
    check = get_object_or_404(ReadinessCheck.objects.select_related("organisation", "requirement_set"), pk=pk)
    context = {"report": report.build(check), "statuses": Answer.Status.choices, "editable": False}
    return render(request, "readiness/index.html", context)


@operator_view
def firm_pdf(request, pk: int):
    return _pdf_response(get_object_or_404(ReadinessCheck, pk=pk))
