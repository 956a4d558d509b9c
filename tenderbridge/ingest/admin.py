import json

from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .models import IngestFile, IngestJob, RawRelease, Rejection, Source


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "url", "enabled", "next_due", "last_success", "last_error_at"]
    list_filter = ["kind", "enabled"]
    readonly_fields = ["etag", "last_modified", "last_success", "last_error", "last_error_at"]


class IngestFileInline(admin.TabularInline):
    model = IngestFile
    extra = 0
    can_delete = False
    fields = [
        "name",
        "source_kind",
        "releases_read",
        "notices_created",
        "notices_updated",
        "notices_unchanged",
        "rejected",
        "notices_placeholder",
        "notices_duplicate",
        "seconds",
    ]
    readonly_fields = fields
    show_change_link = True


@admin.register(IngestJob)
class IngestJobAdmin(admin.ModelAdmin):
    list_display = ["__str__", "source", "status", "started", "finished"]
    list_filter = ["status"]
    inlines = [IngestFileInline]


class RejectionInline(admin.TabularInline):
    model = Rejection
    extra = 0
    can_delete = False
    fields = ["position", "code", "reason", "ocid"]
    readonly_fields = fields


@admin.register(IngestFile)
class IngestFileAdmin(admin.ModelAdmin):
    """The rejection report: what was read from each file and every record that was refused, with why."""

    list_display = [
        "name",
        "job",
        "source_kind",
        "releases_read",
        "notices_created",
        "notices_updated",
        "notices_unchanged",
        "rejected",
        "notices_placeholder",
        "notices_duplicate",
    ]
    list_filter = ["source_kind"]
    search_fields = ["name"]
    inlines = [RejectionInline]


@admin.register(Rejection)
class RejectionAdmin(admin.ModelAdmin):
    list_display = ["file", "position", "code", "reason"]
    list_filter = ["code"]
    search_fields = ["reason", "ocid", "file__name"]


@admin.register(RawRelease)
class RawReleaseAdmin(admin.ModelAdmin):
    list_display = ["ocid", "release_id", "date", "file"]
    search_fields = ["ocid", "release_id"]
    raw_id_fields = ["file"]
    # `data` is null for a release stored once, in its notice's compiled release: the release as read is shown.
    readonly_fields = ["release_as_read"]

    @admin.display(description=_("release as read"))
    def release_as_read(self, obj):
        return format_html("<pre>{}</pre>", json.dumps(obj.release(), indent=2, ensure_ascii=False))
