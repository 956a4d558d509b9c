"""The learning centre: courses → lessons (Markdown in both languages, attachments, a video link), a quiz per
course, each learner's progress, and certificates of completion with a public verification number.

Content is written by operators in the admin (or loaded from curriculum/ by `manage.py load_curriculum`); every
text field exists in English and Chinese, and a page shows the other language with a mark where one is missing.
Reads are QuerySet methods here; writes go through services.py.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

MAX_QUESTIONS = 50
MAX_CHOICES = 8


def chinese_page() -> bool:
    return (get_language() or "en").startswith("zh")


class Bilingual:
    """Models with `<name>_en` / `<name>_zh` fields: the page language's text, else the other one."""

    def text(self, name: str) -> str:
        english, chinese = getattr(self, f"{name}_en"), getattr(self, f"{name}_zh")
        return (chinese or english) if chinese_page() else (english or chinese)

    def missing(self, name: str) -> bool:
        """Whether the page's language lacks this field while the other has it (shown with a mark)."""
        english, chinese = getattr(self, f"{name}_en"), getattr(self, f"{name}_zh")
        own, other = (chinese, english) if chinese_page() else (english, chinese)
        return not own and bool(other)


class CourseQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published=True)

    def visible_to(self, user):
        """Published courses for everyone; drafts too for staff (operators preview them)."""
        return self if getattr(user, "is_staff", False) else self.published()


class Course(Bilingual, models.Model):
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title_en = models.CharField(_("title in English"), max_length=200, blank=True)
    title_zh = models.CharField(_("title in Chinese"), max_length=200, blank=True)
    summary_en = models.TextField(_("summary in English"), max_length=2_000, blank=True)
    summary_zh = models.TextField(_("summary in Chinese"), max_length=2_000, blank=True)
    published = models.BooleanField(_("published"), default=False)
    # Set when an operator edits the course in the admin: load_curriculum then leaves it alone.
    edited = models.BooleanField(_("edited by an operator"), default=False)
    source_digest = models.CharField(max_length=64, blank=True, editable=False)
    updated = models.DateTimeField(_("updated"), default=timezone.now)

    objects = CourseQuerySet.as_manager()

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        ordering = ["order", "slug"]

    def __str__(self):
        return self.title_en or self.title_zh or self.slug

    def get_absolute_url(self):
        return reverse("learning:course", args=[self.slug])


class LessonQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published=True, course__published=True)


class Lesson(Bilingual, models.Model):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="lessons")
    slug = models.SlugField(_("slug"), max_length=80)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title_en = models.CharField(_("title in English"), max_length=200, blank=True)
    title_zh = models.CharField(_("title in Chinese"), max_length=200, blank=True)
    body_en = models.TextField(_("text in English (Markdown)"), max_length=100_000, blank=True)
    body_zh = models.TextField(_("text in Chinese (Markdown)"), max_length=100_000, blank=True)
    video_url = models.URLField(_("video link"), blank=True, help_text=_("Shown as a link: nothing is embedded."))
    sources = models.TextField(
        _("public sources"), blank=True, help_text=_("One per line: the title, then the address after a space.")
    )
    minutes = models.PositiveSmallIntegerField(_("reading time in minutes"), default=5)
    published = models.BooleanField(_("published"), default=True)

    objects = LessonQuerySet.as_manager()

    class Meta:
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")
        ordering = ["course", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["course", "slug"], name="lesson_slug_once_per_course")]

    def __str__(self):
        return self.title_en or self.title_zh or self.slug

    def get_absolute_url(self):
        return reverse("learning:lesson", args=[self.course.slug, self.slug])


