"""Loading the starter curriculum from data files: curriculum/<course>/course.yaml (titles, summaries, lessons'
titles and sources, the quiz) and curriculum/<course>/<lesson>.en.md / .zh.md (the lessons' text).

A course is created when missing and rewritten when its files changed, unless an operator has edited it in the
admin (Course.edited): then the operator's version stays. A quiz learners have attempted keeps its questions
(their attempts refer to them); the loader says so instead of rewriting it. One transaction per course.
"""

import hashlib
from dataclasses import dataclass
from pathlib import Path

import yaml
from django.db import transaction

from .models import MAX_CHOICES, MAX_QUESTIONS, Choice, Course, Lesson, Question, Quiz

CURRICULUM_DIR = Path(__file__).resolve().parent / "curriculum"
RESERVED_SLUGS = {"quiz", "certificates", "files", "me"}  # the course page's own sub-addresses


@dataclass(frozen=True)
class CourseLoad:
    slug: str
    status: str  # created, updated, unchanged, kept (edited by an operator)
    lessons: int
    questions: int
    quiz_kept: bool = False


def _digest(folder: Path) -> str:
    sha = hashlib.sha256()
    for path in sorted(folder.iterdir()):
        if path.is_file():
            sha.update(path.name.encode() + b"\0" + path.read_bytes())
    return sha.hexdigest()


def _read_body(folder: Path, slug: str, language: str) -> str:
    path = folder / f"{slug}.{language}.md"
    return path.read_text(encoding="utf-8").strip() if path.is_file() else ""


def _check(data: dict, folder: Path) -> None:
    if not isinstance(data, dict) or not data.get("slug") or not (data.get("title_en") or data.get("title_zh")):
        raise ValueError(f"{folder}/course.yaml needs a slug and a title")
    slugs = [lesson.get("slug") for lesson in data.get("lessons") or []]
    if not all(slugs) or len(set(slugs)) != len(slugs) or RESERVED_SLUGS & set(slugs):
        raise ValueError(f"{folder}/course.yaml: each lesson needs its own slug, not one of {sorted(RESERVED_SLUGS)}")
    questions = (data.get("quiz") or {}).get("questions") or []
    if len(questions) > MAX_QUESTIONS:
        raise ValueError(f"{folder}/course.yaml: at most {MAX_QUESTIONS} questions")
    for index, question in enumerate(questions):
        choices = question.get("choices") or []
        right = sum(bool(c.get("correct")) for c in choices)
        single = question.get("kind", "single") == "single"
        if not 2 <= len(choices) <= MAX_CHOICES or right < 1 or (single and right != 1):
            raise ValueError(f"{folder}/course.yaml: quiz question {index + 1} needs 2–{MAX_CHOICES} choices and "
                             "one right answer (a multiple-choice question: at least one)")  # fmt: skip


def load_course(folder: Path, force: bool = False) -> CourseLoad:
    data = yaml.safe_load((folder / "course.yaml").read_text(encoding="utf-8"))
    _check(data, folder)
    digest = _digest(folder)
    with transaction.atomic():
        course = Course.objects.select_for_update().filter(slug=data["slug"]).first()
        if course is not None and course.edited and not force:
            return CourseLoad(course.slug, "kept", course.lessons.count(), 0)
        if course is not None and course.source_digest == digest and not force:
            return CourseLoad(course.slug, "unchanged", course.lessons.count(), 0)
        status = "updated" if course else "created"
        course = _write_course(course or Course(slug=data["slug"]), data, digest)
        lessons = _write_lessons(course, data.get("lessons") or [], folder)
        kept, questions = _write_quiz(course, data.get("quiz") or {})
    return CourseLoad(course.slug, status, lessons, questions, kept)


def _write_course(course: Course, data: dict, digest: str) -> Course:
    for name in ("title_en", "title_zh", "summary_en", "summary_zh"):
        setattr(course, name, (data.get(name) or "").strip())
    course.order, course.published, course.source_digest = int(data.get("order", 0)), True, digest
    course.save()
    return course


def _write_lessons(course: Course, lessons: list[dict], folder: Path) -> int:
    course.lessons.exclude(slug__in=[lesson["slug"] for lesson in lessons]).delete()
    for order, item in enumerate(lessons):
        lesson = Lesson.objects.filter(course=course, slug=item["slug"]).first() or Lesson(course=course, slug=item["slug"])
        lesson.order, lesson.published = order, True
        lesson.title_en, lesson.title_zh = item.get("title_en", ""), item.get("title_zh", "")
        lesson.body_en, lesson.body_zh = _read_body(folder, item["slug"], "en"), _read_body(folder, item["slug"], "zh")
        lesson.video_url, lesson.minutes = item.get("video_url", ""), int(item.get("minutes", 5))
        lesson.sources = "\n".join(item.get("sources") or [])
        lesson.save()
    return len(lessons)


def _write_quiz(course: Course, data: dict) -> tuple[bool, int]:
    questions = data.get("questions") or []
    if not questions:
        return False, 0
    quiz, _created = Quiz.objects.get_or_create(course=course, defaults={"pass_mark": data.get("pass_mark", 70)})
    if quiz.attempts.exists():
        return True, quiz.questions.count()
    quiz.pass_mark = int(data.get("pass_mark", 70))
    quiz.save()
    quiz.questions.all().delete()
    for order, item in enumerate(questions):
        question = Question.objects.create(
            quiz=quiz, order=order, kind=item.get("kind", "single"), text_en=item.get("text_en", ""),
            text_zh=item.get("text_zh", ""), explanation_en=item.get("explanation_en", ""),
            explanation_zh=item.get("explanation_zh", ""),
        )  # fmt: skip
        Choice.objects.bulk_create(
            [Choice(question=question, order=i, text_en=c.get("text_en", ""), text_zh=c.get("text_zh", ""),
                    correct=bool(c.get("correct"))) for i, c in enumerate(item["choices"])]
        )  # fmt: skip
    return False, len(questions)


def load_curriculum(root: Path = CURRICULUM_DIR, force: bool = False) -> list[CourseLoad]:
    return [load_course(folder, force) for folder in sorted(root.iterdir()) if (folder / "course.yaml").is_file()]
