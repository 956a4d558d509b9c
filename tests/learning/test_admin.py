"""Operators write content in the admin: a lesson's page previews both languages, sanitised; an answered
requirement set is read-only there."""

import pytest

from tenderbridge.learning.models import Course, Lesson
from tenderbridge.readiness import services as readiness
from tenderbridge.readiness.models import RequirementSet

pytestmark = pytest.mark.django_db


def test_the_lesson_admin_previews_both_languages_and_marks_the_course_edited(client, operator, curriculum):
    lesson = Lesson.objects.get(slug="code-overview")
    Lesson.objects.filter(pk=lesson.pk).update(body_en=lesson.body_en + "\\n\\n<script>alert(1)</script>")
    client.force_login(operator)
    page = client.get(f"/en/admin/learning/lesson/{lesson.pk}/change/").content.decode()
    preview = page.split('class="lesson-preview"', 1)[1]
    assert "<strong>Labour</strong>" in preview and "<strong>劳工</strong>" in page and "<script>alert" not in preview
    form = {
        "course": lesson.course_id, "slug": lesson.slug, "order": 0, "published": "on", "minutes": 5,
        "video_url": "", "sources": lesson.sources, "title_en": "Edited", "title_zh": lesson.title_zh,
        "body_en": lesson.body_en, "body_zh": lesson.body_zh,
        "attachments-TOTAL_FORMS": 0, "attachments-INITIAL_FORMS": 0,
    }  # fmt: skip
    response = client.post(f"/en/admin/learning/lesson/{lesson.pk}/change/", form)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Course.objects.get(pk=lesson.course_id).edited


def test_an_answered_requirement_set_is_read_only_in_the_admin(client, operator, supplier_owner):
    readiness.load_all_requirement_sets()
    requirement_set = RequirementSet.objects.get()
    client.force_login(operator)
    assert 'name="requirements-0-text_en"' in client.get(
        f"/en/admin/readiness/requirementset/{requirement_set.pk}/change/").content.decode()  # fmt: skip
    readiness.do_start_check(supplier_owner.organisation)
    page = client.get(f"/en/admin/readiness/requirementset/{requirement_set.pk}/change/").content.decode()
    assert 'name="requirements-0-text_en"' not in page  # answered: its questions are what firms answered
    response = client.post("/en/admin/readiness/requirementset/", {
        "action": "copy_as_new_version", "_selected_action": [requirement_set.pk]})  # fmt: skip
    assert response.status_code == 302 and RequirementSet.objects.count() == 2


def test_a_lesson_attachment_uploaded_in_the_admin_is_checked_and_served_to_readers(client, operator, curriculum,
                                                                                     settings, tmp_path):  # fmt: skip
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.PRIVATE_MEDIA_ROOT = tmp_path
    lesson = Lesson.objects.get(slug="code-overview")
    client.force_login(operator)
    form = {
        "course": lesson.course_id, "slug": lesson.slug, "order": 0, "published": "on", "minutes": 5,
        "video_url": "", "sources": lesson.sources, "title_en": lesson.title_en, "title_zh": lesson.title_zh,
        "body_en": lesson.body_en, "body_zh": lesson.body_zh, "attachments-INITIAL_FORMS": 0,
        "attachments-TOTAL_FORMS": 2,
        "attachments-0-upload": SimpleUploadedFile("checklist.txt", "供应商检查清单".encode()),
        "attachments-1-upload": SimpleUploadedFile("fake.png", b"not an image"),
    }  # fmt: skip
    client.post(f"/en/admin/learning/lesson/{lesson.pk}/change/", form)
    [attachment] = lesson.attachments.all()
    assert attachment.name == "checklist.txt"
    client.logout()
    response = client.get(f"/en/learn/files/{attachment.pk}/")
    assert response.status_code == 200 and b"".join(response.streaming_content) == "供应商检查清单".encode()
    assert "checklist.txt" in client.get("/en/learn/code-of-conduct/code-overview/").content.decode()
