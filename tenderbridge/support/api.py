"""JSON twins of the help desk pages, under /api/v1/support (token or session; the same services)."""

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.security import SessionAuth

from tenderbridge.accounts.models import Organisation
from tenderbridge.api.auth import OrganisationToken
from tenderbridge.api.errors import ApiError
from tenderbridge.api.schemas import ERRORS, ErrorOut

from . import services
from .models import Ticket

router = Router(tags=["support"], auth=[OrganisationToken(), SessionAuth()])
ALL_ERRORS = {**ERRORS, 403: ErrorOut}


class SupportMessageOut(Schema):
    from_programme: bool
    body: str
    created: datetime
    attachments: list[str]


class SupportTicketOut(Schema):
    id: int
    subject: str
    organisation: str
    status: str
    created: datetime
    first_response: datetime | None
    resolved: datetime | None
    url: str


class SupportThreadOut(SupportTicketOut):
    messages: list[SupportMessageOut]


class SupportTicketsOut(Schema):
    items: list[SupportTicketOut]


class SupportAskIn(Schema):
    subject: str
    body: str


class SupportReplyIn(Schema):
    body: str


def _ticket(ticket: Ticket) -> dict:
    return {"id": ticket.pk, "subject": ticket.subject, "organisation": ticket.organisation.name,
            "status": ticket.status, "created": ticket.created, "first_response": ticket.first_response,
            "resolved": ticket.resolved, "url": reverse("support:ticket", args=[ticket.pk])}  # fmt: skip


def _thread(ticket: Ticket) -> dict:
    messages = ticket.messages.prefetch_related("attachments")
    return {**_ticket(ticket), "messages": [
        {"from_programme": m.from_programme, "body": m.body, "created": m.created,
         "attachments": [reverse("support:file", args=[a.pk]) for a in m.attachments.all()]} for m in messages]}  # fmt: skip


def _invalid(error: ValidationError):
    fields = [{"location": "body.payload", "message": m} for m in error.messages]
    return ApiError(422, "validation_error", " ".join(error.messages), {"fields": fields})


def _found(request, ticket_id: int) -> Ticket:
    ticket = services.readable_tickets(request.auth).select_related("organisation").filter(pk=ticket_id).first()
    if ticket is None:
        raise ApiError(404, "not_found", _("Nothing was found at this address."))
    return ticket


def _supplier(request) -> Organisation:
    if isinstance(request.auth, Organisation):
        found = request.auth if request.auth.kind == Organisation.Kind.SUPPLIER else None
    else:
        found = Organisation.objects.suppliers().for_user(request.auth).order_by("memberships__created").first()
    if found is None:
        raise ApiError(403, "not_a_supplier", _("Only a supplier organisation asks the help desk."))
    return found


@router.get("/tickets", response={200: SupportTicketsOut, **ALL_ERRORS}, summary="Your questions; every one for operators")
def tickets(request):
    rows = services.readable_tickets(request.auth).select_related("organisation").order_by("-created")[:200]
    return {"items": [_ticket(t) for t in rows]}


@router.post("/tickets", response={200: SupportThreadOut, **ALL_ERRORS}, summary="Ask the programme a question")
def ask(request, payload: SupportAskIn):
    organisation = _supplier(request)
    try:
        ticket = services.do_ask(organisation, request.auth, payload.subject, payload.body)
    except ValidationError as error:
        raise _invalid(error) from None
    return _thread(ticket)


@router.get("/tickets/{ticket_id}", response={200: SupportThreadOut, **ALL_ERRORS}, summary="A question and its thread")
def thread(request, ticket_id: int):
    return _thread(_found(request, ticket_id))


@router.post("/tickets/{ticket_id}/messages", response={200: SupportThreadOut, **ALL_ERRORS}, summary="Reply in the thread")
def reply(request, ticket_id: int, payload: SupportReplyIn):
    ticket = _found(request, ticket_id)
    try:
        services.do_reply(ticket, request.auth, payload.body)
    except ValidationError as error:
        raise _invalid(error) from None
    except PermissionDenied:
        raise ApiError(404, "not_found", _("Nothing was found at this address.")) from None
    ticket.refresh_from_db()
    return _thread(ticket)
