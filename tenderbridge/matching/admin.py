"""Operators read the stored feeds here (read-only: feeds are computed, marks are the suppliers' own)."""

from django.contrib import admin

from .models import FeedItem, FeedState, Mark, SavedFilter


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(FeedState)
class FeedStateAdmin(ReadOnly):
    list_display = ["profile", "ranked", "updated", "requested", "notices_ranked"]
    exclude = ["profile_vector", "history_vector"]
    list_select_related = ["profile"]


@admin.register(FeedItem)
class FeedItemAdmin(ReadOnly):
    list_display = ["profile", "notice", "score", "computed"]
    list_select_related = ["profile", "notice"]
    raw_id_fields = ["profile", "notice"]


@admin.register(Mark)
class MarkAdmin(ReadOnly):
    list_display = ["profile", "notice", "state", "changed"]
    list_filter = ["state"]
    list_select_related = ["profile", "notice"]
    raw_id_fields = ["profile", "notice"]


@admin.register(SavedFilter)
class SavedFilterAdmin(ReadOnly):
    list_display = ["profile", "name", "query", "created"]
    list_select_related = ["profile"]
