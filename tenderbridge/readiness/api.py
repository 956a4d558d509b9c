"""JSON twins of the readiness pages, under /api/v1/readiness (built from the same report.build read).

Auth: a supplier organisation's API token or the browser session (unsafe methods then need the CSRF token).
`GET /readiness` is the caller's own check (started on first use, like the page); operators read every firm's
under `/readiness/firms`. Anyone else gets 404 for a firm's check, so its existence never leaks.
"""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import File, Form, Router, Schema
from ninja.files import UploadedFile
from ninja.security import SessionAuth

from tenderbridge.accounts.models import Organisation
from tenderbridge.api.auth import OrganisationToken
from tenderbridge.api.errors import ApiError
from tenderbridge.api.schemas import ERRORS, ErrorOut

from . import access, report, services
from .models import ReadinessCheck

router = Router(tags=["readiness"], auth=[OrganisationToken(), SessionAuth()])
ALL_ERRORS = {**ERRORS, 403: ErrorOut, 503: ErrorOut}
FIRMS_LIMIT = 500  # the newest checks; the page pages through all of them


class ReadinessDocumentOut(Schema):
    id: int
    name: str
    size: int
    url: str


class ReadinessItemOut(Schema):
    key: str
    level: str
    text: str
    help: str
    action: str
    status: str
    from_profile: bool
    met: bool
    evidence_required: bool
    documents: list[ReadinessDocumentOut]
    note: str
    source_title: str
    source_url: str
    lesson_url: str


class ReadinessLevelOut(Schema):
    level: str
    label: str
    score: int
    ready: bool


class ReadinessActionOut(Schema):
    key: str
    action: str
    needs_document: bool
    lesson_url: str


class ReadinessSnapshotOut(Schema):
    taken: datetime
    ready_level: str
    score: int


class ReadinessCheckOut(Schema):
    id: int
    organisation: str
    version: str
    set_title: str
    ready_level: str
    ready_label: str
    score: int
    levels: list[ReadinessLevelOut]
    next_actions: list[ReadinessActionOut]
    items: list[ReadinessItemOut]
    history: list[ReadinessSnapshotOut]
    report_pdf_url: str
    page_url: str


class ReadinessAnswerIn(Schema):
    key: str
    status: str
    note: str = ""


class ReadinessAnswersIn(Schema):
    answers: list[ReadinessAnswerIn]


class ReadinessFirmOut(Schema):
    id: int
    organisation: str
    version: str
    ready_level: str
    score: int
    updated: datetime


class ReadinessFirmsOut(Schema):
    items: list[ReadinessFirmOut]


def _item(state) -> dict:
    r, answer = state.requirement, state.answer
    documents = [
        {"id": d.pk, "name": d.name, "size": d.size, "url": reverse("readiness:evidence", args=[d.pk])}
        for d in answer.evidence.all()
    ]
    return {
        "key": r.key, "level": r.level, "text": r.text, "help": r.help, "action": r.action, "status": state.status,
        "from_profile": state.from_profile, "met": state.met, "evidence_required": r.evidence_required,
        "documents": documents, "note": answer.note, "source_title": r.source_title, "source_url": r.source_url,
        "lesson_url": report.lesson_url(r.lesson),
    }  # fmt: skip


def check_out(check: ReadinessCheck, own: bool) -> dict:
    built = report.build(check)
    result = built.result
    return {
        "id": check.pk,
        "organisation": check.organisation.name,
        "version": check.requirement_set.version,
        "set_title": check.requirement_set.title,
        "ready_level": result.ready_level,
        "ready_label": result.ready_label,
        "score": result.score,
        "levels": [{"level": lv.level, "label": lv.label, "score": lv.score, "ready": lv.ready} for lv in result.levels],
        "next_actions": [
            {"key": i.requirement.key, "action": i.requirement.action, "needs_document": i.needs_document,
             "lesson_url": report.lesson_url(i.requirement.lesson)}
            for i in result.next_actions
        ],  # fmt: skip
        "items": [_item(state) for state in result.items],
        "history": [{"taken": s.taken, "ready_level": s.ready_level, "score": s.score} for s in built.history],
        "report_pdf_url": reverse("readiness:report_pdf") if own else reverse("readiness:firm_pdf", args=[check.pk]),
        "page_url": reverse("readiness:index") if own else reverse("readiness:firm", args=[check.pk]),
    }


def own_check(request) -> ReadinessCheck:
    organisation = access.supplier_organisation(request.auth)
    if organisation is None:
        raise ApiError(403, "not_a_supplier", _("The readiness check is for supplier companies."))
    try:
        return services.do_start_check(organisation, _acting_user(request))
    except services.NoRequirementSet:
        raise ApiError(503, "no_requirement_set", _("No requirement set is published yet.")) from None


@router.get("", response={200: ReadinessCheckOut, **ALL_ERRORS}, summary="Your readiness check (/<lang>/readiness/)")
def get_check(request):
    return check_out(own_check(request), own=True)


@router.put(
    "/answers", response={200: ReadinessCheckOut, **ALL_ERRORS}, summary="Save answers (the items sent; others stay)"
)
def put_answers(request, payload: ReadinessAnswersIn):
    check = own_check(request)
    given = [services.AnswerInput(a.key, a.status, a.note) for a in payload.answers]
    try:
        services.do_save_answers(check, given, _acting_user(request))
    except ValidationError as error:
        fields = [{"location": "body.payload.answers", "message": m} for m in error.messages]
        raise ApiError(422, "validation_error", _("Some answers are not valid."), {"fields": fields}) from None
    return check_out(check, own=True)


@router.post(
    "/evidence",
    response={200: ReadinessDocumentOut, **ALL_ERRORS},
    summary="Upload a document for one requirement (multipart: key, file)",
)
def post_evidence(request, key: Form[str], file: File[UploadedFile]):
    check = own_check(request)
    try:
        evidence = services.do_add_evidence(check, key, _acting_user(request), file.name or "", file)
    except ValidationError as error:
        code = error.error_list[0].code or "invalid"
        fields = [{"location": "body.file", "message": m} for m in error.messages]
        raise ApiError(422, code, " ".join(error.messages), {"fields": fields}) from None
    return {"id": evidence.pk, "name": evidence.name, "size": evidence.size,
            "url": reverse("readiness:evidence", args=[evidence.pk])}  # fmt: skip


def _operator_only(request) -> None:
    if not access.operator(request.auth):
        raise ApiError(404, "not_found", _("Nothing was found at this address."))


@router.get("/firms", response={200: ReadinessFirmsOut, **ALL_ERRORS}, summary="Every firm's check (operators)")
def firms(request):
    _operator_only(request)
    checks = ReadinessCheck.objects.select_related("organisation", "requirement_set").order_by("-updated", "pk")
    items = []
    for check in checks[:FIRMS_LIMIT]:
        result = services.result_for(check)
        items.append({"id": check.pk, "organisation": check.organisation.name, "version": check.requirement_set.version,
                      "ready_level": result.ready_level, "score": result.score, "updated": check.updated})  # fmt: skip
    return {"items": items}


@router.get("/firms/{check_id}", response={200: ReadinessCheckOut, **ALL_ERRORS}, summary="A firm's check (operators)")
def firm(request, check_id: int):
    _operator_only(request)
    check = ReadinessCheck.objects.select_related("organisation", "requirement_set").filter(pk=check_id).first()
    if check is None:
        raise ApiError(404, "not_found", _("Nothing was found at this address."))
    return check_out(check, own=False)


def _acting_user(request):
    """The signed-in user, or None for an organisation's API token."""
    return None if isinstance(request.auth, Organisation) else request.auth