class Attachment(models.Model):
    """A file of a lesson (an image it shows, a template to download), checked by lib/uploads and kept under
    PRIVATE_MEDIA_ROOT; served by learning:file to whoever may read the lesson. Markdown refers to it as
    `attachment:<name>`."""

    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="attachments")
    name = models.CharField(_("file name"), max_length=200)
    path = models.CharField(max_length=300, editable=False)
    extension = models.CharField(max_length=8, editable=False)
    size = models.PositiveIntegerField(_("size in bytes"), default=0, editable=False)
    uploaded = models.DateTimeField(_("uploaded"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        constraints = [models.UniqueConstraint(fields=["lesson", "name"], name="attachment_name_once_per_lesson")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("learning:file", args=[self.pk])


class Quiz(models.Model):
    course = models.OneToOneField(Course, on_delete=models.CASCADE, related_name="quiz")
    pass_mark = models.PositiveSmallIntegerField(_("pass mark (%)"), default=70)

    class Meta:
        verbose_name = _("quiz")
        verbose_name_plural = _("quizzes")

    def __str__(self):
        return f"{self.course}: quiz"


class Question(Bilingual, models.Model):
    class Kind(models.TextChoices):
        SINGLE = "single", _("One answer")
        MULTIPLE = "multiple", _("Several answers")

    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.SINGLE)
    text_en = models.CharField(_("question in English"), max_length=500, blank=True)
    text_zh = models.CharField(_("question in Chinese"), max_length=500, blank=True)
    explanation_en = models.TextField(_("explanation in English"), max_length=2_000, blank=True)
    explanation_zh = models.TextField(_("explanation in Chinese"), max_length=2_000, blank=True)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["quiz", "order", "pk"]

    def __str__(self):
        return self.text_en or self.text_zh


class Choice(Bilingual, models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text_en = models.CharField(_("answer in English"), max_length=300, blank=True)
    text_zh = models.CharField(_("answer in Chinese"), max_length=300, blank=True)
    correct = models.BooleanField(_("correct"), default=False)

    class Meta:
        verbose_name = _("answer choice")
        verbose_name_plural = _("answer choices")
        ordering = ["question", "order", "pk"]

    def __str__(self):
        return self.text_en or self.text_zh


class LessonProgress(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lesson_progress")
    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="progress")
    completed = models.DateTimeField(_("completed"), default=timezone.now)

    class Meta:
        verbose_name = _("lesson progress")
        verbose_name_plural = _("lesson progress")
        constraints = [models.UniqueConstraint(fields=["user", "lesson"], name="lesson_done_once")]

    def __str__(self):
        return f"{self.user_id} · {self.lesson_id}"


class QuizAttempt(models.Model):
    """One submitted quiz. `nonce` comes from the quiz form (signed by the server): the same form posted twice
    is one attempt (a database constraint), so a double click or a replay counts once."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="quiz_attempts")
    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="attempts")
    nonce = models.CharField(max_length=40)
    answers = models.JSONField(default=dict)  # question id (str) → sorted choice ids chosen
    correct = models.PositiveSmallIntegerField()
    total = models.PositiveSmallIntegerField()
    score = models.PositiveSmallIntegerField()  # 0–100
    passed = models.BooleanField()
    submitted = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("quiz attempt")
        verbose_name_plural = _("quiz attempts")
        constraints = [models.UniqueConstraint(fields=["user", "nonce"], name="quiz_attempt_once_per_form")]
        indexes = [models.Index(fields=["user", "quiz", "passed"], name="attempt_user_quiz_passed")]

    def __str__(self):
        return f"{self.user_id} · {self.quiz_id}: {self.score}%"


class CertificateQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(user=user) if user.is_authenticated else self.none()


class Certificate(models.Model):
    """A certificate of completion: the learner passed the course's quiz. Its number is random (not a count),
    so the public verification page cannot be walked to list learners."""

    number = models.CharField(_("certificate number"), max_length=20, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="course_certificates")
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="certificates")
    name = models.CharField(_("name on the certificate"), max_length=200)
    course_title_en = models.CharField(max_length=200)  # as the course was called when it was earned
    course_title_zh = models.CharField(max_length=200, blank=True)
    attempt = models.ForeignKey(QuizAttempt, on_delete=models.SET_NULL, null=True, related_name="+")
    issued = models.DateTimeField(_("issued"), default=timezone.now)

    objects = CertificateQuerySet.as_manager()

    class Meta:
        verbose_name = _("certificate of completion")
        verbose_name_plural = _("certificates of completion")
        constraints = [models.UniqueConstraint(fields=["user", "course"], name="one_certificate_per_course")]

    def __str__(self):
        return self.number

    def get_absolute_url(self):
        return reverse("learning:verify", args=[self.number])

    @property
    def course_title(self) -> str:
        return (self.course_title_zh or self.course_title_en) if chinese_page() else self.course_title_en
