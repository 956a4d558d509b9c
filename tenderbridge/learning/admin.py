"""Operators write the curriculum here, in both languages per field, with a preview of each lesson as learners
will see it (both languages side by side, rendered and sanitised) and "View on site" for drafts. Why the admin
and not a content library: docs/decisions/0018-learning-content-in-the-admin.md."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from . import richtext, services
from .models import Attachment, Certificate, Choice, Course, Lesson, Question, Quiz, QuizAttempt


class LessonInline(admin.TabularInline):
    model = Lesson
    extra = 0
    fields = ["order", "slug", "title_en", "title_zh", "published"]
    show_change_link = True


@admin.register(Course)
class CourseAdmin(admin.ModelAdmin):
    list_display = ["__str__", "title_zh", "order", "published", "edited"]
    list_editable = ["order", "published"]
    prepopulated_fields = {"slug": ["title_en"]}
    inlines = [LessonInline]

    def save_model(self, request, obj, form, change):
        obj.edited = True  # load_curriculum keeps an operator's edits from now on
        super().save_model(request, obj, form, change)


class AttachmentForm(forms.ModelForm):
    upload = forms.FileField(label=_("file"), required=False)

    class Meta:
        model = Attachment
        fields = ["upload"]


class AttachmentInline(admin.TabularInline):
    model = Attachment
    form = AttachmentForm
    extra = 0
    fields = ["upload", "name", "size"]
    readonly_fields = ["name", "size"]


def _preview(text: str, attachments: dict) -> str:
    # richtext.render's output is sanitised by nh3 (an allow-list): safe to show as HTML.
    html = mark_safe(richtext.render(text, attachments)) if text else "—"  # noqa: S308
    return format_html('<div class="lesson-preview" style="max-width:36rem">{}</div>', html)


@admin.register(Lesson)
class LessonAdmin(admin.ModelAdmin):
    list_display = ["__str__", "title_zh", "course", "order", "published"]
    list_filter = ["course", "published"]
    readonly_fields = ["preview_en", "preview_zh"]
    inlines = [AttachmentInline]
    fieldsets = [
        (None, {"fields": ["course", "slug", "order", "published", "minutes", "video_url", "sources"]}),
        (_("Text"), {"fields": [("title_en", "title_zh"), ("body_en", "body_zh")]}),
        (_("Preview (after saving)"), {"fields": [("preview_en", "preview_zh")]}),
    ]

    def _links(self, obj) -> dict:
        return {a.name: a.get_absolute_url() for a in obj.attachments.all()} if obj.pk else {}

    @admin.display(description=_("English preview"))
    def preview_en(self, obj):
        return _preview(obj.body_en, self._links(obj))

    @admin.display(description=_("Chinese preview"))
    def preview_zh(self, obj):
        return _preview(obj.body_zh, self._links(obj))

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        type(obj.course).objects.filter(pk=obj.course_id).update(edited=True)

    def save_formset(self, request, form, formset, change):
        if formset.model is not Attachment:
            return super().save_formset(request, form, formset, change)
        formset.save(commit=False)  # fills deleted_objects (and the lists the admin's history message reads)
        for obj in formset.deleted_objects:
            obj.delete()
        for subform in formset.forms:
            upload = getattr(subform, "cleaned_data", {}).get("upload")
            if upload:  # stored through lib/uploads (checked, private), never as a plain FileField
                try:
                    services.do_add_attachment(form.instance, upload.name, upload)
                except ValidationError as error:
                    self.message_user(request, f"{upload.name}: {' '.join(error.messages)}", messages.ERROR)
        formset.new_objects, formset.changed_objects = [], []


class ChoiceInline(admin.TabularInline):
    model = Choice
    extra = 2


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "quiz", "kind", "order"]
    list_filter = ["quiz"]
    inlines = [ChoiceInline]


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 0
    fields = ["order", "kind", "text_en", "text_zh"]
    show_change_link = True


@admin.register(Quiz)
class QuizAdmin(admin.ModelAdmin):
    list_display = ["__str__", "pass_mark"]
    inlines = [QuestionInline]


@admin.register(QuizAttempt)
class QuizAttemptAdmin(admin.ModelAdmin):
    list_display = ["user", "quiz", "score", "passed", "submitted"]
    list_filter = ["passed", "quiz"]
    readonly_fields = ["user", "quiz", "nonce", "answers", "correct", "total", "score", "passed", "submitted"]


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin):
    list_display = ["number", "name", "course", "issued"]
    search_fields = ["number", "name"]
    readonly_fields = ["number", "user", "course", "attempt", "issued", "course_title_en", "course_title_zh"]
