from django.contrib import admin

from .models import Message, Ticket


class MessageInline(admin.TabularInline):
    model = Message
    extra = 0
    fields = ["created", "from_programme", "author", "body"]
    readonly_fields = fields


@admin.register(Ticket)
class TicketAdmin(admin.ModelAdmin):
    # Answers go through the help desk pages (they time the first response and send the emails).
    list_display = ["subject", "organisation", "status", "assigned_to", "created", "first_response", "resolved"]
    list_filter = ["status"]
    readonly_fields = ["organisation", "created", "first_response", "resolved"]
    inlines = [MessageInline]
