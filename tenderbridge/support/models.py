"""The help desk: a supplier firm asks the programme a question; operators answer in the thread.

A ticket belongs to one supplier organisation and is read only by its users and by programme operators.
Reads are QuerySet methods here; writes go through services.py.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tenderbridge.accounts.models import Organisation

SUBJECT_MAX = 200
BODY_MAX = 10_000


class TicketQuerySet(models.QuerySet):
    def for_organisation(self, organisation: Organisation):
        return self.filter(organisation=organisation)


class Ticket(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Waiting for the programme")
        ANSWERED = "answered", _("Answered")
        CLOSED = "closed", pgettext_lazy("help desk question", "Closed")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="tickets")
    subject = models.CharField(_("subject"), max_length=SUBJECT_MAX)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("assigned to"),
    )  # fmt: skip
    created = models.DateTimeField(_("asked"), default=timezone.now)
    first_response = models.DateTimeField(_("first answered"), null=True, blank=True)
    resolved = models.DateTimeField(pgettext_lazy("help desk question", "closed"), null=True, blank=True)

    objects = TicketQuerySet.as_manager()

    class Meta:
        verbose_name = _("help desk question")
        verbose_name_plural = _("help desk questions")
        indexes = [models.Index(fields=["organisation", "-created"], name="ticket_org_created")]

    def __str__(self):
        return self.subject


class Message(models.Model):
    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    from_programme = models.BooleanField(default=False)
    body = models.TextField(_("message"), max_length=BODY_MAX)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created", "pk"]

    def __str__(self):
        return f"{self.ticket_id}: {self.body[:40]}"


class Attachment(models.Model):
    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="attachments")
    name = models.CharField(max_length=200)
    path = models.CharField(max_length=300)
    extension = models.CharField(max_length=8)
    size = models.PositiveIntegerField()

    def __str__(self):
        return self.name
