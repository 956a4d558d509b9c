"""Operators edit requirement sets here. A set firms have answered is read-only: its questions are what those
firms answered. To change it, copy it as a new version (an action), edit the copy, then publish it; firms then
start the new version with their answers carried over by key, and keep their old check as it was."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import services
from .models import Answer, ReadinessCheck, Requirement, RequirementSet


class RequirementInline(admin.StackedInline):
    model = Requirement
    extra = 0
    fields = [
        ("key", "level", "order", "weight"), ("text_en", "text_zh"), ("help_en", "help_zh"),
        ("action_en", "action_zh"), ("source_title", "source_url"), ("lesson", "evidence_required", "prefill"),
    ]  # fmt: skip

    def _frozen(self, obj) -> bool:
        return obj is not None and obj.is_answered()

    def has_change_permission(self, request, obj=None):
        return not self._frozen(obj) and super().has_change_permission(request, obj)

    def has_add_permission(self, request, obj=None):
        return not self._frozen(obj) and super().has_add_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self._frozen(obj) and super().has_delete_permission(request, obj)


@admin.register(RequirementSet)
class RequirementSetAdmin(admin.ModelAdmin):
    list_display = ["version", "title_en", "published", "published_at"]
    inlines = [RequirementInline]
    actions = ["copy_as_new_version"]

    def get_readonly_fields(self, request, obj=None):
        return ["version", "title_en", "title_zh"] if obj is not None and obj.is_answered() else []

    @admin.action(description=_("Copy as a new version (to edit)"))
    def copy_as_new_version(self, request, queryset):
        for source in queryset:
            version = f"{source.version}-copy-{timezone.now():%Y%m%d%H%M%S}"
            try:
                services.do_copy_as_new_version(source, version)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
            else:
                self.message_user(request, _("Copied as version %(version)s.") % {"version": version})


class AnswerInline(admin.TabularInline):
    model = Answer
    extra = 0
    fields = ["requirement", "status", "from_profile", "note", "answered_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ReadinessCheck)
class ReadinessCheckAdmin(admin.ModelAdmin):
    list_display = ["organisation", "requirement_set", "started", "updated"]
    list_filter = ["requirement_set"]
    readonly_fields = ["organisation", "requirement_set", "started", "updated"]
    inlines = [AnswerInline]
