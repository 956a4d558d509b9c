"""Help desk pages (/<lang>/support/…): a firm's questions and their threads; operators see every question with
its first-response and resolution times. Another firm, a buyer or an anonymous reader gets nothing."""

from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from tenderbridge.accounts.models import Organisation, User
from tenderbridge.lib import uploads

from . import services
from .models import Attachment, Ticket


def _supplier(user) -> Organisation | None:
    return Organisation.objects.suppliers().for_user(user).order_by("memberships__created").first()


def _files(request) -> list:
    return [(f.name, f) for f in request.FILES.getlist("file")]


@login_required
@require_http_methods(["GET", "POST"])
def index(request):
    operator, organisation = services.is_operator(request.user), _supplier(request.user)
    if not operator and organisation is None:
        raise Http404
    if request.method == "POST" and organisation is not None:
        try:
            ticket = services.do_ask(organisation, request.user, request.POST.get("subject", ""),
                                     request.POST.get("body", ""), _files(request))  # fmt: skip
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Your question is sent to the programme."))
            return redirect("support:ticket", pk=ticket.pk)
    tickets = services.readable_tickets(request.user).select_related("organisation", "assigned_to")
    status = request.GET.get("status", "")
    if status in Ticket.Status.values:
        tickets = tickets.filter(status=status)
    context = {"tickets": tickets.order_by("-created")[:200], "operator": operator, "can_ask": organisation is not None,
               "statuses": Ticket.Status.choices, "status": status}  # fmt: skip
    return render(request, "support/index.html", context)


def _readable(request, pk: int) -> Ticket:
    ticket = services.readable_tickets(request.user).select_related("organisation", "assigned_to").filter(pk=pk).first()
    if ticket is None:
        raise Http404
    return ticket


@login_required
@require_http_methods(["GET", "POST"])
def ticket(request, pk: int):
    found = _readable(request, pk)
    if request.method == "POST":
        try:
            _act(request, found)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            return redirect("support:ticket", pk=pk)
    thread = found.messages.select_related("author").prefetch_related("attachments")
    operators = User.objects.filter(memberships__organisation__kind=Organisation.Kind.OPERATOR).distinct()
    context = {"ticket": found, "thread": thread, "operator": services.is_operator(request.user),
               "operators": operators}  # fmt: skip
    return render(request, "support/ticket.html", context)


def _act(request, found: Ticket) -> None:
    action = request.POST.get("action", "reply")
    if action == "close":
        services.do_close(found, request.user)
        messages.success(request, _("The question is closed."))
    elif action == "assign" and services.is_operator(request.user):
        to = User.objects.filter(pk=request.POST.get("to") or 0).first()
        services.do_assign(found, request.user, to)
        messages.success(request, _("The question is assigned."))
    else:
        services.do_reply(found, request.user, request.POST.get("body", ""), _files(request))
        messages.success(request, _("Your reply is sent."))


@login_required
def file(request, pk: int):
    found = Attachment.objects.filter(pk=pk, message__ticket__in=services.readable_tickets(request.user)).first()
    if found is None:
        raise Http404
    sent = uploads.download(Path(settings.PRIVATE_MEDIA_ROOT), found.path, found.extension, found.name)
    if sent is None:
        raise Http404
    response = FileResponse(sent.path.open("rb"))
    for header, value in sent.headers.items():
        response[header] = value
    return response
