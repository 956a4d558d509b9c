from django.contrib import admin

from .models import Alert, DigestItem, NoticeVersion, Recipient, Reminder, Sending


@admin.register(Alert)
class AlertAdmin(admin.ModelAdmin):
    list_display = ("name", "user", "source", "frequency", "paused", "last_sent", "next_send")
    list_filter = ("frequency", "source", "paused", "channel")
    search_fields = ("name", "user__email")
    raw_id_fields = ("user", "profile")


@admin.register(Recipient)
class RecipientAdmin(admin.ModelAdmin):
    list_display = ("user", "reminder_days", "bounced", "unsubscribed_all")
    search_fields = ("user__email",)
    exclude = ("feed_token", "webhook_secret")  # secrets: never shown, re-issued by the reader


@admin.register(Sending)
class SendingAdmin(admin.ModelAdmin):
    list_display = ("pk", "kind", "user", "alert", "due", "status", "attempts", "sent")
    list_filter = ("status", "kind")
    raw_id_fields = ("user", "alert", "reminder")


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    list_display = ("user", "notice", "deadline", "send_at", "status", "why")
    list_filter = ("status",)
    raw_id_fields = ("user", "notice")


@admin.register(NoticeVersion)
class NoticeVersionAdmin(admin.ModelAdmin):
    list_display = ("notice", "number", "kind", "deadline", "recorded", "matched")
    list_filter = ("kind",)
    raw_id_fields = ("notice",)


@admin.register(DigestItem)
class DigestItemAdmin(admin.ModelAdmin):
    list_display = ("alert", "notice", "version", "kind", "sending")
    raw_id_fields = ("alert", "notice", "version", "sending")
