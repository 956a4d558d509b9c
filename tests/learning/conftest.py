"""Fixtures for the learning centre: the real starter curriculum loaded from its data files."""

import pytest

from tenderbridge.learning.curriculum import load_curriculum
from tenderbridge.learning.models import Course


@pytest.fixture
def curriculum(db):
    load_curriculum()
    return list(Course.objects.all())


@pytest.fixture
def quiz(curriculum):
    return Course.objects.get(slug="ungm-registration").quiz


def right_answers(quiz) -> dict[str, list[int]]:
    return {
        str(q.pk): [c.pk for c in q.choices.all() if c.correct] for q in quiz.questions.prefetch_related("choices")
    }


def wrong_answers(quiz) -> dict[str, list[int]]:
    return {
        str(q.pk): [next(c.pk for c in q.choices.all() if not c.correct)]
        for q in quiz.questions.prefetch_related("choices")
    }
