"""Writes of the help desk, each in one transaction, then the email that tells the other side.

A question (or a reply) with a file refused by lib/uploads is refused whole: nothing is stored. Emails go out
after the commit, through Django's mailer (SMTP in production); a mail server that is down is logged and does
not undo the question.
"""

import logging
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from tenderbridge.accounts.models import Organisation, User
from tenderbridge.lib import uploads

from .models import BODY_MAX, SUBJECT_MAX, Attachment, Message, Ticket

log = logging.getLogger(__name__)


def is_operator(user) -> bool:
    if isinstance(user, Organisation):
        return user.kind == Organisation.Kind.OPERATOR
    return bool(user and user.is_authenticated) and Organisation.objects.for_user(user).filter(
        kind=Organisation.Kind.OPERATOR
    ).exists()


def readable_tickets(user):
    """Operators read every ticket; a supplier's users (or its token) their organisation's; others none."""
    if is_operator(user):
        return Ticket.objects.all()
    if isinstance(user, Organisation):
        return Ticket.objects.filter(organisation=user) if user.kind == Organisation.Kind.SUPPLIER else Ticket.objects.none()
    if not user.is_authenticated:
        return Ticket.objects.none()
    return Ticket.objects.filter(organisation__in=Organisation.objects.suppliers().for_user(user))


def _check_text(subject: str | None, body: str) -> None:
    errors = []
    if subject is not None and not 1 <= len(subject.strip()) <= SUBJECT_MAX:
        errors.append(_("The subject needs 1 to %(limit)d characters.") % {"limit": SUBJECT_MAX})
    if not 1 <= len(body.strip()) <= BODY_MAX:
        errors.append(_("The message needs 1 to %(limit)d characters.") % {"limit": BODY_MAX})
    if errors:
        raise ValidationError(errors, code="invalid")


def _checked_files(files) -> list[uploads.CheckedUpload]:
    checked = []
    for name, stream in files:
        try:
            checked.append(uploads.check_upload(name, stream, settings.UPLOAD_MAX_MB * 1024 * 1024))
        except uploads.UploadRefused as error:
            message = _(uploads.MESSAGES[error.code]) % error.params
            raise ValidationError(f"{name}: {message}", code=error.code) from None
    return checked


def _add_message(ticket, author, body: str, files: list[uploads.CheckedUpload], programme: bool, stored: list):
    """The message and its files; `stored` collects the files written, for the caller to remove on a rollback."""
    message = Message.objects.create(
        ticket=ticket, author=author if isinstance(author, User) else None, from_programme=programme, body=body.strip()
    )
    for upload in files:
        stored.append(uploads.store(Path(settings.PRIVATE_MEDIA_ROOT), f"support/{ticket.pk}", upload))
        Attachment.objects.create(message=message, name=upload.name, path=stored[-1],
                                  extension=upload.kind.extension, size=upload.size)  # fmt: skip
    return message


def _remove(stored: list[str]) -> None:
    for relative in stored:
        uploads.remove(Path(settings.PRIVATE_MEDIA_ROOT), relative)


def do_ask(organisation: Organisation, author, subject: str, body: str, files=()) -> Ticket:
    """A supplier firm's new question (files: (name, stream) pairs); operators are told by email."""
    if organisation.kind != Organisation.Kind.SUPPLIER:
        raise PermissionDenied("only supplier organisations ask the help desk")
    _check_text(subject, body)
    checked, stored = _checked_files(files), []
    try:
        with transaction.atomic():
            ticket = Ticket.objects.create(organisation=organisation, subject=subject.strip())
            _add_message(ticket, author, body, checked, False, stored)
    except BaseException:
        _remove(stored)
        raise
    _notify_programme(ticket, body)
    return ticket


def do_reply(ticket: Ticket, author, body: str, files=()) -> Message:
    """A reply in the thread: from an operator it answers the firm (first response timed, firm emailed);
    from the firm it reopens the question for the programme."""
    _check_text(None, body)
    checked, stored, programme = _checked_files(files), [], is_operator(author)
    try:
        with transaction.atomic():
            ticket = Ticket.objects.select_for_update().get(pk=ticket.pk)
            message = _add_message(ticket, author, body, checked, programme, stored)
            if programme:
                ticket.status = Ticket.Status.ANSWERED
                ticket.first_response = ticket.first_response or message.created
            else:
                ticket.status, ticket.resolved = Ticket.Status.OPEN, None
            ticket.save(update_fields=["status", "first_response", "resolved"])
    except BaseException:
        _remove(stored)
        raise
    (_notify_firm if programme else _notify_programme)(ticket, body)
    return message


@transaction.atomic
def do_assign(ticket: Ticket, operator: User, to: User | None) -> Ticket:
    if not is_operator(operator) or (to is not None and not is_operator(to)):
        raise PermissionDenied("only operators assign questions, to operators")
    Ticket.objects.filter(pk=ticket.pk).update(assigned_to=to)
    ticket.refresh_from_db()
    return ticket


@transaction.atomic
def do_close(ticket: Ticket, by) -> Ticket:
    """Closed by an operator or by the firm itself (resolution time stamped)."""
    if not readable_tickets(by).filter(pk=ticket.pk).exists():
        raise PermissionDenied("not this ticket")
    Ticket.objects.filter(pk=ticket.pk).update(status=Ticket.Status.CLOSED, resolved=timezone.now())
    ticket.refresh_from_db()
    return ticket


# --- email -------------------------------------------------------------------------------------------------------


def _send(recipients: list[str], subject: str, text: str) -> None:
    if not recipients:
        return
    try:
        send_mail(subject, text, settings.DEFAULT_FROM_EMAIL, recipients)
    except Exception:  # the question is stored; the mail server being down must not lose it
        log.exception("help desk email not sent", extra={"recipients": len(recipients)})


def _link(ticket: Ticket, language: str) -> str:
    with override(language):
        return settings.SITE_URL.rstrip("/") + reverse("support:ticket", args=[ticket.pk])


def _notify_programme(ticket: Ticket, body: str) -> None:
    operators = User.objects.filter(
        memberships__organisation__kind=Organisation.Kind.OPERATOR, is_active=True
    ).values_list("email", flat=True)
    with override("en"):
        subject = _("Help desk: %(subject)s") % {"subject": ticket.subject}
        text = _("%(company)s asks:\n\n%(body)s\n\nAnswer it here: %(link)s") % {
            "company": ticket.organisation.name, "body": body, "link": _link(ticket, "en")}  # fmt: skip
    _send(sorted(set(operators)), subject, text)


def _notify_firm(ticket: Ticket, body: str) -> None:
    members = User.objects.filter(memberships__organisation=ticket.organisation, is_active=True)
    with override("zh-hans"):  # the firms are Chinese SMEs: the mail is in Chinese, with the English below
        subject = _("The programme answered: %(subject)s") % {"subject": ticket.subject}
        text = _("Your question has an answer:\n\n%(body)s\n\nRead the thread: %(link)s") % {
            "body": body, "link": _link(ticket, "zh-hans")}  # fmt: skip
    with override("en"):
        text += "\n\n---\n\n" + _("Your question has an answer:\n\n%(body)s\n\nRead the thread: %(link)s") % {
            "body": body, "link": _link(ticket, "en")}  # fmt: skip
    _send(sorted(set(members.values_list("email", flat=True))), subject, text)
